package gen

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Layouts of the times and dates written into front matter (SPEC: Time).
const (
	layoutMinute  = "2006-01-02 15:04"
	layoutSecond  = "2006-01-02 15:04:05"
	layoutDate    = "2006-01-02"
	layoutRFC3339 = "2006-01-02T15:04:05-07:00" // numeric offset even for UTC
)

// render writes the retrospective as front matter plus body. YAML is emitted
// by hand rather than with yaml.Marshal so the files look like what people
// write (flow lists, folded summaries, unquoted dates, bare "HH:MM" times
// quoted) and so generation of large archives stays fast.
func (d *retroDoc) render() []byte {
	var y yamlWriter
	y.b.Grow(8192)
	y.b.WriteString("---\n")
	y.str(0, "title", d.title)
	if d.explicitID {
		y.raw(0, "id", d.id)
	}
	if len(d.aliases) > 0 {
		y.list(0, "aliases", d.aliases)
	}
	y.raw(0, "status", d.status)
	if d.kind != "incident" || d.explicitKind {
		y.raw(0, "kind", d.kind)
	}
	y.raw(0, "severity", d.severity)
	if d.zone != "UTC" || d.explicitZone {
		y.raw(0, "timezone", d.zone)
	}
	y.time(0, "started", d.started)
	y.time(0, "detected", d.detected)
	y.time(0, "mitigated", d.mitigated)
	y.time(0, "resolved", d.resolved)
	y.str(0, "impact", d.impact)
	if d.summary != "" {
		y.folded(0, "summary", d.summary)
	}
	y.list(0, "services", d.services)
	y.list(0, "teams", d.teams)
	y.list(0, "tags", d.tags)
	y.str(0, "author", d.author)
	y.str(0, "shadow", d.shadow)
	y.str(0, "mentor", d.mentor)
	y.date(0, "draft_due", d.draftDue)
	d.renderReview(&y)
	d.renderTimeline(&y)
	d.renderAnalysis(&y)
	d.renderRecs(&y)
	y.b.WriteString("---\n\n")
	y.b.WriteString(d.body)
	return []byte(y.b.String())
}

func (d *retroDoc) renderReview(y *yamlWriter) {
	rv := d.review
	if rv == nil {
		return
	}
	y.key(0, "review")
	y.list(2, "reviewers", rv.reviewers)
	y.date(2, "meeting", rv.meeting)
	y.str(2, "presenter", rv.presenter)
	y.str(2, "moderator", rv.moderator)
	y.str(2, "note_taker", rv.noteTkr)
	if rv.notes != "" {
		y.literal(2, "notes", rv.notes)
	}
	y.date(2, "finalized", rv.finalized)
}

func (d *retroDoc) renderTimeline(y *yamlWriter) {
	y.key(0, "timeline")
	for _, e := range d.timeline {
		y.item(2)
		y.b.WriteString("at: ")
		y.b.WriteString(e.formatAt())
		y.b.WriteByte('\n')
		y.str(4, "event", e.event)
		if len(e.refs) > 0 {
			y.list(4, "refs", e.refs)
		}
	}
}

// formatAt spells the entry in its chosen form. Bare times are quoted as in
// SPEC's example; RFC 3339 is quoted so YAML keeps it a string.
func (e entry) formatAt() string {
	switch e.form {
	case formTime:
		if e.seconds {
			return strconv.Quote(e.at.Format("15:04:05"))
		}
		return strconv.Quote(e.at.Format("15:04"))
	case formRFC3339:
		return strconv.Quote(e.at.Format(layoutRFC3339))
	}
	if e.seconds {
		return e.at.Format(layoutSecond)
	}
	return e.at.Format(layoutMinute)
}

func (d *retroDoc) renderAnalysis(y *yamlWriter) {
	y.key(0, "analysis")
	y.str(2, "system", d.system)
	y.str(2, "environment", d.environment)
	y.key(2, "safety_controls")
	for _, c := range d.controls {
		y.item(4)
		y.raw(0, "id", c.id)
		y.str(6, "name", c.name)
		y.str(6, "purpose", c.purpose)
		y.str(6, "failure", c.failure)
	}
	y.key(2, "systemic_problems")
	for _, p := range d.problems {
		y.item(4)
		y.raw(0, "id", p.id)
		y.str(6, "problem", p.text)
		y.raw(6, "category", p.category)
	}
	y.key(2, "missing_controls")
	for _, m := range d.missing {
		y.item(4)
		y.raw(0, "id", m.id)
		y.str(6, "control", m.text)
	}
}

func (d *retroDoc) renderRecs(y *yamlWriter) {
	if len(d.recs) == 0 {
		y.b.WriteString("recommendations: []\n")
		y.str(0, "no_recommendations_reason", d.noRecsReason)
		return
	}
	y.key(0, "recommendations")
	for _, rc := range d.recs {
		y.item(2)
		y.raw(0, "id", rc.id)
		y.str(4, "title", rc.title)
		y.list(4, "addresses", rc.addresses)
		y.raw(4, "kind", rc.kind)
		y.raw(4, "better", rc.better)
		y.str(4, "ticket", rc.ticket)
		y.str(4, "tracking", rc.tracking)
		y.str(4, "priority", rc.priority)
		y.raw(4, "status", rc.status)
		y.date(4, "due", rc.due)
		y.str(4, "done_when", rc.doneWhen)
		y.str(4, "dropped_reason", rc.droppedReason)
		if len(rc.history) > 0 {
			y.key(4, "history")
			for _, h := range rc.history {
				y.history(6, h)
			}
		}
	}
}

