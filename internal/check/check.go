// Package check holds the rules of the format that look across fields and
// across retrospectives. Decoding has already reported syntax, keys, types,
// enums and unparsable times.
package check

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"retro/internal/config"
	"retro/internal/retro"
	"retro/internal/source"
)

var (
	retroID = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	itemID  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
)

// MaxID is the longest id or alias: an id is a file name and a URL segment.
const MaxID = 100

// ValidLink reports whether u is a link a write-up may give (timeline refs,
// links): an http(s) URL with a host, or a retro: link.
func ValidLink(u string) bool {
	if rest, ok := strings.CutPrefix(u, "retro:"); ok {
		id, _, _ := strings.Cut(rest, "#")
		return id != ""
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != "" &&
		(strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://"))
}

// Retrospective applies the rules that concern one retrospective. A legacy
// write-up gets the rules of syntax, keys, types, enums, ids, times and
// references, but not those of the practice (final-only rules, done_when,
// the blame lint): it was written before them.
func Retrospective(r *retro.Retrospective, site *config.Site) source.Findings {
	var fs source.Findings
	c := checker{r: r, site: site, fs: &fs, legacy: r.Status == retro.Legacy}
	c.identity()
	c.times()
	c.links()
	c.analysis()
	c.recommendations()
	if r.Status == retro.Final {
		c.final()
	}
	if !c.legacy {
		c.blame()
	}
	return fs
}

type checker struct {
	r      *retro.Retrospective
	site   *config.Site
	fs     *source.Findings
	legacy bool
}

func (c checker) at(key string) source.Pos {
	if p, ok := c.r.Pos[key]; ok {
		return p
	}
	return source.Pos{File: c.r.Path, Line: 1, Col: 1}
}

func (c checker) identity() {
	r := c.r
	c.length(r.ID, r.IDPos, "id", !r.IDExplicit)
	for _, a := range r.Aliases {
		c.length(a.Value, a.Pos, "alias", false)
	}
	if r.ID != "" && !retroID.MatchString(r.ID) {
		f := c.fs.Errorf(r.IDPos, "id", "id %q is not URL-safe", r.ID)
		if r.IDExplicit {
			f.Hint = "use lowercase letters, digits and dashes, starting with a letter or digit"
		} else {
			f.Hint = "rename the file, or set id: to lowercase letters, digits and dashes"
		}
	}
	for _, a := range r.Aliases {
		if !retroID.MatchString(a.Value) {
			c.fs.Errorf(a.Pos, "id", "alias %q is not URL-safe", a.Value).Hint = "use lowercase letters, digits and dashes"
		}
		if a.Value == r.ID {
			c.fs.Errorf(a.Pos, "duplicate-id", "alias %q is the retrospective's own id", a.Value).Hint = "remove the alias"
		}
	}
}

// length reports an id longer than MaxID; fromName is true when the id is
// the file or folder name.
func (c checker) length(id string, pos source.Pos, what string, fromName bool) {
	if len(id) <= MaxID {
		return
	}
	f := c.fs.Errorf(pos, "id", "%s is %d characters long; ids are at most %d", what, len(id), MaxID)
	if fromName {
		f.Hint = "rename the file, or set a shorter id:"
	} else {
		f.Hint = "shorten it: an id is part of the page's URL and file name"
	}
}

// links checks the write-up's links and the timeline's refs.
func (c checker) links() {
	for _, l := range c.r.Links {
		if l.URL != "" && !ValidLink(l.URL) {
			c.fs.Errorf(l.Pos, "link", "link %q is neither an http(s) URL nor a retro: link", l.URL).Hint = "write a full URL such as https://status.example.com/incidents/123, or retro:<id>"
		}
	}
	for i, e := range c.r.Timeline {
		for _, l := range e.Refs {
			if !ValidLink(l.URL) {
				c.fs.Errorf(l.Pos, "link", "ref %q of timeline entry %d is neither an http(s) URL nor a retro: link", l.URL, i+1).Hint = "write a full URL such as https://alerts.example.com/P123, or retro:<id>#timeline-3"
			}
		}
	}
}

func (c checker) times() {
	r := c.r
	milestones := []struct {
		name string
		m    retro.Moment
	}{{"started", r.Started}, {"detected", r.Detected}, {"mitigated", r.Mitigated}, {"resolved", r.Resolved}}
	var last *retro.Moment
	lastName := ""
	for i := range milestones {
		ms := &milestones[i]
		if !ms.m.Set {
			continue
		}
		if ms.m.DateOnly && r.Status == retro.Final {
			c.fs.Errorf(ms.m.Pos, "time", "%s: a final retrospective gives the time of day", ms.name).Hint = "write YYYY-MM-DD HH:MM; a date alone is for legacy write-ups and drafts"
		}
		if last != nil && before(ms.m, *last) {
			c.fs.Errorf(ms.m.Pos, "milestone-order", "%s (%s) is before %s (%s)", ms.name,
				ms.m.Display(), lastName, last.Display()).Hint = "milestones go started <= detected <= mitigated <= resolved"
		}
		last, lastName = &ms.m, ms.name
	}
	if rv := r.Review; rv != nil && !rv.Finalized.IsZero() && r.Started.Set && rv.Finalized.Before(r.Started.Date()) {
		c.fs.Errorf(rv.FinalizedPos, "finalized", "review.finalized (%s) is before the incident started (%s)", rv.Finalized, r.Started.Date()).Hint = "finalized is the day the team agreed on the write-up, after the incident"
	}
	var prev *retro.TimelineEntry
	for i, e := range r.Timeline {
		if e.At.IsZero() {
			continue
		}
		if prev != nil && e.At.Before(prev.At) {
			f := c.fs.Errorf(e.Pos, "timeline-order", "timeline entry %d (%s) is earlier than entry %d above it (%s)",
				i+1, e.At.Format("2006-01-02 15:04:05"), indexOf(r.Timeline, prev)+1, prev.At.Format("2006-01-02 15:04:05"))
			if e.TimeOnly {
				f.Hint = "a time alone takes the date of the entry above and never rolls over: after midnight, write the full date (YYYY-MM-DD HH:MM)"
			} else {
				f.Hint = "the timeline only goes forward: put the entries in order of time"
			}
		}
		prev = e
	}
}

// before compares two milestones; when either is a date alone, by day.
func before(m, than retro.Moment) bool {
	if m.DateOnly || than.DateOnly {
		return m.Date().Before(than.Date())
	}
	return m.Time.Before(than.Time)
}

func indexOf(es []*retro.TimelineEntry, e *retro.TimelineEntry) int {
	for i, x := range es {
		if x == e {
			return i
		}
	}
	return -1
}

func (c checker) analysis() {
	seen := map[string]source.Pos{}
	for _, it := range c.r.Analysis.Items() {
		id, pos := itemPos(it)
		if id == "" {
			continue
		}
		c.length(id, pos, "analysis id", false)
		if !itemID.MatchString(id) {
			c.fs.Errorf(pos, "id", "analysis id %q is not valid", id).Hint = "use letters, digits, - and _, starting with a letter or digit"
		}
		if first, dup := seen[id]; dup {
			c.fs.Errorf(pos, "duplicate-id", "analysis id %q is used twice (first at line %d)", id, first.Line).Hint = "safety controls, systemic problems and missing controls share one set of ids"
		} else {
			seen[id] = pos
		}
	}
	for _, p := range c.r.Analysis.SystemicProblems {
		if p.Category == "" {
			continue
		}
		if _, ok := c.site.Category(p.Category); !ok {
			f := c.fs.Errorf(p.CategoryPos, "category", "unknown category %q", p.Category)
			if s := source.Suggest(p.Category, c.site.CategoryKeys()); s != "" {
				f.Hint = fmt.Sprintf("did you mean %q? Other categories can be added under categories: in site.yaml", s)
			} else {
				f.Hint = "use one of " + strings.Join(c.site.CategoryKeys(), ", ") + ", or add it under categories: in site.yaml"
			}
		}
	}
}

func itemPos(it retro.AnalysisItem) (string, source.Pos) {
	switch x := it.(type) {
	case *retro.SafetyControl:
		return x.ID, x.Pos
	case *retro.SystemicProblem:
		return x.ID, x.Pos
	case *retro.MissingControl:
		return x.ID, x.Pos
	}
	return "", source.Pos{}
}

func (c checker) recommendations() {
	r := c.r
	ids := map[string]source.Pos{}
	items := map[string]bool{}
	for _, it := range r.Analysis.Items() {
		items[it.ItemID()] = true
	}
	for _, rec := range r.Recommendations {
		if rec.ID != "" {
			c.length(rec.ID, rec.IDPos, "recommendation id", false)
			if !itemID.MatchString(rec.ID) {
				c.fs.Errorf(rec.IDPos, "id", "recommendation id %q is not valid", rec.ID).Hint = "use letters, digits, - and _, e.g. R1"
			}
			if first, dup := ids[rec.ID]; dup {
				c.fs.Errorf(rec.IDPos, "duplicate-id", "recommendation id %q is used twice (first at line %d)", rec.ID, first.Line)
			} else {
				ids[rec.ID] = rec.IDPos
			}
		}
		for _, a := range rec.Addresses {
			if !items[a.Value] {
				f := c.fs.Errorf(a.Pos, "addresses", "recommendation %s addresses %q, which is not an id in the analysis", rec.ID, a.Value)
				if s := source.Suggest(a.Value, keys(items)); s != "" {
					f.Hint = fmt.Sprintf("did you mean %q?", s)
				} else {
					f.Hint = "every recommendation traces back to a safety control, systemic problem or missing control"
				}
			}
		}
		if len(rec.Addresses) == 0 && !c.legacy {
			// A warning: the SPEC lists the rules that fail a build, and an
			// empty addresses is not among them, but tracing back is the practice.
			c.fs.Warnf(rec.Pos, "addresses", "recommendation %s addresses nothing", rec.ID).Hint = "add addresses: with the analysis ids it answers; every recommendation traces back"
		}
		if rec.DoneWhen.IsZero() && !c.legacy {
			c.fs.Errorf(rec.Pos, "done-when", "recommendation %s has no done_when", rec.ID).Hint = "say how the team will know it is done: a concrete, checkable outcome"
		}
		if p := c.site.TicketProblem(rec.Ticket); rec.Ticket != "" && p != "" {
			c.fs.Errorf(rec.TicketPos, "ticket", "ticket %q %s", rec.Ticket, p).Hint = "for example PAY-123, acme/api#1587, or https://tracker.example.com/PAY-123"
		}
		if p := c.site.TicketProblem(rec.Tracking); rec.Tracking != "" && p != "" {
			c.fs.Errorf(rec.TrackingPos, "ticket", "tracking ticket %q %s", rec.Tracking, p).Hint = "for example OPS-42, acme/api#1587, or https://tracker.example.com/OPS-42"
		}
		if r.Status == retro.Final && rec.Ticket == "" {
			c.fs.Errorf(rec.Pos, "ticket", "recommendation %s of a final retrospective has no ticket", rec.ID).Hint = "file it in the tracker and add ticket: so it is tracked to done"
		}
		if rec.Status == retro.Dropped && rec.DroppedReason.IsZero() && !c.legacy {
			c.fs.Errorf(rec.StatusPos, "dropped-reason", "recommendation %s is dropped without a dropped_reason", rec.ID).Hint = "say why it was dropped"
		}
		c.history(rec)
	}
}

func keys(m map[string]bool) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func (c checker) history(rec *retro.Recommendation) {
	var prev *retro.HistoryEntry
	for _, h := range rec.History {
		if prev != nil && !h.On.IsZero() && !prev.On.IsZero() && h.On.Before(prev.On) {
			c.fs.Errorf(h.Pos, "history-order", "history of %s goes back from %s to %s", rec.ID, prev.On, h.On).Hint = "history entries are in date order"
		}
		if !h.On.IsZero() {
			prev = h
		}
	}
	if n := len(rec.History); n > 0 && rec.Status != "" {
		if last := rec.History[n-1]; last.Status != "" && last.Status != rec.Status {
			c.fs.Errorf(last.Pos, "history-status", "the last history entry of %s says %s but its status is %s", rec.ID, last.Status, rec.Status).Hint = "add a history entry for the current status, or correct status:"
		}
	}
	if rec.Status == retro.Done && !c.legacy {
		if _, ok := rec.DoneOn(); !ok {
			c.fs.Warnf(rec.StatusPos, "done-date", "recommendation %s is done but has no done date", rec.ID).Hint = "add a history entry {on: YYYY-MM-DD, status: done} so recurrences after it can be measured"
		}
	}
}

func (c checker) final() {
	r := c.r
	if r.Summary.IsZero() {
		c.require("summary", "a final retrospective has no summary", "write one paragraph: what happened, the impact, what changes; write it last")
	}
	if len(r.Timeline) == 0 {
		c.require("timeline", "a final retrospective has no timeline entry", "add the events in order, in one time zone")
	}
	if len(r.Recommendations) == 0 {
		switch {
		case !r.RecommendationsWritten:
			c.require("recommendations", "a final retrospective has no recommendation", "add recommendations, or write recommendations: [] with no_recommendations_reason")
		case r.NoRecommendationsReason.IsZero():
			c.require("recommendations", "a final retrospective with recommendations: [] needs no_recommendations_reason", "say why no recommendation came out of it")
		}
	}
	if r.Review == nil {
		c.fs.Errorf(source.Pos{File: r.Path, Line: 1, Col: 1}, "required", "the front matter has no \"review\"").Hint = "a final retrospective records its review, with finalized: YYYY-MM-DD"
	} else if !r.Review.FinalizedWritten {
		c.fs.Errorf(r.Review.Pos, "required", "review has no \"finalized\"").Hint = "add finalized: YYYY-MM-DD, the day the team agreed on the write-up"
	}
	for _, sc := range r.Analysis.SafetyControls {
		if !sc.FailureSet {
			c.fs.Errorf(sc.Pos, "failure", "safety control %s has no failure", sc.ID).Hint = "say how this control failed to keep the system safe"
		}
	}
}

// require reports a key a final retrospective needs: at its value when it is
// written but empty, else at line 1.
func (c checker) require(key, msg, hint string) {
	c.fs.Errorf(c.at(key), "final", "%s", msg).Hint = hint
}
