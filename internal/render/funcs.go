package render

import (
	"fmt"
	"html/template"
	"runtime"
	"strings"
	"time"

	"retro/internal/markdown"
	"retro/internal/retro"
)

func workers() int { return runtime.GOMAXPROCS(0) }

func (r *Renderer) funcs() template.FuncMap {
	a := r.a
	return template.FuncMap{
		"url":       a.URL,
		"retroURL":  a.RetroURL,
		"ticketURL": a.Site.TicketURL,
		"onSite":    a.OnSite,
		"date":      func(d retro.Date) string { return d.String() },
		"clock":     func(t time.Time) string { return t.Format("15:04") },
		"datetime":  func(t time.Time) string { return t.Format("2006-01-02 15:04") },
		"iso":       func(t time.Time) string { return t.Format(time.RFC3339) },
		"zone":      func(t time.Time) string { n, _ := t.Zone(); return n },
		"duration":  Duration,
		"overdue":   func(rec *retro.Recommendation) bool { return rec.Overdue(a.Today) },
		"slug":      markdown.Slug,
		"join":      strings.Join,
		"allowed":   markdown.Allowed,
		"list": func(rs []*retro.Retrospective, level int) retroList {
			return retroList{Retros: rs, Level: level}
		},
		"lower": strings.ToLower,
		"title": statusTitle,
		"category": func(key string) string {
			if c, ok := a.Site.Category(key); ok {
				return c.Title
			}
			return key
		},
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return fmt.Sprintf("%d %s", n, one)
			}
			return fmt.Sprintf("%d %s", n, many)
		},
	}
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

// retroList is a list of retrospectives and the level of their headings on
// the page that shows it.
type retroList struct {
	Retros []*retro.Retrospective
	Level  int
}
