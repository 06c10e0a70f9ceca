package tomlfile

import (
	"bytes"
	"encoding"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// decodeFast decodes the plain TOML that front matter is nearly always
// written in, straight into v, for Decode: BurntSushi/toml builds a
// map[string]any of the document first and then fills v from it with
// reflect, which was a fifth of the load, parse and resolve stages of a
// build. It returns false, having left v as it was, for anything outside
// that plain subset and for anything wrong in it, so that Decode decodes
// those with BurntSushi/toml, which reports the problems; what it accepts,
// it decodes as BurntSushi/toml does (FuzzDecodeFast holds it to that).
//
// The subset: a document of valid UTF-8 without control characters but
// tabs and line feeds; comments; bare keys (no dotted or quoted ones);
// table headers [a], [a.b] and [[a]] without spaces inside; values that
// are basic strings (single-line, or multi-line without line-ending
// backslashes) with the escapes \" \\ \n \t, decimal integers, booleans,
// local dates (2025-11-20) and arrays of those; targets that are structs
// whose fields have toml tags, maps from strings, and fields of string,
// int, bool, time.Time, and slices of them. Every key must name a field
// by its exact tag, once.
func decodeFast(data []byte, v any) bool {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct || !tableType(rv.Elem().Type()) || !rv.Elem().IsZero() {
		return false
	}
	if !plainText(data) {
		return false
	}
	d := &fastDecoder{s: data, root: reflect.New(rv.Elem().Type()).Elem()}
	if !d.document() {
		return false
	}
	rv.Elem().Set(d.root)
	return true
}

// plainText reports whether data is valid UTF-8 without control characters
// other than tab and line feed (none of which TOML allows in strings and
// comments, and a carriage return would need handling of its own).
func plainText(data []byte) bool {
	for i := 0; i < len(data); {
		c := data[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size == 1 {
				return false
			}
			i += size
			continue
		}
		if c < ' ' && c != '\t' && c != '\n' || c == 0x7f {
			return false
		}
		i++
	}
	return true
}

// fastDecoder is the state of one decodeFast.
type fastDecoder struct {
	s    []byte
	i    int
	root reflect.Value // a new value of v's type, set into v at the end

	table reflect.Value // the struct or map that keys go into now
	set   *keySet       // keys set in table
	// Keys set in the root table, by key/value or by a header;
	// the tables made by [a] or [a.b] and by [[a]] among them; and the
	// headers seen, with the keys set in each.
	rootSet        *keySet
	tables, arrays map[string]bool
	headers        map[string]*keySet
	// entryMap, if table is a struct that goes into a map (as [a.b]
	// makes it), is that map: table is stored there under entryKey when
	// the next table starts.
	entryMap reflect.Value
	entryKey string
}

func (d *fastDecoder) document() bool {
	d.table = d.root
	d.rootSet = new(keySet)
	d.set = d.rootSet
	for {
		d.skipBlank()
		if d.i >= len(d.s) {
			d.flush()
			return true
		}
		var ok bool
		if d.s[d.i] == '[' {
			ok = d.header()
		} else {
			ok = d.keyValue()
		}
		if !ok || !d.endLine() {
			return false
		}
	}
}

// keySet is the keys set in one table: a front matter's table has a dozen
// or so, which a slice holds with fewer allocations than a map, and finds
// as fast. Past maxListed keys (a long map table), a map holds them.
type keySet struct {
	keys []string // in buf until it is full
	buf  [16]string
	m    map[string]bool
}

const maxListed = 32

// has reports whether key is in s; a nil s has no keys.
func (s *keySet) has(key string) bool {
	switch {
	case s == nil:
		return false
	case s.m != nil:
		return s.m[key]
	}
	return slices.Contains(s.keys, key)
}

// add puts key in s.
func (s *keySet) add(key string) {
	switch {
	case s.m != nil:
		s.m[key] = true
	case !slices.Contains(s.keys, key):
		if s.keys == nil {
			s.keys = s.buf[:0]
		}
		s.keys = append(s.keys, key)
		if len(s.keys) > maxListed {
			s.m = make(map[string]bool, 2*len(s.keys))
			for _, k := range s.keys {
				s.m[k] = true
			}
			s.keys = nil
		}
	}
}

// skipBlank skips white space, line feeds and comments.
func (d *fastDecoder) skipBlank() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n':
			d.i++
		case '#':
			d.skipComment()
		default:
			return
		}
	}
}

