// Command dossier builds an annotated dossier: a numbered text annotated
// point by point, every citation and quotation checked against its source.
//
// Usage:
//
//	dossier init    [DIR]
//	dossier build   [-src DIR] [-out DIR] [-force] [-baseurl URL] [-drafts]
//	dossier check   [-src DIR] [-baseurl URL] [-drafts] [-format text|json|github] [-record] [-links]
//	dossier serve   [-src DIR] [-addr HOST:PORT] [-drafts] [-open]
//	dossier new     point [-src DIR] NUMBER "TITLE"
//	dossier new     source [-src DIR] ID -seed FILE [-start TEXT] [-end TEXT]
//	dossier add     [-src DIR] [-id ID] [-timeout D] URL | -url URL FILE
//	dossier version
//
// Run "dossier COMMAND -h" for the flags of a command.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/preview"
	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/xref"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	stopProfile := startProfile(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

const usage = `dossier builds an annotated dossier into a static site.

Usage:

	dossier init    [DIR]
	dossier build   [-src DIR] [-out DIR] [-force] [-baseurl URL] [-drafts]
	dossier check   [-src DIR] [-baseurl URL] [-drafts] [-format text|json|github] [-record] [-links]
	dossier serve   [-src DIR] [-addr HOST:PORT] [-drafts] [-open]
	dossier new     point [-src DIR] NUMBER "TITLE"
	dossier new     source [-src DIR] ID -seed FILE [-start TEXT] [-end TEXT]
	dossier add     [-src DIR] [-id ID] [-timeout D] URL | -url URL FILE
	dossier version

Run "dossier COMMAND -h" for the flags of a command.
`

// run runs the command line args and returns the exit status: 0 on
// success, 1 when the site has problems, 2 for a usage mistake.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return build(ctx, args[1:], stdout, stderr)
	case "check":
		return check(ctx, args[1:], stdout, stderr)
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "new":
		return newCmd(ctx, args[1:], stdout, stderr)
	case "add":
		return add(ctx, args[1:], stdout, stderr)
	case "init":
		return initCmd(args[1:], stdout, stderr)
	case "version":
		return version(args[1:], stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "dossier: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// common are the flags build and check share.
type common struct {
	src     string
	baseURL string
	drafts  bool
}

func (c *common) register(fs *flag.FlagSet) {
	srcFlag(fs, &c.src)
	fs.StringVar(&c.baseURL, "baseurl", "", "the `URL` the site is published at, replacing base_url of site.toml")
	fs.BoolVar(&c.drafts, "drafts", false, "include content marked draft = true")
}

// srcFlag defines -src, which every command that reads a site takes.
func srcFlag(fs *flag.FlagSet, p *string) {
	fs.StringVar(p, "src", ".", "read the site from `DIR`, the folder that holds site.toml")
}

// flagSet is a command's flags, with where its help goes: -h prints to
// stdout, as it is asked for; a mistake prints the usage to stderr.
type flagSet struct {
	*flag.FlagSet
	stdout io.Writer
}

func newFlags(name, synopsis string, stdout, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: dossier %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return &flagSet{FlagSet: fs, stdout: stdout}
}

// parseFlags parses args, printing the usage to stdout for -h and to
// stderr after a mistake.
func (fs *flagSet) parseFlags(args []string) error {
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	if errors.Is(err, flag.ErrHelp) {
		errOut := fs.Output()
		fs.SetOutput(fs.stdout)
		fs.Usage()
		fs.SetOutput(errOut)
	} else if err != nil {
		fs.Usage()
	}
	return err
}

// parse parses flags; it returns -1 to go on, or the exit status.
func parse(fs *flagSet, args []string) int {
	if err := fs.parseFlags(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "dossier %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		fs.Usage()
		return 2
	}
	return -1
}

// checkBaseURL reports a -baseurl value that is not a usable address: a
// mistake on the command line.
func checkBaseURL(s string) error {
	if s == "" {
		return nil
	}
	if _, err := config.ParseBaseURL(s); err != nil {
		return fmt.Errorf("-baseurl %s: %v", s, err)
	}
	return nil
}

func build(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", "build [-src DIR] [-out DIR] [-force] [-baseurl URL] [-drafts]\n\nBuilds the site into DIR, changing it only if the build succeeds.\nDIR must not be the site folder, hold it, or be in content/, seeds/ or themes/;\nif it exists, it must be empty or earlier output of dossier build (or -force).", stdout, stderr)
	var c common
	c.register(fs.FlagSet)
	out := fs.String("out", "public", "write the site to `DIR`, relative to the current folder; each build writes the files that changed and removes those it no longer makes, so it must be new, empty or earlier output")
	force := fs.Bool("force", false, "replace an -out folder outside the site folder even if it holds files dossier did not make")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if err := checkSrc(c.src); err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return 2
	}
	if err := checkBaseURL(c.baseURL); err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return 2
	}
	outDir, err := checkOut(c.src, *out, *force)
	if err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return 2
	}
	fsys, err := sitefs.Open(c.src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier build: %v\n", err)
		return 2
	}
	start := time.Now()
	prepared, restore := tuneGC()
	defer restore()
	res, err := site.Build(ctx, fsys, site.Options{Out: outDir, Force: *force, BaseURL: c.baseURL, Drafts: c.drafts, Prepared: prepared})
	if code := report(err, stderr, diag.FormatText, "build"); code != 0 {
		return code
	}
	if err := res.Warnings.Write(stderr, diag.FormatText); err != nil {
		return 1
	}
	s := res.Stats
	fmt.Fprintf(stdout, "built %s, %s, %s, %s verified in %s → %s\n",
		plural(s.Pages, "page", "pages"), plural(s.Sources, "source", "sources"),
		plural(s.Citations, "citation", "citations"), plural(s.Quotes, "quote", "quotes"),
		round(time.Since(start)), *out)
	return 0
}

