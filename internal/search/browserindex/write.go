package browserindex

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Version is the format's number, in the manifest (see FORMAT.md).
const Version = 7

// Tuning of the browser index; internal/search's TestMeasure shows the
// effect of each on the bytes of a first query.
const (
	// shardTarget is the encoded posting bytes aimed at per term shard.
	// A query term that is not frequent fetches a whole shard: at 10,000
	// retrospectives (12 MB of such records), 4 KB shards cost a
	// four-word query (four words, three pairs) 45 KB of term files, 2 KB
	// shards 41 KB, for 3,000 more files.
	shardTarget = 2 << 10
	// maxShards bounds the file count for very large archives. With the
	// pair terms, 10,000 retrospectives have about 28 MB of term records:
	// 4,096 shards made them 7 KB each, and a four-word query (four words
	// and three pairs) fetched over 100 KB; 8,192 keeps them near
	// shardTarget.
	maxShards = 8192
	// ownFile is the size above which a term's record gets a file of its
	// own instead of a place in a shard, so that a query for a rare term
	// does not fetch a frequent one's postings with it.
	ownFile = 2 << 10
	// chunkDocs is the number of documents per display chunk: a first page
	// of ten results fetches up to ten chunks. A chunk holds its
	// documents' items, a few KB each, so a chunk of one fetches no text
	// that is not shown.
	chunkDocs = 1
)

// Rice parameters are written in these many bits.
const (
	kGapBits  = 5
	kFreqBits = 4
)

// Text field names of the index.
const (
	FieldAll   = "_all"
	FieldTitle = "title"
	FieldPairs = "pairs"
)

// Posting is one document's occurrences of a term.
type Posting struct {
	Doc  int
	Freq uint64
}

// TextField is a text field's postings: per term, in document order; and
// every document's length in the field (the number of its tokens).
type TextField struct {
	Postings map[string][]Posting
	Lens     []uint64
}

// KeywordField is a keyword field: its terms in order, the labels that
// differ from them (the value as written), and each document's values as
// ids into Terms, in order, with repetition.
type KeywordField struct {
	Name   string
	Terms  []string
	Labels map[string]string
	Values [][]int
}

// Record is what a result shows of a document.
type Record struct {
	ID, Title, URL         string
	Date, Severity, Status string   // YYYY-MM-DD or ""; as written
	Services               []string // as shown
	Items                  []Item   // in page order
}

// Item is a part of a document with an anchor of its own, whose text the
// page searches for the query's words to show where a result matched.
type Item struct {
	Anchor, Section, Text string
}

// Index is everything the browser index holds, documents numbered in id
// order (Records[i] is document i).
type Index struct {
	Records    []Record
	PairBoost  float64
	Avg        map[string]float64 // BM25 field → its average length as bleve takes it
	All, Title TextField
	Pairs      TextField      // pair terms ("rate limit"), which hold a space as no _all term does
	Keywords   []KeywordField // every keyword field
	Facets     []string       // the names of those that go in facets.bin
}

// Stats describe what Write wrote.
type Stats struct{ Terms, Shards, Own, Chunks int }

// Manifest is manifest.json (see FORMAT.md).
type Manifest struct {
	Version   int                  `json:"version"`
	Docs      int                  `json:"docs"`
	PairBoost float64              `json:"pairBoost"`
	Avg       map[string]float64   `json:"avg"`
	Shards    int                  `json:"shards"`
	Frequent  string               `json:"frequent"`
	Len       map[string][2]uint64 `json:"len"`
	Chunk     int                  `json:"chunk"`
	Chunks    int                  `json:"chunks"`
	URL       []string             `json:"url,omitempty"`
	Sections  []string             `json:"sections"`
	Facets    []string             `json:"facets"`
	Keywords  []string             `json:"keywords"`
}

