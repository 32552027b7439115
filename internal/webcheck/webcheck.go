// Package webcheck holds the web-quality checks that retro's tests run against
// generated HTML: the Nu HTML Checker (vnu.jar) for conformance, and axe-core
// in headless Chromium for accessibility, in light and dark colour schemes.
//
// It is an ordinary package rather than a _test.go file so that the tests of
// any package in the module can import it. Nothing here reaches the network:
// vnu.jar and axe-core come from the repository's node_modules (installed by
// `npm ci` from package-lock.json) and Chromium from Debian's chromium package.
// `bash .ci/run` installs all three.
//
// A typical site test:
//
//	msgs, err := webcheck.Vnu(outDir)
//	// ... fail on msgs with Type == "error"
//	ctx := webcheck.Browser(t)
//	base := webcheck.Serve(t, outDir)
//	vs, err := webcheck.Axe(ctx, base+"/retros/some-id/")
//	for _, v := range vs {
//		t.Error(v)
//	}
package webcheck

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// RepoRoot returns the directory of the module's go.mod, found by walking up
// from the working directory. Tests run in their own package's directory, so
// this is how they find node_modules and other files at the top of the repo.
func RepoRoot() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("webcheck: finding the repository root: %w", err)
	}
	for dir := wd; ; {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("webcheck: finding the repository root: %w", err)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("webcheck: no go.mod in %s or any parent directory", wd)
		}
		dir = parent
	}
}

// nodeModuleFile returns the path of a file that an npm devDependency ships,
// or an error that says how to install it: a missing node_modules is the most
// likely reason for these checks to fail on a fresh clone.
func nodeModuleFile(rel string) (string, error) {
	root, err := RepoRoot()
	if err != nil {
		return "", err
	}
	p := filepath.Join(root, "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("webcheck: %w; run `npm ci` in %s to install the test tools from package-lock.json", err, root)
	}
	return p, nil
}
