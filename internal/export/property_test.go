package export_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"retro/internal/archive"
	"retro/internal/build"
	"retro/internal/export"
	"retro/internal/gen"
	"retro/internal/retro"
)

// generatedSize is large enough for several years of quarters, shared
// tracking tickets, recurrences and every recommendation status.
const generatedSize = 300

func generated(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	if err := gen.Write(src, generatedSize); err != nil {
		t.Fatal(err)
	}
	return src
}

// exported loads src with the clock now and writes its exports into a
// folder of their own (no pages: the JSON exports do not read them).
func exported(t *testing.T, src string, now time.Time) (*archive.Archive, string) {
	t.Helper()
	a := load(t, build.Options{Source: src, Now: now})
	out := t.TempDir()
	if _, err := export.Write(a, out); err != nil {
		t.Fatal(err)
	}
	return a, out
}

func TestEveryRecommendationOnce(t *testing.T) {
	a, out := exported(t, generated(t), fixedNow)
	onSite := map[string]*retro.Recommendation{}
	for _, r := range a.Retros {
		for _, rec := range r.Recommendations {
			onSite[r.ID+"#"+rec.ID] = rec
		}
	}
	if len(onSite) < generatedSize {
		t.Fatalf("only %d recommendations on the site: the generator changed", len(onSite))
	}
	seen := map[string]int{}
	for _, o := range objects(t, filepath.Join(out, "api/recommendations.json")) {
		key := o["retro"].(string) + "#" + o["id"].(string)
		seen[key]++
		rec := onSite[key]
		if rec == nil {
			t.Errorf("%s is exported but not on the site", key)
			continue
		}
		if o["status"] != rec.Status || o["title"] != rec.Title.Text {
			t.Errorf("%s: status %v title %v, the site has %s %q", key, o["status"], o["title"], rec.Status, rec.Title.Text)
		}
	}
	for key := range onSite {
		if seen[key] != 1 {
			t.Errorf("%s appears %d times in recommendations.json", key, seen[key])
		}
	}
}

// quarterCounts is what the quarterly analysis counts per quarter.
type quarterCounts struct {
	Incidents             int
	BySeverity            map[string]int
	Opened, Done, Dropped int
}

func (q *quarterCounts) String() string {
	return fmt.Sprintf("%d incidents %v, %d opened, %d done, %d dropped", q.Incidents, q.BySeverity, q.Opened, q.Done, q.Dropped)
}

func quarterOfDate(s string) string {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d-q%d", d.Year(), (int(d.Month())-1)/3+1)
}

