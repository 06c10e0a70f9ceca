package site

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/bench"
)

// BenchmarkPrepare times the stages before rendering, load, parse and
// resolve, of a whole build of a generated site (read from memory): the
// part of a build that does not render, and of a preview's first build.
func BenchmarkPrepare(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			fsys := fstest.MapFS{}
			for name, data := range bench.Generate(bench.Options{Points: n}) {
				fsys[name] = &fstest.MapFile{Data: data}
			}
			for b.Loop() {
				_, diags, err := prepare(context.Background(), fsys, Options{}, caches{})
				if err != nil || diags.HasErrors() {
					b.Fatal(err, diags)
				}
			}
		})
	}
}
