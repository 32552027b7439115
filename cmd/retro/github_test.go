package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// ghCommand is a workflow command as the Actions runner reads it.
type ghCommand struct {
	level   string
	props   map[string]string
	message string
}

var ghLine = regexp.MustCompile(`^::(error|warning) ([^:]*)::(.*)$`)

// parseGitHub reads workflow commands back, unescaping as the runner does.
func parseGitHub(t *testing.T, out string) []ghCommand {
	t.Helper()
	unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
	var cmds []ghCommand
	for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		m := ghLine.FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("not a workflow command: %q", line)
		}
		c := ghCommand{level: m[1], props: map[string]string{}, message: unescape.Replace(m[3])}
		for _, p := range strings.Split(m[2], ",") {
			k, v, ok := strings.Cut(p, "=")
			if !ok {
				t.Fatalf("property %q in %q", p, line)
			}
			c.props[k] = unescape.Replace(v)
		}
		cmds = append(cmds, c)
	}
	return cmds
}

func TestCheckGitHub(t *testing.T) {
	repo := t.TempDir()
	// The site is a subfolder of the repository, and a file name holds the
	// characters that end a property.
	name := "content/retros/q3,db:100%.md"
	writeFile(t, filepath.Join(repo, "site", name), strings.Replace(okRetro, "Backpressure.", "It was human error.", 1))
	writeFile(t, filepath.Join(repo, "site/content/retros/queue.md"),
		strings.Replace(okRetro, "status: planned", "status: planed\n    \"50%: a, b\": x", 1))

	r := retroRun(t, repo, "check", "--source", "site", "--format", "github")
	if r.code != 1 {
		t.Fatalf("code %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "retro check: 3 errors") {
		t.Errorf("stderr: %q", r.stderr)
	}
	cmds := parseGitHub(t, r.stdout)

	// The same findings as the JSON format, as annotations.
	js := retroRun(t, repo, "check", "--source", "site", "--format", "json")
	var findings []jsonFinding
	if err := json.Unmarshal([]byte(js.stdout), &findings); err != nil {
		t.Fatal(err)
	}
	if len(cmds) != len(findings) {
		t.Fatalf("%d commands for %d findings:\n%s", len(cmds), len(findings), r.stdout)
	}
	for i, f := range findings {
		c := cmds[i]
		want := map[string]string{"file": "site/" + f.File, "line": strconv.Itoa(f.Line), "col": strconv.Itoa(f.Column), "title": f.Rule}
		for k, v := range want {
			if c.props[k] != v {
				t.Errorf("command %d: %s=%q, want %q", i, k, c.props[k], v)
			}
		}
		msg := f.Message
		if f.Hint != "" {
			msg += " (" + f.Hint + ")"
		}
		if c.message != msg || c.level != f.Severity {
			t.Errorf("command %d: %s %q, want %s %q", i, c.level, c.message, f.Severity, msg)
		}
	}
	var levels, files []string
	for _, c := range cmds {
		levels = append(levels, c.level)
		files = append(files, c.props["file"])
	}
	if strings.Join(levels, " ") != "error warning error error" {
		t.Errorf("levels: %v", levels)
	}
	if files[0] != "site/"+name {
		t.Errorf("file with , : and %%: %q", files[0])
	}
	// The unknown key's message keeps its %, and its , and : stay in the message.
	if !slices.ContainsFunc(cmds, func(c ghCommand) bool {
		return strings.HasPrefix(c.message, `unknown key "50%: a, b" in recommendation`)
	}) {
		t.Errorf("no unknown-key message with %%, comma and colon:\n%s", r.stdout)
	}

	// Warnings alone pass, and are still annotated.
	clean := t.TempDir()
	writeFile(t, filepath.Join(clean, "content/retros/queue.md"), strings.Replace(okRetro, "Backpressure.", "It was human error.", 1))
	r = retroRun(t, clean, "check", "--format", "github")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "::warning file=content/retros/queue.md,line=24,col=8,title=blame::") {
		t.Errorf("code %d, stdout %q", r.code, r.stdout)
	}
	if r := retroRun(t, clean, "check", "--format", "github", "--strict"); r.code != 1 {
		t.Errorf("--strict: code %d", r.code)
	}
}

func TestGitHubEscaping(t *testing.T) {
	if got, want := ghData("100% done\r\nnext: a, b"), "100%25 done%0D%0Anext: a, b"; got != want {
		t.Errorf("message: %q, want %q", got, want)
	}
	if got, want := ghProperty("a,b:100%\n"), "a%2Cb%3A100%25%0A"; got != want {
		t.Errorf("property: %q, want %q", got, want)
	}
}
