package export

import (
	"encoding/xml"
	"slices"
	"strings"
	"time"

	"retro/internal/archive"
	"retro/internal/retro"
)

// FeedEntries bounds the feed: a subscriber needs what is new, and the
// archive itself is one link away.
const FeedEntries = 50

// tagAuthority names the feed's ids when the site has no base_url (RFC
// 4151 tag: URIs). With no domain of its own to mint them under, the site
// uses a name under .invalid (RFC 2606), which no one can own and so can
// never clash with a real tagging authority; the date is fixed because a
// feed id must never change.
const tagAuthority = "retro.invalid,2026"

type atomFeed struct {
	XMLName   xml.Name      `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string        `xml:"id"`
	Title     string        `xml:"title"`
	Subtitle  string        `xml:"subtitle,omitempty"`
	Updated   string        `xml:"updated"`
	Author    atomPerson    `xml:"author"`
	Generator atomGenerator `xml:"generator"`
	Links     []atomLink    `xml:"link"`
	Entries   []atomEntry   `xml:"entry"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Links      []atomLink     `xml:"link"`
	Summary    *atomText      `xml:"summary"`
	Categories []atomCategory `xml:"category"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomGenerator struct {
	Name string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// feed writes /feed.xml: the final and legacy retrospectives most recently
// finalized first (a legacy write-up without a review by its start date). A feed announces write-ups as they are published, so it orders by
// review.finalized, not by when the incident happened: the write-up of an
// old incident finalized today is news, and ordering by start would push it
// past the last entry of a long archive.
func (e *exporter) feed() (int, error) {
	a := e.a
	var finals []*retro.Retrospective
	for _, r := range a.Retros {
		if (r.Status == retro.Final && r.Review != nil && !r.Review.Finalized.IsZero()) || r.Status == retro.Legacy {
			finals = append(finals, r)
		}
	}
	slices.SortStableFunc(finals, func(x, y *retro.Retrospective) int {
		if c := published(y).Compare(published(x)); c != 0 {
			return c
		}
		if c := y.Started.Time.Compare(x.Started.Time); c != 0 {
			return c
		}
		return strings.Compare(x.ID, y.ID)
	})
	finals = finals[:min(len(finals), FeedEntries)]

	f := atomFeed{
		ID:        e.feedID(),
		Title:     a.Site.Title,
		Subtitle:  a.Site.Description,
		Author:    atomPerson{Name: a.Site.Title},
		Generator: atomGenerator{Name: "retro"},
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: e.absolute(a.URL("feed.xml"))},
			{Rel: "alternate", Type: "text/html", Href: e.absolute(a.URL(""))},
		},
	}
	// The feed changes when an entry does: with no entries, the build date
	// stands in (Atom requires updated), which comes from the build's clock.
	f.Updated = a.Today.Time(a.Site.Timezone).Format(time.RFC3339)
	if len(finals) > 0 {
		f.Updated = e.finalized(finals[0])
	}
	for _, r := range finals {
		f.Entries = append(f.Entries, e.entry(r))
	}
	w, done, err := e.create("feed.xml")
	if err != nil {
		return 0, err
	}
	if _, err := w.WriteString(xml.Header); err != nil {
		_ = done()
		return 0, err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	err = enc.Encode(f)
	if err == nil {
		err = w.WriteByte('\n')
	}
	if cerr := done(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, err
	}
	return 1, nil
}

func (e *exporter) entry(r *retro.Retrospective) atomEntry {
	page := e.a.RetroURL(r)
	en := atomEntry{
		ID:      e.entryID(r),
		Title:   atomText{Type: "text", Body: r.Title},
		Updated: e.finalized(r),
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: e.absolute(page)}},
	}
	if r.Author != "" {
		en.Authors = []atomPerson{{Name: r.Author}}
	}
	if s := r.Summary.Text; s != "" {
		en.Summary = &atomText{Type: "text", Body: strings.TrimSpace(s)}
	}
	if r.Severity != "" {
		en.Categories = append(en.Categories, atomCategory{Term: r.Severity})
	}
	for _, c := range r.Categories() {
		cat := atomCategory{Term: c}
		if cv, ok := e.a.Site.Category(c); ok {
			cat.Label = cv.Title
		}
		en.Categories = append(en.Categories, cat)
	}
	return en
}

// finalized is the day r was published, as the start of that day in the
// site's zone (SPEC: the feed uses the site's timezone).
func (e *exporter) finalized(r *retro.Retrospective) string {
	return published(r).Time(e.a.Site.Timezone).Format(time.RFC3339)
}

// published is the day the review finalized r or, for a legacy write-up
// without one, the day its incident started: the only date it states.
func published(r *retro.Retrospective) retro.Date {
	if r.Review != nil && !r.Review.Finalized.IsZero() {
		return r.Review.Finalized
	}
	return r.Started.Date()
}

// feedID is the home page's URL, or a tag: URI when there is none.
func (e *exporter) feedID() string {
	if e.a.Site.BaseURL != "" {
		return e.a.Site.BaseURL
	}
	return "tag:" + tagAuthority + ":" + e.siteName() + "/"
}

// entryID is the page's URL, or a tag: URI made of the retrospective's id,
// the one part of its address that SPEC promises never changes.
func (e *exporter) entryID(r *retro.Retrospective) string {
	if e.a.Site.BaseURL != "" {
		return e.absolute(e.a.RetroURL(r))
	}
	return "tag:" + tagAuthority + ":" + e.siteName() + "/retros/" + r.ID + "/"
}

// siteName tells sites apart inside tag: URIs, since they all share
// tagAuthority: two archives in one feed reader keep distinct ids.
func (e *exporter) siteName() string { return archive.Slug(e.a.Site.Title) }
