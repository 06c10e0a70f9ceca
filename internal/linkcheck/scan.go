package linkcheck

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"

	"github.com/dossier-dev/dossier/internal/wordbits"
)

// link is one URL of a link attribute.
type link struct {
	line int
	href string
}

// attrKind says how a link attribute holds its URLs.
type attrKind int

const (
	notLink attrKind = iota
	oneURL
	srcset
)

// scanner holds the buffers of find, to be used again for the next file.
type scanner struct {
	vals  []byte // the values of the attributes found, one after another
	attrs []attr // the attributes of the tag readTag read last
	f     finds  // what find found, and what Checker.Add takes of it
}

// find reads a file once and puts in s.f its ids and, if links is set, its
// links (each URL of a srcset apart) and its first <base href>, in the
// order of the file, with their values one after another in s.vals. It is
// a byte scanner that follows golang.org/x/net/html's tokenizer exactly
// for what it looks at (where tags start and end, comments, doctypes, the
// raw text of <script>, <style>, <textarea> and the like, the first of
// duplicate attributes, and the entity decoding of attribute values),
// without making a token for each piece of text or attribute: the
// tokenizer took most of the link check's time. The fuzz test in
// scan_test.go holds it to the tokenizer.
//
// What it finds stays in buffers that the next scan reuses: a page has
// hundreds of ids and links, and a string or a map entry for each was most
// of the link check's allocations.
func (s *scanner) find(data []byte, links bool) {
	vals, ids, urls := s.vals[:0], s.f.ids[:0], s.f.links[:0]
	s.f.base = nil
	defer func() { s.vals, s.f.ids, s.f.links = vals, ids, urls }()
	line := 1 // the line of data[last]
	last := 0
	n := len(data)
	i := 0
	for i < n {
		lt := i
		if data[i] != '<' { // often, one tag follows another
			j := bytes.IndexByte(data[i:], '<')
			if j < 0 {
				break // the rest is text
			}
			lt += j
		}
		if lt+1 >= n {
			break // the rest is text
		}
		c := data[lt+1]
		switch {
		case isLetter(c):
			// A start tag.
		case c == '/':
			if lt+2 >= n {
				i = n // "</" at the end is text
				continue
			}
			c2 := data[lt+2]
			if c2 == '>' {
				i = lt + 3 // "</>" is dropped
				continue
			}
			if isLetter(c2) {
				// Most end tags are a name and '>'.
				k := lt + 3
				for k < n && byteClass[data[k]]&endsName == 0 {
					k++
				}
				if k < n && data[k] == '>' {
					i = k + 1
					continue
				}
				_, end, ok := s.readTag(data, lt+2, false)
				if !ok {
					i = n
					continue
				}
				i = end
				continue
			}
			i = closeAngle(data, lt+2) // a bogus comment
			continue
		case c == '?':
			i = closeAngle(data, lt+1)
			continue
		case c == '!':
			if lt+3 < n && data[lt+2] == '-' && data[lt+3] == '-' {
				i = commentEnd(data, lt+4)
			} else {
				i = closeAngle(data, lt+2) // a doctype or a bogus comment
			}
			continue
		default:
			i = lt + 1 // text
			continue
		}
		nameEnd, end, ok := s.readTag(data, lt+1, true)
		if !ok {
			break // a tag cut by the end of the file ends the tokens
		}
		i = end
		tagName := data[lt+1 : nameEnd]
		if raw := rawTextTag(tagName); raw != "" {
			i = rawTextEnd(data, i, raw)
		}
		if len(s.attrs) == 0 {
			continue
		}
		line += bytes.Count(data[last:lt], newline)
		last = lt
		var rawTag []byte
		if bytes.IndexByte(data[lt:end], '\n') >= 0 {
			rawTag = data[lt:end]
		}
		tag := knownTag(lowerASCII(tagName))
		for _, a := range s.attrs {
			var what found
			switch a.name {
			case keyID:
				if a.val.len() == 0 {
					continue
				}
				what = foundID
			case keyName:
				if tag != "a" || a.val.len() == 0 {
					continue
				}
				what = foundName
			default:
				if !links {
					continue
				}
				switch linkAttr(tag, a.name) {
				case notLink:
					continue
				case srcset:
					what = foundSrcset
				default:
					what = foundURL
					if tag == "base" {
						what = foundBase
					}
				}
			}
			line := line + attrLine(rawTag, data[a.key.start:a.key.end])
			start := len(vals)
			vals = appendAttrValue(vals, data, a.val)
			end := len(vals)
			switch what {
			case foundID, foundName:
				ids = append(ids, idFound{start: start, end: end, line: line, name: what == foundName})
			case foundBase:
				if s.f.base == nil {
					s.f.base = &link{line, string(vals[start:end])}
				}
			case foundURL:
				urls = append(urls, linkFound{start: start, end: end, line: line})
			case foundSrcset:
				set := srcsetURLs(string(vals[start:end]))
				if len(set) == 0 {
					set = []string{""} // reported as an empty link
				}
				for _, u := range set {
					start := len(vals)
					vals = append(vals, u...)
					urls = append(urls, linkFound{start: start, end: len(vals), line: line})
				}
			}
		}
	}
}

