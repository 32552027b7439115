// Package retro is the domain model of one incident retrospective and its
// decoding from front matter nodes. It knows nothing of other
// retrospectives or of HTML layout.
package retro

import (
	"fmt"
	"html/template"
	"slices"
	"sort"
	"strings"
	"time"

	"retro/internal/source"
)

// Statuses of a retrospective.
const (
	Draft  = "draft"
	Review = "review"
	Final  = "final"
	// Legacy is a write-up from before the team used this format: published
	// as written, with only title and started required.
	Legacy = "legacy"
)

// Statuses of a recommendation.
const (
	Planned    = "planned"
	InProgress = "in-progress"
	Done       = "done"
	Dropped    = "dropped"
)

var (
	Statuses               = []string{Draft, Review, Final, Legacy}
	Kinds                  = []string{"incident", "near-miss"}
	RecommendationStatuses = []string{Planned, InProgress, Done, Dropped}
	RecommendationKinds    = []string{"software", "configuration", "process"}
	Betters                = []string{"avoid", "detect", "remediate", "impact", "effort"}
)

// Markdown is a text of the front matter written in Markdown. The markdown
// stage fills HTML (and Text, its plain-text form for search and feeds).
type Markdown struct {
	Src  string
	Pos  source.Pos
	HTML template.HTML
	Text string
	// lines map offsets of Src to the file, for a value on several lines.
	lines []lineStart
}

// lineStart is where a file line's part of a value starts in Src.
type lineStart struct {
	Off       int
	Line, Col int
}

// PosAt is the file position of Src[off:]. A value on one line is exact
// (but for escapes in quoted scalars); one on several lines, block scalars
// included, is exact where decoding could follow it line by line.
func (m Markdown) PosAt(off int) source.Pos {
	p := m.Pos
	if len(m.lines) == 0 {
		if p.Col > 0 && !strings.Contains(m.Src[:off], "\n") {
			p.Col += off
		}
		return p
	}
	i := sort.Search(len(m.lines), func(i int) bool { return m.lines[i].Off > off }) - 1
	if i < 0 {
		i = 0
	}
	l := m.lines[i]
	p.Line, p.Col = l.Line, l.Col+max(off-l.Off, 0)
	return p
}

// IsZero reports whether nothing was written.
func (m Markdown) IsZero() bool { return m.Src == "" }

// Moment is a milestone or timeline instant, in the retrospective's zone.
type Moment struct {
	Time time.Time
	Pos  source.Pos
	Set  bool
	// DateOnly is true when only a date was written (legacy write-ups and
	// imports): Time is the start of that day, and the moment gives no
	// durations.
	DateOnly bool
}

// Date is the moment's calendar day in its zone.
func (m Moment) Date() Date { return DateOf(m.Time) }

// ISO is the moment as RFC 3339, or as the date YYYY-MM-DD (RFC 3339's
// full-date) when no time of day was written: a time would be invented.
func (m Moment) ISO() string {
	if !m.Set {
		return ""
	}
	if m.DateOnly {
		return m.Date().String()
	}
	return m.Time.Format(time.RFC3339)
}

// Display is the moment as the page shows it: "2024-03-14 09:12 CET", or
// "2024-03-14" for a date alone.
func (m Moment) Display() string {
	if !m.Set {
		return ""
	}
	if m.DateOnly {
		return m.Date().String()
	}
	zone, _ := m.Time.Zone()
	return m.Time.Format("2006-01-02 15:04") + " " + zone
}

