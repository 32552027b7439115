package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// IDs gives headings ids that are unique on their page and never take an
// anchor the page reserves for its structured items.
type IDs struct{ used, reserved map[string]bool }

// NewIDs reserves the given anchors.
func NewIDs(reserved []string) *IDs {
	ids := &IDs{used: make(map[string]bool, len(reserved)), reserved: make(map[string]bool, len(reserved))}
	for _, r := range reserved {
		ids.used[r] = true
		ids.reserved[r] = true
	}
	return ids
}

var nonSlug = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// Slug is a heading's text as an anchor: lowercase words joined by dashes.
func Slug(s string) string {
	s = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" || !unicode.IsLetter([]rune(s)[0]) {
		s = "section-" + s
	}
	return strings.TrimRight(s, "-")
}

func (ids *IDs) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slug(string(value))
	if ids.reserved[base] {
		// "timeline-4" for a prose section called Timeline would read as
		// the fourth timeline entry's anchor.
		base += "-section"
	}
	id := base
	for i := 1; ids.used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	ids.used[id] = true
	return []byte(id)
}

func (ids *IDs) Put(value []byte) { ids.used[string(value)] = true }

// Has reports whether id is taken on the page.
func (ids *IDs) Has(id string) bool { return ids.used[id] }

// KnownSections are the body sections the page places itself, by anchor.
var KnownSections = map[string]string{
	"what went well":                   "what-went-well",
	"what could have been done better": "what-could-have-been-done-better",
	"analysis":                         "analysis",
}

// Known returns the anchor of a known section title: case-insensitive, with
// or without a trailing question mark.
func Known(title string) string {
	t := strings.ToLower(strings.TrimSpace(title))
	t = strings.TrimSpace(strings.TrimSuffix(t, "?"))
	return KnownSections[strings.Join(strings.Fields(t), " ")]
}

// Part is a piece of a body: what comes before the first H2 (Heading nil)
// or one H2 with what follows it up to the next.
type Part struct {
	Heading *ast.Heading
	Title   string
	Anchor  string
	Nodes   []ast.Node
}

// Split cuts the body into its H2 sections. The footnote list that the
// footnote extension appends is returned apart, to close the page.
func Split(d *Doc) (parts []*Part, footnotes ast.Node) {
	cur := &Part{}
	for n := d.root.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == east.KindFootnoteList {
			footnotes = n
			continue
		}
		if h, ok := n.(*ast.Heading); ok && h.Level == 2 {
			if cur.Heading != nil || len(cur.Nodes) > 0 {
				parts = append(parts, cur)
			}
			cur = &Part{Heading: h, Title: NodeText(d, h)}
			if id, ok := h.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					cur.Anchor = string(b)
				}
			}
			continue
		}
		cur.Nodes = append(cur.Nodes, n)
	}
	if cur.Heading != nil || len(cur.Nodes) > 0 {
		parts = append(parts, cur)
	}
	return parts, footnotes
}
