package xref

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/seed"
)

// prefetch does, on every CPU, the work of Resolve that does not depend on
// the order in which pages are resolved: it cuts the seeds that cuts has no
// cut for yet, and parses every piece of Markdown of the site, keeping what
// it parsed for prose. findQuotes then finds the quotes. The pages are
// resolved after that: the points and the sources in runs on every CPU,
// whose findings are joined in their order (resolveEach), the others one
// after another, so that notes, backlinks and diagnostics come in the
// same order whatever the number of CPUs.
func (r *resolver) prefetch(ctx context.Context, cs *content.Site, cuts []*seedCut) {
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
	var todo []*seedCut
	for _, sc := range cuts {
		if sc.k == nil {
			todo = append(todo, sc)
		}
	}
	// The seeds first: each is more work than a piece of Markdown, and
	// the CPUs then finish together.
	docs := make([]*markdown.Doc, len(srcs))
	parallel(ctx, len(todo)+len(srcs), func(i int) {
		if i < len(todo) {
			todo[i].k = newCut(todo[i].sd.Seed, todo[i].specs)
			return
		}
		i -= len(todo)
		docs[i] = r.md.Parse(srcs[i])
	})
	if ctx.Err() != nil {
		return
	}
	r.parsedDocs = docs
	r.parsed = make(map[srcKey]*markdown.Doc, len(srcs))
	for i, d := range docs {
		r.parsed[keyOf(srcs[i])] = d
	}
}

// srcKey names a piece of Markdown by where it is in memory, not by its
// text: prose asks for the very slices prefetch parsed, and a map by text
// would copy the text of the whole site into its keys.
type srcKey struct {
	first *byte
	n     int
}

func keyOf(src []byte) srcKey {
	return srcKey{&src[0], len(src)}
}

// findQuotes finds every quote cited without a paragraph number (and
// every gloss's) in its source, on every CPU, each source's quotes on one
// CPU at a time: its text keeps what was found (excerptText.find). What
// each citation's quote matched is kept in r.hits too, for cite, so that
// resolving the pages need not look it up again.
func (r *resolver) findQuotes(ctx context.Context) {
	// The citations are gone through on every CPU too, a run of
	// documents at a time: each run lists its quotes in order, and the
	// lists are joined in the order of the runs.
	docs := r.parsedDocs
	const docsPerRun = 256
	runs := make([][]quoteWant, (len(docs)+docsPerRun-1)/docsPerRun)
	hits := make([][]quoteHit, len(docs))
	parallel(ctx, len(runs), func(k int) {
		var run []quoteWant
		for i := k * docsPerRun; i < min((k+1)*docsPerRun, len(docs)); i++ {
			j := 0 // the item's index in the document
			for _, c := range docs[i].Cites {
				for _, it := range c.Items {
					if s := r.sources[it.ID]; s != nil && it.Quote != "" && it.Para == 0 && r.texts[s] != nil {
						if hits[i] == nil {
							hits[i] = make([]quoteHit, citeItems(docs[i]))
						}
						run = append(run, quoteWant{s, it.Quote, &hits[i][j]})
					}
					j++
				}
			}
		}
		runs[k] = run
	})
	if ctx.Err() != nil {
		return
	}
	r.hits = make(map[*markdown.Doc][]quoteHit, len(docs))
	for i, h := range hits {
		if h != nil {
			r.hits[docs[i]] = h
		}
	}
	quotes := make([][]quoteWant, len(r.m.Sources)) // by Source.at
	for _, run := range runs {
		for _, w := range run {
			quotes[w.s.at] = append(quotes[w.s.at], w)
		}
	}
	for _, s := range r.m.Sources {
		for _, g := range s.Source.Glosses {
			if g.Quote != "" && r.texts[s] != nil {
				quotes[s.at] = append(quotes[s.at], quoteWant{s, g.Quote, nil})
			}
		}
	}
	var srcList []*Source
	for _, s := range r.m.Sources { // in a fixed order
		if len(quotes[s.at]) > 0 && len(s.Paras) > 0 {
			srcList = append(srcList, s)
		}
	}
	parallel(ctx, len(srcList), func(i int) {
		s := srcList[i]
		for _, w := range quotes[s.at] {
			ms := r.texts[s].find(s.Paras, w.quote)
			if w.hit != nil {
				*w.hit = quoteHit{ms: ms, ok: true}
			}
		}
	})
}

// quoteWant is a quote findQuotes looks for in source s, and where to put
// what it matched: a citation item's slot, or nil for a gloss's quote.
type quoteWant struct {
	s     *Source
	quote string
	hit   *quoteHit
}

// quoteHit is what the quote of a citation matched in its source, found
// by findQuotes (if ok).
type quoteHit struct {
	ms []seed.Match
	ok bool
}

// citeItems counts the items of d's citations.
func citeItems(d *markdown.Doc) int {
	n := 0
	for _, c := range d.Cites {
		n += len(c.Items)
	}
	return n
}

// parse parses src, or returns what prefetch parsed.
func (r *resolver) parse(src []byte) *markdown.Doc {
	if len(src) > 0 {
		if d, ok := r.parsed[keyOf(src)]; ok {
			return d
		}
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
