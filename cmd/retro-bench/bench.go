package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"retro/internal/gen"
	"retro/internal/search"
)

// row is the result for one archive size. Build figures are medians over
// the runs; output figures come from the last run (builds are meant to be
// deterministic, so every run writes the same tree).
type row struct {
	size    int
	genTime time.Duration
	source  treeStats
	build   buildResult
	output  outputStats
	queries queryStats
	// With -hugo: the same files built by Hugo, run by run after retro.
	hugo    buildResult
	hugoOut treeStats
	hasHugo bool
	// The edit-to-reload latency of retro serve, at sizes up to -preview.
	preview    previewResult
	hasPreview bool
	// Why the size was not run (see admit); "" when it was.
	skipped string
	err     error
}

// buildResult is what one `retro build` cost.
type buildResult struct {
	wall   time.Duration
	cpu    time.Duration // user + system
	maxRSS int64         // bytes; 0 when unknown
	// The search index's share, as the build reported it (search.StatsEnv);
	// hasSearch is false when it did not.
	hasSearch   bool
	bleveTime   time.Duration // writing the bleve index
	browserTime time.Duration // exporting the browser index from it
}

// queryStats are the bytes and files the search page fetches for a first
// query, over benchQueries: median and worst.
type queryStats struct {
	n                       int // queries measured; 0 when the site has no browser index
	medianBytes, worstBytes int64
	medianFiles, worstFiles int64
}

// benchQueries are typical first queries of one to three words, in the
// generated archives' vocabulary.
var benchQueries = []string{
	"failover",
	"queue backlog",
	"certificate expired",
	"cache stampede",
	"dns timeout",
	"deploy rollback",
	"connection pool exhausted",
	"memory leak",
}

type treeStats struct {
	files int
	bytes int64
}

// outputStats describes a built site. The search folders are reported
// separately because they dominate size and are owned by other stages.
type outputStats struct {
	all   treeStats
	pages int // .html files
	// The largest HTML page: its size and its path in the site.
	largest     int64
	largestPath string
	bleve       treeStats
	hasBleve    bool
	browser     treeStats
	hasBrowser  bool
}

// Output paths inside a built site (SPEC: the site).
const (
	blevePath   = "search/index.bleve"
	browserPath = "search/browser"
)

// benchSize generates the site for n retrospectives and builds it cfg.runs
// times. The site is regenerated on every invocation so a change to the
// generator can never be masked by a stale folder.
//
// The sizes measured before, in rows, tell what n will need: a size the
// machine cannot afford (see admit) is skipped, with the reason.
func benchSize(cfg config, n int, rows []row, progress io.Writer) row {
	r := row{size: n}
	site := filepath.Join(cfg.work, fmt.Sprintf("site-%d", n))
	dest := filepath.Join(cfg.work, fmt.Sprintf("out-%d", n))
	// This size's previous files are freed before the projection is
	// checked against what the machine has free.
	for _, p := range []string{site, dest, filepath.Join(cfg.work, fmt.Sprintf("hugo-out-%d", n))} {
		if err := os.RemoveAll(p); err != nil {
			r.err = fmt.Errorf("remove old files: %w", err)
			return r
		}
	}
	preview := n <= cfg.previewMax && cfg.edits > 0
	if !cfg.force {
		if r.skipped = admit(rows, n, preview, machineResources(cfg.work)); r.skipped != "" {
			fmt.Fprintf(progress, "skipping %d retrospectives: %s\n", n, r.skipped)
			return r
		}
	}

	fmt.Fprintf(progress, "generating %d retrospectives in %s\n", n, site)
	start := time.Now()
	if err := gen.Write(site, n); err != nil {
		r.err = err
		return r
	}
	r.genTime = time.Since(start)
	if r.source, r.err = scanTree(site); r.err != nil {
		return r
	}

	hugoSite := filepath.Join(cfg.work, fmt.Sprintf("hugo-%d", n))
	hugoDest := filepath.Join(cfg.work, fmt.Sprintf("hugo-out-%d", n))
	if cfg.hugo != "" {
		if err := writeHugoSite(hugoSite, site); err != nil {
			r.err = fmt.Errorf("hugo site: %w", err)
			return r
		}
	}
	var results, hugoResults []buildResult
	for i := range cfg.runs {
		fmt.Fprintf(progress, "building %s (run %d of %d)\n", site, i+1, cfg.runs)
		// retro refuses to replace a folder it did not write; this one is
		// the previous run's output, which is ours to remove.
		if err := os.RemoveAll(dest); err != nil {
			r.err = fmt.Errorf("remove old output: %w", err)
			return r
		}
		res, err := runBuild(cfg.retro, site, dest)
		if err != nil {
			r.err = err
			return r
		}
		results = append(results, res)
		// Alternate the two tools run by run, so a machine that slows down
		// during the benchmark slows both.
		if cfg.hugo != "" {
			fmt.Fprintf(progress, "building %s with Hugo (run %d of %d)\n", site, i+1, cfg.runs)
			res, err := runHugo(cfg.hugo, hugoSite, hugoDest)
			if err != nil {
				r.err = err
				return r
			}
			hugoResults = append(hugoResults, res)
		}
	}
	r.build = medianResult(results)
	if cfg.hugo != "" {
		r.hugo, r.hasHugo = medianResult(hugoResults), true
		if r.hugoOut, r.err = scanTree(hugoDest); r.err != nil {
			return r
		}
	}
	if r.output, r.err = scanOutput(dest); r.err != nil {
		return r
	}
	if r.queries, r.err = firstQueries(dest); r.err != nil {
		return r
	}
	if preview {
		fmt.Fprintf(progress, "measuring retro serve on %s (%d edits)\n", site, cfg.edits)
		// Its first build and each rebuild take about a build's time.
		wait := 5*r.build.wall + time.Minute
		r.preview, r.hasPreview = measurePreview(cfg.retro, site, filepath.Join(cfg.work, fmt.Sprintf("serve-tmp-%d", n)), cfg.edits, wait), true
	}
	return r
}

