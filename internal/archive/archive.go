// Package archive is the whole set of retrospectives of a site: lookups by
// id and alias, the order of the archive, and the views across
// retrospectives, each computed in one pass.
package archive

import (
	"fmt"
	"html/template"
	"io/fs"
	"slices"
	"strings"

	"retro/internal/config"
	"retro/internal/retro"
	"retro/internal/source"
)

// Page is a free page of content/pages.
type Page struct {
	Name  string // file name without .md; the URL is /<name>/
	Path  string
	Title string
	Body  template.HTML
}

// Collection is a curated reading list.
type Collection struct {
	Name        string
	Path        string
	Title       string
	Description retro.Markdown
	Entries     []*CollectionEntry
}

// CollectionEntry is one retrospective of a collection, with why to read it.
type CollectionEntry struct {
	ID    string
	Pos   source.Pos
	Note  retro.Markdown
	Retro *retro.Retrospective
}

// Archive is what the site is built from.
type Archive struct {
	Site        *config.Site
	Source      string                 // the site's folder
	Files       fs.FS                  // the site's folder, read only through source.Tree
	Retros      []*retro.Retrospective // every retrospective on the site, newest first
	Pages       []*Page
	Collections []*Collection
	// Drafts is true when drafts and reviews are on the site (--drafts).
	Drafts bool
	// Skipped counts the retrospectives left out (drafts and reviews).
	Skipped int
	Today   retro.Date // the build date in the site's zone
	// All is every loaded retrospective, on the site or not, in path order.
	All []*retro.Retrospective
	// Tracker is the tracker export of site.yaml tickets:, by key.
	Tracker map[string]*TrackerTicket
	Views   *Views

	byID    map[string]*retro.Retrospective // ids and aliases of every loaded retrospective
	anchors map[*retro.Retrospective]map[string]bool
	onSite  map[*retro.Retrospective]bool
}

// New indexes all (every loaded retrospective, in path order) and keeps the
// ones on the site, newest first.
func New(site *config.Site, all []*retro.Retrospective, drafts bool, today retro.Date) *Archive {
	a := &Archive{
		Site: site, Drafts: drafts, Today: today, All: all,
		byID:    make(map[string]*retro.Retrospective, len(all)),
		anchors: make(map[*retro.Retrospective]map[string]bool, len(all)),
		onSite:  make(map[*retro.Retrospective]bool, len(all)),
	}
	for _, r := range all {
		for _, id := range append([]string{r.ID}, aliasValues(r)...) {
			if _, taken := a.byID[id]; !taken && id != "" {
				a.byID[id] = r
			}
		}
		if r.Published() || drafts {
			a.Retros = append(a.Retros, r)
			a.onSite[r] = true
		} else {
			a.Skipped++
		}
	}
	slices.SortStableFunc(a.Retros, func(x, y *retro.Retrospective) int {
		if c := y.Started.Time.Compare(x.Started.Time); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	return a
}

func aliasValues(r *retro.Retrospective) []string {
	out := make([]string, len(r.Aliases))
	for i, a := range r.Aliases {
		out[i] = a.Value
	}
	return out
}

// SetAnchors records the anchors a retrospective's page has, for retro: links.
func (a *Archive) SetAnchors(r *retro.Retrospective, anchors map[string]bool) {
	a.anchors[r] = anchors
}

// Lookup finds a retrospective by id or alias.
func (a *Archive) Lookup(id string) (*retro.Retrospective, bool) {
	r, ok := a.byID[id]
	return r, ok
}

// OnSite reports whether r has a page in this build.
func (a *Archive) OnSite(r *retro.Retrospective) bool { return a.onSite[r] }

// URL is the path of a site page below the base path.
func (a *Archive) URL(rel string) string { return a.Site.BasePath + rel }

// RetroURL is the page of a retrospective.
func (a *Archive) RetroURL(r *retro.Retrospective) string { return a.URL("retros/" + r.ID + "/") }

// Resolve implements markdown.Resolver for retro:<id>[#anchor] links.
func (a *Archive) Resolve(id, anchor string) (string, error) {
	r, ok := a.byID[id]
	if !ok {
		msg := fmt.Sprintf("retro:%s links to no retrospective", id)
		if s := source.Suggest(id, a.ids()); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return "", fmt.Errorf("%s", msg)
	}
	if anchor != "" && !r.Unreadable {
		if anchors := a.anchors[r]; anchors != nil && !anchors[anchor] {
			return "", fmt.Errorf("retro:%s#%s: %s has no anchor %q", id, anchor, r.ID, anchor)
		}
	}
	if !a.onSite[r] {
		return "", nil
	}
	u := a.RetroURL(r)
	if anchor != "" {
		u += "#" + anchor
	}
	return u, nil
}

func (a *Archive) ids() []string {
	ids := make([]string, 0, len(a.byID))
	for id := range a.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
