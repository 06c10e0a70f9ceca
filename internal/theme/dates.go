package theme

import (
	"strconv"
	"time"
)

// date returns t as "2 January 2006" (the template function date), ""
// for the zero time.
func date(t time.Time) string { return formatDate(t, false) }

// isodate returns t as "2006-01-02" (the template function isodate), ""
// for the zero time.
func isodate(t time.Time) string { return formatDate(t, true) }

// formatDate writes what t.Format writes with the layout of date, or of
// isodate if iso, without reading the layout for each date: notes show
// their sources' dates on every page.
func formatDate(t time.Time, iso bool) string {
	if t.IsZero() {
		return ""
	}
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		if iso {
			return t.Format("2006-01-02")
		}
		return t.Format("2 January 2006")
	}
	var b [24]byte
	out := b[:0]
	if iso {
		out = appendDigits(out, y, 4)
		out = append(out, '-')
		out = appendDigits(out, int(m), 2)
		out = append(out, '-')
		out = appendDigits(out, d, 2)
	} else {
		out = strconv.AppendInt(out, int64(d), 10)
		out = append(out, ' ')
		out = append(out, m.String()...)
		out = append(out, ' ')
		out = appendDigits(out, y, 4)
	}
	return string(out)
}

// appendDigits appends n, 0 <= n < 10^width, in width digits.
func appendDigits(b []byte, n, width int) []byte {
	start := len(b)
	for range width {
		b = append(b, '0')
	}
	for i := len(b) - 1; i >= start && n > 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return b
}
