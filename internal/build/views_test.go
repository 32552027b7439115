package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"retro/internal/archive"
	"retro/internal/retro"
	"retro/internal/webcheck"
)

// buildSample builds the repository's own archive (content/ at ../..) with
// the test clock, as the views' goldens and assertions expect it.
func buildSample(t *testing.T, drafts bool) (string, *archive.Archive) {
	t.Helper()
	a, fs, err := Load(Options{Source: "../..", Drafts: drafts, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if fs.Errors(false) > 0 {
		t.Fatalf("the sample archive has errors:\n%s", findingsText(fs))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(a, out); err != nil {
		t.Fatal(err)
	}
	return out, a
}

// viewPage reads the page at a site path such as "problems/" ("" is home).
func viewPage(t *testing.T, out, rel string) string {
	t.Helper()
	return read(t, filepath.Join(out, filepath.FromSlash(rel), "index.html"))
}

// viewSection is the <section> whose heading has the id headingID, or fails.
func viewSection(t *testing.T, html, headingID string) string {
	t.Helper()
	start := strings.Index(html, `aria-labelledby="`+headingID+`"`)
	if start < 0 {
		t.Fatalf("no section labelled by #%s", headingID)
	}
	end := strings.Index(html[start:], "</section>")
	if end < 0 {
		t.Fatalf("section #%s does not end", headingID)
	}
	return html[start : start+end]
}

var (
	hrefRE      = regexp.MustCompile(`href="([^"]*)"`)
	cardRE      = regexp.MustCompile(`<a class="retro-link" href="/retros/([^/"]+)/">`)
	recRowRE    = regexp.MustCompile(`<th scope="row"><a class="item-id" href="/retros/([^/"]+)/#rec-([^"]+)">`)
	svgRE       = regexp.MustCompile(`<svg [^>]*>`)
	labelledRE  = regexp.MustCompile(`aria-labelledby="([^"]+)"`)
	statusRowRE = regexp.MustCompile(`<tr class="status-row-([a-z-]+)">`)
)

// retroCards are the ids of the retrospectives a retro-list shows, in order.
func retroCards(html string) []string {
	var ids []string
	for _, m := range cardRE.FindAllStringSubmatch(html, -1) {
		ids = append(ids, m[1])
	}
	return ids
}

// recRows are the recommendations ("<retro>#<id>") a rec-table shows.
func recRows(html string) []string {
	var out []string
	for _, m := range recRowRE.FindAllStringSubmatch(html, -1) {
		out = append(out, m[1]+"#"+m[2])
	}
	return out
}

func recKeys(recs []*retro.Recommendation) []string {
	out := make([]string, len(recs))
	for i, rec := range recs {
		out[i] = rec.Retro.ID + "#" + rec.ID
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// viewGoldens are the pages of the views compared whole with
// testdata/golden/views/<name>.html; go test -run Golden -update rewrites them.
var viewGoldens = []string{
	"",
	"problems/",
	"problems/monitoring-alerting/",
	"recommendations/",
	"recommendations/status/in-progress/",
	"recommendations/tracking/ops-42/",
	"tickets/pay-402/",
	"services/",
	"services/checkout-api/",
	"teams/payments/",
	"tags/kafka/",
	"severity/sev1/",
	"quarters/",
	"quarters/2026-q1/",
	"404.html",
}

func TestGoldenViews(t *testing.T) {
	out, _ := buildSample(t, false)
	for _, rel := range viewGoldens {
		name := strings.ReplaceAll(strings.Trim(strings.TrimSuffix(rel, ".html"), "/"), "/", "-")
		if name == "" {
			name = "home"
		}
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(out, filepath.FromSlash(rel))
			if !strings.HasSuffix(rel, ".html") {
				file = filepath.Join(file, "index.html")
			}
			got := read(t, file)
			checkGolden(t, filepath.Join("testdata", "golden", "views", name+".html"), got)
		})
	}
}

// TestViewPagesExist checks that every view has its pages: one per category,
// ticket, tracking ticket, taxonomy term and quarter, and the filters.
func TestViewPagesExist(t *testing.T) {
	out, a := buildSample(t, false)
	v := a.Views
	want := []string{"problems/", "recommendations/", "recommendations/overdue/", "recommendations/tracking/",
		"tickets/", "quarters/", "services/", "teams/", "tags/", "severity/"}
	for _, s := range retro.RecommendationStatuses {
		want = append(want, "recommendations/status/"+s+"/")
	}
	for _, cv := range v.Categories {
		want = append(want, "problems/"+cv.Key+"/")
	}
	for _, tv := range v.Tracking {
		want = append(want, "recommendations/tracking/"+tv.Slug+"/")
	}
	for _, tk := range v.Tickets {
		want = append(want, "tickets/"+tk.Slug+"/")
	}
	for _, tx := range v.Taxonomies {
		for _, term := range tx.Terms {
			want = append(want, tx.Kind+"/"+term.Slug+"/")
		}
	}
	for _, q := range v.Quarters {
		want = append(want, "quarters/"+q.Key+"/")
	}
	for _, team := range []string{"payments", "checkout", "warehouse"} {
		want = append(want, "recommendations/teams/"+team+"/")
	}
	for _, rel := range want {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel), "index.html")); err != nil {
			t.Errorf("no page /%s", rel)
		}
	}
	if len(v.Tickets) < 40 || len(v.Tracking) != 2 {
		t.Errorf("the sample has %d tickets and %d tracking tickets", len(v.Tickets), len(v.Tracking))
	}
	// The navigation leads to the views; the 404 page too.
	home := viewPage(t, out, "")
	nav := home[strings.Index(home, `<nav aria-label="Site">`):strings.Index(home, "</nav>")]
	for _, href := range []string{`href="/retros/"`, `href="/problems/"`, `href="/recommendations/"`, `href="/quarters/"`} {
		if !strings.Contains(nav, href) {
			t.Errorf("the site navigation lacks %s", href)
		}
	}
	notFound := read(t, filepath.Join(out, "404.html"))
	for _, href := range []string{`href="/problems/"`, `href="/recommendations/"`, `href="/quarters/"`, `href="/services/"`, `href="/severity/"`} {
		if !strings.Contains(notFound, href) {
			t.Errorf("the 404 page lacks %s", href)
		}
	}
	// A page below a view marks its section in the navigation.
	if p := viewPage(t, out, "problems/monitoring-alerting/"); !strings.Contains(p, `<a href="/problems/" aria-current="true">Problems</a>`) {
		t.Error("a category page does not mark Problems as its section")
	}
}

