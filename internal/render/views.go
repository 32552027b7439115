package render

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
	"time"

	"retro/internal/archive"
	"retro/internal/retro"
)

// The pages of the cross-retrospective views. Their data is read from
// a.Views (computed once by archive.ComputeViews) and arranged here for the
// templates; nothing here changes the archive.

// taxonomyKinds are the taxonomies with pages, in the order the site lists
// them, with the singular that names one term.
var taxonomyKinds = []struct{ Kind, One string }{
	{"services", "Service"}, {"teams", "Team"}, {"tags", "Tag"}, {"severity", "Severity"},
}

func singular(kind string) string {
	for _, k := range taxonomyKinds {
		if k.Kind == kind {
			return k.One
		}
	}
	return kind
}

// viewJobs are the jobs that write every page of the views.
func (r *Renderer) viewJobs() []func() error {
	a := r.a
	v := a.Views
	if v == nil {
		return nil
	}
	axis := quarterAxis(a)
	jobs := []func() error{
		func() error { return r.page("problems", "problems/", "Systemic problems", newProblemsData(a, axis)) },
		func() error {
			return r.page("tracking-index", "recommendations/tracking/", "Common recommendations", v.Tracking)
		},
		func() error { return r.page("tickets", "tickets/", "Tickets", v.Tickets) },
		func() error { return r.page("quarters", "quarters/", "Quarters", newQuartersData(a)) },
	}
	for _, cv := range v.Categories {
		jobs = append(jobs, r.categoryPages(cv, axis)...)
	}
	all := a.Views.Recommendations
	jobs = append(jobs, r.recsPages(newRecsData(a), "recommendations", "recommendations/")...)
	jobs = append(jobs, r.recsPages(newRecsFilter(a, "overdue", "Overdue recommendations", a.Overdue()), "recs-filter", "recommendations/overdue/")...)
	for _, g := range archive.RecsByStatus(all) {
		title := statusTitle(g.Key) + " recommendations"
		jobs = append(jobs, r.recsPages(newRecsFilter(a, "status-"+g.Key, title, g.Recs), "recs-filter", "recommendations/status/"+g.Key+"/")...)
	}
	for _, g := range a.RecsByTeam(all) {
		if g.Key == "" {
			continue
		}
		title := "Recommendations of team " + g.Name
		jobs = append(jobs, r.recsPages(newRecsFilter(a, "team-"+g.Key, title, g.Recs), "recs-filter", "recommendations/teams/"+g.Key+"/")...)
	}
	for _, tv := range v.Tracking {
		jobs = append(jobs, func() error {
			return r.page("tracking", "recommendations/tracking/"+tv.Slug+"/", "Tracking ticket "+tv.Key, newTrackingData(a, tv))
		})
	}
	for _, t := range v.Tickets {
		jobs = append(jobs, func() error { return r.page("ticket", "tickets/"+t.Slug+"/", "Ticket "+t.Key, newTicketView(a, t)) })
	}
	for _, tx := range v.Taxonomies {
		jobs = append(jobs, func() error { return r.page("taxonomy", tx.Kind+"/", tx.Title, newTaxonomyData(a, tx)) })
		for _, term := range tx.Terms {
			jobs = append(jobs, func() error {
				return r.page("term", tx.Kind+"/"+term.Slug+"/", singular(tx.Kind)+" "+term.Name, newTermData(a, tx, term))
			})
		}
	}
	for i := range v.Quarters {
		jobs = append(jobs, r.quarterPages(v.Quarters, i)...)
	}
	return jobs
}

// axis is the quarters the cross-views show one by one: the last
// site.yaml analysis.quarters up to the later of the archive's last quarter
// and today's, with none missing. Earlier is true when older quarters had
// something: they roll up into one "Earlier" column, so that one incident
// from 1990 does not draw 140 empty columns.
type axis struct {
	Keys    []string
	Earlier bool
}

func quarterAxis(a *archive.Archive) axis {
	qs := a.Views.Quarters
	if len(qs) == 0 {
		return axis{}
	}
	last := qs[len(qs)-1].Start
	if today := archive.QuarterStart(a.Today); last.Before(today) && !a.Today.IsZero() {
		last = today
	}
	keys := archive.QuarterRange(qs[0].Start, last)
	if n := max(a.Site.Quarters, 1); len(keys) > n {
		return axis{Keys: keys[len(keys)-n:], Earlier: true}
	}
	return axis{Keys: keys}
}

