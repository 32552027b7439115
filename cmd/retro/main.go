// Command retro builds a static site from an archive of incident
// retrospectives. See SPEC.md for the format and the site it builds.
package main

import (
	"fmt"
	"io"
	"os"
)

// version is set at link time (-ldflags "-X main.version=...").
var version = "dev"

const usage = `retro builds a static site from incident retrospectives.

Usage:
  retro build  [--source DIR] [--dest DIR] [--drafts] [--strict] [--base-url URL]
  retro check  [--source DIR] [--format text|json|github] [--strict]
  retro serve  [--source DIR] [--addr 127.0.0.1:1313] [--drafts]
  retro new    [--source DIR] TITLE
  retro search [--dest DIR] [--json] QUERY
  retro schema [--source DIR]
  retro import [--source DIR] [--status draft|legacy] [--dry-run] [--report FILE] PATH...
  retro version

Exit codes: 0 ok, 1 validation errors or failure, 2 usage.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(rest, stdout, stderr)
	case "check":
		return runCheck(rest, stdout, stderr)
	case "new":
		return runNew(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "search":
		return runSearch(rest, stdout, stderr)
	case "schema":
		return runSchema(rest, stdout, stderr)
	case "import":
		return runImport(rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "retro %s\n", version)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "retro: unknown command %q\n\n%s", cmd, usage)
	return 2
}
