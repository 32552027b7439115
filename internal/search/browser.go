package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// The browser index (format version browserVersion) is a folder of JSON
// files that search.js fetches on demand:
//
//	manifest.json      counts, tuning, facet labels; fetched first
//	docs.json          per-document field lengths (for bleve's norms) and
//	                   the postings of the facet fields; fetched with the
//	                   first query, as every query needs norms and counts
//	keywords.json      postings of the other keyword fields (tag, status,
//	                   kind); fetched only by a query that names one
//	terms/<n>.json     the postings of the text terms whose FNV-1a hash is
//	                   n modulo the shard count: a query fetches one shard
//	                   per distinct term; a frequent term's entry is a
//	                   number k instead, and its postings are in
//	                   terms/f<k>.json
//	docs/<n>.json      what a result shows (id, title, URL, date, severity
//	                   and short passages for the snippet) for documents
//	                   n*chunk to (n+1)*chunk-1
//
// Documents are numbered in id order, which is also how ties in score are
// broken, by `retro search` and by the page alike.
//
// Postings are strings of base64url digits (A–Z a–z 0–9 - _) holding
// variable-length integers, five bits a digit, least significant group
// first, with the 32 bit set on every digit but the last. A posting list is
// a sequence of entries, one a document in increasing order: the gap to the
// previous document (minus one) shifted left by one, with the low bit set
// when the term occurs more than once, in which case the frequency minus two
// follows; in title postings the title's length (in tokens, for the norm)
// comes last. A term shard maps a term to [_all postings, title postings]
// (the second only when the term is in a title). Field lengths in docs.json
// are plain sequences of such integers, one a document.
const browserVersion = 1

// Tuning of the browser index; the benchmark in build_test.go shows the
// effect of each on the bytes of a first query.
const (
	// shardTarget is the encoded posting bytes aimed at per term shard.
	shardTarget = 6 << 10
	// maxShards bounds the file count for very large archives.
	maxShards = 2048
	// ownFile is the size above which a term's postings get a file of their
	// own instead of a place in a shard, so that a query for a rare term
	// does not fetch a frequent one's postings with it.
	ownFile = 3 << 10
	// chunkDocs is the number of documents per display chunk: a first page
	// of ten results fetches up to ten chunks.
	chunkDocs = 8
	// passageBudget caps the characters of snippet text kept per document.
	passageBudget = 300
)

// browserFacets are the keyword fields whose postings ship in docs.json
// (the facets); the others ship in keywords.json.
func browserFacets() []string { return FacetFields() }

type browserStats struct{ terms, shards, own, chunks int }

type posting struct {
	doc    int
	freq   uint64
	length uint64 // the field's length in doc, written when non-zero (title)
}

type manifest struct {
	Version    int                          `json:"version"`
	Docs       int                          `json:"docs"`
	TitleBoost float64                      `json:"titleBoost"`
	Shards     int                          `json:"shards"`
	Chunk      int                          `json:"chunk"`
	Chunks     int                          `json:"chunks"`
	URL        []string                     `json:"url,omitempty"` // [prefix, suffix] around the id, when every URL has that form
	Facets     []string                     `json:"facets"`
	Keywords   []string                     `json:"keywords"`
	Labels     map[string]map[string]string `json:"labels"` // field → term → label as written
}

// docsFile is docs.json: lengths of the scored text fields and the facet
// postings (field → term → postings).
type docsFile struct {
	Len      map[string]string            `json:"len"`
	Keywords map[string]map[string]string `json:"keywords"`
}

