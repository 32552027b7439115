package archive

import (
	"slices"
	"strings"
	"time"

	"retro/internal/retro"
)

// Helpers for the pages of the views: groupings and look-ups that read the
// views computed by ComputeViews and never change them.

// DriftOf is the drift of one recommendation from its tracker ticket, if
// the tracker export disagrees with it (the rule of Drifts).
func (a *Archive) DriftOf(rec *retro.Recommendation) (Drift, bool) {
	if a.Tracker == nil || rec.Retro == nil {
		return Drift{}, false
	}
	for _, d := range a.Drifts([]*retro.Retrospective{rec.Retro}) {
		if d.Rec == rec {
			return d, true
		}
	}
	return Drift{}, false
}

// TrackerOf is the tracker export's record of a ticket, or nil.
func (a *Archive) TrackerOf(ticket string) *TrackerTicket {
	if ticket == "" {
		return nil
	}
	return a.Tracker[ticket]
}

// Overdue is every open recommendation past its due date on a.Today, the
// earliest due first.
func (a *Archive) Overdue() []*retro.Recommendation {
	var out []*retro.Recommendation
	for _, rec := range a.Views.Recommendations {
		if rec.Overdue(a.Today) {
			out = append(out, rec)
		}
	}
	slices.SortStableFunc(out, func(x, y *retro.Recommendation) int { return x.Due.Compare(y.Due) })
	return out
}

// RecGroup is a named list of recommendations.
type RecGroup struct {
	Key   string // a status, or a team's slug
	Name  string
	Recs  []*retro.Recommendation
	Count map[string]int // by status
}

// Overdue counts the group's overdue recommendations on day.
func (g *RecGroup) Overdue(day retro.Date) int {
	n := 0
	for _, rec := range g.Recs {
		if rec.Overdue(day) {
			n++
		}
	}
	return n
}

func newGroup(key, name string) *RecGroup {
	return &RecGroup{Key: key, Name: name, Count: map[string]int{}}
}

func (g *RecGroup) add(rec *retro.Recommendation) {
	g.Recs = append(g.Recs, rec)
	g.Count[rec.Status]++
}

// RecsByStatus groups recs by status, in the order planned, in progress,
// done, dropped; every status has a group, empty or not. Open ones are
// ordered by due date (undated last), done ones by done date, newest first.
func RecsByStatus(recs []*retro.Recommendation) []*RecGroup {
	groups := make([]*RecGroup, len(retro.RecommendationStatuses))
	index := map[string]int{}
	for i, s := range retro.RecommendationStatuses {
		groups[i] = newGroup(s, s)
		index[s] = i
	}
	for _, rec := range recs {
		if i, ok := index[rec.Status]; ok {
			groups[i].add(rec)
		}
	}
	for _, g := range groups {
		SortRecs(g.Recs)
	}
	return groups
}

// SortRecs orders recommendations for a reader acting on them: open first
// by due date (undated last), then done by done date (newest first), then
// dropped; ties keep their order.
func SortRecs(recs []*retro.Recommendation) {
	rank := map[string]int{retro.InProgress: 0, retro.Planned: 0, retro.Done: 1, retro.Dropped: 2}
	slices.SortStableFunc(recs, func(x, y *retro.Recommendation) int {
		if c := rank[x.Status] - rank[y.Status]; c != 0 {
			return c
		}
		switch x.Status {
		case retro.Planned, retro.InProgress:
			switch {
			case x.Due.IsZero() && y.Due.IsZero():
				return 0
			case x.Due.IsZero():
				return 1
			case y.Due.IsZero():
				return -1
			}
			return x.Due.Compare(y.Due)
		case retro.Done:
			dx, _ := x.DoneOn()
			dy, _ := y.DoneOn()
			return dy.Compare(dx)
		}
		return 0
	})
}

