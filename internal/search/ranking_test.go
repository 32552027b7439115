package search

import (
	"encoding/json"
	"html"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"retro/internal/search/browserindex"
)

// rankingDocs are ~50 varied retrospectives: synthetic ones plus a few
// written to make the queries below interesting (title matches, repeated
// terms, possessives, Unicode, empty fields).
func rankingDocs() []Document {
	docs := SyntheticDocuments(44, 42)
	at := time.Date(2024, 11, 29, 9, 12, 0, 0, time.UTC)
	docs = append(docs,
		Document{ID: "2024-11-queue-sale", URL: "/retros/2024-11-queue-sale/", Title: "Order queue backed up during the Black Friday sale",
			Summary: "The orders queue's consumers fell behind during the sale and checkout stalled.", Impact: "12% of orders were delayed.",
			Body:     "The queue backed up. Consumers were throttled by the database. We have seen queues back up before.",
			Timeline: []string{"Queue depth alert fires", "Consumers scaled out"}, Recommendations: []string{"Alert on queue age"},
			Severity: "SEV1", Services: []string{"orders-db", "checkout-api"}, Teams: []string{"payments"}, Categories: []string{"capacity-planning"},
			Started: at, Year: 2024, Status: "final", Kind: "incident"},
		Document{ID: "2023-06-cache-stampede", URL: "/retros/2023-06-cache-stampede/", Title: "Cache stampede after a deploy",
			Summary: "A deploy flushed the cache; every request went to the database.", Body: "Cache cache cache. The stampede lasted nine minutes.",
			Severity: "SEV2", Services: []string{"catalog-svc"}, Teams: []string{"storefront"}, Tags: []string{"cache", "deploy"},
			Started: at.AddDate(-1, -5, 0), Year: 2023, Status: "final", Kind: "incident"},
		Document{ID: "2022-01-failover", URL: "/retros/2022-01-failover/", Title: "Checkout database failover stalled for 47 minutes",
			Summary: "A stuck replication slot kept automated failover from promoting a replica.", Impact: "8% of checkout attempts failed.",
			Analysis:        []string{"Automated failover waited indefinitely for a replication slot.", "Failover runbooks are exercised only during incidents."},
			Recommendations: []string{"Alert when a replication slot retains more than 10 GB of WAL", "Run a failover drill every quarter"},
			Severity:        "SEV2", Services: []string{"checkout-api", "orders-db"}, Teams: []string{"payments", "platform"}, Categories: []string{"operational-readiness"},
			Started: at.AddDate(-2, -10, 0), Year: 2022, Status: "final", Kind: "incident"},
		Document{ID: "2021-03-tokyo", URL: "/retros/2021-03-tokyo/", Title: "東京リージョンの障害 (Tokyo region outage)",
			Summary: "東京 region lost a zone; Zürich's café service was fine.", Body: "ΣΙΣΥΦΟΣ and İstanbul are here for the analyzer.",
			Severity: "SEV3", Services: []string{"cdn-edge"}, Started: at.AddDate(-3, -8, 0), Year: 2021, Status: "final", Kind: "near-miss"},
		Document{ID: "2020-05-empty", URL: "/retros/2020-05-empty/", Title: "Near miss with almost nothing written",
			Started: at.AddDate(-4, -6, 0), Year: 2020, Status: "draft"},
		Document{ID: "2020-07-dns", URL: "/retros/2020-07-dns/", Title: "DNS resolution failures",
			Summary: "Resolvers timed out; retries made a retry storm.", Body: "Timeout timeout timeout retry retries retried.",
			Severity: "SEV4", Services: []string{"auth-svc"}, Teams: []string{"identity"}, Tags: []string{"dns"},
			Started: at.AddDate(-4, -4, 0), Year: 2020, Status: "final", Kind: "incident"},
	)
	return docs
}

