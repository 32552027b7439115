package search

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	index "github.com/blevesearch/bleve_index_api"
)

// The browser index (format version browserVersion) is a folder that
// search.js fetches piece by piece; a first query fetches the manifest, the
// facet table, one file per distinct text term and the display chunks of
// its first page of results, and nothing that grows with the archive
// unless the query's own results do.
//
//	manifest.json      counts, tuning and the frequent terms; fetched first
//	facets.bin         the facet fields' values (terms and labels as
//	                   written) and every document's, as a table of value
//	                   combinations and one combination a document (facet
//	                   counts are over the matches, and a typical query
//	                   matches documents all over the archive); fetched
//	                   with the first query
//	keywords.bin       the same for the other keyword fields (tag,
//	                   status, kind); fetched only by a query that names
//	                   one of them
//	terms/<n>.bin      the postings of the text terms whose FNV-1a hash is
//	                   n modulo the shard count, except the frequent ones
//	terms/f<i>.bin     the postings of the i-th frequent term, a term
//	                   whose record exceeds ownFile; the manifest lists
//	                   the frequent terms' hashes, so that a query for one
//	                   fetches no shard
//	docs/<n>.json      what a result shows (id, title, URL, date, severity
//	                   and short passages for the snippet) for documents
//	                   n*chunk to (n+1)*chunk-1
//
// Documents are numbered in id order, which is also how ties in score are
// broken, by `retro search` and by the page alike.
//
// The .bin files are binary. A term file is a sequence of records, one a
// term, in term order: the term's UTF-8 length and bytes, the byte lengths
// of its _all and title posting lists (0: not in any title) as LEB128
// varints, then the two lists. A posting list is a bit stream (see
// bitWriter for the codes), padded to a byte:
//
//	expGolomb(count), kGap in 5 bits, kFreq in 4 bits, then per document
//	in increasing order: rice(gap to the previous document minus one,
//	kGap), rice(frequency minus one, kFreq), rice(the field's length in
//	the document minus lenMin, lenK)
//
// where lenMin and lenK are the manifest's "len" for the field (_all or
// title).
//
// The manifest's "frequent" lists the frequent terms by the top 24 bits of
// their FNV-1a, in ascending order, as the differences between successive
// hashes (the first from 0) in base64 varints (see appendVarint):
// terms/f<i>.bin holds the term with the i-th hash. A query term with one
// of those hashes is looked up there first and, if that file holds another
// term (rarely: another term with the same hash), in its shard. Each posting thus carries its document's field length, from
// which the page computes bleve's norm, so scoring needs no table of every
// document.
//
// A keyword table (facets.bin, keywords.bin) holds its fields one after
// the other, in the manifest's order. A field starts with its terms and
// labels, in LEB128 varints and UTF-8 bytes: the number of terms, then per
// term in order the bytes it shares with the previous term's start, the
// number of bytes that follow and those bytes; the number of labels, then
// per label its term's id (index in the terms), its length and bytes. A
// bit stream follows, padded to a byte, whose first two bits say how the
// documents' values are written (whichever is shortest):
//
//	3 (lists): kSize, kFirst and kGap in 5 bits each, then per document
//	rice(number of values, kSize) and its value ids (indexes into the
//	terms) in order, with repetition: rice(first, kFirst), then
//	rice(id - previous id, kGap).
//
//	0, 1, 2: the combinations of values that documents have, most
//	frequent first: expGolomb(their number), b in 5 bits, then per
//	combination expGolomb(its size) and its value ids in b bits each; then
//	each document's combination id, (0) in fixed width (the bits that hold
//	every id), (1) in runs: expGolomb(number of runs), then per run
//	expGolomb(length minus one) and the id in fixed width, or (2) as
//	kCode in 5 bits, then rice(id, kCode) per document.
//
// A document's values in a keyword field give the field's postings (its
// frequency is the value's multiplicity) and its length (the number of
// values, for the norm), as bleve has them; the export checks both.
const browserVersion = 2

// Tuning of the browser index; TestMeasure in build_test.go shows the
// effect of each on the bytes of a first query.
const (
	// shardTarget is the encoded posting bytes aimed at per term shard.
	shardTarget = 4 << 10
	// maxShards bounds the file count for very large archives.
	maxShards = 4096
	// ownFile is the size above which a term's record gets a file of its
	// own instead of a place in a shard, so that a query for a rare term
	// does not fetch a frequent one's postings with it.
	ownFile = 2 << 10
	// chunkDocs is the number of documents per display chunk: a first page
	// of ten results fetches up to ten chunks.
	chunkDocs = 4
	// passageBudget caps the characters of snippet text kept per document;
	// a passage is not cut to fewer than minPassage.
	passageBudget = 300
	minPassage    = 60
)

