package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestLinks(t *testing.T) {
	t.Parallel()
	src := "[a](/points/26/) ![i](img.png) [r][ref] [s] <https://x.org/> see www.y.org and me@z.org [e](/a\\_b&amp;c)\n\n" +
		"[ref]: https://ref.org/\n[s]: #frag\n\n# [h](mailto:a@b.org)"
	want := []Link{
		{Offset: strings.Index(src, "[a]"), Dest: "/points/26/"},
		{Offset: strings.Index(src, "![i]"), Dest: "img.png", Image: true},
		{Offset: strings.Index(src, "[r]"), Dest: "https://ref.org/"},
		{Offset: strings.Index(src, "[s]"), Dest: "#frag"},
		{Offset: strings.Index(src, "<https"), Dest: "https://x.org/"},
		{Offset: strings.Index(src, "www.y"), Dest: "http://www.y.org"},
		{Offset: strings.Index(src, "me@"), Dest: "mailto:me@z.org"},
		{Offset: strings.Index(src, "[e]"), Dest: "/a_b&c"},
		{Offset: strings.Index(src, "[h]"), Dest: "mailto:a@b.org"},
	}
	d := New(Options{}).Parse([]byte(src))
	if !reflect.DeepEqual(d.Links, want) {
		t.Errorf("Parse(%q).Links = %+v, want %+v", src, d.Links, want)
	}
	if len(d.Problems) != 0 {
		t.Errorf("Parse(%q).Problems = %+v, want none", src, d.Problems)
	}
}

func TestProblemsSorted(t *testing.T) {
	t.Parallel()
	src := "[j](javascript:x) [[x]] [@]\n\n[@x, foo] [v](vbscript:y)"
	d := New(Options{}).Parse([]byte(src))
	var got []int
	for _, p := range d.Problems {
		got = append(got, p.Offset)
	}
	want := []int{0, 18, 24, 29, 39}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Parse(%q).Problems offsets = %v, want %v (%+v)", src, got, want, d.Problems)
	}
}

// TestConcurrent parses and renders from many goroutines with one Markdown,
// and renders one Doc from many goroutines; run it with -race.
func TestConcurrent(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	srcs := []string{
		"# T [@x]\n\nA [@x, \"q\nr\"] [[2|two]] [l](/a) <b>\n\n```go\nfunc f() {}\n```\n",
		"```python\ndef f(): pass\n```\n\n```js\nlet x = 1\n```\n\n| a |\n|---|\n| [@y] |\n",
		"- [ ] x [[3]]\n- \"q\" -- y https://e.org\n\n```rust\nfn main() {}\n```\n",
	}
	shared := m.Parse([]byte(srcs[0]))
	want := renderDoc(t, m, shared)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			src := srcs[i%len(srcs)]
			d := m.Parse([]byte(src))
			var b bytes.Buffer
			if err := m.Render(&b, d, testHooks); err != nil {
				t.Errorf("Render(%q): %v", src, err)
			}
			d.PlainText()
			if got := renderDoc(t, m, shared); got != want {
				t.Errorf("Render of a shared Doc = %q, want %q", got, want)
			}
		})
	}
	wg.Wait()
}

func renderDoc(t *testing.T, m *Markdown, d *Doc) string {
	t.Helper()
	var b bytes.Buffer
	if err := m.Render(&b, d, testHooks); err != nil {
		t.Errorf("Render: %v", err)
	}
	return b.String()
}