// found says what an attribute that find keeps is.
type found uint8

const (
	foundID     found = iota
	foundName         // of an a element
	foundBase         // the href of a base element
	foundURL          // a link attribute that holds one URL
	foundSrcset       // a link attribute that holds a srcset
)

var newline = []byte("\n")

// span is a range of the input.
type span struct{ start, end int }

func (s span) len() int { return s.end - s.start }

// attr is the key and value of one attribute in the input, and which of
// the keys scan looks at it has.
type attr struct {
	key, val span
	name     attrKey
}

func isLetter(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }

// Classes of the bytes that end the parts of a tag, for byteClass.
const (
	tagSpace = 1 << iota // ' ', '\n', '\r', '\t', '\f'
	tagSlash             // '/'
	tagClose             // '>'
	tagEqual             // '='

	endsName  = tagSpace | tagSlash | tagClose            // a tag's name
	endsKey   = tagSpace | tagSlash | tagClose | tagEqual // an attribute's key
	endsValue = tagSpace | tagClose                       // an unquoted value
)

// byteClass holds the classes of each byte: one look-up, not up to eight
// comparisons, for each byte of a tag.
var byteClass = [256]uint8{
	' ': tagSpace, '\n': tagSpace, '\r': tagSpace, '\t': tagSpace, '\f': tagSpace,
	'/': tagSlash, '>': tagClose, '=': tagEqual,
}

func isTagSpace(c byte) bool { return byteClass[c]&tagSpace != 0 }

// readTag reads a tag whose name starts at data[i], as the tokenizer's
// readTag does, and returns where its name ends and the index just past its
// '>'. If keep is set, it puts in s.attrs the first of each attribute scan
// looks at (by lower-cased key); the tags of a page are many, and a slice
// used again, not one per tag, holds them. It returns false if the end of
// the input comes before the tag's '>'.
func (s *scanner) readTag(data []byte, i int, keep bool) (nameEnd, end int, ok bool) {
	s.attrs = s.attrs[:0]
	n := len(data)
	i++
	for i < n && byteClass[data[i]]&endsName == 0 {
		i++
	}
	nameEnd = i
	if i < n && isTagSpace(data[i]) {
		i++
	}
	var seen uint16 // the keys kept, by bit 1<<attrKey
	for {
		for i < n && isTagSpace(data[i]) {
			i++
		}
		if i >= n {
			return nameEnd, 0, false
		}
		if data[i] == '>' {
			return nameEnd, i + 1, true
		}
		// The key; a leading '=' is part of it.
		ks := i
		if data[i] != '/' {
			i++
		} // else the key is empty
		for i < n && byteClass[data[i]]&endsKey == 0 {
			i++
		}
		key := span{ks, i}
		if i >= n {
			return nameEnd, 0, false
		}
		// The value.
		val := span{i, i}
		for i < n && isTagSpace(data[i]) {
			i++
		}
		if i >= n {
			return nameEnd, 0, false
		}
		switch data[i] {
		case '/':
			i++
		case '=':
			i++
			for i < n && isTagSpace(data[i]) {
				i++
			}
			if i >= n {
				return nameEnd, 0, false
			}
			switch q := data[i]; q {
			case '>':
			case '"', '\'':
				e := bytes.IndexByte(data[i+1:], q)
				if e < 0 {
					return nameEnd, 0, false
				}
				val = span{i + 1, i + 1 + e}
				i = i + 2 + e
			default:
				s := i
				for i < n && byteClass[data[i]]&endsValue == 0 {
					i++
				}
				if i >= n {
					return nameEnd, 0, false
				}
				val = span{s, i}
			}
		}
		if keep && key.len() > 0 {
			if k := lookupKey(data[key.start:key.end]); k != noKey && seen&(1<<k) == 0 {
				seen |= 1 << k
				s.attrs = append(s.attrs, attr{key, val, k})
			}
		}
	}
}

