package importer

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// A rawEntry is a timeline entry as read, before it is placed in the zone.
type rawEntry struct {
	st    stamp
	event string
	refs  []string
	num   int    // file line
	style string // table, list, line or prose
}

// An entry is a timeline entry placed in the retrospective's zone.
type entry struct {
	at    time.Time
	event string
	refs  []string
	num   int
}

var (
	listMarker = regexp.MustCompile(`^(\s*)(?:[-*+•]|\d+[.)])\s+(?:\[[ xX]\]\s*)?`)
	urlRe      = regexp.MustCompile(`https?://[^\s<>()\[\]"'` + "`" + `]+[^\s<>()\[\]"'.,;:!?` + "`" + `*_]`)
	onlyURL    = regexp.MustCompile(`^\s*(?:[-*+]\s+)?(?:<(https?://[^>\s]+)>|\[[^\]]*\]\((https?://[^)\s]+)\)|(https?://\S+))\s*$`)
	tableRow   = regexp.MustCompile(`^\s*\|.*\|\s*$`)
	tableSep   = regexp.MustCompile(`^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$`)
	eventTrim  = " \t*_]`):-–—|,.>"
)

// readTimeline reads the entries of a timeline section's lines: table rows,
// list items and lines that start with a time. It returns the entries, the
// lines it used (their file line numbers) and the zone note it saw.
func readTimeline(lines []line) (entries []rawEntry, used map[int]bool, note string, noteLine int) {
	used = map[int]bool{}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l.code {
			continue
		}
		if z, ok := zoneNote(l.text); ok && !tableRow.MatchString(l.text) {
			if note == "" {
				note, noteLine = z, l.num
			}
			if _, _, isEntry := leadingStamp(strings.TrimLeft(listMarker.ReplaceAllString(l.text, ""), " ")); !isEntry {
				// Only a note of its own leaves the body: "All times in
				// UTC." says nothing the timezone does not.
				if strongNote.MatchString(l.text) && len(l.text) < 80 {
					used[l.num] = true
				}
				continue
			}
		}
		// A table whose header names a time column.
		if tableRow.MatchString(l.text) && i+1 < len(lines) && tableSep.MatchString(lines[i+1].text) {
			j := i + 2
			for j < len(lines) && tableRow.MatchString(lines[j].text) {
				j++
			}
			es, u, z := readTable(lines[i:j])
			if len(es) > 0 {
				entries = append(entries, es...)
				for k := range u {
					used[k] = true
				}
				if note == "" && z != "" {
					note, noteLine = z, l.num
				}
			}
			i = j - 1
			continue
		}
		text := l.text
		style := "line"
		indent := ""
		if m := listMarker.FindStringSubmatch(text); m != nil {
			style, indent = "list", m[1]
			text = text[len(m[0]):]
		}
		st, rest, ok := leadingStamp(text)
		if !ok || !st.hasClock && !st.hasDate {
			continue
		}
		if !st.hasClock {
			// A date alone is not an entry (the format needs a time of
			// day); it gives the date of the entries below it, and a line
			// that says nothing else ("2016-03-08 (all times UTC)") is used.
			entries = append(entries, rawEntry{st: st, num: l.num})
			if rest := strings.TrimSpace(strings.Trim(rest, eventTrim)); rest == "" || zoneAt.MatchString(rest) || zoneNoteRe.MatchString(rest) {
				used[l.num] = true
			}
			continue
		}
		e := rawEntry{st: st, num: l.num, style: style}
		event := strings.TrimLeft(rest, eventTrim)
		if st.isRng {
			event = stripEmphasis(st.text) + " " + event
		}
		// Continuation lines and nested URLs belong to the entry.
		used[l.num] = true
		for i+1 < len(lines) {
			n := lines[i+1]
			t := n.text
			if n.code || strings.TrimSpace(t) == "" || tableRow.MatchString(t) {
				break
			}
			if m := onlyURL.FindStringSubmatch(t); m != nil && len(t)-len(strings.TrimLeft(t, " \t")) > len(indent) {
				e.refs = append(e.refs, m[1]+m[2]+m[3])
				used[n.num] = true
				i++
				continue
			}
			if listMarker.MatchString(t) || len(t)-len(strings.TrimLeft(t, " \t")) <= len(indent) && style == "list" && strings.HasPrefix(strings.TrimSpace(t), "<") {
				break
			}
			if _, _, isStamp := leadingStamp(strings.TrimSpace(t)); isStamp {
				break
			}
			if style == "line" && !strings.HasPrefix(t, " ") {
				break
			}
			event += " " + strings.TrimSpace(t)
			used[n.num] = true
			i++
		}
		e.event = strings.TrimSpace(event)
		e.refs = httpURLs(append(urlRe.FindAllString(e.event, -1), e.refs...))
		if e.event == "" {
			delete(used, l.num)
			continue
		}
		entries = append(entries, e)
	}
	return entries, used, note, noteLine
}

