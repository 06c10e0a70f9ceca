package site

import (
	"bytes"
	"maps"
	"math/rand/v2"
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
	_, outs := siteOutputs(t, 60)
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
	_, outs := siteOutputs(t, 60)
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

// TestOrderPrintsBeforeItsPoints checks the order of a build (see rank):
// the files that gather the whole site first, then each print part just
// before the point pages it prints, then the other pages.
func TestOrderPrintsBeforeItsPoints(t *testing.T) {
	t.Parallel()
	st, outs := siteOutputs(t, 120)
	names := order(outs)
	at := make(map[*output]int, len(names))
	for i, name := range names {
		at[outs[name]] = i
	}
	var prints, points []*output
	lastGather, firstOther := -1, len(names)
	for i, name := range names {
		o := outs[name]
		switch {
		case o.page != nil && o.page.Kind == "print":
			prints = append(prints, o)
		case o.page != nil && o.page.Kind == "point":
			points = append(points, o)
		case rank(o) <= 2:
			lastGather = i
		case o.page != nil:
			firstOther = min(firstOther, i)
		}
	}
	if len(prints) != 3 || len(points) != 120 {
		t.Fatalf("%d print parts and %d point pages, want 3 and 120", len(prints), len(points))
	}
	if first := min(at[prints[0]], at[points[0]]); first < lastGather {
		t.Errorf("order asks for %s (at %d) before %s (at %d), a file that gathers the site", names[first], first, names[lastGather], lastGather)
	}
	if last := at[points[len(points)-1]]; last > firstOther {
		t.Errorf("order asks for %s (at %d) after %s (at %d)", names[last], last, names[firstOther], firstOther)
	}
	for k, p := range prints {
		if len(p.printed) != PrintPerPage && k < 2 || len(p.printed) == 0 {
			t.Fatalf("print part %d prints %d point pages", k+1, len(p.printed))
		}
		for _, q := range p.printed {
			if q.page.Point != st.m.Points[q.seq/2] {
				t.Errorf("print part %d prints %s, not point %d", k+1, q.page.Path, st.m.Points[q.seq/2].Number)
			}
			if at[q] < at[p] || k+1 < len(prints) && at[q] > at[prints[k+1]] {
				t.Errorf("%s (at %d) is not between print part %d (at %d) and the next", q.page.Path, at[q], k+1, at[p])
			}
		}
	}
}

// TestTreesDropped checks that, in whatever order the files of a build
// are made, the syntax trees of each page are dropped once, after the
// page, the files that gather the whole site and the print part that
// prints it, if any, are made.
func TestTreesDropped(t *testing.T) {
	t.Parallel()
	_, outs := siteOutputs(t, 60)
	names := order(outs)
	printedBy := map[*output]*output{}
	for _, o := range outs {
		o.release = true
		for _, q := range o.printed {
			printedBy[q] = o
		}
	}
	if len(printedBy) != 60 {
		t.Fatalf("%d point pages printed, want 60", len(printedBy))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for run := range 20 {
		for _, o := range outs {
			o.printing.Store(0)
		}
		for q := range printedBy {
			q.printing.Store(1)
		}
		// The first run makes the files in order; the others in a shuffled
		// order, as workers may finish them.
		made := slices.Clone(names)
		if run > 0 {
			rng.Shuffle(len(made), func(i, j int) { made[i], made[j] = made[j], made[i] })
		}
		done := map[*output]bool{}
		gathering := 0
		for _, o := range outs {
			if rank(o) <= 1 {
				gathering++
			}
		}
		released := map[*output]int{}
		tr := newTrees(outs)
		tr.release = func(o *output) {
			released[o]++
			switch p := printedBy[o]; {
			case !done[o]:
				t.Errorf("run %d: trees of %s dropped before it was made", run, o.page.Path)
			case gathering > 0:
				t.Errorf("run %d: trees of %s dropped with %d files that gather the site to make", run, o.page.Path, gathering)
			case p != nil && !done[p]:
				t.Errorf("run %d: trees of %s dropped before %s, which prints it, was made", run, o.page.Path, p.page.Path)
			}
		}
		for _, name := range made {
			o := outs[name]
			done[o] = true
			if rank(o) <= 1 {
				gathering--
			}
			tr.made(o)
		}
		for _, o := range outs {
			if n := released[o]; o.page != nil && n != 1 {
				t.Errorf("run %d: trees of %s dropped %d times, want once", run, o.page.Path, n)
			} else if o.page == nil && n != 0 {
				t.Errorf("run %d: trees of %s dropped, not a page", run, names[at(names, outs, o)])
			}
		}
	}
}

// at returns the index of o's name in names.
func at(names []string, outs map[string]*output, o *output) int {
	return slices.IndexFunc(names, func(n string) bool { return outs[n] == o })
}

// siteOutputs prepares a generated site of n points and returns it with
// its outputs.
func siteOutputs(t *testing.T, n int) (*state, map[string]*output) {
	t.Helper()
	st, _ := prepared(t, generatedSite(t, n))
	outs, diags := st.outputs()
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return st, outs
}
