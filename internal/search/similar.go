package search

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"retro/internal/parallel"
)

// Similar is a retrospective whose text resembles another's.
type Similar struct {
	ID    string
	Score float64  // cosine of the two texts' weighted terms, 0 to 1
	Words []string // what they share, in people's words: phrases first ("replication slot"), then words
}

// Similar text is what makes two write-ups look alike to a reader: the
// same phrases ("replication slot", "WAL retention") and the same rare
// words, never the same numbers, times, dates or filler. Each text becomes
// a vector of meaningful terms and two-word phrases, analysed by the
// index's own analyzer (so "replicas" and "replica" are one term), each
// weighted by how rare it is across the archive; two texts are as similar
// as the cosine of their vectors.
//
// Candidates come from each text's most distinctive terms only, through an
// inverted list of the terms that at most a bounded number of texts share:
// a query made of every term would visit every document for its common
// words, the square of the archive.

const (
	// candidateTerms is how many of a text's heaviest terms find its
	// candidates.
	candidateTerms = 24
	// maxPostings bounds the texts a candidate term may have: one in more
	// says too little to be worth visiting them all.
	maxPostings = 400
	// phraseWeight favours a shared phrase over its two words apart.
	phraseWeight = 1.5
	// titleWeight counts a term of the title as this many in the body.
	titleWeight = 2
	// minScore is the least cosine that relates two texts.
	minScore = 0.04
	// maxTokens bounds the analysed length of one text, so that one huge
	// write-up costs no more than a long one.
	maxTokens = 5000
)

// SimilarText is the text of one retrospective, as similarity reads it.
type SimilarText struct {
	ID    string
	Title string
	Text  string // everything else: summary, analysis, recommendations, body
}

// SimilarTexts finds, for each text, up to size others of similar text,
// most similar first, leaving itself out. The result is aligned with texts.
func SimilarTexts(texts []SimilarText, size int) ([][]Similar, error) {
	m, err := newMapping()
	if err != nil {
		return nil, err
	}
	an := m.AnalyzerNamed(analyzerText)
	if an == nil {
		return nil, fmt.Errorf("search: no analyzer %q", analyzerText)
	}
	dict := map[string]int32{} // feature → id
	var keys, names []string   // id → the feature, and how it reads
	var df []int32
	vecs := make([][]weighted, len(texts))
	// Analysis is most of the work, in parallel (bleve's analyzers are
	// safe for concurrent use); a chunk at a time, so that the bags of
	// words of the whole archive are never all held at once.
	const chunk = 256
	bags := make([]bag, min(chunk, len(texts)))
	for start := 0; start < len(texts); start += chunk {
		part := texts[start:min(start+chunk, len(texts))]
		parallel.For(len(part), func(i int) {
			bags[i] = newBag(an, part[i])
		})
		for i, b := range bags[:len(part)] {
			// Ids in the order of the texts and their sorted terms, so
			// that ties break the same way in every build.
			v := make([]weighted, 0, len(b))
			for _, key := range slices.Sorted(maps.Keys(b)) {
				f := b[key]
				id, ok := dict[key]
				if !ok {
					id = int32(len(names))
					dict[key] = id
					keys = append(keys, key)
					names = append(names, f.display)
					df = append(df, 0)
				}
				df[id]++
				v = append(v, weighted{id, f.tf})
			}
			vecs[start+i] = v
			bags[i] = nil
		}
	}
	n := float64(len(texts))
	postCap := int32(max(2, min(len(texts)/2, maxPostings)))
	postings := make([][]int32, len(names))
	norms := make([]float64, len(texts))
	for i, v := range vecs {
		var sum float64
		for j := range v {
			w := &v[j]
			idf := math.Log(n / float64(df[w.id]))
			w.w = (1 + math.Log(w.w)) * idf
			if strings.Contains(names[w.id], " ") {
				w.w *= phraseWeight
			}
			sum += w.w * w.w
		}
		norms[i] = math.Sqrt(sum)
		slices.SortFunc(v, func(a, b weighted) int { return cmp.Compare(a.id, b.id) })
		for _, w := range heaviest(v, df, postCap) {
			postings[w.id] = append(postings[w.id], int32(i))
		}
	}

	out := make([][]Similar, len(texts))
	parallel.For(len(texts), func(i int) {
		out[i] = similarTo(i, vecs, norms, postings, df, postCap, keys, names, texts, size)
	})
	return out, nil
}

