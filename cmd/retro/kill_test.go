package main

import (
	"bytes"
	"crypto/sha256"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// siteFiles reads every file below dir: path → SHA-256.
func siteFiles(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	files := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = sha256.Sum256(data)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameSite compares two sites file by file. With loose, the bleve index's
// store files need only be present: bleve does not write the same bytes
// twice for the same documents.
func sameSite(a, b map[string][32]byte, loose bool) string {
	for p, h := range a {
		g, ok := b[p]
		switch {
		case !ok:
			return "missing " + p
		case loose && strings.HasPrefix(p, "search/index.bleve/"):
		case g != h:
			return "differs " + p
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			return "extra " + p
		}
	}
	return ""
}

// TestKilledBuildsLeaveAWholeSite kills builds at random moments, between
// two versions of a site. After every kill --dest is byte for byte the site
// it was before, or the whole new one; the next build always succeeds and
// clears what the killed ones left.
func TestKilledBuildsLeaveAWholeSite(t *testing.T) {
	if testing.Short() {
		t.Skip("kills builds for a while: not in -short")
	}
	root := t.TempDir()
	src := filepath.Join(root, "site")
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"content", "site.yaml", "tickets.json"} {
		if out, err := exec.Command("cp", "-R", filepath.Join("../..", name), src+"/").CombinedOutput(); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
	}
	retroFile := filepath.Join(src, "content/retros/2025-01-payments-double-capture.md")
	original, err := os.ReadFile(retroFile)
	if err != nil {
		t.Fatal(err)
	}
	variant := func(v int) {
		data := original
		if v == 1 {
			data = bytes.Replace(original, []byte("\ntitle: "), []byte("\ntitle: Version two, "), 1)
		}
		if err := os.WriteFile(retroFile, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The two sites as an uninterrupted build writes them.
	var refs [2]map[string][32]byte
	var took time.Duration
	for v := range 2 {
		variant(v)
		dest := filepath.Join(root, "ref", string(rune('a'+v)))
		start := time.Now()
		if r := retroRun(t, root, "build", "--source", src, "--dest", dest); r.code != 0 {
			t.Fatalf("reference build: %s", r.stderr)
		}
		took = max(took, time.Since(start))
		refs[v] = siteFiles(t, dest)
	}
	if sameSite(refs[0], refs[1], true) == "" {
		t.Fatal("the two versions build the same site: nothing to tell apart")
	}

	dest := filepath.Join(root, "out", "public")
	variant(0)
	if r := retroRun(t, root, "build", "--source", src, "--dest", dest); r.code != 0 {
		t.Fatalf("first build: %s", r.stderr)
	}
	writeFile(t, filepath.Join(dest, "CNAME"), "retros.example.com\n")
	prev, prevVariant := siteFiles(t, dest), 0
	const kills = 24
	var unchanged, replaced int
	for i := range kills {
		v := 1 - prevVariant
		variant(v)
		cmd := exec.Command(retroBin, "build", "--source", src, "--dest", dest)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Most kills land late, around the swap, where a gap would show.
		time.Sleep(time.Duration(rand.Int64N(int64(took))) + took/3)
		cmd.Process.Kill()
		cmd.Wait()
		now := siteFiles(t, dest)
		if sameSite(prev, now, false) == "" {
			unchanged++
			continue
		}
		want := maps(refs[v], "CNAME", prev["CNAME"])
		if diff := sameSite(want, now, true); diff != "" {
			t.Fatalf("kill %d: --dest is neither the previous site nor the new one (%s)", i, diff)
		}
		replaced++
		prev, prevVariant = now, v
	}
	t.Logf("%d builds killed at random moments: %d left the previous site byte for byte, %d had swapped in the whole new one", kills, unchanged, replaced)
	variant(0)
	if r := retroRun(t, root, "build", "--source", src, "--dest", dest); r.code != 0 {
		t.Fatalf("the build after the kills: %s", r.stderr)
	}
	if diff := sameSite(maps(refs[0], "CNAME", prev["CNAME"]), siteFiles(t, dest), true); diff != "" {
		t.Errorf("the build after the kills: %s", diff)
	}
	// Besides the lock, only the site this last build replaced, retired
	// without its marker for the next build to delete (internal/outdir).
	entries, _ := os.ReadDir(filepath.Dir(dest))
	retired := 0
	for _, e := range entries {
		switch name := e.Name(); {
		case name == "public" || name == ".public.lock":
		case strings.HasPrefix(name, ".public.old-") && retired == 0:
			retired++
			if _, err := os.Lstat(filepath.Join(filepath.Dir(dest), name, ".retro-build")); err == nil {
				t.Errorf("the retired site %s still has its marker", name)
			}
		default:
			t.Errorf("left beside --dest: %s", name)
		}
	}
}

// maps is m with one more entry.
func maps(m map[string][32]byte, k string, v [32]byte) map[string][32]byte {
	out := make(map[string][32]byte, len(m)+1)
	for a, b := range m {
		out[a] = b
	}
	out[k] = v
	return out
}

// TestNewStaysInTheSource: retro new never writes through a content/ that
// links out of the source.
func TestNewStaysInTheSource(t *testing.T) {
	root := t.TempDir()
	src, outside := filepath.Join(root, "site"), filepath.Join(root, "outside")
	os.MkdirAll(src, 0o755)
	os.MkdirAll(outside, 0o755)
	if err := os.Symlink(outside, filepath.Join(src, "content")); err != nil {
		t.Fatal(err)
	}
	r := retroRun(t, root, "new", "--source", src, "A title")
	if r.code != 1 || !strings.Contains(r.stderr, "content/retros leads outside the source") {
		t.Errorf("exit %d, stderr %q", r.code, r.stderr)
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("wrote %s outside the source", entries[0].Name())
	}
}