func (d *fastDecoder) skipSpace() {
	for d.i < len(d.s) && (d.s[d.i] == ' ' || d.s[d.i] == '\t') {
		d.i++
	}
}

func (d *fastDecoder) skipComment() {
	if k := bytes.IndexByte(d.s[d.i:], '\n'); k >= 0 {
		d.i += k
	} else {
		d.i = len(d.s)
	}
}

// endLine reads the rest of a line after a key's value or a header: white
// space, perhaps a comment, and a line feed or the end.
func (d *fastDecoder) endLine() bool {
	d.skipSpace()
	if d.i < len(d.s) && d.s[d.i] == '#' {
		d.skipComment()
	}
	if d.i == len(d.s) {
		return true
	}
	if d.s[d.i] == '\n' {
		d.i++
		return true
	}
	return false
}

func bareKeyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

func (d *fastDecoder) bareKey() string {
	j := d.i
	for j < len(d.s) && bareKeyByte(d.s[j]) {
		j++
	}
	k := string(d.s[d.i:j])
	d.i = j
	return k
}

// flush stores the table in the map it goes into, if it does.
func (d *fastDecoder) flush() {
	if d.entryMap.IsValid() {
		d.entryMap.SetMapIndex(reflect.ValueOf(d.entryKey).Convert(d.entryMap.Type().Key()), d.table)
		d.entryMap = reflect.Value{}
	}
}

// header reads [a], [a.b] or [[a]] and makes the table it names the one
// that keys go into. What TOML allows beyond that (headers with spaces,
// deeper ones, [a] after [a.b], tables in arrays of tables) is left to
// BurntSushi/toml.
func (d *fastDecoder) header() bool {
	d.flush()
	array := bytes.HasPrefix(d.s[d.i:], []byte("[["))
	if array {
		d.i += 2
	} else {
		d.i++
	}
	var path []string
	for {
		k := d.bareKey()
		if k == "" {
			return false
		}
		path = append(path, k)
		if d.i < len(d.s) && d.s[d.i] == '.' {
			d.i++
			continue
		}
		break
	}
	closing := "]"
	if array {
		closing = "]]"
	}
	if !bytes.HasPrefix(d.s[d.i:], []byte(closing)) {
		return false
	}
	d.i += len(closing)
	if d.headers == nil {
		d.tables, d.arrays, d.headers = map[string]bool{}, map[string]bool{}, map[string]*keySet{}
	}
	a := path[0]
	f, ok := fieldOf(d.root, a)
	if !ok {
		return false
	}
	d.set = new(keySet)
	if array {
		// [[a]]: a new struct at the end of the slice a.
		if len(path) != 1 || d.rootSet.has(a) && !d.arrays[a] {
			return false
		}
		d.rootSet.add(a)
		d.arrays[a] = true
		if f.Kind() != reflect.Slice || f.Type().Elem().Kind() != reflect.Struct || !tableType(f.Type().Elem()) {
			return false
		}
		f.Set(reflect.Append(f, reflect.New(f.Type().Elem()).Elem()))
		d.table = f.Index(f.Len() - 1)
		return true
	}
	name := strings.Join(path, ".")
	if len(path) > 2 || d.headers[name] != nil || d.rootSet.has(a) && !d.tables[a] || !tableType(f.Type()) {
		return false
	}
	d.headers[name] = d.set
	d.rootSet.add(a)
	d.tables[a] = true
	if f.Kind() == reflect.Map && f.IsNil() {
		f.Set(reflect.MakeMap(f.Type()))
	}
	if len(path) == 1 {
		if d.headers[a+".*"] != nil {
			return false // [a] after [a.b]
		}
		d.table = f
		return true
	}
	b := path[1]
	if d.headers[a].has(b) {
		return false // [a] has a key b already
	}
	d.headers[a+".*"] = new(keySet)
	switch f.Kind() {
	case reflect.Struct:
		g, ok := fieldOf(f, b)
		if !ok || g.Kind() != reflect.Struct || !tableType(g.Type()) {
			return false
		}
		d.table = g
	case reflect.Map:
		et := f.Type().Elem()
		if et.Kind() != reflect.Struct || !tableType(et) || f.MapIndex(reflect.ValueOf(b).Convert(f.Type().Key())).IsValid() {
			return false
		}
		d.table = reflect.New(et).Elem()
		d.entryMap, d.entryKey = f, b
	}
	return true
}