// TestRecurrenceAfterDone follows the sample's monitoring-alerting
// recurrence: the webhook backlog's count-not-age problem came back after
// the stale search index's R1 (a freshness objective) was done.
func TestRecurrenceAfterDone(t *testing.T) {
	out, _ := buildSample(t, false)
	const problem = `href="/retros/2026-01-payments-webhook-backlog/#problem-count-not-age"`
	const after = `href="/retros/2025-02-search-index-stale/#rec-R1"`

	cat := viewPage(t, out, "problems/monitoring-alerting/")
	rec := viewSection(t, cat, "recurred-h")
	var item string
	for _, li := range strings.Split(rec, `<li class="item">`) {
		if strings.Contains(li, problem) {
			item = li
		}
	}
	if item == "" {
		t.Fatalf("the category's recurrences do not list count-not-age:\n%s", rec)
	}
	for _, w := range []string{after, `was done (<time datetime="2025-04-10">2025-04-10</time>): same tracking ticket PLAT-210.`, `Recurred after done`} {
		if !strings.Contains(item, w) {
			t.Errorf("the recurrence of count-not-age lacks %s:\n%s", w, item)
		}
	}
	// The certificate expiry came back on payments-gateway after the
	// webhook backlog's R1; the mobile crash shares nothing with the
	// earlier search freshness fix but the category.
	if n := strings.Count(rec, `<li class="item">`); n != 2 {
		t.Errorf("monitoring-alerting lists %d recurrences, want 2", n)
	}
	if strings.Contains(rec, `class="item-id" href="/retros/2025-05-mobile-release-crash/#problem-launch-crash-blindspot"`) {
		t.Error("a problem that shares only its category with a done recommendation is listed as a recurrence")
	}
	// Problems filed before any done recommendation did not recur.
	if strings.Contains(rec, `class="item-id" href="/retros/2025-02-search-index-stale/#problem-no-freshness-slo"`) ||
		strings.Contains(rec, `class="item-id" href="/retros/2025-03-checkout-failover/#problem-alert-noise"`) {
		t.Error("a problem before any done recommendation is listed as a recurrence")
	}

	// The index counts it, and lists it among every recurrence.
	idx := viewPage(t, out, "problems/")
	if !strings.Contains(viewSection(t, idx, "recurred-h"), problem) {
		t.Error("/problems/ does not list the recurrence")
	}
	row := regexp.MustCompile(`<th scope="row"><a href="/problems/monitoring-alerting/">Monitoring and alerting</a></th>\s*<td class="num">5</td>\s*<td class="num">5</td>\s*<td class="num"><span class="recurred-count">2</span></td>`)
	if !row.MatchString(idx) {
		t.Error("/problems/ does not count monitoring-alerting as 5 problems in 5 retrospectives, 2 recurred")
	}

	// The incident page marks the problem and links the done recommendation.
	inc := viewPage(t, out, "retros/2026-01-payments-webhook-backlog/")
	li := inc[strings.Index(inc, `<li id="problem-count-not-age"`):]
	li = li[:strings.Index(li, "</li>")]
	if !strings.Contains(li, "Recurred after done") || !strings.Contains(li, after) {
		t.Errorf("the incident page does not mark count-not-age as recurred after done:\n%s", li)
	}
	if !strings.Contains(li, `href="/problems/monitoring-alerting/"`) {
		t.Error("the incident page does not link the problem's category")
	}
	// The earliest monitoring-alerting problem did not recur.
	first := viewPage(t, out, "retros/2025-02-search-index-stale/")
	li = first[strings.Index(first, `<li id="problem-no-freshness-slo"`):]
	li = li[:strings.Index(li, "</li>")]
	if strings.Contains(li, "Recurred after done") {
		t.Error("the first monitoring-alerting problem is marked as recurred")
	}

	// The home page ranks the categories that recurred in the last four
	// quarters (2026 Q1 to Q4 on 2026-11-24): monitoring-alerting twice.
	home := viewSection(t, viewPage(t, out, ""), "recurring-h")
	if !strings.Contains(home, `<tbody><tr><th scope="row"><a href="/problems/monitoring-alerting/">Monitoring and alerting</a></th><td class="num">2</td>`) ||
		!strings.Contains(home, "since the start of 2026 Q1") {
		t.Errorf("the home page does not lead its recurring problems with monitoring-alerting (2) since 2026 Q1:\n%s", home)
	}
}

