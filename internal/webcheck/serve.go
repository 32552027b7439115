package webcheck

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strings"
	"testing"
)

// Serve serves dir over HTTP on 127.0.0.1 at a random port and returns the
// base URL, without a trailing slash. The server stops in t.Cleanup.
//
// It behaves like a plain static host (GitHub Pages, S3, nginx), not like Go's
// http.FileServer, so that tests see what readers will: a directory serves its
// index.html, and a directory URL without its trailing slash redirects to the
// one with it; there are no directory listings; /index.html is served as is;
// anything missing gets /404.html with status 404, or a bare 404 when the site
// has no such page. Only GET and HEAD are allowed. Files are read through an
// os.Root, so no URL can reach outside dir.
func Serve(t testing.TB, dir string) string {
	t.Helper()
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatalf("webcheck: serving %s: %v", dir, err)
	}
	srv := httptest.NewServer(staticHost{root.FS()})
	t.Cleanup(func() {
		srv.Close()
		root.Close()
	})
	return srv.URL
}

// staticHost is the handler of Serve.
type staticHost struct {
	fsys fs.FS
}

func (h staticHost) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	urlPath := r.URL.Path
	if !strings.HasPrefix(urlPath, "/") {
		urlPath = "/" + urlPath
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if name == "" {
		name = "."
	}
	fi, err := fs.Stat(h.fsys, name)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(urlPath, "/") {
			target := r.URL.EscapedPath() + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		fi, err = fs.Stat(h.fsys, name)
	} else if err == nil && strings.HasSuffix(urlPath, "/") {
		// A file asked for as a directory: static hosts answer 404.
		err = fs.ErrNotExist
	}
	if err != nil || fi.IsDir() {
		h.notFound(w, r)
		return
	}
	f, err := h.fsys.Open(name)
	if err != nil {
		h.notFound(w, r)
		return
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker)
	if !ok { // os.Root's files always seek; this keeps other fs.FS honest.
		http.Error(w, "file cannot seek", http.StatusInternalServerError)
		return
	}
	http.ServeContent(w, r, name, fi.ModTime(), rs)
}

// notFound answers with the site's own 404 page, as static hosts do.
func (h staticHost) notFound(w http.ResponseWriter, r *http.Request) {
	page, err := fs.ReadFile(h.fsys, "404.html")
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(page)
	}
}
