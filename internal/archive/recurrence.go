package archive

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"retro/internal/retro"
	"retro/internal/source"
)

// A recurrence answers the talk's "did the recommendations help?": a
// systemic problem in a category that an earlier recommendation addressed,
// after that recommendation was done. The category alone says little (a
// certificate expiry is not a webhook enum coming back because both are
// "monitoring"), so a recurrence also needs a link that makes the two
// plausibly the same problem, and says which one it has.

// ViaRecurs is the link of a problem that names the earlier one with
// `recurs:`; the other links are ViaService and ViaTracking.
const ViaRecurs = "recurs"

// ViaService is the link of a service both incidents were on.
func ViaService(name string) string { return "service:" + name }

// ViaTracking is the link of a tracking ticket the later incident's
// recommendations share with the done one.
func ViaTracking(ticket string) string { return "tracking:" + ticket }

// AfterDone is a done recommendation a problem came back after, and the
// links that make them plausibly the same problem.
type AfterDone struct {
	Rec *retro.Recommendation
	Via []string
}

// Recurrence is a problem that came back after a done recommendation.
type Recurrence struct {
	ProblemRef
	After      []AfterDone // most recently done first, at most MaxAfter
	AfterCount int
	Via        []string // the links of every recommendation it came after, listed or not
}

// CategorySignal is the weaker "same category after done": a problem in a
// category that an earlier, done recommendation addressed, with nothing
// else linking the two. It is never counted as a recurrence.
type CategorySignal struct {
	ProblemRef
	After      []*retro.Recommendation // most recently done first, at most MaxAfter
	AfterCount int
}

// Outcome is what happened after a recommendation was done: the problems
// of later incidents that recurred after it (none is the good news).
type Outcome struct {
	Rec      *retro.Recommendation
	Done     retro.Date
	Services []string // of its retrospective, where a recurrence would show
	Recurred []Recurred
}

// Recurred is a later problem that recurred after a done recommendation.
type Recurred struct {
	ProblemRef
	Via []string
}

// Recurs finds the problem that p names with `recurs:`. The value must be
// "<retro-id>#problem-<id>" of another, earlier retrospective (an alias
// works as the id); an empty value is no link.
func (a *Archive) Recurs(r *retro.Retrospective, p *retro.SystemicProblem) (ProblemRef, error) {
	v := p.Recurs.Value
	if v == "" {
		return ProblemRef{}, nil
	}
	id, anchor, ok := strings.Cut(v, "#")
	pid, isProblem := strings.CutPrefix(anchor, "problem-")
	if !ok || id == "" || !isProblem || pid == "" {
		return ProblemRef{}, fmt.Errorf("recurs: %q is not <retro-id>#problem-<id>", v)
	}
	target, ok := a.byID[id]
	if !ok {
		msg := fmt.Sprintf("recurs: no retrospective %q", id)
		if s := source.Suggest(id, a.ids()); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return ProblemRef{}, fmt.Errorf("%s", msg)
	}
	if target == r {
		return ProblemRef{}, fmt.Errorf("recurs: %s is this retrospective; recurs names the same problem in an earlier one", id)
	}
	i := slices.IndexFunc(target.Analysis.SystemicProblems, func(q *retro.SystemicProblem) bool { return q.ID == pid })
	if i < 0 {
		var ids []string
		for _, q := range target.Analysis.SystemicProblems {
			ids = append(ids, "problem-"+q.ID)
		}
		msg := fmt.Sprintf("recurs: %s has no anchor %q", target.ID, anchor)
		if s := source.Suggest(anchor, ids); s != "" {
			msg += fmt.Sprintf(" (did you mean %q?)", s)
		}
		return ProblemRef{}, fmt.Errorf("%s", msg)
	}
	if r.Started.Set && target.Started.Set && target.Started.Time.After(r.Started.Time) {
		return ProblemRef{}, fmt.Errorf("recurs: %s started after this incident; recurs names the same problem seen before", target.ID)
	}
	return ProblemRef{target, target.Analysis.SystemicProblems[i]}, nil
}

// CheckRecurs reports every `recurs:` of all (every loaded retrospective)
// that names no earlier systemic problem, at its value.
func (a *Archive) CheckRecurs() source.Findings {
	var fs source.Findings
	for _, r := range a.All {
		for _, p := range r.Analysis.SystemicProblems {
			if _, err := a.Recurs(r, p); err != nil {
				fs.Errorf(p.Recurs.Pos, "recurs", "%v", err).Hint = "write recurs: <retro-id>#problem-<id>, the same problem in an earlier retrospective"
			}
		}
	}
	return fs
}

