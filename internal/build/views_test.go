package build

import (
	"fmt"
	"testing"
)

func TestDumpViews(t *testing.T) {
	a, _, err := Load(Options{Source: "../..", Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	v := a.Views
	for _, c := range v.Categories {
		fmt.Printf("CAT %s problems=%d retros=%d byq=%v rec=%d addr=%d\n", c.Key, len(c.Problems), c.Retros, c.ByQuarter, len(c.Recurrences), len(c.Addressing))
		for _, r := range c.Recurrences {
			fmt.Printf("   REC %s#%s after=%d:", r.Retro.ID, r.Problem.ID, r.AfterCount)
			for _, x := range r.After {
				d, _ := x.DoneOn()
				fmt.Printf(" %s#%s(%s)", x.Retro.ID, x.ID, d)
			}
			fmt.Println()
		}
	}
	for _, q := range v.Quarters {
		fmt.Printf("Q %s retros=%d sev=%v kind=%v det=%v lead=%v occ=%v rec=%v opened=%d done=%d dropped=%d overdue=%d drafts=%d writers=%v\n", q.Key, len(q.Retros), q.BySeverity, q.ByKind, q.Detect.Values, q.LeadTime.Median, q.Occurred, q.Recurred, len(q.Opened), len(q.Done), len(q.Dropped), len(q.Overdue), len(q.DraftsPastDue), q.Writers)
	}
	for _, tv := range v.Tracking {
		fmt.Printf("TRACK %s %s recs=%d retros=%d\n", tv.Key, tv.Status, len(tv.Recs), len(tv.Retros))
	}
	fmt.Println("tickets", len(v.Tickets))
	for _, tx := range v.Taxonomies {
		fmt.Printf("TAX %s:", tx.Kind)
		for _, t := range tx.Terms {
			fmt.Printf(" %s(%d,open %d, cats %v)", t.Slug, len(t.Retros), len(t.Open), t.Categories)
		}
		fmt.Println()
	}
	for _, d := range a.Drifts(a.Retros) {
		fmt.Println("DRIFT", d.Message())
	}
	for r, rel := range v.Related {
		fmt.Printf("REL %s:", r.ID)
		for _, x := range rel {
			fmt.Printf(" %s%v", x.Retro.ID, x.Reasons)
		}
		fmt.Println()
	}
	fmt.Println("recs", len(v.Recommendations), "retros", len(a.Retros), "today", a.Today)
	for _, rec := range v.Recommendations {
		if rec.Overdue(a.Today) {
			fmt.Println("OVERDUE", rec.Retro.ID, rec.ID, rec.Due)
		}
	}
}