func check(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", "check [-src DIR] [-baseurl URL] [-drafts] [-format text|json|github] [-record] [-links]\n\nChecks everything build checks and writes nothing (but paragraphs.sum with\n-record); with -links, external links and the quotes of captured sources on their live pages too.", stdout, stderr)
	var c common
	c.register(fs.FlagSet)
	var lf linkFlags
	lf.register(fs.FlagSet)
	format := fs.String("format", "text", "print problems as `text|json|github`: text, JSON (one object a line) or GitHub workflow annotations")
	record := fs.Bool("record", false, "write "+xref.RecordFile+" anew: the paragraphs that citations name by number alone, as they are now")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	f, err := diag.ParseFormat(*format)
	if err != nil {
		fmt.Fprintf(stderr, "dossier check: %v\n", err)
		return 2
	}
	if err := checkSrc(c.src); err != nil {
		fmt.Fprintf(stderr, "dossier check: %v\n", err)
		return 2
	}
	if err := checkBaseURL(c.baseURL); err != nil {
		fmt.Fprintf(stderr, "dossier check: %v\n", err)
		return 2
	}
	fsys, err := sitefs.Open(c.src)
	if err != nil {
		fmt.Fprintf(stderr, "dossier check: %v\n", err)
		return 2
	}
	start := time.Now()
	res, err := site.Build(ctx, fsys, site.Options{BaseURL: c.baseURL, Drafts: c.drafts, ShowDrafts: true, Record: *record})
	// Problems go to stdout in the machine formats, so they can be piped.
	w := stderr
	if f != diag.FormatText {
		w = stdout
	}
	if code := report(err, w, f, "check"); code != 0 {
		return code
	}
	if err := res.Warnings.Write(w, f); err != nil {
		return 1
	}
	if *record {
		if err := writeRecord(c.src, res.Model.RecordData()); err != nil {
			fmt.Fprintf(stderr, "dossier check: %v\n", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote %s\n", xref.RecordFile)
	}
	s := res.Stats
	m := res.Model.Stats
	if f == diag.FormatText {
		fmt.Fprintf(stdout, "checked %s, %s, %s, %d of %s verified, %s in %s\n",
			plural(s.Points, "point", "points"), plural(s.Sources, "source", "sources"),
			plural(s.Citations, "citation", "citations"), s.Quotes, plural(m.QuotesCited, "quote", "quotes"),
			plural(s.Xrefs, "cross-reference", "cross-references"), round(time.Since(start)))
		fmt.Fprintf(stdout, "coverage: %s with fewer than two sources%s, %s never cited%s, %s\n",
			plural(len(m.ThinPoints), "point", "points"), list(m.ThinPoints),
			plural(len(m.UncitedSources), "excerpt", "excerpts"), list(m.UncitedSources),
			plural(m.Glosses, "gloss", "glosses"))
		fmt.Fprintln(stdout, coverageLine(res.Model))
	}
	if lf.on {
		return checkLinks(ctx, c.src, res.Model, lf, w, stdout, f)
	}
	return 0
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", "serve [-src DIR] [-addr HOST:PORT] [-drafts] [-open]\n\nBuilds the site and serves it from memory, rebuilding it when a file changes;\nopen pages reload, and show the problems of a failed build.", stdout, stderr)
	var src string
	srcFlag(fs.FlagSet, &src)
	addr := fs.String("addr", preview.DefaultAddr, "listen at `HOST:PORT`; the site's base URL becomes http://HOST:PORT/")
	drafts := fs.Bool("drafts", false, "include content marked draft = true")
	open := fs.Bool("open", false, "open the site in the default browser")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if err := checkSrc(src); err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return 2
	}
	srv, err := preview.New(preview.Options{Src: src, Addr: *addr, Drafts: *drafts, Open: *open, Stdout: stdout, Stderr: stderr})
	if err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return 2
	}
	if err := srv.Serve(ctx); err != nil {
		fmt.Fprintf(stderr, "dossier serve: %v\n", err)
		return 1
	}
	return 0
}

