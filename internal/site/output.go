package site

import (
	"bytes"
	"cmp"
	"context"
	"io"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/export"
	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/theme"
)

// output is one output file, made the first time it is asked for: a build
// makes them all, a live preview only those it serves.
type output struct {
	page *theme.Page // the page it renders with th; nil for other files
	th   *theme.Set
	gen  func() ([]byte, error) // makes a file that is not a page
	// write, if set, writes what gen makes a piece at a time, for a file
	// too big to hold whole (the exports): a build that writes its files
	// uses it.
	write func(io.Writer) error
	// lock, if set, is held for reading while the file is made (see
	// state.lock).
	lock *sync.RWMutex
	// release, for a build that makes each page once, drops the syntax
	// trees of the page's Markdown once the page is made (see trees).
	release bool
	// indexFile marks a file of the search index, and lead the one asked
	// for first, which makes the whole index (see rank).
	indexFile, lead bool
	// seq places a point page or a print part in the run of them that
	// generate makes: a part just before the points it prints (see rank).
	seq int
	// printed, for a print part, holds the point pages it prints.
	// printing, on a point page, is the number of print parts that print
	// it (0 or 1): the page and its part each take one from it when made,
	// and the one that takes it below zero drops the point's trees (see
	// trees.drop).
	printed  []*output
	printing atomic.Int32

	once sync.Once
	data []byte
	err  error
	done bool // set under once: data is made
	mu   sync.Mutex
}

// ready returns an output that holds data already.
func ready(data []byte) *output {
	o := &output{data: data, done: true}
	o.once.Do(func() {})
	return o
}

// fixed reports whether the output was given as it is, not made.
func (o *output) fixed() bool { return o.page == nil && o.gen == nil }

// make makes the output's bytes.
func (o *output) make() ([]byte, error) {
	if o.lock != nil {
		o.lock.RLock()
		defer o.lock.RUnlock()
	}
	if o.page != nil {
		return o.th.Render(o.page)
	}
	return o.gen()
}

// renderTo renders the output's page into b.
func (o *output) renderTo(b *bytes.Buffer) error {
	if o.lock != nil {
		o.lock.RLock()
		defer o.lock.RUnlock()
	}
	return o.th.RenderTo(b, o.page)
}

// pageBuffers keeps the buffers that pages are rendered into by a build
// that writes each page as it is made, up to maxPageBuffer bytes each:
// without them, a build of a thousand points allocated (and cleared) 200
// MB of page buffers.
var pageBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxPageBuffer = 1 << 20

// bytes makes the output if need be and returns it.
func (o *output) bytes() ([]byte, error) {
	o.once.Do(func() {
		data, err := o.make()
		o.mu.Lock()
		o.data, o.err, o.done = data, err, true
		o.mu.Unlock()
	})
	return o.data, o.err
}

// render returns the output's bytes, made now if they were not made
// before, without keeping them: for a build, which writes each file once.
func (o *output) render() ([]byte, error) {
	if data, ok := o.made(); ok {
		return data, nil
	}
	return o.make()
}

// made reports whether the output is made, and returns it if so.
func (o *output) made() ([]byte, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.data, o.done && o.err == nil
}

