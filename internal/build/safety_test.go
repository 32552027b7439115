package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// safeSite is a site with one published retrospective, a bundle and a page:
// every case below adds one hostile thing to it.
const safeSite = `
-- content/retros/2024-03-base/index.md --
---
title: Base
status: draft
started: 2024-03-14 09:12
---
Body.
-- content/retros/2024-03-base/graph.svg --
<svg xmlns="http://www.w3.org/2000/svg"/>
-- content/pages/about.md --
# About
`

// secret stands for a file outside the source that a build must never read.
func secret(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "secret.txt")
	if err := os.WriteFile(p, []byte("SECRET-OUTSIDE-THE-SOURCE\n---\ntitle: x\n---\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
}

func fifo(t *testing.T, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("no FIFOs here: %v", err)
	}
}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// attempt loads and writes src with drafts, and returns every finding and
// error as text. It fails the test if the build takes more than a few
// seconds (a FIFO read would hang it) or if the output holds the secret.
func attempt(t *testing.T, src string) (string, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	type result struct{ text string }
	done := make(chan result, 1)
	go func() {
		a, fs, err := Load(Options{Source: src, Drafts: true, Now: fixedNow})
		var b strings.Builder
		b.WriteString(findingsText(fs))
		if err == nil && fs.Errors(false) == 0 {
			_, err = Write(a, out)
		}
		if err != nil {
			b.WriteString("error: " + err.Error() + "\n")
		}
		done <- result{b.String()}
	}()
	select {
	case r := <-done:
		filepath.WalkDir(out, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("SECRET-OUTSIDE")) {
					t.Errorf("%s holds the secret", p)
				}
			}
			return nil
		})
		return r.text, out
	case <-time.After(30 * time.Second):
		t.Fatal("the build hangs")
		return "", ""
	}
}

// TestSourcesCannotEscape: every way of reading outside the source, or
// reading something that is not a file, is an error at its path.
func TestSourcesCannotEscape(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, src string)
		want  string
	}{
		{"retro symlink out", func(t *testing.T, src string) {
			symlink(t, secret(t), filepath.Join(src, "content/retros/evil.md"))
		}, "content/retros/evil.md: is a symlink leading outside the source"},
		{"retro folder symlink out", func(t *testing.T, src string) {
			symlink(t, filepath.Dir(secret(t)), filepath.Join(src, "content/retros/evil"))
		}, "content/retros/evil: is a symlink leading outside the source"},
		{"retros folder symlink out", func(t *testing.T, src string) {
			other := t.TempDir()
			write(t, filepath.Join(other, "x.md"), "---\ntitle: SECRET-OUTSIDE\nstatus: draft\nstarted: 2024-01-01 10:00\n---\n")
			os.RemoveAll(filepath.Join(src, "content/retros"))
			symlink(t, other, filepath.Join(src, "content/retros"))
		}, "content/retros: is a symlink leading outside the source"},
		{"retro FIFO", func(t *testing.T, src string) {
			fifo(t, filepath.Join(src, "content/retros/pipe.md"))
		}, "content/retros/pipe.md: is not a regular file"},
		{"bundle index FIFO", func(t *testing.T, src string) {
			fifo(t, filepath.Join(src, "content/retros/piped/index.md"))
		}, "content/retros/piped/index.md: is not a regular file"},
		{"bundle file symlink out", func(t *testing.T, src string) {
			symlink(t, secret(t), filepath.Join(src, "content/retros/2024-03-base/passwd.txt"))
		}, "content/retros/2024-03-base/passwd.txt: is a symlink leading outside the source"},
		{"bundle file to /dev/zero", func(t *testing.T, src string) {
			symlink(t, "/dev/zero", filepath.Join(src, "content/retros/2024-03-base/zero.bin"))
		}, "content/retros/2024-03-base/zero.bin: is a symlink leading outside the source"},
		{"static symlink out", func(t *testing.T, src string) {
			symlink(t, secret(t), filepath.Join(src, "static/passwd"))
		}, "static/passwd: is a symlink leading outside the source"},
		{"static folder symlink out", func(t *testing.T, src string) {
			symlink(t, filepath.Dir(secret(t)), filepath.Join(src, "static/etc"))
		}, "static/etc: is a symlink leading outside the source"},
		{"static FIFO", func(t *testing.T, src string) {
			fifo(t, filepath.Join(src, "static/pipe"))
		}, "static/pipe: is not a regular file"},
		{"page symlink out", func(t *testing.T, src string) {
			symlink(t, secret(t), filepath.Join(src, "content/pages/evil.md"))
		}, "content/pages/evil.md: is a symlink leading outside the source"},
		{"collection symlink out", func(t *testing.T, src string) {
			symlink(t, secret(t), filepath.Join(src, "content/collections/evil.yaml"))
		}, "content/collections/evil.yaml: is a symlink leading outside the source"},
		{"site.yaml symlink out", func(t *testing.T, src string) {
			symlink(t, secret(t), filepath.Join(src, "site.yaml"))
		}, "site.yaml: is a symlink leading outside the source"},
		{"site.yaml FIFO", func(t *testing.T, src string) {
			fifo(t, filepath.Join(src, "site.yaml"))
		}, "site.yaml: is not a regular file"},
		{"tickets outside", func(t *testing.T, src string) {
			write(t, filepath.Join(src, "site.yaml"), "tickets: ../tickets.json\n")
		}, "tickets: "},
		{"tickets symlink out", func(t *testing.T, src string) {
			write(t, filepath.Join(src, "site.yaml"), "tickets: tickets.json\n")
			symlink(t, secret(t), filepath.Join(src, "tickets.json"))
		}, "is a symlink leading outside the source"},
		{"theme path", func(t *testing.T, src string) {
			write(t, filepath.Join(src, "site.yaml"), "theme: ../../elsewhere\n")
		}, `site.yaml:1:8: theme "../../elsewhere" is not a folder name of themes/`},
		{"theme symlink out", func(t *testing.T, src string) {
			write(t, filepath.Join(src, "site.yaml"), "theme: mine\n")
			symlink(t, t.TempDir(), filepath.Join(src, "themes/mine"))
		}, "themes/mine: is a symlink leading outside the source"},
		{"theme file symlink out", func(t *testing.T, src string) {
			write(t, filepath.Join(src, "site.yaml"), "theme: mine\n")
			symlink(t, secret(t), filepath.Join(src, "themes/mine/layouts/baseof.html"))
		}, "themes/mine/layouts/baseof.html: is a symlink leading outside the source"},
		{"too large", func(t *testing.T, src string) {
			write(t, filepath.Join(src, "site.yaml"), "max_file_mb: 1\n")
			write(t, filepath.Join(src, "content/retros/huge.md"), "---\ntitle: Huge\nstatus: draft\nstarted: 2024-01-01 10:00\n---\n"+strings.Repeat("word ", 300_000))
		}, "content/retros/huge.md: is too large: 1.4 MB, above the limit of 1.0 MB"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := site(t, safeSite)
			c.setup(t, src)
			got, _ := attempt(t, src)
			if !strings.Contains(got, c.want) {
				t.Errorf("want %q in\n%s", c.want, got)
			}
		})
	}
}