// TestQuarterCounts recomputes the quarterly counts from the exports alone
// (retros.json, recommendations.json) and from the raw retrospectives, and
// compares both with the archive's quarter views.
func TestQuarterCounts(t *testing.T) {
	a, out := exported(t, generated(t), fixedNow)
	counts := func(m map[string]*quarterCounts, key string) *quarterCounts {
		q := m[key]
		if q == nil {
			q = &quarterCounts{BySeverity: map[string]int{}}
			m[key] = q
		}
		return q
	}

	// From the exports: a retrospective's quarter is that of started in
	// its own offset, which the export keeps.
	fromExport := map[string]*quarterCounts{}
	quarterOfRetro := map[string]string{}
	for _, o := range objects(t, filepath.Join(out, "api/retros.json")) {
		started, err := time.Parse(time.RFC3339, o["started"].(string))
		if err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprintf("%d-q%d", started.Year(), (int(started.Month())-1)/3+1)
		if o["quarter"] != key {
			t.Errorf("%v: quarter %v, started %v", o["id"], o["quarter"], o["started"])
		}
		quarterOfRetro[o["id"].(string)] = key
		q := counts(fromExport, key)
		q.Incidents++
		if s, ok := o["severity"].(string); ok {
			q.BySeverity[s]++
		}
	}
	for _, o := range objects(t, filepath.Join(out, "api/recommendations.json")) {
		counts(fromExport, quarterOfRetro[o["retro"].(string)]).Opened++
		if d, ok := o["done_on"].(string); ok {
			counts(fromExport, quarterOfDate(d)).Done++
		}
		if d, ok := o["dropped_on"].(string); ok && o["status"] == retro.Dropped {
			counts(fromExport, quarterOfDate(d)).Dropped++
		}
	}

	// From the raw retrospectives.
	fromRaw := map[string]*quarterCounts{}
	for _, r := range a.Retros {
		q := counts(fromRaw, r.QuarterKey())
		q.Incidents++
		if r.Severity != "" {
			q.BySeverity[r.Severity]++
		}
		q.Opened += len(r.Recommendations)
		for _, rec := range r.Recommendations {
			if d, ok := rec.DoneOn(); ok {
				counts(fromRaw, quarterOfDate(d.String())).Done++
			}
			if rec.Status != retro.Dropped {
				continue
			}
			for i := len(rec.History) - 1; i >= 0; i-- {
				if rec.History[i].Status == retro.Dropped {
					counts(fromRaw, quarterOfDate(rec.History[i].On.String())).Dropped++
					break
				}
			}
		}
	}

	fromViews := map[string]*quarterCounts{}
	for _, qv := range a.Views.Quarters {
		q := counts(fromViews, qv.Key)
		q.Incidents = len(qv.Retros)
		for _, c := range qv.BySeverity {
			q.BySeverity[c.Key] = c.N
		}
		q.Opened, q.Done, q.Dropped = len(qv.Opened), len(qv.Done), len(qv.Dropped)
	}
	if len(fromViews) < 8 {
		t.Fatalf("only %d quarters: the generator changed", len(fromViews))
	}
	keys := slices.Sorted(maps.Keys(fromViews))
	for _, m := range []map[string]*quarterCounts{fromExport, fromRaw} {
		for k := range m {
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	empty := &quarterCounts{BySeverity: map[string]int{}}
	for _, k := range keys {
		v, e, r := fromViews[k], fromExport[k], fromRaw[k]
		hint := ""
		if v == nil {
			// A recommendation done or dropped in a quarter in which no
			// incident started (the current quarter, before its first
			// incident) must still be counted in that quarter.
			hint = "\n (Views.Quarters has no quarter " + k + ")"
		}
		for _, p := range []**quarterCounts{&v, &e, &r} {
			if *p == nil {
				*p = empty
			}
		}
		if !sameCounts(v, e) || !sameCounts(v, r) {
			t.Errorf("quarter %s:\n views:  %v\n export: %v\n raw:    %v%s", k, v, e, r, hint)
		}
	}
}

func sameCounts(x, y *quarterCounts) bool {
	return x.Incidents == y.Incidents && maps.Equal(x.BySeverity, y.BySeverity) &&
		x.Opened == y.Opened && x.Done == y.Done && x.Dropped == y.Dropped
}

// TestOverdueAroundDueDate builds one archive with the clock the day
// before, on and after a recommendation's due date: it becomes overdue
// exactly once, the day after (due before the build date), and on every
// clock each recommendation's overdue agrees with its status and due.
func TestOverdueAroundDueDate(t *testing.T) {
	src := generated(t)
	a := load(t, build.Options{Source: src, Now: fixedNow})
	var pick *retro.Recommendation
	for _, rec := range a.Views.Recommendations {
		if rec.Open() && !rec.Due.IsZero() {
			pick = rec
			break
		}
	}
	if pick == nil {
		t.Fatal("no open recommendation with a due date: the generator changed")
	}
	key := pick.Retro.ID + "#" + pick.ID
	// Noon in the site's zone (UTC for generated sites) on each day.
	due := pick.Due.Time(time.UTC).Add(12 * time.Hour)
	var flags []bool
	for _, now := range []time.Time{due.AddDate(0, 0, -1), due, due.AddDate(0, 0, 1)} {
		_, out := exported(t, src, now)
		today := now.Format(time.DateOnly)
		found := false
		for _, o := range objects(t, filepath.Join(out, "api/recommendations.json")) {
			d, hasDue := o["due"].(string)
			open := o["status"] == retro.Planned || o["status"] == retro.InProgress
			if want := open && hasDue && d < today; o["overdue"] != want {
				t.Errorf("built %s: %v#%v (%v, due %v) overdue %v, want %v", today, o["retro"], o["id"], o["status"], o["due"], o["overdue"], want)
			}
			if o["retro"].(string)+"#"+o["id"].(string) == key {
				found = true
				flags = append(flags, o["overdue"].(bool))
			}
		}
		if !found {
			t.Fatalf("%s is not exported", key)
		}
	}
	if !slices.Equal(flags, []bool{false, false, true}) {
		t.Errorf("%s due %s: overdue the day before, on and after = %v, want [false false true]", key, pick.Due, flags)
	}
}

// TestFeedNewestFifty: a long archive's feed holds the export.FeedEntries
// most recently finalized retrospectives, newest first.
func TestFeedNewestFifty(t *testing.T) {
	a, out := exported(t, generated(t), fixedNow)
	var finalized []string
	for _, r := range a.Retros {
		if r.Status == retro.Final {
			finalized = append(finalized, r.Review.Finalized.String()+"T00:00:00Z")
		}
	}
	slices.Sort(finalized)
	slices.Reverse(finalized)
	if len(finalized) <= export.FeedEntries {
		t.Fatalf("only %d final retrospectives: the generator changed", len(finalized))
	}
	f := readFeed(t, filepath.Join(out, "feed.xml"))
	if len(f.Entries) != export.FeedEntries {
		t.Fatalf("the feed has %d entries, want %d", len(f.Entries), export.FeedEntries)
	}
	for i, e := range f.Entries {
		if e.Updated != finalized[i] {
			t.Errorf("entry %d updated %s, want the %d-th latest finalized date %s", i, e.Updated, i+1, finalized[i])
		}
	}
}
