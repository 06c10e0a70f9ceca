package jsonstr

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzJSONString holds Append to encoding/json: with html to
// json.Marshal, without to an Encoder with SetEscapeHTML(false).
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c", "\n\t\r\b\f\x00\x1f\x7f", "<a href='x'>&amp;</a>", "\u2028\u2029", "\xff\xfe", "é—𝄞"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := Append(nil, s, true); !bytes.Equal(got, want) {
			t.Errorf("Append(%q, true) = %s, want %s", s, got, want)
		}
		if got := Append([]byte{}, []byte(s), true); !bytes.Equal(got, want) {
			t.Errorf("Append([]byte(%q), true) = %s, want %s", s, got, want)
		}
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		want = bytes.TrimSuffix(b.Bytes(), []byte("\n"))
		if got := Append(nil, s, false); !bytes.Equal(got, want) {
			t.Errorf("Append(%q, false) = %s, want %s", s, got, want)
		}
		if got := Append(nil, []byte(s), false); !bytes.Equal(got, want) {
			t.Errorf("Append([]byte(%q), false) = %s, want %s", s, got, want)
		}
	})
}

// TestJSONStringWords puts each byte that needs a look, and some that do
// not, at each place of strings long enough to be passed over a word at a
// time, and holds Append to encoding/json.
func TestJSONStringWords(t *testing.T) {
	var specials []string
	for c := range 0x100 {
		specials = append(specials, string(rune(c)), string([]byte{byte(c)}))
	}
	specials = append(specials, "\u2028", "\u2029", "é", "𝄞")
	for _, sp := range specials {
		for n := range 20 {
			for i := 0; i <= n; i++ {
				s := strings.Repeat("a", i) + sp + strings.Repeat("b", n-i)
				want, err := json.Marshal(s)
				if err != nil {
					t.Fatal(err)
				}
				if got := Append(nil, s, true); !bytes.Equal(got, want) {
					t.Fatalf("Append(%q, true) = %s, want %s", s, got, want)
				}
				if got := Append(nil, []byte(s), true); !bytes.Equal(got, want) {
					t.Fatalf("Append([]byte(%q), true) = %s, want %s", s, got, want)
				}
				want = bytes.ReplaceAll(want, []byte(`\u003c`), []byte("<"))
				want = bytes.ReplaceAll(want, []byte(`\u003e`), []byte(">"))
				want = bytes.ReplaceAll(want, []byte(`\u0026`), []byte("&"))
				if got := Append(nil, s, false); !bytes.Equal(got, want) {
					t.Fatalf("Append(%q, false) = %s, want %s", s, got, want)
				}
				if got := Append(nil, []byte(s), false); !bytes.Equal(got, want) {
					t.Fatalf("Append([]byte(%q), false) = %s, want %s", s, got, want)
				}
			}
		}
	}
}

// BenchmarkJSONString appends prose such as the exports hold.
func BenchmarkJSONString(b *testing.B) {
	texts := []string{
		"Reported forces settlement their tariff each envoy signed nation, settlement cited accord neutral later district western.",
		"https://example.org/sources/reuters-2024-03-02/#p12",
		"The minister said: “We will not sign” — and left.\nA second line.",
		"p3",
	}
	var size int64
	for _, s := range texts {
		size += int64(len(s))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	buf := make([]byte, 0, 1024)
	for b.Loop() {
		buf = buf[:0]
		for _, s := range texts {
			buf = Append(buf, s, false)
		}
	}
}