// yamlWriter appends block-style YAML. Methods taking a value skip empty
// ones, which is how optional keys are left out.
type yamlWriter struct{ b strings.Builder }

func (y *yamlWriter) indent(n int) {
	for range n {
		y.b.WriteByte(' ')
	}
}

// key opens a nested mapping or sequence.
func (y *yamlWriter) key(ind int, k string) {
	y.indent(ind)
	y.b.WriteString(k)
	y.b.WriteString(":\n")
}

// item starts a sequence entry; the caller writes its first key with
// indent 0 so it sits on the dash's line.
func (y *yamlWriter) item(ind int) {
	y.indent(ind)
	y.b.WriteString("- ")
}

// raw writes a value known to be a plain YAML scalar (ids, enums).
func (y *yamlWriter) raw(ind int, k, v string) {
	if v == "" {
		return
	}
	y.indent(ind)
	y.b.WriteString(k)
	y.b.WriteString(": ")
	y.b.WriteString(v)
	y.b.WriteByte('\n')
}

// str writes free text, quoting it only when a plain scalar would change
// its meaning.
func (y *yamlWriter) str(ind int, k, v string) {
	if v != "" {
		y.raw(ind, k, scalar(v, false))
	}
}

func (y *yamlWriter) time(ind int, k string, t time.Time) {
	if !t.IsZero() {
		y.raw(ind, k, t.Format(layoutMinute))
	}
}

func (y *yamlWriter) date(ind int, k string, t time.Time) {
	if !t.IsZero() {
		y.raw(ind, k, t.Format(layoutDate))
	}
}

func (y *yamlWriter) list(ind int, k string, vs []string) {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = scalar(v, true)
	}
	y.raw(ind, k, "["+strings.Join(q, ", ")+"]")
}

// folded writes a `>` block wrapped near 80 columns, like SPEC's summary.
func (y *yamlWriter) folded(ind int, k, v string) {
	y.indent(ind)
	y.b.WriteString(k)
	y.b.WriteString(": >\n")
	col := 0
	for i, w := range strings.Fields(v) {
		switch {
		case i == 0:
			y.indent(ind + 2)
			col = ind + 2
		case col+1+len(w) > 80:
			y.b.WriteByte('\n')
			y.indent(ind + 2)
			col = ind + 2
		default:
			y.b.WriteByte(' ')
			col++
		}
		y.b.WriteString(w)
		col += len(w)
	}
	y.b.WriteByte('\n')
}

// literal writes a `|` block; used for block Markdown such as review notes.
func (y *yamlWriter) literal(ind int, k, v string) {
	y.indent(ind)
	y.b.WriteString(k)
	y.b.WriteString(": |\n")
	for _, l := range strings.Split(strings.TrimRight(v, "\n"), "\n") {
		y.indent(ind + 2)
		y.b.WriteString(l)
		y.b.WriteByte('\n')
	}
}

// history writes one entry in SPEC's flow style when the note allows it,
// and in block style otherwise (a comma would end the flow value).
func (y *yamlWriter) history(ind int, h historyDoc) {
	y.item(ind)
	on := h.on.Format(layoutDate)
	if h.note == "" || plainOK(h.note, true) {
		fmt.Fprintf(&y.b, "{on: %s, status: %s", on, h.status)
		if h.note != "" {
			fmt.Fprintf(&y.b, ", note: %s", h.note)
		}
		y.b.WriteString("}\n")
		return
	}
	y.raw(0, "on", on)
	y.raw(ind+2, "status", h.status)
	y.str(ind+2, "note", h.note)
}

// scalar returns v as a plain scalar when that is safe, else double-quoted.
func scalar(v string, flow bool) string {
	if plainOK(v, flow) {
		return v
	}
	return strconv.Quote(v)
}

// plainOK reports whether v can be written as a plain YAML scalar and still
// read back as the same string.
func plainOK(v string, flow bool) bool {
	if v == "" || v != strings.TrimSpace(v) || strings.ContainsAny(v, "\n\t\\") {
		return false
	}
	if strings.ContainsRune("-?:,[]{}#&*!|>'\"%@`", rune(v[0])) {
		return false
	}
	if strings.Contains(v, ": ") || strings.Contains(v, " #") || strings.HasSuffix(v, ":") {
		return false
	}
	if flow && strings.ContainsAny(v, ",[]{}") {
		return false
	}
	switch strings.ToLower(v) {
	case "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~":
		return false
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return false
	}
	if len(v) >= 10 && v[4] == '-' && v[7] == '-' && isDigits(v[:4]) {
		return false // would resolve as a timestamp
	}
	return true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
