package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// served is a running `retro serve`.
type served struct {
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	tmp  string // its TMPDIR, where it keeps its builds
	done chan error
}

// startServe runs retro serve on a free loopback port and waits until it
// serves.
func startServe(t *testing.T, src string) *served {
	t.Helper()
	tmp := t.TempDir()
	cmd := exec.Command(retroBin, "serve", "--source", src, "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &served{cmd: cmd, tmp: tmp, done: make(chan error, 1)}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "serving on "); ok {
				found <- strings.TrimSuffix(strings.Fields(rest)[0], "/")
			}
		}
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-s.done
	})
	select {
	case s.base = <-found:
	case <-time.After(60 * time.Second):
		t.Fatal("retro serve did not start")
	}
	return s
}

// TestServeSignalsCleanUp: SIGINT and SIGTERM both stop the server, and
// its temporary folder goes with it.
func TestServeSignalsCleanUp(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			s := startServe(t, "../..")
			if entries, _ := os.ReadDir(s.tmp); len(entries) == 0 {
				t.Fatal("serve keeps no temporary folder: nothing to test")
			}
			s.cmd.Process.Signal(sig)
			select {
			case err := <-s.done:
				s.done <- err // for the cleanup
				if err != nil {
					t.Errorf("exit: %v", err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("still running")
			}
			if entries, _ := os.ReadDir(s.tmp); len(entries) > 0 {
				t.Errorf("left behind: %v", entries[0].Name())
			}
		})
	}
}

