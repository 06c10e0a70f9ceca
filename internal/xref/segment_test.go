package xref

import (
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
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
			checkRuns(t, p)
		})
	}
}

// FuzzRuns holds Runs to Segments, which it replaced on source pages, on
// paragraphs with spans of every kind from the fuzzed bytes.
func FuzzRuns(f *testing.F) {
	f.Add("abcdefgh", []byte{1, 5, 0, 3, 7, 1, 0, 8, 2, 2, 4, 3, 4, 4, 0})
	f.Add("see Point 2 now", []byte{0, 15, 1, 4, 11, 2, 0, 0, 0})
	f.Fuzz(func(t *testing.T, text string, spans []byte) {
		notes, glosses, points := []*Note{{N: 1}, {N: 2}}, []*Gloss{{}, {}}, []*Point{{}, {}}
		p := &Para{Para: seed.Para{Text: text}}
		for i := 0; i+2 < len(spans) && len(p.Spans) < 24; i += 3 {
			a, b := int(spans[i])%(len(text)+1), int(spans[i+1])%(len(text)+1)
			sp := Span{Start: min(a, b), End: max(a, b)}
			switch k := spans[i+2] % 6; k {
			case 0, 1:
				sp.Note = notes[k%2]
			case 2, 3:
				sp.Gloss = glosses[k%2]
			default:
				sp.Point = points[k%2]
			}
			p.Spans = append(p.Spans, sp)
		}
		checkRuns(t, p)
	})
}

// checkRuns checks that p.Runs gives what p.Segments does.
func checkRuns(t *testing.T, p *Para) {
	t.Helper()
	var want, got []Run
	for _, s := range p.Segments() {
		want = append(want, Run{Text: s.Text, Marked: s.Marked(), Glossed: len(s.Gloss) > 0, Point: s.Point})
	}
	p.Runs(func(r Run) { got = append(got, r) })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Runs(%q, %v) = %v, want %v", p.Text, p.Spans, got, want)
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
		note      *Note
		want      string
	}{
		{"no url", "", &Note{Para: para, Quote: "fine", Start: 15, End: 19}, ""},
		{"quote", "https://x.org/a", &Note{Para: para, Quote: "fine", Start: 15, End: 19}, "https://x.org/a#:~:text=fine"},
		{"paragraph", "https://x.org/a", &Note{Para: para}, "https://x.org/a#:~:text=He%20said%20it%20was%20fine."},
		{"url with fragment", "https://x.org/a#top", &Note{Para: para, Quote: "fine", Start: 15, End: 19}, "https://x.org/a#top:~:text=fine"},
		{"external", "https://x.org/a", &Note{}, "https://x.org/a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := tt.note
			n.Source = newSource(tt.url)
			for range 2 { // made, then kept
				if got := n.OriginalURL(); got != tt.want {
					t.Errorf("OriginalURL() = %q, want %q", got, tt.want)
				}
			}
		})
	}
}

