package render

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"retro/internal/archive"
)

var (
	viewBoxRE = regexp.MustCompile(`viewBox="0 0 (\d+) (\d+)"`)
	numAttrRE = regexp.MustCompile(` (x|cx|x1|x2|width)="(-?[0-9.]+)"`)
)

// named checks what every chart needs: an image named by its <title> and
// described by its <desc>, both referenced by aria-labelledby.
func named(t *testing.T, svg, id string) {
	t.Helper()
	for _, w := range []string{
		`role="img"`,
		`aria-labelledby="` + id + `-title ` + id + `-desc"`,
		`<title id="` + id + `-title">`,
		`<desc id="` + id + `-desc">`,
	} {
		if !strings.Contains(svg, w) {
			t.Errorf("chart %s lacks %s:\n%s", id, w, svg)
		}
	}
	if strings.Contains(svg, "<script") || strings.Contains(svg, "http") {
		t.Errorf("chart %s has a script or an external reference", id)
	}
	if strings.Contains(svg, ` width="`+"100%") || regexp.MustCompile(`<svg[^>]* (width|height)=`).MatchString(svg) {
		t.Errorf("chart %s has a fixed size; it should scale with its viewBox", id)
	}
}

// inside checks that every x coordinate lies within the viewBox.
func inside(t *testing.T, svg string) {
	t.Helper()
	m := viewBoxRE.FindStringSubmatch(svg)
	if m == nil {
		t.Fatalf("no viewBox: %s", svg)
	}
	w, _ := strconv.ParseFloat(m[1], 64)
	for _, a := range numAttrRE.FindAllStringSubmatch(svg, -1) {
		v, err := strconv.ParseFloat(a[2], 64)
		if err != nil || v < 0 || v > w {
			t.Errorf("%s=%q is outside the viewBox width %v", a[1], a[2], w)
		}
	}
}

