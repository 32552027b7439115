// Package importer turns free-form Markdown post-mortems into
// retrospectives: it maps what a write-up says (title, dates, zone,
// timeline, summary, impact, action items, other tools' front matter) into
// the front matter, keeps every other word in the body, and says per file
// what it mapped, what it guessed and from where, and what it left.
package importer

import (
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"retro/internal/config"
	"retro/internal/retro"
)

// Note is one thing the importer did with a file, and the line it read.
type Note struct {
	Field  string `json:"field"`
	Line   int    `json:"line,omitempty"`
	Detail string `json:"detail"`
}

// FileReport is what the importer did with one file.
type FileReport struct {
	Source          string   `json:"source"`
	Output          string   `json:"output,omitempty"`
	Written         bool     `json:"written"`
	NotWritten      string   `json:"not_written,omitempty"`
	Mapped          []Note   `json:"mapped"`
	Guessed         []Note   `json:"guessed"`
	LeftInBody      []string `json:"left_in_body"`
	TimelineEntries int      `json:"timeline_entries"`
	Recommendations int      `json:"recommendations"`
	Attachments     []string `json:"attachments"`
}

// newReport has empty lists rather than none, so that the JSON report
// always holds arrays.
func newReport(source string) FileReport {
	return FileReport{Source: source, Mapped: []Note{}, Guessed: []Note{}, LeftInBody: []string{}, Attachments: []string{}}
}

// Options say how to write what is read.
type Options struct {
	Status string       // draft or legacy
	Site   *config.Site // default zone, severities
	Now    time.Time    // for a year pinned by a weekday
	// ValidTicket says which ticket forms to write; others stay in the
	// text. Nil asks check, with the site's configuration.
	ValidTicket func(string) bool
}

// Input is one write-up.
type Input struct {
	Path  string // as shown in the report
	Name  string // the file (or bundle folder) name, without extension
	Data  []byte
	Files fs.FS  // where its relative links resolve; nil for none
	Dir   string // the file's folder within Files
}

// Attachment is a file a write-up links to, copied into its bundle.
type Attachment struct {
	From string // path within Input.Files
	To   string // name within the bundle
}

// Result is a converted write-up; Text is nil when it cannot be written.
type Result struct {
	Report      FileReport
	ID          string
	Text        []byte
	Attachments []Attachment
}

const (
	Draft  = "draft"
	Legacy = "legacy"
)

// Convert reads one write-up. It never fails: what it cannot read stays in
// the body, and a write-up with no date is not written (Report.NotWritten).
func Convert(in Input, opts Options) Result {
	c := newConv(in, opts)
	if !c.read() {
		return Result{Report: c.rep}
	}
	return c.write()
}

func newConv(in Input, opts Options) *conv {
	if opts.ValidTicket == nil {
		opts.ValidTicket = ticketChecker(opts.Site)
	}
	return &conv{in: in, opts: opts, rep: newReport(in.Path), rules: rulesFor(opts.Status, opts.Site)}
}

type conv struct {
	in    Input
	opts  Options
	rep   FileReport
	rules rules

	fm       *yaml.Node // the other tool's front matter
	fmKeys   map[string]*yaml.Node
	fmUsed   map[string]bool
	secs     []*section
	titleSec *section
	used     map[int]bool      // body lines that went into the front matter
	leftWhy  map[string]string // why a section the front matter could take stayed in the body
	removed  map[int]bool      // "Summary: ..." lines that went into the front matter

	title, summary, impact, severity, author string
	aliases, links, tags, services, teams    []string
	zone                                     *zoneCtx
	entries                                  []entry
	started, resolved                        string
	actions                                  []action
}

func (c *conv) mapped(field string, line int, format string, args ...any) {
	c.rep.Mapped = append(c.rep.Mapped, Note{field, line, fmt.Sprintf(format, args...)})
}

func (c *conv) guessed(field string, line int, format string, args ...any) {
	c.rep.Guessed = append(c.rep.Guessed, Note{field, line, fmt.Sprintf(format, args...)})
}

// read maps what the write-up says; false when it cannot be written.
func (c *conv) read() bool {
	body, bodyLine := c.frontMatter()
	c.secs = splitSections(body, bodyLine)
	c.used, c.leftWhy, c.removed = map[int]bool{}, map[string]string{}, map[int]bool{}
	for _, s := range c.secs {
		s.kind = kindOf(s.title)
	}
	c.readTitle()
	c.readZoneAndYear()
	c.readTimeline()
	if !c.readStarted() {
		return false
	}
	c.readProse("summary", &c.summary)
	c.readProse("impact", &c.impact)
	c.readSeverity()
	c.readActions()
	c.readForeignRest()
	c.readLabels()
	c.readSourceLines()
	return true
}

