package retro_test

import (
	"bytes"
	"testing"
	"time"

	"retro/internal/config"
	"retro/internal/retro"
	"retro/internal/source"
)

// FuzzDecode decodes arbitrary front matter: it never panics, and every
// finding points into the file. Seeds: testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	f.Add([]byte("---\ntitle: x\nstatus: final\nstarted: 2024-03-14 09:12\ntimeline:\n  - at: \"09:13\"\n    event: y\n---\n"))
	site := config.Default()
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := source.ReadDocument("f.md", data)
		if err != nil {
			return
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		_, fs := retro.Decode(doc, site, "f")
		for _, fd := range fs {
			if fd.Pos.File != "f.md" || fd.Pos.Line < 0 || fd.Pos.Line > lines {
				t.Fatalf("finding outside the file (%d lines): %v", lines, fd)
			}
		}
	})
}

var zones = func() []*time.Location {
	var locs []*time.Location
	for _, name := range []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			panic(err)
		}
		locs = append(locs, loc)
	}
	return locs
}()

// FuzzParseInstant parses arbitrary times in zones with DST gaps, half-hour
// shifts and odd offsets: no panic, and what parses comes back the same
// from its RFC 3339 form. Seeds: testdata/fuzz/FuzzParseInstant.
func FuzzParseInstant(f *testing.F) {
	f.Add("2024-03-31 02:30", uint8(1))
	f.Fuzz(func(t *testing.T, s string, zone uint8) {
		loc := zones[int(zone)%len(zones)]
		_, _ = retro.ParseDate(s)
		_, _ = retro.ParseClock(s)
		got, err := retro.ParseInstant(s, loc)
		if err != nil {
			return
		}
		if got.Location() != loc {
			t.Fatalf("%q: in %v, want %v", s, got.Location(), loc)
		}
		// Within a minute: RFC 3339 offsets have no seconds, which the
		// local mean times of some zones before 1900 do.
		again, err := retro.ParseInstant(got.Format(time.RFC3339), loc)
		if err != nil || again.Sub(got).Abs() >= time.Minute {
			t.Fatalf("%q → %v → %v, %v", s, got.Format(time.RFC3339), again, err)
		}
	})
}
