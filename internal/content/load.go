package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/sitefs"
	"github.com/dossier-dev/dossier/internal/tomlfile"
)

// Options says what Load leaves out.
type Options struct {
	Drafts bool // include points, sources and pages marked draft
	// Publish says that the drafts included are to be published, so that
	// what is only a warning in a draft (a placeholder left in) is an
	// error.
	Publish bool
	// Cache, if set, keeps what each file decoded to, so that a file that
	// did not change since the last Load with the same Cache is not decoded
	// again: for a live preview, which loads the whole site after every
	// edit.
	Cache *Cache
}

// Cache holds decoded content files between loads. Its zero value is ready
// to use; it is safe for concurrent use.
type Cache struct {
	mu    sync.Mutex
	files map[string]*loaded
}

// loaded is what one file decoded to.
type loaded struct {
	data   []byte
	point  *Point
	source *Source
	page   *Page
	events []Event
	failed bool
	diags  diag.List
}

// get returns what the file at p with data decoded to last time, if it has
// not changed since.
func (c *Cache) get(p string, data []byte) *loaded {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if l, ok := c.files[p]; ok && bytes.Equal(l.data, data) {
		return l
	}
	return nil
}

func (c *Cache) put(p string, l *loaded) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.files == nil {
		c.files = map[string]*loaded{}
	}
	c.files[p] = l
}

// ignored reports whether a file name is an editor's or a system's
// leftover, which is neither content nor a file to publish: backups (x~,
// x.bak), swap and lock files (.x.swp, #x#, .#x), vim's write test (4913).
func ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		name == "4913":
		return true
	}
	switch path.Ext(name) {
	case ".bak", ".swp", ".swo", ".swx", ".tmp":
		return true
	}
	return false
}

// Dir is the folder, relative to the site root, that Load reads.
const Dir = "content"

// idRE is what a source id may look like: it is written in citations and
// becomes part of a URL.
var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Load reads content/ from fsys, the site root. Problems in the files come
// back as diagnostics; an error is returned only if reading fails.
//
// The folder is walked first; then the files are read and decoded in
// parallel, one worker per CPU; then the site is put together in the
// order of the walk, so that it and its diagnostics do not depend on which
// worker finished first.
func Load(ctx context.Context, fsys fs.FS, opts Options) (*Site, diag.List, error) {
	s := &Site{Failed: map[string]bool{}}
	var diags diag.List
	if dg := sitefs.Check(fsys, Dir); dg != nil {
		diags.Add(*dg)
		return s, diags, nil
	}
	// A file to read, or a problem the walk found, in the order of the
	// walk.
	type entry struct {
		p, rel string
		dg     *diag.Diagnostic
		data   []byte
		l      *loaded // nil for a file copied as it is
		err    error
	}
	var entries []entry
	var walk fs.WalkDirFunc
	walk = func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == Dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipDir
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			if p != Dir && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if ignored(d.Name()) {
			return nil
		}
		// A link is followed only if it stays in the site: a folder is
		// walked as if it were here, a file read as if it were.
		switch kind, dg := sitefs.Follow(fsys, p, d); kind {
		case sitefs.Skip:
			entries = append(entries, entry{dg: dg})
			return nil
		case sitefs.Folder:
			return fs.WalkDir(fsys, p, walk)
		}
		entries = append(entries, entry{p: p, rel: strings.TrimPrefix(p, Dir+"/")})
		return nil
	}
	if err := fs.WalkDir(fsys, Dir, walk); err != nil {
		return nil, nil, fmt.Errorf("load content: %w", err)
	}

	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(entries)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(entries) || ctx.Err() != nil {
					return
				}
				e := &entries[i]
				if e.dg != nil {
					continue
				}
				e.data, e.err = fs.ReadFile(fsys, e.p)
				if e.err == nil && (path.Ext(e.rel) == ".md" || e.rel == "timeline.toml") {
					e.l = opts.Cache.load(e.p, e.rel, e.data)
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("load content: %w", err)
	}

	// The lists are made at their size: ten thousand points of 300 bytes
	// each are copied once, not again each time the list grows.
	var points, sources int
	for _, e := range entries {
		if e.l != nil && e.l.point != nil {
			points++
		} else if e.l != nil && e.l.source != nil {
			sources++
		}
	}
	if points > 0 {
		s.Points = make([]Point, 0, points)
	}
	if sources > 0 {
		s.Sources = make([]Source, 0, sources)
	}
	for _, e := range entries {
		switch {
		case e.dg != nil:
			diags.Add(*e.dg)
			continue
		case e.err != nil:
			return nil, nil, fmt.Errorf("load content: %w", e.err)
		case e.l == nil:
			s.Files = append(s.Files, File{Path: e.rel, Data: e.data})
			continue
		}
		p, l := e.p, e.l
		diags.Add(l.diagnostics(opts)...)
		switch {
		case l.failed:
			s.Failed[p] = true
		case l.events != nil:
			s.Events = append(s.Events, l.events...)
		case l.point != nil && !opts.Drafts && l.point.Draft:
			s.Drafts = append(s.Drafts, Draft{File: p, Number: l.point.Number})
		case l.source != nil && !opts.Drafts && l.source.Draft:
			s.Drafts = append(s.Drafts, Draft{File: p, ID: l.source.ID})
		case l.point != nil:
			s.Points = append(s.Points, *l.point)
		case l.source != nil:
			s.Sources = append(s.Sources, *l.source)
		case l.page != nil && (opts.Drafts || !l.page.Draft):
			if l.page.Name == "" {
				pg := *l.page
				s.Home = &pg
			} else {
				s.Pages = append(s.Pages, *l.page)
			}
		}
	}
	checkDuplicates(s, &diags)
	sort.SliceStable(s.Points, func(i, j int) bool { return s.Points[i].Number < s.Points[j].Number })
	return s, diags, nil
}