func TestTrackingAndTickets(t *testing.T) {
	out, a := buildSample(t, false)
	ops := viewPage(t, out, "recommendations/tracking/ops-42/")
	cards := retroCards(viewSection(t, ops, "retros-h"))
	want := []string{"2026-04-checkout-cert-expiry", "2025-09-session-cache-stampede", "2025-06-warehouse-wave-planning", "2025-03-checkout-failover"}
	if !slices.Equal(cards, want) {
		t.Errorf("OPS-42 lists retrospectives %v, want %v (newest first)", cards, want)
	}
	tv := a.Views.TrackingOf("OPS-42")
	if rows := recRows(viewSection(t, ops, "recs-h")); !sameSet(rows, recKeys(tv.Recs)) || len(rows) != 4 {
		t.Errorf("OPS-42 lists recommendations %v, want %v", rows, recKeys(tv.Recs))
	}
	// Three done and one planned are in progress together, and the page
	// says how far they got; the tracker knows OPS-42, so its status leads.
	if tv.Status != retro.InProgress {
		t.Errorf("OPS-42's combined status is %s, want in-progress (3 done, 1 planned)", tv.Status)
	}
	if strings.Index(ops, `id="recs-h"`) > strings.Index(ops, `id="retros-h"`) {
		t.Error("the OPS-42 page does not lead with its recommendations")
	}
	for _, w := range []string{
		`<dt>Status in the tracker</dt>`,
		`<dt>Status of the recommendations</dt><dd><span class="status status-in-progress">In progress</span> <span class="when">1 planned · 3 done</span>`,
		`<a href="https://tracker.example.com/browse/OPS-42">in progress</a>`, // the tracker's own status
		`href="/tickets/ops-42/"`,
	} {
		if !strings.Contains(ops, w) {
			t.Errorf("the OPS-42 page lacks %s", w)
		}
	}

	// Reverse lookup: the ticket names the retrospective and the anchor.
	tk := viewPage(t, out, "tickets/pay-402/")
	for _, w := range []string{
		`href="/retros/2026-01-payments-webhook-backlog/#rec-R1"`,
		`<a href="https://tracker.example.com/browse/PAY-402">done</a>`,
		`href="/recommendations/tracking/plat-210/"`,
	} {
		if !strings.Contains(tk, w) {
			t.Errorf("the PAY-402 page lacks %s", w)
		}
	}
	// A tracking ticket's own ticket page says what it tracks.
	tk = viewPage(t, out, "tickets/ops-42/")
	if rows := recRows(viewSection(t, tk, "tracking-h")); len(rows) != 4 {
		t.Errorf("the OPS-42 ticket page lists %d tracked recommendations, want 4", len(rows))
	}

	// The incident page links its tickets both ways.
	inc := viewPage(t, out, "retros/2026-01-payments-webhook-backlog/")
	for _, w := range []string{
		`<a href="/tickets/pay-402/">PAY-402</a> · <a href="https://tracker.example.com/browse/PAY-402">in the tracker</a>: done`,
		`<a href="/recommendations/tracking/plat-210/">PLAT-210</a>`,
	} {
		if !strings.Contains(inc, w) {
			t.Errorf("the incident page lacks %s", w)
		}
	}

	// Drift: SRCH-90 is open in the tracker, its recommendation done here.
	recs := viewSection(t, viewPage(t, out, "recommendations/"), "drift-h")
	if rows := recRows(recs); !slices.Equal(rows, []string{"2025-02-search-index-stale#R3"}) {
		t.Errorf("tracker drift lists %v, want the stale index's R3", rows)
	}
	if !strings.Contains(recs, `<a href="https://tracker.example.com/browse/SRCH-90">open</a>`) {
		t.Error("tracker drift does not show the tracker's status")
	}
}

