package site

import (
	"bytes"
	"context"
	"io/fs"
	"sync"
)

// Builder builds one site again and again, for a live preview. Each Build
// reports which output files changed since the last successful one, so that
// the preview reloads only what it must.
//
// TODO(dossier): reuse what did not change (parsed files, rendered pages)
// between builds; today every Build is a whole build.
type Builder struct {
	fsys fs.FS
	opts Options

	mu   sync.Mutex
	last map[string][]byte // the files of the last successful build
}

// NewBuilder returns a Builder for the site whose root is fsys. opts.Out
// should be empty: a preview serves from memory.
func NewBuilder(fsys fs.FS, opts Options) *Builder {
	return &Builder{fsys: fsys, opts: opts}
}

// Build builds the site. changed lists the site-relative paths of the files
// that changed since the last call, as a hint; nil means unknown. On
// success, Result.Changed lists the output paths whose bytes differ from the
// last successful build (all of them the first time), and Result.Removed
// those that are gone.
func (b *Builder) Build(ctx context.Context, changed []string) (*Result, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	res, err := Build(ctx, b.fsys, b.opts)
	if err != nil {
		return nil, err
	}
	for name, data := range res.Files {
		if old, ok := b.last[name]; !ok || !bytes.Equal(old, data) {
			res.Changed = append(res.Changed, name)
		}
	}
	for name := range b.last {
		if _, ok := res.Files[name]; !ok {
			res.Removed = append(res.Removed, name)
		}
	}
	sortStrings(res.Changed)
	sortStrings(res.Removed)
	b.last = res.Files
	return res, nil
}
