package site

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/theme"
	"github.com/dossier-dev/dossier/internal/xref"
)

// Builder builds one site again and again, for a live preview, redoing only
// what an edit affects:
//
//   - load, parse and resolve run in full every time, since any file can
//     change any reference, but a file that did not change is not decoded
//     again, nor a piece of Markdown parsed again;
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
}

// NewBuilder returns a Builder for the site whose root is fsys. opts.Out is
// ignored: a Builder writes nothing.
func NewBuilder(fsys fs.FS, opts Options) *Builder {
	opts.Out = ""
	return &Builder{fsys: fsys, opts: opts}
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
func (b *Builder) Build(ctx context.Context, changed []string, open ...string) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if changed == nil || slices.ContainsFunc(changed, func(p string) bool {
		return p == ConfigFile || strings.HasPrefix(p, ThemeDir+"/")
	}) {
		b.th = nil
	}
	st, diags, err := prepare(ctx, b.fsys, b.opts, caches{theme: b.th, markdown: b.md, content: &b.content, parse: true, xref: &b.xref})
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		diags.Sort()
		return nil, diags
	}
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
		aff, all := affected(b.last, st, changed)
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
			switch {
			case o.page != nil && !all && !aff[name] && made:
				outs[name] = ready(old)
			case o.gen == nil && made && bytes.Equal(old, o.data):
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
	// changed for anyone.
	if b.last != nil {
		var keep []string
		for _, name := range res.Changed {
			o := outs[name]
			prev, existed := b.outs[name]
			var old []byte
			made := false
			if existed {
				old, made = prev.made()
			}
			if existed && !made && !slices.Contains(open, name) {
				res.Unseen = append(res.Unseen, name)
				continue
			}
			if existed && made && o.gen != nil {
				data, err := o.bytes()
				if err != nil {
					return nil, buildErr(err)
				}
				if bytes.Equal(old, data) {
					continue
				}
			}
			keep = append(keep, name)
		}
		res.Changed = keep
	}
	for _, name := range open {
		if o, ok := outs[name]; ok {
			if _, err := o.bytes(); err != nil {
				return nil, buildErr(err)
			}
		}
	}
	b.th, b.md, b.last, b.outs = st.th, st.md, st, outs
	return res, nil
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

// affected returns the output paths of the pages an edit of changed files
// can change, going from the model prev to cur, or all=true if it cannot
// tell (see Builder).
func affected(prev, cur *state, changed []string) (paths map[string]bool, all bool) {
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
		for _, m := range []*xref.Model{prev.m, cur.m} {
			if p := pointByFile(m, file); p != nil {
				for _, s := range p.Sources {
					cited[s.ID] = true
				}
			}
		}
	}
	for _, pg := range cur.pages {
		if pg.Pager != nil && (pg.Source == nil || cited[pg.Source.ID]) {
			add(pg.Path)
		}
	}
	for _, file := range changed {
		if !strings.HasPrefix(file, content.Dir+"/points/") || !strings.HasSuffix(file, ".md") {
			return nil, true
		}
		op, np := pointByFile(prev.m, file), pointByFile(cur.m, file)
		if op == nil || np == nil ||
			op.Number != np.Number || op.Title != np.Title || op.Summary != np.Summary ||
			op.Point.Bucket != np.Point.Bucket {
			return nil, true
		}
		add(np.Path())
		for _, p := range []*xref.Point{op, np} {
			for _, s := range p.Sources {
				add(s.Path())
			}
			for _, pr := range proses(p) {
				for _, x := range pr.Xrefs {
					if x != nil {
						add(x.Path())
					}
				}
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
