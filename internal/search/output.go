package search

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strings"
)

// The only markup in a fragment: bleve's html highlighter escapes the
// archive's text and wraps matched terms in these.
const (
	markOpen  = "<mark>"
	markClose = "</mark>"
)

// Piece is a run of fragment text, marked when it matched the query.
type Piece struct {
	Text string
	Mark bool
}

// Pieces splits a fragment (escaped text with <mark> elements) into plain
// text pieces. Since the text is escaped, "<" only ever starts a mark.
func Pieces(fragment string) []Piece {
	var out []Piece
	for fragment != "" {
		i := strings.Index(fragment, markOpen)
		if i < 0 {
			out = append(out, Piece{Text: html.UnescapeString(fragment)})
			break
		}
		if i > 0 {
			out = append(out, Piece{Text: html.UnescapeString(fragment[:i])})
		}
		fragment = fragment[i+len(markOpen):]
		j := strings.Index(fragment, markClose)
		if j < 0 {
			j = len(fragment)
		}
		out = append(out, Piece{Text: html.UnescapeString(fragment[:j]), Mark: true})
		fragment = strings.TrimPrefix(fragment[j:], markClose)
	}
	return out
}

// BestFragment is the fragment a one-line result shows: the first field,
// in the order title, summary, impact, timeline, recommendations, analysis,
// body, that has one.
func (h *Hit) BestFragment() (field, fragment string) {
	for _, f := range textFields {
		if fr := h.Fragments[f]; len(fr) > 0 {
			return f, fr[0]
		}
	}
	return "", ""
}

// WriteJSON writes results as {"total": N, "hits": [{"id", "url", "title",
// "score", "matches": [{"anchor", "section", "fragment"}], "fragments",
// ...}], "facets": {...}}: `retro search --json` and `retro serve`'s
// /api/search both write this.
func WriteJSON(w io.Writer, r *Results) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r); err != nil {
		return fmt.Errorf("search: writing results: %w", err)
	}
	return nil
}

// WriteText writes results for a terminal: rank, title, id, date,
// severity, score, URL and the matches (or, with none, the best fragment). Matches are shown in bold
// when ansi is set (a terminal), and between ** otherwise.
func WriteText(w io.Writer, r *Results, ansi bool) error {
	open, closeMark := "**", "**"
	if ansi {
		open, closeMark = "\x1b[1m", "\x1b[0m"
	}
	var b strings.Builder
	switch r.Total {
	case 0:
		fmt.Fprintf(&b, "No results for %q.\n", r.Query)
	case 1:
		fmt.Fprintf(&b, "1 result for %q.\n", r.Query)
	default:
		fmt.Fprintf(&b, "%d results for %q", r.Total, r.Query)
		if uint64(len(r.Hits)) < r.Total {
			fmt.Fprintf(&b, ", best %d", len(r.Hits))
		}
		b.WriteString(".\n")
	}
	for i, h := range r.Hits {
		fmt.Fprintf(&b, "\n%2d. %s\n", i+1, oneLine(h.Title))
		meta := []string{h.ID}
		if h.Date != "" {
			meta = append(meta, h.Date)
		}
		if h.Severity != "" {
			meta = append(meta, h.Severity)
		}
		meta = append(meta, fmt.Sprintf("score %.3f", h.Score))
		fmt.Fprintf(&b, "    %s\n", strings.Join(meta, " · "))
		if h.URL != "" {
			fmt.Fprintf(&b, "    %s\n", h.URL)
		}
		piece := func(fr string) {
			for _, p := range Pieces(fr) {
				t := oneLine(p.Text)
				if p.Mark {
					t = open + t + closeMark
				}
				b.WriteString(t)
			}
			b.WriteByte('\n')
		}
		for _, m := range h.Matches {
			fmt.Fprintf(&b, "    %s %s: ", oneLine(m.Section), oneLine(m.Anchor))
			piece(m.Fragment)
		}
		if field, fr := h.BestFragment(); fr != "" && len(h.Matches) == 0 {
			b.WriteString("    ")
			if field != fieldTitle {
				b.WriteString(field + ": ")
			}
			piece(fr)
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("search: writing results: %w", err)
	}
	return nil
}

// oneLine folds newlines and strips control characters, so that archive
// text cannot move the cursor or change colours in a terminal.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
}
