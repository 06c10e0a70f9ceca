package site

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"maps"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/theme"
	"github.com/dossier-dev/dossier/internal/xref"
)

// Builder builds one site again and again, for a live preview, redoing only
// what an edit affects:
//
//   - when only point files changed, and none of them was added, removed,
//     renumbered, moved to another bucket or made a draft or not, only those
//     files are read and decoded again, and only those points resolved
//     again: the model of the last build is updated in place
//     (xref.Model.Update), with the lists that depend on the points (the
//     citations of the sources they cite, the points they link to); site.toml,
//     the seeds and the record are not read again;
//   - anything else loads, parses and resolves the whole site, but a file
//     that did not change is not decoded again, nor a piece of Markdown
//     parsed again, nor a seed's excerpts cut again;
//   - the theme is loaded again only when site.toml or a file under themes/
//     changed;
//   - no file is made until it is asked for (Result.File), except the pages
//     the caller says are open, which are made at once so that a reload is
//     instant;
//   - when only point files changed, and none of them changed its number,
//     title, summary or bucket, the pages that cannot show the change keep
//     their bytes: the others are the edited points' pages, the pages that
//     list every point (home, compare, timeline, print, the sources index),
//     the sources each edited point cites, before or after the edit, and the
//     points it links to, before or after. Anything else rebuilds every page.
//
// Either way the result is the one a fresh build of the same files gives,
// diagnostics included.
//
// The link check does not run: it needs every page made. "dossier check"
// and "dossier build" run it.
type Builder struct {
	fsys fs.FS
	opts Options

	mu      sync.Mutex
	th      *theme.Set         // reused while the theme and site.toml are unchanged
	md      *markdown.Markdown // the parser th renders with, reused with it
	content content.Cache
	xref    xref.Cache
	last    *state
	outs    map[string]*output // the last successful build's
	diags   diag.List          // the last successful build's (warnings)
	// model is held for reading while a file is made from a model, and
	// for writing while a model is updated in place.
	model sync.RWMutex
	// dirty holds the files changed since the last successful build, so
	// that a build that fails does not hide its changes from the next;
	// dirtyAll says that they are not known.
	dirty    map[string]bool
	dirtyAll bool
	updated  bool // the last build updated the model in place
}

// NewBuilder returns a Builder for the site whose root is fsys. opts.Out is
// ignored: a Builder writes nothing.
func NewBuilder(fsys fs.FS, opts Options) *Builder {
	opts.Out = ""
	return &Builder{fsys: fsys, opts: opts, dirty: map[string]bool{}}
}

