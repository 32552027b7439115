package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const importable = `Payment webhooks delayed
========================

Overview
--------

Webhooks to merchants were delayed by up to 40 minutes.

Timeline
--------

All times in UTC.

- 2024-06-03 09:10 Queue consumer deploy
- 2024-06-03 09:50 Consumer rolled back

Action items
------------

- [x] Alert on webhook lag (PAY-12)
`

const undated = "# Cache warmed slowly\n\n## Timeline\n\n- 10:00 Restart\n"

func TestImportDryRunWritesNothing(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in", "webhooks.md"), importable)
	r := retroRun(t, dir, "import", "--source", "site", "--dry-run", "in")
	if r.code != 0 || !strings.Contains(r.stdout, "would write "+filepath.Join("site", "content", "retros", "2024-06-03-webhooks.md")) {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "site")); !os.IsNotExist(err) {
		t.Errorf("--dry-run created the site folder (%v)", err)
	}
}

func TestImportWritesChecksAndNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in", "webhooks.md"), importable)
	r := retroRun(t, dir, "import", "--source", "site", "in/webhooks.md")
	if r.code != 0 {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "site", "content", "retros", "2024-06-03-webhooks.md")
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"status: draft", "started: 2024-06-03 09:10", "summary: Webhooks to merchants were delayed by up to 40 minutes.", "  - at: 2024-06-03 09:50\n    event: Consumer rolled back"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("%s lacks %q:\n%s", out, want, data)
		}
	}
	if c := retroRun(t, dir, "check", "--source", "site"); c.code != 0 {
		t.Errorf("retro check of the import: exit %d\n%s%s", c.code, c.stdout, c.stderr)
	}
	if c := retroRun(t, dir, "build", "--source", "site", "--dest", "public", "--drafts"); c.code != 0 {
		t.Errorf("retro build --drafts of the import: exit %d\n%s%s", c.code, c.stdout, c.stderr)
	} else if page, err := os.ReadFile(filepath.Join(dir, "public", "retros", "2024-06-03-webhooks", "index.html")); err != nil || !strings.Contains(string(page), "Consumer rolled back") {
		t.Errorf("the imported page lacks its timeline (%v)", err)
	}
	// The same import again: the file is there, and stays as it was.
	if err := os.WriteFile(out, append(data, []byte("\nEdited by hand.\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	r = retroRun(t, dir, "import", "--source", "site", "in/webhooks.md")
	if r.code != 1 || !strings.Contains(r.stdout, "already exists: not overwritten") {
		t.Errorf("second import: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if now, _ := os.ReadFile(out); !strings.HasSuffix(string(now), "Edited by hand.\n") {
		t.Errorf("the existing file was replaced:\n%s", now)
	}
}

func TestImportNoDateAndReport(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in", "webhooks.md"), importable)
	writeFile(t, filepath.Join(dir, "in", "cache.md"), undated)
	writeFile(t, filepath.Join(dir, "in", "README.md"), "# Our post-mortems\n")
	r := retroRun(t, dir, "import", "--source", "site", "--report", "report.json", "in")
	// A file that could not come in fails the run, so scripts notice; the
	// others are written.
	if r.code != 1 || !strings.Contains(r.stdout, "cache.md: not written: no date anywhere") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "imported 1, 1 not written, 1 skipped by name") {
		t.Errorf("stderr: %s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "site", "content", "retros", "cache.md")); !os.IsNotExist(err) {
		t.Errorf("the undated file was written (%v)", err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Files []struct {
			Source          string `json:"source"`
			Output          string `json:"output"`
			Written         bool   `json:"written"`
			NotWritten      string `json:"not_written"`
			Mapped, Guessed []struct {
				Field, Detail string
				Line          int
			}
			LeftInBody      []string `json:"left_in_body"`
			TimelineEntries int      `json:"timeline_entries"`
			Recommendations int      `json:"recommendations"`
		} `json:"files"`
		Imported int `json:"imported"`
		Failed   int `json:"not_written"`
		Skipped  int `json:"skipped"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	if rep.Imported != 1 || rep.Failed != 1 || rep.Skipped != 1 || len(rep.Files) != 3 {
		t.Fatalf("report: %s", data)
	}
	for _, f := range rep.Files {
		switch filepath.Base(f.Source) {
		case "webhooks.md":
			if !f.Written || f.TimelineEntries != 2 || f.Recommendations != 1 || len(f.Mapped) == 0 || len(f.Guessed) == 0 {
				t.Errorf("webhooks.md: %+v", f)
			}
			if !strings.Contains(strings.Join(f.LeftInBody, "|"), "Action items") {
				t.Errorf("webhooks.md left in body: %v", f.LeftInBody)
			}
		case "cache.md":
			if f.Written || !strings.Contains(f.NotWritten, "no date anywhere") {
				t.Errorf("cache.md: %+v", f)
			}
		}
	}
	// The report is a file like any other: never replaced.
	r = retroRun(t, dir, "import", "--source", "site2", "--report", "report.json", "in/webhooks.md")
	if r.code != 1 || !strings.Contains(r.stderr, "report.json already exists") {
		t.Errorf("second report: exit %d\n%s", r.code, r.stderr)
	}
}

func TestImportUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{"import"}, {"import", "--status", "final", "x.md"}} {
		if r := retroRun(t, dir, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, r.code, r.stderr)
		}
	}
	if r := retroRun(t, dir, "import", "missing.md"); r.code != 1 || !strings.Contains(r.stderr, "missing.md") {
		t.Errorf("missing input: exit %d\n%s", r.code, r.stderr)
	}
}
