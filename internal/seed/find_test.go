package seed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// paras returns one paragraph per text.
func paras(texts ...string) []Para {
	ps := make([]Para, len(texts))
	for i, t := range texts {
		ps[i] = Para{N: i + 1, Line: i + 1, Text: t}
	}
	return ps
}

// showMatches returns each match as "paragraph index:matched text".
func showMatches(ps []Para, ms []Match) []string {
	var s []string
	for _, m := range ms {
		s = append(s, fmt.Sprintf("%d:%s", m.Para, ps[m.Para].Text[m.Start:m.End]))
	}
	return s
}

func TestFind(t *testing.T) {
	t.Parallel()
	ps := paras(
		"Rubio called the account “blatantly false,” and left.",
		"It gets the Ukrainian army cut down from 800,000-plus to 600,000 troops.",
		"Russia gets land. Russia gets sanctions relief – and more.",
		"Crimea, Donetsk, and Luhansk—and the rest… of it",
		"wait\u00a0for it",
		"aaa",
	)
	tests := []struct {
		name  string
		quote string
		want  []string
	}{
		{"straight for curly quotes", `called the account "blatantly false," and`, []string{`0:called the account “blatantly false,” and`}},
		{"apostrophe kinds", "the account `blatantly", nil},
		{"hyphen for em dash", "Luhansk-and", []string{"3:Luhansk—and"}},
		{"em dash for hyphen", "800,000—plus", []string{"1:800,000-plus"}},
		{"en dash", "relief - and", []string{"2:relief – and"}},
		{"wrapped quote", "cut down\n   from 800,000-plus", []string{"1:cut down from 800,000-plus"}},
		{"surrounding space trimmed", "  \tfalse,”\n", []string{`0:false,”`}},
		{"nbsp in text", "wait for", []string{"4:wait\u00a0for"}},
		{"three dots for ellipsis", "rest... of", []string{"3:rest… of"}},
		{"two dots not part of ellipsis", "rest..", nil},
		{"ambiguous", "Russia gets", []string{"2:Russia gets", "2:Russia gets"}},
		{"inside words too", "and", []string{"0:and", "2:and", "2:and", "3:and", "3:and"}},
		{"overlapping", "aa", []string{"5:aa", "5:aa"}},
		{"case matters", "rubio", nil},
		{"wording matters", "cut down from 800,000 to 600,000", nil},
		{"empty", "", nil},
		{"only space", " \n\t", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := showMatches(ps, Find(ps, tt.quote))
			if !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q) = %q, want %q", tt.quote, got, tt.want)
			}
		})
	}
}

func TestFindOffsets(t *testing.T) {
	t.Parallel()
	ps := paras("x “a” and “a”")
	got := Find(ps, `"a"`)
	want := []Match{{0, 2, 9}, {0, 14, 21}}
	if !slices.Equal(got, want) {
		t.Errorf("Find(%q) = %v, want %v", `"a"`, got, want)
	}
}

func TestFindRealSeed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		seed  string
		quote string
		line  int
		want  string
	}{
		{
			"000_7fef8b086f9f3c88.txt",
			"Point 26 — “All parties involved in this conflict will receive full amnesty",
			65, "Point 26 — “All parties involved in this conflict will receive full amnesty",
		},
		{
			"000_7fef8b086f9f3c88.txt",
			`Point 26 - "All parties involved in this conflict
			will receive full amnesty`,
			65, "Point 26 — “All parties involved in this conflict will receive full amnesty",
		},
		{
			"000_7fef8b086f9f3c88.txt",
			"Rubio told them Trump's Ukraine peace plan is Russia's 'wish list'",
			71, "Rubio told them Trump’s Ukraine peace plan is Russia’s ‘wish list’",
		},
		{
			"004_0137f7ac30ef6373.txt",
			"cut down from 800,000-plus to 600,000",
			21, "cut down from 800,000-plus to 600,000",
		},
	}
	for _, tt := range tests {
		t.Run(tt.quote, func(t *testing.T) {
			t.Parallel()
			s := readSeed(t, tt.seed)
			var ps []Para
			for _, l := range s.Lines {
				ps = append(ps, Para{N: len(ps) + 1, Line: l.N, Text: l.Text})
			}
			ms := Find(ps, tt.quote)
			if len(ms) != 1 {
				t.Fatalf("Find(%q) = %q, want one match", tt.quote, showMatches(ps, ms))
			}
			m := ms[0]
			if got := ps[m.Para].Text[m.Start:m.End]; ps[m.Para].Line != tt.line || got != tt.want {
				t.Errorf("Find(%q) = line %d %q, want line %d %q", tt.quote, ps[m.Para].Line, got, tt.line, tt.want)
			}
		})
	}
}