// TestGolden renders each testdata/*.md and compares the HTML, followed by
// the problems found, with testdata/*.golden. With -update it rewrites the
// golden files.
func TestGolden(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no testdata/*.md")
	}
	m := New(Options{})
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			d := m.Parse(src)
			var b bytes.Buffer
			if err := m.Render(&b, d, testHooks); err != nil {
				t.Fatalf("Render(%s): %v", file, err)
			}
			for _, p := range d.Problems {
				fmt.Fprintf(&b, "<!-- problem at %d: %s (%s) -->\n", p.Offset, p.Msg, p.Hint)
			}
			got := b.Bytes()
			golden := strings.TrimSuffix(file, ".md") + ".golden"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Render(%s) differs from %s:\n%s", file, golden, lineDiff(string(want), string(got)))
			}
		})
	}
}

// lineDiff shows the first lines where want and got differ.
func lineDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(wl), len(gl)) && b.Len() < 2000; i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			fmt.Fprintf(&b, "line %d:\n-%s\n+%s\n", i+1, w, g)
		}
	}
	return b.String()
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"[@x]", "[@a; @b, ¶3, \"q\"]", "[@x, \"a\nb\"]", "> [@x, “q\n> r”]", "[[26|l]]", "[[x]]",
		"[@x](u)", "[@", "[[", "- [@x,\n  ¶2]", "| [@x] |\n|--|\n| [[2]] |", "[a [@x]](/u) ![b [[1]]](/i)",
		"[@x, \"\\\"\"]", "```\n[@x]\n```", "<javascript:x> [j](javascript:x)", "[@x]\n\n[@x]: /u",
		"\t[@x,\t\"a\"]", "x\r\n[@y, \"a\r\nb\"]\r\n",
	} {
		f.Add(s)
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte(s)
		d := m.Parse(src)
		for _, c := range d.Cites {
			if c.Offset < 0 || c.End > len(src) || c.Offset >= c.End || src[c.Offset] != '[' || src[c.End-1] != ']' {
				t.Fatalf("Parse(%q): cite %+v out of place", s, c)
			}
			for _, it := range c.Items {
				if it.Offset <= c.Offset || it.Offset >= c.End || src[it.Offset] != '@' {
					t.Fatalf("Parse(%q): cite item %+v out of place", s, it)
				}
				if it.Quote != "" && (it.QuoteOffset <= it.Offset || it.QuoteOffset >= c.End) {
					t.Fatalf("Parse(%q): quote of %+v out of place", s, it)
				}
			}
		}
		for _, x := range d.Xrefs {
			if x.Offset < 0 || x.End > len(src) || x.Offset >= x.End || src[x.Offset] != '[' || src[x.End-1] != ']' {
				t.Fatalf("Parse(%q): xref %+v out of place", s, x)
			}
		}
		for _, l := range d.Links {
			if l.Offset < 0 || l.Offset > len(src) {
				t.Fatalf("Parse(%q): link %+v out of range", s, l)
			}
		}
		for _, p := range d.Problems {
			if p.Offset < 0 || p.Offset > len(src) {
				t.Fatalf("Parse(%q): problem %+v out of range", s, p)
			}
		}
		var b bytes.Buffer
		if err := m.Render(&b, d, Hooks{}); err != nil {
			t.Fatalf("Render(%q): %v", s, err)
		}
		d.PlainText()
	})
}

// TestPathologicalInputs checks that inputs which would make a naive
// parser take quadratic time parse quickly. A quadratic parser takes
// minutes on these; a linear one well under a second.
func TestPathologicalInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	t.Parallel()
	const n = 50000
	m := New(Options{})
	for _, src := range []string{
		strings.Repeat(`[@x, "a `, n),
		strings.Repeat("[@", n),
		strings.Repeat("[@x,\n", n) + "]",
		strings.Repeat("[[", n) + "]]",
		strings.Repeat("[[x", n) + "]]",
		strings.Repeat("> [@x, “a\n", n) + "”]",
	} {
		start := time.Now()
		d := m.Parse([]byte(src))
		if el := time.Since(start); el > 20*time.Second {
			t.Errorf("Parse(%q…) took %v", src[:20], el)
		}
		checkOffsets(t, d)
	}
}

// TestLinkifyMattersWhereParsersDiffer: documents that render differently
// without linkify, though it finds no link in them, go to the full parser:
// white space at a line's end. (TestPlainParserMatches compares
// only the documents that linkifyMatters lets through.)
func TestLinkifyMattersWhereParsersDiffer(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	for _, s := range []string{"a \t\nb", "a\r \nb"} {
		full := renderDoc(t, m, m.parseWith(m.md.Parser(), []byte(s)))
		plain := renderDoc(t, m, m.parseWith(m.plain, []byte(s)))
		if full == plain {
			t.Errorf("%q renders %q with linkify and without: want a case where the parsers differ", s, full)
		}
		if !linkifyMatters([]byte(s)) {
			t.Errorf("linkifyMatters(%q) = false, want true: it renders %q without linkify, %q with", s, plain, full)
		}
	}
}

// TestPlainParserMatches checks that a document in which linkify can find
// no link (linkifyMatters) parses without it to a Doc that renders, reads as
// plain text and lists citations, cross-references, links, headings and
// problems the same as with it: the Markdown of testdata, of the
// repository's own dossier, and random text made of what the parsers look
// at.
func TestPlainParserMatches(t *testing.T) {
	t.Parallel()
	var srcs []string
	for _, pattern := range []string{"testdata/*.md", "../../content/*.md", "../../content/*/*.md"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			srcs = append(srcs, string(b))
		}
	}
	if len(srcs) < 10 {
		t.Fatalf("found %d Markdown files, want more", len(srcs))
	}
	// Each file again, with what linkify would link taken out.
	for _, s := range srcs[:len(srcs):len(srcs)] {
		s = strings.NewReplacer("http", "htp", "www.", "ww.", "@", " @").Replace(s)
		srcs = append(srcs, s)
	}
	words := []string{
		"word", "Word", " ", " ", "  ", "\n", "\n\n", " \n", "  \n", "\\\n", "\\ ", "\\", "*", "**", "_", "__", "~", "~~", "(", ")",
		"[@a]", "[@a, ¶3]", "[@b, \"some words\"]", "[@a; @b]", "[@a;@b]", "[@", "@", "a@", "[[26]]", "[[2|label]]", "[[",
		".", ",", ";", ":", "!", "?", "...", "--", "---", "'", "\"", "“", "&amp;", "&#35;", "&", "#", "`", "``", "<", ">", "<em>",
		"[link](/u)", "[ref]", "[ref]: /r\n", "![img](i.png)", "\n# ", "\n## ", "\n- ", "\n1. ", "\n> ", "\n```\n", "\n| a | b |\n|--|--|\n| ",
		"\n    ", "\t", "\r\n", "é", "\x00", "- [ ] ", "- [x] ", "mailto", "ftp://x",
	}
	m := New(Options{})
	plain := 0
	for _, s := range srcs {
		if !linkifyMatters([]byte(s)) {
			plain++
			comparePlainParser(t, m, s)
		}
	}
	if plain < len(srcs)/2 {
		t.Errorf("%d of %d files could be parsed without linkify, want at least half", plain, len(srcs))
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for plain = 0; plain < 5000; {
		var b strings.Builder
		for range 1 + rnd.IntN(60) {
			b.WriteString(words[rnd.IntN(len(words))])
		}
		if s := b.String(); !linkifyMatters([]byte(s)) {
			plain++
			comparePlainParser(t, m, s)
		}
	}
}

