package build

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestSampleRecurrences follows the sample's three kinds of recurrence
// through problems.json and the pages: one via shared services, one via a
// shared tracking ticket, one named with recurs:; and a problem that shares
// only its category with a done recommendation, which is not one.
func TestSampleRecurrences(t *testing.T) {
	out, _ := buildSample(t, false)
	var cats []struct {
		Category    string `json:"category"`
		Occurrences []struct {
			Retro string `json:"retro"`
		} `json:"occurrences"`
		Recurred []struct {
			Retro   string   `json:"retro"`
			Problem string   `json:"problem"`
			After   []string `json:"after"`
			Via     []string `json:"via"`
		} `json:"recurred_after_done"`
	}
	if err := json.Unmarshal([]byte(read(t, filepath.Join(out, "api", "problems.json"))), &cats); err != nil {
		t.Fatal(err)
	}
	type rc struct{ after, via string }
	got := map[string]rc{}
	problems := 0
	for _, c := range cats {
		problems += len(c.Occurrences)
		for _, r := range c.Recurred {
			got[r.Retro+"#"+r.Problem] = rc{strings.Join(r.After, " "), strings.Join(r.Via, " ")}
		}
	}
	// Before the links were required, any done recommendation of the
	// category made a recurrence: 19 of the 32 problems of the final
	// retrospectives. The 33rd is the 2019 legacy write-up's, the oldest,
	// which nothing before it can make a recurrence.
	if problems != 33 || len(got) != 11 {
		t.Errorf("%d recurrences of %d problems, want 11 of 33: %v", len(got), problems, got)
	}
	for key, want := range map[string]rc{
		"2026-06-inventory-sync-oversell#no-reconciliation":    {"2025-02-search-index-stale#rec-R3", "service:inventory-sync service:catalog-indexer service:search-api"},
		"2026-01-payments-webhook-backlog#count-not-age":       {"2025-02-search-index-stale#rec-R1", "tracking:PLAT-210"},
		"2026-06-inventory-sync-oversell#vendor-change-notice": {"2026-01-payments-webhook-backlog#rec-R4", "recurs"},
	} {
		if got[key] != want {
			t.Errorf("%s recurred %+v, want %+v", key, got[key], want)
		}
	}
	if r, ok := got["2025-05-mobile-release-crash#launch-crash-blindspot"]; ok {
		t.Errorf("a problem that shares only its category recurred: %+v", r)
	}

	// The incident page shows the weaker signal as a note, not a badge.
	inc := viewPage(t, out, "retros/2026-06-inventory-sync-oversell/")
	li := inc[strings.Index(inc, `<li id="problem-page-size-assumption"`):]
	li = li[:strings.Index(li, "</li>")]
	if strings.Contains(li, "Recurred after done") || !strings.Contains(li, `<span class="same-category-tag">Same category after done</span>`) ||
		!strings.Contains(li, `href="/retros/2026-01-payments-webhook-backlog/#rec-R4"`) {
		t.Errorf("page-size-assumption does not show the same-category signal alone:\n%s", li)
	}
	li = inc[strings.Index(inc, `<li id="problem-vendor-change-notice"`):]
	li = li[:strings.Index(li, "</li>")]
	if !strings.Contains(li, "Recurred after done") || !strings.Contains(li, "named as the same problem") {
		t.Errorf("vendor-change-notice does not show its recurs link:\n%s", li)
	}

	// A done recommendation says what happened after it: the search
	// index's R3 saw the oversell on the same services; its R2 nothing.
	stale := viewPage(t, out, "retros/2025-02-search-index-stale/")
	recItem := func(page, id string) string {
		s := page[strings.Index(page, `<li id="rec-`+id+`"`):]
		return s[:strings.Index(s, "</li>")]
	}
	if r3 := recItem(stale, "R3"); !strings.Contains(r3, `After done: recurred in <a href="/retros/2026-06-inventory-sync-oversell/#problem-no-reconciliation">`) ||
		!strings.Contains(r3, "both on inventory-sync, catalog-indexer, search-api") {
		t.Errorf("R3 does not link the recurrence after it:\n%s", r3)
	}
	r4 := recItem(viewPage(t, out, "retros/2025-01-payments-double-capture/"), "R4")
	if !strings.Contains(r4, `After done: no incident in its services and categories since <time datetime="2025-03-20">2025-03-20</time>.`) {
		t.Errorf("R4 of the double capture does not say nothing recurred since it was done:\n%s", r4)
	}
	recs := viewPage(t, out, "recommendations/")
	if !strings.Contains(recs, `After done: recurred in <a href="/retros/2026-06-inventory-sync-oversell/#problem-no-reconciliation">`) ||
		!strings.Contains(recs, `After done: no incident in its services and categories since`) {
		t.Error("/recommendations/ does not show what happened after done recommendations")
	}

	// /problems/ groups them by category, newest first, and links those
	// beyond the first two: design complexity has three.
	sec := viewSection(t, viewPage(t, out, "problems/"), "recurred-h")
	groups := strings.Split(sec, `<div class="recurrence-group">`)[1:]
	if len(groups) != 7 {
		t.Fatalf("/problems/ groups recurrences in %d categories, want 7", len(groups))
	}
	var design string
	for _, g := range groups {
		if strings.Contains(g, `href="/problems/design-complexity/"`) {
			design = g
		}
	}
	item := func(ref string) string { return `class="item-id" href="/retros/` + ref + `"` }
	newest, next, oldest := item("2026-01-payments-webhook-backlog/#problem-strict-decoding"),
		item("2025-09-session-cache-stampede/#problem-no-coalescing"), item("2025-08-promo-code-near-miss/#problem-zero-means-unlimited")
	if i, j := strings.Index(design, newest), strings.Index(design, next); i < 0 || j < i || strings.Contains(design, oldest) ||
		!strings.Contains(design, `<a href="/problems/design-complexity/recurred/">All 3 design complexity recurrences</a>`) {
		t.Errorf("design complexity does not show its two newest recurrences and link all three:\n%s", design)
	}
	all := viewSection(t, viewPage(t, out, "problems/design-complexity/recurred/"), "list-h")
	if i, j, k := strings.Index(all, newest), strings.Index(all, next), strings.Index(all, oldest); i < 0 || j < i || k < j {
		t.Errorf("/problems/design-complexity/recurred/ does not list the three recurrences, newest first:\n%s", all)
	}
	first := strings.Index(sec, "2026-06-inventory-sync-oversell")
	if i := strings.Index(sec, "2025-08-promo-code-near-miss"); first < 0 || i < first {
		t.Error("/problems/ does not lead with the category of the newest recurrence")
	}
}
