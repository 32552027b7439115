package search

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Similar is a retrospective whose text resembles another's.
type Similar struct {
	ID    string
	Score float64
	Words []string // the distinctive words they share
}

// Similarity finds retrospectives of similar text. A query made of every
// word of a text would visit every document for its common words, once per
// retrospective: the square of the archive. It queries instead with the few
// rarest words of the text that other documents also hold, which is what
// makes two write-ups look alike to a reader, and costs a handful of short
// postings lists.
type Similarity struct {
	x    *Index
	df   map[string]uint64 // document frequency of each term of _all
	docs uint64
}

// maxWords is how many distinctive words a similarity query uses.
const maxWords = 6

// Similarity reads the term statistics once for many SimilarTo calls.
func (x *Index) Similarity() (*Similarity, error) {
	dict, err := x.idx.FieldDict(fieldAll)
	if err != nil {
		return nil, fmt.Errorf("search: term dictionary: %w", err)
	}
	defer dict.Close()
	s := &Similarity{x: x, df: map[string]uint64{}}
	for {
		e, err := dict.Next()
		if err != nil {
			return nil, fmt.Errorf("search: term dictionary: %w", err)
		}
		if e == nil {
			break
		}
		s.df[e.Term] = e.Count
	}
	if s.docs, err = x.idx.DocCount(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return s, nil
}

// SimilarTo finds up to size retrospectives whose text shares the most
// distinctive words of text (the title and summary of retrospective id),
// leaving id itself out. It is safe for concurrent use.
func (s *Similarity) SimilarTo(id, text string, size int) ([]Similar, error) {
	words := s.x.wordsOf(text)
	type cand struct {
		term string
		df   uint64
	}
	var cands []cand
	for term := range words {
		// A term only this document has relates it to nothing; one most
		// documents have says nothing about this one.
		if df := s.df[term]; df >= 2 && df <= max(2, s.docs/5) {
			cands = append(cands, cand{term, df})
		}
	}
	if len(cands) == 0 {
		return nil, nil
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.df != b.df {
			return int(a.df) - int(b.df)
		}
		return strings.Compare(a.term, b.term)
	})
	cands = cands[:min(len(cands), maxWords)]
	var qs []query.Query
	for _, c := range cands {
		tq := bleve.NewTermQuery(c.term)
		tq.SetField(fieldAll)
		qs = append(qs, tq)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), size+1, 0, false)
	req.IncludeLocations = true
	res, err := s.x.search(req)
	if err != nil {
		return nil, fmt.Errorf("search: similar to %s: %w", id, err)
	}
	var out []Similar
	for _, h := range res.Hits {
		if h.ID == id || len(out) == size {
			continue
		}
		var shared []string
		for _, c := range cands {
			for _, terms := range h.Locations {
				if _, ok := terms[c.term]; ok {
					shared = append(shared, words[c.term])
					break
				}
			}
		}
		out = append(out, Similar{ID: h.ID, Score: h.Score, Words: shared})
	}
	return out, nil
}

// wordsOf maps each term of text, as the index analyses it, to the word of
// text it came from, so that reasons read "replica", not "replic".
func (x *Index) wordsOf(text string) map[string]string {
	words := map[string]string{}
	an := x.m.AnalyzerNamed(analyzerText)
	if an == nil {
		return words
	}
	for _, w := range strings.Fields(text) {
		w = strings.Trim(w, ".,;:!?()[]{}\"'`*_")
		for _, tok := range an.Analyze([]byte(w)) {
			if _, seen := words[string(tok.Term)]; !seen {
				words[string(tok.Term)] = strings.ToLower(w)
			}
		}
	}
	return words
}
