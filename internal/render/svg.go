package render

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"retro/internal/archive"
)

// Charts are inline SVG written at build time: no script, no external
// resource, the same bytes for the same numbers. Each is an image with an
// accessible name (<title>) and description (<desc>, which carries every
// number), both referenced by aria-labelledby; the page shows the same
// numbers in a table beside it. Sizes are in viewBox units only, so a chart
// scales with its container on screen and on paper. Colours come from the
// theme's CSS classes, so they follow light, dark and print.

// Bar is one labelled value of a bar or column chart.
type Bar struct {
	Label string
	Value int
}

// Chart is what every chart needs to be named: a page-unique id prefix, a
// title (its accessible name) and a description.
type Chart struct {
	ID    string
	Title string
	Desc  string
}

// svgOpen writes the <svg> element with its name and description.
func svgOpen(b *strings.Builder, c Chart, class string, w, h int) {
	id := esc(c.ID)
	fmt.Fprintf(b, `<svg class="chart %s" role="img" aria-labelledby="%s-title %s-desc" viewBox="0 0 %d %d" preserveAspectRatio="xMinYMin meet">`, class, id, id, w, h)
	fmt.Fprintf(b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(c.Title), id, esc(c.Desc))
}

func esc(s string) string { return template.HTMLEscapeString(s) }

// num formats a coordinate: integers stay integers, others keep one decimal.
func num(f float64) string {
	f = math.Round(f*10) / 10
	if f == math.Trunc(f) {
		return strconv.Itoa(int(f))
	}
	return strconv.FormatFloat(f, 'f', 1, 64)
}

// BarDesc lists the bars as "label: value" for a chart's description.
func BarDesc(bars []Bar) string {
	parts := make([]string, len(bars))
	for i, b := range bars {
		parts[i] = fmt.Sprintf("%s: %d", b.Label, b.Value)
	}
	return strings.Join(parts, "; ") + "."
}

// BarChart draws horizontal bars, one row per label, with the value at the
// end of each bar. An empty list draws a note instead.
func BarChart(c Chart, bars []Bar) template.HTML {
	const w, labelW, row, top = 460, 200, 26, 6
	h := top*2 + row*max(len(bars), 1)
	peak := 0
	for _, b := range bars {
		peak = max(peak, b.Value)
	}
	var b strings.Builder
	svgOpen(&b, c, "chart-bar", w, h)
	if len(bars) == 0 || peak == 0 {
		fmt.Fprintf(&b, `<text class="note" x="0" y="%d">None.</text></svg>`, top+17)
		return template.HTML(b.String())
	}
	area := float64(w - labelW - 40)
	for i, bar := range bars {
		y := top + i*row
		bw := area * float64(bar.Value) / float64(peak)
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="end">%s</text>`, labelW-8, y+17, esc(clip(bar.Label, 28)))
		if bar.Value > 0 {
			fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%d" width="%s" height="%d"></rect>`, labelW, y+4, num(max(bw, 2)), row-8)
		}
		fmt.Fprintf(&b, `<text class="value" x="%s" y="%d">%d</text>`, num(float64(labelW)+bw+6), y+17, bar.Value)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// ColumnChart draws vertical columns in order, for a series over time: the
