package markdown

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// withoutOffsets returns cites with every offset zeroed, for comparing
// what was parsed apart from where.
func withoutOffsets(cites []Cite) []Cite {
	var out []Cite
	for _, c := range cites {
		c2 := Cite{}
		for _, it := range c.Items {
			it.Offset, it.QuoteOffset = 0, 0
			c2.Items = append(c2.Items, it)
		}
		out = append(out, c2)
	}
	return out
}

// checkOffsets checks that the offsets of d point where they should.
func checkOffsets(t *testing.T, d *Doc) {
	t.Helper()
	src := string(d.Src)
	for _, c := range d.Cites {
		if !strings.HasPrefix(src[c.Offset:], "[@") || src[c.End-1] != ']' {
			t.Errorf("Parse(%q): cite %q does not run from [@ to ]", src, src[c.Offset:c.End])
		}
		for _, it := range c.Items {
			if !strings.HasPrefix(src[it.Offset:], "@"+it.ID) {
				t.Errorf("Parse(%q): item %s at %d: src there is %q", src, it.ID, it.Offset, src[it.Offset:])
			}
			if it.Quote != "" && !strings.Contains(it.Quote, `\`) {
				first := it.Quote[:strings.IndexAny(it.Quote+"\n", "\"\n")]
				if !strings.HasPrefix(src[it.QuoteOffset:], first) {
					t.Errorf("Parse(%q): quote %q at %d: src there is %q", src, it.Quote, it.QuoteOffset, src[it.QuoteOffset:])
				}
			}
		}
	}
	for _, x := range d.Xrefs {
		if !strings.HasPrefix(src[x.Offset:], "[[") || !strings.HasSuffix(src[:x.End], "]]") {
			t.Errorf("Parse(%q): xref %q does not run from [[ to ]]", src, src[x.Offset:x.End])
		}
	}
}

func TestParseCites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []Cite
	}{
		{"id", "See [@schorsch-linkedin].", []Cite{{Items: []CiteItem{{ID: "schorsch-linkedin"}}}}},
		{"id characters", "[@a.b_c:d-9]", []Cite{{Items: []CiteItem{{ID: "a.b_c:d-9"}}}}},
		{"pilcrow", "[@id, ¶3]", []Cite{{Items: []CiteItem{{ID: "id", Para: 3}}}}},
		{"pilcrow space", "[@id, ¶ 12]", []Cite{{Items: []CiteItem{{ID: "id", Para: 12}}}}},
		{"para", "[@id, para 3]", []Cite{{Items: []CiteItem{{ID: "id", Para: 3}}}}},
		{"p.", "[@id, p. 3]", []Cite{{Items: []CiteItem{{ID: "id", Para: 3}}}}},
		{"paragraph", "[@id, Paragraph 3]", []Cite{{Items: []CiteItem{{ID: "id", Para: 3}}}}},
		{"p. no space", "[@id,p.3]", []Cite{{Items: []CiteItem{{ID: "id", Para: 3}}}}},
		{"straight quote", `[@id, "exact words"]`, []Cite{{Items: []CiteItem{{ID: "id", Quote: "exact words"}}}}},
		{"curly quote", `[@id, “exact words”]`, []Cite{{Items: []CiteItem{{ID: "id", Quote: "exact words"}}}}},
		{"para and quote", `[@id, ¶3, "w"]`, []Cite{{Items: []CiteItem{{ID: "id", Para: 3, Quote: "w"}}}}},
		{"quote and para", `[@id, "w", p. 4]`, []Cite{{Items: []CiteItem{{ID: "id", Para: 4, Quote: "w"}}}}},
		{"two items", `[@a; @b, "words"]`, []Cite{{Items: []CiteItem{{ID: "a"}, {ID: "b", Quote: "words"}}}}},
		{"items without spaces", `[@a;@b;@c]`, []Cite{{Items: []CiteItem{{ID: "a"}, {ID: "b"}, {ID: "c"}}}}},
		{"escaped quote", `[@x, "say \"no\" now"]`, []Cite{{Items: []CiteItem{{ID: "x", Quote: `say "no" now`}}}}},
		{"escaped backslash", `[@x, "a\\"]`, []Cite{{Items: []CiteItem{{ID: "x", Quote: `a\`}}}}},
		{"inner straight quotes", `[@x, "he said "no" today"]`, []Cite{{Items: []CiteItem{{ID: "x", Quote: `he said "no" today`}}}}},
		{"inner quotes in curly", `[@x, “it’s "so" ”]`, []Cite{{Items: []CiteItem{{ID: "x", Quote: `it’s "so" `}}}}},
		{"bracket inside quote", `[@x, "a ] b"]`, []Cite{{Items: []CiteItem{{ID: "x", Quote: "a ] b"}}}}},
		{"bracket inside curly quote", `[@x, “a] b”]`, []Cite{{Items: []CiteItem{{ID: "x", Quote: "a] b"}}}}},
		{
			"quote over a soft line break",
			"Amnesty [@schorsch-linkedin, \"war crimes cannot be\nwritten away\"] ends it.",
			[]Cite{{Items: []CiteItem{{ID: "schorsch-linkedin", Quote: "war crimes cannot be\nwritten away"}}}},
		},
		{
			"items over lines",
			"[@a;\n@b, ¶2]",
			[]Cite{{Items: []CiteItem{{ID: "a"}, {ID: "b", Para: 2}}}},
		},
		{
			"quote over lines in a blockquote",
			"> [@x, \"one\n> two\"]",
			[]Cite{{Items: []CiteItem{{ID: "x", Quote: "one\ntwo"}}}},
		},
		{
			"quote over lines in a list",
			"- item [@x, \"one\n  two\"] after",
			[]Cite{{Items: []CiteItem{{ID: "x", Quote: "one\ntwo"}}}},
		},
		{
			"several in order",
			"[@a] text *[@b]* and\n[@c, ¶1]",
			[]Cite{{Items: []CiteItem{{ID: "a"}}}, {Items: []CiteItem{{ID: "b"}}}, {Items: []CiteItem{{ID: "c", Para: 1}}}},
		},
		{"in heading", "## Amnesty [@x]", []Cite{{Items: []CiteItem{{ID: "x"}}}}},
		{"in table", "| a |\n|---|\n| [@x, ¶2] |", []Cite{{Items: []CiteItem{{ID: "x", Para: 2}}}}},
		{"link", "[@foo](http://example.com)", nil},
		{"reference link", "[@foo][r]\n\n[r]: /a", nil},
		{"shortcut reference link", "[@foo]\n\n[@foo]: /a", nil},
		{"undefined reference", "[@foo][r]", []Cite{{Items: []CiteItem{{ID: "foo"}}}}},
		{"plain brackets", "[x] and [ @x]", nil},
		{"code span", "`[@x]` and ``[@y, \"q\"]``", nil},
		{"code block", "```\n[@x]\n```\n\n    [@y]", nil},
		{"escaped", `\[@x]`, nil},
		{"email", "mail me@example.com [me@example.com]", nil},
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := m.Parse([]byte(tt.src))
			if got := withoutOffsets(d.Cites); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q).Cites = %+v, want %+v", tt.src, got, tt.want)
			}
			if len(d.Problems) != 0 {
				t.Errorf("Parse(%q).Problems = %+v, want none", tt.src, d.Problems)
			}
			checkOffsets(t, d)
		})
	}
}

func TestMalformedCites(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      string // in Problem.Msg
	}{
		{"no id", "a [@] b", "expected a source id"},
		{"space before id", "[@ x]", "expected a source id"},
		{"unknown locator", "[@x, page 3]", `expected ¶N or a quote after "," in @x`},
		{"two ids", "[@x @y]", `expected ",", ";" or "]" after @x`},
		{"id ends in dot", "[@x.]", `after @x, found "."`},
		{"trailing semicolon", "[@x;]", "expected @id"},
		{"missing number", "[@x, ¶]", "expected a paragraph number"},
		{"zero", "[@x, para 0]", "out of range"},
		{"two paras", "[@x, ¶1, ¶2]", "more than one paragraph number"},
		{"two quotes", `[@x, "a", "b"]`, "more than one quote"},
		{"unterminated quote", `[@x, "words]`, "unterminated quote"},
		{"unterminated curly quote", `[@x, “words"]`, "unterminated quote"},
		{"empty quote", `[@x, ""]`, "empty quote"},
		{"over lines", "text [@x,\nfoo] more", "expected ¶N"},
		{"unclosed", "Broken [@ citation.", `unclosed citation: no "]" after "[@" in this paragraph`},
		{"unclosed with locator", "[@x, ¶3 and no end", "unclosed citation"},
		{"unclosed, twice in a paragraph", "[@x, ¶3 and [@y and\nno end", "unclosed citation"},
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := m.Parse([]byte(tt.src))
			if len(d.Cites) != 0 {
				t.Errorf("Parse(%q).Cites = %+v, want none", tt.src, d.Cites)
			}
			if len(d.Problems) != 1 {
				t.Fatalf("Parse(%q).Problems = %+v, want one", tt.src, d.Problems)
			}
			p := d.Problems[0]
			if !strings.HasPrefix(p.Msg, "malformed citation") && !strings.HasPrefix(p.Msg, "unclosed citation") || !strings.Contains(p.Msg, tt.want) {
				t.Errorf("Parse(%q).Problems[0].Msg = %q, want malformed citation …%s…", tt.src, p.Msg, tt.want)
			}
			if !strings.Contains(p.Hint, `[@id, "exact words"]`) {
				t.Errorf("Parse(%q).Problems[0].Hint = %q, want the forms of a citation", tt.src, p.Hint)
			}
			if !strings.HasPrefix(tt.src[p.Offset:], "[@") {
				t.Errorf("Parse(%q).Problems[0].Offset = %d, at %q, want the [@", tt.src, p.Offset, tt.src[p.Offset:])
			}
		})
	}
}

