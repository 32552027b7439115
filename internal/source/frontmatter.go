package source

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Document is a Markdown file split into its front matter and body.
type Document struct {
	Path        string     // as reported in findings, relative to the site
	FrontMatter *yaml.Node // the mapping between the --- lines; nil if empty
	Body        []byte
	BodyLine    int // the file line on which Body starts
	// Lines are the file's lines, for positions inside multi-line values.
	Lines []string
}

// ReadDocument splits a file that starts with a front matter block.
// Positions in the returned nodes are file positions: the front matter's
// first line is line 2 of the file.
func ReadDocument(path string, data []byte) (*Document, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, Finding{Pos: Pos{path, 1, 1}, Severity: Error, Rule: "front-matter",
			Message: "missing front matter", Hint: "start the file with a line of three dashes (---), the YAML keys, and another ---"}
	}
	line := 2
	var fm []byte
	for len(rest) > 0 {
		l, next, found := bytes.Cut(rest, []byte("\n"))
		if t := string(bytes.TrimRight(l, " \t\r")); t == "---" || t == "..." {
			doc := &Document{Path: path, Body: next, BodyLine: line + 1, Lines: strings.Split(string(data), "\n")}
			node, err := ParseYAML(path, fm, 1)
			if err != nil {
				return nil, err
			}
			doc.FrontMatter = node
			return doc, nil
		}
		fm = append(fm, l...)
		fm = append(fm, '\n')
		if !found {
			break
		}
		rest = next
		line++
	}
	return nil, Finding{Pos: Pos{path, 1, 1}, Severity: Error, Rule: "front-matter",
		Message: "front matter is not terminated", Hint: "close it with a line of three dashes (---) before the Markdown body"}
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// ParseYAML parses one YAML document and returns its top-level node (a
// mapping, normally), with lines shifted by offset so that they are file
// lines. It also rejects duplicate keys, which yaml.v3 keeps silently in
// nodes, and which would otherwise lose data without a word.
func ParseYAML(path string, data []byte, offset int) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, syntaxError(path, data, offset, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	shift(root, offset)
	if err := duplicateKeys(path, root); err != nil {
		return nil, err
	}
	return root, nil
}

func shift(n *yaml.Node, offset int) {
	n.Line += offset
	for _, c := range n.Content {
		shift(c, offset)
	}
}

func duplicateKeys(path string, n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if prev, ok := seen[k.Value]; ok {
				return Finding{Pos: Pos{path, k.Line, k.Column}, Severity: Error, Rule: "yaml",
					Message: fmt.Sprintf("duplicate key %q (first at line %d)", k.Value, prev.Line),
					Hint:    "keep one of them"}
			}
			seen[k.Value] = k
		}
	}
	for _, c := range n.Content {
		if err := duplicateKeys(path, c); err != nil {
			return err
		}
	}
	return nil
}

// syntaxError turns yaml.v3's message into a positioned finding. yaml.v3
// gives a line (omitted for the first one) but no column, so the column is
// found by looking at the line for the usual culprits.
func syntaxError(path string, data []byte, offset int, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	lines := strings.Split(string(data), "\n")
	if l, ok := firstBadLine(lines, line); ok {
		line = l
	}
	line, col := locate(lines, line, msg)
	f := Finding{Pos: Pos{path, line + offset, col}, Severity: Error, Rule: "yaml", Message: "invalid YAML: " + msg}
	switch {
	case strings.Contains(msg, "cannot start any token"):
		f.Hint = "indent with spaces, not tabs, and quote values that start with @ or `"
	case strings.Contains(msg, "mapping values are not allowed"):
		f.Hint = "quote a value that contains \": \""
	case strings.Contains(msg, "did not find expected key"):
		f.Hint = "check the indentation of this line against the keys above it"
	}
	return f
}

// firstBadLine finds the line where the YAML stops being valid, looking
// forward from yaml.v3's line: for most parser errors yaml.v3 reports where
// the enclosing block or flow began, zero-based (one line early or more),
// and the culprit is at or after it. The culprit is the first line whose
// prefix does not parse, unless a construct spanning lines (a flow list, a
// quoted string) parses again within a few lines, when the search goes on.
func firstBadLine(lines []string, from int) (int, bool) {
	if len(lines) > 2000 {
		return 0, false
	}
	var n yaml.Node
	parses := func(k int) bool { return yaml.Unmarshal([]byte(strings.Join(lines[:k], "\n")), &n) == nil }
	for k := max(from, 1); k <= len(lines); k++ {
		if parses(k) {
			continue
		}
		closed := 0
		for j := k + 1; j <= min(k+20, len(lines)) && closed == 0; j++ {
			if parses(j) {
				closed = j
			}
		}
		if closed == 0 {
			return k, true
		}
		k = closed
	}
	return 0, false
}

// locate finds the line and column yaml.v3 means: its line is sometimes the
// one before the culprit, and it never gives a column.
func locate(lines []string, line int, msg string) (int, int) {
	line = max(1, min(line, len(lines)))
	find := func(from int, match func(string) int) (int, int, bool) {
		for i := from - 1; i < len(lines); i++ {
			if c := match(lines[i]); c >= 0 {
				return i + 1, c + 1, true
			}
		}
		return 0, 0, false
	}
	var match func(string) int
	switch {
	case strings.Contains(msg, "tab character"):
		match = func(l string) int {
			if i := strings.IndexByte(l, '\t'); i >= 0 && strings.TrimLeft(l[:i], " ") == "" {
				return i
			}
			return -1
		}
	case strings.Contains(msg, "cannot start any token"):
		match = func(l string) int {
			_, v, ok := strings.Cut(l, ":")
			if !ok {
				v = strings.TrimLeft(l, " -")
			}
			t := strings.TrimLeft(v, " ")
			if t != "" && strings.ContainsRune("\t@`%", rune(t[0])) {
				return len(l) - len(t)
			}
			if i := strings.IndexByte(l, '\t'); i >= 0 && strings.TrimLeft(l[:i], " ") == "" {
				return i
			}
			return -1
		}
	case strings.Contains(msg, "mapping values are not allowed"):
		match = func(l string) int {
			if first := strings.Index(l, ": "); first >= 0 {
				if second := strings.Index(l[first+2:], ": "); second >= 0 {
					return first + 2 + second
				}
			}
			if first := strings.Index(l, ":"); first >= 0 && strings.HasPrefix(l, " ") {
				return first
			}
			return -1
		}
	}
	if match != nil {
		if l, c, ok := find(line, match); ok {
			return l, c
		}
	}
	l := lines[line-1]
	return line, len(l) - len(strings.TrimLeft(l, " ")) + 1
}