// span says which quarters the axis shows, for captions.
func (ax axis) span() string {
	if len(ax.Keys) == 0 {
		return ""
	}
	s := "from " + archive.QuarterLabel(ax.Keys[0]) + " to " + archive.QuarterLabel(ax.Keys[len(ax.Keys)-1])
	if ax.Earlier {
		s += ", earlier ones together"
	}
	return s
}

// counts are a category's problems per column of the axis: "Earlier" first
// when there is one. window is the quarters alone, for trend charts.
func (ax axis) counts(cv *archive.CategoryView) (cols, window []int) {
	window = cv.PerQuarter(ax.Keys)
	if !ax.Earlier {
		return window, window
	}
	earlier := len(cv.Problems)
	for _, n := range window {
		earlier -= n
	}
	return append([]int{earlier}, window...), window
}

// quarterCol is one column of an axis, linked when it has a page.
type quarterCol struct {
	Key, Label string
	Page       bool
}

func quarterCols(a *archive.Archive, ax axis) []quarterCol {
	var cols []quarterCol
	if ax.Earlier {
		cols = append(cols, quarterCol{Label: "Earlier"})
	}
	for _, k := range ax.Keys {
		cols = append(cols, quarterCol{Key: k, Label: archive.QuarterLabel(k), Page: a.Views.Quarter(k) != nil})
	}
	return cols
}

// ---- /problems/ and /problems/<category>/

type categoryRow struct {
	*archive.CategoryView
	PerQuarter []int
	Spark      template.HTML
}

// maxListed bounds the lists of pages that sum up the whole archive (the
// home page, /problems/): they show the most recent items and link to the
// pages that list every one, so that they stay readable at any size.
const maxListed = 20

// recentRecurrences is how many recurrences of each category /problems/
// shows open; the rest are collapsed.
const recentRecurrences = 2

type problemsData struct {
	Quarters        []quarterCol
	Span            string
	Rows            []categoryRow
	Recurrences     []archive.CategoryRecurrences // the first few of each open, the rest collapsed
	RecurrenceCount int
	Problems        int
}

func newProblemsData(a *archive.Archive, ax axis) *problemsData {
	d := &problemsData{Quarters: quarterCols(a, ax), Span: ax.span(), Recurrences: a.Views.RecurrencesByCategory(recentRecurrences), RecurrenceCount: len(a.Views.Recurrences())}
	for _, cv := range a.Views.Categories {
		cols, window := ax.counts(cv)
		d.Problems += len(cv.Problems)
		d.Rows = append(d.Rows, categoryRow{
			CategoryView: cv,
			PerQuarter:   cols,
			Spark: Sparkline(Chart{
				ID:    "spark-" + cv.Key,
				Title: cv.Title + ": problems per quarter",
				Desc:  BarDesc(quarterBars(ax.Keys, window)),
			}, window),
		})
	}
	// Most problems first: what keeps going wrong leads.
	slices.SortStableFunc(d.Rows, func(x, y categoryRow) int { return len(y.Problems) - len(x.Problems) })
	return d
}

func quarterBars(axis []string, values []int) []Bar {
	bars := make([]Bar, len(axis))
	for i, k := range axis {
		bars[i] = Bar{Label: archive.QuarterLabel(k), Value: values[i]}
	}
	return bars
}

// categoryData is a page of a category: the first carries its figures,
// its newest recurrences and the first recommendations addressing it,
// every page a hundred of its problems.
type categoryData struct {
	*archive.CategoryView
	// Problems shadow the view's: this page's.
	Problems     []archive.ProblemRef
	ProblemCount int
	Pager        *pager
	Quarters     []quarterCol
	PerQuarter   []int
	Chart        template.HTML
	// Recurred are the newest recurrences, RecurredMore the link to all.
	Recurred     []archive.Recurrence
	RecurredMore more
	// Addressing by status, and the problems with what addressed each.
	AddressingSummary string // "5 done · 1 dropped"
	Addressing        []*retro.Recommendation
	AddressingMore    more
}

