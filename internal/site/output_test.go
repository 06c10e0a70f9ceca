package site

import (
	"slices"
	"testing"

	"github.com/dossier-dev/dossier/internal/export"
	"github.com/dossier-dev/dossier/internal/search"
)

// TestOrderLeadsWithSearchIndex checks that a build asks for the search
// index's meta file before its other files and before the exports: the
// first index file asked for makes the whole index and any other asked for
// meanwhile waits for it, so that asked for in a row they would keep a CPU
// waiting; made while the exports are, the index keeps none waiting.
func TestOrderLeadsWithSearchIndex(t *testing.T) {
	t.Parallel()
	st, _ := prepared(t, generatedSite(t, 60))
	outs, diags := st.outputs()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	names := order(outs)
	at := func(name string) int {
		t.Helper()
		i := slices.Index(names, name)
		if i < 0 {
			t.Fatalf("no %s among the outputs", name)
		}
		return i
	}
	meta := at(search.Meta)
	for _, name := range append(slices.Clone(export.Names), search.ChunkName(0), search.DocName(0)) {
		if i := at(name); i < meta {
			t.Errorf("order(outputs) asks for %s (at %d) before %s (at %d)", name, i, search.Meta, meta)
		}
	}
}
