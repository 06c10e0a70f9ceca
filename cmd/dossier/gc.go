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
// RSS. A build lets the heap grow by 65% of what is live
// (buildGCPercent), or by buildHeadroom if that is more, up to
// maxGCPercent: a small site's heap of a few MiB is not collected every
// few hundred KiB, and a big one's peak stays near 1.65 times its live
// heap.
//
// Measured on the generated sites (dossier build under /usr/bin/time): at
// 1,000 points (6 interleaved runs, medians) peak RSS 129 MiB at the
// default, 101 MiB at GOGC=50 (Hugo: 103 MiB), for 9% more user CPU
// (3.84 → 4.17 s); at 10,000 points (one run each) 850 → 630 MiB (Hugo:
// 553 MiB) for 17% more (44.8 → 52.2 s). At 28 points, GOGC=50 alone took
// 7% more time than the default: the headroom gives that back.
//
// buildGCPercent was 50 until the syntax trees were dropped as pages are
// made, which left the 10,000-point build's peak RSS at ~470–510 MiB
// against Hugo's ~560. At 65 (3 interleaved pairs, the first, into an
// empty output, left out): user+sys CPU 14.81, 15.62 → 14.16, 14.98 s and
// wall 8.90, 9.77 → 8.49, 9.01 s, peak RSS 484–508 → 507–513 MiB. At
// 1,000 points it changes nothing (the headroom decides there).
//
// buildHeadroom was 24 MiB, which left a 1,000-point build (~29 MiB live)
// collected four times in 0.3 s; at 48 MiB it is collected twice (10
// interleaved rebuilds: user+sys 0.57 → 0.535 s, wall 0.31 → 0.30 s, peak
// RSS 75-77 → 81-86 MiB, against Hugo's 99-104). From ~75 MiB live, the
// 65% decides, so 10,000 points are built as before.
//
// The live heap does not only grow: it is highest early in the making of
// the pages (the model, the syntax trees of all the Markdown, the search
// index being made) and falls as the pages are made (each page's trees
// are dropped once it is). The peak RSS is the highest heap the build
// reached, so once the heap was let grow to some size, letting it grow
// that far again costs no peak memory: the goal never falls far below
// the highest goal set before (see gcPercentFor), and a heap less live is
// collected less often.
const (
	buildGCPercent = 65
	maxGCPercent   = 400
	buildHeadroom  = 48 << 20
	// highPercent is how far back towards the highest goal a heap that
	// shrank may grow: a little short of it, as the memory a heap takes
	// exceeds its goal by what fragmentation leaves, which grows at the
	// end of a build (the link check and the commit allocate ~90 MiB at
	// 10,000 points after the last page is made).
	highPercent = 95
	// firstGCPercent is the GOGC from the start of a build to its first
	// collection. The runtime's goal is then at least its minimum heap,
	// 4 MiB times GOGC/100, here 32 MiB (or 9 times the few MiB live
	// after init, if that is more): a small site is built without a
	// collection (the 28-point one allocates ~26 MiB in all, init
	// included), and a big one is first collected at 32 MiB or a little
	// more rather than at 16 MiB, which its heap passes anyway.
	//
	// Measured on the 28-point site (hyperfine -N -w 3 -r 40, both
	// orders): user CPU 60–64 → 49–51 ms, as with GOGC=off, for ~1 MiB
	// more peak RSS; at 400 it was collected once at 16 MiB with ~10 MiB
	// live, ~12 ms of CPU. At 1,000 points (-r 12) user CPU 876 → 854 ms
	// and peak RSS unchanged (~91 MiB).
	firstGCPercent = 800
)

// gcPercentFor returns the GOGC for a heap of live bytes: the one that
// lets it grow by buildHeadroom, within [buildGCPercent, maxGCPercent], or
// more if that lets it grow back to highPercent of high, the highest goal
// set before, up to maxGCPercent. It returns the heap's goal with it, the
// next call's high.
func gcPercentFor(live, high uint64) (percent int, goal uint64) {
	if live == 0 {
		return maxGCPercent, high
	}
	percent = min(max(int(buildHeadroom*100/live), buildGCPercent), maxGCPercent)
	if back := high / 100 * highPercent; back > live {
		percent = max(percent, int(min((back-live)*100/live, maxGCPercent)))
	}
	return percent, max(high, live+live*uint64(percent)/100)
}

// tuneGC sets the collector for a build. It returns prepared, to be
// called once the build has made its model (site.Options.Prepared), and
// restore, which puts the collector back. The build starts at
// firstGCPercent; until prepared, each collection sets GOGC to
// maxGCPercent; after, to what gcPercentFor gives for the live heap. A
// GOGC or GOMEMLIMIT in the environment wins: whoever sets one has
// chosen.
//
// While the model is being made, the live heap only grows, so a
// collection finds little to free and marks all that is live: at 10,000
// generated points, eight collections marked ~725 MB during the 0.6 s of
// preparing, as much as the three that ran during the 2.4 s of making the
// pages. Collected at maxGCPercent it takes two; the heap then reaches
// ~320 MiB, less than the pages' making lets it reach later (350–440
// MiB), and calling prepared sets the goal for the model, so that a heap
// grown beyond it is collected at once.
func tuneGC() (prepared, restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}, func() {}
	}
	old := debug.SetGCPercent(firstGCPercent)
	var (
		mu        sync.Mutex
		done      bool
		preparing = true
		high      uint64 // the highest heap goal set after preparing
	)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	// set sets GOGC from the live heap the last collection measured; mu
	// is held.
	set := func() {
		metrics.Read(sample)
		if sample[0].Value.Kind() != metrics.KindUint64 {
			return
		}
		percent := maxGCPercent
		if !preparing {
			percent, high = gcPercentFor(sample[0].Value.Uint64(), high)
		}
		debug.SetGCPercent(percent)
	}
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
			set()
			arm()
		}, struct{}{})
	}
	arm()
	prepared = func() {
		mu.Lock()
		defer mu.Unlock()
		if done || !preparing {
			return
		}
		preparing = false
		set()
	}
	restore = func() {
		mu.Lock()
		defer mu.Unlock()
		done = true
		debug.SetGCPercent(old)
	}
	return prepared, restore
}
