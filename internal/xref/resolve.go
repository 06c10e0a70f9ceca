package xref

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/seed"
)

// Input is what Resolve works from: the loaded configuration, content and
// seeds, and the Markdown parser to use.
type Input struct {
	Config   config.Config
	Content  *content.Site
	Seeds    []*seed.Seed
	Markdown *markdown.Markdown
	// Cache, if set, keeps the work on seed text for the next Resolve.
	Cache *Cache
	// PublishDrafts says that the drafts in Content are published: a
	// reference to one from a page that is not a draft is then no error.
	PublishDrafts bool
	// Record is the site's record of the paragraphs bare ¶ citations name
	// (RecordFile); nil checks nothing.
	Record Record
}

// resolver holds the indexes of one Resolve call.
type resolver struct {
	m       *Model
	md      *markdown.Markdown
	diags   diag.List
	points  map[int]*Point
	byNum   []*Point // byNum[n] is point n, if numbers are dense; see pointAt
	sources map[string]*Source
	ids     []string        // source ids, sorted, for suggestions
	failed  map[string]bool // content files that did not load
	cache   *Cache
	texts   map[*Source]*excerptText
	// drafts maps the drafts, those in the model and those left out, to
	// their files: "point 7" or "source id".
	drafts     map[string]string
	draftFiles map[string]bool // files of drafts in the model
	publish    bool            // drafts are published
	misses     []miss          // quotes not found, for closestHints
	record     Record
	bare       []bareCite                   // citations of a paragraph by number alone
	parsed     map[srcKey]*markdown.Doc     // what prefetch parsed
	parsedDocs []*markdown.Doc              // the same, in the order parsed
	hits       map[*markdown.Doc][]quoteHit // by item, what findQuotes found
	// findMu guards the quotes kept by the texts (excerptText.find) while
	// the points and sources are resolved on every CPU (resolveEach).
	findMu *sync.Mutex
}

// miss is a quote not found: the closest passage to it becomes the hint of
// the diagnostic r.diags[diag], once every quote has been looked for.
type miss struct {
	diag  int
	paras []*Para
	quote string
}

// Resolve checks every reference of the site and returns the model. All
// problems found come back as diagnostics; the model is complete as far as
// the references allow, so that later checks can still run.
func Resolve(ctx context.Context, in Input) (*Model, diag.List, error) {
	return resolve(ctx, in, perRun, runtime.GOMAXPROCS(0))
}

// resolve is Resolve, resolving chunk points or sources at a time on
// each CPU, and sharing the sources out among shares goroutines for
// backlinks.
func resolve(ctx context.Context, in Input, chunk, shares int) (*Model, diag.List, error) {
	r := &resolver{
		m:       &Model{Config: in.Config, Files: in.Content.Files},
		md:      in.Markdown,
		points:  map[int]*Point{},
		sources: map[string]*Source{},
		failed:  in.Content.Failed,
		cache:   in.Cache,
		texts:   map[*Source]*excerptText{},
		drafts:  map[string]string{},
		publish: in.PublishDrafts,
		record:  in.Record,
		findMu:  new(sync.Mutex),

		draftFiles: map[string]bool{},
	}
	for _, d := range in.Content.Drafts {
		if d.ID != "" {
			r.drafts["source "+d.ID] = d.File
		} else {
			r.drafts[fmt.Sprint("point ", d.Number)] = d.File
		}
	}
	for _, p := range in.Content.Points {
		if p.Draft {
			r.drafts[fmt.Sprint("point ", p.Number)] = p.File
			r.draftFiles[p.File] = true
		}
	}
	for _, s := range in.Content.Sources {
		if s.Draft {
			r.drafts["source "+s.ID] = s.File
			r.draftFiles[s.File] = true
		}
	}
	for _, pg := range in.Content.Pages {
		if pg.Draft {
			r.draftFiles[pg.File] = true
		}
	}
	r.indexSources(in.Content.Sources)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	cuts := r.planCuts(in.Seeds)
	// The points are indexed while the seeds are cut and the Markdown
	// parsed, on every CPU: that needs only the sources, and the points
	// only the configuration. Their problems come after the seeds', as
	// when they were indexed after.
	var (
		indexed   sync.WaitGroup
		pointDiag diag.List
	)
	indexed.Go(func() { pointDiag = r.indexPoints(in.Content.Points) })
	r.prefetch(ctx, in.Content, cuts)
	if err := ctx.Err(); err != nil {
		indexed.Wait()
		return nil, nil, err
	}
	r.applyCuts(cuts)
	indexed.Wait()
	r.diags.Add(pointDiag...)
	r.indexVersions()
	r.findQuotes(ctx)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}

	// Pages and their notes, in the order a reader meets them.
	if h := in.Content.Home; h != nil {
		r.m.Home = r.page(h)
	}
	if err := r.resolveEach(ctx, chunk, len(r.m.Points), func(sub *resolver, i int) { sub.point(r.m.Points[i]) }); err != nil {
		return nil, nil, err
	}
	// A version lists its changes in the order of the points.
	for _, p := range r.m.Points {
		for _, c := range p.Changes {
			c.Version.Changes = append(c.Version.Changes, c)
		}
	}
	if err := r.resolveEach(ctx, chunk, len(r.m.Sources), func(sub *resolver, i int) { sub.source(r.m.Sources[i]) }); err != nil {
		return nil, nil, err
	}
	for i := range in.Content.Pages {
		r.m.Pages = append(r.m.Pages, r.page(&in.Content.Pages[i]))
	}
	slices.SortStableFunc(r.m.Pages, func(a, b *Page) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), strings.Compare(a.Title, b.Title), strings.Compare(a.Name, b.Name))
	})
	r.timeline(in.Content.Events)
	r.additions()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	if err := r.closestHints(ctx); err != nil {
		return nil, nil, err
	}
	if err := r.checkRecord(ctx); err != nil {
		return nil, nil, err
	}
	r.m.bare = r.bare
	r.mentions()
	r.backlinks(ctx, shares)
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	r.stats()
	r.diags.Sort()
	ds := r.diags
	r.parsed, r.parsedDocs, r.hits = nil, nil, nil
	if in.Cache != nil {
		// A preview: keep the indexes, for Update.
		r.m.inc = r
		r.diags, r.misses, r.bare = nil, nil, nil
	}
	return r.m, ds, nil
}