// categoryPages are the jobs that write a category's pages: its own,
// paginated by its problems, and the lists of every recurrence and every
// recommendation addressing it.
func (r *Renderer) categoryPages(cv *archive.CategoryView, ax axis) []func() error {
	a := r.a
	rel := "problems/" + cv.Key + "/"
	cols, window := ax.counts(cv)
	bars := quarterBars(ax.Keys, window)
	recurred := cv.RecurrencesNewestFirst()
	addressing := slices.Clone(cv.Addressing)
	slices.Reverse(addressing) // newest incident first
	archive.SortRecs(addressing)
	d := &categoryData{
		CategoryView: cv,
		ProblemCount: len(cv.Problems),
		Quarters:     quarterCols(a, ax),
		PerQuarter:   cols,
		Chart: ColumnChart(Chart{
			ID:    "per-quarter",
			Title: cv.Title + ": systemic problems per quarter",
			Desc:  BarDesc(bars),
		}, bars),
		Recurred:          firstRows(recurred, preview),
		RecurredMore:      more{URL: a.URL(rel + "recurred/"), Shown: min(len(recurred), preview), Total: len(recurred), What: "recurrences"},
		Addressing:        firstRows(addressing, preview),
		AddressingMore:    more{URL: a.URL(rel + "recommendations/"), Shown: min(len(addressing), preview), Total: len(addressing), What: "recommendations addressing it"},
		AddressingSummary: recSummary(cv.Addressing, a.Today),
	}
	jobs := r.paginated("category", rel, cv.Title, "Problems in "+strings.ToLower(cv.Title), len(cv.Problems), func(p *pager, lo, hi int) any {
		pd := *d
		pd.Problems, pd.Pager = cv.Problems[lo:hi], p
		return &pd
	})
	up := []crumb{{a.URL("problems/"), "Systemic problems"}, {a.URL(rel), cv.Title}}
	jobs = append(jobs, r.listPages(rel+"recurred/", listData{Up: up, Title: cv.Title + ": recurred after done", Heading: "Recurrences, newest first",
		Lead:        "Incidents with a " + strings.ToLower(cv.Title) + " problem after an earlier recommendation addressing the category was done, that share a service or a tracking ticket with it, or name the earlier problem with recurs:.",
		Recurrences: recurred})...)
	jobs = append(jobs, r.listPages(rel+"recommendations/", listData{Up: up, Title: "Recommendations addressing " + strings.ToLower(cv.Title), Heading: "Recommendations",
		Lead: "Open ones by due date, then done ones, most recently done first, then dropped ones with why.",
		Recs: addressing})...)
	return jobs
}

// ---- /recommendations/ and its filters

// recFilter is one link of the filters above every recommendations page.
type recFilter struct {
	Key, Label, URL string
	N               int
}

type recsData struct {
	Key   string // the filter this page shows: "", "overdue", "status-done", "team-payments"
	Title string
	// Recs are the rows of this page; Total counts the whole list, which
	// the pager runs through.
	Recs     []*retro.Recommendation
	Total    int
	Pager    *pager
	Statuses []recFilter
	Teams    []recFilter
	ByStatus []*archive.RecGroup
	ByTeam   []*archive.RecGroup
	Overdue  int
	Kinds    []archive.Count
	Betters  []archive.Count
	KindC    template.HTML
	BetterC  template.HTML
	Drifts   []archive.Drift
	Tracking []*archive.TrackingView
	// TrackingMore counts the tracking tickets left out of Tracking.
	TrackingMore int
	Tracker      bool // the site has a tracker export
}

// filters are the status and team links shared by every recommendations page.
func filters(a *archive.Archive, all []*retro.Recommendation) (statuses, teams []recFilter, overdue int) {
	for _, g := range archive.RecsByStatus(all) {
		statuses = append(statuses, recFilter{Key: "status-" + g.Key, Label: statusTitle(g.Key), URL: a.URL("recommendations/status/" + g.Key + "/"), N: len(g.Recs)})
	}
	overdue = len(a.Overdue())
	statuses = append(statuses, recFilter{Key: "overdue", Label: "Overdue", URL: a.URL("recommendations/overdue/"), N: overdue})
	for _, g := range a.RecsByTeam(all) {
		if g.Key != "" {
			teams = append(teams, recFilter{Key: "team-" + g.Key, Label: g.Name, URL: a.URL("recommendations/teams/" + g.Key + "/"), N: len(g.Recs)})
		}
	}
	return statuses, teams, overdue
}

// recsPages are the jobs that write the pages of a list of
// recommendations, d.Recs sorted for reading, at rel.
func (r *Renderer) recsPages(d *recsData, layout, rel string) []func() error {
	all := d.Recs
	return r.paginated(layout, rel, d.Title, d.Title, len(all), func(p *pager, lo, hi int) any {
		pd := *d
		pd.Recs, pd.Total, pd.Pager = all[lo:hi], len(all), p
		return &pd
	})
}

