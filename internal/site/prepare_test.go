package site

import (
	"context"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/sitefs"
)

// BenchmarkPrepare times the stages before rendering, load, parse and
// resolve, of a whole build of a generated site: the part of a build that
// does not render, and of a preview's first build. The site is read from
// memory (fs=mem) or, as the dossier command reads it, from a folder on
// disk through sitefs.Open (fs=disk). On a machine shared with other
// work, cpu-ms/op (user and system time of the whole process) is steadier
// than the time per operation.
func BenchmarkPrepare(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		files := bench.Generate(bench.Options{Points: n})
		for _, kind := range []string{"mem", "disk"} {
			b.Run(fmt.Sprintf("points=%d/fs=%s", n, kind), func(b *testing.B) {
				var fsys fs.FS
				if kind == "mem" {
					m := fstest.MapFS{}
					for name, data := range files {
						m[name] = &fstest.MapFile{Data: data}
					}
					fsys = m
				} else {
					dir := b.TempDir()
					if err := bench.Write(dir, files); err != nil {
						b.Fatal(err)
					}
					var err error
					if fsys, err = sitefs.Open(dir); err != nil {
						b.Fatal(err)
					}
				}
				cpu := cpuTime()
				for b.Loop() {
					_, diags, err := prepare(context.Background(), fsys, Options{}, caches{})
					if err != nil || diags.HasErrors() {
						b.Fatal(err, diags)
					}
				}
				if cpu != 0 {
					b.ReportMetric(float64(cpuTime()-cpu)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
				}
			})
		}
	}
}
