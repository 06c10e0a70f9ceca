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
		live uint64
		want int
	}{
		{0, maxGCPercent},
		{1 * mib, maxGCPercent},
		{6 * mib, maxGCPercent},
		{8 * mib, 300},
		{24 * mib, 100},
		{48 * mib, buildGCPercent},
		{96 * mib, buildGCPercent},
		{4096 * mib, buildGCPercent},
	} {
		if got := gcPercentFor(tt.live); got != tt.want {
			t.Errorf("gcPercentFor(%d MiB) = %d, want %d", tt.live/mib, got, tt.want)
		}
	}
}

// TestTuneGC: during a build GOGC follows the live heap after each
// collection (a heap far above the headroom runs at buildGCPercent), and
// it is put back after; a GOGC or GOMEMLIMIT in the environment is left
// alone. Not parallel: it changes the environment and the process's
// collector.
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
			restore := tuneGC()
			if tt.tuned && gcPercent() != maxGCPercent {
				t.Errorf("at the start of the build GOGC = %d, want %d", gcPercent(), maxGCPercent)
			}
			// A live heap well above the headroom: after a collection
			// (its cleanup runs on another goroutine, so collect until it
			// has, a bounded number of times) GOGC is buildGCPercent.
			live := make([][]byte, 0, 128)
			for range 128 {
				live = append(live, make([]byte, 1<<20))
			}
			want := before
			if tt.tuned {
				want = buildGCPercent
			}
			for i := 0; i < 200 && gcPercent() != want; i++ {
				runtime.GC()
			}
			if got := gcPercent(); got != want {
				t.Errorf("during the build with 128 MiB live GOGC = %d, want %d", got, want)
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
		})
	}
}
