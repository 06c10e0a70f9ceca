package markdown

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseXrefs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []Xref // offsets are checked by checkOffsets
	}{
		{"number", "See [[26]].", []Xref{{Number: 26}}},
		{"label", "See [[26|the amnesty]].", []Xref{{Number: 26, Label: "the amnesty"}}},
		{"spaces", "[[ 7 | the  amnesty ]]", []Xref{{Number: 7, Label: "the amnesty"}}},
		{"label over lines", "[[7|the\namnesty]]", []Xref{{Number: 7, Label: "the amnesty"}}},
		{"leading zero", "[[026]]", []Xref{{Number: 26}}},
		{"several", "[[1]], [[2|two]]\n* [[3]]", []Xref{{Number: 1}, {Number: 2, Label: "two"}, {Number: 3}}},
		{"with citation", "[[1]] [@x]", []Xref{{Number: 1}}},
		{"code span", "`[[26]]`", nil},
		{"code block", "```\n[[26]]\n```", nil},
		{"escaped", `\[[26]]`, nil},
		{"single brackets", "[26]", nil},
		{"nested lists", "[[1, 2], [3, 4]]", nil},
		{"link", "[[26]](/points/26/)", nil},
		{"unclosed word", "[[foo and on", nil},
		{"unclosed list", "[[1, 2], [3.5", nil},
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := m.Parse([]byte(tt.src))
			var got []Xref
			for _, x := range d.Xrefs {
				x.Offset, x.End = 0, 0
				got = append(got, x)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q).Xrefs = %+v, want %+v", tt.src, got, tt.want)
			}
			if len(d.Problems) != 0 {
				t.Errorf("Parse(%q).Problems = %+v, want none", tt.src, d.Problems)
			}
			checkOffsets(t, d)
		})
	}
}

func TestMalformedXrefs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src string
		want      string // Problem.Msg
	}{
		{"word", "see [[foo]] there", "cross-reference [[foo]] must be a point number"},
		{"word and label", "[[foo|bar]]", "cross-reference [[foo|bar]] must be a point number"},
		{"number and word", "[[26 x]]", "cross-reference [[26 x]] must be a point number"},
		{"empty", "[[]]", "cross-reference [[]] must be a point number"},
		{"empty label", "[[26|]]", "cross-reference [[26|]] has an empty label"},
		{"huge", "[[99999999999999999999]]", "has a point number out of range"},
		{"long", "[[" + strings.Repeat("x", 100) + "]]", "cross-reference [[" + strings.Repeat("x", 38) + "… must be a point number"},
		{"unclosed", "see [[26 there", `unclosed cross-reference: no "]]" after "[[" and a number`},
		{"unclosed at the end", "see [[26", "unclosed cross-reference"},
		{"one bracket", "see [[26] there", "unclosed cross-reference"},
		{"unclosed with label", "see [[26|the amnesty", "unclosed cross-reference"},
		{"twice in a paragraph", "[[26 and [[27", "unclosed cross-reference"},
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d := m.Parse([]byte(tt.src))
			if len(d.Xrefs) != 0 {
				t.Errorf("Parse(%q).Xrefs = %+v, want none", tt.src, d.Xrefs)
			}
			if len(d.Problems) != 1 {
				t.Fatalf("Parse(%q).Problems = %+v, want one", tt.src, d.Problems)
			}
			p := d.Problems[0]
			if !strings.Contains(p.Msg, tt.want) {
				t.Errorf("Parse(%q).Problems[0].Msg = %q, want …%s…", tt.src, p.Msg, tt.want)
			}
			if p.Hint != "write [[26]] or [[26|label]]" {
				t.Errorf("Parse(%q).Problems[0].Hint = %q, want the forms of a cross-reference", tt.src, p.Hint)
			}
			if !strings.HasPrefix(tt.src[p.Offset:], "[[") {
				t.Errorf("Parse(%q).Problems[0].Offset = %d, at %q, want the [[", tt.src, p.Offset, tt.src[p.Offset:])
			}
		})
	}
}

func TestXrefOffsets(t *testing.T) {
	t.Parallel()
	src := "x\n\n- a [[26|the\n  amnesty]] b"
	d := New(Options{}).Parse([]byte(src))
	want := []Xref{{
		Offset: strings.Index(src, "[["),
		End:    strings.Index(src, " b"),
		Number: 26,
		Label:  "the amnesty",
	}}
	if !reflect.DeepEqual(d.Xrefs, want) {
		t.Errorf("Parse(%q).Xrefs = %+v, want %+v", src, d.Xrefs, want)
	}
}

func TestXrefInBrackets(t *testing.T) {
	t.Parallel()
	src := "[[[26]]] and [[[[7|x]]]]"
	d := New(Options{}).Parse([]byte(src))
	if len(d.Xrefs) != 2 || d.Xrefs[0].Number != 26 || d.Xrefs[1].Number != 7 || len(d.Problems) != 0 {
		t.Errorf("Parse(%q) = %+v, %+v, want xrefs 26 and 7 and no problems", src, d.Xrefs, d.Problems)
	}
}
