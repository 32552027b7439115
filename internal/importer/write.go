package importer

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

var canonical = map[string]string{
	"analysis": "Analysis",
	"well":     "What went well",
	"better":   "What could have been done better",
}

// body writes the sections the front matter did not take, as H2 sections:
// underlined headings become # headings, levels shift so the top sections
// are H2, and an analysis or went-well/poorly section named otherwise goes
// under the heading the site knows, keeping its own as an H3.
func (c *conv) body() ([]byte, []Attachment) {
	drop := map[*section]bool{}
	for i, s := range c.secs {
		if s.level == 0 || drop[s] {
			continue
		}
		ext := extent(c.secs, i)
		all, any := true, false
		for _, x := range ext {
			for _, l := range x.lines {
				if strings.TrimSpace(l.text) == "" {
					continue
				}
				any = true
				if !c.used[l.num] {
					all = false
				}
			}
		}
		if all && any {
			for _, x := range ext {
				drop[x] = true
			}
		}
	}
	minLevel := 7
	for _, s := range c.secs {
		if s.level > 0 && !drop[s] && s != c.titleSec && s.level < minLevel {
			minLevel = s.level
		}
	}
	shift := 2 - minLevel
	var b strings.Builder
	emit := func(all []line) {
		// Lines the front matter says in full leave the body; a table goes
		// only as a whole, so that a row it could not read keeps its header.
		keepTable := map[int]bool{}
		for i := 0; i < len(all); {
			if !tableRow.MatchString(all[i].text) || all[i].code {
				i++
				continue
			}
			j, keep := i, false
			for ; j < len(all) && tableRow.MatchString(all[j].text); j++ {
				keep = keep || !c.used[all[j].num] && !tableSep.MatchString(all[j].text)
			}
			for k := i; k < j; k++ {
				keepTable[all[k].num] = keep
			}
			i = j
		}
		var lines []line
		blank := true // no blank line first
		for _, l := range all {
			if c.removed[l.num] {
				continue
			}
			if keep, inTable := keepTable[l.num]; inTable && !keep || !inTable && c.used[l.num] {
				continue
			}
			// Lines taken out leave one blank line, not several.
			isBlank := !l.code && strings.TrimSpace(l.text) == ""
			if isBlank && blank {
				continue
			}
			blank = isBlank
			lines = append(lines, l)
		}
		for len(lines) > 0 && !lines[len(lines)-1].code && strings.TrimSpace(lines[len(lines)-1].text) == "" {
			lines = lines[:len(lines)-1]
		}
		if len(lines) == 0 {
			return
		}
		for _, l := range lines {
			b.WriteString(l.text)
			b.WriteByte('\n')
		}
		b.WriteByte('\n')
	}
	heading := func(level int, title string) {
		if level < 2 {
			level = 2
		}
		if level > 6 {
			level = 6
		}
		fmt.Fprintf(&b, "%s %s\n\n", strings.Repeat("#", level), title)
	}
	// The order of output: a What went well / poorly section nested under
	// another ("Lessons learned") comes out after it as a top section of its
	// own, so that the page shows it where the site shows those sections.
	type unit struct {
		s     *section
		level int
		top   bool
	}
	var units []unit
	for i := 0; i < len(c.secs); i++ {
		s := c.secs[i]
		if drop[s] {
			continue
		}
		if s.level == 0 || s == c.titleSec || s.level != minLevel {
			units = append(units, unit{s, s.level + shift, false})
			continue
		}
		ext := extent(c.secs, i)
		var moved []unit
		for j := 0; j < len(ext); j++ {
			x := ext[j]
			if drop[x] {
				continue
			}
			if j > 0 && x.level == s.level+1 && (x.kind == "well" || x.kind == "better") {
				sub := extent(ext, j)
				for k, y := range sub {
					if !drop[y] {
						moved = append(moved, unit{y, y.level + shift - 1, k == 0})
					}
				}
				c.mapped("body", x.num, "%q, under %q, made a section of its own", x.title, s.title)
				j += len(sub) - 1
				continue
			}
			units = append(units, unit{x, x.level + shift, j == 0})
		}
		units = append(units, moved...)
		i += len(ext) - 1
	}
	wrapped := map[string]bool{}
	demote, wrapKind := 0, ""
	for _, u := range units {
		s := u.s
		if s.level == 0 || s == c.titleSec {
			emit(s.lines)
			continue
		}
		if u.top {
			demote = 0
			k := s.kind
			canon, ok := canonical[k]
			switch {
			case ok && strings.EqualFold(strings.TrimRight(s.title, "?: "), canon):
				wrapKind = ""
			case ok && wrapKind == k:
				demote = 1
			case ok && !wrapped[k]:
				heading(2, canon)
				wrapped[k], wrapKind, demote = true, k, 1
				c.mapped("body", s.num, "%q under %q", s.title, canon)
			default:
				wrapKind = ""
			}
			left := s.title
			if why := c.leftWhy[s.title]; why != "" {
				left += " (" + why + ")"
			}
			c.rep.LeftInBody = appendOnce(c.rep.LeftInBody, left)
		}
		heading(u.level+demote, s.title)
		emit(s.lines)
	}
	if extra := c.unmappedFrontMatter(); extra != "" {
		heading(2, "Original front matter")
		b.WriteString("```yaml\n" + extra + "```\n")
		c.rep.LeftInBody = appendOnce(c.rep.LeftInBody, "Original front matter")
	}
	text, atts := c.attachments(b.String())
	return []byte(strings.TrimRight(text, "\n") + "\n"), atts
}