// FuzzPlainParser checks what TestPlainParserMatches checks on fuzzed
// input.
func FuzzPlainParser(f *testing.F) {
	for _, s := range []string{"a *b* [@x] (c) ~d~ _e_\nf \ng", "a\\ b [@x, \"q\"]. c", "x @y a@ b", "&amp; (x) [[2]]"} {
		f.Add(s)
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, s string) {
		if !linkifyMatters([]byte(s)) {
			comparePlainParser(t, m, s)
		}
	})
}

// comparePlainParser compares the Doc parsed from s with linkify and the
// one parsed without it.
func comparePlainParser(t *testing.T, m *Markdown, s string) {
	t.Helper()
	want := m.parseWith(m.md.Parser(), []byte(s))
	got := m.parseWith(m.plain, []byte(s))
	for _, c := range []struct {
		what      string
		got, want any
	}{
		{"HTML", renderDoc(t, m, got), renderDoc(t, m, want)},
		{"PlainText", got.PlainText(), want.PlainText()},
		{"Cites", got.Cites, want.Cites},
		{"Xrefs", got.Xrefs, want.Xrefs},
		{"Links", got.Links, want.Links},
		{"Headings", got.Headings, want.Headings},
		{"Problems", got.Problems, want.Problems},
	} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Fatalf("%s of %q without linkify = %q, want %q", c.what, s, c.got, c.want)
		}
	}
}