// keyValue reads key = value into the current table.
func (d *fastDecoder) keyValue() bool {
	key := d.bareKey()
	if key == "" || d.set.has(key) {
		return false
	}
	d.skipSpace()
	if d.i >= len(d.s) || d.s[d.i] != '=' {
		return false
	}
	d.i++
	d.skipSpace()
	d.set.add(key)
	switch d.table.Kind() {
	case reflect.Struct:
		f, ok := fieldOf(d.table, key)
		return ok && d.value(f)
	case reflect.Map:
		if d.table.Type().Key().Kind() != reflect.String {
			return false
		}
		e := reflect.New(d.table.Type().Elem()).Elem()
		if !d.value(e) {
			return false
		}
		d.table.SetMapIndex(reflect.ValueOf(key).Convert(d.table.Type().Key()), e)
		return true
	}
	return false
}

var (
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	tomlUnmarshalerType = reflect.TypeFor[toml.Unmarshaler]()
)

// custom reports whether t, or what it holds, decodes itself, or is
// decoded by rules of BurntSushi/toml's own that decodeFast leaves to it.
// The fields of a struct are not looked at: fieldsOf does.
func custom(t reflect.Type) bool {
	if t == timeType {
		return false
	}
	if t.Implements(textUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) ||
		t.Implements(tomlUnmarshalerType) || reflect.PointerTo(t).Implements(tomlUnmarshalerType) {
		return true
	}
	switch t.Kind() {
	case reflect.Map:
		return custom(t.Key()) || custom(t.Elem())
	case reflect.Slice, reflect.Array, reflect.Pointer:
		return custom(t.Elem())
	}
	return false
}

// tableType reports whether a table may be decoded into t: a struct
// whose fields decodeFast knows by their tags, or a map from strings.
func tableType(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct:
		return t != timeType && fieldsOf(t) != nil
	case reflect.Map:
		return t.Key().Kind() == reflect.String && !custom(t)
	}
	return false
}

// value reads a value into v, which must be of a type that holds it.
func (d *fastDecoder) value(v reflect.Value) bool {
	if d.i >= len(d.s) {
		return false
	}
	switch c := d.s[d.i]; {
	case c == '"':
		s, ok := d.str()
		if !ok || v.Kind() != reflect.String {
			return false
		}
		v.SetString(s)
		return true
	case c == '[':
		return d.array(v)
	case c == 't' || c == 'f':
		var b bool
		switch {
		case bytes.HasPrefix(d.s[d.i:], []byte("true")):
			b, d.i = true, d.i+4
		case bytes.HasPrefix(d.s[d.i:], []byte("false")):
			d.i += 5
		default:
			return false
		}
		if !d.delim() || v.Kind() != reflect.Bool {
			return false
		}
		v.SetBool(b)
		return true
	case c == '-' || '0' <= c && c <= '9':
		if t, ok := d.date(); ok {
			if v.Type() != timeType {
				return false
			}
			v.Set(reflect.ValueOf(t))
			return true
		}
		n, ok := d.integer()
		if !ok {
			return false
		}
		switch v.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if v.OverflowInt(n) {
				return false
			}
			v.SetInt(n)
			return true
		}
	}
	return false
}

// delim reports whether a value may end here: at white space, a comment,
// a line feed, a comma or the end of an array, or the end of the data.
func (d *fastDecoder) delim() bool {
	if d.i == len(d.s) {
		return true
	}
	switch d.s[d.i] {
	case ' ', '\t', '\n', '#', ',', ']':
		return true
	}
	return false
}

// integer reads a decimal integer: -?(0|[1-9][0-9]*).
func (d *fastDecoder) integer() (int64, bool) {
	j := d.i
	if j < len(d.s) && d.s[j] == '-' {
		j++
	}
	k := j
	for k < len(d.s) && '0' <= d.s[k] && d.s[k] <= '9' {
		k++
	}
	if k == j || d.s[j] == '0' && k > j+1 {
		return 0, false
	}
	n, err := strconv.ParseInt(string(d.s[d.i:k]), 10, 64)
	if err != nil {
		return 0, false
	}
	d.i = k
	return n, d.delim()
}

// localDate is the time.Location that BurntSushi/toml gives local dates,
// taken from it once.
var localDate = sync.OnceValue(func() *time.Location {
	var v struct {
		D time.Time `toml:"d"`
	}
	if _, err := toml.Decode("d = 2000-01-01", &v); err != nil {
		panic("tomlfile: decode a local date: " + err.Error())
	}
	return v.D.Location()
})

