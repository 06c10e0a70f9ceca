package xref_test

import (
	"strconv"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/xref"
)

// TestAnchors checks the anchors of notes, paragraphs and glosses, which
// come from tables made once for small numbers, on both sides of the
// tables' ends: a table that is off by one shows another note's anchor.
func TestAnchors(t *testing.T) {
	t.Parallel()
	for i := -2; i < 1100; i++ {
		n := strconv.Itoa(i)
		note := &xref.Note{N: i}
		if got, want := note.ID(), "note-"+n; got != want {
			t.Fatalf("Note{N: %d}.ID() = %q, want %q", i, got, want)
		}
		if got, want := note.RefID(), "ref-"+n; got != want {
			t.Fatalf("Note{N: %d}.RefID() = %q, want %q", i, got, want)
		}
		para := &xref.Para{Para: seed.Para{N: i}}
		if got, want := para.ID(), "p"+n; got != want {
			t.Fatalf("Para{N: %d}.ID() = %q, want %q", i, got, want)
		}
		gloss := &xref.Gloss{Gloss: content.Gloss{Index: i}}
		if got, want := gloss.ID(), "gloss-"+strconv.Itoa(i+1); got != want {
			t.Fatalf("Gloss{Index: %d}.ID() = %q, want %q", i, got, want)
		}
	}
}

// TestPaths checks the paths of resolved points and sources, which are
// their Docs' paths, made once, and of ones made without a Doc.
func TestPaths(t *testing.T) {
	t.Parallel()
	f1, p1 := point(1, "One [@alpha].")
	f2, p2 := point(12, "Twelve [@beta] [[1]].")
	m, diags := resolve(t, map[string]string{f1: p1, f2: p2})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, p := range m.Points {
		if got, want := p.Path(), "points/"+strconv.Itoa(p.Number)+"/"; got != want {
			t.Errorf("point %d: Path() = %q, want %q", p.Number, got, want)
		}
	}
	if len(m.Sources) != 3 {
		t.Fatalf("%d sources, want 3", len(m.Sources))
	}
	for _, s := range m.Sources {
		if got, want := s.Path(), "sources/"+s.ID+"/"; got != want {
			t.Errorf("source %s: Path() = %q, want %q", s.ID, got, want)
		}
	}
	if got, want := (&xref.Point{Point: &content.Point{Number: 7}}).Path(), "points/7/"; got != want {
		t.Errorf("Point without a Doc: Path() = %q, want %q", got, want)
	}
	if got, want := (&xref.Source{Source: &content.Source{ID: "x"}, Doc: &xref.Doc{}}).Path(), "sources/x/"; got != want {
		t.Errorf("Source with a Doc without a path: Path() = %q, want %q", got, want)
	}
}

// TestDocAnchor checks a page's anchor, made at the first call and kept:
// a second call (from several goroutines at once, with -race) gives the
// same, and a Doc whose path changed gets the new path's.
func TestDocAnchor(t *testing.T) {
	t.Parallel()
	tests := []struct{ path, want string }{
		{"points/26/", "points-26"},
		{"sources/heflin-conversation/", "sources-heflin-conversation"},
		{"", "home"},
		{"/", "home"},
		{"//a//b/", "a--b"},
		{"about/", "about"},
	}
	for _, tt := range tests {
		d := &xref.Doc{Path: tt.path}
		done := make(chan string)
		for range 3 {
			go func() { done <- d.Anchor() }()
		}
		for range 3 {
			if got := <-done; got != tt.want {
				t.Errorf("Doc{Path: %q}.Anchor() = %q, want %q", tt.path, got, tt.want)
			}
		}
		if got := d.Anchor(); got != tt.want {
			t.Errorf("Doc{Path: %q}.Anchor() again = %q, want %q", tt.path, got, tt.want)
		}
		d.Path = "timeline/2/"
		if got, want := d.Anchor(), "timeline-2"; got != want {
			t.Errorf("Doc{Path: %q}.Anchor() after the path changed = %q, want %q", tt.path, got, want)
		}
	}
}

// BenchmarkDocAnchor asks a page for its anchor, as the print page does
// several times for each point.
func BenchmarkDocAnchor(b *testing.B) {
	d := &xref.Doc{Path: "points/26/"}
	for b.Loop() {
		_ = d.Anchor()
	}
}