// load returns what the file at p decodes to, from c if it has not
// changed since it was decoded last.
func (c *Cache) load(p, rel string, data []byte) *loaded {
	l := c.get(p, data)
	if l == nil {
		l = decode(p, rel, data)
		c.put(p, l)
	}
	return l
}

// diagnostics returns the problems of a file decoded, as Load reports
// them with opts.
func (l *loaded) diagnostics(opts Options) diag.List {
	var diags diag.List
	draft := l.point != nil && l.point.Draft || l.source != nil && l.source.Draft || l.page != nil && l.page.Draft
	for _, d := range l.diags {
		// A draft's warnings (placeholders) are errors when it is
		// published, and not worth saying when it is left out.
		switch {
		case d.Severity != diag.Warning || !draft:
		case !opts.Drafts:
			continue
		case opts.Publish:
			d.Severity = diag.Error
		}
		diags.Add(d)
	}
	return diags
}

// ReloadPoint reads the point file p (site-relative, under content/points/)
// again, for a live preview that knows only p changed since the last Load:
// it returns the point as Load would have it in Site.Points, and the file's
// problems as Load would report them. It returns a nil point, to say that
// the whole of content/ must be loaded again, if p is not a plain file
// that loads as a point the Site holds (with opts, a draft is not), if it
// is a file Load skips, or if it cannot be read.
func ReloadPoint(fsys fs.FS, p string, opts Options) (*Point, diag.List) {
	rel, ok := strings.CutPrefix(p, Dir+"/")
	if !ok || !strings.HasPrefix(rel, "points/") || path.Ext(rel) != ".md" || slices.ContainsFunc(strings.Split(rel, "/"), ignored) {
		return nil, nil
	}
	if fi, err := fs.Lstat(fsys, p); err != nil || !fi.Mode().IsRegular() {
		return nil, nil
	}
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		return nil, nil
	}
	l := opts.Cache.load(p, rel, data)
	if l.failed || l.point == nil || l.point.Draft && !opts.Drafts {
		return nil, nil
	}
	pt := *l.point
	return &pt, l.diagnostics(opts)
}

