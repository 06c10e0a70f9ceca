package search

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The fast paths of Fold, Terms and fold must give what the plain
// definitions give: these are the definitions.

func refFold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
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
	"bad \xff\xfe utf8 \xe2\x80",
	"'quoted' ''' it's o'clock '",
	"tab\tnew\nline\r\vform\f nbsp\u00a0nel\u0085 ideographic\u3000end  ",
	"ǅungla ﬁne Straße İstanbul",
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
		if got, want := fold([]byte(s+" "+u+" "+s+" ")), refWhite(s, u, s); got != want {
			t.Fatalf("fold(%q, %q) = %q, want %q", s, u, got, want)
		}
		if got, want := fold([]byte(u)), refWhite(u); got != want {
			t.Fatalf("fold(%q) = %q, want %q", u, got, want)
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
