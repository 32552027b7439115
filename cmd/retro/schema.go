package main

import (
	"flag"
	"fmt"
	"io"

	"retro/internal/config"
	"retro/internal/schema"
)

// runSchema prints the JSON Schema of the front matter. The site's
// severities and categories become its enums, so a site that adds its own
// gets a schema that knows them.
func runSchema(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	src := fs.String("source", ".", "the site's folder (its site.yaml gives severities and categories)")
	rest, ok := parseFlags(fs, args, stderr)
	if !ok {
		return 2
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "retro schema: unexpected argument %q\n", rest[0])
		return 2
	}
	site, findings := config.Load(*src)
	if findings.Errors(false) > 0 {
		printFindings(stderr, findings)
		return 1
	}
	out, err := schema.Generate(site)
	if err != nil {
		fmt.Fprintf(stderr, "retro schema: %v\n", err)
		return 1
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "retro schema: %v\n", err)
		return 1
	}
	return 0
}
