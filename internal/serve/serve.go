// Package serve is the preview server: it builds the site (drafts included
// when asked) into a temporary folder, serves it, rebuilds when a source
// file changes and tells open pages to reload.
package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"retro/internal/render"
	"retro/internal/search"
	"retro/internal/source"
)

// Builder builds the site into dest and returns a one-line summary, or the
// findings that stopped it.
type Builder func(dest string) (summary string, err error)

// Server serves the last good build.
type Server struct {
	Source string
	Build  Builder
	Log    io.Writer
	// Poll is how often the source is scanned for changes.
	Poll time.Duration

	mu       sync.RWMutex
	dir      string // the last good build
	version  int    // bumped on every good build; pages poll it to reload
	lastErr  string
	problems []Problem // why the last build failed; none when it worked
	anyHost  bool      // listening beyond loopback: any Host header is fine
}

// clientScript is added to served pages only (never to built files), as a
// file so that the Content-Security-Policy need not allow inline script: it
// polls the build's status, reloads when a new build is in, and shows the
// errors of a failed build over the page until they are fixed. It also
// marks every page as a preview (a --drafts build already says so), so a
// served page is never taken for the published site.
const clientScript = `(() => {
  let version = null, overlay = null;
  const main = document.querySelector("main");
  if (main && !document.querySelector(".preview-banner")) {
    const note = document.createElement("p");
    note.className = "preview-banner";
    note.setAttribute("role", "note");
    const strong = document.createElement("strong");
    strong.textContent = "Preview:";
    note.append(strong, " served by retro serve, which rebuilds as you edit; this is not the published site.");
    main.prepend(note);
  }
  const show = (problems) => {
    if (!problems.length) { if (overlay) { overlay.remove(); overlay = null; } return; }
    if (!overlay) {
      overlay = document.createElement("section");
      overlay.id = "retro-build-errors";
      overlay.setAttribute("role", "alert");
      Object.assign(overlay.style, {position: "fixed", inset: "auto 0 0 0", maxHeight: "60vh", overflow: "auto",
        background: "#fff5f5", color: "#5c0000", borderTop: "4px solid #b00020", padding: "1rem 1.5rem",
        font: "14px/1.5 ui-monospace, monospace", zIndex: 2147483647, margin: 0});
      document.body.append(overlay);
    }
    overlay.replaceChildren();
    const h = document.createElement("h2");
    h.textContent = "The site does not build: still showing the last good build";
    h.style.font = "bold 16px/1.4 system-ui, sans-serif";
    overlay.append(h);
    const list = document.createElement("ul");
    for (const p of problems) {
      const li = document.createElement("li");
      const where = document.createElement("strong");
      where.textContent = p.file ? p.file + (p.line ? ":" + p.line + (p.column ? ":" + p.column : "") : "") + ": " : "";
      li.append(where, p.message + (p.hint ? " (" + p.hint + ")" : ""));
      list.append(li);
    }
    overlay.append(list);
  };
  const poll = async () => {
    try {
      const s = await (await fetch("/_retro/status", {cache: "no-store"})).json();
      if (version !== null && s.version !== version) { location.reload(); return; }
      version = s.version;
      show(s.problems || []);
    } catch (e) {}
  };
  poll();
  setInterval(poll, 1000);
})();
`

// Problem is one reason the last build failed, as the overlay shows it.
type Problem struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// problems turns a failed build's error into what the overlay lists: its
// error findings when it was stopped by them, else the error itself.
func problems(err error) []Problem {
	var stopped *source.Stopped
	if !errors.As(err, &stopped) {
		return []Problem{{Message: err.Error()}}
	}
	var ps []Problem
	for _, f := range stopped.Findings {
		if f.Severity != source.Error {
			continue
		}
		ps = append(ps, Problem{File: f.Pos.File, Line: f.Pos.Line, Column: f.Pos.Col, Message: f.Message, Hint: f.Hint})
	}
	if len(ps) == 0 { // stopped by warnings (--strict)
		ps = append(ps, Problem{Message: err.Error()})
	}
	return ps
}

// Headers are sent with every response: no content sniffing, no referrer to
// other sites, and a policy under which a page runs only the site's own
// scripts (the same one the built pages carry in a meta tag).
func setHeaders(h http.Header) {
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", render.ContentSecurityPolicy+"; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
}

// ListenAndServe builds, serves on addr and rebuilds on change until ctx ends.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	if s.Poll == 0 {
		s.Poll = 500 * time.Millisecond
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.anyHost = !loopback(ln.Addr())
	work, err := os.MkdirTemp("", "retro-serve-")
	if err != nil {
		ln.Close()
		return err
	}
	defer os.RemoveAll(work)
	s.rebuild(work)
	fmt.Fprintf(s.Log, "serving on http://%s/ (Ctrl+C stops)\n", ln.Addr())
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	var wg sync.WaitGroup
	wg.Go(func() { s.watch(ctx, work) })
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	err = srv.Serve(ln)
	// The temporary folder goes only once no rebuild is writing into it.
	wg.Wait()
	if err != http.ErrServerClosed {
		return err
	}
	return nil
}

