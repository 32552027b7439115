package serve

import (
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// dirSite is one good build, written into a folder.
type dirSite struct {
	dir string
}

// resolve maps a URL path to the file that answers it and its status, or
// to the folder URL to redirect to (with a slash, and cleaned).
func (d *dirSite) resolve(urlPath string) (file string, status int, redirect string) {
	// Cleaning a rooted path removes every .. that could leave the site,
	// and the // that would make a redirect leave it.
	clean := path.Clean("/" + urlPath)
	p := filepath.Join(d.dir, filepath.FromSlash(strings.TrimPrefix(clean, "/")))
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		if !strings.HasSuffix(urlPath, "/") || clean != path.Clean(urlPath) {
			return "", 0, strings.TrimSuffix(clean, "/") + "/"
		}
		p = filepath.Join(p, "index.html")
	}
	if st, err := os.Stat(p); err != nil || st.IsDir() {
		return filepath.Join(d.dir, "404.html"), http.StatusNotFound, ""
	}
	return p, http.StatusOK, ""
}

// tag is the content tag of the page at urlPath, as writePage tags it.
// The search page shows what the search index holds, so it counts as
// changed with every build.
func (d *dirSite) tag(urlPath string) (string, bool) {
	if path.Clean("/"+urlPath) == "/search" {
		return d.dir, true
	}
	p, _, redirect := d.resolve(urlPath)
	if redirect != "" {
		return "", false
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return "", false
	}
	return pageTag(data), true
}