// Build builds the site. changed lists the site-relative paths of the files
// that changed since the last call; nil means unknown, and rebuilds all.
// open lists output paths (e.g. "points/26/index.html") to make at once.
//
// On success, Result.Changed lists the output paths whose bytes differ from
// the last successful build's (all of them the first time), new files, and
// the open pages that were not made before; a page that was never made, and
// is not open, is not listed there, since no one has seen it, but in
// Result.Unseen if it may differ. Result.Removed lists those that are gone.
// Problems in the site come back as a diag.List error.
//
// Result.Model may be updated in place by a later Build.
func (b *Builder) Build(ctx context.Context, changed []string, open ...string) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if changed == nil {
		b.dirtyAll = true
	}
	for _, p := range changed {
		b.dirty[p] = true
	}
	var since []string // changed since the last successful build; nil: unknown
	if !b.dirtyAll {
		since = slices.Sorted(maps.Keys(b.dirty))
	}
	if since == nil || slices.ContainsFunc(since, func(p string) bool {
		return p == ConfigFile || strings.HasPrefix(p, ThemeDir+"/")
	}) {
		b.th = nil
	}

	var (
		st     *state
		diags  diag.List
		err    error
		before map[string]*pointInfo // the changed points before the build
		undo   func()                // of an update in place
		done   bool                  // the build succeeded
	)
	defer func() {
		if undo != nil && !done {
			b.model.Lock()
			undo()
			st.th.Forget()
			b.model.Unlock()
		}
	}()
	if b.last != nil && since != nil {
		before = pointInfos(b.last.m, since)
	}
	b.updated = false
	if b.last != nil && b.th != nil && len(since) > 0 {
		st, diags, undo, err = b.update(ctx, since)
		if err != nil {
			return nil, err
		}
		b.updated = st != nil
	}
	if st == nil {
		st, diags, err = prepare(ctx, b.fsys, b.opts, caches{theme: b.th, markdown: b.md, content: &b.content, parse: true, xref: &b.xref})
		if err != nil {
			return nil, err
		}
	}
	if diags.HasErrors() {
		diags.Sort()
		return nil, diags
	}
	st.lock = &b.model
	outs, ds := st.outputs()
	diags.Add(ds...)
	if diags.HasErrors() {
		diags.Sort()
		return nil, diags
	}

	diags.Sort()
	res := st.result(outs, diags)
	if b.last == nil {
		res.Changed = res.Names()
	} else {
		aff, all := affected(before, pointInfos(st.m, since), st.pages, since)
		if b.th != st.th {
			all = true
		}
		for name, o := range outs {
			prev, ok := b.outs[name]
			if !ok {
				res.Changed = append(res.Changed, name)
				continue
			}
			old, made := prev.made()
			same := !all && !aff[name] && (o.page != nil || strings.HasPrefix(name, search.Dir+"d"))
			switch {
			case same && made:
				outs[name] = ready(old)
			case same:
				// Never made, and the same as it would have been: no one
				// has seen it, and no one has seen it change.
			case o.fixed() && made && bytes.Equal(old, o.data):
				// A file given as it is (a theme or content file) that did
				// not change.
			default:
				res.Changed = append(res.Changed, name)
			}
		}
		for name := range b.outs {
			if _, ok := outs[name]; !ok {
				res.Removed = append(res.Removed, name)
			}
		}
		slices.Sort(res.Changed)
		slices.Sort(res.Removed)
	}

	// Make now the open pages and every page made before that may have
	// changed, so that Changed lists only the pages whose bytes did change:
	// a page no one asked for has no bytes to compare, and cannot have
	// changed for anyone. They are made on every CPU, the open pages
	// first.
	var compare []string // made before, and may have changed
	if b.last != nil {
		var keep []string
		for _, name := range res.Changed {
			o := outs[name]
			prev, existed := b.outs[name]
			made := false
			if existed {
				_, made = prev.made()
			}
			switch {
			case existed && !made && !slices.Contains(open, name):
				res.Unseen = append(res.Unseen, name)
			case existed && made && !o.fixed():
				compare = append(compare, name)
			default:
				keep = append(keep, name)
			}
		}
		res.Changed = keep
	}
	var todo []*output
	for _, name := range open {
		if o, ok := outs[name]; ok {
			todo = append(todo, o)
		}
	}
	for _, name := range compare {
		todo = append(todo, outs[name])
	}
	errs := makeAll(ctx, todo)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for _, err := range errs {
		if err != nil {
			return nil, buildErr(err)
		}
	}
	for _, name := range compare {
		old, _ := b.outs[name].made()
		if data, _ := outs[name].made(); !bytes.Equal(old, data) {
			res.Changed = append(res.Changed, name)
		}
	}
	slices.Sort(res.Changed)
	b.th, b.md, b.last, b.outs, b.diags = st.th, st.md, st, outs, diags
	clear(b.dirty)
	b.dirtyAll = false
	done = true
	return res, nil
}

// update makes the state of the site after an edit of the files since, by
// updating the last build's model in place, if only points changed, and
// only in ways xref.Model.Update can follow; else it returns a nil state,
// having changed nothing. The diagnostics are those of a whole build.
// undo puts the last model back.
func (b *Builder) update(ctx context.Context, since []string) (st *state, diags diag.List, undo func(), err error) {
	last := b.last
	copts := content.Options{Drafts: b.opts.Drafts || b.opts.ShowDrafts, Publish: b.opts.Drafts, Cache: &b.content}
	var (
		pts []*content.Point
		ds  diag.List
	)
	for _, p := range since {
		pt, d := content.ReloadPoint(b.fsys, p, copts)
		if pt == nil || pointByFile(last.m, p) == nil {
			return nil, nil, nil, nil
		}
		pts = append(pts, pt)
		ds.Add(d...)
	}
	b.model.Lock()
	rds, undo, ok, err := last.m.Update(ctx, pts)
	if ok {
		// The theme keeps parts it rendered by the pointers of the model.
		last.th.Forget()
	}
	b.model.Unlock()
	if err != nil || !ok {
		return nil, nil, nil, err
	}
	// The problems of the files that did not change are those of the last
	// build; those of the files that did are found again.
	for _, d := range b.diags {
		if !slices.Contains(since, d.Pos.File) {
			diags.Add(d)
		}
	}
	diags.Add(ds...)
	diags.Add(rds...)
	st = &state{cfg: last.cfg, md: last.md, th: last.th, m: last.m, pages: plan(last.m, last.th)}
	return st, diags, undo, nil
}

