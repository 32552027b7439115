// Package gen writes synthetic retro sites for benchmarks and tests.
//
// A generated site is valid per SPEC (every retrospective passes the
// validation rules, including the final-status ones) and realistic in shape:
// several years of incidents in four time zones, full analyses with
// recommendations that trace back to them, shared tracking tickets,
// recommendation histories, aliases, bundles with attachments, cross-links
// between retrospectives and prose drawn from large vocabularies so that a
// full-text index sees thousands of distinct terms.
//
// Output depends only on n: there is no clock and no global random source,
// so two runs with the same n produce byte-identical files.
package gen

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the generator must not depend on the host's zoneinfo
)

// seed is the fixed PCG seed; each retrospective uses the stream (seed, i).
const seed uint64 = 0x7265_7472_6f67_656e

// Write generates a site with n retrospectives into dir, creating it. dir
// must be absent or empty: leftover files from a larger run would change the
// archive and break determinism.
func Write(dir string, n int) error {
	if err := ensureEmpty(dir); err != nil {
		return err
	}
	fw := newFileWriter(dir, 2*runtime.GOMAXPROCS(0))
	genErr := generate(n, fw.emit)
	// A write error is the cause when both fail: emit stops generation
	// with it once a write has failed.
	if err := fw.wait(); err != nil {
		return err
	}
	return genErr
}

// Files returns the same site as Write, in memory, keyed by slash-separated
// paths relative to the site root (e.g. "content/retros/<id>.md").
func Files(n int) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := generate(n, func(rel string, data []byte) error {
		out[rel] = data
		return nil
	})
	return out, err
}

func ensureEmpty(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("gen: %w", err)
	case len(entries) > 0:
		return fmt.Errorf("gen: %s is not empty", dir)
	}
	return nil
}

// fileWriter writes generated files on a few goroutines. Creating
// thousands of small files is dominated by system calls, which overlap well
// with generation and with each other; folders are made by the generating
// goroutine, before any file inside them is queued.
type fileWriter struct {
	dir  string
	made map[string]bool
	jobs chan fileJob
	wg   sync.WaitGroup

	mu  sync.Mutex
	err error // first write error
}

type fileJob struct {
	path string
	data []byte
}

func newFileWriter(dir string, workers int) *fileWriter {
	fw := &fileWriter{dir: dir, made: map[string]bool{}, jobs: make(chan fileJob, 64)}
	for range workers {
		fw.wg.Go(func() {
			for j := range fw.jobs {
				if err := os.WriteFile(j.path, j.data, 0o644); err != nil {
					fw.fail(fmt.Errorf("gen: %w", err))
				}
			}
		})
	}
	return fw
}

// emit queues one file; it stops generation early once a write has failed.
func (fw *fileWriter) emit(rel string, data []byte) error {
	if err := fw.firstErr(); err != nil {
		return err
	}
	p := filepath.Join(fw.dir, filepath.FromSlash(rel))
	if parent := filepath.Dir(p); !fw.made[parent] {
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		fw.made[parent] = true
	}
	fw.jobs <- fileJob{p, data}
	return nil
}

// wait drains the queue and returns the first write error, if any.
func (fw *fileWriter) wait() error {
	close(fw.jobs)
	fw.wg.Wait()
	return fw.firstErr()
}

func (fw *fileWriter) fail(err error) {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	if fw.err == nil {
		fw.err = err
	}
}

func (fw *fileWriter) firstErr() error {
	fw.mu.Lock()
	defer fw.mu.Unlock()
	return fw.err
}

// generator holds what later retrospectives need to know about earlier ones:
// link targets (final retrospectives only, since drafts are not published)
// and the tracking tickets in use for tickets.json.
type generator struct {
	n        int
	locs     map[string]*time.Location
	finals   []linkTarget
	bySvc    map[string][]int // main service -> indexes into finals
	tracking map[string]bool
	sev1     []string // final SEV1 ids, for the onboarding collection
}

