package main

import (
	"runtime"
	"runtime/metrics"
	"testing"
)

// gcPercent returns the collector's GOGC, read without setting it.
func gcPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

func TestGCPercentFor(t *testing.T) {
	const mib = 1 << 20
	for _, tt := range []struct {
		live, high uint64 // high: the highest goal before
		want       int
		goal       uint64
	}{
		{0, 0, maxGCPercent, 0},
		{0, 90 * mib, maxGCPercent, 90 * mib},
		{1 * mib, 0, maxGCPercent, 5 * mib},
		{6 * mib, 0, maxGCPercent, 30 * mib},
		{8 * mib, 0, maxGCPercent, 40 * mib},
		{16 * mib, 0, 300, 64 * mib},
		{24 * mib, 0, 200, 72 * mib},
		{48 * mib, 0, 100, 96 * mib},
		{80 * mib, 0, buildGCPercent, 80 * mib * (100 + buildGCPercent) / 100},
		{96 * mib, 0, buildGCPercent, 96 * mib * (100 + buildGCPercent) / 100},
		{4096 * mib, 0, buildGCPercent, 4096 * mib * (100 + buildGCPercent) / 100},
		// A heap that grows sets its goal as before.
		{96 * mib, 72 * mib, buildGCPercent, 96 * mib * (100 + buildGCPercent) / 100},
		{96 * mib, 144 * mib, buildGCPercent, 96 * mib * (100 + buildGCPercent) / 100},
		// A heap that shrank may grow back to 95% of the highest goal.
		{95 * mib, 200 * mib, 100, 200 * mib},
		{50 * mib, 200 * mib, 280, 200 * mib},
		{150 * mib, 200 * mib, buildGCPercent, 150 * mib * (100 + buildGCPercent) / 100},
		// … within maxGCPercent.
		{10 * mib, 200 * mib, maxGCPercent, 200 * mib},
		{1 * mib, 200 * mib, maxGCPercent, 200 * mib},
	} {
		got, goal := gcPercentFor(tt.live, tt.high)
		if got != tt.want || goal != tt.goal {
			t.Errorf("gcPercentFor(%d MiB, %d MiB) = %d, %d MiB, want %d, %d MiB", tt.live/mib, tt.high/mib, got, goal/mib, tt.want, tt.goal/mib)
		}
	}
}

// TestTuneGC: during a build GOGC is maxGCPercent after each collection
// until the model is made (prepared), then follows the live heap (a heap
// far above the headroom runs at buildGCPercent), and it is put back
// after; a GOGC or GOMEMLIMIT in the environment is left alone. Not
// parallel: it changes the environment and the process's collector.
func TestTuneGC(t *testing.T) {
	for _, tt := range []struct {
		env, val string
		tuned    bool
	}{
		{"", "", true},
		{"GOGC", "150", false},
		{"GOMEMLIMIT", "1GiB", false},
	} {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			if tt.env != "" {
				t.Setenv(tt.env, tt.val)
			}
			before := gcPercent()
			prepared, restore := tuneGC()
			if tt.tuned && gcPercent() != firstGCPercent {
				t.Errorf("at the start of the build GOGC = %d, want %d", gcPercent(), firstGCPercent)
			}
			// A live heap well above the headroom. After a collection
			// (its cleanup runs on another goroutine, so collect until it
			// has, a bounded number of times) GOGC is maxGCPercent while
			// the model is made, buildGCPercent once it is.
			live := make([][]byte, 0, 128)
			for range 128 {
				live = append(live, make([]byte, 1<<20))
			}
			// A collection after the whole heap is allocated, so that the
			// last one measured it (an automatic one may have run
			// before, with less live).
			runtime.GC()
			collectUntil := func(want int) int {
				for i := 0; i < 200 && gcPercent() != want; i++ {
					runtime.GC()
				}
				return gcPercent()
			}
			want := before
			if tt.tuned {
				want = maxGCPercent
			}
			if got := collectUntil(want); got != want {
				t.Errorf("while preparing, with 128 MiB live GOGC = %d, want %d", got, want)
			}
			prepared()
			if tt.tuned {
				// prepared sets it at once, from the last collection.
				want = buildGCPercent
			}
			if got := gcPercent(); got != want {
				t.Errorf("once prepared, with 128 MiB live GOGC = %d, want %d", got, want)
			}
			if got := collectUntil(want); got != want {
				t.Errorf("after collections, with 128 MiB live GOGC = %d, want %d", got, want)
			}
			runtime.KeepAlive(live)
			restore()
			if got := gcPercent(); got != before {
				t.Errorf("after the build GOGC = %d, want %d as before", got, before)
			}
			prepared() // too late: it changes nothing
			live = nil
			for range 3 {
				runtime.GC()
			}
			if got := gcPercent(); got != before {
				t.Errorf("collections after the build set GOGC = %d, want %d as before", got, before)
			}
		})
	}
}
