package render

import (
	"fmt"
	"strconv"

	"retro/internal/archive"
	"retro/internal/retro"
)

// Long lists run over several pages, as Hugo paginates them: the first at
// the list's own path, the others at <path>page/<n>/. A page of a list at
// 10,000 retrospectives then weighs what it weighs at 100, and every row
// is still on exactly one page of its list.

// perPage is how many rows a page of a list shows: a recommendation row is
// about a kilobyte, so a page stays near a hundred kilobytes.
const perPage = 100

// preview is how many rows a summary page shows of a list that has its own
// pages, before the link to all of them.
const preview = 10

// pager is the navigation of one page of a list.
type pager struct {
	Label         string // what the list is: "Done recommendations"
	Number, Count int    // this page, and how many pages the list has
	Total         int    // rows in the whole list
	From, To      int    // the 1-based positions of this page's rows
	Prev, Next    string // URLs of the neighbouring pages, empty at the ends
	Links         []pageLink
}

// pageLink is a numbered link of a pager.
type pageLink struct {
	Number  int
	URL     string
	Current bool
	Gap     bool // pages are left out before this one
}

// First is true on the page at the list's own path, which carries what
// the list's other pages leave out (summaries, charts).
func (p *pager) First() bool { return p == nil || p.Number <= 1 }

// Several is true when the list needs a pager at all.
func (p *pager) Several() bool { return p != nil && p.Count > 1 }

// pagePath is the path of page n of the list at rel.
func pagePath(rel string, n int) string {
	if n <= 1 {
		return rel
	}
	return rel + "page/" + strconv.Itoa(n) + "/"
}

// pageCount is how many pages a list of n rows takes; an empty list still
// has its first page.
func pageCount(n int) int { return max(1, (n+perPage-1)/perPage) }

// pageTitle names page n of a list titled title, so that every page has a
// title of its own.
func pageTitle(title string, p *pager) string {
	if p.Number <= 1 {
		return title
	}
	return fmt.Sprintf("%s, page %d of %d", title, p.Number, p.Count)
}

// newPager is the pager of page n (1-based) of a list of total rows at rel.
func (r *Renderer) newPager(rel, label string, total, n int) *pager {
	count := pageCount(total)
	p := &pager{Label: label, Number: n, Count: count, Total: total,
		From: min((n-1)*perPage+1, total), To: min(n*perPage, total)}
	if n > 1 {
		p.Prev = r.a.URL(pagePath(rel, n-1))
	}
	if n < count {
		p.Next = r.a.URL(pagePath(rel, n+1))
	}
	// The first and last pages, and two either side of this one.
	last := 0
	for i := 1; i <= count; i++ {
		if i != 1 && i != count && (i < n-2 || i > n+2) {
			continue
		}
		p.Links = append(p.Links, pageLink{Number: i, URL: r.a.URL(pagePath(rel, i)), Current: i == n, Gap: last != 0 && i > last+1})
		last = i
	}
	return p
}

// paginated returns the jobs that write every page of a list of total rows
// at rel with layout; data makes the template data of one page from its
// pager and the bounds [lo, hi) of its rows.
func (r *Renderer) paginated(layout, rel, title, label string, total int, data func(p *pager, lo, hi int) any) []func() error {
	jobs := make([]func() error, pageCount(total))
	for i := range jobs {
		n := i + 1
		jobs[i] = func() error {
			p := r.newPager(rel, label, total, n)
			path := pagePath(rel, n)
			return r.page(layout, path, pageTitle(title, p), data(p, (n-1)*perPage, min(n*perPage, total)))
		}
	}
	return jobs
}

// crumb is a link of a breadcrumb.
type crumb struct{ URL, Title string }

// listData is a list with pages of its own below the page that sums it
// up (a quarter's overdue recommendations, a category's recurrences): the
// summary shows its first rows and links here. One of Recs, Retros and
// Recurrences is the list.
type listData struct {
	Up          []crumb
	Title, Lead string
	Heading     string // of the list itself: "Recommendations"
	Recs        []*retro.Recommendation
	Retros      []*retro.Retrospective
	Recurrences []archive.Recurrence
	Pager       *pager
}

// listPages are the jobs that write the pages of d's list at rel.
func (r *Renderer) listPages(rel string, d listData) []func() error {
	total := len(d.Recs) + len(d.Retros) + len(d.Recurrences)
	return r.paginated("list", rel, d.Title, d.Title, total, func(p *pager, lo, hi int) any {
		pd := d
		pd.Pager = p
		switch {
		case d.Recs != nil:
			pd.Recs = d.Recs[lo:hi]
		case d.Retros != nil:
			pd.Retros = d.Retros[lo:hi]
		case d.Recurrences != nil:
			pd.Recurrences = d.Recurrences[lo:hi]
		}
		return &pd
	})
}

// more is the link from a summary's first rows of a list to all of them.
type more struct {
	URL   string
	Shown int    // rows the summary shows
	Total int    // rows of the list
	What  string // "recurrences", in the plural
}

// firstRows are the first n of s.
func firstRows[T any](s []T, n int) []T { return s[:min(len(s), n)] }
