package search

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"

	"retro/internal/parallel"
)

// Paths of the shipped indexes, relative to the output folder.
const (
	IndexDir   = "search/index.bleve"
	BrowserDir = "search/browser"
)

// Method is how the bleve index is written.
type Method int

const (
	// Batches indexes through a regular index in large batches: bleve
	// analyzes a batch's documents on all cores, then persists and merges
	// segments in the background. It is the default: on 10,000 synthetic
	// retrospectives (2 cores, quiet machine, medians of 3 builds) it wrote
	// the index in 9.05 s against the offline builder's 10.78 s, for an
	// index 7% larger (115.2 MB in 6 files against 107.3 MB in 3). Exporting
	// the browser index from its several segments takes longer (2.2 s
	// against 1.0 s), but the whole stays faster (11.3 s against 11.8 s).
	Batches Method = iota
	// Offline uses bleve's offline builder: immutable segments merged once
	// into one at the end, with no background work, but it analyzes
	// documents one at a time under a lock.
	Offline
)

func (m Method) String() string {
	switch m {
	case Offline:
		return "offline"
	case Batches:
		return "batches"
	}
	return fmt.Sprintf("Method(%d)", int(m))
}

// Options tune a build; the zero value is what `retro build` uses.
type Options struct {
	Method Method
	// BatchSize is the number of documents per batch (Batches: 500 by
	// default) or per in-memory segment (Offline: bleve's 1,000).
	BatchSize int
}

// Stats describe a build, for the build log and the benchmark harness.
type Stats struct {
	Docs          int           `json:"docs"`
	Method        string        `json:"method"`
	IndexTime     time.Duration `json:"indexTime"`   // writing the bleve index
	BrowserTime   time.Duration `json:"browserTime"` // exporting the browser index
	IndexBytes    int64         `json:"indexBytes"`  // size of search/index.bleve
	IndexFiles    int           `json:"indexFiles"`
	BrowserBytes  int64         `json:"browserBytes"` // size of search/browser
	BrowserFiles  int           `json:"browserFiles"`
	BrowserTerms  int           `json:"browserTerms"`  // distinct text terms
	BrowserShards int           `json:"browserShards"` // term shard files
	BrowserOwn    int           `json:"browserOwn"`    // files of frequent terms
	BrowserChunks int           `json:"browserChunks"` // display chunk files
}

// StatsEnv names an environment variable: when it is set, Build writes its
// Stats as JSON (durations in nanoseconds) to the file it names.
// cmd/retro-bench sets it to report what the search index of a `retro
// build` cost; nothing of it goes into the site, whose files stay the same
// from build to build.
const StatsEnv = "RETRO_SEARCH_STATS"

// Build writes the bleve index to <outDir>/search/index.bleve and the browser
// index to <outDir>/search/browser/, replacing any that are there.
func Build(outDir string, docs []Document) (Stats, error) {
	return BuildWith(outDir, docs, Options{})
}