// attrKey is an attribute key that scan looks at.
type attrKey uint8

const (
	noKey attrKey = iota
	keyID
	keyName
	keyHref
	keyXlinkHref
	keySrc
	keySrcset
	keyPoster
	keyAction
)

// lookupKey returns the attribute key that key is, compared as the
// tokenizer lower-cases it, or noKey.
func lookupKey(key []byte) attrKey {
	var k attrKey
	var s string
	switch len(key) {
	case 2:
		k, s = keyID, "id"
	case 3:
		k, s = keySrc, "src"
	case 4:
		if key[0]|0x20 == 'n' {
			k, s = keyName, "name"
		} else {
			k, s = keyHref, "href"
		}
	case 6:
		switch key[0] | 0x20 {
		case 's':
			k, s = keySrcset, "srcset"
		case 'p':
			k, s = keyPoster, "poster"
		default:
			k, s = keyAction, "action"
		}
	case 10:
		k, s = keyXlinkHref, "xlink:href"
	default:
		return noKey
	}
	if !equalFoldASCII(key, s) {
		return noKey
	}
	return k
}

// equalFoldASCII tells whether b lower-cased in ASCII (as the tokenizer
// lower-cases names) is s, which is in lower case.
func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range len(b) {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// lowerASCII returns b with ASCII capitals in lower case, copying it only if
// it has any.
func lowerASCII(b []byte) []byte {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			l := bytes.Clone(b)
			for j := i; j < len(l); j++ {
				if 'A' <= l[j] && l[j] <= 'Z' {
					l[j] += 'a' - 'A'
				}
			}
			return l
		}
	}
	return b
}

// rawTextTag returns the lower-cased name of a tag whose content the
// tokenizer reads as raw text up to its end tag, or "".
func rawTextTag(name []byte) string {
	// The one name of each length and first letters that may match.
	var t string
	switch len(name) {
	case 3:
		t = "xmp"
	case 5:
		t = "style"
		if name[0]|0x20 == 't' {
			t = "title"
		}
	case 6:
		t = "script"
		if name[0]|0x20 == 'i' {
			t = "iframe"
		}
	case 7:
		t = "noembed"
	case 8:
		switch {
		case name[0]|0x20 == 't':
			t = "textarea"
		case name[2]|0x20 == 'f':
			t = "noframes"
		default:
			t = "noscript"
		}
	case 9:
		t = "plaintext"
	default:
		return ""
	}
	if equalFoldASCII(name, t) {
		return t
	}
	return ""
}

// rawTextEnd returns where the raw text of the element tag that starts at
// data[i] ends: at its end tag ("</tag" and a space, '/' or '>'), or at the
// end of the input.
func rawTextEnd(data []byte, i int, tag string) int {
	if tag == "plaintext" {
		return len(data)
	}
	end := i
	for {
		j := bytes.Index(data[end:], []byte("</"))
		if j < 0 {
			end = len(data)
			break
		}
		end += j
		k := end + 2 + len(tag)
		if k < len(data) && equalFoldASCII(data[end+2:k], tag) {
			switch data[k] {
			case ' ', '\n', '\r', '\t', '\f', '/', '>':
				goto found
			}
		}
		end += 2
	}
found:
	if tag == "script" && bytes.Contains(data[i:end], []byte("<!--")) {
		return scriptEnd(data, i)
	}
	return end
}

// scriptEnd returns where the text of a script that starts at data[i] and
// holds "<!--" ends, by the tokenizer's rules for escaped script text.
func scriptEnd(data []byte, i int) int {
	in := append([]byte("<script>"), data[i:]...)
	z := html.NewTokenizer(bytes.NewReader(in))
	z.Next() // the start tag
	if z.Next() != html.TextToken {
		return i
	}
	return i + len(z.Raw())
}

