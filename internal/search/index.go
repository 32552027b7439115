package search

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// ErrNoIndex is returned by Open when there is no index at the path.
var ErrNoIndex = errors.New("no search index")

// Index is an open, read-only bleve index of the archive.
type Index struct {
	path     string
	idx      bleve.Index
	m        mapping.IndexMapping
	stats    fieldStats
	statsErr error // why the index cannot be searched
}

// Open opens the index at path read-only: it never writes to the folder, and
// any number of readers may have it open at once (bleve takes a shared lock).
func Open(path string) (*Index, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%w in %s", ErrNoIndex, path)
		}
		return nil, fmt.Errorf("search: %w", err)
	}
	idx, err := bleve.OpenUsing(path, map[string]any{"read_only": true})
	if err != nil {
		if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) || errors.Is(err, bleve.ErrorIndexMetaMissing) {
			return nil, fmt.Errorf("%w in %s", ErrNoIndex, path)
		}
		return nil, fmt.Errorf("search: opening %s: %w", path, err)
	}
	x := &Index{path: path, idx: idx, m: idx.Mapping()}
	if err := x.readStats(); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return x, nil
}

// Close releases the index.
func (x *Index) Close() error {
	if err := x.idx.Close(); err != nil {
		return fmt.Errorf("search: closing %s: %w", x.path, err)
	}
	return nil
}

// DocCount is the number of indexed retrospectives.
func (x *Index) DocCount() (uint64, error) {
	n, err := x.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	return n, nil
}