func (r *resolver) indexSources(srcs []content.Source) {
	for i := range srcs {
		s := &Source{Source: &srcs[i]}
		s.Doc = &Doc{Path: s.Path(), Title: s.Title}
		r.sources[s.ID] = s
		r.m.Sources = append(r.m.Sources, s)
		r.ids = append(r.ids, s.ID)
	}
	slices.SortFunc(r.m.Sources, func(a, b *Source) int { return strings.Compare(a.ID, b.ID) })
	for i, s := range r.m.Sources {
		s.at = i
	}
	slices.Sort(r.ids)
	r.m.byDate = sourcesByDate(r.m.Sources)
}

// seedCut is the work on one seed: the specs of the sources cut from it,
// in the order of r.m.Sources, and the cut, from the cache or made by
// prefetch.
type seedCut struct {
	sd     *Seed
	specs  []seed.Spec
	owners []*Source
	k      *cut
}

// planCuts works out which excerpt of which seed each source is, reporting
// the sources whose seed or roles are unknown, and takes from r.cache the
// cuts that have not changed; prefetch makes the others (newCut), and
// applyCuts gives the sources their paragraphs.
func (r *resolver) planCuts(seeds []*seed.Seed) []*seedCut {
	byName := map[string]*seedCut{}
	var names []string
	for _, s := range seeds {
		sd := &Seed{Seed: s}
		byName[s.Name] = &seedCut{sd: sd}
		names = append(names, s.Name)
		r.m.Seeds = append(r.m.Seeds, sd)
	}
	slices.SortFunc(r.m.Seeds, func(a, b *Seed) int { return strings.Compare(a.Name, b.Name) })

	for _, s := range r.m.Sources {
		if s.External() {
			continue
		}
		sc, ok := byName[s.Seed]
		if !ok {
			d := diag.Errorf(s.At("seed"), "no seed file seeds/%s for source %q", s.Seed, s.ID)
			if c := diag.Suggest(s.Seed, names); c != "" {
				d = d.WithHint("did you mean %q?", c)
			} else {
				d = d.WithHint("seed files are the files under seeds/, named without the folder")
			}
			r.diags.Add(d)
			continue
		}
		spec := seed.Spec{
			ID: s.ID, Pos: s.At("seed"),
			Start: s.Start, StartPos: s.At("start"),
			End: s.End, EndPos: s.At("end"),
		}
		for _, role := range s.Roles {
			rl, ok := seed.ParseRole(role.Role)
			if !ok {
				var known []string
				for _, k := range seed.Roles() {
					known = append(known, string(k))
				}
				r.diags.Add(diag.Errorf(role.Pos, "unknown role %q", role.Role).
					WithHint("roles are %s", strings.Join(known, ", ")))
				continue
			}
			spec.Roles = append(spec.Roles, seed.RoleSpec{Role: rl, Anchor: role.Anchor, Pos: role.Pos})
		}
		sc.specs = append(sc.specs, spec)
		sc.owners = append(sc.owners, s)
	}

	cuts := make([]*seedCut, len(r.m.Seeds))
	for i, sd := range r.m.Seeds {
		sc := byName[sd.Name]
		if sc.sd != sd {
			sc = &seedCut{sd: sd} // a second seed of the name: nothing cut from it
		}
		sc.k = r.cache.cached(sd.Seed, sc.specs)
		cuts[i] = sc
	}
	return cuts
}

