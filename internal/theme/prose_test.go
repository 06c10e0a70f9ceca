package theme

import (
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
