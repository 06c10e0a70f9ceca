package seed

import (
	"fmt"
	"os"
	"slices"
	"testing"
)

// readSeed parses a copy of one of the site's seeds from testdata.
func readSeed(t testing.TB, name string) *Seed {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return Parse("seeds/"+name, data)
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want []Line
	}{
		{"empty file", "", nil},
		{"one newline", "\n", []Line{{1, 0, ""}}},
		{"final newline", "a\nbc\n", []Line{{1, 0, "a"}, {2, 2, "bc"}}},
		{"no final newline", "a\nbc", []Line{{1, 0, "a"}, {2, 2, "bc"}}},
		{"empty lines kept", "a\n\n\nb\n\n", []Line{{1, 0, "a"}, {2, 2, ""}, {3, 3, ""}, {4, 4, "b"}, {5, 6, ""}}},
		{"crlf", "a\r\n\r\nb\r\n", []Line{{1, 0, "a"}, {2, 3, ""}, {3, 5, "b"}}},
		{"crlf no final newline", "a\r\nb", []Line{{1, 0, "a"}, {2, 3, "b"}}},
		{"lone cr kept", "a\rb\n", []Line{{1, 0, "a\rb"}}},
		{"byte order mark", "\uFEFFtitle\nbody", []Line{{1, 3, "title"}, {2, 9, "body"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := []byte(tt.data)
			s := Parse("seeds/x.txt", data)
			if !slices.Equal(s.Lines, tt.want) {
				t.Errorf("Parse(%q).Lines = %v, want %v", tt.data, s.Lines, tt.want)
			}
			if s.Name != "x.txt" || s.Path != "seeds/x.txt" {
				t.Errorf("Parse(%q): Name, Path = %q, %q, want %q, %q", tt.data, s.Name, s.Path, "x.txt", "seeds/x.txt")
			}
			if string(s.Data) != tt.data {
				t.Errorf("Parse(%q).Data = %q, want the input", tt.data, s.Data)
			}
			for _, l := range s.Lines {
				if got := tt.data[l.Start : l.Start+len(l.Text)]; got != l.Text {
					t.Errorf("Parse(%q): line %d starts at %d, where the data is %q, want %q", tt.data, l.N, l.Start, got, l.Text)
				}
			}
		})
	}
}

func TestParseRealSeed(t *testing.T) {
	t.Parallel()
	s := readSeed(t, "000_7fef8b086f9f3c88.txt")
	if s.Name != "000_7fef8b086f9f3c88.txt" {
		t.Errorf("Name = %q, want %q", s.Name, "000_7fef8b086f9f3c88.txt")
	}
	if len(s.Lines) != 110 {
		t.Errorf("len(Lines) = %d, want 110", len(s.Lines))
	}
	const want = "Point 26 — “All parties involved in this conflict will receive full amnesty for their actions during the war and agree not to make any claims or consider any complaints in the future.”"
	if got := s.Lines[64].Text; got != want {
		t.Errorf("line 65 = %q, want %q", got, want)
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	for _, r := range Roles() {
		t.Run(string(r), func(t *testing.T) {
			t.Parallel()
			if got, ok := ParseRole(string(r)); got != r || !ok {
				t.Errorf("ParseRole(%q) = %q, %v, want %q, true", r, got, ok, r)
			}
		})
	}
	for _, s := range []string{"", "Heading", "headline", " heading"} {
		t.Run(fmt.Sprintf("%q", s), func(t *testing.T) {
			t.Parallel()
			if got, ok := ParseRole(s); got != RoleNone || ok {
				t.Errorf("ParseRole(%q) = %q, %v, want %q, false", s, got, ok, RoleNone)
			}
		})
	}
}
