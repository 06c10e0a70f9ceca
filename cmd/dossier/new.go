package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/scaffold"
	"github.com/dossier-dev/dossier/internal/site"
)

const newUsage = `usage: dossier new point [-src DIR] NUMBER "TITLE"
       dossier new source [-src DIR] ID -seed FILE [-start TEXT] [-end TEXT]

Writes a new content file, never over an existing one. A new point has every
front-matter key and an example of each citation form; a new source shows the
excerpt its anchors cut out of the seed.
`

func newCmd(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, newUsage)
		return 2
	}
	if args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(stdout, newUsage)
		return 0
	}
	switch args[0] {
	case "point":
		return newPoint(args[1:], stdout, stderr)
	case "source":
		return newSource(ctx, args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "dossier new: unknown kind %q (want point or source)\n\n%s", args[0], newUsage)
	return 2
}

// parseAll parses flags wherever they stand among the arguments, so that
// "new source ID -seed F" and "new source -seed F ID" both work. It returns
// the other arguments, or the exit status if parsing ends the command.
func parseAll(fs *flagSet, args []string) ([]string, int) {
	var rest []string
	for {
		if err := fs.parseFlags(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, 0
			}
			return nil, 2
		}
		if fs.NArg() == 0 {
			return rest, -1
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func newPoint(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new point", `new point [-src DIR] NUMBER "TITLE"`+"\n\nWrites content/points/NN.md, a draft with every front-matter key.", stdout, stderr)
	var src string
	srcFlag(fs.FlagSet, &src)
	rest, code := parseAll(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) != 2 {
		fmt.Fprintf(stderr, "dossier new point: want a number and a title, got %d arguments\n", len(rest))
		fs.Usage()
		return 2
	}
	n, err := scaffold.ParseNumber(rest[0])
	if err != nil {
		fmt.Fprintf(stderr, "dossier new point: %v\n", err)
		return 2
	}
	if err := checkSrc(src); err != nil {
		fmt.Fprintf(stderr, "dossier new point: %v\n", err)
		return 2
	}
	fsys := os.DirFS(src)
	cfg, err := readConfig(fsys)
	if err != nil {
		fmt.Fprintf(stderr, "dossier new point: %v\n", err)
		return 1
	}
	// The number may already be taken by a file of another name.
	cs, _, err := content.Load(context.Background(), fsys, content.Options{Drafts: true})
	if err != nil {
		fmt.Fprintf(stderr, "dossier new point: %v\n", err)
		return 1
	}
	for _, p := range cs.Points {
		if p.Number == n {
			fmt.Fprintf(stderr, "dossier new point: %s already holds %s %d\n", p.File, strings.ToLower(cfg.Points.Label), n)
			return 1
		}
	}
	b, err := scaffold.Point(cfg, n, rest[1], time.Now().UTC().Format("2006-01-02"))
	if err != nil {
		fmt.Fprintf(stderr, "dossier new point: %v\n", err)
		return 1
	}
	if code := create(src, scaffold.PointPath(n), b, stdout, stderr, "new point"); code != 0 {
		return code
	}
	fmt.Fprintln(stdout, "it is a draft: serve and check show it, build leaves it out until you delete draft = true")
	return 0
}

func newSource(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new source", "new source [-src DIR] ID -seed FILE [-start TEXT] [-end TEXT]\n\nWrites content/sources/ID.md and shows the paragraphs its anchors cut.", stdout, stderr)
	var src string
	srcFlag(fs.FlagSet, &src)
	seedName := fs.String("seed", "", "cut the text from `FILE`, a file of seeds/ (seeds/x.txt or x.txt)")
	start := fs.String("start", "", "`TEXT` on the excerpt's first line (none: the lines no other excerpt claims)")
	end := fs.String("end", "", "`TEXT` on the excerpt's last line (none: up to the next excerpt)")
	rest, code := parseAll(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 || *seedName == "" {
		fmt.Fprintln(stderr, "dossier new source: want an id and -seed FILE")
		fs.Usage()
		return 2
	}
	if err := checkSrc(src); err != nil {
		fmt.Fprintf(stderr, "dossier new source: %v\n", err)
		return 2
	}
	id := rest[0]
	b, paras, diags, err := scaffold.Source(ctx, os.DirFS(src), scaffold.SourceOptions{ID: id, Seed: seedArg(src, *seedName), Start: *start, End: *end})
	if err != nil {
		fmt.Fprintf(stderr, "dossier new source: %v; nothing written\n", err)
		return 1
	}
	if diags.HasErrors() {
		if werr := diags.Write(stderr, diag.FormatText); werr != nil {
			return 1
		}
		fmt.Fprintln(stderr, "dossier new source: the anchors do not cut an excerpt; nothing written")
		return 1
	}
	if code := create(src, scaffold.SourcePath(id), b, stdout, stderr, "new source"); code != 0 {
		return code
	}
	fmt.Fprintf(stdout, "the excerpt, %s:\n", plural(len(paras), "paragraph", "paragraphs"))
	for _, p := range paras {
		fmt.Fprintf(stdout, "  ¶%-3d line %-4d %s\n", p.N, p.Line, clip(p.Text, 90))
	}
	return 0
}

// seedArg returns the name under seeds/ of the seed given to -seed, which
// may be written as a name ("x.txt"), a path from the site folder
// ("seeds/x.txt") or a path from the current folder ("site/seeds/x.txt").
func seedArg(src, arg string) string {
	p := filepath.ToSlash(filepath.Clean(arg))
	if rel, ok := strings.CutPrefix(p, site.SeedDir+"/"); ok {
		return rel
	}
	dir := filepath.ToSlash(filepath.Join(src, site.SeedDir)) + "/"
	if rel, ok := strings.CutPrefix(p, dir); ok {
		return rel
	}
	return arg
}

// readConfig reads site.toml, for the buckets and versions a new point
// names. Problems in it are the build's to report; this needs only a title.
func readConfig(fsys fs.FS) (config.Config, error) {
	data, err := fs.ReadFile(fsys, site.ConfigFile)
	if err != nil {
		return config.Config{}, err
	}
	cfg, _ := config.Parse(site.ConfigFile, data)
	return cfg, nil
}

// create writes a new file under the site folder, refusing to replace one.
func create(src, rel string, data []byte, stdout, stderr io.Writer, cmd string) int {
	name := filepath.Join(src, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		fmt.Fprintf(stderr, "dossier %s: %v\n", cmd, err)
		return 1
	}
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "dossier %s: %s exists; nothing written\n", cmd, rel)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "dossier %s: %v\n", cmd, err)
		return 1
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		fmt.Fprintf(stderr, "dossier %s: %v\n", cmd, werr)
		return 1
	}
	fmt.Fprintf(stdout, "wrote %s\n", rel)
	return 0
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
