package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"retro/internal/archive"
	"retro/internal/export"
	"retro/internal/render"
	"retro/internal/search"
	"retro/themes"
)

// Marker is the file retro leaves in every folder it writes, so that it
// never replaces a folder that is not its own.
const Marker = ".retro-build"

// Result says what a build wrote.
type Result struct {
	render.Stats
	Retros  int
	Skipped int
	Elapsed time.Duration
}

// Write renders a into dest. It writes a sibling temporary folder and swaps
// it in only when everything was written, so a failed or interrupted build
// leaves the previous site as it was.
func Write(a *archive.Archive, dest string) (render.Stats, error) {
	dest = filepath.Clean(dest)
	if err := ownFolder(dest); err != nil {
		return render.Stats{}, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return render.Stats{}, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return render.Stats{}, err
	}
	defer os.RemoveAll(tmp) // a no-op once swapped in
	if err := os.Chmod(tmp, 0o755); err != nil {
		return render.Stats{}, err
	}
	theme, err := Theme(a)
	if err != nil {
		return render.Stats{}, err
	}
	// The index comes first: related retrospectives on each page include
	// those of similar text, which the index finds.
	if _, err := search.Build(tmp, searchDocuments(a)); err != nil {
		return render.Stats{}, fmt.Errorf("search index: %w", err)
	}
	if err := addSimilar(a, filepath.Join(tmp, filepath.FromSlash(search.IndexDir))); err != nil {
		return render.Stats{}, err
	}
	r, err := render.New(a, theme, tmp)
	if err != nil {
		return render.Stats{}, err
	}
	stats, err := r.Site()
	if err != nil {
		return stats, err
	}
	// Exports last: the sitemap lists the pages written above.
	files, err := export.Write(a, tmp)
	if err != nil {
		return stats, fmt.Errorf("exports: %w", err)
	}
	stats.Files += files
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte("written by retro build; retro replaces this folder on every build\n"), 0o644); err != nil {
		return stats, err
	}
	return stats, swap(tmp, dest)
}

// Theme is the site's theme: themes/<name>/ in the site when it exists,
// else the default embedded in the binary.
func Theme(a *archive.Archive) (fs.FS, error) {
	name := a.Site.Theme
	dir := filepath.Join(a.Source, "themes", name)
	if st, err := os.Stat(dir); err == nil && st.IsDir() {
		return os.DirFS(dir), nil
	}
	if name != "default" {
		return nil, fmt.Errorf("site.yaml: theme %q: no folder themes/%s", name, name)
	}
	return themes.Default(), nil
}

// ownFolder refuses a destination that exists, is not empty and was not
// written by retro.
func ownFolder(dest string) error {
	st, err := os.Stat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("--dest %s is a file, not a folder", dest)
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err == nil {
		return nil
	}
	entries, err := os.ReadDir(dest)
	if err != nil {
		return err
	}
	if len(entries) > 0 {
		return fmt.Errorf("--dest %s exists and was not written by retro (no %s in it): refusing to replace it; choose another --dest or remove the folder", dest, Marker)
	}
	return nil
}

// swap puts tmp in dest's place. The old site moves aside first and is
// removed only after the new one is in place.
func swap(tmp, dest string) error {
	old := ""
	if _, err := os.Stat(dest); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dest, old); err != nil {
			return fmt.Errorf("moving the previous site aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
		return fmt.Errorf("putting the new site in place: %w", err)
	}
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}
