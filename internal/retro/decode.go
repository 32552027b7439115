package retro

import (
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"retro/internal/config"
	"retro/internal/source"
)

// decoder reads one file's front matter; every problem is a finding and
// decoding goes on with what could be read.
type decoder struct {
	source.Decoder
	site  *config.Site
	lines []string // the file's lines
}

// Decode reads a retrospective from its split file. defaultID is the id that
// the file or folder name gives. The findings are the format's problems of
// syntax, keys, types, enums and times; the rules that look across fields are
// check's.
func Decode(doc *source.Document, site *config.Site, defaultID string) (*Retrospective, source.Findings) {
	var fs source.Findings
	d := decoder{source.Decoder{Path: doc.Path, Findings: &fs}, site, doc.Lines}
	r := &Retrospective{
		Path:     doc.Path,
		ID:       defaultID,
		IDPos:    source.Pos{File: doc.Path, Line: 1, Col: 1},
		Kind:     "incident",
		Body:     doc.Body,
		BodyLine: doc.BodyLine,
		Pos:      map[string]source.Pos{},
		Timezone: site.Timezone, TimezoneName: site.TimezoneName,
	}
	top := source.Pos{File: doc.Path, Line: 1, Col: 1}
	if doc.FrontMatter == nil {
		d.Require(source.Mapping{}, top, Keys.FrontMatter.What, Keys.FrontMatter.Required...)
		return r, fs
	}
	m, ok := d.Map(doc.FrontMatter, Keys.FrontMatter.What, Keys.FrontMatter.Keys...)
	if !ok {
		return r, fs
	}
	d.Require(m, top, Keys.FrontMatter.What, Keys.FrontMatter.Required...)
	for _, k := range m.Keys() {
		if n := m.Get(k); n != nil {
			r.Pos[k] = d.Pos(n)
		} else if kn := m.Key(k); kn != nil {
			r.Pos[k] = d.Pos(kn)
		}
	}

	r.Title, _ = d.String(m.Get("title"), "title")
	if n := m.Get("id"); n != nil {
		if s, ok := d.String(n, "id"); ok {
			r.ID, r.IDPos, r.IDExplicit = s, d.Pos(n), true
		}
	}
	for _, n := range d.Seq(m.Get("aliases"), "aliases") {
		if s, ok := d.String(n, "alias"); ok {
			r.Aliases = append(r.Aliases, Ident{s, d.Pos(n)})
		}
	}
	r.Status, _ = d.Enum(m.Get("status"), "status", Statuses...)
	if n := m.Get("kind"); n != nil {
		r.Kind, _ = d.Enum(n, "kind", Kinds...)
	}
	if n := m.Get("severity"); n != nil {
		r.Severity, _ = d.Enum(n, "severity", site.Severities...)
	}
	if n := m.Get("timezone"); n != nil {
		if s, ok := d.String(n, "timezone"); ok {
			if loc, err := time.LoadLocation(s); err != nil || s == "" || s == "Local" {
				d.Findings.Errorf(d.Pos(n), "timezone", "unknown time zone %q", s).Hint = "use an IANA name such as UTC, Europe/Berlin or America/New_York"
			} else {
				r.Timezone, r.TimezoneName = loc, s
			}
		}
	}
	r.Started = d.moment(m.Get("started"), "started", r.Timezone)
	r.Detected = d.moment(m.Get("detected"), "detected", r.Timezone)
	r.Mitigated = d.moment(m.Get("mitigated"), "mitigated", r.Timezone)
	r.Resolved = d.moment(m.Get("resolved"), "resolved", r.Timezone)
	r.Impact = d.markdown(m.Get("impact"), "impact")
	r.Summary = d.markdown(m.Get("summary"), "summary")
	r.Terms = map[string][]Ident{}
	r.Services = d.terms(m.Get("services"), "services", r.Terms)
	r.Teams = d.terms(m.Get("teams"), "teams", r.Terms)
	r.Tags = d.terms(m.Get("tags"), "tags", r.Terms)
	for _, n := range d.Seq(m.Get("links"), "links") {
		if l := d.link(n, true); l != nil {
			r.Links = append(r.Links, l)
		}
	}
	r.Author, _ = d.String(m.Get("author"), "author")
	r.Shadow, _ = d.String(m.Get("shadow"), "shadow")
	r.Mentor, _ = d.String(m.Get("mentor"), "mentor")
	r.DraftDue = d.date(m.Get("draft_due"), "draft_due")
	if n := m.Get("review"); n != nil {
		r.Review = d.review(n)
	}
	d.timeline(m.Get("timeline"), r)
	if n := m.Get("analysis"); n != nil {
		d.analysis(n, &r.Analysis)
	}
	r.RecommendationsWritten = m.Has("recommendations")
	for _, n := range d.Seq(m.Get("recommendations"), "recommendations") {
		if rec := d.recommendation(n); rec != nil {
			r.Recommendations = append(r.Recommendations, rec)
		}
	}
	r.NoRecommendationsReason = d.markdown(m.Get("no_recommendations_reason"), "no_recommendations_reason")
	r.Link()
	return r, fs
}

