package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// The preview measurement: `retro serve` on a generated archive, one
// retrospective edited a few times, and for each edit the time until the
// server pushes the reload and until the edited page serves the new text.
// The events are those of /_retro/events (server-sent events, see the
// serve package); a server without them is polled at /_retro/status, the
// way its pages poll it.

// previewResult is what the preview cost at one size.
type previewResult struct {
	mechanism string        // "events" or "polling"
	ready     time.Duration // from start until it served the first build
	reload    []time.Duration
	page      []time.Duration
	server    []time.Duration // the server's own figure, from the reload events
	maxRSS    int64
	err       error
}

// serveEvent is one server-sent event of /_retro/events.
type serveEvent struct {
	name string
	data string
}

// statusData is the JSON of a status event and of /_retro/status; reload
// events carry the version and the server's own milliseconds too.
type statusData struct {
	Version  int               `json:"version"`
	Problems []json.RawMessage `json:"problems"`
	MS       *int64            `json:"ms"`
}

// editTarget is the retrospective the benchmark edits: a published one
// written as one file.
type editTarget struct {
	file string // path of its Markdown file
	url  string // its page, /retros/<id>/
}

// pickEditTarget finds the first final retrospective of a generated site
// (in file-name order) that is a plain Markdown file.
func pickEditTarget(site string) (editTarget, error) {
	dir := filepath.Join(site, "content", "retros")
	entries, err := os.ReadDir(dir)
	if err != nil {
		return editTarget{}, err
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".md") {
			continue
		}
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if err != nil {
			return editTarget{}, err
		}
		if bytes.Contains(data, []byte("\nstatus: final\n")) {
			return editTarget{file: p, url: "/retros/" + strings.TrimSuffix(name, ".md") + "/"}, nil
		}
	}
	return editTarget{}, fmt.Errorf("no final retrospective in %s", dir)
}

// servedRetro is a running `retro serve`.
type servedRetro struct {
	cmd   *exec.Cmd
	base  string // http://127.0.0.1:PORT
	exit  chan error
	stop  func() string // the memory watchdog's
	start time.Time
}

// startServe runs retro serve on a free loopback port, with its temporary
// builds under tmp, and waits until it serves or wait passes.
func startServe(retro, site, tmp string, wait time.Duration) (*servedRetro, error) {
	cmd := exec.Command(retro, "serve", "--source", site, "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "TMPDIR="+tmp)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	errTail := &tailBuffer{max: 4096}
	cmd.Stderr = errTail
	s := &servedRetro{cmd: cmd, exit: make(chan error, 1), start: time.Now()}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s.stop = watchMemory(cmd.Process, meminfoReader)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if rest, ok := strings.CutPrefix(sc.Text(), "serving on "); ok {
				select {
				case found <- strings.TrimSuffix(strings.Fields(rest)[0], "/"):
				default:
				}
			}
		}
		s.exit <- cmd.Wait()
	}()
	select {
	case s.base = <-found:
		return s, nil
	case err := <-s.exit:
		s.exit <- err
		why := s.stop()
		if why == "" {
			why = fmt.Sprintf("retro serve exited before serving: %v\n%s", err, errTail)
		}
		return nil, errors.New(why)
	case <-time.After(wait):
		s.close()
		return nil, fmt.Errorf("retro serve did not serve within %v\n%s", wait, errTail)
	}
}

// close stops the server the way Ctrl+C does, so that it removes its
// temporary folder, and kills it if it takes too long; it returns the
// watchdog's reason for an earlier kill, if any.
func (s *servedRetro) close() string {
	s.cmd.Process.Signal(os.Interrupt)
	select {
	case err := <-s.exit:
		s.exit <- err
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		s.exit <- <-s.exit
	}
	return s.stop()
}

// measurePreview starts retro serve on site, makes edits edits to one
// retrospective and measures each; wait bounds the start and each edit.
// The retrospective's file is restored afterwards.
func measurePreview(retro, site, tmp string, edits int, wait time.Duration) (res previewResult) {
	target, err := pickEditTarget(site)
	if err != nil {
		res.err = err
		return res
	}
	original, err := os.ReadFile(target.file)
	if err != nil {
		res.err = err
		return res
	}
	defer os.WriteFile(target.file, original, 0o644)
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		res.err = err
		return res
	}
	defer os.RemoveAll(tmp)
	s, err := startServe(retro, site, tmp, wait)
	if err != nil {
		res.err = err
		return res
	}
	res.ready = time.Since(s.start)
	defer func() {
		if why := s.close(); why != "" && res.err == nil {
			res.err = errors.New(why)
		}
		if ps := s.cmd.ProcessState; ps != nil {
			res.maxRSS, _ = maxRSS(ps)
		}
	}()
	if code, _, err := get(s.base + target.url); err != nil || code != http.StatusOK {
		res.err = fmt.Errorf("GET %s before the edits: %d %v", target.url, code, err)
		return res
	}
	w, err := newWaiter(s.base)
	if err != nil {
		res.err = err
		return res
	}
	defer w.close()
	res.mechanism = w.mechanism()
	staging := filepath.Join(tmp, "edit.md")
	for i := range edits {
		marker := fmt.Sprintf("benchedit%dq%d", i, time.Now().UnixNano())
		edited := append(bytes.TrimRight(slices.Clone(original), "\n"), []byte("\n\nEdited by retro-bench: "+marker+".\n")...)
		// As editors save: a whole new file renamed over the old one, so
		// the server never reads half a file. The staging file is outside
		// the site, so that it is no change of its own.
		if err := os.WriteFile(staging, edited, 0o644); err != nil {
			res.err = err
			return res
		}
		t0 := time.Now()
		if err := os.Rename(staging, target.file); err != nil {
			res.err = err
			return res
		}
		server, err := w.next(wait)
		if err != nil {
			res.err = fmt.Errorf("edit %d: %w", i+1, err)
			return res
		}
		res.reload = append(res.reload, time.Since(t0))
		if server >= 0 {
			res.server = append(res.server, server)
		}
		if err := waitForText(s.base+target.url, marker, wait); err != nil {
			res.err = fmt.Errorf("edit %d: %w", i+1, err)
			return res
		}
		res.page = append(res.page, time.Since(t0))
		time.Sleep(300 * time.Millisecond) // one edit at a time, as a person types and saves
	}
	return res
}

