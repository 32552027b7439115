package search

import (
	"os"
	"testing"
)

func TestSynthSize(t *testing.T) {
	n := 1000
	if os.Getenv("N") == "10000" {
		n = 10000
	}
	dir := "/tmp/synth"
	os.RemoveAll(dir)
	st, err := Build(dir, SyntheticDocuments(n, 1))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", st)
}