// unmappedFrontMatter is the other tool's keys that went nowhere, as YAML.
func (c *conv) unmappedFrontMatter() string {
	if c.fm == nil {
		return ""
	}
	m := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(c.fm.Content); i += 2 {
		if !c.fmUsed[strings.ToLower(c.fm.Content[i].Value)] {
			m.Content = append(m.Content, c.fm.Content[i], c.fm.Content[i+1])
		}
	}
	if len(m.Content) == 0 {
		return ""
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(m); err != nil {
		return ""
	}
	enc.Close()
	return buf.String()
}

var (
	mdLinkDest = regexp.MustCompile(`(\]\()(<?)([^)\s>]+)(>?)((?:\s+"[^"]*")?\))`)
	imgSrc     = regexp.MustCompile(`(<(?:img|a|source|video)\b[^>]*?\b(?:src|href)=["'])([^"']+)(["'])`)
	refDef     = regexp.MustCompile(`^(\s{0,3}\[[^\]]+\]:\s*<?)([^\s>]+)(.*)$`)
	hasScheme  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)
)

// attachments finds files the text links to relatively, inside the
// folder the write-up was given in, and rewrites the links to their names
// in the bundle. Links that leave that folder stay as written.
func (c *conv) attachments(text string) (string, []Attachment) {
	var atts []Attachment
	byFrom := map[string]string{}
	taken := map[string]bool{"index.md": true}
	resolve := func(dest string) (string, bool) {
		if c.in.Files == nil || dest == "" || hasScheme.MatchString(dest) || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") {
			return "", false
		}
		clean := dest
		if i := strings.IndexAny(clean, "?#"); i >= 0 {
			clean = clean[:i]
		}
		if strings.HasSuffix(strings.ToLower(clean), ".md") || clean == "" {
			return "", false
		}
		if u, err := unescapePath(clean); err == nil {
			clean = u
		}
		p := path.Join(c.in.Dir, clean)
		if !fs.ValidPath(p) {
			c.guessed("attachments", 0, "%s leaves the folder the file was given in: link left as written", dest)
			return "", false
		}
		if to, ok := byFrom[p]; ok {
			return to, true
		}
		fi, err := fs.Stat(c.in.Files, p)
		if err != nil || !fi.Mode().IsRegular() {
			c.guessed("attachments", 0, "%s is not a file beside the write-up: link left as written", dest)
			return "", false
		}
		name := path.Base(p)
		base, ext := strings.TrimSuffix(name, path.Ext(name)), path.Ext(name)
		for n := 2; taken[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s-%d%s", base, n, ext)
		}
		taken[strings.ToLower(name)] = true
		byFrom[p] = name
		atts = append(atts, Attachment{From: p, To: name})
		c.rep.Attachments = append(c.rep.Attachments, name)
		c.mapped("attachments", 0, "%s copied into the bundle as %s", dest, name)
		return name, true
	}
	lines := strings.Split(text, "\n")
	fence := ""
	for i, l := range lines {
		if fence != "" {
			if strings.HasPrefix(strings.TrimLeft(l, " "), fence) {
				fence = ""
			}
			continue
		}
		if m := fenceRe.FindStringSubmatch(l); m != nil {
			fence = m[1][:3]
			continue
		}
		l = mdLinkDest.ReplaceAllStringFunc(l, func(s string) string {
			m := mdLinkDest.FindStringSubmatch(s)
			if to, ok := resolve(m[3]); ok {
				return m[1] + m[2] + to + m[4] + m[5]
			}
			return s
		})
		l = imgSrc.ReplaceAllStringFunc(l, func(s string) string {
			m := imgSrc.FindStringSubmatch(s)
			if to, ok := resolve(m[2]); ok {
				return m[1] + to + m[3]
			}
			return s
		})
		if m := refDef.FindStringSubmatch(l); m != nil {
			if to, ok := resolve(m[2]); ok {
				l = m[1] + to + m[3]
			}
		}
		lines[i] = l
	}
	return strings.Join(lines, "\n"), atts
}

