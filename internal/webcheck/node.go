package webcheck

import (
	"os"
	"os/exec"
	"testing"
)

// NodeJS returns the path of Node.js (20 or later), for the tests that run
// the search page's modules. Without it the test is skipped with a
// message saying how to get it, except under CI=true, where it fails.
func NodeJS(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		msg := "node not found: install Node.js 20 or later (apt-get install nodejs) to run the search page's tests"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}
