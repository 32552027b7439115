package archive

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"retro/internal/retro"
)

// MaxRelated is how many related retrospectives an incident page lists.
const MaxRelated = 5

// neighbours bounds how many retrospectives sharing one service or ticket
// are considered, the nearest in time, so that a service shared by
// thousands of incidents keeps the computation linear in the archive.
const neighbours = 40

// Weights of what two retrospectives share. A tracking ticket or a
// recurrence says they are about the same thing; a service says where; a
// category alone says too little to relate two incidents and only adds to
// a relation found otherwise.
const (
	trackingWeight   = 6.0
	recurrenceWeight = 6.0
	serviceWeight    = 3.0 // for a service only the two have; less the more have it
	categoryWeight   = 0.5
	maxCategoryScore = 1.0
	textWeight       = 30.0 // times the cosine of the two texts
	// minRelated is the least score that relates two retrospectives.
	minRelated = 1.5
)

// Related is a retrospective related to another, and why, in a reader's
// words: "both on checkout-api", "same tracking ticket OPS-42",
// "similar: replication slot, WAL retention".
type Related struct {
	Retro   *retro.Retrospective
	Reasons []string

	score    float64
	services []string // shared, as this retrospective writes them
	// serviceWeights are how much each shared service says (see rarity).
	serviceWeights []float64
	tracking       []string
	recurrence     string
	similar        []string
	text           float64 // cosine of the texts
}

// TextMatch is a retrospective whose text resembles another's, with the
// cosine of the two texts and the phrases and words they share.
type TextMatch struct {
	ID    string
	Score float64
	Words []string
}

// relatedCandidates finds, for each retrospective, those that share a
// tracking ticket, a service or a recurrence with it, scored; AddSimilar
// adds those of similar text and cuts each list to MaxRelated.
func relatedCandidates(rs []*retro.Retrospective, v *Views) map[*retro.Retrospective][]*Related {
	type key struct{ kind, value string }
	groups := map[key][]int{} // indexes into rs, newest first
	keys := make([][]key, len(rs))
	for i, r := range rs {
		var ks []key
		for _, t := range trackings(r) {
			ks = append(ks, key{"tracking", Slug(t)})
		}
		for _, s := range r.Services {
			ks = append(ks, key{"service", Slug(s)})
		}
		slices.SortFunc(ks, func(x, y key) int { return cmp.Or(strings.Compare(x.kind, y.kind), strings.Compare(x.value, y.value)) })
		ks = slices.Compact(ks)
		keys[i] = ks
		for _, k := range ks {
			groups[k] = append(groups[k], i)
		}
	}
	index := make(map[*retro.Retrospective]int, len(rs))
	for i, r := range rs {
		index[r] = i
	}
	// A recurrence relates both incidents, each seen from its side.
	type link struct {
		other int
		why   string
	}
	recurred := map[int][]link{}
	seen := map[[2]int]bool{}
	for _, cv := range v.Categories {
		for _, rc := range cv.Recurrences {
			later := index[rc.Retro]
			byRetro := map[*retro.Retrospective][]string{}
			var order []*retro.Retrospective
			for _, ad := range rc.After {
				if _, ok := byRetro[ad.Rec.Retro]; !ok {
					order = append(order, ad.Rec.Retro)
				}
				byRetro[ad.Rec.Retro] = append(byRetro[ad.Rec.Retro], ad.Rec.ID)
			}
			for _, e := range order {
				earlier, ok := index[e]
				if !ok {
					continue
				}
				ids := byRetro[e]
				was := " was done"
				if len(ids) > 1 {
					was = " were done"
				}
				if !seen[[2]int{later, earlier}] {
					seen[[2]int{later, earlier}] = true
					recurred[later] = append(recurred[later], link{earlier, "recurred after its " + andList(ids) + was})
					recurred[earlier] = append(recurred[earlier], link{later, "recurred there after " + andList(ids) + was})
				}
			}
		}
	}
	n := len(rs)
	out := make(map[*retro.Retrospective][]*Related, len(rs))
	for i, r := range rs {
		found := map[int]*Related{}
		get := func(j int) *Related {
			rel := found[j]
			if rel == nil {
				rel = &Related{Retro: rs[j]}
				found[j] = rel
			}
			return rel
		}
		for _, k := range keys[i] {
			g := groups[k]
			pos, _ := slices.BinarySearch(g, i)
			lo, hi := max(0, pos-neighbours/2), min(len(g), pos+neighbours/2+1)
			for _, j := range g[lo:hi] {
				if j == i {
					continue
				}
				rel := get(j)
				switch k.kind {
				case "tracking":
					rel.score += trackingWeight
					rel.tracking = append(rel.tracking, nameOf(trackings(r), k.value))
				case "service":
					rel.serviceWeights = append(rel.serviceWeights, rarity(len(g), n))
					rel.services = append(rel.services, nameOf(r.Services, k.value))
				}
			}
		}
		for _, l := range recurred[i] {
			rel := get(l.other)
			if rel.recurrence == "" {
				rel.score += recurrenceWeight
				rel.recurrence = l.why
			}
		}
		list := make([]*Related, 0, len(found))
		for _, rel := range found {
			list = append(list, rel)
		}
		out[r] = list
	}
	return out
}