func TestTaxonomyPages(t *testing.T) {
	out, a := buildSample(t, false)
	var sev1 []string
	for _, r := range a.Retros {
		if r.Severity == "SEV1" {
			sev1 = append(sev1, r.ID)
		}
	}
	if len(sev1) != 3 {
		t.Fatalf("the sample has %d SEV1 incidents, want 3 (one of them legacy)", len(sev1))
	}
	p := viewPage(t, out, "severity/sev1/")
	if got := retroCards(viewSection(t, p, "retros-h")); !slices.Equal(got, sev1) {
		t.Errorf("/severity/sev1/ lists %v, want exactly the SEV1 incidents %v", got, sev1)
	}
	if !strings.Contains(p, "<h1>Severity SEV1</h1>") {
		t.Error("/severity/sev1/ has no heading naming it")
	}
	// Open recommendations of the term, overdue ones marked.
	open := viewSection(t, p, "open-h")
	for _, row := range statusRowRE.FindAllStringSubmatch(open, -1) {
		if row[1] != retro.Planned && row[1] != retro.InProgress {
			t.Errorf("/severity/sev1/ lists a %s recommendation as open", row[1])
		}
	}
	if !strings.Contains(open, `href="/retros/2026-04-checkout-cert-expiry/#rec-R3"`) || !strings.Contains(open, `<span class="overdue">Overdue</span>`) {
		t.Error("/severity/sev1/ does not list the cert expiry's overdue R3")
	}
	// The index pages list every term in their taxonomy's order.
	sev := viewPage(t, out, "severity/")
	last := -1
	for _, s := range []string{"sev1", "sev2", "sev3", "sev4"} {
		i := strings.Index(sev, `href="/severity/`+s+`/"`)
		if i < last {
			t.Errorf("/severity/ does not list %s in order", s)
		}
		last = i
	}
	// Incident pages link their terms.
	inc := viewPage(t, out, "retros/2026-04-checkout-cert-expiry/")
	for _, w := range []string{`<a class="severity severity-sev1" href="/severity/sev1/">SEV1</a>`,
		`<a href="/services/checkout-api/">checkout-api</a>`, `<a href="/teams/payments/">payments</a>`, `href="/tags/tls/"`} {
		if !strings.Contains(inc, w) {
			t.Errorf("the incident page lacks %s", w)
		}
	}
	// A term's categories mark the ones that recur within it.
	svc := viewPage(t, out, "services/checkout-api/")
	if got := len(retroCards(viewSection(t, svc, "retros-h"))); got != 6 {
		t.Errorf("/services/checkout-api/ lists %d retrospectives, want 6 (one of them legacy)", got)
	}
	if !strings.Contains(viewSection(t, svc, "categories-h"), `<a href="/problems/design-complexity/">Design complexity</a> <span class="tag">Recurring</span></th><td class="num" data-label="Retrospectives">3</td>`) {
		t.Error("/services/checkout-api/ does not mark design complexity (3 retrospectives) as recurring")
	}
}

