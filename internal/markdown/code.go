package markdown

import (
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeRenderer highlights fenced code with chroma, with CSS classes only so
// that the theme's stylesheet decides colours (light, dark and print).
type codeRenderer struct{}

func (codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, renderCode)
	reg.Register(ast.KindCodeBlock, renderCode)
}

var formatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))

func renderCode(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	var code strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	lang := ""
	if f, ok := n.(*ast.FencedCodeBlock); ok && f.Info != nil {
		lang, _, _ = strings.Cut(strings.TrimSpace(string(f.Info.Segment.Value(src))), " ")
	}
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	// tabindex lets keyboard users scroll a wide block (axe: scrollable-region-focusable).
	_, _ = w.WriteString(`<pre class="chroma" tabindex="0"><code`)
	if lang != "" {
		_, _ = w.WriteString(` class="language-`)
		_, _ = w.WriteString(escapeAttr(lang))
		_, _ = w.WriteString(`"`)
	}
	_, _ = w.WriteString(">")
	if lexer == nil {
		_, _ = w.WriteString(escapeText(code.String()))
	} else if it, err := chroma.Coalesce(lexer).Tokenise(nil, code.String()); err != nil {
		_, _ = w.WriteString(escapeText(code.String()))
	} else if err := formatter.Format(w, styles.Fallback, it); err != nil {
		return ast.WalkStop, err
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
)

func escapeText(s string) string { return textEscaper.Replace(s) }
func escapeAttr(s string) string { return attrEscaper.Replace(s) }

// Stylesheet is chroma's CSS: a light style for light screens and print, a
// dark one for dark screens. Each sits in its own media query so that a
// token class only one style defines never mixes a light colour into the
// dark scheme.
func Stylesheet() (string, error) {
	var b strings.Builder
	css := chromahtml.New(chromahtml.WithClasses(true))
	for _, s := range []struct{ media, style string }{
		{"print, (prefers-color-scheme: light)", "github"},
		{"screen and (prefers-color-scheme: dark)", "github-dark"},
	} {
		b.WriteString("@media " + s.media + " {\n")
		if err := css.WriteCSS(&b, styles.Get(s.style)); err != nil {
			return "", err
		}
		b.WriteString("}\n")
	}
	return b.String(), nil
}
