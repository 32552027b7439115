package build

import (
	"path/filepath"
	"testing"

	"retro/internal/gen"
)

// BenchmarkBuild loads, checks, renders and indexes a generated archive of
// 1,000 retrospectives; `make bench` measures 1,000 and 10,000 end to end.
func BenchmarkBuild(b *testing.B) {
	src := b.TempDir()
	if err := gen.Write(src, 1000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a, fs, err := Load(Options{Source: src, Now: fixedNow})
		if err != nil || fs.Errors(false) > 0 {
			b.Fatalf("%v %d errors", err, fs.Errors(false))
		}
		if _, err := Write(a, filepath.Join(b.TempDir(), "public")); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoad is the part of a build before rendering.
func BenchmarkLoad(b *testing.B) {
	src := b.TempDir()
	if err := gen.Write(src, 1000); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := Load(Options{Source: src, Now: fixedNow}); err != nil {
			b.Fatal(err)
		}
	}
}
