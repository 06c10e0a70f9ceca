package scaffold

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
)

func TestPointLoadsCleanly(t *testing.T) {
	t.Parallel()
	cfg, diags := config.Parse("site.toml", []byte(`title = "T"
[buckets.water]
title = "Water"
[buckets.land]
title = "Land"
[versions.e3]
title = "E3"
`))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	b, err := Point(cfg, 7, `A "quoted" title`, "2025-11-24")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`bucket = "water"`, "one of: water, land", "[position.e3]", "[@source-id, \"exact words\"]", "[[6]]"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("Point() lacks %q:\n%s", want, b)
		}
	}
	fsys := fstest.MapFS{PointPath(7): {Data: b}}
	site, diags, err := content.Load(context.Background(), fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A new point has an empty summary; that is the one problem.
	if len(diags) != 1 || !strings.Contains(diags[0].Msg, "missing summary") {
		t.Errorf("Load(new point) diagnostics = %v, want only the missing summary", diags)
	}
	if len(site.Points) != 1 || site.Points[0].Number != 7 || site.Points[0].Title != `A "quoted" title` || len(site.Points[0].Changes) != 1 {
		t.Errorf("Load(new point) = %+v", site.Points)
	}
}

func TestSourceShowsItsExcerpt(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"seeds/s.txt":               {Data: []byte("First headline\nText one.\nSecond headline\nText two.\n")},
		"content/sources/second.md": {Data: []byte("+++\ntitle = \"Second\"\nseed = \"s.txt\"\nstart = \"Second headline\"\n+++\n")},
	}
	tests := []struct {
		name, start string
		paras       []string
		diag        string
	}{
		{"default end is the next excerpt", "First headline", []string{"First headline", "Text one."}, ""},
		{"anchor not found", "Frist headline", nil, `content/sources/first.md:8:1: start anchor "Frist headline" of source "first" not found`},
		{"rest of the seed", "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, paras, diags, err := Source(context.Background(), fsys, SourceOptions{ID: "first", Seed: "s.txt", Start: tt.start})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range paras {
				got = append(got, p.Text)
			}
			if tt.paras != nil && strings.Join(got, "|") != strings.Join(tt.paras, "|") {
				t.Errorf("Source(%q) paragraphs = %q, want %q", tt.start, got, tt.paras)
			}
			if tt.diag == "" && len(diags) > 0 {
				t.Errorf("Source(%q) diagnostics = %v, want none", tt.start, diags)
			}
			if tt.diag != "" && (len(diags) == 0 || !strings.HasPrefix(diags[0].String(), tt.diag)) {
				t.Errorf("Source(%q) diagnostics = %v, want %s…", tt.start, diags, tt.diag)
			}
			if tt.start != "" && !strings.Contains(string(b), `start = "`+tt.start+`"`) {
				t.Errorf("Source(%q) file lacks its start:\n%s", tt.start, b)
			}
		})
	}
	if _, _, _, err := Source(context.Background(), fsys, SourceOptions{ID: "Bad Id", Seed: "s.txt"}); err == nil {
		t.Error("Source with id \"Bad Id\": no error")
	}
	if _, _, _, err := Source(context.Background(), fsys, SourceOptions{ID: "x", Seed: "missing.txt"}); err == nil {
		t.Error("Source with a missing seed: no error")
	}
}
