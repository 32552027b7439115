package webcheck

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeJS is axe-core's browser build inside node_modules.
const axeJS = "axe-core/axe.min.js"

// axeTimeout bounds one check, so that a page that never finishes loading
// fails its test instead of hanging until go test's own deadline.
const axeTimeout = 90 * time.Second

// axeRun runs every rule axe enables by default (WCAG 2.x A and AA plus
// axe's best practices) and keeps only what a failure message needs. Targets
// of elements inside iframes or shadow roots are arrays; they are flattened
// to one selector string per step.
const axeRun = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
	id: v.id,
	impact: v.impact || '',
	help: v.help,
	helpUrl: v.helpUrl,
	nodes: v.nodes.map(n => ({
		target: n.target.map(s => Array.isArray(s) ? s.join(' ') : String(s)),
		html: n.html,
		failureSummary: n.failureSummary || '',
	})),
})))`

// Violation is one axe-core rule that a page breaks, with every element that
// breaks it.
type Violation struct {
	// ID is axe's rule id, such as "color-contrast" or "image-alt".
	ID string `json:"id"`
	// Impact is "minor", "moderate", "serious" or "critical".
	Impact string `json:"impact"`
	// Help says in one line what the rule asks for; HelpURL explains it.
	Help    string `json:"help"`
	HelpURL string `json:"helpUrl"`
	// Nodes are the failing elements.
	Nodes []Node `json:"nodes"`
	// URL is the page checked and Scheme the emulated prefers-color-scheme,
	// "light" or "dark".
	URL    string `json:"-"`
	Scheme string `json:"-"`
}

// Node is one element that fails an axe rule.
type Node struct {
	// Target holds the CSS selector of the element; an element inside
	// iframes or shadow roots has one selector per document on the way.
	Target []string `json:"target"`
	// HTML is the element's opening tag and start of its content.
	HTML string `json:"html"`
	// Summary is axe's failureSummary: what to fix, in English.
	Summary string `json:"failureSummary"`
}

// String describes v over several lines with everything needed to fix it:
// the page, the rule, and each failing element with axe's advice.
func (v Violation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s [%s scheme]: %s (%s): %s\n\t%s", v.URL, v.Scheme, v.ID, v.Impact, v.Help, v.HelpURL)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n\tat %s: %s", strings.Join(n.Target, " >>> "), snippet(n.HTML))
		for line := range strings.SplitSeq(n.Summary, "\n") {
			if line = strings.TrimSpace(line); line != "" {
				fmt.Fprintf(&b, "\n\t\t%s", line)
			}
		}
	}
	return b.String()
}

// snippetMax is how much of an element's HTML a failure message quotes: enough
// to recognise the element, short enough that <html> or <body> does not quote
// the whole page.
const snippetMax = 200

// snippet puts html on one line and shortens it to snippetMax runes.
func snippet(html string) string {
	s := strings.Join(strings.Fields(html), " ")
	if r := []rune(s); len(r) > snippetMax {
		s = string(r[:snippetMax]) + "…"
	}
	return s
}

// Axe loads url in the browser tab of ctx (from Browser) with the light colour
// scheme, runs axe-core on it and returns its violations; none means the page
// passed. axe-core comes from node_modules (`npm ci`), never the network. A
// page that answers with an HTTP error status is an error, not a check of the
// error page: check /404.html itself for that.
func Axe(ctx context.Context, url string) ([]Violation, error) {
	return axe(ctx, url, "light", "")
}

// AxeDark is Axe with prefers-color-scheme: dark, for pages whose CSS has a
// dark theme: its colours need contrast checks of their own.
func AxeDark(ctx context.Context, url string) ([]Violation, error) {
	return axe(ctx, url, "dark", "")
}

// AxeWhen is Axe, or AxeDark when dark is set, on the page once the
// JavaScript condition ready holds: for a page that builds its content
// after it loads, such as the search page's results.
func AxeWhen(ctx context.Context, url string, dark bool, ready string) ([]Violation, error) {
	scheme := "light"
	if dark {
		scheme = "dark"
	}
	return axe(ctx, url, scheme, ready)
}

func axe(ctx context.Context, url, scheme, ready string) ([]Violation, error) {
	path, err := nodeModuleFile(axeJS)
	if err != nil {
		return nil, err
	}
	// Read per call rather than cached in a package variable: it is 650 kB
	// from the page cache, next to a page load and a full axe run.
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("webcheck: axe: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, axeTimeout)
	defer cancel()

	// Set the scheme before loading, as a page may read it while it loads,
	// and every time, because the tab keeps the last call's setting.
	_, err = chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		return nil, fmt.Errorf("webcheck: axe %s: emulating prefers-color-scheme: %s: %w", url, scheme, err)
	}
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		return nil, fmt.Errorf("webcheck: axe: loading %s: %w", url, err)
	}
	if resp != nil && resp.Status >= 400 {
		return nil, fmt.Errorf("webcheck: axe: loading %s: HTTP status %d %s", url, resp.Status, resp.StatusText)
	}
	for ready != "" {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("Boolean("+ready+")"))
		if err != nil {
			return nil, fmt.Errorf("webcheck: axe %s: waiting for %s: %w", url, ready, err)
		}
		if ok {
			break
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("webcheck: axe %s: waiting for %s: %w", url, ready, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	// "void 0" last: the script's own completion value need not survive
	// being returned by value.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](string(src)+"\n;void 0")); err != nil {
		return nil, fmt.Errorf("webcheck: axe %s: injecting %s: %w", url, path, err)
	}
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](axeRun, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("webcheck: axe %s (%s scheme): %w", url, scheme, err)
	}
	for i := range vs {
		vs[i].URL = url
		vs[i].Scheme = scheme
	}
	return vs, nil
}
