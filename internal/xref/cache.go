package xref

import (
	"bytes"
	"reflect"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/seed"
)

// Cache keeps, from one Resolve to the next, the work on seed text that
// changes only when a seed or a source's anchors change: the excerpts cut
// from each seed, the normalized text of each excerpt, and the quotes found
// in it. A live preview, which resolves the whole site after every edit,
// gives the same Cache to each Resolve; one Resolve uses it at a time.
type Cache struct {
	cuts map[string]*cut // by seed name
}

// cut is a seed's excerpts as cut for specs.
type cut struct {
	data     []byte
	specs    []seed.Spec
	excerpts []seed.Excerpt
	diags    diag.List
	texts    []*excerptText // one per excerpt
}

// excerptText is the text of one excerpt, normalized when first searched,
// with the quotes found in it.
type excerptText struct {
	x     *seed.Index
	found map[string][]seed.Match
}

// cached returns the excerpts of s given by specs as the last Resolve cut
// them, or nil if the seed or the specs changed since (or c is nil).
func (c *Cache) cached(s *seed.Seed, specs []seed.Spec) *cut {
	if c != nil {
		if k := c.cuts[s.Name]; k != nil && bytes.Equal(k.data, s.Data) && reflect.DeepEqual(k.specs, specs) {
			return k
		}
	}
	return nil
}

// keep keeps k, the cut of seed s, for the next Resolve.
func (c *Cache) keep(s *seed.Seed, k *cut) {
	if c == nil {
		return
	}
	if c.cuts == nil {
		c.cuts = map[string]*cut{}
	}
	c.cuts[s.Name] = k
}

// newCut cuts the excerpts of s given by specs, each with a text to search.
// It touches nothing shared, so that seeds are cut in parallel.
func newCut(s *seed.Seed, specs []seed.Spec) *cut {
	excerpts, ds := seed.Cut(s, specs)
	k := &cut{data: s.Data, specs: specs, excerpts: excerpts, diags: ds, texts: make([]*excerptText, len(excerpts))}
	for i := range k.texts {
		k.texts[i] = &excerptText{found: map[string][]seed.Match{}}
	}
	return k
}

// find finds quote in the excerpt's paragraphs (see seed.Index.Find).
func (t *excerptText) find(paras []*Para, quote string) []seed.Match {
	if ms, ok := t.found[quote]; ok {
		return ms
	}
	if t.x == nil {
		t.x = seed.NewIndex(seedParas(paras))
	}
	ms := t.x.Find(quote)
	t.found[quote] = ms
	return ms
}
