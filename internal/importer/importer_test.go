package importer

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"go.yaml.in/yaml/v3"

	"retro/internal/build"
	"retro/internal/config"
	"retro/internal/retro"
	"retro/internal/source"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// now is fixed so that a year pinned by a weekday does not move.
var now = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

func options(status string) Options {
	site := config.Default()
	return Options{Status: status, Site: site, Now: now}
}

// importAll imports paths into a new site and returns the site's folder and
// the report as text, with the site's folder written as SITE.
func importAll(t *testing.T, status string, paths ...string) (string, Summary, string) {
	t.Helper()
	site := t.TempDir()
	sum, err := Run(paths, site, options(status), false)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	sum.WriteText(&buf)
	return site, sum, strings.ReplaceAll(buf.String(), site, "SITE")
}

// checkClean runs the checks retro check runs over the site and fails on
// any error.
func checkClean(t *testing.T, site string) int {
	t.Helper()
	a, findings, err := build.Load(build.Options{Source: site, Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range findings {
		if f.Severity == source.Error {
			t.Errorf("%s", f)
		}
	}
	return len(a.Retros)
}

// golden compares every file the import wrote, and the report, with
// testdata/golden/<name>, or rewrites them with -update.
func golden(t *testing.T, name, site, report string) {
	t.Helper()
	dir := filepath.Join("testdata", "golden", name)
	got := map[string][]byte{"report.txt": []byte(report)}
	root := filepath.Join(site, "content", "retros")
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		got[filepath.ToSlash(rel)] = data
		return nil
	})
	if *update {
		os.RemoveAll(dir)
		for rel, data := range got {
			p := filepath.Join(dir, filepath.FromSlash(rel))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := map[string]bool{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		want[filepath.ToSlash(rel)] = true
		return nil
	})
	for rel, data := range got {
		w, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
		if err != nil {
			t.Errorf("%s: no golden file (run go test ./internal/importer -update): %v", rel, err)
			continue
		}
		if !bytes.Equal(w, data) {
			t.Errorf("%s differs from its golden file (go test ./internal/importer -update rewrites it):\n--- got\n%s", rel, data)
		}
		delete(want, rel)
	}
	for rel := range want {
		t.Errorf("%s: golden file not written by the import", rel)
	}
}

func TestCorpusDraft(t *testing.T) {
	site, sum, report := importAll(t, Draft, "testdata/corpus/PostHog-post-mortems", "testdata/corpus/dfds-postmortems")
	n := checkClean(t, site)
	entries := 0
	for _, f := range sum.Files {
		entries += f.TimelineEntries
	}
	t.Logf("%d files imported and checked, %d not written, %d skipped by name, %d timeline entries", sum.Imported, sum.Failed, sum.Skipped, entries)
	// Every write-up of the corpus comes in: only the READMEs and the
	// templates are left out, by name.
	if sum.Imported != 46 || sum.Failed != 0 || sum.Skipped != 4 || n != 46 {
		t.Errorf("imported %d, not written %d, skipped %d, checked %d; want 46, 0, 4, 46", sum.Imported, sum.Failed, sum.Skipped, n)
	}
	golden(t, "corpus-draft", site, report)
}

func TestCorpusLegacy(t *testing.T) {
	site, sum, report := importAll(t, Legacy, "testdata/corpus/PostHog-post-mortems", "testdata/corpus/dfds-postmortems")
	if sum.Imported != 46 || sum.Failed != 0 {
		t.Errorf("imported %d, not written %d; want 46, 0", sum.Imported, sum.Failed)
	}
	// Once the format knows status: legacy, the files pass check; until
	// then the generated YAML is what is checked: every file says legacy
	// and has a title and a start.
	if slices.Contains(retro.Statuses, Legacy) {
		if n := checkClean(t, site); n != 46 {
			t.Errorf("checked %d retrospectives, want 46", n)
		}
	}
	for _, f := range sum.Files {
		if !f.Written {
			continue
		}
		fm := frontOf(t, mustRead(t, f.Output))
		if fm["status"] != "legacy" || fm["title"] == "" || fm["started"] == "" {
			t.Errorf("%s: status %v, title %v, started %v", f.Output, fm["status"], fm["title"], fm["started"])
		}
	}
	golden(t, "corpus-legacy", site, report)
}

func TestStyles(t *testing.T) {
	site, sum, report := importAll(t, Draft, "testdata/styles")
	checkClean(t, site)
	if sum.Imported != 6 || sum.Failed != 1 {
		t.Errorf("imported %d, not written %d; want 6 and 1 (no-date.md)", sum.Imported, sum.Failed)
	}
	golden(t, "styles", site, report)
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// frontOf parses the front matter a conversion wrote.
func frontOf(t *testing.T, text []byte) map[string]any {
	t.Helper()
	s := string(text)
	if !strings.HasPrefix(s, "---\n") {
		t.Fatalf("no front matter:\n%s", s)
	}
	end := strings.Index(s[4:], "\n---\n")
	if end < 0 {
		t.Fatalf("front matter not closed:\n%s", s)
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(s[4:4+end+1]), &m); err != nil {
		t.Fatalf("%v in\n%s", err, s)
	}
	return m
}

// convert converts one Markdown text and returns its front matter and body.
func convert(t *testing.T, status, name, md string) (map[string]any, string, FileReport) {
	t.Helper()
	res := Convert(Input{Path: name + ".md", Name: name, Data: []byte(md)}, options(status))
	if res.Text == nil {
		return nil, "", res.Report
	}
	s := string(res.Text)
	i := strings.Index(s[4:], "\n---\n")
	return frontOf(t, res.Text), strings.TrimPrefix(s[4+i+5:], "\n"), res.Report
}

type tl struct{ at, event string }

func timelineOf(t *testing.T, fm map[string]any) []tl {
	t.Helper()
	var out []tl
	list, _ := fm["timeline"].([]any)
	for _, e := range list {
		m := e.(map[string]any)
		out = append(out, tl{m["at"].(string), m["event"].(string)})
	}
	return out
}

func wantTimeline(t *testing.T, fm map[string]any, want ...tl) {
	t.Helper()
	got := timelineOf(t, fm)
	if len(got) != len(want) {
		t.Fatalf("timeline has %d entries, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("entry %d = %q, want %q", i+1, got[i], want[i])
		}
	}
}

func hasNote(r FileReport, substr string) bool {
	for _, n := range append(append([]Note{}, r.Mapped...), r.Guessed...) {
		if strings.Contains(n.Detail, substr) {
			return true
		}
	}
	return false
}

func TestTimelineStyles(t *testing.T) {
	cases := []struct {
		name, md string
		want     []tl
		note     string
	}{
		{"table", "# T\n\n## Timeline\n\n| Time (UTC) | Event | Who |\n|---|---|---|\n| 2024-01-10 13:55 | Alert fires | bot |\n| 2024-01-10 14:05 | Rolled back | |\n",
			[]tl{{"2024-01-10 13:55", "Alert fires (Who: bot)"}, {"2024-01-10 14:05", "Rolled back"}}, ""},
		{"table-date-and-time-columns", "# T\n\n## Timeline\n\n| Date | Time | Description |\n|---|---|---|\n| 2024-01-10 | 13:55 | Alert fires |\n",
			[]tl{{"2024-01-10 13:55", "Alert fires"}}, ""},
		{"bullets-bold", "# T - March 3, 2024\n\n## Timeline\n\n- **17:20 UTC:** Deploy starts\n- **17:25 UTC** - Errors rise\n",
			[]tl{{"2024-03-03 17:20", "Deploy starts"}, {"2024-03-03 17:25", "Errors rise"}}, "has no date: 2024-03-03, from the title"},
		{"brackets", "# T\n\nDate: 2024-05-06\n\n## Chronology\n\n[13:26] Page\n[13:30] Ack\n",
			[]tl{{"2024-05-06 13:26", "Page"}, {"2024-05-06 13:30", "Ack"}}, ""},
		{"iso-lines", "# T\n\n## Timeline\n\n2024-01-10 13:55 Alert\n2024-01-10 14:10:30 Fixed\n",
			[]tl{{"2024-01-10 13:55", "Alert"}, {"2024-01-10 14:10:30", "Fixed"}}, ""},
		{"twelve-hour", "# T (January 2024)\n\n## Timeline\n\n- Jan 14, 10:18 AM: Customer report\n- 5:33 PM: Fix released\n- 12:05 AM: Second report\n",
			[]tl{{"2024-01-14 10:18", "Customer report"}, {"2024-01-14 17:33", "Fix released"}, {"2024-01-15 00:05", "Second report"}}, "read as the next day"},
		{"weekday-pins-year", "# T\n\n## Timeline\n\n- Saturday Oct 30th 11:40 PM Alert\n",
			[]tl{{"2021-10-30 23:40", "Alert"}}, "the latest in which October 30 is a Saturday"},
		{"ambiguous-date", "# T\n\n## Timeline\n\n- 01-10-2024 13:55 Alert\n",
			[]tl{{"2024-01-10 13:55", "Alert"}}, "read as month-day-year"},
		{"unambiguous-day-first", "# T\n\n## Timeline\n\n- 28/02/2024 13:55 Alert\n",
			[]tl{{"2024-02-28 13:55", "Alert"}}, ""},
		{"range", "# T\n\nOn 2024-02-01:\n\n## Timeline\n\n- 14:20–14:35 Failover runs\n",
			[]tl{{"2024-02-01 14:20", "14:20–14:35 Failover runs"}}, ""},
		{"date-after-time", "# T 2025\n\n## Timeline\n\n- **22:30 UTC (Oct 29)** - Reported\n- **00:03 UTC (Oct 30)** - Rolled back\n",
			[]tl{{"2025-10-29 22:30", "Reported"}, {"2025-10-30 00:03", "Rolled back"}}, ""},
		{"heading-dates", "# T\n\n## Incident timeline\n\n### October 21, 2025\n\n- 21:45 Deploy\n\n### October 24, 2025\n\n- 18:00 Deploy again\n",
			[]tl{{"2025-10-21 21:45", "Deploy"}, {"2025-10-24 18:00", "Deploy again"}}, ""},
		{"prose", "# T\n\nAt 4:11 AM UTC on November 24th, 2025, packages were published. By 9:30 AM UTC, they were deleted.\n",
			[]tl{{"2025-11-24 04:11", "At 4:11 AM UTC on November 24th, 2025, packages were published."}, {"2025-11-24 09:30", "By 9:30 AM UTC, they were deleted."}}, "sentences that give a time"},
		{"out-of-order", "# T\n\n## Timeline\n\n| Time | Event |\n|---|---|\n| 2021-12-13 15:50 | Scan |\n| 2021-12-13 14:30 | Call |\n",
			[]tl{{"2021-12-13 14:30", "Call"}, {"2021-12-13 15:50", "Scan"}}, "the timeline goes back in time at line 8"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fm, _, rep := convert(t, Draft, c.name, c.md)
			if fm == nil {
				t.Fatalf("not written: %s", rep.NotWritten)
			}
			wantTimeline(t, fm, c.want...)
			if c.note != "" && !hasNote(rep, c.note) {
				t.Errorf("report does not say %q: %+v", c.note, rep)
			}
		})
	}
}

func TestTimelineRefs(t *testing.T) {
	fm, _, _ := convert(t, Draft, "refs", "# T\n\n## Timeline\n\n- 2024-01-10 13:55 Alert, see [graph](https://grafana.example/d/1)\n  https://status.example/incidents/9\n")
	e := fm["timeline"].([]any)[0].(map[string]any)
	refs := e["refs"].([]any)
	if len(refs) != 2 || refs[0] != "https://grafana.example/d/1" || refs[1] != "https://status.example/incidents/9" {
		t.Errorf("refs = %v", refs)
	}
}

func TestZoneNotes(t *testing.T) {
	cases := []struct {
		name, md, zone, at, note string
	}{
		{"all-times-in-pst-summer", "# T\n\nAll times in PST.\n\n## Timeline\n\n- 2023-08-14 16:10 Stop\n", "America/Los_Angeles", "2023-08-14 16:10", "PST is written for 2023-08-14, when America/Los_Angeles keeps PDT"},
		{"pst-in-winter", "# T\n\nAll times in PST.\n\n## Timeline\n\n- 2023-01-14 16:10 Stop\n", "America/Los_Angeles", "2023-01-14 16:10", "America/Los_Angeles from"},
		{"times-are-utc", "# T\n\n## Timeline\n\ntimes are UTC\n\n- 2023-01-14 16:10 Stop\n", "UTC", "2023-01-14 16:10", "UTC from"},
		{"header", "# T\n\n## Timeline\n\n| Time (CET) | Event |\n|---|---|\n| 2023-01-14 16:10 | Stop |\n", "Europe/Berlin", "2023-01-14 16:10", "CET read as Europe/Berlin"},
		{"z-suffix", "# T\n\n## Timeline\n\n- 2024-01-10T15:05:00Z Closed\n", "UTC", "2024-01-10 15:05", "UTC from the zone written with the times"},
		{"offset-converted", "# T\n\nAll times in UTC.\n\n## Timeline\n\n- 2024-01-10 10:00 Start\n- 2024-01-10T15:05:00+02:00 Closed\n", "UTC", "2024-01-10 10:00", "converted from +02:00 to UTC"},
		{"iana-name", "# T\n\nAll times are Europe/Copenhagen.\n\n## Timeline\n\n- 2024-01-10 10:00 Start\n", "Europe/Copenhagen", "2024-01-10 10:00", "Europe/Copenhagen from"},
		{"eastern", "# T\n\nAll times are Eastern.\n\n## Timeline\n\n- 2024-01-10 10:00 Start\n", "America/New_York", "2024-01-10 10:00", "Eastern read as US Eastern time"},
		{"none", "# T\n\n## Timeline\n\n- 2024-01-10 10:00 Start\n", "", "2024-01-10 10:00", "no time zone in the text"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fm, _, rep := convert(t, Draft, c.name, c.md)
			if fm == nil {
				t.Fatalf("not written: %s", rep.NotWritten)
			}
			if z, _ := fm["timezone"].(string); z != c.zone {
				t.Errorf("timezone = %q, want %q", z, c.zone)
			}
			if got := timelineOf(t, fm); len(got) == 0 || got[0].at != c.at {
				t.Errorf("timeline = %v, want first at %s", got, c.at)
			}
			if !hasNote(rep, c.note) {
				t.Errorf("report does not say %q:\n%+v", c.note, rep)
			}
		})
	}
}

