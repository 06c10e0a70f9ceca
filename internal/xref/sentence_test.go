package xref_test

import (
	"context"
	"io/fs"
	"os"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/xref"
)

// TestNoteSentence checks the sentence a "Cited by" list shows for a
// citation (issue 11, backlinks with context).
func TestNoteSentence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, want string
		words            int
	}{
		{"after the full stop", "First one. The plan was amended. [@s, \"war crimes\"] Then more.", "The plan was amended.", 30},
		{"inside the sentence", "First one. It says \"no\" [@s, \"war crimes\"] and then stops. Next.", "It says ‘no’ and then stops.", 30},
		{"before the full stop", "First one.\nIt covers *war crimes* [@s, \"war crimes\"].", "It covers war crimes.", 30},
		{"links and cross-references as text", "As [[2]] and [the text](https://example.org) say [@s, \"war crimes\"].", "As point 2 and the text say.", 30},
		{"labelled cross-reference", "See [[2|the dam]] [@s, \"war crimes\"].", "See the dam.", 30},
		{"quoted full stop", "He said \"stop.\" Then it went on [@s, \"war crimes\"].", "Then it went on.", 30},
		{"quote ends the sentence", "First. He said \"it is over.\" [@s, \"war crimes\"]", "He said ‘it is over.’", 30},
		{"other citations left out", "Two sources [@s] agree [@s, \"war crimes\"].", "Two sources agree.", 30},
		{"another block", "First block.\n\nSecond block cites [@s, \"war crimes\"].", "Second block cites.", 30},
		{"cut to the last words", "One two three four five six [@s, \"war crimes\"].", "…four five six.", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"content/points/01.md": {Data: []byte("+++\nnumber = 1\ntitle = \"One\"\nbucket = \"b\"\nsummary = \"S.\"\n+++\n" + tt.body + "\n")},
				"content/points/02.md": {Data: []byte("+++\nnumber = 2\ntitle = \"Two\"\nbucket = \"b\"\nsummary = \"S.\"\n+++\nText.\n")},
				"content/sources/s.md": {Data: []byte("+++\ntitle = \"Report\"\nseed = \"s.txt\"\n+++\n")},
			}
			cfg, _ := config.Parse("site.toml", []byte("title = \"T\"\n[buckets.b]\ntitle = \"B\"\n"))
			cs, diags, err := content.Load(context.Background(), fsys, content.Options{})
			if err != nil || len(diags) > 0 {
				t.Fatal(err, diags)
			}
			sd := seed.Parse("seeds/s.txt", []byte("Headline\nThey spoke of war crimes.\n"))
			m, diags, err := xref.Resolve(context.Background(), xref.Input{Config: cfg, Content: cs, Seeds: []*seed.Seed{sd}, Markdown: markdown.New(markdown.Options{})})
			if err != nil || diags.HasErrors() {
				t.Fatal(err, diags)
			}
			var note *xref.Note
			for _, n := range m.Points[0].Doc.Notes {
				if n.Quote != "" {
					note = n
				}
			}
			if note == nil {
				t.Fatalf("no quoting note in %q", tt.body)
			}
			if got := note.Sentence("point", tt.words); got != tt.want {
				t.Errorf("Sentence(%q) = %q, want %q", tt.body, got, tt.want)
			}
		})
	}
}

// TestSentenceOracle holds Note.Sentence to the code it replaced
// (OldSentence) for every note of every page of the repository's own
// dossier and of a generated one, with a site's word for a point and
// without, and cut to 30 words and to 3.
func TestSentenceOracle(t *testing.T) {
	t.Parallel()
	points := 1000
	if testing.Short() {
		points = 200
	}
	for _, site := range []struct {
		name string
		m    *xref.Model
	}{
		{"repository", siteModel(t, os.DirFS("../.."))},
		{"generated", generated(t, points)},
	} {
		var docs []*xref.Doc
		for _, p := range site.m.Points {
			docs = append(docs, p.Doc)
		}
		for _, s := range site.m.Sources {
			docs = append(docs, s.Doc)
		}
		for _, p := range site.m.Pages {
			docs = append(docs, p.Doc)
		}
		asked, found := 0, 0
		for _, d := range docs {
			if d == nil {
				continue
			}
			for _, n := range d.Notes {
				for _, a := range []struct {
					word  string
					words int
				}{{"point", 30}, {"", 3}, {"Punkt", 0}} {
					got, want := n.Sentence(a.word, a.words), xref.OldSentence(n, a.word, a.words)
					if got != want {
						t.Errorf("%s: %s note %d: Sentence(%q, %d) = %q, want %q", site.name, d.Path, n.N, a.word, a.words, got, want)
					}
					asked++
					if got != "" {
						found++
					}
				}
			}
		}
		if found == 0 || found < asked/2 {
			t.Errorf("%s: %d of %d sentences found, want most", site.name, found, asked)
		}
		t.Logf("%s: %d sentences of %d asked", site.name, found, asked)
	}
}

// BenchmarkSentence works out the sentence of every note of the generated
// 1,000-point site that is in prose, as the backlinks of its pages do.
func BenchmarkSentence(b *testing.B) {
	m := generated(b, 1000)
	var notes []*xref.Note
	for _, p := range m.Points {
		notes = append(notes, p.Doc.Notes...)
	}
	i := 0
	for b.Loop() {
		// Other words each time, so that no note answers from what it
		// kept.
		i++
		for _, n := range notes {
			n.Sentence("point", 30+i%2)
		}
	}
}

// generated returns the model of the generated site of the given number
// of points.
func generated(tb testing.TB, points int) *xref.Model {
	tb.Helper()
	fsys := fstest.MapFS{}
	for name, data := range bench.Generate(bench.Options{Points: points}) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return siteModel(tb, fsys)
}

// siteModel returns the model of the site in fsys, which must have no
// problems.
func siteModel(tb testing.TB, fsys fs.FS) *xref.Model {
	tb.Helper()
	in, diags := siteInput(tb, fsys)
	if diags.HasErrors() {
		tb.Fatal(diags)
	}
	m, diags, err := xref.Resolve(context.Background(), in)
	if err != nil || diags.HasErrors() {
		tb.Fatal(err, diags)
	}
	return m
}
