// Package theme is the render stage: it loads a theme folder,
// themes/<name>/, and executes its html/template layouts for each page of a
// resolved site. A Set is safe for concurrent use, so pages render in
// parallel.
//
// A theme folder holds:
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
// Templates get the page (see Page) as dot and these functions: url, abs,
// asset, prose, date, isodate, plural, dict, lower, join, add, seq.
package theme

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
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
}

// Set is a loaded theme.
type Set struct {
	dir     string
	md      *markdown.Markdown
	base    *url.URL
	word    string
	layouts map[string]*template.Template
	shared  *template.Template // base and partials, for prose
	assets  map[string]string  // static name → hashed output path
	files   map[string][]byte  // output path → bytes of static files

	onceMu sync.Mutex
	onces  map[onceKey]template.HTML // partials rendered once per model
}

// onceKey names a partial rendered once for one piece of data (a model: a
// Set may serve several builds in a row).
type onceKey struct {
	name string
	data any
}

// Load reads the theme in dir (site-relative, "themes/default") from fsys.
// Template syntax errors come back as diagnostics at their theme file and
// line; an error is returned if the folder cannot be read.
func Load(fsys fs.FS, dir string, opts Options) (*Set, diag.List, error) {
	s := &Set{
		dir:     dir,
		md:      opts.Markdown,
		base:    opts.BaseURL,
		word:    opts.PointWord,
		layouts: map[string]*template.Template{},
		assets:  map[string]string{},
		files:   map[string][]byte{},
	}
	if _, err := fs.Stat(fsys, dir); err != nil {
		return nil, nil, fmt.Errorf("theme %s: %w", dir, err)
	}
	var diags diag.List
	if err := s.loadStatic(fsys, opts.ExtraCSS); err != nil {
		return nil, nil, err
	}

	common := template.New("").Funcs(s.funcs())
	partials, err := fs.Glob(fsys, dir+"/partials/*.html")
	if err != nil {
		return nil, nil, err
	}
	shared := append([]string{dir + "/base.html"}, partials...)
	for _, name := range shared {
		if err := parseFile(common, fsys, name); err != nil {
			if d, ok := templateDiag(err, name); ok {
				diags.Add(d)
				continue
			}
			return nil, nil, err
		}
	}
	layouts, err := fs.Glob(fsys, dir+"/*.html")
	if err != nil {
		return nil, nil, err
	}
	// The partials run on their own for prose: keep a copy that no layout
	// is parsed into.
	s.shared, err = common.Clone()
	if err != nil {
		return nil, nil, err
	}
	for _, name := range layouts {
		kind := strings.TrimSuffix(path.Base(name), ".html")
		if kind == "base" {
			continue
		}
		t, err := common.Clone()
		if err != nil {
			return nil, nil, fmt.Errorf("theme %s: %w", dir, err)
		}
		if err := parseFile(t, fsys, name); err != nil {
			if d, ok := templateDiag(err, name); ok {
				diags.Add(d)
				continue
			}
			return nil, nil, err
		}
		s.layouts[kind] = t
	}
	return s, diags, nil
}

// parseFile parses one template file into t under its site-relative name.
func parseFile(t *template.Template, fsys fs.FS, name string) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && path.Base(name) == "base.html" {
			return fmt.Errorf("theme: missing %s", name)
		}
		return err
	}
	_, err = t.New(name).Parse(string(b))
	return err
}

// templateErrRE picks the file, line and column out of template errors:
// "template: themes/default/point.html:3:7: executing …" or
// "template: themes/default/point.html:3: unexpected …".
var templateErrRE = regexp.MustCompile(`template: ([^:]+):(\d+)(?::(\d+))?: (.*)`)

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
func (s *Set) loadStatic(fsys fs.FS, extraCSS []byte) error {
	root := s.dir + "/static"
	if _, err := fs.Stat(fsys, root); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, root+"/")
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
		return nil
	})
}

// AddData names a file that the site generates (a search index, say), so
// that templates can link it with {{asset name}}. Unlike the theme's CSS and
// JS, its name carries no content hash: it changes with the content, and a
// hashed name would change every page that links it.
func (s *Set) AddData(name string) {
	s.assets[name] = name
}

// Markdown returns the Markdown parser the theme renders prose with.
func (s *Set) Markdown() *markdown.Markdown { return s.md }

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
	Site        *xref.Model
	Doc         *xref.Doc // the page's notes; nil if it has none

	Point  *xref.Point
	Source *xref.Source
	Seed   *xref.Seed
	Page   *xref.Page
}

// Render executes the layout for p.Kind. Errors in the template come back
// as a diag.List with the theme file's position.
func (s *Set) Render(p *Page) ([]byte, error) {
	t, ok := s.layouts[p.Kind]
	if !ok {
		return nil, diag.List{diag.Errorf(diag.Position{File: s.dir + "/" + p.Kind + ".html"},
			"theme has no layout for %s pages", p.Kind).WithHint("add %s/%s.html", s.dir, p.Kind)}
	}
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, s.dir+"/base.html", p); err != nil {
		if d, ok := templateDiag(err, s.dir+"/"+p.Kind+".html"); ok {
			return nil, diag.List{d}
		}
		return nil, fmt.Errorf("render %s: %w", p.Path, err)
	}
	return b.Bytes(), nil
}

// once renders the partial name with data the first time it is asked for
// and returns the same HTML every later time for the same data: for parts
// that are the same on every page, such as a contents list of all points
// ({{once "pointnav" .Site}}). data must be comparable, a pointer say.
func (s *Set) once(name string, data any) (template.HTML, error) {
	key := onceKey{name, data}
	s.onceMu.Lock()
	defer s.onceMu.Unlock()
	if h, ok := s.onces[key]; ok {
		return h, nil
	}
	var b bytes.Buffer
	if err := s.partial(&b, name, data); err != nil {
		return "", err
	}
	if s.onces == nil || len(s.onces) > 64 {
		s.onces = map[onceKey]template.HTML{} // forget earlier builds'
	}
	h := template.HTML(b.String())
	s.onces[key] = h
	return h, nil
}

// current marks the links of h whose href is exactly href as the current
// page (aria-current="page"), so a part rendered once can still say "you
// are here".
func current(h template.HTML, href string) template.HTML {
	attr := `href="` + template.HTMLEscapeString(href) + `"`
	return template.HTML(strings.ReplaceAll(string(h), attr, attr+` aria-current="page"`))
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
		"prose": s.prose,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2 January 2006")
		},
		"isodate": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.Format("2006-01-02")
		},
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
		"contains": func(list []string, s string) bool { return slices.Contains(list, s) },
		"once":     s.once,
		"current":  current,
		"jsstr":    texttemplate.JSEscapeString,
	}
}