// buildErr returns the error of making a file: its problems sorted, if it
// has problems.
func buildErr(err error) error {
	var dl diag.List
	if errors.As(err, &dl) {
		dl.Sort()
		return dl
	}
	return err
}

// pointInfo is what the pages that are not a point's own can show of it.
type pointInfo struct {
	number, index         int // index: in Model.Points
	title, summary, group string
	pages                 []string // the paths of the sources it cites and the points it links to
	cites                 []string // the ids of the sources it cites
}

// pointInfos returns the pointInfo of each point file of m in files.
func pointInfos(m *xref.Model, files []string) map[string]*pointInfo {
	infos := map[string]*pointInfo{}
	for _, file := range files {
		i := slices.IndexFunc(m.Points, func(p *xref.Point) bool { return p.File == file })
		if i < 0 {
			continue
		}
		p := m.Points[i]
		in := &pointInfo{number: p.Number, index: i, title: p.Title, summary: p.Summary, group: p.Point.Bucket}
		for _, s := range p.Sources {
			in.pages = append(in.pages, s.Path())
			in.cites = append(in.cites, s.ID)
		}
		for _, pr := range proses(p) {
			for _, x := range pr.Xrefs {
				if x != nil {
					in.pages = append(in.pages, x.Path())
				}
			}
		}
		infos[file] = in
	}
	return infos
}

// affected returns the output paths of the pages an edit of changed files
// can change, going from the points before to those after, of the pages
// of the new build, or all=true if it cannot tell (see Builder).
func affected(before, after map[string]*pointInfo, pages []*theme.Page, changed []string) (paths map[string]bool, all bool) {
	if changed == nil {
		return nil, true
	}
	paths = map[string]bool{}
	add := func(p string) { paths[outPath(p)] = true }
	for _, p := range []string{"", "print/", "compare/", "timeline/", "sources/"} {
		add(p)
	}
	// The pages of split lists: the points index, the print parts; and a
	// cited source's "cited" pages, which show the sentence that cites.
	cited := map[string]bool{}
	for _, file := range changed {
		for _, in := range []*pointInfo{before[file], after[file]} {
			if in != nil {
				for _, id := range in.cites {
					cited[id] = true
				}
			}
		}
	}
	for _, pg := range pages {
		if pg.Pager != nil && (pg.Source == nil || cited[pg.Source.ID]) {
			add(pg.Path)
		}
	}
	for _, file := range changed {
		if !strings.HasPrefix(file, content.Dir+"/points/") || !strings.HasSuffix(file, ".md") {
			return nil, true
		}
		op, np := before[file], after[file]
		if op == nil || np == nil ||
			op.number != np.number || op.index != np.index || op.title != np.title || op.summary != np.summary || op.group != np.group {
			return nil, true
		}
		add("points/" + strconv.Itoa(np.number) + "/")
		// The point's search document; the other documents of the search
		// index cannot change, its term chunks can.
		paths[search.DocName(np.index)] = true
		for _, in := range []*pointInfo{op, np} {
			for _, p := range in.pages {
				add(p)
			}
		}
	}
	return paths, false
}

func pointByFile(m *xref.Model, file string) *xref.Point {
	for _, p := range m.Points {
		if p.File == file {
			return p
		}
	}
	return nil
}

// proses returns every piece of Markdown of a point's page.
func proses(p *xref.Point) []*xref.Prose {
	out := []*xref.Prose{p.Commentary}
	for _, c := range p.Changes {
		out = append(out, c.Note)
	}
	return out
}

// makeAll makes the outputs, on every CPU, in order as far as it can, and
// returns the error of each.
func makeAll(ctx context.Context, outs []*output) []error {
	errs := make([]error, len(outs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(outs)) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(outs) {
					return
				}
				_, errs[i] = outs[i].bytes()
			}
		})
	}
	wg.Wait()
	return errs
}
