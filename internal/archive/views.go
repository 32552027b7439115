package archive

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"retro/internal/config"
	"retro/internal/retro"
)

// MaxAfter bounds the done recommendations a recurrence lists: every earlier
// done recommendation of a category qualifies, and listing all of them on
// every later incident grows with the square of the archive. The most recent
// ones are what a reader acts on; AfterCount keeps the whole number.
const MaxAfter = 10

// ProblemRef is one systemic problem where it was filed.
type ProblemRef struct {
	Retro   *retro.Retrospective
	Problem *retro.SystemicProblem
}

// CategoryView is a category of systemic problems across the archive.
type CategoryView struct {
	config.Category
	Problems    []ProblemRef // newest incident first
	Retros      int          // distinct retrospectives
	ByQuarter   []int        // problems per quarter, aligned with Views.Quarters
	Recurrences []Recurrence // oldest incident first
	// SameCategory are its problems with only the weaker signal.
	SameCategory []CategorySignal
	Addressing   []*retro.Recommendation // recommendations that address the category
}

// Term is a value of a taxonomy (a service, team, tag or severity).
type Term struct {
	Name       string
	Slug       string
	Retros     []*retro.Retrospective
	Open       []*retro.Recommendation
	Categories []Count // recurring categories first
}

// Taxonomy is every term of one kind.
type Taxonomy struct {
	Kind  string // URL segment: services, teams, tags, severity
	Title string
	Terms []*Term
}

// Count is a named number.
type Count struct {
	Key string
	N   int
}

// TicketView is a ticket and what refers to it.
type TicketView struct {
	Key      string
	Slug     string
	Recs     []*retro.Recommendation // whose ticket it is
	Tracking []*retro.Recommendation // whose tracking ticket it is
	Tracker  *TrackerTicket          // from site.yaml tickets:, when listed there
}

// TrackingView is a tracking ticket shared by recommendations across
// retrospectives: the archive's common recommendations.
type TrackingView struct {
	Key    string
	Slug   string
	Recs   []*retro.Recommendation
	Retros []*retro.Retrospective
	Status string // combined: see combinedStatus
}

// Distribution is a set of durations, shown as every mark with its median
// and spread, never a lone mean: incident durations are heavily skewed.
type Distribution struct {
	Values                     []time.Duration // sorted
	Min, P25, Median, P75, Max time.Duration
}

// QuarterView is the quarterly analysis of the incidents that started in it.
type QuarterView struct {
	Key        string // 2024-q1
	Year, Q    int
	Start, End retro.Date // first and last day
	Retros     []*retro.Retrospective
	BySeverity []Count
	ByKind     []Count
	Detect     Distribution
	Mitigate   Distribution
	Resolve    Distribution
	LeadTime   Distribution // incident start to review.finalized
	Occurred   []Count      // categories of the quarter's problems
	Recurred   []Count      // of those, recurrences after done
	Opened     []*retro.Recommendation
	Done       []*retro.Recommendation // done dates in the quarter
	Dropped    []*retro.Recommendation
	Overdue    []*retro.Recommendation // open and past due at the end of the quarter (or today)
	// DraftsPastDue are drafts and reviews of the quarter whose draft_due
	// has passed; only their count is shown without --drafts.
	DraftsPastDue []*retro.Retrospective
	Writers       []Writer
}

// Writer is who wrote, shadowed and mentored retrospectives.
type Writer struct {
	Name                      string
	Wrote, Shadowed, Mentored int
}

// Views are the cross-retrospective views, computed in one pass.
type Views struct {
	Categories      []*CategoryView
	Recommendations []*retro.Recommendation // every recommendation on the site, newest incident first
	Tickets         []*TicketView
	Tracking        []*TrackingView
	Taxonomies      []*Taxonomy // services, teams, tags, severity
	Quarters        []*QuarterView
	Related         map[*retro.Retrospective][]Related

	site         *config.Site
	categories   map[string]*CategoryView
	tickets      map[string]*TicketView
	tracking     map[string]*TrackingView
	recurred     map[*retro.SystemicProblem]*Recurrence
	sameCategory map[*retro.SystemicProblem]*CategorySignal
	outcomes     map[*retro.Recommendation]*Outcome
	// candidates are every retrospective's related ones before the cut
	// to MaxRelated, for AddSimilar.
	candidates map[*retro.Retrospective][]*Related
}

// Category returns the view of a category key.
func (v *Views) Category(key string) *CategoryView { return v.categories[key] }

// Ticket returns the view of a ticket key or URL.
func (v *Views) Ticket(key string) *TicketView { return v.tickets[v.TicketSlug(key)] }

// TicketSlug is a ticket's page name: a bare GitHub #123 is named for the
// site's repo, like owner/repo#123, so that both share one page.
func (v *Views) TicketSlug(key string) string { return TicketSlug(v.site, key) }