// recurrences finds recurrences in one pass over the archive, oldest
// incident first: each incident's problems are matched against the
// recommendations done before it started, then its own recommendations
// join the index. Done recommendations are indexed by category and by
// each link a later problem can share with them, so that a problem only
// visits the recommendations it is linked to.
type recurrences struct {
	a           *Archive
	byCategory  map[string][]*retro.Recommendation    // by done date
	byService   map[[2]string][]*retro.Recommendation // category, service slug
	byTracking  map[[2]string][]*retro.Recommendation // category, tracking slug
	recurred    map[*retro.SystemicProblem]*Recurrence
	weak        map[*retro.SystemicProblem]*CategorySignal
	outcomes    map[*retro.Recommendation]*Outcome
	outcomeList []*Outcome
}

func newRecurrences(a *Archive) *recurrences {
	return &recurrences{
		a:          a,
		byCategory: map[string][]*retro.Recommendation{},
		byService:  map[[2]string][]*retro.Recommendation{},
		byTracking: map[[2]string][]*retro.Recommendation{},
		recurred:   map[*retro.SystemicProblem]*Recurrence{},
		weak:       map[*retro.SystemicProblem]*CategorySignal{},
		outcomes:   map[*retro.Recommendation]*Outcome{},
	}
}

// problem matches a problem of r against the recommendations done before
// r started; it returns a recurrence or the weaker signal, or neither.
func (rs *recurrences) problem(r *retro.Retrospective, p *retro.SystemicProblem) (*Recurrence, *CategorySignal) {
	day := retro.DateOf(r.Started.Time)
	found := map[*retro.Recommendation]*AfterDone{}
	var order []*retro.Recommendation
	link := func(rec *retro.Recommendation, via string) {
		ad := found[rec]
		if ad == nil {
			ad = &AfterDone{Rec: rec}
			found[rec] = ad
			order = append(order, rec)
		}
		if !slices.Contains(ad.Via, via) {
			ad.Via = append(ad.Via, via)
		}
	}
	if p.Category != "" {
		for _, s := range r.Services {
			for _, rec := range doneBefore(rs.byService[[2]string{p.Category, Slug(s)}], day) {
				link(rec, ViaService(s))
			}
		}
		for _, t := range trackings(r) {
			for _, rec := range doneBefore(rs.byTracking[[2]string{p.Category, Slug(t)}], day) {
				link(rec, ViaTracking(t))
			}
		}
	}
	if ref, err := rs.a.Recurs(r, p); err == nil && ref.Problem != nil && rs.a.OnSite(ref.Retro) {
		for _, rec := range ref.Problem.AddressedBy() {
			if d, ok := rec.DoneOn(); ok && d.Before(day) {
				link(rec, ViaRecurs)
			}
		}
	}
	if len(order) == 0 {
		earlier := doneBefore(rs.byCategory[p.Category], day)
		if len(earlier) == 0 {
			return nil, nil
		}
		sig := &CategorySignal{ProblemRef: ProblemRef{r, p}, AfterCount: len(earlier)}
		for i := len(earlier) - 1; i >= 0 && len(sig.After) < MaxAfter; i-- {
			sig.After = append(sig.After, earlier[i])
		}
		rs.weak[p] = sig
		return nil, sig
	}
	rc := &Recurrence{ProblemRef: ProblemRef{r, p}, AfterCount: len(order)}
	for _, rec := range order {
		rc.After = append(rc.After, *found[rec])
	}
	slices.SortFunc(rc.After, func(x, y AfterDone) int { return laterDone(x.Rec, y.Rec) })
	for _, ad := range rc.After {
		for _, v := range ad.Via {
			if !slices.Contains(rc.Via, v) {
				rc.Via = append(rc.Via, v)
			}
		}
		if o := rs.outcomes[ad.Rec]; o != nil {
			o.Recurred = append(o.Recurred, Recurred{rc.ProblemRef, ad.Via})
		}
	}
	slices.SortStableFunc(rc.Via, func(x, y string) int { return cmp.Compare(viaRank(x), viaRank(y)) })
	rc.After = rc.After[:min(len(rc.After), MaxAfter)]
	rs.recurred[p] = rc
	return rc, nil
}

// viaRank orders links as the SPEC lists them: services, tracking, recurs.
func viaRank(via string) int {
	switch {
	case strings.HasPrefix(via, "service:"):
		return 0
	case strings.HasPrefix(via, "tracking:"):
		return 1
	}
	return 2
}

// laterDone orders recommendations most recently done first, then by
// retrospective and id so that the order never depends on map iteration.
func laterDone(x, y *retro.Recommendation) int {
	dx, _ := x.DoneOn()
	dy, _ := y.DoneOn()
	return cmp.Or(dy.Compare(dx), strings.Compare(x.Retro.ID, y.Retro.ID), strings.Compare(x.ID, y.ID))
}