// Rice parameters are written in these many bits.
const (
	kGapBits  = 5
	kFreqBits = 4
)

// browserFacets are the keyword fields in facets.bin (the facets); the
// others are in keywords.bin.
func browserFacets() []string { return FacetFields() }

type browserStats struct{ terms, shards, own, chunks int }

type posting struct {
	doc  int
	freq uint64
}

type manifest struct {
	Version    int                  `json:"version"`
	Docs       int                  `json:"docs"`
	TitleBoost float64              `json:"titleBoost"`
	Shards     int                  `json:"shards"`
	Frequent   string               `json:"frequent"` // hashes of the frequent terms (see above)
	Len        map[string][2]uint64 `json:"len"`      // text field → [lenMin, lenK]
	Chunk      int                  `json:"chunk"`
	Chunks     int                  `json:"chunks"`
	URL        []string             `json:"url,omitempty"` // [prefix, suffix] around the id, when every URL has that form
	Facets     []string             `json:"facets"`        // the fields of facets.bin, in order
	Keywords   []string             `json:"keywords"`      // the fields of keywords.bin, in order
}

// exportBrowser writes the browser index for the open index x into dir. It
// reads every posting it ships from bleve, so the page ranks with bleve's
// own statistics, and checks the invariants the page relies on.
func exportBrowser(x *Index, docs []Document, dir string) (st browserStats, err error) {
	adv, err := x.idx.Advanced()
	if err != nil {
		return st, fmt.Errorf("search: %w", err)
	}
	rd, err := adv.Reader()
	if err != nil {
		return st, fmt.Errorf("search: %w", err)
	}
	defer func() {
		if cerr := rd.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("search: %w", cerr)
		}
	}()

	order := make([]*Document, len(docs))
	for i := range docs {
		order[i] = &docs[i]
	}
	slices.SortFunc(order, func(a, b *Document) int { return strings.Compare(a.ID, b.ID) })
	num := make(map[string]int, len(order))
	for i, d := range order {
		num[d.ID] = i
	}
	ex := &exporter{rd: rd, num: num, ids: map[string]int{}}
	m := manifest{
		Version: browserVersion, Docs: len(order), TitleBoost: TitleBoost,
		Len: map[string][2]uint64{}, Facets: browserFacets(), Keywords: []string{},
	}

	// Text terms: _all and title, with the field lengths behind their norms.
	lenAll := make([]uint64, len(order))
	lenTitle := make([]uint64, len(order))
	all, err := ex.field(fieldAll, lenAll)
	if err != nil {
		return st, err
	}
	title, err := ex.field(fieldTitle, lenTitle)
	if err != nil {
		return st, err
	}
	for term := range title {
		if _, ok := all[term]; !ok {
			return st, fmt.Errorf("search: browser index: title term %q is missing from _all", term)
		}
	}
	allLen := lengthCode(all, lenAll)
	titleLen := lengthCode(title, lenTitle)
	m.Len[fieldAll] = [2]uint64{allLen.min, uint64(allLen.k)}
	m.Len[fieldTitle] = [2]uint64{titleLen.min, uint64(titleLen.k)}

	// Keyword fields: every document's values, and the labels as written.
	tables := map[string][]byte{}
	kwAnalyzer := x.m.AnalyzerNamed(analyzerKeyword)
	for _, f := range keywordFields {
		if !slices.Contains(m.Facets, f) {
			m.Keywords = append(m.Keywords, f)
		}
		lens := make([]uint64, len(order))
		ps, err := ex.field(f, lens)
		if err != nil {
			return st, err
		}
		terms := sortedKeys(ps)
		values := make([][]int, len(order))
		for id, term := range terms {
			for _, p := range ps[term] {
				for range p.freq {
					values[p.doc] = append(values[p.doc], id)
				}
			}
		}
		// search.js derives a document's length in a keyword field from
		// its values (one token a value); make sure that holds.
		for i := range values {
			if uint64(len(values[i])) != lens[i] {
				return st, fmt.Errorf("search: browser index: %s of %s has length %d but %d values", f, order[i].ID, lens[i], len(values[i]))
			}
		}
		// Labels: a term's first value as written, in id order, where it
		// differs from the term.
		labels := map[string]string{}
		seen := map[string]bool{}
		for _, d := range order {
			for _, v := range keywordValues(d, f) {
				for _, tok := range kwAnalyzer.Analyze([]byte(v)) {
					t := string(tok.Term)
					if !seen[t] {
						seen[t] = true
						if v != t {
							labels[t] = v
						}
					}
				}
			}
		}
		tables[f] = keywordField(terms, labels, values)

	}

	for _, sub := range []string{"terms", "docs"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return st, fmt.Errorf("search: %w", err)
		}
	}
	for name, fields := range map[string][]string{"facets.bin": m.Facets, "keywords.bin": m.Keywords} {
		var b []byte
		for _, f := range fields {
			b = append(b, tables[f]...)
		}
		if err := writeFile(filepath.Join(dir, name), b); err != nil {
			return st, err
		}
	}

	// Term records. Frequent terms get files of their own, numbered in the
	// order of their hashes (a term whose hash another frequent term has
	// already stays in its shard); the others share hash shards.
	records := make(map[string][]byte, len(all))
	var frequent []string
	for _, term := range sortedKeys(all) {
		var wa, wt bitWriter
		writePostings(&wa, all[term], lenAll, allLen)
		if tl, ok := title[term]; ok {
			writePostings(&wt, tl, lenTitle, titleLen)
		}
		records[term] = termRecord(term, wa.bytes(), wt.bytes())
		if len(records[term]) > ownFile {
			frequent = append(frequent, term)
		}
	}
	slices.SortFunc(frequent, func(a, b string) int {
		return cmp.Or(cmp.Compare(frequentHash(a), frequentHash(b)), strings.Compare(a, b))
	})
	var hashes []byte
	prev, own := uint32(0), 0
	for _, term := range frequent {
		h := frequentHash(term)
		if own > 0 && h == prev {
			continue
		}
		hashes = appendVarint(hashes, uint64(h-prev))
		if err := writeFile(filepath.Join(dir, "terms", "f"+strconv.Itoa(own)+".bin"), records[term]); err != nil {
			return st, err
		}
		delete(records, term)
		prev = h
		own++
	}
	m.Frequent = string(hashes)
	total := 0
	for _, rec := range records {
		total += len(rec)
	}
	m.Shards = min(max(1, (total+shardTarget-1)/shardTarget), maxShards)
	buckets := make([][]byte, m.Shards)
	for _, term := range sortedKeys(records) {
		n := shardOf(term, m.Shards)
		buckets[n] = append(buckets[n], records[term]...)
	}
	for i, b := range buckets {
		if err := writeFile(filepath.Join(dir, "terms", strconv.Itoa(i)+".bin"), b); err != nil {
			return st, err
		}
	}

	// Display chunks.
	prefix, suffix := urlPattern(order)
	m.Chunk = chunkDocs
	m.Chunks = (len(order) + chunkDocs - 1) / chunkDocs
	for c := 0; c < m.Chunks; c++ {
		recs := make([][]any, 0, chunkDocs)
		for _, d := range order[c*chunkDocs : min((c+1)*chunkDocs, len(order))] {
			url := d.URL
			if prefix != "" || suffix != "" {
				url = ""
			}
			recs = append(recs, []any{d.ID, d.Title, url, dateOf(d.Started), d.Severity, passages(d)})
		}
		if err := writeJSON(filepath.Join(dir, "docs", strconv.Itoa(c)+".json"), recs); err != nil {
			return st, err
		}
	}
	if prefix != "" || suffix != "" {
		m.URL = []string{prefix, suffix}
	}
	if err := writeJSON(filepath.Join(dir, "manifest.json"), m); err != nil {
		return st, err
	}
	return browserStats{terms: len(all), shards: m.Shards, own: own, chunks: m.Chunks}, nil
}

