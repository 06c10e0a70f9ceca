// Package theme is the render stage: it loads a theme, themes/<name>/, and
// executes its html/template layouts for each page of a resolved site. A
// Set is safe for concurrent use, so pages render in parallel.
//
// A theme is the site's own folder themes/<name>/ laid over the built-in
// theme of the same name, if there is one, file by file: the site's
// themes/default/base.html replaces the built-in base.html, and every other
// built-in file stays. There are no other lookup rules. A theme that is
// neither the site's nor built in is an error. Template errors name the
// file and say whether it is the site's own or the built-in one.
//
// A theme holds:
//
//	base.html          the skeleton every page shares; it calls the blocks
//	                   "title", "main" (and any others it defines)
//	KIND.html          one layout per kind of page (home, point, source,
//	                   sources, seed, page, 404, …): it defines the blocks
//	partials/*.html    named templates any layout may call
//	static/…           files copied to the output; .css and .js files get a
//	                   content hash in their name (style.css → style.1a2b3c4d.css)
//
// The rule for picking a layout is the only rule: a page of kind K is
// rendered by K.html together with base.html and every partial. A kind with
// no K.html is an error when a page of that kind is rendered. Templates are
// parsed under their site-relative names, so that errors read
// themes/default/point.html:3:7.
//
// html/template parses, escapes and runs each template the first time;
// later executions run the escaped trees on texec, a faster executor with
// the same output and errors (see runner in exec.go).
//
// Templates get the page (see Page) as dot and these functions: url, abs,
// asset, prose, date, isodate, plural, dict, lower, join, add, seq,
// contains, once, cited, backlinks, current, jsstr, bytens, and seedrows and paratext
// (a seed block's lines and a source paragraph's text, written in Go for
// speed: see rows.go).
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	texttemplate "text/template"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/theme/texec"
	"github.com/dossier-dev/dossier/internal/xref"
)

// Options configures a Set.
type Options struct {
	Markdown *markdown.Markdown
	BaseURL  *url.URL
	// PointWord is the site's word for a point, used in the text of
	// cross-references: "point" makes [[26]] read "point 26".
	PointWord string
	// ExtraCSS is appended to the theme's style.css (the chroma rules for
	// code blocks), so the site has one stylesheet.
	ExtraCSS []byte
	// BuiltIn holds the themes built into dossier, a folder each
	// ("default/base.html"); the site's own files override them file by
	// file. nil: there are none.
	BuiltIn fs.FS
	// HTMLTemplateOnly executes every template on html/template alone,
	// never on texec (see runner): for tests that compare the two.
	HTMLTemplateOnly bool
}

// How many citing pages a source page lists before it links to the rest:
// under each paragraph, BacklinksShown; at its foot, CitingShown. The
// templates read them as the functions backlinksShown and citingShown, and
// site makes the pages that list the rest.
const (
	BacklinksShown = 5
	CitingShown    = 20
)

// Set is a loaded theme.
type Set struct {
	dir     string
	md      *markdown.Markdown
	base    *url.URL
	word    string
	layouts map[string]*runner
	sizes   map[string]*atomic.Int64 // by kind: the size of the page rendered last
	shared  *runner                  // base and partials, for prose
	runners []*runner                // all of them
	assets  map[string]string        // static name → hashed output path
	files   map[string][]byte        // output path → bytes of static files
	src     map[string]themeFile     // theme-relative path → where the file is

	onces   parts[onceKey, template.HTML]     // partials rendered once per piece of data
	cites   parts[citedKey, template.HTML]    // partials rendered once per citation
	sources parts[*xref.Source, *CitedSource] // the CitedSource of each source cited
}

// onceKey names a partial rendered once for one piece of data (a model: a
// Set may serve several builds in a row).
type onceKey struct {
	name string
	data any
}

