// Package serve is the preview server: it builds the site (drafts included
// when asked) into a temporary folder, serves it, rebuilds when a source
// file changes and tells open pages to reload.
package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
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

	mu      sync.RWMutex
	dir     string // the last good build
	version int    // bumped on every good build; pages poll it to reload
	lastErr string
}

// reloadScript is added to served pages only (never to built files): it
// polls the build version and reloads when it changes.
const reloadScript = `<script>(()=>{let v=null;setInterval(async()=>{try{const r=await fetch("/_retro/version");const t=await r.text();if(v!==null&&t!==v)location.reload();v=t}catch(e){}},1000)})()</script>`

// ListenAndServe builds, serves on addr and rebuilds on change until ctx ends.
func (s *Server) ListenAndServe(ctx context.Context, addr string) error {
	if s.Poll == 0 {
		s.Poll = 500 * time.Millisecond
	}
	work, err := os.MkdirTemp("", "retro-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	s.rebuild(work)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(s.Log, "serving on http://%s/ (Ctrl+C stops)\n", ln.Addr())
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	go s.watch(ctx, work)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

func (s *Server) rebuild(work string) {
	dest := filepath.Join(work, fmt.Sprintf("site-%d", time.Now().UnixNano()))
	summary, err := s.Build(dest)
	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		s.lastErr = err.Error()
		fmt.Fprintf(s.Log, "%v\nstill serving the last good build\n", err)
		os.RemoveAll(dest)
		return
	}
	old := s.dir
	s.dir, s.lastErr = dest, ""
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
	s.mu.RLock()
	dir, version, lastErr := s.dir, s.version, s.lastErr
	s.mu.RUnlock()
	if r.URL.Path == "/_retro/version" {
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintf(w, "%d", version)
		return
	}
	if dir == "" {
		http.Error(w, "the site does not build yet:\n\n"+lastErr, http.StatusInternalServerError)
		return
	}
	// Cleaning a rooted path removes every .. that could leave the site.
	clean := path.Clean("/" + r.URL.Path)
	p := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(clean, "/")))
	if st, err := os.Stat(p); err == nil && st.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		p = filepath.Join(p, "index.html")
	}
	status := http.StatusOK
	if _, err := os.Stat(p); err != nil {
		p, status = filepath.Join(dir, "404.html"), http.StatusNotFound
	}
	if !strings.HasSuffix(p, ".html") {
		http.ServeFile(w, r, p)
		return
	}
	data, err := os.ReadFile(p)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	data = bytes.Replace(data, []byte("</body>"), []byte(reloadScript+"</body>"), 1)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(data)
}
