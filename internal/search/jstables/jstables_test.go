package jstables

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// assets is the folder of the search page's modules.
const assets = "../../../themes/default/assets/search"

// TestGeneratedUpToDate requires the generated tables in the theme to be
// what this package generates now, from this Go and this bleve.
func TestGeneratedUpToDate(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(assets, name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is out of date: run go generate ./internal/search/jstables", name)
		}
	}
}

// TestStopWords: bleve's list has the words the page relies on, with
// their apostrophes.
func TestStopWords(t *testing.T) {
	sw := StopWords()
	if len(sw) < 150 {
		t.Fatalf("%d stop words", len(sw))
	}
	for _, w := range []string{"a", "the", "aren't", "yourselves"} {
		found := false
		for _, s := range sw {
			found = found || s == w
		}
		if !found {
			t.Errorf("%q is not a stop word", w)
		}
	}
}