func TestRecommendationPages(t *testing.T) {
	out, a := buildSample(t, false)
	overdue := recKeys(a.Overdue())
	if len(overdue) != 4 {
		t.Fatalf("the sample has %d overdue recommendations on %s, want 4", len(overdue), a.Today)
	}
	p := viewPage(t, out, "recommendations/overdue/")
	if got := recRows(p); !slices.Equal(got, overdue) {
		t.Errorf("/recommendations/overdue/ lists %v, want %v (earliest due first)", got, overdue)
	}
	if n := strings.Count(p, `<span class="overdue">Overdue</span>`); n != len(overdue) {
		t.Errorf("/recommendations/overdue/ marks %d rows overdue, want %d", n, len(overdue))
	}
	home := viewSection(t, viewPage(t, out, ""), "overdue-h")
	if got := recRows(home); !slices.Equal(got, overdue) {
		t.Errorf("the home page lists overdue %v, want %v", got, overdue)
	}

	all := a.Views.Recommendations
	idx := viewPage(t, out, "recommendations/")
	if got := recRows(viewSection(t, idx, "every-h")); !sameSet(got, recKeys(all)) {
		t.Errorf("/recommendations/ lists %d recommendations, want all %d", len(got), len(all))
	}
	for _, s := range retro.RecommendationStatuses {
		p := viewPage(t, out, "recommendations/status/"+s+"/")
		var want []*retro.Recommendation
		for _, rec := range all {
			if rec.Status == s {
				want = append(want, rec)
			}
		}
		if got := recRows(viewSection(t, p, "list-h")); !sameSet(got, recKeys(want)) {
			t.Errorf("/recommendations/status/%s/ lists %v, want %v", s, got, recKeys(want))
		}
		if !strings.Contains(p, `href="/recommendations/status/`+s+`/" aria-current="page"`) {
			t.Errorf("/recommendations/status/%s/ does not mark its filter as current", s)
		}
	}
	// Dropped recommendations say why.
	dropped := viewPage(t, out, "recommendations/status/dropped/")
	if n, rows := strings.Count(dropped, `<span class="reason"><strong>Dropped:</strong>`), len(recRows(dropped)); n != rows || n == 0 {
		t.Errorf("%d of %d dropped recommendations give their reason", n, rows)
	}
	// By team: a recommendation counts for every team of its retrospective.
	team := viewPage(t, out, "recommendations/teams/payments/")
	var want []*retro.Recommendation
	for _, rec := range all {
		if slices.Contains(rec.Retro.Teams, "payments") {
			want = append(want, rec)
		}
	}
	if got := recRows(team); !sameSet(got, recKeys(want)) {
		t.Errorf("/recommendations/teams/payments/ lists %v, want %v", got, recKeys(want))
	}
	// Counts by kind and by what they make better, each beside its chart.
	kinds := viewSection(t, idx, "kinds-h")
	for _, w := range []string{`<th scope="row">Software</th><td class="num">24</td>`, `<th scope="row">Detecting them</th><td class="num">12</td>`,
		`aria-labelledby="by-kind-title by-kind-desc"`, `aria-labelledby="by-better-title by-better-desc"`} {
		if !strings.Contains(kinds, w) {
			t.Errorf("/recommendations/ lacks %s", w)
		}
	}
}

