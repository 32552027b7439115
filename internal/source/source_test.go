package source

import (
	"errors"
	"strings"
	"testing"
)

func TestReadDocument(t *testing.T) {
	doc, err := ReadDocument("a.md", []byte("\ufeff---\r\ntitle: x\r\nlist: [1, 2]\r\n---\r\nbody\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if doc.BodyLine != 5 || !strings.HasPrefix(string(doc.Body), "body") {
		t.Errorf("body at %d: %q", doc.BodyLine, doc.Body)
	}
	// Positions are file positions: the first key is on line 2.
	if k := doc.FrontMatter.Content[0]; k.Line != 2 || k.Column != 1 {
		t.Errorf("title key at %d:%d", k.Line, k.Column)
	}
	if v := doc.FrontMatter.Content[3]; v.Line != 3 || v.Column != 7 {
		t.Errorf("list value at %d:%d", v.Line, v.Column)
	}
}

func TestReadDocumentErrors(t *testing.T) {
	for src, want := range map[string]string{
		"no front matter":                   "a.md:1:1: missing front matter",
		"---\ntitle: x\n":                   "a.md:1:1: front matter is not terminated",
		"---\ntitle: x\ntitle: y\n---\n":    `a.md:3:1: duplicate key "title" (first at line 2)`,
		"---\ntitle: x\n\tstatus: y\n---\n": "a.md:3:1: invalid YAML",
		"---\ntitle: a: b\n---\n":           "a.md:2:9: invalid YAML: mapping values are not allowed",
		"---\na: 1\nb: @x\n---\n":           "a.md:3:4: invalid YAML: found character that cannot start any token",
	} {
		_, err := ReadDocument("a.md", []byte(src))
		var f Finding
		if !errors.As(err, &f) {
			t.Errorf("%q: %v is not a finding", src, err)
			continue
		}
		if !strings.HasPrefix(f.String(), want) {
			t.Errorf("%q:\n got %s\nwant %s…", src, f, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"severity", "services", "status", "summary"}
	for in, want := range map[string]string{"sevrity": "severity", "Status": "status", "servics": "services", "zzzzzzzz": ""} {
		if got := Suggest(in, known); got != want {
			t.Errorf("Suggest(%q) = %q, want %q", in, got, want)
		}
	}
}
