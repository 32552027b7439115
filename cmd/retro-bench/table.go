package main

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

var columns = []string{
	"RETROS", "GEN", "SRC FILES", "SRC SIZE",
	"BUILD", "CPU", "MAX RSS",
	"PAGES", "FILES", "OUT SIZE",
	"BLEVE", "BROWSER", "BROWSER FILES",
}

// searchColumns are the second table's: the search index's share of the
// build (bleve index, then the browser index exported from it) and what
// the search page fetches for a first query.
var searchColumns = []string{
	"RETROS", "BLEVE TIME", "BROWSER TIME", "FIRST QUERY", "WORST QUERY", "QUERY FILES",
}

// printTable writes one aligned row per size, then the search figures.
// With several runs the headers say the times are medians.
func printTable(w io.Writer, rows []row, runs int) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := slices.Clone(columns)
	note := ""
	if runs > 1 {
		header[4] = fmt.Sprintf("BUILD (median of %d)", runs)
		note = fmt.Sprintf("; times are medians of %d builds", runs)
	}
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(cells(r), "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print table: %w", err)
	}
	fmt.Fprintf(w, "\nSearch: the index's share of the build, and the bytes and files the search page fetches for a first\n"+
		"query (median and worst of %d queries of 1-3 words: %s%s).\n", len(benchQueries), strings.Join(benchQueries, ", "), note)
	fmt.Fprintln(tw, strings.Join(searchColumns, "\t")+"\t")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(searchCells(r), "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print table: %w", err)
	}
	if err := printGrowth(w, rows); err != nil {
		return err
	}
	if slices.ContainsFunc(rows, func(r row) bool { return r.hasPreview }) {
		if err := printPreview(w, rows); err != nil {
			return err
		}
	}
	if slices.ContainsFunc(rows, func(r row) bool { return r.hasHugo }) {
		if err := printComparison(w, rows); err != nil {
			return err
		}
	}
	for _, r := range rows {
		if r.skipped != "" {
			fmt.Fprintf(w, "\n%d retros skipped: %s (-force runs it anyway).\n", r.size, r.skipped)
		}
	}
	return nil
}

// growthColumns are the growth table's: a build's cost at each size, the
// largest page, and how each cost grew from the size before, as the
// exponent k of n^k (1 is linear).
var growthColumns = []string{"RETROS", "WALL", "CPU", "MAX RSS", "OUT SIZE", "LARGEST PAGE", "WALL k", "CPU k", "RSS k", "OUT k", "LARGEST PAGE PATH"}

// printGrowth sets the sizes side by side, so that the cost's growth with
// the archive is on record.
func printGrowth(w io.Writer, rows []row) error {
	fmt.Fprintln(w, "\nGrowth: each size's build, and its cost against the size measured before it as k in n^k (1 is linear).")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(growthColumns, "\t")+"\t")
	var prev *row
	for i, r := range rows {
		c := []string{fmt.Sprint(r.size)}
		switch {
		case r.skipped != "":
			c = padTo(append(c, "SKIPPED"), len(growthColumns))
		case r.err != nil || r.genTime == 0:
			c = padTo(append(c, "FAILED"), len(growthColumns))
		default:
			b, o := r.build, r.output
			c = append(c, seconds(b.wall), seconds(b.cpu), ifKnown(b.maxRSS > 0, bytesize(b.maxRSS)), bytesize(o.all.bytes),
				ifKnown(o.pages > 0, bytesize(o.largest)))
			if prev != nil {
				c = append(c, exponent(prev.size, r.size, int64(prev.build.wall), int64(b.wall)),
					exponent(prev.size, r.size, int64(prev.build.cpu), int64(b.cpu)),
					exponent(prev.size, r.size, prev.build.maxRSS, b.maxRSS),
					exponent(prev.size, r.size, prev.output.all.bytes, o.all.bytes))
			} else {
				c = append(c, "-", "-", "-", "-")
			}
			c = append(c, ifKnown(o.pages > 0, pagePath(o.largestPath)))
			prev = &rows[i]
		}
		fmt.Fprintln(tw, strings.Join(c, "\t")+"\t")
	}
	return flush(tw)
}

// pagePath turns a page's file in the site into its URL path:
// recommendations/index.html is /recommendations/.
func pagePath(rel string) string {
	if rel == "index.html" {
		return "/"
	}
	if dir, ok := strings.CutSuffix(rel, "/index.html"); ok {
		return "/" + dir + "/"
	}
	return "/" + rel
}

// exponent is k such that cost b at size nb is cost a at size na times
// (nb/na)^k.
func exponent(na, nb int, a, b int64) string {
	if na <= 0 || nb <= 0 || na == nb || a <= 0 || b <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", math.Log(float64(b)/float64(a))/math.Log(float64(nb)/float64(na)))
}

// previewColumns are the preview table's: retro serve at each size, how it
// learns of a new build, how long its first build took to be served, and
// per edit the time from saving the file to the reload reaching the page
// and to the edited page serving the new text (median and worst), and the
// server's own figure for the rebuild when it gives one.
var previewColumns = []string{"RETROS", "RELOAD BY", "READY", "RELOAD", "WORST RELOAD", "NEW PAGE", "WORST PAGE", "SERVER", "SERVE RSS"}

