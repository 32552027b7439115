package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// readmeBlock returns the first fenced block of lang after heading.
func readmeBlock(t *testing.T, heading, lang string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, "\n"+heading+"\n")
	if i < 0 {
		t.Fatalf("README has no %q", heading)
	}
	s = s[i:]
	start := strings.Index(s, "\n```"+lang+"\n")
	if start < 0 {
		t.Fatalf("README has no ```%s block under %q", lang, heading)
	}
	s = s[start+len("\n```"+lang+"\n"):]
	return s[:strings.Index(s, "```")]
}

// TestREADMECommandLine keeps the README's command-line section in step with
// the usage the binary prints.
func TestREADMECommandLine(t *testing.T) {
	var fromUsage []string
	for _, l := range strings.Split(usage, "\n") {
		if strings.HasPrefix(l, "  retro ") {
			fromUsage = append(fromUsage, strings.TrimSpace(l))
		}
	}
	fromREADME := strings.Split(strings.TrimSpace(readmeBlock(t, "## Command line", "")), "\n")
	if !slices.Equal(fromUsage, fromREADME) {
		t.Errorf("README's command line:\n%s\nretro's usage:\n%s", strings.Join(fromREADME, "\n"), strings.Join(fromUsage, "\n"))
	}
}

// TestREADMEWorkflow runs the retro commands of the README's GitHub Actions
// workflow on a site, as the workflow would.
func TestREADMEWorkflow(t *testing.T) {
	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Uses string
				Run  string
			}
		}
	}
	if err := yaml.Unmarshal([]byte(readmeBlock(t, "## Checking and publishing with GitHub Actions", "yaml")), &wf); err != nil {
		t.Fatalf("the README's workflow is not YAML: %v", err)
	}
	if _, ok := wf.On["pull_request"]; !ok {
		t.Error("the workflow does not run on pull requests")
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "content/retros/queue.md"), okRetro)
	expr := regexp.MustCompile(`\$\{\{[^}]*\}\}`)
	var ran, uses []string
	for _, name := range []string{"check", "publish"} {
		for _, step := range wf.Jobs[name].Steps {
			uses = append(uses, step.Uses)
			line, _, _ := strings.Cut(step.Run, "#")
			if !strings.HasPrefix(line, "retro ") {
				continue
			}
			line = expr.ReplaceAllString(line, "https://acme.github.io/retros")
			args := strings.Fields(strings.ReplaceAll(line, `"`, ""))[1:]
			if r := retroRun(t, dir, args...); r.code != 0 {
				t.Errorf("%s: code %d\n%s%s", line, r.code, r.stdout, r.stderr)
			}
			ran = append(ran, args[0])
		}
	}
	if !slices.Equal(ran, []string{"check", "build"}) {
		t.Errorf("retro commands of the workflow: %v", ran)
	}
	for _, u := range []string{"actions/upload-pages-artifact@v3", "actions/deploy-pages@v4"} {
		if !slices.Contains(uses, u) {
			t.Errorf("the workflow does not use %s", u)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "public/feed.xml"))
	if err != nil || !strings.Contains(string(data), "https://acme.github.io/retros/retros/queue/") {
		t.Errorf("the build did not take the Pages base URL: %v %.300s", err, data)
	}
}