// Load reads the theme in dir (site-relative, "themes/default"): the
// site's own files under dir in fsys, over the built-in theme of the same
// name in opts.BuiltIn, file by file. A file the site has replaces the
// built-in one of the same path; every other built-in file stays. Template
// syntax errors come back as diagnostics at their theme file and line. The
// error wraps fs.ErrNotExist if the theme is neither the site's nor built
// in, and is returned as well if a folder cannot be read.
func Load(fsys fs.FS, dir string, opts Options) (*Set, diag.List, error) {
	s := &Set{
		dir:     dir,
		md:      opts.Markdown,
		base:    opts.BaseURL,
		word:    opts.PointWord,
		layouts: map[string]*runner{},
		sizes:   map[string]*atomic.Int64{},
		assets:  map[string]string{},
		files:   map[string][]byte{},
	}
	var diags diag.List
	src, err := collect(fsys, dir, opts.BuiltIn, &diags)
	if err != nil {
		return nil, diags, err
	}
	s.src = src
	if err := s.loadStatic(opts.ExtraCSS); err != nil {
		return nil, nil, err
	}

	funcs := s.funcs()
	common := template.New("").Funcs(funcs)
	var ef *texec.Funcs
	if !opts.HTMLTemplateOnly {
		if ef, err = execFuncs(funcs, s.writers()); err != nil {
			return nil, nil, fmt.Errorf("theme %s: %w", dir, err)
		}
	}
	shared := []string{"base.html"}
	var layouts []string
	for _, rel := range slices.Sorted(maps.Keys(src)) {
		switch {
		case path.Ext(rel) != ".html" || rel == "base.html":
		case path.Dir(rel) == "partials":
			shared = append(shared, rel)
		case path.Dir(rel) == ".":
			layouts = append(layouts, rel)
		}
	}
	for _, rel := range shared {
		if _, ok := src[rel]; !ok && rel == "base.html" {
			diags.Add(diag.Errorf(diag.Position{File: dir + "/" + rel}, "theme has no base.html").
				WithHint("every page is rendered inside %s/%s, which defines the page around the blocks title and main: copy one from another theme", dir, rel))
			continue
		}
		if err := s.parseFile(common, rel); err != nil {
			if d, ok := s.templateDiag(err, dir+"/"+rel); ok {
				diags.Add(d)
				continue
			}
			return nil, nil, err
		}
	}
	// The partials run on their own for prose, from common itself, which
	// no layout is parsed into; it is escaped only once every layout has
	// its copy, as a set that has run cannot be cloned.
	s.shared = newRunner(common, ef)
	s.runners = append(s.runners, s.shared)
	// Escape now what pages and prose execute, rather than in the first
	// pages rendered (see runner.warm). The partials and each layout are
	// cloned, parsed and escaped at once, each on a goroutine of its own
	// (a theme loads while the content does, and a small site's content
	// is loaded first): they only read s and common, whose Clone holds
	// its lock. Their problems are taken in the order of the layouts.
	type layout struct {
		r                  *runner
		cloneErr, parseErr error
	}
	loaded := make([]layout, len(layouts))
	var wg, cloned sync.WaitGroup
	cloned.Add(len(layouts))
	// The partials' runner executes what prose and cited name, the
	// templates of partials/: base.html's are run by the layouts, and left
	// to a first execution here, should a theme name one.
	var partialNames []string
	for name, t := range s.shared.trees {
		if t.ParseName != dir+"/base.html" {
			partialNames = append(partialNames, name)
		}
	}
	slices.Sort(partialNames)
	wg.Go(func() {
		cloned.Wait()
		s.shared.warm(partialNames)
	})
	for i, rel := range layouts {
		wg.Go(func() {
			t, err := common.Clone()
			cloned.Done()
			if err != nil {
				loaded[i].cloneErr = err
				return
			}
			if err := s.parseFile(t, rel); err != nil {
				loaded[i].parseErr = err
				return
			}
			r := newRunner(t, ef)
			r.warm([]string{s.dir + "/base.html"})
			loaded[i].r = r
		})
	}
	wg.Wait()
	for i, rel := range layouts {
		kind := strings.TrimSuffix(rel, ".html")
		if err := loaded[i].cloneErr; err != nil {
			return nil, nil, fmt.Errorf("theme %s: %w", dir, err)
		}
		if err := loaded[i].parseErr; err != nil {
			if d, ok := s.templateDiag(err, dir+"/"+rel); ok {
				diags.Add(d)
				continue
			}
			return nil, nil, err
		}
		s.layouts[kind] = loaded[i].r
		s.runners = append(s.runners, s.layouts[kind])
		s.sizes[kind] = new(atomic.Int64)
	}
	return s, diags, nil
}

// themeFile is where one file of a theme comes from.
type themeFile struct {
	fsys fs.FS
	path string // in fsys
	own  bool   // the site's own file, not the built-in one
}

