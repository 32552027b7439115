package build

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// finalRetro is a final retrospective with what the format requires and
// nothing more: no body sections, no analysis prose.
const finalRetro = `---
title: Bare final
status: final
started: 2024-03-14 09:12
summary: A summary.
timeline:
  - at: 2024-03-14 09:12
    event: Alert fires.
analysis:
  missing_controls:
    - id: controls
      control: No alert on slot lag.
recommendations:
  - id: R1
    title: Alert on slot lag
    addresses: [controls]
    ticket: OPS-1
    status: planned
    done_when: The alert pages in staging.
review:
  finalized: 2024-03-20
---
`

var idAttr = regexp.MustCompile(`\sid="([^"]*)"`)

// TestAnchorsUnique builds a page whose item ids and headings spell the
// layout's own ids and each other's, and requires every id once, with the
// SPEC's anchors on the items.
func TestAnchorsUnique(t *testing.T) {
	body := "## Related\nr\n## Analysis controls\na\n## Foo\nf\n## Foo h\nfh\n## Summary h\ns\n## Timeline 1\nt\n## Missing controls\nm\n### Key facts\nk\n"
	src := site(t, "-- content/retros/x.md --\n"+finalRetro+body)
	out := buildSite(t, src, false)
	page := read(t, filepath.Join(out, "retros", "x", "index.html"))
	seen := map[string]int{}
	for _, m := range idAttr.FindAllStringSubmatch(page, -1) {
		seen[m[1]]++
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("id %q appears %d times", id, n)
		}
	}
	if !strings.Contains(page, `<li id="missing-controls" class="item">`) {
		t.Error("the missing control controls does not have its anchor #missing-controls")
	}
	for _, id := range []string{"timeline-1", "rec-R1", "summary", "related-section", "foo", "foo-h"} {
		if seen[id] != 1 {
			t.Errorf("anchor %q: %d", id, seen[id])
		}
	}
}

// TestPublishedShowsOnlyWritten: a final page has no empty section and no
// prompt; a draft keeps them.
func TestPublishedShowsOnlyWritten(t *testing.T) {
	draft := strings.Replace(finalRetro, "status: final", "status: draft", 1)
	draft = strings.Replace(draft, "title: Bare final", "title: Bare draft", 1)
	src := site(t, "-- content/retros/x.md --\n"+finalRetro+"-- content/retros/y.md --\n"+draft)
	out := buildSite(t, src, true)
	final := read(t, filepath.Join(out, "retros", "x", "index.html"))
	for _, absent := range []string{"Not written yet", `id="what-went-well"`, `id="what-could-have-been-done-better"`, "No summary yet", "Not reviewed yet"} {
		if strings.Contains(final, absent) {
			t.Errorf("the final page shows %s", absent)
		}
	}
	for _, present := range []string{`id="summary"`, `id="timeline"`, `id="analysis"`, `id="recommendations"`, `id="review"`} {
		if !strings.Contains(final, present) {
			t.Errorf("the final page lacks %s", present)
		}
	}
	dp := read(t, filepath.Join(out, "retros", "y", "index.html"))
	if strings.Count(dp, "Not written yet") != 2 {
		t.Error("a draft no longer prompts for what went well and what could have been done better")
	}
}

// TestLinksAndGitHubTickets: links are the page's sources; GitHub
// references link to the github host, and #123 shares owner/repo#123's page.
func TestLinksAndGitHubTickets(t *testing.T) {
	r := strings.Replace(finalRetro, "summary: A summary.\n", `summary: A summary.
links:
  - https://status.example.com/incidents/abc123
  - {title: Public post, url: "https://blog.example.com/checkout?a=1&b=2"}
  - {title: The earlier one, url: "retro:y#timeline-1"}
`, 1)
	r = strings.Replace(r, "    event: Alert fires.\n", "    event: Alert fires.\n    refs: [https://alerts.example/P1, \"retro:y\"]\n", 1)
	r = strings.Replace(r, "ticket: OPS-1", "ticket: \"#1587\"\n    tracking: Acme/API#1587", 1)
	y := strings.Replace(finalRetro, "ticket: OPS-1", "ticket: acme/api#1587", 1)
	y = strings.Replace(y, "started: 2024-03-14 09:12", "started: 2024-01-14 09:12", 1)
	y = strings.Replace(y, "2024-03-14 09:12\n    event", "2024-01-14 09:12\n    event", 1)
	src := site(t, "-- site.yaml --\ngithub: https://git.example.com/\nrepo: acme/api\n-- content/retros/x.md --\n"+r+"-- content/retros/y.md --\n"+y)
	out := buildSite(t, src, false)
	page := read(t, filepath.Join(out, "retros", "x", "index.html"))
	for _, want := range []string{
		`<dt>Sources</dt>`,
		`<a href="https://status.example.com/incidents/abc123">https://status.example.com/incidents/abc123</a>`,
		`<a href="https://blog.example.com/checkout?a=1&amp;b=2">Public post</a>`,
		`<a href="/retros/y/#timeline-1">The earlier one</a>`,
		`<a href="/retros/y/">retro:y</a>`,
		`<a href="/tickets/acme-api-1587/">#1587</a>`,
		`<a href="https://git.example.com/acme/api/issues/1587">in the tracker</a>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	ticket := read(t, filepath.Join(out, "tickets", "acme-api-1587", "index.html"))
	for _, id := range []string{"/retros/x/#rec-R1", "/retros/y/#rec-R1"} {
		if !strings.Contains(ticket, id) {
			t.Errorf("the ticket page of acme/api#1587 does not list %s", id)
		}
	}
}

// TestQuarterWindow: an incident from 1990 rolls up into "Earlier" instead
// of drawing a column for every quarter since.
func TestQuarterWindow(t *testing.T) {
	old := strings.NewReplacer("2024-03-14 09:12", "1990-02-01 10:00", "2024-03-20", "1990-02-10", "id: controls", "id: old", "[controls]", "[old]").Replace(finalRetro)
	old = strings.Replace(old, "analysis:\n", "analysis:\n  systemic_problems:\n    - {id: p1, problem: Old, category: change-management}\n", 1)
	cur := strings.Replace(finalRetro, "analysis:\n", "analysis:\n  systemic_problems:\n    - {id: p1, problem: New, category: change-management}\n", 1)
	src := site(t, "-- site.yaml --\nanalysis:\n  quarters: 4\n-- content/retros/old.md --\n"+old+"-- content/retros/new.md --\n"+cur)
	out := buildSite(t, src, false)
	for _, p := range []string{"problems/index.html", "problems/change-management/index.html"} {
		page := read(t, filepath.Join(out, filepath.FromSlash(p)))
		if !strings.Contains(page, "Earlier") {
			t.Errorf("%s has no Earlier column", p)
		}
		if strings.Contains(page, "1990 Q2") || strings.Contains(page, "2010 Q1") {
			t.Errorf("%s draws quarters outside the window", p)
		}
		if len(page) > 60000 {
			t.Errorf("%s is %d bytes", p, len(page))
		}
	}
	matrix := read(t, filepath.Join(out, "problems", "index.html"))
	if n := strings.Count(matrix[strings.Index(matrix, `id="per-quarter-h"`):], `<th scope="col" class="num">`); n != 5 {
		t.Errorf("the per-quarter table has %d quarter columns, want Earlier and 4", n)
	}
}
