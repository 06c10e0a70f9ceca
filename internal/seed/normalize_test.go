package seed

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"ascii unchanged", "Point 26, all parties.", "Point 26, all parties."},
		{"case kept", "Amnesty AMNESTY", "Amnesty AMNESTY"},
		{"space run", "a  \t b", "a b"},
		{"not trimmed", "  a  ", " a "},
		{"nbsp", "800,000\u00a0troops", "800,000 troops"},
		{"narrow nbsp and ideographic space", "a\u202f\u3000b", "a b"},
		{"crlf", "one\r\ntwo\r\n", "one two "},
		{"newline in quote", "full\namnesty", "full amnesty"},
		{"curly double", "“All parties”", `"All parties"`},
		{"guillemets and low quote", "«a» „b‟", `"a" "b"`},
		{"curly single", "Russia’s ‘wish list’", "Russia's 'wish list'"},
		{"backtick and prime", "`a′", "'a'"},
		{"em dash", "Luhansk—and", "Luhansk-and"},
		{"dashes", "a‐b‑c‒d–e—f―g−h", "a-b-c-d-e-f-g-h"},
		{"ellipsis", "wait…", "wait..."},
		{"invisible dropped", "soft\u00adhyphen zero\u200bwidth", "softhyphen zerowidth"},
		{"invisible inside space run", "a \u200b b", "a b"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
		{"other letters kept", "Zelenskyy Зеленський", "Zelenskyy Зеленський"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, m := Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if len(m) != len(got)+1 || m[len(got)] != len(tt.in) {
				t.Errorf("Normalize(%q) map = %v, want %d entries ending in %d", tt.in, m, len(got)+1, len(tt.in))
			}
		})
	}
}

func TestNormalizeMapsBack(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		sub  string // a passage of the normalized text
		want string // the original text it maps back to
	}{
		{"ascii", "all parties involved", "parties", "parties"},
		{"nbsp inside", "800,000\u00a0troops", "0 t", "0\u00a0t"},
		{"no trailing space run", "the  war  ended", "the", "the"},
		{"space run inside", "the \t\n war", "the war", "the \t\n war"},
		{"curly quotes", "said “blatantly false,” and", `"blatantly false,"`, "“blatantly false,”"},
		{"ends on em dash", "Luhansk—and", "Luhansk-", "Luhansk—"},
		{"starts on em dash", "Luhansk—and", "-and", "—and"},
		{"ellipsis whole", "wait… what", "wait...", "wait…"},
		{"crlf", "one\r\ntwo", "one two", "one\r\ntwo"},
		{"multibyte letters", "Зеленський said", "Зеленський", "Зеленський"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, m := Normalize(tt.in)
			a := strings.Index(n, tt.sub)
			if a < 0 {
				t.Fatalf("Normalize(%q) = %q, which lacks %q", tt.in, n, tt.sub)
			}
			b := a + len(tt.sub)
			if got := tt.in[m[a]:m[b]]; got != tt.want {
				t.Errorf("Normalize(%q) maps %q back to %q, want %q", tt.in, tt.sub, got, tt.want)
			}
		})
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"",
		"plain ascii",
		"  lead and trail  ",
		"Point 26 — “All parties involved in this conflict will receive full amnesty",
		"cut down from 800,000-plus to 600,000",
		"a\u00a0\u2009b\r\n\tc",
		"‘single’ “double” «guillemets» „low‟ ′prime″",
		"wait… – — ― −",
		"soft\u00adhyphen \u200b zero\ufeffwidth",
		"\xe2\x80\u200b\x94",
		"bad \xff\xfe utf-8 \xe2\x80",
		"two  spaces", " lead", "trail ", "tab\there", "quote's \"x\" a-b `c`", "\x7f\x01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, m := Normalize(s)
		if len(m) != len(n)+1 {
			t.Fatalf("Normalize(%q): map has %d entries, want %d", s, len(m), len(n)+1)
		}
		if m[len(n)] != len(s) {
			t.Fatalf("Normalize(%q): map ends in %d, want %d", s, m[len(n)], len(s))
		}
		for i := range m {
			if m[i] < 0 || m[i] > len(s) || i > 0 && m[i] < m[i-1] {
				t.Fatalf("Normalize(%q): map %v is not monotonic within [0, %d]", s, m, len(s))
			}
		}
		// Without the map, as lines are searched first (and a line that
		// is normal already is not copied): the same text.
		if n3, _ := normalize(s, false); n3 != n {
			t.Fatalf("normalize(%q, false) = %q, want %q as with the map", s, n3, n)
		}
		if !utf8.ValidString(n) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, n)
		}
		if n2, _ := Normalize(n); n2 != n {
			t.Fatalf("Normalize(Normalize(%q)) = %q, want %q", s, n2, n)
		}

		// Every span between character boundaries maps back to original
		// text that normalizes to the span. Check the whole text and every
		// span of up to eight characters, which covers each way two
		// characters can meet, and stays linear in the size of s.
		tx := newText(s)
		var bounds []int
		for i := 0; i <= len(n); i++ {
			if tx.boundary(i) {
				bounds = append(bounds, i)
			}
		}
		check := func(a, b int) {
			orig := s[m[a]:m[b]]
			if got, _ := Normalize(orig); got != n[a:b] {
				t.Fatalf("Normalize(%q): span %q maps back to %q, which normalizes to %q", s, n[a:b], orig, got)
			}
		}
		check(0, len(n))
		for x := range bounds {
			for y := x + 1; y < len(bounds) && y <= x+8; y++ {
				check(bounds[x], bounds[y])
			}
		}
	})
}

// normalOld is normal as it was before it read a table: the oracle of
// FuzzNormal.
func normalOld(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !plain(c) && (c != ' ' || i > 0 && s[i-1] == ' ') {
			return false
		}
	}
	return true
}

// FuzzNormal checks normal against the test it replaced.
func FuzzNormal(f *testing.F) {
	for _, s := range []string{"", " ", "  ", "a b", "a  b", " a ", "a\tb", "a-b", "it's", "“x”", "a\x00b", "\x7f", "~!"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := normal(s), normalOld(s); got != want {
			t.Errorf("normal(%q) = %v, want %v", s, got, want)
		}
	})
}

// BenchmarkNormal times normal, which a quote search runs over every
// paragraph of a source, against the test it replaced (impl=old).
func BenchmarkNormal(b *testing.B) {
	s := strings.Repeat("The minister said on Tuesday that the plan would go ahead. ", 200)
	for _, impl := range []struct {
		name string
		f    func(string) bool
	}{{"new", normal}, {"old", normalOld}} {
		b.Run("impl="+impl.name, func(b *testing.B) {
			b.SetBytes(int64(len(s)))
			for b.Loop() {
				if !impl.f(s) {
					b.Fatal("not normal")
				}
			}
		})
	}
}