// terms reads a taxonomy's values and records each with its position.
func (d decoder) terms(n *yaml.Node, kind string, into map[string][]Ident) []string {
	values, nodes := d.Strings(n, kind)
	for i, v := range values {
		into[kind] = append(into[kind], Ident{v, d.Pos(nodes[i])})
	}
	return values
}

// link reads a URL, or with titled a {title, url} mapping too; whether the
// URL is one the site links is check's rule.
func (d decoder) link(n *yaml.Node, titled bool) *Link {
	if titled && n.Kind == yaml.MappingNode {
		m, ok := d.Map(n, Keys.Link.What, Keys.Link.Keys...)
		if !ok {
			return nil
		}
		d.Require(m, d.Pos(n), Keys.Link.What, Keys.Link.Required...)
		l := &Link{Pos: d.Pos(n)}
		l.Title, _ = d.String(m.Get("title"), "title")
		if u := m.Get("url"); u != nil {
			l.URL, _ = d.String(u, "url")
			l.Pos = d.Pos(u)
		}
		return l
	}
	what := "link"
	if !titled {
		what = "refs entry"
	}
	if n.Kind != yaml.ScalarNode && titled {
		d.Findings.Errorf(d.Pos(n), "type", "a link is a URL or {title, url}").Hint = "write - https://… or - {title: Public post, url: https://…}"
		return nil
	}
	s, ok := d.String(n, what)
	if !ok {
		return nil
	}
	return &Link{URL: s, Pos: d.Pos(n)}
}

func (d decoder) markdown(n *yaml.Node, what string) Markdown {
	s, ok := d.String(n, what)
	if !ok {
		return Markdown{}
	}
	m := Markdown{Src: s, Pos: d.valuePos(n)}
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		m.Pos.Col++ // the text starts after the quote
	}
	m.lines = d.lineStarts(n, s)
	return m
}

// lineStarts follows a scalar that spans lines through the file, line by
// line, and records where each line's text starts in s. It stops where it
// loses the thread (an escape in a quoted scalar), so positions after that
// fall on the last line it found.
func (d decoder) lineStarts(n *yaml.Node, s string) []lineStart {
	block := n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	if !block && (n.Line < 1 || n.Line > len(d.lines) || len(d.lines[n.Line-1]) >= n.Column-1+len(s)) {
		return nil // on one line: PosAt counts from the value's column
	}
	var out []lineStart
	line, col := n.Line, n.Column
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		col++
	}
	if block {
		line, col = n.Line+1, 0
	}
	cursor, gap := 0, 0
	for ; line <= len(d.lines) && cursor < len(s); line, col = line+1, 0 {
		raw := strings.TrimRight(d.lines[line-1], "\r")
		c := col
		if c == 0 {
			c = len(raw) - len(strings.TrimLeft(raw, " \t")) + 1
		}
		if c-1 > len(raw) {
			break
		}
		content := strings.TrimRight(raw[c-1:], " \t")
		if content == "" {
			gap++
			continue
		}
		// The line's text follows what came before, past the space or
		// newlines that folding or blank lines put between them.
		rest := s[cursor:]
		probe := content[:min(len(content), 8)]
		i := strings.Index(rest[:min(len(rest), gap+c+2+len(probe))], probe)
		if k := commonPrefix(rest[max(i, 0):], content); i < 0 || k == 0 {
			break
		} else {
			out = append(out, lineStart{Off: cursor + i, Line: line, Col: c})
			cursor += i + k
		}
		gap = 0
	}
	return out
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// valuePos is where a scalar's text starts: block scalars (| and >) start on
// the line after their indicator.
func (d decoder) valuePos(n *yaml.Node) source.Pos {
	p := d.Pos(n)
	if n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		p.Line++
		p.Col = 1
	}
	return p
}

func (d decoder) date(n *yaml.Node, what string) Date {
	s, ok := d.String(n, what)
	if !ok {
		return Date{}
	}
	date, err := ParseDate(s)
	if err != nil {
		d.Findings.Errorf(d.Pos(n), "date", "%s: %v", what, err)
	}
	return date
}

