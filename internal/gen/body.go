package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// body writes the Markdown body: the three standard H2 sections with
// several paragraphs each, and now and then lists, a fenced code block, an
// image (bundles) and extra trailing sections. Heading spellings vary in
// case and trailing "?" because SPEC matches them loosely.
func body(r *rand.Rand, w *writer, d *retroDoc) string {
	var b strings.Builder
	b.Grow(4096)

	heading(&b, r, "What went well")
	paragraphs(&b, w, wentWellSentences, between(r, 1, 3))
	if chance(r, 0.3) {
		bullets(&b, w, between(r, 2, 4))
	}

	heading(&b, r, "What could have been done better")
	paragraphs(&b, w, betterSentences, between(r, 1, 3))
	if chance(r, 0.4) {
		bullets(&b, w, between(r, 2, 5))
	}

	heading(&b, r, "Analysis")
	paragraphs(&b, w, analysisSentences, between(r, 2, 4))
	if len(w.links) > 0 {
		for _, l := range w.links {
			// Each link gets its own sentence so every destination appears.
			one := &writer{r: r, services: w.services, teams: w.teams, links: []string{l}}
			b.WriteString(one.sentence(pick(r, relatedSentences)))
			b.WriteString("\n\n")
		}
	}
	if d.bundle {
		b.WriteString("![Sketch of the response timeline](timeline.svg)\n\n")
	}
	if chance(r, 0.35) {
		b.WriteString(w.sentence("The relevant part of what we found on {host}:"))
		b.WriteString("\n\n")
		codeBlock(&b, r, w)
	}
	if chance(r, 0.2) {
		fmt.Fprintf(&b, "## %s\n\n", pick(r, extraSections))
		paragraphs(&b, w, analysisSentences, 1)
		if chance(r, 0.5) {
			codeBlock(&b, r, w)
		}
	}
	return b.String()
}

func heading(b *strings.Builder, r *rand.Rand, title string) {
	switch p := r.IntN(100); {
	case p < 8:
		title += "?"
	case p < 12:
		title = titleCase(title)
	}
	fmt.Fprintf(b, "## %s\n\n", title)
}

// titleCase capitalises every word of an ASCII heading.
func titleCase(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		ws[i] = capitalize(w)
	}
	return strings.Join(ws, " ")
}

func paragraphs(b *strings.Builder, w *writer, pool []string, k int) {
	for range k {
		b.WriteString(w.paragraph(pool, between(w.r, 2, 5)))
		b.WriteString("\n\n")
	}
}

func bullets(b *strings.Builder, w *writer, k int) {
	for range k {
		b.WriteString("- ")
		b.WriteString(w.sentence(pick(w.r, bulletSentences)))
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
}

// codeBlock writes a fenced block in one of several languages, with
// identifiers drawn from the same pools as the prose so the index sees them.
func codeBlock(b *strings.Builder, r *rand.Rand, w *writer) {
	lang := pick(r, languages)
	fmt.Fprintf(b, "```%s\n", lang)
	svc := pick(r, w.services)
	switch lang {
	case "yaml":
		fmt.Fprintf(b, "%s:\n  %s: %d   # was %d\n  %s: %dms\n  region: %s\n",
			svc, configKey(r), between(r, 10, 500), between(r, 1, 50), configKey(r), between(r, 50, 5000), pick(r, regions))
	case "sql":
		fmt.Fprintf(b, "SELECT %s_id, count(*)\nFROM %s\nWHERE updated_at > now() - interval '%d minutes'\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT %d;\n",
			pick(r, nouns), strings.ReplaceAll(plural(pick(r, nouns)), "-", "_"), between(r, 5, 120), between(r, 10, 50))
	case "go":
		fmt.Fprintf(b, "ctx, cancel := context.WithTimeout(ctx, %d*time.Millisecond)\ndefer cancel()\nif err := client.%s(ctx, req); err != nil {\n\treturn fmt.Errorf(\"%s: %%w\", err)\n}\n",
			between(r, 50, 3000), capitalize(pick(r, verbs)[0]), pick(r, verbs)[0])
	case "bash":
		fmt.Fprintf(b, "kubectl -n %s rollout undo deployment/%s\nkubectl -n %s get pods -l app=%s | grep -c %s\n",
			pick(r, w.teams), svc, pick(r, w.teams), svc, pick(r, errorNames))
	case "json":
		fmt.Fprintf(b, "{\"level\":\"error\",\"service\":\"%s\",\"error\":\"%s\",\"%s\":%d,\"host\":\"%s\"}\n",
			svc, pick(r, errorNames), configKey(r), between(r, 1, 9999), hostName(r, svc))
	case "python":
		fmt.Fprintf(b, "for %s in %s.scan(batch_size=%d):\n    if %s.%s:\n        %s(%s)\n",
			pick(r, nouns), svc[:strings.IndexByte(svc, '-')], between(r, 100, 5000), pick(r, nouns), configKey(r), pick(r, verbs)[0], pick(r, nouns))
	case "hcl":
		fmt.Fprintf(b, "resource \"aws_db_instance\" \"%s\" {\n  instance_class = \"db.r6g.%dxlarge\"\n  %s = %d\n}\n",
			strings.ReplaceAll(svc, "-", "_"), between(r, 1, 16), configKey(r), between(r, 1, 1000))
	default:
		for range between(r, 3, 6) {
			fmt.Fprintf(b, "%02d:%02d:%02d %s %s %s\n",
				between(r, 0, 23), between(r, 0, 59), between(r, 0, 59), hostName(r, svc), pick(r, errorNames), w.fill("{adj} {noun} {verbed}"))
		}
	}
	b.WriteString("```\n\n")
}

// timelineSVG draws the gaps between timeline entries as bars: a small,
// deterministic attachment for bundle retrospectives.
func timelineSVG(tl []entry) []byte {
	const barW, h = 12, 60
	var b strings.Builder
	width := barW * len(tl)
	fmt.Fprintf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Minutes between timeline entries\">\n", width, h, width, h)
	for k := 1; k < len(tl); k++ {
		mins := int(tl[k].at.Sub(tl[k-1].at).Minutes())
		bar := min(h, 4+mins/3)
		fmt.Fprintf(&b, "  <rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#4a6fa5\"/>\n", k*barW, h-bar, barW-2, bar)
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}
