package xref

import (
	"math/bits"

	"github.com/dossier-dev/dossier/internal/wordbits"
)

// This file holds searches for bytes that test eight bytes of text at
// once, as a word: a Cited-by sentence looks for line breaks, spaces and
// sentence ends through most of a block of Markdown, and the searches of
// packages bytes and strings for them go a byte at a time (LastIndexByte,
// IndexAny and LastIndexAny of a set of bytes).

// special returns w with the top bit of each byte below 0x20 (ASCII
// control bytes, white space but the space among them) or above 0x7f
// (part of a rune of more than a byte) set, and every other bit clear.
func special(w uint64) uint64 {
	return (^(w&wordbits.Lows + 0x6060606060606060) | w) & wordbits.Highs
}

// stopBytes returns w with the top bit of each ".", "?" or "!" set.
func stopBytes(w uint64) uint64 {
	return wordbits.Eq(w, '.') | wordbits.Eq(w, '?') | wordbits.Eq(w, '!')
}

// emphasisBytes returns w with the top bit of each emphasis mark set.
func emphasisBytes(w uint64) uint64 {
	return wordbits.Eq(w, '*') | wordbits.Eq(w, '_') | wordbits.Eq(w, '`')
}

// lastIndexByte is bytes.LastIndexByte (strings.LastIndexByte).
func lastIndexByte[T wordbits.Text](s T, c byte) int {
	i := len(s)
	for ; i >= 8; i -= 8 {
		if m := wordbits.Eq(wordbits.Load(s, i-8), c); m != 0 {
			return i - 8 + (63-bits.LeadingZeros64(m))/8
		}
	}
	for i--; i >= 0; i-- {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// lastStopByte is bytes.LastIndexAny(s, ".?!").
func lastStopByte[T wordbits.Text](s T) int {
	i := len(s)
	for ; i >= 8; i -= 8 {
		if m := stopBytes(wordbits.Load(s, i-8)); m != 0 {
			return i - 8 + (63-bits.LeadingZeros64(m))/8
		}
	}
	for i--; i >= 0; i-- {
		if isStop(s[i]) {
			return i
		}
	}
	return -1
}

// indexEmphasis is bytes.IndexAny(s, emphasis).
func indexEmphasis(s []byte) int {
	i := 0
	for ; i+8 <= len(s); i += 8 {
		if m := emphasisBytes(wordbits.Load(s, i)); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(s); i++ {
		if isEmphasis(s[i]) {
			return i
		}
	}
	return -1
}

// isEmphasis reports whether c is an emphasis mark.
func isEmphasis(c byte) bool { return c == '*' || c == '_' || c == '`' }

// nthLastByte returns the index of the nth last c of s (n >= 1), or -1 if
// s holds fewer: strings.LastIndexByte n times over.
func nthLastByte(s string, c byte, n int) int {
	i := len(s)
	for ; i >= 8; i -= 8 {
		m := wordbits.Eq(wordbits.Load(s, i-8), c)
		if k := bits.OnesCount64(m); k < n {
			n -= k
			continue
		}
		for ; n > 1; n-- {
			m &^= 1 << (63 - bits.LeadingZeros64(m))
		}
		return i - 8 + (63-bits.LeadingZeros64(m))/8
	}
	for i--; i >= 0; i-- {
		if s[i] == c {
			if n--; n == 0 {
				return i
			}
		}
	}
	return -1
}
