package build

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"retro/internal/webcheck"
)

// pageKinds is one page of every kind of a built site (a kind being the
// first path segment and the depth), the search page with a query, and a
// few incident pages, whose content varies the most.
func pageKinds(t *testing.T, out string) []string {
	t.Helper()
	var pages []string
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") && !isRedirect(p) {
			rel, _ := filepath.Rel(out, p)
			pages = append(pages, "/"+strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
		}
		return nil
	})
	seen := map[string]int{}
	var kinds []string
	for _, p := range pages {
		parts := strings.Split(strings.Trim(p, "/"), "/")
		kind := fmt.Sprint(parts[0], len(parts))
		limit := 1
		if parts[0] == "retros" && len(parts) == 2 {
			limit = 4
		}
		if seen[kind] >= limit {
			continue
		}
		seen[kind]++
		if p == "/search/" {
			p += "?q=failover"
		}
		kinds = append(kinds, p)
	}
	if len(kinds) < 15 {
		t.Fatalf("only %d kinds of page: %v", len(kinds), kinds)
	}
	return kinds
}

// pageChecks finds what a reader would see go wrong on the page in view:
// anything wider than the window (a sideways scroll), and chart text
// smaller than 12 CSS pixels once the chart is scaled to its box.
const pageChecks = `(() => {
	const bad = [];
	const vw = document.documentElement.clientWidth;
	if (document.documentElement.scrollWidth > vw) {
		bad.push('the page is ' + document.documentElement.scrollWidth + ' px wide in a ' + vw + ' px window');
	}
	for (const svg of document.querySelectorAll('svg.chart')) {
		const box = svg.viewBox.baseVal;
		if (!box || !box.width || !svg.getBoundingClientRect().width) continue;
		const scale = svg.getBoundingClientRect().width / box.width;
		for (const text of svg.querySelectorAll('text')) {
			const px = parseFloat(getComputedStyle(text).fontSize) * scale;
			if (px < 11.95) {
				bad.push('chart "' + (svg.querySelector('title') || {}).textContent + '": text "' + text.textContent + '" is ' + px.toFixed(1) + ' px');
				break;
			}
		}
	}
	return bad;
})()`

// TestEveryPageKind opens a page of every kind in Chromium at a phone's
// width (390 px) and a laptop's (1280 px) and fails on a sideways scroll,
// chart text under 12 px, or any console error or failed load (a missing
// favicon counts); at 390 px it also runs axe-core in light and dark (the
// HTML quality test runs it at 1280 px).
func TestEveryPageKind(t *testing.T) {
	webcheck.Need(t, webcheck.NPMTools, webcheck.Chromium)
	out, _ := buildSample(t, true)
	base := webcheck.Serve(t, out)
	ctx := webcheck.Browser(t)

	var mu sync.Mutex
	var errs []string
	if _, err := chromedp.Call(ctx, cdplog.Enable, struct{}{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, strings.Trim(string(a.Value), `"`)+a.Description)
				}
				msg = "console." + string(ev.Type) + ": " + strings.Join(args, " ")
			}
		case *runtime.EventExceptionThrown:
			msg = "uncaught: " + ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				msg += " " + ev.ExceptionDetails.Exception.Description
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				msg = string(ev.Entry.Source) + ": " + ev.Entry.Text + " " + ev.Entry.URL
			}
		}
		if msg != "" {
			mu.Lock()
			errs = append(errs, msg)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	takeErrs := func() []string {
		mu.Lock()
		defer mu.Unlock()
		e := errs
		errs = nil
		return e
	}

	for _, p := range pageKinds(t, out) {
		for _, width := range []int64{390, 1280} {
			if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 900, DeviceScaleFactor: 1, Mobile: width < 600}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+p)); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			if p == "/search/?q=failover" {
				waitFor(t, ctx, `document.querySelectorAll('.search-results li, .hit, [data-hit]').length > 0 || document.readyState == 'complete'`)
			}
			for _, b := range eval[[]string](t, ctx, pageChecks) {
				t.Errorf("%s at %d px: %s", p, width, b)
			}
			for _, e := range takeErrs() {
				t.Errorf("%s at %d px: %s", p, width, e)
			}
		}
		// axe at the phone's width, where the layout differs most.
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 390, Height: 900, DeviceScaleFactor: 1, Mobile: true}); err != nil {
			t.Fatal(err)
		}
		for _, axe := range []func() ([]webcheck.Violation, error){
			func() ([]webcheck.Violation, error) { return webcheck.Axe(ctx, base+p) },
			func() ([]webcheck.Violation, error) { return webcheck.AxeDark(ctx, base+p) },
		} {
			vs, err := axe()
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			for _, v := range vs {
				t.Errorf("axe at 390 px: %s", v)
			}
		}
		takeErrs()
	}
}
