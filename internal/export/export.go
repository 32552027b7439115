// Package export writes the machine-readable files of a site beside its
// HTML pages: the Atom feed, the sitemap and the JSON and CSV exports under
// /api/ that quarterly analysis reads (SPEC: "The site").
//
// Every file is a function of the archive alone (and, for the sitemap, of
// the pages already in the output folder): the same input gives the same
// bytes, so a rebuild that changes nothing changes no file. The exports
// stream one object at a time, so an archive of tens of thousands of
// retrospectives never holds a whole export in memory.
package export

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"retro/internal/archive"
	"retro/internal/retro"
)

// Write writes the feed, the sitemap and the exports into out, the site's
// output folder, which must already hold every HTML page (the sitemap lists
// them). It returns how many files it wrote.
func Write(a *archive.Archive, out string) (files int, err error) {
	if a.Views == nil {
		return 0, fmt.Errorf("export: the archive's views are not computed")
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return 0, fmt.Errorf("export: %w", err)
	}
	e := &exporter{a: a, out: out, sitemapURLs: SitemapURLs}
	// The sitemap lists the pages in out, so it is written before anything
	// else is added to the folder it walks.
	files, err = e.sitemap()
	if err != nil {
		return files, fmt.Errorf("export sitemap.xml: %w", err)
	}
	steps := []struct {
		name string
		run  func() (int, error)
	}{
		{"feed.xml", e.feed},
		{"api/retros.json", e.retros},
		{"api/recommendations.json and .csv", e.recommendations},
		{"api/problems.json", e.problems},
	}
	// The other files are independent, and at 10,000 retrospectives each
	// takes a noticeable share of a second: they are written side by side.
	counts := make([]int, len(steps))
	errs := make([]error, len(steps))
	var wg sync.WaitGroup
	for i, s := range steps {
		wg.Go(func() {
			counts[i], errs[i] = s.run()
			if errs[i] != nil {
				errs[i] = fmt.Errorf("export %s: %w", s.name, errs[i])
			}
		})
	}
	wg.Wait()
	for _, n := range counts {
		files += n
	}
	return files, errors.Join(errs...)
}

// Owns reports whether the exports write the output path rel (a slash
// path), so that the renderer can refuse a static/ file that would take it.
func Owns(rel string) bool {
	if rel == "feed.xml" || rel == "sitemap.xml" || strings.HasPrefix(rel, "api/") {
		return true
	}
	n, ok := strings.CutPrefix(rel, "sitemap-")
	n, ok2 := strings.CutSuffix(n, ".xml")
	return ok && ok2 && n != "" && strings.Trim(n, "0123456789") == ""
}

// exporter holds what every file of one export needs.
type exporter struct {
	a           *archive.Archive
	out         string
	sitemapURLs int // URLs per sitemap file; SitemapURLs but in tests
}

// absolute turns a site path (with the base path, as archive.URL returns
// it) into the URL the exports publish: absolute when the site has a
// base_url, so that a spreadsheet or a chat message can link it, else the
// path as it is.
func (e *exporter) absolute(sitePath string) string {
	if e.a.Site.BaseURL == "" {
		return sitePath
	}
	return e.a.Site.BaseURL + strings.TrimPrefix(sitePath, e.a.Site.BasePath)
}

// create opens a file of the output for writing through a buffer and
// returns a function that flushes and closes it, reporting the first error.
// The files are new (out is the build's fresh temporary folder), so a
// failed write never leaves a half-written file in a published site.
func (e *exporter) create(rel string) (*bufio.Writer, func() error, error) {
	path := filepath.Join(e.out, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, nil, err
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	w := bufio.NewWriterSize(f, 64<<10)
	done := func() error {
		ferr := w.Flush()
		cerr := f.Close()
		if ferr != nil {
			return ferr
		}
		return cerr
	}
	return w, done, nil
}

// moment is a milestone in RFC 3339 with the retrospective's own offset
// (the time was parsed in its zone), or nil when it was not written. A
// milestone written as a date alone is the date, YYYY-MM-DD (RFC 3339's
// full-date): a time of day would be invented.
func moment(m retro.Moment) *string {
	if !m.Set {
		return nil
	}
	s := m.ISO()
	return &s
}

// date is YYYY-MM-DD, or nil for no date.
func date(d retro.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

// text is s, or nil when s is empty: an absent value is null in every
// export rather than an empty string that could be mistaken for a value.
func text(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// list is never nil, so that an empty list is [] and not null.
func list(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