var (
	timeHeader  = regexp.MustCompile(`(?i)\b(time|date|when|timestamp|hour|at)\b`)
	eventHeader = regexp.MustCompile(`(?i)\b(event|events|description|what|action|actions|details|activity|update|summary|notes?|happened)\b`)
)

func cells(row string) []string {
	row = strings.TrimSpace(row)
	row = strings.TrimPrefix(row, "|")
	row = strings.TrimSuffix(row, "|")
	// A \| inside a cell is text, not a border.
	parts := strings.Split(strings.ReplaceAll(row, `\|`, "\x00"), "|")
	for i, p := range parts {
		parts[i] = strings.TrimSpace(strings.ReplaceAll(p, "\x00", `\|`))
	}
	return parts
}

// readTable reads a table timeline: one or two time columns (date, time),
// an event column, and any other columns kept in the event's text.
func readTable(rows []line) ([]rawEntry, map[int]bool, string) {
	head := cells(rows[0].text)
	timeCols := []int{}
	event := -1
	for i, h := range head {
		switch {
		case timeHeader.MatchString(h) && !eventHeader.MatchString(h) && len(timeCols) < 2:
			timeCols = append(timeCols, i)
		case event < 0 && eventHeader.MatchString(h):
			event = i
		}
	}
	if len(timeCols) == 0 {
		return nil, nil, ""
	}
	if event < 0 {
		for i := range head {
			if i != timeCols[0] && (len(timeCols) < 2 || i != timeCols[1]) {
				event = i
				break
			}
		}
	}
	if event < 0 {
		return nil, nil, ""
	}
	note, _ := zoneNote(strings.Join(head, " "))
	if note == "" {
		if z := zoneAt.FindStringSubmatch(strings.Join(headerZoneText(head, timeCols), " ")); z != nil {
			note = z[1]
		}
	}
	var out []rawEntry
	used := map[int]bool{rows[0].num: true, rows[1].num: true}
	for _, r := range rows[2:] {
		c := cells(r.text)
		if len(c) <= event {
			continue
		}
		when := c[timeCols[0]]
		if len(timeCols) == 2 && timeCols[1] < len(c) {
			when += " " + c[timeCols[1]]
		}
		st, rest, ok := leadingStamp(when)
		if !ok || !st.hasClock {
			continue
		}
		text := c[event]
		if extra := strings.Trim(strings.TrimSpace(rest), eventTrim); extra != "" && st.isRng {
			text = stripEmphasis(st.text) + " " + text
		} else if extra != "" {
			text = extra + " " + text
		} else if st.isRng {
			text = stripEmphasis(st.text) + " " + text
		}
		for i, v := range c {
			if i == event || i == timeCols[0] || len(timeCols) == 2 && i == timeCols[1] || v == "" || i >= len(head) {
				continue
			}
			text += fmt.Sprintf(" (%s: %s)", head[i], v)
		}
		e := rawEntry{st: st, event: strings.TrimSpace(text), num: r.num, style: "table"}
		e.refs = httpURLs(urlRe.FindAllString(text, -1))
		out = append(out, e)
		used[r.num] = true
	}
	return out, used, note
}

func headerZoneText(head []string, cols []int) []string {
	var out []string
	for _, c := range cols {
		h := head[c]
		if i := strings.IndexAny(h, "(["); i >= 0 {
			out = append(out, h[i:])
		}
	}
	return out
}