// outputs returns every output file of the site, by output path, none of
// them made yet: the pages, the theme's static files, the search index, the
// data exports, sitemap.xml, robots.txt and the files copied from content/.
// A content file that would replace a generated one is a diagnostic.
func (st *state) outputs() (map[string]*output, diag.List) {
	var diags diag.List
	m, th := st.m, st.th
	size := len(st.pages) + len(m.Files) + 16
	if th.Has("search") {
		docs := search.Count(m)
		size += docs + search.ChunkCount(docs) + 1
	}
	outs := make(map[string]*output, size) // a map grown ten thousand entries at a time costs more than the rest
	// guard makes a file under st.lock, if there is one.
	guard := func(gen func() ([]byte, error)) *output {
		return &output{gen: gen, lock: st.lock}
	}
	pages := make([]output, len(st.pages)) // one allocation: ten thousand pages and more
	// points holds the point pages in the order of m.Points, as plan
	// lists them, for the print parts: each gets the point pages it
	// prints (see rank and drop).
	points := make([]*output, 0, len(m.Points))
	for i, p := range st.pages {
		o := &pages[i]
		*o = output{page: p, th: th, lock: st.lock}
		switch j := len(points); {
		case p.Kind == "point" && j < len(m.Points) && p.Point == m.Points[j]:
			o.seq = 2*j + 1
			points = append(points, o)
		case p.Kind == "print" && p.Pager != nil && p.Pager.To <= len(points):
			o.seq = 2 * p.Pager.From
			o.printed = points[p.Pager.From:p.Pager.To]
			for _, q := range o.printed {
				q.printing.Add(1)
			}
		}
		outs[outPath(p.Path)] = o
	}
	for name, b := range th.Files() {
		outs[name] = ready(b)
	}
	if th.Has("search") {
		// The index files are made together, the first time one is asked
		// for. They have no content hash in their names, so that an edit
		// changes only the files it changes; the script asks for them with
		// cache revalidation.
		// A build asks for each file once: when every file was asked
		// for, the index is dropped, not held to the end of the build; a
		// preview that asks again makes it anew.
		var (
			mu    sync.Mutex
			files map[string][]byte
			left  int // files not asked for yet
		)
		index := func(name string) ([]byte, error) {
			mu.Lock()
			defer mu.Unlock()
			if files == nil {
				f, err := search.Index(m)
				if err != nil {
					return nil, err
				}
				files, left = f, len(f)
			}
			b := files[name]
			if left--; left <= 0 {
				files = nil
			}
			return b, nil
		}
		for _, name := range search.Names(search.Count(m)) {
			o := guard(func() ([]byte, error) { return index(name) })
			o.indexFile = true
			outs[name] = o
		}
		outs[search.Meta].lead = true
	}

	// Each export is made on its own, so that the exports make in
	// parallel; a build writes them a piece at a time as they are made.
	for _, name := range export.Names {
		opts := export.Options{Abs: th.Abs}
		o := guard(func() ([]byte, error) { return export.File(m, opts, name) })
		o.write = func(w io.Writer) error {
			if st.lock != nil {
				st.lock.RLock()
				defer st.lock.RUnlock()
			}
			return export.Write(w, m, opts, name)
		}
		outs[name] = o
	}
	outs[export.SchemaFile] = ready(export.Schema())
	outs[export.SitemapFile] = guard(func() ([]byte, error) { return sitemap(st), nil })
	outs[export.RobotsFile] = ready(export.Robots(th.Abs(export.SitemapFile)))

	for _, f := range m.Files {
		if _, ok := outs[f.Path]; ok {
			diags.Add(diag.Errorf(diag.Position{File: content.Dir + "/" + f.Path},
				"%s would overwrite a generated file", f.Path).WithHint("rename or move it"))
			continue
		}
		outs[f.Path] = ready(f.Data)
	}
	return outs, diags
}

// generate makes every output, pages in parallel (by default one worker
// per CPU), and hands each to emit as soon as it is made, without keeping
// it: emit is called from several goroutines at once. An output that can
// be written a piece at a time goes instead to the writer that create
// returns, if create is not nil. With lend, the bytes of a page are only
// lent to emit: they are reused once it returns, so emit must copy what it
// keeps. The first error, of a page, of emit or of create's writer, stops
// the rest.
func generate(ctx context.Context, outs map[string]*output, workers int, lend bool, emit func(name string, data []byte) error, create func(name string) (io.WriteCloser, error)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	names := order(outs)
	t := newTrees(outs)
	// Each worker takes the next name itself: a worker that finishes a
	// page does not wait for a goroutine that hands out names to be run.
	var (
		next    atomic.Int64
		wg      sync.WaitGroup
		errOnce sync.Once
		first   error
	)
	for range workers {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(names) {
					return
				}
				o := outs[names[i]]
				if err := o.emit(names[i], lend, emit, create); err != nil {
					errOnce.Do(func() { first = err })
					cancel()
				} else if o.release {
					t.made(o)
				}
			}
		})
	}
	wg.Wait()
	if first != nil {
		return first
	}
	return ctx.Err()
}

// order returns the names of outs in the order generate makes them (see
// rank), then by name, for a fixed order.
func order(outs map[string]*output) []string {
	return slices.SortedFunc(maps.Keys(outs), func(a, b string) int {
		oa, ob := outs[a], outs[b]
		return cmp.Or(cmp.Compare(rank(oa), rank(ob)), cmp.Compare(oa.seq, ob.seq), strings.Compare(a, b))
	})
}

// emit hands the output to emit, or writes it to a writer of create's if
// it can be written a piece at a time and is not made already. With lend,
// a page is rendered into a buffer that is reused after emit returns.
func (o *output) emit(name string, lend bool, emit func(string, []byte) error, create func(string) (io.WriteCloser, error)) error {
	_, made := o.made()
	if o.write != nil && create != nil && !made {
		w, err := create(name)
		if err != nil {
			return err
		}
		err = o.write(w)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		return err
	}
	if lend && o.page != nil && !made {
		b := pageBuffers.Get().(*bytes.Buffer)
		b.Reset()
		err := o.renderTo(b)
		if err == nil {
			err = emit(name, b.Bytes())
		}
		if b.Cap() <= maxPageBuffer {
			pageBuffers.Put(b)
		}
		return err
	}
	data, err := o.render()
	if err != nil {
		return err
	}
	return emit(name, data)
}

