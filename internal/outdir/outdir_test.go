package outdir

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var keep = []string{".git", "CNAME", ".nojekyll"}

func write(t *testing.T, p, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// publish writes one site with index.html holding text into dest.
func publish(t *testing.T, dest, source, text string) {
	t.Helper()
	d, err := Open(dest, source, keep)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	write(t, filepath.Join(d.Tmp, "index.html"), text)
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
}

// siblings lists what is beside dest besides dest and its lock.
func siblings(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); n != filepath.Base(dest) && n != "."+filepath.Base(dest)+".lock" && n != "src" {
			names = append(names, n)
		}
	}
	return names
}

func TestReplacesAndKeeps(t *testing.T) {
	root := t.TempDir()
	src, dest := filepath.Join(root, "src"), filepath.Join(root, "public")
	os.MkdirAll(src, 0o755)
	publish(t, dest, src, "one")
	write(t, filepath.Join(dest, ".git"), "gitdir: ../.git/worktrees/public\n")
	write(t, filepath.Join(dest, "CNAME"), "retros.example.com\n")
	write(t, filepath.Join(dest, "stale.html"), "from the first site")
	publish(t, dest, src, "two")
	if got := read(t, filepath.Join(dest, "index.html")); got != "two" {
		t.Errorf("index.html = %q", got)
	}
	if got := read(t, filepath.Join(dest, ".git")); !strings.HasPrefix(got, "gitdir:") {
		t.Errorf(".git = %q", got)
	}
	if got := read(t, filepath.Join(dest, "CNAME")); got != "retros.example.com\n" {
		t.Errorf("CNAME = %q", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "stale.html")); err == nil {
		t.Error("a file of the previous site survived")
	}
	if s := siblings(t, dest); len(s) > 0 {
		t.Errorf("left beside dest: %v", s)
	}
}

func TestRefusals(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "src")
	for _, d := range []string{"content", "static", "themes"} {
		os.MkdirAll(filepath.Join(src, d), 0o755)
	}
	write(t, filepath.Join(root, "foreign/notes.txt"), "mine")
	write(t, filepath.Join(root, "afile"), "x")
	os.Symlink(filepath.Join(src, "static"), filepath.Join(root, "sneaky"))
	os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "dangling"))
	cases := []struct{ dest, want string }{
		{filepath.Join(src, "static/out"), "inside the source's static/"},
		{filepath.Join(src, "content"), "inside the source's content/"},
		{filepath.Join(src, "themes/x/y"), "inside the source's themes/"},
		{filepath.Join(root, "sneaky/out"), "inside the source's static/"},
		{src, "is the source folder or holds it"},
		{root, "is the source folder or holds it"},
		{filepath.Join(root, "foreign"), "was not written by retro"},
		{filepath.Join(root, "afile"), "is a file, not a folder"},
		{filepath.Join(root, "dangling"), "is a symlink to a folder that does not exist"},
	}
	for _, c := range cases {
		d, err := Open(c.dest, src, keep)
		if err == nil {
			d.Close()
			t.Errorf("%s: accepted", c.dest)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.dest, err, c.want)
		}
	}
	if read(t, filepath.Join(root, "foreign/notes.txt")) != "mine" {
		t.Error("the foreign folder changed")
	}
}

func TestKeepOnlyFolderIsAccepted(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	write(t, filepath.Join(dest, "CNAME"), "x\n")
	write(t, filepath.Join(dest, ".git"), "gitdir: y\n")
	publish(t, dest, filepath.Join(root, "src"), "one")
	if read(t, filepath.Join(dest, "CNAME")) != "x\n" {
		t.Error("CNAME lost")
	}
}

func TestSymlinkDestIsWrittenThrough(t *testing.T) {
	root := t.TempDir()
	real, link := filepath.Join(root, "real"), filepath.Join(root, "public")
	if err := os.Symlink("real", link); err != nil {
		t.Fatal(err)
	}
	os.Mkdir(real, 0o755)
	publish(t, link, filepath.Join(root, "src"), "one")
	publish(t, link, filepath.Join(root, "src"), "two")
	if target, err := os.Readlink(link); err != nil || target != "real" {
		t.Errorf("the link is now %q, %v", target, err)
	}
	if read(t, filepath.Join(real, "index.html")) != "two" {
		t.Error("the site is not where the link points")
	}
}

func TestLock(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	d, err := Open(dest, filepath.Join(root, "src"), keep)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(dest, filepath.Join(root, "src"), keep)
	if err == nil || !strings.Contains(err.Error(), "another retro build is writing this folder") {
		t.Errorf("second build: %v", err)
	}
	d.Close()
	d, err = Open(dest, filepath.Join(root, "src"), keep)
	if err != nil {
		t.Fatalf("after the first ended: %v", err)
	}
	d.Close()
}

// TestStaleFoldersCleared: what killed builds left is removed, and keep
// files a killed build had moved out of dest come back.
func TestStaleFoldersCleared(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	publish(t, dest, filepath.Join(root, "src"), "one")
	// A build killed after carrying .git into its new site, before the swap.
	write(t, filepath.Join(root, ".public.tmp-123/index.html"), "half")
	write(t, filepath.Join(root, ".public.tmp-123/.git/HEAD"), "ref: refs/heads/gh-pages\n")
	// A build killed after the swap, before removing the old site.
	write(t, filepath.Join(root, ".public.old-456/index.html"), "older")
	// Another site's folders are not ours.
	write(t, filepath.Join(root, ".other.tmp-1/x"), "x")
	publish(t, dest, filepath.Join(root, "src"), "two")
	if got := read(t, filepath.Join(dest, ".git/HEAD")); got != "ref: refs/heads/gh-pages\n" {
		t.Errorf(".git/HEAD = %q", got)
	}
	if s := siblings(t, dest); !slices.Equal(s, []string{".other.tmp-1"}) {
		t.Errorf("beside dest: %v", s)
	}
}

// TestMissingDestRestored: a kill between the two renames of the fallback
// swap leaves only the .old- folder; the next build puts it back first.
func TestMissingDestRestored(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	publish(t, dest, filepath.Join(root, "src"), "one")
	write(t, filepath.Join(dest, "CNAME"), "c\n")
	if err := os.Rename(dest, filepath.Join(root, ".public.old-9")); err != nil {
		t.Fatal(err)
	}
	d, err := Open(dest, filepath.Join(root, "src"), keep)
	if err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dest, "index.html")) != "one" {
		t.Error("the previous site was not put back")
	}
	d.Close()
	publish(t, dest, filepath.Join(root, "src"), "two")
	if read(t, filepath.Join(dest, "CNAME")) != "c\n" {
		t.Error("CNAME lost")
	}
}

func TestAbortLeavesNothing(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	publish(t, dest, filepath.Join(root, "src"), "one")
	d, err := Open(dest, filepath.Join(root, "src"), keep)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(d.Tmp, "index.html"), "never")
	d.Close()
	if read(t, filepath.Join(dest, "index.html")) != "one" {
		t.Error("an aborted build changed the site")
	}
	if s := siblings(t, dest); len(s) > 0 {
		t.Errorf("left beside dest: %v", s)
	}
}