// validAll accepts every ticket form SPEC v2 allows, whatever the format
// and the site accept, so that the reading of GitHub references is tested
// on its own.
func validAll(s string) bool {
	return ticketChecker(config.Default())(s) || strings.Contains(s, "#")
}

func TestActionItemStyles(t *testing.T) {
	type rec struct{ title, ticket, tracking, status string }
	cases := []struct {
		name, md string
		want     []rec
	}{
		{"bullets", "## Action items\n\n- Alert on lag (OPS-12)\n- Rehearse rotation — done\n- Remove pinning, in progress\n",
			[]rec{{"Alert on lag (OPS-12)", "OPS-12", "", "planned"}, {"Rehearse rotation — done", "", "", "done"}, {"Remove pinning, in progress", "", "", "in-progress"}}},
		{"checkboxes", "## Follow-ups\n\n- [x] Document it\n- [ ] Alert on lag (acme/api#1587)\n- [ ] Test it, see #42\n",
			[]rec{{"Document it", "", "", "done"}, {"Alert on lag (acme/api#1587)", "acme/api#1587", "", "planned"}, {"Test it, see #42", "#42", "", "planned"}}},
		{"table", "## Corrective measures\n\n| Action | Owner | Jira | Status |\n|---|---|---|---|\n| Add load test | Mei | SHOP-881 | Done |\n| Lower alert | Ravi | SHOP-882 | In progress |\n",
			[]rec{{"Add load test (Owner: Mei) (Jira: SHOP-881) (Status: Done)", "SHOP-881", "", "done"}, {"Lower alert (Owner: Ravi) (Jira: SHOP-882) (Status: In progress)", "SHOP-882", "", "in-progress"}}},
		{"headings-give-status-and-tracking", "## Remediation\n\n### Immediate actions (completed)\n\n- ✅ Reverted the change\n\n### Short-term ([tracked here](https://github.com/acme/api/issues/9))\n\n- Add breakers, https://github.com/acme/api/pull/10\n",
			[]rec{{"Reverted the change", "", "", "done"}, {"Add breakers, https://github.com/acme/api/pull/10", "https://github.com/acme/api/pull/10", "https://github.com/acme/api/issues/9", "planned"}}},
		{"nested-url-ticket", "## Action Items\n\n- ✅ Add integration tests\n    - https://github.com/acme/js/pull/2935\n",
			[]rec{{"Add integration tests", "https://github.com/acme/js/pull/2935", "", "done"}}},
		{"due-and-priority", "## Action items\n\n| Task | Priority | Due |\n|---|---|---|\n| Add an alert | P1 | 2024-06-30 |\n\n- Write the runbook, due 2024-07-15\n",
			[]rec{{"Add an alert (Priority: P1) (Due: 2024-06-30)", "", "", "planned"}, {"Write the runbook, due 2024-07-15", "", "", "planned"}}},
		{"work-still-ahead", "## Remediation\n\n**Completed:**\n\n- Reverted\n\n**To complete before re-enabling sync:**\n\n- Update the charts\n\n### Not yet done\n\n- Define the strategy\n",
			[]rec{{"Reverted", "", "", "done"}, {"Update the charts", "", "", "planned"}, {"Define the strategy", "", "", "planned"}}},
		{"action-item-line", "## Remediation\n\nWe reverted.\n\n**Action item:** Start incidents earlier. Owner: @lucas\n",
			[]rec{{"Start incidents earlier. Owner: @lucas", "", "", "planned"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := options(Legacy)
			opts.ValidTicket = validAll
			res := Convert(Input{Path: c.name + ".md", Name: c.name, Data: []byte("# T\n\nStarted 2024-01-10 10:00.\n\n" + c.md)}, opts)
			if res.Text == nil {
				t.Fatalf("not written: %s", res.Report.NotWritten)
			}
			// The recommendations are read whatever the format lets the
			// file say; read them from the conversion.
			c2 := newConv(Input{Path: c.name + ".md", Name: c.name, Data: []byte("# T\n\nStarted 2024-01-10 10:00.\n\n" + c.md)}, opts)
			c2.read()
			if len(c2.actions) != len(c.want) {
				t.Fatalf("%d recommendations, want %d: %+v", len(c2.actions), len(c.want), c2.actions)
			}
			for i, w := range c.want {
				a := c2.actions[i]
				if got := (rec{a.title, a.ticket, a.tracking, a.status}); got != w {
					t.Errorf("R%d = %+v, want %+v", i+1, got, w)
				}
			}
			if res.Report.Recommendations != len(c.want) {
				t.Errorf("report counts %d recommendations, want %d", res.Report.Recommendations, len(c.want))
			}
		})
	}
}

// While a draft cannot hold a recommendation without done_when, which the
// text does not give, the recommendations are written as a comment and the
// action items stay in the body.
func TestDraftRecommendationsCommented(t *testing.T) {
	res := Convert(Input{Path: "a.md", Name: "a", Data: []byte("# T\n\n## Timeline\n\n- 2024-01-10 10:00 Start\n\n## Action items\n\n- Add an alert (OPS-1)\n")}, options(Draft))
	s := string(res.Text)
	if !rulesFor(Draft, config.Default()).doneWhenRequired {
		if !strings.Contains(s, "recommendations:\n  - id: R1\n    title: Add an alert (OPS-1)\n    ticket: OPS-1\n    status: planned\n") {
			t.Errorf("drafts take recommendations without done_when, but none was written:\n%s", s)
		}
		return
	}
	if !strings.Contains(s, "#   - id: R1\n#     title: Add an alert (OPS-1)\n#     ticket: OPS-1\n#     status: planned\n") {
		t.Errorf("no commented recommendation in:\n%s", s)
	}
	if !strings.Contains(s, "## Action items\n\n- Add an alert (OPS-1)\n") {
		t.Errorf("action items not kept in the body:\n%s", s)
	}
}

func TestForeignFrontMatter(t *testing.T) {
	md := "---\ntitle: Storage outage\ndate: 2023-05-09T10:00:00Z\ntags: [postmortem]\nkeywords: s3, replication\ncategories: [engineering]\ncompany: Example Cloud\nproduct: object-storage\nauthors: [Jane, Ola]\nuuid: 3F2C1A9E-8B4D-4C1E-9A7F-2B6D5E4C3A10\nurl: /blog/storage-outage/\nlayout: post\n---\n\nReads failed.\n"
	fm, body, rep := convert(t, Draft, "storage", md)
	if fm == nil {
		t.Fatalf("not written: %s", rep.NotWritten)
	}
	if fm["title"] != "Storage outage" || fm["started"] != "2023-05-09 10:00" || fm["author"] != "Jane, Ola" {
		t.Errorf("title %v, started %v, author %v", fm["title"], fm["started"], fm["author"])
	}
	tags := fm["tags"].([]any)
	if len(tags) != 5 || tags[0] != "postmortem" || tags[1] != "s3" || tags[3] != "engineering" || tags[4] != "Example Cloud" {
		t.Errorf("tags = %v", tags)
	}
	if s := fm["services"].([]any); len(s) != 1 || s[0] != "object-storage" {
		t.Errorf("services = %v", s)
	}
	aliases := fm["aliases"].([]any)
	if len(aliases) != 2 || aliases[0] != "storage-outage" || aliases[1] != "3f2c1a9e-8b4d-4c1e-9a7f-2b6d5e4c3a10" {
		t.Errorf("aliases = %v, want the uuid (lowercased) and the url's path", aliases)
	}
	// Keys that map to nothing are kept, as written, in the body.
	if !strings.Contains(body, "## Original front matter\n\n```yaml\nlayout: post\n```") {
		t.Errorf("unmapped keys not kept:\n%s", body)
	}
}

func TestNoDateNotWritten(t *testing.T) {
	res := Convert(Input{Path: "a.md", Name: "cache-warm", Data: []byte("# Cache warmed slowly\n\n## Timeline\n\n- 10:00 Restart\n")}, options(Draft))
	if res.Text != nil || !strings.Contains(res.Report.NotWritten, "no date anywhere") {
		t.Errorf("written, or the report does not say why not: %+v", res.Report)
	}
}

// A date with no time of day: written as a bare date where the format
// takes one, else not written, with what to do.
func TestDateWithoutTime(t *testing.T) {
	md := "# Disk filled\n\nOn 2022-03-04 the disk filled.\n"
	for _, status := range []string{Draft, Legacy} {
		res := Convert(Input{Path: "a.md", Name: "disk", Data: []byte(md)}, options(status))
		if rulesFor(status, config.Default()).bareDate {
			if res.Text == nil || !strings.Contains(string(res.Text), "started: \"2022-03-04\"\n") {
				t.Errorf("%s: the bare date was not taken:\n%s\n%+v", status, res.Text, res.Report)
			}
			continue
		}
		if res.Text != nil || !strings.Contains(res.Report.NotWritten, "no time of day") {
			t.Errorf("%s: written with a bare date the format rejects, or the report does not say why not:\n%s\n%+v", status, res.Text, res.Report)
		}
	}
}

func TestHeadings(t *testing.T) {
	md := "Queue outage\n============\n\nIntro 2024-01-01 10:00.\n\nRoot cause\n----------\n\nA leak.\n\n### Details\n\nMore.\n\nWhat went well?\n---------------\n\n- Paging\n\nWhere we got lucky\n------------------\n\n- A spare\n"
	fm, body, _ := convert(t, Draft, "q", md)
	if fm["title"] != "Queue outage" {
		t.Errorf("title = %v", fm["title"])
	}
	want := "Intro 2024-01-01 10:00.\n\n## Analysis\n\n### Root cause\n\nA leak.\n\n#### Details\n\nMore.\n\n## What went well?\n\n- Paging\n\n## What could have been done better\n\n### Where we got lucky\n\n- A spare\n"
	if body != want {
		t.Errorf("body:\n%s\nwant:\n%s", body, want)
	}
}

func TestAttachmentsStayInside(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	write := func(p, s string) {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(dir, "secret.png"), "secret")
	write(filepath.Join(in, "assets", "graph.png"), "graph")
	write(filepath.Join(in, "pm.md"), "# Outage\n\n## Timeline\n\n- 2024-01-10 10:00 Start\n\n![g](assets/graph.png)\n![s](../secret.png)\n<img src=\"leak.png\">\n")
	if err := os.Symlink(filepath.Join(dir, "secret.png"), filepath.Join(in, "leak.png")); err != nil {
		t.Fatal(err)
	}
	site := filepath.Join(dir, "site")
	sum, err := Run([]string{in}, site, options(Draft), false)
	if err != nil {
		t.Fatal(err)
	}
	f := sum.Files[0]
	if !f.Written || len(f.Attachments) != 1 || f.Attachments[0] != "graph.png" {
		t.Fatalf("report: %+v", f)
	}
	text := string(mustRead(t, f.Output))
	if !strings.Contains(text, "![g](graph.png)") || !strings.Contains(text, "![s](../secret.png)") || !strings.Contains(text, `<img src="leak.png">`) {
		t.Errorf("links:\n%s", text)
	}
	entries, _ := os.ReadDir(filepath.Dir(f.Output))
	if len(entries) != 2 {
		t.Errorf("bundle holds %d files, want index.md and graph.png", len(entries))
	}
	checkClean(t, site)
}

func TestTicketChecker(t *testing.T) {
	ok := ticketChecker(config.Default())
	for _, good := range []string{"OPS-12", "https://github.com/acme/api/issues/9"} {
		if !ok(good) {
			t.Errorf("%q rejected", good)
		}
	}
	for _, bad := range []string{"not a ticket!", "ftp://x/1"} {
		if ok(bad) {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestSourceLinks(t *testing.T) {
	if !rulesFor(Draft, config.Default()).links {
		t.Skip("the format has no links yet")
	}
	fm, body, _ := convert(t, Draft, "s", "# T\n\nInternal post-mortem: <https://github.com/acme/incidents/pull/58>\n\n## Timeline\n\n- 2024-01-10 10:00 Start\n")
	if l, _ := fm["links"].([]any); len(l) != 1 || l[0] != "https://github.com/acme/incidents/pull/58" {
		t.Errorf("links = %v", fm["links"])
	}
	if !strings.Contains(body, "Internal post-mortem: <https://github.com/acme/incidents/pull/58>") {
		t.Errorf("the line left the body:\n%s", body)
	}
}

// Odd files never stop an import, and whatever is written passes check.
func TestOddInputs(t *testing.T) {
	inputs := map[string]string{
		"empty":            "",
		"front-only":       "---\ntitle: x\ndate: 2024-01-02 10:00\n---\n",
		"unterminated":     "---\ntitle: x\n\n# Heading 2024-01-02 10:00\n",
		"crlf":             "# Outage\r\n\r\n## Timeline\r\n\r\n- 2024-01-02 10:00 Start\r\n- 10:30 End\r\n",
		"not-yaml":         "---\n: : :\n---\n# T 2024-01-02 10:00\n",
		"front-list":       "---\n- a\n- b\n---\n# T 2024-01-02 10:00\n",
		"nul":              "# T\x00\n2024-01-02 10:00 x\n",
		"windows-1252":     "# Caf\xe9 outage \x93quoted\x94\n\n## Timeline\n\n- 2024-01-02 10:00 Start\n",
		"dst-gap":          "# T\n\nAll times in CET.\n\n## Timeline\n\n- 2024-03-31 02:30 Start\n- 2024-03-31 04:00 End\n",
		"code-only":        "# T\n\n```\n2024-01-02 10:00 not an entry\n```\n",
		"table-no-time":    "# T 2024-01-02 10:00\n\n## Timeline\n\n| a | b |\n|---|---|\n| c | d |\n",
		"heading-only":     "#\n##\n###### 2024-01-02 10:00\n",
		"huge-heading-run": strings.Repeat("# 2024-01-02 10:00 x\n", 200),
	}
	for name, md := range inputs {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, name+".md"), []byte(md), 0o644); err != nil {
				t.Fatal(err)
			}
			site := filepath.Join(dir, "site")
			if _, err := Run([]string{filepath.Join(dir, name+".md")}, site, options(Draft), false); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(site); err == nil {
				checkClean(t, site)
			}
		})
	}
}