// label under each column, its value above.
func ColumnChart(c Chart, bars []Bar) template.HTML {
	const h, base, top = 180, 150, 22
	colW := 64
	if len(bars) > 9 {
		colW = max(600/len(bars), 24)
	}
	w := max(colW*len(bars), 200)
	peak := 0
	for _, b := range bars {
		peak = max(peak, b.Value)
	}
	var b strings.Builder
	svgOpen(&b, c, "chart-columns", w, h)
	fmt.Fprintf(&b, `<line class="axis" x1="0" y1="%d" x2="%d" y2="%d"></line>`, base, w, base)
	for i, bar := range bars {
		x := i * colW
		bh := 0.0
		if peak > 0 {
			bh = float64(base-top) * float64(bar.Value) / float64(peak)
		}
		if bar.Value > 0 {
			fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%s" width="%d" height="%s"></rect>`, x+colW/6, num(float64(base)-bh), colW-colW/3, num(bh))
		}
		fmt.Fprintf(&b, `<text class="value" x="%d" y="%s" text-anchor="middle">%d</text>`, x+colW/2, num(float64(base)-bh-6), bar.Value)
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="middle">%s</text>`, x+colW/2, base+18, esc(clip(bar.Label, colW/7)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Sparkline is a small column chart for a table cell, with no text of its
// own: its description carries the numbers.
func Sparkline(c Chart, values []int) template.HTML {
	const colW, h = 8, 24
	w := max(colW*len(values), colW)
	peak := 0
	for _, v := range values {
		peak = max(peak, v)
	}
	var b strings.Builder
	svgOpen(&b, c, "spark", w, h)
	fmt.Fprintf(&b, `<line class="axis" x1="0" y1="%d" x2="%d" y2="%d"></line>`, h-1, w, h-1)
	for i, v := range values {
		if v == 0 || peak == 0 {
			continue
		}
		bh := float64(h-3) * float64(v) / float64(peak)
		fmt.Fprintf(&b, `<rect class="bar" x="%d" y="%s" width="%d" height="%s"></rect>`, i*colW+1, num(float64(h-1)-bh), colW-2, num(bh))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// DotRow is one measure of a dot plot: every value a mark, with its median
// and quartiles.
type DotRow struct {
	Label string
	Dist  archive.Distribution
}

// durationTicks are the candidate marks of a duration axis.
var durationTicks = []time.Duration{
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour, 2 * 24 * time.Hour,
	4 * 24 * time.Hour, 7 * 24 * time.Hour, 14 * 24 * time.Hour, 28 * 24 * time.Hour,
	56 * 24 * time.Hour, 112 * 24 * time.Hour, 365 * 24 * time.Hour,
}

// coarseTicks are the marks of a long axis.
var coarseTicks = []time.Duration{
	time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 4 * time.Hour, 24 * time.Hour,
	4 * 24 * time.Hour, 14 * 24 * time.Hour, 56 * 24 * time.Hour, 365 * 24 * time.Hour,
}

// DurationScale maps durations to a logarithmic axis: durations of
// incidents span minutes to days, and a linear axis would crush the short
// ones against zero.
type DurationScale struct {
	Lo, Hi time.Duration
	Ticks  []time.Duration
}

// NewDurationScale covers every value of the rows, from a tick at or below
// the shortest to a tick at or above the longest.
func NewDurationScale(rows ...DotRow) DurationScale {
	lo, hi := time.Duration(math.MaxInt64), time.Duration(0)
	for _, r := range rows {
		if len(r.Dist.Values) > 0 {
			lo, hi = min(lo, r.Dist.Min), max(hi, r.Dist.Max)
		}
	}
	if hi == 0 {
		lo, hi = time.Minute, time.Hour
	}
	s := DurationScale{Lo: durationTicks[0], Hi: durationTicks[len(durationTicks)-1]}
	for _, t := range durationTicks {
		if t <= lo {
			s.Lo = t
		}
	}
	for i := len(durationTicks) - 1; i >= 0; i-- {
		if durationTicks[i] >= hi {
			s.Hi = durationTicks[i]
		}
	}
	if hi > s.Hi {
		s.Hi = hi
	}
	if s.Hi <= s.Lo {
		for _, t := range durationTicks {
			if t > s.Lo {
				s.Hi = t
				break
			}
		}
	}
	var in []time.Duration
	for _, t := range durationTicks {
		if t >= s.Lo && t <= s.Hi {
			in = append(in, t)
		}
	}
	if len(in) <= 7 {
		s.Ticks = in
		return s
	}
	// Too many: the ends, and the coarse marks between them that are not
	// crowding an end.
	s.Ticks = []time.Duration{s.Lo}
	for _, t := range coarseTicks {
		if t > s.Lo && t < s.Hi && s.pos(t)-s.pos(s.Lo) > 0.08 && s.pos(s.Hi)-s.pos(t) > 0.08 {
			s.Ticks = append(s.Ticks, t)
		}
	}
	if inner := len(s.Ticks) - 1; inner > 5 {
		// Still too many (an axis of years): every other inner mark.
		thin := []time.Duration{s.Lo}
		for i := 2; i <= inner; i += 2 {
			thin = append(thin, s.Ticks[i])
		}
		s.Ticks = thin
	}
	s.Ticks = append(s.Ticks, s.Hi)
	return s
}

// pos is the position of d on the scale, from 0 to 1.
func (s DurationScale) pos(d time.Duration) float64 {
	d = min(max(d, s.Lo), s.Hi)
	lo, hi := math.Log(float64(s.Lo)), math.Log(float64(s.Hi))
	return (math.Log(float64(d)) - lo) / (hi - lo)
}

// DotPlot draws one strip per row on a shared logarithmic duration axis:
// each value a dot (stacked where they would overlap), the quartiles a band
// and the median a bar across it.
func DotPlot(c Chart, s DurationScale, rows []DotRow) template.HTML {
	const w, labelW, right, rowH, axisH, r = 640, 150, 24, 60, 34, 5.0
	plotW := float64(w - labelW - right)
	h := rowH*len(rows) + axisH
	x := func(d time.Duration) float64 { return float64(labelW) + s.pos(d)*plotW }
	var b strings.Builder
	svgOpen(&b, c, "chart-dots", w, h)
	for _, t := range s.Ticks {
		fmt.Fprintf(&b, `<line class="grid" x1="%s" y1="0" x2="%s" y2="%d"></line>`, num(x(t)), num(x(t)), rowH*len(rows))
	}
	for i, row := range rows {
		cy := float64(i*rowH + rowH/2)
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%s" text-anchor="end">%s</text>`, labelW-10, num(cy+4), esc(clip(row.Label, 22)))
		d := row.Dist
		if len(d.Values) == 0 {
			fmt.Fprintf(&b, `<text class="note" x="%d" y="%s">no incidents with this milestone</text>`, labelW, num(cy+4))
			continue
		}
		fmt.Fprintf(&b, `<rect class="iqr" x="%s" y="%s" width="%s" height="16"></rect>`, num(x(d.P25)), num(cy-8), num(max(x(d.P75)-x(d.P25), 1)))
		fmt.Fprintf(&b, `<line class="median" x1="%s" y1="%s" x2="%s" y2="%s"></line>`, num(x(d.Median)), num(cy-14), num(x(d.Median)), num(cy+14))
		// Stack dots that would overlap: levels 0, +1, -1, +2, -2 ...
		var placed [][]float64 // per level, the x of its dots
		for _, v := range d.Values {
			px := x(v)
			level := 0
			for ; level < len(placed); level++ {
				free := true
				for _, q := range placed[level] {
					if math.Abs(q-px) < 2*r {
						free = false
						break
					}
				}
				if free {
					break
				}
			}
			if level == len(placed) {
				placed = append(placed, nil)
			}
			placed[level] = append(placed[level], px)
			off := float64((level+1)/2) * 2 * r * 0.9
			if level%2 == 1 {
				off = -off
			}
			off = min(max(off, -float64(rowH)/2+r), float64(rowH)/2-r)
			fmt.Fprintf(&b, `<circle class="dot" cx="%s" cy="%s" r="%s"></circle>`, num(px), num(cy+off), num(r))
		}
	}
	base := rowH * len(rows)
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"></line>`, labelW, base, w-right, base)
	for _, t := range s.Ticks {
		fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%d" x2="%s" y2="%d"></line>`, num(x(t)), base, num(x(t)), base+5)
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%d" text-anchor="middle">%s</text>`, num(x(t)), base+20, esc(Duration(t)))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// DistDesc describes a distribution in words with every value, for a
// chart's description: "3 incidents: 2 min, 43 min, 8 h 38 min; median
// 43 min, quartiles 22 min to 4 h 40 min".
func DistDesc(label string, d archive.Distribution) string {
	if len(d.Values) == 0 {
		return label + ": no incidents."
	}
	vals := make([]string, len(d.Values))
	for i, v := range d.Values {
		vals[i] = Duration(v)
	}
	return fmt.Sprintf("%s, %s: %s; median %s, quartiles %s to %s.", label, plural(len(d.Values), "incident", "incidents"),
		strings.Join(vals, ", "), Duration(d.Median), Duration(d.P25), Duration(d.P75))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

// clip shortens a label to n characters with an ellipsis; the full text is
// in the chart's description and table.
func clip(s string, n int) string {
	r := []rune(s)
	if n < 2 || len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
