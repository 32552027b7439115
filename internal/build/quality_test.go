package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"retro/internal/webcheck"
)

// TestHTMLQuality checks every page of the test site and of the sample
// archive with the Nu HTML Checker, and with axe-core in light and dark.
func TestHTMLQuality(t *testing.T) {
	data, err := os.ReadFile("testdata/full.txtar")
	if err != nil {
		t.Fatal(err)
	}
	t.Run("full", func(t *testing.T) { checkQuality(t, site(t, string(data))) })
	t.Run("sample", func(t *testing.T) { checkQuality(t, "../..") })
}

func checkQuality(t *testing.T, src string) {
	// Served at the root of a test host, so the base path is /.
	a, findings, err := Load(Options{Source: src, Drafts: true, Now: fixedNow, BaseURL: "https://retros.example.com/"})
	if err != nil || findings.Errors(false) > 0 {
		t.Fatalf("%v\n%s", err, findingsText(findings))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(a, out); err != nil {
		t.Fatal(err)
	}
	webcheck.Need(t, webcheck.Java, webcheck.NPMTools, webcheck.Chromium)
	msgs, err := webcheck.Vnu(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		t.Errorf("vnu: %s", m)
	}
	base := webcheck.Serve(t, out)
	ctx := webcheck.Browser(t)
	var pages []string
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") && !isRedirect(p) {
			rel, _ := filepath.Rel(out, p)
			pages = append(pages, "/"+strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
		}
		return nil
	})
	if len(pages) < 8 {
		t.Fatalf("only %d pages: %v", len(pages), pages)
	}
	// vnu has read every page above; axe reads every layout, through a few
	// pages of each kind (a ticket page is laid out like every other).
	for _, p := range sampleLayouts(pages, 3) {
		if p == "/search/" {
			p += "?q=failover" // with results, facets and marks
		}
		for _, axe := range []func() ([]webcheck.Violation, error){
			func() ([]webcheck.Violation, error) { return webcheck.Axe(ctx, base+p) },
			func() ([]webcheck.Violation, error) { return webcheck.AxeDark(ctx, base+p) },
		} {
			vs, err := axe()
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			for _, v := range vs {
				t.Errorf("axe: %s", v)
			}
		}
	}
}

// isRedirect tells an alias page, which navigates away before axe can run.
func isRedirect(path string) bool {
	data, err := os.ReadFile(path)
	return err == nil && strings.Contains(string(data), `http-equiv="refresh"`)
}

// sampleLayouts keeps at most n pages of each kind, a kind being the first
// path segment and the depth: /tickets/a/ and /tickets/b/ are one kind.
// Incident pages are all kept: their content varies the most.
func sampleLayouts(pages []string, n int) []string {
	seen := map[string]int{}
	var out []string
	for _, p := range pages {
		parts := strings.Split(strings.Trim(p, "/"), "/")
		kind := parts[0] + "/" + strconv.Itoa(len(parts))
		if parts[0] != "retros" && seen[kind] >= n {
			continue
		}
		seen[kind]++
		out = append(out, p)
	}
	return out
}
