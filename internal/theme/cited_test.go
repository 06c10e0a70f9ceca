package theme

import (
	"bytes"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/xref"
)

// TestCited checks that {{cited "name" .}} renders the partial with the
// note's citation as dot, once per distinct citation: a second note that
// cites the same passage gets the first one's HTML, while a note that
// cites other words of the paragraph is rendered anew. The HTML of a
// citation no other note makes (soleCitation) is not kept.
func TestCited(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{
		"base.html":          `{{block "main" .}}{{end}}`,
		"page.html":          `{{define "main"}}{{range .Doc.Notes}}[{{.N}} {{cited "note-body" .}}]{{end}}{{end}}`,
		"partials/note.html": `{{define "note-body"}}{{.Source.Title}}{{with .Para}} ¶{{.N}}{{end}}{{if .Quote}}: <q>{{.Quoted}}</q>{{end}}{{end}}`,
	}, "/")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	src := &xref.Source{Source: &content.Source{ID: "a", Title: "A & B"}}
	para := &xref.Para{Para: seed.Para{N: 2, Text: "one two three"}, Source: src}
	doc := &xref.Doc{}
	doc.Notes = []*xref.Note{
		{N: 1, Page: doc, Source: src, Para: para, Quote: "two", Start: 4, End: 7},
		{N: 2, Page: doc, Source: src, Para: para, Quote: "two", Start: 4, End: 7},
		{N: 3, Page: doc, Source: src, Para: para, Quote: "three", Start: 8, End: 13},
		{N: 4, Page: doc, Source: src},
	}
	para.CitedBy = doc.Notes[:3]
	render := func() string {
		t.Helper()
		out, err := s.Render(&Page{Kind: "page", Site: &xref.Model{}, Doc: doc})
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	want := `[1 A &amp; B ¶2: <q>two</q>][2 A &amp; B ¶2: <q>two</q>][3 A &amp; B ¶2: <q>three</q>][4 A &amp; B]`
	if got := render(); got != want {
		t.Errorf("Render = %s\nwant     %s", got, want)
	}
	// The HTML of citations of several notes is kept: a changed
	// paragraph shows only in citations not rendered before (the model is
	// made anew for each build), and in note 3, which alone quotes
	// "three". So is each source's CitedSource: a changed source shows
	// nowhere before Forget, which a model changed in place calls for.
	para.N = 7
	src.Title = "C"
	doc.Notes = append(doc.Notes, &xref.Note{N: 5, Page: doc, Source: src, Para: para})
	para.CitedBy = append(para.CitedBy, doc.Notes[4])
	want = `[1 A &amp; B ¶2: <q>two</q>][2 A &amp; B ¶2: <q>two</q>][3 A &amp; B ¶7: <q>three</q>][4 A &amp; B][5 A &amp; B ¶7]`
	if got := render(); got != want {
		t.Errorf("Render again = %s\nwant           %s", got, want)
	}
	s.Forget()
	want = `[1 C ¶7: <q>two</q>][2 C ¶7: <q>two</q>][3 C ¶7: <q>three</q>][4 C][5 C ¶7]`
	if got := render(); got != want {
		t.Errorf("Render after Forget = %s\nwant                 %s", got, want)
	}
}

