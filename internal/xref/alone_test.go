package xref_test

import (
	"math/rand/v2"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/xref"
)

// oldAlone is the scan Para.Alone replaced (theme's soleCitation), as its
// oracle.
func oldAlone(p *xref.Para, n *xref.Note) bool {
	for _, o := range p.CitedBy {
		if o != n && o.Start == n.Start && o.End == n.End && o.Quote == n.Quote && o.Source == n.Source {
			return false
		}
	}
	return true
}

// TestAlone holds Para.Alone to the scan it replaced, for random lists of
// notes that share sources, quotes and offsets, some listed twice, lists
// short and past 64 notes, notes not listed, and a list replaced (as
// Update replaces it) or changed in length after a first answer.
func TestAlone(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	srcs := []*xref.Source{{Source: &content.Source{ID: "a"}}, {Source: &content.Source{ID: "b"}}}
	quotes := []string{"", "two", "three"}
	newNote := func(p *xref.Para) *xref.Note {
		start := rng.IntN(3)
		return &xref.Note{Source: srcs[rng.IntN(2)], Para: p, Quote: quotes[rng.IntN(3)], Start: start, End: start + rng.IntN(2)}
	}
	for round := range 400 {
		p := &xref.Para{}
		var list []*xref.Note
		for range []int{0, 1, 2, 5, 20, 64, 65, 90}[round%8] {
			if len(list) > 0 && rng.IntN(8) == 0 {
				list = append(list, list[rng.IntN(len(list))]) // listed twice
				continue
			}
			list = append(list, newNote(p))
		}
		check := func(what string) {
			t.Helper()
			asked := append(list[:len(list):len(list)], newNote(p), &xref.Note{Para: p})
			for range 2 { // the second time from what was kept
				for i, n := range asked {
					if got, want := p.Alone(n), oldAlone(p, n); got != want {
						t.Fatalf("round %d, %s: Alone(note %d of %d) = %v, want %v", round, what, i, len(p.CitedBy), got, want)
					}
				}
			}
		}
		p.CitedBy = list
		check("first list")
		if len(list) > 0 {
			list = append([]*xref.Note(nil), list...)
			list[rng.IntN(len(list))] = newNote(p)
			p.CitedBy = list
			check("list replaced")
			p.CitedBy = list[:len(list)-1]
			check("list shortened")
		}
	}
}

// BenchmarkAlone asks, for every cited paragraph of the generated
// 1,000-point site, whether each of its notes is alone, four times a
// note, as the partials of a build do.
func BenchmarkAlone(b *testing.B) {
	m := generated(b, 1000)
	var notes []*xref.Note
	for _, s := range m.Sources {
		notes = append(notes, s.CitedBy...)
	}
	for b.Loop() {
		for range 4 {
			for _, n := range notes {
				if n.Para != nil && len(n.Para.CitedBy) <= 64 {
					n.Para.Alone(n)
				}
			}
		}
	}
}
