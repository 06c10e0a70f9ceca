package seed

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Normalize folds the typographic variants of s that an author can't be
// expected to type exactly, so that a quote typed on a plain keyboard matches
// the seed's text:
//
//   - every run of Unicode white space (spaces, tabs, line endings, no-break
//     and other fixed-width spaces) becomes one ASCII space;
//   - single quote marks and apostrophes (‘ ’ ‚ ‛ ′ ` ´ ʼ ‹ › and ') become ';
//   - double quote marks (“ ” „ ‟ ″ « » and ") become ";
//   - dashes and minus signs (‐ ‑ ‒ – — ― − and -) become -;
//   - the ellipsis … becomes ...;
//   - invisible characters (soft hyphen, zero-width space, word joiner, byte
//     order mark) are dropped, and bytes that are not UTF-8 become U+FFFD.
//
// Wording, case and other punctuation are kept. White space is folded but not
// trimmed.
//
// Normalize also returns a map back to s: m has len(n)+1 entries, m[i] is
// the byte offset in s of the character (or white-space run) that produced
// byte i of n, and m[len(n)] is len(s). A match n[a:b] that starts and ends
// on the boundaries of such characters is s[m[a]:m[b]]; that text normalizes
// to n[a:b] again and doesn't end in white space that n[a:b] doesn't end in.
func Normalize(s string) (n string, m []int) {
	n, m32 := normalize(s, true)
	m = make([]int, len(m32))
	for i, o := range m32 {
		m[i] = int(o)
	}
	return n, m
}

// normalize is Normalize, with the map in 32 bits (seeds are far smaller
// than 2 GiB, and the map is the biggest thing a seed's text makes), made
// only if withMap is set.
func normalize(s string, withMap bool) (n string, m []int32) {
	if !withMap && normal(s) {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	if withMap {
		m = make([]int32, 0, len(s)+1)
	}
	space := false // the last byte written is a space whose run may go on
	for i := 0; i < len(s); {
		// Most of a seed is ASCII that stays as it is: copied a run at a
		// time.
		j := i
		for j < len(s) && normalClass[s[j]] == 1 { // plain(s[j])
			j++
		}
		if j > i {
			b.WriteString(s[i:j])
			if withMap {
				for k := i; k < j; k++ {
					m = append(m, int32(k))
				}
			}
			space = false
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			if !space {
				b.WriteByte(' ')
				if withMap {
					m = append(m, int32(i))
				}
				space = true
			}
		case ignorable(r):
			// Invisible: it neither produces text nor ends a run of space.
		default:
			f := fold(r)
			if f == "" {
				f = s[i : i+size]
				if r == utf8.RuneError && size == 1 {
					f = string(utf8.RuneError)
				}
			}
			b.WriteString(f)
			if withMap {
				for range len(f) {
					m = append(m, int32(i))
				}
			}
			space = false
		}
		i += size
	}
	if withMap {
		m = append(m, int32(len(s)))
	}
	return b.String(), m
}

// normal reports whether s is its own normal form: plain bytes and single
// ASCII spaces, as most lines of most seeds are, so that normalize need
// not copy it.
func normal(s string) bool {
	// A byte is plain (1), a space (2) or neither (0); two spaces in a
	// row make 4. A table look-up a byte costs less than plain's tests.
	prev := uint8(1)
	for i := 0; i < len(s); i++ {
		k := normalClass[s[i]]
		if k == 0 || k+prev == 4 {
			return false
		}
		prev = k
	}
	return true
}

// normalClass is the class of each byte for normal: 1 if plain, 2 for an
// ASCII space, 0 for any other.
var normalClass = func() (t [256]uint8) {
	for c := range 256 {
		if plain(byte(c)) {
			t[c] = 1
		}
	}
	t[' '] = 2
	return t
}()

// plain reports whether Normalize keeps the byte c as it is: printable
// ASCII other than the quote marks and dashes it folds.
func plain(c byte) bool {
	return ' ' < c && c < utf8.RuneSelf && c != '"' && c != '\'' && c != '-' && c != '`'
}

// fold returns what Normalize writes for r, or "" if r stays as it is.
func fold(r rune) string {
	switch r {
	case '\'', '`',
		'\u00B4', // ´ acute accent, used as an apostrophe
		'\u02BC', // ʼ modifier letter apostrophe
		'\u2018', // ‘
		'\u2019', // ’
		'\u201A', // ‚
		'\u201B', // ‛
		'\u2032', // ′ prime
		'\u2035', // ‵ reversed prime
		'\u2039', // ‹
		'\u203A', // ›
		'\uFF07': // ＇ fullwidth apostrophe
		return "'"
	case '"',
		'\u00AB', // «
		'\u00BB', // »
		'\u201C', // “
		'\u201D', // ”
		'\u201E', // „
		'\u201F', // ‟
		'\u2033', // ″ double prime
		'\u2036', // ‶ reversed double prime
		'\uFF02': // ＂ fullwidth quotation mark
		return `"`
	case '-',
		'\u2010', // ‐ hyphen
		'\u2011', // ‑ non-breaking hyphen
		'\u2012', // ‒ figure dash
		'\u2013', // – en dash
		'\u2014', // — em dash
		'\u2015', // ― horizontal bar
		'\u2212', // − minus sign
		'\u2E3A', // ⸺ two-em dash
		'\u2E3B', // ⸻ three-em dash
		'\uFE58', // ﹘ small em dash
		'\uFE63', // ﹣ small hyphen-minus
		'\uFF0D': // － fullwidth hyphen-minus
		return "-"
	case '\u2026': // …
		return "..."
	}
	return ""
}

// ignorable reports whether r is invisible in print, so that text copied
// from the web may or may not carry it.
func ignorable(r rune) bool {
	switch r {
	case '\u00AD', // soft hyphen
		'\u200B', // zero-width space
		'\u2060', // word joiner
		'\uFEFF': // zero-width no-break space, byte order mark
		return true
	}
	return false
}

// text is a string with its normalized form, for searching.
type text struct {
	n string  // Normalize(orig)
	m []int32 // map from n back to orig
}

func newText(s string) text {
	n, m := normalize(s, true)
	return text{n: n, m: m}
}

// boundary reports whether offset i of t.n is between two characters of the
// original: not inside the expansion of one character (the three dots of an
// ellipsis, the bytes of a multi-byte character).
func (t text) boundary(i int) bool {
	return i == 0 || i == len(t.n) || t.m[i] != t.m[i-1]
}

// index returns the offsets in t.n of every occurrence of q that lies on
// character boundaries, overlapping ones included, in order.
func (t text) index(q string) []int {
	if q == "" {
		return nil
	}
	var at []int
	for i := 0; i+len(q) <= len(t.n); {
		k := strings.Index(t.n[i:], q)
		if k < 0 {
			break
		}
		a := i + k
		if t.boundary(a) && t.boundary(a+len(q)) {
			at = append(at, a)
		}
		i = a + 1
	}
	return at
}

// normQuote returns the normalized form of a quote or anchor, trimmed of
// white space.
func normQuote(q string) string {
	n, _ := normalize(q, false)
	return strings.Trim(n, " ")
}
