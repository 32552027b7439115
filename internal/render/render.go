// Package render turns the archive into the site's files: html/template
// pages from the theme, the theme's assets, bundle attachments, alias
// redirects and static files.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"retro/internal/archive"
	"retro/internal/export"
	"retro/internal/markdown"
	"retro/internal/retro"
	"retro/internal/source"
)

// Stats counts what a render wrote.
type Stats struct {
	Pages int // HTML pages, redirects included
	Files int // every file written
}

// Renderer writes one archive into one output folder.
type Renderer struct {
	a     *archive.Archive
	theme fs.FS
	out   string
	base  *template.Template
	pages map[string]*template.Template
	// chrome is the base layout's part every page shares, rendered once.
	chrome *chrome

	// rows are the table rows of the retrospectives and of the
	// recommendations, rendered once for every list that shows them.
	rows fragments

	pagesWritten atomic.Int64
	filesWritten atomic.Int64

	mu     sync.Mutex
	owners map[string]string // output path → what writes it, so nothing is replaced silently

	dirs sync.Map // output folders made so far: each is made once, with one mkdir
}

// layouts are the page templates of a theme, each run inside baseof.html.
var layouts = []string{"home", "retros", "retro", "page", "collection", "collections", "search", "404",
	"problems", "category", "recommendations", "recs-filter", "tracking-index", "tracking", "tickets", "ticket",
	"taxonomy", "term", "quarters", "quarter", "list"}

