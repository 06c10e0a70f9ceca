package markdown

import (
	"strings"
	"testing"
	"time"
)

func TestSlowScratch(t *testing.T) {
	m := New(Options{})
	for _, s := range []string{
		strings.Repeat("[@x, \"a ", 20000),
		strings.Repeat("[@x, \"a\" ", 20000) + "]",
		strings.Repeat("[@", 50000),
		strings.Repeat("[@x]", 50000),
		strings.Repeat("[[", 50000) + "]]",
		strings.Repeat("[[1|", 50000) + "]]",
		strings.Repeat("[@x,\n", 20000) + "]",
		strings.Repeat("[@x, “", 20000) + "”]",
		strings.Repeat("> [@x, \"a\n", 20000) + "\"]",
		strings.Repeat("[@x]: /u\n", 2000) + strings.Repeat("[@x] ", 2000),
	} {
		start := time.Now()
		d := m.Parse([]byte(s))
		t.Logf("%q...: %v, %d cites %d problems", s[:12], time.Since(start), len(d.Cites), len(d.Problems))
	}
}
