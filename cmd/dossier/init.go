package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-dev/dossier/internal/scaffold"
)

// initCmd writes a new site into a folder that is empty or not there yet.
func initCmd(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("init", "init [DIR]\n\nWrites a small dossier that builds at once into DIR (default: the current\nfolder), which must be empty or not exist. The theme is built in.", stdout, stderr)
	rest, code := parseAll(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) > 1 {
		fmt.Fprintf(stderr, "dossier init: want one folder, got %d arguments\n", len(rest))
		fs.Usage()
		return 2
	}
	dir := "."
	if len(rest) == 1 {
		dir = rest[0]
	}
	n, err := writeSite(dir, scaffold.Site())
	if err != nil {
		fmt.Fprintf(stderr, "dossier init: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "wrote a new dossier of %d files in %s\n\nnext:\n", n, dir)
	if dir != "." {
		fmt.Fprintf(stdout, "  cd %s\n", shellQuote(dir))
	} else {
		fmt.Fprintf(stdout, "  dossier check      # every citation and quote checked\n")
	}
	fmt.Fprintf(stdout, "  dossier serve      # preview at http://%s/, reloading as you edit\n", "localhost:1313")
	fmt.Fprintf(stdout, "  dossier build      # the site, into public/\n")
	return 0
}

// writeSite copies the files of site into dir, which must be empty or not
// exist, and returns how many it wrote. It never replaces a file.
func writeSite(dir string, site fs.FS) (int, error) {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return 0, err
	case len(entries) > 0:
		return 0, fmt.Errorf("%s is not empty (it holds %s); init writes only into an empty or new folder", dir, entries[0].Name())
	}
	n := 0
	err = fs.WalkDir(site, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(site, p)
		if err != nil {
			return err
		}
		name := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, werr := f.Write(b)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		n++
		return werr
	})
	return n, err
}

// shellQuote quotes a folder name for a shell if it needs it.
func shellQuote(s string) string {
	for _, r := range s {
		if !(r == '/' || r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}
