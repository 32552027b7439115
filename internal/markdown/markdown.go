// Package markdown sets up goldmark and chroma the one way retro renders
// Markdown: GFM, footnotes, typographer and heading ids; raw HTML off; a URL
// policy that emits only http, https, mailto and relative links; retro:<id>
// links resolved to incident pages; code highlighted with CSS classes.
package markdown

import (
	"bufio"
	"html"
	"html/template"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"retro/internal/source"
)

// Resolver turns retro:<id>[#anchor] into a URL. It returns "" with a nil
// error when the target exists but is not on this site (a draft left out),
// so the text stays and no link breaks.
type Resolver interface {
	Resolve(id, anchor string) (url string, err error)
}

// Converter renders Markdown. It is safe for concurrent use.
type Converter struct {
	md goldmark.Markdown
	// inline parses texts that the SPEC says are inline Markdown: only
	// paragraphs, so that a "- " or "# " in a summary stays text and the
	// result always fits inside a <p>, <li> or <span>.
	inline goldmark.Markdown
	// writers are buffered writers for the renderer, reused: goldmark wraps
	// any other writer in a new 4 KiB bufio.Writer on every call, which was
	// a tenth of all the build's allocation.
	writers sync.Pool
}

// New returns the converter every page uses.
func New() *Converter {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(
			util.Prioritized(codeRenderer{}, 100),
		)),
	)
	inline := goldmark.New(
		goldmark.WithParser(parser.NewParser(
			parser.WithBlockParsers(util.Prioritized(parser.NewParagraphParser(), 100)),
			parser.WithInlineParsers(parser.DefaultInlineParsers()...),
			parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		)),
		goldmark.WithExtensions(extension.Strikethrough, extension.Linkify, extension.Typographer),
	)
	return &Converter{md: md, inline: inline}
}

// Doc is a parsed Markdown text, between parsing and rendering: the body of
// every retrospective is parsed first so that retro: links can name any
// heading of any other.
type Doc struct {
	md   goldmark.Markdown
	src  []byte
	root ast.Node
	pos  source.Pos // where src starts in its file
	// Multiline is true when src is the body (positions are exact), false
	// for a YAML value (positions are the value's).
	multiline bool
}

// Parse parses src. ids decides heading ids; reserved anchors of the page
// are put there first so that no heading takes them.
func (c *Converter) Parse(src []byte, pos source.Pos, ids parser.IDs, multiline bool) *Doc {
	return parse(c.md, src, pos, ids, multiline)
}

func parse(md goldmark.Markdown, src []byte, pos source.Pos, ids parser.IDs, multiline bool) *Doc {
	ctx := parser.NewContext()
	if ids != nil {
		ctx = parser.NewContext(parser.WithIDs(ids))
	}
	root := md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	return &Doc{md: md, src: src, root: root, pos: pos, multiline: multiline}
}

// Render resolves links in d under the URL policy and renders it. Problems
// (an unknown retro: target) are findings.
func (c *Converter) Render(d *Doc, res Resolver) (template.HTML, source.Findings) {
	fs := c.Links(d, res)
	h, err := c.render(d, d.root)
	if err != nil {
		fs.Errorf(d.pos, "markdown", "rendering failed: %v", err)
	}
	return h, fs
}

// RenderNode renders one top-level node of d (after Links).
func (c *Converter) RenderNode(d *Doc, n ast.Node) template.HTML {
	h, _ := c.render(d, n)
	return h
}

func (c *Converter) render(d *Doc, n ast.Node) (template.HTML, error) {
	var b strings.Builder
	w, _ := c.writers.Get().(*bufio.Writer)
	if w == nil {
		w = bufio.NewWriterSize(&b, 4096)
	} else {
		w.Reset(&b)
	}
	err := d.md.Renderer().Render(w, d.src, n)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	w.Reset(nil)
	c.writers.Put(w)
	return template.HTML(b.String()), err
}

// Inline renders a one-paragraph text without its <p>.
func (c *Converter) Inline(src string, pos source.Pos, res Resolver) (template.HTML, string, source.Findings) {
	if src == "" {
		return "", "", nil
	}
	if t, ok := plainText(src); ok {
		return template.HTML(t), t, nil
	}
	d := parse(c.inline, []byte(src), pos, nil, false)
	h, fs := c.Render(d, res)
	// Only paragraphs can come out: drop their tags, and keep the breaks
	// between several as line breaks.
	s := strings.TrimSpace(string(h))
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<p>"), "</p>")
	s = strings.ReplaceAll(s, "</p>\n<p>", "<br>\n")
	return template.HTML(s), PlainText(d), fs
}

// plainText returns src as its HTML and text when inline Markdown would
// render it as itself: no character that emphasis, code, links, escapes,
// entities, linkify or the typographer act on, and no line break. Most
// front-matter texts (events, titles, failures) are such plain sentences,
// and going through goldmark for them was most of the build's Markdown
// time. FuzzPlainText holds this to goldmark's own output.
func plainText(src string) (string, bool) {
	for i := 0; i < len(src); i++ {
		if b := src[i]; b < ' ' || b == 0x7f || strings.IndexByte("*_`[]!<>&\\~'\":@", b) >= 0 {
			return "", false // a control character (goldmark replaces NUL), or markup
		}
	}
	if strings.Contains(src, "--") || strings.Contains(src, "..") || strings.Contains(src, "www.") {
		return "", false
	}
	// Leading spaces are goldmark's to judge (four of them start no
	// paragraph at all); YAML has already trimmed them from most values.
	if src == "" || strings.TrimSpace(src) != src || !utf8.ValidString(src) {
		return "", false
	}
	return src, true
}

// Block renders a block text (review notes, collection descriptions).
func (c *Converter) Block(src string, pos source.Pos, res Resolver) (template.HTML, string, source.Findings) {
	if src == "" {
		return "", "", nil
	}
	d := c.Parse([]byte(src), pos, nil, true)
	h, fs := c.Render(d, res)
	return h, PlainText(d), fs
}

// Root is the document node, for splitting into sections.
func (d *Doc) Root() ast.Node { return d.root }

// Source is the text d was parsed from.
func (d *Doc) Source() []byte { return d.src }

// PlainText is the text content of d, blocks separated by newlines, for
// search and feeds.
func PlainText(d *Doc) string { return NodeText(d, d.root) }

// NodeText is the text content of n.
func NodeText(d *Doc, n ast.Node) string {
	var b strings.Builder
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch x := n.(type) {
		case *ast.Text:
			if entering {
				b.Write(x.Segment.Value(d.src))
				if x.SoftLineBreak() || x.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				// The typographer's quotes and dashes are entities.
				b.WriteString(html.UnescapeString(string(x.Value)))
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if entering {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					b.Write(seg.Value(d.src))
				}
			}
		default:
			if !entering && n.Type() == ast.TypeBlock && b.Len() > 0 {
				b.WriteByte('\n')
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}
