package serve

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	s := &Server{dir: site, version: 3}
	get := func(path string) (int, string) {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.URL.Path = path
		s.ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Result().Body)
		return rec.Code, string(body)
	}
	if code, body := get("/retros/x/"); code != 200 || !strings.Contains(body, "x") || !strings.Contains(body, "/_retro/version") {
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