// decode decodes one content file: rel is its path below content/.
func decode(p, rel string, data []byte) *loaded {
	l := &loaded{data: data}
	if d, bad := diag.CheckUTF8(p, data); bad {
		// Nothing of the file is used: not a byte of it may reach a page.
		l.diags.Add(d)
		l.failed = true
		return l
	}
	switch {
	case rel == "timeline.toml":
		l.events = loadTimeline(p, data, &l.diags)
		if l.events == nil {
			l.events = []Event{}
		}
	case strings.HasPrefix(rel, "points/"):
		pt, ok := loadPoint(p, data, &l.diags)
		l.point, l.failed = &pt, !ok
	case strings.HasPrefix(rel, "sources/"):
		src, ok := loadSource(p, data, &l.diags)
		l.source, l.failed = &src, !ok
	default:
		pg, ok := loadPage(p, data, &l.diags)
		if ok {
			l.page = &pg
		}
	}
	return l
}

// parseFront splits a Markdown file and decodes its front matter into v.
func parseFront(p string, data []byte, v any, diags *diag.List) (Front, Markdown, bool) {
	front, frontLine, body, bodyLine, d := split(p, data)
	if d != nil {
		diags.Add(*d)
		return Front{File: p}, Markdown{}, false
	}
	f := Front{File: p}
	if front != nil {
		loc, ds := tomlfile.Decode(p, front, frontLine, v)
		diags.Add(ds...)
		f.loc = loc
		if ds.HasErrors() {
			return f, Markdown{}, false
		}
	}
	md := Markdown{Src: body, Text: diag.NewText(diag.Position{File: p, Line: bodyLine, Col: 1}, body)}
	return f, md, true
}

// Placeholder starts the text that "dossier new" writes for a key the
// author has still to fill in.
const Placeholder = "TODO"

// placeholders reports the keys whose value is still a placeholder: a
// warning in a draft, an error in a file to publish.
func placeholders(diags *diag.List, f Front, draft bool, values map[string]string) {
	for _, key := range sortedKeys(values) {
		if !strings.HasPrefix(values[key], Placeholder) {
			continue
		}
		if draft {
			diags.Add(diag.Warningf(f.At(key), "%s is still a placeholder", key).
				WithHint("a draft may keep it; publishing it is an error"))
		} else {
			diags.Add(diag.Errorf(f.At(key), "%s is still a placeholder", key).
				WithHint("write it, or mark the file draft = true"))
		}
	}
}

// required reports a missing required key.
func required(diags *diag.List, f Front, key, example string) {
	diags.Add(diag.Errorf(diag.Position{File: f.File, Line: 1, Col: 1}, "missing %s in front matter", key).
		WithHint("add %s", example))
}

func loadPoint(p string, data []byte, diags *diag.List) (Point, bool) {
	var pf pointFile
	f, body, ok := parseFront(p, data, &pf, diags)
	if !ok {
		return Point{}, false
	}
	pt := Point{
		Front: f, Number: pf.Number, Title: curl(pf.Title), Bucket: pf.Bucket,
		Summary: curl(pf.Summary), Text: pf.Text, TextKind: pf.TextKind,
		TextSource: pf.TextSource, Assessment: pf.Assessment, Tags: pf.Tags,
		Related: pf.Related, Updated: config.Date(pf.Updated), Draft: pf.Draft,
		Body: body,
	}
	if f.loc == nil {
		diags.Add(diag.Errorf(diag.Position{File: p, Line: 1, Col: 1}, "point has no front matter").
			WithHint("start the file with +++, the keys number, title, bucket and summary, and +++"))
		return pt, false
	}
	if pf.Number <= 0 {
		if pf.Number < 0 {
			diags.Add(diag.Errorf(f.At("number"), "point number %d must be positive", pf.Number))
		} else {
			required(diags, f, "number", "number = 26")
		}
	} else if base := strings.TrimSuffix(path.Base(p), ".md"); isNumber(base) {
		if n, _ := strconv.Atoi(base); n != pf.Number {
			diags.Add(diag.Errorf(f.At("number"), "number = %d but the file is named %s", pf.Number, path.Base(p)).
				WithHint("rename the file to %02d.md or fix the number", pf.Number))
		}
	}
	if pf.Title == "" {
		required(diags, f, "title", `title = "…"`)
	}
	if pf.Summary == "" {
		required(diags, f, "summary", `summary = "…"`)
	}
	placeholders(diags, f, pf.Draft, map[string]string{
		"title": pf.Title, "bucket": pf.Bucket, "summary": pf.Summary, "text": pf.Text,
		"text_source": pf.TextSource, "assessment": pf.Assessment,
	})
	if pf.Bucket == "" {
		required(diags, f, "bucket", `bucket = "…" (a key of [buckets] in site.toml)`)
	}
	if pf.Text != "" || pf.TextKind != "" {
		if pf.TextKind != Verbatim && pf.TextKind != Paraphrase {
			diags.Add(diag.Errorf(f.At("text_kind"), "text_kind = %q, want %q or %q", pf.TextKind, Verbatim, Paraphrase))
		}
	}
	for _, k := range sortedKeys(pf.Position) {
		c := pf.Position[k]
		key := "position." + k
		ch := Change{Version: k, Status: c.Status, Cite: c.Cite, Key: key, Note: f.markdown(key+".note", c.Note)}
		if !slices.Contains(Statuses, c.Status) {
			diags.Add(diag.Errorf(f.At(key+".status"), "status = %q in [%s], want one of %s", c.Status, key, strings.Join(Statuses, ", ")).
				WithHint("%s", didYouMean(c.Status, Statuses)))
		}
		pt.Changes = append(pt.Changes, ch)
	}
	// Changes keep the order in which the file writes them.
	sort.SliceStable(pt.Changes, func(i, j int) bool {
		return pt.Changes[i].pos(f).Compare(pt.Changes[j].pos(f)) < 0
	})
	// A point with problems is still indexed, so that references to it do
	// not add errors of their own; one without a number cannot be.
	return pt, pt.Number > 0
}