// rarity is what a key that df of n retrospectives have says about two of
// them: 1 when only they have it, less the more have it, 0 when all do.
func rarity(df, n int) float64 {
	if n <= 2 {
		return 1
	}
	return math.Log(float64(n)/float64(df)) / math.Log(float64(n)/2)
}

// nameOf is the name among names (as a retrospective writes it) whose
// slug is slug.
func nameOf(names []string, slug string) string {
	for _, n := range names {
		if Slug(n) == slug {
			return n
		}
	}
	return slug
}

// AddSimilar completes r's related retrospectives with those of similar
// text, and cuts the list to the MaxRelated strongest: a text match adds
// its weight and its words to a retrospective already related, or relates
// a new one.
func (v *Views) AddSimilar(a *Archive, r *retro.Retrospective, matches []TextMatch) {
	list := v.candidates[r]
	for _, m := range matches {
		other, ok := a.Lookup(m.ID)
		if !ok || other == r || !a.OnSite(other) {
			continue
		}
		i := slices.IndexFunc(list, func(x *Related) bool { return x.Retro == other })
		if i < 0 {
			list = append(list, &Related{Retro: other})
			i = len(list) - 1
		}
		list[i].text = m.Score
		list[i].similar = m.Words
	}
	v.candidates[r] = list
	v.Related[r] = v.finishRelated(r, list)
}

// finishRelated scores and words each candidate and keeps the strongest.
func (v *Views) finishRelated(r *retro.Retrospective, cands []*Related) []Related {
	out := make([]Related, 0, len(cands))
	for _, c := range cands {
		rel := *c
		var shared []string
		for _, s := range rel.services {
			shared = append(shared, Slug(s))
		}
		// A phrase that is a shared service's name says it twice.
		similar := slices.DeleteFunc(slices.Clone(rel.similar), func(w string) bool {
			return slices.Contains(shared, Slug(w))
		})
		rel.score += textWeight * rel.text
		// Services on one incident are often on one path (web, app, API):
		// the rarest counts whole, each further one less.
		ws := slices.Clone(rel.serviceWeights)
		slices.SortFunc(ws, func(a, b float64) int { return cmp.Compare(b, a) })
		for k, w := range ws {
			rel.score += serviceWeight * w / float64(k+1)
		}
		cats := sharedCategories(r, rel.Retro)
		rel.score += min(maxCategoryScore, categoryWeight*float64(len(cats)))
		rel.Reasons = nil
		for _, t := range rel.tracking {
			rel.Reasons = append(rel.Reasons, "same tracking ticket "+t)
		}
		if rel.recurrence != "" {
			rel.Reasons = append(rel.Reasons, rel.recurrence)
		}
		if len(rel.services) > 0 {
			rel.Reasons = append(rel.Reasons, "both on "+andList(rel.services))
		}
		if len(similar) > 0 {
			rel.Reasons = append(rel.Reasons, "similar: "+strings.Join(similar, ", "))
		}
		if len(rel.Reasons) == 0 || rel.score < minRelated {
			continue // the same category alone relates nothing, nor a service most incidents are on
		}
		if len(cats) > 0 {
			rel.Reasons = append(rel.Reasons, "both had "+v.categoryPhrase(cats))
		}
		out = append(out, rel)
	}
	slices.SortFunc(out, func(x, y Related) int {
		return cmp.Or(cmp.Compare(y.score, x.score), y.Retro.Started.Time.Compare(x.Retro.Started.Time), strings.Compare(x.Retro.ID, y.Retro.ID))
	})
	return out[:min(len(out), MaxRelated)]
}

// sharedCategories are the categories both retrospectives have a problem in.
func sharedCategories(r, other *retro.Retrospective) []string {
	var out []string
	theirs := other.Categories()
	for _, c := range r.Categories() {
		if slices.Contains(theirs, c) {
			out = append(out, c)
		}
	}
	return out
}

// categoryPhrase is "a data integrity problem" or "capacity planning and
// design complexity problems", from the categories' titles.
func (v *Views) categoryPhrase(keys []string) string {
	words := make([]string, len(keys))
	for i, k := range keys {
		words[i] = k
		if cv := v.categories[k]; cv != nil {
			words[i] = strings.ToLower(cv.Title)
		}
	}
	if len(words) == 1 {
		return article(words[0]) + " " + words[0] + " problem"
	}
	return andList(words) + " problems"
}

// andList is "a", "a and b", "a, b and c".
func andList(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// article is "an" before a vowel sound (near enough for category titles).
func article(word string) string {
	if word != "" && strings.ContainsRune("aeiou", rune(word[0])) {
		return "an"
	}
	return "a"
}