// Retrospective is one incident write-up.
type Retrospective struct {
	Path string // source path relative to the site, e.g. content/retros/x.md
	// Unreadable is true when the file could not be split or parsed: its
	// anchors are unknown, so links into it are not checked.
	Unreadable bool
	Bundle     string // folder of a bundle (its files are copied beside the page), or ""

	ID         string
	IDPos      source.Pos
	IDExplicit bool
	Aliases    []Ident

	Title    string
	Status   string
	Kind     string
	Severity string
	Pos      map[string]source.Pos // top-level keys' value positions, for findings

	Timezone     *time.Location
	TimezoneName string
	Started      Moment
	Detected     Moment
	Mitigated    Moment
	Resolved     Moment

	Impact   Markdown
	Summary  Markdown
	Services []string
	Teams    []string
	Tags     []string
	// Terms are the services, teams and tags as written, with where, by
	// taxonomy kind: two spellings that share a page are warned about.
	Terms map[string][]Ident
	// Links are where else the incident is written up: the write-up's
	// sources.
	Links []*Link

	Author, Shadow, Mentor string
	DraftDue               Date

	Review *ReviewBlock

	Timeline        []*TimelineEntry
	Analysis        Analysis
	Recommendations []*Recommendation
	// RecommendationsWritten is true when the key is present, even as [].
	RecommendationsWritten  bool
	NoRecommendationsReason Markdown

	Body     []byte
	BodyLine int
	Sections []*Section // filled by the markdown stage
}

// Ident is an id written in the source.
type Ident struct {
	Value string
	Pos   source.Pos
}

// Link is an http(s) URL or a retro: link, with an optional title. The
// markdown stage fills Href (a retro: link resolved to its page).
type Link struct {
	Title string
	URL   string
	Pos   source.Pos // of the URL value
	Href  string
}

// Section is an H2 section of the body.
type Section struct {
	Title  string
	Anchor string
	Known  string // "what-went-well", "what-could-have-been-done-better", "analysis" or ""
	HTML   template.HTML
	Text   string
}

// ReviewBlock is the review of the write-up by the team.
type ReviewBlock struct {
	Reviewers    []string
	Meeting      Date
	Presenter    string
	Moderator    string
	NoteTaker    string
	Notes        Markdown
	Finalized    Date
	FinalizedPos source.Pos
	// FinalizedWritten is true when finalized: is written, even if wrongly.
	FinalizedWritten bool
	Pos              source.Pos
}

// TimelineEntry is one event of the timeline.
type TimelineEntry struct {
	At    time.Time
	Event Markdown
	Refs  []*Link
	Pos   source.Pos // of the `at` value
	// TimeOnly is true when `at` was written as HH:MM[:SS].
	TimeOnly bool
}

// Analysis is the CAST analysis of the incident.
type Analysis struct {
	System           Markdown
	Environment      Markdown
	SafetyControls   []*SafetyControl
	SystemicProblems []*SystemicProblem
	MissingControls  []*MissingControl
	Pos              source.Pos
}

// AnalysisItem is what a recommendation can address.
type AnalysisItem interface {
	ItemID() string
	Anchor() string
	AddressedBy() []*Recommendation
	addressedBy(*Recommendation)
}

type item struct {
	ID        string
	Pos       source.Pos // of the id value, or of the item when it has none
	addressed []*Recommendation
}

func (i *item) ItemID() string                 { return i.ID }
func (i *item) AddressedBy() []*Recommendation { return i.addressed }
func (i *item) addressedBy(r *Recommendation)  { i.addressed = append(i.addressed, r) }

// SafetyControl is a control that was meant to keep the system safe.
type SafetyControl struct {
	item
	Name       Markdown
	Purpose    Markdown
	Failure    Markdown
	FailureSet bool
}

func (c *SafetyControl) Anchor() string { return "control-" + c.ID }

// SystemicProblem is a condition of the system that made the incident possible.
type SystemicProblem struct {
	item
	Problem     Markdown
	Category    string
	CategoryPos source.Pos
	// Recurs names the same problem seen in an earlier retrospective,
	// "<retro-id>#problem-<id>"; the archive resolves it.
	Recurs Ident
}

func (p *SystemicProblem) Anchor() string { return "problem-" + p.ID }

// MissingControl is a safety control that did not exist.
type MissingControl struct {
	item
	Control Markdown
}

