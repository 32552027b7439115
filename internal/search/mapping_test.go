package search

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

// TestNewDocument checks the terms newDocument indexes against the
// analyzers run on each text on its own, as a mapping of every text field
// would: _all holds every text's words (the title's twice) with their
// locations in the field they came from, and pairs holds the pairs
// analyzer's terms, never one across two texts.
func TestNewDocument(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	ds, err := newDocuments(m)
	if err != nil {
		t.Fatal(err)
	}
	text, pairsAn := m.AnalyzerNamed(analyzerText), m.AnalyzerNamed(analyzerPairs)
	docs := append(mappingDocs(), SyntheticDocuments(40, 3)...)
	docs = append(docs, Document{ID: "empty", Title: "x", Timeline: []string{"", "rate limit hit"}})
	for i := range docs {
		d := &docs[i]
		doc, err := ds.newDocument(d)
		if err != nil {
			t.Fatal(err)
		}
		// What the index gets: the fields bleve analyzes, composed into _all.
		all := doc.CompositeFields[0]
		var pairs index.TokenFrequencies
		for _, f := range doc.Fields {
			if !f.Options().IsIndexed() {
				continue
			}
			f.Analyze()
			all.Compose(f.Name(), f.AnalyzedLength(), f.AnalyzedTokenFrequencies())
			if f.Name() == fieldPairs {
				pairs = f.AnalyzedTokenFrequencies()
			}
		}

		// What a field of each text would hold.
		wantAll := index.TokenFrequencies{}
		wantPairs := index.TokenFrequencies{}
		wantLen := 0
		add := func(field string, ap []uint64, v string, opts index.FieldIndexingOptions) {
			toks := text.Analyze([]byte(v))
			wantLen += len(toks)
			wantAll.MergeAll(field, analysis.TokenFrequency(toks, ap, opts))
		}
		texts := map[string][]string{fieldSummary: {d.Summary}, fieldImpact: {d.Impact}, fieldBody: {d.Body},
			fieldTimeline: values(d.Timeline), fieldAnalysis: values(d.Analysis),
			fieldRecommendations: values(d.Recommendations), fieldLabels: values(labels(d))}
		add(fieldTitle, nil, d.Title, allOptions)
		add(fieldTitleAgain, nil, d.Title, index.IndexField)
		for _, f := range slices.Sorted(maps.Keys(texts)) {
			for j, v := range texts[f] {
				var ap []uint64
				if f != fieldSummary && f != fieldImpact && f != fieldBody { // a list
					ap = []uint64{uint64(j)}
				}
				add(f, ap, v, allOptions)
				wantPairs.MergeAll(fieldPairs, analysis.TokenFrequency(pairsAn.Analyze([]byte(v)), nil, index.IndexField))
			}
		}
		wantPairs.MergeAll(fieldPairs, analysis.TokenFrequency(pairsAn.Analyze([]byte(d.Title)), nil, index.IndexField))

		if all.AnalyzedLength() != wantLen {
			t.Errorf("%s: _all length %d, want %d", d.ID, all.AnalyzedLength(), wantLen)
		}
		sameFreqs(t, d.ID+" _all", all.AnalyzedTokenFrequencies(), wantAll)
		sameFreqs(t, d.ID+" pairs", pairs, wantPairs)
	}
}

// sameFreqs compares two documents' terms: frequencies and the set of
// locations (field, array positions, position, offsets), in any order.
func sameFreqs(t *testing.T, what string, got, want index.TokenFrequencies) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d terms, want %d", what, len(got), len(want))
	}
	key := func(tf *index.TokenFreq) []string {
		var out []string
		for _, l := range tf.Locations {
			out = append(out, fmt.Sprint(l.Field, l.ArrayPositions, l.Position, l.Start, l.End))
		}
		slices.Sort(out)
		return out
	}
	for term, w := range want {
		g, ok := got[term]
		if !ok {
			t.Errorf("%s: no term %q", what, term)
			continue
		}
		if g.Frequency() != w.Frequency() || !slices.Equal(key(g), key(w)) {
			t.Errorf("%s: %q: frequency %d, locations %v; want %d, %v", what, term, g.Frequency(), key(g), w.Frequency(), key(w))
		}
	}
}
