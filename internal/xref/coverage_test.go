package xref

import (
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
)

func TestCoverage(t *testing.T) {
	t.Parallel()
	src := func(id, seed string, n int) *Source {
		s := &Source{Source: &content.Source{ID: id, Seed: seed}}
		for range n {
			s.CitedBy = append(s.CitedBy, &Note{Source: s})
		}
		return s
	}
	m := &Model{Sources: []*Source{
		src("a-text", "a.txt", 3),
		src("b-ext", "", 2),
		src("c-ext", "", 5),
		src("d-ext", "", 2),
		src("e-ext", "", 0),
		src("f-text", "f.txt", 1),
	}}
	c := m.Coverage()
	if c.WithText != 4 || c.External != 9 {
		t.Errorf("Coverage() = %d with text, %d external; want 4, 9", c.WithText, c.External)
	}
	var got []string
	for _, x := range c.MostCited {
		got = append(got, x.Source.ID+":"+itoa(x.N))
	}
	want := "c-ext:5 b-ext:2 d-ext:2"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("Coverage().MostCited = %s, want %s", g, want)
	}
}
