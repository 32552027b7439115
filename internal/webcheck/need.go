package webcheck

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Tool is a program outside Go that some tests need.
type Tool struct {
	Name    string
	Install string                 // how to get it, for the skip message
	find    func() (string, error) // its path, or why it is missing
}

var (
	// Chromium is $CHROMIUM, else Debian's /usr/bin/chromium.
	Chromium = Tool{"Chromium", "apt-get install chromium fonts-liberation, or set $CHROMIUM to a Chromium binary", func() (string, error) {
		exe := os.Getenv("CHROMIUM")
		if exe == "" {
			exe = defaultChromium
		}
		_, err := os.Stat(exe)
		return exe, err
	}}
	// Java runs the Nu HTML Checker.
	Java = Tool{"Java", "apt-get install default-jre-headless", func() (string, error) { return exec.LookPath("java") }}
	// NodeJSTool runs the search page's JavaScript tests.
	NodeJSTool = Tool{"Node.js", "apt-get install nodejs (20 or later)", func() (string, error) { return exec.LookPath("node") }}
	// NPMTools are vnu.jar and axe-core from package-lock.json.
	NPMTools = Tool{"The npm test tools (vnu-jar, axe-core)", "run `npm ci --ignore-scripts` (or `make tools`) at the top of the repository", func() (string, error) {
		for _, rel := range []string{vnuJar, axeJS} {
			if _, err := nodeModuleFile(rel); err != nil {
				return "", err
			}
		}
		root, err := RepoRoot()
		return filepath.Join(root, "node_modules"), err
	}}
)

// Need returns the path of each tool a test needs. A missing one skips the
// test with how to install it, so that `make test` is green on a machine
// without a browser; under CI=true it fails the test instead, because CI
// installs everything (.ci/run) and a skip there would hide a check.
func Need(t testing.TB, tools ...Tool) []string {
	t.Helper()
	paths := make([]string, len(tools))
	for i, tool := range tools {
		p, err := tool.find()
		if err != nil {
			msg := tool.Name + " is missing (" + err.Error() + "): " + tool.Install
			if os.Getenv("CI") == "true" {
				t.Fatal(msg)
			}
			t.Skip(msg + "; skipped")
		}
		paths[i] = p
	}
	return paths
}
