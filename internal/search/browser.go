package search

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	index "github.com/blevesearch/bleve_index_api"

	"retro/internal/search/browserindex"
)

// exportBrowser writes the browser index for the open index x into dir. It
// reads every posting it ships from bleve, so the page ranks with bleve's
// own statistics, and checks that they are what the page assumes.
// It returns the BM25 fields' lengths, for the bleve index to record.
func exportBrowser(x *Index, docs []Document, dir string) (st browserindex.Stats, fs fieldStats, err error) {
	adv, err := x.idx.Advanced()
	if err != nil {
		return st, fs, fmt.Errorf("search: %w", err)
	}
	rd, err := adv.Reader()
	if err != nil {
		return st, fs, fmt.Errorf("search: %w", err)
	}
	defer func() {
		if cerr := rd.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("search: %w", cerr)
		}
	}()

	order := make([]*Document, len(docs))
	for i := range docs {
		order[i] = &docs[i]
	}
	slices.SortFunc(order, func(a, b *Document) int { return strings.Compare(a.ID, b.ID) })
	num := make(map[string]int, len(order))
	for i, d := range order {
		num[d.ID] = i
	}
	ex := &exporter{rd: rd, num: num, ids: map[string]int{}}
	bx := &browserindex.Index{PairBoost: PairBoost, Facets: FacetFields(),
		Avg: map[string]float64{}}
	for _, d := range order {
		bx.Records = append(bx.Records, browserindex.Record{
			ID: d.ID, Title: d.Title, URL: d.URL, Date: dateOf(d.Started), Severity: d.Severity,
			Status: d.Status, Services: shownServices(d.Services), Items: browserItems(d.Items),
		})
	}

	// Text terms: _all and title, with the field lengths behind their norms.
	bx.All.Lens = make([]uint64, len(order))
	bx.Title.Lens = make([]uint64, len(order))
	if bx.All.Postings, err = ex.field(fieldAll, bx.All.Lens); err != nil {
		return st, fs, err
	}
	if bx.Title.Postings, err = ex.field(fieldTitle, bx.Title.Lens); err != nil {
		return st, fs, err
	}
	bx.Pairs.Lens = make([]uint64, len(order))
	if bx.Pairs.Postings, err = ex.field(fieldPairs, bx.Pairs.Lens); err != nil {
		return st, fs, err
	}
	fs = fieldStats{Docs: len(order), Lengths: map[string]uint64{}}
	for f, lens := range map[string][]uint64{fieldAll: bx.All.Lens, fieldTitle: bx.Title.Lens, fieldPairs: bx.Pairs.Lens} {
		for _, l := range lens {
			fs.Lengths[f] += l
		}
		bx.Avg[f] = fs.avg(f)
	}

	// Keyword fields: every document's values, and the labels as written.
	kwAnalyzer := x.m.AnalyzerNamed(analyzerKeyword)
	for _, f := range keywordFields {
		lens := make([]uint64, len(order))
		ps, err := ex.field(f, lens)
		if err != nil {
			return st, fs, err
		}
		kf := browserindex.KeywordField{Name: f, Labels: map[string]string{}, Values: make([][]int, len(order))}
		for t := range ps {
			kf.Terms = append(kf.Terms, t)
		}
		slices.Sort(kf.Terms)
		for id, term := range kf.Terms {
			for _, p := range ps[term] {
				for range p.Freq {
					kf.Values[p.Doc] = append(kf.Values[p.Doc], id)
				}
			}
		}
		// The page derives a document's length in a keyword field from
		// its values (one token a value); make sure that holds.
		for i := range kf.Values {
			if uint64(len(kf.Values[i])) != lens[i] {
				return st, fs, fmt.Errorf("search: browser index: %s of %s has length %d but %d values", f, order[i].ID, lens[i], len(kf.Values[i]))
			}
		}
		// Labels: a term's title, or its first value as written, in id
		// order, where it differs from the term.
		seen := map[string]bool{}
		for _, d := range order {
			for _, v := range keywordValues(d, f) {
				for _, tok := range kwAnalyzer.Analyze([]byte(v)) {
					t := string(tok.Term)
					if !seen[t] {
						seen[t] = true
						if l := label(d, v); l != t {
							kf.Labels[t] = l
						}
					}
				}
			}
		}
		if slices.Contains(bx.Facets, f) && len(kf.Labels) > 0 {
			if fs.Labels == nil {
				fs.Labels = map[string]map[string]string{}
			}
			fs.Labels[f] = kf.Labels
		}
		bx.Keywords = append(bx.Keywords, kf)
	}
	st, err = browserindex.Write(dir, bx)
	if err != nil {
		return st, fs, fmt.Errorf("search: %w", err)
	}
	return st, fs, nil
}