// lenCode is how a text field's lengths are written in its postings:
// rice(length - min, k).
type lenCode struct {
	min uint64
	k   uint
}

// lengthCode picks the code of a field's lengths that makes its postings
// shortest: every posting carries its document's length.
func lengthCode(field map[string][]posting, lens []uint64) lenCode {
	count := make([]uint64, len(lens)) // postings per document
	for _, list := range field {
		for _, p := range list {
			count[p.doc]++
		}
	}
	c := lenCode{min: math.MaxUint64}
	for d, n := range count {
		if n > 0 {
			c.min = min(c.min, lens[d])
		}
	}
	if c.min == math.MaxUint64 {
		return lenCode{}
	}
	var best uint64
	for k := uint(0); k < 32; k++ {
		var bits uint64
		for d, n := range count {
			if n > 0 {
				bits += n * riceBits(lens[d]-c.min, k)
			}
		}
		if k == 0 || bits < best {
			best, c.k = bits, k
		}
	}
	return c
}

// writePostings writes a posting list in the format described above.
func writePostings(w *bitWriter, list []posting, lens []uint64, lc lenCode) {
	gaps := make([]uint64, len(list))
	freqs := make([]uint64, len(list))
	prev := -1
	for i, p := range list {
		gaps[i] = uint64(p.doc - prev - 1)
		freqs[i] = p.freq - 1
		prev = p.doc
	}
	kg, kf := bestRice(gaps, 1<<kGapBits-1), bestRice(freqs, 1<<kFreqBits-1)
	w.expGolomb(uint64(len(list)))
	w.bits(uint64(kg), kGapBits)
	w.bits(uint64(kf), kFreqBits)
	for i, p := range list {
		w.rice(gaps[i], kg)
		w.rice(freqs[i], kf)
		w.rice(lens[p.doc]-lc.min, lc.k)
	}
}

