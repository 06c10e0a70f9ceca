package export

import (
	"io"
	"strconv"

	"github.com/dossier-dev/dossier/internal/jsonstr"
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
	jw.b = jsonstr.Append(jw.b, s, false)
	if len(jw.b) >= flushAt {
		jw.flush()
	}
}

// bytes writes b as a string, as str(string(b)) does, without the copy.
func (jw *jsonWriter) bytes(b []byte) {
	jw.before()
	jw.b = jsonstr.Append(jw.b, b, false)
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
	jw.b = jsonstr.AppendEscaped(jw.b, url, false)
	jw.b = append(jw.b, '#')
	jw.b = jsonstr.AppendEscaped(jw.b, id, false)
	jw.b = append(jw.b, '"')
	if len(jw.b) >= flushAt {
		jw.flush()
	}
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