// TestOriginalURLAllocs checks that OriginalURL makes its URL in one
// allocation (of the exact size, which FuzzTextFragment checks), and
// keeps it: the partials of every note ask for it, and the export.
func TestOriginalURLAllocs(t *testing.T) {
	para := &Para{Para: seed.Para{Text: "Reported forces settlement, their tariff-each envoy & signed nation: “cited” accord."}}
	for _, u := range []string{"https://x.org/a", "https://x.org/a#top"} {
		n := &Note{Source: newSource(u), Para: para}
		if got := testing.AllocsPerRun(20, func() { _ = n.originalURLOf() }); got != 1 {
			t.Errorf("originalURLOf of %s: %v allocations, want 1", u, got)
		}
		want := n.OriginalURL()
		if got := testing.AllocsPerRun(20, func() { _ = n.OriginalURL() }); got != 0 {
			t.Errorf("OriginalURL of %s after the first call: %v allocations, want 0", u, got)
		}
		if got := n.OriginalURL(); got != want {
			t.Errorf("OriginalURL of %s = %q, then %q", u, want, got)
		}
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

// FuzzTextFragment holds TextFragment to the code it replaces, which split
// the whole text with strings.Fields.
func FuzzTextFragment(f *testing.F) {
	for _, s := range []string{"", " ", "one", "a b c d e f g h i j", "a b c d e f g h i j k", " a\tb\nc\vd\fe\rf g h i j k l ",
		"x\u00a0y\u0085z\u2028w\u3000v u t s r q p o", "bad \xff\xfe utf8 \xe2\x80 words a b c d e f g", "800,000-plus to 600,000 & more - yes"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, want := TextFragment(s), oldTextFragment(s)
		if got != want {
			t.Errorf("TextFragment(%q) = %q, want %q", s, got, want)
		}
		if fr := fragmentOf(s); fr.size(fragmentPrefix, s) != len(want) {
			t.Errorf("size of the fragment of %q = %d, want %d", s, fr.size(fragmentPrefix, s), len(want))
		}
	})
}

// FuzzFragmentEscape holds the table-driven escape, and the table of the
// lengths of its escapes, to url.PathEscape and the replacer it stands for.
func FuzzFragmentEscape(f *testing.F) {
	for _, s := range []string{"", "a-b,c&d e", "100% ~_.!*'()$+:;=@/?#[]", "é\xff\x00\x7f"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		b.WriteString("kept")
		writeFragmentEscape(&b, s)
		if got, want := b.String(), "kept"+oldFragmentEscape(s); got != want {
			t.Errorf("writeFragmentEscape(%q) = %q, want %q", s, got, want)
		}
		n := 0
		for i := range len(s) {
			n += int(fragmentEscapeLen[s[i]])
		}
		if want := len(oldFragmentEscape(s)); n != want {
			t.Errorf("fragmentEscapeLen of %q adds up to %d, want %d", s, n, want)
		}
	})
}

// FuzzOriginalURL holds OriginalURL, which writes the URL and the
// fragment into one buffer, to the concatenation it replaced.
func FuzzOriginalURL(f *testing.F) {
	for _, s := range []string{"", "a b", "a b c d e f g h i j k l"} {
		f.Add("https://example.org/a", s)
		f.Add("https://example.org/a#sec", s)
		f.Add("", s)
	}
	f.Fuzz(func(t *testing.T, u, text string) {
		n := &Note{Source: &Source{Source: &content.Source{URL: u}}, Para: &Para{Para: seed.Para{Text: text}}}
		want := ""
		switch {
		case u == "":
		case text == "":
			want = u
		case strings.Contains(u, "#"):
			want = u + strings.TrimPrefix(oldTextFragment(text), "#")
		default:
			want = u + oldTextFragment(text)
		}
		if got := n.OriginalURL(); got != want {
			t.Errorf("OriginalURL of %q, %q = %q, want %q", u, text, got, want)
		}
	})
}

func oldTextFragment(text string) string {
	words := strings.Fields(text)
	const edge = 5
	if len(words) <= 2*edge {
		return "#:~:text=" + oldFragmentEscape(strings.Join(words, " "))
	}
	return "#:~:text=" + oldFragmentEscape(strings.Join(words[:edge], " ")) + "," +
		oldFragmentEscape(strings.Join(words[len(words)-edge:], " "))
}

func oldFragmentEscape(s string) string {
	return fragmentReplacer.Replace(url.PathEscape(s))
}

// BenchmarkTextFragment makes the fragment of a whole paragraph, as a
// citation without a quote does, and of a quote.
func BenchmarkTextFragment(b *testing.B) {
	para := strings.Repeat("Reported forces settlement their tariff each envoy signed nation, “cited” accord — neutral. ", 8)
	quote := "signed nation, “cited” accord"
	for _, text := range []struct{ name, s string }{{"para", para}, {"quote", quote}} {
		b.Run(text.name+"/new", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = TextFragment(text.s)
			}
		})
		b.Run(text.name+"/old", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = oldTextFragment(text.s)
			}
		})
	}
}

// TestOriginalURLConcurrent is for the race detector: the pages of a
// build render the notes they share at once, and all get the same URL.
func TestOriginalURLConcurrent(t *testing.T) {
	t.Parallel()
	para := &Para{Para: seed.Para{Text: "He said it was fine."}}
	n := &Note{Source: newSource("https://x.org/a"), Para: para, Quote: "fine", Start: 15, End: 19}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got, want := n.OriginalURL(), "https://x.org/a#:~:text=fine"; got != want {
				t.Errorf("OriginalURL() = %q, want %q", got, want)
			}
		})
	}
	wg.Wait()
}
