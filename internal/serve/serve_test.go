package serve

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"retro/internal/source"
	"retro/internal/webcheck"
)

func TestServeHTTP(t *testing.T) {
	dir := t.TempDir()
	site := filepath.Join(dir, "site")
	for name, body := range map[string]string{
		"index.html":          "<html><body>home</body></html>",
		"404.html":            "<html><body>missing</body></html>",
		"retros/x/index.html": "<html><body>x</body></html>",
		"assets/a.css":        "body{}",
	} {
		p := filepath.Join(site, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	os.WriteFile(filepath.Join(dir, "secret.txt"), []byte("secret"), 0o644)
	s := &Server{site: &dirSite{dir: site}, version: 3}
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = path
		req.Host = "localhost:1313"
		s.ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Result().Body)
		return rec.Code, string(body)
	}
	if code, body := get("/retros/x/"); code != 200 || !strings.Contains(body, "x") || !strings.Contains(body, `<script src="/_retro/client.js" data-page="`) {
		t.Errorf("page: %d %q", code, body)
	}
	if code, _ := get("/retros/x"); code != http.StatusMovedPermanently {
		t.Errorf("no redirect to the folder: %d", code)
	}
	if code, body := get("/nope/"); code != 404 || !strings.Contains(body, "missing") {
		t.Errorf("404: %d %q", code, body)
	}
	if code, body := get("/../secret.txt"); strings.Contains(body, "secret") {
		t.Errorf("path traversal served the file: %d", code)
	}
	if _, body := get("/_retro/version"); body != "3" {
		t.Errorf("version %q", body)
	}
	if _, body := get("/assets/a.css"); body != "body{}" || strings.Contains(body, "script") {
		t.Errorf("asset changed: %q", body)
	}
}

func get(s *Server, host, target string) *http.Response {
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.URL.Path = target
	req.Host = host
	s.ServeHTTP(rec, req)
	return rec.Result()
}

func testSite(t *testing.T) *Server {
	dir := filepath.Join(t.TempDir(), "site")
	for name, body := range map[string]string{
		"index.html":   "<html><body>home</body></html>",
		"404.html":     "<html><body>missing</body></html>",
		"x/index.html": "<html><body>x</body></html>",
		"data.json":    "{}",
	} {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte(body), 0o644)
	}
	return &Server{site: &dirSite{dir: dir}, version: 1}
}

// TestHostHeader: on loopback only loopback names are answered, so a
// DNS-rebinding page cannot read the preview.
func TestHostHeader(t *testing.T) {
	s := testSite(t)
	for host, want := range map[string]int{
		"localhost:1313": 200, "127.0.0.1:1313": 200, "[::1]:1313": 200, "LOCALHOST": 200, "app.localhost:1313": 200, "127.0.0.2": 200,
		"evil.example:1313": 421, "evil.example": 421, "127.0.0.1.evil.example": 421, "": 421, "localhost.evil.example:1313": 421,
	} {
		if got := get(s, host, "/").StatusCode; got != want {
			t.Errorf("Host %q: %d, want %d", host, got, want)
		}
	}
	s.anyHost = true
	if got := get(s, "preview.internal:1313", "/").StatusCode; got != 200 {
		t.Errorf("listening beyond loopback, a Host was refused: %d", got)
	}
}

// TestNoOpenRedirect: every redirect stays on the site.
func TestNoOpenRedirect(t *testing.T) {
	s := testSite(t)
	for _, target := range []string{"//evil.example/../x", "//evil.example/..//x", "/\\evil.example/../x", "///evil.example/../x", "/x", "//x", "/./x"} {
		res := get(s, "localhost", target)
		loc := res.Header.Get("Location")
		if res.StatusCode >= 300 && res.StatusCode < 400 && (!strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\")) {
			t.Errorf("%s redirects to %q", target, loc)
		}
	}
	if loc := get(s, "localhost", "//evil.example/../x").Header.Get("Location"); loc != "/x/" {
		t.Errorf("Location %q, want /x/", loc)
	}
}

// TestSecurityHeaders are on every response, errors included.
func TestSecurityHeaders(t *testing.T) {
	s := testSite(t)
	for _, c := range []struct{ host, path string }{{"localhost", "/"}, {"localhost", "/data.json"}, {"localhost", "/nope"}, {"localhost", "/x"}, {"evil.example", "/"}, {"localhost", "/_retro/status"}, {"localhost", "/_retro/client.js"}} {
		h := get(s, c.host, c.path).Header
		if h.Get("X-Content-Type-Options") != "nosniff" || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'self'") || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s%s: headers %v", c.host, c.path, h)
		}
	}
}

// TestBuildErrorsReported: a failed build's findings are in the status the
// overlay polls, with file, line and message, and gone after a good build.
func TestBuildErrorsReported(t *testing.T) {
	work := t.TempDir()
	fail := true
	s := &Server{Log: io.Discard, Build: func(dest string) (string, error) {
		if fail {
			var fs source.Findings
			fs.Errorf(source.Pos{File: "content/retros/a.md", Line: 3, Col: 9}, "enum", "unknown status %q", "finl").Hint = "did you mean final?"
			return "", &source.Stopped{Findings: fs, Message: "1 error; nothing was written"}
		}
		os.MkdirAll(dest, 0o755)
		return "built", os.WriteFile(filepath.Join(dest, "index.html"), []byte("<html><body>ok</body></html>"), 0o644)
	}}
	status := func() string {
		body, _ := io.ReadAll(get(s, "localhost", "/_retro/status").Body)
		return string(body)
	}
	s.rebuild(work, time.Now())
	if got := status(); !strings.Contains(got, `"file":"content/retros/a.md","line":3,"column":9,"message":"unknown status \"finl\"","hint":"did you mean final?"`) {
		t.Errorf("status after a failed build: %s", got)
	}
	fail = false
	s.rebuild(work, time.Now())
	if got := status(); got != `{"version":1,"problems":[]}`+"\n" {
		t.Errorf("status after a good build: %s", got)
	}
	if body, _ := io.ReadAll(get(s, "localhost", "/_retro/client.js").Body); !strings.Contains(string(body), EventsPath) {
		t.Error("the client script does not listen to the events")
	}
}

// TestServedPagesSayPreview opens a served page in Chromium: the client
// script marks it as a preview, whether or not the build has drafts.
func TestServedPagesSayPreview(t *testing.T) {
	ctx := webcheck.Browser(t)
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<!doctype html><html lang=en><title>x</title><body><main><h1>Home</h1></main></body></html>"), 0o644)
	s := &Server{site: &dirSite{dir: site}, version: 1}
	srv := httptest.NewServer(s)
	defer srv.Close()
	defer s.stop()
	if _, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	var text string
	for deadline := time.Now().Add(10 * time.Second); text == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		text, _ = chromedp.Run(ctx, chromedp.Evaluate[string](`(document.querySelector("main > .preview-banner") || {textContent: ""}).textContent`))
	}
	if !strings.Contains(text, "Preview:") || !strings.Contains(text, "not the published site") {
		t.Errorf("banner reads %q", text)
	}
}