// loopback reports whether the server listens on loopback only.
func loopback(a net.Addr) bool {
	tcp, ok := a.(*net.TCPAddr)
	return ok && tcp.IP.IsLoopback()
}

// hostAllowed refuses a Host header that is not a loopback name when the
// server listens on loopback: a page on another site could otherwise point
// its own name at 127.0.0.1 (DNS rebinding) and read the drafts.
func (s *Server) hostAllowed(host string) bool {
	if s.anyHost {
		return true
	}
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

func (s *Server) rebuild(work string) {
	dest := filepath.Join(work, fmt.Sprintf("site-%d", time.Now().UnixNano()))
	summary, err := s.Build(dest)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.lastErr = err.Error()
		s.problems = problems(err)
		fmt.Fprintf(s.Log, "%v\nstill serving the last good build\n", err)
		os.RemoveAll(dest)
		return
	}
	old := s.dir
	s.dir, s.lastErr, s.problems = dest, "", nil
	s.version++
	fmt.Fprintln(s.Log, summary)
	if old != "" {
		go func() {
			time.Sleep(5 * time.Second) // let requests in flight finish
			os.RemoveAll(old)
		}()
	}
}

// watch rebuilds when any file below the source changes, ignoring output
// folders and dot folders.
func (s *Server) watch(ctx context.Context, work string) {
	last := s.stamp()
	t := time.NewTicker(s.Poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if now := s.stamp(); now != last {
				last = now
				s.rebuild(work)
			}
		}
	}
}

// stamp summarises the source's files: their count, sizes and newest mtime.
func (s *Server) stamp() string {
	var n, size int64
	var newest time.Time
	for _, sub := range []string{"content", "static", "themes", "site.yaml"} {
		_ = filepath.WalkDir(filepath.Join(s.Source, sub), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != filepath.Join(s.Source, sub) {
				return filepath.SkipDir
			}
			if info, err := d.Info(); err == nil && !d.IsDir() {
				n++
				size += info.Size()
				if info.ModTime().After(newest) {
					newest = info.ModTime()
				}
			}
			return nil
		})
	}
	return fmt.Sprintf("%d/%d/%d", n, size, newest.UnixNano())
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setHeaders(w.Header())
	if !s.hostAllowed(r.Host) {
		http.Error(w, "retro serve answers only to localhost, 127.0.0.1 and [::1]; to preview from another machine, listen there with --addr", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	s.mu.RLock()
	dir, version, lastErr, problems := s.dir, s.version, s.lastErr, s.problems
	s.mu.RUnlock()
	switch r.URL.Path {
	case "/_retro/version":
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintf(w, "%d", version)
		return
	case "/_retro/status":
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "application/json")
		if problems == nil {
			problems = []Problem{}
		}
		_ = json.NewEncoder(w).Encode(struct {
			Version  int       `json:"version"`
			Problems []Problem `json:"problems"`
		}{version, problems})
		return
	case "/_retro/client.js":
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, clientScript)
		return
	}
	if dir == "" {
		http.Error(w, "the site does not build yet:\n\n"+lastErr, http.StatusServiceUnavailable)
		return
	}
	if r.URL.Path == "/api/search" {
		serveSearch(w, r, dir)
		return
	}
	// Cleaning a rooted path removes every .. that could leave the site,
	// and the // that would make a redirect leave it.
	clean := path.Clean("/" + r.URL.Path)
	p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(clean, "/")))
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") || clean != path.Clean(r.URL.Path) {
			to := strings.TrimSuffix(clean, "/") + "/"
			if r.URL.RawQuery != "" {
				to += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
		p = filepath.Join(p, "index.html")
	}
	status := http.StatusOK
	if st, err := os.Stat(p); err != nil || st.IsDir() {
		p, status = filepath.Join(dir, "404.html"), http.StatusNotFound
	}
	if !strings.HasSuffix(p, ".html") {
		f, err := os.Open(p)
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			http.NotFound(w, r)
			return
		}
		// ServeContent, not ServeFile: ServeFile answers some paths with
		// redirects of its own, built from the request's path.
		http.ServeContent(w, r, p, st.ModTime(), f)
		return
	}
	data, err := os.ReadFile(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	data = bytes.Replace(data, []byte("</body>"), []byte(`<script src="/_retro/client.js"></script></body>`), 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// serveSearch answers GET /api/search?q=QUERY[&n=N] from the last good
// build's index with the JSON of `retro search --json`: a query that does
// not parse is a 400 with the parser's message.
func serveSearch(w http.ResponseWriter, r *http.Request, dir string) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	n := 10
	if v := r.URL.Query().Get("n"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 1000 {
			http.Error(w, "n must be a number from 1 to 1000", http.StatusBadRequest)
			return
		}
	}
	if q == "" {
		http.Error(w, "empty query: give one as ?q=", http.StatusBadRequest)
		return
	}
	idx, err := search.Open(filepath.Join(dir, filepath.FromSlash(search.IndexDir)))
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	defer idx.Close()
	res, err := idx.Search(q, n)
	var qe *search.QueryError
	switch {
	case errors.As(err, &qe):
		http.Error(w, qe.Error(), http.StatusBadRequest)
		return
	case err != nil:
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := search.WriteJSON(&buf, res); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}
