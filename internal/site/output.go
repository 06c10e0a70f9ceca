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
	// trees of the page's Markdown once the page is made (see emit).
	release bool
	// indexFile marks a file of the search index, and lead the one asked
	// for first, which makes the whole index (see weight).
	indexFile, lead bool

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
	for i, p := range st.pages {
		pages[i] = output{page: p, th: th, lock: st.lock}
		outs[outPath(p.Path)] = &pages[i]
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
				if err := outs[names[i]].emit(names[i], lend, emit, create); err != nil {
					errOnce.Do(func() { first = err })
					cancel()
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

// order returns the names of outs in the order generate makes them: the
// biggest first, so that no worker is left with a long page at the end
// while the others idle (see weight); then by name, for a fixed order.
func order(outs map[string]*output) []string {
	return slices.SortedFunc(maps.Keys(outs), func(a, b string) int {
		return cmp.Or(cmp.Compare(weight(outs[b]), weight(outs[a])), strings.Compare(a, b))
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
		o.drop(err)
		return err
	}
	data, err := o.render()
	if err != nil {
		return err
	}
	err = emit(name, data)
	o.drop(err)
	return err
}

// drop releases the syntax trees of the Markdown of the output's page, if
// it is to (release) and was made (err is nil). The trees are the bulk of
// what a build holds (at 10,000 points, 74 of the 272 MiB live when the
// last page is made), and once a page is made its own Markdown is rarely
// rendered again: the pages and files that gather others (print, the
// search index, the exports) are made first (see weight). If it is, it is
// parsed again (markdown.Doc.Release).
func (o *output) drop(err error) {
	if err != nil || !o.release || o.page == nil || o.page.Doc == nil {
		return
	}
	for _, p := range o.page.Doc.Proses {
		if p != nil && p.Doc != nil {
			p.Doc.Release()
		}
	}
}

// weight guesses how long an output takes to make: pages that gather the
// whole site take longest.
//
// The search index is made whole by the first of its files asked for,
// while any other asked for meanwhile waits for it: its meta file is asked
// for first among the files that gather the site, so that the index is
// made on one CPU while the others make the exports, and its other files
// after those, when it is made, and before the pages, so that it is not
// held longer than it was.
func weight(o *output) int {
	switch {
	case o.fixed():
		return 0 // made already
	case o.lead:
		return 4
	case o.indexFile:
		return 2
	case o.page == nil:
		return 3 // an export: the whole site
	case o.page.Kind == "print":
		return 5
	case o.page.Kind == "home" || o.page.Kind == "timeline" || o.page.Kind == "compare" || o.page.Kind == "sources":
		return 3
	}
	return 1
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