func TestBarChart(t *testing.T) {
	bars := []Bar{{"Monitoring <and> alerting", 4}, {"Design complexity", 2}, {"Safety culture", 0}}
	svg := string(BarChart(Chart{ID: "c", Title: `Problems "by" category`, Desc: BarDesc(bars)}, bars))
	named(t, svg, "c")
	inside(t, svg)
	if !strings.Contains(svg, "Monitoring &lt;and&gt; alerting") || strings.Contains(svg, "<and>") {
		t.Error("a label is not escaped")
	}
	if !strings.Contains(svg, `<title id="c-title">Problems &#34;by&#34; category</title>`) {
		t.Errorf("the title is not escaped: %s", svg)
	}
	if !strings.Contains(svg, "<desc id=\"c-desc\">Monitoring &lt;and&gt; alerting: 4; Design complexity: 2; Safety culture: 0.</desc>") {
		t.Errorf("the description does not carry every number: %s", svg)
	}
	// Bars are proportional; a zero draws no bar but keeps its value.
	widths := regexp.MustCompile(`<rect class="bar" [^>]*width="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
	if len(widths) != 2 {
		t.Fatalf("%d bars, want 2", len(widths))
	}
	w0, _ := strconv.ParseFloat(widths[0][1], 64)
	w1, _ := strconv.ParseFloat(widths[1][1], 64)
	if w0 != 2*w1 {
		t.Errorf("bars of 4 and 2 are %v and %v wide", w0, w1)
	}
	if !strings.Contains(svg, `>0</text>`) {
		t.Error("the zero value is not written")
	}
	if svg != string(BarChart(Chart{ID: "c", Title: `Problems "by" category`, Desc: BarDesc(bars)}, bars)) {
		t.Error("the same numbers draw different charts")
	}
	empty := string(BarChart(Chart{ID: "e", Title: "Nothing", Desc: "None."}, nil))
	named(t, empty, "e")
	if !strings.Contains(empty, "None.") {
		t.Error("an empty chart does not say so")
	}
}

func TestColumnChartAndSparkline(t *testing.T) {
	bars := []Bar{{"2025 Q1", 2}, {"2025 Q2", 0}, {"2025 Q3", 1}}
	svg := string(ColumnChart(Chart{ID: "q", Title: "Per quarter", Desc: BarDesc(bars)}, bars))
	named(t, svg, "q")
	inside(t, svg)
	if n := strings.Count(svg, `<rect class="bar"`); n != 2 {
		t.Errorf("%d columns drawn, want 2 (none for a zero)", n)
	}
	for _, l := range []string{">2025 Q1<", ">2025 Q2<", ">2025 Q3<"} {
		if !strings.Contains(svg, l) {
			t.Errorf("no label %s", l)
		}
	}
	spark := string(Sparkline(Chart{ID: "s", Title: "Trend", Desc: "2025 Q1: 2."}, []int{2, 0, 1, 4}))
	named(t, spark, "s")
	inside(t, spark)
	if n := strings.Count(spark, `<rect class="bar"`); n != 3 {
		t.Errorf("%d sparkline columns, want 3", n)
	}
	if strings.Contains(spark, "<text") {
		t.Error("a sparkline writes text; its numbers belong in its description")
	}
	// Many quarters still fit.
	many := make([]Bar, 30)
	for i := range many {
		many[i] = Bar{Label: "2020 Q1", Value: i}
	}
	inside(t, string(ColumnChart(Chart{ID: "m", Title: "Many", Desc: "."}, many)))
}

func dist(ds ...time.Duration) archive.Distribution {
	return archive.NewDistribution(ds)
}

func TestDurationScale(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows []DotRow
	}{
		{"minutes", []DotRow{{"a", dist(2*time.Minute, 43*time.Minute)}}},
		{"minutes to a day", []DotRow{{"a", dist(2 * time.Minute)}, {"b", dist(26 * time.Hour)}}},
		{"weeks", []DotRow{{"a", dist(12*24*time.Hour, 40*24*time.Hour)}}},
		{"one value", []DotRow{{"a", dist(time.Hour)}}},
		{"zero", []DotRow{{"a", dist(0, 30*time.Second)}}},
		{"years", []DotRow{{"a", dist(time.Minute, 800*24*time.Hour)}}},
		{"nothing", []DotRow{{"a", dist()}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewDurationScale(tc.rows...)
			if s.Lo >= s.Hi {
				t.Fatalf("empty scale %v..%v", s.Lo, s.Hi)
			}
			for _, r := range tc.rows {
				if len(r.Dist.Values) > 0 && (r.Dist.Max > s.Hi || (r.Dist.Min < s.Lo && r.Dist.Min >= time.Minute)) {
					t.Errorf("%v..%v does not cover %v..%v", s.Lo, s.Hi, r.Dist.Min, r.Dist.Max)
				}
			}
			if len(s.Ticks) < 2 || len(s.Ticks) > 8 || !slices.IsSorted(s.Ticks) {
				t.Errorf("ticks %v", s.Ticks)
			}
			if s.Ticks[0] != s.Lo || s.Ticks[len(s.Ticks)-1] != s.Hi {
				t.Errorf("ticks %v do not mark the ends %v and %v", s.Ticks, s.Lo, s.Hi)
			}
			if p := s.pos(s.Lo); p != 0 {
				t.Errorf("pos(lo) = %v", p)
			}
			if p := s.pos(s.Hi); p < 0.999 || p > 1.001 {
				t.Errorf("pos(hi) = %v", p)
			}
		})
	}
}

func TestDotPlot(t *testing.T) {
	rows := []DotRow{
		{"Time to detect", dist(2*time.Minute, 43*time.Minute, 518*time.Minute)},
		{"Time to mitigate", dist(47*time.Minute, 47*time.Minute, 47*time.Minute, 58*time.Minute, 3*time.Hour)}, // ties stack
		{"Time to resolve", dist()},
	}
	c := Chart{ID: "times", Title: "Times <Q1>", Desc: DistDesc("Time to detect", rows[0].Dist)}
	svg := string(DotPlot(c, NewDurationScale(rows...), rows))
	named(t, svg, "times")
	inside(t, svg)
	if n := strings.Count(svg, `<circle class="dot"`); n != 8 {
		t.Errorf("%d dots, want one per value (8)", n)
	}
	// Below five values the median and quartiles are the dots themselves:
	// only the measure with five gets a band and a median.
	if n := strings.Count(svg, `class="median"`); n != 1 {
		t.Errorf("%d medians, want one, for the measure with five values", n)
	}
	if n := strings.Count(svg, `class="iqr"`); n != 1 {
		t.Errorf("%d quartile bands, want 1", n)
	}
	if !strings.Contains(svg, "logarithmic scale</text>") {
		t.Error("the axis does not say its scale")
	}
	if !strings.Contains(svg, "no incidents with this milestone") {
		t.Error("an empty measure is not explained")
	}
	if !strings.Contains(svg, "Times &lt;Q1&gt;") {
		t.Error("the title is not escaped")
	}
	// Tied values do not hide each other.
	dots := regexp.MustCompile(`<circle class="dot" cx="([0-9.]+)" cy="([0-9.]+)"`).FindAllStringSubmatch(svg, -1)
	seen := map[string]bool{}
	for _, d := range dots {
		if seen[d[1]+","+d[2]] {
			t.Errorf("two dots at %s,%s", d[1], d[2])
		}
		seen[d[1]+","+d[2]] = true
	}
	if svg != string(DotPlot(c, NewDurationScale(rows...), rows)) {
		t.Error("the same numbers draw different charts")
	}
	want := "Time to detect, 3 incidents: 2 min, 43 min, 8 h 38 min."
	if got := DistDesc("Time to detect", rows[0].Dist); got != want {
		t.Errorf("DistDesc = %q, want %q", got, want)
	}
	want = "Time to mitigate, 5 incidents: 47 min, 47 min, 47 min, 58 min, 3 h; median 47 min, quartiles 47 min to 58 min."
	if got := DistDesc("Time to mitigate", rows[1].Dist); got != want {
		t.Errorf("DistDesc = %q, want %q", got, want)
	}
	if got := DistDesc("Lead time", dist()); got != "Lead time: no incidents." {
		t.Errorf("DistDesc of nothing = %q", got)
	}
}

func TestClipAndNum(t *testing.T) {
	if got := clip("Communication and coordination", 10); got != "Communica…" {
		t.Errorf("clip = %q", got)
	}
	if got := clip("short", 10); got != "short" {
		t.Errorf("clip = %q", got)
	}
	for f, want := range map[float64]string{3: "3", 2.25: "2.3", 0.04: "0", 150.96: "151"} {
		if got := num(f); got != want {
			t.Errorf("num(%v) = %q, want %q", f, got, want)
		}
	}
}

// TestDotPlotOfMany: a strip of more values than maxDots draws its spread,
// a whisker from the shortest to the longest with the band and median,
// and no dots; its description gives the range, not every value.
func TestDotPlotOfMany(t *testing.T) {
	var many []time.Duration
	for i := range maxDots + 1 {
		many = append(many, time.Duration(i+1)*time.Minute)
	}
	rows := []DotRow{{"Time to detect", dist(many...)}, {"Time to resolve", dist(time.Hour, 2*time.Hour)}}
	desc := DistDesc("Time to detect", rows[0].Dist)
	svg := string(DotPlot(Chart{ID: "times", Title: "Times", Desc: desc}, NewDurationScale(rows...), rows))
	if n := strings.Count(svg, `<circle class="dot"`); n != 2 {
		t.Errorf("%d dots, want only the two of the short strip", n)
	}
	if n := strings.Count(svg, `class="whisker"`); n != 1 {
		t.Errorf("%d whiskers, want one, for the strip of %d values", n, maxDots+1)
	}
	if n := strings.Count(svg, `class="median"`) + strings.Count(svg, `class="iqr"`); n != 2 {
		t.Errorf("%d medians and bands, want the long strip's two", n)
	}
	want := fmt.Sprintf("Time to detect, %d incidents from 1 min to 2 h 31 min; median 1 h 16 min, quartiles", maxDots+1)
	if !strings.HasPrefix(desc, want) || strings.Contains(desc, "2 min, 3 min") {
		t.Errorf("DistDesc = %q, want the range %q… and not every value", desc, want)
	}
}
