package theme

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/xref"
)

// TestProseCiteGetsItsNotes checks that the "cite" partial of each
// citation gets that citation's notes, and only those, for citations of
// one, several and no notes, in the plain and the print variant (the
// notes of a piece of prose are made into Notes all at once).
func TestProseCiteGetsItsNotes(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{
		"base.html":          `{{block "main" .}}{{end}}`,
		"page.html":          `{{define "main"}}{{prose .Page.Text}}|{{prose .Page.Text "print"}}{{end}}`,
		"partials/cite.html": `{{define "cite"}}[{{range .}}{{.N}}{{.Source.ID}}{{with .Para}}¶{{.N}}{{end}}{{.RefID}},{{end}}]{{end}}{{define "cite-print"}}({{len .}}{{range .}} {{.ID}}{{end}}){{end}}`,
		"partials/xref.html": `{{define "xref"}}x{{end}}{{define "xref-print"}}y{{end}}`,
	}, "/")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	md := markdown.New(markdown.Options{})
	doc := md.Parse([]byte("One [@a; @b]. Two [@c] and [[1]]. Three [@a; @b; @c].\n"))
	if len(doc.Cites) != 3 {
		t.Fatalf("Parse: %d citations, want 3", len(doc.Cites))
	}
	src := func(id string) *xref.Source { return &xref.Source{Source: &content.Source{ID: id}} }
	a, b, c := src("a"), src("b"), src("c")
	page := &xref.Doc{}
	note := func(n int, s *xref.Source) *xref.Note { return &xref.Note{N: n, Page: page, Source: s} }
	pr := &xref.Prose{Doc: doc, Notes: [][]*xref.Note{
		{note(1, a), note(2, b)},
		{note(3, c)},
		{note(4, a), note(5, b), note(6, c)},
	}, Xrefs: []*xref.Point{nil}}
	out, err := s.Render(&Page{Kind: "page", Site: &xref.Model{}, Page: &xref.Page{Text: pr}})
	if err != nil {
		t.Fatal(err)
	}
	// A citation after a word moves before the full stop that ends its
	// sentence.
	want := "<p>One.[1aref-1,2bref-2,] Two [3cref-3,] and x. Three.[4aref-4,5bref-5,6cref-6,]</p>\n" +
		"|<p>One.(2 note-1 note-2) Two (1 note-3) and y. Three.(3 note-4 note-5 note-6)</p>\n"
	if string(out) != want {
		t.Errorf("Render = %q\nwant     %q", out, want)
	}
}

// proseOf returns src parsed as the resolved prose of a page: citations
// of source a, and cross-references of point 1 (or nil, for [[9]]).
func proseOf(src string) *xref.Prose {
	doc := markdown.New(markdown.Options{}).Parse([]byte(src))
	a := &xref.Source{Source: &content.Source{ID: "a"}}
	pr := &xref.Prose{Doc: doc}
	for range doc.Cites {
		pr.Notes = append(pr.Notes, []*xref.Note{{N: len(pr.Notes) + 1, Page: &xref.Doc{}, Source: a}})
	}
	for _, x := range doc.Xrefs {
		var p *xref.Point
		if x.Label != "nil" {
			p = &xref.Point{Point: &content.Point{Number: 1, Title: "One & <only>"}}
		}
		pr.Xrefs = append(pr.Xrefs, p)
	}
	return pr
}

