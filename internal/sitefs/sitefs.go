// Package sitefs opens the site folder so that nothing outside it is ever
// read, and tells the load stages what a symbolic link in it leads to.
//
// The site folder is read through an os.Root: a link that leads out of the
// folder, or an absolute one, cannot be opened at all, so a seed or content
// file linked to /etc/passwd is never read, let alone published. A link
// that stays inside the folder is followed. (On Linux, files and folders
// reached without a link are read more cheaply, with openat2 kept beneath
// the folder; see quick_linux.go.) The load stages meet links as
// directory entries of type fs.ModeSymlink and ask Link what to do with
// each, which turns the links that cannot be followed into diagnostics.
package sitefs

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"strings"

	"github.com/dossier-dev/dossier/internal/diag"
)

// Open returns the site folder dir as a file system that never reads
// outside it (see the package doc). It implements fs.StatFS,
// fs.ReadFileFS, fs.ReadDirFS and fs.ReadLinkFS.
func Open(dir string) (fs.FS, error) {
	r, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return newRootFS(r), nil
}

// rootFS is the file system of an os.Root, which it asks for everything
// but what quick (quick_linux.go) can do faster within the same rules.
type rootFS struct {
	root *os.Root
	fsys fs.FS // the root's
	q    quick
}

func (r *rootFS) Open(name string) (fs.File, error) { return r.fsys.Open(name) }

func (r *rootFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(r.fsys, name) }

func (r *rootFS) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(r.fsys, name) }

func (r *rootFS) ReadLink(name string) (string, error) { return fs.ReadLink(r.fsys, name) }

// ReadFile reads a file, quickly if it is a regular file reached without
// a link; else, and on any error, as the os.Root reads it, so that what
// is returned, errors and all, does not depend on the quick path.
func (r *rootFS) ReadFile(name string) ([]byte, error) {
	if fs.ValidPath(name) {
		if b, ok := r.q.readFile(name); ok {
			return b, nil
		}
	}
	return fs.ReadFile(r.fsys, name)
}

// ReadDir reads a folder, sorted by name, quickly if it is reached
// without a link; else, and on any error, as the os.Root reads it.
func (r *rootFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if fs.ValidPath(name) {
		if ds, ok := r.q.readDir(r, name); ok {
			return ds, nil
		}
	}
	return fs.ReadDir(r.fsys, name)
}

// Link returns what the symbolic link at p in fsys leads to, or a
// diagnostic (an error) if it cannot be followed: it leads outside the site
// folder, it is absolute, or nothing is at its end. Where fsys is not one
// that Open made, Link also refuses links that leave fsys as written.
func Link(fsys fs.FS, p string) (fs.FileInfo, *diag.Diagnostic) {
	target, lerr := fs.ReadLink(fsys, p)
	fi, err := fs.Stat(fsys, p)
	pos := diag.Position{File: p}
	switch {
	case lerr == nil && path.IsAbs(target) || lerr == nil && strings.HasPrefix(target, `\`):
		d := diag.Errorf(pos, "symbolic link to %s is absolute; it is not followed", target).
			WithHint("only relative links that stay inside the site folder are followed: copy the file into the site, or make the link relative")
		return nil, &d
	case lerr == nil && leaves(p, target):
		d := diag.Errorf(pos, "symbolic link to %s leads outside the site folder; it is not followed", target).
			WithHint("copy what it points to into the site folder")
		return nil, &d
	case errors.Is(err, fs.ErrNotExist):
		d := diag.Errorf(pos, "symbolic link to %s leads nowhere", target).
			WithHint("restore what it points to, or remove the link")
		return nil, &d
	case err != nil:
		// A link that reaches outside through another link on its way.
		d := diag.Errorf(pos, "symbolic link to %s leads outside the site folder; it is not followed", target).
			WithHint("copy what it points to into the site folder")
		return nil, &d
	}
	return fi, nil
}

// leaves reports whether target, the relative target of the link at p,
// leads out of the root as written.
func leaves(p, target string) bool {
	j := path.Join(path.Dir(p), target)
	return j == ".." || strings.HasPrefix(j, "../")
}

// Kind is what a directory entry of the site is to a walk.
type Kind int

// The kinds of entry.
const (
	Skip   Kind = iota // not to be read; Follow's diagnostic says why
	File               // a file, or a link to one: read it
	Folder             // a folder, or a link to one: walk it
)

// Follow tells what the entry d at p, met by a walk of fsys, is: a file to
// read, a folder to walk, or (with a diagnostic) something to skip: a link
// that Link refuses, a link to a folder that holds it (following it would
// never end), or something that is neither file nor folder (a named pipe
// would block the build).
func Follow(fsys fs.FS, p string, d fs.DirEntry) (Kind, *diag.Diagnostic) {
	t := d.Type()
	switch {
	case t.IsDir():
		return Folder, nil
	case t.IsRegular():
		return File, nil
	case t&fs.ModeSymlink == 0:
		dg := diag.Errorf(diag.Position{File: p}, "neither a file nor a folder (%v); it is not read", t).
			WithHint("remove it")
		return Skip, &dg
	}
	fi, dg := Link(fsys, p)
	switch {
	case dg != nil:
		return Skip, dg
	case fi.IsDir() && loop(fsys, p, fi):
		dg := diag.Errorf(diag.Position{File: p}, "symbolic link to a folder that holds it; it is not followed").
			WithHint("following it would never end: remove the link")
		return Skip, &dg
	case fi.IsDir():
		return Folder, nil
	case fi.Mode().IsRegular():
		return File, nil
	}
	dg2 := diag.Errorf(diag.Position{File: p}, "symbolic link to something that is neither a file nor a folder; it is not followed").
		WithHint("remove the link")
	return Skip, &dg2
}

// loop reports whether the folder info, reached through the link at p,
// is p's own folder or one that holds it.
func loop(fsys fs.FS, p string, info fs.FileInfo) bool {
	for d := path.Dir(p); ; d = path.Dir(d) {
		if fi, err := fs.Stat(fsys, d); err == nil && os.SameFile(fi, info) {
			return true
		}
		if d == "." {
			return false
		}
	}
}

// Check checks a file or folder that a stage reads by name (site.toml,
// content/, seeds/, a theme): if it is a link that cannot be followed it
// returns a diagnostic, else nil, also when nothing is there.
func Check(fsys fs.FS, name string) *diag.Diagnostic {
	fi, err := fs.Lstat(fsys, name)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	_, dg := Link(fsys, name)
	return dg
}