// collect lists the files of the theme in dir by theme-relative path: the
// built-in theme's first, then the site's own over them. A link among the
// site's files is followed if it stays in the site; one that does not is a
// diagnostic, and the file is not read.
func collect(fsys fs.FS, dir string, builtIn fs.FS, diags *diag.List) (map[string]themeFile, error) {
	src := map[string]themeFile{}
	found := false
	add := func(fsys fs.FS, root string, own bool) error {
		if dg := sitefs.Check(fsys, root); own && dg != nil {
			diags.Add(*dg)
			found = true // reported: not also an unknown theme
			return nil
		}
		fi, err := fs.Stat(fsys, root)
		if errors.Is(err, fs.ErrNotExist) || err == nil && !fi.IsDir() {
			return nil
		}
		if err != nil {
			return fmt.Errorf("theme %s: %w", dir, err)
		}
		found = true
		var walk fs.WalkDirFunc
		walk = func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return fmt.Errorf("theme %s: %w", dir, err)
			}
			if d.IsDir() {
				if p != root && strings.HasPrefix(d.Name(), ".") {
					return fs.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") {
				return nil
			}
			switch kind, dg := sitefs.Follow(fsys, p, d); kind {
			case sitefs.Skip:
				diags.Add(*dg)
				return nil
			case sitefs.Folder:
				return fs.WalkDir(fsys, p, walk)
			}
			src[strings.TrimPrefix(p, root+"/")] = themeFile{fsys: fsys, path: p, own: own}
			return nil
		}
		return fs.WalkDir(fsys, root, walk)
	}
	if builtIn != nil && fs.ValidPath(path.Base(dir)) {
		if err := add(builtIn, path.Base(dir), false); err != nil {
			return nil, err
		}
	}
	if err := add(fsys, dir, true); err != nil {
		return nil, err
	}
	if !found {
		return nil, fmt.Errorf("theme %s: %w", dir, fs.ErrNotExist)
	}
	return src, nil
}

// Names returns the names of the themes a site can use: the folders under
// its themes folder dir ("themes") and the themes built in, sorted, each
// once.
func Names(fsys fs.FS, dir string, builtIn fs.FS) []string {
	var names []string
	add := func(f fs.FS, root string) {
		if f == nil {
			return
		}
		entries, _ := fs.ReadDir(f, root) // none is no theme
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && !slices.Contains(names, e.Name()) {
				names = append(names, e.Name())
			}
		}
	}
	add(fsys, dir)
	add(builtIn, ".")
	slices.Sort(names)
	return names
}

// parseFile parses the theme file rel into t under its site-relative name.
func (s *Set) parseFile(t *template.Template, rel string) error {
	f, ok := s.src[rel]
	if !ok {
		if rel == "base.html" {
			return fmt.Errorf("theme: missing %s/%s", s.dir, rel)
		}
		return fmt.Errorf("theme: missing %s/%s: %w", s.dir, rel, fs.ErrNotExist)
	}
	b, err := fs.ReadFile(f.fsys, f.path)
	if err != nil {
		return err
	}
	_, err = t.New(s.dir + "/" + rel).Parse(string(b))
	return err
}

// templateErrRE picks the file, line and column out of template errors:
// "template: themes/default/point.html:3:7: executing …" or
// "template: themes/default/point.html:3: unexpected …".
var templateErrRE = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?: (.*)`)

// templateDiag turns a template error into a diagnostic at its theme file
// and line, saying whether that file is the site's own or built in.
func (s *Set) templateDiag(err error, file string) (diag.Diagnostic, bool) {
	d, ok := templateDiag(err, file)
	if !ok {
		return d, false
	}
	if f, ok := s.src[strings.TrimPrefix(d.Pos.File, s.dir+"/")]; ok && strings.HasPrefix(d.Pos.File, s.dir+"/") {
		if f.own {
			d = d.WithHint("the site's own file")
		} else {
			d = d.WithHint("a file of the built-in theme; a file of your own at %s replaces it", d.Pos.File)
		}
	}
	return d, true
}

// templateDiag turns a template error into a diagnostic at its theme file
// and line.
func templateDiag(err error, file string) (diag.Diagnostic, bool) {
	m := templateErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return diag.Diagnostic{}, false
	}
	line, _ := strconv.Atoi(m[2])
	col, _ := strconv.Atoi(m[3])
	if m[3] != "" {
		col++ // text/template counts columns from 0
	}
	if m[1] != "" {
		file = m[1]
	}
	msg := m[4]
	// Execution errors repeat the location inside the message.
	msg = regexp.MustCompile(`^executing "[^"]*" at <[^>]*>: `).ReplaceAllString(msg, "")
	return diag.Errorf(diag.Position{File: file, Line: line, Col: col}, "template: %s", msg), true
}

