package theme

import (
	"errors"
	"html/template"
	"io/fs"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/xref"
	"github.com/dossier-dev/dossier/themes"
)

func load(t *testing.T, files map[string]string, base string) (*Set, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for k, v := range files {
		fsys["themes/t/"+k] = &fstest.MapFile{Data: []byte(v)}
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	s, diags, err := Load(fsys, "themes/t", Options{Markdown: markdown.New(markdown.Options{}), BaseURL: u, ExtraCSS: []byte(".chroma{}")})
	if err != nil {
		t.Fatal(err)
	}
	return s, diags
}

func TestAssetsAreHashed(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{
		"base.html":        `{{block "main" .}}{{end}}`,
		"home.html":        `{{define "main"}}<link href="{{asset "style.css"}}"><script src="{{asset "app.js"}}"></script>{{end}}`,
		"static/style.css": "body{}",
		"static/app.js":    "1",
		"static/icon.svg":  "<svg/>",
	}, "https://x.org/repo/")
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	files := s.Files()
	var css string
	for name, b := range files {
		if strings.HasPrefix(name, "style.") {
			css = name
			if string(b) != "body{}\n.chroma{}" {
				t.Errorf("%s = %q, want the theme's CSS and the extra CSS", name, b)
			}
		}
	}
	if css == "" || css == "style.css" || files["icon.svg"] == nil {
		t.Fatalf("Files() = %v, want style.HASH.css and icon.svg as it is", keys(files))
	}
	out, err := s.Render(&Page{Kind: "home", Site: &xref.Model{}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `href="/repo/`+css+`"`) || !strings.Contains(string(out), `src="/repo/app.`) {
		t.Errorf("Render = %s, want hashed asset links under /repo/", out)
	}
}

func keys(m map[string][]byte) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func TestTemplateErrors(t *testing.T) {
	t.Parallel()
	_, diags := load(t, map[string]string{
		"base.html":  `{{block "main" .}}{{end}}`,
		"point.html": "{{define \"main\"}}\n<p>{{if}}</p>{{end}}",
	}, "/")
	want := "themes/t/point.html:2: template: missing value for if (the site's own file)"
	if len(diags) != 1 || diags[0].String() != want {
		t.Errorf("Load diagnostics = %v, want %q", diags, want)
	}

	s, _ := load(t, map[string]string{
		"base.html":  `{{block "main" .}}{{end}}`,
		"point.html": "{{define \"main\"}}\n  <p>{{.Nope}}</p>{{end}}",
	}, "/")
	_, err := s.Render(&Page{Kind: "point", Site: &xref.Model{}})
	var dl diag.List
	if !errors.As(err, &dl) || len(dl) != 1 || !strings.HasPrefix(dl[0].String(), "themes/t/point.html:2:8: template: can't evaluate field Nope") {
		t.Errorf("Render error = %v, want themes/t/point.html:2:8: template: can't evaluate field Nope…", err)
	}

	_, diags = load(t, map[string]string{"point.html": `{{define "main"}}{{end}}`}, "/")
	want = "themes/t/base.html: theme has no base.html (every page is rendered inside themes/t/base.html, which defines the page around the blocks title and main: copy one from another theme)"
	if len(diags) != 1 || diags[0].String() != want {
		t.Errorf("Load(no base.html) diagnostics = %v, want %q", diags, want)
	}

	_, err = s.Render(&Page{Kind: "compare"})
	if !errors.As(err, &dl) || !strings.Contains(dl[0].String(), "theme has no layout for compare pages") {
		t.Errorf("Render(compare) error = %v, want no layout", err)
	}
}

// TestLayoutsLoadTogether: the layouts are parsed and escaped at once, but
// their problems come in the order of their names, and every good layout
// loads and renders beside the broken ones.
func TestLayoutsLoadTogether(t *testing.T) {
	t.Parallel()
	files := map[string]string{"base.html": `{{block "main" .}}{{end}}`}
	var want []string
	for i := range 12 {
		kind := string(rune('a'+i)) + "kind"
		if i%3 == 1 {
			files[kind+".html"] = "{{define \"main\"}}\n<p>{{if}}</p>{{end}}"
			want = append(want, "themes/t/"+kind+".html:2: template: missing value for if (the site's own file)")
		} else {
			files[kind+".html"] = `{{define "main"}}<p>` + kind + `</p>{{end}}`
		}
	}
	s, diags := load(t, files, "/")
	var got []string
	for _, d := range diags {
		got = append(got, d.String())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Load diagnostics = %q, want %q", got, want)
	}
	for i := range 12 {
		kind := string(rune('a'+i)) + "kind"
		if s.Has(kind) != (i%3 != 1) {
			t.Errorf("Has(%q) = %v, want %v", kind, s.Has(kind), i%3 != 1)
			continue
		}
		if i%3 == 1 {
			continue
		}
		out, err := s.Render(&Page{Kind: kind, Site: &xref.Model{}})
		if err != nil || string(out) != "<p>"+kind+"</p>" {
			t.Errorf("Render(%s) = %q, %v, want <p>%s</p>", kind, out, err, kind)
		}
	}
}

// TestBuiltInOverlay: the site's own themes/NAME/FILE replaces the
// built-in file of the same path, and every other built-in file stays
// (issue 9).
func TestBuiltInOverlay(t *testing.T) {
	t.Parallel()
	builtIn := fstest.MapFS{
		"t/base.html":        {Data: []byte(`<built-in>{{block "main" .}}{{end}}`)},
		"t/home.html":        {Data: []byte(`{{define "main"}}built-in home{{end}}`)},
		"t/point.html":       {Data: []byte(`{{define "main"}}built-in point{{.Nope}}{{end}}`)},
		"t/static/style.css": {Data: []byte("body{}")},
		"other/base.html":    {Data: []byte(`x`)},
	}
	site := fstest.MapFS{
		"themes/t/home.html": {Data: []byte(`{{define "main"}}own home{{end}}`)},
		"themes/mine/x.html": {Data: []byte(`x`)},
	}
	s, diags, err := Load(site, "themes/t", Options{Markdown: markdown.New(markdown.Options{}), BaseURL: &url.URL{Path: "/"}, BuiltIn: builtIn})
	if err != nil || len(diags) > 0 {
		t.Fatalf("Load = %v, %v", diags, err)
	}
	out, err := s.Render(&Page{Kind: "home", Site: &xref.Model{}})
	if err != nil || string(out) != "<built-in>own home" {
		t.Errorf("Render(home) = %q, %v, want the built-in base around the site's own home", out, err)
	}
	if len(s.Files()) != 1 {
		t.Errorf("Files() = %v, want the built-in style.css", keys(s.Files()))
	}
	_, err = s.Render(&Page{Kind: "point", Site: &xref.Model{}})
	var dl diag.List
	want := "themes/t/point.html:1:34: template: can't evaluate field Nope in type *theme.Page (a file of the built-in theme; a file of your own at themes/t/point.html replaces it)"
	if !errors.As(err, &dl) || len(dl) != 1 || dl[0].String() != want {
		t.Errorf("Render(point) error = %v, want %s", err, want)
	}

	_, _, err = Load(site, "themes/none", Options{BuiltIn: builtIn})
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(themes/none) error = %v, want fs.ErrNotExist", err)
	}
	if got, want := strings.Join(Names(site, "themes", builtIn), " "), "mine other t"; got != want {
		t.Errorf("Names = %q, want %q", got, want)
	}
}

