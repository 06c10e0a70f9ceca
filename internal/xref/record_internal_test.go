package xref

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/seed"
)

// recordCase makes a resolver whose bare citations name, many times
// over and in a shuffled order, the paragraphs of three sources, with a
// record that has some of them right, some changed (one moved to another
// paragraph) and some missing.
func recordCase() *resolver {
	r := &resolver{m: &Model{}, record: Record{}}
	var all []*Para
	for i, id := range []string{"a", "b", "c"} {
		s := &Source{Source: &content.Source{ID: id}}
		for n := 1; n <= 5; n++ {
			p := &Para{Para: seed.Para{N: n, Text: fmt.Sprintf("Paragraph %d of source %s.", n, id)}, Source: s}
			s.Paras = append(s.Paras, p)
			all = append(all, p)
			key := id + " ¶" + strconv.Itoa(n)
			switch (i*5 + n) % 4 {
			case 0: // not recorded
			case 1:
				r.record[key] = paraHash("Some other text.")
			case 2:
				r.record[key] = paraHash(s.Paras[0].Text) // moved: now ¶1
			default:
				r.record[key] = paraHash(p.Text)
			}
		}
		r.m.Sources = append(r.m.Sources, s)
	}
	src := []byte("A citation [@a, ¶1].\n")
	md := content.Markdown{Src: src, Text: diag.NewText(diag.Position{File: "content/points/01.md", Line: 5, Col: 1}, src)}
	for k := range 200 {
		r.bare = append(r.bare, bareCite{para: all[(k*7)%len(all)], md: md, off: k % len(src)})
	}
	return r
}

// checkRecordSerial is checkRecord as it was before it hashed each
// paragraph once, on every CPU: a paragraph's hash for each citation of
// it, in turn. The oracle for its diagnostics.
func checkRecordSerial(r *resolver) {
	for _, c := range r.bare {
		r.compareRecord(c)
	}
}

func TestCheckRecordMatchesSerial(t *testing.T) {
	want := recordCase()
	checkRecordSerial(want)
	got := recordCase()
	if err := got.checkRecord(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(want.diags) < 100 {
		t.Fatalf("the case has %d diagnostics; it should have one for most of its 200 citations", len(want.diags))
	}
	if !slices.Equal(got.diags, want.diags) {
		t.Errorf("checkRecord diagnostics =\n%v\nwant (serial)\n%v", got.diags, want.diags)
	}
}

func TestCheckRecordStops(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := recordCase()
	if err := r.checkRecord(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("checkRecord(cancelled) = %v, want %v", err, context.Canceled)
	}
	if len(r.diags) != 0 {
		t.Errorf("checkRecord(cancelled) reported %d problems, want none", len(r.diags))
	}
}
