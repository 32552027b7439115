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
// text in the index just built, for its related retrospectives.
func addSimilar(a *archive.Archive, indexDir string) error {
	idx, err := search.Open(indexDir)
	if err != nil {
		return err
	}
	defer idx.Close()
	sim, err := idx.Similarity()
	if err != nil {
		return err
	}
	matches := make([][]archive.TextMatch, len(a.Retros))
	errs := make([]error, len(a.Retros))
	parallel(len(a.Retros), func(i int) {
		r := a.Retros[i]
		sims, err := sim.SimilarTo(r.ID, r.Title+" "+r.Summary.Text, archive.MaxRelated)
		errs[i] = err
		for _, s := range sims {
			matches[i] = append(matches[i], archive.TextMatch{ID: s.ID, Words: s.Words})
		}
	})
	for i, r := range a.Retros {
		if errs[i] != nil {
			return errs[i]
		}
		a.Views.AddSimilar(a, r, matches[i])
	}
	return nil
}
