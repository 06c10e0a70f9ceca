package seed

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/diag"
)

// compilation is a small seed in the shape of the site's compilations: a
// frame (title, date, comments) around articles.
const compilation = `Weekly Compilation

First Article
By Alice
Body one says it is Russia’s “wish list”.
Body two.
Photo: credit line

Second Article
Body three—with a dash.
Tail of second.

Leave a Comment
`

// spec returns a Spec for source id with its anchors written on lines 3 and
// 4 of content/sources/<id>.md.
func spec(id, start, end string, roles ...RoleSpec) Spec {
	file := "content/sources/" + id + ".md"
	for i := range roles {
		roles[i].Pos = diag.Position{File: file, Line: 10 + i}
	}
	return Spec{
		ID:       id,
		Pos:      diag.Position{File: file, Line: 2},
		Start:    start,
		StartPos: diag.Position{File: file, Line: 3, Col: 9},
		End:      end,
		EndPos:   diag.Position{File: file, Line: 4, Col: 7},
		Roles:    roles,
	}
}

func role(r Role, anchor string) RoleSpec {
	return RoleSpec{Role: r, Anchor: anchor}
}

// showExcerpt returns an excerpt as "id: line line=role …".
func showExcerpt(x Excerpt) string {
	var b strings.Builder
	b.WriteString(x.ID + ":")
	for _, p := range x.Paras {
		fmt.Fprintf(&b, " %d", p.Line)
		if p.Role != RoleNone {
			fmt.Fprintf(&b, "=%s", p.Role)
		}
	}
	return b.String()
}

