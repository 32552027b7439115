package build

import (
	"context"
	"testing"

	"retro/internal/webcheck"
)

// lighthouseMin is the score every category must reach.
const lighthouseMin = 95

// TestLighthouse scores the home page, an incident page, a quarter page
// and the search page with Lighthouse in performance, accessibility, best
// practices and SEO. Lighthouse comes from npm (package.json); without it
// the test skips with how to get it, except under CI=true, where it fails.
func TestLighthouse(t *testing.T) {
	if testing.Short() {
		t.Skip("Lighthouse takes about 20 s a page")
	}
	webcheck.Need(t, webcheck.Chromium, webcheck.NodeJSTool, webcheck.LighthouseTool)
	out, _ := buildSample(t, false)
	base := webcheck.Serve(t, out)
	for _, p := range []string{"/", "/retros/2026-01-payments-webhook-backlog/", "/quarters/2026-q2/", "/search/?q=failover"} {
		res, err := webcheck.Lighthouse(context.Background(), base+p, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		// Performance is timed on a shared machine, where other tests'
		// work lengthens the page's tasks: a page under the bar is
		// measured up to twice more, and the best run counts.
		for try := 0; try < 2 && res.Scores["performance"] < lighthouseMin; try++ {
			again, err := webcheck.Lighthouse(context.Background(), base+p, t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			if again.Scores["performance"] > res.Scores["performance"] {
				res.Scores["performance"], res.Failed["performance"] = again.Scores["performance"], again.Failed["performance"]
			}
		}
		t.Logf("%s: %v", p, res.Scores)
		for _, c := range webcheck.LighthouseCategories {
			if res.Scores[c] < lighthouseMin {
				t.Errorf("%s: Lighthouse %s score %d, want at least %d; lost points on %v", p, c, res.Scores[c], lighthouseMin, res.Failed[c])
			}
		}
	}
}
