package search

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// evidenceDocs are retrospectives with items, written so that the query
// words fall in known items, plus synthetic ones.
func evidenceDocs() []Document {
	at := time.Date(2024, 3, 4, 10, 0, 0, 0, time.UTC)
	long := strings.Repeat("Nothing of note happened here for a while. ", 6)
	d := Document{
		ID: "2024-03-rate-limit", URL: "/retros/2024-03-rate-limit/", Title: "Checkout throttled by the payment provider",
		Summary: "Checkout calls were throttled.", Started: at, Year: 2024, Status: "final", Severity: "SEV2",
		Services: []string{"checkout-api"},
		Items: []Item{
			{"summary", "Summary", "Checkout calls were throttled."},
			{"timeline-1", "Timeline", "Error rate rises on checkout"},
			{"timeline-3", "Timeline", "The limit on the error rate is raised"},
			{"timeline-2", "Timeline", "Provider confirms our rate limit was lowered <script>alert(1)</script>"},
			{"problem-quota", "Systemic problems", "No one owned the provider's rate limit and quota settings."},
			{"rec-R1", "Recommendations", "Alert before the rate limit is reached"},
			{"what-went-well", "What went well", long + "The rate wombat dashboard showed the limit within minutes."},
			{"what-went-well", "What went well", "A second paragraph about the rate."},
		},
	}
	for _, it := range d.Items {
		switch {
		case strings.HasPrefix(it.Anchor, "timeline"):
			d.Timeline = append(d.Timeline, it.Text)
		case strings.HasPrefix(it.Anchor, "problem"):
			d.Analysis = append(d.Analysis, it.Text)
		case strings.HasPrefix(it.Anchor, "rec"):
			d.Recommendations = append(d.Recommendations, it.Text)
		case it.Anchor != "summary":
			d.Body += it.Text + "\n"
		}
	}
	return append(SyntheticDocuments(40, 9), d)
}

func TestMatches(t *testing.T) {
	x, _ := buildTest(t, evidenceDocs())
	res := mustSearch(t, x, `"rate limit" -zanzibar`)
	var hit *Hit
	for i := range res.Hits {
		if res.Hits[i].ID == "2024-03-rate-limit" {
			hit = &res.Hits[i]
		}
	}
	if hit == nil {
		t.Fatalf("the retrospective about the rate limit is not found: %v", ids(res))
	}
	var anchors []string
	for _, m := range hit.Matches {
		anchors = append(anchors, m.Anchor)
	}
	// Two terms beat one; then page order; three at most; an anchor once.
	if want := []string{"#timeline-2", "#problem-quota", "#rec-R1"}; !slices.Equal(anchors, want) {
		t.Fatalf("matches %v, want %v", anchors, want)
	}
	m := hit.Matches[0]
	if m.Section != "Timeline" {
		t.Errorf("section %q", m.Section)
	}
	if want := "Provider confirms our <mark>rate</mark> <mark>limit</mark> was lowered &lt;script&gt;alert(1)&lt;/script&gt;"; m.Fragment != want {
		t.Errorf("fragment\n got %s\nwant %s", m.Fragment, want)
	}
	if hit.Status != "final" || !slices.Equal(hit.Services, []string{"checkout-api"}) {
		t.Errorf("status %q, services %v", hit.Status, hit.Services)
	}

	// A long item is cut around its first match, with ellipses.
	res = mustSearch(t, x, "wombat")
	if len(res.Hits) == 0 || len(res.Hits[0].Matches) != 1 {
		t.Fatalf("wombat: %+v", res.Hits)
	}
	fr := res.Hits[0].Matches[0].Fragment
	if !strings.HasPrefix(fr, "…") || !strings.Contains(fr, "The rate <mark>wombat</mark> dashboard showed") || len(fr) > 300 {
		t.Errorf("long fragment %q", fr)
	}
	if res.Hits[0].Matches[0].Anchor != "#what-went-well" {
		t.Errorf("anchor %q", res.Hits[0].Matches[0].Anchor)
	}

	// A query with no text (a facet) matches no item; the JSON says so.
	res = mustSearch(t, x, "service:checkout-api")
	for _, h := range res.Hits {
		if len(h.Matches) != 0 {
			t.Errorf("%s: matches %v for a facet query", h.ID, h.Matches)
		}
	}
	var sb strings.Builder
	if err := WriteJSON(&sb, res); err != nil || !strings.Contains(sb.String(), `"matches": []`) {
		t.Errorf("JSON: %v\n%s", err, sb.String())
	}
}

// TestMatchesParity runs queries through `retro search`'s matches and the
// page's (fragment.js, over the browser index's texts) and requires the
// same items, sections and fragments for every hit.
func TestMatchesParity(t *testing.T) {
	node(t)
	x, dir := buildTest(t, evidenceDocs())
	queries := []string{"rate limit", `"rate limit" -zanzibar`, "queue consumer lag", "failover", "deploy rollback cache",
		"+checkout throttled", "title:provider rate", "service:checkout-api rate"}
	qf, of := filepath.Join(dir, "queries.json"), filepath.Join(dir, "out.json")
	b, _ := json.Marshal(queries)
	if err := os.WriteFile(qf, b, 0o644); err != nil {
		t.Fatal(err)
	}
	runNode(t, "rank.mjs", filepath.Join(dir, BrowserDir), qf, of, "10")
	var js []struct {
		IDs     []string
		Matches [][]struct{ Anchor, Section, Text string }
		Error   string
	}
	b, err := os.ReadFile(of)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &js); err != nil {
		t.Fatal(err)
	}
	compared := 0
	for i, q := range queries {
		if js[i].Error != "" {
			t.Fatalf("%q: %s", q, js[i].Error)
		}
		res := mustSearch(t, x, q)
		for _, h := range res.Hits {
			k := slices.Index(js[i].IDs, h.ID)
			if k < 0 {
				continue
			}
			var got, want []string
			for _, m := range js[i].Matches[k] {
				got = append(got, m.Anchor+" "+m.Section+": "+m.Text)
			}
			for _, m := range h.Matches {
				want = append(want, m.Anchor+" "+m.Section+": "+strings.NewReplacer("&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'", "&amp;", "&").Replace(m.Fragment))
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q, %s:\n  page  %q\n  retro %q", q, h.ID, got, want)
			}
			compared++
		}
	}
	if compared < 30 {
		t.Errorf("only %d hits compared", compared)
	}
}
