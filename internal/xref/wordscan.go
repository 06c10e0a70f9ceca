package xref

import "math/bits"

// This file holds searches for bytes that test eight bytes of text at
// once, as a word: a Cited-by sentence looks for line breaks, spaces and
// sentence ends through most of a block of Markdown, and the searches of
// packages bytes and strings for them go a byte at a time (LastIndexByte,
// IndexAny and LastIndexAny of a set of bytes).

// byteText is text as a string or as bytes.
type byteText interface{ ~string | ~[]byte }

// ones has each byte 1: ones*c has each byte c.
const ones = 0x0101010101010101

// load64 returns the eight bytes of s at i as a little-endian word.
func load64[T byteText](s T, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// zeroBytes returns w with the top bit of each of its zero bytes set and
// every other bit clear. No carry runs from one byte into the next, so
// it is exact for each byte.
func zeroBytes(w uint64) uint64 {
	const low7 = 0x7f7f7f7f7f7f7f7f
	return ^((w&low7 + low7) | w) &^ low7
}

// eqBytes returns w with the top bit of each byte that is c set, and
// every other bit clear.
func eqBytes(w uint64, c byte) uint64 { return zeroBytes(w ^ ones*uint64(c)) }

// special returns w with the top bit of each byte below 0x20 (ASCII
// control bytes, white space but the space among them) or above 0x7f
// (part of a rune of more than a byte) set, and every other bit clear.
func special(w uint64) uint64 {
	const low7, top = 0x7f7f7f7f7f7f7f7f, 0x8080808080808080
	return (^(w&low7 + 0x6060606060606060) | w) & top
}

// stopBytes returns w with the top bit of each ".", "?" or "!" set.
func stopBytes(w uint64) uint64 { return eqBytes(w, '.') | eqBytes(w, '?') | eqBytes(w, '!') }

// emphasisBytes returns w with the top bit of each emphasis mark set.
func emphasisBytes(w uint64) uint64 { return eqBytes(w, '*') | eqBytes(w, '_') | eqBytes(w, '`') }

// lastIndexByte is bytes.LastIndexByte (strings.LastIndexByte).
func lastIndexByte[T byteText](s T, c byte) int {
	i := len(s)
	for ; i >= 8; i -= 8 {
		if m := eqBytes(load64(s, i-8), c); m != 0 {
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
func lastStopByte[T byteText](s T) int {
	i := len(s)
	for ; i >= 8; i -= 8 {
		if m := stopBytes(load64(s, i-8)); m != 0 {
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
		if m := emphasisBytes(load64(s, i)); m != 0 {
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
		m := eqBytes(load64(s, i-8), c)
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
