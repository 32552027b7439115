package browserindex

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// Reader resolves, as the page does, which files of a browser index a
// reader fetches: for a term, for a keyword field, for a result. The
// benchmark counts a first query's bytes with it, and a test holds it to
// what the page fetches.
type Reader struct {
	dir      string
	Manifest Manifest
	frequent []uint32          // the frequent terms' hashes; ownFileName(i) holds the i-th
	own      map[string]string // own file → its term, read on demand
}

// Open reads the manifest of the browser index in dir.
func Open(dir string) (*Reader, error) {
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, err
	}
	r := &Reader{dir: dir, own: map[string]string{}}
	if err := json.Unmarshal(b, &r.Manifest); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	if r.Manifest.Version != Version {
		return nil, fmt.Errorf("%s: browser index version %d, want %d", dir, r.Manifest.Version, Version)
	}
	// A shipped index is read by whoever fetches it: shard and chunk
	// numbers divide term hashes and document numbers, so zero or less is
	// refused here rather than panicking in a lookup.
	if r.Manifest.Shards < 1 || r.Manifest.Chunk < 1 || r.Manifest.Docs < 0 || r.Manifest.Chunks < 0 {
		return nil, fmt.Errorf("%s: manifest: shards %d, chunk %d, docs %d: not an index this version writes", dir, r.Manifest.Shards, r.Manifest.Chunk, r.Manifest.Docs)
	}
	deltas, err := DecodeVarints(r.Manifest.Frequent)
	if err != nil {
		return nil, fmt.Errorf("%s: manifest: frequent: %w", dir, err)
	}
	var h uint64
	for _, d := range deltas {
		h += d
		r.frequent = append(r.frequent, uint32(h))
	}
	return r, nil
}

// TermFiles are the files fetched to find a text term's postings, in the
// order they are fetched: its own file if its hash is a frequent term's,
// and its shard unless that own file holds it.
func (r *Reader) TermFiles(term string) ([]string, error) {
	var files []string
	if i, ok := slices.BinarySearch(r.frequent, frequentHash(term)); ok {
		f := ownFileName(i)
		files = append(files, f)
		t, ok := r.own[f]
		if !ok {
			var err error
			if t, err = firstTerm(filepath.Join(r.dir, filepath.FromSlash(f))); err != nil {
				return nil, err
			}
			r.own[f] = t
		}
		if t == term {
			return files, nil
		}
	}
	return append(files, shardFileName(shardOf(term, r.Manifest.Shards))), nil
}

// ChunkFile is the display chunk of document doc.
func (r *Reader) ChunkFile(doc int) string { return chunkFileName(doc / r.Manifest.Chunk) }

// Size is the size of a file of the index, named as the Reader names them.
func (r *Reader) Size(file string) (int64, error) {
	info, err := os.Stat(filepath.Join(r.dir, filepath.FromSlash(file)))
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

// OwnTerms are the terms of the frequent terms' own files, in file order.
func (r *Reader) OwnTerms() ([]string, error) {
	var out []string
	for i := range r.frequent {
		t, err := firstTerm(filepath.Join(r.dir, filepath.FromSlash(ownFileName(i))))
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// firstTerm is the term of the first record of a term file.
func firstTerm(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	n, k := binary.Uvarint(b)
	if k <= 0 || uint64(len(b)-k) < n {
		return "", fmt.Errorf("%s: truncated", path)
	}
	return string(b[k : k+int(n)]), nil
}
