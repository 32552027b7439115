// Package outdir puts a freshly written site in place of the previous one
// so that --dest always holds one whole site: the new one is written into a
// sibling temporary folder and exchanged with the old in one rename. A build
// killed at any moment leaves the previous site as it was, and the next
// build clears what the killed one left behind.
//
// Deleting a site of tens of thousands of files takes seconds (on a file
// system mounted with discard, most of a rebuild's tail), so no build waits
// for it: the site a build replaces stays beside dest, retired, until the
// next build, which deletes it on a background goroutine while it renders
// and waits for that only when it ends. Between two builds there is thus at
// most one retired site (.<dest>.old-*) beside dest; it carries no Marker,
// which tells it from a site caught between the two renames of a swap.
package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

// Marker is the file retro leaves in every folder it writes, so that it
// never replaces a folder that is not its own.
const Marker = ".retro-build"

// Dir is one build's claim on a destination folder, from Open to Close.
type Dir struct {
	Dest string // the folder the site ends up in, symlinks resolved
	Tmp  string // where the build writes; swapped into Dest by Commit

	keep      []string
	unlock    func()
	committed bool

	// Removal of the folders earlier builds left beside dest, which runs
	// while this build renders; Close waits for it.
	removing  sync.WaitGroup
	mu        sync.Mutex
	removeErr error // the first removal that failed
}

// Open claims dest for one build. It refuses a dest that retro did not
// write, or that lies inside the source's content/, static/ or themes/ (each
// build would then publish the last), or that holds the source. A dest that
// is a symlink is written through: the link stays and the site appears
// where it points. Two builds into one dest are refused while one runs, and
// the temporary and old folders of killed builds are removed first, after
// their keep files are given back to dest. keep names the files of dest
// (.git, CNAME) carried into every new site.
func Open(dest, source string, keep []string) (*Dir, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("--dest %s: %w", dest, err)
	} else if st, lerr := os.Lstat(abs); lerr == nil && st.Mode()&fs.ModeSymlink != 0 {
		return nil, fmt.Errorf("--dest %s is a symlink to a folder that does not exist: create the folder or remove the link", dest)
	}
	if err := inside(abs, dest, source); err != nil {
		return nil, err
	}
	if err := ownFolder(abs, dest, keep); err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	base := filepath.Base(abs)
	unlock, err := lock(filepath.Join(parent, "."+base+".lock"))
	if err != nil {
		return nil, fmt.Errorf("--dest %s: %w", dest, err)
	}
	d := &Dir{Dest: abs, keep: keep, unlock: unlock}
	if err := d.clearStale(); err != nil {
		d.Close()
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-")
	if err != nil {
		d.Close()
		return nil, err
	}
	d.Tmp = tmp
	if err := os.Chmod(tmp, 0o755); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// inside refuses a dest in the source's content/, static/ or themes/, and
// a dest that is the source or holds it.
func inside(abs, dest, source string) error {
	src, err := filepath.Abs(source)
	if err != nil {
		return err
	}
	if real, err := filepath.EvalSymlinks(src); err == nil {
		src = real
	}
	// abs may not exist yet: compare its nearest existing ancestor's real path.
	real := realPath(abs)
	if within(src, real) {
		return fmt.Errorf("--dest %s is the source folder or holds it: choose a folder beside it, such as public", dest)
	}
	for _, sub := range []string{"content", "static", "themes"} {
		dir := filepath.Join(src, sub)
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			dir = r
		}
		if within(real, dir) {
			return fmt.Errorf("--dest %s is inside the source's %s/, so every build would read the last one: choose a folder outside content/, static/ and themes/, such as public", dest, sub)
		}
	}
	return nil
}