func (m *MissingControl) Anchor() string { return "missing-" + m.ID }

// Recommendation is an action item that came out of the retrospective.
type Recommendation struct {
	ID            string
	Pos           source.Pos // of the item
	IDPos         source.Pos
	Title         Markdown
	Addresses     []Ident
	Kind          string
	Better        string
	Ticket        string
	TicketPos     source.Pos
	Tracking      string
	TrackingPos   source.Pos
	Priority      string
	Status        string
	StatusPos     source.Pos
	Due           Date
	DoneWhen      Markdown
	DroppedReason Markdown
	History       []*HistoryEntry

	Retro *Retrospective
	// Items are the analysis items named in Addresses, resolved by Link.
	Items []AnalysisItem
}

func (r *Recommendation) Anchor() string { return "rec-" + r.ID }

// HistoryEntry is one status change of a recommendation.
type HistoryEntry struct {
	On     Date
	Status string
	Note   Markdown
	Pos    source.Pos
}

// DoneOn is the date of the latest history entry that marked the
// recommendation done.
func (r *Recommendation) DoneOn() (Date, bool) {
	for i := len(r.History) - 1; i >= 0; i-- {
		if h := r.History[i]; h.Status == Done && !h.On.IsZero() {
			return h.On, true
		}
	}
	return Date{}, false
}

// DroppedOn is the date of the latest history entry that dropped the
// recommendation.
func (r *Recommendation) DroppedOn() (Date, bool) {
	for i := len(r.History) - 1; i >= 0; i-- {
		if h := r.History[i]; h.Status == Dropped && !h.On.IsZero() {
			return h.On, true
		}
	}
	return Date{}, false
}

// Categories are the categories the recommendation addresses through the
// systemic problems it names.
func (r *Recommendation) Categories() []string {
	cats := []string{}
	for _, it := range r.Items {
		if p, ok := it.(*SystemicProblem); ok && p.Category != "" && !slices.Contains(cats, p.Category) {
			cats = append(cats, p.Category)
		}
	}
	return cats
}

// Open reports whether work on the recommendation is still to be done.
func (r *Recommendation) Open() bool { return r.Status == Planned || r.Status == InProgress }

// Overdue reports whether the recommendation is open past its due date.
func (r *Recommendation) Overdue(today Date) bool {
	return r.Open() && !r.Due.IsZero() && r.Due.Before(today)
}

// Published reports whether the retrospective is on the site without --drafts.
func (r *Retrospective) Published() bool { return r.Status == Final || r.Status == Legacy }

// LeadTime is the time from the incident's start to its final review, when
// the review says when.
func (r *Retrospective) LeadTime() (time.Duration, bool) {
	if r.Review == nil || r.Review.Finalized.IsZero() || !r.Started.Set {
		return 0, false
	}
	return r.Review.Finalized.Time(r.Timezone).Sub(r.Started.Time), true
}

// Year and Quarter of the incident's start, in its own zone.
func (r *Retrospective) Quarter() (year, quarter int) {
	t := r.Started.Time
	return t.Year(), (int(t.Month())-1)/3 + 1
}

// QuarterKey is the quarter's page name, e.g. 2024-q1.
func (r *Retrospective) QuarterKey() string {
	return DateOf(r.Started.Time).QuarterKey()
}

// Items returns every analysis item in order: controls, problems, missing.
func (a *Analysis) Items() []AnalysisItem {
	var items []AnalysisItem
	for _, c := range a.SafetyControls {
		items = append(items, c)
	}
	for _, p := range a.SystemicProblems {
		items = append(items, p)
	}
	for _, m := range a.MissingControls {
		items = append(items, m)
	}
	return items
}

