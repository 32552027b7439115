// Package markdown sets up goldmark and chroma the one way retro renders
// Markdown: GFM, footnotes, typographer and heading ids; raw HTML off; a URL
// policy that emits only http, https, mailto and relative links; retro:<id>
// links resolved to incident pages; code highlighted with CSS classes.
package markdown

import (
	"bytes"
	"html"
	"html/template"
	"strings"

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
	var b bytes.Buffer
	if err := d.md.Renderer().Render(&b, d.src, d.root); err != nil {
		fs.Errorf(d.pos, "markdown", "rendering failed: %v", err)
	}
	return template.HTML(b.String()), fs
}

// RenderNode renders one top-level node of d (after Links).
func (c *Converter) RenderNode(d *Doc, n ast.Node) template.HTML {
	var b bytes.Buffer
	_ = d.md.Renderer().Render(&b, d.src, n)
	return template.HTML(b.String())
}

// Inline renders a one-paragraph text without its <p>.
func (c *Converter) Inline(src string, pos source.Pos, res Resolver) (template.HTML, string, source.Findings) {
	if src == "" {
		return "", "", nil
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
