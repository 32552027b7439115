package search

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// Field names in the bleve index. They are also the names users type in
// query strings (`service:checkout-api`, `started:>"2024-01-01"`), so they
// are singular where a retrospective holds a list: a document "has a
// service". The plural spellings are accepted too (see fieldAliases).
const (
	fieldAll = "_all" // bleve's composite of every text field

	fieldTitle           = "title"
	fieldSummary         = "summary"
	fieldImpact          = "impact"
	fieldBody            = "body"
	fieldTimeline        = "timeline"
	fieldAnalysis        = "analysis"
	fieldRecommendations = "recommendations"
	fieldLabels          = "labels"      // services, teams, tags and categories, as words
	fieldPairs           = "pairs"       // adjacent word pairs of all the text, for phrase ranking
	fieldTitleAgain      = "title_again" // the title once more in _all (see newMapping)

	fieldSeverity = "severity"
	fieldService  = "service"
	fieldTeam     = "team"
	fieldTag      = "tag"
	fieldCategory = "category"
	fieldStatus   = "status"
	fieldKind     = "kind"
	fieldYear     = "year"

	fieldStarted = "started"
	fieldURL     = "url"   // stored only
	fieldDate    = "date"  // stored only: the start's date in the retrospective's zone
	fieldItems   = "items" // stored only: the items as JSON (see itemsJSON), for a hit's matches
)

// analyzerText is bleve's English analyzer: the only analysis of free text,
// in the index and, ported, in the browser.
const analyzerText = en.AnalyzerName

// analyzerPairs is analyzerText followed by a shingle filter: each term
// joined to the next with a space ("rate limit"). A stop word leaves a gap
// that the filter fills with pairFiller, so pairs never skip a word; the
// queries search only pairs of two real terms (see pairTerms).
const analyzerPairs = "retro_pairs"

// pairFiller stands for a removed stop word in a pair ("out _").
const pairFiller = "_"

// analyzerKeyword keeps a facet value whole but lowercases it, so that
// `severity:sev2` finds SEV2 and `service:Checkout-API` finds checkout-api.
const analyzerKeyword = "retro_keyword"

// textFields are the analyzed fields, in the order fragments are shown.
var textFields = []string{fieldTitle, fieldSummary, fieldImpact, fieldTimeline,
	fieldRecommendations, fieldAnalysis, fieldBody}

// bm25Fields are the fields scored with BM25, whose average lengths the
// index records (see fieldStats); a term in any other field is scored with
// bleve's TF-IDF. They are the fields a plain query searches.
var bm25Fields = []string{fieldAll, fieldTitle, fieldPairs}

// keywordFields are the exact-value fields; every one is a facet.
var keywordFields = []string{fieldSeverity, fieldService, fieldTeam, fieldTag,
	fieldCategory, fieldStatus, fieldKind, fieldYear}

// FacetFields returns the facets the search page and `retro search` offer.
func FacetFields() []string {
	return []string{fieldSeverity, fieldService, fieldTeam, fieldCategory, fieldYear}
}

// fieldAliases maps the spellings users are likely to type to field names.
var fieldAliases = map[string]string{
	"services":       fieldService,
	"teams":          fieldTeam,
	"tags":           fieldTag,
	"categories":     fieldCategory,
	"recommendation": fieldRecommendations,
	"date":           fieldStarted,
}

// indexDoc is what bleve indexes for a document: field name → value, with
// empty values left out so that they neither take space nor show up as an
// empty facet value.
func indexDoc(d *Document) map[string]any {
	m := map[string]any{}
	str := func(field, v string) {
		if v != "" {
			m[field] = v
		}
	}
	list := func(field string, vs []string) {
		var keep []string
		for _, v := range vs {
			if v != "" {
				keep = append(keep, v)
			}
		}
		if len(keep) > 0 {
			m[field] = keep
		}
	}
	str(fieldTitle, d.Title)
	str(fieldTitleAgain, d.Title)
	str(fieldSummary, d.Summary)
	str(fieldImpact, d.Impact)
	str(fieldBody, d.Body)
	list(fieldTimeline, d.Timeline)
	list(fieldAnalysis, d.Analysis)
	list(fieldRecommendations, d.Recommendations)
	str(fieldSeverity, d.Severity)
	list(fieldService, d.Services)
	list(fieldTeam, d.Teams)
	list(fieldTag, d.Tags)
	list(fieldCategory, d.Categories)
	list(fieldLabels, slices.Concat(d.Services, d.Teams, d.Tags, d.Categories))
	list(fieldPairs, pairTexts(d))
	str(fieldStatus, d.Status)
	str(fieldKind, d.Kind)
	if d.Year != 0 {
		m[fieldYear] = strconv.Itoa(d.Year)
	}
	if !d.Started.IsZero() {
		m[fieldStarted] = d.Started
	}
	str(fieldURL, d.URL)
	str(fieldDate, dateOf(d.Started))
	if len(d.Items) > 0 {
		m[fieldItems] = itemsJSON(d.Items)
	}
	return m
}