// TestServeShowsBuildErrors: a broken retrospective shows up in the status
// the page overlay polls, with file, line and message, and goes when fixed.
func TestServeShowsBuildErrors(t *testing.T) {
	src := t.TempDir()
	file := filepath.Join(src, "content/retros/2024-01-a.md")
	good := "---\ntitle: A\nstatus: draft\nstarted: 2024-01-01 10:00\n---\nBody.\n"
	writeFile(t, file, good)
	s := startServe(t, src)
	type status struct {
		Version  int
		Problems []struct {
			File    string
			Line    int
			Message string
		}
	}
	poll := func(ok func(status) bool) status {
		t.Helper()
		var st status
		for range 300 {
			res, err := http.Get(s.base + "/_retro/status")
			if err == nil {
				json.NewDecoder(res.Body).Decode(&st)
				res.Body.Close()
				if ok(st) {
					return st
				}
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Fatalf("status never came: %+v", st)
		return st
	}
	poll(func(st status) bool { return st.Version == 1 && len(st.Problems) == 0 })
	writeFile(t, file, strings.Replace(good, "status: draft", "status: drafty", 1))
	st := poll(func(st status) bool { return len(st.Problems) > 0 })
	if p := st.Problems[0]; p.File != "content/retros/2024-01-a.md" || p.Line != 3 || !strings.Contains(p.Message, "drafty") {
		t.Errorf("problem %+v", p)
	}
	writeFile(t, file, good)
	poll(func(st status) bool { return st.Version == 2 && len(st.Problems) == 0 })
}

// TestServeUnderLoad sends a bounded burst of requests from a few clients
// at once — every kind of page, assets, exports, hostile paths and search
// queries, malformed ones among them — and reports latency percentiles. No
// answer may be a server error.
func TestServeUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test: not in -short")
	}
	s := startServe(t, "../..")
	paths := []string{"/", "/retros/", "/search/", "/problems/", "/recommendations/", "/quarters/", "/feed.xml",
		"/sitemap.xml", "/api/retros.json", "/api/recommendations.csv", "/assets/style.css", "/nope/", "/retros",
		"//evil.example/../retros", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/retros/%00/", "/_retro/status"}
	entries, _ := os.ReadDir("../../content/retros")
	for _, e := range entries {
		paths = append(paths, "/retros/"+strings.TrimSuffix(e.Name(), ".md")+"/")
	}
	for _, q := range []string{"checkout", "\"cache stampede\"", "service:checkout-api", "+failover -dns", "started:>=\"2025-01-01\"",
		"\"unclosed", "(", "field:", "+", "-", "started:>=nope", "a:b:c", "%", strings.Repeat("x", 5000), "\x00", "*"} {
		paths = append(paths, "/api/search?q="+url.QueryEscape(q))
	}
	const clients, perClient = 8, 150
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var (
		mu        sync.Mutex
		latencies []time.Duration
		codes     = map[int]int{}
		failures  []string
	)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := range perClient {
				p := paths[(c*perClient+i*7)%len(paths)]
				start := time.Now()
				res, err := client.Get(s.base + p)
				d := time.Since(start)
				mu.Lock()
				if err != nil {
					failures = append(failures, fmt.Sprintf("%s: %v", p, err))
				} else {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					latencies = append(latencies, d)
					codes[res.StatusCode]++
					if res.StatusCode >= 500 {
						failures = append(failures, fmt.Sprintf("%s: %d", p, res.StatusCode))
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(latencies)
	pct := func(p float64) time.Duration { return latencies[int(float64(len(latencies)-1)*p)] }
	t.Logf("retro serve under load: %d requests from %d clients, p50 %v, p99 %v, max %v, status codes %v",
		len(latencies), clients, pct(0.50), pct(0.99), latencies[len(latencies)-1], codes)
	if len(failures) > 0 {
		t.Errorf("%d failures, first: %v", len(failures), failures[:min(5, len(failures))])
	}
}

// eventStream is an open /_retro/events stream of a running retro serve.
type eventStream struct {
	events chan sse
	body   io.Closer
}

type sse struct{ name, data string }

// listen opens the event stream for the page at path, as served now (its
// tag taken from the page, as the client script takes it).
func listen(t *testing.T, s *served, path string) (*eventStream, string) {
	t.Helper()
	page := fetch(t, s.base+path)
	_, tag, ok := strings.Cut(page, `data-page="`)
	if !ok {
		t.Fatalf("%s: no tagged client script in %q", path, page)
	}
	tag, _, _ = strings.Cut(tag, `"`)
	res, err := http.Get(s.base + "/_retro/events?path=" + url.QueryEscape(path) + "&page=" + url.QueryEscape(tag))
	if err != nil {
		t.Fatal(err)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: Content-Type %q", ct)
	}
	es := &eventStream{events: make(chan sse, 16), body: res.Body}
	t.Cleanup(func() { res.Body.Close() })
	go func() {
		defer close(es.events)
		sc := bufio.NewScanner(res.Body)
		var e sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if e.name != "" {
					es.events <- e
				}
				e = sse{}
			case strings.HasPrefix(line, "event: "):
				e.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				e.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	if e := es.next(t, 10*time.Second); e.name != "status" {
		t.Fatalf("first event %+v, want the status", e)
	}
	return es, tag
}

// next is the stream's next event, or none after wait.
func (es *eventStream) next(t *testing.T, wait time.Duration) sse {
	t.Helper()
	select {
	case e := <-es.events:
		return e
	case <-time.After(wait):
		return sse{}
	}
}

func fetch(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", u, res.StatusCode, body)
	}
	return string(body)
}

// TestServeReloadsEditedPage edits a retrospective of a served site the
// way editors save (a temporary file renamed over the old one): the new
// page is served, the page that shows it gets a reload event, and a page
// that does not show it stays as it was and is not reloaded.
func TestServeReloadsEditedPage(t *testing.T) {
	src := t.TempDir()
	retro := func(title, service string) string {
		return "---\ntitle: " + title + "\nstatus: legacy\nstarted: 2024-01-01\nservices: [" + service + "]\n---\nBody.\n"
	}
	fileA := filepath.Join(src, "content/retros/2024-01-a.md")
	writeFile(t, fileA, retro("Ledger queue stalled", "ledger"))
	writeFile(t, filepath.Join(src, "content/retros/2024-02-b.md"), retro("Avatar uploads failed", "avatars"))
	s := startServe(t, src)
	a, _ := listen(t, s, "/retros/2024-01-a/")
	b, tagB := listen(t, s, "/retros/2024-02-b/")

	tmp := filepath.Join(src, "content/retros/.2024-01-a.md.swp")
	writeFile(t, tmp, retro("Ledger queue stalled for an hour", "ledger"))
	if err := os.Rename(tmp, fileA); err != nil {
		t.Fatal(err)
	}
	var reload sse
	for e := a.next(t, 60*time.Second); e.name != ""; e = a.next(t, 60*time.Second) {
		if e.name == "reload" {
			reload = e
			break
		}
	}
	if reload.name == "" {
		t.Fatal("no reload event for the edited page")
	}
	var r struct {
		Version int
		Path    string
		Ms      int64
	}
	if err := json.Unmarshal([]byte(reload.data), &r); err != nil || r.Version != 2 || r.Path != "/retros/2024-01-a/" {
		t.Errorf("reload event %s (%v)", reload.data, err)
	}
	t.Logf("edit to reload: %d ms (server side)", r.Ms)
	if page := fetch(t, s.base+"/retros/2024-01-a/"); !strings.Contains(page, "Ledger queue stalled for an hour") {
		t.Errorf("the edited page is not served: %s", page)
	}
	// The other page's stream had the build's status and nothing else.
	for e := b.next(t, time.Second); e.name != ""; e = b.next(t, time.Second) {
		if e.name == "reload" {
			t.Errorf("the unrelated page was told to reload: %s", e.data)
		}
	}
	if _, tag := listen(t, s, "/retros/2024-02-b/"); tag != tagB {
		t.Error("the unrelated page changed")
	}
}
