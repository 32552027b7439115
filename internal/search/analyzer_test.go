package search

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"retro/internal/search/jstables"
)

// bleveTerms analyzes text with bleve's `en` analyzer as the index does.
func bleveTerms(t *testing.T, texts []string) [][]string {
	t.Helper()
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(analyzerText)
	out := make([][]string, len(texts))
	for i, s := range texts {
		out[i] = []string{}
		for _, tok := range a.Analyze([]byte(s)) {
			out[i] = append(out[i], string(tok.Term))
		}
	}
	return out
}

// TestAnalyzerParity runs thousands of words and texts through bleve's
// `en` analyzer and through search.js's port under Node, and requires the
// same terms for every one.
func TestAnalyzerParity(t *testing.T) {
	node(t)
	texts := parityTexts(t)
	if len(texts) < 5000 {
		t.Fatalf("only %d texts", len(texts))
	}
	want := bleveTerms(t, texts)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.json"), filepath.Join(dir, "out.json")
	b, err := json.Marshal(texts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	runNode(t, "analyze.mjs", in, out)
	b, err = os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var got [][]string
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(texts) {
		t.Fatalf("node analyzed %d texts, want %d", len(got), len(texts))
	}
	bad := 0
	for i := range texts {
		if !slices.Equal(got[i], want[i]) {
			bad++
			if bad <= 25 {
				t.Errorf("%q (%U):\n  bleve %q\n  js    %q", texts[i], []rune(texts[i]), want[i], got[i])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d texts differ", bad, len(texts))
	}
	t.Logf("%d texts, %d terms compared", len(texts), countTerms(want))
}

func countTerms(ts [][]string) int {
	n := 0
	for _, t := range ts {
		n += len(t)
	}
	return n
}

// TestLowercaseParity compares the page's lowercase mapping (analysis.js) with Go's
// unicode.ToLower (which bleve's to_lower filter uses) on every code point.
func TestLowercaseParity(t *testing.T) {
	node(t)
	var js map[string]int
	if err := json.Unmarshal(runNode(t, "lower.mjs"), &js); err != nil {
		t.Fatal(err)
	}
	var diffs []string
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if r >= 0xD800 && r <= 0xDFFF {
			continue
		}
		got := r
		if l, ok := js[strconv.Itoa(int(r))]; ok {
			got = rune(l)
		}
		if want := unicode.ToLower(r); got != want {
			diffs = append(diffs, fmt.Sprintf("0x%X: 0x%X", r, want))
		}
	}
	if len(diffs) > 0 {
		t.Errorf("%d code points lowercase differently in analysis.js; run go generate ./internal/search/jstables: %s", len(diffs), strings.Join(diffs, ", "))
	}
}

// parityTexts is the word list of the parity test: English words and their
// inflections, possessives and contractions, capitalized and upper-cased;
// accented Latin (composed and decomposed), Greek, Cyrillic, Hebrew,
// Arabic, Devanagari, Thai, Chinese, Japanese and Korean; numbers, dates,
// versions, hyphenated and apostrophe forms; and random strings drawn from
// every word-break class of the segmenter.
func parityTexts(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "words.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var base []string
	for _, line := range strings.Split(string(raw), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		base = append(base, strings.Fields(line)...)
		base = append(base, line)
	}
	base = append(base, synthWords...)
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	suffixes := []string{"", "s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "ness", "ment",
		"ments", "ation", "ational", "ization", "ize", "izes", "ized", "izing", "ful", "fulness",
		"ous", "ousness", "ive", "iveness", "able", "ible", "ance", "ence", "ism", "ity", "ities",
		"al", "ally", "ence", "ant", "ement", "ion", "ions", "ou", "ate", "iti", "bli", "logi",
		"eed", "ies", "sses", "y", "e", "ll"}
	for _, w := range base {
		add(w)
		if !isASCIIWord(w) {
			continue
		}
		for _, s := range suffixes {
			add(w + s)
		}
		add(w + "'s")
		add(w + "’s")
		add(w + "＇s")
		add(w + "s'")
		add(strings.ToUpper(w[:1]) + w[1:])
		add(strings.ToUpper(w))
		add(strings.ToUpper(w) + "'S")
	}
	// Random strings over samples of every class the segmenter knows, to
	// exercise word boundaries, extenders and the lowercase quirks.
	pool := classSamples(t)
	r := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 4000; i++ {
		var b strings.Builder
		for n := 1 + r.IntN(10); n > 0; n-- {
			b.WriteRune(pool[r.IntN(len(pool))])
		}
		if utf8.ValidString(b.String()) {
			add(b.String())
		}
	}
	// Pairs of base words joined by every separator.
	for i := 0; i+1 < len(base); i += 7 {
		for _, sep := range []string{" ", "-", "_", ".", ",", ":", "'", "’", "\"", "/", "@", "\u00AD", "\u200B", "\t", "\n", "\r\n", "\u2028", "…", "·"} {
			add(base[i] + sep + base[i+1])
		}
	}
	return out
}

func isASCIIWord(s string) bool {
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return s != ""
}

// classSamples returns code points of every segmenter class (a few of each,
// first, last and random ones) plus the characters with lowercase quirks.
func classSamples(t *testing.T) []rune {
	t.Helper()
	var out []rune
	r := rand.New(rand.NewPCG(3, 5))
	for _, name := range jstables.WordBreakNames[1:] {
		cps, err := jstables.RagelProperty("uwb.rl", name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cps[0], cps[len(cps)-1])
		for i := 0; i < 6; i++ {
			out = append(out, cps[r.IntN(len(cps))])
		}
	}
	for _, name := range jstables.ScriptNames[1:] {
		cps, err := jstables.RagelProperty("uscript.rl", name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cps[0], cps[len(cps)-1], cps[r.IntN(len(cps))], cps[r.IntN(len(cps))])
	}
	out = append(out, []rune("aeiouyAEIOUY sSlzt'’＇.,:;_-0123456789ΣσςİıȺȾẞΩKÅ\u302E\u302F\u0301\u00AD")...)
	out = append(out, '\U0001F642', '\U0001F1FA', '\u200D', '\uFE0F', 'א', '"')
	return out
}
