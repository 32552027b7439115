package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"time"

	"retro/internal/build"
	"retro/internal/source"
)

// flags parses a subcommand's flags; interspersed flags and arguments are
// both accepted, as users of most CLIs expect.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) ([]string, bool) {
	fs.SetOutput(stderr)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, false
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, true
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("build", flag.ContinueOnError)
	src := fs.String("source", ".", "the site's folder")
	dest := fs.String("dest", "public", "where to write the site")
	drafts := fs.Bool("drafts", false, "include drafts and retrospectives in review, bannered")
	strict := fs.Bool("strict", false, "fail on warnings too")
	baseURL := fs.String("base-url", "", "the site's absolute URL (overrides site.yaml)")
	rest, ok := parseFlags(fs, args, stderr)
	if !ok {
		return 2
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "retro build: unexpected argument %q\n", rest[0])
		return 2
	}
	summary, err := buildSite(build.Options{Source: *src, Drafts: *drafts, BaseURL: *baseURL}, *dest, *strict, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "retro build: %v\n", err)
		return 1
	}
	fmt.Fprintln(stdout, summary)
	return 0
}

// buildSite loads, checks and writes a site, printing the findings, and
// returns the one-line summary of what it built. Errors (or warnings, when
// strict) stop it before anything is written.
func buildSite(opts build.Options, dest string, strict bool, stderr io.Writer) (string, error) {
	start := time.Now()
	a, findings, err := build.Load(opts)
	if err != nil {
		return "", err
	}
	printFindings(stderr, findings)
	if findings.Errors(strict) > 0 {
		return "", &source.Stopped{Findings: findings, Message: countProblems(findings, strict) + "; nothing was written"}
	}
	stats, err := build.Write(a, dest)
	if err != nil {
		return "", err
	}
	skipped := ""
	switch a.Skipped {
	case 0:
	case 1:
		skipped = " (1 draft skipped)"
	default:
		skipped = fmt.Sprintf(" (%d drafts skipped)", a.Skipped)
	}
	return fmt.Sprintf("built %d retrospectives%s, %d pages in %d ms", len(a.Retros), skipped, stats.Pages, time.Since(start).Milliseconds()), nil
}

func countProblems(fs source.Findings, strict bool) string {
	errs, warns := 0, 0
	for _, f := range fs {
		if f.Severity == source.Error {
			errs++
		} else {
			warns++
		}
	}
	s := fmt.Sprintf("%d error%s", errs, plural(errs))
	if strict && warns > 0 {
		s += fmt.Sprintf(" and %d warning%s (--strict)", warns, plural(warns))
	}
	return s
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func printFindings(w io.Writer, fs source.Findings) {
	for _, f := range fs {
		fmt.Fprintln(w, f.String())
	}
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	src := fs.String("source", ".", "the site's folder")
	format := fs.String("format", "text", "text, json or github (GitHub Actions annotations)")
	strict := fs.Bool("strict", false, "fail on warnings too")
	rest, ok := parseFlags(fs, args, stderr)
	if !ok {
		return 2
	}
	if len(rest) > 0 {
		fmt.Fprintf(stderr, "retro check: unexpected argument %q\n", rest[0])
		return 2
	}
	if *format != "text" && *format != "json" && *format != "github" {
		fmt.Fprintf(stderr, "retro check: --format must be text, json or github, not %q\n", *format)
		return 2
	}
	// Drafts are checked too: every file gets the rules.
	a, findings, err := build.Load(build.Options{Source: *src, Drafts: true})
	if err != nil {
		fmt.Fprintf(stderr, "retro check: %v\n", err)
		return 1
	}
	switch *format {
	case "json":
		if err := writeJSON(stdout, findings); err != nil {
			fmt.Fprintf(stderr, "retro check: %v\n", err)
			return 1
		}
	case "github":
		writeGitHub(stdout, findings, *src)
	default:
		printFindings(stdout, findings)
	}
	if findings.Errors(*strict) > 0 {
		if *format != "json" {
			fmt.Fprintf(stderr, "retro check: %s\n", countProblems(findings, *strict))
		}
		return 1
	}
	if *format != "json" {
		fmt.Fprintf(stderr, "retro check: %d retrospectives, no errors", len(a.Retros))
		if n := len(findings); n > 0 {
			fmt.Fprintf(stderr, " (%d warning%s)", n, plural(n))
		}
		fmt.Fprintln(stderr)
	}
	return 0
}

type jsonFinding struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

func writeJSON(w io.Writer, fs source.Findings) error {
	out := make([]jsonFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, jsonFinding{f.Pos.File, f.Pos.Line, f.Pos.Col, string(f.Severity), f.Rule, f.Message, f.Hint})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
