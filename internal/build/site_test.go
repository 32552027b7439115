package build

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func buildFull(t *testing.T, drafts bool) string {
	t.Helper()
	data, err := os.ReadFile("testdata/full.txtar")
	if err != nil {
		t.Fatal(err)
	}
	return buildSite(t, site(t, string(data)), drafts)
}

func TestIncidentPage(t *testing.T) {
	out := buildFull(t, false)
	page := read(t, filepath.Join(out, "retros/2024-03-checkout-failover/index.html"))
	for _, anchor := range []string{"summary", "timeline", "timeline-1", "timeline-4", "what-went-well",
		"what-could-have-been-done-better", "analysis", "recommendations", "review",
		"control-failover", "problem-untested-runbooks", "problem-bad-data", "missing-slot-alert", "rec-R1", "rec-R2"} {
		if !strings.Contains(page, `id="`+anchor+`"`) {
			t.Errorf("no anchor #%s", anchor)
		}
	}
	// Each id once: a heading "Summary" in the body must not take #summary.
	for _, id := range regexp.MustCompile(`id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		if n := strings.Count(page, `id="`+id[1]+`"`); n != 1 {
			t.Errorf("id %q appears %d times", id[1], n)
		}
	}
	order := []string{`id="summary"`, `id="key-facts"`, `id="timeline"`, `id="what-went-well"`,
		`id="what-could-have-been-done-better"`, `id="analysis"`, `id="recommendations"`, `id="review"`, `id="appendix"`}
	last := -1
	for _, o := range order {
		i := strings.Index(page, o)
		if i < last {
			t.Errorf("%s is out of order", o)
		}
		last = i
	}
	wants := []string{
		"All times are in Europe/Berlin",
		`<time datetime="2024-03-14T23:12:00&#43;01:00">23:12</time>`,
		"Friday 15 March 2024", // the timeline crosses midnight
		"Time to detect</dt><dd>7 min",
		"Time to mitigate</dt><dd>1 h 36 min",
		"Time to resolve</dt><dd>1 h 47 min",
		`href="https://tracker.example.com/browse/PAY-123"`,
		`href="https://other.example.com/issues/77"`,
		`<span class="overdue">Overdue</span>`,
		"Superseded by the managed failover migration.",
		`href="/sub/retros/2024-03-checkout-failover/#rec-R1"`,
		`<a href="#rec-R1">R1</a>`, // the control says which recommendation addresses it
		`<a href="#slot-alert">`,   // never: anchors are prefixed
		`class="chroma"`,           // highlighted SQL
		`Checkout &lt;database&gt; failover`,
		`https://docs.example.com/failover`,
		"Category: <span class=\"category\">Data quality</span>",
		`<link rel="canonical" href="https://retros.example.com/sub/retros/2024-03-checkout-failover/">`,
	}
	for _, w := range wants {
		if w == `<a href="#slot-alert">` {
			if strings.Contains(page, w) {
				t.Errorf("page links an unprefixed anchor %s", w)
			}
			continue
		}
		if !strings.Contains(page, w) {
			t.Errorf("page lacks %s", w)
		}
	}
	for _, bad := range []string{"<script>alert", `href="javascript:`, `href="vbscript:`, "<b>raw</b>", `href=""`} {
		if strings.Contains(page, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	if !strings.Contains(page, `<a href="#missing-slot-alert">slot-alert</a>`) {
		t.Error("R1 does not link the missing control it addresses")
	}
	// A link to a retrospective not on the site is left as text.
	if strings.Contains(page, "2024-06-draft") {
		t.Error("the draft is linked")
	}
}

func TestAliasRedirects(t *testing.T) {
	out := buildFull(t, false)
	page := read(t, filepath.Join(out, "retros/2024-03-14-db-failover/index.html"))
	for _, w := range []string{
		`<meta http-equiv="refresh" content="0; url=/sub/retros/2024-03-checkout-failover/">`,
		`<link rel="canonical" href="https://retros.example.com/sub/retros/2024-03-checkout-failover/">`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("redirect lacks %s:\n%s", w, page)
		}
	}
	queue := read(t, filepath.Join(out, "retros/2024-05-queue/index.html"))
	if !strings.Contains(queue, `href="/sub/retros/2024-03-checkout-failover/#timeline-2"`) {
		t.Error("a retro: link through an alias does not resolve to the canonical page")
	}
}

func TestBundleAndStatic(t *testing.T) {
	out := buildFull(t, false)
	for _, f := range []string{"retros/2024-05-queue/topology.svg", "robots.txt", "assets/style.css", "assets/chroma.css", Marker} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s: %v", f, err)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "retros/2024-05-queue/index.md")); err == nil {
		t.Error("the bundle's index.md was copied")
	}
}