// loadStatic reads the theme's static files and names the CSS and JS ones
// by their content hash.
func (s *Set) loadStatic(extraCSS []byte) error {
	for _, rel := range slices.Sorted(maps.Keys(s.src)) {
		name, ok := strings.CutPrefix(rel, "static/")
		if !ok {
			continue
		}
		f := s.src[rel]
		b, err := fs.ReadFile(f.fsys, f.path)
		if err != nil {
			return fmt.Errorf("theme %s: %w", s.dir, err)
		}
		out := name
		switch path.Ext(name) {
		case ".css", ".js":
			if name == "style.css" && len(extraCSS) > 0 {
				b = append(append(bytes.Clone(b), '\n'), extraCSS...)
			}
			sum := sha256.Sum256(b)
			ext := path.Ext(name)
			out = strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		}
		s.assets[name] = out
		s.files[out] = b
	}
	return nil
}

// AddData names a file that the site generates (a search index, say), so
// that templates can link it with {{asset name}}. Unlike the theme's CSS and
// JS, its name carries no content hash: it changes with the content, and a
// hashed name would change every page that links it.
func (s *Set) AddData(name string) {
	s.assets[name] = name
}

// Files returns the theme's static files by output path.
func (s *Set) Files() map[string][]byte {
	return s.files
}

// Has reports whether the theme has a layout for kind.
func (s *Set) Has(kind string) bool {
	_, ok := s.layouts[kind]
	return ok
}

// Page is what a layout gets as dot.
type Page struct {
	Kind        string
	Path        string // below the base URL: "points/26/"; "" for home
	Title       string
	Description string
	Draft       bool // the page of a draft, shown only by serve, check or -drafts
	Site        *xref.Model
	Doc         *xref.Doc // the page's notes; nil if it has none

	Point  *xref.Point
	Source *xref.Source
	Seed   *xref.Seed
	Page   *xref.Page
	Para   *xref.Para // the paragraph whose citations a "cited" page lists

	// Pager places a page of a list split over pages (the points index,
	// the sources, the print parts, a source's citations): it names the
	// items of the list on this page. nil if the page is no such page.
	Pager *Pager
	// Nav is the page of the points index that holds a point page's
	// point, for a contents list of its neighbours; nil on other pages.
	Nav *Pager
}

