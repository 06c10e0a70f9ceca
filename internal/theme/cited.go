package theme

import (
	"fmt"
	"html/template"
	"io"
	"time"

	"github.com/dossier-dev/dossier/internal/xref"
)

// Citation is what a note cites, apart from where the note stands: its
// source, paragraph and quote. It is what the partials called with
// {{cited "name" .}} get as dot, and their HTML is kept for each citation
// that several notes make, so that a passage cited on many pages, or many
// times on one, is rendered once. It has no note number and no page: a
// partial that needs them belongs outside the cited part ("note-short"
// writes the number, then calls "note-short-body").
type Citation struct {
	Source *CitedSource
	Para   *CitedPara // nil if none was named or quoted
	Quote  string     // the quote as written in the citation; "" if none
	Start  int        // for a quote: byte offsets of the match in Para.Text
	End    int

	note *xref.Note
}

// CitedSource is a citation's source. The fields a note shows are its
// own, so that templates read them without reflect's slow search of
// embedded structs; the rest of xref.Source (Path, Doc, …) is reached
// through it as usual.
type CitedSource struct {
	*xref.Source
	ID, Title, Outlet        string
	Authors                  []string
	Date                     time.Time
	URL, CopyURL, ArchiveURL string
	Archived                 time.Time
}

// CitedPara is a citation's paragraph, with its number, text, anchor and
// source as fields of its own, like CitedSource.
type CitedPara struct {
	*xref.Para
	N      int
	Text   string
	ID     string // the paragraph's anchor on its source page: "p3"
	Source *xref.Source
}

func citedPara(p *xref.Para) CitedPara {
	return CitedPara{Para: p, N: p.N, Text: p.Text, ID: p.ID(), Source: p.Source}
}

// Note is a note as the partials of a citation in prose get it ("cite",
// "cite1", "note-short" …): the xref.Note, with its fields and anchors as
// fields of its own and its paragraph a CitedPara, so that templates read
// them without reflect's method calls and searches of embedded structs.
// Its methods are the xref.Note's.
type Note struct {
	*xref.Note
	N          int
	ID, RefID  string // "note-3", "ref-3"
	Page       *xref.Doc
	Source     *xref.Source
	Para       *CitedPara
	Quote      string
	Start, End int
}

// noteView is a Note with room for its CitedPara, so that a note and its
// paragraph are one allocation.
type noteView struct {
	Note
	para CitedPara
}

// noteViews returns the Notes of the notes of lists, one list after
// another, in two allocations.
func noteViews(lists ...[]*xref.Note) []*Note {
	total := 0
	for _, notes := range lists {
		total += len(notes)
	}
	views := make([]noteView, total)
	out := make([]*Note, total)
	i := 0
	for _, notes := range lists {
		for _, n := range notes {
			noteViewOf(&views[i], n)
			out[i] = &views[i].Note
			i++
		}
	}
	return out
}

// noteViewOf sets v to the view of n.
func noteViewOf(v *noteView, n *xref.Note) {
	v.Note = Note{Note: n, N: n.N, ID: n.ID(), RefID: n.RefID(), Page: n.Page, Source: n.Source,
		Quote: n.Quote, Start: n.Start, End: n.End}
	if p := n.Para; p != nil {
		v.para = citedPara(p)
		v.Para = &v.para
	}
}

// newCitation returns the Citation of n. Its methods are n's, which read
// only what the citation is (source, paragraph, quote and offsets), not
// n's number or page, so n itself serves every note of the citation
// rather than a copy of it. Its CitedSource is the one kept for the
// source (citedSource).
func (s *Set) newCitation(n *xref.Note) Citation {
	c := Citation{Quote: n.Quote, Start: n.Start, End: n.End, note: n}
	if src := n.Source; src != nil {
		c.Source = s.citedSource(src)
	}
	if p := n.Para; p != nil {
		para := citedPara(p)
		c.Para = &para
	}
	return c
}