func TestCut(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		specs     []Spec
		want      []string // showExcerpt of each excerpt
		wantDiags []string
	}{
		{
			name:  "start and end",
			specs: []Spec{spec("a", "First Article", "Body two")},
			want:  []string{"a: 3 4 5 6"},
		},
		{
			name:  "anchors inside lines, normalized",
			specs: []Spec{spec("a", `Russia's "wish`, "three-with")},
			want:  []string{"a: 5 6 7 9 10"},
		},
		{
			name:  "default end before next start",
			specs: []Spec{spec("b", "Second Article", ""), spec("a", "First Article", "")},
			want:  []string{"b: 9 10 11 13", "a: 3 4 5 6 7"},
		},
		{
			name: "rest of seed",
			specs: []Spec{
				spec("frame", "", ""),
				spec("a", "First Article", ""),
				spec("b", "Second Article", "Tail of second"),
			},
			want: []string{"frame: 1 13", "a: 3 4 5 6 7", "b: 9 10 11"},
		},
		{
			name:  "rest of seed is the whole of a one-article seed",
			specs: []Spec{spec("all", "", "")},
			want:  []string{"all: 1 3 4 5 6 7 9 10 11 13"},
		},
		{
			name:  "start not found",
			specs: []Spec{spec("a", "Third Article", ""), spec("b", "Second Article", "")},
			want:  []string{"a:", "b: 9 10 11 13"},
			wantDiags: []string{
				`content/sources/a.md:3:9: start anchor "Third Article" of source "a" not found in seeds/c.txt (closest line 3: "First Article")`,
			},
		},
		{
			name:  "start not found and nothing close",
			specs: []Spec{spec("a", "xyzzy plugh", "")},
			want:  []string{"a:"},
			wantDiags: []string{
				`content/sources/a.md:3:9: start anchor "xyzzy plugh" of source "a" not found in seeds/c.txt`,
			},
		},
		{
			name:  "hint shows where the line goes on",
			specs: []Spec{spec("a", "says it is Russian", "")},
			want:  []string{"a:"},
			wantDiags: []string{
				`content/sources/a.md:3:9: start anchor "says it is Russian" of source "a" not found in seeds/c.txt (closest line 5: "... says it is Russia’s ...")`,
			},
		},
		{
			name: "failed start leaves the others' default ends alone",
			specs: []Spec{
				spec("a", "First Article", ""),
				spec("x", "Body two.", "Nowhere"),
				spec("y", "Body ten", ""),
				spec("b", "Second Article", ""),
			},
			want: []string{"a: 3 4 5", "x:", "y:", "b: 9 10 11 13"},
			wantDiags: []string{
				`content/sources/x.md:4:7: end anchor "Nowhere" of source "x" not found in seeds/c.txt`,
				`content/sources/y.md:3:9: start anchor "Body ten" of source "y" not found in seeds/c.txt (closest line 5: "Body one ...")`,
			},
		},
		{
			name:  "start ambiguous",
			specs: []Spec{spec("a", "Body", "")},
			want:  []string{"a:"},
			wantDiags: []string{
				`content/sources/a.md:3:9: start anchor "Body" of source "a" occurs 3 times in seeds/c.txt (lines 5, 6, 10) (quote more of the line to make it unique)`,
			},
		},
		{
			name:  "end ambiguous within a line",
			specs: []Spec{spec("a", "First Article", "o")},
			want:  []string{"a:"},
			wantDiags: []string{
				`content/sources/a.md:4:7: end anchor "o" of source "a" occurs 13 times in seeds/c.txt (lines 1, 5, 6, 7, 9, 10, ...) (quote more of the line to make it unique)`,
			},
		},
		{
			name:  "empty start anchor",
			specs: []Spec{spec("a", " \t", "")},
			want:  []string{"a:"},
			wantDiags: []string{
				`content/sources/a.md:3:9: start anchor of source "a" is empty`,
			},
		},
		{
			name:  "end before start",
			specs: []Spec{spec("a", "Second Article", "Body two")},
			want:  []string{"a:"},
			wantDiags: []string{
				`content/sources/a.md:4:7: end anchor "Body two" of source "a" is on line 6, before its start on line 9`,
			},
		},
		{
			name:  "end overlaps next excerpt",
			specs: []Spec{spec("a", "First Article", "Body three"), spec("b", "Second Article", "")},
			want:  []string{"a: 3 4 5 6 7 9 10", "b: 9 10 11 13"},
			wantDiags: []string{
				`content/sources/a.md:4:7: end anchor "Body three" of source "a" on line 10 overlaps source "b", which starts on line 9 (end the excerpt before line 9, or leave out the end anchor)`,
			},
		},
		{
			name:  "end on the next start line",
			specs: []Spec{spec("a", "First Article", "Second"), spec("b", "Second Article", "")},
			want:  []string{"a: 3 4 5 6 7 9", "b: 9 10 11 13"},
			wantDiags: []string{
				`content/sources/a.md:4:7: end anchor "Second" of source "a" on line 9 overlaps source "b", which starts on line 9 (end the excerpt before line 9, or leave out the end anchor)`,
			},
		},
		{
			name:  "same start line",
			specs: []Spec{spec("a", "First Article", ""), spec("b", "First", "")},
			want:  []string{"a: 3 4 5 6 7 9 10 11 13", "b:"},
			wantDiags: []string{
				`content/sources/b.md:3:9: start anchor "First" of source "b" is on line 3 of seeds/c.txt, where source "a" starts too (start each excerpt on a line of its own)`,
			},
		},
		{
			name:  "two rest-of-seed excerpts",
			specs: []Spec{spec("frame", "", ""), spec("a", "First Article", "Tail"), spec("more", "", "")},
			want:  []string{"frame: 1 13", "a: 3 4 5 6 7 9 10 11", "more:"},
			wantDiags: []string{
				`content/sources/more.md:2: source "more" has no start anchor, but source "frame" already takes the rest of seeds/c.txt (give one of them a start anchor)`,
			},
		},
		{
			name:  "end without start",
			specs: []Spec{spec("frame", "", "Tail")},
			want:  []string{"frame: 1 3 4 5 6 7 9 10 11 13"},
			wantDiags: []string{
				`content/sources/frame.md:4:7: end anchor "Tail" of source "frame" needs a start anchor`,
			},
		},
		{
			name: "roles",
			specs: []Spec{
				spec("a", "First Article", "",
					role(RoleHeading, "First Article"),
					role(RoleByline, "By Alice"),
					role(RoleCaption, "Photo:")),
				spec("b", "Second Article", "Tail", role(RoleHeading, "Second")),
				spec("frame", "", "", role(RoleBoilerplate, "Leave a"), role(RoleHeading, "Weekly")),
			},
			want: []string{"a: 3=heading 4=byline 5 6 7=caption", "b: 9=heading 10 11", "frame: 1=heading 13=boilerplate"},
		},
		{
			name: "role problems",
			specs: []Spec{spec("a", "First Article", "",
				role(RoleHeading, "First Article"),
				role(RoleQuestion, "Body"),
				role(RoleCredit, "Photo credit line"),
				role(RoleCaption, "Second Article"),
				role(RoleByline, "First"),
				role("headline", "First"),
				role(RoleCredit, ""),
			), spec("b", "Second Article", "")},
			want: []string{"a: 3=heading 4 5 6 7", "b: 9 10 11 13"},
			wantDiags: []string{
				`content/sources/a.md:11: question anchor "Body" of source "a" occurs in 2 paragraphs of its excerpt (lines 5, 6) (quote more of the paragraph to make it unique)`,
				`content/sources/a.md:12: credit anchor "Photo credit line" of source "a" not found in its excerpt of seeds/c.txt (closest line 7: "Photo: credit line")`,
				`content/sources/a.md:13: caption anchor "Second Article" of source "a" not found in its excerpt of seeds/c.txt (closest line 3: "First Article")`,
				`content/sources/a.md:14: byline anchor "First" of source "a" is in paragraph 1 (line 3), which already has role heading`,
				`content/sources/a.md:15: unknown role "headline" for source "a" (did you mean "heading"?)`,
				`content/sources/a.md:16: credit anchor of source "a" is empty`,
			},
		},
		{
			name:  "roles of a failed excerpt are not checked",
			specs: []Spec{spec("a", "Nowhere at all", "", role(RoleHeading, "Also nowhere"))},
			want:  []string{"a:"},
			wantDiags: []string{
				`content/sources/a.md:3:9: start anchor "Nowhere at all" of source "a" not found in seeds/c.txt`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Parse("seeds/c.txt", []byte(compilation))
			xs, diags := Cut(s, tt.specs)
			var got []string
			for _, x := range xs {
				got = append(got, showExcerpt(x))
				if x.Seed != s {
					t.Errorf("Cut: excerpt %q has seed %p, want %p", x.ID, x.Seed, s)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Cut excerpts = %q, want %q", got, tt.want)
			}
			var gotDiags []string
			for _, d := range diags {
				gotDiags = append(gotDiags, d.String())
			}
			if !slices.Equal(gotDiags, tt.wantDiags) {
				t.Errorf("Cut diagnostics =\n%s\nwant\n%s", strings.Join(gotDiags, "\n"), strings.Join(tt.wantDiags, "\n"))
			}
		})
	}
}

