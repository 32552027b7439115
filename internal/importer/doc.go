package importer

import (
	"regexp"
	"strings"
)

// A section is a heading and the lines up to the next heading. Lines are
// kept as written (without the newline); num is the 1-based line in the
// original file.
type section struct {
	level   int    // 1..6; 0 for the text before the first heading
	title   string // the heading's text
	num     int    // line of the heading
	lines   []line
	kind    string // what the heading names, see kindOf
	dropped bool   // every line went into the front matter
}

type line struct {
	num  int
	text string
	code bool // inside a fenced code block
}

var (
	atxHeading = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	setextRule = regexp.MustCompile(`^ {0,3}(=+|-+)[ \t]*$`)
	fenceRe    = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	listStart  = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s`)
)

// splitSections cuts a Markdown body into sections, reading # and underlined
// (=== and ---) headings and leaving fenced code alone. first is the file
// line of the body's first line.
func splitSections(body string, first int) []*section {
	secs := split(body, first, false)
	// A write-up with no headings but its title (a document exported from
	// a word processor) often marks its sections with a bold line alone:
	// "**Timeline**". Those name a section only there, and only when they
	// say one the importer knows.
	if len(secs) <= 2 {
		if bold := split(body, first, true); len(bold) > len(secs) {
			return bold
		}
	}
	return secs
}

var boldHeading = regexp.MustCompile(`^\s*(?:\*\*|__)([^*_]+?)(?:\*\*|__)\s*:?\s*$`)

func split(body string, first int, bold bool) []*section {
	raw := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	if n := len(raw); n > 0 && raw[n-1] == "" {
		raw = raw[:n-1]
	}
	cur := &section{}
	out := []*section{cur}
	fence := ""
	for i := 0; i < len(raw); i++ {
		t := raw[i]
		num := first + i
		if fence != "" {
			cur.lines = append(cur.lines, line{num, t, true})
			if strings.HasPrefix(strings.TrimLeft(t, " "), fence) {
				fence = ""
			}
			continue
		}
		if m := fenceRe.FindStringSubmatch(t); m != nil {
			fence = m[1][:3]
			cur.lines = append(cur.lines, line{num, t, true})
			continue
		}
		if m := atxHeading.FindStringSubmatch(t); m != nil {
			cur = &section{level: len(m[1]), title: strings.TrimSpace(m[2]), num: num}
			out = append(out, cur)
			continue
		}
		if m := boldHeading.FindStringSubmatch(t); bold && m != nil && kindOf(m[1]) != "" {
			cur = &section{level: 2, title: strings.TrimSpace(m[1]), num: num}
			out = append(out, cur)
			continue
		}
		// An underlined heading: a line of text followed by === or ---, where
		// the text is not part of a list, table, or a paragraph above it.
		if i+1 < len(raw) && strings.TrimSpace(t) != "" && setextRule.MatchString(raw[i+1]) &&
			!listStart.MatchString(t) && !strings.HasPrefix(strings.TrimSpace(t), "|") &&
			!strings.HasPrefix(t, "    ") && (i == 0 || strings.TrimSpace(raw[i-1]) == "") {
			level := 1
			if strings.Contains(raw[i+1], "-") {
				level = 2
			}
			cur = &section{level: level, title: strings.TrimSpace(t), num: num}
			out = append(out, cur)
			i++
			continue
		}
		cur.lines = append(cur.lines, line{num, t, false})
	}
	return out
}

// extent is a section with the sections nested under it.
func extent(secs []*section, i int) []*section {
	out := []*section{secs[i]}
	for _, s := range secs[i+1:] {
		if s.level <= secs[i].level {
			break
		}
		out = append(out, s)
	}
	return out
}

// The kinds of section a heading can name. Matching ignores case, a
// trailing "?" or ":", and a parenthetical ("Remediation (completed)").
var sectionKinds = []struct {
	kind  string
	names []string
}{
	{"summary", []string{"summary", "overview", "issue summary", "incident summary", "executive summary", "tl;dr", "tldr", "tl dr", "synopsis", "abstract", "description", "incident description"}},
	{"impact", []string{"impact", "incident impact", "customer impact", "user impact", "business impact", "impact and scope", "scope", "blast radius", "severity and impact"}},
	{"timeline", []string{"timeline", "chronology", "incident timeline", "timeline of events", "sequence of events", "detailed timeline", "timeline summary", "event timeline", "incident chronology", "timeline (all times utc)"}},
	{"analysis", []string{"root cause", "root causes", "root cause analysis", "rca", "contributing factors", "contributing factor", "findings", "what happened", "cause", "causes", "identified cause", "analysis", "technical analysis", "technical details", "why did it happen", "how did it happen", "trigger", "triggers", "causal factors", "root cause and trigger", "the technical problem", "detailed analysis", "investigation"}},
	{"actions", []string{"action items", "action item", "actions", "corrective measures", "corrective actions", "corrective and preventative measures", "corrective and preventive measures", "preventive measures", "preventative measures", "follow-ups", "follow ups", "followups", "follow-up actions", "future improvements", "improvements", "remediation", "remediations", "remediation and prevention", "next steps", "action plan", "how are we preventing it from happening again", "prevention", "what we are doing", "what we're doing about it", "what's next", "todo", "to do", "tasks", "mitigations", "lessons learned and action items"}},
	{"well", []string{"what went well", "things that went well", "went well", "what worked", "what worked well", "the good"}},
	{"better", []string{"what went poorly", "what went wrong", "what went badly", "what could have gone better", "what could have been done better", "what didn't go well", "what did not go well", "what could be improved", "things that could have gone better", "went poorly", "what could we have done better", "where we got lucky", "what was difficult", "the bad"}},
	{"lessons", []string{"lessons learned", "lessons learnt", "learnings", "lessons", "key takeaways", "takeaways", "reflections"}},
}

var headingNoise = regexp.MustCompile(`\s*\([^)]*\)\s*$|[?:.!]+$|^\d+[.)]\s*|^[\p{So}\s]+`)

func kindOf(title string) string {
	t := strings.ToLower(strings.TrimSpace(stripEmphasis(title)))
	for i := 0; i < 3; i++ {
		t = strings.TrimSpace(headingNoise.ReplaceAllString(t, ""))
	}
	t = strings.Join(strings.Fields(t), " ")
	for _, k := range sectionKinds {
		for _, n := range k.names {
			if t == n {
				return k.kind
			}
		}
	}
	return ""
}

func stripEmphasis(s string) string {
	return strings.NewReplacer("**", "", "__", "", "`", "").Replace(s)
}