// citedSource returns the CitedSource of src, made the first time it is
// asked for and kept: citations of a source (ten thousand at a thousand
// generated points, of 250 sources) all show the same one, and making one
// for each was 3% of the bytes a build allocated.
func (s *Set) citedSource(src *xref.Source) *CitedSource {
	if cs, ok := s.sources.get(src); ok {
		return cs
	}
	cs := &CitedSource{Source: src, ID: src.ID, Title: src.Title, Outlet: src.Outlet, Authors: src.Authors,
		Date: src.Date, URL: src.URL, CopyURL: src.CopyURL, ArchiveURL: src.ArchiveURL, Archived: src.Archived}
	s.sources.put(src, cs, maxCited)
	return cs
}

// Quoted returns the quoted passage as the source writes it.
func (c Citation) Quoted() string { return c.note.Quoted() }

// Context returns the words around the quote (see xref.Note.Context).
func (c Citation) Context() xref.Context { return c.note.Context() }

// OriginalURL returns the link to the cited passage in the original (see
// xref.Note.OriginalURL).
func (c Citation) OriginalURL() string { return c.note.OriginalURL() }

// citedKey names one partial rendered for one citation.
type citedKey struct {
	name       string
	source     *xref.Source
	para       *xref.Para
	quote      string
	start, end int
}

// maxCited bounds the kept HTML of cited partials: a Set that serves
// build after build (dossier serve) forgets the earlier builds' citations
// when it is reached, rather than growing.
const maxCited = 1 << 16

// maxSoleScan bounds the notes of a paragraph that soleCitation reads:
// a paragraph cited more often is taken to have repeated citations.
const maxSoleScan = 64

// soleCitation reports whether no other note cites what n cites: its
// paragraph's notes (Para.CitedBy, the notes of every page) hold no other
// with n's source, quote and offsets. The built-in theme renders each
// partial of such a citation once, on the page of the note, so keeping
// its HTML would only cost time and memory: at 1,000 generated points
// three in five notes are alone, and none of their partials was asked for
// twice (a theme that shows a note on two pages renders it twice, to the
// same HTML). A note of no paragraph, which cites a whole source as many
// notes do, is never taken to be alone.
func soleCitation(n *xref.Note) bool {
	p := n.Para
	if p == nil || len(p.CitedBy) > maxSoleScan {
		return false
	}
	return p.Alone(n)
}

// cited renders the partial name with the Citation of note n (an
// *xref.Note or a *Note) as dot, once per distinct citation and partial:
// {{cited "note-body" .}}. The HTML of a citation that n alone makes
// (soleCitation) is not kept.
func (s *Set) cited(name string, note any) (template.HTML, error) {
	n, err := citedNote(name, note)
	if err != nil {
		return "", err
	}
	if soleCitation(n) {
		return s.render(name, s.newCitation(n))
	}
	return s.kept(name, n)
}

// citedTo is cited writing the HTML to w: its writer variant (see
// writers). The partial of a citation that n alone makes is executed
// straight into w, with no string made of it: those strings were 5% of
// the bytes a build of a thousand points allocated.
func (s *Set) citedTo(w io.Writer, name string, note any) error {
	n, err := citedNote(name, note)
	if err != nil {
		return err
	}
	if soleCitation(n) {
		return s.partial(w, name, s.newCitation(n))
	}
	h, err := s.kept(name, n)
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, string(h))
	return err
}

// citedNote returns the note of cited's argument.
func citedNote(name string, note any) (*xref.Note, error) {
	var n *xref.Note
	switch v := note.(type) {
	case *xref.Note:
		n = v
	case *Note:
		if v != nil {
			n = v.Note
		}
	default:
		return nil, fmt.Errorf("cited %q: %T is not a note", name, note)
	}
	if n == nil {
		return nil, fmt.Errorf("cited %q: no note", name)
	}
	return n, nil
}

// kept returns the HTML of the partial name for n's citation, rendered
// the first time it is asked for and kept.
func (s *Set) kept(name string, n *xref.Note) (template.HTML, error) {
	key := citedKey{name, n.Source, n.Para, n.Quote, n.Start, n.End}
	if h, ok := s.cites.get(key); ok {
		return h, nil
	}
	h, err := s.render(name, s.newCitation(n))
	if err != nil {
		return "", err
	}
	s.cites.put(key, h, maxCited)
	return h, nil
}
