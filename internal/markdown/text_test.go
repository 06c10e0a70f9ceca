package markdown

import (
	"reflect"
	"regexp"
	"testing"
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

// FuzzDropCiteGaps holds dropCiteGaps to the regexp it replaces.
func FuzzDropCiteGaps(f *testing.F) {
	citeGap := regexp.MustCompile("[ \t]*\x00+")
	for _, s := range []string{"", "plain", "the war \x00.", "a \x00 \x00b", "\x00\x00", " \t\x00 x\t", "a\n\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := dropCiteGaps(s), citeGap.ReplaceAllString(s, ""); got != want {
			t.Errorf("dropCiteGaps(%q) = %q, want %q", s, got, want)
		}
	})
}
