package xref

import (
	"context"
	"slices"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/seed"
)

// TestFindQuotesKeepsHits checks that findQuotes keeps, for each citation
// item whose quote cite looks for in the whole source, what seed.Find finds
// there, and nothing for the others (a paragraph named, an unknown
// source, no quote), which cite looks up itself.
func TestFindQuotesKeepsHits(t *testing.T) {
	s := &Source{Source: &content.Source{ID: "a"}}
	for i, text := range []string{"The ceasefire holds along the line.", "The army would be capped.", "The ceasefire holds, officials said."} {
		s.Paras = append(s.Paras, &Para{Para: seed.Para{N: i + 1, Text: text}, Source: s})
	}
	r := &resolver{
		m:       &Model{Sources: []*Source{s}},
		sources: map[string]*Source{"a": s},
		texts:   map[*Source]*excerptText{s: {found: map[string][]seed.Match{}}},
	}
	md := markdown.New(markdown.Options{})
	docs := []*markdown.Doc{
		md.Parse([]byte(`One [@a, "army would be"]; two [@a, "ceasefire holds"].` + "\n\nThree [@b, \"x\"; @a, ¶1, \"line\"; @a, \"nowhere\"; @a].\n")),
		md.Parse([]byte("No citation.\n")),
	}
	r.parsedDocs = docs
	r.findQuotes(context.Background())

	d := docs[0]
	hits := r.hits[d]
	if len(hits) != citeItems(d) || citeItems(d) != 6 {
		t.Fatalf("findQuotes kept %d hits for %d items, want one for each of 6", len(hits), citeItems(d))
	}
	k := 0
	for _, c := range d.Cites {
		for _, it := range c.Items {
			searched := it.ID == "a" && it.Quote != "" && it.Para == 0
			h := hits[k]
			if h.ok != searched {
				t.Errorf("item %d (%+v): hit kept = %v, want %v", k, it, h.ok, searched)
			}
			if want := seed.Find(seedParas(s.Paras), it.Quote); searched && !slices.Equal(h.ms, want) {
				t.Errorf("item %d (%q): hit = %v, want %v", k, it.Quote, h.ms, want)
			}
			k++
		}
	}
	if _, ok := r.hits[docs[1]]; ok {
		t.Errorf("findQuotes kept hits for a document without citations")
	}
}
