package tomlfile

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/dossier-dev/dossier/internal/diag"
)

// Locator knows where every key of a TOML document is written. BurntSushi/toml
// keeps key positions to itself, so the Locator reads the document's
// structure again: table headers, keys and where their values start and end.
// It does not validate; Decode does. It reads the document the first time
// a position is asked for, so that a file without problems costs nothing.
//
// Key paths name entries of arrays of tables by their 0-based index:
// "gloss.1.quote" is the quote key of the second [[gloss]].
type Locator struct {
	path  string
	first int
	data  []byte

	once sync.Once // reads text and keys
	text *diag.Text
	keys []keyLoc
}

// keyLoc is one key, or one table header, as written.
type keyLoc struct {
	path  []string // with array-of-table indexes
	names []string // path without the indexes, as toml.Key gives it
	off   int      // offset of the key (or of the header's "[")
	str   bool     // the value is a string
	val   [2]int   // offsets of the value as written, from its first byte to just past it
	start int      // for a string value: offset of its first content byte
	end   int      // for a string value: offset just past its content
}

// NewLocator reads the structure of data, which starts on line first of the
// file at path.
func NewLocator(path string, data []byte, first int) *Locator {
	if first < 1 {
		first = 1
	}
	return &Locator{path: path, first: first, data: data}
}

// read reads the document's lines and structure, once. Every method that
// looks at l.text or l.keys calls it first.
func (l *Locator) read() {
	l.once.Do(func() {
		l.text = diag.NewText(diag.Position{File: l.path, Line: l.first, Col: 1}, l.data)
		l.scan()
	})
}

// Pos returns the position of byte offset off of the document.
func (l *Locator) Pos(off int) diag.Position {
	l.read()
	return l.text.Pos(off)
}

// Start returns the position of the document's first byte.
func (l *Locator) Start() diag.Position {
	return diag.Position{File: l.path, Line: l.first, Col: 1}
}

// Key returns the position of the first key that matches k, ignoring the
// indexes of arrays of tables (so a key that BurntSushi/toml reports as
// undecoded, which carries no index, is found). If no key matches, it returns
// the position of the longest matching prefix (a table header), or the start
// of the document.
func (l *Locator) Key(k toml.Key) diag.Position {
	l.read()
	best, bestLen := -1, 0
	for i, kl := range l.keys {
		n := matchPrefix(kl.names, k)
		if n == len(k) && n == len(kl.names) {
			return l.Pos(kl.off)
		}
		if n > bestLen && n == len(kl.names) {
			best, bestLen = i, n
		}
	}
	if best >= 0 {
		return l.Pos(l.keys[best].off)
	}
	return l.Start()
}

// At returns the position of the key with the exact path p, such as
// "gloss.1.quote", and whether it was found.
func (l *Locator) At(p string) (diag.Position, bool) {
	if kl := l.find(p); kl != nil {
		return l.Pos(kl.off), true
	}
	return l.Start(), false
}

// Text returns a diag.Text that maps offsets in the string value of the key
// with path p to positions in the file. Offsets are those of the value as
// written: escape sequences make columns after them drift by a little. If
// the key is missing or not a string, the Text maps everything to the key's
// position, or the document's start. The document is read when the Text is
// first asked for a position.
func (l *Locator) Text(p string) *diag.Text {
	return diag.LazyText(func() *diag.Text { return l.text1(p) })
}

func (l *Locator) text1(p string) *diag.Text {
	kl := l.find(p)
	if kl == nil {
		return diag.NewText(l.Start(), nil)
	}
	if !kl.str {
		return diag.NewText(l.Pos(kl.off), nil)
	}
	return diag.NewText(l.Pos(kl.start), l.data[kl.start:kl.end])
}

func (l *Locator) find(p string) *keyLoc {
	l.read()
	for i := range l.keys {
		if isPath(l.keys[i].path, p) {
			return &l.keys[i]
		}
	}
	return nil
}

// isPath reports whether path is p split at its dots, without splitting p:
// a source's roles and glosses ask for a dozen positions each. A name that
// holds a dot (a quoted key) can't be one piece of p split at dots.
func isPath(path []string, p string) bool {
	if len(path) == 0 {
		return false
	}
	for i, name := range path {
		if i > 0 {
			if p == "" || p[0] != '.' {
				return false
			}
			p = p[1:]
		}
		if !strings.HasPrefix(p, name) || strings.IndexByte(name, '.') >= 0 {
			return false
		}
		p = p[len(name):]
	}
	return p == ""
}

// matchPrefix returns how many names of k match names; it stops at the
// first difference. (Indexes are kept apart from names because a bare key
// may be all digits: [versions.2025].)
func matchPrefix(names []string, k toml.Key) int {
	n := 0
	for n < len(names) && n < len(k) && names[n] == k[n] {
		n++
	}
	return n
}

// scan reads table headers and key/value pairs line by line, skipping over
// the insides of multi-line strings, arrays and inline tables.
func (l *Locator) scan() {
	d := l.data
	var table, tableNames []string
	arrays := map[string]int{} // array-of-tables path → count so far
	// A key or header per line at most: one allocation for l.keys.
	l.keys = make([]keyLoc, 0, bytes.Count(d, []byte{'\n'})+1)
	i := 0
	for i < len(d) {
		i = skipSpace(d, i, true)
		if i >= len(d) {
			return
		}
		switch c := d[i]; {
		case c == '#':
			i = lineEnd(d, i)
		case c == '[':
			start := i
			double := i+1 < len(d) && d[i+1] == '['
			if double {
				i += 2
			} else {
				i++
			}
			names, j := readKey(d, i)
			i = lineEnd(d, j)
			if double {
				base := strings.Join(names, ".")
				n := arrays[base]
				arrays[base] = n + 1
				table = append(append([]string{}, names...), strconv.Itoa(n))
				tableNames = names
				// Tables nested in this entry are written [gloss.sub]; they
				// are rare in our files and not indexed.
			} else {
				table = l.withIndexes(names, arrays)
				tableNames = names
			}
			l.keys = append(l.keys, keyLoc{path: table, names: tableNames, off: start})
		default:
			names, j := readKey(d, i)
			if len(names) == 0 {
				i = lineEnd(d, i)
				continue
			}
			kl := keyLoc{path: joinPath(table, names), names: joinPath(tableNames, names), off: i}
			j = skipSpace(d, j, false)
			if j < len(d) && d[j] == '=' {
				j = skipSpace(d, j+1, false)
				start := j
				j = l.value(d, j, &kl)
				kl.val = [2]int{start, min(j, len(d))}
			}
			l.keys = append(l.keys, kl)
			i = lineEnd(d, j)
		}
	}
}

