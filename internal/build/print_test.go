package build

import (
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"retro/internal/webcheck"
)

// pdfPage is a page object of a PDF that Chromium writes (uncompressed
// dictionaries); "/Type /Pages" is the tree above them.
var pdfPage = regexp.MustCompile(`/Type\s*/Page\b`)

// svgClipped finds chart text that runs outside its chart's viewBox, where
// print (and the screen) cuts it off.
const svgClipped = `(() => {
	const bad = [];
	for (const svg of document.querySelectorAll('svg.chart')) {
		const vb = svg.viewBox.baseVal;
		for (const t of svg.querySelectorAll('text')) {
			const b = t.getBBox();
			if (b.x < -0.5 || b.x + b.width > vb.width + 0.5) {
				bad.push((svg.querySelector('title') || {}).textContent + ': "' + t.textContent + '" spans ' + b.x.toFixed(0) + '..' + (b.x + b.width).toFixed(0) + ' of 0..' + vb.width);
			}
		}
	}
	return bad;
})()`

// TestPrintPDF prints the pages a quarterly review runs from, and an
// incident page, to PDF with Chromium on A4 and on US Letter. Each prints
// on a sensible number of pages, the two papers agree, nothing is wider
// than the printed page, no chart text is cut off, and a recommendation's
// history is printed open.
func TestPrintPDF(t *testing.T) {
	out, _ := buildSample(t, false)
	base := webcheck.Serve(t, out)
	ctx := webcheck.Browser(t)
	papers := []struct {
		name          string
		width, height float64 // inches
	}{{"A4", 8.27, 11.69}, {"Letter", 8.5, 11}}
	for _, tc := range []struct {
		path     string
		min, max int // pages
	}{
		{"/quarters/2026-q2/", 2, 8},
		{"/problems/", 2, 10},
		{"/recommendations/", 3, 24},
		{"/retros/2025-03-checkout-failover/", 3, 12},
	} {
		counts := map[string]int{}
		for _, paper := range papers {
			// Lay out as print does, at the width inside the 1.5 cm margins.
			if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
				t.Fatal(err)
			}
			inner := int64((paper.width - 2*1.5/2.54) * 96)
			if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: inner, Height: 1000, DeviceScaleFactor: 1}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate(base+tc.path)); err != nil {
				t.Fatal(err)
			}
			for _, b := range eval[[]string](t, ctx, printOverflow) {
				t.Errorf("%s on %s: %s", tc.path, paper.name, b)
			}
			for _, b := range eval[[]string](t, ctx, svgClipped) {
				t.Errorf("%s on %s: chart text cut off: %s", tc.path, paper.name, b)
			}
			if tc.path == "/retros/2025-03-checkout-failover/" {
				if h := eval[float64](t, ctx, `document.querySelector('details.history li').getBoundingClientRect().height`); h == 0 {
					t.Errorf("%s on %s: the recommendation history is not printed", tc.path, paper.name)
				}
			}
			if _, err := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, struct{}{}); err != nil {
				t.Fatal(err)
			}
			res, err := chromedp.Call(ctx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: paper.width, PaperHeight: paper.height})
			if err != nil {
				t.Fatalf("%s on %s: %v", tc.path, paper.name, err)
			}
			n := len(pdfPage.FindAll(res.Data, -1))
			counts[paper.name] = n
			if n < tc.min || n > tc.max {
				t.Errorf("%s prints on %d %s pages, want %d to %d", tc.path, n, paper.name, tc.min, tc.max)
			}
		}
		if a, l := counts["A4"], counts["Letter"]; a > 0 && (l > a+a/3+1 || a > l+l/3+1) {
			t.Errorf("%s prints on %d A4 pages but %d Letter pages", tc.path, a, l)
		}
		t.Logf("%s: %d pages on A4, %d on Letter", tc.path, counts["A4"], counts["Letter"])
	}
}
