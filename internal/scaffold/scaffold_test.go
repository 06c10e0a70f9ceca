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
	b, err := Point(cfg, 7, `A "quoted" title`, "2024-03-12")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`bucket = "water"`, "one of: water, land", "[position.e3]", "[@source-id, \"exact words\"]", "[[6]]"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("Point() lacks %q:\n%s", want, b)
		}
	}
	if !strings.Contains(string(b), "\ndraft = true ") {
		t.Errorf("Point() is not a draft:\n%s", b)
	}
	fsys := fstest.MapFS{PointPath(7): {Data: b}}
	// Left out, a new point is a draft and nothing more (issue 9).
	site, diags, err := content.Load(context.Background(), fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(diags) != 0 || len(site.Points) != 0 || len(site.Drafts) != 1 || site.Drafts[0].Number != 7 {
		t.Errorf("Load(new point) = %v, %+v, drafts %+v; want no problem, no point, one draft", diags, site.Points, site.Drafts)
	}
	// Shown, its placeholders are warnings at their keys; published, errors.
	for _, publish := range []bool{false, true} {
		site, diags, err = content.Load(context.Background(), fsys, content.Options{Drafts: true, Publish: publish})
		if err != nil {
			t.Fatal(err)
		}
		sev := "warning"
		if publish {
			sev = "error"
		}
		want := []string{
			sev + " content/points/07.md:5:1 summary is still a placeholder",
			sev + " content/points/07.md:6:1 text is still a placeholder",
			sev + " content/points/07.md:8:1 text_source is still a placeholder",
			sev + " content/points/07.md:9:1 assessment is still a placeholder",
		}
		diags.Sort()
		var got []string
		for _, d := range diags {
			got = append(got, d.Severity.String()+" "+d.Pos.String()+" "+d.Msg)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("Load(new point, publish=%v) diagnostics:\n%s\nwant:\n%s", publish, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		// Loaded, the title has curly quotes, as every title has.
		if len(site.Points) != 1 || site.Points[0].Number != 7 || site.Points[0].Title != `A “quoted” title` || len(site.Points[0].Changes) != 1 || !site.Points[0].Draft {
			t.Errorf("Load(new point) = %+v", site.Points)
		}
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

// TestSourceKeepsOtherExcerpts: a new source may take no line another
// excerpt has, not even from a source that takes the rest of the seed or
// runs to the next excerpt, whose paragraphs would be numbered anew
// (issue 9).
func TestSourceKeepsOtherExcerpts(t *testing.T) {
	t.Parallel()
	seedText := []byte("First headline\nText one.\nText two.\nSecond headline\nText three.\n")
	tests := []struct {
		name  string
		other string // the front matter of content/sources/other.md
		start string
		end   string
		want  string
	}{
		{"rest of the seed", `seed = "s.txt"`, "Text one.", "Text two.",
			`content/sources/new.md:8:1: the excerpt would take 2 paragraphs of source "other", which takes the rest of the seed (its ¶2–¶3, lines 2–3): its paragraphs would be numbered anew (choose anchors outside other, or move that source's anchors first)`},
		{"up to the next excerpt", "seed = \"s.txt\"\nstart = \"First headline\"", "Text two.", "Text two.",
			`content/sources/new.md:8:1: the excerpt would take 1 paragraph of source "other" (its ¶3–¶3, lines 3–3): its paragraphs would be numbered anew (choose anchors outside other, or move that source's anchors first)`},
		{"nothing left", "seed = \"s.txt\"\nstart = \"First headline\"", "", "",
			`content/sources/new.md:8:1: the excerpt is empty: every line of s.txt belongs to another source (give -start and -end anchors, or move another source's anchors first)`},
		{"outside", "seed = \"s.txt\"\nstart = \"First headline\"\nend = \"Text two.\"", "Second headline", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"seeds/s.txt":              {Data: seedText},
				"content/sources/other.md": {Data: []byte("+++\ntitle = \"Other\"\n" + tt.other + "\n+++\n")},
			}
			_, _, diags, err := Source(context.Background(), fsys, SourceOptions{ID: "new", Seed: "s.txt", Start: tt.start, End: tt.end})
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if len(diags) > 0 {
				got = diags[0].String()
			}
			if got != tt.want || len(diags) > 1 {
				t.Errorf("Source(%q, %q) diagnostics = %v, want %q", tt.start, tt.end, diags, tt.want)
			}
		})
	}
}