// joinPath returns table followed by names. A key outside any table (most
// keys of a front matter) shares names, which readKey made for it alone.
func joinPath(table, names []string) []string {
	if len(table) == 0 {
		return slices.Clip(names)
	}
	return append(slices.Clip(table), names...)
}

// withIndexes gives a [a.b] header inside an array of tables [[a]] the index
// of the latest entry of a.
func (l *Locator) withIndexes(names []string, arrays map[string]int) []string {
	var out []string
	for i, n := range names {
		out = append(out, n)
		if c, ok := arrays[strings.Join(names[:i+1], ".")]; ok && i < len(names)-1 {
			out = append(out, strconv.Itoa(c-1))
		}
	}
	return out
}

// value skips over the value that starts at i and records its extent in kl
// if it is a string. It returns the offset just past the value.
func (l *Locator) value(d []byte, i int, kl *keyLoc) int {
	if i >= len(d) {
		return i
	}
	switch {
	case hasPrefix(d, i, `"""`), hasPrefix(d, i, `'''`):
		delim := string(d[i : i+3])
		start := i + 3
		if hasPrefix(d, start, "\r\n") {
			start += 2
		} else if hasPrefix(d, start, "\n") {
			start++
		}
		end := findClose(d, start, delim)
		kl.str, kl.start, kl.end = true, start, end
		return min(len(d), end+3)
	case d[i] == '"' || d[i] == '\'':
		end := findClose(d, i+1, string(d[i]))
		kl.str, kl.start, kl.end = true, i+1, end
		return min(len(d), end+1)
	case d[i] == '[' || d[i] == '{':
		return skipBrackets(d, i)
	}
	for i < len(d) && d[i] != '\n' {
		i++
	}
	return i
}

// findClose returns the offset of the closing delimiter of a string whose
// content starts at i; in basic strings a backslash escapes the next byte.
// A single-line string never runs past its line.
func findClose(d []byte, i int, delim string) int {
	basic := delim[0] == '"'
	multi := len(delim) == 3
	for i < len(d) {
		switch {
		case basic && d[i] == '\\':
			i += 2
			continue
		case !multi && d[i] == '\n':
			return i
		case hasPrefix(d, i, delim):
			// A multi-line string may end with up to two extra quotes
			// that belong to its content.
			for multi && hasPrefix(d, i+1, delim) {
				i++
			}
			return i
		}
		i++
	}
	return len(d)
}

// skipBrackets skips an array or inline table, which may span lines and hold
// strings with brackets in them.
func skipBrackets(d []byte, i int) int {
	depth := 0
	for i < len(d) {
		switch c := d[i]; {
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth == 0 {
				return i + 1
			}
		case c == '#':
			i = lineEnd(d, i)
			continue
		case hasPrefix(d, i, `"""`), hasPrefix(d, i, `'''`):
			i = findClose(d, i+3, string(d[i:i+3])) + 3
			continue
		case c == '"' || c == '\'':
			i = findClose(d, i+1, string(c)) + 1
			continue
		}
		i++
	}
	return i
}

// readKey reads a dotted key (bare or quoted parts) at i and returns its
// parts and the offset after it.
func readKey(d []byte, i int) ([]string, int) {
	var names []string
	for {
		i = skipSpace(d, i, false)
		if i >= len(d) {
			return names, i
		}
		switch c := d[i]; {
		case c == '"' || c == '\'':
			end := findClose(d, i+1, string(c))
			s := string(d[i+1 : min(end, len(d))])
			if c == '"' {
				if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
					s = u
				}
			}
			names = append(names, s)
			i = min(len(d), end+1)
		case isBare(c):
			j := i
			for j < len(d) && isBare(d[j]) {
				j++
			}
			names = append(names, string(d[i:j]))
			i = j
		default:
			return names, i
		}
		j := skipSpace(d, i, false)
		if j < len(d) && d[j] == '.' {
			i = j + 1
			continue
		}
		return names, i
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

func skipSpace(d []byte, i int, newlines bool) int {
	for i < len(d) && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || newlines && d[i] == '\n') {
		i++
	}
	return i
}

// lineEnd returns the offset just past the end of the line that holds i.
func lineEnd(d []byte, i int) int {
	for i < len(d) && d[i] != '\n' {
		i++
	}
	return min(len(d), i+1)
}

func hasPrefix(d []byte, i int, p string) bool {
	return i >= 0 && i+len(p) <= len(d) && string(d[i:i+len(p)]) == p
}

// Tables returns the paths of the table headers, [a.b], in the order of the
// document. Arrays of tables are left out.
func (l *Locator) Tables() []toml.Key {
	l.read()
	var out []toml.Key
	for _, kl := range l.keys {
		if l.data[kl.off] == '[' && !hasPrefix(l.data, kl.off, "[[") {
			out = append(out, toml.Key(kl.path))
		}
	}
	return out
}
