package xref

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/wordbits"
)

// FuzzWordScan holds the searches that test eight bytes at once to those
// of packages bytes and strings.
func FuzzWordScan(f *testing.F) {
	for _, s := range []string{
		"", ".", "a.b?c!d", "one two three four five six seven eight nine ten.",
		"**bold** _it_ `code` and more words here to fill a word or two",
		"line\nline\n\nblock\n", "\x00\x80\xff.?! \n\n*_`\x2e\xae\x0a\x8a",
		"He said \"stop.\" Then it went on ? Yes! (No.) ‘It’s’ done.” Next", "a.) b", "x.\"",
	} {
		f.Add(s, byte(' '), uint8(3))
		f.Add(s, byte('\n'), uint8(1))
	}
	f.Fuzz(func(t *testing.T, s string, c byte, n uint8) {
		b := []byte(s)
		if got, want := lastIndexByte(s, c), strings.LastIndexByte(s, c); got != want {
			t.Errorf("lastIndexByte(%q, %q) = %d, want %d", s, c, got, want)
		}
		if got, want := lastIndexByte(b, c), bytes.LastIndexByte(b, c); got != want {
			t.Errorf("lastIndexByte([]byte(%q), %q) = %d, want %d", s, c, got, want)
		}
		if got, want := lastStopByte(s), strings.LastIndexAny(s, ".?!"); got != want {
			t.Errorf("lastStopByte(%q) = %d, want %d", s, got, want)
		}
		if got, want := lastStopByte(b), bytes.LastIndexAny(b, ".?!"); got != want {
			t.Errorf("lastStopByte([]byte(%q)) = %d, want %d", s, got, want)
		}
		if got, want := indexEmphasis(b), bytes.IndexAny(b, emphasis); got != want {
			t.Errorf("indexEmphasis(%q) = %d, want %d", s, got, want)
		}
		if got, want := lastStop(s), oldLastStop(s); got != want {
			t.Errorf("lastStop(%q) = %d, want %d", s, got, want)
		}
		if got, want := nextStop(s), oldNextStop(s); got != want {
			t.Errorf("nextStop(%q) = %d, want %d", s, got, want)
		}
		if got, want := endsSentence(s), oldEndsSentence(s); got != want {
			t.Errorf("endsSentence(%q) = %v, want %v", s, got, want)
		}
		k := int(n%40) + 1
		want := len(s)
		for range k {
			if want = strings.LastIndexByte(s[:want], c); want < 0 {
				break
			}
		}
		if got := nthLastByte(s, c, k); got != want {
			t.Errorf("nthLastByte(%q, %q, %d) = %d, want %d", s, c, k, got, want)
		}
	})
}

// TestSpecial checks special, which tests eight bytes at once, against a
// test of each byte, for every byte value at every place of a word of
// other bytes.
func TestSpecial(t *testing.T) {
	t.Parallel()
	for _, fill := range []byte{'a', ' ', 0, 0x80, 0x1f, 0x7f, 0xff} {
		for b := range 256 {
			for at := range 8 {
				var s [8]byte
				for i := range s {
					s[i] = fill
				}
				s[at] = byte(b)
				var want uint64
				for i, c := range s {
					if c < 0x20 || c > 0x7f {
						want |= 0x80 << (8 * i)
					}
				}
				if got := special(wordbits.Load(s[:], 0)); got != want {
					t.Errorf("special(%q) = %#x, want %#x", s, got, want)
				}
			}
		}
	}
}
