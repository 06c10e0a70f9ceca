package theme

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/xref"
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
	want := "themes/t/point.html:2: template: missing value for if"
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

	_, err = s.Render(&Page{Kind: "compare"})
	if !errors.As(err, &dl) || !strings.Contains(dl[0].String(), "theme has no layout for compare pages") {
		t.Errorf("Render(compare) error = %v, want no layout", err)
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
