package site

import (
	"bytes"
	"maps"
	"slices"
	"sync"
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

// TestRenderAgain checks that every output a build writes is made again by
// render, with the same bytes, after the build made them all and released
// the pages' Markdown: a build gives render to publish, which calls it for
// a file that it kept at staging and that changed in the output before
// the commit (publish.Options.Again), and fails on other bytes.
func TestRenderAgain(t *testing.T) {
	t.Parallel()
	st, _ := prepared(t, generatedSite(t, 60))
	outs, diags := st.outputs()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	for _, o := range outs {
		o.release = true
	}
	var (
		mu   sync.Mutex
		made = make(map[string][]byte, len(outs))
	)
	err := generate(t.Context(), outs, 4, true, func(name string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		made[name] = bytes.Clone(data)
		return nil
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(made) != len(outs) {
		t.Fatalf("generate made %d files, want %d", len(made), len(outs))
	}
	for _, name := range slices.Sorted(maps.Keys(made)) {
		again, err := outs[name].render()
		if err != nil {
			t.Errorf("render %s again: %v", name, err)
		} else if !bytes.Equal(again, made[name]) {
			t.Errorf("render %s again: %d bytes other than the %d it made first", name, len(again), len(made[name]))
		}
	}
}
