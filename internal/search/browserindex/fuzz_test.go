package browserindex

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// FuzzOpen reads arbitrary manifests: Open either fails or gives a reader
// whose lookups do not panic. Seeds: testdata/fuzz/FuzzOpen.
func FuzzOpen(f *testing.F) {
	f.Add([]byte(`{"version":` + strconv.Itoa(Version) + `,"docs":3,"shards":4,"chunk":64,"chunks":1,"frequent":"BC"}`))
	f.Fuzz(func(t *testing.T, manifest []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "manifest.json"), manifest, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(dir)
		if err != nil {
			return
		}
		_, _ = r.TermFiles("checkout")
		_, _ = r.TermFiles(KeywordKey("service", "checkout-api"))
		if r.Manifest.Chunk > 0 {
			_ = r.ChunkFile(3)
		}
		_, _ = r.OwnTerms()
	})
}

// FuzzDecodeVarints decodes arbitrary strings, and what AppendVarint wrote
// decodes to what it was given.
func FuzzDecodeVarints(f *testing.F) {
	f.Add("", uint64(300))
	f.Fuzz(func(t *testing.T, s string, v uint64) {
		_, _ = DecodeVarints(s)
		got, err := DecodeVarints(string(AppendVarint(nil, v)))
		if err != nil || len(got) != 1 || got[0] != v {
			t.Fatalf("%d → %v, %v", v, got, err)
		}
	})
}
