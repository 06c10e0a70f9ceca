package main

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
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
// after. Not parallel: it changes the environment and the process's
// collector.
//
// tuneGC sets GOGC in a cleanup, which runs on another goroutine after a
// collection, whenever the scheduler runs it: a check of what collections
// set collects until GOGC is what it wants (up to a bound that only a
// broken tuneGC reaches), from a value that only the cleanup changes. No
// check depends on when the runtime collects by itself.
func TestTuneGC(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := gcPercent()
	prepared, restore := tuneGC()
	if got := gcPercent(); got != firstGCPercent {
		t.Errorf("at the start of the build GOGC = %d, want %d", got, firstGCPercent)
	}
	// A live heap well above the headroom, measured by a collection
	// after it is all allocated (an automatic one may have run before,
	// with less live).
	live := make([][]byte, 0, 128)
	for range 128 {
		live = append(live, make([]byte, 1<<20))
	}
	runtime.GC()
	if got := collectUntil(maxGCPercent); got != maxGCPercent {
		t.Errorf("while preparing, with 128 MiB live GOGC = %d, want %d", got, maxGCPercent)
	}
	prepared()
	// prepared sets it at once, from the last collection.
	if got := gcPercent(); got != buildGCPercent {
		t.Errorf("once prepared, with 128 MiB live GOGC = %d, want %d", got, buildGCPercent)
	}
	// And so does each collection after: set another for it to replace.
	debug.SetGCPercent(maxGCPercent)
	if got := collectUntil(buildGCPercent); got != buildGCPercent {
		t.Errorf("after a collection, with 128 MiB live GOGC = %d, want %d", got, buildGCPercent)
	}
	runtime.KeepAlive(live)
	restore()
	if got := gcPercent(); got != before {
		t.Errorf("after the build GOGC = %d, want %d as before", got, before)
	}
	live = nil
	for range 3 {
		runtime.GC()
	}
	if got := gcPercent(); got != before {
		t.Errorf("collections after the build set GOGC = %d, want %d as before", got, before)
	}
	// A build that ends before it makes its model: prepared comes too
	// late, and changes nothing.
	prepared, restore = tuneGC()
	restore()
	prepared()
	if got := gcPercent(); got != before {
		t.Errorf("prepared after the build set GOGC = %d, want %d as before", got, before)
	}
}

// TestTuneGCLeavesEnvironment: a GOGC or GOMEMLIMIT in the environment is
// left alone. Not parallel: it changes the environment.
func TestTuneGCLeavesEnvironment(t *testing.T) {
	for _, env := range []string{"GOGC=150", "GOMEMLIMIT=1GiB"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			name, val, _ := strings.Cut(env, "=")
			t.Setenv(name, val)
			before := gcPercent()
			prepared, restore := tuneGC()
			runtime.GC()
			prepared() // would set GOGC at once if tuneGC had tuned
			got := gcPercent()
			restore()
			if got != before {
				t.Errorf("during a build with %s GOGC = %d, want %d as before", env, got, before)
			}
		})
	}
}

// collectUntil collects until GOGC is want, a bounded number of times, and
// returns GOGC.
func collectUntil(want int) int {
	for i := 0; i < 1000 && gcPercent() != want; i++ {
		runtime.GC()
	}
	return gcPercent()
}