func (c Change) pos(f Front) diag.Position { return f.At(c.Key) }

func loadSource(p string, data []byte, diags *diag.List) (Source, bool) {
	var sf sourceFile
	f, body, ok := parseFront(p, data, &sf, diags)
	if !ok {
		return Source{}, false
	}
	id := strings.TrimSuffix(path.Base(p), ".md")
	src := Source{
		Front: f, ID: id, Title: curl(sf.Title), Subtitle: curl(sf.Subtitle), Outlet: sf.Outlet,
		Authors: sf.Authors, Date: config.Date(sf.Date), DateNote: sf.DateNote,
		URL: sf.URL, URLNote: sf.URLNote, CopyURL: sf.CopyURL, License: sf.License,
		ArchiveURL: sf.Archive, Archived: config.Date(sf.Archived), Captured: config.Date(sf.Captured),
		Seed: sf.Seed, Start: sf.Start, End: sf.End, Draft: sf.Draft, Body: body,
	}
	if !idRE.MatchString(id) {
		diags.Add(diag.Errorf(diag.Position{File: p}, "source id %q must be lower-case letters, digits, '.', '_' and '-'", id).
			WithHint("rename the file"))
	}
	if sf.Title == "" {
		required(diags, f, "title", `title = "…"`)
	}
	for key, u := range map[string]string{"url": sf.URL, "copy_url": sf.CopyURL, "archive_url": sf.Archive} {
		if u == "" {
			continue
		}
		if err := config.CheckURL(u); err != nil {
			diags.Add(diag.Errorf(f.At(key), "%v", err))
		}
	}
	if !sf.Archived.IsZero() && sf.Archive == "" {
		diags.Add(diag.Errorf(f.At("archived"), "archived without archive_url").
			WithHint(`add archive_url = "https://…": the archived copy taken that day`))
	}
	if !sf.Captured.IsZero() && sf.URL == "" {
		diags.Add(diag.Errorf(f.At("captured"), "captured without url").
			WithHint("add the address the text was captured from"))
	}
	if sf.Seed == "" && (sf.Start != "" || sf.End != "" || len(sf.Roles) > 0) {
		diags.Add(diag.Errorf(f.At("start"), "start, end and roles need a seed").
			WithHint(`add seed = "FILE" (a file under seeds/)`))
	}
	if sf.End != "" && sf.Start == "" {
		diags.Add(diag.Errorf(f.At("end"), "end anchor without a start anchor"))
	}
	for _, role := range sortedKeys(sf.Roles) {
		for _, a := range sf.Roles[role] {
			src.Roles = append(src.Roles, Role{Role: role, Anchor: a, Pos: f.At("roles." + role)})
		}
	}
	for i, g := range sf.Gloss {
		key := fmt.Sprintf("gloss.%d.", i)
		if g.Quote == "" {
			diags.Add(diag.Errorf(f.At(key[:len(key)-1]), "gloss %d has no quote", i+1).
				WithHint(`add quote = "…": the words of the source it is anchored on`))
		}
		if g.Note == "" {
			diags.Add(diag.Errorf(f.At(key[:len(key)-1]), "gloss %d has no note", i+1))
		}
		src.Glosses = append(src.Glosses, Gloss{
			Quote: g.Quote, QuotePos: quotePos(f, key+"quote"), Note: f.markdown(key+"note", g.Note),
			Title: curl(g.Title), Index: i,
		})
	}
	return src, true
}