// generate produces every file of the site in a fixed order and hands each
// to emit; Write streams them to disk so memory stays flat for large n.
func generate(n int, emit func(rel string, data []byte) error) error {
	if n < 0 {
		return fmt.Errorf("gen: negative size %d", n)
	}
	g := &generator{n: n, locs: map[string]*time.Location{}, bySvc: map[string][]int{}, tracking: map[string]bool{}}
	for _, z := range timezones {
		loc, err := time.LoadLocation(z)
		if err != nil {
			return fmt.Errorf("gen: %w", err)
		}
		g.locs[z] = loc
	}
	if err := emit("site.yaml", []byte(siteYAML)); err != nil {
		return err
	}
	for i := range n {
		d := g.newRetro(i)
		if err := g.emitRetro(d, emit); err != nil {
			return err
		}
		g.remember(d)
	}
	tickets, err := g.ticketsJSON()
	if err != nil {
		return err
	}
	if err := emit("tickets.json", tickets); err != nil {
		return err
	}
	if len(g.sev1) > 0 {
		return emit("content/collections/oncall-onboarding.yaml", collectionYAML(g.sev1))
	}
	return nil
}

// emitRetro writes a plain file or, for bundles, a folder with index.md and
// an SVG attachment the body embeds.
func (g *generator) emitRetro(d *retroDoc, emit func(string, []byte) error) error {
	const dir = "content/retros"
	if !d.bundle {
		return emit(path.Join(dir, d.id+".md"), d.render())
	}
	if err := emit(path.Join(dir, d.id, "index.md"), d.render()); err != nil {
		return err
	}
	return emit(path.Join(dir, d.id, "timeline.svg"), timelineSVG(d.timeline))
}

func (g *generator) remember(d *retroDoc) {
	for _, rc := range d.recs {
		if rc.tracking != "" {
			g.tracking[rc.tracking] = true
		}
	}
	if d.status != "final" {
		return
	}
	g.bySvc[d.services[0]] = append(g.bySvc[d.services[0]], len(g.finals))
	g.finals = append(g.finals, d.target())
	if d.severity == "SEV1" && len(g.sev1) < 8 {
		g.sev1 = append(g.sev1, d.id)
	}
}

// siteYAML configures the tracker (keys become links), the ticket export
// and SPEC's example blame phrases, which the generator never writes.
const siteYAML = `title: Example Corp incident retrospectives
base_url: https://retros.example.com/
timezone: UTC
severities: [SEV1, SEV2, SEV3, SEV4]
tracker: "https://tracker.example.com/browse/{ticket}"
tickets: tickets.json
lint:
  blame_phrases: ["human error", "should have known", "careless", "root cause"]
  blame_severity: warning
`

// ticketJSON is one row of the tracker export SPEC describes.
type ticketJSON struct {
	Key     string `json:"key"`
	Status  string `json:"status"`
	URL     string `json:"url"`
	Updated string `json:"updated"`
}

// ticketsJSON exports the shared tracking tickets, sorted for determinism.
func (g *generator) ticketsJSON() ([]byte, error) {
	keys := make([]string, 0, len(g.tracking))
	for k := range g.tracking {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	r := rand.New(rand.NewPCG(seed, ^uint64(0)))
	rows := make([]ticketJSON, len(keys))
	for i, k := range keys {
		rows[i] = ticketJSON{
			Key:     k,
			Status:  pick(r, []string{"Open", "In Progress", "Done", "Won't Do"}),
			URL:     "https://tracker.example.com/browse/" + k,
			Updated: asOf.AddDate(0, 0, -between(r, 0, 400)).Format(time.RFC3339),
		}
	}
	b, err := json.MarshalIndent(rows, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("gen: tickets.json: %w", err)
	}
	return append(b, '\n'), nil
}

func collectionYAML(ids []string) []byte {
	var b strings.Builder
	b.WriteString("title: On-call onboarding reading list\n")
	b.WriteString("description: Read these before your first shift; each one changed how we operate.\n")
	b.WriteString("retros:\n")
	for i, id := range ids {
		fmt.Fprintf(&b, "  - id: %s\n", id)
		if i%2 == 0 {
			b.WriteString("    note: A SEV1 worth knowing *before* it happens again.\n")
		}
	}
	return []byte(b.String())
}
