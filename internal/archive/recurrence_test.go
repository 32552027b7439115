package archive

import (
	"slices"
	"strings"
	"testing"
	"time"

	"retro/internal/config"
	"retro/internal/retro"
)

// A small archive written as values: each retrospective's start, services,
// systemic problems and recommendations.
type tRetro struct {
	id       string
	started  string // YYYY-MM-DD
	services []string
	problems []tProblem
	recs     []tRec
}

type tProblem struct{ id, category, recurs string }

type tRec struct {
	id        string
	addresses []string
	done      string // YYYY-MM-DD, or "" for planned
	tracking  string
}

func buildArchive(t *testing.T, specs []tRetro) *Archive {
	t.Helper()
	var all []*retro.Retrospective
	for _, s := range specs {
		d, err := retro.ParseDate(s.started)
		if err != nil {
			t.Fatal(err)
		}
		r := &retro.Retrospective{
			ID: s.id, Title: strings.ToUpper(s.id[:1]) + s.id[1:], Status: retro.Final, Kind: "incident",
			Path:     "content/retros/" + s.id + ".md",
			Started:  retro.Moment{Time: d.Time(time.UTC).Add(9 * time.Hour), Set: true},
			Services: s.services, Timezone: time.UTC,
		}
		for _, sp := range s.problems {
			p := &retro.SystemicProblem{Category: sp.category}
			p.ID = sp.id
			p.Recurs.Value = sp.recurs
			r.Analysis.SystemicProblems = append(r.Analysis.SystemicProblems, p)
		}
		for _, sr := range s.recs {
			rec := &retro.Recommendation{ID: sr.id, Tracking: sr.tracking, Status: retro.Planned}
			for _, a := range sr.addresses {
				rec.Addresses = append(rec.Addresses, retro.Ident{Value: a})
			}
			if sr.done != "" {
				on, err := retro.ParseDate(sr.done)
				if err != nil {
					t.Fatal(err)
				}
				rec.Status = retro.Done
				rec.History = []*retro.HistoryEntry{{On: on, Status: retro.Done}}
			}
			r.Recommendations = append(r.Recommendations, rec)
		}
		r.Link()
		all = append(all, r)
	}
	a := New(config.Default(), all, false, retro.Date{Year: 2030, Month: 1, Day: 1})
	a.ComputeViews()
	return a
}

func problemOf(a *Archive, ref string) *retro.SystemicProblem {
	id, pid, _ := strings.Cut(ref, "#")
	r, _ := a.Lookup(id)
	for _, p := range r.Analysis.SystemicProblems {
		if p.ID == pid {
			return p
		}
	}
	return nil
}

// earlier is an incident on checkout-api whose runbook problem R1
// addressed, done on 1 April 2024.
var earlier = tRetro{
	id: "earlier", started: "2024-03-01", services: []string{"checkout-api", "orders-db"},
	problems: []tProblem{{"runbooks", "operational-readiness", ""}, {"noisy", "monitoring-alerting", ""}},
	recs: []tRec{
		{"R1", []string{"runbooks"}, "2024-04-01", "OPS-42"},
		{"R2", []string{"noisy"}, "", ""},
	},
}

func TestRecurrenceRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		later tRetro
		via   []string // nil: no recurrence
		weak  bool     // the "same category after done" signal instead
	}{{
		name: "shared service",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"Checkout API"},
			problems: []tProblem{{"drills", "operational-readiness", ""}}},
		via: []string{"service:Checkout API"},
	}, {
		name: "shared tracking ticket",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"wms"},
			problems: []tProblem{{"drills", "operational-readiness", ""}},
			recs:     []tRec{{"R1", []string{"drills"}, "", "ops-42"}}},
		via: []string{"tracking:ops-42"},
	}, {
		name: "recurs names the problem",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"wms"},
			problems: []tProblem{{"drills", "operational-readiness", "earlier#problem-runbooks"}}},
		via: []string{"recurs"},
	}, {
		name: "every link, in the SPEC's order",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"orders-db", "checkout-api"},
			problems: []tProblem{{"drills", "operational-readiness", "earlier#problem-runbooks"}},
			recs:     []tRec{{"R1", []string{"drills"}, "", "OPS-42"}}},
		via: []string{"service:orders-db", "service:checkout-api", "tracking:OPS-42", "recurs"},
	}, {
		name: "category alone is the weaker signal",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"wms"},
			problems: []tProblem{{"drills", "operational-readiness", ""}}},
		weak: true,
	}, {
		name: "shared service but another category",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"checkout-api"},
			problems: []tProblem{{"capacity", "capacity-planning", ""}}},
	}, {
		name: "shared service, but the fix was done after the incident started",
		later: tRetro{id: "later", started: "2024-03-20", services: []string{"checkout-api"},
			problems: []tProblem{{"drills", "operational-readiness", ""}}},
	}, {
		name: "done on the day the incident started is not before it",
		later: tRetro{id: "later", started: "2024-04-01", services: []string{"checkout-api"},
			problems: []tProblem{{"drills", "operational-readiness", ""}}},
	}, {
		name: "a recommendation not done never counts, even with every link",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"checkout-api"},
			problems: []tProblem{{"alerts", "monitoring-alerting", "earlier#problem-noisy"}}},
	}, {
		name: "tracking ticket shared with a recommendation of another category",
		later: tRetro{id: "later", started: "2024-06-01", services: []string{"wms"},
			problems: []tProblem{{"alerts", "monitoring-alerting", ""}},
			recs:     []tRec{{"R1", []string{"alerts"}, "", "OPS-42"}}},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			a := buildArchive(t, []tRetro{earlier, tc.later})
			p := problemOf(a, "later#"+tc.later.problems[0].id)
			rc := a.Views.RecurrenceOf(p)
			switch {
			case tc.via == nil && rc != nil:
				t.Fatalf("recurrence via %v, want none", rc.Via)
			case tc.via != nil && rc == nil:
				t.Fatalf("no recurrence, want one via %v", tc.via)
			case rc != nil:
				if !slices.Equal(rc.Via, tc.via) {
					t.Errorf("via %v, want %v", rc.Via, tc.via)
				}
				if len(rc.After) != 1 || rc.After[0].Rec.Retro.ID != "earlier" || rc.After[0].Rec.ID != "R1" {
					t.Errorf("after %v, want earlier's R1", rc.After)
				}
				o := a.Views.OutcomeOf(rc.After[0].Rec)
				if o == nil || len(o.Recurred) != 1 || o.Recurred[0].Problem != p {
					t.Errorf("earlier's R1 outcome %+v, want the later problem", o)
				}
			}
			if weak := a.Views.SameCategoryOf(p) != nil; weak != tc.weak {
				t.Errorf("same category signal %v, want %v", weak, tc.weak)
			}
			n := 0
			for _, cv := range a.Views.Categories {
				n += len(cv.Recurrences)
			}
			if want := min(1, len(tc.via)); n != want {
				t.Errorf("%d recurrences in the categories, want %d", n, want)
			}
		})
	}
}

