package markdown

import (
	"errors"
	"strings"
	"testing"

	"retro/internal/source"
)

func TestAllowed(t *testing.T) {
	for dest, want := range map[string]bool{
		"https://example.com/x":      true,
		"http://example.com":         true,
		"mailto:oncall@example.com":  true,
		"/retros/x/":                 true,
		"../x.png":                   true,
		"#rec-R1":                    true,
		"?q=1":                       true,
		"javascript:alert(1)":        false,
		"JavaScript:alert(1)":        false,
		"java\tscript:alert(1)":      false,
		"javascript&#58;alert(1)":    false,
		" javascript:alert(1)":       false,
		"vbscript:msgbox":            false,
		"data:text/html;base64,PHNj": false,
		"file:///etc/passwd":         false,
		"ftp://example.com":          false,
	} {
		if got := Allowed(dest); got != want {
			t.Errorf("Allowed(%q) = %v, want %v", dest, got, want)
		}
	}
}

type resolver map[string]string

func (r resolver) Resolve(id, anchor string) (string, error) {
	u, ok := r[id]
	if !ok {
		return "", errors.New("no " + id)
	}
	if anchor != "" {
		u += "#" + anchor
	}
	return u, nil
}

func TestInline(t *testing.T) {
	c := New()
	pos := source.Pos{File: "x.md", Line: 5, Col: 10}
	html, text, fs := c.Inline("See [a](retro:known#rec-R1), [b](retro:gone) and [c](javascript:x) <b>x</b> \"q\"", pos, resolver{"known": "/retros/known/"})
	for _, w := range []string{`<a href="/retros/known/#rec-R1">a</a>`, "b and c", "&ldquo;q&rdquo;"} {
		if !strings.Contains(string(html), w) {
			t.Errorf("html lacks %s: %s", w, html)
		}
	}
	for _, bad := range []string{"<p>", "<b>", "javascript", "retro:"} {
		if strings.Contains(string(html), bad) {
			t.Errorf("html has %s: %s", bad, html)
		}
	}
	if !strings.Contains(text, "\u201cq\u201d") {
		t.Errorf("text keeps entities: %q", text)
	}
	if len(fs) != 1 || fs[0].Pos != (source.Pos{File: "x.md", Line: 5, Col: 39}) {
		t.Errorf("findings: %v", fs)
	}
}

func TestCodeHighlighting(t *testing.T) {
	c := New()
	html, _, _ := c.Block("```go\nfunc main() {}\n```\n\n```nosuchlang\n<x>\n```\n", source.Pos{}, nil)
	s := string(html)
	if !strings.Contains(s, `<pre class="chroma" tabindex="0"><code class="language-go">`) || !strings.Contains(s, `<span class="kd">func</span>`) {
		t.Errorf("go not highlighted: %s", s)
	}
	if strings.Contains(s, "style=") {
		t.Error("inline styles")
	}
	if !strings.Contains(s, "&lt;x&gt;") {
		t.Error("unknown language not escaped")
	}
}

func TestKnown(t *testing.T) {
	for title, want := range map[string]string{
		"What went well?":                     "what-went-well",
		"what could have been done  better":   "what-could-have-been-done-better",
		"ANALYSIS":                            "analysis",
		"Appendix":                            "",
		"What could have been done better ? ": "what-could-have-been-done-better",
	} {
		if got := Known(title); got != want {
			t.Errorf("Known(%q) = %q, want %q", title, got, want)
		}
	}
}

func TestInlineStaysPhrasing(t *testing.T) {
	c := New()
	html, _, _ := c.Inline("- not a list\n# not a heading\n\nsecond | para\n\n```\ncode\n```", source.Pos{}, nil)
	s := string(html)
	for _, bad := range []string{"<ul", "<li", "<h1", "<p", "<pre", "<table"} {
		if strings.Contains(s, bad) {
			t.Errorf("inline text produced %s: %s", bad, s)
		}
	}
	if !strings.Contains(s, "<br>") {
		t.Errorf("paragraphs are not kept apart: %s", s)
	}
}

func TestHeadingIDsAvoidPageAnchors(t *testing.T) {
	c := New()
	ids := NewIDs([]string{"summary", "timeline", "timeline-1"})
	d := c.Parse([]byte("## Timeline\n\n### Summary\n\n## Timeline\n\n## Notes\n\n## Notes\n"), source.Pos{}, ids, true)
	html, _ := c.Render(d, nil)
	for _, want := range []string{`id="timeline-section"`, `id="summary-section"`, `id="timeline-section-1"`, `id="notes"`, `id="notes-1"`} {
		if !strings.Contains(string(html), want) {
			t.Errorf("no %s in %s", want, html)
		}
	}
}
