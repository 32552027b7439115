package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"retro/internal/search"
)

// runSearch implements `retro search [--dest DIR] [--json] [-n N] QUERY`:
// it queries the bleve index that `retro build` shipped in DIR.
func runSearch(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dest := fs.String("dest", "public", "the built site `folder`")
	asJSON := fs.Bool("json", false, "print results as JSON")
	n := fs.Int("n", 10, "show the best `N` results")
	fs.Usage = func() {
		fmt.Fprint(stderr, `usage: retro search [--dest DIR] [--json] [-n N] QUERY

Searches the index that retro build wrote. QUERY is plain words or bleve's
query-string syntax: "exact phrase", +required, -excluded, field:value
(severity, service, team, tag, category, status, kind, year, title, ...),
started:>"2024-01-01", word^2.

`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	q := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if q == "" || *n < 1 {
		fs.Usage()
		return 2
	}

	path := filepath.Join(*dest, filepath.FromSlash(search.IndexDir))
	idx, err := search.Open(path)
	if err != nil {
		if errors.Is(err, search.ErrNoIndex) {
			fmt.Fprintf(stderr, "retro search: no search index in %s: run `retro build` first\n", filepath.ToSlash(path))
		} else {
			fmt.Fprintf(stderr, "retro search: %v\n", err)
		}
		return 1
	}
	defer idx.Close()

	res, err := idx.Search(q, *n)
	if err != nil {
		fmt.Fprintf(stderr, "retro search: %v\n", err)
		return 1
	}
	if *asJSON {
		err = search.WriteJSON(stdout, res)
	} else {
		err = search.WriteText(stdout, res, isTerminal(stdout))
	}
	if err != nil {
		fmt.Fprintf(stderr, "retro search: %v\n", err)
		return 1
	}
	return 0
}

// isTerminal reports whether w is a character device, where bold text
// is welcome.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