// applyCuts gives every source cut from a seed its paragraphs, in the
// order of the seeds' names, and keeps the cuts in r.cache.
func (r *resolver) applyCuts(cuts []*seedCut) {
	for _, sc := range cuts {
		sd, k := sc.sd, sc.k
		r.cache.keep(sd.Seed, k)
		r.diags.Add(k.diags...)
		// Rows are by line number less one; the excerpts' paragraphs are
		// put in them.
		if len(sd.Seed.Lines) > 0 {
			sd.Rows = make([]SeedLine, len(sd.Seed.Lines))
		}
		for i, l := range sd.Seed.Lines {
			sd.Rows[i].Line = l
		}
		for i, ex := range k.excerpts {
			s := sc.owners[i]
			s.InSeed = sd
			r.texts[s] = k.texts[i]
			if len(ex.Paras) == 0 {
				continue
			}
			paras := make([]Para, len(ex.Paras))
			s.Paras = make([]*Para, len(ex.Paras))
			for j, p := range ex.Paras {
				para := &paras[j]
				*para = Para{Para: p, Source: s}
				s.Paras[j] = para
				row := &sd.Rows[p.Line-1]
				row.Para, row.Source = para, s
			}
		}
		// Excerpts in the order of their first line in the seed.
		ex := slices.Clone(sc.owners)
		slices.SortStableFunc(ex, func(a, b *Source) int {
			return cmp.Compare(firstLine(a), firstLine(b))
		})
		for _, s := range ex {
			if len(s.Paras) > 0 {
				sd.Excerpts = append(sd.Excerpts, s)
			}
		}
	}
}

func firstLine(s *Source) int {
	if len(s.Paras) == 0 {
		return 1 << 30
	}
	return s.Paras[0].Line
}

// indexPoints indexes the points and puts them in their buckets,
// returning the problems it finds.
func (r *resolver) indexPoints(pts []content.Point) diag.List {
	var diags diag.List
	buckets := map[string]*Bucket{}
	var bucketKeys []string
	for _, b := range r.m.Config.Buckets {
		bk := &Bucket{Bucket: b}
		buckets[b.Key] = bk
		bucketKeys = append(bucketKeys, b.Key)
		r.m.Buckets = append(r.m.Buckets, bk)
	}
	for i := range pts {
		p := &Point{Point: &pts[i]}
		if _, dup := r.points[p.Number]; dup {
			continue // content reported it
		}
		p.Doc = &Doc{Path: p.Path(), Title: r.pointTitle(p.Point), Summary: p.Summary}
		r.points[p.Number] = p
		r.m.Points = append(r.m.Points, p)
		if b, ok := buckets[p.Point.Bucket]; ok {
			p.Group = b
			b.Points = append(b.Points, p)
		} else if p.Point.Bucket != "" && !strings.HasPrefix(p.Point.Bucket, content.Placeholder) {
			d := diag.Errorf(p.At("bucket"), "unknown bucket %q", p.Point.Bucket)
			if c := diag.Suggest(p.Point.Bucket, bucketKeys); c != "" {
				d = d.WithHint("did you mean %q?", c)
			} else if len(bucketKeys) > 0 {
				d = d.WithHint("buckets in site.toml: %s", strings.Join(bucketKeys, ", "))
			} else {
				d = d.WithHint("declare it in site.toml: [buckets.%s] title = \"…\"", p.Point.Bucket)
			}
			diags.Add(d)
		}
	}
	slices.SortFunc(r.m.Points, func(a, b *Point) int { return cmp.Compare(a.Number, b.Number) })
	r.byNum = denseNumbers(r.m.Points)
	for i, p := range r.m.Points {
		if i > 0 {
			p.Prev = r.m.Points[i-1]
		}
		if i+1 < len(r.m.Points) {
			p.Next = r.m.Points[i+1]
		}
	}
	return diags
}

// pointTitle is how a point is named in titles: "Point 26: Blanket amnesty".
func (r *resolver) pointTitle(p *content.Point) string {
	return fmt.Sprintf("%s %d: %s", r.m.Config.Points.Label, p.Number, p.Title)
}

func (r *resolver) indexVersions() {
	if len(r.m.Config.Versions) > 0 {
		r.m.Compare = &Doc{Path: "compare/", Title: "Versions compared"}
	}
	for _, v := range r.m.Config.Versions {
		ver := &Version{Version: v}
		if v.Source != "" {
			ver.Source = r.lookup(v.Source, func() diag.Position { return v.Pos })
		}
		r.m.Versions = append(r.m.Versions, ver)
	}
}

// additions resolves the cite lists of what versions add; they are noted on
// the compare page, after the points have their notes.
func (r *resolver) additions() {
	for _, v := range r.m.Versions {
		for _, a := range v.Version.Added {
			v.Added = append(v.Added, &Addition{Addition: a, Notes: r.citeList(r.m.Compare, a.Cite, func() diag.Position { return a.CitePos })})
		}
	}
}

