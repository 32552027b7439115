package archive

import (
	"strings"
	"testing"
	"unicode/utf8"

	"retro/internal/config"
	"retro/internal/retro"
)

func TestSlug(t *testing.T) {
	long := strings.Repeat("s", 300)
	for _, c := range []struct{ in, want string }{
		{"checkout-api", "checkout-api"},
		{"Checkout API", "checkout-api"},
		{"Google+", "google"},
		{"PAY-123", "pay-123"},
		{"acme/payments#123", "acme-payments-123"},
		{"https://tracker.example.com/browse/PAY-9?x=1", "tracker-example-com-browse-pay-9"},
		{"  --weird__name--  ", "weird-name"},
		{"Zürich café", "zürich-café"},
		{"!!!", "-"},
		{"", "-"},
		{long, strings.Repeat("s", 91) + "-" + "366cc541"},
	} {
		if got := Slug(c.in); got != c.want {
			t.Errorf("Slug(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// However long the name, the slug fits a file name, stays UTF-8, and two
	// long names that differ only at the end stay apart.
	for _, in := range []string{strings.Repeat("é", 400), strings.Repeat("a-", 300), "https://x.example/" + long} {
		s := Slug(in)
		if len(s) > 100 || !utf8.ValidString(s) {
			t.Errorf("Slug of %d bytes = %q (%d bytes)", len(in), s, len(s))
		}
	}
	if Slug(long+"a") == Slug(long+"b") {
		t.Error("two long names share a slug")
	}
}

func TestResolve(t *testing.T) {
	day, _ := retro.ParseDate("2024-05-01")
	pub := &retro.Retrospective{ID: "pub", Path: "content/retros/pub.md", Status: "final"}
	draft := &retro.Retrospective{ID: "draft", Path: "content/retros/draft.md", Status: "draft"}
	a := New(config.Default(), []*retro.Retrospective{pub, draft}, false, day)
	a.SetAnchors(pub, map[string]bool{"rec-R1": true, "timeline-1": true})
	a.SetAnchors(draft, map[string]bool{"rec-R1": true})
	for _, c := range []struct{ id, anchor, url, err string }{
		{"pub", "", "/retros/pub/", ""},
		{"pub", "rec-R1", "/retros/pub/#rec-R1", ""},
		{"pub", "rec-R9", "", `pub has no anchor "rec-R9"`},
		{"draft", "rec-R1", "", ""}, // exists, not on this site: text stays, no link
		{"draft", "nope", "", `draft has no anchor "nope"`},
		{"pubb", "", "", `retro:pubb links to no retrospective (did you mean "pub"?)`},
	} {
		url, err := a.Resolve(c.id, c.anchor)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if url != c.url || !strings.Contains(got, c.err) || (c.err == "") != (err == nil) {
			t.Errorf("Resolve(%q, %q) = %q, %v; want %q, %q", c.id, c.anchor, url, err, c.url, c.err)
		}
	}
}