// pairTexts are the texts whose adjacent words make the pairs field: every
// text field's values and the labels, each on its own so that no pair spans
// two of them.
func pairTexts(d *Document) []string {
	return slices.Concat([]string{d.Title, d.Summary, d.Impact, d.Body},
		d.Timeline, d.Analysis, d.Recommendations,
		d.Services, d.Teams, d.Tags, d.Categories)
}

// dateOf is the calendar date of t in its own zone, or "" for the zero time.
func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// newMapping returns the explicit index mapping: nothing is indexed
// dynamically, and only what a result shows is stored (title, URL, date,
// severity, and the text fields the highlighter cuts fragments from).
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	im.DefaultAnalyzer = analyzerText
	im.DefaultField = fieldAll
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false
	err := im.AddCustomAnalyzer(analyzerKeyword, map[string]any{
		"type":          custom.Name,
		"tokenizer":     single.Name,
		"token_filters": []string{lowercase.Name},
	})
	if err != nil {
		return nil, fmt.Errorf("keyword analyzer: %w", err)
	}
	err = im.AddCustomTokenFilter("retro_shingle", map[string]any{
		"type": shingle.Name, "min": 2.0, "max": 2.0, "output_original": false,
		"separator": " ", "filler": pairFiller,
	})
	if err != nil {
		return nil, fmt.Errorf("pair filter: %w", err)
	}
	err = im.AddCustomAnalyzer(analyzerPairs, map[string]any{
		"type":      custom.Name,
		"tokenizer": unicode.Name,
		"token_filters": []string{en.PossessiveName, lowercase.Name, en.StopName,
			porter.Name, "retro_shingle"},
	})
	if err != nil {
		return nil, fmt.Errorf("pair analyzer: %w", err)
	}
	im.ScoringModel = index.BM25Scoring

	dm := mapping.NewDocumentStaticMapping()
	for _, name := range textFields {
		f := mapping.NewTextFieldMapping()
		f.Analyzer = analyzerText
		f.Store = true              // the highlighter cuts fragments from the text ...
		f.IncludeTermVectors = true // ... at the term locations, which _all only has from fields that keep them
		f.IncludeInAll = true
		f.DocValues = false // never sorted or faceted on
		dm.AddFieldMappingsAt(name, f)
	}
	// Labels are words too: "maritime" finds what is tagged maritime. They
	// count in _all too.
	labels := mapping.NewTextFieldMapping()
	labels.Analyzer = analyzerText
	labels.Store = false
	labels.IncludeTermVectors = true // positions, for a quoted phrase: "config push" finds the tag config-push
	labels.IncludeInAll = true
	labels.DocValues = false
	dm.AddFieldMappingsAt(fieldLabels, labels)
	// The title's words count twice in _all: the title is a field weight
	// of 2 applied before BM25's saturation (as BM25F does), so that a
	// title word counts for more than a body word without a title match
	// outweighing a body about the query, as a separate title clause
	// scored on its own did.
	again := mapping.NewTextFieldMapping()
	again.Analyzer = analyzerText
	again.Store = false
	again.IncludeTermVectors = false
	again.IncludeInAll = true
	again.DocValues = false
	dm.AddFieldMappingsAt(fieldTitleAgain, again)
	pairs := mapping.NewTextFieldMapping()
	pairs.Analyzer = analyzerPairs
	pairs.Store = false
	pairs.IncludeTermVectors = false
	pairs.IncludeInAll = false
	pairs.DocValues = false
	dm.AddFieldMappingsAt(fieldPairs, pairs)

	for _, name := range keywordFields {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer = analyzerKeyword
		f.Store = name == fieldSeverity || name == fieldService || name == fieldStatus // shown in results
		f.IncludeInAll = false                                                         // searched by name: severity:sev1
		f.IncludeTermVectors = false
		f.DocValues = true // facets
		dm.AddFieldMappingsAt(name, f)
	}
	started := mapping.NewDateTimeFieldMapping()
	started.Store = true
	started.IncludeInAll = false
	started.DocValues = true
	dm.AddFieldMappingsAt(fieldStarted, started)

	for _, name := range []string{fieldURL, fieldDate, fieldItems} {
		f := mapping.NewKeywordFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = false
		dm.AddFieldMappingsAt(name, f)
	}

	im.DefaultMapping = dm
	if err := im.Validate(); err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	return im, nil
}