// realPath resolves the symlinks of the longest existing prefix of p.
func realPath(p string) string {
	var rest []string
	for {
		if r, err := filepath.EvalSymlinks(p); err == nil {
			return filepath.Join(append([]string{r}, rest...)...)
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(append([]string{p}, rest...)...)
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

// within reports whether p is dir or below it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	if err != nil {
		return false
	}
	return rel == "." || rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// ownFolder refuses a destination that exists, holds something besides
// keep files and was not written by retro.
func ownFolder(abs, dest string, keep []string) error {
	st, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("--dest %s is a file, not a folder", dest)
	}
	if _, err := os.Lstat(filepath.Join(abs, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !slices.Contains(keep, e.Name()) {
			return fmt.Errorf("--dest %s exists and was not written by retro (no %s in it): refusing to replace it; choose another --dest or remove the folder", dest, Marker)
		}
	}
	return nil
}

// clearStale removes the temporary and old folders that earlier builds left
// beside dest: the site the last build retired, and whatever a killed build
// left. A killed build may have moved keep files out of dest (see Commit):
// those go back first, so that no kill loses a .git. The folders are then
// deleted in the background (see Close); they are already out of dest's
// way under names no build writes to again.
func (d *Dir) clearStale() error {
	parent, base := filepath.Dir(d.Dest), filepath.Base(d.Dest)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !(strings.HasPrefix(name, "."+base+".tmp-") || strings.HasPrefix(name, "."+base+".old-")) {
			continue
		}
		stale := filepath.Join(parent, name)
		if err := d.giveBack(stale); err != nil {
			return err
		}
		if _, err := os.Lstat(stale); err != nil {
			continue // given back whole: it is dest now
		}
		d.removeInBackground(stale)
	}
	return nil
}

// removeInBackground deletes dir on its own goroutine; Close waits for it
// and reports the first failure.
func (d *Dir) removeInBackground(dir string) {
	d.removing.Go(func() {
		if err := os.RemoveAll(dir); err != nil {
			d.mu.Lock()
			if d.removeErr == nil {
				d.removeErr = fmt.Errorf("removing %s, left by an earlier build: %w", dir, err)
			}
			d.mu.Unlock()
		}
	})
}

// giveBack moves the keep files of a stale folder into dest where dest
// lacks them.
func (d *Dir) giveBack(stale string) error {
	if _, err := os.Stat(d.Dest); err != nil {
		// No dest: the stale folder may be the only copy of the site.
		if errors.Is(err, fs.ErrNotExist) {
			if _, err := os.Lstat(filepath.Join(stale, Marker)); err == nil {
				return os.Rename(stale, d.Dest)
			}
			return nil
		}
		return err
	}
	for _, k := range d.keep {
		from, to := filepath.Join(stale, k), filepath.Join(d.Dest, k)
		if _, err := os.Lstat(from); err != nil {
			continue
		}
		if _, err := os.Lstat(to); err == nil {
			continue
		}
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("giving %s back to %s: %w", from, d.Dest, err)
		}
	}
	return nil
}

// Commit puts the site written in Tmp in place of dest. The keep files of
// the previous site move into the new one first (unless the new one has
// its own, from static/), then the two folders are exchanged in one step
// where the system can (renameat2 on Linux), so that dest is never missing.
// The previous site is then retired beside dest, for the next build to
// delete (see the package doc): Commit returns without waiting for the
// deletion of thousands of files.
func (d *Dir) Commit() error {
	if err := os.WriteFile(filepath.Join(d.Tmp, Marker), []byte("written by retro build; retro replaces this folder on every build\n"), 0o644); err != nil {
		return err
	}
	if _, err := os.Stat(d.Dest); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(d.Tmp, d.Dest); err != nil {
			return fmt.Errorf("putting the new site in place: %w", err)
		}
		d.committed = true
		return nil
	}
	for _, k := range d.keep {
		from, to := filepath.Join(d.Dest, k), filepath.Join(d.Tmp, k)
		if _, err := os.Lstat(from); err != nil {
			continue
		}
		if _, err := os.Lstat(to); err == nil {
			continue
		}
		if err := os.Rename(from, to); err != nil {
			return fmt.Errorf("carrying %s into the new site: %w", from, err)
		}
	}
	old := strings.Replace(d.Tmp, ".tmp-", ".old-", 1)
	if err := exchange(d.Tmp, d.Dest); err == nil {
		d.committed = true
		// Tmp now holds the previous site; its name marks it as old for
		// the next build, which deletes it either way.
		if err := os.Rename(d.Tmp, old); err != nil {
			old = d.Tmp
		}
		retire(old)
		return nil
	} else if !errors.Is(err, errNoExchange) {
		return fmt.Errorf("putting the new site in place: %w", err)
	}
	// No atomic exchange here: two renames, with a moment between them
	// when dest is missing. A kill in that moment leaves the old site in
	// the .old- folder, and the next build puts it back (clearStale).
	if err := os.Rename(d.Dest, old); err != nil {
		return fmt.Errorf("moving the previous site aside: %w", err)
	}
	if err := os.Rename(d.Tmp, d.Dest); err != nil {
		_ = os.Rename(old, d.Dest)
		return fmt.Errorf("putting the new site in place: %w", err)
	}
	d.committed = true
	retire(old)
	return nil
}

// retire takes the Marker out of a replaced site, so that the next build
// never mistakes it for a site caught between the two renames of a swap
// (which clearStale puts back when dest is missing). A failure leaves the
// Marker: the folder is still removed by the next build, and only a dest
// removed by hand in between would bring it back.
func retire(old string) {
	_ = os.Remove(filepath.Join(old, Marker))
}

// Close removes Tmp if Commit did not swap it in, waits for the removal of
// the folders earlier builds left, and lets the next build in. It reports
// a folder it could not remove (the next build tries again).
func (d *Dir) Close() error {
	var err error
	if !d.committed && d.Tmp != "" {
		err = os.RemoveAll(d.Tmp)
	}
	d.removing.Wait()
	if err == nil {
		err = d.removeErr
	}
	if d.unlock != nil {
		d.unlock()
		d.unlock = nil
	}
	return err
}
