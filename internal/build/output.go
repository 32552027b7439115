package build

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"time"

	"retro/internal/archive"
	"retro/internal/export"
	"retro/internal/outdir"
	"retro/internal/render"
	"retro/internal/search"
	"retro/internal/source"
	"retro/themes"
)

// Marker is the file retro leaves in every folder it writes, so that it
// never replaces a folder that is not its own.
const Marker = outdir.Marker

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
	out, err := outdir.Open(dest, a.Source, a.Site.Keep)
	if err != nil {
		return render.Stats{}, err
	}
	defer out.Close() // removes the temporary folder unless swapped in
	tmp := out.Tmp
	theme, err := Theme(a)
	if err != nil {
		return render.Stats{}, err
	}
	if _, err := search.Build(tmp, searchDocuments(a)); err != nil {
		return render.Stats{}, fmt.Errorf("search index: %w", err)
	}
	// Related retrospectives on each page include those of similar text.
	if err := addSimilar(a); err != nil {
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
	return stats, out.Commit()
}

// Theme is the site's theme: themes/<name>/ in the site when it exists,
// else the default embedded in the binary.
func Theme(a *archive.Archive) (fs.FS, error) {
	name := a.Site.Theme
	dir := path.Join("themes", name)
	st, err := fs.Stat(a.Files, dir)
	switch {
	case err == nil && st.IsDir():
		// Through the site's source.Tree: a theme may not link out of it.
		// Every file is opened once here, because template globbing takes
		// a file it cannot open for one that is not there.
		err := fs.WalkDir(a.Files, dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				_, err = fs.Stat(a.Files, p)
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("theme %q: %w", name, source.AtPath(err))
		}
		return fs.Sub(a.Files, dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("theme %q: %w", name, source.AtPath(err))
	}
	if name != "default" {
		return nil, fmt.Errorf("site.yaml: theme %q: no folder themes/%s", name, name)
	}
	return themes.Default(), nil
}
