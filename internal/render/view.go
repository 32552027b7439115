package render

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"retro/internal/archive"
	"retro/internal/retro"
)

// retroView is an incident page: the retrospective with its body's sections
// placed where the page shows them, and every value the page prints
// computed here. A template function call or method call costs a
// reflective call per use, and an archive of 10,000 retrospectives has
// some 200,000 timeline entries and 30,000 recommendations; so the
// template only tests and prints fields.
type retroView struct {
	*retro.Retrospective
	Intro, WentWell, Better, Prose, Footnotes *retro.Section
	Others                                    []otherSection

	// The header.
	SeverityClass, SeverityURL string
	KindTitle                  string
	StatusTitle                string // empty for a final retrospective
	Legacy                     bool
	RecCount                   string // "3 recommendations"
	// RecSummary counts the recommendations by status for the page's
	// header: "4 done · 1 dropped · 1 overdue".
	RecSummary string

	// Which sections show: a published page shows only what was written;
	// drafts keep the prompts.
	ShowSummary, ShowTimeline, ShowWentWell, ShowBetter bool
	ShowAnalysis, ShowRecs, ShowReview                  bool
	TimelineCount, RecsCount                            int // for the table of contents
	Heads                                               *sectionHeads

	Milestones []milestone
	Facts      []fact
	TermGroups []termGroup
	DraftDueOn string

	Days []timelineDay

	Controls []controlView
	Problems []problemView
	Missing  []missingView

	Recs    []recView
	ReviewV *reviewView

	// Related are at most archive.MaxRelated retrospectives related to this
	// one, each with the reasons why.
	Related []relatedView
}

// otherSection is a section of the body the page has no place of its own
// for.
type otherSection struct {
	*retro.Section
	Head sectionHead
}

// sectionHeads are the headings of an incident page's sections.
type sectionHeads struct {
	Summary, KeyFacts, Timeline, WentWell, Better, Analysis, Recs, Review, Related sectionHead
}

var heads = &sectionHeads{
	Summary:  sectionHead{"summary", "summary-h", "Summary"},
	KeyFacts: sectionHead{"key-facts", "key-facts-h", "Impact and key facts"},
	Timeline: sectionHead{"timeline", "timeline-h", "Timeline"},
	WentWell: sectionHead{"what-went-well", "what-went-well-h", "What went well"},
	Better:   sectionHead{"what-could-have-been-done-better", "better-h", "What could have been done better"},
	Analysis: sectionHead{"analysis", "analysis-h", "Analysis"},
	Recs:     sectionHead{"recommendations", "recommendations-h", "Recommendations"},
	Review:   sectionHead{"review", "review-h", "Review"},
	Related:  sectionHead{"related", "related-h", "Related retrospectives"},
}

// milestone is a moment of the incident as the key facts show it.
type milestone struct {
	Label, ISO, Display string
}

type fact struct {
	Label string
	Value string
}

// termGroup is a taxonomy's values on the page, each linked to its page.
type termGroup struct {
	Label string
	Links []link
}

type link struct{ Text, URL string }

type timelineDay struct {
	Date    string
	Entries []timelineRow
}

type timelineRow struct {
	Index      int
	ISO, Clock string
	Event      template.HTML
	Refs       []timelineRef
}

// timelineRef is a reference of a timeline entry; Href is empty for one
// that is not a link.
type timelineRef struct {
	Href, URL, Short string
}

// itemHead is what every analysis item shows: its anchor, its id and the
// recommendations that address it.
type itemHead struct {
	Anchor, ID  string
	AddressedBy []itemRef
}

// itemRef is a link to an item or a recommendation on the same page.
type itemRef struct{ Anchor, ID string }

type controlView struct {
	itemHead
	Name, Purpose, Failure template.HTML
}

type problemView struct {
	itemHead
	Problem                              template.HTML
	Category, CategoryLower, CategoryURL string
	Recurrence                           *archive.Recurrence
	SameCategory                         *archive.CategorySignal
}

type missingView struct {
	itemHead
	Control template.HTML
}

type recView struct {
	Anchor, ID              string
	Title                   template.HTML
	Status, StatusTitle     string
	Overdue                 bool
	Priority, Due           string
	Outcome                 *archive.Outcome
	KindTitle, Better       string
	Ticket, Tracking        ticketLinks
	DoneWhen, DroppedReason template.HTML
	Items                   []itemRef
	History                 []historyRow
}

// ticketLinks are a recommendation's ticket or tracking ticket: its page,
// its address in the tracker and the tracker's status, when known.
type ticketLinks struct {
	Key, Page, TrackerURL string
	Exported              bool
	Status                string
}

