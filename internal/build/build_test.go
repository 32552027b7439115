package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"retro/internal/source"
)

// fixedNow is the clock of every test build.
var fixedNow = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// site writes a txtar archive into a temporary folder and returns it.
func site(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	ar := txtar.Parse([]byte(archive))
	for _, f := range ar.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// buildSite loads and writes the site in src, failing on errors.
func buildSite(t testing.TB, src string, drafts bool) string {
	t.Helper()
	a, fs, err := Load(Options{Source: src, Drafts: drafts, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if fs.Errors(false) > 0 {
		t.Fatalf("unexpected findings:\n%s", findingsText(fs))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(a, out); err != nil {
		t.Fatal(err)
	}
	return out
}

func findingsText(fs source.Findings) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString(f.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func read(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestSampleArchiveBuilds(t *testing.T) {
	a, fs, err := Load(Options{Source: "../..", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(findingsText(fs))
	if fs.Errors(false) > 0 {
		t.Fatalf("the sample archive has errors")
	}
	out := filepath.Join(t.TempDir(), "public")
	st, err := Write(a, out)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d retros, %d pages", len(a.Retros), st.Pages)
}
