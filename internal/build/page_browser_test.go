package build

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"retro/internal/webcheck"
)

// TestIncidentPageNavigation follows links into an incident page in
// Chromium as an onboarding doc would: an alias link keeps its #anchor, the
// targeted recommendation lands below the top edge and is marked, the table
// of contents reaches every section, and only the status badge is coloured.
func TestIncidentPageNavigation(t *testing.T) {
	out, _ := buildSample(t, false)
	base := webcheck.Serve(t, out)
	ctx := webcheck.Browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 1280, Height: 800, DeviceScaleFactor: 1}); err != nil {
		t.Fatal(err)
	}

	// The alias redirect keeps the fragment of the link that was followed.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/retros/2025-03-14-db-failover/#rec-R2")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, `location.pathname == '/retros/2025-03-checkout-failover/'`)
	if got := eval[string](t, ctx, `location.hash`); got != "#rec-R2" {
		t.Errorf("after the alias redirect the fragment is %q, want #rec-R2", got)
	}
	waitFor(t, ctx, `document.readyState == 'complete'`)

	// The target is scrolled into view with room above it, and marked.
	top := eval[float64](t, ctx, `document.getElementById('rec-R2').getBoundingClientRect().top`)
	if top < 8 || top > 100 {
		t.Errorf("the targeted recommendation is %.0f px from the top of the window, want a small margin (8..100)", top)
	}
	if outline := eval[string](t, ctx, `getComputedStyle(document.getElementById('rec-R2')).outlineStyle`); outline == "none" {
		t.Error("the targeted recommendation is not marked")
	}

	// Every section of the page is in the table of contents, and every
	// entry leads to a section.
	missing := eval[[]string](t, ctx, `(() => {
		const toc = new Set([...document.querySelectorAll('.toc a')].map(a => a.getAttribute('href')));
		const ids = [...document.querySelectorAll('.retro-body > section[id]')].map(s => '#' + s.id).filter(h => h != '#footnotes');
		const bad = ids.filter(h => !toc.has(h)).map(h => 'not in the contents: ' + h);
		for (const h of toc) if (!document.querySelector(h)) bad.push('contents entry leads nowhere: ' + h);
		return bad;
	})()`)
	for _, m := range missing {
		t.Error(m)
	}
	// Sticky on a wide screen: still in view after scrolling far down.
	tocTop := eval[float64](t, ctx, `window.scrollTo(0, document.body.scrollHeight / 2), document.querySelector('.toc').getBoundingClientRect().top`)
	if tocTop < 0 || tocTop > 100 {
		t.Errorf("the table of contents is at %.0f px after scrolling: not sticky", tocTop)
	}

	// The status summary under the title counts every recommendation.
	summary := eval[string](t, ctx, `document.querySelector('.rec-summary').textContent`)
	if !strings.Contains(summary, "4 done") {
		t.Errorf("status summary %q, want 4 done", summary)
	}

	// The badge is green, the card around it is not.
	colours := eval[[]string](t, ctx, `(() => {
		const rec = document.getElementById('rec-R1');
		return [getComputedStyle(rec).backgroundColor, getComputedStyle(rec.querySelector('.status')).backgroundColor];
	})()`)
	if colours[0] == colours[1] {
		t.Errorf("a done recommendation's card has its badge's colour %s", colours[0])
	}

	// Section links show on focus.
	opacity := eval[string](t, ctx, `(() => { const a = document.querySelector('#timeline .self-link'); a.focus(); return getComputedStyle(a).opacity; })()`)
	if opacity != "1" {
		t.Errorf("a focused section link has opacity %s, want it visible", opacity)
	}
}

// TestRetrosFilters uses the year and status filters of /retros/ without
// JavaScript: a filter link targets an element and the stylesheet shows
// only the matching rows.
func TestRetrosFilters(t *testing.T) {
	out, a := buildSample(t, true)
	base := webcheck.Serve(t, out)
	ctx := webcheck.Browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, r := range a.Retros {
		want["year-"+r.Started.Time.Format("2006")]++
		want["status-"+r.Status]++
	}
	want[""] = len(a.Retros)
	visible := `[...document.querySelectorAll('.retro-row')].filter(r => r.offsetParent !== null).length`
	for _, frag := range []string{"", "year-2025", "year-2026", "status-draft", "status-review", "status-final"} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+"/retros/#"+frag)); err != nil {
			t.Fatal(err)
		}
		if got := eval[int](t, ctx, visible); got != want[frag] {
			t.Errorf("/retros/#%s shows %d retrospectives, want %d", frag, got, want[frag])
		}
		if frag != "" && eval[int](t, ctx, `document.querySelectorAll('a[href="#`+frag+`"]').length`) != 1 {
			t.Errorf("no filter link to #%s", frag)
		}
	}
}
