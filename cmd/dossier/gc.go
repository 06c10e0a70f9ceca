package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// The collector's setting during a build. Most of a build's live heap is
// the model, which it holds to the end, so Go's default (GOGC=100: the heap
// may grow by all that is live before the next collection) doubles it in
// RSS. A build lets the heap grow by half of what is live
// (buildGCPercent), or by buildHeadroom if that is more, up to
// maxGCPercent: a small site's heap of a few MiB is not collected every
// few hundred KiB, and a big one's peak stays near 1.5 times its live heap.
//
// Measured on the generated sites (dossier build under /usr/bin/time): at
// 1,000 points (6 interleaved runs, medians) peak RSS 129 MiB at the
// default, 101 MiB at GOGC=50 (Hugo: 103 MiB), for 9% more user CPU
// (3.84 → 4.17 s); at 10,000 points (one run each) 850 → 630 MiB (Hugo:
// 553 MiB) for 17% more (44.8 → 52.2 s). At 28 points, GOGC=50 alone took
// 7% more time than the default: the headroom gives that back.
const (
	buildGCPercent = 50
	maxGCPercent   = 400
	buildHeadroom  = 24 << 20
)

// gcPercentFor returns the GOGC that lets a heap of live bytes grow by
// buildHeadroom, within [buildGCPercent, maxGCPercent].
func gcPercentFor(live uint64) int {
	if live == 0 {
		return maxGCPercent
	}
	return min(max(int(buildHeadroom*100/live), buildGCPercent), maxGCPercent)
}

// tuneGC sets the collector for a build and returns what puts it back: it
// sets GOGC from the live heap after every collection. A GOGC or
// GOMEMLIMIT in the environment wins: whoever sets one has chosen.
func tuneGC() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	old := debug.SetGCPercent(maxGCPercent)
	var (
		mu   sync.Mutex
		done bool
	)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	// A cleanup of an object nothing refers to runs after the collection
	// that finds it unreachable: it reads the live heap that collection
	// measured, sets GOGC from it and arms itself again for the next one.
	var arm func()
	arm = func() {
		// Not a tiny object (under 16 bytes), whose cleanup may never run.
		runtime.AddCleanup(new([64]byte), func(struct{}) {
			mu.Lock()
			defer mu.Unlock()
			if done {
				return
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetGCPercent(gcPercentFor(sample[0].Value.Uint64()))
			}
			arm()
		}, struct{}{})
	}
	arm()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		done = true
		debug.SetGCPercent(old)
	}
}
