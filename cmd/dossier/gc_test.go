package main

import (
	"runtime/debug"
	"testing"
)

// gcPercent returns the collector's GOGC.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestTuneGC: a build runs at buildGCPercent and puts the setting back
// after, unless GOGC or GOMEMLIMIT is set. Not parallel: it changes the
// environment and the process's collector.
func TestTuneGC(t *testing.T) {
	for _, tt := range []struct {
		env, val string
		want     int // during the build; 0: as before
	}{
		{"", "", buildGCPercent},
		{"GOGC", "150", 0},
		{"GOMEMLIMIT", "1GiB", 0},
	} {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv("GOGC", "")
			t.Setenv("GOMEMLIMIT", "")
			if tt.env != "" {
				t.Setenv(tt.env, tt.val)
			}
			before := gcPercent()
			restore := tuneGC()
			want := tt.want
			if want == 0 {
				want = before
			}
			if got := gcPercent(); got != want {
				t.Errorf("during the build GOGC = %d, want %d", got, want)
			}
			restore()
			if got := gcPercent(); got != before {
				t.Errorf("after the build GOGC = %d, want %d as before", got, before)
			}
		})
	}
}
