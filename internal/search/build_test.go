package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

var measure = flag.Int("measure", 0, "build this many synthetic documents with each method and report sizes and first-query bytes")

// BenchmarkBuild builds 1,000 synthetic retrospectives with each method and
// reports the sizes of what it writes.
func BenchmarkBuild(b *testing.B) {
	docs := SyntheticDocuments(1000, 1)
	for _, m := range []Method{Offline, Batches} {
		b.Run(m.String(), func(b *testing.B) {
			var st Stats
			for b.Loop() {
				dir := b.TempDir()
				var err error
				if st, err = BuildWith(dir, docs, Options{Method: m}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(st.IndexBytes), "index-bytes")
			b.ReportMetric(float64(st.IndexFiles), "index-files")
			b.ReportMetric(float64(st.BrowserBytes), "browser-bytes")
			b.ReportMetric(float64(st.BrowserFiles), "browser-files")
			b.ReportMetric(st.IndexTime.Seconds(), "index-s")
			b.ReportMetric(st.BrowserTime.Seconds(), "browser-s")
		})
	}
}

// firstQueries are typical first queries for the bytes measurement.
var firstQueries = []string{
	"queue",
	"has the queue ever backed up during a sale?",
	"cache stampede",
	"failover replication slot",
	"certificate expired",
	"dns timeout retry storm",
	"service:checkout-api deploy rollback",
	"kubernetes oom killed pods",
}

// TestMeasure (go test ./internal/search -run TestMeasure -measure 10000 -v)
// builds synthetic archives with both methods and reports build time and
// sizes, and what a first query on a fresh page fetches, raw and gzipped.
func TestMeasure(t *testing.T) {
	if *measure == 0 {
		t.Skip("run with -measure N")
	}
	docs := SyntheticDocuments(*measure, 1)
	var dir string
	for _, m := range []Method{Batches, Offline} {
		dir = t.TempDir()
		st, err := BuildWith(dir, docs, Options{Method: m})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-8s %6d docs: index %6.2fs %6.1f MB in %d files; browser %5.2fs %6.1f MB in %d files (%d shards, %d own, %d chunks, %d terms)",
			m, st.Docs, st.IndexTime.Seconds(), mb(st.IndexBytes), st.IndexFiles, st.BrowserTime.Seconds(),
			mb(st.BrowserBytes), st.BrowserFiles, st.BrowserShards, st.BrowserOwn, st.BrowserChunks, st.BrowserTerms)
	}
	node(t)
	browser := filepath.Join(dir, BrowserDir)
	qf, of := filepath.Join(dir, "q.json"), filepath.Join(dir, "out.json")
	b, _ := json.Marshal(firstQueries)
	if err := os.WriteFile(qf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	runNode(t, "rank.js", browser, qf, of, "10")
	var res []struct {
		Total   int
		Bytes   int
		Fetched []string
		Error   string
	}
	b, err := os.ReadFile(of)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatal(err)
	}
	for i, q := range firstQueries {
		r := res[i]
		if r.Error != "" {
			t.Fatalf("%q: %s", q, r.Error)
		}
		gz, parts := 0, map[string]int{}
		for _, f := range r.Fetched {
			raw, err := os.ReadFile(filepath.Join(browser, f))
			if err != nil {
				t.Fatal(err)
			}
			gz += gzipLen(raw)
			kind := filepath.Dir(f)
			if kind == "." {
				kind = f
			}
			parts[kind] += len(raw)
		}
		var ps []string
		for k, v := range parts {
			ps = append(ps, fmt.Sprintf("%s %.1f", k, float64(v)/1024))
		}
		sort.Strings(ps)
		t.Logf("first query %-45q %5d hits: %3d files, %6.1f KB raw, %5.1f KB gzip (KB: %v)",
			q, r.Total, len(r.Fetched), float64(r.Bytes)/1024, float64(gz)/1024, ps)
	}
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}
