package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"retro/internal/outdir"
)

// inputDirs are the folders of a site that the build reads, watched with
// everything below them. The site's root is watched on its own, for
// site.yaml and the tracker export, and for these folders appearing.
var inputDirs = []string{"content", "static", "themes"}

// Change is one burst of file-system events: the source files it touched,
// as slash paths relative to the source, and when its first event came.
type Change struct {
	Files []string
	All   bool // events were lost: anything may have changed
	First time.Time
}

// watcher turns file-system events below the source into Changes. Editors
// save in bursts (a temporary file written, renamed over the old one, its
// attributes set), so events are gathered until none came for quiet.
type watcher struct {
	root  string
	quiet time.Duration
	fsw   *fsnotify.Watcher
}

func newWatcher(root string, quiet time.Duration) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{root: root, quiet: quiet, fsw: fsw}
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range inputDirs {
		w.addTree(filepath.Join(root, d))
	}
	return w, nil
}

// addTree watches dir and every folder below it that is not ignored. A
// folder that goes away while it is walked is no error: its removal is an
// event of its own.
func (w *watcher) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		if p != dir && w.ignoredDir(p) {
			return filepath.SkipDir
		}
		_ = w.fsw.Add(p)
		return nil
	})
}

// ignoredDir is a dot folder (.git, an editor's) or a folder a build wrote
// (a --dest inside the site holds the build's marker file).
func (w *watcher) ignoredDir(p string) bool {
	if strings.HasPrefix(filepath.Base(p), ".") {
		return true
	}
	_, err := os.Lstat(filepath.Join(p, outdir.Marker))
	return err == nil
}

// relevant says whether an event's path is an input of the site: below an
// input folder, or site.yaml or a data file (the tracker export) at the
// root; never a dot file, an editor's backup or swap file, or a path in
// an ignored folder.
func (w *watcher) relevant(rel string) bool {
	parts := strings.Split(rel, "/")
	for _, p := range parts {
		if strings.HasPrefix(p, ".") {
			return false
		}
	}
	name := parts[len(parts)-1]
	if strings.HasSuffix(name, "~") || strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		strings.HasPrefix(name, "#") || name == "4913" { // vim's probe file
		return false
	}
	if len(parts) == 1 {
		if slices.Contains(inputDirs, name) {
			return true
		}
		ext := filepath.Ext(name)
		return ext == ".yaml" || ext == ".yml" || ext == ".json"
	}
	return slices.Contains(inputDirs, parts[0])
}

// run sends a Change for every burst of relevant events until ctx ends.
// Events keep being gathered while the receiver is busy (a rebuild), and
// then go out as one Change.
func (w *watcher) run(ctx context.Context, changes chan<- Change) {
	defer w.fsw.Close()
	var (
		pending = map[string]bool{}
		lost    bool
		first   time.Time
		ready   *Change // a burst that is over, waiting for the receiver
		timer   = time.NewTimer(time.Hour)
	)
	timer.Stop()
	note := func() {
		if len(pending) == 0 && !lost {
			first = time.Now()
		}
		timer.Reset(w.quiet)
	}
	for {
		var out chan<- Change
		var next Change
		if ready != nil {
			out, next = changes, *ready
		}
		select {
		case <-ctx.Done():
			return
		case out <- next:
			ready = nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			rel, err := filepath.Rel(w.root, ev.Name)
			if err != nil || strings.HasPrefix(rel, "..") {
				continue
			}
			rel = filepath.ToSlash(rel)
			if ev.Op == fsnotify.Chmod || !w.relevant(rel) {
				continue
			}
			note()
			pending[rel] = true
			// A new folder (a bundle, content/ itself) is watched from
			// now on, and what was already in it counts as changed.
			if ev.Has(fsnotify.Create) {
				if st, err := os.Lstat(ev.Name); err == nil && st.IsDir() && !w.ignoredDir(ev.Name) {
					w.addTree(ev.Name)
					_ = filepath.WalkDir(ev.Name, func(p string, d fs.DirEntry, err error) error {
						if err == nil && !d.IsDir() {
							if r, err := filepath.Rel(w.root, p); err == nil && w.relevant(filepath.ToSlash(r)) {
								pending[filepath.ToSlash(r)] = true
							}
						}
						return nil
					})
				}
			}
		case <-w.fsw.Errors:
			// The kernel's queue overflowed and events were lost: take
			// it as a change of everything rather than miss one.
			note()
			lost = true
		case <-timer.C:
			if ready == nil {
				ready = &Change{First: first}
			}
			for f := range pending {
				if !slices.Contains(ready.Files, f) {
					ready.Files = append(ready.Files, f)
				}
			}
			slices.Sort(ready.Files)
			ready.All = ready.All || lost
			clear(pending)
			lost = false
		}
	}
}
