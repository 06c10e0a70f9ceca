package xref

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
)

// prefetch does, on every CPU, the work of Resolve that does not depend on
// the order in which pages are resolved: it parses every piece of Markdown
// of the site, and finds every quote cited without a paragraph number (and
// every gloss's) in its source, keeping what it found for prose and find.
// Resolve then resolves the pages one after another, as before, so that
// notes, backlinks and diagnostics come in the same order whatever the
// number of CPUs.
func (r *resolver) prefetch(ctx context.Context, cs *content.Site) {
	var srcs [][]byte
	add := func(md content.Markdown) {
		if len(md.Src) > 0 {
			srcs = append(srcs, md.Src)
		}
	}
	if cs.Home != nil {
		add(cs.Home.Body)
	}
	for i := range cs.Points {
		add(cs.Points[i].Body)
		for _, c := range cs.Points[i].Changes {
			add(c.Note)
		}
	}
	for _, s := range r.m.Sources {
		add(s.Body)
		for _, g := range s.Source.Glosses {
			add(g.Note)
		}
	}
	for i := range cs.Pages {
		add(cs.Pages[i].Body)
	}
	for i := range cs.Events {
		add(cs.Events[i].Body)
	}
	docs := make([]*markdown.Doc, len(srcs))
	parallel(ctx, len(srcs), func(i int) { docs[i] = r.md.Parse(srcs[i]) })
	if ctx.Err() != nil {
		return
	}
	r.parsed = make(map[string]*markdown.Doc, len(srcs))
	for i, d := range docs {
		r.parsed[string(srcs[i])] = d
	}

	// The quotes to look for in each source's text, each source's on one
	// CPU at a time: its text keeps what was found (excerptText.find).
	quotes := map[*Source][]string{}
	for _, d := range docs {
		for _, c := range d.Cites {
			for _, it := range c.Items {
				if s := r.sources[it.ID]; s != nil && it.Quote != "" && it.Para == 0 && r.texts[s] != nil {
					quotes[s] = append(quotes[s], it.Quote)
				}
			}
		}
	}
	for _, s := range r.m.Sources {
		for _, g := range s.Source.Glosses {
			if g.Quote != "" && r.texts[s] != nil {
				quotes[s] = append(quotes[s], g.Quote)
			}
		}
	}
	var srcList []*Source
	for _, s := range r.m.Sources { // in a fixed order
		if len(quotes[s]) > 0 && len(s.Paras) > 0 {
			srcList = append(srcList, s)
		}
	}
	parallel(ctx, len(srcList), func(i int) {
		s := srcList[i]
		for _, q := range quotes[s] {
			r.texts[s].find(s.Paras, q)
		}
	})
}

// parse parses src, or returns what prefetch parsed.
func (r *resolver) parse(src []byte) *markdown.Doc {
	if d, ok := r.parsed[string(src)]; ok {
		return d
	}
	return r.md.Parse(src)
}

// parallel calls f(i) for every i below n, on every CPU, until ctx is
// done.
func parallel(ctx context.Context, n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
