package search

import (
	"slices"
	"strings"
	"testing"
)

func TestMeaningful(t *testing.T) {
	for word, want := range map[string]bool{
		"replication": true, "WAL": true, "checkout_cdc": true, "Paynorth": true,
		"28th": false, "09:59": false, "2024": false, "v2": false, "nov": false, "November": false,
		"Tuesday": false, "minutes": false, "give": false, "took": false, "also": false, "three": false,
		"db": false, "incident": false, "customers": false, "failed": false,
	} {
		if got := Meaningful(word); got != want {
			t.Errorf("Meaningful(%q) = %v, want %v", word, got, want)
		}
	}
}

// similarOf runs SimilarTexts and returns what it finds for the text id.
func similarOf(t *testing.T, texts []SimilarText, id string) []Similar {
	t.Helper()
	sims, err := SimilarTexts(texts, 5)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(texts, func(x SimilarText) bool { return x.ID == id })
	return sims[i]
}

func similarIDs(sims []Similar) []string {
	var out []string
	for _, s := range sims {
		out = append(out, s.ID)
	}
	return out
}

// unrelated texts fill the archive so that what the pairs share is rare.
var unrelated = []SimilarText{
	{"cdn", "Images failed to load from the CDN", "A configuration push to the edge removed the image origin."},
	{"dst", "Delivery slots double-booked after the clocks went back", "The slot release job ran twice in the repeated hour."},
	{"promo", "An unlimited discount code nearly went to every shopper", "The promotion tool treated zero as unlimited."},
	{"cert", "Card payments failed when a client certificate expired", "Nobody owned the renewal of the internal certificate."},
	{"oom", "Wave planning ran out of memory on sale day", "The planner loads every order of the week into memory."},
	{"crash", "The iOS app crashed on launch", "Old substitution settings had a shape the new decoder rejected."},
}

func TestSimilarTextsPhrases(t *testing.T) {
	texts := append(slices.Clone(unrelated),
		SimilarText{"failover", "Checkout failover stalled on a replication slot",
			"On Tuesday 14 March at 09:12 the replication slot of the CDC consumer held 40 GB of WAL. WAL retention had no alert."},
		SimilarText{"cdc-lag", "Orders export lagged behind for six hours",
			"On 28th November at 09:12 a stalled consumer kept its replication slot; WAL retention filled the disk of the primary."},
		SimilarText{"dates-only", "Quarterly report delayed",
			"On Tuesday 14 March and on 28th November at 09:12, it took three hours; we gave it another go."},
	)
	got := similarOf(t, texts, "failover")
	if len(got) == 0 || got[0].ID != "cdc-lag" {
		t.Fatalf("similar to failover: %v, want cdc-lag first", similarIDs(got))
	}
	if words := strings.Join(got[0].Words, ", "); !strings.HasPrefix(words, "replication slot, WAL retention") && !strings.HasPrefix(words, "WAL retention, replication slot") {
		t.Errorf("the reason is %q, want the two shared phrases first", words)
	}
	for _, w := range got[0].Words {
		for _, f := range strings.Fields(w) {
			if !Meaningful(f) {
				t.Errorf("the reason holds %q", w)
			}
		}
	}
	// Sharing only dates, times, numbers and filler relates nothing.
	if slices.Contains(similarIDs(got), "dates-only") {
		t.Errorf("a text that shares only a date and a time is similar: %v", got)
	}
	if got := similarOf(t, texts, "dates-only"); len(got) != 0 {
		t.Errorf("similar to a text of dates and filler: %v", got)
	}
}

func TestSimilarTextsOneWordIsNotEnough(t *testing.T) {
	texts := append(slices.Clone(unrelated),
		SimilarText{"a", "Search showed stale stock", "The indexer consumer stopped."},
		SimilarText{"b", "Exchange rates were a week old", "The feed of exchange rates stopped; the indexer was fine."},
	)
	if got := similarOf(t, texts, "a"); slices.Contains(similarIDs(got), "b") {
		t.Errorf("one shared word relates two texts: %v", got)
	}
}

// BenchmarkSimilarTexts measures similarity over a generated archive of
// 10,000 retrospectives, as retro build runs it.
func BenchmarkSimilarTexts(b *testing.B) {
	docs := SyntheticDocuments(10000, 1)
	texts := make([]SimilarText, len(docs))
	for i, d := range docs {
		texts[i] = SimilarText{ID: d.ID, Title: d.Title, Text: d.Summary + "\n\n" + strings.Join(d.Analysis, "\n\n") + "\n\n" + d.Body}
	}
	b.ResetTimer()
	for range b.N {
		if _, err := SimilarTexts(texts, 5); err != nil {
			b.Fatal(err)
		}
	}
}