// get fetches url and returns the status and body.
func get(url string) (int, []byte, error) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// waitForText polls url until its body holds text.
func waitForText(url, text string, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	for {
		code, body, err := get(url)
		if err == nil && code == http.StatusOK && bytes.Contains(body, []byte(text)) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not show the edit within %v (last answer %d, %v)", url, wait, code, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waiter waits for the server's next good build: from the event stream
// when the server has one, else by polling its status.
type waiter struct {
	base    string
	events  chan serveEvent // nil when polling
	cancel  context.CancelFunc
	version int
}

func newWaiter(base string) (*waiter, error) {
	w := &waiter{base: base}
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/_retro/events", nil)
	if err != nil {
		cancel()
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err == nil && resp.StatusCode == http.StatusOK && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		w.cancel = cancel
		w.events = make(chan serveEvent, 16)
		go readEvents(ctx, resp.Body, w.events)
		// The stream opens with the current status.
		ev, ok := <-w.events
		if !ok || ev.name != "status" {
			w.close()
			return nil, fmt.Errorf("/_retro/events did not open with a status event (got %q)", ev.name)
		}
		var st statusData
		if err := json.Unmarshal([]byte(ev.data), &st); err != nil {
			w.close()
			return nil, fmt.Errorf("/_retro/events status: %w", err)
		}
		w.version = st.Version
		return w, nil
	}
	if err == nil {
		resp.Body.Close()
	}
	cancel()
	st, err := status(base)
	if err != nil {
		return nil, err
	}
	w.version = st.Version
	return w, nil
}

func (w *waiter) mechanism() string {
	if w.events != nil {
		return "events"
	}
	return "polling"
}

func (w *waiter) close() {
	if w.cancel != nil {
		w.cancel()
	}
}

// next waits for a build newer than the last one seen and returns the
// server's own latency for it, or -1 when the server does not say.
func (w *waiter) next(wait time.Duration) (time.Duration, error) {
	deadline := time.After(wait)
	if w.events == nil {
		for {
			st, err := status(w.base)
			if err != nil {
				return -1, err
			}
			if st.Version != w.version {
				w.version = st.Version
				return -1, nil
			}
			select {
			case <-deadline:
				return -1, fmt.Errorf("no new build within %v", wait)
			case <-time.After(5 * time.Millisecond):
			}
		}
	}
	for {
		select {
		case <-deadline:
			return -1, fmt.Errorf("no reload event within %v", wait)
		case ev, ok := <-w.events:
			if !ok {
				return -1, errors.New("the event stream ended")
			}
			var st statusData
			if ev.name != "reload" && ev.name != "status" {
				continue
			}
			if err := json.Unmarshal([]byte(ev.data), &st); err != nil {
				return -1, fmt.Errorf("%s event: %w", ev.name, err)
			}
			if ev.name == "status" && len(st.Problems) > 0 {
				return -1, fmt.Errorf("the edited site does not build: %s", ev.data)
			}
			if ev.name != "reload" || st.Version == w.version {
				continue
			}
			w.version = st.Version
			if st.MS == nil {
				return -1, nil
			}
			return time.Duration(*st.MS) * time.Millisecond, nil
		}
	}
}

// status reads /_retro/status.
func status(base string) (statusData, error) {
	var st statusData
	code, body, err := get(base + "/_retro/status")
	if err != nil {
		return st, err
	}
	if code != http.StatusOK {
		return st, fmt.Errorf("/_retro/status: %d", code)
	}
	if err := json.Unmarshal(body, &st); err != nil {
		return st, fmt.Errorf("/_retro/status: %w", err)
	}
	return st, nil
}

// readEvents parses a text/event-stream into events until it ends or ctx
// does:
// "event:" and "data:" lines, a blank line ending each event, comments
// (":") ignored.
func readEvents(ctx context.Context, r io.ReadCloser, out chan<- serveEvent) {
	defer close(out)
	defer r.Close()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	var ev serveEvent
	var data []string
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if ev.name != "" || len(data) > 0 {
				if ev.name == "" {
					ev.name = "message"
				}
				ev.data = strings.Join(data, "\n")
				select {
				case out <- ev:
				case <-ctx.Done():
					return
				}
			}
			ev, data = serveEvent{}, nil
		case strings.HasPrefix(line, ":"):
		default:
			field, value, _ := strings.Cut(line, ":")
			value = strings.TrimPrefix(value, " ")
			switch field {
			case "event":
				ev.name = value
			case "data":
				data = append(data, value)
			}
		}
	}
}
