package archive

import (
	"slices"
	"testing"
)

func TestRelatedReasons(t *testing.T) {
	others := []tRetro{ // on other services, so that each shared one is rare
		{id: "x1", started: "2024-01-01", services: []string{"a"}},
		{id: "x2", started: "2024-01-02", services: []string{"b"}},
		{id: "x3", started: "2024-01-03", services: []string{"c"}},
	}
	for _, tc := range []struct {
		name  string
		later tRetro
		want  []string // reasons of earlier on later's page; nil: not related
	}{{
		name: "the same category alone relates nothing",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"wms"},
			problems: []tProblem{{"drills", "monitoring-alerting", ""}}},
	}, {
		name: "a shared service, and the category it adds to",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"orders-db"},
			problems: []tProblem{{"alerts", "monitoring-alerting", ""}}},
		want: []string{"both on orders-db", "both had a monitoring and alerting problem"},
	}, {
		name: "a shared tracking ticket",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"wms"},
			problems: []tProblem{{"x", "capacity-planning", ""}},
			recs:     []tRec{{"R1", []string{"x"}, "", "OPS-42"}}},
		want: []string{"same tracking ticket OPS-42"},
	}, {
		name: "a recurrence, seen from the later incident",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"wms"},
			problems: []tProblem{{"drills", "operational-readiness", "earlier#problem-runbooks"}}},
		want: []string{"recurred after its R1 was done", "both had an operational readiness problem"},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			a := buildArchive(t, append(slices.Clone(others), earlier, tc.later))
			later, _ := a.Lookup("later")
			var got []string
			related := false
			for _, rel := range a.Views.Related[later] {
				if rel.Retro.ID == "earlier" {
					got, related = rel.Reasons, true
				}
			}
			if related != (tc.want != nil) || !slices.Equal(got, tc.want) {
				t.Errorf("reasons %q (related %v), want %q", got, related, tc.want)
			}
		})
	}
}
