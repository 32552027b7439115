package search

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/token/shingle"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/document"
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

// indexDoc is what the mapping maps of a document: field name → value,
// with empty values left out so that they neither take space nor show up
// as an empty facet value. The text beyond the title reaches the index
// through newDocument, not through the mapping.
func indexDoc(d *Document) map[string]any {
	m := map[string]any{}
	str := func(field, v string) {
		if v != "" {
			m[field] = v
		}
	}
	list := func(field string, vs []string) {
		if keep := values(vs); len(keep) > 0 {
			m[field] = keep
		}
	}
	str(fieldTitle, d.Title)
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
	list(fieldLabels, labels(d))
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

// values is vs without its empty strings: a list field's values, whose
// indexes are the array positions that locate a match in it.
func values(vs []string) []string {
	var keep []string
	for _, v := range vs {
		if v != "" {
			keep = append(keep, v)
		}
	}
	return keep
}

// labels are the services, teams, tags and categories of d, searched as
// words as well as values.
func labels(d *Document) []string {
	return slices.Concat(d.Services, d.Teams, d.Tags, d.Categories)
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
	// The title is a field of its own: BM25 scores it, `title:` searches
	// it, the browser index exports it. Its words reach _all through the
	// mapping, with the locations the highlighter and phrases need.
	title := textMapping(analyzerText, true, true)
	title.IncludeTermVectors = true
	title.IncludeInAll = true
	dm.AddFieldMappingsAt(fieldTitle, title)
	// The other text fields are stored only, for the highlighter to cut
	// fragments from: their words are indexed once, in _all (see
	// newDocument), where a `summary:` or `body:` query searches them as
	// the browser does. Indexed on their own as well, with term vectors
	// for the highlighter, they were more than half of the index's bytes
	// and of its build time.
	//
	// The labels too: stored, because a location in _all must name a
	// field of the document.
	for _, name := range append(slices.Clone(textFields), fieldLabels) {
		if name != fieldTitle {
			dm.AddFieldMappingsAt(name, textMapping(analyzerText, false, true))
		}
	}
	// Pairs: newDocument derives them from the text's analysis; the
	// mapping names the field and its analyzer, which queries use.
	dm.AddFieldMappingsAt(fieldPairs, textMapping(analyzerPairs, true, false))

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

// textMapping is the mapping of a text field that bleve leaves out of
// _all (newDocument composes it) and that has no term vectors or doc values.
func textMapping(analyzer string, indexed, stored bool) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Index = indexed
	f.Store = stored
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// allOptions are _all's: terms with their locations, which phrases and
// the highlighter read (a location names the field it came from).
const allOptions = index.IndexField | index.IncludeTermVectors

// allFields are the fields composed into _all: the title by the mapping,
// the rest by newDocument.
var allFields = []string{fieldTitle, fieldTitleAgain, fieldSummary, fieldImpact, fieldBody,
	fieldTimeline, fieldAnalysis, fieldRecommendations, fieldLabels}

// documents turns Documents into bleve documents with the index mapping
// m (see newDocument).
type documents struct {
	m       *mapping.IndexMappingImpl
	text    analysis.Analyzer
	shingle analysis.TokenFilter
}

func newDocuments(m *mapping.IndexMappingImpl) (*documents, error) {
	text := m.AnalyzerNamed(analyzerText)
	pairs, ok := m.AnalyzerNamed(analyzerPairs).(*analysis.DefaultAnalyzer)
	if text == nil || !ok || len(pairs.TokenFilters) == 0 {
		return nil, fmt.Errorf("search: index mapping has no %s or %s analyzer", analyzerText, analyzerPairs)
	}
	// The pairs analyzer is the text analyzer followed by its shingle
	// filter; the filter alone makes pairs of the text's analysis.
	return &documents{m: m, text: text, shingle: pairs.TokenFilters[len(pairs.TokenFilters)-1]}, nil
}

// newDocument is the bleve document of d. The mapping maps the title,
// the stored text, the keywords and the dates; the words of the text are
// analyzed once, here, into _all (with term vectors: locations for phrases
// and for the highlighter, each naming the field it came from) and into
// pairs, so the only terms indexed twice are the title's. It is safe for
// concurrent use, which is how the build analyzes on every core.
func (ds *documents) newDocument(d *Document) (*document.Document, error) {
	doc := document.NewDocument(d.ID)
	if err := ds.m.MapDocument(doc, indexDoc(d)); err != nil {
		return nil, fmt.Errorf("search: %s: %w", d.ID, err)
	}
	// Replace the mapping's _all: it would compose every indexed field,
	// pairs and keywords included.
	all := document.NewCompositeFieldWithIndexingOptions(fieldAll, false, allFields, nil, allOptions)
	doc.CompositeFields = []*document.CompositeField{all}
	var pairs analysis.TokenStream
	text := func(field string, arrayPos []uint64, v string) analysis.TokenStream {
		toks := ds.text.Analyze([]byte(v))
		if field != fieldTitle { // the mapping composes the title
			all.Compose(field, len(toks), analysis.TokenFrequency(toks, arrayPos, allOptions))
		}
		pairs = append(pairs, ds.shingle.Filter(toks)...)
		return toks
	}
	list := func(field string, vs []string) {
		for i, v := range values(vs) {
			text(field, []uint64{uint64(i)}, v)
		}
	}
	// The title's words count twice in _all: the title is a field weight
	// of 2 applied before BM25's saturation (as BM25F does), so that a
	// title word counts for more than a body word without a title match
	// outweighing a body about the query, as a separate title clause
	// scored on its own did. The second time without locations.
	toks := text(fieldTitle, nil, d.Title)
	all.Compose(fieldTitleAgain, len(toks), analysis.TokenFrequency(toks, nil, index.IndexField))
	text(fieldSummary, nil, d.Summary)
	text(fieldImpact, nil, d.Impact)
	text(fieldBody, nil, d.Body)
	list(fieldTimeline, d.Timeline)
	list(fieldAnalysis, d.Analysis)
	list(fieldRecommendations, d.Recommendations)
	// Labels are words too: "maritime" finds what is tagged maritime, and
	// "config push" the tag config-push.
	list(fieldLabels, labels(d))
	if len(pairs) > 0 {
		doc.AddField(document.NewTextFieldCustom(fieldPairs, nil, nil, index.IndexField, analyzed(pairs)))
	}
	return doc, nil
}

// analyzed is an analyzer that returns tokens already made.
type analyzed analysis.TokenStream

func (a analyzed) Analyze([]byte) analysis.TokenStream { return analysis.TokenStream(a) }
