package source

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzReadDocument splits and parses arbitrary files: it never panics, an
// error is always a finding inside the file, and a body is always the end
// of the file. Seeds: testdata/fuzz/FuzzReadDocument (the sample archive
// and broken variants).
func FuzzReadDocument(f *testing.F) {
	f.Add([]byte("---\ntitle: x\n---\nbody\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		doc, err := ReadDocument("f.md", data)
		if err != nil {
			var fd Finding
			if !errors.As(err, &fd) {
				t.Fatalf("error is not a finding: %v", err)
			}
			if fd.Pos.File != "f.md" || fd.Pos.Line < 1 || fd.Pos.Line > lines || fd.Pos.Col < 1 {
				t.Fatalf("finding outside the file (%d lines): %v", lines, fd)
			}
			return
		}
		if !bytes.HasSuffix(data, doc.Body) {
			t.Fatal("the body is not the end of the file")
		}
		if doc.BodyLine < 2 || doc.BodyLine > lines+1 {
			t.Fatalf("body line %d in a file of %d lines", doc.BodyLine, lines)
		}
	})
}
