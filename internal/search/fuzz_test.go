package search

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
)

var (
	fuzzOnce  sync.Once
	fuzzIndex *Index
	fuzzErr   error
)

// FuzzQuery runs arbitrary queries against a small index: each one either
// answers or is a QueryError (a 400 from retro serve), never a panic or
// another error (a 500). Seeds: testdata/fuzz/FuzzQuery.
func FuzzQuery(f *testing.F) {
	f.Add(`"cache stampede" +service:checkout-api -dns started:>="2025-01-01"`)
	dir := f.TempDir()
	fuzzOnce.Do(func() {
		if _, fuzzErr = Build(dir, mappingDocs()); fuzzErr == nil {
			fuzzIndex, fuzzErr = Open(filepath.Join(dir, IndexDir))
		}
	})
	if fuzzErr != nil {
		f.Fatal(fuzzErr)
	}
	f.Fuzz(func(t *testing.T, q string) {
		_, err := fuzzIndex.Search(q, 5)
		var qe *QueryError
		if err != nil && !errors.As(err, &qe) {
			t.Fatalf("%q: %v is not a QueryError", q, err)
		}
	})
}