func TestMalformedCiteRendersAsText(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	src := `A [@x, *page* 3] B`
	got := render(t, m, src, Hooks{})
	want := "<p>A [@x, <em>page</em> 3] B</p>\n"
	if got != want {
		t.Errorf("Render(%q) = %q, want %q", src, got, want)
	}
}

func TestCiteOffsets(t *testing.T) {
	t.Parallel()
	src := "ab\n\n> x [@one, ¶2; @two,\n> “q\n> r”] y"
	d := New(Options{}).Parse([]byte(src))
	want := []Cite{{
		Offset: strings.Index(src, "[@"),
		End:    strings.Index(src, "] y") + 1,
		Items: []CiteItem{
			{ID: "one", Offset: strings.Index(src, "@one"), Para: 2},
			{ID: "two", Offset: strings.Index(src, "@two"), Quote: "q\nr", QuoteOffset: strings.Index(src, "q\n")},
		},
	}}
	if !reflect.DeepEqual(d.Cites, want) {
		t.Errorf("Parse(%q).Cites = %+v, want %+v", src, d.Cites, want)
	}
}

func TestCiteInLinkIsProblem(t *testing.T) {
	t.Parallel()
	src := "[see [@x] and [[2]]](/a) ![[@y]](/i.png)"
	d := New(Options{}).Parse([]byte(src))
	if len(d.Cites) != 2 || len(d.Xrefs) != 1 {
		t.Errorf("Parse(%q): %d cites, %d xrefs, want 2 and 1", src, len(d.Cites), len(d.Xrefs))
	}
	want := []Problem{
		{Offset: 5, Msg: "citation inside a link", Hint: "move the citation out of it"},
		{Offset: 14, Msg: "cross-reference inside a link", Hint: "move the cross-reference out of it"},
		{Offset: 27, Msg: "citation inside an image description", Hint: "move the citation out of it"},
	}
	if !reflect.DeepEqual(d.Problems, want) {
		t.Errorf("Parse(%q).Problems = %+v, want %+v", src, d.Problems, want)
	}
}