// add indexes the done recommendations of r, once r's own problems are
// matched.
func (rs *recurrences) add(r *retro.Retrospective) {
	for _, rec := range r.Recommendations {
		d, ok := rec.DoneOn()
		cats := rec.Categories()
		if !ok || len(cats) == 0 {
			continue
		}
		o := &Outcome{Rec: rec, Done: d, Services: r.Services}
		rs.outcomes[rec] = o
		rs.outcomeList = append(rs.outcomeList, o)
		for _, c := range cats {
			rs.byCategory[c] = insertByDone(rs.byCategory[c], rec)
			for _, s := range r.Services {
				k := [2]string{c, Slug(s)}
				rs.byService[k] = insertByDone(rs.byService[k], rec)
			}
			if rec.Tracking != "" {
				k := [2]string{c, Slug(rec.Tracking)}
				rs.byTracking[k] = insertByDone(rs.byTracking[k], rec)
			}
		}
	}
}

// trackings are the distinct tracking tickets of r's recommendations.
func trackings(r *retro.Retrospective) []string {
	var ts []string
	for _, rec := range r.Recommendations {
		if rec.Tracking != "" && !slices.ContainsFunc(ts, func(t string) bool { return Slug(t) == Slug(rec.Tracking) }) {
			ts = append(ts, rec.Tracking)
		}
	}
	return ts
}

func insertByDone(list []*retro.Recommendation, rec *retro.Recommendation) []*retro.Recommendation {
	d, _ := rec.DoneOn()
	i := sort.Search(len(list), func(i int) bool {
		e, _ := list[i].DoneOn()
		return d.Before(e)
	})
	return slices.Insert(list, i, rec)
}

// doneBefore is the prefix of list (sorted by done date) done before day.
func doneBefore(list []*retro.Recommendation, day retro.Date) []*retro.Recommendation {
	i := sort.Search(len(list), func(i int) bool {
		d, _ := list[i].DoneOn()
		return !d.Before(day)
	})
	return list[:i]
}

// RecurrenceOf says whether a problem recurred after a done recommendation.
func (v *Views) RecurrenceOf(p *retro.SystemicProblem) *Recurrence { return v.recurred[p] }

// SameCategoryOf is the weaker signal of a problem that did not recur: an
// earlier recommendation addressing its category was done, nothing more.
func (v *Views) SameCategoryOf(p *retro.SystemicProblem) *CategorySignal {
	return v.sameCategory[p]
}

// OutcomeOf is what happened after a done recommendation, or nil when it
// is not done (or has no done date).
func (v *Views) OutcomeOf(rec *retro.Recommendation) *Outcome { return v.outcomes[rec] }

// Categories are the categories the recommendation addressed, where a
// recurrence would be counted.
func (o *Outcome) Categories() []string { return o.Rec.Categories() }

// RecurrencesNewestFirst are the category's recurrences, newest incident
// first.
func (cv *CategoryView) RecurrencesNewestFirst() []Recurrence {
	rcs := slices.Clone(cv.Recurrences)
	slices.Reverse(rcs)
	return rcs
}

// CategoryRecurrences are the recurrences of one category, newest first:
// Recent are the first few, shown open, More the rest.
type CategoryRecurrences struct {
	*CategoryView
	Recent, More []Recurrence
}

// RecurrencesByCategory groups every recurrence by category, the first
// few of each in Recent, the category with the most recent one first.
func (v *Views) RecurrencesByCategory(few int) []CategoryRecurrences {
	var out []CategoryRecurrences
	for _, cv := range v.Categories {
		if len(cv.Recurrences) == 0 {
			continue
		}
		rcs := cv.RecurrencesNewestFirst()
		n := min(len(rcs), few)
		out = append(out, CategoryRecurrences{cv, rcs[:n], rcs[n:]})
	}
	slices.SortStableFunc(out, func(x, y CategoryRecurrences) int {
		return y.Recent[0].Retro.Started.Time.Compare(x.Recent[0].Retro.Started.Time)
	})
	return out
}

// ViaWords says a recurrence's links as a reader would: "both on
// checkout-api", "same tracking ticket OPS-42", "named as the same
// problem".
func ViaWords(via []string) string {
	var services, out []string
	for _, v := range via {
		if s, ok := strings.CutPrefix(v, "service:"); ok {
			services = append(services, s)
		}
	}
	if len(services) > 0 {
		out = append(out, "both on "+strings.Join(services, ", "))
	}
	for _, v := range via {
		if t, ok := strings.CutPrefix(v, "tracking:"); ok {
			out = append(out, "same tracking ticket "+t)
		}
	}
	if slices.Contains(via, ViaRecurs) {
		out = append(out, "named as the same problem")
	}
	return strings.Join(out, "; ")
}