// Results are the ranked hits of one query.
type Results struct {
	Query  string                  `json:"query"`
	Total  uint64                  `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetCount `json:"facets,omitempty"`
	Took   time.Duration           `json:"-"`
}

// Hit is one result. Everything in it is plain text except Fragments and
// the matches' fragments, whose strings are HTML built here: the archive's text escaped, and <mark> around
// the matched terms as the only markup.
type Hit struct {
	ID        string              `json:"id"`
	URL       string              `json:"url"`
	Title     string              `json:"title"`
	Date      string              `json:"date,omitempty"` // YYYY-MM-DD in the retrospective's zone
	Severity  string              `json:"severity,omitempty"`
	Status    string              `json:"status,omitempty"`
	Services  []string            `json:"services,omitempty"`
	Score     float64             `json:"score"`
	Matches   []Match             `json:"matches"` // the items where the query's words occur, best first
	Fragments map[string][]string `json:"fragments,omitempty"`
}

// FacetCount is how many hits have one value of a facet.
type FacetCount struct {
	Value string `json:"value"`
	Label string `json:"label"` // what the site shows for it: a category's title, a value as first written
	Count int    `json:"count"`
}

// QueryError is a query that does not parse or cannot run; the message is
// meant for the person who typed the query.
type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string { return fmt.Sprintf("bad query %q: %v", e.Query, e.Err) }
func (e *QueryError) Unwrap() error { return e.Err }

// Search runs a query in bleve's query-string syntax (plain words, "exact
// phrases", +required, -excluded, field:value, started:>"2024-01-01", ...)
// and returns the best size hits, with fragments and facet counts.
func (x *Index) Search(q string, size int) (*Results, error) {
	return x.SearchFrom(q, 0, size)
}

// SearchFrom is Search starting at the from-th hit, for paging.
func (x *Index) SearchFrom(q string, from, size int) (res *Results, err error) {
	// Bleve reports most bad queries as errors, but its query-string lexer
	// panics internally and some searchers are not hardened against every
	// input; a query typed by a person must never crash the program.
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, &QueryError{Query: q, Err: fmt.Errorf("%v", r)}
		}
	}()
	if x.statsErr != nil {
		return nil, x.statsErr
	}
	bq, err := x.parse(q)
	if err != nil {
		return nil, err
	}
	if size <= 0 {
		size = 10
	}
	req := bleve.NewSearchRequestOptions(bq, size, from, false)
	// Ties are broken by id, so the order is total and the browser (which
	// numbers documents in id order) can reproduce it exactly.
	req.SortBy([]string{"-_score", "_id"})
	req.Fields = []string{fieldTitle, fieldURL, fieldDate, fieldSeverity, fieldStatus, fieldService, fieldItems}
	req.Highlight = bleve.NewHighlightWithStyle("html")
	req.Highlight.Fields = textFields
	for _, f := range FacetFields() {
		req.AddFacet(f, bleve.NewFacetRequest(f, 100))
	}
	sr, err := x.search(req)
	if err != nil {
		return nil, &QueryError{Query: q, Err: err}
	}
	res = &Results{Query: q, Total: sr.Total, Took: sr.Took, Hits: make([]Hit, 0, len(sr.Hits))}
	terms := x.evidenceTerms(bq)
	an := x.m.AnalyzerNamed(analyzerText)
	for _, h := range sr.Hits {
		hit := toHit(h)
		items, _ := h.Fields[fieldItems].(string)
		hit.Matches = matches(an, itemsFromJSON(items), terms)
		if hit.Matches == nil {
			hit.Matches = []Match{}
		}
		res.Hits = append(res.Hits, hit)
	}
	for name, fr := range sr.Facets {
		if fr.Terms == nil || len(fr.Terms.Terms()) == 0 {
			continue
		}
		if res.Facets == nil {
			res.Facets = make(map[string][]FacetCount, len(sr.Facets))
		}
		for _, t := range fr.Terms.Terms() {
			label := x.stats.Labels[name][t.Term]
			if label == "" {
				label = t.Term
			}
			res.Facets[name] = append(res.Facets[name], FacetCount{Value: t.Term, Label: label, Count: t.Count})
		}
	}
	return res, nil
}

func toHit(h *search.DocumentMatch) Hit {
	str := func(name string) string {
		s, _ := h.Fields[name].(string)
		return s
	}
	hit := Hit{
		ID: h.ID, URL: str(fieldURL), Title: str(fieldTitle), Date: str(fieldDate),
		Severity: str(fieldSeverity), Status: str(fieldStatus), Score: h.Score,
	}
	// A stored list comes back as a string when it has one value.
	switch v := h.Fields[fieldService].(type) {
	case string:
		hit.Services = []string{v}
	case []any:
		for _, s := range v {
			if s, ok := s.(string); ok {
				hit.Services = append(hit.Services, s)
			}
		}
	}
	// Bleve returns a fragment for every requested field, matched or not;
	// keep the ones that show a match.
	for f, frags := range h.Fragments {
		for _, fr := range frags {
			if strings.Contains(fr, markOpen) {
				if hit.Fragments == nil {
					hit.Fragments = map[string][]string{}
				}
				hit.Fragments[f] = append(hit.Fragments[f], fr)
			}
		}
	}
	return hit
}

// parse turns a query string into a bleve query and applies the archive's
// rules: field aliases and the title boost for unfielded text.
func (x *Index) parse(q string) (query.Query, error) {
	orig := q
	q = trimQuestion(q)
	if strings.TrimSpace(q) == "" {
		return nil, &QueryError{Query: orig, Err: errors.New("empty query")}
	}
	parsed, err := query.NewQueryStringQuery(q).Parse()
	if err != nil {
		return nil, &QueryError{Query: orig, Err: err}
	}
	parsed = x.withBonuses(x.rewriteFields(parsed))
	if v, ok := parsed.(query.ValidatableQuery); ok {
		if err := v.Validate(); err != nil {
			return nil, &QueryError{Query: orig, Err: err}
		}
	}
	return parsed, nil
}

// rewriteFields resolves field aliases, recursively.
func (x *Index) rewriteFields(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, c := range []*query.Query{&q.Must, &q.Should, &q.MustNot} {
			if *c != nil {
				*c = x.rewriteFields(*c)
			}
		}
	case *query.ConjunctionQuery:
		for i, c := range q.Conjuncts {
			q.Conjuncts[i] = x.rewriteFields(c)
		}
	case *query.DisjunctionQuery:
		for i, c := range q.Disjuncts {
			q.Disjuncts[i] = x.rewriteFields(c)
		}
	case query.FieldableQuery:
		q.SetField(alias(q.Field()))
	}
	return q
}

// trimQuestion drops the question marks that end a query. People ask
// questions ("has the queue ever backed up during a sale?"), and in bleve's
// syntax the final "sale?" would be a wildcard for five-letter words that
// start with "sale", which finds nothing. An escaped \? stays. search.js
// does the same.
func trimQuestion(q string) string {
	q = strings.TrimRight(q, " ")
	for strings.HasSuffix(q, "?") && !strings.HasSuffix(q, `\?`) {
		q = strings.TrimRight(strings.TrimSuffix(q, "?"), " ")
	}
	return q
}

// alias resolves the name of a field as typed: any case, singular or
// plural. A text field other than the title is searched in _all, where
// its words are indexed (see newDocument), as the browser does.
func alias(field string) string {
	field = strings.ToLower(field)
	if f, ok := fieldAliases[field]; ok {
		field = f
	}
	if field != fieldTitle && slices.Contains(allFields, field) {
		return fieldAll
	}
	return field
}