func unescapePath(s string) (string, error) {
	if !strings.Contains(s, "%") {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			var v byte
			if _, err := fmt.Sscanf(s[i+1:i+3], "%02x", &v); err != nil {
				return s, err
			}
			b.WriteByte(v)
			i += 2
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String(), nil
}

// frontYAML writes the front matter in the format's key order.
func (c *conv) frontYAML(id string) []byte {
	m := &yaml.Node{Kind: yaml.MappingNode}
	str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
	add := func(k string, v *yaml.Node) { m.Content = append(m.Content, str(k), v) }
	list := func(vs []string) *yaml.Node {
		n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
		for _, v := range vs {
			n.Content = append(n.Content, str(v))
		}
		return n
	}
	text := func(k, v string) {
		if v != "" {
			add(k, str(v))
		}
	}
	texts := func(k string, vs []string) {
		if len(vs) > 0 {
			add(k, list(vs))
		}
	}
	status := c.opts.Status
	if status == "" {
		status = Draft
	}
	text("title", c.title)
	texts("aliases", c.aliases)
	text("status", status)
	text("severity", c.severity)
	if c.zone.name != c.opts.Site.TimezoneName || c.zone.reading.abbr != "" {
		text("timezone", c.zone.name)
	}
	text("started", c.started)
	text("resolved", c.resolved)
	text("impact", c.impact)
	texts("links", c.links)
	text("summary", c.summary)
	texts("services", c.services)
	texts("teams", c.teams)
	texts("tags", c.tags)
	text("author", c.author)
	if len(c.entries) > 0 {
		tl := &yaml.Node{Kind: yaml.SequenceNode}
		for _, e := range c.entries {
			em := &yaml.Node{Kind: yaml.MappingNode}
			em.Content = append(em.Content, str("at"), str(formatAt(e.at)), str("event"), str(e.event))
			if len(e.refs) > 0 {
				em.Content = append(em.Content, str("refs"), list(e.refs))
			}
			tl.Content = append(tl.Content, em)
		}
		add("timeline", tl)
	}
	var recs *yaml.Node
	if len(c.actions) > 0 {
		recs = &yaml.Node{Kind: yaml.SequenceNode}
		for i, a := range c.actions {
			rm := &yaml.Node{Kind: yaml.MappingNode}
			rm.Content = append(rm.Content, str("id"), str(fmt.Sprintf("R%d", i+1)), str("title"), str(a.title))
			if a.ticket != "" {
				rm.Content = append(rm.Content, str("ticket"), str(a.ticket))
			}
			if a.tracking != "" {
				rm.Content = append(rm.Content, str("tracking"), str(a.tracking))
			}
			if a.priority != "" {
				rm.Content = append(rm.Content, str("priority"), str(a.priority))
			}
			rm.Content = append(rm.Content, str("status"), str(a.status))
			if a.due != "" {
				rm.Content = append(rm.Content, str("due"), str(a.due))
			}
			recs.Content = append(recs.Content, rm)
		}
	}
	writeRecs := recs != nil && !c.rules.doneWhenRequired
	if writeRecs {
		add("recommendations", recs)
	}
	out := encode(m)
	if recs != nil && !writeRecs {
		// The format needs a done_when that the write-up does not give:
		// the recommendations are kept ready, commented, for the writer
		// to complete.
		var b bytes.Buffer
		b.Write(out)
		b.WriteString("# Recommendations read from the action items. Each needs a done_when\n")
		b.WriteString("# (how the team will know it is done) that the write-up does not say:\n")
		b.WriteString("# add it, then remove the # signs.\n")
		for _, l := range strings.Split(strings.TrimRight(string(encode(&yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{str("recommendations"), recs}})), "\n"), "\n") {
			b.WriteString("# " + l + "\n")
		}
		out = b.Bytes()
		c.guessed("recommendations", 0, "written as a comment in the front matter: a %s needs done_when on each, which the text does not give", status)
	}
	return out
}

func encode(n *yaml.Node) []byte {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(n); err != nil {
		return nil
	}
	enc.Close()
	return buf.Bytes()
}
