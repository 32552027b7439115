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

// chartW is the width of every chart but a sparkline, in viewBox units:
// narrow enough that a phone shows it at nearly full size, so its 13-unit
// text never falls below 12 px; the stylesheet keeps it near that size on
// wide screens and on paper.
const chartW = 380

// BarChart draws horizontal bars, each under its label, with the value at
// the end of the bar; labels above the bars never need clipping to fit a
// column. An empty list draws a note instead.
func BarChart(c Chart, bars []Bar) template.HTML {
	const w, row, top = chartW, 40, 4
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
	area := float64(w - 40)
	for i, bar := range bars {
		y := top + i*row
		bw := area * float64(bar.Value) / float64(peak)
		fmt.Fprintf(&b, `<text class="label" x="0" y="%d">%s</text>`, y+14, esc(clip(bar.Label, 50)))
		if bar.Value > 0 {
			fmt.Fprintf(&b, `<rect class="bar" x="0" y="%d" width="%s" height="14"></rect>`, y+20, num(max(bw, 2)))
		}
		fmt.Fprintf(&b, `<text class="value" x="%s" y="%d">%d</text>`, num(bw+6), y+32, bar.Value)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// ColumnChart draws vertical columns in order, for a series over time: the
// value above each column and the labels under them, as many as fit
// without overlapping (every other one, or fewer, on a long series).
func ColumnChart(c Chart, bars []Bar) template.HTML {
	const h, base, top = 180, 150, 22
	colW := min(64, max(chartW/max(len(bars), 1), 12))
	w := max(colW*len(bars), chartW)
	labelW := 0
	for _, bar := range bars {
		labelW = max(labelW, len([]rune(bar.Label))*7+8) // about 7 units a character at 13
	}
	every := max(1, (labelW+colW-1)/colW)
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
		if colW >= 18 {
			fmt.Fprintf(&b, `<text class="value" x="%d" y="%s" text-anchor="middle">%d</text>`, x+colW/2, num(float64(base)-bh-6), bar.Value)
		}
		if (len(bars)-1-i)%every == 0 { // the latest is always labelled
			cx := min(max(x+colW/2, labelW/2), w-labelW/2)
			fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="middle">%s</text>`, cx, base+18, esc(bar.Label))
		}
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

// minSpread is the fewest values for which a dot plot draws the median
// and quartiles: below it they are one or two of the dots themselves, and
// a band would pretend to a spread that is not there.
const minSpread = 5

// maxDots is the most values a strip draws one by one. Past it the dots
// pile into a solid bar anyway while each still weighs the page (a strip
// per quarter of 10,000 incidents drew 30,000 of them): the strip draws
// the spread instead, a whisker from the shortest to the longest.
const maxDots = 150

// DotPlot draws one strip per row, each under its label, on a shared
// logarithmic duration axis whose scale is written under it: each value a
// dot (stacked where they would overlap) and, from minSpread values on,
// the quartiles a band and the median a bar across it; past maxDots
// values, a whisker from the shortest to the longest instead of the dots.
func DotPlot(c Chart, s DurationScale, rows []DotRow) template.HTML {
	const w, left, right, rowH, axisH, r = chartW, 24, 24, 64, 48, 5.0
	plotW := float64(w - left - right)
	h := rowH*len(rows) + axisH
	x := func(d time.Duration) float64 { return float64(left) + s.pos(d)*plotW }
	var b strings.Builder
	svgOpen(&b, c, "chart-dots", w, h)
	for _, t := range s.Ticks {
		fmt.Fprintf(&b, `<line class="grid" x1="%s" y1="20" x2="%s" y2="%d"></line>`, num(x(t)), num(x(t)), rowH*len(rows))
	}
	for i, row := range rows {
		cy := float64(i*rowH + 20 + (rowH-20)/2)
		fmt.Fprintf(&b, `<text class="label" x="0" y="%d">%s</text>`, i*rowH+14, esc(clip(row.Label, 50)))
		d := row.Dist
		if len(d.Values) == 0 {
			fmt.Fprintf(&b, `<text class="note" x="%d" y="%s">no incidents with this milestone</text>`, left, num(cy+4))
			continue
		}
		if len(d.Values) > maxDots {
			fmt.Fprintf(&b, `<line class="whisker" x1="%s" y1="%s" x2="%s" y2="%s"></line>`, num(x(d.Min)), num(cy), num(x(d.Max)), num(cy))
		}
		if len(d.Values) >= minSpread {
			fmt.Fprintf(&b, `<rect class="iqr" x="%s" y="%s" width="%s" height="16"></rect>`, num(x(d.P25)), num(cy-8), num(max(x(d.P75)-x(d.P25), 1)))
			fmt.Fprintf(&b, `<line class="median" x1="%s" y1="%s" x2="%s" y2="%s"></line>`, num(x(d.Median)), num(cy-14), num(x(d.Median)), num(cy+14))
		}
		if len(d.Values) > maxDots {
			continue
		}
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
			half := float64(rowH-20) / 2
			off = min(max(off, -half+r), half-r)
			fmt.Fprintf(&b, `<circle class="dot" cx="%s" cy="%s" r="%s"></circle>`, num(px), num(cy+off), num(r))
		}
	}
	base := rowH * len(rows)
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"></line>`, left, base, w-right, base)
	for _, t := range s.Ticks {
		fmt.Fprintf(&b, `<line class="axis" x1="%s" y1="%d" x2="%s" y2="%d"></line>`, num(x(t)), base, num(x(t)), base+5)
		fmt.Fprintf(&b, `<text class="tick" x="%s" y="%d" text-anchor="middle">%s</text>`, num(x(t)), base+20, esc(Duration(t)))
	}
	fmt.Fprintf(&b, `<text class="note" x="%d" y="%d">from the start of the incident, logarithmic scale</text>`, left, base+40)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// DistDesc describes a distribution in words with every value, for a
// chart's description: "3 incidents: 2 min, 43 min, 8 h 38 min; median
// 43 min, quartiles 22 min to 4 h 40 min". Past maxDots values, as the
// chart, it gives the range instead of every value.
func DistDesc(label string, d archive.Distribution) string {
	if len(d.Values) == 0 {
		return label + ": no incidents."
	}
	if len(d.Values) > maxDots {
		return fmt.Sprintf("%s, %s from %s to %s; median %s, quartiles %s to %s.", label, plural(len(d.Values), "incident", "incidents"),
			Duration(d.Min), Duration(d.Max), Duration(d.Median), Duration(d.P25), Duration(d.P75))
	}
	vals := make([]string, len(d.Values))
	for i, v := range d.Values {
		vals[i] = Duration(v)
	}
	if len(d.Values) < minSpread {
		return fmt.Sprintf("%s, %s: %s.", label, plural(len(d.Values), "incident", "incidents"), strings.Join(vals, ", "))
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
