package render

import (
	"fmt"
	"html/template"
	"runtime"
	"strings"
	"time"

	"retro/internal/archive"
	"retro/internal/markdown"
	"retro/internal/retro"
)

func workers() int { return runtime.GOMAXPROCS(0) }

func (r *Renderer) funcs() template.FuncMap {
	a := r.a
	return template.FuncMap{
		"url":       a.URL,
		"csp":       func() string { return ContentSecurityPolicy },
		"retroURL":  a.RetroURL,
		"ticketURL": a.Site.TicketURL,
		"onSite":    a.OnSite,
		"date":      func(d retro.Date) string { return d.String() },
		"clock":     func(t time.Time) string { return t.Format("15:04") },
		"datetime":  func(t time.Time) string { return t.Format("2006-01-02 15:04") },
		"iso":       iso,
		"zone":      func(t time.Time) string { n, _ := t.Zone(); return n },
		"duration":  Duration,
		"overdue":   func(rec *retro.Recommendation) bool { return rec.Overdue(a.Today) },
		"slug":      markdown.Slug,
		"join":      strings.Join,
		"allowed":   markdown.Allowed,
		"list": func(rs []*retro.Retrospective, caption string) retroList {
			return retroList{Retros: rs, Caption: caption}
		},
		"retroRow": r.retroRow,
		"recRow":   r.recRow,
		"lower":    strings.ToLower,
		"title":    statusTitle,
		"category": func(key string) string { return categoryTitle(a, key) },
		"plural":   plural,
		// The pages of the views.
		"categoryURL": func(key string) string { return a.URL("problems/" + key + "/") },
		"ticketPage":  func(key string) string { return a.URL("tickets/" + archive.TicketSlug(a.Site, key) + "/") },
		"trackingPage": func(key string) string {
			return a.URL("recommendations/tracking/" + archive.TicketSlug(a.Site, key) + "/")
		},
		"termURL":    func(kind, name string) string { return termURL(a, kind, name) },
		"quarterURL": func(key string) string { return a.URL("quarters/" + key + "/") },
		"quarter":    archive.QuarterLabel,
		"recURL": func(rec *retro.Recommendation) string {
			return a.RetroURL(rec.Retro) + "#" + rec.Anchor()
		},
		"problemURL": func(p archive.ProblemRef) string {
			return a.RetroURL(p.Retro) + "#" + p.Problem.Anchor()
		},
		"tracker": a.TrackerOf,
		"drift": func(rec *retro.Recommendation) bool {
			_, ok := a.DriftOf(rec)
			return ok
		},
		"doneOn": func(rec *retro.Recommendation) string {
			d, _ := rec.DoneOn()
			return d.String()
		},
		"recurrence": func(p *retro.SystemicProblem) *archive.Recurrence {
			if a.Views == nil {
				return nil
			}
			return a.Views.RecurrenceOf(p)
		},
		"sameCategory": func(p *retro.SystemicProblem) *archive.CategorySignal {
			if a.Views == nil {
				return nil
			}
			return a.Views.SameCategoryOf(p)
		},
		"outcome": func(rec *retro.Recommendation) *archive.Outcome {
			if a.Views == nil {
				return nil
			}
			return a.Views.OutcomeOf(rec)
		},
		"viaWords":    archive.ViaWords,
		"sub":         func(x, y int) int { return x - y },
		"add":         func(x, y int) int { return x + y },
		"hasPrefix":   strings.HasPrefix,
		"terms":       func(kind string, names []string) terms { return terms{kind, names} },
		"navViews":    func() []navView { return navViews },
		"total":       sumCounts,
		"list3":       func(a, b, c archive.Distribution) []archive.Distribution { return []archive.Distribution{a, b, c} },
		"spread":      func(d archive.Distribution) bool { return len(d.Values) >= minSpread },
		"shortURL":    shortURL,
		"betterWords": betterWords,
		"sectionHead": func(anchor, id, title string) sectionHead { return sectionHead{anchor, id, title} },
		"recTable": func(id, caption string, recs []*retro.Recommendation) recTable {
			return recTable{ID: id, Caption: caption, Recs: recs}
		},
	}
}

// betterWords says in words what a recommendation's better: makes better,
// for readers who never saw the format's enum ("Better at avoid" did not
// read).
func betterWords(b string) string {
	switch b {
	case "avoid":
		return "Avoiding incidents"
	case "detect":
		return "Detecting them"
	case "remediate":
		return "Remediating them"
	case "impact":
		return "Limiting their impact"
	case "effort":
		return "Less effort to handle them"
	}
	return statusTitle(b)
}

// shortURL is an address as a reader scans it: no scheme, and a long path
// cut to its first and last parts ("git.example.com/platform/…/precheck.go");
// the link keeps the whole address, and print shows it.
func shortURL(u string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	s = strings.TrimSuffix(s, "/")
	if len([]rune(s)) <= 40 {
		return s
	}
	parts := strings.Split(s, "/")
	if len(parts) > 3 {
		short := parts[0] + "/" + parts[1] + "/…/" + parts[len(parts)-1]
		if len([]rune(short)) < len([]rune(s)) {
			s = short
		}
	}
	if r := []rune(s); len(r) > 48 {
		s = string(r[:47]) + "…"
	}
	return s
}

// sectionHead is the heading of a section of an incident page and the
// anchor its self-link points at.
type sectionHead struct{ Anchor, ID, Title string }

// iso is a time or a moment as a <time datetime>: RFC 3339, or the date
// alone for a moment written without a time of day.
func iso(v any) (string, error) {
	switch t := v.(type) {
	case time.Time:
		return t.Format(time.RFC3339), nil
	case retro.Moment:
		return t.ISO(), nil
	}
	return "", fmt.Errorf("iso: %T is neither a time nor a moment", v)
}

// recTable is a table of recommendations, with a caption that names it.
type recTable struct {
	ID      string
	Caption string
	Recs    []*retro.Recommendation
}

// Duration is a human reading of d: "47 min", "2 h 5 min", "3 d 4 h".
func Duration(d time.Duration) string {
	d = d.Round(time.Minute)
	switch {
	case d < time.Minute:
		return "under a minute"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		h, m := int(d.Hours()), int(d.Minutes())%60
		if m == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %d min", h, m)
	}
	days, h := int(d.Hours())/24, int(d.Hours())%24
	if h == 0 {
		return fmt.Sprintf("%d d", days)
	}
	return fmt.Sprintf("%d d %d h", days, h)
}

func statusTitle(s string) string {
	switch s {
	case "in-progress":
		return "In progress"
	case "near-miss":
		return "Near miss"
	case "":
		return ""
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// retroList is a table of retrospectives and its caption.
type retroList struct {
	Retros  []*retro.Retrospective
	Caption string
}

// navView is a view in the site navigation: its page, and the section of
// the site below it (whose pages mark it as the current section).
type navView struct {
	Label, Path, Section string
}

// navViews are kept short: the views a reader returns to. Taxonomies,
// tickets and tracking pages are reached from them and from the home page.
var navViews = []navView{
	{"Retrospectives", "retros/", "retros/"},
	{"Problems", "problems/", "problems/"},
	{"Recommendations", "recommendations/", "recommendations/"},
	{"Quarters", "quarters/", "quarters/"},
}

// terms are values of one taxonomy, each linked to its page.
type terms struct {
	Kind  string
	Names []string
}

// ContentSecurityPolicy is the policy every page carries (a meta tag in the
// theme, a header from retro serve): the site's own scripts only, which is
// all the search page needs. Inline styles stay allowed because Markdown
// tables align their cells with style attributes.
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