// date reads a local date, 2025-11-20, not followed by a time.
func (d *fastDecoder) date() (time.Time, bool) {
	s := d.s[d.i:]
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	num := func(b []byte) int {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	y, m, day := num(s[:4]), num(s[5:7]), num(s[8:10])
	if y < 0 || m < 1 || m > 12 || day < 1 || day > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false
	}
	// Not a date and time: 2025-11-20T10:00 or 2025-11-20 10:00.
	j := 10
	for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
		j++
	}
	if len(s) > 10 && (s[10] == 'T' || s[10] == 't' || j < len(s) && '0' <= s[j] && s[j] <= '9') {
		return time.Time{}, false
	}
	d.i += 10
	if !d.delim() {
		d.i -= 10
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), day, 0, 0, 0, 0, localDate()), true
}

// str reads a basic string, single-line or multi-line.
func (d *fastDecoder) str() (string, bool) {
	multi := bytes.HasPrefix(d.s[d.i:], []byte(`"""`))
	if multi {
		d.i += 3
		if d.i < len(d.s) && d.s[d.i] == '\n' {
			d.i++ // a line feed right after the opening quotes is left out
		}
	} else {
		d.i++
	}
	var b []byte // nil while the string needs no unescaping
	start := d.i
	for d.i < len(d.s) {
		switch c := d.s[d.i]; c {
		case '"':
			if multi && !bytes.HasPrefix(d.s[d.i:], []byte(`"""`)) {
				d.i++
				continue
			}
			if b != nil {
				b = append(b, d.s[start:d.i]...)
			}
			s := string(d.s[start:d.i])
			if b != nil {
				s = string(b)
			}
			if multi {
				d.i += 3
				if d.i < len(d.s) && d.s[d.i] == '"' {
					return "", false // quotes before the closing ones
				}
			} else {
				d.i++
			}
			return s, d.delim()
		case '\n':
			if !multi {
				return "", false
			}
			d.i++
		case '\\':
			if d.i+1 >= len(d.s) {
				return "", false
			}
			var e byte
			switch d.s[d.i+1] {
			case '"':
				e = '"'
			case '\\':
				e = '\\'
			case 'n':
				e = '\n'
			case 't':
				e = '\t'
			default:
				return "", false
			}
			b = append(b, d.s[start:d.i]...)
			b = append(b, e)
			d.i += 2
			start = d.i
		default:
			d.i++
		}
	}
	return "", false
}

// array reads an array into v, a slice.
func (d *fastDecoder) array(v reflect.Value) bool {
	if v.Kind() != reflect.Slice || v.Type().Elem().Kind() == reflect.Slice {
		return false
	}
	d.i++ // [
	var elems []reflect.Value
	for {
		d.skipBlank()
		if d.i >= len(d.s) {
			return false
		}
		if d.s[d.i] == ']' {
			d.i++
			break
		}
		e := reflect.New(v.Type().Elem()).Elem()
		if d.s[d.i] == '[' || !d.value(e) {
			return false
		}
		elems = append(elems, e)
		d.skipBlank()
		if d.i < len(d.s) && d.s[d.i] == ',' {
			d.i++
			continue
		}
		if d.i < len(d.s) && d.s[d.i] == ']' {
			d.i++
			break
		}
		return false
	}
	sl := reflect.MakeSlice(v.Type(), len(elems), len(elems))
	for k, e := range elems {
		sl.Index(k).Set(e)
	}
	v.Set(sl)
	return d.delim()
}

// fieldOf returns the field of the struct v whose toml tag is key.
func fieldOf(v reflect.Value, key string) (reflect.Value, bool) {
	fs := fieldsOf(v.Type())
	i, ok := fs[key]
	if !ok {
		return reflect.Value{}, false
	}
	return v.Field(i), true
}

// fieldTags caches fieldsOf, by type: a map[string]int, or nil for a
// struct that decodeFast leaves to BurntSushi/toml.
var fieldTags sync.Map

// fieldsOf returns the index of each field of the struct type t by its
// toml tag, or nil if t has a field without a tag, an embedded field, two
// fields with one tag or a field of a custom type, or decodes itself.
func fieldsOf(t reflect.Type) map[string]int {
	if m, ok := fieldTags.Load(t); ok {
		return m.(map[string]int)
	}
	m := map[string]int{}
	if custom(t) {
		m = nil
	}
	for i := range t.NumField() {
		if m == nil {
			break
		}
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
		if f.Anonymous || !f.IsExported() || tag == "" || tag == "-" || custom(f.Type) {
			m = nil
			break
		}
		if _, dup := m[tag]; dup {
			m = nil
			break
		}
		m[tag] = i
	}
	fieldTags.Store(t, m)
	return m
}