// exportBrowser writes the browser index for the open index x into dir. It
// reads every posting it ships from bleve, so the page ranks with bleve's
// own statistics, and checks the invariants the page relies on.
func exportBrowser(x *Index, docs []Document, dir string) (st browserStats, err error) {
	adv, err := x.idx.Advanced()
	if err != nil {
		return st, fmt.Errorf("search: %w", err)
	}
	rd, err := adv.Reader()
	if err != nil {
		return st, fmt.Errorf("search: %w", err)
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

	// Text terms: _all and title, with the field lengths behind their norms.
	lenAll := make([]uint64, len(order))
	lenTitle := make([]uint64, len(order))
	all, err := ex.field(fieldAll, lenAll)
	if err != nil {
		return st, err
	}
	title, err := ex.field(fieldTitle, lenTitle)
	if err != nil {
		return st, err
	}
	for _, list := range title {
		for i := range list {
			list[i].length = lenTitle[list[i].doc]
		}
	}

	// Keyword fields: postings and the labels as written.
	labels := map[string]map[string]string{}
	kw := map[string]map[string]string{}
	kwAnalyzer := x.m.AnalyzerNamed(analyzerKeyword)
	for _, f := range keywordFields {
		lens := make([]uint64, len(order))
		ps, err := ex.field(f, lens)
		if err != nil {
			return st, err
		}
		// search.js derives a document's length in a keyword field from
		// its postings (one token a value); make sure that holds.
		sum := make([]uint64, len(order))
		enc := make(map[string]string, len(ps))
		for term, list := range ps {
			for _, p := range list {
				sum[p.doc] += p.freq
			}
			enc[term] = encodePostings(list)
		}
		for i := range sum {
			if sum[i] != lens[i] {
				return st, fmt.Errorf("search: browser index: %s of %s has length %d but %d values", f, order[i].ID, lens[i], sum[i])
			}
		}
		kw[f] = enc
		labels[f] = map[string]string{}
		for _, d := range order {
			for _, v := range keywordValues(d, f) {
				for _, tok := range kwAnalyzer.Analyze([]byte(v)) {
					if _, ok := labels[f][string(tok.Term)]; !ok {
						labels[f][string(tok.Term)] = v
					}
				}
			}
		}
	}

	if err := os.MkdirAll(filepath.Join(dir, "terms"), 0o755); err != nil {
		return st, fmt.Errorf("search: %w", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "docs"), 0o755); err != nil {
		return st, fmt.Errorf("search: %w", err)
	}

	// Term shards.
	type entry struct{ all, title string }
	terms := make(map[string]entry, len(all))
	total := 0
	for term, list := range all {
		e := entry{all: encodePostings(list)}
		if tl, ok := title[term]; ok {
			e.title = encodePostings(tl)
		}
		terms[term] = e
		total += len(term) + len(e.all) + len(e.title) + 10
	}
	for term := range title {
		if _, ok := all[term]; !ok {
			return st, fmt.Errorf("search: browser index: title term %q is missing from _all", term)
		}
	}
	// Frequent terms get files of their own (in term order, numbered);
	// the others share hash shards.
	var own []string
	for term, e := range terms {
		if len(e.all)+len(e.title) > ownFile {
			own = append(own, term)
			total -= len(term) + len(e.all) + len(e.title) + 10
		}
	}
	slices.Sort(own)
	shards := min(max(1, (total+shardTarget-1)/shardTarget), maxShards)
	buckets := make([]map[string]any, shards)
	for i := range buckets {
		buckets[i] = map[string]any{}
	}
	value := func(e entry) []string {
		if e.title == "" {
			return []string{e.all}
		}
		return []string{e.all, e.title}
	}
	for term, e := range terms {
		buckets[shardOf(term, shards)][term] = value(e)
	}
	for i, term := range own {
		buckets[shardOf(term, shards)][term] = i
		if err := writeJSON(filepath.Join(dir, "terms", "f"+strconv.Itoa(i)+".json"), value(terms[term])); err != nil {
			return st, err
		}
	}
	for i, b := range buckets {
		if err := writeJSON(filepath.Join(dir, "terms", strconv.Itoa(i)+".json"), b); err != nil {
			return st, err
		}
	}

	// docs.json and keywords.json.
	df := docsFile{
		Len:      map[string]string{fieldAll: encodeInts(lenAll)},
		Keywords: map[string]map[string]string{},
	}
	other := map[string]map[string]string{}
	for _, f := range keywordFields {
		if slices.Contains(browserFacets(), f) {
			df.Keywords[f] = kw[f]
		} else {
			other[f] = kw[f]
		}
	}
	if err := writeJSON(filepath.Join(dir, "docs.json"), df); err != nil {
		return st, err
	}
	if err := writeJSON(filepath.Join(dir, "keywords.json"), other); err != nil {
		return st, err
	}

	// Display chunks.
	prefix, suffix := urlPattern(order)
	chunks := (len(order) + chunkDocs - 1) / chunkDocs
	for c := 0; c < chunks; c++ {
		recs := make([][]any, 0, chunkDocs)
		for _, d := range order[c*chunkDocs : min((c+1)*chunkDocs, len(order))] {
			url := d.URL
			if prefix != "" || suffix != "" {
				url = ""
			}
			recs = append(recs, []any{d.ID, d.Title, url, dateOf(d.Started), d.Severity, passages(d)})
		}
		if err := writeJSON(filepath.Join(dir, "docs", strconv.Itoa(c)+".json"), recs); err != nil {
			return st, err
		}
	}

	m := manifest{
		Version: browserVersion, Docs: len(order), TitleBoost: TitleBoost,
		Shards: shards, Chunk: chunkDocs, Chunks: chunks,
		Facets: browserFacets(), Labels: labels,
	}
	for _, f := range keywordFields {
		if !slices.Contains(m.Facets, f) {
			m.Keywords = append(m.Keywords, f)
		}
	}
	if prefix != "" || suffix != "" {
		m.URL = []string{prefix, suffix}
	}
	if err := writeJSON(filepath.Join(dir, "manifest.json"), m); err != nil {
		return st, err
	}
	return browserStats{terms: len(terms), shards: shards, own: len(own), chunks: chunks}, nil
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
func (ex *exporter) field(field string, lens []uint64) (map[string][]posting, error) {
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
	out := make(map[string][]posting, len(terms))
	for _, term := range terms {
		list, err := ex.postings(field, term, lens)
		if err != nil {
			return nil, err
		}
		out[term] = list
	}
	return out, nil
}

func (ex *exporter) postings(field, term string, lens []uint64) ([]posting, error) {
	tfr, err := ex.rd.TermFieldReader(context.Background(), []byte(term), field, true, true, false)
	if err != nil {
		return nil, fmt.Errorf("search: reading %s:%s: %w", field, term, err)
	}
	defer func() { _ = tfr.Close() }()
	var list []posting
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
		list = append(list, posting{doc: n, freq: tfd.Freq})
	}
	slices.SortFunc(list, func(a, b posting) int { return a.doc - b.doc })
	return list, nil
}

// fieldNorm is bleve's (zap's) norm for a field of length l; search.js
// computes Math.fround(1 / Math.sqrt(l)), which is the same float.
func fieldNorm(l uint64) float64 { return float64(float32(1 / math.Sqrt(float64(l)))) }

// shardOf is FNV-1a (32 bits) of the term's UTF-8 bytes modulo shards;
// search.js computes the same.
func shardOf(term string, shards int) int {
	h := fnv.New32a()
	_, _ = h.Write([]byte(term))
	return int(h.Sum32() % uint32(shards))
}

const b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"

func appendVarint(b []byte, v uint64) []byte {
	for v >= 32 {
		b = append(b, b64[32|(v&31)])
		v >>= 5
	}
	return append(b, b64[v])
}

func encodePostings(list []posting) string {
	b := make([]byte, 0, len(list)*2)
	prev := -1
	for _, p := range list {
		v := uint64(p.doc-prev-1) << 1
		if p.freq > 1 {
			b = appendVarint(b, v|1)
			b = appendVarint(b, p.freq-2)
		} else {
			b = appendVarint(b, v)
		}
		if p.length > 0 {
			b = appendVarint(b, p.length)
		}
		prev = p.doc
	}
	return string(b)
}

func encodeInts(vs []uint64) string {
	b := make([]byte, 0, len(vs)*2)
	for _, v := range vs {
		b = appendVarint(b, v)
	}
	return string(b)
}

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

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// urlPattern finds the prefix and suffix around the id shared by every
// document's URL, so the chunks need not repeat them.
func urlPattern(docs []*Document) (prefix, suffix string) {
	if len(docs) == 0 {
		return "", ""
	}
	i := strings.LastIndex(docs[0].URL, docs[0].ID)
	if i < 0 {
		return "", ""
	}
	prefix, suffix = docs[0].URL[:i], docs[0].URL[i+len(docs[0].ID):]
	if prefix == "" && suffix == "" {
		return "", ""
	}
	for _, d := range docs {
		if d.URL != prefix+d.ID+suffix {
			return "", ""
		}
	}
	return prefix, suffix
}

// passages are the short texts a result's snippet is cut from, in order of
// preference, within passageBudget characters: the summary, the impact,
// the recommendations, the timeline, the analysis and the body's opening.
// The page marks the query's terms in them with its own analyzer.
func passages(d *Document) []string {
	budget := passageBudget
	var out []string
	add := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" || budget <= 0 {
			return
		}
		if utf8.RuneCountInString(s) > budget {
			s = truncate(s, budget)
		}
		budget -= utf8.RuneCountInString(s)
		out = append(out, s)
	}
	add(d.Summary)
	add(d.Impact)
	for _, r := range d.Recommendations {
		add(r)
	}
	for _, t := range d.Timeline {
		add(t)
	}
	for _, a := range d.Analysis {
		add(a)
	}
	add(d.Body)
	return out
}

// truncate cuts s to at most n runes at a word boundary and adds an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n - 1
	for i := cut; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ") + "…"
}

func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("search: encoding %s: %w", path, err)
	}
	if err := os.WriteFile(path, bytes.TrimRight(buf.Bytes(), "\n"), 0o644); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}
