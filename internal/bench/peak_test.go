package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/site"
)

// BenchmarkBuildPeak builds generated sites into a folder, as
// BenchmarkBuild does, and reports the highest live heap seen during the
// build (peak-live-MiB, sampled every 10 ms from /gc/heap/live:bytes, which
// each collection updates): what a build holds at once, the floor of its
// peak RSS. With DOSSIER_PEAK_PROFILE=FILE it writes the heap profile taken
// at that moment, to see what was live:
//
//	DOSSIER_PEAK_PROFILE=peak.pb.gz go test -run '^$' -bench 'BuildPeak/points=1000$' -benchtime 1x ./internal/bench
//	go tool pprof -sample_index=inuse_space -top -cum peak.pb.gz
func BenchmarkBuildPeak(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			fsys := siteFS(b, n)
			out := b.TempDir() + "/public"
			var peak uint64
			var profile bytes.Buffer
			for b.Loop() {
				runtime.GC()
				done := make(chan struct{})
				watched := make(chan struct{})
				go func() {
					defer close(watched)
					s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
					tick := time.NewTicker(10 * time.Millisecond)
					defer tick.Stop()
					for {
						select {
						case <-done:
							return
						case <-tick.C:
						}
						metrics.Read(s)
						if v := s[0].Value.Uint64(); v > peak {
							peak = v
							profile.Reset()
							if err := pprof.Lookup("heap").WriteTo(&profile, 0); err != nil {
								b.Error(err)
							}
						}
					}
				}()
				_, err := site.Build(context.Background(), fsys, site.Options{Out: out})
				close(done)
				<-watched
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-MiB")
			if file := os.Getenv("DOSSIER_PEAK_PROFILE"); file != "" {
				if err := os.WriteFile(file, profile.Bytes(), 0o644); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
