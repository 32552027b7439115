package build

import (
	"github.com/yuin/goldmark/ast"

	"retro/internal/markdown"
)

// idsOf lists the id of every heading of doc.
func idsOf(doc *markdown.Doc) map[string]bool {
	ids := map[string]bool{}
	_ = ast.Walk(doc.Root(), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering {
			if v, ok := h.AttributeString("id"); ok {
				if b, ok := v.([]byte); ok {
					ids[string(b)] = true
				}
			}
		}
		return ast.WalkContinue, nil
	})
	return ids
}
