package webcheck

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/url"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
)

// vnuJar is where npm's vnu-jar package keeps the checker. Its install script,
// which npm may skip, only fetches a Java runtime, so the jar is always there.
const vnuJar = "vnu-jar/build/dist/vnu.jar"

// Message is one finding of the Nu HTML Checker.
type Message struct {
	// File is the checked file: the dir given to Vnu joined with the file's
	// path below it, so that it reads well in a test failure.
	File string
	// Line and Column (both 1-based) are where the problem starts; vnu gives
	// 0 when it has no position, as for an unreadable file.
	Line, Column int
	// Type is "error", "warning" or "info". Messages about the checking
	// itself (vnu's non-document errors, such as an unreadable file) are
	// errors too, so that they cannot pass unnoticed.
	Type string
	// Text is vnu's message.
	Text string
	// Extract is a little of the source around the problem; it may be empty.
	Extract string
}

// String formats m as "file:line:col: type: text", the shape editors and
// retro's own linter use.
func (m Message) String() string {
	return fmt.Sprintf("%s:%d:%d: %s: %s", m.File, m.Line, m.Column, m.Type, m.Text)
}

// Errors returns the messages of type "error": the ones a conformance test
// fails on, while warnings and info are advice.
func Errors(msgs []Message) []Message {
	var errs []Message
	for _, m := range msgs {
		if m.Type == "error" {
			errs = append(errs, m)
		}
	}
	return errs
}

// Vnu checks every HTML file (.html, .htm, .xhtml, .xht), SVG and CSS file
// below dir with the Nu HTML Checker and returns all its messages, sorted by
// file and position. It needs java (17 or later) on PATH and vnu.jar from
// `npm ci`; it returns an error when either is missing, when dir holds nothing
// to check, or when the checker fails.
//
// vnu reports wrong line numbers in HTML and SVG when --also-check-css is on
// (vnu 26.9: the CSS-wrapping offset leaks into every document), so CSS files
// get a second run of the checker, alongside the first.
func Vnu(dir string) ([]Message, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("webcheck: vnu: %w", err)
	}
	// vnu reports nothing at all for a missing directory, which would let a
	// test with a wrong path pass.
	var docs, css int
	err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".html", ".htm", ".xhtml", ".xht", ".svg":
			docs++
		case ".css":
			css++
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("webcheck: vnu: %w", err)
	}
	if docs+css == 0 {
		return nil, fmt.Errorf("webcheck: vnu: no HTML, SVG or CSS file below %s", dir)
	}

	java, err := exec.LookPath("java")
	if err != nil {
		return nil, fmt.Errorf("webcheck: vnu needs Java 17 or later (Debian: apt-get install default-jre-headless): %w", err)
	}
	jar, err := nodeModuleFile(vnuJar)
	if err != nil {
		return nil, err
	}

	type result struct {
		msgs []vnuMessage
		err  error
	}
	cssDone := make(chan result, 1)
	if css > 0 {
		go func() {
			msgs, err := runVnu(java, jar, "--also-check-css", "--skip-non-css", abs)
			cssDone <- result{msgs, err}
		}()
	} else {
		cssDone <- result{}
	}
	raw, htmlErr := runVnu(java, jar, "--skip-non-html", "--also-check-svg", abs)
	cssRes := <-cssDone
	if htmlErr != nil {
		return nil, htmlErr
	}
	if cssRes.err != nil {
		return nil, cssRes.err
	}
	raw = append(raw, cssRes.msgs...)

	msgs := make([]Message, 0, len(raw))
	for _, r := range raw {
		// vnu reads the files by file: URL, an opaque origin that a
		// policy's 'self' never matches, so it reports every stylesheet
		// and script as blocked. The policy is checked where it applies:
		// in Chromium, over HTTP (the search and axe tests).
		if strings.HasPrefix(r.Message, "Resource violates Content Security Policy") {
			continue
		}
		msgs = append(msgs, r.message(dir, abs))
	}
	slices.SortStableFunc(msgs, func(a, b Message) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Column, b.Column),
		)
	})
	return msgs, nil
}

// vnuMessage is one entry of the "messages" array of vnu's JSON output.
type vnuMessage struct {
	Type        string `json:"type"`
	SubType     string `json:"subType"`
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"`
	FirstColumn int    `json:"firstColumn"`
	LastLine    int    `json:"lastLine"`
	LastColumn  int    `json:"lastColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// runVnu runs the checker once with the given arguments after the common ones.
func runVnu(java, jar string, args ...string) ([]vnuMessage, error) {
	// -Xss: vnu needs a thread stack of at least 512k to evaluate the HTML
	// schema and says so with a StackOverflowError; 4m leaves room for deep
	// pages. Serial GC: on 2 cores it checks as fast and with a third of the
	// memory of the default collector.
	// --exit-zero-always: a non-zero exit then means the checker broke, not
	// that the documents have errors, which the JSON reports.
	cmdArgs := append([]string{
		"-Xss4m", "-XX:+UseSerialGC", "-jar", jar,
		"--format", "json", "--stdout", "--exit-zero-always",
	}, args...)
	cmd := exec.Command(java, cmdArgs...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("webcheck: running vnu %s: %w\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	var out struct {
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.NewDecoder(&stdout).Decode(&out); err != nil {
		return nil, fmt.Errorf("webcheck: reading vnu's JSON output: %w\n%s", err, stderr.Bytes())
	}
	return out.Messages, nil
}

// message converts r, naming its file relative to dir as the caller spelt it;
// abs is dir made absolute, as vnu was given it.
func (r vnuMessage) message(dir, abs string) Message {
	m := Message{
		File:    r.URL,
		Line:    cmp.Or(r.FirstLine, r.LastLine),
		Column:  cmp.Or(r.FirstColumn, r.LastColumn),
		Text:    r.Message,
		Extract: r.Extract,
	}
	if u, err := url.Parse(r.URL); err == nil && u.Scheme == "file" {
		p := filepath.FromSlash(u.Path)
		if rel, err := filepath.Rel(abs, p); err == nil && !strings.HasPrefix(rel, "..") {
			m.File = filepath.Join(dir, rel)
		} else {
			m.File = p
		}
	}
	switch {
	case r.Type == "error":
		m.Type = "error"
	case r.Type == "info" && r.SubType == "warning":
		m.Type = "warning"
	case r.Type == "info":
		m.Type = "info"
	default: // "non-document-error": vnu could not check the file at all.
		m.Type = "error"
		m.Text = fmt.Sprintf("vnu could not check this file (%s %s): %s", r.Type, r.SubType, r.Message)
	}
	return m
}
