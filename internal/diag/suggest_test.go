package diag

import "testing"

func TestSuggest(t *testing.T) {
	t.Parallel()
	keys := []string{"title", "description", "base_url", "language", "theme", "unsafe_html", "copyright"}
	tests := []struct {
		name       string
		s          string
		candidates []string
		want       string
	}{
		{"no candidates", "title", nil, ""},
		{"exact", "theme", keys, "theme"},
		{"one substitution", "titel", keys, "title"},
		{"transposition is one edit", "tilte", []string{"title"}, "title"},
		{"transposition in a short word", "ab", []string{"ba"}, "ba"},
		{"deletion", "descripton", keys, "description"},
		{"insertion", "languagee", keys, "language"},
		{"two edits in nine letters", "copyrigth", keys, "copyright"},
		{"four edits in nine letters", "copyxxxxt", keys, ""},
		{"three edits in nine letters", "copyxxxht", keys, "copyright"},
		{"three edits in eight letters", "languxxx", keys, ""},
		{"three edits in ten letters", "baseeurlxx", []string{"base_url"}, "base_url"},
		{"at least one edit allowed", "a", []string{"b"}, "b"},
		{"two edits in a short word", "ab", []string{"cd"}, ""},
		{"ignores case", "TITLE", keys, "title"},
		{"keeps the candidate's case", "summary", []string{"Summary"}, "Summary"},
		{"closest wins", "tone", []string{"tonne", "tone1x", "one"}, "tonne"},
		{"tie goes to the earlier", "cat", []string{"bat", "cut", "car"}, "bat"},
		{"unrelated", "zzz", keys, ""},
		{"runes not bytes", "größe", []string{"grösse"}, "grösse"},
		{"limit counts the longer string", "bucket", []string{"bucket-list"}, "bucket-list"},
		{"prefix of a long id", "heflin", []string{"heflin-conversation", "other"}, "heflin-conversation"},
		{"prefix ignores case", "HEF", []string{"heflin-conversation"}, "heflin-conversation"},
		{"ambiguous prefix", "heflin", []string{"heflin-a-long-one", "heflin-another-one"}, ""},
		{"prefix too short", "he", []string{"heflin-conversation"}, ""},
		{"prefix of three runes", "été", []string{"été-indien-long"}, "été-indien-long"},
		{"prefix of two runes in three bytes", "éa", []string{"éabcdefgh"}, ""},
		{"distance beats prefix", "theme", []string{"theme-long-name", "themes"}, "themes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Suggest(tt.s, tt.candidates); got != tt.want {
				t.Errorf("Suggest(%q, %q) = %q, want %q", tt.s, tt.candidates, got, tt.want)
			}
		})
	}
}

func TestDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"abc", "abc", 0},
		{"abc", "abd", 1},
		{"abc", "acb", 1},
		{"ab", "ba", 1},
		{"kitten", "sitting", 3},
		// Optimal string alignment, not Damerau-Levenshtein: a swapped
		// pair is not edited again.
		{"ca", "abc", 3},
		{"é", "e", 1},
		{"ßa", "aß", 1},
	}
	for _, tt := range tests {
		t.Run(tt.a+"→"+tt.b, func(t *testing.T) {
			t.Parallel()
			if got := distance(tt.a, tt.b); got != tt.want {
				t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
			}
			if got := distance(tt.b, tt.a); got != tt.want {
				t.Errorf("distance(%q, %q) = %d, want %d", tt.b, tt.a, got, tt.want)
			}
		})
	}
}
