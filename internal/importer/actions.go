package importer

import (
	"regexp"
	"strings"
	"time"
)

// An action is an action item read as a recommendation.
type action struct {
	title    string
	due      string // YYYY-MM-DD
	priority string
	ticket   string
	tracking string
	status   string // planned, in-progress or done
	statusBy string // the words that gave the status
	num      int
}

var (
	checkbox     = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+\[([ xX])\]\s*`)
	doneMark     = regexp.MustCompile(`^(?:✅|✔️?|☑️?|\[x\]|\[X\])\s*`)
	doneWords    = regexp.MustCompile(`(?i)\((?:done|completed?|finished|fixed|shipped|resolved)\)|\b(?:done|completed|complete|finished|fixed|shipped)\s*[:.)\]]|^\**(?:done|completed)\**\b|\bstatus:?\**\s*(?:done|completed?|closed|fixed|resolved)\b|\s[—–-]+\s*\**(?:done|completed|fixed)\**\.?$`)
	progressWord = regexp.MustCompile(`(?i)\bin[- ]progress\b|\bongoing\b|\bunderway\b|\bWIP\b|\bstarted\b\s*[:)]`)
	headingDone  = regexp.MustCompile(`(?i)\b(?:completed?|done|finished|already (?:done|fixed)|immediate actions? taken)\b`)
	// headingToDo is work still ahead, though it names completion: "To
	// complete before re-enabling sync", "Not yet done", "to be finished".
	headingToDo = regexp.MustCompile(`(?i)\b(?:to(?: be)?|not(?: yet)?|yet to(?: be)?|until|before|incomplete|un)\s*(?:completed?|done|finished)\b|\bincomplete\b`)
	headingPlan = regexp.MustCompile(`(?i)\b(?:planned|future|long[- ]term|short[- ]term|medium[- ]term|next steps|to do|todo|follow[- ]?ups?)\b`)
	boldLine    = regexp.MustCompile(`^\s*\*\*([^*]+)\*\*:?\s*$`)
	actionLine  = regexp.MustCompile(`(?i)^\s*\**action items?:?\**:?\**\s+(.+)$`)

	jiraKey   = regexp.MustCompile(`\b([A-Z]{2,10}-[0-9]{1,7})\b(?:[^-0-9]|$)`)
	ghRef     = regexp.MustCompile(`(?:^|[\s(\[])([A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+#[0-9]+)\b`)
	hashRef   = regexp.MustCompile(`(?:^|[\s(\[])(#[0-9]{1,7})\b`)
	ticketURL = regexp.MustCompile(`(?i)/(?:issues?|pulls?|merge_requests|browse|tickets?|tasks?|cards?|stories|story|work_items|workitems|edit)/`)
	notKeys   = map[string]bool{"CVE": true, "UTC": true, "GMT": true, "ISO": true, "RFC": true, "SHA": true, "TLS": true, "HTTP": true, "SEV": true, "P": true, "PM": true, "AM": true, "COVID": true, "UTF": true}
)

// isDoneHeading reports whether a heading says its items are done.
func isDoneHeading(title string) bool {
	return headingDone.MatchString(title) && !headingToDo.MatchString(title)
}

// readActions reads the action items of a section and the sections under
// it: list items, checkboxes, table rows and "Action item:" lines. The
// items stay in the body: their headings and order say what a list of
// recommendations cannot ("Long-term (Q4 2025)"). Headings
// that say "completed" or "planned" give their items' status, and a ticket
// in a heading is the items' tracking ticket.
func readActions(secs []*section, valid func(string) bool) []action {
	var out []action
	for si, s := range secs {
		status, statusBy, tracking := "", "", ""
		// Status and tracking come from this heading and the headings it
		// is under, the nearest winning.
		chain := []*section{s}
		for j, lvl := si-1, s.level; j >= 0; j-- {
			if secs[j].level < lvl {
				chain = append(chain, secs[j])
				lvl = secs[j].level
			}
		}
		for _, h := range chain {
			if status == "" {
				if isDoneHeading(h.title) {
					status, statusBy = "done", "heading "+quote(h.title)
				} else if headingPlan.MatchString(h.title) {
					status, statusBy = "planned", "heading "+quote(h.title)
				}
			}
			if t := ticketIn(h.title, valid); t != "" && tracking == "" {
				tracking = t
			}
		}
		if si == 0 && s.kind != "actions" && s.kind != "" {
			continue
		}
		lines := s.lines
		for i := 0; i < len(lines); i++ {
			l := lines[i]
			if l.code || strings.TrimSpace(l.text) == "" {
				continue
			}
			if tableRow.MatchString(l.text) && i+1 < len(lines) && tableSep.MatchString(lines[i+1].text) {
				j := i + 2
				for j < len(lines) && tableRow.MatchString(lines[j].text) {
					j++
				}
				out = append(out, readActionTable(lines[i:j], valid)...)
				i = j - 1
				continue
			}
			// A line of bold text alone is a heading too: "**In progress:**".
			if m := boldLine.FindStringSubmatch(l.text); m != nil {
				switch {
				case isDoneHeading(m[1]):
					status, statusBy = "done", quote(m[1])
				case headingToDo.MatchString(m[1]):
					status, statusBy = "planned", quote(m[1])
				case progressWord.MatchString(m[1]):
					status, statusBy = "in-progress", quote(m[1])
				case headingPlan.MatchString(m[1]):
					status, statusBy = "planned", quote(m[1])
				}
				continue
			}
			text := ""
			var a action
			if m := actionLine.FindStringSubmatch(l.text); m != nil {
				text = strings.TrimSpace(m[1])
			} else if m := listMarker.FindStringSubmatch(l.text); m != nil {
				text = l.text[len(m[0]):]
				if c := checkbox.FindStringSubmatch(l.text); c != nil {
					if c[1] == " " {
						a.status, a.statusBy = "planned", "an empty checkbox"
					} else {
						a.status, a.statusBy = "done", "a checked box"
					}
				}
				// A nested URL is the item's ticket (the first that is one;
				// the others stay in its title), and the lines that continue
				// the item are part of its title.
				for i+1 < len(lines) {
					n := lines[i+1]
					t := strings.TrimSpace(n.text)
					if um := onlyURL.FindStringSubmatch(n.text); um != nil && strings.HasPrefix(n.text, " ") {
						u := um[1] + um[2] + um[3]
						if a.ticket == "" && valid(u) && ticketURL.MatchString(u) {
							a.ticket = u
						} else {
							text += " " + u
						}
						i++
						continue
					}
					if t == "" || n.code || listMarker.MatchString(n.text) || tableRow.MatchString(n.text) || boldLine.MatchString(n.text) || actionLine.MatchString(n.text) {
						break
					}
					text += " " + t
					i++
				}
			} else {
				continue
			}
			text = strings.TrimSpace(text)
			if doneMark.MatchString(text) {
				text = strings.TrimSpace(doneMark.ReplaceAllString(text, ""))
				a.status, a.statusBy = "done", "a ✅"
			}
			if text == "" {
				continue
			}
			if a.status == "" {
				switch {
				case doneWords.MatchString(text):
					a.status, a.statusBy = "done", quote(doneWords.FindString(text))
				case progressWord.MatchString(text):
					a.status, a.statusBy = "in-progress", quote(progressWord.FindString(text))
				case status != "":
					a.status, a.statusBy = status, statusBy
				default:
					a.status = "planned"
				}
			}
			if a.ticket == "" {
				a.ticket = ticketIn(text, valid)
			}
			if m := dueText.FindStringSubmatch(text); m != nil && isDay(m[1]) {
				a.due = m[1]
			}
			a.title, a.tracking, a.num = text, tracking, l.num
			if a.tracking == a.ticket {
				a.tracking = ""
			}
			out = append(out, a)
		}
	}
	return out
}

var (
	actionHeader = regexp.MustCompile(`(?i)\b(action|item|task|description|title|what|recommendation|follow[- ]?up|improvement)s?\b`)
	ticketHeader = regexp.MustCompile(`(?i)\b(ticket|issue|jira|link|tracking|bug|pr)s?\b`)
	statusHeader = regexp.MustCompile(`(?i)\b(status|state|done)\b`)
	dueHeader    = regexp.MustCompile(`(?i)\b(due|deadline|target date|eta)\b`)
	prioHeader   = regexp.MustCompile(`(?i)^\s*(priority|prio|pri)\s*$`)
	dueText      = regexp.MustCompile(`(?i)\b(?:due|deadline|by)\s*:?\s*(\d{4}-\d{2}-\d{2})\b`)
)

var doneCell = map[string]bool{"done": true, "completed": true, "complete": true, "fixed": true, "closed": true, "resolved": true, "✅": true}

func readActionTable(rows []line, valid func(string) bool) []action {
	head := cells(rows[0].text)
	title, ticket, status, due, prio := -1, -1, -1, -1, -1
	for i, h := range head {
		switch {
		case dueHeader.MatchString(h) && due < 0:
			due = i
		case prioHeader.MatchString(h) && prio < 0:
			prio = i
		case statusHeader.MatchString(h) && status < 0:
			status = i
		case ticketHeader.MatchString(h) && ticket < 0:
			ticket = i
		case actionHeader.MatchString(h) && title < 0:
			title = i
		}
	}
	if title < 0 {
		title = 0
	}
	var out []action
	for _, r := range rows[2:] {
		c := cells(r.text)
		if title >= len(c) || c[title] == "" {
			continue
		}
		a := action{title: c[title], num: r.num, status: "planned"}
		for i, v := range c {
			if i != title && v != "" && i < len(head) {
				a.title += " (" + head[i] + ": " + v + ")"
			}
		}
		if due >= 0 && due < len(c) {
			if m := isoDate.FindString(c[due]); isDay(m) {
				a.due = m
			}
		}
		if prio >= 0 && prio < len(c) && c[prio] != "" && !strings.ContainsAny(c[prio], " \t") {
			a.priority = c[prio]
		}
		if ticket >= 0 && ticket < len(c) {
			a.ticket = ticketIn(c[ticket], valid)
		}
		if a.ticket == "" {
			a.ticket = ticketIn(c[title], valid)
		}
		if status >= 0 && status < len(c) {
			v := strings.ToLower(strings.Trim(c[status], " *_`"))
			switch {
			case v == "done" || v == "completed" || v == "complete" || v == "closed" || v == "fixed" || v == "resolved" || v == "yes" || strings.HasPrefix(v, "✅") || v == "[x]":
				a.status, a.statusBy = "done", "status "+quote(c[status])
			case strings.Contains(v, "progress") || v == "ongoing" || v == "started" || v == "wip":
				a.status, a.statusBy = "in-progress", "status "+quote(c[status])
			}
		}
		if status < 0 {
			// "LYR-101 DONE": a status word that ends a cell.
			for _, v := range c {
				f := strings.Fields(v)
				if len(f) > 0 && doneCell[strings.ToLower(strings.Trim(f[len(f)-1], "*_()[]"))] {
					a.status, a.statusBy = "done", quote(v)
				}
			}
		}
		out = append(out, a)
	}
	return out
}

// ticketIn finds the first ticket in text: an issue or pull request URL, a
// GitHub reference owner/repo#123 or #123, or a tracker key such as PAY-123.
// valid says which forms the format accepts.
func ticketIn(text string, valid func(string) bool) string {
	for _, u := range urlRe.FindAllString(text, -1) {
		if ticketURL.MatchString(u) && valid(u) {
			return u
		}
	}
	if m := ghRef.FindStringSubmatch(text); m != nil && valid(m[1]) {
		return m[1]
	}
	if m := hashRef.FindStringSubmatch(text); m != nil && valid(m[1]) {
		return m[1]
	}
	// Keys inside URLs are not keys of their own.
	plain := urlRe.ReplaceAllString(text, " ")
	for _, m := range jiraKey.FindAllStringSubmatch(plain, -1) {
		prefix := m[1][:strings.IndexByte(m[1], '-')]
		if !notKeys[prefix] && valid(m[1]) {
			return m[1]
		}
	}
	return ""
}

func isDay(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

func quote(s string) string {
	return `"` + strings.TrimSpace(stripEmphasis(s)) + `"`
}
