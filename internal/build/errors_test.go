package build

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the expected findings in testdata")

// TestFindings loads each testdata/errors/*.txtar site and compares what
// check finds with the archive's comment, line for line: every rule has a
// failing input there, with its exact path:line:col.
func TestFindings(t *testing.T) {
	files, err := filepath.Glob("testdata/errors/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ar := txtar.Parse(data)
			_, fs, err := Load(Options{Source: site(t, string(data)), Drafts: true, Now: fixedNow})
			if err != nil {
				t.Fatal(err)
			}
			got := findingsText(fs)
			if *update {
				ar.Comment = []byte(got)
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if want := string(ar.Comment); got != want {
				t.Errorf("findings differ\n got:\n%s\nwant:\n%s", got, want)
			}
			if got == "" {
				t.Error("a failing input found nothing")
			}
		})
	}
}