// Write writes x as a browser index into dir, which must not hold one
// already. It checks the invariants the page relies on.
func Write(dir string, x *Index) (st Stats, err error) {
	n := len(x.Records)
	for i := 1; i < n; i++ {
		if x.Records[i-1].ID >= x.Records[i].ID {
			return st, fmt.Errorf("browser index: documents are not in id order at %q", x.Records[i].ID)
		}
	}
	m := Manifest{
		Version: Version, Docs: n, PairBoost: x.PairBoost,
		Avg: x.Avg, Len: map[string][2]uint64{}, Facets: x.Facets, Keywords: []string{},
	}
	if m.Avg == nil {
		m.Avg = map[string]float64{}
	}
	if m.Facets == nil {
		m.Facets = []string{}
	}
	all, title := x.All.Postings, x.Title.Postings
	for term := range title {
		if _, ok := all[term]; !ok {
			return st, fmt.Errorf("browser index: title term %q is missing from _all", term)
		}
	}
	allLen := lengthCode(all, x.All.Lens)
	titleLen := lengthCode(title, x.Title.Lens)
	pairsLen := lengthCode(x.Pairs.Postings, x.Pairs.Lens)
	m.Len[FieldAll] = [2]uint64{allLen.min, uint64(allLen.k)}
	m.Len[FieldTitle] = [2]uint64{titleLen.min, uint64(titleLen.k)}
	m.Len[FieldPairs] = [2]uint64{pairsLen.min, uint64(pairsLen.k)}
	for term := range x.Pairs.Postings {
		if !strings.Contains(term, " ") {
			return st, fmt.Errorf("browser index: pair %q holds no space", term)
		}
	}
	for term := range all {
		if strings.ContainsAny(term, " \x00") {
			return st, fmt.Errorf("browser index: _all term %q holds a space or NUL", term)
		}
	}

	tables := map[string][]byte{}
	keywordPostings := map[string]map[string][]Posting{} // field → term → postings
	keywordLens := map[string][]uint64{}
	for _, f := range x.Keywords {
		if !slices.Contains(m.Facets, f.Name) {
			m.Keywords = append(m.Keywords, f.Name)
		}
		if len(f.Values) != n {
			return st, fmt.Errorf("browser index: keyword field %s has values of %d documents, not %d", f.Name, len(f.Values), n)
		}
		if slices.Contains(m.Facets, f.Name) {
			tables[f.Name] = keywordField(f.Terms, f.Labels, f.Values)
		}
		ps, lens := keywordPostingsOf(f)
		keywordPostings[f.Name], keywordLens[f.Name] = ps, lens
		lc := lengthCode(ps, lens)
		m.Len[f.Name] = [2]uint64{lc.min, uint64(lc.k)}
	}
	for _, f := range m.Facets {
		if _, ok := tables[f]; !ok {
			return st, fmt.Errorf("browser index: facet %s is not a keyword field", f)
		}
	}

	for _, sub := range []string{"terms", "docs"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return st, err
		}
	}
	var facets []byte
	for _, f := range m.Facets {
		facets = append(facets, tables[f]...)
	}
	if err := os.WriteFile(filepath.Join(dir, "facets.bin"), facets, 0o644); err != nil {
		return st, err
	}

	// Term records. Frequent terms get files of their own, numbered in the
	// order of their hashes (a term whose hash another frequent term has
	// already stays in its shard); the others share hash shards.
	records := make(map[string][]byte, len(all)+len(x.Pairs.Postings))
	var frequent []string
	for _, term := range sortedKeys(all) {
		var wa, wt bitWriter
		writePostings(&wa, all[term], x.All.Lens, allLen)
		if tl, ok := title[term]; ok {
			writePostings(&wt, tl, x.Title.Lens, titleLen)
		}
		records[term] = termRecord(term, wa.bytes(), wt.bytes())
		if len(records[term]) > ownFile {
			frequent = append(frequent, term)
		}
	}
	// A pair's record holds its pairs postings where a word's has _all's.
	for _, term := range sortedKeys(x.Pairs.Postings) {
		var wp bitWriter
		writePostings(&wp, x.Pairs.Postings[term], x.Pairs.Lens, pairsLen)
		records[term] = termRecord(term, wp.bytes(), nil)
		if len(records[term]) > ownFile {
			frequent = append(frequent, term)
		}
	}
	// A keyword value's record holds its postings in its field.
	for _, f := range x.Keywords {
		ps, lens := keywordPostings[f.Name], keywordLens[f.Name]
		lc := lengthCode(ps, lens)
		for _, term := range sortedKeys(ps) {
			var wk bitWriter
			writePostings(&wk, ps[term], lens, lc)
			key := KeywordKey(f.Name, term)
			records[key] = termRecord(key, wk.bytes(), nil)
			if len(records[key]) > ownFile {
				frequent = append(frequent, key)
			}
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
		hashes = AppendVarint(hashes, uint64(h-prev))
		if err := os.WriteFile(filepath.Join(dir, ownFileName(own)), records[term], 0o644); err != nil {
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
		s := shardOf(term, m.Shards)
		buckets[s] = append(buckets[s], records[term]...)
	}
	for i, b := range buckets {
		if err := os.WriteFile(filepath.Join(dir, shardFileName(i)), b, 0o644); err != nil {
			return st, err
		}
	}

	// Display chunks.
	prefix, suffix := urlPattern(x.Records)
	section := map[string]int{}
	m.Sections = []string{}
	m.Chunk = chunkDocs
	m.Chunks = (n + chunkDocs - 1) / chunkDocs
	for c := 0; c < m.Chunks; c++ {
		recs := make([][]any, 0, chunkDocs)
		for _, d := range x.Records[c*chunkDocs : min((c+1)*chunkDocs, n)] {
			url := d.URL
			if prefix != "" || suffix != "" {
				url = ""
			}
			// Items in runs of one section: [section, anchor, text,
			// anchor, text, ...], anchors coded against the previous one.
			items := make([][]any, 0, 8)
			prev, prevSection := "", -1
			for _, it := range d.Items {
				s, ok := section[it.Section]
				if !ok {
					s = len(m.Sections)
					section[it.Section] = s
					m.Sections = append(m.Sections, it.Section)
				}
				if it.Anchor == "" {
					return st, fmt.Errorf("browser index: an item of %s has no anchor", d.ID)
				}
				if s != prevSection {
					items = append(items, []any{s})
					prevSection = s
				}
				run := &items[len(items)-1]
				*run = append(*run, anchorCode(prev, it.Anchor), it.Text)
				prev = it.Anchor
			}
			services := d.Services
			if services == nil {
				services = []string{}
			}
			recs = append(recs, []any{d.ID, d.Title, url, d.Date, d.Severity, d.Status, services, items})
		}
		if err := writeJSON(filepath.Join(dir, chunkFileName(c)), recs); err != nil {
			return st, err
		}
	}
	if prefix != "" || suffix != "" {
		m.URL = []string{prefix, suffix}
	}
	if err := writeJSON(filepath.Join(dir, "manifest.json"), m); err != nil {
		return st, err
	}
	return Stats{Terms: len(all) + len(x.Pairs.Postings), Shards: m.Shards, Own: own, Chunks: m.Chunks}, nil
}

// anchorCode is how a display chunk writes an item's anchor after the
// previous item's, prev: "" for the same anchor (a section's paragraphs),
// 1 for prev with its trailing number plus one (timeline-6 after
// timeline-5), else the anchor itself.
func anchorCode(prev, anchor string) any {
	switch {
	case anchor == prev:
		return ""
	case anchor == nextAnchor(prev):
		return 1
	}
	return anchor
}

// nextAnchor is anchor with its trailing decimal number plus one, or ""
// when it ends in no number (or one too long for the page to count).
func nextAnchor(anchor string) string {
	i := len(anchor)
	for i > 0 && anchor[i-1] >= '0' && anchor[i-1] <= '9' {
		i--
	}
	n, err := strconv.Atoi(anchor[i:])
	if i == len(anchor) || err != nil || n >= 1e9 {
		return ""
	}
	return anchor[:i] + strconv.Itoa(n+1)
}

// KeywordKey is the name of a keyword field's value in the term files:
// the field, NUL and the value, which no text term holds.
func KeywordKey(field, term string) string { return field + "\x00" + term }

// keywordPostingsOf are the postings of a keyword field's values: a
// value's frequency is its multiplicity in the document, and every
// document's length in the field is its number of values.
func keywordPostingsOf(f KeywordField) (map[string][]Posting, []uint64) {
	ps := map[string][]Posting{}
	lens := make([]uint64, len(f.Values))
	for doc, ids := range f.Values {
		lens[doc] = uint64(len(ids))
		for _, id := range ids {
			list := ps[f.Terms[id]]
			if n := len(list); n > 0 && list[n-1].Doc == doc {
				list[n-1].Freq++
				continue
			}
			ps[f.Terms[id]] = append(list, Posting{Doc: doc, Freq: 1})
		}
	}
	return ps, lens
}

// Names of the files, relative to the index's folder.
func ownFileName(i int) string   { return "terms/f" + strconv.Itoa(i) + ".bin" }
func shardFileName(i int) string { return "terms/" + strconv.Itoa(i) + ".bin" }
func chunkFileName(i int) string { return "docs/" + strconv.Itoa(i) + ".json" }

// lenCode is how a text field's lengths are written in its postings:
// rice(length - min, k).
type lenCode struct {
	min uint64
	k   uint
}

// lengthCode picks the code of a field's lengths that makes its postings
// shortest: every posting carries its document's length.
func lengthCode(field map[string][]Posting, lens []uint64) lenCode {
	count := make([]uint64, len(lens)) // postings per document
	for _, list := range field {
		for _, p := range list {
			count[p.Doc]++
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

// writePostings writes a posting list (see FORMAT.md).
func writePostings(w *bitWriter, list []Posting, lens []uint64, lc lenCode) {
	gaps := make([]uint64, len(list))
	freqs := make([]uint64, len(list))
	prev := -1
	for i, p := range list {
		gaps[i] = uint64(p.Doc - prev - 1)
		freqs[i] = p.Freq - 1
		prev = p.Doc
	}
	kg, kf := bestRice(gaps, 1<<kGapBits-1), bestRice(freqs, 1<<kFreqBits-1)
	w.expGolomb(uint64(len(list)))
	w.bits(uint64(kg), kGapBits)
	w.bits(uint64(kf), kFreqBits)
	for i, p := range list {
		w.rice(gaps[i], kg)
		w.rice(freqs[i], kf)
		w.rice(lens[p.Doc]-lc.min, lc.k)
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

// shardOf is FNV-1a (32 bits) of the term's UTF-8 bytes modulo shards;
// the page (index.js) computes the same.
func shardOf(term string, shards int) int { return int(fnv1a(term) % uint32(shards)) }

// frequentHash is the hash by which the manifest lists a frequent term: the
// top 20 bits of its FNV-1a: with a thousand or two frequent terms, few
// other terms share one (and fetch an own file for nothing), and the
// manifest lists each in about two characters.
func frequentHash(term string) uint32 { return fnv1a(term) >> 12 }

func fnv1a(term string) uint32 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(term))
	return h.Sum32()
}

// urlPattern finds the prefix and suffix around the id shared by every
// document's URL, so the chunks need not repeat them.
func urlPattern(docs []Record) (prefix, suffix string) {
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

func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("browser index: encoding %s: %w", path, err)
	}
	return os.WriteFile(path, bytes.TrimRight(buf.Bytes(), "\n"), 0o644)
}
