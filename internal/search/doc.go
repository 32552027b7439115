// Package search builds and queries the archive's full-text index.
//
// At build time [Build] indexes every published retrospective twice from one
// source of truth:
//
//   - a bleve index, shipped at <out>/search/index.bleve/ and queried by
//     `retro search` (see [Open]);
//   - a browser index, shipped at <out>/search/browser/, a set of small
//     files that the search page (the ES modules in
//     themes/default/assets/search/) fetches piece by piece, so that a
//     static host with no server can answer a query. Package browserindex
//     writes and reads it; its FORMAT.md is the format's description.
//
// The browser index is exported from the bleve index itself (its term
// dictionary, postings, frequencies and norms), never recomputed, so the page
// ranks with bleve's own statistics and TF-IDF formulas; a test runs a set
// of queries through both and requires the same top results, scores and
// facet counts. FirstQueries resolves which files a first query fetches,
// for the benchmark.
//
// Bleve's `en` analyzer is the single truth for terms: the page carries a
// port of it (analysis.js: Unicode word segmentation as
// github.com/blevesearch/segment compiles it, the English possessive
// filter, bleve's lowercase filter, byte quirks included, with Go's case
// table, the English stop list, and the Porter stemmer of
// github.com/blevesearch/go-porterstemmer), its tables generated from Go
// and bleve by package jstables (go generate), and checked against bleve by
// a test over more than 70,000 words and strings. The page's modules have
// their own tests on Node's test runner (js/*.test.mjs, run by TestJS).
//
// Query semantics are bleve's query-string syntax with two additions that
// the page shares: adjacent plain words also score as pairs, so that a
// phrase outranks the same words scattered (see ranking.go); and question
// marks that end a query are punctuation, not a wildcard.
package search

import "time"

// Document is one published retrospective as the index sees it; the renderer
// fills it.
type Document struct {
	ID, URL, Title  string   // URL is the page path with the site's base path, e.g. "/retros/2024-03-x/"
	Summary, Impact string   // plain text (Markdown already stripped)
	Body            string   // the Markdown body's text content
	Timeline        []string // event texts
	Analysis        []string // system, environment, safety control names/purposes/failures, problems, missing controls
	Recommendations []string // recommendation titles
	Items           []Item   // the same texts by the anchors a hit's matches link to, in page order

	Severity, Status, Kind            string
	Services, Teams, Tags, Categories []string
	// Titles are the names the site gives keyword values, where they are
	// not the values themselves: a category's title ("Observability" for
	// monitoring-alerting). Facets show them.
	Titles map[string]string

	Started time.Time // incident start; Year derives from it in the retro's own zone
	Year    int
}