func TestDrafts(t *testing.T) {
	out := buildFull(t, false)
	if _, err := os.Stat(filepath.Join(out, "retros/2024-06-draft")); err == nil {
		t.Error("a draft was published without --drafts")
	}
	list := read(t, filepath.Join(out, "retros/index.html"))
	if strings.Contains(list, "A draft in progress") {
		t.Error("the draft is listed")
	}
	// Newest first.
	if strings.Index(list, "Queue backed up") > strings.Index(list, "Checkout &lt;database&gt;") {
		t.Error("/retros/ is not newest first")
	}
	out = buildFull(t, true)
	draft := read(t, filepath.Join(out, "retros/2024-06-draft/index.html"))
	if !strings.Contains(draft, `class="banner"`) {
		t.Error("the draft has no banner")
	}
}

func TestPagesAndCollections(t *testing.T) {
	out := buildFull(t, false)
	page := read(t, filepath.Join(out, "process/index.html"))
	if !strings.Contains(page, `href="/sub/retros/2024-03-checkout-failover/"`) {
		t.Error("the page's retro: link is not resolved")
	}
	col := read(t, filepath.Join(out, "collections/oncall/index.html"))
	if !strings.Contains(col, "<em>these</em>") || !strings.Contains(col, "Why we alert on slots.") {
		t.Error("the collection's Markdown is not rendered")
	}
}

// TestGoldenIncidentPage compares the whole incident page with
// testdata/golden/incident.html; go test -update rewrites it.
func TestGoldenIncidentPage(t *testing.T) {
	out := buildFull(t, false)
	got := read(t, filepath.Join(out, "retros/2024-03-checkout-failover/index.html"))
	checkGolden(t, "testdata/golden/incident.html", got)
}

// checkGolden compares got with the golden file; go test -update rewrites it.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if want := read(t, golden); got != want {
		t.Errorf("the page differs from %s (run go test -update after checking the change):\n%s", golden, firstDiff(got, want))
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

func TestFreePages(t *testing.T) {
	src := site(t, `
-- content/pages/On-Call_Guide.md --
No front matter at all.
-- content/pages/about.md --
---
title: About us
weight: 3
---
Hello.
`)
	out := buildSite(t, src, false)
	if page := read(t, filepath.Join(out, "on-call-guide/index.html")); !strings.Contains(page, "<h1>On Call Guide</h1>") || !strings.Contains(page, "No front matter at all.") {
		t.Errorf("page without front matter:\n%s", page)
	}
	if page := read(t, filepath.Join(out, "about/index.html")); !strings.Contains(page, "<h1>About us</h1>") {
		t.Error("a page's own front matter keys stop it")
	}
	a, fs, err := Load(Options{Source: site(t, "-- content/pages/search.md --\nx\n"), Now: fixedNow})
	if err != nil || a == nil || len(fs) != 1 || fs[0].Pos.String() != "content/pages/search.md:1:1" {
		t.Errorf("a page that would replace /search/: %v %v", err, fs)
	}
}