func (d decoder) moment(n *yaml.Node, what string, loc *time.Location) Moment {
	s, ok := d.String(n, what)
	if !ok {
		return Moment{}
	}
	if bareDate.MatchString(s) {
		// A date alone: which statuses may say so is check's rule.
		date, err := ParseDate(s)
		if err != nil {
			d.Findings.Errorf(d.Pos(n), "time", "%s: %v", what, err)
			return Moment{Pos: d.Pos(n)}
		}
		return Moment{Time: date.Time(loc), Pos: d.Pos(n), Set: true, DateOnly: true}
	}
	t, err := ParseInstant(s, loc)
	if err != nil {
		d.Findings.Errorf(d.Pos(n), "time", "%s: %v", what, err)
		return Moment{Pos: d.Pos(n)}
	}
	return Moment{Time: t, Pos: d.Pos(n), Set: true}
}

func (d decoder) review(n *yaml.Node) *ReviewBlock {
	m, ok := d.Map(n, Keys.Review.What, Keys.Review.Keys...)
	if !ok {
		return nil
	}
	rv := &ReviewBlock{Pos: d.Pos(n)}
	rv.Reviewers, _ = d.Strings(m.Get("reviewers"), "reviewers")
	rv.Meeting = d.date(m.Get("meeting"), "meeting")
	rv.Presenter, _ = d.String(m.Get("presenter"), "presenter")
	rv.Moderator, _ = d.String(m.Get("moderator"), "moderator")
	rv.NoteTaker, _ = d.String(m.Get("note_taker"), "note_taker")
	rv.Notes = d.markdown(m.Get("notes"), "notes")
	rv.Finalized = d.date(m.Get("finalized"), "finalized")
	if f := m.Get("finalized"); f != nil {
		rv.FinalizedPos = d.Pos(f)
	}
	rv.FinalizedWritten = m.Get("finalized") != nil
	return rv
}

// timeline reads the entries. A time alone takes the date of the entry
// above (of `started` for the first); whether times go forward is check's.
func (d decoder) timeline(n *yaml.Node, r *Retrospective) {
	var prev time.Time
	if r.Started.Set {
		prev = r.Started.Time
	}
	for _, item := range d.Seq(n, "timeline") {
		m, ok := d.Map(item, Keys.TimelineEntry.What, Keys.TimelineEntry.Keys...)
		if !ok {
			continue
		}
		d.Require(m, d.Pos(item), Keys.TimelineEntry.What, Keys.TimelineEntry.Required...)
		e := &TimelineEntry{Pos: d.Pos(item), Event: d.markdown(m.Get("event"), "event")}
		for _, rn := range d.Seq(m.Get("refs"), "refs") {
			if l := d.link(rn, false); l != nil {
				e.Refs = append(e.Refs, l)
			}
		}
		if at := m.Get("at"); at != nil {
			e.Pos = d.Pos(at)
			if s, ok := d.String(at, "at"); ok {
				if c, isClock := ParseClock(s); isClock {
					e.TimeOnly = true
					if prev.IsZero() {
						d.Findings.Errorf(e.Pos, "time", "at: %q has no date to take", s).Hint = "write the first entry with its full date, YYYY-MM-DD HH:MM"
					} else if t, err := Local(prev.Year(), prev.Month(), prev.Day(), c, r.Timezone); err != nil {
						d.Findings.Errorf(e.Pos, "time", "at: %v", err)
					} else {
						e.At = t
					}
				} else if t, err := ParseInstant(s, r.Timezone); err != nil {
					d.Findings.Errorf(e.Pos, "time", "at: %v", err).Hint = "write YYYY-MM-DD HH:MM[:SS], or HH:MM[:SS] for the date of the entry above"
				} else {
					e.At = t
				}
			}
		}
		if !e.At.IsZero() {
			prev = e.At
		}
		r.Timeline = append(r.Timeline, e)
	}
}

