package theme

import (
	"testing"
	"time"
)

// FuzzDates holds date and isodate, which write a date without
// time.Format, to what time.Format writes, in several time zones and
// over every year from before 0 to after 9999.
func FuzzDates(f *testing.F) {
	for _, sec := range []int64{0, 1, -1, 86399, 951782400, 1732060800, 253402300799, 253402300800, -62135596800, -62135596801, -62167219200} {
		f.Add(sec, int32(0))
		f.Add(sec, int32(-5*3600))
		f.Add(sec, int32(13*3600+45*60))
	}
	f.Fuzz(func(t *testing.T, sec int64, offset int32) {
		tm := time.Unix(sec, 0).In(time.FixedZone("z", int(offset%(26*3600))))
		check := func(name string, f func(time.Time) string, layout string) {
			t.Helper()
			want := tm.Format(layout)
			if tm.IsZero() {
				want = ""
			}
			if got := f(tm); got != want {
				t.Errorf("%s(%v) = %q, want %q", name, tm, got, want)
			}
		}
		check("date", date, "2 January 2006")
		check("isodate", isodate, "2006-01-02")
	})
}

func TestDatesZero(t *testing.T) {
	t.Parallel()
	if got := date(time.Time{}); got != "" {
		t.Errorf("date(zero) = %q, want \"\"", got)
	}
	if got := isodate(time.Time{}); got != "" {
		t.Errorf("isodate(zero) = %q, want \"\"", got)
	}
	if got, want := date(time.Date(2025, 11, 2, 23, 0, 0, 0, time.UTC)), "2 November 2025"; got != want {
		t.Errorf("date = %q, want %q", got, want)
	}
	if got, want := isodate(time.Date(987, 1, 9, 0, 0, 0, 0, time.UTC)), "0987-01-09"; got != want {
		t.Errorf("isodate = %q, want %q", got, want)
	}
}