// TestLinksInsideTheSourceWork: a symlink that stays inside the source is
// an ordinary file.
func TestLinksInsideTheSourceWork(t *testing.T) {
	src := site(t, safeSite)
	write(t, filepath.Join(src, "shared/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
	symlink(t, "../../shared/logo.svg", filepath.Join(src, "static/img/logo.svg"))
	got, out := attempt(t, src)
	if got != "" {
		t.Fatalf("unexpected:\n%s", got)
	}
	if _, err := os.Stat(filepath.Join(out, "img/logo.svg")); err != nil {
		t.Error(err)
	}
}

// TestNoSilentOverwrite: a source file that would take a generated path is
// an error naming both.
func TestNoSilentOverwrite(t *testing.T) {
	cases := []struct {
		name, file, want string
	}{
		{"bundle index.html", "content/retros/2024-03-base/index.html", "content/retros/2024-03-base/index.html: would replace the generated page /retros/2024-03-base/"},
		{"static home", "static/index.html", "static/index.html: would replace the generated page /"},
		{"static retro page", "static/retros/2024-03-base/index.html", "static/retros/2024-03-base/index.html: would replace the generated page /retros/2024-03-base/"},
		{"static page", "static/about/index.html", "static/about/index.html: would replace the generated page /about/"},
		{"static asset", "static/assets/style.css", "static/assets/style.css: would replace the theme's /assets/style.css"},
		{"static feed", "static/feed.xml", "static/feed.xml: would replace the generated /feed.xml"},
		{"static export", "static/api/recommendations.csv", "static/api/recommendations.csv: would replace the generated /api/recommendations.csv"},
		{"static search index", "static/search/index.bleve/index_meta.json", "static/search/index.bleve/index_meta.json: would replace the generated /search/index.bleve/index_meta.json"},
		{"static bundle file", "static/retros/2024-03-base/graph.svg", "static/retros/2024-03-base/graph.svg: would replace content/retros/2024-03-base/graph.svg"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := site(t, safeSite)
			write(t, filepath.Join(src, c.file), "<script>raw</script>")
			got, _ := attempt(t, src)
			if !strings.Contains(got, c.want) {
				t.Errorf("want %q in\n%s", c.want, got)
			}
		})
	}
}

// TestPageSlugsCollide: three spellings of one page name are one error at
// the later files, the same on every build.
func TestPageSlugsCollide(t *testing.T) {
	src := site(t, safeSite)
	for _, name := range []string{"my page.md", "my-page.md", "My_Page.md"} {
		write(t, filepath.Join(src, "content/pages", name), "# "+name+"\n")
	}
	got, _ := attempt(t, src)
	for _, want := range []string{
		"content/pages/my page.md:1:1: page content/pages/my page.md and content/pages/My_Page.md would both be /my-page/",
		"content/pages/my-page.md:1:1: page content/pages/my-page.md and content/pages/My_Page.md would both be /my-page/",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in\n%s", want, got)
		}
	}
}

// TestCSVCellsAreInert: a recommendation written as a formula reaches the
// CSV export as text.
func TestCSVCellsAreInert(t *testing.T) {
	src := site(t, `
-- content/retros/2024-03-csv.md --
---
title: CSV
status: draft
started: 2024-03-14 09:12
analysis:
  systemic_problems:
    - id: p1
      problem: A problem.
      category: operational-readiness
recommendations:
  - id: R1
    title: "=HYPERLINK(\"http://evil.example\",\"click\")"
    addresses: [p1]
    status: planned
    done_when: "@SUM(A1)"
---
Body.
`)
	got, out := attempt(t, src)
	if got != "" {
		t.Fatalf("unexpected:\n%s", got)
	}
	csv, err := os.ReadFile(filepath.Join(out, "api/recommendations.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`,"'=HYPERLINK(`, `,'@SUM(A1),`} {
		if !bytes.Contains(csv, []byte(want)) {
			t.Errorf("no %s in\n%s", want, csv)
		}
	}
}