func newRecsData(a *archive.Archive) *recsData {
	all := a.Views.Recommendations
	d := &recsData{Title: "Recommendations", Recs: sortedRecs(all), Tracker: a.Tracker != nil}
	d.Tracking, d.TrackingMore = mostShared(a.Views.Tracking, maxListed)
	d.Statuses, d.Teams, d.Overdue = filters(a, all)
	d.ByStatus = archive.RecsByStatus(all)
	d.ByTeam = a.RecsByTeam(all)
	d.Kinds = archive.CountRecs(all, retro.RecommendationKinds, func(r *retro.Recommendation) string { return r.Kind })
	d.Betters = archive.CountRecs(all, retro.Betters, func(r *retro.Recommendation) string { return r.Better })
	d.KindC = BarChart(Chart{ID: "by-kind", Title: "Recommendations by kind", Desc: BarDesc(countBars(d.Kinds, statusTitle))}, countBars(d.Kinds, statusTitle))
	d.BetterC = BarChart(Chart{ID: "by-better", Title: "Recommendations by what they make better", Desc: BarDesc(countBars(d.Betters, betterWords))}, countBars(d.Betters, betterWords))
	d.Drifts = a.Drifts(a.Retros)
	return d
}

func newRecsFilter(a *archive.Archive, key, title string, recs []*retro.Recommendation) *recsData {
	d := &recsData{Key: key, Title: title, Recs: slices.Clone(recs), Tracker: a.Tracker != nil}
	archive.SortRecs(d.Recs)
	d.Statuses, d.Teams, d.Overdue = filters(a, a.Views.Recommendations)
	return d
}

func countBars(cs []archive.Count, label func(string) string) []Bar {
	bars := make([]Bar, len(cs))
	for i, c := range cs {
		l := label(c.Key)
		if c.Key == "" {
			l = "Not given"
		}
		bars[i] = Bar{Label: l, Value: c.N}
	}
	return bars
}

// ---- /recommendations/tracking/<slug>/

type trackingData struct {
	*archive.TrackingView
	// Retros and Recs shadow the view's, newest incident first.
	Retros  []*retro.Retrospective
	Recs    []*retro.Recommendation
	Summary string // "3 done · 1 planned"
}

func newTrackingData(a *archive.Archive, tv *archive.TrackingView) *trackingData {
	d := &trackingData{TrackingView: tv, Retros: slices.Clone(tv.Retros), Recs: slices.Clone(tv.Recs), Summary: recSummary(tv.Recs, a.Today)}
	slices.Reverse(d.Retros)
	slices.Reverse(d.Recs)
	archive.SortRecs(d.Recs)
	return d
}

// ---- taxonomies

type taxonomyData struct {
	*archive.Taxonomy
	One  string
	Rows []termRow
}

type termRow struct {
	*archive.Term
	Overdue  int
	Recurred int // problems of its retrospectives that recurred after done
}

