package export

import (
	"io"
	"strconv"
	"unicode/utf8"
)

// jsonWriter writes JSON indented by two spaces, byte for byte as
// encoding/json's Encoder with SetEscapeHTML(false) followed by
// json.Indent(dst, src, "", "  ") writes it (TestJSONWriterMatchesEncoder
// holds it to that), but without reflection and without holding the whole
// text: it appends to a buffer that it hands to w whenever it passes
// flushAt bytes. With w nil it keeps everything in b.
//
// The calls follow the shape of the value: open '{' or '[', then for an
// object key before each member's value, then close. Errors of w are kept
// and returned by end.
type jsonWriter struct {
	b     []byte
	w     io.Writer
	err   error
	depth int
	first bool   // no member or element yet in the innermost container
	key   bool   // a key was written: the value follows on the same line
	text  []byte // a buffer for plain text (see writeProse)
	quote []byte // a recorded value (see writeTargets)
}

// flushAt is how many bytes jsonWriter buffers before it writes them out.
const flushAt = 32 << 10

func newJSONWriter(w io.Writer) *jsonWriter {
	jw := &jsonWriter{w: w}
	if w != nil {
		jw.b = make([]byte, 0, flushAt+4<<10)
	}
	return jw
}

// before starts a value: after a key, nothing; in a container, a comma
// after the previous member and a new line indented.
func (jw *jsonWriter) before() {
	if jw.key {
		jw.key = false
		return
	}
	if jw.depth == 0 {
		return
	}
	if !jw.first {
		jw.b = append(jw.b, ',')
	}
	jw.first = false
	jw.newline()
}

func (jw *jsonWriter) newline() {
	if n := 1 + 2*jw.depth; n <= len(indent) {
		jw.b = append(jw.b, indent[:n]...)
		return
	}
	jw.b = append(jw.b, indent...)
	for range jw.depth - (len(indent)-1)/2 {
		jw.b = append(jw.b, ' ', ' ')
	}
}

// indent is a new line and the indent of the exports' deepest values, to
// append at once.
const indent = "\n                                "

// open starts an object ('{') or an array ('[').
func (jw *jsonWriter) open(c byte) {
	jw.before()
	jw.b = append(jw.b, c)
	jw.depth++
	jw.first = true
}

// close ends the innermost object ('}') or array (']'). An empty one stays
// on one line, "{}" or "[]", as json.Indent leaves it.
func (jw *jsonWriter) close(c byte) {
	jw.depth--
	if !jw.first {
		jw.newline()
	}
	jw.first = false
	jw.b = append(jw.b, c)
	if len(jw.b) >= flushAt {
		jw.flush()
	}
}

// k writes the key of an object's next member. Keys are names written in
// the code, which JSON holds as they are: they are not escaped.
func (jw *jsonWriter) k(key string) {
	jw.before()
	jw.b = append(jw.b, '"')
	jw.b = append(jw.b, key...)
	jw.b = append(jw.b, '"', ':', ' ')
	jw.key = true
}

func (jw *jsonWriter) str(s string) {
	jw.before()
	jw.b = appendJSONString(jw.b, s, false)
	if len(jw.b) >= flushAt {
		jw.flush()
	}
}

// bytes writes b as a string, as str(string(b)) does, without the copy.
func (jw *jsonWriter) bytes(b []byte) {
	jw.before()
	jw.b = appendJSONString(jw.b, b, false)
	if len(jw.b) >= flushAt {
		jw.flush()
	}
}

// optBytes writes b as a string, or null if it is empty.
func (jw *jsonWriter) optBytes(b []byte) {
	if len(b) == 0 {
		jw.null()
		return
	}
	jw.bytes(b)
}

// anchor writes url + "#" + id as one string, without joining them first.
// JSON escapes each character on its own, and "#" can neither end nor
// start a UTF-8 sequence, so the pieces escape as the whole does.
func (jw *jsonWriter) anchor(url, id string) {
	jw.before()
	jw.b = append(jw.b, '"')
	jw.b = appendEscaped(jw.b, url, false)
	jw.b = append(jw.b, '#')
	jw.b = appendEscaped(jw.b, id, false)
	jw.b = append(jw.b, '"')
	if len(jw.b) >= flushAt {
		jw.flush()
	}
}

// strp writes *s, or null.
func (jw *jsonWriter) strp(s *string) {
	if s == nil {
		jw.null()
		return
	}
	jw.str(*s)
}

// opt writes s, or null if it is empty, as opt(s) encodes.
func (jw *jsonWriter) opt(s string) {
	if s == "" {
		jw.null()
		return
	}
	jw.str(s)
}

func (jw *jsonWriter) int(n int) {
	jw.before()
	jw.b = strconv.AppendInt(jw.b, int64(n), 10)
}

// intp writes *n, or null.
func (jw *jsonWriter) intp(n *int) {
	if n == nil {
		jw.null()
		return
	}
	jw.int(*n)
}

