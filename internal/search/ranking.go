package search

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Ranking. A plain query is scored with BM25 in _all (every text field,
// the title twice, and the labels) and in pairs. BM25 normalises a field's
// length by the field's average length and saturates a term's weight with
// its frequency; bleve's TF-IDF, with the title searched as a field of its
// own, divided by √length, which made one title word outweigh a whole
// body about the query. The title's weight is applied before saturation,
// by indexing it twice in _all (see newMapping), as BM25F does.
//
// Bleve's BM25 takes a field's average length from its term dictionary
// (distinct terms per document, which depends on how segments merged), so
// the build records each field's real total length in the index (see
// fieldStats) and every search passes it to bleve. The browser manifest
// carries the same averages, so the page scores with the same numbers.
//
// A query is then, for plain words w1 ... wn:
//
//	(w1 or ... or wn) in _all [+ the adjacent pairs in pairs × PairBoost]
//
// where [+ x] adds x's score when x matches too (see withBonuses), and the
// pairs are those of adjacent plain words ("rate limit"), so that a phrase
// in the text outranks the same words scattered. The browser has no
// positions; pairs are terms, which it has.

// PairBoost is the weight of a query's adjacent word pairs found adjacent
// in a retrospective, relative to a single word: 1, a pair is one more term
// of the query. A pair is rarer than its words, so BM25's idf (which bleve
// counts twice, in the term's weight and in the query's) already makes a
// pair match count for more than either word; on the public post-mortems a
// boost of 2 let an incidental "ingress traffic" outrank documents about
// ingress routing, and the judged queries were no better for it.
const PairBoost = 1.0

// statsKey is where the build records fieldStats in the bleve index.
var statsKey = []byte("retro.fieldStats")

// fieldStats are the document count and each BM25 field's total length
// (the sum over documents of the field's token count); and the labels of
// the facet values, where they differ from the values, which bleve does
// not keep.
type fieldStats struct {
	Docs    int                          `json:"docs"`
	Lengths map[string]uint64            `json:"lengths"`
	Labels  map[string]map[string]string `json:"labels,omitempty"` // facet field → value → label
}

// avg is bleve's average field length for BM25: the total over the
// document count, rounded up; 0 for a field scored with TF-IDF.
func (s fieldStats) avg(field string) float64 {
	if s.Docs == 0 {
		return 0
	}
	return math.Ceil(float64(s.Lengths[field]) / float64(s.Docs))
}

// writeStats records st in the index at path.
func writeStats(path string, st fieldStats) error {
	idx, err := bleve.Open(path)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	b, err := json.Marshal(st)
	if err == nil {
		err = idx.SetInternal(statsKey, b)
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("search: recording field lengths: %w", err)
	}
	return nil
}

// readStats reads the recorded field lengths; an index without them can
// be opened (the build exports the browser index before recording them)
// but not searched.
func (x *Index) readStats() error {
	b, err := x.idx.GetInternal(statsKey)
	if err != nil {
		return fmt.Errorf("search: %s: %w", x.path, err)
	}
	if b == nil {
		x.statsErr = fmt.Errorf("search: %s was built by an older retro (it records no field lengths): build the site again", x.path)
		return nil
	}
	if err := json.Unmarshal(b, &x.stats); err != nil {
		return fmt.Errorf("search: %s: field lengths: %w", x.path, err)
	}
	return nil
}

// search runs a request with the recorded field lengths. Every field the
// query names must have an entry: those that are not BM25 fields get 0,
// which bleve scores with TF-IDF.
func (x *Index) search(req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	if x.statsErr != nil {
		return nil, x.statsErr
	}
	fields, err := query.ExtractFields(req.Query, x.m, nil)
	if err != nil {
		return nil, err
	}
	card := map[string]int{}
	for f := range fields {
		card[f] = 0
	}
	for _, f := range bm25Fields {
		card[f] = int(x.stats.Lengths[f])
	}
	req.PreSearchData = map[string]any{
		search.BM25PreSearchDataKey: &search.BM25Stats{DocCount: float64(x.stats.Docs), FieldCardinality: card},
	}
	return x.idx.Search(req)
}

// withBonuses adds the pairs bonus to a parsed query q: q [+ pairs],
// where pairs is a disjunction of the adjacent word pairs of each run of
// plain words (unfielded, unboosted, not fuzzy) among q's optional
// clauses and of each such quoted phrase among its required and optional
// ones, with PairBoost, and [+ x] adds x's score where x matches too.
// The bonus sits outside q, never inside its conjunctions or disjunctions,
// so that it adds to a match's score without dividing the score of a
// match it misses (bleve's coordination factor). search.js builds the
// same.
func (x *Index) withBonuses(q query.Query) query.Query {
	b, ok := q.(*query.BooleanQuery)
	if !ok {
		return q
	}
	var terms, run []string
	flush := func() {
		if len(run) > 1 {
			terms = appendNew(terms, x.pairTerms(strings.Join(run, " "))...)
		}
		run = run[:0]
	}
	if d, ok := b.Should.(*query.DisjunctionQuery); ok {
		for _, c := range d.Disjuncts {
			if w, ok := plainWord(c); ok {
				run = append(run, w)
			} else {
				flush()
			}
		}
		flush()
	}
	// A quoted phrase's pairs too: bleve matches the phrase exactly, but
	// the page, which has no positions, matches its words anywhere; with
	// the pairs, the documents that hold the phrase rank first on both.
	for _, part := range []query.Query{b.Must, b.Should} {
		var cs []query.Query
		switch p := part.(type) {
		case *query.ConjunctionQuery:
			cs = p.Conjuncts
		case *query.DisjunctionQuery:
			cs = p.Disjuncts
		}
		for _, c := range cs {
			if p, ok := c.(*query.MatchPhraseQuery); ok && p.FieldVal == "" && p.Fuzziness == 0 && p.Boost() == 1 {
				terms = appendNew(terms, x.pairTerms(p.MatchPhrase)...)
			}
		}
	}
	if len(terms) == 0 {
		return q
	}
	pairs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := query.NewTermQuery(t)
		tq.SetField(fieldPairs)
		tq.SetBoost(PairBoost)
		pairs[i] = tq
	}
	return &query.BooleanQuery{Must: q, Should: query.NewDisjunctionQuery(pairs)}
}

// plainWord returns the text of a plain word clause.
func plainWord(q query.Query) (string, bool) {
	if d, ok := q.(*query.DisjunctionQuery); ok && len(d.Disjuncts) == 2 && d.Boost() == 1 {
		// A number: bleve's query string searches it as text or as a
		// numeric value.
		if _, ok := d.Disjuncts[1].(*query.NumericRangeQuery); ok {
			q = d.Disjuncts[0]
		}
	}
	m, ok := q.(*query.MatchQuery)
	if !ok || m.FieldVal != "" || m.Fuzziness != 0 || m.Prefix != 0 || m.Boost() != 1 {
		return "", false
	}
	return m.Match, true
}

// pairTerms are the pairs of adjacent terms of text that hold no stop word.
func (x *Index) pairTerms(text string) []string {
	var out []string
	for _, tok := range x.m.AnalyzerNamed(analyzerPairs).Analyze([]byte(text)) {
		a, b, _ := strings.Cut(string(tok.Term), " ")
		if a != pairFiller && b != pairFiller {
			out = appendNew(out, string(tok.Term))
		}
	}
	return out
}

func appendNew(list []string, vs ...string) []string {
	for _, v := range vs {
		found := false
		for _, l := range list {
			if l == v {
				found = true
				break
			}
		}
		if !found {
			list = append(list, v)
		}
	}
	return list
}