// TestProseMatchesHTMLTemplate renders prose in each context html/template
// escapes (texec writes it straight to the page where html/template passes
// it through unchanged, with prose's writer variant, and as a string
// everywhere else), and in pipelines, variables and branches, on texec and
// on html/template alone, and compares the pages and the errors: a partial
// that fails in prose, and one that fails in the printed prose.
func TestProseMatchesHTMLTemplate(t *testing.T) {
	t.Parallel()
	partials := `{{define "cite"}}<sup>[{{range .}}{{.N}} {{.Source.ID}}{{end}}]</sup>{{end}}` +
		`{{define "xref"}}<a href="{{url .Point.Path}}">{{or .Label .Point.Title}}</a>{{end}}` +
		`{{define "cite-print"}}({{len .}}){{end}}{{define "xref-print"}}{{.Point.Number}}{{end}}`
	fast, ref := loadBoth(t, map[string]string{
		"base.html": `{{block "main" .}}{{end}}<title>{{block "title" .}}{{prose .Page.Text}}{{end}}</title>`,
		"page.html": `{{define "main"}}<div>{{prose .Page.Text}}</div>
<p title="{{prose .Page.Text}}" data-x={{prose .Page.Text}}>{{prose .Page.Text "print"}}</p>
<a href="{{prose .Page.Text}}">a</a><a href="/x?q={{prose .Page.Text}}">b</a>
<script>var h = {{prose .Page.Text}}; var s = "{{prose .Page.Text}}";</script>
<style>p { color: {{prose .Page.Text}} }</style><textarea>{{prose .Page.Text}}</textarea><!-- {{prose .Page.Text}} -->
{{current (prose .Page.Text) "/r/points/1/"}} {{prose .Page.Text | printf "%s|"}}
{{$h := prose .Page.Text}}{{$h}}{{if prose .Page.Text}}[yes]{{end}}{{with prose .Page.Text}}{{.}}{{end}}
{{range .Site.Points}}{{prose .Commentary}}{{end}}{{prose nil}}{{end}}`,
		"partials/p.html": partials,
	})
	page := func(src string) *Page {
		pr := proseOf(src)
		return &Page{Kind: "page", Site: &xref.Model{Points: []*xref.Point{{Commentary: pr}, {}}}, Page: &xref.Page{Text: pr}}
	}
	pages := []*Page{
		page("One [@a] and [[1]], [[1|label]]. Two *<b>* & `code` [link](/x/y) [out](https://x.org/).\n\n- a\n- b [@a; @a]\n"),
		page(""),
		// Fails in the xref partial, after goldmark has flushed the text
		// before it to the page.
		page("Text " + strings.Repeat("and more ", 1000) + "and a cross-reference to no point: [[9|nil]].\n"),
	}
	for round := range 3 {
		for i, p := range pages {
			err := renderBoth(t, fast, ref, p, fmt.Sprintf("round %d, page %d", round, i))
			if (i == 2) != (err != nil) {
				t.Errorf("round %d, page %d: error %v; want one only for page 2, from its partial", round, i, err)
			}
		}
	}
	if slow := fast.SlowTemplates(); len(slow) > 0 {
		t.Errorf("SlowTemplates() = %q, want none", slow)
	}
}

// TestWritersWriteToPage: where the HTML of prose or current goes to the
// page unchanged, texec has their writer variants write it there, with no
// string made of it. Beyond what a page that prints prose allocates, one
// that prints it from a variable allocates the HTML once (its string),
// one that marks it with current about once (prose's string, for
// current), and one that prints that from a variable about twice.
func TestWritersWriteToPage(t *testing.T) {
	fast, _ := loadBoth(t, map[string]string{
		"base.html":   `{{block "main" .}}{{end}}`,
		"page.html":   `{{define "main"}}<div>{{prose .Page.Text}}</div>{{end}}`,
		"home.html":   `{{define "main"}}{{$h := prose .Page.Text}}<div>{{$h}}</div>{{end}}`,
		"point.html":  `{{define "main"}}<div>{{current (prose .Page.Text) "/r/x/"}}</div>{{end}}`,
		"source.html": `{{define "main"}}{{$h := current (prose .Page.Text) "/r/x/"}}<div>{{$h}}</div>{{end}}`,
	})
	pr := proseOf(strings.Repeat("A paragraph of *prose* with [a link](/x/), long enough to tell a copy of it from the noise.\n\n", 400))
	var b bytes.Buffer
	// alloc returns the least that a page of kind allocates, and its size.
	alloc := func(kind string) (least uint64, size int) {
		least = leastAlloc(t, fast, &Page{Kind: kind, Site: &xref.Model{}, Page: &xref.Page{Text: pr}}, &b)
		return least, b.Len()
	}
	direct, size := alloc("page")
	for _, tt := range []struct {
		kind     string
		min, max float64 // bytes allocated beyond a page of kind "page", in its sizes
	}{
		{"home", 0.8, 1.5},
		{"point", 0.8, 1.5},
		{"source", 1.8, 2.6},
	} {
		n, _ := alloc(tt.kind)
		more := (float64(n) - float64(direct)) / float64(size)
		if more < tt.min || more > tt.max {
			t.Errorf("%s: a page allocates %d bytes, %.2f times the prose more than printing it (%d bytes), want %.1f to %.1f", tt.kind, n, more, direct, tt.min, tt.max)
		}
	}
}