func TestActionDueAndPriority(t *testing.T) {
	c := newConv(Input{Path: "a.md", Name: "a", Data: []byte("# T\n\nStarted 2024-01-10 10:00.\n\n## Action items\n\n| Task | Priority | Due |\n|---|---|---|\n| Add an alert | P1 | 2024-06-30 |\n| Drill | P2 | 2024-13-45 |\n\n- Write the runbook, due 2024-07-15\n")}, options(Draft))
	c.read()
	if len(c.actions) != 3 || c.actions[0].priority != "P1" || c.actions[0].due != "2024-06-30" || c.actions[1].due != "" || c.actions[2].due != "2024-07-15" {
		t.Errorf("actions: %+v", c.actions)
	}
}

func TestTOMLFrontMatter(t *testing.T) {
	md := "+++\ntitle = \"Queue outage\"\ndate = 2023-05-09T10:00:00Z\ntags = [\"queue\", \"kafka\"]\ndraft = false\n+++\n\nThe queue stopped.\n"
	fm, body, rep := convert(t, Draft, "q", md)
	if fm == nil {
		t.Fatalf("not written: %+v", rep)
	}
	if fm["title"] != "Queue outage" || fm["started"] != "2023-05-09 10:00" {
		t.Errorf("title %v, started %v", fm["title"], fm["started"])
	}
	if tags := fm["tags"].([]any); len(tags) != 2 || tags[1] != "kafka" {
		t.Errorf("tags = %v", tags)
	}
	if !strings.Contains(body, "The queue stopped.") || !strings.Contains(body, "draft: \"false\"") {
		t.Errorf("body:\n%s", body)
	}
}

