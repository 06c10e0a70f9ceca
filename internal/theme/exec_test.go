package theme

import (
	"fmt"
	"net/url"
	"slices"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/theme/htmlesc"
	"github.com/dossier-dev/dossier/internal/theme/texec"
	"github.com/dossier-dev/dossier/internal/xref"
)

// loadBoth loads the theme files twice: as Load does, and on html/template
// alone.
func loadBoth(t *testing.T, files map[string]string) (fast, ref *Set) {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys["themes/t/"+k] = &fstest.MapFile{Data: []byte(v)}
	}
	for _, only := range []bool{false, true} {
		s, diags, err := Load(fsys, "themes/t", Options{Markdown: markdown.New(markdown.Options{}), BaseURL: &url.URL{Path: "/r/"}, HTMLTemplateOnly: only})
		if err != nil || len(diags) > 0 {
			t.Fatalf("Load = %v, %v", diags, err)
		}
		if only {
			ref = s
		} else {
			fast = s
		}
	}
	return fast, ref
}

// renderBoth renders p with fast and with ref, reports a difference in
// the bytes or the errors as the Render of what, and returns ref's error.
func renderBoth(t *testing.T, fast, ref *Set, p *Page, what string) error {
	t.Helper()
	want, wantErr := ref.Render(p)
	got, gotErr := fast.Render(p)
	if string(got) != string(want) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Errorf("%s: Render = %q, %v; want %q, %v", what, got, gotErr, want, wantErr)
	}
	return wantErr
}

// TestRunnerMatchesHTMLTemplate renders pages with templates that run on
// texec after their first execution, and on html/template alone, and
// compares the output and the errors (whose text the diagnostics are
// made from), page after page.
func TestRunnerMatchesHTMLTemplate(t *testing.T) {
	t.Parallel()
	fast, ref := loadBoth(t, map[string]string{
		"base.html": `<title>{{block "title" .}}{{.Title}}{{end}}</title>
<a href="{{url .Path}}" title="{{.Title}}" onclick="f({{.Title}})" style="color: {{.Description}}">{{block "main" .}}{{end}}</a>
<script>var t = {{.Title}}; var p = "{{.Path}}";</script>`,
		"point.html": `{{define "main"}}
{{with .Point}}<h1 data-n="{{.Number}}">{{.Title}}</h1>{{.Number | printf "%03d"}} {{date .Updated}} {{plural .Number "x" "xs"}}
{{if not .Updated.IsZero}}updated{{end}}
<a href="{{url .Path}}?q={{.Title}}">{{template "card" .}}</a>{{end}}
{{template "contexts" .}}{{.Point.Summary}}{{end}}
{{define "card"}}<span class="{{.Title}}">{{len .Title}}</span>{{end}}`,
		"partials/x.html": `{{define "unused"}}{{.}}{{end}}
{{define "contexts"}}<style>p { color: {{.Description}}; }</style>
<img srcset="{{.Path}} 1x, {{url .Path}} 2x" alt="{{.Title}}">
<script type="application/json">{"t": {{.Title}}, "n": {{len .Title}}}</script>
<script>var s = ` + "`" + `{{.Title}}` + "`" + `; var re = /{{.Title}}/;</script>
<a href="javascript:{{.Title}}" data-x={{.Title}} {{if .Draft}}hidden{{end}}>{{with .Point}}{{current (once "pcard" .) (url .Path)}}{{end}}</a>
<!-- {{.Title}} -->
<textarea>{{.Title}}</textarea>{{end}}
{{define "pcard"}}<a href="{{url .Path}}" title="{{.Title}}">{{.Title}}</a>{{end}}`,
	})
	pages := []*Page{
		{Kind: "point", Title: "A & B", Path: "points/1/", Description: "red", Site: &xref.Model{},
			Point: &xref.Point{Point: &content.Point{Number: 1, Title: "<one>", Updated: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)}}},
		{Kind: "point", Title: `"quoted"`, Path: "points/2/", Description: "expression(x)", Site: &xref.Model{},
			Point: &xref.Point{Point: &content.Point{Number: 22, Title: "javascript:alert(1)"}}},
		{Kind: "point", Title: "no point", Site: &xref.Model{}}, // nil pointer evaluating .Point.Summary
		{Kind: "point", Title: "again", Site: &xref.Model{},
			Point: &xref.Point{Point: &content.Point{Number: 3, Title: "three"}}},
		{Kind: "point", Title: "nil embedded", Site: &xref.Model{}, Point: &xref.Point{}},
	}
	for round := range 3 {
		for i, p := range pages {
			renderBoth(t, fast, ref, p, fmt.Sprintf("round %d, page %d", round, i))
		}
	}
	if slow := fast.SlowTemplates(); len(slow) > 0 {
		t.Errorf("SlowTemplates() = %q, want none", slow)
	}
}

