package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// retroBin is the retro binary built once for the CLI tests, which run it as
// a user would: as a subprocess.
var retroBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "retro-cli-")
	if err != nil {
		panic(err)
	}
	retroBin = filepath.Join(dir, "retro")
	if out, err := exec.Command("go", "build", "-o", retroBin, ".").CombinedOutput(); err != nil {
		os.Stderr.Write(out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

func retroRun(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(retroBin, args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{out.String(), errb.String(), code}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

const okRetro = `---
title: Queue backed up
status: final
started: 2024-05-02 10:00
summary: The queue grew.
timeline:
  - at: 2024-05-02 10:00
    event: Alert.
analysis:
  missing_controls:
    - id: autoscale
      control: Workers do not scale on depth.
recommendations:
  - id: R1
    title: Scale on depth
    addresses: [autoscale]
    ticket: OPS-1
    status: planned
    done_when: Workers scale in staging.
review:
  finalized: 2024-05-10
---
## What went well
Backpressure.
`

func TestBuildAndRefuse(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "content/retros/queue.md"), okRetro)
	writeFile(t, filepath.Join(dir, "content/retros/draft.md"), "---\ntitle: D\nstatus: draft\nstarted: 2024-06-01 10:00\n---\n")
	r := retroRun(t, dir, "build")
	if r.code != 0 {
		t.Fatalf("build failed (%d): %s", r.code, r.stderr)
	}
	if !regexp.MustCompile(`^built 1 retrospectives \(1 draft skipped\), \d+ pages in \d+ ms\n$`).MatchString(r.stdout) {
		t.Errorf("summary line: %q", r.stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/retros/queue/index.html")); err != nil {
		t.Fatal(err)
	}
	// Building again replaces its own output.
	if r := retroRun(t, dir, "build"); r.code != 0 {
		t.Fatalf("rebuild failed: %s", r.stderr)
	}
	// A folder it did not write is never replaced.
	writeFile(t, filepath.Join(dir, "mine/notes.txt"), "keep me")
	r = retroRun(t, dir, "build", "--dest", "mine")
	if r.code != 1 || !strings.Contains(r.stderr, "was not written by retro") {
		t.Errorf("build into a foreign folder: code %d, %s", r.code, r.stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "mine/notes.txt")); string(data) != "keep me" {
		t.Error("the foreign folder was touched")
	}
}

func TestBuildErrorKeepsPreviousSite(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "content/retros/queue.md"), okRetro)
	if r := retroRun(t, dir, "build"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	writeFile(t, filepath.Join(dir, "content/retros/queue.md"), strings.Replace(okRetro, "status: planned", "status: planed", 1))
	r := retroRun(t, dir, "build")
	if r.code != 1 {
		t.Fatalf("code %d", r.code)
	}
	want := `content/retros/queue.md:18:13: status "planed" is not one of planned, in-progress, done, dropped (did you mean "planned"?)`
	if !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %s:\n%s", want, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public/retros/queue/index.html")); err != nil {
		t.Error("the previous site is gone")
	}
}

func TestCheckJSONAndStrict(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "content/retros/queue.md"), strings.Replace(okRetro, "Backpressure.", "It was human error.", 1))
	r := retroRun(t, dir, "check", "--format", "json")
	if r.code != 0 {
		t.Fatalf("warnings fail check without --strict: %d %s", r.code, r.stderr)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &got); err != nil {
		t.Fatalf("%v: %s", err, r.stdout)
	}
	if len(got) != 1 {
		t.Fatalf("findings: %v", got)
	}
	f := got[0]
	for k, v := range map[string]any{"file": "content/retros/queue.md", "line": 24.0, "column": 8.0, "severity": "warning", "rule": "blame"} {
		if f[k] != v {
			t.Errorf("%s = %v, want %v", k, f[k], v)
		}
	}
	if _, ok := f["message"].(string); !ok {
		t.Error("no message")
	}
	if r := retroRun(t, dir, "check", "--strict"); r.code != 1 {
		t.Errorf("--strict: code %d", r.code)
	}
	if r := retroRun(t, dir, "build", "--strict"); r.code != 1 {
		t.Errorf("build --strict: code %d", r.code)
	}
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{{}, {"frobnicate"}, {"build", "--nope"}, {"check", "--format", "xml"}, {"new"}} {
		if r := retroRun(t, dir, args...); r.code != 2 {
			t.Errorf("retro %v: code %d, want 2", args, r.code)
		}
	}
	if r := retroRun(t, dir, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "retro ") {
		t.Errorf("version: %+v", r)
	}
}

func TestNew(t *testing.T) {
	dir := t.TempDir()
	r := retroRun(t, dir, "new", "Checkout: failover stalled!")
	if r.code != 0 {
		t.Fatalf("new: %d %s", r.code, r.stderr)
	}
	path := strings.TrimSpace(r.stdout)
	if !regexp.MustCompile(`content/retros/\d{4}-\d{2}-\d{2}-checkout-failover-stalled\.md$`).MatchString(path) {
		t.Errorf("path %q", path)
	}
	data, err := os.ReadFile(filepath.Join(dir, path))
	if err != nil {
		t.Fatal(err)
	}
	for _, section := range []string{"## What went well", "## What could have been done better", "## Analysis", "status: draft"} {
		if !strings.Contains(string(data), section) {
			t.Errorf("template lacks %q", section)
		}
	}
	// The new draft passes check as it is.
	if r := retroRun(t, dir, "check"); r.code != 0 {
		t.Errorf("check of a new retrospective: %s%s", r.stdout, r.stderr)
	}
	// Never overwrite.
	if r := retroRun(t, dir, "new", "Checkout: failover stalled!"); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("second new: %d %s", r.code, r.stderr)
	}
}