// A record of another archive: no title, a start and an end in the front
// matter, a url, a uuid, a company and categories.
func TestArchiveRecord(t *testing.T) {
	md := "---\nuuid: 0b9c79f2-c9f6-4b88-a5b7-400973716d9a\nurl: https://example.org/report.pdf\nstart_time: 2012-07-30T02:33:00Z\nend_time: 2012-07-31T16:00:00Z\ncategories:\n- cascading-failure\ncompany: Example Grid\nproduct: \"\"\n---\n\nA *typo* in a [relay setting](https://example.org/x) tripped the grid. Power came back the next day.\n"
	fm, body, rep := convert(t, Draft, "0b9c79f2-c9f6-4b88-a5b7-400973716d9a", md)
	if fm == nil {
		t.Fatalf("not written: %+v", rep)
	}
	if fm["title"] != "A typo in a relay setting tripped the grid." {
		t.Errorf("title = %q", fm["title"])
	}
	if fm["started"] != "2012-07-30 02:33" || fm["resolved"] != "2012-07-31 16:00" {
		t.Errorf("started %v, resolved %v", fm["started"], fm["resolved"])
	}
	if tags := fm["tags"].([]any); len(tags) != 2 || tags[0] != "cascading-failure" || tags[1] != "Example Grid" {
		t.Errorf("tags = %v", tags)
	}
	if !strings.Contains(body, "A *typo* in a [relay setting](https://example.org/x) tripped the grid.") {
		t.Errorf("body:\n%s", body)
	}
	if !strings.Contains(body, "product: \"\"") {
		t.Errorf("the empty product is not kept:\n%s", body)
	}
}