// lookup finds a source by id, reporting an unknown one at pos. Positions
// are passed as functions throughout the resolver: working one out reads
// the structure of a front matter (tomlfile.Locator), which a build with
// no problems need never do.
func (r *resolver) lookup(id string, pos func() diag.Position) *Source {
	if s, ok := r.sources[id]; ok {
		if s.Source.Draft {
			r.draftRef("source "+strconv.Quote(id), "source "+id, pos)
		}
		return s
	}
	if r.draftRef("source "+strconv.Quote(id), "source "+id, pos) {
		return nil
	}
	if r.failed[content.Dir+"/sources/"+id+".md"] {
		return nil // its own problem is reported
	}
	d := diag.Errorf(pos(), "unknown source %q", id)
	if c := diag.Suggest(id, r.ids); c != "" {
		d = d.WithHint("did you mean %q?", c)
	} else {
		d = d.WithHint("sources are the files content/sources/ID.md")
	}
	r.diags.Add(d)
	return nil
}

// draftRef reports a reference at pos to the draft key ("point 7"), named
// name for the reader, if it is one and the reference is from a page that
// is published while the draft is not. It returns whether key is a draft
// left out of the model.
func (r *resolver) draftRef(name, key string, at func() diag.Position) bool {
	file, ok := r.drafts[key]
	if !ok {
		return false
	}
	if pos := at(); !r.publish && !r.draftFiles[pos.File] {
		r.diags.Add(diag.Errorf(pos, "%s is a draft", name).
			WithHint("%s has draft = true: publish it (remove draft = true), or build with -drafts", file))
	}
	_, inModel := r.draftFiles[file]
	return !inModel
}

// lookupPoint finds a point by number, reporting an unknown one at pos.
func (r *resolver) lookupPoint(n int, pos func() diag.Position) *Point {
	p, ok := r.pointAt(n)
	if ok && !p.Point.Draft {
		return p // the common case: nothing to report, no name to make
	}
	word := strings.ToLower(r.m.Config.Points.Label)
	if leftOut := r.draftRef(fmt.Sprint(word, " ", n), fmt.Sprint("point ", n), pos); ok || leftOut {
		return p // a draft: in the model, or left out of it (nil)
	}
	for _, name := range []string{fmt.Sprintf("%02d.md", n), fmt.Sprintf("%d.md", n)} {
		if r.failed[content.Dir+"/points/"+name] {
			return nil // its own problem is reported
		}
	}
	d := diag.Errorf(pos(), "unknown %s %d", word, n)
	if len(r.m.Points) > 0 {
		d = d.WithHint("%ss run from %d to %d", word, r.m.Points[0].Number, r.m.Points[len(r.m.Points)-1].Number)
	}
	r.diags.Add(d)
	return nil
}

// pointAt returns point n, as r.points does, from r.byNum where it covers n:
// a site's every cross-reference is looked up, and a slice costs less than a
// map.
func (r *resolver) pointAt(n int) (*Point, bool) {
	if r.byNum == nil {
		p, ok := r.points[n]
		return p, ok
	}
	if uint(n) >= uint(len(r.byNum)) {
		return nil, false
	}
	p := r.byNum[n]
	return p, p != nil
}

// denseNumbers returns the points sorted by number (pts) as a slice indexed
// by number, or nil if a number is below 1 or above twice the number of
// points and 64.
func denseNumbers(pts []*Point) []*Point {
	if len(pts) == 0 || pts[0].Number < 1 || pts[len(pts)-1].Number > 2*len(pts)+64 {
		return nil
	}
	by := make([]*Point, pts[len(pts)-1].Number+1)
	for _, p := range pts {
		by[p.Number] = p
	}
	return by
}

// perRun is how many points (or sources) one goroutine of resolveEach
// resolves at a time: enough that forking a resolver costs nothing, few
// enough that the CPUs finish together.
const perRun = 256

