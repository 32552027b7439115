package browserindex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"retro/internal/webcheck"
)

// bitString shows a stream as ones and zeros.
func bitString(b []byte) string {
	var s strings.Builder
	for _, c := range b {
		fmt.Fprintf(&s, "%08b", c)
	}
	return s.String()
}

func pad(bits string) string { return bits + strings.Repeat("0", (8-len(bits)%8)%8) }

// TestBitWriter writes the streams that internal/search/js/index.test.mjs
// decodes by hand, so the
// two sides agree on the codes bit for bit.
func TestBitWriter(t *testing.T) {
	// A posting list: documents 0, 1, 3, frequencies 1, 2, 1, lengths 5,
	// 7, 5, coded with lenMin 5 and lenK 1.
	var w bitWriter
	writePostings(&w, []Posting{{0, 1}, {1, 2}, {3, 1}}, []uint64{5, 7, 0, 5}, lenCode{min: 5, k: 1})
	want := "00100" + "00000" + "0000" + "0" + "0" + "00" + "0" + "10" + "100" + "10" + "0" + "00"
	if got := bitString(w.bytes()); got != pad(want) {
		t.Errorf("postings\n got %s\nwant %s", got, pad(want))
	}

	// A keyword table of two fields over three documents.
	w = bitWriter{}
	writeKeywordValues(&w, 2, [][]int{{0, 1}, nil, {1, 1}}, kwBest)
	fieldA := "00" + "00100" + "00001" + "1" + "011" + "0" + "1" + "011" + "1" + "1" + "01" + "00" + "10"
	if got := bitString(w.bytes()); got != pad(fieldA) {
		t.Errorf("keywords\n got %s\nwant %s", got, pad(fieldA))
	}
	// The whole field: terms front-coded and labels, then the bit stream.
	got := keywordField([]string{"x", "xy"}, map[string]string{"x": "X"}, [][]int{{0, 1}, nil, {1, 1}})
	head := []byte{2, 0, 1, 'x', 1, 1, 'y', 1, 0, 1, 'X'}
	if !bytes.HasPrefix(got, head) || bitString(got[len(head):]) != pad(fieldA) {
		t.Errorf("keyword field: % x", got)
	}
	// In runs: 19 documents with a value, then one without.
	w = bitWriter{}
	values := make([][]int, 20)
	for i := range 19 {
		values[i] = []int{0}
	}
	writeKeywordValues(&w, 1, values, kwBest)
	fieldB := "01" + "011" + "00000" + "010" + "1" + "011" + "000010011" + "0" + "1" + "1"
	if got := bitString(w.bytes()); got != pad(fieldB) {
		t.Errorf("keywords in runs\n got %s\nwant %s", got, pad(fieldB))
	}

	// Codes.
	for _, c := range []struct {
		write func(*bitWriter)
		want  string
	}{
		{func(w *bitWriter) { w.expGolomb(0) }, "1"},
		{func(w *bitWriter) { w.expGolomb(6) }, "00111"},
		{func(w *bitWriter) { w.rice(9, 2) }, "11001"},
		{func(w *bitWriter) { w.rice(0, 0) }, "0"},
		{func(w *bitWriter) { w.bits(5, 0); w.bits(5, 4) }, "0101"},
	} {
		var w bitWriter
		c.write(&w)
		if got := bitString(w.bytes()); got != pad(c.want) {
			t.Errorf("got %s, want %s", got, pad(c.want))
		}
	}
	if got := bestRice([]uint64{0, 1, 0, 0}, 15); got != 0 {
		t.Errorf("bestRice of small values: %d", got)
	}
	if got := bestRice([]uint64{1000, 900, 1100}, 15); got < 8 || got > 10 {
		t.Errorf("bestRice of ~1000: %d", got)
	}
	for n, want := range map[int]uint{0: 0, 1: 0, 2: 1, 4: 2, 5: 3} {
		if got := bitLen(n); got != want {
			t.Errorf("bitLen(%d) = %d, want %d", n, got, want)
		}
	}
}

