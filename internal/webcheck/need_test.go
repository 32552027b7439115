package webcheck

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// recorder is a testing.TB that notes a Skip or Fatal instead of acting.
type recorder struct {
	testing.TB
	skipped, failed string
}

func (r *recorder) Helper()           {}
func (r *recorder) Skip(args ...any)  { r.skipped = fmt.Sprint(args...); runtime.Goexit() }
func (r *recorder) Fatal(args ...any) { r.failed = fmt.Sprint(args...); runtime.Goexit() }

func need(tool Tool) *recorder {
	r := &recorder{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		Need(r, tool)
	}()
	<-done
	return r
}

func TestNeed(t *testing.T) {
	missing := Tool{"Frobnicator", "apt-get install frobnicator", func() (string, error) { return "", errors.New("not on PATH") }}
	present := Tool{"Sh", "", func() (string, error) { return "/bin/sh", nil }}

	t.Setenv("CI", "")
	if r := need(missing); r.failed != "" || !strings.Contains(r.skipped, "Frobnicator is missing (not on PATH): apt-get install frobnicator") {
		t.Errorf("outside CI: skipped %q, failed %q", r.skipped, r.failed)
	}
	t.Setenv("CI", "true")
	if r := need(missing); r.skipped != "" || !strings.Contains(r.failed, "apt-get install frobnicator") {
		t.Errorf("under CI: skipped %q, failed %q", r.skipped, r.failed)
	}
	if r := need(present); r.skipped != "" || r.failed != "" {
		t.Errorf("a present tool: skipped %q, failed %q", r.skipped, r.failed)
	}
	if got := Need(t, present); len(got) != 1 || got[0] != "/bin/sh" {
		t.Errorf("path %v", got)
	}
}
