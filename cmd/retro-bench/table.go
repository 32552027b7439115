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

// printTable writes one aligned row per size. With several runs the header
// says the build figures are medians.
func printTable(w io.Writer, rows []row, runs int) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	header := slices.Clone(columns)
	if runs > 1 {
		header[4] = fmt.Sprintf("BUILD (median of %d)", runs)
	}
	fmt.Fprintln(tw, strings.Join(header, "\t")+"\t")
	for _, r := range rows {
		fmt.Fprintln(tw, strings.Join(cells(r), "\t")+"\t")
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print table: %w", err)
	}
	return nil
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
func pad(c []string) []string {
	for len(c) < len(columns) {
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
