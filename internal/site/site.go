// Package site runs the build pipeline: load → parse → resolve → render →
// check → write. It is the only package that imports every stage, and it
// stops between stages when a stage reports errors, so that one mistake
// does not cascade into pages of follow-on errors.
//
//	load      site.toml (config), content/ (content), seeds/ (seed), the theme
//	parse     Markdown (markdown), excerpts (seed) — done inside resolve
//	resolve   citations, quotes, cross-references, backlinks (xref)
//	render    every page through the theme, in parallel (theme); the data
//	          exports, feed, sitemap and robots.txt (export); the search
//	          index (search)
//	check     every internal link and #fragment of the output (linkcheck)
//	write     staged beside the output, then put in place: only the files
//	          that changed are written (publish)
//
// Load reads and decodes the content files, and resolve parses the Markdown
// and finds the quotes, on every CPU; then the pages are resolved one after
// another, so that notes, backlinks and diagnostics come in a fixed order.
//
// Render, check and write overlap, so that memory does not grow with the
// site: each file, as soon as it is made, is scanned for its ids and links
// and staged (appended to one file beside the output), and its bytes are
// dropped; the links between files are resolved after the last one, and
// only then, if nothing is wrong, do the staged files go into the output.
//
// The same input always gives the same bytes: everything is sorted, no
// clock is read, and pages are collected in a fixed order whatever order
// they render in.
package site

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/linkcheck"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/publish"
	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/theme"
	"github.com/dossier-dev/dossier/internal/xref"
	"github.com/dossier-dev/dossier/themes"
)

// ConfigFile is the site's configuration file, relative to the site root.
const ConfigFile = "site.toml"

// ThemeDir is the folder of themes, relative to the site root.
const ThemeDir = "themes"

// SeedDir is the folder of seed files, relative to the site root.
const SeedDir = "seeds"

// Options configures a build.
type Options struct {
	// Out is the output directory. If empty, nothing is written: the build
	// only checks.
	Out string
	// Force allows Out to be a folder that holds files but was not made
	// by dossier (see publish.Check).
	Force bool
	// BaseURL, if set, replaces base_url of site.toml.
	BaseURL string
	// Drafts includes content marked draft and publishes it: a placeholder
	// left in a draft is an error.
	Drafts bool
	// ShowDrafts includes content marked draft as drafts, for a preview or
	// a check: placeholders left in a draft are warnings, and a reference
	// to a draft from a page that is not one is an error, as it is when
	// drafts are left out.
	ShowDrafts bool
	// Record leaves the record of cited paragraphs (xref.RecordFile)
	// unchecked, so that "check -record" can write it anew from the
	// model.
	Record bool
	// Workers is how many pages render at once; 0 means GOMAXPROCS. The
	// output does not depend on it.
	Workers int
	// Prepared, if set, is called once the content is read and resolved,
	// before the first file is made: from then on, most of what the build
	// holds is the model, which it holds to the end. The command tunes
	// the collector by it.
	Prepared func()
}

// Result is what a build produced.
type Result struct {
	// Files holds every output file by path, for a Build that only checks
	// (Options.Out is empty). A Build that writes keeps no file: each goes
	// to disk as soon as it is made. A Builder's result leaves it nil: its
	// files are made when asked for, by File.
	Files map[string][]byte
	Model *xref.Model
	Stats Stats
	// Warnings holds the diagnostics that did not fail the build.
	Warnings diag.List
	// Changed and Removed list output paths, sorted, that differ from the
	// previous build of a Builder; a plain Build leaves them empty. Unseen
	// lists the files that may differ but were never made, so that there
	// are no bytes to compare (see Builder.Build).
	Changed, Removed, Unseen []string

	outs map[string]*output
}

// File returns the output file at path name, making it first if need be,
// and whether there is one. It is safe for concurrent use.
func (r *Result) File(name string) ([]byte, bool, error) {
	if r.Files != nil {
		b, ok := r.Files[name]
		return b, ok, nil
	}
	o, ok := r.outs[name]
	if !ok {
		return nil, false, nil
	}
	b, err := o.bytes()
	return b, true, err
}

