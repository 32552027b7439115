package archive

import (
	"encoding/json"
	"fmt"
	iofs "io/fs"
	"strings"

	"retro/internal/retro"
	"retro/internal/source"
)

// TrackerTicket is a ticket as the tracker export (site.yaml tickets:) has it.
type TrackerTicket struct {
	Key     string `json:"key"`
	Status  string `json:"status"`
	URL     string `json:"url"`
	Updated string `json:"updated"`
}

// Done reports whether the tracker counts the ticket as finished.
func (t *TrackerTicket) Done() bool {
	switch strings.ToLower(strings.TrimSpace(t.Status)) {
	case "done", "closed", "resolved", "fixed", "complete", "completed", "won't do", "wont do", "won't fix", "cancelled", "canceled":
		return true
	}
	return false
}

// LoadTracker reads the tracker export named in site.yaml, keyed by ticket.
func LoadTracker(files iofs.FS, rel string) (map[string]*TrackerTicket, source.Findings) {
	var fs source.Findings
	data, err := iofs.ReadFile(files, rel)
	if err != nil {
		fs.Errorf(source.Pos{File: "site.yaml"}, "tickets", "tickets: %v", err).Hint = "point tickets: at a JSON export [{\"key\",\"status\",\"url\",\"updated\"}] relative to the site"
		return nil, fs
	}
	var list []TrackerTicket
	if err := json.Unmarshal(data, &list); err != nil {
		pos := source.Pos{File: rel, Line: 1, Col: 1}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		off := int64(-1)
		switch {
		case asErr(err, &se):
			off = se.Offset
		case asErr(err, &te):
			off = te.Offset
		}
		if off >= 0 {
			pos.Line, pos.Col = lineCol(data, int(off))
		}
		fs.Errorf(pos, "tickets", "tracker export: %v", err).Hint = `it must be a JSON array of {"key", "status", "url", "updated"}`
		return nil, fs
	}
	out := make(map[string]*TrackerTicket, len(list))
	for i := range list {
		out[list[i].Key] = &list[i]
	}
	return out, fs
}

func lineCol(data []byte, off int) (int, int) {
	off = min(off, len(data))
	line := 1 + strings.Count(string(data[:off]), "\n")
	col := off - (strings.LastIndexByte(string(data[:off]), '\n') + 1)
	return line, max(col, 1)
}

func asErr[T error](err error, target *T) bool {
	t, ok := err.(T)
	if ok {
		*target = t
	}
	return ok
}

// Drift is a recommendation whose status disagrees with its tracker ticket.
type Drift struct {
	Rec     *retro.Recommendation
	Tracker *TrackerTicket
}

// Message says what disagrees.
func (d Drift) Message() string {
	if d.Rec.Status == retro.Done {
		return fmt.Sprintf("recommendation %s is done but its ticket %s is %q in the tracker", d.Rec.ID, d.Rec.Ticket, d.Tracker.Status)
	}
	return fmt.Sprintf("recommendation %s is %s but its ticket %s is %q in the tracker", d.Rec.ID, d.Rec.Status, d.Rec.Ticket, d.Tracker.Status)
}

// Drifts compares every recommendation's status with the tracker's.
func (a *Archive) Drifts(rs []*retro.Retrospective) []Drift {
	if a.Tracker == nil {
		return nil
	}
	var out []Drift
	for _, r := range rs {
		for _, rec := range r.Recommendations {
			t := a.Tracker[rec.Ticket]
			if t == nil || rec.Status == retro.Dropped {
				continue
			}
			if (rec.Status == retro.Done) != t.Done() {
				out = append(out, Drift{rec, t})
			}
		}
	}
	return out
}
