// Command retro-bench measures `retro build` on generated archives.
//
// For each size it writes a deterministic site with internal/gen, builds it
// with the retro binary as a subprocess and prints its tables. The first:
// generation time, build wall and CPU time, peak memory, pages and bytes
// written, and the sizes of the search indexes in the output. The second,
// the search figures: the time the build spent on the bleve index and on
// the browser index exported from it (as the build reports them through
// search.StatsEnv), and the bytes and files the search page fetches for a
// first query, median and worst over a fixed set of typical queries
// (computed from the built output by search.FirstQueries). The third, the
// growth: each size's cost and largest page, and how each cost grew from
// the size before. Then, at sizes up to -preview, the edit-to-reload
// latency of `retro serve` (preview.go), and with -hugo the side-by-side
// comparison with Hugo (hugo.go).
//
// A size the machine cannot afford, by a projection from the smaller sizes
// measured before it against its free memory and disk, is skipped with the
// reason (guard.go); a watchdog stops any child when memory runs out.
//
//	go run ./cmd/retro-bench -sizes 1000,10000,100000
//	go run ./cmd/retro-bench -retro ./bin/retro -sizes 500 -runs 5 -edits 0
//
// Sites and outputs stay under -work (default .bench) for inspection; every
// run removes the ones it is about to recreate.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// config is the parsed command line.
type config struct {
	retro      string
	sizes      []int
	work       string
	runs       int
	hugo       string
	previewMax int  // measure retro serve at sizes up to this
	edits      int  // edits per preview measurement
	force      bool // run every size, whatever the projection says
}

// errUsage marks command-line mistakes, which exit with status 2.
var errUsage = errors.New("usage")

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, errUsage):
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "retro-bench:", err)
		os.Exit(1)
	}
}

// run benchmarks every size, prints the table to stdout and progress to
// stderr. A failed build is reported in its row and makes run fail after
// the table is printed, so one broken size does not hide the others.
func run(args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.retro == "" {
		bin, cleanup, err := buildRetro(stderr)
		if err != nil {
			return err
		}
		defer cleanup()
		cfg.retro = bin
	}
	if err := os.MkdirAll(cfg.work, 0o755); err != nil {
		return fmt.Errorf("work folder: %w", err)
	}
	var rows []row
	failed := 0
	for _, n := range cfg.sizes {
		r := benchSize(cfg, n, rows, stderr)
		switch {
		case r.err != nil:
			failed++
			fmt.Fprintf(stderr, "size %d: %v\n", n, r.err)
		case r.hasPreview && r.preview.err != nil:
			failed++
			fmt.Fprintf(stderr, "size %d: retro serve: %v\n", n, r.preview.err)
		}
		rows = append(rows, r)
	}
	if err := printTable(stdout, rows, cfg.runs); err != nil {
		return err
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d sizes failed", failed, len(cfg.sizes))
	}
	return nil
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("retro-bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	var sizes string
	fs.StringVar(&cfg.retro, "retro", "", "retro binary to benchmark (default: go build ./cmd/retro into a temporary folder)")
	fs.StringVar(&sizes, "sizes", "1000,10000", "comma-separated archive sizes (number of retrospectives)")
	fs.StringVar(&cfg.work, "work", ".bench", "folder for generated sites and build outputs")
	fs.StringVar(&cfg.hugo, "hugo", "", "Hugo binary: also build each generated archive with a plain three-taxonomy Hugo site and compare")
	fs.IntVar(&cfg.runs, "runs", 1, "builds per size; times and memory are the median")
	fs.IntVar(&cfg.previewMax, "preview", 10000, "measure retro serve's edit-to-reload latency at sizes up to this one")
	fs.IntVar(&cfg.edits, "edits", 3, "edits per preview measurement; the latency is their median")
	fs.BoolVar(&cfg.force, "force", false, "run every size even when the machine's free memory or disk looks too small for it")
	if err := fs.Parse(args); err != nil {
		return cfg, fmt.Errorf("%w: %w", errUsage, err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "retro-bench: unexpected arguments %q\n", fs.Args())
		return cfg, errUsage
	}
	var err error
	if cfg.sizes, err = parseSizes(sizes); err != nil {
		fmt.Fprintln(stderr, "retro-bench:", err)
		return cfg, fmt.Errorf("%w: %w", errUsage, err)
	}
	if cfg.runs < 1 {
		fmt.Fprintln(stderr, "retro-bench: -runs must be at least 1")
		return cfg, errUsage
	}
	return cfg, nil
}

// parseSizes reads "1000,10000"; sizes must be positive.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("-sizes: %q is not a positive number", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// buildRetro compiles the module's retro command into a temporary folder,
// so the benchmark measures the current tree and not whatever is on PATH.
// It names the package by import path to work from any folder of the module.
func buildRetro(stderr io.Writer) (string, func(), error) {
	dir, err := os.MkdirTemp("", "retro-bench-")
	if err != nil {
		return "", nil, fmt.Errorf("build retro: %w", err)
	}
	cleanup := func() { os.RemoveAll(dir) }
	bin := filepath.Join(dir, "retro")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	fmt.Fprintln(stderr, "building retro/cmd/retro")
	cmd := exec.Command("go", "build", "-o", bin, "retro/cmd/retro")
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if err := cmd.Run(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("go build retro/cmd/retro: %w", err)
	}
	return bin, cleanup, nil
}
