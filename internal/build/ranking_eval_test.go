package build

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"retro/internal/search"
)

// evalArchive is an archive with judged queries: for each query, the
// retrospectives a reader would want to see first, written down by reading
// them, never by running the query.
type evalArchive struct {
	name    string
	source  string // the archive's folder
	queries string // the judged queries (see testdata/eval/sample-queries.txt)
	// floor is the mean precision at 3 the ranking achieves today (BM25
	// with the title counted twice, phrase pairs): the test fails if a
	// change to the index or the queries lowers it. Before (TF-IDF, a
	// title clause, no pairs, labels not words) it was 0.9345 on the
	// sample, 0.8365 on Harbourline and 0.9394 on the public post-mortems.
	floor float64
}

var evalArchives = []evalArchive{
	{name: "sample", source: "../..", queries: "testdata/eval/sample-queries.txt", floor: 0.940476},
	// Harbourline's write-ups are legacy post-mortems, written here.
	{name: "harbourline", source: "testdata/eval/harbourline",
		queries: "testdata/eval/harbourline/queries.txt", floor: 0.993710},
	// Real post-mortems (DFDS, PostHog), imported by retro import.
	{name: "public", source: "testdata/eval/public",
		queries: "testdata/eval/public/queries.txt", floor: 0.909090},
}

// judgedQuery is one line of a queries file: `query => id id ...`.
type judgedQuery struct {
	query    string
	relevant []string
	line     int
}

func readJudged(path string) ([]judgedQuery, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []judgedQuery
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		q, ids, ok := strings.Cut(line, "=>")
		if !ok || strings.TrimSpace(q) == "" || len(strings.Fields(ids)) == 0 {
			return nil, fmt.Errorf("%s:%d:1: want `query => id id ...`", path, n)
		}
		out = append(out, judgedQuery{query: strings.TrimSpace(q), relevant: strings.Fields(ids), line: n})
	}
	return out, sc.Err()
}

// precisionAt3 is the share of the first three hits that are relevant, out
// of the most that could be: a query with one relevant retrospective scores
// 1 when it is in the top three.
func precisionAt3(hits []string, relevant []string) float64 {
	good := 0
	for _, h := range hits[:min(3, len(hits))] {
		for _, r := range relevant {
			if h == r {
				good++
				break
			}
		}
	}
	return float64(good) / float64(min(3, len(relevant)))
}

// TestRankingEvaluation builds the search index of each evaluation archive
// as `retro build` does, runs every judged query through the index as
// `retro search` does, and requires the mean precision at 3 to stay at
// least at the archive's floor. `go test -run RankingEvaluation -v` shows
// each query's top three.
func TestRankingEvaluation(t *testing.T) {
	total, n := 0.0, 0
	for _, ea := range evalArchives {
		t.Run(ea.name, func(t *testing.T) {
			a, findings, err := Load(Options{Source: ea.source, Now: fixedNow})
			if err != nil || findings.Errors(false) > 0 {
				t.Fatalf("%v\n%s", err, findingsText(findings))
			}
			judged, err := readJudged(ea.queries)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]bool{}
			for _, r := range a.Retros {
				ids[r.ID] = true
			}
			for _, j := range judged {
				for _, id := range j.relevant {
					if !ids[id] {
						t.Fatalf("%s:%d: %s is not a published retrospective of the archive", ea.queries, j.line, id)
					}
				}
			}
			dir := t.TempDir()
			if _, err := search.Build(dir, searchDocuments(a)); err != nil {
				t.Fatal(err)
			}
			x, err := search.Open(filepath.Join(dir, search.IndexDir))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			sum := 0.0
			for _, j := range judged {
				res, err := x.Search(j.query, 3)
				if err != nil {
					t.Fatalf("%q: %v", j.query, err)
				}
				var hits []string
				for _, h := range res.Hits {
					hits = append(hits, h.ID)
				}
				p := precisionAt3(hits, j.relevant)
				sum += p
				t.Logf("%.2f  %-40q %v", p, j.query, hits)
			}
			mean := sum / float64(len(judged))
			total += sum
			n += len(judged)
			t.Logf("%s: precision at 3 %.6f over %d queries", ea.name, mean, len(judged))
			if mean < ea.floor-1e-9 {
				t.Errorf("%s: precision at 3 fell to %.6f, below its floor %.6f", ea.name, mean, ea.floor)
			}
		})
	}
	if n < 30 {
		t.Errorf("only %d judged queries; the evaluation needs at least 30", n)
	}
	t.Logf("all: precision at 3 %.3f over %d queries", total/float64(n), n)
}
