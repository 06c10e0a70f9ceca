// Package jsonstr writes JSON strings, escaped byte for byte as
// encoding/json escapes them, without reflection: the exports and the
// search index write megabytes of them, mostly plain prose, which it
// passes over eight bytes at a time.
package jsonstr

import (
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/wordbits"
)

// Append appends s as a JSON string, escaped as encoding/json
// escapes it: ", \ and control characters, invalid UTF-8 as U+FFFD, U+2028
// and U+2029; and <, > and & too if html is set (as json.Marshal does). s
// is a string or, for text made in a buffer, bytes.
func Append[S wordbits.Text](dst []byte, s S, html bool) []byte {
	dst = append(dst, '"')
	dst = AppendEscaped(dst, s, html)
	return append(dst, '"')
}

// AppendEscaped appends s escaped as Append escapes it, without
// the quotes.
func AppendEscaped[S wordbits.Text](dst []byte, s S, html bool) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); {
		// Prose is mostly plain ASCII: pass over it eight bytes at a time.
		i = skipPlain(s, i, html)
		if i >= len(s) {
			break
		}
		if c := s[i]; c < utf8.RuneSelf {
			if jsonSafe[c] && !(html && (c == '<' || c == '>' || c == '&')) {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '\\', '"':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := decodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(dst, s[start:]...)
}

// skipPlain returns the index of the first word of eight bytes of s, from
// i on, that is not all ASCII that a JSON string holds as it is (see
// jsonSafe; and not <, > or & if html is set), or of the last few bytes if
// every word is. It tests each word at once (see special); the bytes of
// the word it stops at are looked at one by one.
func skipPlain[S wordbits.Text](s S, i int, html bool) int {
	for ; i+8 <= len(s); i += 8 {
		if special(wordbits.Load(s, i), html) != 0 {
			break
		}
	}
	return i
}

// special returns a word that is not 0 if the word x has a byte that a
// JSON string does not hold as it is (or <, > or & if html is set), with
// the bit tricks of "Bit Twiddling Hacks" (Determine if a word has a byte
// less than n, or equal to n). A byte with the high bit set is not ASCII;
// a byte below 0x20, less 0x20, borrows and sets its high bit, as a byte
// that is 0 after an exclusive or with '"' does less 1. A borrow carries
// into the next byte only from one of those, which makes the word special
// anyway.
func special(x uint64, html bool) uint64 {
	const ones = wordbits.Ones
	bad := x | (x - ones*0x20) | (x ^ ones*'"' - ones) | (x ^ ones*'\\' - ones)
	if html {
		bad |= (x ^ ones*'<' - ones) | (x ^ ones*'>' - ones) | (x ^ ones*'&' - ones)
	}
	return bad & wordbits.Highs
}

// decodeRune decodes the first rune of s as utf8.DecodeRuneInString does.
func decodeRune[S wordbits.Text](s S) (rune, int) {
	var b [utf8.UTFMax]byte
	return utf8.DecodeRune(b[:copy(b[:], s)])
}

// jsonSafe holds true for the ASCII bytes a JSON string holds as they are:
// all but the control characters, " and \.
var jsonSafe = func() (t [utf8.RuneSelf]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()