// rankingQueries are plain-word queries (the ones the page must rank as
// `retro search` does) and the other syntax the page supports.
var rankingQueries = []string{
	"queue",
	"queue backed up during sale",
	"has the queue ever backed up during a sale?",
	"what failed? queue",
	"cache stampede",
	"Cache",
	"failover replication slot",
	"checkout database failover",
	"alert alerts alerting",
	"the", // stop words only: no results
	"zzzqqqxxx",
	"timeout retry storm",
	"2024",
	"東京",
	"Zürich café",
	"consumers' queue's",
	"+queue -cache",
	"+failover replication",
	"-cache queue",
	"queue^3 cache",
	"service:checkout-api",
	"services:checkout-api queue",
	"severity:SEV1 database",
	"title:queue",
	"title:failover slot",
	"+team:payments checkout",
	"tag:dns timeout",
	"kind:near-miss",
	"category:capacity-planning sale",
	"nosuchfield:queue cache",
	// Pairs: runs of plain words, broken by anything else.
	"replication slot failover",
	"out of memory queue",
	"checkout-api database failover",
	"2024 queue backed",
	"queue backed^2 up",
	"+failover replication slot",
	"cache stampede cache stampede",
	"title:cache stampede after",
}

// TestRankingParity builds an index of ~50 documents, runs the same
// queries through bleve (Index.Search) and through search.js's engine
// under Node reading the browser index, and requires the same totals, the
// same top five ids in order, and the same scores.
func TestRankingParity(t *testing.T) {
	node(t)
	dir := t.TempDir()
	docs := rankingDocs()
	if _, err := Build(dir, docs); err != nil {
		t.Fatal(err)
	}
	x, err := Open(filepath.Join(dir, IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()

	qf, of := filepath.Join(dir, "queries.json"), filepath.Join(dir, "out.json")
	b, _ := json.Marshal(rankingQueries)
	if err := os.WriteFile(qf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	runNode(t, "rank.mjs", filepath.Join(dir, BrowserDir), qf, of, "5")
	var js []struct {
		Total  uint64
		IDs    []string
		Scores []float64
		Error  string
	}
	b, err = os.ReadFile(of)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &js); err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for i, q := range rankingQueries {
		res, err := x.Search(q, 5)
		if err != nil {
			t.Errorf("%q: bleve: %v", q, err)
			continue
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		got := js[i]
		if got.Error != "" {
			t.Errorf("%q: js: %s", q, got.Error)
			continue
		}
		if res.Total != got.Total || !slices.Equal(ids, got.IDs) {
			t.Errorf("%q:\n  bleve %d %v\n  js    %d %v", q, res.Total, ids, got.Total, got.IDs)
			continue
		}
		for k, h := range res.Hits {
			if math.Abs(h.Score-got.Scores[k]) > 1e-12*math.Max(1, h.Score) {
				t.Errorf("%q: score of %s: bleve %v, js %v", q, h.ID, h.Score, got.Scores[k])
			}
		}
		if len(ids) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < len(rankingQueries)*2/3 {
		t.Errorf("only %d of %d queries have results: the test proves little", nonEmpty, len(rankingQueries))
	}
}

// TestBrowserIndexAtScale builds an archive big enough for frequent terms
// to have files of their own and for postings to use every code, runs the
// ranking queries and the first queries of TestMeasure through bleve and
// search.js, and requires the same totals, top ten, scores and facet
// counts, and that the files search.js fetches are those FirstQueries
// resolves.
func TestBrowserIndexAtScale(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 1,200 documents")
	}
	node(t)
	dir := t.TempDir()
	docs := append(SyntheticDocuments(1200, 7), rankingDocs()[44:]...)
	if _, err := Build(dir, docs); err != nil {
		t.Fatal(err)
	}
	x, err := Open(filepath.Join(dir, IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()

	queries := slices.Concat(rankingQueries, firstQueries, longQueries)
	// And queries of the terms with files of their own.
	br, err := browserindex.Open(filepath.Join(dir, BrowserDir))
	if err != nil {
		t.Fatal(err)
	}
	frequent, err := br.OwnTerms()
	if err != nil {
		t.Fatal(err)
	}
	if len(frequent) < 3 {
		t.Fatalf("only %d frequent terms", len(frequent))
	}
	queries = append(queries, frequent[0], frequent[len(frequent)/2]+" queue", "+"+frequent[len(frequent)-1]+" -cache")
	qf, of := filepath.Join(dir, "queries.json"), filepath.Join(dir, "out.json")
	b, _ := json.Marshal(queries)
	if err := os.WriteFile(qf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	runNode(t, "rank.mjs", filepath.Join(dir, BrowserDir), qf, of, strconv.Itoa(FirstPage))
	var js []struct {
		Total       uint64
		IDs         []string
		Scores      []float64
		Approximate []string
		Facets      map[string]map[string]int
		Matches     [][]struct{ Anchor, Section, Text string }
		Bytes       int64
		Fetched     []string
		Error       string
	}
	b, err = os.ReadFile(of)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &js); err != nil {
		t.Fatal(err)
	}
	fqs, err := FirstQueries(dir, queries)
	if err != nil {
		t.Fatal(err)
	}
	own, nonEmpty := 0, 0
	for i, q := range queries {
		got := js[i]
		if got.Error != "" {
			t.Errorf("%q: js: %s", q, got.Error)
			continue
		}
		if len(got.Approximate) > 0 {
			continue
		}
		res, err := x.Search(q, FirstPage)
		if err != nil {
			t.Errorf("%q: bleve: %v", q, err)
			continue
		}
		if res.Total != got.Total || !slices.Equal(ids(res), got.IDs) {
			t.Errorf("%q:\n  bleve %d %v\n  js    %d %v", q, res.Total, ids(res), got.Total, got.IDs)
			continue
		}
		for k, h := range res.Hits {
			if math.Abs(h.Score-got.Scores[k]) > 1e-12*math.Max(1, h.Score) {
				t.Errorf("%q: score of %s: bleve %v, js %v", q, h.ID, h.Score, got.Scores[k])
			}
			// The same items and fragments: the browser index holds the
			// whole texts.
			var page, retro []string
			for _, m := range got.Matches[k] {
				page = append(page, m.Anchor+" "+m.Section+": "+m.Text)
			}
			for _, m := range h.Matches {
				retro = append(retro, m.Anchor+" "+m.Section+": "+html.UnescapeString(m.Fragment))
			}
			if !slices.Equal(page, retro) {
				t.Errorf("%q, %s: matches\n  page  %q\n  retro %q", q, h.ID, page, retro)
			}
		}
		for _, f := range FacetFields() {
			want := map[string]int{}
			for _, fc := range res.Facets[f] {
				want[fc.Value] = fc.Count
			}
			if len(want) != len(got.Facets[f]) || !maps.Equal(want, got.Facets[f]) {
				t.Errorf("%q: facet %s: bleve %v, js %v", q, f, want, got.Facets[f])
			}
		}
		fetched := slices.Sorted(slices.Values(got.Fetched))
		resolved := slices.Sorted(slices.Values(fqs[i].Files))
		if !slices.Equal(fetched, resolved) {
			t.Errorf("%q: search.js fetched %v, FirstQueries says %v", q, fetched, resolved)
		} else if got.Bytes != fqs[i].Bytes {
			t.Errorf("%q: search.js fetched %d bytes, FirstQueries says %d", q, got.Bytes, fqs[i].Bytes)
		}
		for _, f := range got.Fetched {
			if strings.HasPrefix(f, "terms/f") {
				own++
			}
		}
		if res.Total > 0 {
			nonEmpty++
		}
	}
	if own == 0 || nonEmpty < len(queries)/2 {
		t.Errorf("%d queries have results, %d frequent term files were fetched: the test proves little", nonEmpty, own)
	}
}

// TestRankingRules checks the SPEC's ranking rules on a small archive
// written for them: a phrase outranks the same words scattered, even
// through titles; a title match does not bury a retrospective whose body
// is about the query; labels are words.
func TestRankingRules(t *testing.T) {
	filler := strings.Repeat("The team met, wrote notes and agreed on the next steps. ", 12)
	docs := []Document{
		{ID: "phrase", URL: "/retros/phrase/", Title: "Partner bookings were turned away for two hours",
			Body: filler + "A new rate limit on the partner API counted every agency behind a consolidator as one client. " +
				"The rate limit was raised at 11:05, and the rate limit is now keyed on the agency."},
		{ID: "title-rates", URL: "/retros/title-rates/", Title: "Elevated error rates in checkout",
			Body: filler + "A pool change made requests wait; the connection limit was reached and error rates rose."},
		{ID: "title-limit", URL: "/retros/title-limit/", Title: "Uploads failed above the file size limit",
			Body: filler + "Success rates barely moved, but large manifests failed."},
		{ID: "about", URL: "/retros/about/", Title: "Reports were six hours stale",
			Body: filler + "Replication to the reporting replica stopped. Replication lag grew through the night; " +
				"replication was not alerted on, and replication resumed only when the query ended."},
		{ID: "title-only", URL: "/retros/title-only/", Title: "Replication dashboard near miss",
			Body: filler + "A dashboard showed the wrong panel for a day; nobody relied on it."},
		{ID: "tagged", URL: "/retros/tagged/", Title: "Gate cameras lost their clock",
			Body: filler, Tags: []string{"maritime", "ntp"}, Teams: []string{"terminal-ops"},
			Categories: []string{"dependency-management"}},
	}
	x, _ := buildTest(t, docs)
	for q, want := range map[string]string{
		"rate limit":              "phrase",
		"replication":             "about",
		"maritime":                "tagged",
		"terminal ops":            "tagged",
		"dependency management":   "tagged",
		"has the rate limit bit?": "phrase",
	} {
		got := ids(mustSearch(t, x, q))
		if len(got) == 0 || got[0] != want {
			t.Errorf("%q: %v, want %s first", q, got, want)
		}
	}
}

// TestSearchNeedsFieldLengths: an index without the recorded field lengths
// (written by an older retro) opens, but searching it says to build again
// rather than rank with bleve's own BM25 averages, which the page does not
// share.
func TestSearchNeedsFieldLengths(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.bleve")
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	idx, err := bleve.New(path, m)
	if err != nil {
		t.Fatal(err)
	}
	d := Document{ID: "a", Title: "Queue backed up"}
	if err := idx.Index(d.ID, indexDoc(&d)); err != nil {
		t.Fatal(err)
	}
	if err := idx.Close(); err != nil {
		t.Fatal(err)
	}
	x, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if _, err := x.Search("queue", 10); err == nil || !strings.Contains(err.Error(), "build the site again") {
		t.Fatalf("search of an index without field lengths: %v", err)
	}
}

// TestPhraseParity: the page cannot match a quoted phrase exactly (it has
// no positions) and matches its words anywhere, but with the phrase's pairs
// it scores every document bleve finds exactly as bleve does, so those
// rank first unless another document holds the same pairs.
func TestPhraseParity(t *testing.T) {
	node(t)
	dir := t.TempDir()
	if _, err := Build(dir, rankingDocs()); err != nil {
		t.Fatal(err)
	}
	x, err := Open(filepath.Join(dir, IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	queries := []string{`"cache stampede"`, `"replication slot" failover`, `+"queue backed up" sale`,
		`"automated failover" -cache`, `"the queue"`}
	qf, of := filepath.Join(dir, "queries.json"), filepath.Join(dir, "out.json")
	b, _ := json.Marshal(queries)
	if err := os.WriteFile(qf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	runNode(t, "rank.mjs", filepath.Join(dir, BrowserDir), qf, of, "1000")
	var js []struct {
		IDs    []string
		Scores []float64
		Error  string
	}
	if b, err = os.ReadFile(of); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &js); err != nil {
		t.Fatal(err)
	}
	found := 0
	for i, q := range queries {
		if js[i].Error != "" {
			t.Errorf("%q: js: %s", q, js[i].Error)
			continue
		}
		res, err := x.Search(q, 1000)
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		page := map[string]float64{}
		for k, id := range js[i].IDs {
			page[id] = js[i].Scores[k]
		}
		for _, h := range res.Hits {
			s, ok := page[h.ID]
			if !ok {
				t.Errorf("%q: bleve finds %s, the page does not", q, h.ID)
			} else if math.Abs(s-h.Score) > 1e-12*math.Max(1, h.Score) {
				t.Errorf("%q: score of %s: bleve %v, page %v", q, h.ID, h.Score, s)
			}
			found++
		}
	}
	if found < len(queries) {
		t.Errorf("bleve found %d documents for %d phrases: the test proves little", found, len(queries))
	}
}