// termRecord is a term's record in a term file.
func termRecord(term string, all, title []byte) []byte {
	b := appendUvarint(nil, uint64(len(term)))
	b = append(b, term...)
	b = appendUvarint(b, uint64(len(all)))
	b = appendUvarint(b, uint64(len(title)))
	b = append(b, all...)
	return append(b, title...)
}

// keywordField is one field of a keyword table: its terms (sorted), the
// labels that differ from them, and each document's value ids (values).
func keywordField(terms []string, labels map[string]string, values [][]int) []byte {
	w := bitWriter{buf: keywordHead(terms, labels)}
	writeKeywordValues(&w, len(terms), values, kwBest)
	return w.bytes()
}

// keywordHead is the start of a keyword field: its terms and labels.
func keywordHead(terms []string, labels map[string]string) []byte {
	b := appendUvarint(nil, uint64(len(terms)))
	prev := ""
	for _, t := range terms {
		n := 0
		for n < len(t) && n < len(prev) && t[n] == prev[n] {
			n++
		}
		b = appendUvarint(b, uint64(n))
		b = appendUvarint(b, uint64(len(t)-n))
		b = append(b, t[n:]...)
		prev = t
	}
	b = appendUvarint(b, uint64(len(labels)))
	for id, t := range terms {
		if l, ok := labels[t]; ok {
			b = appendUvarint(b, uint64(id))
			b = appendUvarint(b, uint64(len(l)))
			b = append(b, l...)
		}
	}
	return b
}

// Ways of writing a keyword field's values (see the format above).
const (
	kwFixed = iota // combination ids in fixed width
	kwRuns         // runs of combination ids
	kwRice         // combination ids, the most frequent first, Rice coded
	kwLists        // no combinations: each document's value ids
	kwBest  = -1   // the shortest of the above
)