type historyRow struct {
	On, StatusTitle string
	Note            template.HTML
}

type reviewView struct {
	Reviewers, Meeting, Presenter, Moderator, NoteTaker, Finalized string
	Notes                                                          template.HTML
}

type relatedView struct {
	URL, Title, ISO, Date, Severity, Reasons string
}

func newRetroView(a *archive.Archive, r *retro.Retrospective) *retroView {
	v := &retroView{Retrospective: r, Heads: heads}
	for _, s := range r.Sections {
		switch s.Known {
		case "intro":
			v.Intro = s
		case "what-went-well":
			v.WentWell = s
		case "what-could-have-been-done-better":
			v.Better = s
		case "analysis":
			v.Prose = s
		case "footnotes":
			v.Footnotes = s
		default:
			v.Others = append(v.Others, otherSection{s, sectionHead{s.Anchor, s.Anchor, s.Title}})
		}
	}

	if r.Severity != "" {
		v.SeverityClass, v.SeverityURL = strings.ToLower(r.Severity), termURL(a, "severity", r.Severity)
	}
	v.KindTitle = statusTitle(r.Kind)
	if r.Status != retro.Final {
		v.StatusTitle = statusTitle(r.Status)
	}
	v.Legacy = r.Status == retro.Legacy
	v.RecCount = plural(len(r.Recommendations), "recommendation", "recommendations")
	v.RecSummary = recSummary(r.Recommendations, a.Today)

	v.TimelineCount, v.RecsCount = len(r.Timeline), len(r.Recommendations)
	prompts := !r.Published()
	v.ShowSummary = r.Summary.HTML != "" || prompts
	v.ShowTimeline = len(r.Timeline) > 0 || prompts
	v.ShowWentWell = v.WentWell != nil || prompts
	v.ShowBetter = v.Better != nil || prompts
	v.ShowAnalysis = r.HasAnalysis() || prompts
	v.ShowRecs = len(r.Recommendations) > 0 || r.NoRecommendationsReason.HTML != "" || prompts
	v.ShowReview = r.Review != nil || prompts

	v.Milestones = append(v.Milestones, milestone{"Started", r.Started.ISO(), r.Started.Display()})
	for _, m := range []struct {
		label string
		at    retro.Moment
	}{{"Detected", r.Detected}, {"Mitigated", r.Mitigated}, {"Resolved", r.Resolved}} {
		if m.at.Set {
			v.Milestones = append(v.Milestones, milestone{m.label, m.at.ISO(), m.at.Display()})
		}
	}
	for _, d := range []struct {
		label string
		to    retro.Moment
	}{{"Time to detect", r.Detected}, {"Time to mitigate", r.Mitigated}, {"Time to resolve", r.Resolved}} {
		if dur, ok := retro.Duration(r.Started, d.to); ok {
			v.Facts = append(v.Facts, fact{Label: d.label, Value: Duration(dur)})
		}
	}
	for _, t := range []struct {
		label, kind string
		names       []string
	}{{"Services", "services", r.Services}, {"Teams", "teams", r.Teams}, {"Tags", "tags", r.Tags}} {
		if len(t.names) == 0 {
			continue
		}
		g := termGroup{Label: t.label, Links: make([]link, len(t.names))}
		for i, n := range t.names {
			g.Links[i] = link{n, termURL(a, t.kind, n)}
		}
		v.TermGroups = append(v.TermGroups, g)
	}
	v.DraftDueOn = r.DraftDue.String()

	var day *timelineDay
	for i, e := range r.Timeline {
		date := e.At.Format("Monday 2 January 2006")
		if e.At.IsZero() {
			date = "Undated"
		}
		if day == nil || day.Date != date {
			v.Days = append(v.Days, timelineDay{Date: date})
			day = &v.Days[len(v.Days)-1]
		}
		row := timelineRow{Index: i + 1, ISO: e.At.Format(time.RFC3339), Clock: e.At.Format("15:04"), Event: e.Event.HTML}
		for _, ref := range e.Refs {
			row.Refs = append(row.Refs, timelineRef{Href: ref.Href, URL: ref.URL, Short: shortURL(ref.URL)})
		}
		day.Entries = append(day.Entries, row)
	}

	for _, c := range r.Analysis.SafetyControls {
		v.Controls = append(v.Controls, controlView{newItemHead(c), c.Name.HTML, c.Purpose.HTML, c.Failure.HTML})
	}
	for _, p := range r.Analysis.SystemicProblems {
		pv := problemView{itemHead: newItemHead(p), Problem: p.Problem.HTML, Category: categoryTitle(a, p.Category)}
		if p.Category != "" {
			pv.CategoryLower = strings.ToLower(pv.Category)
			pv.CategoryURL = a.URL("problems/" + p.Category + "/")
		}
		if a.Views != nil {
			pv.Recurrence = a.Views.RecurrenceOf(p)
			if pv.Recurrence == nil {
				pv.SameCategory = a.Views.SameCategoryOf(p)
			}
		}
		v.Problems = append(v.Problems, pv)
	}
	for _, m := range r.Analysis.MissingControls {
		v.Missing = append(v.Missing, missingView{newItemHead(m), m.Control.HTML})
	}

	for _, rec := range r.Recommendations {
		rv := recView{
			Anchor: rec.Anchor(), ID: rec.ID, Title: rec.Title.HTML,
			Status: rec.Status, StatusTitle: statusTitle(rec.Status), Overdue: rec.Overdue(a.Today),
			Priority: rec.Priority, Due: rec.Due.String(),
			KindTitle: statusTitle(rec.Kind),
			Ticket:    newTicketLinks(a, rec.Ticket, "tickets/"),
			Tracking:  newTicketLinks(a, rec.Tracking, "recommendations/tracking/"),
			DoneWhen:  rec.DoneWhen.HTML, DroppedReason: rec.DroppedReason.HTML,
		}
		if rec.Better != "" {
			rv.Better = betterWords(rec.Better)
		}
		if a.Views != nil {
			rv.Outcome = a.Views.OutcomeOf(rec)
		}
		for _, it := range rec.Items {
			rv.Items = append(rv.Items, itemRef{it.Anchor(), it.ItemID()})
		}
		for _, h := range rec.History {
			rv.History = append(rv.History, historyRow{h.On.String(), statusTitle(h.Status), h.Note.HTML})
		}
		v.Recs = append(v.Recs, rv)
	}

	if rv := r.Review; rv != nil {
		v.ReviewV = &reviewView{
			Reviewers: strings.Join(rv.Reviewers, ", "), Meeting: rv.Meeting.String(),
			Presenter: rv.Presenter, Moderator: rv.Moderator, NoteTaker: rv.NoteTaker,
			Finalized: rv.Finalized.String(), Notes: rv.Notes.HTML,
		}
	}

	if a.Views != nil {
		for _, rel := range a.Views.Related[r] {
			o := rel.Retro
			v.Related = append(v.Related, relatedView{
				URL: a.RetroURL(o), Title: o.Title, ISO: o.Started.ISO(), Date: o.Started.Time.Format("2 Jan 2006"),
				Severity: o.Severity, Reasons: strings.Join(rel.Reasons, "; "),
			})
		}
	}
	return v
}

