package theme

import (
	"bytes"
	"html/template"
	"io"
	"strings"

	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/xref"
)

// XrefData is what the "xref" partial gets: the point a [[N]] names and the
// label written, if any.
type XrefData struct {
	Point *xref.Point
	Label string // as written in [[26|label]]; "" if none
	Word  string // the site's word for a point, lower-case: "point"
}

// prose renders a piece of resolved Markdown. Citations are written by the
// theme's "cite" partial (with the citation's notes as dot), cross-references
// by its "xref" partial (with an XrefData), and root-relative links get the
// base path. A variant, {{prose .X "print"}}, uses the partials "cite-print"
// and "xref-print" instead, for a page that holds many pages' notes.
func (s *Set) prose(p *xref.Prose, variant ...string) (template.HTML, error) {
	if p.Empty() {
		return "", nil
	}
	cite, xr := "cite", "xref"
	if len(variant) > 0 && variant[0] != "" {
		cite, xr = cite+"-"+variant[0], xr+"-"+variant[0]
	}
	var b bytes.Buffer
	err := s.md.Render(&b, p.Doc, markdown.Hooks{
		Cite: func(w io.Writer, i int) error {
			return s.partial(w, cite, p.Notes[i])
		},
		Xref: func(w io.Writer, i int) error {
			return s.partial(w, xr, XrefData{Point: p.Xrefs[i], Label: p.Doc.Xrefs[i].Label, Word: s.word})
		},
		URL: func(dest string) string {
			if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") {
				return s.URL(dest)
			}
			return dest
		},
	})
	return template.HTML(b.String()), err
}

// partial executes a named template of the theme's partials.
func (s *Set) partial(w io.Writer, name string, data any) error {
	return s.shared.ExecuteTemplate(w, name, data)
}
