package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	"retro/internal/config"
	"retro/internal/importer"
	"retro/internal/source"
)

func runImport(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("import", flag.ContinueOnError)
	src := fset.String("source", ".", "the site's folder; files go into its content/retros")
	status := fset.String("status", importer.Draft, "draft or legacy")
	dryRun := fset.Bool("dry-run", false, "report what would be written, write nothing")
	reportPath := fset.String("report", "", "also write the report as JSON to this file")
	paths, ok := parseFlags(fset, args, stderr)
	if !ok {
		return 2
	}
	if len(paths) == 0 {
		fmt.Fprintln(stderr, "retro import: give the post-mortems to import (Markdown files or folders), e.g. retro import ../postmortems")
		return 2
	}
	if *status != importer.Draft && *status != importer.Legacy {
		fmt.Fprintf(stderr, "retro import: --status must be draft or legacy, not %q\n", *status)
		return 2
	}
	// Importing is how a new site often starts: a source folder that does
	// not exist yet has the default configuration.
	site := config.Default()
	if _, err := os.Stat(*src); !errors.Is(err, fs.ErrNotExist) {
		var findings source.Findings
		site, findings = config.Load(*src)
		if findings.Errors(false) > 0 {
			printFindings(stderr, findings)
			return 1
		}
	}
	opts := importer.Options{Status: *status, Site: site, Now: time.Now()}
	sum, err := importer.Run(paths, *src, opts, *dryRun)
	if err != nil {
		fmt.Fprintf(stderr, "retro import: %v\n", err)
		return 1
	}
	sum.WriteText(stdout)
	if *reportPath != "" {
		if err := writeReport(*reportPath, sum); err != nil {
			fmt.Fprintf(stderr, "retro import: --report: %v\n", err)
			return 1
		}
	}
	verb := "imported"
	if *dryRun {
		verb = "would import"
	}
	fmt.Fprintf(stderr, "retro import: %s %d, %d not written, %d skipped by name\n", verb, sum.Imported, sum.Failed, sum.Skipped)
	if sum.Failed > 0 {
		return 1
	}
	return 0
}

// writeReport writes the JSON report; like the imported files, it never
// replaces an existing file.
func writeReport(path string, sum importer.Summary) error {
	data, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	if err := createNew(path, append(data, '\n')); errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: not overwritten", path)
	} else if err != nil {
		return err
	}
	return nil
}
