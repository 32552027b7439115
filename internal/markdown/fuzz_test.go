package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"retro/internal/source"
)

// oneRetro resolves retro:known and its anchor #rec-R1, as an archive of
// one retrospective would.
type oneRetro struct{}

func (oneRetro) Resolve(id, anchor string) (string, error) {
	if id != "known" || anchor != "" && anchor != "rec-R1" {
		return "", fmt.Errorf("retro:%s#%s links to nothing", id, anchor)
	}
	if anchor != "" {
		return "/retros/known/#" + anchor, nil
	}
	return "/retros/known/", nil
}

var (
	// An event handler is dangerous only as an attribute, inside a tag:
	// text such as "0 onA=" is escaped and harmless (and every < the
	// renderer writes starts a real tag, since text's are escaped).
	dangerous = regexp.MustCompile(`(?i)<(script|iframe|object|embed|style|form|base|meta|link)[\s/>]|<[a-z][^<>]*\son[a-z]+\s*=`)
	linkAttr  = regexp.MustCompile(`(?i)\s(?:href|src)="([^"]*)"`)
)

// FuzzRender renders arbitrary Markdown, block and inline: no panic, no
// element or attribute that runs script, no link the URL policy refuses,
// valid UTF-8 out of valid UTF-8 in, and findings on the text's lines.
// Seeds: testdata/fuzz/FuzzRender.
func FuzzRender(f *testing.F) {
	f.Add("# Title\n\n[a](retro:known#rec-R1) <script>x</script> [b](javascript:alert(1))")
	c := New()
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		for _, render := range []func(string, source.Pos, Resolver) (string, []source.Finding){
			func(s string, p source.Pos, r Resolver) (string, []source.Finding) {
				h, _, fs := c.Block(s, p, r)
				return string(h), fs
			},
			func(s string, p source.Pos, r Resolver) (string, []source.Finding) {
				h, _, fs := c.Inline(s, p, r)
				return string(h), fs
			},
		} {
			html, fs := render(src, source.Pos{File: "f.md", Line: 10, Col: 1}, oneRetro{})
			if m := dangerous.FindString(html); m != "" {
				t.Fatalf("%q renders %q in\n%s", src, m, html)
			}
			for _, m := range linkAttr.FindAllStringSubmatch(html, -1) {
				if !Allowed(m[1]) {
					t.Fatalf("%q renders a link the policy refuses: %q", src, m[1])
				}
			}
			if utf8.ValidString(src) && !utf8.ValidString(html) {
				t.Fatalf("%q renders invalid UTF-8", src)
			}
			for _, fd := range fs {
				if fd.Pos.File != "f.md" || fd.Pos.Line < 10 || fd.Pos.Line > 10+lines {
					t.Fatalf("finding outside the text: %v", fd)
				}
			}
		}
	})
}

// FuzzRetroLinks resolves arbitrary retro: destinations: a link either
// resolves to the retrospective's page or is a finding, never a raw retro:
// href. Seeds: testdata/fuzz/FuzzRetroLinks.
func FuzzRetroLinks(f *testing.F) {
	f.Add("known#rec-R1")
	c := New()
	f.Fuzz(func(t *testing.T, dest string) {
		src := "See [the other](retro:" + dest + ")."
		html, _, fs := c.Block(src, source.Pos{File: "f.md", Line: 1, Col: 1}, oneRetro{})
		if strings.Contains(strings.ToLower(string(html)), `href="retro:`) {
			t.Fatalf("%q left a retro: href: %s", dest, html)
		}
		for _, m := range linkAttr.FindAllStringSubmatch(string(html), -1) {
			if !strings.HasPrefix(m[1], "/retros/known/") && !Allowed(m[1]) {
				t.Fatalf("%q: href %q", dest, m[1])
			}
		}
		for _, fd := range fs {
			if fd.Pos.Line != 1 {
				t.Fatalf("finding off the link's line: %v", fd)
			}
		}
	})
}

// FuzzPlainText holds Inline's shortcut for plain sentences to goldmark:
// whatever plainText accepts, goldmark renders to the same HTML and text.
// Seeds: testdata/fuzz/FuzzPlainText.
func FuzzPlainText(f *testing.F) {
	for _, s := range []string{
		"On-call acknowledges the page", "  Failover starts (slot 3 of 4), 47% done  ",
		"Retry #2 at 09:10", "a - b", "CPU 90%; p99 = 2 s", "über Straße 1/2 (ça va)", "x  y", "-",
	} {
		f.Add(s)
	}
	c := New()
	f.Fuzz(func(t *testing.T, src string) {
		text, ok := plainText(src)
		if !ok {
			return
		}
		d := parse(c.inline, []byte(src), source.Pos{}, nil, false)
		h, _ := c.Render(d, oneRetro{})
		want := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(string(h)), "<p>"), "</p>")
		if text != want {
			t.Fatalf("%q: shortcut HTML %q, goldmark %q", src, text, want)
		}
		if plain := PlainText(d); text != plain {
			t.Fatalf("%q: shortcut text %q, goldmark %q", src, text, plain)
		}
	})
}