func TestOutcomeWithoutRecurrence(t *testing.T) {
	a := buildArchive(t, []tRetro{earlier, {id: "later", started: "2024-06-01", services: []string{"wms"},
		problems: []tProblem{{"drills", "operational-readiness", ""}}}})
	r, _ := a.Lookup("earlier")
	o := a.Views.OutcomeOf(r.Recommendations[0])
	if o == nil || len(o.Recurred) != 0 || o.Done.String() != "2024-04-01" {
		t.Fatalf("outcome %+v, want done on 2024-04-01 with nothing recurred", o)
	}
	if o := a.Views.OutcomeOf(r.Recommendations[1]); o != nil {
		t.Errorf("a planned recommendation has an outcome: %+v", o)
	}
}

func TestRecursErrors(t *testing.T) {
	for _, tc := range []struct{ recurs, want string }{
		{"earlier#problem-runbooks", ""},
		{"earlier", `recurs: "earlier" is not <retro-id>#problem-<id>`},
		{"earlier#rec-R1", `recurs: "earlier#rec-R1" is not <retro-id>#problem-<id>`},
		{"earlir#problem-runbooks", `recurs: no retrospective "earlir" (did you mean "earlier"?)`},
		{"earlier#problem-runbook", `recurs: earlier has no anchor "problem-runbook" (did you mean "problem-runbooks"?)`},
		{"later#problem-x", "recurs: later is this retrospective; recurs names the same problem in an earlier one"},
		{"afterwards#problem-y", "recurs: afterwards started after this incident; recurs names the same problem seen before"},
	} {
		t.Run(tc.recurs, func(t *testing.T) {
			a := buildArchive(t, []tRetro{earlier,
				{id: "later", started: "2024-06-01", problems: []tProblem{{"x", "operational-readiness", tc.recurs}}},
				{id: "afterwards", started: "2024-09-01", problems: []tProblem{{"y", "operational-readiness", ""}}},
			})
			fs := a.CheckRecurs()
			got := ""
			if len(fs) > 0 {
				got = fs[0].Message
			}
			if len(fs) > 1 || got != tc.want {
				t.Errorf("findings %v, want %q", fs, tc.want)
			}
		})
	}
}

func TestRecurrencesByCategory(t *testing.T) {
	specs := []tRetro{earlier}
	for i, day := range []string{"2024-05-01", "2024-06-01", "2024-07-01", "2024-08-01", "2024-09-01"} {
		specs = append(specs, tRetro{id: "later" + string(rune('a'+i)), started: day, services: []string{"checkout-api"},
			problems: []tProblem{{"drills", "operational-readiness", ""}}})
	}
	a := buildArchive(t, specs)
	groups := a.Views.RecurrencesByCategory(3)
	if len(groups) != 1 || groups[0].Key != "operational-readiness" {
		t.Fatalf("groups %v, want operational readiness alone", groups)
	}
	var ids []string
	for _, rc := range append(groups[0].Recent, groups[0].More...) {
		ids = append(ids, rc.Retro.ID)
	}
	if want := []string{"latere", "laterd", "laterc", "laterb", "latera"}; !slices.Equal(ids, want) || len(groups[0].Recent) != 3 {
		t.Errorf("recurrences %v (%d open), want %v, 3 open", ids, len(groups[0].Recent), want)
	}
}