// Names returns the paths of every output file, sorted.
func (r *Result) Names() []string {
	names := make([]string, 0, len(r.outs))
	for name := range r.outs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Stats counts what a build made and checked.
type Stats struct {
	Pages     int // HTML pages
	Files     int // all output files
	Points    int
	Sources   int
	Citations int
	Quotes    int // quotes verified against their source text
	Xrefs     int
}

// Build builds the site whose root is fsys. Problems in the site's files
// come back as a diag.List (as the error), all of them, sorted; an error of
// another kind means the build could not run (a file could not be read or
// written). If the build fails, the output directory is left as it was.
func Build(ctx context.Context, fsys fs.FS, opts Options) (*Result, error) {
	st, diags, err := prepare(ctx, fsys, opts, caches{})
	if opts.Prepared != nil {
		opts.Prepared()
	}
	if err != nil {
		return nil, err
	}
	if diags.HasErrors() {
		diags.Sort()
		return nil, diags
	}

	// Render each file, check its links as far as it can be alone, and
	// write it into the new output (or keep it, to only check); then
	// resolve the links between files. Nothing replaces the previous
	// output until every file is made and every link resolves.
	outs, ds := st.outputs()
	diags.Add(ds...)
	if diags.HasErrors() {
		diags.Sort()
		return nil, diags
	}
	for _, o := range outs {
		o.release = true // each file is made once
	}
	var (
		out   *publish.Output
		mu    sync.Mutex
		files map[string][]byte
	)
	if opts.Out != "" {
		// Each file can be made again, the same (render), for out to
		// keep a file that the output holds already (publish.Options.Again).
		again := func(name string) ([]byte, error) {
			o, ok := outs[name]
			if !ok {
				return nil, fmt.Errorf("no output file %s", name)
			}
			return o.render()
		}
		if out, err = publish.Begin(opts.Out, publish.Options{Force: opts.Force, Again: again}); err != nil {
			return nil, err
		}
	} else {
		files = make(map[string][]byte, len(outs))
	}
	chk := linkcheck.New(st.cfg.BaseURL)
	var create func(string) (io.WriteCloser, error)
	if out != nil {
		// The big exports go to the output a piece at a time; they are
		// not pages, so the link check needs only their names.
		create = func(name string) (io.WriteCloser, error) {
			chk.Add(name, nil)
			return out.Create(name)
		}
	}
	// A page's bytes are lent to emit when they are written: out.Write
	// copies them into its staging file and chk keeps copies of what it
	// keeps, so the buffer is reused for the next page.
	err = generate(ctx, outs, opts.Workers, out != nil, func(name string, data []byte) error {
		chk.Add(name, data)
		if out != nil {
			return out.Write(name, data)
		}
		mu.Lock()
		files[name] = data
		mu.Unlock()
		return nil
	}, create)
	if err == nil {
		// While the links between the files are checked, the output
		// works out what its commit will change, changing nothing.
		var prepared sync.WaitGroup
		if out != nil {
			prepared.Go(func() { out.Prepare(ctx) })
		}
		problems := chk.Problems()
		prepared.Wait()
		for _, p := range problems {
			diags.Add(linkDiag(p, st.pages, st.th))
		}
	} else if dl, ok := errors.AsType[diag.List](err); ok {
		diags.Add(dl...)
	} else {
		return nil, abort(out, err)
	}
	diags.Sort()
	if diags.HasErrors() {
		return nil, abort(out, diags)
	}
	if out != nil {
		if err := out.Commit(ctx); err != nil {
			return nil, err
		}
	}
	res := st.result(outs, diags)
	res.Files = files
	return res, nil
}

// abort drops a new output, if there is one, and returns err.
func abort(out *publish.Output, err error) error {
	if out == nil {
		return err
	}
	if aerr := out.Abort(); aerr != nil {
		return errors.Join(err, aerr)
	}
	return err
}

// state is a site loaded, resolved and planned: everything but the bytes.
type state struct {
	cfg   config.Config
	md    *markdown.Markdown // the one parser of the build: xref parses with it, the theme renders
	th    *theme.Set
	m     *xref.Model
	pages []*theme.Page
	// lock, if set, is held for reading while a file is made from the
	// model: a Builder updates a model in place (xref.Model.Update) while
	// the files of the last build may still be asked for.
	lock *sync.RWMutex
}

// caches are what a Builder keeps from one build to the next.
type caches struct {
	// theme is a theme loaded before, with the Markdown parser it was
	// given, to use again; nil: make both anew.
	theme    *theme.Set
	markdown *markdown.Markdown
	content  *content.Cache // decoded content files
	parse    bool           // keep parsed Markdown (in the parser)
	xref     *xref.Cache    // excerpts cut and quotes found
}

// prepare runs the load, parse and resolve stages and plans the pages,
// using the caches given. All problems come back as diagnostics; an error
// means a file could not be read.
func prepare(ctx context.Context, fsys fs.FS, opts Options, c caches) (*state, diag.List, error) {
	var diags diag.List
	th := c.theme
	cfg, err := loadConfig(fsys, opts, &diags)
	if err != nil {
		return nil, nil, err
	}
	// The seeds, the theme and the record do not depend on the content:
	// they are read while the content loads (on every CPU, but with
	// stretches on one: the walk, putting the site together), and their
	// problems and errors are reported after its, as if read after it.
	// Resolve does not need the theme either: it loads on while the
	// content is resolved (a small site's theme takes longer than its
	// content).
	themeDir := ThemeDir + "/" + cfg.Theme
	var (
		seeds                              []*seed.Seed
		rec                                xref.Record
		seedDiags, themeDiags, recordDiags diag.List
		seedErr, themeErr, recordErr       error
	)
	// The Markdown parser has one owner, the build: resolve parses the
	// content with it and the theme renders the parsed documents.
	md := c.markdown
	var wg, themeWG sync.WaitGroup
	if th == nil || md == nil {
		md = markdown.New(markdown.Options{Unsafe: cfg.UnsafeHTML, Cache: c.parse})
		themeWG.Go(func() {
			th, themeErr = loadTheme(fsys, themeDir, cfg, md, &themeDiags)
		})
	}
	wg.Go(func() {
		seeds, seedErr = loadSeeds(ctx, fsys, &seedDiags)
		if !opts.Record {
			rec, recordErr = loadRecord(fsys, &recordDiags)
		}
	})
	cs, ds, err := content.Load(ctx, fsys, content.Options{Drafts: opts.Drafts || opts.ShowDrafts, Publish: opts.Drafts, Cache: c.content})
	wg.Wait()
	if err != nil || seedErr != nil || recordErr != nil {
		themeWG.Wait()
		return nil, nil, cmp.Or(err, seedErr, themeErr, recordErr)
	}

	// Parse and resolve. This runs even when loading found problems, so that
	// one build reports them all; references to files that did not load are
	// not reported again.
	m, rds, err := xref.Resolve(ctx, xref.Input{Config: cfg, Content: cs, Seeds: seeds, Markdown: md, Cache: c.xref, PublishDrafts: opts.Drafts, Record: rec})
	themeWG.Wait()
	if themeErr != nil {
		return nil, nil, themeErr
	}
	if err != nil {
		return nil, nil, err
	}
	diags.Add(ds...)
	diags.Add(seedDiags...)
	diags.Add(themeDiags...)
	diags.Add(recordDiags...)
	diags.Add(rds...)
	if th == nil {
		return nil, diags, nil
	}
	st := &state{cfg: cfg, md: md, th: th, m: m, pages: plan(m, th)}
	for _, p := range st.pages {
		file := themeDir + "/" + p.Kind + ".html"
		reported := slices.ContainsFunc(diags, func(d diag.Diagnostic) bool { return d.Pos.File == file })
		if !th.Has(p.Kind) && !reported {
			diags.Add(diag.Errorf(diag.Position{File: file},
				"theme has no layout for %s pages", p.Kind).WithHint("add %s/%s.html", themeDir, p.Kind))
		}
	}
	return st, diags, nil
}

// loadTheme loads the theme in themeDir with the Markdown parser md.
func loadTheme(fsys fs.FS, themeDir string, cfg config.Config, md *markdown.Markdown, diags *diag.List) (*theme.Set, error) {
	css, err := markdown.CSS(cfg.Highlight.Style, cfg.Highlight.DarkStyle)
	if err != nil {
		diags.Add(diag.Errorf(cfg.At("highlight"), "%v", err))
	}
	th, ds, err := theme.Load(fsys, themeDir, theme.Options{
		Markdown: md, BaseURL: cfg.BaseURL, ExtraCSS: css,
		PointWord: strings.ToLower(cfg.Points.Label),
		BuiltIn:   themes.FS,
	})
	if errors.Is(err, fs.ErrNotExist) {
		diags.Add(diag.Errorf(cfg.At("theme"), "unknown theme %q: no folder %s and no built-in theme of that name", cfg.Theme, themeDir).
			WithHint("the themes there are: %s", strings.Join(theme.Names(fsys, ThemeDir, themes.FS), ", ")))
	} else if err != nil {
		return nil, err
	}
	diags.Add(ds...)
	if th != nil && th.Has("search") {
		th.AddData(search.Meta)
	}
	return th, nil
}

// result fills in a Result from a build's outputs.
func (st *state) result(outs map[string]*output, warnings diag.List) *Result {
	pages := 0
	for name := range outs {
		if strings.HasSuffix(name, ".html") {
			pages++
		}
	}
	m := st.m
	return &Result{
		Model:    m,
		Warnings: warnings,
		outs:     outs,
		Stats: Stats{
			Pages:     pages,
			Files:     len(outs),
			Points:    len(m.Points),
			Sources:   len(m.Sources),
			Citations: m.Stats.Citations,
			Quotes:    m.Stats.Quotes,
			Xrefs:     m.Stats.Xrefs,
		},
	}
}

func loadConfig(fsys fs.FS, opts Options, diags *diag.List) (config.Config, error) {
	if dg := sitefs.Check(fsys, ConfigFile); dg != nil {
		diags.Add(*dg)
		cfg, _ := config.Parse(ConfigFile, []byte(`title = "untitled"`))
		return cfg, nil
	}
	data, err := fs.ReadFile(fsys, ConfigFile)
	if errors.Is(err, fs.ErrNotExist) {
		diags.Add(diag.Errorf(diag.Position{File: ConfigFile}, "no %s in the site folder", ConfigFile).
			WithHint("run dossier in the folder that holds site.toml, or pass -src"))
		cfg, _ := config.Parse(ConfigFile, []byte(`title = "untitled"`))
		return cfg, nil
	}
	if err != nil {
		return config.Config{}, err
	}
	cfg, ds := config.Parse(ConfigFile, data)
	diags.Add(ds...)
	if opts.BaseURL != "" {
		u, err := config.ParseBaseURL(opts.BaseURL)
		if err != nil {
			diags.Add(diag.Errorf(diag.Position{File: "-baseurl"}, "%v", err))
		} else {
			cfg.BaseURL = u
		}
	}
	return cfg, nil
}

// loadRecord reads the record of cited paragraphs; without one, the
// record is empty, so that every bare ¶ citation is reported as not
// recorded.
func loadRecord(fsys fs.FS, diags *diag.List) (xref.Record, error) {
	if dg := sitefs.Check(fsys, xref.RecordFile); dg != nil {
		diags.Add(*dg)
		return nil, nil
	}
	data, err := fs.ReadFile(fsys, xref.RecordFile)
	if errors.Is(err, fs.ErrNotExist) {
		return xref.Record{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", xref.RecordFile, err)
	}
	rec, ds := xref.ParseRecord(xref.RecordFile, data)
	diags.Add(ds...)
	return rec, nil
}

// loadSeeds reads every file of seeds/, byte for byte. A link is read if
// it stays in the site; subfolders are not seeds.
func loadSeeds(ctx context.Context, fsys fs.FS, diags *diag.List) ([]*seed.Seed, error) {
	if dg := sitefs.Check(fsys, SeedDir); dg != nil {
		diags.Add(*dg)
		return nil, nil
	}
	entries, err := fs.ReadDir(fsys, SeedDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read seeds: %w", err)
	}
	var seeds []*seed.Seed
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := path.Join(SeedDir, e.Name())
		switch kind, dg := sitefs.Follow(fsys, p, e); kind {
		case sitefs.Skip:
			diags.Add(*dg)
			continue
		case sitefs.Folder:
			continue
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("read seed: %w", err)
		}
		if d, bad := diag.CheckUTF8(p, b); bad {
			// The seed still loads, so that its citations are checked.
			diags.Add(d)
		}
		seeds = append(seeds, seed.Parse(p, b))
	}
	return seeds, nil
}

// linkDiag reports a broken link at the place that wrote it: the link in a
// content file's Markdown if there is one, else the file that made the page,
// else the output page (a link the theme wrote).
func linkDiag(p linkcheck.Problem, pages []*theme.Page, th *theme.Set) diag.Diagnostic {
	var page *theme.Page
	for _, pg := range pages {
		if outPath(pg.Path) == p.Page {
			page = pg
			break
		}
	}
	msg := fmt.Sprintf("broken link %s: %s", p.Href, p.Msg)
	// The link may be written in the page's own Markdown or, for a page
	// that gathers others (print), in another page's.
	candidates := pages
	if page != nil && page.Doc != nil {
		candidates = []*theme.Page{page}
	}
	for _, pg := range candidates {
		if pg.Doc == nil {
			continue
		}
		for _, pr := range pg.Doc.Proses {
			for _, l := range pr.Doc.Links {
				if l.Dest == p.Href || th.URL(l.Dest) == p.Href {
					return diag.Errorf(pr.Text.Pos(l.Offset), "%s", msg)
				}
			}
		}
	}
	if page != nil && sourceFile(page) != "" {
		return diag.Errorf(diag.Position{File: sourceFile(page)}, "%s", msg).
			WithHint("the link is on line %d of %s, written by the theme", p.Line, p.Page)
	}
	return diag.Errorf(diag.Position{File: p.Page, Line: p.Line}, "%s", msg).
		WithHint("a link written by the theme")
}