// resolveEach calls f(sub, i) for every i below n, on every CPU, chunk
// at a time, each run by a resolver of its own (fork) whose problems,
// citations by number and counts are then added to r's in the order of i
// (join): the same, in the same order, as calling f(r, i) for each i in
// turn. f resolves one point or one source: it only reads the indexes and
// the other points and sources, and writes to its own.
func (r *resolver) resolveEach(ctx context.Context, chunk, n int, f func(sub *resolver, i int)) error {
	chunk = max(chunk, 1)
	subs := make([]*resolver, (n+chunk-1)/chunk)
	parallel(ctx, len(subs), func(k int) {
		sub := r.fork()
		for i := k * chunk; i < min((k+1)*chunk, n); i++ {
			f(sub, i)
		}
		subs[k] = sub
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, sub := range subs {
		r.join(sub)
	}
	return nil
}

// fork returns a resolver for some of the points or sources that shares
// r's indexes, which resolving one only reads, but keeps its own problems,
// bare citations and counts (in a copy of the model, whose lists it only
// reads). Quotes found anew are kept under r.findMu.
func (r *resolver) fork() *resolver {
	sub := *r
	m := *r.m
	m.Stats = Stats{}
	sub.m = &m
	sub.diags, sub.misses, sub.bare = nil, nil, nil
	return &sub
}

// join adds what sub found to r, as if r had found it.
func (r *resolver) join(sub *resolver) {
	for _, ms := range sub.misses {
		ms.diag += len(r.diags)
		r.misses = append(r.misses, ms)
	}
	r.diags = append(r.diags, sub.diags...)
	r.bare = append(r.bare, sub.bare...)
	st := sub.m.Stats
	r.m.Stats.Citations += st.Citations
	r.m.Stats.Quotes += st.Quotes
	r.m.Stats.QuotesCited += st.QuotesCited
	r.m.Stats.Xrefs += st.Xrefs
	r.m.Stats.Glosses += st.Glosses
}

func (r *resolver) point(p *Point) {
	before := r.m.Stats
	defer func() {
		after := r.m.Stats
		p.stats = pointStats{
			citations:   after.Citations - before.Citations,
			quotes:      after.Quotes - before.Quotes,
			quotesCited: after.QuotesCited - before.QuotesCited,
			xrefs:       after.Xrefs - before.Xrefs,
		}
	}()
	if id := p.Point.TextSource; strings.HasPrefix(id, content.Placeholder) {
		// Reported as a placeholder.
	} else if id != "" {
		p.TextFrom = r.lookup(id, func() diag.Position { return p.At("text_source") })
	} else if p.Point.Text != "" {
		r.diags.Add(diag.Errorf(p.At("text"), "point text has no source").
			WithHint(`add text_source = "ID": the source the wording comes from`))
	}
	for _, n := range p.Point.Related {
		rp := r.lookupPoint(n, func() diag.Position { return p.At("related") })
		switch {
		case rp == nil:
		case rp == p:
			r.diags.Add(diag.Errorf(p.At("related"), "%s %d is related to itself", strings.ToLower(r.m.Config.Points.Label), n))
		case !slices.Contains(p.Related, rp):
			p.Related = append(p.Related, rp)
		}
	}
	p.Commentary = r.prose(p.Doc, p.Body)

	var keys []string
	for _, v := range r.m.Versions {
		keys = append(keys, v.Key)
	}
	for _, c := range p.Point.Changes {
		i := slices.IndexFunc(r.m.Versions, func(v *Version) bool { return v.Key == c.Version })
		if i < 0 {
			d := diag.Errorf(p.At(c.Key), "unknown version %q", c.Version)
			if s := diag.Suggest(c.Version, keys); s != "" {
				d = d.WithHint("did you mean %q?", s)
			} else {
				d = d.WithHint("declare it in site.toml: [versions.%s] title = \"…\"", c.Version)
			}
			r.diags.Add(d)
			continue
		}
		ch := &Change{Version: r.m.Versions[i], Point: p, Status: c.Status, Note: r.prose(p.Doc, c.Note)}
		ch.Cites = r.citeList(p.Doc, c.Cite, func() diag.Position { return p.At(c.Key + ".cite") })
		p.Changes = append(p.Changes, ch) // and to its version's, by the caller
	}
	slices.SortStableFunc(p.Changes, func(a, b *Change) int {
		return cmp.Compare(slices.Index(r.m.Versions, a.Version), slices.Index(r.m.Versions, b.Version))
	})
	for _, n := range p.Doc.Notes {
		if n.Source != nil && !slices.Contains(p.Sources, n.Source) {
			p.Sources = append(p.Sources, n.Source)
		}
	}
}

// ChangeIn returns the point's change in version v, or nil if the point
// records none.
func (p *Point) ChangeIn(v *Version) *Change {
	for _, c := range p.Changes {
		if c.Version == v {
			return c
		}
	}
	return nil
}

func (r *resolver) source(s *Source) {
	s.Intro = r.prose(s.Doc, s.Body)
	for _, cg := range s.Source.Glosses {
		g := &Gloss{Gloss: cg, Source: s}
		s.Glosses = append(s.Glosses, g)
		r.m.Stats.Glosses++
		switch {
		case s.External():
			r.diags.Add(diag.Errorf(cg.QuotePos, "gloss on source %q, which has no text", s.ID).
				WithHint("glosses are anchored on a passage of a source's seed text"))
		case cg.Quote != "":
			if para, start, end, ok := r.findQuote(s, nil, cg.Quote, nil, func() diag.Position { return cg.QuotePos }, "gloss quote"); ok {
				g.Para, g.Start, g.End = para, start, end
				para.Glosses = append(para.Glosses, g)
				para.Spans = append(para.Spans, Span{Start: start, End: end, Gloss: g})
			}
		}
		g.Text = r.prose(s.Doc, cg.Note)
	}
}

func (r *resolver) page(cp *content.Page) *Page {
	p := &Page{Page: cp}
	p.Doc = &Doc{Path: p.Path(), Title: cp.Title, Summary: cp.Description}
	p.Text = r.prose(p.Doc, cp.Body)
	return p
}

func (r *resolver) timeline(events []content.Event) {
	if len(events) == 0 {
		return
	}
	for i := range events {
		r.m.Events = append(r.m.Events, &Event{Event: &events[i]})
	}
	// By date first: the events are split into pages in that order, and
	// each page numbers its own notes.
	slices.SortStableFunc(r.m.Events, func(a, b *Event) int { return a.Date.Compare(b.Date) })
	for i, e := range r.m.Events {
		if i%EventsPerPage == 0 {
			path := "timeline/"
			if i > 0 {
				path += "page/" + itoa(i/EventsPerPage+1) + "/"
			}
			r.m.TimelineDocs = append(r.m.TimelineDocs, &Doc{Path: path, Title: "Timeline"})
		}
		doc := r.m.TimelineDocs[len(r.m.TimelineDocs)-1]
		e.Doc = doc
		e.Text = r.prose(doc, e.Body)
		for _, n := range e.Event.Points {
			if p := r.lookupPoint(n, func() diag.Position { return e.At("points") }); p != nil && !slices.Contains(e.Subjects, p) {
				e.Subjects = append(e.Subjects, p)
				p.Events = append(p.Events, e)
			}
		}
		e.Notes = r.citeList(doc, e.Cite, func() diag.Position { return e.At("cite") })
	}
	r.m.Timeline = r.m.TimelineDocs[0]
	for _, p := range r.m.Points {
		slices.SortStableFunc(p.Events, func(a, b *Event) int { return a.Date.Compare(b.Date) })
	}
}

// prose parses a piece of Markdown and resolves its citations and
// cross-references, numbering its notes on doc.
func (r *resolver) prose(doc *Doc, md content.Markdown) *Prose {
	d := r.parse(md.Src)
	for _, pr := range d.Problems {
		dg := diag.Errorf(md.Pos(pr.Offset), "%s", pr.Msg)
		if pr.Hint != "" {
			dg = dg.WithHint("%s", pr.Hint)
		}
		r.diags.Add(dg)
	}
	p := &Prose{Doc: d, Text: md.Text}
	doc.Proses = append(doc.Proses, p)
	// The lists are made at their size, the notes of every citation in
	// one array: a site has tens of thousands of citations.
	if len(d.Cites) > 0 {
		hits := r.hits[d]
		all := make([]*Note, 0, citeItems(d))
		p.Notes = make([][]*Note, 0, len(d.Cites))
		for _, c := range d.Cites {
			var notes []*Note
			if len(c.Items) > 0 {
				from := len(all)
				for _, it := range c.Items {
					var hit *quoteHit
					if hits != nil {
						hit = &hits[len(all)]
					}
					all = append(all, r.cite(doc, md, it, hit))
				}
				notes = all[from:len(all):len(all)]
			}
			p.Notes = append(p.Notes, notes)
		}
	}
	if len(d.Xrefs) > 0 {
		p.Xrefs = make([]*Point, 0, len(d.Xrefs))
	}
	for _, x := range d.Xrefs {
		r.m.Stats.Xrefs++
		p.Xrefs = append(p.Xrefs, r.lookupPoint(x.Number, func() diag.Position { return md.Pos(x.Offset) }))
	}
	return p
}

// newNote numbers a note on doc.
func (r *resolver) newNote(doc *Doc, s *Source) *Note {
	n := &Note{Page: doc, Source: s}
	doc.Notes = append(doc.Notes, n)
	n.N = len(doc.Notes)
	r.m.Stats.Citations++
	return n
}

// citeList resolves a list of source ids written in front matter.
func (r *resolver) citeList(doc *Doc, ids []string, pos func() diag.Position) []*Note {
	var notes []*Note
	for _, id := range ids {
		notes = append(notes, r.newNote(doc, r.lookup(id, pos)))
	}
	return notes
}

// cite resolves one citation item; hit, if not nil, may hold what its
// quote matched (findQuotes).
func (r *resolver) cite(doc *Doc, md content.Markdown, it markdown.CiteItem, hit *quoteHit) *Note {
	n := r.newNote(doc, r.lookup(it.ID, func() diag.Position { return md.Pos(it.Offset) }))
	n.Quote = it.Quote
	s := n.Source
	if s == nil {
		return n
	}
	if it.Para > 0 {
		switch {
		case s.External():
			r.diags.Add(diag.Errorf(md.Pos(it.Offset), "source %q has no text, so no paragraph %d", s.ID, it.Para).
				WithHint("cite it without a paragraph number"))
		case it.Para > len(s.Paras):
			r.diags.Add(diag.Errorf(md.Pos(it.Offset), "source %q has %d paragraphs; there is no ¶%d", s.ID, len(s.Paras), it.Para))
		default:
			n.Para = s.Paras[it.Para-1]
		}
	}
	if it.Quote == "" {
		if n.Para != nil {
			r.bare = append(r.bare, bareCite{para: n.Para, doc: doc, md: md, off: it.Offset})
		}
		return n
	}
	r.m.Stats.QuotesCited++
	pos := func() diag.Position { return md.Pos(it.QuoteOffset) }
	if s.External() {
		r.diags.Add(diag.Errorf(pos(), "source %q has no text to check the quote against", s.ID).
			WithHint("cite an external source without a quote, or cut its text from a seed"))
		return n
	}
	var within []*Para
	if n.Para != nil {
		within = []*Para{n.Para}
	} else if it.Para > 0 {
		return n // the bad paragraph number is reported already
	}
	if para, start, end, ok := r.findQuote(s, within, it.Quote, hit, pos, "quote"); ok {
		n.Para, n.Start, n.End = para, start, end
		r.m.Stats.Quotes++
	}
	return n
}

// closestHints gives each quote not found the closest passage as a hint,
// if one is close. The search is bounded (see seed.ClosestContext) and
// stops when ctx is done.
func (r *resolver) closestHints(ctx context.Context) error {
	for _, ms := range r.misses {
		c, ok, err := seed.ClosestContext(ctx, seedParas(ms.paras), ms.quote)
		if err != nil {
			return err
		}
		if ok {
			p := ms.paras[c.Para]
			d := &r.diags[ms.diag]
			*d = d.WithHint("closest passage, ¶%d: %s", p.N, short(p.Text[c.Start:c.End]))
		}
	}
	return nil
}

// findQuote finds quote in the paragraphs of s (or in within, if given); it
// must occur exactly once. hit, if not nil, may hold what the quote
// matched in s (findQuotes). what names the quote in messages.
func (r *resolver) findQuote(s *Source, within []*Para, quote string, hit *quoteHit, pos func() diag.Position, what string) (*Para, int, int, bool) {
	paras := within
	if paras == nil {
		paras = s.Paras
	}
	if len(s.Paras) == 0 {
		return nil, 0, 0, false // the excerpt failed to cut; reported already
	}
	var ms []seed.Match
	switch {
	case within == nil && hit != nil && hit.ok:
		ms = hit.ms
	case within == nil:
		ms = r.find(s, quote)
	default:
		ms = seed.Find(seedParas(paras), quote)
	}
	switch len(ms) {
	case 1:
		m := ms[0]
		return paras[m.Para], m.Start, m.End, true
	case 0:
		where := fmt.Sprintf("source %q", s.ID)
		if within != nil {
			where = fmt.Sprintf("¶%d of source %q", within[0].N, s.ID)
		}
		d := diag.Errorf(pos(), "%s %s not found in %s", what, short(quote), where)
		var now []string
		if within != nil {
			for _, m := range r.find(s, quote) {
				now = append(now, "¶"+strconv.Itoa(s.Paras[m.Para].N))
			}
		}
		if len(now) == 1 {
			d = d.WithHint("it is in %s now: write [@%s, %s, \"…\"]", now[0], s.ID, now[0])
		} else if len(now) > 1 {
			d = d.WithHint("it is in %s", strings.Join(now, ", "))
		} else if other := r.elsewhere(s, quote); other != "" {
			d = d.WithHint("%s", other)
		} else {
			r.misses = append(r.misses, miss{diag: len(r.diags), paras: paras, quote: quote})
		}
		r.diags.Add(d)
	default:
		var where []string
		for _, m := range ms {
			where = append(where, "¶"+strconv.Itoa(paras[m.Para].N))
		}
		r.diags.Add(diag.Errorf(pos(), "%s %s occurs %d times in source %q (%s)", what, short(quote), len(ms), s.ID, strings.Join(where, ", ")).
			WithHint("quote more words to make it unique, or name the paragraph: [@%s, ¶%d, \"…\"]", s.ID, paras[ms[0].Para].N))
	}
	return nil, 0, 0, false
}

// elsewhere looks for a quote that is not in the source cited in the other
// sources, for a hint.
func (r *resolver) elsewhere(cited *Source, quote string) string {
	for _, s := range r.m.Sources {
		if s == cited || len(s.Paras) == 0 {
			continue
		}
		if ms := r.find(s, quote); len(ms) == 1 {
			return fmt.Sprintf("it is in source %q, ¶%d", s.ID, s.Paras[ms[0].Para].N)
		}
	}
	return ""
}

// find finds quote in the text of s (see seed.Index.Find), which is
// normalized once however many quotes are searched.
func (r *resolver) find(s *Source, quote string) []seed.Match {
	t := r.texts[s]
	if t == nil {
		return seed.Find(seedParas(s.Paras), quote)
	}
	r.findMu.Lock()
	defer r.findMu.Unlock()
	return t.find(s.Paras, quote)
}

func seedParas(ps []*Para) []seed.Para {
	out := make([]seed.Para, len(ps))
	for i, p := range ps {
		out[i] = p.Para
	}
	return out
}

// short quotes s for a message, cut to a readable length.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 70 {
		s = string(r[:67]) + "…"
	}
	return "“" + s + "”"
}

