package build

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"retro/internal/search"
)

// legacyArchive is a site of write-ups from before the format: bare dates,
// no timeline, no review, prose that quotes "root cause".
const legacyArchive = `-- content/retros/2019-06-search-outage.md --
---
title: Search outage, June 2019
status: legacy
started: 2019-06-04
resolved: 2019-06-05
severity: SEV2
services: [search-api]
tags: [elasticsearch]
links:
  - https://wiki.example.com/postmortems/2019-06-search
---
## What happened
The root cause was a full disk on the zanzibar cluster; human error was blamed at the time.

## Follow-ups
- Alert on disk usage.
-- content/retros/2019-05-login-errors.md --
---
title: Login errors after the May release
status: legacy
started: 2019-05-20
services: [auth]
analysis:
  systemic_problems:
    - id: no-canary
      problem: Releases went to every user at once.
      category: change-management
---
Logins failed for some users for most of a day.
-- content/retros/2024-03-cache.md --
---
title: Cache stampede
status: final
started: 2024-03-14 09:12
detected: 2024-03-14 09:19
resolved: 2024-03-14 10:00
summary: The cache emptied and every request went to the database.
timeline:
  - at: 2024-03-14 09:12
    event: Alert fires.
analysis:
  systemic_problems:
    - id: no-jitter
      problem: Every key expired at once.
      category: design-complexity
recommendations:
  - id: R1
    title: Add jitter
    addresses: [no-jitter]
    ticket: OPS-1
    status: planned
    done_when: Expiries are spread over ten minutes.
review:
  finalized: 2024-03-20
---
`

func TestLegacyArchive(t *testing.T) {
	src := site(t, legacyArchive)
	a, fs, err := Load(Options{Source: src, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 0 {
		t.Fatalf("legacy write-ups are checked against the template:\n%s", findingsText(fs))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(a, out); err != nil {
		t.Fatal(err)
	}
	const mark = "written before the current template; not checked against it"
	for _, id := range []string{"2019-06-search-outage", "2019-05-login-errors"} {
		page := read(t, filepath.Join(out, "retros", id, "index.html"))
		if !strings.Contains(page, mark) {
			t.Errorf("%s does not show the legacy mark", id)
		}
		for _, invented := range []string{"Not written yet", "No timeline yet", "Not reviewed yet", "No summary yet", "Time to resolve", "00:00"} {
			if strings.Contains(page, invented) {
				t.Errorf("%s shows %q", id, invented)
			}
		}
	}
	outage := read(t, filepath.Join(out, "retros", "2019-06-search-outage", "index.html"))
	for _, want := range []string{`<time datetime="2019-06-04">2019-06-04</time>`, `<a href="https://wiki.example.com/postmortems/2019-06-search">`, `id="what-happened"`} {
		if !strings.Contains(outage, want) {
			t.Errorf("the legacy page lacks %s", want)
		}
	}
	if final := read(t, filepath.Join(out, "retros", "2024-03-cache", "index.html")); strings.Contains(final, mark) {
		t.Error("a final retrospective shows the legacy mark")
	}

	// Quarters count them, without durations or lead times.
	q := a.Views.Quarter("2019-q2")
	if q == nil || len(q.Retros) != 2 {
		t.Fatalf("2019 Q2 does not count both legacy write-ups: %v", q)
	}
	if n := len(q.Resolve.Values) + len(q.Detect.Values) + len(q.LeadTime.Values); n != 0 {
		t.Errorf("bare dates gave %d durations", n)
	}
	qp := read(t, filepath.Join(out, "quarters", "2019-q2", "index.html"))
	for _, title := range []string{"Search outage, June 2019", "Login errors after the May release"} {
		if !strings.Contains(qp, title) {
			t.Errorf("the quarter page does not list %s", title)
		}
	}
	if q := a.Views.Quarter("2024-q1"); q == nil || len(q.Resolve.Values) != 1 {
		t.Error("the final retrospective lost its duration")
	}

	// Taxonomies, problems, feed, exports and search have them.
	for _, p := range []string{"services/search-api/index.html", "tags/elasticsearch/index.html", "problems/change-management/index.html"} {
		if !strings.Contains(read(t, filepath.Join(out, filepath.FromSlash(p))), "/retros/2019-") {
			t.Errorf("%s does not list the legacy write-up", p)
		}
	}
	feed := read(t, filepath.Join(out, "feed.xml"))
	if !strings.Contains(feed, "Search outage, June 2019") || !strings.Contains(feed, "<updated>2019-06-04T00:00:00Z</updated>") {
		t.Error("the feed does not carry the legacy write-up, dated by its start")
	}
	api := read(t, filepath.Join(out, "api", "retros.json"))
	if !strings.Contains(api, `"started":"2019-06-04"`) && !strings.Contains(api, `"started": "2019-06-04"`) {
		t.Errorf("retros.json does not give the bare date as a date")
	}
	idx, err := search.Open(filepath.Join(out, filepath.FromSlash(search.IndexDir)))
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	res, err := idx.Search("zanzibar", 10)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	if !slices.Contains(ids, "2019-06-search-outage") {
		t.Errorf("search for a word of a legacy body found %v", ids)
	}
}
