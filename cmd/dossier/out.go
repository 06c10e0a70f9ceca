package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-dev/dossier/internal/publish"
)

// inputs are the folders and files of a site that build reads: -out may
// never be one of them, inside one, or hold one.
var inputs = []string{"site.toml", "content", "seeds", "themes"}

// checkOut returns the absolute output folder for -out, or why it is
// refused: build writes into the output folder and removes files from it
// (and -force replaces it whole), so it must never be the site folder or a
// folder that holds it, never one of the site's inputs or inside one, and
// never a folder of someone else's files (one that holds files but not
// publish.Marker) unless force, which is only for folders outside the site
// folder. Paths are compared after resolving symbolic links in the part of
// them that exists, so that no link gets around these rules.
func checkOut(src, out string, force bool) (string, error) {
	if out == "" {
		return "", errors.New(`-out is empty (give the output folder, for example -out public)`)
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	realOut, err := realPath(absOut)
	if err != nil {
		return "", err
	}
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return "", err
	}
	realSrc, err := realPath(absSrc)
	if err != nil {
		return "", err
	}
	switch {
	case realOut == realSrc:
		return "", fmt.Errorf("-out %s is the site folder; it would be replaced by the output (choose a folder such as %s)", out, filepath.Join(src, "public"))
	case within(realOut, realSrc):
		return "", fmt.Errorf("-out %s holds the site folder %s; it would be replaced by the output (choose a folder such as %s)", out, src, filepath.Join(src, "public"))
	}
	protected, err := inputPaths(realSrc)
	if err != nil {
		return "", err
	}
	for _, in := range protected {
		if realOut == in.real {
			return "", fmt.Errorf("-out %s is the site's %s, which build reads; it would be replaced by the output (choose a folder such as %s)", out, in.what(), filepath.Join(src, "public"))
		}
	}
	for _, in := range protected {
		switch {
		case within(in.real, realOut):
			return "", fmt.Errorf("-out %s is inside the site's %s, which build reads (choose a folder outside it, such as %s)", out, in.what(), filepath.Join(src, "public"))
		case within(realOut, in.real):
			return "", fmt.Errorf("-out %s holds the site's %s, which build reads; it would be replaced by the output (choose a folder such as %s)", out, in.what(), filepath.Join(src, "public"))
		}
	}
	// -force is for a folder outside the site: inside it, a folder of
	// files dossier did not make is the author's (cmd/, .git/, notes/).
	inSite := within(realSrc, realOut)
	if err := publish.Check(absOut, publish.Options{Force: force && !inSite}); err != nil {
		var nerr *publish.NotOutputError
		switch {
		case errors.As(err, &nerr) && inSite:
			return "", fmt.Errorf("-out %s holds files that dossier did not make (it has no %s file) and is inside the site folder; it would be replaced by the output (choose a new or empty folder; -force replaces only folders outside the site)", out, publish.Marker)
		case errors.As(err, &nerr):
			return "", fmt.Errorf("-out %s holds files that dossier did not make (it has no %s file); it would be replaced by the output (choose a new or empty folder, or pass -force to replace it anyway)", out, publish.Marker)
		}
		if fi, serr := os.Stat(absOut); serr == nil && !fi.IsDir() {
			return "", fmt.Errorf("-out %s is a file, not a folder", out)
		}
		return "", fmt.Errorf("-out %s: %w", out, err)
	}
	return absOut, nil
}

// input is one of the site's inputs, with its path resolved.
type input struct {
	name string // relative to the site folder
	real string
	dir  bool
}

// what names the input for a message: "content/", "site.toml".
func (in input) what() string {
	if in.dir {
		return filepath.ToSlash(in.name) + "/"
	}
	return in.name
}

// inputPaths returns the site's inputs under the resolved site folder src,
// each resolved in turn: the inputs, and every theme folder, which may be
// a link of its own.
func inputPaths(src string) ([]input, error) {
	var ins []input
	add := func(name string, dir bool) error {
		real, err := realPath(filepath.Join(src, name))
		if err != nil {
			return err
		}
		ins = append(ins, input{name: name, real: real, dir: dir})
		return nil
	}
	for _, name := range inputs {
		if err := add(name, name != "site.toml"); err != nil {
			return nil, err
		}
	}
	entries, err := os.ReadDir(filepath.Join(src, "themes"))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	for _, e := range entries {
		if err := add(filepath.Join("themes", e.Name()), true); err != nil {
			return nil, err
		}
	}
	return ins, nil
}

// realPath returns the absolute path p with every symbolic link resolved in
// the longest part of it that exists; the rest is kept as written.
func realPath(p string) (string, error) {
	p = filepath.Clean(p)
	var rest []string
	for {
		r, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(append([]string{r}, rest...)...), nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(p)
		if parent == p {
			return filepath.Join(append([]string{p}, rest...)...), nil
		}
		rest = append([]string{filepath.Base(p)}, rest...)
		p = parent
	}
}

// within reports whether the path p is dir or inside it; both are clean and
// absolute.
func within(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