// list writes a short list in parentheses, or nothing for an empty one.
func list[T any](xs []T) string {
	if len(xs) == 0 {
		return ""
	}
	var parts []string
	for _, x := range xs {
		parts = append(parts, fmt.Sprint(x))
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// report prints the problems of a failed build, errors first and then
// warnings, and returns its exit status.
func report(err error, w io.Writer, f diag.Format, cmd string) int {
	if err == nil {
		return 0
	}
	var dl diag.List
	if errors.As(err, &dl) {
		if werr := dl.ErrorsFirst().Write(w, f); werr != nil {
			return 1
		}
		if f == diag.FormatText {
			msg := plural(dl.Errors(), "problem", "problems")
			if cmd == "build" {
				msg += "; nothing written"
			}
			fmt.Fprintf(w, "dossier %s: %s\n", cmd, msg)
		}
		return 1
	}
	fmt.Fprintf(w, "dossier %s: %v\n", cmd, err)
	return 1
}

// writeRecord writes the record of cited paragraphs into the site folder,
// replacing only a record that dossier wrote.
func writeRecord(src string, data []byte) error {
	name := filepath.Join(src, xref.RecordFile)
	fi, err := os.Lstat(name)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is not a plain file; nothing written", xref.RecordFile)
	default:
		old, err := os.ReadFile(name)
		if err != nil {
			return err
		}
		if !xref.IsRecord(old) {
			return fmt.Errorf("%s was not written by dossier; nothing written (move it away first)", xref.RecordFile)
		}
	}
	return os.WriteFile(name, data, 0o644)
}

// checkSrc reports a site folder that is not a folder.
func checkSrc(src string) error {
	fi, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("-src %s is not a folder", src)
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func round(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}

func version(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", "version\n\nPrints the version of dossier and of Go it was built with.", stdout, stderr)
	if code := parse(fs, args); code >= 0 {
		return code
	}
	v, goVersion := "(devel)", ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " " + s.Value[:12]
			}
		}
	}
	fmt.Fprintf(stdout, "dossier %s %s\n", v, goVersion)
	return 0
}