// New parses the theme's templates.
func New(a *archive.Archive, theme fs.FS, out string) (*Renderer, error) {
	r := &Renderer{a: a, theme: theme, out: out, pages: map[string]*template.Template{}, owners: map[string]string{}}
	// Files already in out (the search index) are owned by whoever wrote them.
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		r.owners[rel] = "the generated /" + rel
		return nil
	})
	if err != nil {
		return nil, err
	}
	base, err := template.New("baseof.html").Funcs(r.funcs()).ParseFS(theme, "layouts/baseof.html", "layouts/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	r.base = base
	for _, name := range layouts {
		t, err := template.Must(base.Clone()).ParseFS(theme, "layouts/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		r.pages[name] = t
	}
	redirect, err := template.New("redirect.html").Funcs(r.funcs()).ParseFS(theme, "layouts/redirect.html")
	if err != nil {
		return nil, fmt.Errorf("theme: %w", err)
	}
	r.pages["redirect"] = redirect
	// After the clones: a template that has run cannot be cloned.
	if r.chrome, err = newChrome(base, a); err != nil {
		return nil, err
	}
	return r, nil
}

// Page is what every template gets.
type Page struct {
	Title     string
	HeadTitle string // the <title>: Title and the site's title
	Canonical string // absolute URL when the site has a base_url
	Path      string // below the base path, e.g. "retros/x/"
	Archive   *archive.Archive
	Banner    string
	// Description is the page's meta description: what a search engine
	// shows under its title.
	Description string
	Needs       []string // what a draft lacks to become final
	Data        any
	BodyClass   string
	// Chrome and Header are the base layout's shared parts, rendered once
	// per build; Header marks the navigation item of the page's section.
	Chrome *Chrome
	Header template.HTML
}

// Site renders every page and asset.
func (r *Renderer) Site() (Stats, error) {
	a := r.a
	if err := r.renderFragments(); err != nil {
		return Stats{}, err
	}
	jobs := []func() error{
		func() error { return r.page("home", "", a.Site.Title, homeData(a)) },
		func() error { return r.page("retros", "retros/", "All retrospectives", newRetrosData(a)) },
		func() error { return r.page("search", "search/", "Search", nil) },
		func() error { return r.page("404", "404.html", "Page not found", nil) },
		r.assets,
		r.static,
	}
	if len(a.Collections) > 0 {
		jobs = append(jobs, func() error { return r.page("collections", "collections/", "Collections", a.Collections) })
	}
	for _, p := range a.Pages {
		jobs = append(jobs, func() error { return r.page("page", p.Name+"/", p.Title, p) })
	}
	for _, c := range a.Collections {
		jobs = append(jobs, func() error { return r.page("collection", "collections/"+c.Name+"/", c.Title, c) })
	}
	for _, rt := range a.Retros {
		jobs = append(jobs, func() error { return r.retro(rt) })
	}
	jobs = append(jobs, r.viewJobs()...)
	if err := run(jobs); err != nil {
		return Stats{}, err
	}
	return Stats{Pages: int(r.pagesWritten.Load()), Files: int(r.filesWritten.Load())}, nil
}

// run does the jobs on GOMAXPROCS workers and returns the first error.
func run(jobs []func() error) error {
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	next := make(chan func() error)
	for range workers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range next {
				if err := job(); err != nil {
					once.Do(func() { first = err })
				}
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	return first
}

func (r *Renderer) retro(rt *retro.Retrospective) error {
	rel := "retros/" + rt.ID + "/"
	p := r.newPage(rel, rt.Title, newRetroView(r.a, rt))
	if d := describe(rt.Summary.Src); d != "" {
		p.Description = d
	}
	if !rt.Published() && rt.Status != "legacy" {
		p.Banner = fmt.Sprintf("This retrospective is a %s: it is not published and may change.", rt.Status)
		if !rt.DraftDue.IsZero() && rt.DraftDue.Before(r.a.Today) {
			p.Banner += fmt.Sprintf(" Its draft was due on %s.", rt.DraftDue)
		}
		p.Needs = finalNeeds(rt)
	}
	if err := r.execute("retro", rel, p); err != nil {
		return err
	}
	for _, alias := range rt.Aliases {
		to := r.a.RetroURL(rt)
		ap := r.newPage("retros/"+alias.Value+"/", rt.Title, to)
		ap.Canonical = r.absolute(rel)
		if err := r.execute("redirect", "retros/"+alias.Value+"/", ap); err != nil {
			return err
		}
	}
	if rt.Bundle != "" {
		return r.copyBundle(rt.Bundle, "retros/"+rt.ID)
	}
	return nil
}

// mdLink is an inline Markdown link; its text stays.
var mdLink = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)

// describe is the first sentences of a Markdown text as plain text, at
// most about 160 characters, for a meta description.
func describe(md string) string {
	md = mdLink.ReplaceAllString(md, "$1")
	s := strings.Join(strings.Fields(strings.NewReplacer("`", "", "*", "", "_", " ").Replace(md)), " ")
	if r := []rune(s); len(r) > 160 {
		cut := string(r[:160])
		if i := strings.LastIndex(cut, " "); i > 80 {
			cut = cut[:i]
		}
		s = cut + "…"
	}
	return s
}

// finalNeeds lists what rt lacks before it can be final, in the words of
// its front matter, for the banner of a draft.
func finalNeeds(rt *retro.Retrospective) []string {
	var needs []string
	if strings.TrimSpace(rt.Summary.Src) == "" {
		needs = append(needs, "a summary")
	}
	if len(rt.Timeline) == 0 {
		needs = append(needs, "a timeline")
	}
	if len(rt.Recommendations) == 0 && strings.TrimSpace(rt.NoRecommendationsReason.Src) == "" {
		needs = append(needs, "recommendations (or recommendations: [] with no_recommendations_reason)")
	}
	for _, c := range rt.Analysis.SafetyControls {
		if !c.FailureSet {
			needs = append(needs, "the failure of safety control "+c.ID)
		}
	}
	for _, rec := range rt.Recommendations {
		if rec.Ticket == "" {
			needs = append(needs, "a ticket for recommendation "+rec.ID)
		}
	}
	if rt.Review == nil || rt.Review.Finalized.IsZero() {
		needs = append(needs, "review.finalized, the date of the final review")
	}
	return needs
}

func (r *Renderer) newPage(rel, title string, data any) *Page {
	site := r.a.Site
	p := &Page{Title: title, HeadTitle: site.Title, Path: rel, Canonical: r.absolute(rel), Archive: r.a, Data: data,
		Chrome: &r.chrome.Chrome}
	// The description a page without its own gets: the site's, and what
	// the page is.
	var d strings.Builder
	if site.Description != "" {
		d.WriteString(site.Description + " · ")
	}
	if rel != "" {
		p.HeadTitle = title + " · " + site.Title
		d.WriteString(title + ": ")
	}
	d.WriteString("incident retrospectives of " + site.Title)
	p.Description = d.String()
	return p
}

func (r *Renderer) absolute(rel string) string {
	if r.a.Site.BaseURL == "" {
		return ""
	}
	return r.a.Site.BaseURL + rel
}

func (r *Renderer) page(layout, rel, title string, data any) error {
	return r.execute(layout, rel, r.newPage(rel, title, data))
}

// buffers are the pages' buffers, reused: a page is rendered whole into
// one and written with one write.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled is the largest buffer kept for reuse; a rare huge page's is
// left to the collector rather than held to the end of the build.
const maxPooled = 1 << 20

func (r *Renderer) execute(layout, rel string, p *Page) error {
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooled {
			buffers.Put(buf)
		}
	}()
	t := r.pages[layout]
	name := "baseof.html"
	if layout == "redirect" {
		name = "redirect.html"
	} else {
		var err error
		if p.Header, err = r.chrome.header(rel); err != nil {
			return err
		}
	}
	if err := t.ExecuteTemplate(buf, name, p); err != nil {
		return fmt.Errorf("rendering %s: %w", rel, err)
	}
	file := rel
	if file == "" || strings.HasSuffix(file, "/") {
		file += "index.html"
	}
	r.pagesWritten.Add(1)
	return r.write(file, buf.Bytes())
}

