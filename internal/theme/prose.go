package theme

import (
	"bytes"
	"html/template"
	"io"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/xref"
)

// XrefData is what the "xref" partial gets: the point a [[N]] names and the
// label written, if any.
type XrefData struct {
	Point *xref.Point
	Label string // as written in [[26|label]]; "" if none
	Word  string // the site's word for a point, lower-case: "point"
	// Part is the print part being rendered, when the dossier prints in
	// parts: a point on another part is linked there. nil otherwise.
	Part *Pager
}

// prose renders a piece of resolved Markdown. Citations are written by the
// theme's "cite" partial (with the citation's notes, as []*Note, as dot), cross-references
// by its "xref" partial (with an XrefData), and root-relative links get the
// base path. A variant, {{prose .X "print"}}, uses the partials "cite-print"
// and "xref-print" instead, for a page that holds many pages' notes; a
// Pager after the variant ({{prose .X "print" $.Pager}}) reaches the xref
// partial as XrefData.Part.
func (s *Set) prose(p *xref.Prose, args ...any) (template.HTML, error) {
	if p.Empty() {
		return "", nil
	}
	b := proseBuffers.Get().(*bytes.Buffer)
	defer putProseBuffer(b)
	err := s.proseTo(b, p, args...)
	return template.HTML(b.String()), err
}

// proseTo is prose writing the HTML to w: the writer variant of prose,
// which texec calls where the HTML goes straight to the page (see
// writers), so that no string is made of it. The HTML was 11% of the bytes
// a build of a thousand points allocated.
func (s *Set) proseTo(w io.Writer, p *xref.Prose, args ...any) error {
	if p.Empty() {
		return nil
	}
	cite, xr := "cite", "xref"
	var part *Pager
	for _, a := range args {
		switch a := a.(type) {
		case string:
			if a != "" {
				cite, xr = variant(a)
			}
		case *Pager:
			part = a
		}
	}
	var views []*Note // of all the notes of p, made at the first citation
	return s.md.Render(w, p.Doc, markdown.Hooks{
		Cite: func(w io.Writer, i int) error {
			if views == nil {
				views = noteViews(p.Notes...)
			}
			from := 0
			for _, notes := range p.Notes[:i] {
				from += len(notes)
			}
			to := from + len(p.Notes[i])
			return s.partial(w, cite, views[from:to:to])
		},
		Xref: func(w io.Writer, i int) error {
			return s.partial(w, xr, XrefData{Point: p.Xrefs[i], Label: p.Doc.Xrefs[i].Label, Word: s.word, Part: part})
		},
		URL: func(dest string) string {
			if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") {
				return s.URL(dest)
			}
			return dest
		},
	})
}

// variant returns the names of the partials for citations and
// cross-references in the variant v of prose: "cite-v", "xref-v".
func variant(v string) (cite, xr string) {
	if v == "print" { // the built-in theme's, made once
		return "cite-print", "xref-print"
	}
	return "cite-" + v, "xref-" + v
}

// proseBuffers keeps the buffers prose renders into, up to maxProseBuffer
// bytes each, from one piece of prose to the next.
var proseBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxProseBuffer = 256 << 10

// putProseBuffer returns b to proseBuffers, unless it grew too big.
func putProseBuffer(b *bytes.Buffer) {
	if b.Cap() <= maxProseBuffer {
		b.Reset()
		proseBuffers.Put(b)
	}
}

// render returns the HTML of the partial name with data as dot.
func (s *Set) render(name string, data any) (template.HTML, error) {
	b := proseBuffers.Get().(*bytes.Buffer)
	defer putProseBuffer(b)
	if err := s.partial(b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// partial executes a named template of the theme's partials.
func (s *Set) partial(w io.Writer, name string, data any) error {
	return s.shared.execute(w, name, data)
}
