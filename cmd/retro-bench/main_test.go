package main

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"retro/internal/search"
)

// fakeRetro stands in for retro while it is being written: it checks the
// arguments and that the destination does not exist yet (as retro would
// refuse to replace it), then writes a small site with both search folders.
const fakeRetro = `#!/bin/sh
[ "$1" = build ] && [ "$2" = --source ] && [ "$4" = --dest ] || { echo "bad args: $*" >&2; exit 2; }
src=$3 dest=$5
[ -e "$dest" ] && { echo "refusing to replace $dest" >&2; exit 1; }
[ -f "$src/site.yaml" ] || { echo "no site.yaml in $src" >&2; exit 1; }
mkdir -p "$dest/retros/a" "$dest/search/index.bleve/store" "$dest/search/browser"
printf '<html></html>' > "$dest/index.html"
printf '<html>a</html>' > "$dest/retros/a/index.html"
printf '{}' > "$dest/sitemap.xml"
head -c 1000 /dev/zero > "$dest/search/index.bleve/store/root.bolt"
head -c 300 /dev/zero > "$dest/search/browser/terms-0.json"
head -c 200 /dev/zero > "$dest/search/browser/docs-0.json"
[ -n "$RETRO_SEARCH_STATS" ] && printf '{"indexTime":1500000000,"browserTime":250000000}' > "$RETRO_SEARCH_STATS"
exit 0
`

const failingRetro = `#!/bin/sh
echo "content/retros/x.md:3:1: unknown key" >&2
exit 1
`

func script(t *testing.T, body string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("needs /bin/sh")
	}
	p := filepath.Join(t.TempDir(), "retro")
	if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunBuildMeasures(t *testing.T) {
	retro := script(t, fakeRetro)
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "site.yaml"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	dest := filepath.Join(t.TempDir(), "out")
	res, err := runBuild(retro, site, dest)
	if err != nil {
		t.Fatal(err)
	}
	if res.wall <= 0 {
		t.Errorf("wall time %v", res.wall)
	}
	if runtime.GOOS == "linux" && res.maxRSS < 100<<10 {
		t.Errorf("max RSS %d bytes; a shell needs more than 100 KiB", res.maxRSS)
	}
	out, err := scanOutput(dest)
	if err != nil {
		t.Fatal(err)
	}
	want := outputStats{
		all:   treeStats{files: 6, bytes: 13 + 14 + 2 + 1000 + 300 + 200},
		pages: 2, largest: 14, largestPath: "retros/a/index.html",
		bleve: treeStats{files: 1, bytes: 1000}, hasBleve: true,
		browser: treeStats{files: 2, bytes: 500}, hasBrowser: true,
	}
	if out != want {
		t.Errorf("scanOutput = %+v, want %+v", out, want)
	}
}

func TestRunBuildFailure(t *testing.T) {
	retro := script(t, failingRetro)
	_, err := runBuild(retro, t.TempDir(), filepath.Join(t.TempDir(), "out"))
	if err == nil || !strings.Contains(err.Error(), "unknown key") {
		t.Fatalf("err = %v, want the build's own message", err)
	}
}

func TestScanOutputWithoutSearch(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := scanOutput(dir)
	if err != nil {
		t.Fatal(err)
	}
	if out.hasBleve || out.hasBrowser || out.pages != 1 {
		t.Errorf("scanOutput = %+v", out)
	}
}