func TestQuarterPages(t *testing.T) {
	out, a := buildSample(t, false)
	q := a.Views.Quarter("2025-q1")
	p := viewPage(t, out, "quarters/2025-q1/")
	// Every incident is a dot of the time chart, with its median and quartiles.
	times := viewSection(t, p, "times-h")
	chart := times[strings.Index(times, "<svg"):strings.Index(times, "</svg>")]
	want := len(q.Detect.Values) + len(q.Mitigate.Values) + len(q.Resolve.Values)
	if n := strings.Count(chart, `<circle class="dot"`); n != want || want != 9 {
		t.Errorf("the time chart has %d dots, want %d (9)", n, want)
	}
	// Three incidents are too few for a median: the dots only, and the
	// table gives the range.
	if n := strings.Count(chart, `class="median"`) + strings.Count(chart, `class="iqr"`); n != 0 {
		t.Errorf("the time chart of three incidents draws %d medians and bands, want none", n)
	}
	for _, w := range []string{"Time to detect, 3 incidents: 2 min, 43 min, 8 h 38 min.", `<th scope="row">Time to detect</th><td class="num">3</td><td class="num">2 min</td><td colspan="3" class="muted">too few for quartiles and a median</td><td class="num">8 h 38 min</td>`} {
		if !strings.Contains(times, w) {
			t.Errorf("the 2025 Q1 times lack %s", w)
		}
	}
	if strings.Contains(strings.ToLower(p), "mean") && !strings.Contains(p, "no mean is given") {
		t.Error("a quarter page shows a mean")
	}
	for _, w := range []string{
		`<span class="tile-label">Incidents</span> <span class="tile-value">3</span>`,
		`<th scope="row"><a href="/severity/sev1/">SEV1</a></th><td class="num">1</td>`,
		`<th scope="row">Lead time</th><td class="num">3</td>`,
		`<th scope="row">Dana Whitfield</th><td class="num">1</td><td class="num">0</td><td class="num">1</td>`,
	} {
		if !strings.Contains(p, w) {
			t.Errorf("the 2025 Q1 page lacks %s", w)
		}
	}
	// Overdue at the end of 2026 Q2, marked.
	p = viewPage(t, out, "quarters/2026-q2/")
	if got := recRows(p[strings.Index(p, `id="overdue-h"`):strings.Index(p, `id="done-h"`)]); !sameSet(got, recKeys(a.Views.Quarter("2026-q2").Overdue)) || len(got) != 3 {
		t.Errorf("2026 Q2 lists overdue %v", got)
	}
	// Drafts past due: a count without --drafts, titles with it.
	const draft = "Customers received up to six copies of each delivery notification"
	p = viewSection(t, viewPage(t, out, "quarters/2026-q3/"), "drafts-h")
	if !strings.Contains(p, "1 retrospective of this quarter is not final") || strings.Contains(p, draft) {
		t.Errorf("without --drafts, 2026 Q3 should count its draft past due and not name it:\n%s", p)
	}
	dout, _ := buildSample(t, true)
	if p := viewSection(t, viewPage(t, dout, "quarters/2026-q3/"), "drafts-h"); !strings.Contains(p, draft) {
		t.Errorf("with --drafts, 2026 Q3 does not name its draft past due:\n%s", p)
	}
	// The index links every quarter.
	idx := viewPage(t, out, "quarters/")
	for _, q := range a.Views.Quarters {
		if !strings.Contains(idx, `href="/quarters/`+q.Key+`/"`) {
			t.Errorf("/quarters/ does not link %s", q.Key)
		}
	}
}

