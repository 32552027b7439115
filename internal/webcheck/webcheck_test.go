package webcheck

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRepoRoot(t *testing.T) {
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "internal", "webcheck", "webcheck.go")); err != nil {
		t.Errorf("RepoRoot() = %s, which does not hold this package: %v", root, err)
	}
}

func TestVnuGood(t *testing.T) {
	Need(t, Java, NPMTools)
	start := time.Now()
	msgs, err := Vnu(filepath.Join("testdata", "good"))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("vnu over testdata/good (HTML+SVG and CSS runs): %v", time.Since(start).Round(time.Millisecond))
	for _, m := range msgs {
		t.Errorf("unexpected vnu message: %s", m)
	}
}

func TestVnuBad(t *testing.T) {
	Need(t, Java, NPMTools)
	dir := filepath.Join("testdata", "bad")
	start := time.Now()
	msgs, err := Vnu(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("vnu over testdata/bad: %v", time.Since(start).Round(time.Millisecond))

	index := filepath.Join(dir, "index.html")
	css := filepath.Join(dir, "style.css")
	// Each wanted message is found by file, type, line and a piece of its
	// text; the lines also catch vnu's line-number bugs (see Vnu).
	want := []struct {
		file, typ string
		line      int
		text      string
	}{
		{index, "warning", 1, "“lang” attribute"},
		{index, "error", 11, "“img” element must have an “alt” attribute"},
		{index, "error", 12, "Duplicate ID “top”"},
		{css, "error", 3, "“colr”"},
	}
	for _, w := range want {
		found := slices.ContainsFunc(msgs, func(m Message) bool {
			return m.File == w.file && m.Type == w.typ && m.Line == w.line && strings.Contains(m.Text, w.text)
		})
		if !found {
			t.Errorf("no %s at %s:%d containing %q", w.typ, w.file, w.line, w.text)
		}
	}
	for _, m := range msgs {
		if m.File == filepath.Join(dir, "dark.html") {
			t.Errorf("dark.html is valid HTML, but vnu says: %s", m)
		}
		if m.Column == 0 && m.Line != 0 {
			t.Errorf("message without a column: %s", m)
		}
	}
	if got := len(Errors(msgs)); got != 3 {
		t.Errorf("Errors() kept %d messages, want 3 (img alt, duplicate id, CSS property):\n%v", got, msgs)
	}
	if t.Failed() {
		for _, m := range msgs {
			t.Logf("vnu: %s", m)
		}
	}
}

func TestVnuNothingToCheck(t *testing.T) {
	if _, err := Vnu(filepath.Join("testdata", "no-such-dir")); err == nil {
		t.Error("Vnu on a missing directory: no error")
	}
	if _, err := Vnu(t.TempDir()); err == nil {
		t.Error("Vnu on an empty directory: no error")
	}
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":     "home",
		"a/index.html":   "a's index",
		"style.css":      "body{}",
		"404.html":       "not found page",
		"a/b c/x.html":   "spaced",
		"no-index/x.txt": "x",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base := Serve(t, dir)
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Errorf("Serve() = %q, want a 127.0.0.1 URL", base)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	tests := []struct {
		method, path string
		status       int
		body         string // wanted body, or wanted Location for redirects
		ctype        string // wanted Content-Type prefix, if any
	}{
		{"GET", "/", 200, "home", "text/html"},
		{"GET", "/index.html", 200, "home", "text/html"},
		{"GET", "/a", 301, "/a/", ""},
		{"GET", "/a/", 200, "a's index", "text/html"},
		{"GET", "/a/index.html", 200, "a's index", ""},
		{"GET", "/a/b%20c/x.html", 200, "spaced", ""},
		{"GET", "/a/b%20c", 301, "/a/b%20c/", ""},
		{"GET", "/style.css", 200, "body{}", "text/css"},
		{"GET", "/style.css/", 404, "not found page", "text/html"},
		{"GET", "/missing", 404, "not found page", "text/html"},
		{"GET", "/no-index/", 404, "not found page", ""},
		{"GET", "/../../etc/passwd", 404, "not found page", ""},
		{"HEAD", "/missing", 404, "", ""},
		{"POST", "/", 405, "", ""},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, base+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		got := string(body)
		if resp.StatusCode/100 == 3 {
			got = resp.Header.Get("Location")
		}
		if resp.StatusCode != tt.status || (tt.body != "" && got != tt.body) || (tt.method == "HEAD" && got != "") {
			t.Errorf("%s %s = %d %q, want %d %q", tt.method, tt.path, resp.StatusCode, got, tt.status, tt.body)
		}
		if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
			t.Errorf("%s %s: Content-Type %q, want %s", tt.method, tt.path, ct, tt.ctype)
		}
	}

	// Without a 404.html, a static host still answers 404.
	bare := Serve(t, filepath.Join("testdata", "bad"))
	resp, err := http.Get(bare + "/missing")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 404 {
		t.Errorf("GET /missing without 404.html = %d, want 404", resp.StatusCode)
	}
}