// write lays out the retrospective: front matter, then the body.
func (c *conv) write() Result {
	id := c.id()
	text, atts := c.body()
	front := c.frontYAML(id)
	var out bytes.Buffer
	out.WriteString("---\n")
	out.Write(front)
	out.WriteString("---\n")
	if len(text) > 0 {
		out.WriteString("\n")
		out.Write(text)
	}
	return Result{Report: c.rep, ID: id, Text: out.Bytes(), Attachments: atts}
}

// frontMatter splits another tool's YAML front matter off the file.
func (c *conv) frontMatter() (string, int) {
	data := c.in.Data
	if !utf8.Valid(data) {
		// Old write-ups are often in Windows-1252: read as such, every word
		// stays; a site holds only UTF-8.
		data = fromWindows1252(data)
		c.guessed("encoding", 0, "the file is not UTF-8: read as Windows-1252 (Latin-1) and written as UTF-8")
	}
	s := strings.TrimPrefix(string(data), "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	c.fmKeys, c.fmUsed = map[string]*yaml.Node{}, map[string]bool{}
	if strings.HasPrefix(s, "+++\n") {
		return c.tomlFrontMatter(s)
	}
	if !strings.HasPrefix(s, "---\n") {
		return s, 1
	}
	rest := s[4:]
	end := -1
	for off := 0; off < len(rest); {
		nl := strings.IndexByte(rest[off:], '\n')
		var l string
		if nl < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+nl]
		}
		if t := strings.TrimRight(l, " \t"); t == "---" || t == "..." {
			end = off
			break
		}
		if nl < 0 {
			break
		}
		off += nl + 1
	}
	if end < 0 {
		return s, 1
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(rest[:end]), &doc); err != nil || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		c.guessed("front matter", 1, "the file's front matter is not a YAML mapping: kept in the body as written")
		return s, 1
	}
	c.fm = doc.Content[0]
	for i := 0; i+1 < len(c.fm.Content); i += 2 {
		c.fmKeys[strings.ToLower(c.fm.Content[i].Value)] = c.fm.Content[i+1]
	}
	after := rest[end:]
	nl := strings.IndexByte(after, '\n')
	bodyStart := 4 + end
	if nl >= 0 {
		bodyStart += nl + 1
	} else {
		bodyStart = len(s)
	}
	return s[bodyStart:], strings.Count(s[:bodyStart], "\n") + 1
}

var tomlLine = regexp.MustCompile(`^([A-Za-z0-9_-]+)\s*=\s*(.+?)\s*$`)

// tomlFrontMatter reads Hugo's +++ front matter: the simple key = value
// lines that hold a title, dates, strings and lists of strings. Anything
// else (tables, multi-line values) stays in the body as written.
func (c *conv) tomlFrontMatter(s string) (string, int) {
	lines := strings.Split(s, "\n")
	m := &yaml.Node{Kind: yaml.MappingNode}
	str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
	for i := 1; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "+++" {
			c.fm = m
			for j := 0; j+1 < len(m.Content); j += 2 {
				c.fmKeys[strings.ToLower(m.Content[j].Value)] = m.Content[j+1]
			}
			rest := strings.Join(lines[i+1:], "\n")
			return rest, i + 2
		}
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		mm := tomlLine.FindStringSubmatch(l)
		if mm == nil {
			return s, 1
		}
		v := mm[2]
		var node *yaml.Node
		switch {
		case strings.HasPrefix(v, "["):
			node = &yaml.Node{Kind: yaml.SequenceNode, Line: i}
			for _, it := range strings.Split(strings.Trim(v, "[]"), ",") {
				if it = strings.Trim(strings.TrimSpace(it), `"'`); it != "" {
					node.Content = append(node.Content, str(it))
				}
			}
		default:
			node = str(strings.Trim(v, `"'`))
		}
		node.Line = i // the key's file line is i+1; fmString adds the 1
		k := str(mm[1])
		m.Content = append(m.Content, k, node)
	}
	return s, 1
}

