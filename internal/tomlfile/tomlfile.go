// Package tomlfile decodes TOML strictly and keeps true positions: it is how
// the load stage reads site.toml, the front matter of content files and
// content/timeline.toml.
//
// Decode reports a syntax error at its line and column in the file (not in
// the front matter block), a value of the wrong type at its key, and every
// key that the target struct does not know, with the closest known key as a
// hint. A Locator then gives the position of any key, and maps offsets inside
// a string value to positions in the file, so that a problem found later in a
// Markdown string (a citation in a gloss note, say) points at the true line.
package tomlfile

import (
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/dossier-dev/dossier/internal/diag"
)

// Decode decodes data into v, which must be a pointer to a struct with toml
// tags. path names the file and first is the 1-based line of the file on
// which data starts (1 for a whole file; the line after the opening +++ for
// front matter). Every problem comes back as a diagnostic; v is filled in as
// far as the data allows.
func Decode(path string, data []byte, first int, v any) (*Locator, diag.List) {
	loc := NewLocator(path, data, first)
	if decodeFast(data, v) {
		return loc, nil
	}
	var diags diag.List
	md, err := toml.Decode(string(data), v)
	if err != nil {
		diags.Add(loc.errorDiag(err, v))
		return loc, diags
	}
	for _, k := range md.Undecoded() {
		d := diag.Errorf(loc.Key(k), "unknown key %q", keyString(k))
		known := knownKeys(reflect.TypeOf(v), k[:len(k)-1])
		if s := diag.Suggest(k[len(k)-1], known); s != "" {
			d = d.WithHint("did you mean %q?", s)
		} else if len(known) > 0 {
			d = d.WithHint("known keys here: %s", strings.Join(known, ", "))
		}
		diags.Add(d)
	}
	return loc, diags
}

// keyString writes a key path with dots, as TOML does.
func keyString(k toml.Key) string {
	return strings.Join(k, ".")
}

// lineRE finds the line number in the messages of errors that carry no
// position of their own ("toml: line 3 (last key "x"): …").
var lineRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: `)
})

// errorDiag turns a decoding error into a diagnostic at its true position.
// v is the target of the decoding.
func (l *Locator) errorDiag(err error, v any) diag.Diagnostic {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		// The parser's line and column can disagree (the line of the next
		// token, the column of the offset); the byte offset is the truth.
		pos := l.Pos(pe.Position.Start)
		if pe.Position.Start == 0 && pe.Position.Line > 1 {
			pos = diag.Position{File: l.path, Line: pe.Position.Line + l.first - 1, Col: max(1, pe.Position.Col)}
		}
		if kl := l.culprit(pe.LastKey, v); kl != nil {
			// Where the parser puts it: the first byte of a string's
			// content, else of the value.
			pos = l.Pos(kl.val[0])
			if kl.str {
				pos = l.Pos(kl.start)
			}
		}
		if d, ok := typeDiag(pos, pe.LastKey, pe.Message, v); ok {
			return d
		}
		msg := pe.Message
		if pe.LastKey != "" {
			msg = pe.LastKey + ": " + msg
		}
		return diag.Errorf(pos, "bad TOML: %s", msg).WithHint("%s", tomlHint(msg))
	}
	msg := err.Error()
	pos := diag.Position{File: l.path, Line: l.first, Col: 1}
	if m := lineRE().FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		pos.Line = n + l.first - 1
		msg = msg[len(m[0]):]
		if m[2] != "" {
			if kl := l.culprit(m[2], v); kl != nil {
				pos = l.Pos(kl.off)
			} else if p := l.Key(strings.Split(m[2], ".")); p.Line > 0 {
				pos = p
			}
			if d, ok := typeDiag(pos, m[2], msg, v); ok {
				return d
			}
			msg = m[2] + ": " + msg
		}
	}
	msg = strings.TrimPrefix(msg, "toml: ")
	return diag.Errorf(pos, "bad TOML: %s", msg)
}

// culprit returns the key whose value failed to decode when the decoder's
// key path k (written with dots, without array indexes) matches keys in
// several entries of an array of tables: the decoder says neither which
// entry nor, reliably, which line ([[event]] 2 of 3 is reported at event 1
// or 3). Each value is decoded again on its own into the Go type of k in v;
// the first that fails is the culprit. It returns nil if k matches fewer
// than two keys or none fails.
func (l *Locator) culprit(k string, v any) *keyLoc {
	l.read()
	key := strings.Split(k, ".")
	var cands []*keyLoc
	for i := range l.keys {
		if kl := &l.keys[i]; kl.val[1] > kl.val[0] && slices.Equal(kl.names, key) {
			cands = append(cands, kl)
		}
	}
	if len(cands) < 2 {
		return nil
	}
	t := fieldType(reflect.TypeOf(v), key)
	if t == nil {
		return nil
	}
	one := reflect.StructOf([]reflect.StructField{{Name: "V", Type: t, Tag: `toml:"v"`}})
	for _, kl := range cands {
		val := strings.TrimRight(string(l.data[kl.val[0]:kl.val[1]]), " \t\r")
		if _, err := toml.Decode("v = "+val, reflect.New(one).Interface()); err != nil {
			return kl
		}
	}
	return nil
}

// tomlHint returns advice for the TOML mistakes authors make most.
func tomlHint(msg string) string {
	switch {
	case strings.Contains(msg, "incompatible types"):
		return "check the value's type: strings are quoted, lists are in [ ], dates are written 2025-11-24"
	case strings.Contains(msg, "expected a top-level item to end"),
		strings.Contains(msg, "unexpected"), strings.Contains(msg, "expected"):
		return "strings need quotes; multi-line strings use \"\"\" … \"\"\""
	case strings.Contains(msg, "already been defined"), strings.Contains(msg, "duplicate"):
		return "each key may appear once per table"
	}
	return ""
}

// knownKeys returns the toml tag names of the struct that path leads to
// inside t, in the order declared. A path element steps into a struct field,
// or names an entry of a table of tables (a map).
func knownKeys(t reflect.Type, path toml.Key) []string {
	if t = fieldType(t, path); t == nil {
		return nil
	}
	if t = elem(t); t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for i := range t.NumField() {
		if tag := tagName(t.Field(i)); tag != "" {
			keys = append(keys, tag)
		}
	}
	return keys
}

// fieldType returns the type that path leads to inside t, or nil. A path
// element steps into a struct field, or names an entry of a table of tables
// (a map).
func fieldType(t reflect.Type, path toml.Key) reflect.Type {
	if t == nil {
		return nil
	}
	for _, name := range path {
		switch t = elem(t); t.Kind() {
		case reflect.Map:
			t = t.Elem()
		case reflect.Struct:
			f, ok := fieldByTag(t, name)
			if !ok {
				return nil
			}
			t = f.Type
		default:
			return nil
		}
	}
	return t
}

// elem strips pointers, slices and arrays down to their element type, so that
// a path through an array of tables reaches the struct.
func elem(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array {
		t = t.Elem()
	}
	return t
}

func fieldByTag(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		if tagName(t.Field(i)) == name {
			return t.Field(i), true
		}
	}
	return reflect.StructField{}, false
}

func tagName(f reflect.StructField) string {
	tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
	if tag == "-" {
		return ""
	}
	return tag
}
