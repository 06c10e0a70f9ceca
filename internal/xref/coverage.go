package xref

import (
	"cmp"
	"slices"
)

// Coverage says how much of a dossier's citing can be checked: citations
// of sources with text (whose quotes the build verifies) against
// citations of external sources (a URL and no text).
type Coverage struct {
	WithText int // citation items that cite a source with text
	External int // citation items that cite an external source
	// MostCited are the external sources by the number of citations,
	// most first (then by id): the ones to capture next.
	MostCited []Cited
}

// Cited is a source and how many citation items cite it.
type Cited struct {
	Source *Source
	N      int
}

// Coverage counts the model's citations by the kind of source they cite.
func (m *Model) Coverage() Coverage {
	var c Coverage
	for _, s := range m.Sources {
		n := len(s.CitedBy)
		if !s.External() {
			c.WithText += n
			continue
		}
		c.External += n
		if n > 0 {
			c.MostCited = append(c.MostCited, Cited{Source: s, N: n})
		}
	}
	slices.SortStableFunc(c.MostCited, func(a, b Cited) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Source.ID, b.Source.ID))
	})
	return c
}