// TestRunnerStaysOnHTMLTemplate: a template that calls a function texec
// does not have keeps running, correctly, on html/template.
func TestRunnerStaysOnHTMLTemplate(t *testing.T) {
	t.Parallel()
	fast, ref := loadBoth(t, map[string]string{
		"base.html":  `{{block "main" .}}{{end}}`,
		"home.html":  `{{define "main"}}<p>{{.Title}}</p>{{end}}`,
		"point.html": `{{define "main"}}<a href="/s?q={{.Title | urlquery}}">{{.Title}}</a>{{end}}`,
	})
	// Remove a function from the point layout's texec table, as if texec
	// lacked it.
	// Load decided already how each template runs (runner.warm): decide
	// again with the smaller table.
	r := fast.layouts["point"]
	r.funcs = withoutFunc(t, fast, "_html_template_htmlescaper")
	for _, m := range r.modes {
		m.Store(nil)
	}
	r.warm([]string{"themes/t/base.html"})
	for range 2 {
		for _, kind := range []string{"home", "point"} {
			p := &Page{Kind: kind, Title: "a b&c", Site: &xref.Model{}}
			want, wantErr := ref.Render(p)
			got, gotErr := fast.Render(p)
			if string(got) != string(want) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("Render(%s) = %q, %v; want %q, %v", kind, got, gotErr, want, wantErr)
			}
		}
	}
	if got, want := fast.SlowTemplates(), []string{"themes/t/base.html"}; !slices.Equal(got, want) {
		t.Errorf("SlowTemplates() = %q, want %q (the point layout's)", got, want)
	}
}

// TestThemeFuncsAreFast: every function of the theme is called by texec
// without reflect.
func TestThemeFuncsAreFast(t *testing.T) {
	t.Parallel()
	s := &Set{base: &url.URL{Path: "/"}}
	fs, err := execFuncs(s.funcs(), s.writers())
	if err != nil {
		t.Fatal(err)
	}
	for name := range s.funcs() {
		if fs.Reflective(name) {
			t.Errorf("function %s is called through reflect: give it a caller in fastFunc", name)
		}
	}
	for name := range htmlesc.Funcs {
		if fs.Reflective(name) {
			t.Errorf("escaper %s is called through reflect", name)
		}
	}
}

// withoutFunc returns the texec functions of s without the one called name.
func withoutFunc(t *testing.T, s *Set, name string) *texec.Funcs {
	t.Helper()
	m := map[string]any{}
	for k, f := range htmlesc.Funcs {
		m[k] = f
	}
	for k, f := range s.funcs() {
		m[k] = f
	}
	delete(m, name)
	fs, err := texec.NewFuncs(m)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestLoadWarms: Load escapes the templates that pages and prose execute
// and moves them to texec, so that no page's first execution runs on
// html/template (runner.warm); a template that does not escape is left to
// fail on its first execution with html/template's own error, as before.
func TestLoadWarms(t *testing.T) {
	t.Parallel()
	fast, ref := loadBoth(t, map[string]string{
		"base.html":         `<title>{{block "title" .}}{{.Title}}{{end}}</title>{{block "main" .}}{{end}}`,
		"home.html":         `{{define "main"}}<p title="{{.Title}}">{{once "card" .}}</p>{{end}}`,
		"point.html":        `{{define "main"}}<a href="{{.Path}}{{end}}`, // ends inside an attribute
		"partials/one.html": `{{define "card"}}<b>{{.Title}}</b>{{end}}{{define "quiet"}}{{range .}}{{.}}{{end}}{{end}}`,
	})
	for _, name := range []string{"card", "quiet"} {
		if md := fast.shared.modes[name].Load(); md == nil || md.exec == nil {
			t.Errorf("shared template %q: not moved to texec at Load", name)
		}
	}
	if md := fast.layouts["home"].modes["themes/t/base.html"].Load(); md == nil || md.exec == nil {
		t.Errorf("home layout: not moved to texec at Load")
	}
	if md := fast.layouts["point"].modes["themes/t/base.html"].Load(); md != nil {
		t.Errorf("point layout, which does not escape: mode set at Load")
	}
	for range 2 {
		for _, kind := range []string{"home", "point"} {
			p := &Page{Kind: kind, Title: `a "b" & c`, Path: "x/", Site: &xref.Model{}}
			want, wantErr := ref.Render(p)
			got, gotErr := fast.Render(p)
			if string(got) != string(want) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("Render(%s) = %q, %v; want %q, %v", kind, got, gotErr, want, wantErr)
			}
			if kind == "point" && gotErr == nil {
				t.Errorf("Render(point) succeeded; want the escaping error")
			}
		}
	}
	if slow := fast.SlowTemplates(); len(slow) > 0 {
		t.Errorf("SlowTemplates() = %q, want none", slow)
	}
}