func newTaxonomyData(a *archive.Archive, tx *archive.Taxonomy) *taxonomyData {
	d := &taxonomyData{Taxonomy: tx, One: singular(tx.Kind)}
	for _, t := range tx.Terms {
		row := termRow{Term: t}
		for _, rec := range t.Open {
			if rec.Overdue(a.Today) {
				row.Overdue++
			}
		}
		for _, rt := range t.Retros {
			for _, p := range rt.Analysis.SystemicProblems {
				if a.Views.RecurrenceOf(p) != nil {
					row.Recurred++
				}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	return d
}

type termData struct {
	Kind, One, KindTitle string
	*archive.Term
	Open       []*retro.Recommendation
	Categories []termCategory
	Overdue    int
}

// termCategory is a category of a term's retrospectives: in how many it
// occurred, and how many of its problems there recurred after done.
type termCategory struct {
	Key      string
	N        int
	Recurred int
}

func newTermData(a *archive.Archive, tx *archive.Taxonomy, t *archive.Term) *termData {
	d := &termData{Kind: tx.Kind, One: singular(tx.Kind), KindTitle: tx.Title, Term: t, Open: slices.Clone(t.Open)}
	archive.SortRecs(d.Open)
	for _, rec := range d.Open {
		if rec.Overdue(a.Today) {
			d.Overdue++
		}
	}
	recurred := map[string]int{}
	for _, rt := range t.Retros {
		for _, p := range rt.Analysis.SystemicProblems {
			if a.Views.RecurrenceOf(p) != nil {
				recurred[p.Category]++
			}
		}
	}
	for _, c := range t.Categories {
		d.Categories = append(d.Categories, termCategory{Key: c.Key, N: c.N, Recurred: recurred[c.Key]})
	}
	return d
}

// ---- /quarters/ and /quarters/<key>/

// figure is a chart with its visible caption.
type figure struct {
	Caption string
	Chart   template.HTML
}

type quartersData struct {
	Quarters []*archive.QuarterView // newest first
	Chart    template.HTML
	// Opened and Done are the recommendations opened and done per quarter:
	// the throughput of the follow-up work.
	Opened, Done template.HTML
	// Times are dot plots of each duration, one strip per quarter.
	Times  []figure
	Drafts bool
	AsOf   retro.Date
}

func newQuartersData(a *archive.Archive) *quartersData {
	d := &quartersData{Drafts: a.Drafts}
	// The chart draws the quarters the cross-views show; the list below it
	// names every quarter.
	ax := quarterAxis(a)
	var bars []Bar
	for _, q := range a.Views.Quarters {
		if len(ax.Keys) > 0 && q.Key >= ax.Keys[0] {
			bars = append(bars, Bar{Label: archive.QuarterLabel(q.Key), Value: len(q.Retros)})
		}
	}
	title := "Incidents per quarter"
	if ax.Earlier {
		title += " " + strings.TrimSuffix(ax.span(), ", earlier ones together")
	}
	d.Chart = ColumnChart(Chart{ID: "incidents-per-quarter", Title: title, Desc: BarDesc(bars)}, bars)
	var opened, done []Bar
	for _, q := range a.Views.Quarters {
		if len(ax.Keys) == 0 || q.Key < ax.Keys[0] {
			continue
		}
		opened = append(opened, Bar{Label: archive.QuarterLabel(q.Key), Value: len(q.Opened)})
		done = append(done, Bar{Label: archive.QuarterLabel(q.Key), Value: len(q.Done)})
	}
	d.Opened = ColumnChart(Chart{ID: "recs-opened", Title: "Recommendations opened per quarter", Desc: BarDesc(opened)}, opened)
	d.Done = ColumnChart(Chart{ID: "recs-done", Title: "Recommendations done per quarter", Desc: BarDesc(done)}, done)
	d.AsOf = a.Today
	for _, m := range []struct {
		id, label string
		dist      func(*archive.QuarterView) archive.Distribution
	}{
		{"detect", "Time to detect", func(q *archive.QuarterView) archive.Distribution { return q.Detect }},
		{"mitigate", "Time to mitigate", func(q *archive.QuarterView) archive.Distribution { return q.Mitigate }},
		{"resolve", "Time to resolve", func(q *archive.QuarterView) archive.Distribution { return q.Resolve }},
	} {
		var rows []DotRow
		var desc []string
		for _, q := range a.Views.Quarters {
			if dist := m.dist(q); len(dist.Values) > 0 {
				rows = append(rows, DotRow{Label: archive.QuarterLabel(q.Key), Dist: dist})
				desc = append(desc, DistDesc(archive.QuarterLabel(q.Key), dist))
			}
		}
		if len(rows) > 0 {
			title := m.label + " by quarter"
			d.Times = append(d.Times, figure{title, DotPlot(Chart{ID: "trend-" + m.id, Title: title + " (logarithmic scale)", Desc: strings.Join(desc, " ")}, NewDurationScale(rows...), rows)})
		}
	}
	d.Quarters = slices.Clone(a.Views.Quarters)
	slices.Reverse(d.Quarters)
	return d
}

type quarterData struct {
	*archive.QuarterView
	// Done, Dropped and Overdue shadow the view's: the first of each in
	// reading order, with links to the lists of all of them.
	Done, Dropped, Overdue             []*retro.Recommendation
	DoneMore, DroppedMore, OverdueMore more
	Label                              string
	Prev, Next                         *archive.QuarterView
	Drafts                             bool // titles of drafts past due are shown only with --drafts
	SevChart                           template.HTML
	TimesChart                         template.HTML
	LeadChart                          template.HTML
	CatChart                           template.HTML
	RecChart                           template.HTML
	Times                              []timeRow
	Incidents                          []incidentTimes
	Categories                         []quarterCategory
	RecCounts                          []archive.Count
	Tiles                              []tile
	// AsOf is the build date when a figure of the quarter depends on it
	// (the quarter has not ended): zero otherwise.
	AsOf retro.Date
}

// tile is a headline figure of a quarter and its change against the
// quarter before.
type tile struct {
	Label, Value, Detail string
	Change               string // "+2 vs 2026 Q1", "same as 2026 Q1", or empty
}

// timeRow is one measure of the quarter's durations.
type timeRow struct {
	Label string
	Dist  archive.Distribution
}

// incidentTimes are one incident's measures, the marks of the dot plots.
type incidentTimes struct {
	Retro                             *retro.Retrospective
	Detect, Mitigate, Resolve, Lead   string
	HasDetect, HasMitigate, HasResolv bool
}

type quarterCategory struct {
	Key                string
	Occurred, Recurred int
}

// quarterPages are the jobs that write a quarter's page and the lists of
// its overdue, done and dropped recommendations, of which the page shows
// the first few: the overdue at the end of a quarter are every open
// recommendation past due then, thousands in a large archive.
func (r *Renderer) quarterPages(qs []*archive.QuarterView, i int) []func() error {
	a := r.a
	q := qs[i]
	rel := "quarters/" + q.Key + "/"
	d := newQuarterData(a, qs, i)
	up := []crumb{{a.URL("quarters/"), "Quarters"}, {a.URL(rel), d.Label}}
	end := "the end of the quarter, " + q.End.String()
	if !d.AsOf.IsZero() {
		end = "the day of the build, " + d.AsOf.String() + ", as the quarter has not ended"
	}
	var jobs []func() error
	for _, l := range []struct {
		recs       *[]*retro.Recommendation
		more       *more
		key, title string
		lead       string
	}{
		{&d.Overdue, &d.OverdueMore, "overdue", "Overdue at the end of " + d.Label, "Open and past their due date on " + end + "; earliest due first."},
		{&d.Done, &d.DoneMore, "done", "Done in " + d.Label, "Done on a date in the quarter, most recently done first."},
		{&d.Dropped, &d.DroppedMore, "dropped", "Dropped in " + d.Label, "Dropped on a date in the quarter, with why."},
	} {
		all := *l.recs
		*l.more = more{URL: a.URL(rel + l.key + "/"), Shown: min(len(all), preview), Total: len(all), What: "recommendations"}
		*l.recs = firstRows(all, preview)
		jobs = append(jobs, r.listPages(rel+l.key+"/", listData{Up: up, Title: l.title, Heading: "Recommendations", Lead: l.lead, Recs: all})...)
	}
	return append(jobs, func() error { return r.page("quarter", rel, d.Label, d) })
}

func newQuarterData(a *archive.Archive, qs []*archive.QuarterView, i int) *quarterData {
	q := qs[i]
	label := archive.QuarterLabel(q.Key)
	d := &quarterData{QuarterView: q, Label: label, Drafts: a.Drafts}
	if i > 0 {
		d.Prev = qs[i-1]
	}
	if i+1 < len(qs) {
		d.Next = qs[i+1]
	}
	sev := make([]Bar, len(q.BySeverity))
	for j, c := range q.BySeverity {
		sev[j] = Bar{Label: c.Key, Value: c.N}
	}
	d.SevChart = BarChart(Chart{ID: "by-severity", Title: "Incidents by severity, " + label, Desc: BarDesc(sev)}, sev)
	d.Times = []timeRow{{"Time to detect", q.Detect}, {"Time to mitigate", q.Mitigate}, {"Time to resolve", q.Resolve}}
	rows := make([]DotRow, len(d.Times))
	desc := ""
	for j, t := range d.Times {
		rows[j] = DotRow{Label: t.Label, Dist: t.Dist}
		if j > 0 {
			desc += " "
		}
		desc += DistDesc(t.Label, t.Dist)
	}
	d.TimesChart = DotPlot(Chart{ID: "times", Title: "Time to detect, mitigate and resolve, " + label + " (logarithmic scale)", Desc: desc}, NewDurationScale(rows...), rows)
	lead := []DotRow{{Label: "Lead time", Dist: q.LeadTime}}
	d.LeadChart = DotPlot(Chart{ID: "lead-time", Title: "Retrospective lead time, " + label + " (logarithmic scale)", Desc: DistDesc("Incident start to final review", q.LeadTime)}, NewDurationScale(lead...), lead)
	for _, r := range q.Retros {
		it := incidentTimes{Retro: r}
		if dur, ok := retro.Duration(r.Started, r.Detected); ok {
			it.Detect = Duration(dur)
		}
		if dur, ok := retro.Duration(r.Started, r.Mitigated); ok {
			it.Mitigate = Duration(dur)
		}
		if dur, ok := retro.Duration(r.Started, r.Resolved); ok {
			it.Resolve = Duration(dur)
		}
		if lead, ok := r.LeadTime(); ok {
			it.Lead = Duration(lead)
		}
		d.Incidents = append(d.Incidents, it)
	}
	slices.Reverse(d.Incidents) // newest first, like every list
	recurred := map[string]int{}
	for _, c := range q.Recurred {
		recurred[c.Key] = c.N
	}
	var catBars []Bar
	for _, c := range q.Occurred {
		d.Categories = append(d.Categories, quarterCategory{Key: c.Key, Occurred: c.N, Recurred: recurred[c.Key]})
		title := c.Key
		if cat, ok := a.Site.Category(c.Key); ok {
			title = cat.Title
		}
		catBars = append(catBars, Bar{Label: title, Value: c.N})
	}
	d.CatChart = BarChart(Chart{ID: "categories", Title: "Systemic problems by category, " + label, Desc: BarDesc(catBars)}, catBars)
	d.Done, d.Dropped, d.Overdue = sortedRecs(q.Done), sortedRecs(q.Dropped), sortedRecs(q.Overdue)
	d.RecCounts = []archive.Count{{Key: "Opened", N: len(q.Opened)}, {Key: "Done", N: len(q.Done)}, {Key: "Dropped", N: len(q.Dropped)}, {Key: "Overdue at the end of the quarter", N: len(q.Overdue)}}
	recBars := countBars(d.RecCounts, func(s string) string { return s })
	recBars[3].Label = "Overdue at end"
	d.RecChart = BarChart(Chart{ID: "recommendations", Title: "Recommendations, " + label, Desc: BarDesc(countBars(d.RecCounts, func(s string) string { return s }))}, recBars)
	if !q.End.Before(a.Today) {
		d.AsOf = a.Today
	}
	d.Tiles = quarterTiles(q, d.Prev)
	return d
}

// quarterTiles are the headline figures of q, each with its change against
// prev (nil for the first quarter).
func quarterTiles(q, prev *archive.QuarterView) []tile {
	var vs string
	if prev != nil {
		vs = archive.QuarterLabel(prev.Key)
	}
	count := func(label string, n int, prevN func(*archive.QuarterView) int, detail string) tile {
		t := tile{Label: label, Value: fmt.Sprint(n), Detail: detail}
		if prev != nil {
			t.Change = change(n-prevN(prev), fmt.Sprint, vs)
		}
		return t
	}
	var sev []string
	for _, c := range q.BySeverity {
		sev = append(sev, fmt.Sprintf("%s %d", c.Key, c.N))
	}
	tiles := []tile{count("Incidents", len(q.Retros), func(p *archive.QuarterView) int { return len(p.Retros) }, strings.Join(sev, " · "))}
	for _, m := range []struct {
		label string
		dist  func(*archive.QuarterView) archive.Distribution
	}{
		{"Median time to detect", func(q *archive.QuarterView) archive.Distribution { return q.Detect }},
		{"Median time to mitigate", func(q *archive.QuarterView) archive.Distribution { return q.Mitigate }},
		{"Median time to resolve", func(q *archive.QuarterView) archive.Distribution { return q.Resolve }},
	} {
		d := m.dist(q)
		t := tile{Label: m.label, Value: "—"}
		switch n := len(d.Values); {
		case n == 0:
			t.Detail = "no incident with this milestone"
		case n < minSpread:
			// A median of one to four values is one of them, or their
			// mean: give the range instead.
			t.Label = strings.Replace(m.label, "Median time", "Time", 1)
			t.Value = Duration(d.Min)
			if n > 1 {
				t.Value += " to " + Duration(d.Max)
			}
			t.Detail = plural(n, "incident", "incidents") + ", too few for a median"
		default:
			t.Value = Duration(d.Median)
			t.Detail = plural(n, "incident", "incidents")
			if prev != nil && len(m.dist(prev).Values) >= minSpread {
				t.Change = change(int((d.Median - m.dist(prev).Median).Minutes()), func(v ...any) string { return Duration(time.Duration(v[0].(int)) * time.Minute) }, vs)
			}
		}
		tiles = append(tiles, t)
	}
	tiles = append(tiles,
		count("Recommendations opened", len(q.Opened), func(p *archive.QuarterView) int { return len(p.Opened) }, ""),
		count("Recommendations done", len(q.Done), func(p *archive.QuarterView) int { return len(p.Done) }, ""),
		count("Overdue at the end", len(q.Overdue), func(p *archive.QuarterView) int { return len(p.Overdue) }, ""),
		count("Recurrences after done", sumCounts(q.Recurred), func(p *archive.QuarterView) int { return sumCounts(p.Recurred) }, ""),
	)
	return tiles
}

// change says how much a figure moved since the quarter vs: "+2 vs 2026 Q1".
func change(delta int, format func(...any) string, vs string) string {
	switch {
	case delta > 0:
		return "+" + format(delta) + " vs " + vs
	case delta < 0:
		return "−" + format(-delta) + " vs " + vs
	}
	return "same as " + vs
}

func sumCounts(cs []archive.Count) int {
	n := 0
	for _, c := range cs {
		n += c.N
	}
	return n
}

// ---- /retros/

// retrosData is every retrospective on the site, grouped by year for the
// year filter, and counted by status for the status filter of a --drafts
// build.
type retrosData struct {
	All      []*retro.Retrospective
	Years    []retroYear
	Statuses []archive.Count
}

type retroYear struct {
	Year   string
	Retros []*retro.Retrospective
}

func newRetrosData(a *archive.Archive) *retrosData {
	d := &retrosData{All: a.Retros}
	statuses := map[string]int{}
	for _, rt := range a.Retros { // newest first
		y := "Undated"
		if rt.Started.Set {
			y = rt.Started.Time.Format("2006")
		}
		if n := len(d.Years); n == 0 || d.Years[n-1].Year != y {
			d.Years = append(d.Years, retroYear{Year: y})
		}
		d.Years[len(d.Years)-1].Retros = append(d.Years[len(d.Years)-1].Retros, rt)
		statuses[rt.Status]++
	}
	if a.Drafts {
		for _, s := range []string{retro.Final, "legacy", retro.Review, retro.Draft} {
			if statuses[s] > 0 {
				d.Statuses = append(d.Statuses, archive.Count{Key: s, N: statuses[s]})
			}
		}
	}
	return d
}

// ---- the home page

type home struct {
	Recent    []*retro.Retrospective
	Count     int
	Overdue   []*retro.Recommendation // the earliest due, at most maxListed
	Recurring []archive.Count
	// OverdueCount is every overdue recommendation.
	OverdueCount int
	Since        string // the first quarter of the recurring window
	Open         int
}

func homeData(a *archive.Archive) *home {
	h := &home{Count: len(a.Retros)}
	for _, r := range a.Retros {
		if len(h.Recent) == 5 {
			break
		}
		if r.Status == retro.Final {
			h.Recent = append(h.Recent, r)
		}
	}
	if a.Views == nil {
		return h
	}
	h.Overdue = a.Overdue()
	h.OverdueCount = len(h.Overdue)
	h.Overdue = h.Overdue[:min(len(h.Overdue), maxListed)]
	for _, rec := range a.Views.Recommendations {
		if rec.Open() {
			h.Open++
		}
	}
	// The last four quarters: this one and the three before it.
	start := archive.QuarterStart(a.Today)
	start = retro.DateOf(start.Time(time.UTC).AddDate(0, -9, 0))
	h.Since = archive.QuarterLabel(start.QuarterKey())
	h.Recurring = a.Views.RecurredSince(start)
	if len(h.Recurring) > 5 {
		h.Recurring = h.Recurring[:5]
	}
	return h
}

func sortedRecs(recs []*retro.Recommendation) []*retro.Recommendation {
	out := slices.Clone(recs)
	archive.SortRecs(out)
	return out
}

// mostShared are at most n tracking tickets, those shared by the most
// retrospectives first, and how many were left out.
func mostShared(tvs []*archive.TrackingView, n int) ([]*archive.TrackingView, int) {
	out := slices.Clone(tvs)
	slices.SortStableFunc(out, func(x, y *archive.TrackingView) int { return len(y.Retros) - len(x.Retros) })
	if len(out) <= n {
		return out, 0
	}
	return out[:n], len(out) - n
}