func TestURLs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		base, path, url, abs string
	}{
		{"https://x.org/", "points/1/", "/points/1/", "https://x.org/points/1/"},
		{"https://x.org/repo/", "points/1/", "/repo/points/1/", "https://x.org/repo/points/1/"},
		{"https://x.org/repo/", "", "/repo/", "https://x.org/repo/"},
		{"https://x.org/repo/", "/sources/", "/repo/sources/", "https://x.org/repo/sources/"},
		{"/", "points/1/", "/points/1/", "/points/1/"},
	}
	for _, tt := range tests {
		u, err := config.ParseBaseURL(tt.base)
		if err != nil {
			t.Fatal(err)
		}
		s := &Set{base: u}
		if got := s.URL(tt.path); got != tt.url {
			t.Errorf("URL(%q) with base %s = %q, want %q", tt.path, tt.base, got, tt.url)
		}
		if got := s.Abs(tt.path); got != tt.abs {
			t.Errorf("Abs(%q) with base %s = %q, want %q", tt.path, tt.base, got, tt.abs)
		}
	}
}

// BenchmarkLoad loads the built-in default theme, as every build does:
// parsing, cloning a set for each layout and escaping what pages run.
func BenchmarkLoad(b *testing.B) {
	md := markdown.New(markdown.Options{})
	for b.Loop() {
		_, diags, err := Load(fstest.MapFS{}, "themes/default", Options{Markdown: md, BaseURL: &url.URL{Path: "/"}, BuiltIn: themes.FS})
		if err != nil || len(diags) > 0 {
			b.Fatal(err, diags)
		}
	}
}

// TestLoadWarmsPartials: Load moves the partials' templates to texec at
// once, and leaves base.html's in the partials' set, which only the
// layouts run, to a first execution.
func TestLoadWarmsPartials(t *testing.T) {
	t.Parallel()
	s, diags, err := Load(fstest.MapFS{}, "themes/default", Options{Markdown: markdown.New(markdown.Options{}), BaseURL: &url.URL{Path: "/"}, BuiltIn: themes.FS})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	for name, tr := range s.shared.trees {
		warmed := s.shared.modes[name].Load() != nil
		if fromBase := tr.ParseName == "themes/default/base.html"; warmed == fromBase {
			t.Errorf("partials' template %q (of %s) warmed = %v, want %v", name, tr.ParseName, warmed, !fromBase)
		}
	}
	if s.shared.modes["cite"].Load() == nil {
		t.Error(`partials' template "cite" not warmed`)
	}
}

// FuzzCurrentTo: current's writer variant writes what current returns.
func FuzzCurrentTo(f *testing.F) {
	for _, tt := range [][2]string{
		{`<a href="/a/">a</a> <a href="/a/b/">b</a><a href="/a/">again</a>`, "/a/"},
		{`<a href="/a&amp;b/">x</a>`, "/a&b/"},
		{`href="/x/"href="/x/"`, "/x/"},
		{`no links`, "/"},
		{``, ""},
		{`<a href="">empty</a>`, ""},
	} {
		f.Add(tt[0], tt[1])
	}
	f.Fuzz(func(t *testing.T, h, href string) {
		var b strings.Builder
		if err := currentTo(&b, template.HTML(h), href); err != nil {
			t.Fatal(err)
		}
		if want := string(current(template.HTML(h), href)); b.String() != want {
			t.Errorf("currentTo(%q, %q) wrote %q, want %q", h, href, b.String(), want)
		}
	})
}
