package archive

import (
	"cmp"
	"slices"
	"strings"

	"retro/internal/retro"
)

// MaxRelated is how many related retrospectives an incident page lists.
const MaxRelated = 5

// neighbours bounds how many retrospectives sharing one service, category
// or ticket are considered, the nearest in time, so that a service shared by
// thousands of incidents keeps the computation linear in the archive.
const neighbours = 40

// Related is a retrospective related to another, and why.
type Related struct {
	Retro   *retro.Retrospective
	Reasons []string
	score   int
}

// related ranks, for each retrospective, those that share its tracking
// tickets (strongest), systemic problem categories, then services.
func related(rs []*retro.Retrospective, v *Views) map[*retro.Retrospective][]Related {
	type key struct{ kind, value string }
	groups := map[key][]int{} // indexes into rs, newest first
	keys := make([][]key, len(rs))
	for i, r := range rs {
		var ks []key
		for _, rec := range r.Recommendations {
			if rec.Tracking != "" {
				ks = append(ks, key{"tracking", rec.Tracking})
			}
		}
		for _, c := range r.Categories() {
			ks = append(ks, key{"category", c})
		}
		for _, s := range r.Services {
			ks = append(ks, key{"service", s})
		}
		slices.SortFunc(ks, func(x, y key) int { return cmp.Or(strings.Compare(x.kind, y.kind), strings.Compare(x.value, y.value)) })
		ks = slices.Compact(ks)
		keys[i] = ks
		for _, k := range ks {
			groups[k] = append(groups[k], i)
		}
	}
	weight := map[string]int{"tracking": 5, "category": 2, "service": 3}
	out := make(map[*retro.Retrospective][]Related, len(rs))
	for i, r := range rs {
		found := map[int]*Related{}
		for _, k := range keys[i] {
			g := groups[k]
			pos, _ := slices.BinarySearch(g, i)
			lo, hi := max(0, pos-neighbours/2), min(len(g), pos+neighbours/2+1)
			for _, j := range g[lo:hi] {
				if j == i {
					continue
				}
				rel := found[j]
				if rel == nil {
					rel = &Related{Retro: rs[j]}
					found[j] = rel
				}
				rel.score += weight[k.kind]
				rel.Reasons = append(rel.Reasons, reason(k.kind, k.value, v))
			}
		}
		list := make([]Related, 0, len(found))
		for _, rel := range found {
			list = append(list, *rel)
		}
		slices.SortFunc(list, func(x, y Related) int {
			if c := cmp.Compare(y.score, x.score); c != 0 {
				return c
			}
			if c := y.Retro.Started.Time.Compare(x.Retro.Started.Time); c != 0 {
				return c
			}
			return strings.Compare(x.Retro.ID, y.Retro.ID)
		})
		if len(list) > MaxRelated {
			list = list[:MaxRelated]
		}
		out[r] = list
	}
	return out
}

func reason(kind, value string, v *Views) string {
	switch kind {
	case "tracking":
		return "shares tracking ticket " + value
	case "category":
		title := value
		if cv := v.categories[value]; cv != nil {
			title = strings.ToLower(cv.Title)
		}
		return "also had " + article(title) + " " + title + " problem"
	}
	return "also involved " + value
}

// article is "an" before a vowel sound (near enough for category titles).
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}

// TextMatch is a retrospective whose text resembles another's, found by the
// search index.
type TextMatch struct {
	ID    string
	Words []string
}

// AddSimilar completes r's related retrospectives with those of similar
// text, after the ones that share tickets, categories or services: a match
// already listed gains the reason, a new one fills a free place.
func (v *Views) AddSimilar(a *Archive, r *retro.Retrospective, matches []TextMatch) {
	list := v.Related[r]
	for _, m := range matches {
		other, ok := a.Lookup(m.ID)
		if !ok || other == r || !a.OnSite(other) {
			continue
		}
		why := "similar text"
		if len(m.Words) > 0 {
			why += ": " + strings.Join(m.Words[:min(3, len(m.Words))], ", ")
		}
		i := slices.IndexFunc(list, func(x Related) bool { return x.Retro == other })
		switch {
		case i >= 0:
			list[i].Reasons = append(list[i].Reasons, why)
		case len(list) < MaxRelated:
			list = append(list, Related{Retro: other, Reasons: []string{why}})
		}
	}
	v.Related[r] = list
}