// FuzzUnclosed checks that an opening "[@" (or "[[" and a number) that
// nothing closes is reported once, where it opens, whatever follows it on
// the line. https://github.com/dossier-dev/dossier/issues/8
func FuzzUnclosed(f *testing.F) {
	for _, s := range []string{"", " citation.", "x, ¶3 and no end", `x, "unterminated`, "x; @y, “curly", "x @y", "@@@", "é ¶ “”", "x, para 2 *em* _u_"} {
		f.Add(s, uint16(26))
	}
	m := New(Options{})
	f.Fuzz(func(t *testing.T, tail string, n uint16) {
		// What could close the form, or end the paragraph or the
		// inline context it is in, is left out.
		tail = strings.Map(func(r rune) rune {
			if strings.ContainsRune("[]`\\<\n\r&", r) || r == utf8.RuneError || r < ' ' {
				return -1
			}
			return r
		}, tail)
		src := "Text [@" + tail
		d := m.Parse([]byte(src))
		if len(d.Cites) != 0 || len(d.Problems) != 1 || d.Problems[0].Offset != 5 || !strings.HasPrefix(d.Problems[0].Msg, "unclosed citation") {
			t.Fatalf("Parse(%q) = cites %+v, problems %+v; want one unclosed citation at 5", src, d.Cites, d.Problems)
		}
		// After the number, "," or "." make a list or a decimal number.
		if rest := strings.TrimLeft(strings.TrimLeft(tail, "0123456789"), " \t"); strings.HasPrefix(rest, ",") || strings.HasPrefix(rest, ".") {
			return
		}
		src = "See [[" + strconv.Itoa(int(n)) + tail
		d = m.Parse([]byte(src))
		if len(d.Xrefs) != 0 || len(d.Problems) != 1 || d.Problems[0].Offset != 4 || !strings.HasPrefix(d.Problems[0].Msg, "unclosed cross-reference") {
			t.Fatalf("Parse(%q) = xrefs %+v, problems %+v; want one unclosed cross-reference at 4", src, d.Xrefs, d.Problems)
		}
	})
}
