// Package wordbits tests eight bytes of text at once, as the bits of one
// 64-bit word (SWAR, "SIMD within a register"). The build's text
// scanners (JSON escaping, search terms, Cited-by sentences, the quote
// selectors of the annotations, the link check's attribute values) pass
// over runs of plain text with it, where the searches of packages bytes
// and strings for a set of bytes go a byte at a time.
//
// The tricks are those of "Bit Twiddling Hacks" (Determine if a word has
// a zero byte; has a byte equal to n), in the exact form: no carry runs
// from one byte into the next, so each byte's answer is its own.
package wordbits

// Text is text as a string or as bytes.
type Text interface{ ~string | ~[]byte }

const (
	// Ones has each byte 1: Ones*c has each byte c.
	Ones = 0x0101010101010101
	// Highs has the high bit of each byte set.
	Highs = 0x8080808080808080
	// Lows has every bit but the high one of each byte set.
	Lows = 0x7f7f7f7f7f7f7f7f
)

// Load returns the eight bytes of s from i as a little-endian word: s[i]
// is its lowest byte. The compiler makes it one load.
func Load[T Text](s T, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// ASCII reports whether the eight bytes of s from i are all ASCII.
func ASCII[T Text](s T, i int) bool { return Load(s, i)&Highs == 0 }

// Zero returns w with the high bit of each of its zero bytes set and
// every other bit clear.
func Zero(w uint64) uint64 { return ^((w&Lows + Lows) | w) &^ Lows }

// Eq returns w with the high bit of each byte that is c set and every
// other bit clear.
func Eq(w uint64, c byte) uint64 { return Zero(w ^ Ones*uint64(c)) }
