package search

import (
	"encoding/json"
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Item is a part of a retrospective with an anchor of its own on its page:
// the summary, the impact, a timeline entry, an analysis item, a
// recommendation or a body section. A search hit names the items where the
// query's words occur, as evidence of why it matched.
type Item struct {
	Anchor  string // the element's id on the page: "timeline-6", "rec-R3", "what-went-well"
	Section string // the section's name as the page titles it: "Timeline", "Recommendations"
	Text    string // plain text
}

// Match is an item of a hit where the query's words occur.
type Match struct {
	Anchor   string `json:"anchor"`   // "#timeline-6": the item's fragment on the hit's page
	Section  string `json:"section"`  // "Timeline"
	Fragment string `json:"fragment"` // HTML: the item's text escaped, the query's words in <mark>
}

// Evidence rules, which the page (themes/default/assets/search/fragment.js)
// applies the same way to the texts of the browser index:
//
//   - an item matches when its text holds one of the query's terms (the
//     analyzed words of its text clauses, excluded ones left out);
//   - items are ranked by how many distinct query terms they hold plus how
//     many of the query's pairs of adjacent terms they hold adjacent (so a
//     phrase beats its words scattered), then in page order; an anchor is
//     shown once, at its best;
//   - a hit shows MaxMatches of them;
//   - a fragment is about fragmentWidth characters of the item's text,
//     starting up to fragmentLead characters before its first match, cut at
//     spaces, with "…" where it is cut.
const (
	MaxMatches    = 3
	fragmentWidth = 200
	fragmentLead  = 60
)

// itemsJSON is how a document's items are stored in the bleve index (the
// stored-only field fieldItems): [[anchor, section, text], ...].
func itemsJSON(items []Item) string {
	rows := make([][3]string, len(items))
	for i, it := range items {
		rows[i] = [3]string{it.Anchor, it.Section, it.Text}
	}
	b, _ := json.Marshal(rows) // strings only: cannot fail
	return string(b)
}

func itemsFromJSON(s string) []Item {
	var rows [][3]string
	if json.Unmarshal([]byte(s), &rows) != nil {
		return nil
	}
	items := make([]Item, len(rows))
	for i, r := range rows {
		items[i] = Item{Anchor: r[0], Section: r[1], Text: r[2]}
	}
	return items
}

// evidence is what makes an item evidence of a hit: the query's terms,
// and pairs of adjacent terms ("rate limit"), which count extra.
type evidence struct {
	terms, pairs map[string]bool
}

// evidenceTerms are the terms of the query's text clauses, not excluded;
// its pairs are those that rank a hit higher (see withBonuses) and those
// of its phrases, adjacent terms with no stop word between.
func (x *Index) evidenceTerms(q query.Query) evidence {
	ev := evidence{terms: map[string]bool{}, pairs: map[string]bool{}}
	an := x.m.AnalyzerNamed(analyzerText)
	for _, c := range matchClauses(q, false, nil) {
		switch {
		case c.not:
		case c.field == fieldPairs:
			ev.pairs[c.text] = true
		case isTextField(c.field):
			toks := an.Analyze([]byte(c.text))
			for i, tok := range toks {
				ev.terms[string(tok.Term)] = true
				if i > 0 && c.phrase && toks[i-1].Position+1 == tok.Position {
					ev.pairs[string(toks[i-1].Term)+" "+string(tok.Term)] = true
				}
			}
		}
	}
	return ev
}

func isTextField(f string) bool {
	return f == "" || f == fieldAll || slices.Contains(textFields, f)
}

// matches picks the items of a hit that hold the query's terms, best
// first, with their fragments.
func matches(an analysis.Analyzer, items []Item, ev evidence) []Match {
	terms := ev.terms
	if len(terms) == 0 {
		return nil
	}
	type cand struct {
		i, score int
		toks     analysis.TokenStream
	}
	var cands []cand
	for i, it := range items {
		toks := an.Analyze([]byte(it.Text))
		seen := map[string]bool{}
		var hit analysis.TokenStream
		for k, t := range toks {
			if terms[string(t.Term)] {
				seen[string(t.Term)] = true
				hit = append(hit, t)
			}
			if k > 0 && toks[k-1].Position+1 == t.Position {
				if p := string(toks[k-1].Term) + " " + string(t.Term); ev.pairs[p] {
					seen[p] = true
				}
			}
		}
		if len(seen) > 0 {
			cands = append(cands, cand{i, len(seen), hit})
		}
	}
	slices.SortStableFunc(cands, func(a, b cand) int { return b.score - a.score })
	var out []Match
	shown := map[string]bool{}
	for _, c := range cands {
		it := items[c.i]
		if shown[it.Anchor] {
			continue
		}
		shown[it.Anchor] = true
		out = append(out, Match{Anchor: "#" + it.Anchor, Section: it.Section, Fragment: fragment(it.Text, c.toks)})
		if len(out) == MaxMatches {
			break
		}
	}
	return out
}

// fragment cuts a window of text around the first of the matched tokens
// (byte offsets, in order) and marks those inside it.
func fragment(text string, toks analysis.TokenStream) string {
	start, end := window(text, toks[0].Start)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	at := start
	for _, t := range toks {
		if t.Start < at || t.End > end {
			continue
		}
		b.WriteString(html.EscapeString(text[at:t.Start]))
		b.WriteString(markOpen + html.EscapeString(text[t.Start:t.End]) + markClose)
		at = t.End
	}
	b.WriteString(html.EscapeString(text[at:end]))
	if end < len(text) {
		b.WriteString("…")
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// window is the byte range of the fragment around the match at byte
// offset first: from fragmentLead characters before it (at the space
// after which a word starts) to fragmentWidth characters after that (at a
// space, when one is in its second half). Characters are code points.
func window(text string, first int) (start, end int) {
	if utf8.RuneCountInString(text[:first]) > fragmentLead {
		back := first
		for n := 0; n < fragmentLead; n++ {
			_, size := utf8.DecodeLastRuneInString(text[:back])
			back -= size
		}
		if sp := strings.LastIndexByte(text[:back], ' '); sp >= 0 {
			start = sp + 1
		}
	}
	end = start
	for n := 0; n < fragmentWidth && end < len(text); n++ {
		_, size := utf8.DecodeRuneInString(text[end:])
		end += size
	}
	if end < len(text) {
		if sp := strings.LastIndexByte(text[start:end], ' '); sp >= 0 && sp > fragmentWidth/2 {
			end = start + sp
		}
	}
	return start, end
}
