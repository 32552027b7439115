package render

import (
	"slices"
	"testing"

	"retro/internal/archive"
	"retro/internal/retro"
)

func TestQuarterRange(t *testing.T) {
	got := archive.QuarterRange(retro.Date{Year: 2024, Month: 11, Day: 30}, retro.Date{Year: 2025, Month: 7, Day: 1})
	want := []string{"2024-q4", "2025-q1", "2025-q2", "2025-q3"}
	if !slices.Equal(got, want) {
		t.Errorf("QuarterRange = %v, want %v", got, want)
	}
	if got := archive.QuarterRange(retro.Date{Year: 2025, Month: 3, Day: 31}, retro.Date{Year: 2025, Month: 1, Day: 1}); !slices.Equal(got, []string{"2025-q1"}) {
		t.Errorf("one quarter: %v", got)
	}
	if got := archive.QuarterLabel("2025-q3"); got != "2025 Q3" {
		t.Errorf("QuarterLabel = %q", got)
	}
	if got := archive.QuarterStart(retro.Date{Year: 2026, Month: 11, Day: 24}); got != (retro.Date{Year: 2026, Month: 10, Day: 1}) {
		t.Errorf("QuarterStart = %v", got)
	}
}

func TestSortRecs(t *testing.T) {
	d := func(s string) retro.Date { x, _ := retro.ParseDate(s); return x }
	done := func(id, on string) *retro.Recommendation {
		return &retro.Recommendation{ID: id, Status: retro.Done, History: []*retro.HistoryEntry{{On: d(on), Status: retro.Done}}}
	}
	recs := []*retro.Recommendation{
		{ID: "dropped", Status: retro.Dropped},
		done("done-early", "2025-01-02"),
		{ID: "open-undated", Status: retro.Planned},
		{ID: "open-late", Status: retro.InProgress, Due: d("2025-06-01")},
		done("done-late", "2025-05-02"),
		{ID: "open-early", Status: retro.Planned, Due: d("2025-02-01")},
	}
	archive.SortRecs(recs)
	var got []string
	for _, r := range recs {
		got = append(got, r.ID)
	}
	want := []string{"open-early", "open-late", "open-undated", "done-late", "done-early", "dropped"}
	if !slices.Equal(got, want) {
		t.Errorf("SortRecs = %v, want %v", got, want)
	}
	groups := archive.RecsByStatus(recs)
	if len(groups) != 4 || groups[0].Key != retro.Planned || len(groups[0].Recs) != 2 || len(groups[3].Recs) != 1 {
		t.Errorf("RecsByStatus groups wrongly: %+v", groups)
	}
}

func TestCountRecs(t *testing.T) {
	recs := []*retro.Recommendation{{Kind: "process"}, {Kind: "software"}, {Kind: "process"}, {Kind: ""}}
	got := archive.CountRecs(recs, retro.RecommendationKinds, func(r *retro.Recommendation) string { return r.Kind })
	want := []archive.Count{{Key: "software", N: 1}, {Key: "configuration", N: 0}, {Key: "process", N: 2}, {Key: "", N: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("CountRecs = %v, want %v", got, want)
	}
}