// mentions finds "Point 26" in the text of every source.
func (r *resolver) mentions() {
	label := r.m.Config.Points.Label
	if label == "" || len(r.points) == 0 {
		return
	}
	re := regexp.MustCompile(`\b` + regexp.QuoteMeta(label) + `\s+(\d+)\b`)
	for _, s := range r.m.Sources {
		for _, para := range s.Paras {
			if !strings.Contains(para.Text, label) {
				continue // the regexp is slow, and most paragraphs name no point
			}
			for _, m := range re.FindAllStringSubmatchIndex(para.Text, -1) {
				n, _ := strconv.Atoi(para.Text[m[2]:m[3]])
				p, ok := r.pointAt(n)
				if !ok {
					continue
				}
				para.Spans = append(para.Spans, Span{Start: m[0], End: m[1], Point: p})
				if !slices.Contains(s.Mentions, p) {
					s.Mentions = append(s.Mentions, p)
				}
			}
		}
	}
}

// docs returns every page's notes, in a fixed order.
func (r *resolver) docs() []*Doc {
	var docs []*Doc
	if r.m.Home != nil {
		docs = append(docs, r.m.Home.Doc)
	}
	for _, p := range r.m.Points {
		docs = append(docs, p.Doc)
	}
	for _, p := range r.m.Pages {
		docs = append(docs, p.Doc)
	}
	docs = append(docs, r.m.TimelineDocs...)
	if r.m.Compare != nil {
		docs = append(docs, r.m.Compare)
	}
	for _, s := range r.m.Sources {
		docs = append(docs, s.Doc)
	}
	return docs
}

