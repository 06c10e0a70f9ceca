package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
)

func TestPlainText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, want string
	}{
		{"empty", "", ""},
		{"paragraphs", "One *two*\nthree.\n\nFour  \nfive.", "One two three.\n\nFour\nfive."},
		{"citations and xrefs", "Amnesty [@x, \"q\"] erases [[21]] and [[22|the courts]].", "Amnesty erases 21 and the courts."},
		{"citation before punctuation", "The war [@x].\n\nAnd on [@a; @b], he said.", "The war.\n\nAnd on, he said."},
		{"escapes and entities", `a \*b\* &amp; &copy; &#35;`, "a *b* & © #"},
		{"typography", `"Quoted" -- it's`, "“Quoted” – it’s"},
		{"markup dropped", "# Title\n\n> [link](/a) ![img](/i.png) `code` <b>raw</b>\n\n---\n\n<div>block</div>", "Title\n\nlink img code raw"},
		{"lists", "- a\n- [ ] b\n  c\n\n1. d", "a\n\nb c\n\nd"},
		{"code block", "```go\nx := 1\n```", "x := 1"},
		{"table", "| a | b |\n|---|---|\n| 1 | [[2]] |", "a b\n1 2"},
		{"autolink", "see https://example.org.", "see https://example.org."},
		// A NUL of the source reads as U+FFFD, as the HTML has it, and
		// not as a citation's mark, which drops itself and the spaces
		// before it.
		{"NUL", "a \x00b", "a \ufffdb"},
		{"NUL and citation", "\x00 one [@x]\x00 two \x00", "\ufffd one\ufffd two \ufffd"},
		{"NUL in code", "`a\x00` [[1|x\x00]]\n\n```\n\x00\n```", "a\ufffd x\ufffd\n\n\ufffd"},
		{"NUL escaped", "\\\x00 &amp;\x00 <a\x00b@c.d>", "\\\ufffd &\ufffd <a\ufffdb@c.d>"},
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := m.Parse([]byte(tt.src)).PlainText(); got != tt.want {
				t.Errorf("Parse(%q).PlainText() = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestHeadings(t *testing.T) {
	t.Parallel()
	src := "# Blanket *amnesty* [@x]\n\ntext\n\nSetext [[26|point]]\n------\n\n### Blanket amnesty\n\n#### `code` & \"quotes\"\n\n```\n# not a heading\n```"
	want := []Heading{
		{Level: 1, ID: "blanket-amnesty-x", Text: "Blanket amnesty"},
		{Level: 2, ID: "setext-26point", Text: "Setext point"},
		{Level: 3, ID: "blanket-amnesty", Text: "Blanket amnesty"},
		{Level: 4, ID: "code--quotes", Text: "code & “quotes”"},
	}
	d := New(Options{}).Parse([]byte(src))
	if !reflect.DeepEqual(d.Headings, want) {
		t.Errorf("Parse(%q).Headings = %+v, want %+v", src, d.Headings, want)
	}
}

// FuzzDropCiteGaps holds dropCiteGaps, and the old code that
// oldPlainText uses, to the regexp they replace.
func FuzzDropCiteGaps(f *testing.F) {
	citeGap := regexp.MustCompile("[ \t]*\x00+")
	for _, s := range []string{"", "plain", "the war \x00.", "a \x00 \x00b", "\x00\x00", " \t\x00 x\t", "a\n\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := citeGap.ReplaceAllString(s, "")
		if got := string(dropCiteGaps([]byte(s))); got != want {
			t.Errorf("dropCiteGaps(%q) = %q, want %q", s, got, want)
		}
		if got := oldDropCiteGaps(s); got != want {
			t.Errorf("oldDropCiteGaps(%q) = %q, want %q", s, got, want)
		}
	})
}

// plainTextCases are Markdown texts for the oracle tests of PlainText:
// every kind of block and inline, white space and citations at the edges.
var plainTextCases = []string{
	"",
	" \n\n ",
	"One *two*\nthree.\n\nFour  \nfive.",
	"Amnesty [@x, \"q\"] erases [[21]] and [[22|the courts]].",
	"The war [@x].\n\nAnd on [@a; @b], he said.",
	"[@x] starts, \t [@y] [@z]\tends [@w]",
	"[@x]\n\n[@y]\n\ntext",
	`a \*b\* &amp; &copy; &#35; \\ &nbsp;x&#x2028;`,
	`"Quoted" -- it's... <<a>>`,
	"# Title\n\n> [link](/a) ![img [@x]](/i.png) `code` <b>raw</b>\n\n---\n\n<div>block</div>",
	"- a\n- [ ] b\n  c\n\n1. d\n   - e [@x]",
	"```go\nx := 1\n\n  y\n```\n\n    indented\n    code\n",
	"| a | b |\n|---|---|\n| 1 | [[2]] |\n|  | [@x] |\n| | |",
	"| [@x] | |\n|---|---|",
	"see https://example.org. and <https://a.b/c> and <me@example.org>",
	"`` code\nspan ``  and `a\nb`",
	"Setext [[26|point]]\n------\n\n### Blanket amnesty",
	"\u00a0lead and trail\u3000\n\n\u2028",
	"line  \nbreak\\\nhard",
	"[ref]: /a\n\n[ref] ~~strike~~ **bold _it_**",
	"\x00 a \x00[@x] \x00\n\n`\x00` [[1|\x00]] <b\x00> ![\x00](/i.png)\n\n    \x00\n\n| \x00 |\n|-|",
}

// TestPlainTextMatchesOld holds PlainText and AppendPlainText to the code
// they replace, which made the text block by block and joined it.
func TestPlainTextMatchesOld(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	for _, src := range plainTextCases {
		checkPlainText(t, m, src)
	}
}

func FuzzPlainText(f *testing.F) {
	for _, src := range plainTextCases {
		f.Add(src)
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, src string) {
		checkPlainText(t, m, src)
	})
}