// TicketSlug is the page name of a ticket of site.
func TicketSlug(site *config.Site, key string) string { return Slug(site.Ticket(key)) }

// TrackingOf returns the view of a tracking ticket.
func (v *Views) TrackingOf(key string) *TrackingView { return v.tracking[v.TicketSlug(key)] }

// ComputeViews builds every view from the retrospectives on the site.
func (a *Archive) ComputeViews() {
	v := &Views{
		site:       a.Site,
		categories: map[string]*CategoryView{},
		tickets:    map[string]*TicketView{},
		tracking:   map[string]*TrackingView{},
	}
	recs := newRecurrences(a)
	for _, c := range a.Site.Categories {
		cv := &CategoryView{Category: c}
		v.Categories = append(v.Categories, cv)
		v.categories[c.Key] = cv
	}
	quarters := map[string]*QuarterView{}
	quarterOf := func(r *retro.Retrospective) *QuarterView {
		y, n := r.Quarter()
		return quarter(quarters, y, n)
	}
	taxes := []*taxBuilder{
		newTax("services", "Services", func(r *retro.Retrospective) []string { return r.Services }),
		newTax("teams", "Teams", func(r *retro.Retrospective) []string { return r.Teams }),
		newTax("tags", "Tags", func(r *retro.Retrospective) []string { return r.Tags }),
		newTax("severity", "Severity", func(r *retro.Retrospective) []string {
			if r.Severity == "" {
				return nil
			}
			return []string{r.Severity}
		}),
	}
	// The one pass over the archive, oldest first so that recurrences see
	// the done recommendations before them.
	byAge := slices.Clone(a.Retros)
	slices.Reverse(byAge)
	for _, r := range byAge {
		q := quarterOf(r)
		q.Retros = append(q.Retros, r)
		for _, t := range taxes {
			t.add(r)
		}
		for _, p := range r.Analysis.SystemicProblems {
			cv := v.categories[p.Category]
			if cv == nil {
				continue
			}
			cv.Problems = append(cv.Problems, ProblemRef{r, p})
			switch rc, sig := recs.problem(r, p); {
			case rc != nil:
				cv.Recurrences = append(cv.Recurrences, *rc)
			case sig != nil:
				cv.SameCategory = append(cv.SameCategory, *sig)
			}
		}
		recs.add(r)
		for _, rec := range r.Recommendations {
			v.Recommendations = append(v.Recommendations, rec)
			for _, cat := range rec.Categories() {
				if cv := v.categories[cat]; cv != nil {
					cv.Addressing = append(cv.Addressing, rec)
				}
			}
			if rec.Ticket != "" {
				v.ticket(rec.Ticket).Recs = append(v.ticket(rec.Ticket).Recs, rec)
			}
			if rec.Tracking != "" {
				v.ticket(rec.Tracking).Tracking = append(v.ticket(rec.Tracking).Tracking, rec)
				tv := v.tracking[v.TicketSlug(rec.Tracking)]
				if tv == nil {
					tv = &TrackingView{Key: rec.Tracking, Slug: v.TicketSlug(rec.Tracking)}
					v.tracking[tv.Slug] = tv
					v.Tracking = append(v.Tracking, tv)
				}
				tv.Recs = append(tv.Recs, rec)
				if len(tv.Retros) == 0 || tv.Retros[len(tv.Retros)-1] != r {
					tv.Retros = append(tv.Retros, r)
				}
			}
		}
	}
	// Newest incident first, each retrospective's recommendations in order.
	v.Recommendations = v.Recommendations[:0]
	for _, r := range a.Retros {
		v.Recommendations = append(v.Recommendations, r.Recommendations...)
	}
	for _, cv := range v.Categories {
		slices.Reverse(cv.Problems)
		cv.Retros = distinctRetros(cv.Problems)
	}
	for _, tv := range v.Tracking {
		tv.Status = combinedStatus(tv.Recs)
	}
	slices.SortFunc(v.Tracking, func(x, y *TrackingView) int { return strings.Compare(x.Slug, y.Slug) })
	for _, t := range v.tickets {
		t.Tracker = a.Tracker[t.Key]
		v.Tickets = append(v.Tickets, t)
	}
	slices.SortFunc(v.Tickets, func(x, y *TicketView) int { return strings.Compare(x.Slug, y.Slug) })
	for _, t := range taxes {
		v.Taxonomies = append(v.Taxonomies, t.finish(v, a))
	}
	v.recurred, v.sameCategory, v.outcomes = recs.recurred, recs.weak, recs.outcomes
	v.Quarters = a.quarters(v, quarters)
	v.candidates = relatedCandidates(a.Retros, v)
	v.Related = make(map[*retro.Retrospective][]Related, len(a.Retros))
	for r, cands := range v.candidates {
		v.Related[r] = v.finishRelated(r, cands)
	}
	a.Views = v
}