// TestRunEndToEnd drives the whole command with the stand-in: two runs per
// size prove the previous output is removed before each build.
func TestRunEndToEnd(t *testing.T) {
	retro := script(t, fakeRetro)
	work := t.TempDir()
	var stdout, stderr bytes.Buffer
	err := run([]string{"-retro", retro, "-sizes", "20,30", "-runs", "2", "-edits", "0", "-work", work}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 14 {
		t.Fatalf("tables have %d lines:\n%s", len(lines), stdout.String())
	}
	if !strings.Contains(lines[0], "BUILD (median of 2)") || !strings.Contains(lines[0], "BROWSER FILES") {
		t.Errorf("header: %s", lines[0])
	}
	for i, n := range []string{"20", "30"} {
		f := strings.Fields(lines[i+1])
		if f[0] != n || strings.Contains(lines[i+1], "FAILED") {
			t.Errorf("row %d: %s", i+1, lines[i+1])
		}
	}
	// The search table: the index times the build reported, and no query
	// figures for a site without a browser index the harness can read.
	if !strings.Contains(lines[5], "times are medians of 2 builds") || !strings.Contains(lines[6], "BLEVE TIME") {
		t.Errorf("search table header:\n%s\n%s", lines[5], lines[6])
	}
	for i, n := range []string{"20", "30"} {
		if f := strings.Fields(lines[i+7]); len(f) != 6 || f[0] != n || f[1] != "1.50s" || f[2] != "0.25s" || f[3] != "-" {
			t.Errorf("search row %d: %s", i+1, lines[i+7])
		}
	}
	// The growth table: each size's cost, its largest page and, from the
	// second size on, the exponents of its growth.
	if !strings.HasPrefix(lines[10], "Growth:") || !strings.Contains(lines[11], "LARGEST PAGE PATH") {
		t.Errorf("growth table header:\n%s\n%s", lines[10], lines[11])
	}
	for i, n := range []string{"20", "30"} {
		f := strings.Fields(lines[i+12])
		if len(f) != 14 || f[0] != n || f[7] != "14" || f[8] != "B" || f[13] != "/retros/a/" {
			t.Errorf("growth row %d: %q", i+1, f)
		}
		if k := f[9]; (i == 0) != (k == "-") {
			t.Errorf("growth row %d: wall exponent %s", i+1, k)
		}
	}
	// Running again over the same work folder must succeed too.
	stdout.Reset()
	if err := run([]string{"-retro", retro, "-sizes", "20", "-edits", "0", "-work", work}, &stdout, &stderr); err != nil {
		t.Fatalf("second run: %v\n%s", err, stderr.String())
	}
}

func TestRunReportsFailure(t *testing.T) {
	retro := script(t, failingRetro)
	var stdout, stderr bytes.Buffer
	err := run([]string{"-retro", retro, "-sizes", "5", "-work", t.TempDir()}, &stdout, &stderr)
	if err == nil {
		t.Fatal("run succeeded with a failing build")
	}
	if !strings.Contains(stdout.String(), "FAILED") || !strings.Contains(stderr.String(), "unknown key") {
		t.Errorf("stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
}

func TestParseFlags(t *testing.T) {
	var stderr bytes.Buffer
	cfg, err := parseFlags(nil, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.sizes) != 2 || cfg.sizes[0] != 1000 || cfg.sizes[1] != 10000 || cfg.work != ".bench" || cfg.runs != 1 {
		t.Errorf("defaults: %+v", cfg)
	}
	for _, args := range [][]string{
		{"-sizes", "10,x"}, {"-sizes", "0"}, {"-runs", "0"}, {"extra"}, {"-nope"},
	} {
		if _, err := parseFlags(args, &stderr); !errors.Is(err, errUsage) {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{nil, 0}, {[]time.Duration{5}, 5}, {[]time.Duration{9, 1, 5}, 5}, {[]time.Duration{4, 1, 3, 2}, 2},
	} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestTailBuffer(t *testing.T) {
	tb := &tailBuffer{max: 5}
	tb.Write([]byte("abc"))
	tb.Write([]byte("defgh"))
	if got := tb.String(); got != "defgh" {
		t.Errorf("tail = %q", got)
	}
}

func TestBytesize(t *testing.T) {
	for n, want := range map[int64]string{512: "512 B", 2048: "2.0 KiB", 3 << 20: "3.0 MiB", 5 << 30: "5.0 GiB"} {
		if got := bytesize(n); got != want {
			t.Errorf("bytesize(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestFirstQueries measures the first queries on a real search index.
func TestFirstQueries(t *testing.T) {
	dir := t.TempDir()
	if q, err := firstQueries(dir); err != nil || q.n != 0 {
		t.Errorf("no browser index: %+v, %v", q, err)
	}
	if _, err := search.Build(dir, search.SyntheticDocuments(200, 1)); err != nil {
		t.Fatal(err)
	}
	q, err := firstQueries(dir)
	if err != nil {
		t.Fatal(err)
	}
	// The manifest, the facet table and a term file at least.
	if q.n != len(benchQueries) || q.medianBytes <= 0 || q.worstBytes < q.medianBytes || q.medianFiles < 3 || q.worstFiles < q.medianFiles {
		t.Errorf("first queries: %+v", q)
	}
	if err := os.WriteFile(filepath.Join(dir, browserPath, "manifest.json"), []byte("{"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := firstQueries(dir); err == nil {
		t.Error("a broken manifest was measured")
	}
}

// fakeHugo stands in for Hugo: it checks that the site it is given reads
// the generated archive's content folder, then writes two pages.
const fakeHugo = `#!/bin/sh
[ "$1" = --source ] && [ "$3" = --destination ] || { echo "bad args: $*" >&2; exit 2; }
content=$(sed -n 's/^contentDir = "\(.*\)"$/\1/p' "$2/hugo.toml")
[ -d "$content/retros" ] || { echo "contentDir $content has no retros" >&2; exit 1; }
[ -f "$2/layouts/single.html" ] || { echo "no layouts" >&2; exit 1; }
mkdir -p "$4/retros/a"
printf '<html></html>' > "$4/index.html"
printf '<html>a</html>' > "$4/retros/a/index.html"
`

// TestRunComparesWithHugo: with -hugo, each size is also built by Hugo
// from the same generated content, and a third table sets the two side by
// side with their ratios.
func TestRunComparesWithHugo(t *testing.T) {
	retro, hugo := script(t, fakeRetro), script(t, fakeHugo)
	var stdout, stderr bytes.Buffer
	err := run([]string{"-retro", retro, "-hugo", hugo, "-sizes", "20", "-runs", "2", "-edits", "0", "-work", t.TempDir()}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr.String())
	}
	out := stdout.String()
	i := strings.Index(out, "retro and Hugo")
	if i < 0 {
		t.Fatalf("no comparison table:\n%s", out)
	}
	lines := strings.Split(strings.TrimSpace(out[i:]), "\n")
	if len(lines) != 5 {
		t.Fatalf("comparison has %d lines:\n%s", len(lines), out[i:])
	}
	for j, tool := range []string{"retro", "hugo", "ratio"} {
		if f := strings.Fields(lines[j+2]); len(f) < 7 || f[0] != "20" || f[1] != tool {
			t.Errorf("%s row: %s", tool, lines[j+2])
		}
	}
	// fakeRetro writes 6 files, fakeHugo 2; sizes print as two fields
	// ("1.5 KiB"), so the files column is the third from the end.
	if f := strings.Fields(lines[2]); f[len(f)-3] != "6" {
		t.Errorf("retro files: %s", lines[2])
	}
	if f := strings.Fields(lines[3]); f[len(f)-3] != "2" {
		t.Errorf("hugo files: %s", lines[3])
	}
	if f := strings.Fields(lines[4]); f[5] != "3.00" {
		t.Errorf("files ratio: %s", lines[4])
	}
}