// trees drops the syntax trees of the Markdown of each page generate
// makes once it is made, if the output is to (release), unless another
// output still to be made renders them: the trees are the bulk of what a
// build holds (at 10,000 points, 70 of the ~210 MiB live when the first
// file is made), and once a page is made its own Markdown is rarely
// rendered again. If it is, it is parsed again (markdown.Doc.Release).
//
// The files that gather the whole site (the search index, the exports,
// the pages of rank 1) are made first (see rank), but several at once and
// while the other CPUs go on with the pages after them: the trees of the
// pages made before the last of them is made are dropped only then. The
// trees of a point that a print part prints are dropped when the last of
// its page and the part is made (printing).
type trees struct {
	gathering atomic.Int64 // files that gather the whole site not made yet
	mu        sync.Mutex
	held      []*output // pages made while gathering, their trees still held
	// release drops the trees of a page: (*output).releaseTrees, or what
	// a test records.
	release func(*output)
}

func newTrees(outs map[string]*output) *trees {
	t := &trees{release: (*output).releaseTrees}
	for _, o := range outs {
		if o.release && rank(o) <= 1 {
			t.gathering.Add(1)
		}
	}
	return t
}

// made drops what o held of the trees, once o is made.
func (t *trees) made(o *output) {
	if rank(o) <= 1 {
		t.mu.Lock()
		var held []*output
		if t.gathering.Add(-1) == 0 {
			held, t.held = t.held, nil
		}
		t.mu.Unlock()
		for _, h := range held {
			t.drop(h)
		}
	}
	if o.page == nil {
		return
	}
	if t.gathering.Load() > 0 {
		t.mu.Lock()
		if t.gathering.Load() > 0 {
			t.held = append(t.held, o)
			t.mu.Unlock()
			return
		}
		t.mu.Unlock()
	}
	t.drop(o)
}

// drop releases the trees of the page o, made, and those of the points
// it prints, if it is a print part, whose pages were made: a point's
// trees go with the last of its page and its part.
func (t *trees) drop(o *output) {
	for _, q := range o.printed {
		if q.printing.Add(-1) < 0 {
			t.release(q)
		}
	}
	if o.printing.Add(-1) < 0 {
		t.release(o)
	}
}

// releaseTrees drops the syntax trees of the Markdown of the output's
// page.
func (o *output) releaseTrees() {
	if o.page.Doc == nil {
		return
	}
	for _, p := range o.page.Doc.Proses {
		if p != nil && p.Doc != nil {
			p.Doc.Release()
		}
	}
}

// rank orders the outputs for generate, first the lowest. It keeps the
// build's peak memory down (measured at 10,000 points, where the live heap
// reaches 300 MiB and more), which is highest while the syntax trees of
// all the Markdown are held: they are made during resolve and dropped as
// each page is made (see drop), 70 MiB of them for the point pages.
//
// The search index and the exports gather the whole site, from the trees
// of every page, so they are made first: the index is made whole by the
// first of its files asked for (lead), on one CPU, while the others make
// the exports, and its other files after those, so that the index (35 MiB
// when made, more while it is) is dropped before any page adds what the
// link check keeps of it. Then the pages that gather the rest (home,
// timeline, compare; made with the exports), then the print parts, each
// just before the point pages whose trees it prints (seq): a point's trees
// are dropped as soon as its last page is made, and the link check's
// records grow as the trees are dropped. Then the other pages, by name:
// none of them needs a point's trees. A print part is the longest page
// (about as long as fifty point pages), but made early, none leaves a CPU
// idle at the end.
//
// Were the print parts made first, as they were, the index was made while
// all the trees were held and the link check held the print parts' ids,
// and a build's live heap peaked at 300–340 MiB.
func rank(o *output) int {
	switch {
	case o.lead:
		return 0
	case o.fixed():
		return 5 // made already
	case o.page == nil && !o.indexFile:
		return 1 // an export: the whole site
	case o.indexFile:
		return 2
	case o.page.Kind == "home" || o.page.Kind == "timeline" || o.page.Kind == "compare" || o.page.Kind == "sources":
		return 1
	case o.page.Kind == "print" || o.page.Kind == "point":
		return 3
	}
	return 4
}

// sitemap returns sitemap.xml: every page but the 404, with the date a
// point was last updated.
func sitemap(st *state) []byte {
	var pages []export.Page
	for _, p := range st.pages {
		if p.Kind == "404" {
			continue
		}
		u := export.Page{URL: st.th.Abs(p.Path)}
		if p.Point != nil && !p.Point.Updated.IsZero() {
			u.LastMod = p.Point.Updated.Format("2006-01-02")
		}
		pages = append(pages, u)
	}
	return export.Sitemap(pages)
}