// closeAngle returns the index just past the first '>' at or after i, or
// len(data).
func closeAngle(data []byte, i int) int {
	if j := bytes.IndexByte(data[i:], '>'); j >= 0 {
		return i + j + 1
	}
	return len(data)
}

// commentEnd returns the index just past the comment whose "<!--" ends at
// data[i], following the tokenizer's readComment, or len(data).
func commentEnd(data []byte, i int) int {
	dashes := 0
	beginning := true
	for i < len(data) {
		c := data[i]
		i++
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return i
			}
		case '!':
			if dashes >= 2 {
				if i >= len(data) {
					return i
				}
				c = data[i]
				i++
				if c == '>' {
					return i
				}
				if c == '-' {
					dashes = 1
					beginning = false
					continue
				}
			}
		}
		dashes = 0
		beginning = false
	}
	return len(data)
}

// appendAttrValue appends to dst the value of an attribute as the
// tokenizer's TagAttr gives it (see attrValue).
func appendAttrValue(dst, data []byte, s span) []byte {
	b := data[s.start:s.end]
	if !plainValue(b) {
		return append(dst, attrValue(data, s)...)
	}
	return append(dst, b...)
}

// plainValue tells whether b, an attribute value, has no '&', NUL or CR,
// and so is its own value (see attrValue). It tests eight bytes at once:
// most values are plain, and a test of each byte took most of the time of
// appendAttrValue.
func plainValue(b []byte) bool {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		w := wordbits.Load(b, i)
		if wordbits.Eq(w, '&')|wordbits.Zero(w)|wordbits.Eq(w, '\r') != 0 {
			return false
		}
	}
	for ; i < len(b); i++ {
		if c := b[i]; c == '&' || c == 0 || c == '\r' {
			return false
		}
	}
	return true
}

// attrValue returns the value of an attribute as the tokenizer's TagAttr
// does: NULs replaced, CR LF and CR turned into LF, and character references
// decoded by the rules for attributes.
func attrValue(data []byte, s span) string {
	b := data[s.start:s.end]
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, 0) < 0 && bytes.IndexByte(b, '\r') < 0 {
		return string(b)
	}
	b = bytes.ReplaceAll(b, []byte{0}, []byte("\uFFFD"))
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	if bytes.IndexByte(b, '&') < 0 {
		return string(b)
	}
	if simpleRefs(b) {
		// Where every reference ends in ';' and is one of these, decoding
		// it in an attribute or in text gives the same.
		return html.UnescapeString(string(b))
	}
	// Let the tokenizer decode it, in a tag of its own.
	q := byte('"')
	if bytes.IndexByte(b, q) >= 0 {
		q = '\''
		if bytes.IndexByte(b, q) >= 0 {
			q = 0 // an unquoted value can hold both
		}
	}
	in := []byte("<a v=")
	if q != 0 {
		in = append(in, q)
	}
	in = append(in, b...)
	if q != 0 {
		in = append(in, q)
	}
	in = append(in, '>')
	z := html.NewTokenizer(bytes.NewReader(in))
	z.Next()
	z.TagName()
	_, v, _ := z.TagAttr()
	return string(v)
}

// simpleRefs tells whether every '&' in b starts "&amp;", "&lt;", "&gt;",
// "&quot;", "&apos;", "&#" digits ";" or "&#x" hex digits ";".
func simpleRefs(b []byte) bool {
	for {
		i := bytes.IndexByte(b, '&')
		if i < 0 {
			return true
		}
		b = b[i+1:]
		switch {
		case bytes.HasPrefix(b, []byte("amp;")), bytes.HasPrefix(b, []byte("lt;")), bytes.HasPrefix(b, []byte("gt;")),
			bytes.HasPrefix(b, []byte("quot;")), bytes.HasPrefix(b, []byte("apos;")):
			continue
		case len(b) > 0 && b[0] == '#':
			j := 1
			hex := len(b) > 1 && (b[1] == 'x' || b[1] == 'X')
			if hex {
				j++
			}
			k := j
			for k < len(b) && (('0' <= b[k] && b[k] <= '9') || hex && ('a' <= b[k]|0x20 && b[k]|0x20 <= 'f')) {
				k++
			}
			if k == j || k >= len(b) || b[k] != ';' {
				return false
			}
		default:
			return false
		}
	}
}