// similarTo ranks the candidates of text i that its heaviest terms reach.
func similarTo(i int, vecs [][]weighted, norms []float64, postings [][]int32, df []int32, postCap int32, keys, names []string, texts []SimilarText, size int) []Similar {
	if norms[i] == 0 {
		return nil
	}
	partial := map[int32]float64{}
	for _, w := range heaviest(vecs[i], df, postCap) {
		for _, j := range postings[w.id] {
			if int(j) != i {
				partial[j] += w.w
			}
		}
	}
	cands := make([]int32, 0, len(partial))
	for j := range partial {
		cands = append(cands, j)
	}
	slices.SortFunc(cands, func(a, b int32) int { return cmp.Or(cmp.Compare(partial[b], partial[a]), cmp.Compare(a, b)) })
	cands = cands[:min(len(cands), 4*size)]

	var out []Similar
	for _, j := range cands {
		if norms[j] == 0 {
			continue
		}
		type shared struct {
			id int32
			w  float64
		}
		var both []shared
		dot := 0.0
		a, b := vecs[i], vecs[j]
		for x, y := 0, 0; x < len(a) && y < len(b); {
			switch {
			case a[x].id < b[y].id:
				x++
			case a[x].id > b[y].id:
				y++
			default:
				dot += a[x].w * b[y].w
				both = append(both, shared{a[x].id, a[x].w * b[y].w})
				x++
				y++
			}
		}
		score := dot / (norms[i] * norms[j])
		if score < minScore {
			continue
		}
		slices.SortFunc(both, func(x, y shared) int { return cmp.Or(cmp.Compare(y.w, x.w), cmp.Compare(x.id, y.id)) })
		var phrases, words []int32
		// What a third of the archive says (a template's "contributing
		// factors") explains no relation between two of its texts.
		common := int32(max(2, len(texts)/3))
		for _, s := range both {
			if df[s.id] > common {
				continue
			}
			if strings.Contains(keys[s.id], " ") {
				phrases = append(phrases, s.id)
			} else {
				words = append(words, s.id)
			}
		}
		// One shared word is a coincidence; a phrase or two words are not.
		if len(phrases) == 0 && len(words) < 2 {
			continue
		}
		out = append(out, Similar{ID: texts[j].ID, Score: score, Words: reasonWords(phrases, words, keys, names, 3)})
	}
	slices.SortStableFunc(out, func(x, y Similar) int { return cmp.Compare(y.Score, x.Score) })
	return out[:min(len(out), size)]
}

// reasonWords are up to n of what two texts share, phrases first, then the
// words no listed phrase already says (compared as terms, so that "rates"
// is not listed after "rate limit").
func reasonWords(phrases, words []int32, keys, names []string, n int) []string {
	var out []string
	said := map[string]bool{}
	for _, id := range phrases {
		if len(out) == n {
			return out
		}
		parts := strings.Fields(keys[id])
		if said[parts[0]] && said[parts[1]] {
			continue // "slot retention" after "replication slot" and "WAL retention"
		}
		out = append(out, names[id])
		said[parts[0]], said[parts[1]] = true, true
	}
	for _, id := range words {
		if len(out) == n {
			break
		}
		if !said[keys[id]] {
			out = append(out, names[id])
			said[keys[id]] = true
		}
	}
	return out
}

// heaviest are the candidate terms of a vector: the candidateTerms
// heaviest of those that between 2 and postCap texts have.
func heaviest(v []weighted, df []int32, postCap int32) []weighted {
	var out []weighted
	for _, w := range v {
		if d := df[w.id]; d >= 2 && d <= postCap {
			out = append(out, w)
		}
	}
	slices.SortFunc(out, func(a, b weighted) int { return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.id, b.id)) })
	return out[:min(len(out), candidateTerms)]
}

type weighted struct {
	id int32
	w  float64 // the term frequency, then its weight
}

// feature is a term or a two-word phrase of one text.
type feature struct {
	tf      float64
	display string
}

type bag map[string]*feature