// Link resolves every recommendation's addresses to the analysis items, in
// both directions. Unknown ids are left for check to report.
func (r *Retrospective) Link() {
	byID := map[string]AnalysisItem{}
	for _, it := range r.Analysis.Items() {
		if _, dup := byID[it.ItemID()]; !dup {
			byID[it.ItemID()] = it
		}
	}
	for _, rec := range r.Recommendations {
		rec.Retro = r
		for _, a := range rec.Addresses {
			if it, ok := byID[a.Value]; ok {
				rec.Items = append(rec.Items, it)
				it.addressedBy(rec)
			}
		}
	}
}

// Categories are the distinct categories of the systemic problems.
func (r *Retrospective) Categories() []string {
	var cats []string
	seen := map[string]bool{}
	for _, p := range r.Analysis.SystemicProblems {
		if p.Category != "" && !seen[p.Category] {
			seen[p.Category] = true
			cats = append(cats, p.Category)
		}
	}
	return cats
}

// Duration between two milestones, when both are set with a time of day: a
// date alone gives no duration.
func Duration(from, to Moment) (time.Duration, bool) {
	if !from.Set || !to.Set || from.DateOnly || to.DateOnly {
		return 0, false
	}
	return to.Time.Sub(from.Time), true
}

// PageIDs are ids the page layout itself uses; no heading may take them.
// None starts with an item's prefix (timeline-, control-, problem-,
// missing-, rec-), so no item id can make one of them twice: the page's
// anchors are the SPEC's, the body headings' (made unique against every id
// here) and these.
var PageIDs = []string{"main", "site-search", "search-q", "retro-title", "toc-h", "key-facts", "key-facts-h", "impact",
	"summary-h", "timeline-h", "what-went-well-h", "better-h", "analysis-h", "recommendations-h", "review-h",
	"analysis-controls", "analysis-problems", "analysis-missing", "related", "related-h", "footnotes", "other-sections"}

// HasAnalysis reports whether anything of the analysis was written, in the
// front matter or as the body's Analysis section.
func (r *Retrospective) HasAnalysis() bool {
	a := &r.Analysis
	if !a.System.IsZero() || !a.Environment.IsZero() || len(a.Items()) > 0 {
		return true
	}
	for _, s := range r.Sections {
		if s.Known == "analysis" {
			return true
		}
	}
	return false
}

// Anchors lists every anchor of the incident page that the SPEC promises
// (links into a retrospective must never break), plus the layout's ids.
func (r *Retrospective) Anchors() []string {
	as := []string{"summary", "timeline", "what-went-well", "what-could-have-been-done-better",
		"analysis", "recommendations", "review"}
	as = append(as, PageIDs...)
	for i := range r.Timeline {
		as = append(as, fmt.Sprintf("timeline-%d", i+1))
	}
	for _, it := range r.Analysis.Items() {
		if it.ItemID() != "" {
			as = append(as, it.Anchor())
		}
	}
	for _, rec := range r.Recommendations {
		if rec.ID != "" {
			as = append(as, rec.Anchor())
		}
	}
	return as
}

// InlineTexts are the front matter's inline Markdown texts, for rendering
// and for the rules that read prose.
func (r *Retrospective) InlineTexts() []*Markdown {
	ms := []*Markdown{&r.Summary, &r.Impact, &r.Analysis.System, &r.Analysis.Environment, &r.NoRecommendationsReason}
	for _, e := range r.Timeline {
		ms = append(ms, &e.Event)
	}
	for _, c := range r.Analysis.SafetyControls {
		ms = append(ms, &c.Name, &c.Purpose, &c.Failure)
	}
	for _, p := range r.Analysis.SystemicProblems {
		ms = append(ms, &p.Problem)
	}
	for _, m := range r.Analysis.MissingControls {
		ms = append(ms, &m.Control)
	}
	for _, rec := range r.Recommendations {
		ms = append(ms, &rec.Title, &rec.DoneWhen, &rec.DroppedReason)
		for _, h := range rec.History {
			ms = append(ms, &h.Note)
		}
	}
	return ms
}