// firstQueries measures what the search page of the site in dest fetches
// for each of benchQueries on a fresh page (see search.FirstQueries).
func firstQueries(dest string) (queryStats, error) {
	var q queryStats
	if _, err := os.Stat(filepath.Join(dest, browserPath, "manifest.json")); errors.Is(err, fs.ErrNotExist) {
		return q, nil // no browser index (or one this harness cannot read)
	}
	fqs, err := search.FirstQueries(dest, benchQueries)
	if err != nil {
		return q, fmt.Errorf("first queries: %w", err)
	}
	var bytes, files []int64
	for _, fq := range fqs {
		bytes = append(bytes, fq.Bytes)
		files = append(files, int64(len(fq.Files)))
	}
	q.n = len(fqs)
	q.medianBytes, q.worstBytes = median(bytes), slices.Max(bytes)
	q.medianFiles, q.worstFiles = median(files), slices.Max(files)
	return q, nil
}

// runBuild runs `retro build` once and measures it from the outside (see
// measure). Output is kept only as a tail, for the error message.
//
// The search index's build times come from the build itself: retro's
// search package writes its statistics to the file named by
// search.StatsEnv, which is set for the child (and kept out of the site).
func runBuild(retro, site, dest string) (buildResult, error) {
	statsFile := dest + ".search-stats.json"
	if err := os.Remove(statsFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return buildResult{}, err
	}
	out := &tailBuffer{max: 4096}
	cmd := exec.Command(retro, "build", "--source", site, "--dest", dest)
	cmd.Env = append(os.Environ(), search.StatsEnv+"="+statsFile)
	cmd.Stdout, cmd.Stderr = out, out
	res, err := measure(cmd)
	if err != nil {
		return res, fmt.Errorf("%s build: %w\n%s", retro, err, out)
	}
	b, err := os.ReadFile(statsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return res, nil // a retro without a search index, or an older one
	}
	if err != nil {
		return res, err
	}
	var st search.Stats
	if err := json.Unmarshal(b, &st); err != nil {
		return res, fmt.Errorf("%s: %w", statsFile, err)
	}
	res.hasSearch, res.bleveTime, res.browserTime = true, st.IndexTime, st.BrowserTime
	return res, nil
}

// scanTree counts regular files and their bytes under dir.
func scanTree(dir string) (treeStats, error) {
	var s treeStats
	err := walkFiles(dir, func(_ string, size int64) {
		s.files++
		s.bytes += size
	})
	return s, err
}

// scanOutput summarises a built site in one walk.
func scanOutput(dir string) (outputStats, error) {
	var s outputStats
	err := walkFiles(dir, func(rel string, size int64) {
		s.all.files++
		s.all.bytes += size
		if strings.HasSuffix(rel, ".html") {
			s.pages++
			if size > s.largest || size == s.largest && rel < s.largestPath {
				s.largest, s.largestPath = size, rel
			}
		}
		switch {
		case under(rel, blevePath):
			s.hasBleve = true
			s.bleve.files++
			s.bleve.bytes += size
		case under(rel, browserPath):
			s.hasBrowser = true
			s.browser.files++
			s.browser.bytes += size
		}
	})
	if err != nil {
		return s, err
	}
	// An empty index folder still counts as present.
	s.hasBleve = s.hasBleve || isDir(filepath.Join(dir, blevePath))
	s.hasBrowser = s.hasBrowser || isDir(filepath.Join(dir, browserPath))
	return s, nil
}

// walkFiles calls fn with the slash-separated path relative to dir and the
// size of every regular file.
func walkFiles(dir string, fn func(rel string, size int64)) error {
	return filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !e.Type().IsRegular() {
			return nil
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		fn(filepath.ToSlash(rel), info.Size())
		return nil
	})
}

func under(rel, dir string) bool { return strings.HasPrefix(rel, dir+"/") }

func isDir(p string) bool {
	info, err := os.Stat(p)
	return err == nil && info.IsDir()
}

// medianResult takes the median of each measure on its own: the run with
// the median wall time need not be the one with the median memory.
func medianResult(rs []buildResult) buildResult {
	var walls, cpus, bleves, browsers []time.Duration
	var rss []int64
	hasSearch := len(rs) > 0
	for _, r := range rs {
		walls = append(walls, r.wall)
		cpus = append(cpus, r.cpu)
		rss = append(rss, r.maxRSS)
		bleves = append(bleves, r.bleveTime)
		browsers = append(browsers, r.browserTime)
		hasSearch = hasSearch && r.hasSearch
	}
	res := buildResult{wall: median(walls), cpu: median(cpus), maxRSS: median(rss)}
	if hasSearch {
		res.hasSearch, res.bleveTime, res.browserTime = true, median(bleves), median(browsers)
	}
	return res
}

// median returns the middle value, or the mean of the two middle values.
func median[T ~int64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// tailBuffer keeps the last max bytes written to it: enough of a failing
// build's output to explain it without holding megabytes of warnings.
type tailBuffer struct {
	max int
	buf []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.buf) }