// backlinks links cited paragraphs and sources back to the notes that cite
// them, and points back to the points that link to them, on every CPU:
// each source, with its paragraphs, is linked by one of shares goroutines,
// which goes through every note in order and takes those of its share of
// the sources; one more links the points.
func (r *resolver) backlinks(ctx context.Context, shares int) {
	docs := r.docs()
	w := min(max(shares, 1), max(len(r.m.Sources), 1))
	parallel(ctx, w+1, func(k int) {
		if k == w {
			r.linkedFrom()
			return
		}
		for _, d := range docs {
			for _, n := range d.Notes {
				if n.Source == nil || n.Source.at%w != k {
					continue
				}
				n.Source.CitedBy = append(n.Source.CitedBy, n)
				// A page's notes come one after another, so the page is
				// already listed only if it is the last one listed.
				if c := n.Source.Citing; len(c) == 0 || c[len(c)-1] != d {
					n.Source.Citing = append(n.Source.Citing, d)
				}
				if n.Para != nil {
					n.Para.CitedBy = append(n.Para.CitedBy, n)
					if n.Quote != "" {
						n.Para.Spans = append(n.Para.Spans, Span{Start: n.Start, End: n.End, Note: n})
					}
				}
			}
		}
	})
	parallel(ctx, len(r.m.Sources), func(i int) {
		for _, para := range r.m.Sources[i].Paras {
			slices.SortStableFunc(para.Spans, func(a, b Span) int {
				return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
			})
		}
	})
}

// linkedFrom links each point back to the points that link to it.
func (r *resolver) linkedFrom() {
	for _, p := range r.m.Points {
		proses := []*Prose{p.Commentary}
		for _, c := range p.Changes {
			proses = append(proses, c.Note)
		}
		for _, pr := range proses {
			for _, x := range pr.Xrefs {
				if x != nil && x != p && !slices.Contains(x.LinkedFrom, p) {
					x.LinkedFrom = append(x.LinkedFrom, p)
				}
			}
		}
	}
	for _, p := range r.m.Points {
		slices.SortFunc(p.LinkedFrom, func(a, b *Point) int { return cmp.Compare(a.Number, b.Number) })
	}
}

// stats counts coverage: points with fewer than two sources, sources that
// nothing cites.
func (r *resolver) stats() {
	for _, p := range r.m.Points {
		if len(p.Sources) < 2 {
			r.m.Stats.ThinPoints = append(r.m.Stats.ThinPoints, p.Number)
		}
	}
	for _, s := range r.m.Sources {
		if !s.External() && len(s.CitedBy) == 0 {
			r.m.Stats.UncitedSources = append(r.m.Stats.UncitedSources, s.ID)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
