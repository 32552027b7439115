package build

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"retro/internal/search"
	"retro/internal/webcheck"
)

// hostile is a retrospective full of payloads: nothing of it may run on the
// search page, nor on its own.
const hostile = `---
title: "<script>window.__pwned='title'</script> Payment queue <img src=x onerror=window.__pwned='img'>"
status: final
severity: SEV4
started: 2024-01-02 10:00
summary: "Queue payload <script>window.__pwned='summary'</script> [click](javascript:window.__pwned='link') and <svg onload=window.__pwned='svg'>"
impact: "<iframe src=javascript:window.__pwned='iframe'></iframe> zanzibarqueue"
timeline:
  - at: 2024-01-02 10:00
    event: "zanzibarqueue <script>window.__pwned='event'</script>"
    refs: ["https://alerts.example/?q=\"><script>window.__pwned='ref'</script>"]
analysis:
  missing_controls:
    - id: xss
      control: "<b onmouseover=window.__pwned='b'>zanzibarqueue</b>"
recommendations:
  - id: R1
    title: "[x](javascript:window.__pwned='rec') zanzibarqueue"
    addresses: [xss]
    ticket: "https://tracker.example.com/x?a=<script>"
    status: planned
    done_when: "<script>window.__pwned='done'</script>"
review:
  finalized: 2024-01-03
---
## What went well
zanzibarqueue <script>window.__pwned='body'</script> [a](javascript:window.__pwned='a') <javascript:window.__pwned='auto'>
`