// fmString returns a front matter key's text (a list joined with ", ").
func (c *conv) fmString(keys ...string) (string, string, int) {
	for _, k := range keys {
		n := c.fmKeys[k]
		if n == nil {
			continue
		}
		c.fmUsed[k] = true
		switch n.Kind {
		case yaml.ScalarNode:
			return strings.TrimSpace(n.Value), k, n.Line + 1
		case yaml.SequenceNode:
			var parts []string
			for _, it := range n.Content {
				if it.Kind == yaml.ScalarNode {
					parts = append(parts, it.Value)
				} else if it.Kind == yaml.MappingNode {
					for j := 0; j+1 < len(it.Content); j += 2 {
						if it.Content[j].Value == "name" {
							parts = append(parts, it.Content[j+1].Value)
						}
					}
				}
			}
			return strings.Join(parts, ", "), k, n.Line + 1
		}
		c.fmUsed[k] = false
	}
	return "", "", 0
}

func (c *conv) fmList(key string) ([]string, int) {
	n := c.fmKeys[key]
	if n == nil {
		return nil, 0
	}
	var out []string
	switch n.Kind {
	case yaml.ScalarNode:
		for _, p := range strings.Split(n.Value, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	case yaml.SequenceNode:
		for _, it := range n.Content {
			if it.Kind != yaml.ScalarNode {
				return nil, 0
			}
			out = append(out, it.Value)
		}
	default:
		return nil, 0
	}
	c.fmUsed[key] = len(out) > 0
	return out, n.Line + 1
}

func (c *conv) readTitle() {
	if t, k, ln := c.fmString("title"); t != "" {
		c.title = t
		c.mapped("title", ln, "from front matter %s", k)
	}
	for _, s := range c.secs[1:] {
		if s.level != 1 {
			break
		}
		if c.title == "" || strings.EqualFold(stripEmphasis(s.title), c.title) {
			c.titleSec = s
			if c.title == "" {
				c.title = stripEmphasis(s.title)
				c.mapped("title", s.num, "from the first heading")
			}
		}
		break
	}
	if c.title == "" && !meaningfulName(c.in.Name) {
		// No title, no heading and a file name such as a uuid: the first
		// sentence says what happened.
		c.titleFromText()
	}
	if c.title == "" {
		c.title = c.in.Name
		c.guessed("title", 0, "no title in the file: the file name %q", c.in.Name)
	}
}

func (c *conv) titleFromText() {
	for _, s := range c.secs {
		for _, l := range s.lines {
			t := strings.TrimSpace(l.text)
			if t == "" || l.code || strings.HasPrefix(t, "|") || strings.HasPrefix(t, "<") || strings.HasPrefix(t, "!") ||
				sourceLine.MatchString(t) || onlyURL.MatchString(t) || labelLine.MatchString(t) {
				continue
			}
			if sent := plainText(sentences(t)[0]); sent != "" {
				c.title = shorten(sent, 120)
				c.guessed("title", l.num, "no title in the file: the first sentence")
				return
			}
		}
	}
}

var strongNote = regexp.MustCompile(`(?i)^[\s*_>(\[-]*(?:all\s+)?(?:times?|timestamps?|dates and times)\b`)

var nameWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// meaningfulName says whether a file name reads as words, not as a date,
// a number or a uuid.
func meaningfulName(name string) bool {
	rest := datedName.ReplaceAllString(name, "")
	n := 0
	for _, w := range nameWord.FindAllString(rest, -1) {
		if strings.Trim(strings.ToLower(w), "abcdef") != "" {
			n++
		}
	}
	return n > 0
}

var mdLink = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)

// plainText is a line of Markdown as plain text: link texts, no emphasis.
func plainText(s string) string {
	s = mdLink.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("**", "", "__", "", "`", "", "*", "").Replace(s)
	return strings.TrimSpace(strings.TrimLeft(listMarker.ReplaceAllString(s, ""), "#> "))
}

// shorten cuts s at a word boundary to at most n bytes, marking the cut.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := strings.LastIndexByte(s[:n], ' ')
	if cut <= 0 {
		cut = n
	}
	return strings.TrimRight(s[:cut], " ,;:") + "…"
}