// TestRelatedSection: every incident page lists its related retrospectives
// after the review and the other sections, with why each is related.
func TestRelatedSection(t *testing.T) {
	out, a := buildSample(t, false)
	for _, r := range a.Retros {
		p := viewPage(t, out, "retros/"+r.ID+"/")
		rel := a.Views.Related[r]
		if len(rel) == 0 {
			if strings.Contains(p, `id="related"`) {
				t.Errorf("%s: a related section with nothing in it", r.ID)
			}
			continue
		}
		i := strings.Index(p, `<section id="related"`)
		if i < 0 || i < strings.Index(p, `<section id="review"`) {
			t.Errorf("%s: no related section after the review", r.ID)
			continue
		}
		s := p[i : i+strings.Index(p[i:], "</section>")]
		if got := retroLinks(s); len(got) != len(rel) || len(got) > archive.MaxRelated {
			t.Errorf("%s: %d related links, want %d", r.ID, len(got), len(rel))
		}
		for _, x := range rel {
			if !strings.Contains(s, `href="/retros/`+x.Retro.ID+`/"`) || !strings.Contains(s, x.Reasons[0]) {
				t.Errorf("%s: the related %s is missing or gives no reason", r.ID, x.Retro.ID)
			}
		}
	}
	p := viewPage(t, out, "retros/2026-01-payments-webhook-backlog/")
	if !strings.Contains(p, "same tracking ticket PLAT-210") {
		t.Error("the webhook backlog does not give the shared tracking ticket as a reason")
	}
}

func retroLinks(html string) []string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(html, -1) {
		if strings.HasPrefix(m[1], "/retros/") {
			out = append(out, m[1])
		}
	}
	return out
}

// TestChartsAreNamed: every chart is an image named by a <title> and
// described by a <desc> that exist on its page, with ids unique there.
func TestChartsAreNamed(t *testing.T) {
	out, _ := buildSample(t, true)
	charts := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		html := read(t, p)
		for _, svg := range svgRE.FindAllString(html, -1) {
			charts++
			if !strings.Contains(svg, `role="img"`) {
				t.Errorf("%s: a chart without role=img: %s", p, svg)
			}
			m := labelledRE.FindStringSubmatch(svg)
			if m == nil {
				t.Errorf("%s: a chart without aria-labelledby: %s", p, svg)
				continue
			}
			ids := strings.Fields(m[1])
			if len(ids) != 2 || !strings.Contains(html, `<title id="`+ids[0]+`">`) || !strings.Contains(html, `<desc id="`+ids[1]+`">`) {
				t.Errorf("%s: a chart's name and description are not its <title> and <desc>: %s", p, svg)
			}
			for _, id := range ids {
				if n := strings.Count(html, `id="`+id+`"`); n != 1 {
					t.Errorf("%s: id %q appears %d times", p, id, n)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if charts < 40 {
		t.Errorf("only %d charts in the site", charts)
	}
}

// TestViewsDeterministic: two builds of one archive write the same pages,
// although pages are written in parallel and views are built from maps.
func TestViewsDeterministic(t *testing.T) {
	one, _ := buildSample(t, true)
	two, _ := buildSample(t, true)
	n := 0
	err := filepath.WalkDir(one, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(one, p)
		n++
		if read(t, p) != read(t, filepath.Join(two, rel)) {
			t.Errorf("%s differs between two builds", rel)
		}
		return nil
	})
	if err != nil || n < 100 {
		t.Fatalf("%d pages: %v", n, err)
	}
}

// TestViewsEscape: archive text reaches every view escaped. The test site's
// title holds <database>, and its pages carry it to tickets, taxonomies,
// categories, quarters and the home page.
func TestViewsEscape(t *testing.T) {
	out := buildFull(t, false)
	for _, rel := range []string{"", "tickets/pay-123/", "recommendations/tracking/ops-42/", "services/checkout-api/",
		"severity/sev2/", "problems/operational-readiness/", "quarters/2024-q1/", "recommendations/"} {
		p := read(t, filepath.Join(out, filepath.FromSlash(rel), "index.html"))
		if !strings.Contains(p, "Checkout &lt;database&gt; failover") {
			t.Errorf("/%s does not show the escaped title", rel)
		}
		if strings.Contains(p, "<database>") || strings.Contains(p, "<script>alert") {
			t.Errorf("/%s carries archive text unescaped", rel)
		}
	}
	// Both the ticket and the tracking ticket OPS-42, under the base path.
	tk := read(t, filepath.Join(out, "tickets/ops-42/index.html"))
	for _, w := range []string{`href="/sub/retros/2024-05-queue/#rec-R1"`, `href="/sub/retros/2024-03-checkout-failover/#rec-R1"`, `href="/sub/recommendations/tracking/ops-42/"`} {
		if !strings.Contains(tk, w) {
			t.Errorf("/tickets/ops-42/ lacks %s", w)
		}
	}
	// A URL ticket gets a page named from its host and path.
	if _, err := os.Stat(filepath.Join(out, "tickets/other-example-com-issues-77/index.html")); err != nil {
		t.Error("the URL ticket has no page")
	}
}

// TestViewsOfEmptyArchive: a site whose only retrospective is a draft
// still has every view, each saying there is nothing yet.
func TestViewsOfEmptyArchive(t *testing.T) {
	src := site(t, `-- content/retros/2026-11-draft.md --
---
title: A draft
status: draft
started: 2026-11-02 10:00
draft_due: 2026-11-09
---
`)
	out := buildSite(t, src, false)
	for _, rel := range []string{"", "problems/", "problems/monitoring-alerting/", "recommendations/", "recommendations/overdue/",
		"recommendations/status/done/", "recommendations/tracking/", "tickets/", "quarters/", "services/", "severity/"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(rel), "index.html")); err != nil {
			t.Errorf("no page /%s", rel)
		}
	}
	// The draft is past its draft_due: its quarter reports it, by count.
	p := viewSection(t, viewPage(t, out, "quarters/2026-q4/"), "drafts-h")
	if !strings.Contains(p, "1 retrospective of this quarter is not final") || strings.Contains(p, "A draft") {
		t.Errorf("the draft past due is not counted, or is named without --drafts:\n%s", p)
	}
}

