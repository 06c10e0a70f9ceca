package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The fast paths of Fold, Terms and fold must give what the plain
// definitions give: these are the definitions.

func refFold(s string) string {
	var b strings.Builder
	var valid strings.Builder // each invalid byte read as U+FFFD, before NFD
	for _, r := range s {
		valid.WriteRune(r)
	}
	for _, r := range norm.NFD.String(valid.String()) {
		switch {
		case r >= 0x300 && r <= 0x36f:
			continue
		case strings.ContainsRune("‘’‚‛′", r):
			r = '\''
		case strings.ContainsRune("“”„‟″", r):
			r = '"'
		case strings.ContainsRune("‐‑‒–—―−", r):
			r = '-'
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func refTerms(s string) []string {
	f := strings.FieldsFunc(refFold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.N, r) && r != '\''
	})
	out := f[:0]
	for _, t := range f {
		if t = strings.Trim(t, "'"); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func refWhite(texts ...string) string {
	return strings.Join(strings.Fields(strings.Join(texts, " ")), " ")
}

var foldSeeds = []string{
	"", " ", "Plain ASCII, Upper and lower 123.",
	"Zelensky’s “peace” — plan – Kyiv‑based ½ Ⅻ ٣",
	"e\u0301te\u0301 Été ÉTÉ naïve Ⅻ",
	"a\u0301\u0323\u0302b \u0301lead",
	"bad \xff\xfe utf8 \xe2\x80", "\xf2Š0", "x\xf0Éé\xe2Ö 1",
	"'quoted' ''' it's o'clock '",
	"tab\tnew\nline\r\vform\f nbsp\u00a0nel\u0085 ideographic\u3000end  ",
	"ǅungla ﬁne Straße İstanbul",
	"eight by eight bytes of words  two spaces\tand a tab at odd places x  y\x01z\x7f and DEL, done. ",
}

func FuzzFold(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s, "x")
	}
	f.Fuzz(func(t *testing.T, s, u string) {
		if got, want := Fold(s), refFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
		}
		if got, want := strings.Join(Terms(s), "|"), strings.Join(refTerms(s), "|"); got != want {
			t.Fatalf("Terms(%q) = %q, want %q", s, got, want)
		}
		joined := s + " " + u + " " + s + " "
		if got, want := string(fold([]byte(joined), len(joined))), refWhite(s, u, s); got != want {
			t.Fatalf("fold(%q, %q) = %q, want %q", s, u, got, want)
		}
		if got, want := string(fold([]byte(u), len(u))), refWhite(u); got != want {
			t.Fatalf("fold(%q) = %q, want %q", u, got, want)
		}
		// Index folds only what a document's file keeps, and takes the
		// terms from the text as it was.
		for _, limit := range []int{0, 1, 7, len(joined) / 2} {
			got, want := fold([]byte(joined), limit), refWhite(s, u, s)
			if !strings.HasPrefix(want, string(got)) || len(got) <= limit && len(got) != len(want) {
				t.Fatalf("fold(%q, %d) = %q, want the start of %q, more than %d bytes of it", joined, limit, got, want, limit)
			}
		}
		if got, want := strings.Join(Terms(joined), "|"), strings.Join(Terms(refWhite(s, u, s)), "|"); got != want {
			t.Fatalf("Terms(%q) = %q, want those of it folded, %q", joined, got, want)
		}
	})
}

// FuzzFoldSpace holds fold, which folds white space eight bytes at a time
// where it can, to the definition, on long texts of mostly ASCII words.
func FuzzFoldSpace(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s, uint8(3))
	}
	f.Fuzz(func(t *testing.T, s string, n uint8) {
		text := strings.Repeat(s, int(n%8)+1)
		if got, want := string(fold([]byte(text), len(text))), refWhite(text); got != want {
			t.Fatalf("fold(%q) = %q, want %q", text, got, want)
		}
		limit := int(n) % (len(text) + 1)
		if got, want := fold([]byte(text), limit), refWhite(text); !strings.HasPrefix(want, string(got)) || len(got) <= limit && len(got) != len(want) {
			t.Fatalf("fold(%q, %d) = %q, want the start of %q, more than %d bytes of it", text, limit, got, want, limit)
		}
	})
}

func TestEachFoldedTerm(t *testing.T) {
	// Long texts, so that they are folded in pieces, with pieces that
	// would cut a word, an accented letter or a decomposed one.
	for _, unit := range []string{"ab ", "e\u0301t\u00e9 ", "Straße’s ", "x", "é", "e\u0301", " ’'"} {
		s := strings.Repeat(unit, 3*foldChunk/len(unit)+7)
		var got []string
		eachFoldedTerm(s, []byte("left over"), func(t []byte) { got = append(got, string(t)) })
		if want := refTerms(s); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("eachFoldedTerm(%q × %d): %d terms, want %d", unit, len(s)/len(unit), len(got), len(want))
		}
	}
}

