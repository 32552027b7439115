package main

import (
	"fmt"
	"io"
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
	if slices.ContainsFunc(rows, func(r row) bool { return r.hasHugo }) {
		return printComparison(w, rows)
	}
	return nil
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