// claim makes owner the only writer of the output path rel. Two writers of
// one path are an error naming both: otherwise which one wins would depend
// on the order of parallel work, and a bundle's index.html could replace an
// incident page with raw, unescaped HTML.
func (r *Renderer) claim(rel, owner string) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	prev, taken := r.owners[rel]
	if !taken && export.Owns(rel) {
		prev, taken = "the generated /"+rel, true
	}
	if !taken {
		r.owners[rel] = owner
		return nil
	}
	src, gen := owner, prev
	if !isSourcePath(src) || isSourcePath(gen) && src < gen {
		src, gen = prev, owner // the same message whichever came first
	}
	if isSourcePath(src) {
		return fmt.Errorf("%s: would replace %s in the output (/%s): rename or remove it", src, gen, rel)
	}
	return fmt.Errorf("%s and %s both write /%s", prev, owner, rel)
}

func isSourcePath(owner string) bool {
	return strings.HasPrefix(owner, "static/") || strings.HasPrefix(owner, "content/")
}

func (r *Renderer) write(rel string, data []byte) error {
	what := "the generated page /" + strings.TrimSuffix(rel, "index.html")
	if strings.HasPrefix(rel, "assets/") {
		what = "the theme's /" + rel
	}
	if err := r.claim(rel, what); err != nil {
		return err
	}
	dst := filepath.Join(r.out, filepath.FromSlash(rel))
	if err := r.mkdir(filepath.Dir(dst)); err != nil {
		return err
	}
	r.filesWritten.Add(1)
	return os.WriteFile(dst, data, 0o644)
}

// mkdir makes the output folder dir and those above it that are missing.
// Each folder is made once: a page's folder costs one mkdir, where
// os.MkdirAll would stat it and its parent first.
func (r *Renderer) mkdir(dir string) error {
	if _, ok := r.dirs.Load(dir); ok {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) && filepath.Dir(dir) != dir {
		if err := r.mkdir(filepath.Dir(dir)); err != nil {
			return err
		}
		err = os.Mkdir(dir, 0o755)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	r.dirs.Store(dir, true)
	return nil
}

// assets copies the theme's assets and writes chroma's stylesheet.
func (r *Renderer) assets() error {
	err := fs.WalkDir(r.theme, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(r.theme, p)
		if err != nil {
			return err
		}
		return r.write(p, data)
	})
	if err != nil {
		return fmt.Errorf("theme assets: %w", err)
	}
	// Browsers ask for /favicon.ico whatever the page links; a site's own
	// static/favicon.ico wins.
	if ico, err := fs.ReadFile(r.theme, "favicon.ico"); err == nil {
		if _, err := os.Stat(filepath.Join(r.a.Source, "static", "favicon.ico")); err != nil {
			if err := r.write("favicon.ico", ico); err != nil {
				return err
			}
		}
	}
	if _, err := fs.Stat(r.theme, "assets/chroma.css"); err == nil {
		return nil // the theme styles code itself
	}
	css, err := markdown.Stylesheet()
	if err != nil {
		return err
	}
	return r.write("assets/chroma.css", []byte(css))
}

// static copies the site's static/ folder to the output root.
func (r *Renderer) static() error {
	return r.copyTree("static", "", nil)
}

// copyBundle copies a bundle's files beside its page; its index.md and
// hidden files stay behind.
func (r *Renderer) copyBundle(from, to string) error {
	return r.copyTree(from, to, func(rel, name string) bool {
		return rel != "index.md" && !strings.HasPrefix(name, ".")
	})
}

// copyTree copies the source folder from (a slash path in the site) to the
// output folder to, through the site's source.Tree so that no link leads
// out of the source and no FIFO or device is read.
func (r *Renderer) copyTree(from, to string, keep func(rel, name string) bool) error {
	if _, err := fs.Stat(r.a.Files, from); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return fs.WalkDir(r.a.Files, from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(p, from), "/")
		if keep != nil && !keep(rel, d.Name()) {
			return nil
		}
		return r.copyFile(p, path.Join(to, rel))
	})
}

// copyFile streams one file: attachments can be large, and only text the
// build parses has a size limit.
func (r *Renderer) copyFile(from, to string) error {
	if err := r.claim(to, from); err != nil {
		return err
	}
	in, err := r.a.Files.Open(from)
	if err != nil {
		return source.AtPath(err)
	}
	defer in.Close()
	if st, err := in.Stat(); err != nil {
		return err
	} else if st.IsDir() {
		return fmt.Errorf("%s: is a link to a folder; only files may be linked", from)
	}
	dst := filepath.Join(r.out, filepath.FromSlash(to))
	if err := r.mkdir(filepath.Dir(dst)); err != nil {
		return err
	}
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("%s: %w", from, err)
	}
	r.filesWritten.Add(1)
	return out.Close()
}