// writeKeywordValues writes the bit stream of a keyword field: values
// holds each document's value ids, in order, with repetition. mode is one
// of the kw constants.
func writeKeywordValues(w *bitWriter, terms int, values [][]int, mode int) {
	key := func(v []int) string {
		var b []byte
		for _, id := range v {
			b = appendUvarint(b, uint64(id))
		}
		return string(b)
	}
	count := map[string]int{}
	first := map[string][]int{}
	for _, v := range values {
		k := key(v)
		if count[k] == 0 {
			first[k] = v
		}
		count[k]++
	}
	combos := make([][]int, 0, len(first))
	for _, v := range first {
		combos = append(combos, v)
	}
	slices.SortFunc(combos, func(a, b []int) int {
		if ca, cb := count[key(a)], count[key(b)]; ca != cb {
			return cb - ca
		}
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return slices.Compare(a, b)
	})
	ids := make(map[string]uint64, len(combos))
	for i, c := range combos {
		ids[key(c)] = uint64(i)
	}
	codes := make([]uint64, len(values))
	for i, v := range values {
		codes[i] = ids[key(v)]
	}
	b, cw := bitLen(terms), bitLen(len(combos))

	// The cost of each way, in bits.
	dict := expGolombBits(uint64(len(combos))) + 5
	for _, c := range combos {
		dict += expGolombBits(uint64(len(c))) + uint64(len(c))*uint64(b)
	}
	type run struct{ code, n uint64 }
	var runs []run
	for _, c := range codes {
		if len(runs) > 0 && runs[len(runs)-1].code == c {
			runs[len(runs)-1].n++
		} else {
			runs = append(runs, run{c, 1})
		}
	}
	runBits := expGolombBits(uint64(len(runs)))
	for _, r := range runs {
		runBits += expGolombBits(r.n-1) + uint64(cw)
	}
	kCode := bestRice(codes, 31)
	codeBits := uint64(5)
	for _, c := range codes {
		codeBits += riceBits(c, kCode)
	}
	var sizes, firsts, gaps []uint64
	for _, v := range values {
		sizes = append(sizes, uint64(len(v)))
		for i, id := range v {
			if i == 0 {
				firsts = append(firsts, uint64(id))
			} else {
				gaps = append(gaps, uint64(id-v[i-1]))
			}
		}
	}
	ks, kf, kg := bestRice(sizes, 31), bestRice(firsts, 31), bestRice(gaps, 31)
	listBits := uint64(15)
	for _, n := range sizes {
		listBits += riceBits(n, ks)
	}
	for _, v := range firsts {
		listBits += riceBits(v, kf)
	}
	for _, v := range gaps {
		listBits += riceBits(v, kg)
	}
	if mode == kwBest {
		costs := []uint64{dict + uint64(len(codes))*uint64(cw), dict + runBits, dict + codeBits, listBits}
		mode = slices.Index(costs, slices.Min(costs))
	}

	w.bits(uint64(mode), 2)
	if mode == kwLists {
		w.bits(uint64(ks), 5)
		w.bits(uint64(kf), 5)
		w.bits(uint64(kg), 5)
		for _, v := range values {
			w.rice(uint64(len(v)), ks)
			for i, id := range v {
				if i == 0 {
					w.rice(uint64(id), kf)
				} else {
					w.rice(uint64(id-v[i-1]), kg)
				}
			}
		}
		w.align()
		return
	}
	w.expGolomb(uint64(len(combos)))
	w.bits(uint64(b), 5)
	for _, c := range combos {
		w.expGolomb(uint64(len(c)))
		for _, id := range c {
			w.bits(uint64(id), b)
		}
	}
	switch mode {
	case kwFixed:
		for _, c := range codes {
			w.bits(c, cw)
		}
	case kwRuns:
		w.expGolomb(uint64(len(runs)))
		for _, r := range runs {
			w.expGolomb(r.n - 1)
			w.bits(r.code, cw)
		}
	case kwRice:
		w.bits(uint64(kCode), 5)
		for _, c := range codes {
			w.rice(c, kCode)
		}
	}
	w.align()
}