// RecsByTeam groups recs by the teams of their retrospectives, in the
// order of the teams taxonomy; a recommendation of a retrospective with
// several teams is in each of their groups, and those of retrospectives
// without a team are in a last group with the key "".
func (a *Archive) RecsByTeam(recs []*retro.Recommendation) []*RecGroup {
	var groups []*RecGroup
	bySlug := map[string]*RecGroup{}
	if tx := a.Taxonomy("teams"); tx != nil {
		for _, t := range tx.Terms {
			g := newGroup(t.Slug, t.Name)
			bySlug[t.Slug] = g
			groups = append(groups, g)
		}
	}
	none := newGroup("", "No team")
	for _, rec := range recs {
		if rec.Retro == nil || len(rec.Retro.Teams) == 0 {
			none.add(rec)
			continue
		}
		seen := map[string]bool{}
		for _, team := range rec.Retro.Teams {
			s := Slug(team)
			if g := bySlug[s]; g != nil && !seen[s] {
				seen[s] = true
				g.add(rec)
			}
		}
	}
	out := groups[:0]
	for _, g := range groups {
		if len(g.Recs) > 0 {
			out = append(out, g)
		}
	}
	if len(none.Recs) > 0 {
		out = append(out, none)
	}
	return out
}

// CountRecs counts recs by a key (kind, better), in the order of keys, then
// any other value in order of appearance; recs without a value are counted
// under "".
func CountRecs(recs []*retro.Recommendation, keys []string, key func(*retro.Recommendation) string) []Count {
	n := map[string]int{}
	order := slices.Clone(keys)
	for _, rec := range recs {
		k := key(rec)
		if _, ok := n[k]; !ok && !slices.Contains(order, k) {
			order = append(order, k)
		}
		n[k]++
	}
	out := make([]Count, 0, len(order))
	for _, k := range order {
		if n[k] > 0 || slices.Contains(keys, k) {
			out = append(out, Count{k, n[k]})
		}
	}
	return out
}

// Taxonomy returns the taxonomy of a kind (services, teams, tags, severity).
func (a *Archive) Taxonomy(kind string) *Taxonomy {
	if a.Views == nil {
		return nil
	}
	for _, t := range a.Views.Taxonomies {
		if t.Kind == kind {
			return t
		}
	}
	return nil
}

// QuarterStart is the first day of the quarter of day.
func QuarterStart(day retro.Date) retro.Date {
	return retro.Date{Year: day.Year, Month: time.Month((int(day.Month)-1)/3*3 + 1), Day: 1}
}

// QuarterRange is every quarter key from the quarter of from to the quarter
// of to, both included, with none missing: a quarter without incidents is
// part of a trend too.
func QuarterRange(from, to retro.Date) []string {
	var keys []string
	start, end := QuarterStart(from), QuarterStart(to)
	for d := start; !end.Before(d); d = retro.DateOf(d.Time(time.UTC).AddDate(0, 3, 0)) {
		keys = append(keys, d.QuarterKey())
	}
	return keys
}

// QuarterLabel is how a quarter key reads: "2024-q1" is "2024 Q1".
func QuarterLabel(key string) string {
	y, q, ok := strings.Cut(key, "-q")
	if !ok {
		return key
	}
	return y + " Q" + q
}

// RecurredSince counts, per category, the recurrences after done of
// incidents that started on or after day, most first.
func (v *Views) RecurredSince(day retro.Date) []Count {
	n := map[string]int{}
	for _, cv := range v.Categories {
		for _, rc := range cv.Recurrences {
			if !retro.DateOf(rc.Retro.Started.Time).Before(day) {
				n[cv.Key]++
			}
		}
	}
	return sortedCounts(n)
}

// Recurrences is every recurrence after done across categories, newest
// incident first.
func (v *Views) Recurrences() []Recurrence {
	var out []Recurrence
	for _, cv := range v.Categories {
		out = append(out, cv.Recurrences...)
	}
	slices.SortStableFunc(out, func(x, y Recurrence) int {
		if c := y.Retro.Started.Time.Compare(x.Retro.Started.Time); c != 0 {
			return c
		}
		return strings.Compare(x.Retro.ID, y.Retro.ID)
	})
	return out
}

// PerQuarter counts a category's problems in each quarter of keys.
func (cv *CategoryView) PerQuarter(keys []string) []int {
	index := make(map[string]int, len(keys))
	for i, k := range keys {
		index[k] = i
	}
	out := make([]int, len(keys))
	for _, p := range cv.Problems {
		if i, ok := index[p.Retro.QuarterKey()]; ok {
			out[i]++
		}
	}
	return out
}

// Quarter returns the view of a quarter key, or nil.
func (v *Views) Quarter(key string) *QuarterView {
	for _, q := range v.Quarters {
		if q.Key == key {
			return q
		}
	}
	return nil
}