// printOverflow lists what sticks out of the page's width: the page itself,
// and any chart, table or figure wider than the paper.
const printOverflow = `(() => {
	const w = document.documentElement.clientWidth, bad = [];
	if (document.documentElement.scrollWidth > w + 1) bad.push('the page is ' + document.documentElement.scrollWidth + ' px wide');
	for (const el of document.querySelectorAll('main svg, main table, main .chart-pair, main pre')) {
		const r = el.getBoundingClientRect();
		if (r.right > w + 1 || r.left < -1) {
			const name = el.querySelector('caption, title');
			bad.push(el.tagName.toLowerCase() + ' "' + (name ? name.textContent : el.className) + '" spans ' + Math.round(r.left) + '..' + Math.round(r.right));
		}
	}
	return bad;
})()`

// TestViewsPrint lays the quarterly pages out for print at the width of
// A4 and of US Letter inside the print margins, and finds nothing wider:
// the charts scale with their viewBox and the tables wrap.
func TestViewsPrint(t *testing.T) {
	out, _ := buildSample(t, false)
	base := webcheck.Serve(t, out)
	ctx := webcheck.Browser(t)
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	// 210 mm and 8.5 in at 96 px an inch, less the theme's 1.5 cm margins.
	for _, paper := range []struct {
		name  string
		width int64
	}{{"A4", 680}, {"Letter", 702}} {
		if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: paper.width, Height: 1000, DeviceScaleFactor: 1}); err != nil {
			t.Fatal(err)
		}
		for _, rel := range []string{"quarters/", "quarters/2025-q1/", "quarters/2026-q2/", "problems/", "problems/monitoring-alerting/",
			"recommendations/", "recommendations/tracking/ops-42/", "services/checkout-api/", "retros/2026-01-payments-webhook-backlog/", ""} {
			if _, err := chromedp.Run(ctx, chromedp.Navigate(base+"/"+rel)); err != nil {
				t.Fatal(err)
			}
			bad, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](printOverflow))
			if err != nil {
				t.Fatal(err)
			}
			for _, b := range bad {
				t.Errorf("%s, printed on %s: %s", "/"+rel, paper.name, b)
			}
		}
	}
}
