package export

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"retro/internal/archive"
	"retro/internal/config"
	"retro/internal/retro"
)

// TestSitemapPagesAndIndex writes a few pages by hand: redirects (however
// their markup is cased) and 404.html are left out, folders stand for their
// index.html, hidden folders are skipped, and past the URL limit the
// sitemap becomes an index of numbered sitemaps.
func TestSitemapPagesAndIndex(t *testing.T) {
	out := t.TempDir()
	pages := map[string]string{
		"index.html":               "<html><head><title>Home</title></head><body>a page that mentions http-equiv=\"refresh\" in its body</body></html>",
		"retros/a/index.html":      "<html><head></head></html>",
		"retros/old/index.html":    `<html><head><META HTTP-EQUIV="Refresh" content="0; url=/sub/retros/a/"></head></html>`,
		"retros/b c/index.html":    "<html></html>",
		"static-page.html":         "<html></html>",
		"404.html":                 "<html></html>",
		".retro-build/x.html":      "<html></html>",
		"assets/style.css":         "body{}",
		"retros/a/attachment.html": "<!DOCTYPE html><p>an attachment</p>",
	}
	for name, body := range pages {
		p := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site := config.Default()
	if err := site.SetBaseURL("https://retros.example.com/sub"); err != nil {
		t.Fatal(err)
	}
	a := archive.New(site, nil, false, retro.Date{Year: 2026, Month: 11, Day: 24})
	a.ComputeViews()
	want := []string{
		"https://retros.example.com/sub/",
		"https://retros.example.com/sub/retros/a/",
		"https://retros.example.com/sub/retros/a/attachment.html",
		"https://retros.example.com/sub/retros/b%20c/",
		"https://retros.example.com/sub/static-page.html",
	}

	e := &exporter{a: a, out: out, sitemapURLs: SitemapURLs}
	if n, err := e.sitemap(); err != nil || n != 1 {
		t.Fatalf("sitemap: %d files, %v", n, err)
	}
	if got := locs(t, filepath.Join(out, "sitemap.xml"), "urlset"); !slices.Equal(got, want) {
		t.Errorf("sitemap lists\n%q\nwant\n%q", got, want)
	}

	e.sitemapURLs = 2
	if n, err := e.sitemap(); err != nil || n != 4 {
		t.Fatalf("split sitemap: %d files, %v", n, err)
	}
	index := locs(t, filepath.Join(out, "sitemap.xml"), "sitemapindex")
	wantIndex := []string{
		"https://retros.example.com/sub/sitemap-1.xml",
		"https://retros.example.com/sub/sitemap-2.xml",
		"https://retros.example.com/sub/sitemap-3.xml",
	}
	if !slices.Equal(index, wantIndex) {
		t.Fatalf("sitemap index %q", index)
	}
	var all []string
	for i := range 3 {
		all = append(all, locs(t, filepath.Join(out, fmt.Sprintf("sitemap-%d.xml", i+1)), "urlset")...)
	}
	if !slices.Equal(all, want) {
		t.Errorf("the parts list\n%q\nwant\n%q", all, want)
	}
}

// locs reads the <loc>s of a sitemap or sitemap index.
func locs(t *testing.T, path, root string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		XMLName xml.Name
		URLs    []string `xml:"url>loc"`
		Parts   []string `xml:"sitemap>loc"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if doc.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" || doc.XMLName.Local != root {
		t.Errorf("%s: root %v, want %s", path, doc.XMLName, root)
	}
	return append(doc.URLs, doc.Parts...)
}
