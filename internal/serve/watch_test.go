package serve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// TestWatcher: a burst of events is one change; a folder made after the
// watch started is watched too (a new bundle); dot files, editor backups
// and a build's output folder are not changes.
func TestWatcher(t *testing.T) {
	src := t.TempDir()
	write := func(rel, body string) {
		t.Helper()
		p := filepath.Join(src, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.yaml", "title: x\n")
	write("content/retros/a.md", "a")
	write("content/public/.retro-build", "")
	w, err := newWatcher(src, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	changes := make(chan Change)
	go w.run(ctx, changes)
	next := func() Change {
		t.Helper()
		select {
		case c := <-changes:
			return c
		case <-time.After(10 * time.Second):
			t.Fatal("no change")
			return Change{}
		}
	}

	write("content/retros/.a.md.swp", "x")
	write("content/retros/a.md~", "x")
	write("content/public/index.html", "x")
	write("content/retros/a.md", "b")
	write("content/retros/a.md", "c")
	if c := next(); !slices.Equal(c.Files, []string{"content/retros/a.md"}) || c.All {
		t.Errorf("first change %+v", c)
	}

	if err := os.MkdirAll(filepath.Join(src, "content/retros/b/img"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("content/retros/b/index.md", "b")
	if c := next(); !slices.Contains(c.Files, "content/retros/b/index.md") {
		t.Errorf("new bundle %+v", c)
	}
	time.Sleep(200 * time.Millisecond) // the new folder's watch is in place
	write("content/retros/b/img/x.png", "png")
	if c := next(); !slices.Equal(c.Files, []string{"content/retros/b/img/x.png"}) {
		t.Errorf("file in the new bundle's folder %+v", c)
	}

	write("site.yaml", "title: y\n")
	write("README.md", "not an input")
	if c := next(); !slices.Equal(c.Files, []string{"site.yaml"}) {
		t.Errorf("site.yaml %+v", c)
	}
	select {
	case c := <-changes:
		t.Errorf("change from nothing relevant: %+v", c)
	case <-time.After(300 * time.Millisecond):
	}
}
