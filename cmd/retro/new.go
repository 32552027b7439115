package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"retro/internal/config"
	"retro/internal/retro"
	"retro/internal/source"
	"retro/themes"
)

func runNew(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("new", flag.ContinueOnError)
	src := fset.String("source", ".", "the site's folder")
	rest, ok := parseFlags(fset, args, stderr)
	if !ok {
		return 2
	}
	title := strings.TrimSpace(strings.Join(rest, " "))
	if title == "" {
		fmt.Fprintln(stderr, "retro new: give the incident's title, e.g. retro new \"Checkout failover stalled\"")
		return 2
	}
	site, findings := config.Load(*src)
	if findings.Errors(false) > 0 {
		printFindings(stderr, findings)
		return 1
	}
	now := time.Now().In(site.Timezone)
	slug := retro.IDSlug(title)
	id := now.Format("2006-01-02") + "-" + slug
	dest := filepath.Join(*src, "content", "retros", id+".md")
	tmplText, err := fs.ReadFile(themes.Default(), "archetypes/retro.md")
	if err != nil {
		fmt.Fprintf(stderr, "retro new: %v\n", err)
		return 1
	}
	t, err := template.New("retro.md").Parse(string(tmplText))
	if err != nil {
		fmt.Fprintf(stderr, "retro new: template: %v\n", err)
		return 1
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, map[string]string{
		"Title": title, "ID": id, "Date": now.Format("2006-01-02"),
		"Now": now.Format("2006-01-02 15:04"), "Timezone": site.TimezoneName,
	}); err != nil {
		fmt.Fprintf(stderr, "retro new: template: %v\n", err)
		return 1
	}
	// Through os.Root: a content/ or content/retros/ that links out of the
	// source is refused, not written through.
	root, err := os.OpenRoot(*src)
	if err != nil {
		fmt.Fprintf(stderr, "retro new: %v\n", err)
		return 1
	}
	defer root.Close()
	rel := "content/retros/" + id + ".md"
	if err := root.MkdirAll(path.Dir(rel), 0o755); err != nil {
		if strings.Contains(err.Error(), "path escapes") {
			err = fmt.Errorf("%s leads outside the source through a symlink: not writing there", path.Dir(rel))
		}
		fmt.Fprintf(stderr, "retro new: %v\n", err)
		return 1
	}
	if err := source.CreateNew(root, rel, buf.Bytes()); errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "retro new: %s already exists: not overwriting it (choose another title, or edit that file)\n", dest)
		return 1
	} else if err != nil {
		fmt.Fprintf(stderr, "retro new: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, dest)
	return 0
}

// createNew writes a file outside the source (the import report) that
// must not exist yet, as source.CreateNew does inside it.
func createNew(path string, data []byte) error {
	dir, err := os.OpenRoot(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return source.CreateNew(dir, filepath.Base(path), data)
}
