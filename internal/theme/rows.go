package theme

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/dossier-dev/dossier/internal/xref"
)

// The lines of a seed page and the text of a source page's paragraphs are
// written in Go rather than by a template action per line: a 20 MB seed has
// some 56,000 lines, and the template's reflection per field and per
// escaper was most of the cost of building such a site. The markup is what
// the templates wrote, escaped as html/template escapes a string in the
// same place (TestRowsMatchTemplates holds them to it).

// htmlEscaper escapes a string for HTML text or a quoted attribute the way
// html/template does (its htmlReplacementTable: it also escapes + and turns
// NUL into U+FFFD, unlike template.HTMLEscapeString).
var htmlEscaper = strings.NewReplacer(
	"\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// hrefTemplate escapes a URL at the start of a quoted href, as the
// templates' href="{{url …}}" does.
var hrefTemplate = template.Must(template.New("href").Parse(`<a href="{{.}}">`))

// href returns url(p) escaped as the value of an href attribute.
func (s *Set) href(p string) string {
	var b strings.Builder
	if err := hrefTemplate.Execute(&b, s.URL(p)); err != nil {
		panic(err) // a string always executes
	}
	return strings.TrimSuffix(strings.TrimPrefix(b.String(), `<a href="`), `">`)
}

// seedRows writes the lines of a seed block, each as
//
//	\n<li value="N" id="LN">text</li>
//
// with the text linked to the paragraph it became, if any.
func (s *Set) seedRows(rows []xref.SeedLine) template.HTML {
	n := 0
	for _, r := range rows {
		n += len(r.Text) + 80
	}
	var b strings.Builder
	b.Grow(n)
	hrefs := map[*xref.Source]string{}
	for _, r := range rows {
		num := strconv.Itoa(r.N)
		b.WriteString("\n<li value=\"")
		b.WriteString(num)
		b.WriteString(`" id="L`)
		b.WriteString(num)
		b.WriteString(`">`)
		if r.Para != nil {
			h, ok := hrefs[r.Para.Source]
			if !ok {
				h = s.href(r.Para.Source.Path())
				hrefs[r.Para.Source] = h
			}
			b.WriteString(`<a href="`)
			b.WriteString(h)
			b.WriteByte('#')
			b.WriteString(r.Para.ID())
			b.WriteString(`">`)
			htmlEscaper.WriteString(&b, r.Text)
			b.WriteString("</a>")
		} else {
			htmlEscaper.WriteString(&b, r.Text)
		}
		b.WriteString("</li>")
	}
	return template.HTML(b.String())
}

// paraText writes the text of a source paragraph, segment by segment:
// quoted or glossed runs in <mark> (class "glossed" for a gloss), runs that
// mention a point linked to it with its title and summary for the preview.
func (s *Set) paraText(p *xref.Para) template.HTML {
	var b strings.Builder
	b.Grow(len(p.Text) + len(p.Text)/8)
	p.Runs(func(seg xref.Run) {
		if seg.Marked {
			b.WriteString("<mark")
			if seg.Glossed {
				b.WriteString(` class="glossed"`)
			}
			b.WriteString(">")
		}
		if seg.Point != nil {
			b.WriteString(`<a class="mention" href="`)
			b.WriteString(s.href(seg.Point.Path()))
			b.WriteString(`" data-preview-title="`)
			htmlEscaper.WriteString(&b, seg.Point.Doc.Title)
			b.WriteString(`" data-preview-text="`)
			htmlEscaper.WriteString(&b, seg.Point.Summary)
			b.WriteString(`">`)
			htmlEscaper.WriteString(&b, seg.Text)
			b.WriteString("</a>")
		} else {
			htmlEscaper.WriteString(&b, seg.Text)
		}
		if seg.Marked {
			b.WriteString("</mark>")
		}
	})
	return template.HTML(b.String())
}
