package source

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Decoder reads YAML nodes into plain values, recording a finding for every
// unknown key and wrong type instead of stopping at the first, so that one
// run reports all of a file's problems.
type Decoder struct {
	Path     string
	Findings *Findings
}

// Pos is the file position of n.
func (d Decoder) Pos(n *yaml.Node) Pos { return Pos{d.Path, n.Line, n.Column} }

// Mapping is a YAML mapping whose keys were checked against a schema.
type Mapping struct {
	Node   *yaml.Node
	values map[string]*yaml.Node
	keys   map[string]*yaml.Node
}

// Get returns the value of key, or nil when it is absent or null.
func (m Mapping) Get(key string) *yaml.Node {
	v := m.values[key]
	if v == nil || isNull(v) {
		return nil
	}
	return v
}

// Has reports whether key is written, even with an empty value.
func (m Mapping) Has(key string) bool { return m.values[key] != nil }

// KeyPos is the node of key itself, for findings about the key.
func (m Mapping) Key(key string) *yaml.Node { return m.keys[key] }

// Keys are the written keys in order.
func (m Mapping) Keys() []string {
	var ks []string
	if m.Node == nil {
		return nil
	}
	for i := 0; i+1 < len(m.Node.Content); i += 2 {
		ks = append(ks, m.Node.Content[i].Value)
	}
	return ks
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// Map checks that n is a mapping whose keys are all in known, reporting
// unknown keys with the nearest known one as a hint. what names the mapping in
// messages ("front matter", "recommendation").
func (d Decoder) Map(n *yaml.Node, what string, known ...string) (Mapping, bool) {
	m := Mapping{values: map[string]*yaml.Node{}, keys: map[string]*yaml.Node{}}
	if n == nil || isNull(n) {
		return m, false
	}
	if n.Kind != yaml.MappingNode {
		d.typeError(n, what, "a mapping of keys to values")
		return m, false
	}
	m.Node = n
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(known, k.Value) {
			f := d.Findings.Errorf(d.Pos(k), "unknown-key", "unknown key %q in %s", k.Value, what)
			if s := Suggest(k.Value, known); s != "" {
				f.Hint = fmt.Sprintf("did you mean %q?", s)
			} else {
				f.Hint = "known keys: " + strings.Join(known, ", ")
			}
			continue
		}
		m.values[k.Value] = v
		m.keys[k.Value] = k
	}
	return m, true
}

// Require reports each key that m lacks, at the line of the mapping (line 1
// for the front matter itself, whose mapping starts at the file's opening ---).
func (d Decoder) Require(m Mapping, at Pos, what string, keys ...string) {
	for _, k := range keys {
		if m.Get(k) == nil {
			d.Findings.Errorf(at, "required", "%s has no %q", what, k).Hint = fmt.Sprintf("add %s: to it", k)
		}
	}
}

// String reads a scalar. Any scalar is text: `title: 2024` is the text
// "2024", which is what the writer meant.
func (d Decoder) String(n *yaml.Node, what string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		d.typeError(n, what, "text")
		return "", false
	}
	return n.Value, true
}

// Strings reads a sequence of scalars.
func (d Decoder) Strings(n *yaml.Node, what string) ([]string, []*yaml.Node) {
	seq := d.Seq(n, what)
	var out []string
	var nodes []*yaml.Node
	for _, c := range seq {
		if s, ok := d.String(c, what+" entry"); ok {
			out = append(out, s)
			nodes = append(nodes, c)
		}
	}
	return out, nodes
}

// Seq reads a sequence's items.
func (d Decoder) Seq(n *yaml.Node, what string) []*yaml.Node {
	if n == nil || isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.typeError(n, what, "a list")
		return nil
	}
	return n.Content
}

// Enum reads a scalar that must be one of allowed.
func (d Decoder) Enum(n *yaml.Node, what string, allowed ...string) (string, bool) {
	s, ok := d.String(n, what)
	if !ok {
		return "", false
	}
	if !slices.Contains(allowed, s) {
		f := d.Findings.Errorf(d.Pos(n), "enum", "%s %q is not one of %s", what, s, strings.Join(allowed, ", "))
		if sug := Suggest(s, allowed); sug != "" {
			f.Hint = fmt.Sprintf("did you mean %q?", sug)
		}
		return s, false
	}
	return s, true
}

func (d Decoder) typeError(n *yaml.Node, what, want string) {
	d.Findings.Errorf(d.Pos(n), "type", "%s must be %s, not %s", what, want, kindName(n))
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	return fmt.Sprintf("%q", n.Value)
}

// Suggest returns the candidate closest to s when it is close enough to be
// what the writer meant.
func Suggest(s string, candidates []string) string {
	best, bestDist := "", len(s)/2+2
	for _, c := range candidates {
		if d := distance(strings.ToLower(s), strings.ToLower(c)); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein edit distance.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
