package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type searchJSON struct {
	Hits []struct {
		ID, URL, Status string
		Services        []string
		Matches         []struct{ Anchor, Section, Fragment string }
	}
}

// TestSearchMatchesCLIAndServe: `retro search --json` gives each hit the
// items where it matched, and `retro serve`'s /api/search gives the same
// JSON; a malformed query is a 400 with the parser's message.
func TestSearchMatchesCLIAndServe(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "content/retros/queue.md"), strings.Replace(okRetro, "started:", "services: [orders-worker]\nstarted:", 1))
	if r := retroRun(t, dir, "build"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := retroRun(t, dir, "search", "--json", "scale depth")
	if r.code != 0 {
		t.Fatalf("search: %d %s", r.code, r.stderr)
	}
	var cli searchJSON
	if err := json.Unmarshal([]byte(r.stdout), &cli); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if len(cli.Hits) != 1 || len(cli.Hits[0].Matches) != 2 {
		t.Fatalf("hits %+v", cli.Hits)
	}
	// Both items hold both words: page order decides.
	h := cli.Hits[0]
	if m := h.Matches[0]; m.Anchor != "#missing-autoscale" || m.Section != "Missing safety controls" || m.Fragment != "Workers do not <mark>scale</mark> on <mark>depth</mark>." {
		t.Errorf("best match %+v", m)
	}
	if m := h.Matches[1]; m.Anchor != "#rec-R1" || m.Section != "Recommendations" || m.Fragment != "<mark>Scale</mark> on <mark>depth</mark>" {
		t.Errorf("second match %+v", m)
	}
	if h.Status != "final" || strings.Join(h.Services, ",") != "orders-worker" {
		t.Errorf("status %q, services %v", h.Status, h.Services)
	}
	text := retroRun(t, dir, "search", "scale depth")
	if !strings.Contains(text.stdout, "Recommendations #rec-R1: **Scale** on **depth**") {
		t.Errorf("text output lacks the match:\n%s", text.stdout)
	}

	// retro serve answers the same.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(retroBin, "serve", "--addr", addr)
	cmd.Dir = dir
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	get := func(q string) (int, string) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			resp, err := http.Get("http://" + addr + "/api/search?q=" + url.QueryEscape(q))
			if err == nil {
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusServiceUnavailable && resp.StatusCode != http.StatusInternalServerError {
					return resp.StatusCode, string(b)
				}
			}
			if time.Now().After(deadline) {
				t.Fatalf("retro serve did not answer: %v", err)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	code, body := get("scale depth")
	if code != http.StatusOK {
		t.Fatalf("/api/search: %d %s", code, body)
	}
	if body != r.stdout {
		t.Errorf("/api/search and retro search --json differ:\n%s\n%s", body, r.stdout)
	}
	code, body = get(`"unterminated`)
	if code != http.StatusBadRequest || !strings.Contains(body, "bad query") {
		t.Errorf("malformed query: %d %s", code, body)
	}
}