// exporter reads postings out of a bleve index reader.
type exporter struct {
	rd  index.IndexReader
	num map[string]int // external id → document number
	ids map[string]int // internal id → document number (cache)
}

// field returns the postings of every term of field, in document order,
// and fills lens with each document's field length, recovered from the
// norm (zap stores the length and derives the norm as float32(1/√length)).
func (ex *exporter) field(field string, lens []uint64) (map[string][]browserindex.Posting, error) {
	dict, err := ex.rd.FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("search: reading %s terms: %w", field, err)
	}
	var terms []string
	for {
		de, err := dict.Next()
		if err != nil {
			_ = dict.Close()
			return nil, fmt.Errorf("search: reading %s terms: %w", field, err)
		}
		if de == nil {
			break
		}
		terms = append(terms, de.Term)
	}
	if err := dict.Close(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make(map[string][]browserindex.Posting, len(terms))
	for _, term := range terms {
		list, err := ex.postings(field, term, lens)
		if err != nil {
			return nil, err
		}
		out[term] = list
	}
	return out, nil
}

func (ex *exporter) postings(field, term string, lens []uint64) ([]browserindex.Posting, error) {
	tfr, err := ex.rd.TermFieldReader(context.Background(), []byte(term), field, true, true, false)
	if err != nil {
		return nil, fmt.Errorf("search: reading %s:%s: %w", field, term, err)
	}
	defer func() { _ = tfr.Close() }()
	var list []browserindex.Posting
	for {
		tfd, err := tfr.Next(nil)
		if err != nil {
			return nil, fmt.Errorf("search: reading %s:%s: %w", field, term, err)
		}
		if tfd == nil {
			break
		}
		n, ok := ex.ids[string(tfd.ID)]
		if !ok {
			ext, err := ex.rd.ExternalID(tfd.ID)
			if err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			if n, ok = ex.num[ext]; !ok {
				return nil, fmt.Errorf("search: browser index: the index has document %q that was not given", ext)
			}
			ex.ids[string(tfd.ID)] = n
		}
		l := uint64(math.Round(1 / (tfd.Norm * tfd.Norm)))
		if fieldNorm(l) != tfd.Norm {
			return nil, fmt.Errorf("search: browser index: norm %v of %s in %s is not a field length", tfd.Norm, term, field)
		}
		if lens[n] != 0 && lens[n] != l {
			return nil, fmt.Errorf("search: browser index: document %d has two lengths in %s", n, field)
		}
		lens[n] = l
		list = append(list, browserindex.Posting{Doc: n, Freq: tfd.Freq})
	}
	slices.SortFunc(list, func(a, b browserindex.Posting) int { return a.Doc - b.Doc })
	return list, nil
}

// fieldNorm is bleve's (zap's) norm for a field of length l; the page
// computes Math.fround(1 / Math.sqrt(l)), which is the same float.
func fieldNorm(l uint64) float64 { return float64(float32(1 / math.Sqrt(float64(l)))) }

func keywordValues(d *Document, field string) []string {
	switch field {
	case fieldSeverity:
		return nonEmpty(d.Severity)
	case fieldService:
		return d.Services
	case fieldTeam:
		return d.Teams
	case fieldTag:
		return d.Tags
	case fieldCategory:
		return d.Categories
	case fieldStatus:
		return nonEmpty(d.Status)
	case fieldKind:
		return nonEmpty(d.Kind)
	case fieldYear:
		if d.Year != 0 {
			return []string{strconv.Itoa(d.Year)}
		}
	}
	return nil
}

// label is what a keyword value of d is shown as: its title where the
// site gives one, else the value as written.
func label(d *Document, v string) string {
	if t, ok := d.Titles[v]; ok {
		return t
	}
	return v
}

// shownServices are a document's services as a result shows them: as
// written, each once.
func shownServices(services []string) []string {
	var out []string
	for _, s := range services {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// browserItems are the items of a document as the browser index holds
// them: whole, their white space collapsed, so that the page finds the
// items and fragments that `retro search` does. (Cut to 400 characters an
// item and 3,500 a document, they saved a first query at 10,000
// retrospectives about 8 KB, and 11% of the hits of 42 queries showed
// other items than `retro search`.)
func browserItems(items []Item) []browserindex.Item {
	var out []browserindex.Item
	for _, it := range items {
		if text := strings.Join(strings.Fields(it.Text), " "); text != "" {
			out = append(out, browserindex.Item{Anchor: it.Anchor, Section: it.Section, Text: text})
		}
	}
	return out
}
