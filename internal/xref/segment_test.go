package xref

import (
	"reflect"
	"testing"

	"github.com/dossier-dev/dossier/internal/seed"
)

func TestSegments(t *testing.T) {
	t.Parallel()
	n1, n2 := &Note{N: 1}, &Note{N: 2}
	g := &Gloss{}
	pt := &Point{}
	tests := []struct {
		name  string
		text  string
		spans []Span
		want  []string // segment texts, marked ones in [brackets]
	}{
		{"no spans", "abc def", nil, []string{"abc def"}},
		{"one quote", "abc def ghi", []Span{{Start: 4, End: 7, Note: n1}}, []string{"abc ", "[def]", " ghi"}},
		{"overlapping quotes", "abcdefgh", []Span{{Start: 1, End: 5, Note: n1}, {Start: 3, End: 7, Note: n2}}, []string{"a", "[bc]", "[de]", "[fg]", "h"}},
		{"gloss over mention", "see Point 2 now", []Span{{Start: 0, End: 15, Gloss: g}, {Start: 4, End: 11, Point: pt}}, []string{"[see ]", "[Point 2]", "[ now]"}},
		{"mention alone is not marked", "Point 2", []Span{{Start: 0, End: 7, Point: pt}}, []string{"Point 2"}},
		{"empty span ignored", "abc", []Span{{Start: 1, End: 1, Note: n1}}, []string{"a", "bc"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &Para{Para: seed.Para{Text: tt.text}, Spans: tt.spans}
			var got []string
			for _, s := range p.Segments() {
				if s.Marked() {
					got = append(got, "["+s.Text+"]")
				} else {
					got = append(got, s.Text)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Segments(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestTextFragment(t *testing.T) {
	t.Parallel()
	tests := []struct {
		text, want string
	}{
		{"the worst in living memory", "#:~:text=the%20worst%20in%20living%20memory"},
		{"800,000-plus to 600,000", "#:~:text=800%2C000%2Dplus%20to%20600%2C000"},
		{"Research & development", "#:~:text=Research%20%26%20development"},
		{"one two three four five six seven eight nine ten eleven", "#:~:text=one%20two%20three%20four%20five,seven%20eight%20nine%20ten%20eleven"},
	}
	for _, tt := range tests {
		if got := TextFragment(tt.text); got != tt.want {
			t.Errorf("TextFragment(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestOriginalURL(t *testing.T) {
	t.Parallel()
	para := &Para{Para: seed.Para{Text: "He said it was fine."}}
	tests := []struct {
		name, url string
		note      Note
		want      string
	}{
		{"no url", "", Note{Para: para, Quote: "fine", Start: 15, End: 19}, ""},
		{"quote", "https://x.org/a", Note{Para: para, Quote: "fine", Start: 15, End: 19}, "https://x.org/a#:~:text=fine"},
		{"paragraph", "https://x.org/a", Note{Para: para}, "https://x.org/a#:~:text=He%20said%20it%20was%20fine."},
		{"url with fragment", "https://x.org/a#top", Note{Para: para, Quote: "fine", Start: 15, End: 19}, "https://x.org/a#top:~:text=fine"},
		{"external", "https://x.org/a", Note{}, "https://x.org/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.note
			n.Source = newSource(tt.url)
			if got := n.OriginalURL(); got != tt.want {
				t.Errorf("OriginalURL() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestContext(t *testing.T) {
	t.Parallel()
	text := "First sentence here. The minister said the talks were productive and meaningful, she added. Third one."
	start := len("First sentence here. The minister said ")
	end := start + len("the talks were productive")
	n := &Note{Para: &Para{Para: seed.Para{Text: text}}, Quote: "x", Start: start, End: end}
	got := n.Context()
	want := Context{Before: "The minister said ", Quoted: "the talks were productive", After: " and meaningful, she added."}
	if got != want {
		t.Errorf("Context() = %+v, want %+v", got, want)
	}
}

func TestBlocks(t *testing.T) {
	t.Parallel()
	a, b := &Source{}, &Source{}
	rows := []SeedLine{
		{Line: seed.Line{N: 1, Text: "Title"}},
		{Line: seed.Line{N: 2, Text: ""}},
		{Line: seed.Line{N: 3, Text: "A1"}, Source: a},
		{Line: seed.Line{N: 4, Text: "A2"}, Source: a},
		{Line: seed.Line{N: 5, Text: " "}},
		{Line: seed.Line{N: 6, Text: "B1"}, Source: b},
	}
	s := &Seed{Rows: rows}
	var got [][]int
	var owners []*Source
	for _, bl := range s.Blocks() {
		var ns []int
		for _, r := range bl.Rows {
			ns = append(ns, r.N)
		}
		got = append(got, ns)
		owners = append(owners, bl.Source)
	}
	want := [][]int{{1, 2}, {3, 4, 5}, {6}}
	if !reflect.DeepEqual(got, want) || owners[0] != nil || owners[1] != a || owners[2] != b {
		t.Errorf("Blocks() = %v, want %v", got, want)
	}
}
