package search

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var (
	measure     = flag.String("measure", "", "comma-separated archive sizes for TestMeasure, e.g. 1000,10000")
	measureRuns = flag.Int("measure-runs", 1, "builds per method and size in TestMeasure; times are medians")
)

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

// firstQueries are typical first queries, of one to three words, for the
// bytes measurement; longQueries are longer ones.
var (
	firstQueries = []string{
		"queue",
		"failover",
		"cache stampede",
		"certificate expired",
		"dns timeout",
		"deploy rollback",
		"failover replication slot",
		"kafka consumer lag",
		"oom killed pods",
		"service:checkout-api deploy",
	}
	longQueries = []string{
		"has the queue ever backed up during a sale?",
		"dns timeout retry storm",
		"kubernetes oom killed pods",
		"service:checkout-api deploy rollback",
	}
)

// TestMeasure (go test ./internal/search -run TestMeasure -measure
// 1000,10000 -measure-runs 3 -v) builds synthetic archives of each size
// with both methods and reports build times (medians) and sizes, then what
// a first query on a fresh page fetches: files and bytes, raw and gzipped,
// per query, and the median and worst over the typical queries. Where node
// is installed, it checks the figures against what search.js fetches.
func TestMeasure(t *testing.T) {
	if *measure == "" {
		t.Skip("run with -measure N[,N...]")
	}
	for _, f := range strings.Split(*measure, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			t.Fatalf("-measure: %q is not a size", f)
		}
		measureSize(t, n)
	}
}

func measureSize(t *testing.T, n int) {
	docs := SyntheticDocuments(n, 1)
	stats := map[Method][]Stats{}
	var dir string // the last build with the default method, kept for queries
	for run := 0; run < *measureRuns; run++ {
		for _, m := range []Method{Batches, Offline} {
			d, err := os.MkdirTemp("", "retro-measure-")
			if err != nil {
				t.Fatal(err)
			}
			st, err := BuildWith(d, docs, Options{Method: m})
			if err != nil {
				t.Fatal(err)
			}
			stats[m] = append(stats[m], st)
			if m == (Options{}).Method {
				if dir != "" {
					_ = os.RemoveAll(dir)
				}
				dir = d
			} else {
				_ = os.RemoveAll(d)
			}
		}
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	for _, m := range []Method{Batches, Offline} {
		var idx, br []float64
		for _, st := range stats[m] {
			idx = append(idx, st.IndexTime.Seconds())
			br = append(br, st.BrowserTime.Seconds())
		}
		st := stats[m][len(stats[m])-1]
		t.Logf("%-8s %6d docs: index %6.2fs (median of %v) %6.1f MB in %d files; browser %5.2fs %6.1f MB in %d files (%d shards, %d frequent, %d chunks, %d terms)",
			m, st.Docs, medianOf(idx), fmtSeconds(idx), mb(st.IndexBytes), st.IndexFiles, medianOf(br),
			mb(st.BrowserBytes), st.BrowserFiles, st.BrowserShards, st.BrowserOwn, st.BrowserChunks, st.BrowserTerms)
	}

	queries := append(slices.Clone(firstQueries), longQueries...)
	fqs, err := FirstQueries(dir, queries)
	if err != nil {
		t.Fatal(err)
	}
	browser := filepath.Join(dir, BrowserDir)
	var rawKB, gzKB, files []float64
	for i, fq := range fqs {
		gz, parts := 0, map[string]int64{}
		for _, f := range fq.Files {
			raw, err := os.ReadFile(filepath.Join(browser, f))
			if err != nil {
				t.Fatal(err)
			}
			gz += gzipLen(raw)
			kind := filepath.Dir(f)
			if kind == "." {
				kind = f
			}
			parts[kind] += int64(len(raw))
		}
		var ps []string
		for k, v := range parts {
			ps = append(ps, fmt.Sprintf("%s %.1f", k, float64(v)/1024))
		}
		sort.Strings(ps)
		res, err := Open(filepath.Join(dir, IndexDir))
		if err != nil {
			t.Fatal(err)
		}
		r, err := res.Search(fq.Query, 1)
		_ = res.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("first query %-45q %5d hits: %3d files, %6.1f KB raw, %5.1f KB gzip (KB: %v)",
			fq.Query, r.Total, len(fq.Files), float64(fq.Bytes)/1024, float64(gz)/1024, strings.Join(ps, ", "))
		if i < len(firstQueries) {
			rawKB = append(rawKB, float64(fq.Bytes)/1024)
			gzKB = append(gzKB, float64(gz)/1024)
			files = append(files, float64(len(fq.Files)))
		}
	}
	t.Logf("first query, %d docs, %d queries of 1-3 words: median %.1f KB raw (%.1f KB gzip) in %.0f files; worst %.1f KB raw (%.1f KB gzip), %.0f files",
		n, len(firstQueries), medianOf(rawKB), medianOf(gzKB), medianOf(files), slices.Max(rawKB), slices.Max(gzKB), slices.Max(files))

	// What search.js fetches is what FirstQueries says.
	if _, err := exec.LookPath("node"); err != nil {
		return
	}
	qf, of := filepath.Join(dir, "q.json"), filepath.Join(dir, "out.json")
	b, _ := json.Marshal(queries)
	if err := os.WriteFile(qf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	runNode(t, "rank.mjs", browser, qf, of, strconv.Itoa(FirstPage))
	var js []struct {
		Bytes   int64
		Fetched []string
		Error   string
	}
	b, err = os.ReadFile(of)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &js); err != nil {
		t.Fatal(err)
	}
	for i, fq := range fqs {
		if js[i].Error != "" || js[i].Bytes != fq.Bytes || len(js[i].Fetched) != len(fq.Files) {
			t.Errorf("%q: search.js fetched %d bytes in %v (%s); FirstQueries says %d in %v", fq.Query, js[i].Bytes, js[i].Fetched, js[i].Error, fq.Bytes, fq.Files)
		}
	}
}

func medianOf(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func fmtSeconds(xs []float64) string {
	var out []string
	for _, x := range xs {
		out = append(out, fmt.Sprintf("%.2f", x))
	}
	return strings.Join(out, " ")
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

func gzipLen(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, 6)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Len()
}