var titleYear = regexp.MustCompile(`\b(?:19|20)\d{2}\b`)

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// readZoneAndYear finds the zone the times are in and the year (and date)
// of entries written without them.
func (c *conv) readZoneAndYear() {
	z := &zoneCtx{loc: c.opts.Site.Timezone, name: c.opts.Site.TimezoneName, now: c.opts.Now}
	c.zone = z
	// The date: front matter, title, file name, then the first one in the text.
	type cand struct {
		text, from string
		line       int
	}
	var cands []cand
	if v, k, ln := c.fmString(append(startKeys, publishKeys...)...); v != "" {
		cands = append(cands, cand{v, "front matter " + k, ln})
	}
	cands = append(cands, cand{c.title, "the title", 0})
	cands = append(cands, cand{c.in.Name, "the file name", 0})
	for _, s := range c.secs {
		cands = append(cands, cand{s.title, "the heading at line " + fmt.Sprint(s.num), s.num})
		for _, l := range s.lines {
			if !l.code {
				cands = append(cands, cand{l.text, fmt.Sprintf("line %d", l.num), l.num})
			}
		}
	}
	for _, cd := range cands {
		for _, d := range findDates(cd.text) {
			if d.hasYear && z.year == 0 {
				z.year, z.yearFrom = d.year, cd.from
			}
			if !z.date.hasDate && (d.hasYear || z.year != 0) {
				if !d.hasYear {
					d.year, d.hasYear = z.year, true
				}
				z.date = d
				z.date.text = cd.from
			}
		}
		if z.year != 0 && z.date.hasDate {
			break
		}
	}
	if z.year == 0 {
		// "Multiple outages (October 2025)": a year alone in the title.
		if m := titleYear.FindString(c.title); m != "" {
			z.year, z.yearFrom = atoi(m), "the title"
		}
	}
	// The zone: front matter, a note in the timeline, the zone most entries
	// give, a note anywhere.
	note, noteLine, from := "", 0, ""
	if v, k, ln := c.fmString("timezone", "tz", "time_zone"); v != "" {
		if _, err := time.LoadLocation(v); err == nil && v != "Local" {
			z.loc, z.name = mustLoad(v), v
			c.mapped("timezone", ln, "%s from front matter %s", v, k)
			return
		}
		note, noteLine, from = v, ln, "front matter "+k
	}
	if note == "" {
		for i, s := range c.secs {
			if s.kind != "timeline" {
				continue
			}
			for _, x := range extent(c.secs, i) {
				if n, ok := zoneNote(x.title); ok {
					note, noteLine, from = n, x.num, "the heading "+quote(x.title)
				}
				for _, l := range x.lines {
					if note != "" {
						break
					}
					if n, ok := zoneNote(l.text); ok {
						note, noteLine, from = n, l.num, quote(strings.TrimSpace(l.text))
						if tableRow.MatchString(l.text) {
							from = "the table's header"
						}
					}
				}
			}
		}
	}
	// A note of its own ("All times in PST") anywhere; a zone named in
	// passing ("screenshots show UTC+2") counts only when nothing else does.
	if note == "" {
		for _, s := range c.secs {
			for _, l := range s.lines {
				if n, ok := zoneNote(l.text); ok && !l.code && note == "" && strongNote.MatchString(l.text) {
					note, noteLine, from = n, l.num, quote(strings.TrimSpace(l.text))
				}
			}
		}
	}
	if note == "" {
		// The zone entries are written with, the commonest.
		count := map[string]int{}
		first := map[string]int{}
		for _, s := range c.secs {
			for _, l := range s.lines {
				if l.code {
					continue
				}
				for _, st := range findStamps(l.text) {
					if st.zone != "" {
						k := strings.ToUpper(st.zone)
						count[k]++
						if first[k] == 0 {
							first[k] = l.num
						}
					}
				}
			}
		}
		best := ""
		for k, n := range count {
			if best == "" || n > count[best] || n == count[best] && first[k] < first[best] {
				best = k
			}
		}
		if best != "" {
			note, noteLine, from = best, first[best], "the zone written with the times"
		}
	}
	if note == "" {
		for _, s := range c.secs {
			for _, l := range s.lines {
				if n, ok := zoneNote(l.text); ok && !l.code && note == "" {
					note, noteLine, from = n, l.num, quote(strings.TrimSpace(l.text))
				}
			}
		}
	}
	if note == "" {
		c.guessed("timezone", 0, "no time zone in the text: times read in the site's zone, %s", z.name)
		return
	}
	zr, ok := readZone(note)
	if !ok {
		c.guessed("timezone", noteLine, "%q from %s is not a zone retro knows: times read in the site's zone, %s", note, from, z.name)
		return
	}
	loc, err := zoneLocation(zr)
	if err != nil || zr.name == "" {
		// An offset of whole minutes has no IANA name: the times are
		// written in UTC.
		zr = zoneReading{name: "UTC", abbr: note, isOffset: true}
		loc = time.UTC
		c.guessed("timezone", noteLine, "%q from %s has no IANA zone: times converted to UTC", note, from)
	}
	z.loc, z.name, z.reading = loc, zr.name, zr
	detail := fmt.Sprintf("%s from %s", zr.name, from)
	if zr.note != "" {
		detail += " (" + zr.note + ")"
	}
	if strings.EqualFold(note, zr.name) {
		c.mapped("timezone", noteLine, "%s", detail)
	} else {
		c.guessed("timezone", noteLine, "%s", detail)
	}
}

