package gen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// writer fills sentence templates for one retrospective. It carries that
// retrospective's services and teams so that the prose talks about the same
// systems as the front matter, which is what makes related-text search and
// taxonomy pages line up in a realistic way.
type writer struct {
	r        *rand.Rand
	services []string
	teams    []string
	recIDs   []string
	tracking []string
	links    []string // retro: link destinations valid for this retrospective
}

// fill replaces every {slot} in tmpl. A slot spelled with a leading capital
// gets its value capitalised, for slots that start a sentence.
func (w *writer) fill(tmpl string) string {
	var b strings.Builder
	b.Grow(len(tmpl) + 64)
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		name := tmpl[i+1 : i+j]
		if name != "" && name[0] >= 'A' && name[0] <= 'Z' {
			b.WriteString(capitalize(w.slot(strings.ToLower(name[:1]) + name[1:])))
		} else {
			b.WriteString(w.slot(name))
		}
		tmpl = tmpl[i+j+1:]
	}
	return b.String()
}

// sentence fills a template, fixes "a"/"an" before the filled-in words and
// makes sure it starts with a capital letter.
func (w *writer) sentence(tmpl string) string { return capitalize(articles(w.fill(tmpl))) }

// slot returns one value for a named slot. Unknown names are a programming
// error in the templates; they are kept visible in the output so that a test
// scanning for '{' catches them.
func (w *writer) slot(name string) string {
	r := w.r
	switch name {
	case "svc":
		return pick(r, w.services)
	case "svc2":
		return pick(r, domains) + "-" + pick(r, serviceKinds)
	case "team":
		return pick(r, w.teams)
	case "person":
		return person(r)
	case "first":
		return pick(r, firstNames)
	case "noun":
		return pick(r, nouns)
	case "nouns":
		return plural(pick(r, nouns))
	case "mass":
		return pick(r, massNouns)
	case "verb":
		return pick(r, verbs)[0]
	case "verbs":
		return thirdPerson(pick(r, verbs)[0])
	case "verbed":
		return pick(r, verbs)[1]
	case "verbing":
		return pick(r, verbs)[2]
	case "adj":
		return pick(r, adjectives)
	case "adv":
		return pick(r, adverbs)
	case "tech":
		return pick(r, techs)
	case "topic":
		return pick(r, topics)
	case "metric":
		return "`" + metricName(r) + "`"
	case "code", "config":
		return "`" + configKey(r) + "`"
	case "host":
		return hostName(r, pick(r, w.services))
	case "region":
		return pick(r, regions)
	case "num":
		return fmt.Sprint(between(r, 12, 5000))
	case "small":
		return fmt.Sprint(between(r, 2, 9))
	case "pct":
		return fmt.Sprintf("%d%%", between(r, 1, 60))
	case "dur":
		return duration(r)
	case "vendor":
		return pick(r, vendors)
	case "err":
		return "`" + pick(r, errorNames) + "`"
	case "version":
		return fmt.Sprintf("v%d.%d.%d", between(r, 1, 9), between(r, 0, 40), between(r, 0, 20))
	case "ticket":
		return ticketKey(r, pick(r, teams).project)
	case "rec":
		return pick(r, w.recIDs)
	case "tracking":
		if len(w.tracking) > 0 {
			return pick(r, w.tracking)
		}
		return trackingKey(r)
	case "link":
		return pick(r, w.links)
	}
	return "{" + name + "}"
}

// paragraph joins k filled sentences from distinct templates of pool, so a
// paragraph never repeats itself.
func (w *writer) paragraph(pool []string, k int) string {
	tmpls := pickDistinct(w.r, pool, k)
	parts := make([]string, len(tmpls))
	for i, t := range tmpls {
		parts[i] = w.sentence(t)
	}
	return strings.Join(parts, " ")
}

// articles turns "a" into "an" before a word starting with a vowel letter.
// Slots are filled independently of the article in front of them, so the
// template cannot know which one to use.
func articles(s string) string {
	if !strings.Contains(s, "a ") {
		return s
	}
	ws := strings.Split(s, " ")
	for i := 0; i+1 < len(ws); i++ {
		if (ws[i] == "a" || ws[i] == "A") && ws[i+1] != "" && strings.IndexByte("aeiouAEIOU", ws[i+1][0]) >= 0 {
			ws[i] += "n"
		}
	}
	return strings.Join(ws, " ")
}

func capitalize(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// plural covers the English rules the noun pool needs.
func plural(n string) string {
	switch {
	case strings.HasSuffix(n, "s"), strings.HasSuffix(n, "x"),
		strings.HasSuffix(n, "ch"), strings.HasSuffix(n, "sh"):
		return n + "es"
	case strings.HasSuffix(n, "y") && len(n) > 1 && !strings.ContainsRune("aeiou", rune(n[len(n)-2])):
		return n[:len(n)-1] + "ies"
	}
	return n + "s"
}

// thirdPerson uses the same spelling rules as plural.
func thirdPerson(v string) string { return plural(v) }

func person(r *rand.Rand) string { return pick(r, firstNames) + " " + pick(r, lastNames) }

func configKey(r *rand.Rand) string {
	return pick(r, configPrefixes) + "_" + pick(r, configNouns) + "_" + pick(r, configSuffixes)
}

func metricName(r *rand.Rand) string {
	return pick(r, metricSystems) + "_" + pick(r, metricThings) + "_" + pick(r, metricSuffixes)
}

func hostName(r *rand.Rand, svc string) string {
	return fmt.Sprintf("%s-%02d.%s", svc, between(r, 1, 48), pick(r, regions))
}

func ticketKey(r *rand.Rand, project string) string {
	return fmt.Sprintf("%s-%d", project, between(r, 100, 9999))
}

// trackingKey draws from a small fixed set so that many retrospectives share
// each tracking ticket, skewed so a few are very common.
func trackingKey(r *rand.Rand) string {
	const size = 40
	i := r.IntN(r.IntN(size) + 1)
	return fmt.Sprintf("%s-%d", trackingProjects[i%len(trackingProjects)], 10+i*7)
}

var trackingProjects = words(`OPS SRE PLAT REL`)

func duration(r *rand.Rand) string {
	switch m := between(r, 3, 300); {
	case m < 90:
		return fmt.Sprintf("%d minutes", m)
	case m < 120:
		return "over an hour"
	default:
		return fmt.Sprintf("%d hours", m/60)
	}
}

// pick returns a uniformly random element; pools are never empty.
func pick[T any](r *rand.Rand, pool []T) T { return pool[r.IntN(len(pool))] }

// between returns an int in [lo, hi].
func between(r *rand.Rand, lo, hi int) int { return lo + r.IntN(hi-lo+1) }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// pickDistinct returns k distinct elements of pool (k is capped at its size).
func pickDistinct[T comparable](r *rand.Rand, pool []T, k int) []T {
	k = min(k, len(pool))
	out := make([]T, 0, k)
	for len(out) < k {
		v := pick(r, pool)
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
