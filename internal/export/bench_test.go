package export_test

import (
	"os"
	"strconv"
	"testing"

	"retro/internal/build"
	"retro/internal/export"
	"retro/internal/gen"
)

// BenchmarkWrite measures export.Write alone on a generated archive of
// 1,000 retrospectives (RETRO_EXPORT_BENCH_N overrides the size, e.g.
// 10000), into a folder without pages: the sitemap walk is then empty.
func BenchmarkWrite(b *testing.B) {
	n := 1000
	if s := os.Getenv("RETRO_EXPORT_BENCH_N"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			b.Fatal(err)
		}
		n = v
	}
	src := b.TempDir()
	if err := gen.Write(src, n); err != nil {
		b.Fatal(err)
	}
	a := load(b, build.Options{Source: src, Now: fixedNow})
	b.ResetTimer()
	for b.Loop() {
		if _, err := export.Write(a, b.TempDir()); err != nil {
			b.Fatal(err)
		}
	}
}
