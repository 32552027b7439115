package outdir

import (
	"os"
	"path/filepath"
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
	// The first site is retired beside dest, for the next build to delete.
	if s := siblings(t, dest); len(s) != 1 || !strings.HasPrefix(s[0], ".public.old-") {
		t.Errorf("beside dest: %v, want the retired first site", s)
	}
}

// retired returns the one retired site beside dest and what its index.html
// says, failing unless there is exactly one.
func retired(t *testing.T, dest string) (string, string) {
	t.Helper()
	s := siblings(t, dest)
	if len(s) != 1 || !strings.HasPrefix(s[0], "."+filepath.Base(dest)+".old-") {
		t.Fatalf("beside dest: %v, want one retired site", s)
	}
	dir := filepath.Join(filepath.Dir(dest), s[0])
	if _, err := os.Lstat(filepath.Join(dir, Marker)); err == nil {
		t.Errorf("the retired site %s still has its %s", s[0], Marker)
	}
	return s[0], read(t, filepath.Join(dir, "index.html"))
}

// TestPreviousSiteRemovedByTheNextBuild: a build does not wait for the
// deletion of the site it replaces; it leaves it retired beside dest, and
// the next build deletes it while it runs, so there is never more than one.
func TestPreviousSiteRemovedByTheNextBuild(t *testing.T) {
	root := t.TempDir()
	src, dest := filepath.Join(root, "src"), filepath.Join(root, "public")
	publish(t, dest, src, "one")
	if s := siblings(t, dest); len(s) > 0 {
		t.Errorf("a first build left %v beside dest", s)
	}
	publish(t, dest, src, "two")
	first, text := retired(t, dest)
	if text != "one" {
		t.Errorf("retired site says %q, want the first site", text)
	}
	publish(t, dest, src, "three")
	second, text := retired(t, dest)
	if second == first || text != "two" {
		t.Errorf("after the third build the retired site is %s saying %q; the first was %s", second, text, first)
	}
	if read(t, filepath.Join(dest, "index.html")) != "three" {
		t.Error("dest is not the third site")
	}
}

// TestFailedBuildKeepsTheSite: a build that never commits leaves dest as
// it was, and still deletes the site the last good build retired.
func TestFailedBuildKeepsTheSite(t *testing.T) {
	root := t.TempDir()
	src, dest := filepath.Join(root, "src"), filepath.Join(root, "public")
	publish(t, dest, src, "one")
	write(t, filepath.Join(dest, "CNAME"), "c\n")
	publish(t, dest, src, "two")
	d, err := Open(dest, src, keep)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(d.Tmp, "index.html"), "half")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if read(t, filepath.Join(dest, "index.html")) != "two" || read(t, filepath.Join(dest, "CNAME")) != "c\n" {
		t.Error("a failed build changed the site")
	}
	if _, err := os.Lstat(filepath.Join(dest, Marker)); err != nil {
		t.Errorf("the site lost its %s: %v", Marker, err)
	}
	if s := siblings(t, dest); len(s) > 0 {
		t.Errorf("left beside dest: %v", s)
	}
}

// TestRetiredSiteNeverComesBack: with dest removed by hand, the retired
// site (no Marker) is deleted, not put back as dest the way a site caught
// between the two renames of a swap is (TestMissingDestRestored).
func TestRetiredSiteNeverComesBack(t *testing.T) {
	root := t.TempDir()
	src, dest := filepath.Join(root, "src"), filepath.Join(root, "public")
	publish(t, dest, src, "one")
	publish(t, dest, src, "two")
	retired(t, dest)
	if err := os.RemoveAll(dest); err != nil {
		t.Fatal(err)
	}
	d, err := Open(dest, src, keep)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Error("the retired site was put back as dest")
	}
	d.Close()
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
	s := siblings(t, dest)
	if len(s) != 2 || s[0] != ".other.tmp-1" || !strings.HasPrefix(s[1], ".public.old-") || s[1] == ".public.old-456" {
		t.Errorf("beside dest: %v, want the other site's folder and the retired first site", s)
	}
	if got := read(t, filepath.Join(root, s[1], "index.html")); got != "one" {
		t.Errorf("the retired site says %q", got)
	}
	if read(t, filepath.Join(root, ".other.tmp-1/x")) != "x" {
		t.Error("another site's folder changed")
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
