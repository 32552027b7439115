package build

import (
	"fmt"
	"strings"

	"retro/internal/archive"
	"retro/internal/retro"
	"retro/internal/search"
)

// searchDocuments is what the index sees of each retrospective on the site.
func searchDocuments(a *archive.Archive) []search.Document {
	docs := make([]search.Document, 0, len(a.Retros))
	for _, r := range a.Retros {
		docs = append(docs, searchDocument(a, r))
	}
	return docs
}

func searchDocument(a *archive.Archive, r *retro.Retrospective) search.Document {
	d := search.Document{
		ID: r.ID, URL: a.RetroURL(r), Title: r.Title,
		Summary: r.Summary.Text, Impact: r.Impact.Text,
		Severity: r.Severity, Status: r.Status, Kind: r.Kind,
		Services: r.Services, Teams: r.Teams, Tags: r.Tags, Categories: r.Categories(),
		Started: r.Started.Time,
	}
	d.Year, _ = r.Quarter()
	for _, c := range d.Categories {
		if cat, ok := a.Site.Category(c); ok && cat.Title != "" && cat.Title != c {
			if d.Titles == nil {
				d.Titles = map[string]string{}
			}
			d.Titles[c] = cat.Title
		}
	}
	d.Items = searchItems(r)
	var body strings.Builder
	for _, s := range r.Sections {
		if s.Title != "" {
			body.WriteString(s.Title)
			body.WriteString("\n")
		}
		body.WriteString(s.Text)
		body.WriteString("\n")
	}
	if r.Review != nil {
		body.WriteString(r.Review.Notes.Text)
	}
	d.Body = body.String()
	for _, e := range r.Timeline {
		d.Timeline = append(d.Timeline, e.Event.Text)
	}
	an := &r.Analysis
	for _, m := range []retro.Markdown{an.System, an.Environment} {
		if m.Text != "" {
			d.Analysis = append(d.Analysis, m.Text)
		}
	}
	for _, c := range an.SafetyControls {
		d.Analysis = append(d.Analysis, join(c.Name.Text, c.Purpose.Text, c.Failure.Text))
	}
	for _, p := range an.SystemicProblems {
		d.Analysis = append(d.Analysis, p.Problem.Text)
	}
	for _, m := range an.MissingControls {
		d.Analysis = append(d.Analysis, m.Control.Text)
	}
	for _, rec := range r.Recommendations {
		d.Recommendations = append(d.Recommendations, rec.Title.Text)
	}
	return d
}

// searchItems are the texts of a retrospective by the anchors of its page,
// in page order: a hit's matches link to them. Body sections are split into
// their blocks (paragraphs, list items), so that a match shows the block
// that holds it.
func searchItems(r *retro.Retrospective) []search.Item {
	var items []search.Item
	add := func(anchor, section, text string) {
		if text = strings.TrimSpace(text); text != "" {
			items = append(items, search.Item{Anchor: anchor, Section: section, Text: text})
		}
	}
	add("summary", "Summary", r.Summary.Text)
	add("impact", "Impact", r.Impact.Text)
	for i, e := range r.Timeline {
		add(fmt.Sprintf("timeline-%d", i+1), "Timeline", e.Event.Text)
	}
	an := &r.Analysis
	add("analysis", "Analysis", an.System.Text)
	add("analysis", "Analysis", an.Environment.Text)
	anchor := func(it retro.AnalysisItem, section string) string {
		if it.ItemID() == "" {
			return section
		}
		return it.Anchor()
	}
	for _, c := range an.SafetyControls {
		add(anchor(c, "safety-controls"), "Safety controls", strings.TrimSuffix(c.Name.Text+": "+join(c.Purpose.Text, c.Failure.Text), ": "))
	}
	for _, p := range an.SystemicProblems {
		add(anchor(p, "systemic-problems"), "Systemic problems", p.Problem.Text)
	}
	for _, m := range an.MissingControls {
		add(anchor(m, "missing-controls"), "Missing safety controls", m.Control.Text)
	}
	for _, rec := range r.Recommendations {
		a := "recommendations"
		if rec.ID != "" {
			a = rec.Anchor()
		}
		add(a, "Recommendations", rec.Title.Text)
	}
	for _, s := range r.Sections {
		anchor, title := s.Anchor, s.Title
		if anchor == "" {
			// The text before the first heading shows, untitled, right
			// after the key facts.
			anchor, title = "key-facts", "Background"
		}
		for _, block := range strings.Split(s.Text, "\n") {
			add(anchor, title, block)
		}
	}
	if r.Review != nil {
		for _, block := range strings.Split(r.Review.Notes.Text, "\n") {
			add("review", "Review", block)
		}
	}
	return items
}

func join(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// addSimilar finds, for every retrospective on the site, those of similar
// text, for its related retrospectives. The text is what the index holds
// of it, so that similarity and search read the same words.
func addSimilar(a *archive.Archive) error {
	texts := make([]search.SimilarText, len(a.Retros))
	for i, r := range a.Retros {
		d := searchDocument(a, r)
		texts[i] = search.SimilarText{ID: r.ID, Title: d.Title, Text: similarText(d)}
	}
	sims, err := search.SimilarTexts(texts, archive.MaxRelated)
	if err != nil {
		return err
	}
	for i, r := range a.Retros {
		matches := make([]archive.TextMatch, len(sims[i]))
		for j, s := range sims[i] {
			matches[j] = archive.TextMatch{ID: s.ID, Score: s.Score, Words: s.Words}
		}
		a.Views.AddSimilar(a, r, matches)
	}
	return nil
}

// similarText is every text of a document but its title, one part a
// paragraph so that no phrase runs from one into the next.
func similarText(d search.Document) string {
	parts := []string{d.Summary, d.Impact}
	parts = append(parts, d.Analysis...)
	parts = append(parts, d.Recommendations...)
	parts = append(parts, d.Timeline...)
	parts = append(parts, d.Body)
	return strings.Join(parts, "\n\n")
}