func (jw *jsonWriter) bool(v bool) {
	jw.before()
	jw.b = strconv.AppendBool(jw.b, v)
}

func (jw *jsonWriter) null() {
	jw.before()
	jw.b = append(jw.b, "null"...)
}

// strs writes an array of strings; nil is [].
func (jw *jsonWriter) strs(ss []string) {
	jw.open('[')
	for _, s := range ss {
		jw.str(s)
	}
	jw.close(']')
}

// ints writes an array of numbers; nil is [].
func (jw *jsonWriter) ints(ns []int) {
	jw.open('[')
	for _, n := range ns {
		jw.int(n)
	}
	jw.close(']')
}

// record writes a value by calling f, and returns the bytes f wrote, in
// dst, for replay to write again. Nothing is flushed while f writes, so
// the bytes stay in the buffer, wherever it stands.
func (jw *jsonWriter) record(dst []byte, f func()) []byte {
	start, w := len(jw.b), jw.w
	jw.w = nil
	f()
	jw.w = w
	dst = append(dst[:0], jw.b[start:]...)
	if len(jw.b) >= flushAt {
		jw.flush()
	}
	return dst
}

// replay writes bytes that record returned, as a value. The writer must
// be where it was when they were recorded: the same depth, and the value
// first in its container, or not, as it was then.
func (jw *jsonWriter) replay(rec []byte) {
	jw.b = append(jw.b, rec...)
	jw.first, jw.key = false, false
	if len(jw.b) >= flushAt {
		jw.flush()
	}
}

// flush hands the buffer to w, if there is one.
func (jw *jsonWriter) flush() {
	if jw.w == nil || len(jw.b) == 0 {
		return
	}
	if jw.err == nil {
		_, jw.err = jw.w.Write(jw.b)
	}
	jw.b = jw.b[:0]
}

// end finishes the text with a new line, as Encoder.Encode does, writes
// out what is buffered and returns the first error of w.
func (jw *jsonWriter) end() error {
	jw.b = append(jw.b, '\n')
	jw.flush()
	return jw.err
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it: ", \ and control characters, invalid UTF-8 as U+FFFD, U+2028
// and U+2029; and <, > and & too if html is set (as json.Marshal does). s
// is a string or, for text made in a buffer, bytes.
func appendJSONString[S string | []byte](dst []byte, s S, html bool) []byte {
	dst = append(dst, '"')
	dst = appendEscaped(dst, s, html)
	return append(dst, '"')
}

// appendEscaped appends s escaped as appendJSONString escapes it, without
// the quotes.
func appendEscaped[S string | []byte](dst []byte, s S, html bool) []byte {
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
// every word is. It tests a word at once, with the bit tricks of "Bit
// Twiddling Hacks" (Determine if a word has a byte less than n, or equal
// to n), two words a step; the bytes of the word it stops at are looked
// at one by one.
func skipPlain[S string | []byte](s S, i int, html bool) int {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	// A byte with the high bit set is not ASCII; a byte below 0x20, less
	// 0x20, borrows and sets its high bit, as a byte that is 0 after an
	// exclusive or with '"' does less 1. A borrow carries into the next
	// byte only from one of those, which makes the word fail anyway.
	for ; i+16 <= len(s); i += 16 {
		x, y := load64(s[i:i+8]), load64(s[i+8:i+16])
		bad := x | (x - ones*0x20) | (x ^ ones*'"' - ones) | (x ^ ones*'\\' - ones)
		bad2 := y | (y - ones*0x20) | (y ^ ones*'"' - ones) | (y ^ ones*'\\' - ones)
		if html {
			bad |= (x ^ ones*'<' - ones) | (x ^ ones*'>' - ones) | (x ^ ones*'&' - ones)
			bad2 |= (y ^ ones*'<' - ones) | (y ^ ones*'>' - ones) | (y ^ ones*'&' - ones)
		}
		if bad&highs != 0 {
			return i
		}
		if bad2&highs != 0 {
			return i + 8
		}
	}
	if i+8 <= len(s) {
		x := load64(s[i : i+8])
		bad := x | (x - ones*0x20) | (x ^ ones*'"' - ones) | (x ^ ones*'\\' - ones)
		if html {
			bad |= (x ^ ones*'<' - ones) | (x ^ ones*'>' - ones) | (x ^ ones*'&' - ones)
		}
		if bad&highs == 0 {
			i += 8
		}
	}
	return i
}

// load64 returns the eight bytes of w as a number, the first lowest.
func load64[S string | []byte](w S) uint64 {
	return uint64(w[0]) | uint64(w[1])<<8 | uint64(w[2])<<16 | uint64(w[3])<<24 |
		uint64(w[4])<<32 | uint64(w[5])<<40 | uint64(w[6])<<48 | uint64(w[7])<<56
}

// decodeRune decodes the first rune of s as utf8.DecodeRuneInString does.
func decodeRune[S string | []byte](s S) (rune, int) {
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