// newBag analyses a text into its meaningful terms and the phrases of two
// adjacent ones.
func newBag(an analysis.Analyzer, t SimilarText) bag {
	b := bag{}
	budget := maxTokens
	for _, part := range []struct {
		text   string
		weight float64
	}{{t.Title, titleWeight}, {t.Text, 1}} {
		if budget <= 0 {
			break
		}
		// The analyzer lowercases its input in place: words are read
		// from the text itself, as written.
		src := part.text
		var prev *analysis.Token
		var pair []byte
		for _, tok := range an.Analyze([]byte(src)) {
			if budget--; budget < 0 {
				break
			}
			word := src[tok.Start:tok.End]
			if !Meaningful(word) {
				prev = nil
				continue
			}
			b.add(tok.Term, part.weight, func() string { return displayWord(word) })
			if prev != nil && tok.Position == prev.Position+1 && joined(src[prev.End:tok.Start]) {
				pair = append(append(append(pair[:0], prev.Term...), ' '), tok.Term...)
				first := src[prev.Start:prev.End]
				b.add(pair, part.weight, func() string { return displayWord(first) + " " + displayWord(word) })
			}
			prev = tok
		}
	}
	return b
}

// add counts a feature; its display form is made once, on first sight,
// and the lookup of one already seen allocates nothing.
func (b bag) add(key []byte, w float64, display func() string) {
	if f := b[string(key)]; f != nil {
		f.tf += w
		return
	}
	b[string(key)] = &feature{tf: w, display: display()}
}

// joined reports whether two words are read as one phrase: nothing but
// spaces or a hyphen between them, no punctuation or line break.
func joined(between string) bool {
	for _, c := range between {
		if c != ' ' && c != '-' {
			return false
		}
	}
	return len(between) > 0
}

// displayWord is how a word reads in a reason: lowercase, unless it is
// written as an acronym or a name with inner capitals (WAL, PgBouncer).
func displayWord(w string) string {
	for i, r := range w {
		if i > 0 && unicode.IsUpper(r) {
			return w
		}
	}
	return strings.ToLower(w)
}

// Meaningful reports whether a word can say what two texts have in
// common: at least three letters and nothing else (so no number, time,
// date or ordinal such as 28th), and neither a month, a weekday, a unit of
// time nor a filler word that any write-up might use.
func Meaningful(word string) bool {
	if utf8.RuneCountInString(word) < 3 {
		return false
	}
	for _, r := range word {
		if !unicode.IsLetter(r) && r != '_' {
			return false
		}
	}
	return !filler[strings.ToLower(word)]
}

// filler are words that say nothing about what happened: calendar and
// clock words, counts, and the verbs, adverbs and nouns of any incident
// write-up. English stop words are the analyzer's own to drop.
var filler = func() map[string]bool {
	m := map[string]bool{}
	for _, list := range []string{
		// the calendar and the clock
		`january february march april june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec
		monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
		second seconds sec secs minute minutes min mins hour hours day days week weeks month months year years
		today yesterday tomorrow tonight morning afternoon evening night weekend weekday daily weekly monthly yearly
		time times date dates moment period utc gmt bst cet cest est edt pst pdt`,
		// counts and order
		`one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred
		thousand thousands million millions billion half dozen couple first third fourth fifth last next
		once twice percent several many much more most less least few fewer every each none`,
		// verbs of any incident and any story
		`fail fails failed failing fix fixes fixed fixing cause causes caused causing root start starts started
		starting stop stops stopped restart restarts restarted restarting resolve resolved detect detected
		mitigate mitigated recover recovered affect affected impact impacted return returned returns reach reached
		switch switched run runs ran running happen happening join joins joined page pages paged paging
		ride rides rode notice noticed escalate escalated
		give gave given gives giving take took taken takes taking make made makes making get got gets getting
		come came comes coming see saw seen sees use used uses using need needed needs want wanted try tried tries
		keep kept keeps put puts say said says tell told know knew known think thought seem seemed seems look looked
		looks find found finds show showed shown shows begin began begun happen happened happens become became
		allow allowed allows help helped helps ask asked turn turned leave left mean meant means include included
		includes including continue continued remain remained remains went gone goes going let lets able unable`,
		// adverbs and adjectives of any story
		`also still just even only already again yet ever never always often sometimes usually really very quite
		almost around later earlier soon now then instead rather whether however although though because since
		until while within without across between during before after new old same other another own whole
		well back away likely good bad better best worse big small large little right wrong due per via`,
		// nouns of any incident
		`incident incidents issue issues problem problems thing things way ways part parts case cases lot lots
		kind sort bit number amount someone nobody everyone anyone people team teams customer customers user users
		nothing something anything everything system systems service services server servers action actions item items
		postmortem postmortems mortem mortems lesson lessons learned learnt contributing factor factors term terms`,
	} {
		for _, w := range strings.Fields(list) {
			m[w] = true
		}
	}
	return m
}()