func newItemHead(it retro.AnalysisItem) itemHead {
	h := itemHead{Anchor: it.Anchor(), ID: it.ItemID()}
	for _, rec := range it.AddressedBy() {
		h.AddressedBy = append(h.AddressedBy, itemRef{rec.Anchor(), rec.ID})
	}
	return h
}

// newTicketLinks are the links of a ticket key whose site pages are below
// dir ("tickets/" or "recommendations/tracking/").
func newTicketLinks(a *archive.Archive, key, dir string) ticketLinks {
	if key == "" {
		return ticketLinks{}
	}
	t := ticketLinks{Key: key, Page: a.URL(dir + archive.TicketSlug(a.Site, key) + "/"), TrackerURL: a.Site.TicketURL(key)}
	if tr := a.TrackerOf(key); tr != nil {
		t.Exported, t.Status = true, tr.Status
	}
	return t
}

// termURL is the page of a value of a taxonomy.
func termURL(a *archive.Archive, kind, name string) string {
	return a.URL(kind + "/" + archive.Slug(name) + "/")
}

// categoryTitle is the title site.yaml gives a category of systemic
// problems, or its key.
func categoryTitle(a *archive.Archive, key string) string {
	if c, ok := a.Site.Category(key); ok {
		return c.Title
	}
	return key
}

// recSummary counts recs by status, in the order of their life, and the
// overdue among them: "2 in progress · 3 done · 1 overdue". It is empty for
// no recommendations.
func recSummary(recs []*retro.Recommendation, today retro.Date) string {
	var parts []string
	for _, g := range archive.RecsByStatus(recs) {
		if len(g.Recs) > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", len(g.Recs), strings.ToLower(statusTitle(g.Key))))
		}
	}
	overdue := 0
	for _, rec := range recs {
		if rec.Overdue(today) {
			overdue++
		}
	}
	if overdue > 0 {
		parts = append(parts, fmt.Sprintf("%d overdue", overdue))
	}
	return strings.Join(parts, " · ")
}
