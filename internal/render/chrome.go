package render

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"sync"

	"retro/internal/archive"
)

// Chrome is what the base layout prints around every page: the same on all
// of them but for the navigation's current item. It is rendered from the
// theme's chrome-* templates once per build (the header once for each
// section a page can be in) instead of once per page: at 10,000
// retrospectives the site has some 45,000 pages, and the base layout's
// function calls and escaping cost more than a ticket page's own content.
type Chrome struct {
	Meta    template.HTML // the policy, viewport and colour-scheme meta tags
	Links   template.HTML // the icon and the stylesheets
	Preview template.HTML // the banner of a build with drafts, else empty
	Footer  template.HTML
}

// chromeData is what the chrome-* templates print.
type chromeData struct {
	CSP                    string
	Favicon, Style, Chroma string
	Drafts                 bool
	Title                  string // the site's
	Home, Search, Retros   string // URLs
	Nav                    []navLink
}

// navLink is an item of the site navigation; Current is its aria-current
// value on the page at hand ("page", "true" for a page below it, or empty).
type navLink struct {
	URL, Path, Section, Label, Current string
}

// chrome renders the Chrome of a's site and keeps what the headers need.
type chrome struct {
	Chrome
	base *template.Template
	data chromeData
	// headers are the site headers rendered so far, by the navigation's
	// current items (see headerKey).
	headers sync.Map
}

func newChrome(base *template.Template, a *archive.Archive) (*chrome, error) {
	d := chromeData{
		CSP:     ContentSecurityPolicy,
		Favicon: a.URL("assets/favicon.svg"),
		Style:   a.URL("assets/style.css"),
		Chroma:  a.URL("assets/chroma.css"),
		Drafts:  a.Drafts,
		Title:   a.Site.Title,
		Home:    a.URL(""),
		Search:  a.URL("search/"),
		Retros:  a.URL("retros/"),
	}
	for _, v := range navViews {
		d.Nav = append(d.Nav, navLink{URL: a.URL(v.Path), Path: v.Path, Section: v.Section, Label: v.Label})
	}
	if len(a.Collections) > 0 {
		d.Nav = append(d.Nav, navLink{URL: a.URL("collections/"), Path: "collections/", Label: "Collections"})
	}
	for _, p := range a.Pages {
		d.Nav = append(d.Nav, navLink{URL: a.URL(p.Name + "/"), Path: p.Name + "/", Label: p.Title})
	}
	c := &chrome{base: base, data: d}
	for _, part := range []struct {
		name string
		to   *template.HTML
	}{{"chrome-meta", &c.Meta}, {"chrome-links", &c.Links}, {"chrome-preview", &c.Preview}, {"chrome-footer", &c.Footer}} {
		html, err := c.render(part.name, d)
		if err != nil {
			return nil, err
		}
		*part.to = html
	}
	return c, nil
}

func (c *chrome) render(name string, d chromeData) (template.HTML, error) {
	var buf bytes.Buffer
	if err := c.base.ExecuteTemplate(&buf, name, d); err != nil {
		return "", fmt.Errorf("theme: %s: %w", name, err)
	}
	return template.HTML(buf.String()), nil
}

// current is the aria-current of a navigation item on the page at rel.
func (l navLink) current(rel string) string {
	switch {
	case rel == l.Path:
		return "page"
	case l.Section != "" && strings.HasPrefix(rel, l.Section):
		return "true"
	}
	return ""
}

// header is the site header of the page at rel, rendered the first time a
// page of its section asks for it.
func (c *chrome) header(rel string) (template.HTML, error) {
	var key strings.Builder // the current value of each item, by position
	for _, l := range c.data.Nav {
		key.WriteString(l.current(rel))
		key.WriteByte('/')
	}
	if h, ok := c.headers.Load(key.String()); ok {
		return h.(template.HTML), nil
	}
	d := c.data
	d.Nav = make([]navLink, len(c.data.Nav))
	for i, l := range c.data.Nav {
		l.Current = l.current(rel)
		d.Nav[i] = l
	}
	h, err := c.render("chrome-header", d)
	if err != nil {
		return "", err
	}
	c.headers.Store(key.String(), h)
	return h, nil
}