func (d decoder) analysis(n *yaml.Node, a *Analysis) {
	m, ok := d.Map(n, Keys.Analysis.What, Keys.Analysis.Keys...)
	if !ok {
		return
	}
	a.Pos = d.Pos(n)
	a.System = d.markdown(m.Get("system"), "system")
	a.Environment = d.markdown(m.Get("environment"), "environment")
	for _, n := range d.Seq(m.Get("safety_controls"), "safety_controls") {
		im, ok := d.Map(n, Keys.SafetyControl.What, Keys.SafetyControl.Keys...)
		if !ok {
			continue
		}
		d.Require(im, d.Pos(n), Keys.SafetyControl.What, Keys.SafetyControl.Required...)
		c := &SafetyControl{item: d.item(im, n)}
		c.Name = d.markdown(im.Get("name"), "name")
		c.Purpose = d.markdown(im.Get("purpose"), "purpose")
		c.Failure = d.markdown(im.Get("failure"), "failure")
		c.FailureSet = !c.Failure.IsZero()
		a.SafetyControls = append(a.SafetyControls, c)
	}
	for _, n := range d.Seq(m.Get("systemic_problems"), "systemic_problems") {
		im, ok := d.Map(n, Keys.SystemicProblem.What, Keys.SystemicProblem.Keys...)
		if !ok {
			continue
		}
		d.Require(im, d.Pos(n), Keys.SystemicProblem.What, Keys.SystemicProblem.Required...)
		p := &SystemicProblem{item: d.item(im, n)}
		p.Problem = d.markdown(im.Get("problem"), "problem")
		if c := im.Get("category"); c != nil {
			p.Category, _ = d.String(c, "category")
			p.CategoryPos = d.Pos(c)
		}
		if rn := im.Get("recurs"); rn != nil {
			p.Recurs.Value, _ = d.String(rn, "recurs")
			p.Recurs.Pos = d.Pos(rn)
		}
		a.SystemicProblems = append(a.SystemicProblems, p)
	}
	for _, n := range d.Seq(m.Get("missing_controls"), "missing_controls") {
		im, ok := d.Map(n, Keys.MissingControl.What, Keys.MissingControl.Keys...)
		if !ok {
			continue
		}
		d.Require(im, d.Pos(n), Keys.MissingControl.What, Keys.MissingControl.Required...)
		mc := &MissingControl{item: d.item(im, n)}
		mc.Control = d.markdown(im.Get("control"), "control")
		a.MissingControls = append(a.MissingControls, mc)
	}
}

func (d decoder) item(m source.Mapping, n *yaml.Node) item {
	it := item{Pos: d.Pos(n)}
	if idn := m.Get("id"); idn != nil {
		it.ID, _ = d.String(idn, "id")
		it.Pos = d.Pos(idn)
	}
	return it
}

func (d decoder) recommendation(n *yaml.Node) *Recommendation {
	m, ok := d.Map(n, Keys.Recommendation.What, Keys.Recommendation.Keys...)
	if !ok {
		return nil
	}
	d.Require(m, d.Pos(n), Keys.Recommendation.What, Keys.Recommendation.Required...)
	rec := &Recommendation{Pos: d.Pos(n), IDPos: d.Pos(n), StatusPos: d.Pos(n), TicketPos: d.Pos(n)}
	if idn := m.Get("id"); idn != nil {
		rec.ID, _ = d.String(idn, "id")
		rec.IDPos = d.Pos(idn)
	}
	rec.Title = d.markdown(m.Get("title"), "title")
	_, nodes := d.Strings(m.Get("addresses"), "addresses")
	for _, a := range nodes {
		rec.Addresses = append(rec.Addresses, Ident{a.Value, d.Pos(a)})
	}
	if k := m.Get("kind"); k != nil {
		rec.Kind, _ = d.Enum(k, "kind", RecommendationKinds...)
	}
	if b := m.Get("better"); b != nil {
		rec.Better, _ = d.Enum(b, "better", Betters...)
	}
	if t := m.Get("ticket"); t != nil {
		rec.Ticket, _ = d.String(t, "ticket")
		rec.TicketPos = d.Pos(t)
	}
	if t := m.Get("tracking"); t != nil {
		rec.Tracking, _ = d.String(t, "tracking")
		rec.TrackingPos = d.Pos(t)
	}
	rec.Priority, _ = d.String(m.Get("priority"), "priority")
	if s := m.Get("status"); s != nil {
		rec.Status, _ = d.Enum(s, "status", RecommendationStatuses...)
		rec.StatusPos = d.Pos(s)
	}
	rec.Due = d.date(m.Get("due"), "due")
	rec.DoneWhen = d.markdown(m.Get("done_when"), "done_when")
	rec.DroppedReason = d.markdown(m.Get("dropped_reason"), "dropped_reason")
	for _, hn := range d.Seq(m.Get("history"), "history") {
		hm, ok := d.Map(hn, Keys.HistoryEntry.What, Keys.HistoryEntry.Keys...)
		if !ok {
			continue
		}
		d.Require(hm, d.Pos(hn), Keys.HistoryEntry.What, Keys.HistoryEntry.Required...)
		h := &HistoryEntry{Pos: d.Pos(hn)}
		if on := hm.Get("on"); on != nil {
			h.Pos = d.Pos(on)
			h.On = d.date(on, "on")
		}
		h.Status, _ = d.Enum(hm.Get("status"), "status", RecommendationStatuses...)
		h.Note = d.markdown(hm.Get("note"), "note")
		rec.History = append(rec.History, h)
	}
	return rec
}
