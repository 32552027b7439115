// Package serve is the preview server: it builds the site (drafts included
// when asked) into a temporary folder and serves it, notices edits by
// file-system events, rebuilds, and tells each open page by server-sent
// events to reload when what it shows has changed.
package serve

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
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
	// Quiet is how long the source must be left alone before a burst of
	// file-system events makes a rebuild (editors write a file in steps).
	Quiet time.Duration

	mu        sync.RWMutex
	site      *dirSite // the last good build
	version   int      // bumped on every good build
	lastErr   string
	problems  []Problem // why the last build failed; none when it worked
	anyHost   bool      // listening beyond loopback: any Host header is fine
	listeners map[*listener]bool
	quit      chan struct{} // closed when the server stops: event streams end
}

// clientScript is added to served pages only (never to built files), as a
// file so that the Content-Security-Policy need not allow inline script: it
// listens to the server's events, reloads when the page it shows changed,
// and shows the errors of a failed build over the page until they are
// fixed. It also marks every page as a preview (a --drafts build already
// says so), so a served page is never taken for the published site.
//
//go:embed client.js
var clientScript string

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
	if s.Quiet == 0 {
		s.Quiet = 50 * time.Millisecond
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
	// Watching starts before the first build, so no edit made during it
	// is missed.
	w, err := newWatcher(s.Source, s.Quiet)
	if err != nil {
		ln.Close()
		return fmt.Errorf("watching %s: %w", s.Source, err)
	}
	changes := make(chan Change)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Go(func() { w.run(ctx, changes) })
	s.rebuild(work, time.Now())
	fmt.Fprintf(s.Log, "serving on http://%s/ (Ctrl+C stops)\n", ln.Addr())
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	srv.RegisterOnShutdown(s.stop)
	wg.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case c := <-changes:
				s.rebuild(work, c.First)
			}
		}
	})
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	err = srv.Serve(ln)
	cancel()
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

// rebuild builds the site anew and tells open pages; since is when the
// change that asked for it was first noticed.
func (s *Server) rebuild(work string, since time.Time) {
	dest := filepath.Join(work, fmt.Sprintf("site-%d", time.Now().UnixNano()))
	summary, err := s.Build(dest)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.lastErr = err.Error()
		s.problems = problems(err)
		fmt.Fprintf(s.Log, "%v\nstill serving the last good build\n", err)
		os.RemoveAll(dest)
		s.announce(false, since)
		return
	}
	old := s.site
	s.site, s.lastErr, s.problems = &dirSite{dir: dest}, "", nil
	s.version++
	fmt.Fprintln(s.Log, summary)
	s.announce(true, since)
	if old != nil {
		go func() {
			time.Sleep(5 * time.Second) // let requests in flight finish
			os.RemoveAll(old.dir)
		}()
	}
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
	site, version, lastErr, problems := s.site, s.version, s.lastErr, s.problemList()
	s.mu.RUnlock()
	switch r.URL.Path {
	case EventsPath:
		s.events(w, r)
		return
	case "/_retro/version":
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintf(w, "%d", version)
		return
	case "/_retro/status":
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(status{version, problems})
		return
	case "/_retro/client.js":
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		io.WriteString(w, clientScript)
		return
	}
	if site == nil {
		http.Error(w, "the site does not build yet:\n\n"+lastErr, http.StatusServiceUnavailable)
		return
	}
	if r.URL.Path == "/api/search" {
		serveSearch(w, r, site.dir)
		return
	}
	p, status, redirect := site.resolve(r.URL.Path)
	if redirect != "" {
		if r.URL.RawQuery != "" {
			redirect += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return
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
	writePage(w, data, status)
}

// writePage sends an HTML page with the client script added, tagged with
// the page's content so that the script can ask to be told when it changes.
func writePage(w http.ResponseWriter, data []byte, status int) {
	script := `<script src="/_retro/client.js" data-page="` + pageTag(data) + `"></script></body>`
	data = bytes.Replace(data, []byte("</body>"), []byte(script), 1)
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