func (v *Views) ticket(key string) *TicketView {
	s := v.TicketSlug(key)
	t := v.tickets[s]
	if t == nil {
		t = &TicketView{Key: key, Slug: s}
		v.tickets[s] = t
	}
	return t
}

func distinctRetros(ps []ProblemRef) int {
	n := 0
	var last *retro.Retrospective
	for _, p := range ps {
		if p.Retro != last {
			n++
			last = p.Retro
		}
	}
	return n
}

// combinedStatus is where the recommendations sharing a tracking ticket
// stand together: done when every one is done or dropped (dropped when all
// are), in progress once any of the open ones has started or any is done,
// else planned. "Planned" for three done and one planned would misreport
// the work.
func combinedStatus(recs []*retro.Recommendation) string {
	var open, started, done bool
	for _, r := range recs {
		switch r.Status {
		case retro.Planned:
			open = true
		case retro.InProgress:
			open, started = true, true
		case retro.Done:
			done = true
		}
	}
	switch {
	case open && (started || done):
		return retro.InProgress
	case open:
		return retro.Planned
	case done:
		return retro.Done
	}
	return retro.Dropped
}

type taxBuilder struct {
	kind, title string
	values      func(*retro.Retrospective) []string
	terms       map[string]*Term
}

func newTax(kind, title string, values func(*retro.Retrospective) []string) *taxBuilder {
	return &taxBuilder{kind: kind, title: title, values: values, terms: map[string]*Term{}}
}

func (t *taxBuilder) add(r *retro.Retrospective) {
	for _, name := range t.values(r) {
		s := Slug(name)
		term := t.terms[s]
		if term == nil {
			term = &Term{Name: name, Slug: s}
			t.terms[s] = term
		}
		if len(term.Retros) == 0 || term.Retros[len(term.Retros)-1] != r {
			term.Retros = append(term.Retros, r)
		}
	}
}

func (t *taxBuilder) finish(v *Views, a *Archive) *Taxonomy {
	tx := &Taxonomy{Kind: t.kind, Title: t.title}
	for _, term := range t.terms {
		slices.Reverse(term.Retros) // newest first
		cats := map[string]int{}
		for _, r := range term.Retros {
			for _, rec := range r.Recommendations {
				if rec.Open() {
					term.Open = append(term.Open, rec)
				}
			}
			for _, c := range r.Categories() {
				cats[c]++
			}
		}
		term.Categories = sortedCounts(cats)
		tx.Terms = append(tx.Terms, term)
	}
	if t.kind == "severity" {
		order := map[string]int{}
		for i, s := range a.Site.Severities {
			order[s] = i
		}
		slices.SortFunc(tx.Terms, func(x, y *Term) int { return order[x.Name] - order[y.Name] })
	} else {
		slices.SortFunc(tx.Terms, func(x, y *Term) int { return strings.Compare(x.Slug, y.Slug) })
	}
	return tx
}

// sortedCounts orders by count, then key.
func sortedCounts(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	slices.SortFunc(out, func(x, y Count) int {
		if c := cmp.Compare(y.N, x.N); c != 0 {
			return c
		}
		return strings.Compare(x.Key, y.Key)
	})
	return out
}

// NewDistribution sorts ds and computes its quartiles.
func NewDistribution(ds []time.Duration) Distribution {
	slices.Sort(ds)
	d := Distribution{Values: ds}
	if len(ds) == 0 {
		return d
	}
	d.Min, d.Max = ds[0], ds[len(ds)-1]
	d.P25, d.Median, d.P75 = quantile(ds, 0.25), quantile(ds, 0.5), quantile(ds, 0.75)
	return d
}

// quantile interpolates linearly between the closest ranks.
func quantile(sorted []time.Duration, q float64) time.Duration {
	pos := q * float64(len(sorted)-1)
	lo := int(pos)
	if lo+1 >= len(sorted) {
		return sorted[lo]
	}
	frac := pos - float64(lo)
	return sorted[lo] + time.Duration(frac*float64(sorted[lo+1]-sorted[lo]))
}

// StatusOn is a recommendation's status at the end of day: its history's
// last entry on or before day, or its status when it has no history.
func StatusOn(rec *retro.Recommendation, day retro.Date) string {
	if len(rec.History) == 0 {
		return rec.Status
	}
	status := ""
	for _, h := range rec.History {
		if h.On.IsZero() || !day.Before(h.On) {
			status = h.Status
		}
	}
	if status == "" {
		return retro.Planned
	}
	return status
}