// sampleWithHostile copies the sample archive and adds the hostile retrospective.
func sampleWithHostile(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, sub := range []string{"content", "site.yaml", "tickets.json"} {
		if err := os.CopyFS(filepath.Join(dir, sub), os.DirFS(filepath.Join("../..", sub))); err != nil {
			// site.yaml and tickets.json are files: copy them as such.
			data, rerr := os.ReadFile(filepath.Join("../..", sub))
			if rerr != nil {
				t.Fatal(err)
			}
			if werr := os.WriteFile(filepath.Join(dir, sub), data, 0o644); werr != nil {
				t.Fatal(werr)
			}
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "content/retros/2024-01-hostile.md"), []byte(hostile), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestSearchPageEndToEnd(t *testing.T) {
	src := sampleWithHostile(t)
	a, findings, err := Load(Options{Source: src, Now: fixedNow, BaseURL: "https://retros.example.com/"})
	if err != nil || findings.Errors(false) > 0 {
		t.Fatalf("%v\n%s", err, findingsText(findings))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(a, out); err != nil {
		t.Fatal(err)
	}
	idx, err := search.Open(filepath.Join(out, "search", "index.bleve"))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	base := webcheck.Serve(t, out)
	ctx := webcheck.Browser(t)

	hits := func(q string) []string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/search/?q="+url.QueryEscape(q))); err != nil {
			t.Fatal(err)
		}
		waitFor(t, ctx, `document.querySelector('.search-status') && /result/.test(document.querySelector('.search-status').textContent)`)
		return eval[[]string](t, ctx, `[...document.querySelectorAll('.search-hit .search-title a')].map(a => a.getAttribute('href'))`)
	}

	// The browser's top results are retro search's, query for query.
	for _, q := range []string{"failover", "session cache", "certificate expired", "webhook backlog", "daylight saving slots", "stale search index", "payment"} {
		got := hits(q)
		res, err := idx.Search(q, 5)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, h := range res.Hits {
			want = append(want, h.URL)
		}
		if len(want) == 0 {
			t.Fatalf("%q finds nothing in the index", q)
		}
		if len(got) > len(want) {
			got = got[:len(want)]
		}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%q: page %v, retro search %v", q, got, want)
		}
	}

	// Type a query and see the expected first result.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/search/"),
		chromedp.WaitVisible(chromedp.ID("site-search")),
		chromedp.SendKeys(chromedp.ID("site-search"), "failover"),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelectorAll('.search-hit').length > 0`)
	if first := eval[string](t, ctx, `document.querySelector('.search-hit .search-title a').getAttribute('href')`); first != "/retros/2025-03-checkout-failover/" {
		t.Errorf("first result %s", first)
	}
	waitFor(t, ctx, `location.search.includes('q=failover')`)

	// Apply a facet: every result left has that severity.
	before := eval[int](t, ctx, `document.querySelectorAll('.search-hit').length`)
	sev := eval[string](t, ctx, `(() => { const f = [...document.querySelectorAll('.search-facet')].find(f => f.querySelector('legend').textContent === 'Severity'); const b = f.querySelector('input[type=checkbox]'); b.click(); return b.value })()`)
	waitFor(t, ctx, fmt.Sprintf(`[...document.querySelectorAll('.search-hit .search-severity')].every(s => s.textContent.toLowerCase() === %q.toLowerCase()) && document.querySelectorAll('.search-hit').length > 0`, sev))
	after := eval[int](t, ctx, `document.querySelectorAll('.search-hit').length`)
	if after > before {
		t.Errorf("the %s facet grew the results from %d to %d", sev, before, after)
	}

	// Keyboard: from the box, ArrowDown reaches the first result, Enter follows it.
	if err := chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("site-search")),
		chromedp.KeyEvent(kb.ArrowDown),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.activeElement && document.activeElement.closest('.search-hit') !== null`)
	target := eval[string](t, ctx, `document.activeElement.getAttribute('href')`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, fmt.Sprintf(`location.pathname === %q`, target))

	// One search box, the header's, filled with the query.
	hits("failover")
	if n := eval[int](t, ctx, `document.querySelectorAll('input[type=search]').length`); n != 1 {
		t.Errorf("%d search boxes on the search page", n)
	}
	if v := eval[string](t, ctx, `document.getElementById('site-search').value`); v != "failover" {
		t.Errorf("the header's box holds %q", v)
	}

	// Items: each hit shows up to three, each a link to an anchor of its
	// page, the query's word marked; the first hit's are retro search's.
	res, err := idx.Search("failover", 1)
	if err != nil || len(res.Hits) == 0 || len(res.Hits[0].Matches) == 0 {
		t.Fatalf("retro search gives no matches for failover: %v %+v", err, res)
	}
	var wantItems []string
	for _, m := range res.Hits[0].Matches {
		wantItems = append(wantItems, res.Hits[0].URL+m.Anchor)
	}
	gotItems := eval[[]string](t, ctx, `[...document.querySelector('.search-hit').querySelectorAll('.search-match a')].map(a => a.getAttribute('href'))`)
	if strings.Join(gotItems, " ") != strings.Join(wantItems, " ") {
		t.Errorf("items of the first hit: page %v, retro search %v", gotItems, wantItems)
	}
	if n := eval[int](t, ctx, `Math.max(...[...document.querySelectorAll('.search-hit')].map(h => h.querySelectorAll('.search-match').length))`); n > 3 {
		t.Errorf("a hit shows %d items", n)
	}
	if !eval[bool](t, ctx, `[...document.querySelectorAll('.search-match')].every(m => m.querySelector('.search-section').textContent !== '' && /failover/i.test(m.querySelector('mark').textContent))`) {
		t.Error("an item lacks its section or a marked word")
	}
	// Each hit shows its date, severity, services and status.
	if !eval[bool](t, ctx, `[...document.querySelectorAll('.search-hit')].every(h => h.querySelector('time') && h.querySelector('.search-severity') && h.querySelector('.search-services') && h.querySelector('.search-status-tag'))`) {
		t.Error("a hit lacks its date, severity, services or status")
	}
	// Facets show category titles, not slugs.
	cats := eval[[]string](t, ctx, `[...document.querySelectorAll('.search-facet')].filter(f => f.querySelector('legend').textContent === 'Categories').flatMap(f => [...f.querySelectorAll('label')].map(l => l.firstChild.textContent.trim()))`)
	if !slices.Contains(cats, "Monitoring and alerting") || slices.ContainsFunc(cats, func(c string) bool { return strings.Contains(c, "-") }) {
		t.Errorf("category facets %v: want titles", cats)
	}

	// Keyboard through the items: ArrowDown from the box to the first
	// title, then to its first item; Enter follows the item to its anchor,
	// which the page has.
	if err := chromedp.Do(ctx,
		chromedp.Focus(chromedp.ID("site-search")),
		chromedp.KeyEvent(kb.ArrowDown),
		chromedp.KeyEvent(kb.ArrowDown),
	); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.activeElement && document.activeElement.closest('.search-match') !== null`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowUp)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.activeElement && document.activeElement.closest('.search-title') !== null`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, fmt.Sprintf(`location.pathname + location.hash === %q`, wantItems[0]))
	anchor := strings.TrimPrefix(res.Hits[0].Matches[0].Anchor, "#")
	waitFor(t, ctx, fmt.Sprintf(`document.getElementById(%q) !== null`, anchor))

	// axe passes the page's states as they are drawn, in both schemes:
	// results with items and facets, nothing found with a filter on, and
	// no query yet.
	for _, st := range []struct{ path, ready string }{
		{"/search/?q=failover", `document.querySelectorAll('.search-match').length > 0`},
		{"/search/?q=zzqqxxnothing&severity=sev1", `document.querySelectorAll('.search-examples a').length > 0`},
		{"/search/", `document.querySelectorAll('.search-examples a').length > 0`},
	} {
		for _, dark := range []bool{false, true} {
			vs, err := webcheck.AxeWhen(ctx, base+st.path, dark, st.ready)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range vs {
				t.Errorf("axe: %s", v)
			}
		}
	}

	// Nothing found: the empty state says what to try, with searches that
	// find something.
	hits("zzqqxxnothing")
	waitFor(t, ctx, `!document.querySelector('.search-empty').hidden && document.querySelectorAll('.search-examples a').length > 0`)
	example := eval[string](t, ctx, `document.querySelector('.search-examples a').getAttribute('href')`)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+example)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `document.querySelectorAll('.search-hit').length > 0`)

	// The hostile retrospective is found, shown as text, and runs nothing.
	got := hits("zanzibarqueue")
	if len(got) == 0 || got[0] != "/retros/2024-01-hostile/" {
		t.Fatalf("hostile retrospective not found: %v", got)
	}
	if pwned := eval[string](t, ctx, `String(window.__pwned)`); pwned != "undefined" {
		t.Errorf("a payload ran on the search page: %s", pwned)
	}
	for _, sel := range []string{"#search-app script", "#search-app img", "#search-app iframe", "#search-app svg", `#search-app [href^="javascript"]`, "#search-app [onerror]", "#search-app [onload]"} {
		if n := eval[int](t, ctx, fmt.Sprintf(`document.querySelectorAll(%q).length`, sel)); n != 0 {
			t.Errorf("%d elements match %s on the search page", n, sel)
		}
	}
	if title := eval[string](t, ctx, `document.querySelector('.search-hit .search-title a').textContent`); !strings.Contains(title, "<script>") {
		t.Errorf("the title is not shown as text: %q", title)
	}
	// Nor on its own page.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/retros/2024-01-hostile/")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if pwned := eval[string](t, ctx, `String(window.__pwned)`); pwned != "undefined" {
		t.Errorf("a payload ran on the incident page: %s", pwned)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('main script, main iframe, main img[onerror], main [onmouseover], main [href^="javascript"]').length`); n != 0 {
		t.Errorf("%d live payload elements on the incident page", n)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// waitFor polls a JavaScript condition for up to ten seconds.
func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			status, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector('.search-status')||{}).textContent + ' @ ' + location.href`))
			t.Fatalf("timed out waiting for %s (page: %s, err %v)", cond, status, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