// proseEntries reads a prose timeline: each sentence that gives a time of
// day ("At 4:11 AM UTC on November 24th, ...") is an entry.
func proseEntries(lines []line) []rawEntry {
	var out []rawEntry
	for _, l := range lines {
		if l.code || tableRow.MatchString(l.text) {
			continue
		}
		for _, sent := range sentences(l.text) {
			sts := findStamps(sent)
			if len(sts) == 0 {
				continue
			}
			e := rawEntry{st: sts[0], event: strings.TrimSpace(strings.TrimLeft(listMarker.ReplaceAllString(sent, ""), " ")), num: l.num, style: "prose"}
			// A sentence that gives a date elsewhere ("on November 24th")
			// dates its time.
			if !e.st.hasDate {
				if ds := findDates(sent); len(ds) > 0 {
					d := ds[0]
					e.st.year, e.st.month, e.st.day, e.st.hasDate, e.st.hasYear, e.st.weekday, e.st.note = d.year, d.month, d.day, true, d.hasYear, d.weekday, d.note
				}
			}
			e.refs = httpURLs(urlRe.FindAllString(sent, -1))
			out = append(out, e)
		}
	}
	return out
}

var sentenceEnd = regexp.MustCompile(`[.!?](?:\s+|$)`)

// sentences cuts a line at sentence ends, never inside a number (0.07%) or
// an abbreviation such as "a.m.".
func sentences(s string) []string {
	var out []string
	start := 0
	for _, m := range sentenceEnd.FindAllStringIndex(s, -1) {
		if m[1] == len(s) || m[1] < len(s) && (s[m[1]] >= 'A' && s[m[1]] <= 'Z' || s[m[1]] == '[' || s[m[1]] == '*') {
			prev := strings.TrimSpace(s[start:m[0]])
			if strings.HasSuffix(strings.ToLower(prev), " a.m") || strings.HasSuffix(strings.ToLower(prev), " p.m") {
				continue
			}
			out = append(out, strings.TrimSpace(s[start:m[1]]))
			start = m[1]
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// zoneCtx is what placing entries in time needs.
type zoneCtx struct {
	loc      *time.Location
	name     string
	reading  zoneReading // the note's abbreviation, if any
	year     int         // the write-up's year, for dates without one
	yearFrom string
	date     stamp // the date of entries that give only a time
	dateDoc  bool  // date is the write-up's date, not an entry's or a heading's
	now      time.Time
}

// place puts entries in the zone: dates carry down, a time alone that goes
// back by more than six hours is read as after midnight, a zone written
// with an entry converts it. It returns the entries in time order and what
// it guessed.
func place(raw []rawEntry, z *zoneCtx, path string) ([]entry, []Note) {
	var out []entry
	var notes []Note
	var prev time.Time
	dstNoted, yearNoted := false, false
	for _, r := range raw {
		st := r.st
		if st.hasDate {
			if !st.hasYear {
				y, how := yearFor(st, z)
				if y == 0 {
					notes = append(notes, Note{Field: "timeline", Line: r.num, Detail: fmt.Sprintf("%q has no year and the write-up gives none: left in the body", st.text)})
					continue
				}
				st.year = y
				if !yearNoted {
					notes = append(notes, Note{Field: "timeline", Line: r.num, Detail: fmt.Sprintf("%q has no year: %s (and so have the dates below it without one)", st.text, how)})
					yearNoted = true
				}
			}
			if st.note != "" {
				notes = append(notes, Note{Field: "timeline", Line: r.num, Detail: st.note})
			}
			z.date, z.dateDoc = st, false
			if !st.hasClock {
				continue // a date alone dates the entries below it
			}
		} else if z.date.hasDate {
			st.year, st.month, st.day = z.date.year, z.date.month, z.date.day
			if z.dateDoc {
				notes = append(notes, Note{Field: "timeline", Line: r.num, Detail: fmt.Sprintf("%q has no date: %04d-%02d-%02d, from %s", st.text, st.year, st.month, st.day, z.date.text)})
				z.dateDoc = false
			}
		} else {
			notes = append(notes, Note{Field: "timeline", Line: r.num, Detail: fmt.Sprintf("%q has no date and none comes before it: left in the body", st.text)})
			continue
		}
		loc := z.loc
		var conv string
		if st.zone != "" {
			if zr, ok := readZone(st.zone); ok && zr.name != z.name {
				if l2, err := zoneLocation(zr); err == nil {
					loc = l2
					conv = st.zone
				}
			}
		}
		t := time.Date(st.year, st.month, st.day, st.hour, st.min, st.sec, 0, loc)
		if t.Hour() != st.hour || t.Minute() != st.min {
			notes = append(notes, Note{Field: "timeline", Line: r.num, Detail: fmt.Sprintf("%q does not exist in %s (a daylight-saving gap): left in the body", st.text, loc)})
			continue
		}
		if !r.st.hasDate && !prev.IsZero() && t.Before(prev) && prev.Sub(t) > 6*time.Hour {
			t = t.AddDate(0, 0, 1)
			z.date.year, z.date.month, z.date.day = t.Date()
			notes = append(notes, Note{Field: "timeline", Line: r.num, Detail: fmt.Sprintf("%q comes after %s: read as the next day, %s", st.text, prev.In(z.loc).Format("15:04"), t.Format("2006-01-02"))})
		}
		if conv != "" {
			notes = append(notes, Note{Field: "timeline", Line: r.num, Detail: fmt.Sprintf("%q converted from %s to %s", st.text, conv, z.name)})
		}
		if z.reading.abbr != "" && !z.reading.isOffset && conv == "" && !dstNoted {
			local := t.In(z.loc)
			if z.reading.standard && local.IsDST() || isDaylightAbbr(z.reading.abbr) && !local.IsDST() {
				name, _ := local.Zone()
				notes = append(notes, Note{Field: "timezone", Line: r.num, Detail: fmt.Sprintf("%s is written for %s, when %s keeps %s: times read as the zone's local time", z.reading.abbr, t.Format("2006-01-02"), z.name, name)})
				dstNoted = true
			}
		}
		t = t.In(z.loc)
		prev = t
		out = append(out, entry{at: t, event: r.event, refs: r.refs, num: r.num})
	}
	sorted := sort.SliceIsSorted(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	if !sorted {
		// Name the entries that go back in time, where the writer may
		// want to look.
		var back []string
		first := 0
		for i := 1; i < len(out); i++ {
			if out[i].at.Before(out[i-1].at) {
				back = append(back, fmt.Sprint(out[i].num))
				if first == 0 {
					first = out[i].num
				}
			}
		}
		sort.SliceStable(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
		notes = append(notes, Note{Field: "timeline", Line: first, Detail: fmt.Sprintf("the timeline goes back in time at line %s: written in time order (the body keeps the original order)", strings.Join(back, ", "))})
	}
	return out, notes
}

func isDaylightAbbr(a string) bool {
	switch strings.ToUpper(a) {
	case "PDT", "MDT", "CDT", "EDT", "AKDT", "BST", "CEST", "EEST", "WEST", "AEDT", "NZDT":
		return true
	}
	return false
}

func zoneLocation(zr zoneReading) (*time.Location, error) {
	if zr.name != "" {
		return time.LoadLocation(zr.name)
	}
	return time.FixedZone(zr.abbr, zr.offset), nil
}

// yearFor gives a date written without a year the write-up's year, or the
// latest year in which its weekday falls on it; 0 when neither says.
func yearFor(st stamp, z *zoneCtx) (int, string) {
	if z.year != 0 {
		return z.year, fmt.Sprintf("year %d from %s", z.year, z.yearFrom)
	}
	if st.weekday != "" {
		wd := strings.ToLower(st.weekday[:3])
		now := z.now.Year()
		for y := now; y > now-30; y-- {
			if strings.ToLower(time.Date(y, st.month, st.day, 12, 0, 0, 0, time.UTC).Weekday().String()[:3]) == wd {
				return y, fmt.Sprintf("year %d, the latest in which %s %d is a %s", y, st.month, st.day, st.weekday)
			}
		}
	}
	return 0, ""
}

// httpURLs keeps the links the format takes as refs, once each.
func httpURLs(us []string) []string {
	var out []string
	for _, u := range us {
		if isHTTPURL(u) {
			out = appendOnce(out, u)
		}
	}
	return out
}