func checkPlainText(t *testing.T, m *Markdown, src string) {
	t.Helper()
	d := m.Parse([]byte(src))
	want := oldPlainText(d)
	if got := d.PlainText(); got != want {
		t.Errorf("Parse(%q).PlainText() = %q, want %q", src, got, want)
	}
	if strings.IndexByte(want, 0) >= 0 {
		t.Errorf("Parse(%q).PlainText() = %q holds a NUL", src, want)
	}
	if got := string(d.AppendPlainText([]byte("kept"))); got != "kept"+want {
		t.Errorf("Parse(%q).AppendPlainText(\"kept\") = %q, want %q", src, got, "kept"+want)
	}
}

// oldPlainText is PlainText as it was before it made its text in place.
func oldPlainText(d *Doc) string {
	if d.root() == nil {
		return ""
	}
	var blocks []string
	oldPlainBlocks(d.root(), d.Src, &blocks)
	return strings.Join(blocks, "\n\n")
}

func oldPlainBlocks(n ast.Node, src []byte, out *[]string) {
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			*out = append(*out, s)
		}
	}
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
		add(oldInlineText(n, src))
	case ast.KindCodeBlock, ast.KindFencedCodeBlock:
		var b strings.Builder
		for i := range n.Lines().Len() {
			line := n.Lines().At(i)
			b.WriteString(oldSrc(line.Value(src)))
		}
		add(b.String())
	case ast.KindHTMLBlock, ast.KindThematicBreak, ast.KindLinkReferenceDefinition:
	case east.KindTable:
		var rows []string
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				cells = append(cells, oldInlineText(cell, src))
			}
			rows = append(rows, strings.TrimSpace(strings.Join(cells, " ")))
		}
		add(strings.Join(rows, "\n"))
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			oldPlainBlocks(c, src, out)
		}
	}
}

func oldInlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	oldWriteInline(&b, n, src)
	return strings.TrimSpace(oldDropCiteGaps(b.String()))
}

func oldDropCiteGaps(s string) string {
	i := strings.IndexByte(s, 0)
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for ; i >= 0; i = strings.IndexByte(s, 0) {
		b = append(b, s[:i]...)
		b = bytes.TrimRight(b, " \t")
		for i < len(s) && s[i] == 0 {
			i++
		}
		s = s[i:]
	}
	return string(append(b, s...))
}

func oldWriteInline(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if c.IsRaw() {
				b.WriteString(oldSrc(v))
			} else {
				b.WriteString(oldUnescape(v))
			}
			switch {
			case c.HardLineBreak():
				b.WriteByte('\n')
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			switch {
			case c.IsCode():
				b.WriteString(oldSrc(stdhtml.UnescapeString(string(c.Value))))
			case c.IsRaw():
				b.WriteString(oldSrc(c.Value))
			default:
				b.WriteString(oldUnescape(c.Value))
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					v := t.Segment.Value(src)
					if bytes.HasSuffix(v, []byte("\n")) {
						v = append(v[:len(v)-1:len(v)-1], ' ')
					}
					b.WriteString(oldSrc(v))
				}
			}
		case *ast.AutoLink:
			b.WriteString(oldSrc(c.Label(src)))
		case *citeNode:
			b.WriteByte(0)
		case *ast.RawHTML:
		case *xrefNode:
			b.WriteString(oldSrc(c.xref.text()))
		default:
			oldWriteInline(b, c, src)
		}
	}
}

// oldSrc is v with each NUL written as U+FFFD, as appendSrc writes it.
func oldSrc[T []byte | string](v T) string {
	return strings.ReplaceAll(string(v), "\x00", "\ufffd")
}

func oldUnescape(v []byte) string {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return oldSrc(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	html.DefaultWriter.Write(w, v)
	if err := w.Flush(); err != nil {
		return string(v)
	}
	return stdhtml.UnescapeString(buf.String())
}

// BenchmarkPlainText makes the plain text of a commentary of a few
// paragraphs with citations, cross-references and a list, as the search
// index and dossier.json do for every piece of prose:
//
//	go test -run '^$' -bench PlainText -benchmem ./internal/markdown
func BenchmarkPlainText(b *testing.B) {
	para := "The minister said the accord [@reuters-2024, ¶3] “will not be signed” until the courts rule, as [[21|the amnesty]] and [[22]] showed; envoys of each nation disagreed [@ap; @bbc, \"no deal\"].\n"
	src := strings.Repeat(para+"\n", 4) + "- one [@x]\n- two &amp; three\n\n" + strings.Repeat(para, 2)
	d := New(Options{}).Parse([]byte(src))
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = d.PlainText()
		}
	})
	b.Run("append", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = d.AppendPlainText(buf[:0])
		}
	})
	b.Run("old", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = oldPlainText(d)
		}
	})
}