// FuzzDoc holds appendDoc, which writes a document's file, to json.Marshal,
// which wrote it, with the text as a string and as bytes.
func FuzzDoc(f *testing.F) {
	f.Add("points/26/", "Point 26: <b>&</b>", "point", "", "text \"q\" \\ \x00\x1f\x7f\u2028\u2029 \xff\xe2\x80 é")
	f.Add("u", "t", "source", "s\n\t\b\f\r", "")
	f.Fuzz(func(t *testing.T, url, title, kind, summary, text string) {
		e := Entry{URL: url, Title: title, Kind: kind, Summary: summary, Text: text}
		want, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendDoc(nil, e, text); !bytes.Equal(got, want) {
			t.Errorf("appendDoc(%+v) = %s, want %s", e, got, want)
		}
		if got := appendDoc([]byte("x"), e, []byte(text)); !bytes.Equal(got[1:], want) {
			t.Errorf("appendDoc(%+v) of bytes = %s, want %s", e, got[1:], want)
		}
	})
}

// TestLowerASCII puts each ASCII byte at each place of a word, and holds
// lowerASCII, which lowers eight bytes at a time, to bytes.ToLower.
func TestLowerASCII(t *testing.T) {
	t.Parallel()
	for c := range 0x80 {
		for n := 1; n <= 17; n++ {
			for i := range n {
				b := bytes.Repeat([]byte{'Q'}, n)
				b[i] = byte(c)
				in, want := string(b), bytes.ToLower(b)
				if lowerASCII(b); !bytes.Equal(b, want) {
					t.Fatalf("lowerASCII(%q) = %q, want %q", in, b, want)
				}
			}
		}
	}
}

// TestTermBytes puts each ASCII byte at each place of a word of other
// bytes, and holds termBytes, which tests eight bytes at once, to
// asciiTerm.
func TestTermBytes(t *testing.T) {
	t.Parallel()
	for c := range 0x80 {
		for _, fill := range []byte{'a', '\'', ' ', '&', 0x7f} {
			for i := range 8 {
				w := bytes.Repeat([]byte{fill}, 8)
				w[i] = byte(c)
				var want uint64
				for j, b := range w {
					if asciiTerm[b] {
						want |= 0x80 << (8 * j)
					}
				}
				if got := termBytes(binary.LittleEndian.Uint64(w)); got != want {
					t.Fatalf("termBytes(%q) = %#x, want %#x", w, got, want)
				}
			}
		}
	}
}

// oldEachTerm is eachTerm as it was before it passed over ASCII eight
// bytes at a time: a byte or a rune a step.
func oldEachTerm(f []byte, fn func([]byte)) {
	start := -1
	for i := 0; i < len(f); {
		c := f[i]
		in, size := asciiTerm[c&0x7f], 1
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRune(f[i:])
			in = inTerm(r)
		}
		if in {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			emitTerm(f[start:i], fn)
			start = -1
		}
		i += size
	}
	if start >= 0 {
		emitTerm(f[start:], fn)
	}
}

// FuzzEachTerm holds eachTerm to oldEachTerm on any bytes, folded or not.
func FuzzEachTerm(f *testing.F) {
	for _, s := range foldSeeds {
		f.Add(s)
		f.Add(Fold(s))
	}
	f.Add("abcdefgh ijklmnopqrstuvw'xyz0123456789'' Straße'' naïve-x")
	f.Fuzz(func(t *testing.T, s string) {
		var got, want []string
		eachTerm([]byte(s), func(t []byte) { got = append(got, string(t)) })
		oldEachTerm([]byte(s), func(t []byte) { want = append(want, string(t)) })
		if g, w := strings.Join(got, "|"), strings.Join(want, "|"); g != w {
			t.Fatalf("eachTerm(%q) = %q, want %q", s, g, w)
		}
	})
}

// TestTermKey holds termKey, which reads a short term's 8 bytes at once
// when the slice has room, to the bytes of the term alone, whatever
// follows it.
func TestTermKey(t *testing.T) {
	t.Parallel()
	buf := []byte("abcdefghijk\xff\xff\xff\xff\xff\xff\xff\xff")
	for start := range 12 {
		for n := 1; start+n <= len(buf); n++ {
			for _, c := range []int{start + n, len(buf)} {
				term := buf[start : start+n : c]
				var want uint64
				for i := min(n, 8) - 1; i >= 0; i-- {
					want = want<<8 | uint64(term[i])
				}
				if got := termKey(term); got != want {
					t.Fatalf("termKey(%q with cap %d) = %#x, want %#x", term, cap(term), got, want)
				}
			}
		}
	}
}

// TestPlainWords holds plainWords, which tests eight bytes at once, to a
// look at each byte: each byte value at each place of a word of other
// bytes, and each pattern of spaces among letters.
func TestPlainWords(t *testing.T) {
	t.Parallel()
	plain := func(w []byte) bool {
		for i, c := range w {
			if c < ' ' || c >= utf8.RuneSelf || c == ' ' && (i == len(w)-1 || w[i+1] == ' ') {
				return false
			}
		}
		return true
	}
	check := func(w []byte) {
		if got, want := plainWords(binary.LittleEndian.Uint64(w)), plain(w); got != want {
			t.Fatalf("plainWords(%q) = %v, want %v", w, got, want)
		}
	}
	for c := range 0x100 {
		for _, fill := range []byte{'a', ' ', '~', 0x1f, 0x80} {
			for i := range 8 {
				w := bytes.Repeat([]byte{fill}, 8)
				w[i] = byte(c)
				check(w)
			}
		}
	}
	for spaces := range 0x100 {
		w := bytes.Repeat([]byte{'a'}, 8)
		for i := range 8 {
			if spaces&(1<<i) != 0 {
				w[i] = ' '
			}
		}
		check(w)
	}
}