// quarter returns the view of a quarter, made on first use.
func quarter(byKey map[string]*QuarterView, year, n int) *QuarterView {
	key := retro.Date{Year: year, Month: time.Month(3*n - 2), Day: 1}.QuarterKey()
	q := byKey[key]
	if q == nil {
		q = &QuarterView{Key: key, Year: year, Q: n}
		q.Start = retro.Date{Year: year, Month: time.Month(3*n - 2), Day: 1}
		q.End = retro.DateOf(q.Start.Time(time.UTC).AddDate(0, 3, -1))
		byKey[key] = q
	}
	return q
}

func quarterOfDate(byKey map[string]*QuarterView, d retro.Date) *QuarterView {
	return quarter(byKey, d.Year, (int(d.Month)-1)/3+1)
}

func (a *Archive) quarters(v *Views, byKey map[string]*QuarterView) []*QuarterView {
	// Every quarter anything happened in gets a page: incidents, but also
	// recommendations done or dropped and drafts falling due.
	for _, rec := range v.Recommendations {
		if d, ok := rec.DoneOn(); ok {
			q := quarterOfDate(byKey, d)
			q.Done = append(q.Done, rec)
		}
		if rec.Status == retro.Dropped {
			if d, ok := rec.DroppedOn(); ok {
				q := quarterOfDate(byKey, d)
				q.Dropped = append(q.Dropped, rec)
			}
		}
	}
	for _, r := range a.All {
		if r.Published() || r.DraftDue.IsZero() || !r.DraftDue.Before(a.Today) || !r.Started.Set {
			continue
		}
		y, n := r.Quarter()
		q := quarter(byKey, y, n)
		q.DraftsPastDue = append(q.DraftsPastDue, r)
	}
	qs := make([]*QuarterView, 0, len(byKey))
	for _, q := range byKey {
		qs = append(qs, q)
	}
	slices.SortFunc(qs, func(x, y *QuarterView) int { return strings.Compare(x.Key, y.Key) })
	index := map[string]int{}
	for i, q := range qs {
		index[q.Key] = i
	}
	for _, cv := range v.Categories {
		cv.ByQuarter = make([]int, len(qs))
		for _, p := range cv.Problems {
			cv.ByQuarter[index[p.Retro.QuarterKey()]]++
		}
	}
	for _, q := range qs {
		sev, kind, occurred, recurred := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		var detect, mitigate, resolve, lead []time.Duration
		writers := map[string]*Writer{}
		writer := func(name string) *Writer {
			w := writers[name]
			if w == nil {
				w = &Writer{Name: name}
				writers[name] = w
			}
			return w
		}
		end := q.End
		if a.Today.Before(end) {
			end = a.Today
		}
		for _, r := range q.Retros {
			if r.Severity != "" {
				sev[r.Severity]++
			}
			kind[r.Kind]++
			for _, m := range []struct {
				to   retro.Moment
				list *[]time.Duration
			}{{r.Detected, &detect}, {r.Mitigated, &mitigate}, {r.Resolved, &resolve}} {
				if d, ok := retro.Duration(r.Started, m.to); ok {
					*m.list = append(*m.list, d)
				}
			}
			if d, ok := r.LeadTime(); ok {
				lead = append(lead, d)
			}
			for _, p := range r.Analysis.SystemicProblems {
				if p.Category == "" {
					continue
				}
				occurred[p.Category]++
				if v.recurred[p] != nil {
					recurred[p.Category]++
				}
			}
			q.Opened = append(q.Opened, r.Recommendations...)
			if r.Author != "" {
				writer(r.Author).Wrote++
			}
			if r.Shadow != "" {
				writer(r.Shadow).Shadowed++
			}
			if r.Mentor != "" {
				writer(r.Mentor).Mentored++
			}
		}
		for _, rec := range v.Recommendations {
			if retro.DateOf(rec.Retro.Started.Time).Compare(end) > 0 || rec.Due.IsZero() || !rec.Due.Before(end) {
				continue
			}
			if s := StatusOn(rec, end); s == retro.Planned || s == retro.InProgress {
				q.Overdue = append(q.Overdue, rec)
			}
		}
		for _, s := range a.Site.Severities {
			if sev[s] > 0 {
				q.BySeverity = append(q.BySeverity, Count{s, sev[s]})
			}
		}
		q.ByKind = sortedCounts(kind)
		q.Detect, q.Mitigate, q.Resolve, q.LeadTime = NewDistribution(detect), NewDistribution(mitigate), NewDistribution(resolve), NewDistribution(lead)
		q.Occurred, q.Recurred = sortedCounts(occurred), sortedCounts(recurred)
		for _, w := range writers {
			q.Writers = append(q.Writers, *w)
		}
		slices.SortFunc(q.Writers, func(x, y Writer) int { return strings.Compare(x.Name, y.Name) })
	}
	return qs
}
