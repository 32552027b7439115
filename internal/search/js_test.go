package search

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"testing"

	"retro/internal/webcheck"
)

// node returns the path of node, skipping the test when there is none
// (failing under CI=true).
func node(t *testing.T) string { return webcheck.NodeJS(t) }

// runNode runs a script from js/ with args and returns its standard output.
func runNode(t *testing.T, script string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(node(t), append([]string{filepath.Join("js", script)}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
	}
	return out
}

// TestJS runs the search page's own tests (js/*.test.mjs) on Node's
// built-in test runner.
func TestJS(t *testing.T) {
	cmd := exec.Command(node(t), "--test", "js/")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("node --test js/: %v\n%s", err, out)
	}
	if !bytes.Contains(out, []byte("# fail 0")) || bytes.Contains(out, []byte("# pass 0")) {
		t.Fatalf("node --test js/ ran no test or hid a failure:\n%s", out)
	}
}