// TestSoleCitation checks which notes no other note cites alike: the
// others of the paragraph must differ in quote or offsets, and a note of
// no paragraph, or of a paragraph cited more than maxSoleScan times, is
// never alone.
func TestSoleCitation(t *testing.T) {
	t.Parallel()
	src := &xref.Source{Source: &content.Source{ID: "a"}}
	other := &xref.Source{Source: &content.Source{ID: "b"}}
	para := &xref.Para{Para: seed.Para{N: 1, Text: "one two two"}, Source: src}
	n := &xref.Note{N: 1, Source: src, Para: para, Quote: "two", Start: 4, End: 7}
	busy := make([]*xref.Note, maxSoleScan+1)
	for i := range busy {
		busy[i] = &xref.Note{Source: src, Para: para, Quote: "one", Start: 0, End: 3}
	}
	tests := []struct {
		name    string
		note    *xref.Note
		citedBy []*xref.Note
		want    bool
	}{
		{"alone", n, []*xref.Note{n}, true},
		{"not listed", n, nil, true},
		{"other quotes", n, []*xref.Note{n, {N: 2, Source: src, Para: para, Quote: "one", Start: 0, End: 3}, {N: 3, Source: src, Para: para}}, true},
		{"same words elsewhere", n, []*xref.Note{n, {N: 2, Source: src, Para: para, Quote: "two", Start: 8, End: 11}}, true},
		{"other source", n, []*xref.Note{n, {N: 2, Source: other, Para: para, Quote: "two", Start: 4, End: 7}}, true},
		{"same quote", n, []*xref.Note{n, {N: 2, Page: &xref.Doc{}, Source: src, Para: para, Quote: "two", Start: 4, End: 7}}, false},
		{"same paragraph", &xref.Note{N: 1, Source: src, Para: para}, []*xref.Note{n, {N: 2, Source: src, Para: para}}, false},
		{"no paragraph", &xref.Note{N: 1, Source: src}, nil, false},
		{"busy paragraph", n, append([]*xref.Note{n}, busy...), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			para.CitedBy = tt.citedBy
			if got := soleCitation(tt.note); got != tt.want {
				t.Errorf("soleCitation = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestCitedHasNoNumber checks that a cited partial that reads what is not
// the citation's, the note's number, is a template error at its line.
func TestCitedHasNoNumber(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{
		"base.html":          `{{block "main" .}}{{end}}`,
		"page.html":          `{{define "main"}}{{range .Doc.Notes}}{{cited "note-body" .}}{{end}}{{end}}`,
		"partials/note.html": "{{define \"note-body\"}}\n{{.N}}{{end}}",
	}, "/")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	doc := &xref.Doc{}
	doc.Notes = []*xref.Note{{N: 1, Page: doc, Source: &xref.Source{Source: &content.Source{ID: "a"}}}}
	_, err := s.Render(&Page{Kind: "page", Site: &xref.Model{}, Doc: doc})
	var dl diag.List
	if !errors.As(err, &dl) || len(dl) != 1 || !strings.Contains(dl[0].String(), "can't evaluate field N in type theme.Citation") {
		t.Errorf("Render error = %v, want a template error: no field N in theme.Citation", err)
	}
}

// TestOnce checks that {{once "name" .}} renders the partial once per
// partial and piece of data, across pages: a point's card is made on the
// first page that shows it and kept for every later one, while another
// point gets its own.
func TestOnce(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{
		"base.html":          `{{block "main" .}}{{end}}`,
		"point.html":         `{{define "main"}}{{range .Point.Related}}[{{once "card" .}}]{{end}}{{end}}`,
		"partials/card.html": `{{define "card"}}<a href="{{url .Path}}">{{.Number}} {{.Title}}</a>{{end}}`,
	}, "/")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	a := &xref.Point{Point: &content.Point{Number: 1, Title: "A & B"}}
	b := &xref.Point{Point: &content.Point{Number: 2, Title: "C"}}
	render := func(related ...*xref.Point) string {
		t.Helper()
		out, err := s.Render(&Page{Kind: "point", Site: &xref.Model{}, Point: &xref.Point{Point: &content.Point{}, Related: related}})
		if err != nil {
			t.Fatal(err)
		}
		return string(out)
	}
	if got, want := render(a), `[<a href="/points/1/">1 A &amp; B</a>]`; got != want {
		t.Errorf("Render = %s\nwant     %s", got, want)
	}
	// The HTML is kept: a changed point shows only on a card not made
	// before (the model is made anew for each build).
	a.Title = "D"
	if got, want := render(b, a), `[<a href="/points/2/">2 C</a>][<a href="/points/1/">1 A &amp; B</a>]`; got != want {
		t.Errorf("Render again = %s\nwant           %s", got, want)
	}
}

// TestNoteViews checks that each Note view, whose CitedPara shares its
// allocation, shows its own note's paragraph, and none for a note that
// names none; and that a Citation shows its note's source and paragraph.
func TestNoteViews(t *testing.T) {
	t.Parallel()
	src := &xref.Source{Source: &content.Source{ID: "a", Title: "A"}}
	p2 := &xref.Para{Para: seed.Para{N: 2, Text: "two"}, Source: src}
	p5 := &xref.Para{Para: seed.Para{N: 5, Text: "five"}, Source: src}
	notes := []*xref.Note{
		{N: 1, Source: src, Para: p2},
		{N: 2, Source: src},
		{N: 3, Source: src, Para: p5, Quote: "fi", Start: 0, End: 2},
	}
	views := noteViews(notes)
	var s Set
	if len(views) != len(notes) {
		t.Fatalf("noteViews: %d views, want %d", len(views), len(notes))
	}
	for i, v := range views {
		n := notes[i]
		if v.Note != n || v.N != n.N || v.ID != n.ID() || v.RefID != n.RefID() || v.Quote != n.Quote {
			t.Errorf("view %d = %+v, want the fields of note %d", i, *v, n.N)
		}
		if (v.Para == nil) != (n.Para == nil) {
			t.Fatalf("view %d: Para = %v, want one for %v", i, v.Para, n.Para)
		}
		if p := v.Para; p != nil && (p.Para != n.Para || p.N != n.Para.N || p.Text != n.Para.Text || p.ID != n.Para.ID() || p.Source != src) {
			t.Errorf("view %d: Para = %+v, want paragraph %d", i, *p, n.Para.N)
		}
		c := s.newCitation(n)
		if c.Source == nil || c.Source.Source != src || c.Source.Title != "A" {
			t.Errorf("newCitation(note %d).Source = %+v, want source a", n.N, c.Source)
		}
		if (c.Para == nil) != (n.Para == nil) || c.Para != nil && (c.Para.Para != n.Para || c.Para.N != n.Para.N) {
			t.Errorf("newCitation(note %d).Para = %+v, want %v", n.N, c.Para, n.Para)
		}
		if c.Quoted() != n.Quoted() {
			t.Errorf("newCitation(note %d).Quoted() = %q, want %q", n.N, c.Quoted(), n.Quoted())
		}
	}
	if c := s.newCitation(&xref.Note{N: 9}); c.Source != nil || c.Para != nil {
		t.Errorf("newCitation(no source) = %+v, want no source or paragraph", c)
	}
	// The citations of a source share its CitedSource until Forget.
	if a, b := s.newCitation(notes[0]), s.newCitation(notes[2]); a.Source != b.Source {
		t.Errorf("newCitation: the notes of source a have CitedSources %p and %p, want one", a.Source, b.Source)
	}
	src.Title = "B"
	if c := s.newCitation(notes[1]); c.Source.Title != "A" {
		t.Errorf("newCitation after a change: Source.Title = %q, want the kept %q", c.Source.Title, "A")
	}
	s.Forget()
	if c := s.newCitation(notes[1]); c.Source.Title != "B" {
		t.Errorf("newCitation after Forget: Source.Title = %q, want %q", c.Source.Title, "B")
	}
}

// TestCitedWritesToPage checks that the partial of a citation that one
// note alone makes is executed straight into the page where cited's HTML
// goes to it unchanged (citedTo), with no string made of it, as it is
// where the HTML is kept in a variable first; and that both write the
// same, as html/template alone does.
func TestCitedWritesToPage(t *testing.T) {
	files := map[string]string{
		"base.html":          `{{block "main" .}}{{end}}`,
		"page.html":          `{{define "main"}}<div>{{range .Doc.Notes}}{{cited "note-body" .}}{{end}}</div>{{end}}`,
		"home.html":          `{{define "main"}}<div>{{range .Doc.Notes}}{{$h := cited "note-body" .}}{{$h}}{{end}}</div>{{end}}`,
		"partials/note.html": `{{define "note-body"}}<q>{{.Quoted}}</q>{{end}}`,
	}
	fast, ref := loadBoth(t, files)
	src := &xref.Source{Source: &content.Source{ID: "a"}}
	text := strings.Repeat("A paragraph long enough to tell a copy of it from the noise. ", 600)
	para := &xref.Para{Para: seed.Para{N: 1, Text: text}, Source: src}
	doc := &xref.Doc{}
	doc.Notes = []*xref.Note{{N: 1, Page: doc, Source: src, Para: para, Quote: text, Start: 0, End: len(text)}}
	para.CitedBy = doc.Notes
	var b bytes.Buffer
	alloc := func(s *Set, kind string) (uint64, string) {
		least := leastAlloc(t, s, &Page{Kind: kind, Site: &xref.Model{}, Doc: doc}, &b)
		return least, b.String()
	}
	direct, page := alloc(fast, "page")
	viaVar, home := alloc(fast, "home")
	if _, want := alloc(ref, "page"); page != want || home != want {
		t.Fatalf("pages differ from html/template's:\n%.80s\n%.80s\nwant %.80s", page, home, want)
	}
	if more := float64(viaVar) - float64(direct); more < 0.8*float64(len(text)) {
		t.Errorf("a page writes cited's HTML of %d bytes with %d bytes allocated, one that prints it from a variable with %d: want about the HTML more", len(text), direct, viaVar)
	}
}

// leastAlloc renders p on s into b 30 times and returns the least that
// one rendering allocated, past the first (which runs on html/template):
// sync.Pool may drop the buffers that a page finds there (the race
// detector has it drop some).
func leastAlloc(t *testing.T, s *Set, p *Page, b *bytes.Buffer) uint64 {
	t.Helper()
	least := uint64(math.MaxUint64)
	for i := range 30 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		b.Reset()
		if err := s.RenderTo(b, p); err != nil {
			t.Fatal(err)
		}
		runtime.ReadMemStats(&after)
		if i > 0 {
			least = min(least, after.TotalAlloc-before.TotalAlloc)
		}
	}
	return least
}