func ruleIDs(vs []Violation) []string {
	var ids []string
	for _, v := range vs {
		ids = append(ids, v.ID)
	}
	return ids
}

func TestAxe(t *testing.T) {
	Need(t, NPMTools)
	start := time.Now()
	ctx := Browser(t)
	t.Logf("Chromium start: %v", time.Since(start).Round(time.Millisecond))
	good := Serve(t, filepath.Join("testdata", "good"))
	bad := Serve(t, filepath.Join("testdata", "bad"))

	tests := []struct {
		name  string
		check func(context.Context, string) ([]Violation, error)
		url   string
		want  []string // rule ids that must be among the violations; nil: no violation at all
	}{
		{"good/light", Axe, good + "/", nil},
		{"good/dark", AxeDark, good + "/", nil},
		{"good-404/light", Axe, good + "/404.html", nil},
		{"good-404/dark", AxeDark, good + "/404.html", nil},
		{"bad/light", Axe, bad + "/", []string{"html-has-lang", "image-alt", "color-contrast"}},
		{"dark-only/light", Axe, bad + "/dark.html", nil},
		{"dark-only/dark", AxeDark, bad + "/dark.html", []string{"color-contrast"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			vs, err := tt.check(ctx, tt.url)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("axe run: %v", time.Since(start).Round(time.Millisecond))
			if tt.want == nil {
				for _, v := range vs {
					t.Errorf("unexpected violation:\n%s", v)
				}
				return
			}
			ids := ruleIDs(vs)
			for _, id := range tt.want {
				if !slices.Contains(ids, id) {
					t.Errorf("no %s violation; got %v", id, ids)
				}
			}
			for _, v := range vs {
				t.Logf("reported as wanted:\n%s", v)
			}
		})
	}

	t.Run("message", func(t *testing.T) {
		vs, err := Axe(ctx, bad+"/")
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(vs, func(v Violation) bool { return v.ID == "color-contrast" })
		if i < 0 {
			t.Fatalf("no color-contrast violation in %v", ruleIDs(vs))
		}
		v := vs[i]
		if v.Impact == "" || v.Help == "" || v.HelpURL == "" || v.URL != bad+"/" || v.Scheme != "light" {
			t.Errorf("incomplete violation: %+v", v)
		}
		if len(v.Nodes) != 1 || len(v.Nodes[0].Target) != 1 {
			t.Fatalf("want one failing node with one selector, got %+v", v.Nodes)
		}
		msg := v.String()
		for _, want := range []string{v.Nodes[0].Target[0], `class="faint"`, "insufficient color contrast", "[light scheme]"} {
			if !strings.Contains(msg, want) {
				t.Errorf("violation message lacks %q:\n%s", want, msg)
			}
		}
	})

	t.Run("http-error", func(t *testing.T) {
		if _, err := Axe(ctx, good+"/missing"); err == nil || !strings.Contains(err.Error(), "404") {
			t.Errorf("Axe on a missing page: error %v, want one naming status 404", err)
		}
	})
}
