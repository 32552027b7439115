package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"retro/internal/gen"
)

func TestReadEvents(t *testing.T) {
	stream := ": ping\n\n" +
		"event: status\ndata: {\"version\":1,\"problems\":[]}\n\n" +
		"event: reload\ndata: {\"version\":2,\n" + "data: \"ms\":12}\n\n" +
		"data: no name\n\n" +
		"event: cut off"
	out := make(chan serveEvent, 8)
	readEvents(context.Background(), io.NopCloser(strings.NewReader(stream)), out)
	var got []serveEvent
	for ev := range out {
		got = append(got, ev)
	}
	want := []serveEvent{
		{"status", `{"version":1,"problems":[]}`},
		{"reload", "{\"version\":2,\n\"ms\":12}"},
		{"message", "no name"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("events:\n%q\nwant\n%q", got, want)
	}
}

func TestPagePath(t *testing.T) {
	for rel, want := range map[string]string{
		"index.html": "/", "recommendations/index.html": "/recommendations/", "404.html": "/404.html",
	} {
		if got := pagePath(rel); got != want {
			t.Errorf("pagePath(%q) = %q, want %q", rel, got, want)
		}
	}
}

// TestMeasurePreview runs the real retro serve on a small generated
// archive: every edit is seen, reloaded and served, and the archive is as
// it was afterwards.
func TestMeasurePreview(t *testing.T) {
	if testing.Short() {
		t.Skip("builds retro and serves a generated archive: not in -short")
	}
	retro, cleanup, err := buildRetro(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	work := t.TempDir()
	site := filepath.Join(work, "site")
	if err := gen.Write(site, 30); err != nil {
		t.Fatal(err)
	}
	target, err := pickEditTarget(site)
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(target.file)
	if err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(work, "serve-tmp")
	res := measurePreview(retro, site, tmp, 2, 2*time.Minute)
	if res.err != nil {
		t.Fatal(res.err)
	}
	if res.mechanism != "events" && res.mechanism != "polling" {
		t.Errorf("mechanism %q", res.mechanism)
	}
	if len(res.reload) != 2 || len(res.page) != 2 {
		t.Fatalf("reloads %v, pages %v", res.reload, res.page)
	}
	for i := range res.page {
		if res.reload[i] <= 0 || res.page[i] < res.reload[i] {
			t.Errorf("edit %d: reload after %v, page after %v", i+1, res.reload[i], res.page[i])
		}
	}
	if res.ready <= 0 || res.maxRSS <= 0 {
		t.Errorf("ready after %v, peak RSS %d", res.ready, res.maxRSS)
	}
	after, err := os.ReadFile(target.file)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the edited retrospective was not restored (%v)", err)
	}
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("the server's temporary folder is still there: %v", err)
	}
}