// knownTag returns the name of a tag that can hold a link, without
// allocating, or "".
func knownTag(name []byte) string {
	switch string(name) {
	case "a":
		return "a"
	case "area":
		return "area"
	case "audio":
		return "audio"
	case "base":
		return "base"
	case "form":
		return "form"
	case "iframe":
		return "iframe"
	case "img":
		return "img"
	case "link":
		return "link"
	case "script":
		return "script"
	case "source":
		return "source"
	case "use":
		return "use"
	case "video":
		return "video"
	}
	return ""
}

// linkAttr tells whether the attribute key of a tag element holds a link.
// The first <base href> is kept as a link too, to resolve the others.
func linkAttr(tag string, key attrKey) attrKind {
	switch key {
	case keyHref:
		switch tag {
		case "a", "area", "link", "use", "base":
			return oneURL
		}
	case keyXlinkHref:
		if tag == "use" {
			return oneURL
		}
	case keySrc:
		switch tag {
		case "img", "source", "script", "iframe", "video", "audio":
			return oneURL
		}
	case keySrcset:
		if tag == "img" || tag == "source" {
			return srcset
		}
	case keyPoster:
		if tag == "video" || tag == "audio" {
			return oneURL
		}
	case keyAction:
		if tag == "form" {
			return oneURL
		}
	}
	return notLink
}

// attrLine returns the number of newlines in the raw tag before the attribute
// key, or 0 if raw is nil or the attribute is not found. It follows the
// tokenizer's rules for attribute names and values closely enough for the
// tags a template writes.
func attrLine(raw, key []byte) int {
	if raw == nil {
		return 0
	}
	isSpace := func(c byte) bool { return strings.IndexByte(asciiSpace, c) >= 0 }
	i := 1 // past '<'
	for i < len(raw) && !isSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	for i < len(raw) {
		for i < len(raw) && (isSpace(raw[i]) || raw[i] == '/') {
			i++
		}
		if i >= len(raw) || raw[i] == '>' {
			break
		}
		start := i
		i++ // an attribute name may start with '='
		for i < len(raw) && !isSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' && raw[i] != '=' {
			i++
		}
		if bytes.EqualFold(raw[start:i], key) {
			return bytes.Count(raw[:start], []byte("\n"))
		}
		for i < len(raw) && isSpace(raw[i]) {
			i++
		}
		if i >= len(raw) || raw[i] != '=' {
			continue
		}
		i++
		for i < len(raw) && isSpace(raw[i]) {
			i++
		}
		if i < len(raw) && (raw[i] == '"' || raw[i] == '\'') {
			q := raw[i]
			i++
			for i < len(raw) && raw[i] != q {
				i++
			}
			i++
			continue
		}
		for i < len(raw) && !isSpace(raw[i]) && raw[i] != '>' {
			i++
		}
	}
	return 0
}

// srcsetURLs returns the URLs of a srcset attribute: a comma-separated list
// of a URL and optional descriptors ("a.png 1x, b.png 2x"). It follows the
// HTML standard's parser, in which a URL may itself hold commas
// ("data:image/png;base64,…") but not end in one.
func srcsetURLs(s string) []string {
	var urls []string
	for {
		s = strings.TrimLeft(s, asciiSpace+",")
		if s == "" {
			return urls
		}
		i := strings.IndexAny(s, asciiSpace)
		if i < 0 {
			i = len(s)
		}
		u := s[:i]
		s = s[i:]
		if strings.HasSuffix(u, ",") {
			u = strings.TrimRight(u, ",")
		} else {
			// Skip the descriptors, up to a comma outside parentheses.
			depth, j := 0, 0
			for ; j < len(s); j++ {
				switch s[j] {
				case '(':
					depth++
				case ')':
					depth = max(depth-1, 0)
				}
				if s[j] == ',' && depth == 0 {
					break
				}
			}
			s = s[j:]
		}
		if u != "" {
			urls = append(urls, u)
		}
	}
}