// BuildWith is Build with explicit options.
func BuildWith(outDir string, docs []Document, opt Options) (Stats, error) {
	st := Stats{Docs: len(docs), Method: opt.Method.String()}
	if err := checkIDs(docs); err != nil {
		return st, err
	}
	indexPath := filepath.Join(outDir, filepath.FromSlash(IndexDir))
	browserPath := filepath.Join(outDir, filepath.FromSlash(BrowserDir))
	for _, p := range []string{indexPath, browserPath} {
		if err := os.RemoveAll(p); err != nil {
			return st, fmt.Errorf("search: clearing %s: %w", p, err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(indexPath), 0o755); err != nil {
		return st, fmt.Errorf("search: %w", err)
	}

	start := time.Now()
	var err error
	switch opt.Method {
	case Offline:
		if len(docs) == 0 {
			// bleve's offline builder panics when closed with no segment.
			err = buildBatches(indexPath, docs, opt.BatchSize)
			break
		}
		err = buildOffline(indexPath, docs, opt.BatchSize)
	case Batches:
		err = buildBatches(indexPath, docs, opt.BatchSize)
	default:
		err = fmt.Errorf("unknown build method %v", opt.Method)
	}
	if err != nil {
		return st, fmt.Errorf("search: building %s: %w", indexPath, err)
	}
	st.IndexTime = time.Since(start)

	start = time.Now()
	idx, err := Open(indexPath)
	if err != nil {
		return st, err
	}
	bst, fields, err := exportBrowser(idx, docs, browserPath)
	if cerr := idx.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("search: closing index: %w", cerr)
	}
	if err == nil {
		err = writeStats(indexPath, fields)
	}
	if err != nil {
		return st, err
	}
	st.BrowserTime = time.Since(start)
	st.BrowserTerms, st.BrowserShards, st.BrowserOwn, st.BrowserChunks = bst.Terms, bst.Shards, bst.Own, bst.Chunks

	if st.IndexBytes, st.IndexFiles, err = du(indexPath); err != nil {
		return st, err
	}
	if st.BrowserBytes, st.BrowserFiles, err = du(browserPath); err != nil {
		return st, err
	}
	if p := os.Getenv(StatsEnv); p != "" {
		b, err := json.Marshal(st)
		if err == nil {
			err = os.WriteFile(p, b, 0o644)
		}
		if err != nil {
			return st, fmt.Errorf("search: writing stats (%s): %w", StatsEnv, err)
		}
	}
	return st, nil
}

// checkIDs rejects empty and duplicate ids: the offline builder does not
// deduplicate, and the browser index numbers documents by id.
func checkIDs(docs []Document) error {
	ids := make([]string, len(docs))
	for i := range docs {
		if docs[i].ID == "" {
			return fmt.Errorf("search: document %d (%q) has no id", i, docs[i].Title)
		}
		ids[i] = docs[i].ID
	}
	slices.Sort(ids)
	for i := 1; i < len(ids); i++ {
		if ids[i] == ids[i-1] {
			return fmt.Errorf("search: duplicate document id %q", ids[i])
		}
	}
	return nil
}

func buildOffline(path string, docs []Document, batch int) error {
	m, err := newMapping()
	if err != nil {
		return err
	}
	ds, err := newDocuments(m)
	if err != nil {
		return err
	}
	cfg := map[string]any{}
	if batch > 0 {
		cfg["batchSize"] = batch
	} else {
		batch = 1000 // bleve's
	}
	b, err := bleve.NewBuilder(path, prebuilt{m}, cfg)
	if err != nil {
		return err
	}
	err = eachChunk(ds, docs, batch, func(chunk []*document.Document) error {
		for _, doc := range chunk {
			if err := b.Index(doc.ID(), doc); err != nil {
				return fmt.Errorf("indexing %s: %w", doc.ID(), err)
			}
		}
		return nil
	})
	if err != nil {
		_ = b.Close()
		return err
	}
	return b.Close()
}

// prebuilt is the index mapping for a builder given documents that
// newDocument made: bleve's builder takes values to map, not documents.
type prebuilt struct{ *mapping.IndexMappingImpl }

func (p prebuilt) MapDocument(doc *document.Document, data any) error {
	d, ok := data.(*document.Document)
	if !ok {
		return fmt.Errorf("search: builder given %T, not a document", data)
	}
	*doc = *d
	return nil
}

func buildBatches(path string, docs []Document, batch int) (err error) {
	m, err := newMapping()
	if err != nil {
		return err
	}
	ds, err := newDocuments(m)
	if err != nil {
		return err
	}
	if batch <= 0 {
		// Memory, not speed, decides: a whole 10,000-retrospective build
		// peaked at 3.2 GiB with batches of 3,000, 2.6 GiB with 1,000 and
		// 1.9-2.1 GiB with 500, for about 10% more wall time (49-61 s
		// against 57-67 s on 2 busy cores; the spread was wider than the
		// difference).
		batch = 500
	}
	idx, err := bleve.New(path, m)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := idx.Close(); err == nil {
			err = cerr
		}
	}()
	return eachChunk(ds, docs, batch, func(chunk []*document.Document) error {
		b := idx.NewBatch()
		for _, doc := range chunk {
			if err := b.IndexAdvanced(doc); err != nil {
				return fmt.Errorf("indexing %s: %w", doc.ID(), err)
			}
		}
		return idx.Batch(b)
	})
}

// eachChunk calls f with the bleve documents of docs, n at a time and in
// order, analyzing each chunk on every core (bleve's own analysis runs on
// one goroutine per document but the build's batches one after another)
// and holding no more than one chunk's.
func eachChunk(ds *documents, docs []Document, n int, f func([]*document.Document) error) error {
	out := make([]*document.Document, min(n, len(docs)))
	errs := make([]error, len(out))
	for start := 0; start < len(docs); start += n {
		part := docs[start:min(start+n, len(docs))]
		parallel.For(len(part), func(i int) {
			out[i], errs[i] = ds.newDocument(&part[i])
		})
		if err := errors.Join(errs[:len(part)]...); err != nil {
			return err
		}
		if err := f(out[:len(part)]); err != nil {
			return err
		}
		clear(out)
	}
	return nil
}

// du returns the bytes and the number of regular files under root.
func du(root string) (int64, int, error) {
	var n int64
	var files int
	err := filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			info, err := d.Info()
			if err != nil {
				return err
			}
			n += info.Size()
			files++
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		return 0, 0, nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("search: measuring %s: %w", root, err)
	}
	return n, files, nil
}