func expGolombBits(v uint64) uint64 {
	n := uint64(0)
	for x := v + 1; x > 0; x >>= 1 {
		n++
	}
	return 2*n - 1
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func writeFile(path string, b []byte) error {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// exporter reads postings out of a bleve index reader.
type exporter struct {
	rd  index.IndexReader
	num map[string]int // external id → document number
	ids map[string]int // internal id → document number (cache)
}

// field returns the postings of every term of field, in document order,
// and fills lens with each document's field length, recovered from the
// norm (zap stores the length and derives the norm as float32(1/√length)).
func (ex *exporter) field(field string, lens []uint64) (map[string][]posting, error) {
	dict, err := ex.rd.FieldDict(field)
	if err != nil {
		return nil, fmt.Errorf("search: reading %s terms: %w", field, err)
	}
	var terms []string
	for {
		de, err := dict.Next()
		if err != nil {
			_ = dict.Close()
			return nil, fmt.Errorf("search: reading %s terms: %w", field, err)
		}
		if de == nil {
			break
		}
		terms = append(terms, de.Term)
	}
	if err := dict.Close(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	out := make(map[string][]posting, len(terms))
	for _, term := range terms {
		list, err := ex.postings(field, term, lens)
		if err != nil {
			return nil, err
		}
		out[term] = list
	}
	return out, nil
}

func (ex *exporter) postings(field, term string, lens []uint64) ([]posting, error) {
	tfr, err := ex.rd.TermFieldReader(context.Background(), []byte(term), field, true, true, false)
	if err != nil {
		return nil, fmt.Errorf("search: reading %s:%s: %w", field, term, err)
	}
	defer func() { _ = tfr.Close() }()
	var list []posting
	for {
		tfd, err := tfr.Next(nil)
		if err != nil {
			return nil, fmt.Errorf("search: reading %s:%s: %w", field, term, err)
		}
		if tfd == nil {
			break
		}
		n, ok := ex.ids[string(tfd.ID)]
		if !ok {
			ext, err := ex.rd.ExternalID(tfd.ID)
			if err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			if n, ok = ex.num[ext]; !ok {
				return nil, fmt.Errorf("search: browser index: the index has document %q that was not given", ext)
			}
			ex.ids[string(tfd.ID)] = n
		}
		l := uint64(math.Round(1 / (tfd.Norm * tfd.Norm)))
		if fieldNorm(l) != tfd.Norm {
			return nil, fmt.Errorf("search: browser index: norm %v of %s in %s is not a field length", tfd.Norm, term, field)
		}
		if lens[n] != 0 && lens[n] != l {
			return nil, fmt.Errorf("search: browser index: document %d has two lengths in %s", n, field)
		}
		lens[n] = l
		list = append(list, posting{doc: n, freq: tfd.Freq})
	}
	slices.SortFunc(list, func(a, b posting) int { return a.doc - b.doc })
	return list, nil
}

// fieldNorm is bleve's (zap's) norm for a field of length l; search.js
// computes Math.fround(1 / Math.sqrt(l)), which is the same float.
func fieldNorm(l uint64) float64 { return float64(float32(1 / math.Sqrt(float64(l)))) }

// shardOf is FNV-1a (32 bits) of the term's UTF-8 bytes modulo shards;
// search.js computes the same.
func shardOf(term string, shards int) int { return int(fnv1a(term) % uint32(shards)) }

// frequentHash is the hash by which the manifest lists a frequent term: the
// top 24 bits of its FNV-1a.
func frequentHash(term string) uint32 { return fnv1a(term) >> 8 }

func fnv1a(term string) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(term))
	return h.Sum32()
}

func keywordValues(d *Document, field string) []string {
	switch field {
	case fieldSeverity:
		return nonEmpty(d.Severity)
	case fieldService:
		return d.Services
	case fieldTeam:
		return d.Teams
	case fieldTag:
		return d.Tags
	case fieldCategory:
		return d.Categories
	case fieldStatus:
		return nonEmpty(d.Status)
	case fieldKind:
		return nonEmpty(d.Kind)
	case fieldYear:
		if d.Year != 0 {
			return []string{strconv.Itoa(d.Year)}
		}
	}
	return nil
}

func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}

// urlPattern finds the prefix and suffix around the id shared by every
// document's URL, so the chunks need not repeat them.
func urlPattern(docs []*Document) (prefix, suffix string) {
	if len(docs) == 0 {
		return "", ""
	}
	i := strings.LastIndex(docs[0].URL, docs[0].ID)
	if i < 0 {
		return "", ""
	}
	prefix, suffix = docs[0].URL[:i], docs[0].URL[i+len(docs[0].ID):]
	if prefix == "" && suffix == "" {
		return "", ""
	}
	for _, d := range docs {
		if d.URL != prefix+d.ID+suffix {
			return "", ""
		}
	}
	return prefix, suffix
}

// passages are the short texts a result's snippet is cut from, in order of
// preference, within passageBudget characters: the summary, the impact,
// the recommendations, the timeline, the analysis and the body's opening,
// a passage that does not fit cut at a word (when minPassage characters
// are left). The page marks the query's terms in them with its own
// analyzer.
func passages(d *Document) []string {
	budget := passageBudget
	var out []string
	add := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		if s == "" || budget <= 0 {
			return
		}
		if utf8.RuneCountInString(s) > budget {
			if budget < minPassage {
				return // a stub would show nothing; a shorter passage may fit whole
			}
			s = truncate(s, budget)
		}
		budget -= utf8.RuneCountInString(s)
		out = append(out, s)
	}
	add(d.Summary)
	add(d.Impact)
	for _, r := range d.Recommendations {
		add(r)
	}
	for _, t := range d.Timeline {
		add(t)
	}
	for _, a := range d.Analysis {
		add(a)
	}
	add(d.Body)
	return out
}

// truncate cuts s to at most n runes at a word boundary and adds an ellipsis.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := n - 1
	for i := cut; i > n/2; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	return strings.TrimRight(string(r[:cut]), " ") + "…"
}

func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("search: encoding %s: %w", path, err)
	}
	if err := os.WriteFile(path, bytes.TrimRight(buf.Bytes(), "\n"), 0o644); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}
