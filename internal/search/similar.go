package search

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// Similar is a retrospective whose text resembles another's.
type Similar struct {
	ID    string
	Score float64
	Terms []string // the words of text they share, most frequent first
}

// SimilarTo finds the retrospectives whose text best matches text (the
// title and summary of the retrospective id), leaving id itself out. It is
// the "similar text from the search index" of related retrospectives.
func (x *Index) SimilarTo(id, text string, size int) ([]Similar, error) {
	if strings.TrimSpace(text) == "" {
		return nil, nil
	}
	q := bleve.NewMatchQuery(text)
	q.SetField(fieldAll)
	req := bleve.NewSearchRequestOptions(q, size+1, 0, false)
	req.IncludeLocations = true
	res, err := x.idx.Search(req)
	if err != nil {
		return nil, fmt.Errorf("search: similar to %s: %w", id, err)
	}
	words := x.wordsOf(text)
	var out []Similar
	for _, h := range res.Hits {
		if h.ID == id || len(out) == size {
			continue
		}
		counts := map[string]int{}
		for _, terms := range h.Locations {
			for term, locs := range terms {
				if w, ok := words[term]; ok {
					counts[w] += len(locs)
				}
			}
		}
		terms := make([]string, 0, len(counts))
		for t := range counts {
			terms = append(terms, t)
		}
		slices.SortFunc(terms, func(a, b string) int {
			if counts[a] != counts[b] {
				return counts[b] - counts[a]
			}
			return strings.Compare(a, b)
		})
		out = append(out, Similar{ID: h.ID, Score: h.Score, Terms: terms})
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
