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