func printPreview(w io.Writer, rows []row) error {
	edits := 0
	for _, r := range rows {
		edits = max(edits, len(r.preview.reload))
	}
	fmt.Fprintf(w, "\nPreview: retro serve on the same archive; each of %d edits appends a sentence to one retrospective\n"+
		"(written beside it and renamed over it, as editors save); times from the save.\n", edits)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(previewColumns, "\t")+"\t")
	for _, r := range rows {
		if !r.hasPreview {
			continue
		}
		p := r.preview
		c := []string{fmt.Sprint(r.size)}
		if p.err != nil {
			c = padTo(append(c, "FAILED"), len(previewColumns))
		} else {
			c = append(c, p.mechanism, seconds(p.ready),
				millis(median(p.reload)), millis(slices.Max(p.reload)), millis(median(p.page)), millis(slices.Max(p.page)),
				ifKnown(len(p.server) > 0, millis(median(p.server))), ifKnown(p.maxRSS > 0, bytesize(p.maxRSS)))
		}
		fmt.Fprintln(tw, strings.Join(c, "\t")+"\t")
	}
	return flush(tw)
}

func flush(tw *tabwriter.Writer) error {
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print table: %w", err)
	}
	return nil
}

func millis(d time.Duration) string {
	if d < 10*time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	return seconds(d)
}

// compareColumns are the side-by-side table's: each tool on the same
// generated files, then retro's figures as a ratio of Hugo's (below 1 is
// retro using less).
var compareColumns = []string{"RETROS", "TOOL", "WALL", "CPU", "MAX RSS", "FILES", "OUT SIZE"}

func printComparison(w io.Writer, rows []row) error {
	fmt.Fprintln(w, "\nretro and Hugo (a plain three-taxonomy site) on the same files; ratio is retro / Hugo.")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(compareColumns, "\t")+"\t")
	for _, r := range rows {
		if !r.hasHugo || r.err != nil {
			continue
		}
		rb, hb := r.build, r.hugo
		ro, ho := r.output.all, r.hugoOut
		n := fmt.Sprint(r.size)
		fmt.Fprintln(tw, strings.Join([]string{n, "retro", seconds(rb.wall), seconds(rb.cpu), bytesize(rb.maxRSS), fmt.Sprint(ro.files), bytesize(ro.bytes)}, "\t")+"\t")
		fmt.Fprintln(tw, strings.Join([]string{n, "hugo", seconds(hb.wall), seconds(hb.cpu), bytesize(hb.maxRSS), fmt.Sprint(ho.files), bytesize(ho.bytes)}, "\t")+"\t")
		fmt.Fprintln(tw, strings.Join([]string{n, "ratio",
			ratio(float64(rb.wall), float64(hb.wall)), ratio(float64(rb.cpu), float64(hb.cpu)),
			ratio(float64(rb.maxRSS), float64(hb.maxRSS)), ratio(float64(ro.files), float64(ho.files)),
			ratio(float64(ro.bytes), float64(ho.bytes))}, "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print table: %w", err)
	}
	return nil
}

func ratio(a, b float64) string {
	if b == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// searchCells formats a row's search figures in the order of
// searchColumns; the query files are median/worst.
func searchCells(r row) []string {
	c := []string{fmt.Sprint(r.size)}
	if r.skipped != "" {
		return padTo(append(c, "SKIPPED"), len(searchColumns))
	}
	if r.genTime == 0 || r.err != nil {
		return padTo(append(c, "FAILED"), len(searchColumns))
	}
	b, q := r.build, r.queries
	return append(c,
		ifKnown(b.hasSearch, seconds(b.bleveTime)), ifKnown(b.hasSearch, seconds(b.browserTime)),
		ifKnown(q.n > 0, bytesize(q.medianBytes)), ifKnown(q.n > 0, bytesize(q.worstBytes)),
		ifKnown(q.n > 0, fmt.Sprintf("%d/%d", q.medianFiles, q.worstFiles)),
	)
}

// cells formats a row in the order of columns. A failed stage shows FAILED
// in its first column and dashes after it; a zero genTime means generation
// itself did not finish.
func cells(r row) []string {
	c := []string{fmt.Sprint(r.size)}
	if r.skipped != "" {
		return pad(append(c, "SKIPPED"))
	}
	if r.genTime == 0 {
		return pad(append(c, "FAILED"))
	}
	c = append(c, seconds(r.genTime), fmt.Sprint(r.source.files), bytesize(r.source.bytes))
	if r.err != nil {
		return pad(append(c, "FAILED"))
	}
	o := r.output
	return append(c,
		seconds(r.build.wall), seconds(r.build.cpu), ifKnown(r.build.maxRSS > 0, bytesize(r.build.maxRSS)),
		fmt.Sprint(o.pages), fmt.Sprint(o.all.files), bytesize(o.all.bytes),
		ifKnown(o.hasBleve, bytesize(o.bleve.bytes)),
		ifKnown(o.hasBrowser, bytesize(o.browser.bytes)), ifKnown(o.hasBrowser, fmt.Sprint(o.browser.files)),
	)
}

// pad fills the columns after a failure with dashes.
func pad(c []string) []string { return padTo(c, len(columns)) }

func padTo(c []string, n int) []string {
	for len(c) < n {
		c = append(c, "-")
	}
	return c
}

// ifKnown returns s, or a dash for a measure that does not apply.
func ifKnown(ok bool, s string) string {
	if ok {
		return s
	}
	return "-"
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

// bytesize prints binary units with one decimal, matching what du -h shows.
func bytesize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	v, i := float64(n)/unit, 0
	for v >= unit && i < 3 {
		v /= unit
		i++
	}
	return fmt.Sprintf("%.1f %s", v, []string{"KiB", "MiB", "GiB", "TiB"}[i])
}
