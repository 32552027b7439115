// Package source reads the files of a site: it splits front matter from the
// Markdown body, parses YAML into nodes that keep their file positions, and
// carries those positions to the findings reported to the writer.
package source

import (
	"fmt"
	"slices"
	"strings"
)

// Pos is a position in a source file: 1-based line and column (in bytes).
type Pos struct {
	File string
	Line int
	Col  int
}

func (p Pos) String() string {
	switch {
	case p.File == "":
		return "-"
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Severity says whether a finding stops a build.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Finding is one problem in the sources, reported as path:line:col: message.
type Finding struct {
	Pos      Pos
	Severity Severity
	Rule     string // a short stable name, e.g. "unknown-key", "timeline-order"
	Message  string
	Hint     string // what to do about it, if a hint helps
}

func (f Finding) String() string {
	var b strings.Builder
	b.WriteString(f.Pos.String())
	b.WriteString(": ")
	if f.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(f.Text())
	return b.String()
}

// Text is the message with its hint, without the position.
func (f Finding) Text() string {
	if f.Hint == "" {
		return f.Message
	}
	return f.Message + " (" + f.Hint + ")"
}

// Findings collects what a stage found. The zero value is ready to use.
type Findings []Finding

// Errorf records an error at pos.
func (fs *Findings) Errorf(pos Pos, rule, format string, args ...any) *Finding {
	return fs.add(pos, Error, rule, fmt.Sprintf(format, args...))
}

// Warnf records a warning at pos.
func (fs *Findings) Warnf(pos Pos, rule, format string, args ...any) *Finding {
	return fs.add(pos, Warning, rule, fmt.Sprintf(format, args...))
}

func (fs *Findings) add(pos Pos, sev Severity, rule, msg string) *Finding {
	*fs = append(*fs, Finding{Pos: pos, Severity: sev, Rule: rule, Message: msg})
	return &(*fs)[len(*fs)-1]
}

// Errors counts the findings that stop a build. With strict, warnings do too.
func (fs Findings) Errors(strict bool) int {
	n := 0
	for _, f := range fs {
		if f.Severity == Error || strict {
			n++
		}
	}
	return n
}

// Sort orders findings by file, line and column so that reports read top to
// bottom whatever order the parallel stages found them in.
func (fs Findings) Sort() {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if c := strings.Compare(a.Pos.File, b.Pos.File); c != 0 {
			return c
		}
		if a.Pos.Line != b.Pos.Line {
			return a.Pos.Line - b.Pos.Line
		}
		return a.Pos.Col - b.Pos.Col
	})
}

// Error lets a finding travel as a Go error where a single problem ends the work.
func (f Finding) Error() string { return f.String() }

// Stopped is the error of a build that its findings stopped: its message is
// the one-line count, and the findings go with it to whoever shows them
// (the preview server's overlay).
type Stopped struct {
	Findings Findings
	Message  string
}

func (e *Stopped) Error() string { return e.Message }