func TestMeaningfulName(t *testing.T) {
	for name, want := range map[string]bool{"2024-02-28-decide is down": true, "0b9c79f2-c9f6-4b88-a5b7-400973716d9a": false, "00724a47066bd25a": false, "2024-02-28": false, "incident-42": true} {
		if got := meaningfulName(name); got != want {
			t.Errorf("meaningfulName(%q) = %v", name, got)
		}
	}
}

func TestWindows1252(t *testing.T) {
	fm, _, rep := convert(t, Draft, "w", "# Caf\xe9 outage \x93quoted\x94 \xe2\x80\x94 mixed\n\n## Timeline\n\n- 2024-01-02 10:00 Start\n")
	if fm["title"] != "Café outage “quoted” — mixed" || !hasNote(rep, "read as Windows-1252") {
		t.Errorf("title %q, report %+v", fm["title"], rep)
	}
}

// Every word of a write-up is in what the import wrote (front matter, body,
// the commented recommendations), but for the words a time was written with
// ("Jan 14, 10:18 AM PST" is an at: and a timezone:), the headers of a
// table the timeline took in full, the labels of lines that became fields
// ("Summary:") and the templates' own words.
func TestEveryWordKept(t *testing.T) {
	allowed := map[string]bool{}
	for _, w := range strings.Fields(`am pm a m p utc gmt z pst pdt est edt cet cest ist st nd rd th
		jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov november dec december
		mon monday tue tuesday wed wednesday thu thursday fri friday sat saturday sun sunday
		time times date dates event events and in all are is timeline timestamp summary impact authors author tl dr tldr t x
		eastern pacific central mountain standard daylight
		assets categories company keywords product url uuid`) {
		allowed[w] = true
	}
	// The headings of sections whose text became a field name the field.
	for _, k := range sectionKinds {
		if k.kind == "summary" || k.kind == "impact" || k.kind == "timeline" {
			for _, n := range k.names {
				for _, w := range strings.FieldsFunc(n, func(r rune) bool { return !unicode.IsLetter(r) }) {
					allowed[w] = true
				}
			}
		}
	}
	words := func(s string) map[string]bool {
		out := map[string]bool{}
		for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
			out[w] = true
		}
		return out
	}
	for _, status := range []string{Draft, Legacy} {
		_, sum, _ := importAll(t, status, "testdata/corpus/PostHog-post-mortems", "testdata/corpus/dfds-postmortems", "testdata/styles")
		for _, f := range sum.Files {
			if !f.Written {
				continue
			}
			in := words(string(mustRead(t, f.Source)))
			out := words(string(mustRead(t, f.Output)))
			var lost []string
			for w := range in {
				if !out[w] && !allowed[w] {
					lost = append(lost, w)
				}
			}
			if len(lost) > 0 {
				slices.Sort(lost)
				t.Errorf("%s (%s): words lost: %v", f.Source, status, lost)
			}
		}
	}
}

