package search

import (
	"fmt"
	"path/filepath"
	"slices"

	"github.com/blevesearch/bleve/v2/search/query"

	"retro/internal/search/browserindex"
)

// FirstPage is the number of results the search page shows at first (its
// PAGE), whose display chunks a first query fetches.
const FirstPage = 10

// FirstQuery is what the search page fetches to answer a query typed on a
// fresh page and show its first page of results: files relative to the
// browser index, in no particular order, and their total size.
type FirstQuery struct {
	Query string
	Files []string
	Bytes int64
}

// FirstQueries resolves, for each query, the files that the page fetches
// for it on a fresh page of the site built in outDir before it shows its
// results, as browserindex's Reader names them: the manifest, the term
// file of every distinct text term and keyword value, and the display
// chunks of the first FirstPage results. The facet table, which the facet
// counts beside the results need, is fetched once the results are shown,
// and is not counted. The results
// are `retro search`'s, which are the page's for every query it runs
// exactly (see TestRankingParity); for phrases, wildcards and ranges, which
// the page approximates, the chunks may differ. A test checks the files
// against those the page fetches.
func FirstQueries(outDir string, queries []string) ([]FirstQuery, error) {
	br, err := browserindex.Open(filepath.Join(outDir, filepath.FromSlash(BrowserDir)))
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	x, err := Open(filepath.Join(outDir, filepath.FromSlash(IndexDir)))
	if err != nil {
		return nil, err
	}
	defer x.Close()
	nums, err := x.docNumbers()
	if err != nil {
		return nil, err
	}
	var out []FirstQuery
	for _, q := range queries {
		bq, err := x.parse(q)
		if err != nil {
			return nil, err
		}
		files := []string{"manifest.json"}
		add := func(f string) {
			if f != "" && !slices.Contains(files, f) {
				files = append(files, f)
			}
		}
		for _, c := range matchClauses(bq, false, nil) {
			if c.field == fieldPairs {
				tf, err := br.TermFiles(c.text)
				if err != nil {
					return nil, fmt.Errorf("search: %w", err)
				}
				for _, f := range tf {
					add(f)
				}
			} else if c.field == "" || c.field == fieldAll || slices.Contains(textFields, c.field) {
				for _, tok := range x.m.AnalyzerNamed(analyzerText).Analyze([]byte(c.text)) {
					tf, err := br.TermFiles(string(tok.Term))
					if err != nil {
						return nil, fmt.Errorf("search: %w", err)
					}
					for _, f := range tf {
						add(f)
					}
				}
			} else if slices.Contains(keywordFields, c.field) {
				for _, tok := range x.m.AnalyzerNamed(analyzerKeyword).Analyze([]byte(c.text)) {
					tf, err := br.TermFiles(browserindex.KeywordKey(c.field, string(tok.Term)))
					if err != nil {
						return nil, fmt.Errorf("search: %w", err)
					}
					for _, f := range tf {
						add(f)
					}
				}
			}
		}
		res, err := x.Search(q, FirstPage)
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			n, ok := nums[h.ID]
			if !ok {
				return nil, fmt.Errorf("search: %s is in the index but has no number", h.ID)
			}
			add(br.ChunkFile(n))
		}
		fq := FirstQuery{Query: q, Files: files}
		for _, f := range files {
			size, err := br.Size(f)
			if err != nil {
				return nil, fmt.Errorf("search: %w", err)
			}
			fq.Bytes += size
		}
		out = append(out, fq)
	}
	return out, nil
}

// FirstQueryBytes is the bytes and the number of files that the page
// fetches for q on a fresh page of the site built in outDir (see
// FirstQueries).
func FirstQueryBytes(outDir, q string) (bytes int64, files int, err error) {
	fq, err := FirstQueries(outDir, []string{q})
	if err != nil {
		return 0, 0, err
	}
	return fq[0].Bytes, len(fq[0].Files), nil
}

// docNumbers numbers the indexed documents in id order, as the browser
// index does.
func (x *Index) docNumbers() (map[string]int, error) {
	adv, err := x.idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	rd, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer func() { _ = rd.Close() }()
	dr, err := rd.DocIDReaderAll()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer func() { _ = dr.Close() }()
	var ids []string
	for {
		id, err := dr.Next()
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		if id == nil {
			break
		}
		ext, err := rd.ExternalID(id)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		ids = append(ids, ext)
	}
	slices.Sort(ids)
	nums := make(map[string]int, len(ids))
	for i, id := range ids {
		nums[id] = i
	}
	return nums, nil
}

// clause is a match or phrase query of a parsed query: the text the page
// analyzes to find the files it needs; or a pair term, which it looks up
// as it is.
type clause struct {
	field, text string
	phrase      bool
	not         bool // excluded: under a must-not
}

// matchClauses lists the match and phrase queries in q (and the pair
// terms), excluded ones included (the page fetches their postings too)
// and marked.
func matchClauses(q query.Query, not bool, out []clause) []clause {
	switch q := q.(type) {
	case *query.BooleanQuery:
		for _, c := range []query.Query{q.Must, q.Should} {
			if c != nil {
				out = matchClauses(c, not, out)
			}
		}
		if q.MustNot != nil {
			out = matchClauses(q.MustNot, true, out)
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			out = matchClauses(c, not, out)
		}
	case *query.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			out = matchClauses(c, not, out)
		}
	case *query.MatchQuery:
		out = append(out, clause{q.FieldVal, q.Match, false, not})
	case *query.MatchPhraseQuery:
		out = append(out, clause{q.FieldVal, q.MatchPhrase, true, not})
	case *query.TermQuery:
		if q.FieldVal == fieldPairs {
			out = append(out, clause{q.FieldVal, q.Term, false, not})
		}
	}
	return out
}