func mustLoad(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return l
}

// readTimeline reads the timeline sections, or the prose of the whole
// write-up when they give no entry.
func (c *conv) readTimeline() {
	var raw []rawEntry
	used := map[int]bool{}
	var tlSecs [][]*section
	for i, s := range c.secs {
		if s.kind != "timeline" {
			continue
		}
		ext := extent(c.secs, i)
		tlSecs = append(tlSecs, ext)
		for _, x := range ext {
			if x != s {
				// A heading with a date dates the entries under it.
				if ds := findDates(x.title); len(ds) > 0 {
					raw = append(raw, rawEntry{st: ds[0], num: x.num})
				}
			}
			es, u, _, _ := readTimeline(x.lines)
			raw = append(raw, es...)
			for k := range u {
				used[k] = true
			}
		}
	}
	style := ""
	n := 0
	for _, r := range raw {
		if r.st.hasClock {
			n++
			if style == "" {
				style = r.style
			}
		}
	}
	from := "the timeline section"
	if n == 0 {
		// No structured timeline: each sentence that gives a time is an entry.
		raw, used = nil, map[int]bool{}
		for _, s := range c.secs {
			if s.kind == "actions" {
				continue
			}
			raw = append(raw, proseEntries(s.lines)...)
		}
		style, from = "prose", "sentences that give a time"
	}
	c.zone.dateDoc = c.zone.date.hasDate
	entries, notes := place(raw, c.zone, c.in.Path)
	if style == "prose" {
		entries = dedupe(entries)
	}
	c.rep.Guessed = append(c.rep.Guessed, notes...)
	c.entries = entries
	c.rep.TimelineEntries = len(entries)
	if len(entries) == 0 {
		return
	}
	c.mapped("timeline", entries[0].num, "%d entries (%s) from %s", len(entries), style, from)
	for k := range used {
		c.used[k] = true
	}
	_ = tlSecs
}

