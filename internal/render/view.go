package render

import (
	"fmt"
	"strings"
	"time"

	"retro/internal/archive"
	"retro/internal/retro"
)

// retroView is an incident page: the retrospective with its body's sections
// placed where the page shows them.
type retroView struct {
	*retro.Retrospective
	Intro, WentWell, Better, Prose, Footnotes *retro.Section
	Others                                    []*retro.Section
	Facts                                     []fact
	Days                                      []timelineDay
	// Related are at most archive.MaxRelated retrospectives related to this
	// one, each with the reasons why.
	Related []archive.Related
	// RecSummary counts the recommendations by status for the page's
	// header: "4 done · 1 dropped · 1 overdue".
	RecSummary string
}

type fact struct {
	Label string
	Value string
	Time  time.Time // set for milestones
}

type timelineDay struct {
	Date    string
	Entries []timelineRow
}

type timelineRow struct {
	Index int
	Entry *retro.TimelineEntry
}

func newRetroView(a *archive.Archive, r *retro.Retrospective) *retroView {
	v := &retroView{Retrospective: r}
	if a.Views != nil {
		v.Related = a.Views.Related[r]
	}
	v.RecSummary = recSummary(r.Recommendations, a.Today)
	for _, s := range r.Sections {
		switch s.Known {
		case "intro":
			v.Intro = s
		case "what-went-well":
			v.WentWell = s
		case "what-could-have-been-done-better":
			v.Better = s
		case "analysis":
			v.Prose = s
		case "footnotes":
			v.Footnotes = s
		default:
			v.Others = append(v.Others, s)
		}
	}
	for _, d := range []struct {
		label string
		to    retro.Moment
	}{{"Time to detect", r.Detected}, {"Time to mitigate", r.Mitigated}, {"Time to resolve", r.Resolved}} {
		if dur, ok := retro.Duration(r.Started, d.to); ok {
			v.Facts = append(v.Facts, fact{Label: d.label, Value: Duration(dur)})
		}
	}
	var day *timelineDay
	for i, e := range r.Timeline {
		date := e.At.Format("Monday 2 January 2006")
		if e.At.IsZero() {
			date = "Undated"
		}
		if day == nil || day.Date != date {
			v.Days = append(v.Days, timelineDay{Date: date})
			day = &v.Days[len(v.Days)-1]
		}
		day.Entries = append(day.Entries, timelineRow{Index: i + 1, Entry: e})
	}
	return v
}

// recSummary counts recs by status, in the order of their life, and the
// overdue among them: "2 in progress · 3 done · 1 overdue". It is empty for
// no recommendations.
func recSummary(recs []*retro.Recommendation, today retro.Date) string {
	var parts []string
	for _, g := range archive.RecsByStatus(recs) {
		if len(g.Recs) > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", len(g.Recs), strings.ToLower(statusTitle(g.Key))))
		}
	}
	overdue := 0
	for _, rec := range recs {
		if rec.Overdue(today) {
			overdue++
		}
	}
	if overdue > 0 {
		parts = append(parts, fmt.Sprintf("%d overdue", overdue))
	}
	return strings.Join(parts, " · ")
}
