package markdown

import (
	"html"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"

	"retro/internal/source"
)

var scheme = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*):`)

// Allowed reports whether a link destination may be emitted: http, https,
// mailto, or a relative reference. Browsers ignore tabs, newlines and
// control characters inside a scheme and decode entities, so the check runs
// on what a browser would see.
func Allowed(dest string) bool {
	s := html.UnescapeString(dest)
	s = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, s)
	m := scheme.FindStringSubmatch(s)
	if m == nil {
		// A colon before any / ? # would still make a scheme to a browser.
		if i := strings.IndexAny(s, ":/?#"); i >= 0 && s[i] == ':' {
			return false
		}
		return true
	}
	switch strings.ToLower(m[1]) {
	case "http", "https", "mailto":
		return true
	}
	return false
}

// Links applies the URL policy to every link and image of d and resolves
// retro: links. It runs once per Doc, before rendering.
func (c *Converter) Links(d *Doc, res Resolver) source.Findings {
	var fs source.Findings
	var unwrap []ast.Node
	_ = ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch x := n.(type) {
		case *ast.Link:
			dest := string(x.Destination)
			if rest, ok := strings.CutPrefix(dest, "retro:"); ok {
				url := ""
				if res != nil {
					id, anchor, _ := strings.Cut(rest, "#")
					var err error
					if url, err = res.Resolve(id, anchor); err != nil {
						fs.Errorf(d.position(x), "retro-link", "%v", err).Hint = "link to an existing retrospective id, with an anchor it has (#rec-R1, #problem-<id>, #timeline-3, …)"
						url = ""
					}
				}
				if url == "" {
					unwrap = append(unwrap, x)
				} else {
					x.Destination = []byte(url)
				}
			} else if !Allowed(dest) {
				unwrap = append(unwrap, x)
			}
		case *ast.AutoLink:
			if !Allowed(string(x.URL(d.src))) {
				unwrap = append(unwrap, x)
			}
		case *ast.Image:
			if !Allowed(string(x.Destination)) || strings.HasPrefix(string(x.Destination), "retro:") {
				unwrap = append(unwrap, x)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unwrap {
		replaceWithText(d, n)
	}
	return fs
}

// replaceWithText keeps what a reader sees of a link that may not be
// emitted: a link's children, an image's alt text, an autolink's text.
func replaceWithText(d *Doc, n ast.Node) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	switch x := n.(type) {
	case *ast.Link:
		for c := x.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
	case *ast.Image:
		parent.InsertBefore(parent, n, ast.NewString([]byte(NodeText(d, x))))
	case *ast.AutoLink:
		parent.InsertBefore(parent, n, ast.NewString(x.Label(d.src)))
	}
	parent.RemoveChild(parent, n)
}

// position is where a node's first text is, in file terms.
func (d *Doc) position(n ast.Node) source.Pos {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	p := d.pos
	if off < 0 {
		return p
	}
	// The link's text starts one byte after its [.
	if off > 0 && d.src[off-1] == '[' {
		off--
	}
	line := 1 + strings.Count(string(d.src[:off]), "\n")
	col := off - (strings.LastIndexByte(string(d.src[:off]), '\n') + 1) + 1
	if d.multiline || line > 1 {
		p.Line += line - 1
		p.Col = col
	} else {
		p.Col += col - 1
	}
	return p
}
