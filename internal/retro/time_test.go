package retro

import (
	"strings"
	"testing"
	"time"
)

func TestParseInstant(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		in   string
		want string // RFC 3339, or "error: <substring>"
	}{
		{"2024-03-14 09:12", "2024-03-14T09:12:00+01:00"},
		{"2024-03-14 09:12:30", "2024-03-14T09:12:30+01:00"},
		{"2024-06-14T09:12:00+02:00", "2024-06-14T09:12:00+02:00"},
		{"2024-06-14T09:12:00+01:00", "error: offset +01:00"},
		{"2024-03-31 02:30", "error: does not exist"},
		// The repeated hour takes the earlier offset (summer time) ...
		{"2024-10-27 02:30", "2024-10-27T02:30:00+02:00"},
		// ... unless written with an offset.
		{"2024-10-27T02:30:00+01:00", "2024-10-27T02:30:00+01:00"},
		{"2024-02-30 10:00", "error: not a date"},
		{"2024-03-14 25:00", "error: not a time of day"},
		{"14/03/2024 09:12", "error: not a time"},
	} {
		got, err := ParseInstant(c.in, berlin)
		if want, isErr := strings.CutPrefix(c.want, "error: "); isErr {
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: err %v, want one saying %q", c.in, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
		} else if s := got.Format(time.RFC3339); s != c.want {
			t.Errorf("%s = %s, want %s", c.in, s, c.want)
		}
	}
}

func TestOverdueAndDoneOn(t *testing.T) {
	rec := &Recommendation{Status: InProgress, Due: Date{2024, 6, 30}, History: []*HistoryEntry{
		{On: Date{2024, 4, 1}, Status: Done}, {On: Date{2024, 5, 1}, Status: InProgress},
	}}
	if rec.Overdue(Date{2024, 6, 30}) || !rec.Overdue(Date{2024, 7, 1}) {
		t.Error("overdue is not 'due before today'")
	}
	if d, ok := rec.DoneOn(); !ok || d != (Date{2024, 4, 1}) {
		t.Errorf("DoneOn = %v %v", d, ok)
	}
	rec.Status = Done
	if rec.Overdue(Date{2025, 1, 1}) {
		t.Error("a done recommendation is overdue")
	}
}