// quotePos returns the position of the first character of a string value.
func quotePos(f Front, key string) diag.Position {
	if f.loc == nil {
		return f.At(key)
	}
	return f.loc.Text(f.prefix + key).Pos(0)
}

func loadPage(p string, data []byte, diags *diag.List) (Page, bool) {
	var pf pageFile
	f, body, ok := parseFront(p, data, &pf, diags)
	if !ok {
		return Page{}, false
	}
	name := strings.TrimSuffix(strings.TrimPrefix(p, Dir+"/"), ".md")
	switch {
	case name == "_index":
		name = ""
	case path.Base(name) == "_index":
		name = path.Dir(name)
	case path.Base(name) == "index" && name != "index":
		// guide/index.md is the page of its folder; content/index.md is
		// a plain page like any other NAME.md, not one named ".".
		name = path.Dir(name)
	}
	pg := Page{
		Front: f, Name: name, Title: curl(pf.Title), Description: curl(pf.Description),
		Weight: pf.Weight, Menu: pf.Menu, TOC: pf.TOC, Draft: pf.Draft, Body: body,
	}
	if pf.Title == "" && name != "" {
		required(diags, f, "title", `title = "…"`)
	}
	return pg, true
}

func loadTimeline(p string, data []byte, diags *diag.List) []Event {
	var tf timelineFile
	loc, ds := tomlfile.Decode(p, data, 1, &tf)
	diags.Add(ds...)
	if ds.HasErrors() {
		return nil
	}
	var events []Event
	for i, e := range tf.Event {
		f := Front{File: p, loc: loc, prefix: fmt.Sprintf("event.%d.", i)}
		ev := Event{
			Front: f, Date: config.Date(e.Date), DateNote: e.DateNote, Title: curl(e.Title),
			Body: f.markdown("body", e.Body), Points: e.Points, Cite: e.Cite, Index: i,
		}
		if e.Date.IsZero() {
			diags.Add(diag.Errorf(f.At(""), "event %d has no date", i+1).WithHint("add date = 2025-11-20"))
		}
		if e.Title == "" {
			diags.Add(diag.Errorf(f.At(""), "event %d has no title", i+1))
		}
		events = append(events, ev)
	}
	return events
}

// checkDuplicates reports two points with one number, and two pages with
// one address (guide.md and guide/index.md are both /guide/).
func checkDuplicates(s *Site, diags *diag.List) {
	pages := map[string]string{}
	for _, pg := range s.Pages {
		if other, ok := pages[pg.Name]; ok {
			diags.Add(diag.Errorf(diag.Position{File: pg.File, Line: 1, Col: 1}, "page /%s/ is also made by %s", pg.Name, other).
				WithHint("rename one of them"))
			continue
		}
		pages[pg.Name] = pg.File
	}
	seen := map[int]string{}
	for _, pt := range s.Points {
		if pt.Number <= 0 {
			continue
		}
		if other, ok := seen[pt.Number]; ok {
			diags.Add(diag.Errorf(pt.At("number"), "duplicate point number %d", pt.Number).
				WithHint("%s has it too", other))
			continue
		}
		seen[pt.Number] = pt.File
	}
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func didYouMean(s string, candidates []string) string {
	if c := diag.Suggest(s, candidates); c != "" {
		return fmt.Sprintf("did you mean %q?", c)
	}
	return ""
}
