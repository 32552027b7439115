package search

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search/query"
)

// buildTest builds docs into a temporary site folder and opens the index.
func buildTest(t *testing.T, docs []Document) (*Index, string) {
	t.Helper()
	dir := t.TempDir()
	if _, err := Build(dir, docs); err != nil {
		t.Fatal(err)
	}
	x, err := Open(filepath.Join(dir, IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return x, dir
}

func ids(r *Results) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func mustSearch(t *testing.T, x *Index, q string) *Results {
	t.Helper()
	r, err := x.Search(q, 20)
	if err != nil {
		t.Fatalf("%q: %v", q, err)
	}
	return r
}

func TestMappingFields(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	if m.DefaultAnalyzer != "en" || m.DefaultField != "_all" || m.IndexDynamic || m.StoreDynamic {
		t.Errorf("index mapping: analyzer %q, field %q, dynamic %v/%v", m.DefaultAnalyzer, m.DefaultField, m.IndexDynamic, m.StoreDynamic)
	}
	if m.DefaultMapping.Dynamic {
		t.Error("document mapping is dynamic")
	}
	field := func(name string) *mapping.FieldMapping {
		dm := m.DefaultMapping.Properties[name]
		if dm == nil || len(dm.Fields) != 1 {
			t.Fatalf("no mapping for %s", name)
		}
		return dm.Fields[0]
	}
	// The title is indexed on its own and in _all; the other text is
	// stored for the highlighter and indexed in _all only (newDocument).
	for _, f := range append(slices.Clone(textFields), fieldLabels) {
		fm := field(f)
		title := f == fieldTitle
		if fm.Type != "text" || fm.Analyzer != "en" || !fm.Store || fm.Index != title || fm.IncludeTermVectors != title || fm.IncludeInAll != title || fm.DocValues {
			t.Errorf("%s: %+v", f, fm)
		}
	}
	for _, f := range keywordFields {
		fm := field(f)
		if fm.Analyzer != analyzerKeyword || fm.IncludeInAll || !fm.DocValues || fm.Store != (f == fieldSeverity || f == fieldService || f == fieldStatus) {
			t.Errorf("%s: %+v", f, fm)
		}
	}
	if fm := field(fieldStarted); fm.Type != "datetime" || !fm.Store {
		t.Errorf("started: %+v", fm)
	}
	for _, f := range []string{fieldURL, fieldDate, fieldItems} {
		if fm := field(f); fm.Index || !fm.Store {
			t.Errorf("%s: %+v", f, fm)
		}
	}
}

func mappingDocs() []Document {
	zone := time.FixedZone("UTC-8", -8*3600)
	return []Document{
		{ID: "title-match", URL: "/retros/title-match/", Title: "Queue backlog",
			Body: "Nothing else here to speak of at all.", Severity: "SEV2",
			Services: []string{"Checkout-API"}, Teams: []string{"payments"}, Tags: []string{"kafka"},
			Categories: []string{"capacity-planning"}, Status: "final", Kind: "incident",
			Started: time.Date(2024, 12, 31, 23, 30, 0, 0, zone), Year: 2024},
		{ID: "body-match", URL: "/retros/body-match/", Title: "Backlog of orders",
			Body: "Nothing else here to speak of, queue.", Severity: "SEV1",
			Services: []string{"orders-db", "checkout-api"}, Teams: []string{"data"},
			Categories: []string{"monitoring-alerting", "capacity-planning"}, Status: "final", Kind: "near-miss",
			Started: time.Date(2023, 5, 1, 10, 0, 0, 0, time.UTC), Year: 2023},
		{ID: "other", URL: "/retros/other/", Title: "DNS outage",
			Summary: "Resolvers failed; <script>alert(1)</script> was in a log line.", Severity: "SEV1",
			Services: []string{"auth-svc"}, Teams: []string{"identity"}, Categories: []string{"dependency-management"},
			Status: "final", Kind: "incident", Started: time.Date(2023, 8, 1, 10, 0, 0, 0, time.UTC), Year: 2023},
	}
}

func TestIndexFieldsAndBoost(t *testing.T) {
	x, _ := buildTest(t, mappingDocs())

	// The title boost puts the title match first.
	if got := ids(mustSearch(t, x, "queue")); !slices.Equal(got, []string{"title-match", "body-match"}) {
		t.Errorf("queue: %v", got)
	}
	// Services, teams, tags and categories are words too...
	for q, want := range map[string]string{"auth-svc": "other", "identity": "other", "kafka": "title-match", "monitoring": "body-match"} {
		if got := ids(mustSearch(t, x, q)); !slices.Equal(got, []string{want}) {
			t.Errorf("%s: %v, want [%s]", q, got, want)
		}
	}
	// ... and field:value finds the value, in any case, by singular or
	// plural name.
	for _, q := range []string{"service:checkout-api", "services:Checkout-API", "SERVICE:CHECKOUT-API"} {
		got := ids(mustSearch(t, x, q))
		slices.Sort(got)
		if !slices.Equal(got, []string{"body-match", "title-match"}) {
			t.Errorf("%s: %v", q, got)
		}
	}
	cases := map[string][]string{
		"severity:sev1":                    {"body-match", "other"},
		"team:payments":                    {"title-match"},
		"tag:kafka":                        {"title-match"},
		"category:capacity-planning":       {"body-match", "title-match"},
		"kind:near-miss":                   {"body-match"},
		"year:2024":                        {"title-match"},
		`started:>="2024-01-01T00:00:00Z"`: {"title-match"},
		`started:<"2023-06-01T00:00:00Z"`:  {"body-match"},
		`"queue backlog"`:                  {"title-match"},
		"+backlog -queue":                  nil,
		"+backlog -orders":                 {"title-match"},
		"title:orders":                     {"body-match"},
		// Other text fields are searched in all the text, as the page
		// searches them.
		"summary:resolvers": {"other"},
		"body:speak":        {"body-match", "title-match"},
		"labels:kafka":      {"title-match"},
		// Phrases in the labels, never across two of them.
		`"checkout api"`: {"body-match", "title-match"},
		`"db checkout"`:  nil,
		"resolvers":      {"other"},
	}
	for q, want := range cases {
		got := ids(mustSearch(t, x, q))
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", q, got, want)
		}
	}

	// Stored fields: what a result shows, the date in the retro's own zone.
	r := mustSearch(t, x, "backlog")
	var h Hit
	for _, hit := range r.Hits {
		if hit.ID == "title-match" {
			h = hit
		}
	}
	if h.Title != "Queue backlog" || h.URL != "/retros/title-match/" || h.Date != "2024-12-31" || h.Severity != "SEV2" {
		t.Errorf("stored fields: %+v", h)
	}
	// Only what results need is stored.
	req := bleve.NewSearchRequest(query.NewDocIDQuery([]string{"title-match"}))
	req.Fields = []string{"*"}
	sr, err := x.idx.Search(req)
	if err != nil || len(sr.Hits) != 1 {
		t.Fatal(err)
	}
	var stored []string
	for f := range sr.Hits[0].Fields {
		stored = append(stored, f)
	}
	slices.Sort(stored)
	want := []string{"body", "date", "labels", "service", "severity", "started", "status", "title", "url"}
	if !slices.Equal(stored, want) {
		t.Errorf("stored fields %v, want %v", stored, want)
	}
}

func TestFacets(t *testing.T) {
	docs := mappingDocs()
	for i := range docs {
		docs[i].Titles = map[string]string{"capacity-planning": "Capacity planning", "monitoring-alerting": "Observability"}
	}
	x, _ := buildTest(t, docs)
	r := mustSearch(t, x, "nothing resolvers")
	// value:label:count, the label what the site shows: a category's
	// title, a value as written.
	want := map[string][]string{
		"severity": {"sev1:SEV1:2", "sev2:SEV2:1"},
		"service":  {"checkout-api:checkout-api:2", "auth-svc:auth-svc:1", "orders-db:orders-db:1"},
		"team":     {"data:data:1", "identity:identity:1", "payments:payments:1"},
		"category": {"capacity-planning:Capacity planning:2", "dependency-management:dependency-management:1", "monitoring-alerting:Observability:1"},
		"year":     {"2023:2023:2", "2024:2024:1"},
	}
	show := func(fcs []FacetCount) []string {
		var out []string
		for _, fc := range fcs {
			out = append(out, fmt.Sprintf("%s:%s:%d", fc.Value, fc.Label, fc.Count))
		}
		return out
	}
	for f, w := range want {
		if got := show(r.Facets[f]); !slices.Equal(got, w) {
			t.Errorf("facet %s: %v, want %v", f, got, w)
		}
	}
	// Facets count the hits of the query only.
	r = mustSearch(t, x, "severity:sev2")
	if got := show(r.Facets["year"]); !slices.Equal(got, []string{"2024:2024:1"}) {
		t.Errorf("facet year of severity:sev2: %v", got)
	}
}

func TestHighlight(t *testing.T) {
	x, _ := buildTest(t, mappingDocs())
	// "alert" also finds body-match, whose category is
	// monitoring-alerting; the summary's match ranks first.
	r := mustSearch(t, x, "alert resolvers")
	if len(r.Hits) != 2 || r.Hits[0].ID != "other" {
		t.Fatalf("hits: %v", ids(r))
	}
	h := r.Hits[0]
	if len(h.Fragments) != 1 || len(h.Fragments["summary"]) != 1 {
		t.Fatalf("fragments: %v", h.Fragments)
	}
	fr := h.Fragments["summary"][0]
	want := "<mark>Resolvers</mark> failed; &lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; was in a log line."
	if fr != want {
		t.Errorf("fragment\n %s\nwant\n %s", fr, want)
	}
	// The only markup is our marks.
	rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(fr)
	if strings.ContainsAny(rest, "<>") {
		t.Errorf("markup in %q", fr)
	}
	pieces := Pieces(fr)
	if len(pieces) != 4 || !pieces[0].Mark || pieces[1].Text != " failed; <script>" || pieces[2].Text != "alert" {
		t.Errorf("pieces: %+v", pieces)
	}
	// Matches in the title and in an array field, located in the right one.
	r = mustSearch(t, x, "backlog")
	for _, h := range r.Hits {
		if f := h.Fragments["title"]; len(f) != 1 || !strings.Contains(strings.ToLower(f[0]), "<mark>backlog</mark>") {
			t.Errorf("%s: %v", h.ID, h.Fragments)
		}
	}
	var b strings.Builder
	if err := WriteText(&b, r, false); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "**Backlog**") || !strings.Contains(b.String(), "**backlog**") || !strings.Contains(b.String(), "2 results for \"backlog\".") {
		t.Errorf("text output:\n%s", b.String())
	}
	b.Reset()
	if err := WriteJSON(&b, r); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Total uint64
		Hits  []struct {
			ID, URL, Title string
			Score          float64
			Fragments      map[string][]string
		}
	}
	if err := json.Unmarshal([]byte(b.String()), &out); err != nil || out.Total != 2 || len(out.Hits) != 2 ||
		out.Hits[0].URL == "" || out.Hits[0].Score <= 0 || len(out.Hits[0].Fragments["title"]) != 1 {
		t.Errorf("json output (%v):\n%s", err, b.String())
	}
}

