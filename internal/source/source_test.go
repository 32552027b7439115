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

// TestYAMLErrorLines: a syntax error is reported on the line that has it,
// not where the enclosing block began (yaml.v3's line, one early).
func TestYAMLErrorLines(t *testing.T) {
	head := "---\ntitle: A\nstatus: draft\nstarted: 2024-01-01 10:00\n"
	for _, c := range []struct{ fm, want string }{
		{"summary: \"unclosed\nimpact: x\n", "f.md:5:"},
		{"timeline:\n  - at: 10:00\n    event: x\n   bad: y\n", "f.md:8:4:"},
		{"services: [a, b\nimpact: x\n", "f.md:5:"},
		{"summary: a: b\n", "f.md:5:11:"},
		{"  impact: x\n", "f.md:5:9:"},
		{"summary: ok\n- x\n", "f.md:6:1:"},
		{"services: [a,\n  b]\nsummary: a: b\n", "f.md:7:11:"},
	} {
		_, err := ReadDocument("f.md", []byte(head+c.fm+"---\nbody\n"))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%q: %v, want %s…", c.fm, err, c.want)
		}
	}
}

func TestCheckUTF8(t *testing.T) {
	for _, c := range []struct {
		data, want string
	}{
		{"plain\nascii\n", ""},
		{"caf\u00e9 \U0001F600\n", ""},
		{"line one\ncaf\xe9\n", "f.md:2:4: invalid UTF-8 (byte 0xE9)"},
		{"\xff", "f.md:1:1: invalid UTF-8 (byte 0xFF)"},
		{"ok\n\nab\xc3", "f.md:3:3: invalid UTF-8 (byte 0xC3)"},
	} {
		err := CheckUTF8("f.md", []byte(c.data))
		got := ""
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, c.want) || (c.want == "") != (got == "") {
			t.Errorf("%q: %q, want %q", c.data, got, c.want)
		}
	}
}