// A document exported from a word processor: no headings, bold lines for
// sections.
func TestBoldHeadings(t *testing.T) {
	md := "**Payment API errors**\n\n**Date:** 2024-04-02\n\n**Summary**\n\nPayments failed for 12 minutes.\n\n**Timeline (UTC)**\n\n- 10:02 Deploy\n- 10:14 Rollback\n\n**Action Items**\n\n- [ ] Add a canary (PAY-9)\n"
	fm, body, rep := convert(t, Draft, "payments", md)
	if fm == nil {
		t.Fatalf("not written: %+v", rep)
	}
	if fm["summary"] != "Payments failed for 12 minutes." || fm["timezone"] != "UTC" {
		t.Errorf("summary %q, timezone %q", fm["summary"], fm["timezone"])
	}
	wantTimeline(t, fm, tl{"2024-04-02 10:02", "Deploy"}, tl{"2024-04-02 10:14", "Rollback"})
	if !strings.Contains(body, "## Action Items\n\n- [ ] Add a canary (PAY-9)") || !strings.Contains(body, "**Payment API errors**") {
		t.Errorf("body:\n%s", body)
	}
}

// TestDayRangeKeepsYear: in "October 29-30, 2025" the year belongs to the
// first day too; reading "October 29" alone lost it.
func TestDayRangeKeepsYear(t *testing.T) {
	for _, s := range []string{"October 29-30, 2025 - CPU-bound latency", "29–30 October 2025", "Oct 29th-30th, 2025"} {
		st, _, ok := readDate(s)
		if !ok || !st.hasYear || st.year != 2025 || st.month != time.October || st.day != 29 {
			t.Errorf("readDate(%q) = %+v, %v; want 2025-10-29", s, st, ok)
		}
	}
}