func dedupe(es []entry) []entry {
	var out []entry
	seen := map[string]bool{}
	for _, e := range es {
		k := e.at.String() + "\x00" + e.event
		if !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

const (
	layoutMinute = "2006-01-02 15:04"
	layoutSecond = "2006-01-02 15:04:05"
)

func formatAt(t time.Time) string {
	if t.Second() != 0 {
		return t.Format(layoutSecond)
	}
	return t.Format(layoutMinute)
}

// readStarted takes the first timeline entry, or a date and time from the
// front matter, or (for legacy write-ups) a date alone. Without one the
// file is not written.
func (c *conv) readStarted() bool {
	// A start the other tool recorded is the writer's own word; a
	// publishing date is only a last resort.
	if t, k, ln, ok := c.fmInstant(startKeys...); ok {
		c.started = formatAt(t)
		c.mapped("started", ln, "%s from front matter %s", c.started, k)
		if len(c.entries) > 0 && c.entries[0].at.Before(t) {
			c.guessed("started", c.entries[0].num, "the timeline begins before front matter %s: the timeline keeps its entries", k)
		}
		c.readResolved(t)
		return true
	}
	if len(c.entries) > 0 {
		c.started = formatAt(c.entries[0].at)
		c.guessed("started", c.entries[0].num, "%s, the first timeline entry", c.started)
		c.readResolved(c.entries[0].at)
		return true
	}
	if t, k, ln, ok := c.fmInstant(publishKeys...); ok {
		c.started = formatAt(t)
		c.guessed("started", ln, "%s from front matter %s (when it was published: no start in the text)", c.started, k)
		return true
	}
	d := c.zone.date
	if !d.hasDate {
		c.rep.NotWritten = "no date anywhere in the file (front matter, title, file name or text): add one, e.g. a line \"Date: 2024-03-14\", and import it again"
		return false
	}
	day := fmt.Sprintf("%04d-%02d-%02d", d.year, d.month, d.day)
	if !c.rules.bareDate {
		c.rep.NotWritten = fmt.Sprintf("the file gives a date (%s, from %s) but no time of day, and a draft's started needs one: add the time, or import it with --status legacy", day, d.text)
		return false
	}
	c.started = day
	c.guessed("started", 0, "%s from %s (a date alone: no time of day in the text)", day, d.text)
	return true
}

var (
	startKeys   = []string{"start_time", "started", "start", "started_at", "start_date", "incident_date", "incident_start", "began"}
	publishKeys = []string{"date", "published", "created", "pubdate", "publishdate"}
	endKeys     = []string{"end_time", "ended", "end", "ended_at", "end_date", "resolved", "resolved_at", "incident_end"}
)

// fmInstant reads a date and time from the first of keys the front matter
// has: RFC 3339, or a date and time as a person writes them.
func (c *conv) fmInstant(keys ...string) (time.Time, string, int, bool) {
	v, k, ln := c.fmString(keys...)
	if v == "" {
		return time.Time{}, "", 0, false
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil && t.Year() >= 1970 {
		return t.In(c.zone.loc), k, ln, true
	}
	if st, rest, ok := leadingStamp(v); ok && st.hasClock && st.hasDate && st.hasYear && strings.TrimSpace(rest) == "" {
		loc := c.zone.loc
		if zr, ok := readZone(st.zone); ok && st.zone != "" {
			if l, err := zoneLocation(zr); err == nil {
				loc = l
			}
		}
		return time.Date(st.year, st.month, st.day, st.hour, st.min, st.sec, 0, loc).In(c.zone.loc), k, ln, true
	}
	// Not a date and time: the key stays for the body.
	c.fmUsed[k] = false
	return time.Time{}, "", 0, false
}

// readResolved maps another tool's end time to resolved, when it is not
// before the start.
func (c *conv) readResolved(start time.Time) {
	t, k, ln, ok := c.fmInstant(endKeys...)
	if !ok {
		return
	}
	if t.Before(start) {
		c.fmUsed[k] = false
		c.guessed("resolved", ln, "front matter %s is before the start: left in the body", k)
		return
	}
	c.resolved = formatAt(t)
	c.mapped("resolved", ln, "%s from front matter %s", c.resolved, k)
}

// readProse maps a section of one plain paragraph to a front matter text.
func (c *conv) readProse(kind string, dst *string) {
	if key := c.fmKeys[kind]; key != nil && key.Kind == yaml.ScalarNode && key.Value != "" {
		*dst = strings.TrimSpace(key.Value)
		c.fmUsed[kind] = true
		c.mapped(kind, key.Line+1, "from front matter %s", kind)
		return
	}
	if kind == "summary" {
		if v, k, ln := c.fmString("description", "excerpt", "abstract"); v != "" {
			*dst = v
			c.mapped(kind, ln, "from front matter %s", k)
			return
		}
	}
	for i, s := range c.secs {
		if s.kind != kind {
			continue
		}
		if len(extent(c.secs, i)) > 1 {
			c.leftWhy[s.title] = "has sub-sections"
			return
		}
		var para []string
		var nums []int
		ok := true
		gap := false
		for _, l := range s.lines {
			t := strings.TrimSpace(l.text)
			if t == "" {
				if len(para) > 0 {
					gap = true
				}
				continue
			}
			if gap || l.code || listMarker.MatchString(l.text) || strings.HasPrefix(t, "|") || strings.HasPrefix(t, "<") ||
				strings.HasPrefix(t, "![") || strings.HasPrefix(t, ">") || strings.HasPrefix(t, "    ") {
				ok = false
				break
			}
			para = append(para, t)
			nums = append(nums, l.num)
		}
		if !ok || len(para) == 0 {
			if len(para) > 0 || !ok {
				c.leftWhy[s.title] = "not one plain paragraph"
			}
			return
		}
		*dst = strings.Join(para, " ")
		for _, n := range nums {
			c.used[n] = true
		}
		c.mapped(kind, s.num, "from the section %q", s.title)
		return
	}
}

var sourceLine = regexp.MustCompile(`(?i)^\s*[*_]*(?:internal|public|original|full|external)?\s*(?:post-?mortem|write-?up|incident(?: report)?|report|status page|rca|source|discussion)[*_]*\s*:[*_]*\s*(?:<(https?://[^>\s]+)>|\[[^\]]*\]\((https?://[^)\s]+)\)|(https?://\S+))\s*$`)

// readSourceLines maps lines such as "Internal post-mortem: <url>" to links,
// the other places the incident is written up. The line stays in the body.
func (c *conv) readSourceLines() {
	if !c.rules.links {
		return
	}
	for _, s := range c.secs {
		if s.kind == "timeline" || s.kind == "actions" {
			continue
		}
		for _, l := range s.lines {
			if m := sourceLine.FindStringSubmatch(l.text); m != nil && !l.code {
				u := m[1] + m[2] + m[3]
				if !isHTTPURL(u) {
					continue
				}
				c.links = appendOnce(c.links, u)
				c.mapped("links", l.num, "%s from the line", u)
			}
		}
	}
}

var labelLine = regexp.MustCompile(`(?i)^\s*\**(summary|tl;?dr|impact|authors?|written by)\**\s*:\**\s*(\S.*)$`)

// readLabels maps lines such as "Summary: ..." and "Authors: ..." that
// many templates use instead of sections.
func (c *conv) readLabels() {
	for _, s := range c.secs {
		if s.kind != "" && s.kind != "summary" && s.kind != "impact" {
			continue
		}
		for _, l := range s.lines {
			m := labelLine.FindStringSubmatch(l.text)
			if m == nil || l.code {
				continue
			}
			var dst *string
			field := strings.ToLower(m[1])
			switch {
			case strings.HasPrefix(field, "tl") || field == "summary":
				dst, field = &c.summary, "summary"
			case field == "impact":
				dst = &c.impact
			default:
				dst, field = &c.author, "author"
			}
			if *dst != "" {
				continue
			}
			*dst = strings.TrimSpace(m[2])
			c.removed[l.num] = true
			c.mapped(field, l.num, "from the line %q", strings.TrimSpace(m[1])+":")
		}
	}
}

var severityLine = regexp.MustCompile(`(?i)^\s*(?:[-*]\s+)?\**severity\**\s*:?\**\s*:?\s*\**([A-Za-z0-9 -]+?)\**\s*(?:\(.*)?$`)

func (c *conv) readSeverity() {
	cand, from, ln := "", "", 0
	if v, k, l := c.fmString("severity", "sev", "level"); v != "" {
		cand, from, ln = v, "front matter "+k, l
	} else {
		for _, s := range c.secs {
			for _, l := range s.lines {
				if m := severityLine.FindStringSubmatch(l.text); m != nil && !l.code && cand == "" {
					cand, from, ln = strings.TrimSpace(m[1]), "line "+fmt.Sprint(l.num), l.num
				}
			}
		}
	}
	if cand == "" {
		return
	}
	norm := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(cand))
	for _, s := range c.opts.Site.Severities {
		if norm == strings.ToUpper(s) || norm == strings.TrimPrefix(strings.ToUpper(s), "SEV") {
			c.severity = s
			c.mapped("severity", ln, "%s from %s %q", s, from, cand)
			return
		}
	}
	c.guessed("severity", ln, "%q from %s is not one of %s: left in the text", cand, from, strings.Join(c.opts.Site.Severities, ", "))
}

func (c *conv) readActions() {
	for i, s := range c.secs {
		if s.kind != "actions" {
			continue
		}
		as := readActions(extent(c.secs, i), c.opts.ValidTicket)
		c.actions = append(c.actions, as...)
		if len(as) > 0 {
			c.mapped("recommendations", s.num, "%d from %q", len(as), s.title)
		}
	}
	// "Action item: ..." lines outside those sections.
	for _, s := range c.secs {
		if s.kind == "actions" {
			continue
		}
		for _, l := range s.lines {
			if m := actionLine.FindStringSubmatch(l.text); m != nil && !l.code {
				a := action{title: strings.TrimSpace(m[1]), status: "planned", num: l.num}
				a.ticket = ticketIn(a.title, c.opts.ValidTicket)
				c.actions = append(c.actions, a)
				c.mapped("recommendations", l.num, "1 from an \"Action item:\" line")
			}
		}
	}
	sort.SliceStable(c.actions, func(i, j int) bool { return c.actions[i].num < c.actions[j].num })
	done, tickets := 0, 0
	for _, a := range c.actions {
		if a.status == "done" {
			done++
			c.guessed("recommendations", a.num, "status done from %s", a.statusBy)
		} else if a.status == "in-progress" {
			c.guessed("recommendations", a.num, "status in-progress from %s", a.statusBy)
		}
		if a.ticket != "" {
			tickets++
		}
	}
	c.rep.Recommendations = len(c.actions)
}

// readForeignRest maps the other tool's keys that remain.
func (c *conv) readForeignRest() {
	if v, k, ln := c.fmString("authors", "author", "owner", "owners", "incident_lead", "written_by"); v != "" {
		c.author = v
		c.mapped("author", ln, "from front matter %s", k)
	}
	for _, k := range []string{"tags", "keywords", "categories", "category", "company", "companies", "organization"} {
		vs, ln := c.fmList(k)
		if len(vs) == 0 {
			continue
		}
		c.tags = appendOnce(c.tags, vs...)
		if k == "tags" {
			c.mapped("tags", ln, "from front matter tags")
		} else {
			c.guessed("tags", ln, "front matter %s kept as tags", k)
		}
	}
	for _, k := range []string{"product", "products", "service", "services", "components", "component", "systems"} {
		if vs, ln := c.fmList(k); len(vs) > 0 {
			c.services = appendOnce(c.services, vs...)
			c.guessed("services", ln, "from front matter %s", k)
		}
	}
	for _, k := range []string{"team", "teams"} {
		if vs, ln := c.fmList(k); len(vs) > 0 {
			c.teams = appendOnce(c.teams, vs...)
			c.mapped("teams", ln, "from front matter %s", k)
		}
	}
	for _, k := range []string{"url", "link", "links", "source", "source_url", "archive_url", "archive", "report_url", "canonical", "canonical_url", "permalink", "original", "aliases", "alias", "uuid", "guid", "id", "slug"} {
		vs, ln := c.fmList(k)
		for _, v := range vs {
			switch {
			case !c.rules.links && isHTTPURL(v):
				// Kept in the body until the format has links.
				c.fmUsed[k] = false
			case isHTTPURL(v):
				c.links = appendOnce(c.links, v)
				c.mapped("links", ln, "%s from front matter %s", v, k)
			case strings.HasPrefix(v, "/") || k == "aliases" || k == "alias" || k == "slug" || k == "uuid" || k == "guid" || k == "id":
				a := retro.IDSlug(path.Base(strings.TrimSuffix(v, "/")))
				if strings.ToLower(v) == a || k != "uuid" && k != "guid" && k != "id" {
					c.aliases = appendOnce(c.aliases, a)
					c.mapped("aliases", ln, "%s from front matter %s %q", a, k, v)
				} else {
					c.fmUsed[k] = false
				}
			default:
				c.fmUsed[k] = false
			}
		}
	}
}

// isHTTPURL is a link the format takes: http(s) with a host.
func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		(strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://"))
}

func appendOnce(list []string, vs ...string) []string {
	for _, v := range vs {
		found := false
		for _, x := range list {
			if strings.EqualFold(x, v) {
				found = true
			}
		}
		if !found && strings.TrimSpace(v) != "" {
			list = append(list, v)
		}
	}
	return list
}

var datedName = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)

// id is the file or folder name as an id, dated like retro new's when it
// carries no date.
func (c *conv) id() string {
	id := retro.IDSlug(c.in.Name)
	if !datedName.MatchString(id) && len(c.started) >= 10 {
		id = c.started[:10] + "-" + id
	}
	c.mapped("id", 0, "%s from the file name", id)
	out := c.aliases[:0]
	for _, a := range c.aliases {
		if a != id {
			out = append(out, a)
		}
	}
	c.aliases = out
	return id
}

// windows1252 are the characters Windows-1252 puts at 0x80–0x9F, where
// Latin-1 has control codes; 0 marks the five bytes it leaves undefined.
var windows1252 = [32]rune{
	'€', 0, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0, 'Ž', 0,
	0, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0, 'ž', 'Ÿ',
}

// fromWindows1252 decodes data as Windows-1252, keeping the sequences that
// are valid UTF-8 already (a file can mix both).
func fromWindows1252(data []byte) []byte {
	var b strings.Builder
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r != utf8.RuneError || n > 1 {
			b.WriteRune(r)
			data = data[n:]
			continue
		}
		c := data[0]
		switch {
		case c >= 0x80 && c < 0xA0 && windows1252[c-0x80] != 0:
			b.WriteRune(windows1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
		data = data[1:]
	}
	return []byte(b.String())
}