// TestKeywordRoundTrip writes random keyword fields in every mode (and the
// best one) and requires the page's reader (index.js) to read back each document's values:
// lengths, distinct terms, postings with multiplicities, and labels.
func TestKeywordRoundTrip(t *testing.T) {
	node := webcheck.NodeJS(t)
	r := rand.New(rand.NewPCG(3, 4))
	const docs = 300
	type field struct {
		name   string
		terms  []string
		labels map[string]string
		values [][]int
		mode   int
	}
	var fields []field
	for i, shape := range []struct{ terms, max int }{{1, 1}, {4, 1}, {40, 3}, {700, 4}, {12, 6}, {3, 0}} {
		for _, mode := range []int{kwFixed, kwRuns, kwRice, kwLists, kwBest} {
			f := field{name: fmt.Sprintf("f%d-%d", i, mode), labels: map[string]string{}, mode: mode}
			for k := range shape.terms {
				term := fmt.Sprintf("t%03d-%c", k, 'a'+rune(k%26))
				if k%5 == 0 {
					term += "-é東"
				}
				f.terms = append(f.terms, term)
				if k%3 == 0 {
					f.labels[term] = strings.ToUpper(term)
				}
			}
			slices.Sort(f.terms)
			for d := range docs {
				n := r.IntN(shape.max + 1)
				if d > 100 && d < 150 { // a run of documents without values
					n = 0
				}
				var v []int
				for range n {
					v = append(v, r.IntN(len(f.terms)))
				}
				slices.Sort(v) // with repetition: a value given twice
				f.values = append(f.values, v)
			}
			fields = append(fields, f)
		}
	}
	var table []byte
	var names []string
	for _, f := range fields {
		w := bitWriter{buf: keywordHead(f.terms, f.labels)}
		writeKeywordValues(&w, len(f.terms), f.values, f.mode)
		table = append(table, w.bytes()...)
		names = append(names, f.name)
	}
	dir := t.TempDir()
	tf, sf, of := filepath.Join(dir, "t.bin"), filepath.Join(dir, "spec.json"), filepath.Join(dir, "out.json")
	spec, _ := json.Marshal(map[string]any{"fields": names, "docs": docs})
	if err := os.WriteFile(tf, table, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sf, spec, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, "../js/keywords.mjs", tf, sf, of)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node keywords.mjs: %v\n%s", err, out)
	}
	var got map[string]struct {
		Lens     []int
		DocTerms [][]string
		Labels   map[string]string
		Postings map[string]struct{ Docs, Freqs []int }
	}
	b, err := os.ReadFile(of)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	for _, f := range fields {
		g := got[f.name]
		type post struct{ Docs, Freqs []int }
		want := map[string]*post{}
		for d, v := range f.values {
			var distinct []string
			for i, id := range v {
				term := f.terms[id]
				if i == 0 || v[i-1] != id {
					distinct = append(distinct, term)
					p := want[term]
					if p == nil {
						p = &post{}
						want[term] = p
					}
					p.Docs = append(p.Docs, d)
					p.Freqs = append(p.Freqs, 1)
				} else {
					want[term].Freqs[len(want[term].Freqs)-1]++
				}
			}
			if g.Lens[d] != len(v) || !slices.Equal(g.DocTerms[d], distinct) {
				t.Fatalf("%s: document %d: got %d %v, want %d %v", f.name, d, g.Lens[d], g.DocTerms[d], len(v), distinct)
			}
		}
		if len(g.Postings) != len(want) {
			t.Errorf("%s: %d terms with postings, want %d", f.name, len(g.Postings), len(want))
		}
		for term, p := range want {
			if gp := g.Postings[term]; !slices.Equal(gp.Docs, p.Docs) || !slices.Equal(gp.Freqs, p.Freqs) {
				t.Errorf("%s: postings of %s: got %v, want %v", f.name, term, gp, *p)
			}
		}
		if !maps.Equal(g.Labels, f.labels) {
			t.Errorf("%s: labels %v, want %v", f.name, g.Labels, f.labels)
		}
	}
}

// TestDisplayChunk writes a document's display record, whose items
// internal/search/js/index.test.mjs decodes: runs of one section, anchors
// coded against the previous item's.
func TestDisplayChunk(t *testing.T) {
	dir := t.TempDir()
	x := &Index{Records: []Record{{
		ID: "a", Title: "A <b>", URL: "/retros/a/", Date: "2024-03-01", Severity: "SEV2", Status: "final",
		Services: []string{"checkout-api"},
		Items: []Item{
			{"summary", "Summary", "S"},
			{"timeline-9", "Timeline", "T9"}, {"timeline-10", "Timeline", "T10"}, {"timeline-12", "Timeline", "T12"},
			{"what-went-well", "What went well", "W1"}, {"what-went-well", "What went well", "W2"},
			{"rec-R1", "Recommendations", "R1"}, {"rec-R2", "Recommendations", "R2"},
		},
	}}}
	if _, err := Write(dir, x); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "docs", "0.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := `[["a","A <b>","","2024-03-01","SEV2","final",["checkout-api"],[[0,"summary","S"],[1,"timeline-9","T9",1,"T10","timeline-12","T12"],[2,"what-went-well","W1","","W2"],[3,"rec-R1","R1",1,"R2"]]]]`
	if string(got) != want {
		t.Errorf("chunk\n got %s\nwant %s", got, want)
	}
	for anchor, next := range map[string]string{"timeline-9": "timeline-10", "x-09": "x-10", "rec-R1": "rec-R2", "summary": "", "": "", "x-99999999999": ""} {
		if got := nextAnchor(anchor); got != next {
			t.Errorf("nextAnchor(%q) = %q, want %q", anchor, got, next)
		}
	}
}
