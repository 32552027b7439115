package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"retro/internal/archive"
	"retro/internal/build"
	"retro/internal/export"
	"retro/internal/retro"
)

// fixedNow is the clock of the sample builds, as in internal/build.
var fixedNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// sample loads the repository's sample archive, renders its pages with
// build.Write and writes the exports beside them.
func sample(t *testing.T, drafts bool) (*archive.Archive, string) {
	t.Helper()
	a := load(t, build.Options{Source: "../..", Drafts: drafts, Now: fixedNow})
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Write(a, out); err != nil {
		t.Fatal(err)
	}
	if _, err := export.Write(a, out); err != nil {
		t.Fatal(err)
	}
	return a, out
}

func load(t testing.TB, opts build.Options) *archive.Archive {
	t.Helper()
	a, findings, err := build.Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	if findings.Errors(false) > 0 {
		for _, f := range findings {
			t.Log(f.String())
		}
		t.Fatalf("%s has errors", opts.Source)
	}
	return a
}

// objects decodes a JSON export.
func objects(t testing.TB, path string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var list []map[string]any
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return list
}

// keyOrder is the keys of the first object of a JSON array, in file order.
func keyOrder(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for _, want := range []json.Delim{'[', '{'} {
		if tok, err := dec.Token(); err != nil || tok != want {
			t.Fatalf("%s: want %v, got %v %v", path, want, tok, err)
		}
	}
	var keys []string
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

func keySet(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

func sorted(keys ...string) []string { return slices.Sorted(slices.Values(keys)) }

// The keys SPEC promises, then the ones the exports add.
var (
	retroKeys = sorted("id", "url", "title", "status", "kind", "severity", "started", "detected",
		"mitigated", "resolved", "services", "teams", "tags", "categories", "summary", "author", "finalized",
		"timezone", "quarter", "impact", "aliases")
	recKeys = []string{"retro", "id", "url", "title", "status", "due", "overdue", "done_on", "ticket",
		"ticket_url", "tracking", "addresses", "kind", "better", "priority", "done_when", "dropped_reason",
		"dropped_on", "tracking_url", "categories"}
	problemKeys    = sorted("category", "title", "occurrences", "recurred_after_done", "description", "retros", "by_quarter")
	occurrenceKeys = sorted("retro", "id", "problem", "started", "url")
	recurrenceKeys = sorted("retro", "problem", "after", "after_count", "via")
)

var (
	rfc3339 = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$`)
	// moment is a milestone: RFC 3339, or RFC 3339's full-date when only
	// a date was written (legacy write-ups).
	moment  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2}))?$`)
	isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// checkValue asserts v is null or a string matching re.
func checkValue(t *testing.T, where, key string, v any, re *regexp.Regexp) {
	t.Helper()
	if v == nil {
		return
	}
	s, ok := v.(string)
	if !ok || !re.MatchString(s) {
		t.Errorf("%s: %s = %#v, want null or %s", where, key, v, re)
	}
}

func TestSampleExportKeys(t *testing.T) {
	a, out := sample(t, true)
	retros := objects(t, filepath.Join(out, "api/retros.json"))
	if len(retros) != 16 || len(retros) != len(a.Retros) {
		t.Errorf("retros.json has %d objects, the site %d (the sample has 16 with drafts)", len(retros), len(a.Retros))
	}
	for _, o := range retros {
		if got := keySet(o); !slices.Equal(got, retroKeys) {
			t.Errorf("retros.json %v: keys %v, want %v", o["id"], got, retroKeys)
		}
		for _, k := range []string{"started", "detected", "mitigated", "resolved"} {
			checkValue(t, "retros.json "+o["id"].(string), k, o[k], moment)
		}
		checkValue(t, "retros.json "+o["id"].(string), "finalized", o["finalized"], isoDate)
		for _, k := range []string{"services", "teams", "tags", "categories", "aliases"} {
			if _, ok := o[k].([]any); !ok {
				t.Errorf("retros.json %v: %s is %#v, want a list", o["id"], k, o[k])
			}
		}
		if u := o["url"].(string); u != "https://retros.example.com/retros/"+o["id"].(string)+"/" {
			t.Errorf("retros.json: url %s", u)
		}
	}
	// Times keep the retrospective's own offset.
	byID := map[string]map[string]any{}
	for _, o := range retros {
		byID[o["id"].(string)] = o
	}
	if got := byID["2026-06-inventory-sync-oversell"]["started"]; got != "2026-06-10T14:05:00+02:00" {
		t.Errorf("started of the Berlin incident = %v, want it with +02:00", got)
	}

	recs := objects(t, filepath.Join(out, "api/recommendations.json"))
	if len(recs) != len(a.Views.Recommendations) {
		t.Errorf("recommendations.json has %d objects, the site %d", len(recs), len(a.Views.Recommendations))
	}
	if got := keyOrder(t, filepath.Join(out, "api/recommendations.json")); !slices.Equal(got, recKeys) {
		t.Errorf("recommendations.json keys in order %v, want %v", got, recKeys)
	}
	for _, o := range recs {
		where := "recommendations.json " + o["retro"].(string) + "#" + o["id"].(string)
		if got := keySet(o); !slices.Equal(got, sorted(recKeys...)) {
			t.Errorf("%s: keys %v", where, got)
		}
		checkValue(t, where, "due", o["due"], isoDate)
		checkValue(t, where, "done_on", o["done_on"], isoDate)
		if _, ok := o["overdue"].(bool); !ok {
			t.Errorf("%s: overdue is %#v", where, o["overdue"])
		}
		if _, ok := o["addresses"].([]any); !ok {
			t.Errorf("%s: addresses is %#v", where, o["addresses"])
		}
		if !strings.HasSuffix(o["url"].(string), "/retros/"+o["retro"].(string)+"/#rec-"+o["id"].(string)) {
			t.Errorf("%s: url %v", where, o["url"])
		}
		if tk, _ := o["ticket"].(string); tk != "" && o["ticket_url"] != a.Site.TicketURL(tk) {
			t.Errorf("%s: ticket_url %v for %s", where, o["ticket_url"], tk)
		}
		if o["status"] == retro.Done && o["done_on"] == nil {
			t.Logf("%s is done with no done date", where)
		}
	}

	problems := objects(t, filepath.Join(out, "api/problems.json"))
	if len(problems) != len(a.Views.Categories) {
		t.Errorf("problems.json has %d categories, the site %d", len(problems), len(a.Views.Categories))
	}
	for i, o := range problems {
		if got := keySet(o); !slices.Equal(got, problemKeys) {
			t.Errorf("problems.json %v: keys %v", o["category"], got)
		}
		if o["category"] != a.Views.Categories[i].Key {
			t.Errorf("problems.json[%d] is %v, want %s (the views' order)", i, o["category"], a.Views.Categories[i].Key)
		}
		for _, oc := range o["occurrences"].([]any) {
			oc := oc.(map[string]any)
			if got := keySet(oc); !slices.Equal(got, occurrenceKeys) {
				t.Errorf("problems.json %v occurrence: keys %v", o["category"], got)
			}
			checkValue(t, "problems.json", "started", oc["started"], moment)
		}
		for _, rc := range o["recurred_after_done"].([]any) {
			rc := rc.(map[string]any)
			if got := keySet(rc); !slices.Equal(got, recurrenceKeys) {
				t.Errorf("problems.json %v recurrence: keys %v", o["category"], got)
			}
			via := rc["via"].([]any)
			for _, v := range via {
				if s := v.(string); s != "recurs" && !strings.HasPrefix(s, "service:") && !strings.HasPrefix(s, "tracking:") {
					t.Errorf("problems.json %v: via %q", o["category"], s)
				}
			}
			if len(via) == 0 {
				t.Errorf("problems.json %v: a recurrence without via", o["category"])
			}
			after := rc["after"].([]any)
			if n := int(rc["after_count"].(float64)); len(after) != min(n, archive.MaxAfter) || n == 0 {
				t.Errorf("problems.json %v: %d after, after_count %d", o["category"], len(after), n)
			}
		}
	}
}

func TestSampleCSV(t *testing.T) {
	_, out := sample(t, false)
	f, err := os.Open(filepath.Join(out, "api/recommendations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], recKeys) {
		t.Fatalf("CSV header %v, want the JSON keys %v", rows[0], recKeys)
	}
	recs := objects(t, filepath.Join(out, "api/recommendations.json"))
	if len(rows)-1 != len(recs) {
		t.Fatalf("CSV has %d rows, recommendations.json %d objects", len(rows)-1, len(recs))
	}
	// Each row says what its object says: strings as they are, null empty,
	// lists joined with ";".
	for i, o := range recs {
		for j, k := range recKeys {
			var want string
			switch v := o[k].(type) {
			case nil:
			case string:
				want = v
			case bool:
				want = map[bool]string{true: "true", false: "false"}[v]
			case []any:
				parts := make([]string, len(v))
				for n, p := range v {
					parts[n] = p.(string)
				}
				want = strings.Join(parts, ";")
			}
			if got := rows[i+1][j]; got != want {
				t.Errorf("CSV row %d %s = %q, JSON %q", i+1, k, got, want)
			}
		}
	}
	raw, err := os.ReadFile(filepath.Join(out, "api/recommendations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasSuffix(raw, []byte("\r\n")) || bytes.Count(raw, []byte("\r\n")) < len(recs)+1 {
		t.Error("the CSV does not end its records with CRLF (RFC 4180)")
	}
}

// feed is what the test reads of an Atom feed.
type feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  []struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Summary string `xml:"summary"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func readFeed(t *testing.T, path string) feed {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f feed
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	return f
}

func TestSampleFeed(t *testing.T) {
	// With drafts on the site, the feed still lists only final and legacy ones.
	a, out := sample(t, true)
	f := readFeed(t, filepath.Join(out, "feed.xml"))
	if f.ID != "https://retros.example.com/" || f.Title != a.Site.Title || len(f.Author) != 1 {
		t.Errorf("feed id %q, title %q, %d authors", f.ID, f.Title, len(f.Author))
	}
	finals := 0
	for _, r := range a.Retros {
		if r.Published() {
			finals++
		}
	}
	if finals != 14 || len(a.Retros) != 16 {
		t.Fatalf("the sample has %d final or legacy of %d on the site; the test expects 14 of 16", finals, len(a.Retros))
	}
	if len(f.Entries) != finals {
		t.Errorf("the feed has %d entries, want the %d final and legacy retrospectives", len(f.Entries), finals)
	}
	if f.Updated != f.Entries[0].Updated {
		t.Errorf("feed updated %s, newest entry %s", f.Updated, f.Entries[0].Updated)
	}
	seen := map[string]bool{}
	for i, e := range f.Entries {
		var page string
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				page = l.Href
			}
		}
		id := strings.TrimSuffix(strings.TrimPrefix(page, "https://retros.example.com/retros/"), "/")
		r, ok := a.Lookup(id)
		if !ok || r.ID != id {
			t.Errorf("entry %d links %q, no retrospective", i, page)
			continue
		}
		if !r.Published() {
			t.Errorf("the feed lists %s, which is %s", id, r.Status)
		}
		if e.ID != page || seen[e.ID] {
			t.Errorf("entry id %q (page %s) is not the page's unique URL", e.ID, page)
		}
		seen[e.ID] = true
		day := r.Started.Date() // a legacy write-up without a review: its start
		if r.Review != nil {
			day = r.Review.Finalized
		}
		want := day.String() + "T00:00:00Z" // the site's zone is UTC
		if e.Updated != want {
			t.Errorf("%s: updated %s, want %s", id, e.Updated, want)
		}
		if (e.Summary == "" && r.Status == retro.Final) || strings.Contains(e.Summary, "`") {
			t.Errorf("%s: summary %q is not the plain text", id, e.Summary)
		}
		if i > 0 && e.Updated > f.Entries[i-1].Updated {
			t.Errorf("entry %d (%s) is newer than the one before it", i, e.Updated)
		}
	}
}

func TestSampleSitemap(t *testing.T) {
	_, out := sample(t, false)
	data, err := os.ReadFile(filepath.Join(out, "sitemap.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var sm struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []string `xml:"url>loc"`
	}
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, u := range sm.URLs {
		got[u] = true
	}
	for _, u := range []string{"https://retros.example.com/", "https://retros.example.com/retros/",
		"https://retros.example.com/retros/2025-03-checkout-failover/", "https://retros.example.com/about/"} {
		if !got[u] {
			t.Errorf("the sitemap lacks %s", u)
		}
	}
	for _, u := range []string{"https://retros.example.com/retros/2025-03-14-db-failover/", "https://retros.example.com/404.html"} {
		if got[u] {
			t.Errorf("the sitemap lists %s", u)
		}
	}
	// Every page but the alias and 404.html.
	var html int
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			html++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) != html-2 {
		t.Errorf("the sitemap lists %d URLs of %d HTML files (want all but the alias and 404.html)", len(sm.URLs), html)
	}
}

func TestProblemsRecurredAfterDone(t *testing.T) {
	_, out := sample(t, false)
	for _, c := range objects(t, filepath.Join(out, "api/problems.json")) {
		if c["category"] != "monitoring-alerting" {
			continue
		}
		var occurred bool
		for _, oc := range c["occurrences"].([]any) {
			oc := oc.(map[string]any)
			if oc["retro"] == "2026-01-payments-webhook-backlog" && oc["id"] == "count-not-age" {
				occurred = true
				if p, _ := oc["problem"].(string); p == "" || strings.ContainsAny(p, "`*<") {
					t.Errorf("problem text %q is not plain text", p)
				}
				if oc["started"] != "2026-01-16T12:10:00Z" {
					t.Errorf("started %v", oc["started"])
				}
			}
		}
		if !occurred {
			t.Error("count-not-age is not an occurrence of monitoring-alerting")
		}
		for _, rc := range c["recurred_after_done"].([]any) {
			rc := rc.(map[string]any)
			if rc["retro"] != "2026-01-payments-webhook-backlog" || rc["problem"] != "count-not-age" {
				continue
			}
			for _, after := range rc["after"].([]any) {
				if after == "2025-02-search-index-stale#rec-R1" {
					return
				}
			}
			t.Fatalf("count-not-age recurred after %v, not after 2025-02-search-index-stale#rec-R1", rc["after"])
		}
		t.Fatal("count-not-age did not recur after done")
	}
	t.Fatal("problems.json has no monitoring-alerting")
}

// TestDeterministic exports one archive twice and a fresh load of it once
// more: every byte must match.
func TestDeterministic(t *testing.T) {
	_, out := sample(t, true)
	first := files(t, out)
	b := load(t, build.Options{Source: "../..", Drafts: true, Now: fixedNow})
	if _, err := export.Write(b, out); err != nil {
		t.Fatal(err)
	}
	second := files(t, out)
	if len(first) != 6 {
		t.Errorf("%d export files, want 6", len(first))
	}
	for name, data := range first {
		if !bytes.Equal(data, second[name]) {
			t.Errorf("%s differs between two exports of the same archive", name)
		}
	}
}

func files(t *testing.T, out string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	for _, name := range []string{"feed.xml", "sitemap.xml", "api/retros.json", "api/recommendations.json",
		"api/recommendations.csv", "api/problems.json"} {
		data, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		m[name] = data
	}
	return m
}

// TestWithoutBaseURL: no sitemap (sitemaps need absolute URLs), tag: ids
// in the feed, and site paths in the exports.
func TestWithoutBaseURL(t *testing.T) {
	a := load(t, build.Options{Source: "../..", Now: fixedNow})
	a.Site.BaseURL = ""
	out := t.TempDir()
	n, err := export.Write(a, out)
	if err != nil {
		t.Fatal(err)
	}
	if n != 5 {
		t.Errorf("wrote %d files, want 5", n)
	}
	if _, err := os.Stat(filepath.Join(out, "sitemap.xml")); err == nil {
		t.Error("a site without base_url has a sitemap.xml")
	}
	f := readFeed(t, filepath.Join(out, "feed.xml"))
	if !strings.HasPrefix(f.ID, "tag:") {
		t.Errorf("feed id %q is not a tag: URI", f.ID)
	}
	tag := regexp.MustCompile(`^tag:[a-z0-9.-]+,\d{4}:[a-z0-9-]+/retros/[a-z0-9-]+/$`)
	for _, e := range f.Entries {
		if !tag.MatchString(e.ID) {
			t.Errorf("entry id %q is not a tag: URI", e.ID)
		}
	}
	for _, o := range objects(t, filepath.Join(out, "api/recommendations.json")) {
		if want := "/retros/" + o["retro"].(string) + "/#rec-" + o["id"].(string); o["url"] != want {
			t.Errorf("url %v, want %s", o["url"], want)
		}
	}
}