func TestCutNumbersParagraphs(t *testing.T) {
	t.Parallel()
	s := Parse("seeds/c.txt", []byte("  Title  \r\n\r\n\tBody\u00a0\r\nTail"))
	xs, diags := Cut(s, []Spec{spec("a", "", "")})
	if len(diags) != 0 {
		t.Fatalf("Cut diagnostics = %v, want none", diags)
	}
	want := []Para{{1, 1, "Title", RoleNone}, {2, 3, "Body", RoleNone}, {3, 4, "Tail", RoleNone}}
	if got := xs[0].Paras; !slices.Equal(got, want) {
		t.Errorf("Cut paragraphs = %v, want %v", got, want)
	}
}

// TestCutRealSeed cuts the site's compilation the way its sources do.
func TestCutRealSeed(t *testing.T) {
	t.Parallel()
	s := readSeed(t, "000_7fef8b086f9f3c88.txt")
	specs := []Spec{
		spec("compilation", "", ""),
		spec("axios-scoop", "Scoop: U.S. secretly drafting new plan", ""),
		spec("snyder", "Timothy Snyder: Russian Unreality", ""),
		spec("applebaum", "The Murky Plan That Ensures a Future War", "",
			role(RoleHeading, "The Murky Plan"), role(RoleByline, "By Anne Applebaum")),
		spec("schorsch-linkedin", "Comment posted on LinkedIn by Martin Schorsch", "war crimes cannot be written away"),
		spec("ravid", "Barak Ravid", ""),
		spec("guardian", "European countries propose radically different Ukraine peace plan to the US", ""),
	}
	xs, diags := Cut(s, specs)

	wantDiags := []string{
		`content/sources/ravid.md:3:9: start anchor "Barak Ravid" of source "ravid" occurs 2 times in seeds/000_7fef8b086f9f3c88.txt (lines 14, 25) (quote more of the line to make it unique)`,
		`content/sources/guardian.md:3:9: start anchor "European countries propose radically different Ukraine peace plan to the US" of source "guardian" not found in seeds/000_7fef8b086f9f3c88.txt (closest line 33: "European countries propose radically different Ukraine peace plan to US")`,
	}
	var gotDiags []string
	for _, d := range diags {
		gotDiags = append(gotDiags, d.String())
	}
	if !slices.Equal(gotDiags, wantDiags) {
		t.Errorf("Cut diagnostics =\n%s\nwant\n%s", strings.Join(gotDiags, "\n"), strings.Join(wantDiags, "\n"))
	}

	byID := make(map[string]Excerpt)
	for _, x := range xs {
		byID[x.ID] = x
	}
	lines := func(id string) []int {
		var ls []int
		for _, p := range byID[id].Paras {
			ls = append(ls, p.Line)
		}
		return ls
	}
	if got, want := lines("applebaum"), []int{56, 57, 58, 59, 60, 61, 62}; !slices.Equal(got, want) {
		t.Errorf("applebaum lines = %v, want %v", got, want)
	}
	if got, want := lines("schorsch-linkedin"), []int{63, 64, 65, 66, 67, 68, 69}; !slices.Equal(got, want) {
		t.Errorf("schorsch-linkedin lines = %v, want %v", got, want)
	}
	if got, want := lines("axios-scoop"), []int{6, 7, 8, 9, 10, 11, 12, 13, 14, 15}; !slices.Equal(got, want) {
		t.Errorf("axios-scoop lines = %v, want %v", got, want)
	}
	if got := lines("compilation"); len(got) < 4 || !slices.Equal(got[:4], []int{1, 3, 5, 71}) {
		t.Errorf("compilation lines = %v, want 1, 3, 5, 71, …", got)
	}
	if got := byID["applebaum"].Paras[2]; got.Role != RoleByline || got.Text != "By Anne Applebaum" {
		t.Errorf("applebaum ¶3 = %q (%s), want %q (%s)", got.Text, got.Role, "By Anne Applebaum", RoleByline)
	}

	// The quote of the point-26 citation resolves to ¶3 of the excerpt.
	ps := byID["schorsch-linkedin"].Paras
	quote := `Point 26 - "All parties involved in this conflict will receive full amnesty`
	ms := Find(ps, quote)
	if len(ms) != 1 || ps[ms[0].Para].N != 3 {
		t.Errorf("Find(%q) = %v, want one match in ¶3", quote, ms)
	}
}
