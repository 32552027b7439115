// Package search builds and queries the archive's full-text index.
//
// At build time [Build] indexes every published retrospective twice from one
// source of truth:
//
//   - a bleve index, shipped at <out>/search/index.bleve/ and queried by
//     `retro search` (see [Open]);
//   - a browser index, shipped at <out>/search/browser/, a set of small JSON
//     files that the search page (themes/default/assets/search.js) fetches
//     piece by piece, so that a static host with no server can answer a query.
//
// The browser index is exported from the bleve index itself (its term
// dictionary, postings, frequencies and norms), never recomputed, so the page
// ranks with bleve's own statistics. Bleve's `en` analyzer is the single truth
// for terms: search.js carries a port of it (Unicode word segmentation as in
// github.com/blevesearch/segment, the English possessive filter, Go's
// lowercase mapping, the English stop list and the Porter stemmer) whose
// parity with bleve is checked by a test over thousands of words.
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

	Severity, Status, Kind            string
	Services, Teams, Tags, Categories []string

	Started time.Time // incident start; Year derives from it in the retro's own zone
	Year    int
}