func TestWriteTextIsOneLine(t *testing.T) {
	r := &Results{Query: "x", Total: 1, Hits: []Hit{{ID: "a", Title: "bad\x1b[31m\ntitle",
		Fragments: map[string][]string{"body": {"a\n<mark>x</mark>\x1b]0;"}}}}}
	var b strings.Builder
	if err := WriteText(&b, r, true); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), "\x1b") != 2 { // only our bold and reset
		t.Errorf("escape sequences leak: %q", b.String())
	}
}

func TestBadQueries(t *testing.T) {
	x, _ := buildTest(t, mappingDocs())
	for _, q := range []string{`"unterminated`, "title:", "+", "-", "^", "foo:>", `started:>"not a date"`,
		"a^b", "x~y", "/[/", "title:/[/", ":", "a:", `\`, "", "   ", "?"} {
		r, err := x.Search(q, 10)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("%q: got %v, %v; want a QueryError", q, r, err)
		}
	}
	// Odd but valid queries run.
	for _, q := range []string{"(", `""`, "*", "a b c ~", "queue?", `queue\?`} {
		if _, err := x.Search(q, 10); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
}

func TestTrimQuestion(t *testing.T) {
	for in, want := range map[string]string{
		"has it ever happened?": "has it ever happened",
		"why?? ":                "why",
		`literal\?`:             `literal\?`,
		"fail?ed":               "fail?ed",
	} {
		if got := trimQuestion(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// snapshot records every file's name, size, mode, modification time and
// content hash.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		sum := ""
		if d.Type().IsRegular() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum = string(sha256.New().Sum(b))
		}
		out[p] = info.Mode().String() + info.ModTime().String() + sum
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestOpenReadOnly(t *testing.T) {
	dir := t.TempDir()
	if _, err := Build(dir, mappingDocs()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, IndexDir)
	before := snapshot(t, path)

	first, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	// Another reader while the first has it open, searching concurrently.
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x, err := Open(path)
			if err != nil {
				errs <- err
				return
			}
			defer x.Close()
			if r, err := x.Search("queue", 5); err != nil || r.Total != 2 {
				errs <- errors.Join(err, errors.New("wrong results"))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if r, err := first.Search("queue", 5); err != nil || r.Total != 2 {
		t.Errorf("first reader: %v %v", r, err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, path)
	if len(before) != len(after) {
		t.Fatalf("files changed: %d before, %d after", len(before), len(after))
	}
	for p, s := range before {
		if after[p] != s {
			t.Errorf("%s changed", p)
		}
	}

	// The index folder can be read-only on disk (a deployed site).
	if os.Geteuid() != 0 {
		_ = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
			if err == nil {
				mode := os.FileMode(0o444)
				if d.IsDir() {
					mode = 0o555
				}
				_ = os.Chmod(p, mode)
			}
			return nil
		})
		t.Cleanup(func() {
			_ = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
				if err == nil {
					_ = os.Chmod(p, 0o755)
				}
				return nil
			})
		})
		x, err := Open(path)
		if err != nil {
			t.Fatalf("opening a read-only folder: %v", err)
		}
		_ = x.Close()
	}
}

func TestOpenMissing(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "public", IndexDir))
	if !errors.Is(err, ErrNoIndex) {
		t.Fatalf("got %v, want ErrNoIndex", err)
	}
	// A folder that is there but holds no index.
	empty := filepath.Join(t.TempDir(), "index.bleve")
	if err := os.MkdirAll(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(empty); err == nil {
		t.Fatal("opened an empty folder")
	}
}

func TestBuildChecksIDs(t *testing.T) {
	dir := t.TempDir()
	if _, err := Build(dir, []Document{{ID: "a"}, {ID: "a"}}); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate ids: %v", err)
	}
	if _, err := Build(dir, []Document{{Title: "no id"}}); err == nil {
		t.Error("empty id accepted")
	}
}

func TestBuildEmptyAndRebuild(t *testing.T) {
	dir := t.TempDir()
	st, err := Build(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != 0 || st.BrowserFiles == 0 {
		t.Errorf("stats: %+v", st)
	}
	x, err := Open(filepath.Join(dir, IndexDir))
	if err != nil {
		t.Fatal(err)
	}
	if r, err := x.Search("anything", 5); err != nil || r.Total != 0 {
		t.Errorf("empty index: %v %v", r, err)
	}
	_ = x.Close()
	// Building again replaces both indexes.
	for _, m := range []Method{Offline, Batches} {
		st, err = BuildWith(dir, mappingDocs(), Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		x, err = Open(filepath.Join(dir, IndexDir))
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := x.DocCount(); n != 3 || st.Docs != 3 {
			t.Errorf("%v: %d docs", m, n)
		}
		if got := ids(mustSearch(t, x, "queue")); !slices.Equal(got, []string{"title-match", "body-match"}) {
			t.Errorf("%v: queue: %v", m, got)
		}
		_ = x.Close()
	}
}