// Render executes the layout for p.Kind. Errors in the template come back
// as a diag.List with the theme file's position.
func (s *Set) Render(p *Page) ([]byte, error) {
	var b bytes.Buffer
	if err := s.RenderTo(&b, p); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// RenderTo is Render appending to b, for a caller that reuses its buffers
// from page to page. On error, b holds part of the page.
func (s *Set) RenderTo(b *bytes.Buffer, p *Page) error {
	t, ok := s.layouts[p.Kind]
	if !ok {
		return diag.List{diag.Errorf(diag.Position{File: s.dir + "/" + p.Kind + ".html"},
			"theme has no layout for %s pages", p.Kind).WithHint("add %s/%s.html", s.dir, p.Kind)}
	}
	size := s.sizes[p.Kind]
	start := b.Len()
	b.Grow(sizeHint(p, size))
	if err := t.execute(b, s.dir+"/base.html", p); err != nil {
		if d, ok := s.templateDiag(err, s.dir+"/"+p.Kind+".html"); ok {
			return diag.List{d}
		}
		return fmt.Errorf("render %s: %w", p.Path, err)
	}
	if size != nil {
		size.Store(int64(b.Len() - start))
	}
	return nil
}

// sizeHint guesses how many bytes the page p renders to, so that its
// buffer is allocated once rather than grown by doubling: the size of the
// last page of its kind (pages of a kind are much alike), and for a page
// that shows a whole seed or source, its text (for a 20 MB seed, growing
// the buffer was the biggest cost of a build).
func sizeHint(p *Page, last *atomic.Int64) int {
	n := 0
	switch {
	case p.Seed != nil && p.Seed.Seed != nil:
		n = len(p.Seed.Data) + 64*len(p.Seed.Rows)
	case p.Source != nil:
		for _, pa := range p.Source.Paras {
			n += len(pa.Text) + 64
		}
	}
	n = 16<<10 + n + n/4
	if last != nil {
		if l := int(last.Load()); l < maxSizeHint {
			n = max(n, l+l/8)
		}
	}
	return n
}

// maxSizeHint is the largest size of a page that sizeHint passes on to the
// next page of its kind: a big page is no guide to the next.
const maxSizeHint = 1 << 20

// maxOnce bounds the kept HTML of once: a Set that serves build after
// build (dossier serve) forgets the earlier builds' parts when it is
// reached. A build of ten thousand points renders a contents list for each
// run of ten, a thousand, and a card for each point and source it links.
const maxOnce = 1 << 16

// once renders the partial name with data the first time it is asked for
// and returns the same HTML every later time for the same data: for parts
// that are the same on many pages, such as a contents list of points
// ({{once "pointnav" .Nav}}). data must be comparable, a pointer say.
func (s *Set) once(name string, data any) (template.HTML, error) {
	key := onceKey{name, data}
	if h, ok := s.onces.get(key); ok {
		return h, nil
	}
	// Rendered outside the lock, so that other parts render meanwhile.
	h, err := s.render(name, data)
	if err != nil {
		return "", err
	}
	s.onces.put(key, h, maxOnce)
	return h, nil
}

// Forget drops every part rendered once (once, cited) and the kept
// CitedSources, for a model that was changed in place
// (xref.Model.Update): they are kept by the pointers they were made from,
// which now hold other contents.
func (s *Set) Forget() {
	s.onces.forget()
	s.cites.forget()
	s.sources.forget()
}

// current marks the links of h whose href is exactly href as the current
// page (aria-current="page"), so a part rendered once can still say "you
// are here".
func current(h template.HTML, href string) template.HTML {
	attr := `href="` + template.HTMLEscapeString(href) + `"`
	return template.HTML(strings.ReplaceAll(string(h), attr, attr+ariaCurrent))
}

const ariaCurrent = ` aria-current="page"`

// currentTo is current writing the HTML to w: its writer variant (see
// writers). A point page's contents list of its neighbours was copied
// whole to be marked: 2% of the bytes a build allocated.
func currentTo(w io.Writer, h template.HTML, href string) error {
	attr := `href="` + template.HTMLEscapeString(href) + `"`
	rest := string(h)
	for {
		i := strings.Index(rest, attr)
		if i < 0 {
			break
		}
		i += len(attr)
		if _, err := io.WriteString(w, rest[:i]); err != nil {
			return err
		}
		if _, err := io.WriteString(w, ariaCurrent); err != nil {
			return err
		}
		rest = rest[i:]
	}
	_, err := io.WriteString(w, rest)
	return err
}

// URL returns the site path of a page path: the base path joined with p.
func (s *Set) URL(p string) string {
	return s.base.Path + strings.TrimPrefix(p, "/")
}

// Abs returns the absolute URL of a page path, for canonical links, feeds
// and sitemaps. With a base URL that is only a path, it is the site path.
func (s *Set) Abs(p string) string {
	u := *s.base
	u.Path = s.URL(p)
	return u.String()
}

func (s *Set) funcs() template.FuncMap {
	return template.FuncMap{
		"url": s.URL,
		"abs": s.Abs,
		"asset": func(name string) (string, error) {
			out, ok := s.assets[name]
			if !ok {
				return "", fmt.Errorf("no static file %q in %s/static", name, s.dir)
			}
			return s.URL(out), nil
		},
		"prose":          s.prose,
		"backlinksShown": func() int { return BacklinksShown },
		"citingShown":    func() int { return CitingShown },
		"seedrows":       s.seedRows,
		"paratext":       s.paraText,
		"date":           date,
		"isodate":        isodate,
		"plural": func(n int, one, many string) string {
			if n == 1 {
				return "1 " + one
			}
			return strconv.Itoa(n) + " " + many
		},
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, errors.New("dict needs key and value pairs")
			}
			m := map[string]any{}
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict key %v is not a string", kv[i])
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"lower": strings.ToLower,
		"join":  strings.Join,
		"add":   func(a, b int) int { return a + b },
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
		"contains":  func(list []string, s string) bool { return slices.Contains(list, s) },
		"once":      s.once,
		"cited":     s.cited,
		"backlinks": backlinks,
		"bytens":    ByTens,
		"current":   current,
		"jsstr":     texttemplate.JSEscapeString,
	}
}

// writers returns the writer variants of functions of funcs that return
// HTML, by name: each writes to its io.Writer the HTML its function
// returns, for texec to call where that HTML goes to the page unchanged
// (see texec.Func.WithWriter), rather than make a string of it to copy.
func (s *Set) writers() map[string]any {
	return map[string]any{
		"prose":   s.proseTo,
		"current": currentTo,
		"cited":   s.citedTo,
	}
}
