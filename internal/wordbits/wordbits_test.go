package wordbits

import (
	"encoding/binary"
	"testing"
)

// TestWords checks Load, ASCII, Zero and Eq against a look at each byte,
// for every byte value at every place of a word of other bytes.
func TestWords(t *testing.T) {
	t.Parallel()
	for _, fill := range []byte{'a', ' ', '.', 0, 0x80, 0x1f, 0x7f, 0xff} {
		for b := range 256 {
			for at := range 8 {
				var s [10]byte
				for i := range s {
					s[i] = fill
				}
				s[1+at] = byte(b)
				w := Load(s[:], 1)
				if want := binary.LittleEndian.Uint64(s[1:]); w != want {
					t.Fatalf("Load(%q, 1) = %#x, want %#x", s, w, want)
				}
				if got := Load(string(s[:]), 1); got != w {
					t.Fatalf("Load(string %q, 1) = %#x, want %#x", s, got, w)
				}
				var wantZero, wantEq uint64
				ascii := true
				for i, c := range s[1:9] {
					if c == 0 {
						wantZero |= 0x80 << (8 * i)
					}
					if c == '.' {
						wantEq |= 0x80 << (8 * i)
					}
					ascii = ascii && c < 0x80
				}
				if got := ASCII(s[:], 1); got != ascii {
					t.Errorf("ASCII(%q, 1) = %v, want %v", s, got, ascii)
				}
				if got := Zero(w); got != wantZero {
					t.Errorf("Zero(%q) = %#x, want %#x", s[1:9], got, wantZero)
				}
				if got := Eq(w, '.'); got != wantEq {
					t.Errorf("Eq(%q, '.') = %#x, want %#x", s[1:9], got, wantEq)
				}
			}
		}
	}
}
