package theme

import (
	"html/template"
	"net/url"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/xref"
)

// The templates seedrows and paratext stand for: the helpers must write
// exactly what these wrote.
const (
	rowsTemplate = `{{- range .Rows}}
<li value="{{.N}}" id="L{{.N}}">{{if .Para}}<a href="{{url .Para.Source.Path}}#{{.Para.ID}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}</li>
{{- end}}`
	paraTemplate = `{{range .Segments}}{{if .Marked}}<mark{{if .Gloss}} class="glossed"{{end}}>{{end}}{{if .Point}}<a class="mention" href="{{url .Point.Path}}" data-preview-title="{{.Point.Doc.Title}}" data-preview-text="{{.Point.Summary}}">{{.Text}}</a>{{else}}{{.Text}}{{end}}{{if .Marked}}</mark>{{end}}{{end}}`
)

var rowTexts = []string{
	"", "plain words", `quotes " and ' and <b>tags</b> & amps`, "a+b=c \x00 nul",
	"Zelensky’s “peace” — Kyiv", "javascript:alert(1)", "tab\there", "bad \xff utf8",
}

func TestRowsMatchTemplates(t *testing.T) {
	for _, base := range []string{"/", "/sub dir/a+b/", "/x&y/"} {
		s := &Set{base: &url.URL{Path: base}}
		funcs := template.FuncMap{"url": s.URL}
		src := &xref.Source{Source: &content.Source{ID: "big"}}
		odd := &xref.Source{Source: &content.Source{ID: `we"ird <id>+&`}}
		pt := &xref.Point{Point: &content.Point{Number: 7, Summary: `Says "no" & <more>+`}, Doc: &xref.Doc{Title: `Point 7: it's "x"`}}
		var rows []xref.SeedLine
		for i, text := range rowTexts {
			var para *xref.Para
			switch i % 3 {
			case 1:
				para = &xref.Para{Para: seed.Para{N: i, Text: text}, Source: src}
			case 2:
				para = &xref.Para{Para: seed.Para{N: i, Text: text}, Source: odd}
			}
			rows = append(rows, xref.SeedLine{Line: seed.Line{N: i + 1, Text: text}, Para: para})
		}
		var b strings.Builder
		if err := template.Must(template.New("rows").Funcs(funcs).Parse(rowsTemplate)).Execute(&b, struct{ Rows []xref.SeedLine }{rows}); err != nil {
			t.Fatal(err)
		}
		if got := string(s.seedRows(rows)); got != b.String() {
			t.Errorf("base %q: seedRows =\n%s\nwant\n%s", base, got, b.String())
		}

		gloss := &xref.Gloss{}
		note := &xref.Note{}
		for _, text := range rowTexts {
			text += " tail+<x>"
			n := len(text)
			p := &xref.Para{Para: seed.Para{N: 3, Text: text}, Source: src, Spans: []xref.Span{
				{Start: 0, End: n / 2, Note: note},
				{Start: n / 4, End: n * 3 / 4, Gloss: gloss},
				{Start: n / 2, End: n, Point: pt},
				{Start: n / 3, End: n / 3},
			}}
			for _, para := range []*xref.Para{p, {Para: seed.Para{N: 1, Text: text}, Source: src}} {
				var b strings.Builder
				if err := template.Must(template.New("para").Funcs(funcs).Parse(paraTemplate)).Execute(&b, para); err != nil {
					t.Fatal(err)
				}
				if got := string(s.paraText(para)); got != b.String() {
					t.Errorf("base %q: paraText(%q) =\n%s\nwant\n%s", base, text, got, b.String())
				}
			}
		}
	}
}