func TestClosest(t *testing.T) {
	t.Parallel()
	ps := paras(
		"Scoop: U.S. secretly drafting new plan to end Ukraine war",
		"It gets the size of the Ukrainian army cut down from 800,000-plus to 600,000, when the country is barely hanging on.",
		"Point 26 — “All parties involved in this conflict will receive full amnesty for their actions during the war.”",
		"the same words",
		"the same words",
	)
	tests := []struct {
		name   string
		quote  string
		want   string // "paragraph index:passage", "" for not ok
		wantOK bool
	}{
		{"one wrong word", "cut down from 900,000-plus to 600,000", "1:cut down from 800,000-plus to 600,000,", true},
		{"one typo", "will receive full amnesity for their actions", "2:will receive full amnesty for their actions", true},
		{"case and quote marks", `point 26 - "all parties involved`, "2:Point 26 — “All parties involved", true},
		{"word missing", "secretly drafting plan to end", "0:secretly drafting new plan to end", true},
		{"ties go to the earliest", "the same word", "3:the same words", true},
		{"garbage", "xyzzy plugh frobnicate quux", "", false},
		{"most words wrong", "cut up to 900,000 or so", "", false},
		{"single wrong word", "amnesia", "", false},
		{"empty", " ", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m, ok := Closest(ps, tt.quote)
			got := ""
			if ok {
				got = fmt.Sprintf("%d:%s", m.Para, ps[m.Para].Text[m.Start:m.End])
			}
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("Closest(%q) = %q, %v, want %q, %v", tt.quote, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestClosestNoParagraphs(t *testing.T) {
	t.Parallel()
	if m, ok := Closest(nil, "anything"); ok {
		t.Errorf("Closest(nil, %q) = %v, true, want false", "anything", m)
	}
}

// TestPairSet checks that a text's pair set has the pairs of every part of
// it (so Find never skips a paragraph that holds the quote) and lacks
// those of a text with other pairs (so it skips some).
func TestPairSet(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "a", "ab", "the quick brown fox", "Point 26 - \"All parties involved\" in this conflict", "\xff\x00é…"} {
		p := pairsOf(s)
		for i := range len(s) + 1 {
			for j := i; j <= len(s); j++ {
				if q := pairsOf(s[i:j]); !p.has(&q) {
					t.Errorf("pairsOf(%q) lacks the pairs of %q", s, s[i:j])
				}
			}
		}
	}
	p, q := pairsOf("the quick brown fox"), pairsOf("jumps over the lazy dog")
	if p.has(&q) {
		t.Errorf("pairsOf(%q) has every pair of %q", "the quick brown fox", "jumps over the lazy dog")
	}
}

func FuzzFind(f *testing.F) {
	f.Add("Point 26 — “All parties involved”\nin this conflict", `26 - "All`)
	f.Add("cut down from 800,000-plus to 600,000", "800,000-plus")
	f.Add("aaa", "aa")
	f.Add("plain text, plain text", "text")
	f.Add("two  spaces here", "two spaces")
	f.Add("wait… what", "wait..")
	f.Add("a\u00a0 b\r\nc", "a b c")
	f.Add("x\xe2\x80\u200b\x94y", "-")
	f.Fuzz(func(t *testing.T, txt, quote string) {
		ps := paras(strings.Split(txt, "\n")...)
		q := normQuote(quote)
		// Find as it was: every paragraph that holds the quote searched
		// with its map back, as Index.Find still does for those that are
		// not plain ASCII.
		var want []Match
		for i, p := range ps {
			if q == "" {
				break
			}
			t := newText(p.Text)
			for _, a := range t.index(q) {
				want = append(want, Match{Para: i, Start: int(t.m[a]), End: int(t.m[a+len(q)])})
			}
		}
		if got := Find(ps, quote); !slices.Equal(got, want) {
			t.Fatalf("Find(%q) in %q = %v, want %v", quote, txt, got, want)
		}
		for _, m := range Find(ps, quote) {
			p := ps[m.Para].Text
			if m.Start < 0 || m.Start > m.End || m.End > len(p) {
				t.Fatalf("Find(%q) in %q: match %v out of range", quote, txt, m)
			}
			if got, _ := Normalize(p[m.Start:m.End]); got != q {
				t.Fatalf("Find(%q) in %q: match %q normalizes to %q, want %q", quote, txt, p[m.Start:m.End], got, q)
			}
		}
		if m, ok := Closest(ps, quote); ok {
			p := ps[m.Para].Text
			if m.Start < 0 || m.Start >= m.End || m.End > len(p) {
				t.Fatalf("Closest(%q) in %q: match %v out of range", quote, txt, m)
			}
		}
	})
}

// BenchmarkClosest measures the worst case of a build: a quote that isn't
// found, looked for in a large compilation (200 paragraphs of 150 words).
func BenchmarkClosest(b *testing.B) {
	vocab := strings.Fields("the plan would force Ukraine to cede land reduce its military and forbid it from joining NATO with allies seeking corrections Russia gets sanctions relief")
	var ps []Para
	for i := range 200 {
		var w []string
		for j := range 150 {
			w = append(w, vocab[(i*7+j*j)%len(vocab)])
		}
		ps = append(ps, Para{N: i + 1, Line: i + 1, Text: strings.Join(w, " ")})
	}
	quote := "the plan would compel Ukraine to give up land, shrink its army and never join NATO, while its European allies try to amend it"
	for b.Loop() {
		Closest(ps, quote)
	}
}

// bigText returns paragraphs of generated prose, about size bytes in all,
// and a passage of about quoteLen bytes from the middle of them with every
// seventh word changed: a long misquote of a big seed.
// https://github.com/dossier-dev/dossier/issues/8
func bigText(size, quoteLen int) ([]Para, string) {
	r := rand.New(rand.NewPCG(8, 8))
	vocab := strings.Fields("the plan would force Ukraine to cede land reduce its military and forbid it from joining NATO with allies seeking corrections Russia gets sanctions relief while Europe pays for reconstruction under a board chaired by the president of the United States amnesty for all parties elections in one hundred days frozen assets invested in joint funds")
	var ps []Para
	total := 0
	for n := 1; total < size; n++ {
		var w []string
		words := 60 + r.IntN(120)
		if n == size/2/650 {
			words = 2 * quoteLen / 5 // a long paragraph half way, for the quote
		}
		for range words {
			w = append(w, vocab[r.IntN(len(vocab))])
		}
		t := strings.Join(w, " ")
		ps = append(ps, Para{N: n, Line: 2 * n, Text: t})
		total += len(t) + 2
	}
	// The quote: the words of the long paragraph, with every seventh word
	// changed.
	qw := strings.Fields(ps[size/2/650-1].Text)
	for i := range qw {
		if i%7 == 3 {
			qw[i] = "misquoted"
		}
	}
	q := strings.Join(qw, " ")
	return ps, q[:strings.LastIndexByte(q[:quoteLen], ' ')]
}

// BenchmarkClosestLongMisquote: a 2,000-character misquote of a 10 MB
// seed, the case issue 8 found taking seconds.
func BenchmarkClosestLongMisquote(b *testing.B) {
	ps, quote := bigText(10<<20, 2000)
	b.ResetTimer()
	for b.Loop() {
		if _, ok := Closest(ps, quote); !ok {
			b.Fatal("Closest found nothing close")
		}
	}
}

// TestClosestBigText: past the budget, Closest still finds the passage a
// long misquote was taken from, and it stops when its context is done.
// https://github.com/dossier-dev/dossier/issues/8
func TestClosestBigText(t *testing.T) {
	t.Parallel()
	ps, quote := bigText(1<<20, 2000)
	want := 1 << 20 / 2 / 650
	m, ok, err := ClosestContext(t.Context(), ps, quote)
	if err != nil || !ok || ps[m.Para].N != want {
		t.Fatalf("ClosestContext(long misquote) = %+v, %v, %v; want paragraph %d", m, ok, err, want)
	}
	if got := strings.Fields(ps[m.Para].Text[m.Start:m.End]); len(got) < 300 {
		t.Errorf("ClosestContext(long misquote) matched %d words, want about the quote's 330", len(got))
	}
	// A short misquote from the last paragraph: found among many windows.
	last := strings.Fields(ps[len(ps)-1].Text)
	short := append(slices.Clone(last[10:22]), "misquoted")
	m, ok = Closest(ps, strings.Join(short, " "))
	if !ok || m.Para != len(ps)-1 {
		t.Errorf("Closest(short misquote of the last paragraph) = %+v, %v; want paragraph %d", m, ok, len(ps))
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, _, err := ClosestContext(ctx, ps, quote); !errors.Is(err, context.Canceled) {
		t.Errorf("ClosestContext(cancelled) error = %v, want context.Canceled", err)
	}
}
