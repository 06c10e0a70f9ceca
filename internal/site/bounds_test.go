package site_test

import (
	"context"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/theme"
)

// buildGenerated builds a generated dossier of n points with the
// repository's theme, and returns its files.
func buildGenerated(t *testing.T, n int) map[string][]byte {
	t.Helper()
	res, err := site.Build(context.Background(), generatedFS(t, n), site.Options{})
	if err != nil {
		t.Fatalf("Build(%d generated points): %v", n, err)
	}
	return res.Files
}

// generatedFS returns a generated dossier of n points with the
// repository's theme.
func generatedFS(t *testing.T, n int) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, b := range bench.Generate(bench.Options{Points: n}) {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	err := fs.WalkDir(repoFS(), "themes", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(repoFS(), p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return fsys
}

// kindOf names the kind of an output page for the size comparison, or ""
// for a file that is no bounded page.
func kindOf(name string) string {
	switch {
	case !strings.HasSuffix(name, ".html"):
		return ""
	case name == "index.html":
		return "home"
	case strings.HasPrefix(name, "points/page/") || name == "points/index.html":
		return "points index"
	case strings.HasPrefix(name, "points/"):
		return "point"
	case strings.Contains(name, "/cited/"):
		return "cited"
	case strings.HasPrefix(name, "sources/page/") || name == "sources/index.html":
		return "sources index"
	case strings.HasPrefix(name, "sources/"):
		return "source"
	case strings.HasPrefix(name, "print/"):
		return "print"
	case strings.HasPrefix(name, "compare/"):
		return "compare"
	}
	return ""
}

// citedBy finds the lists of citing pages on a source page.
var citedBy = regexp.MustCompile(`(?s)<div class="backlinks">.*?</div>|<section class="cited-by".*?</section>`)

// TestListsAreSplit checks issue 10's rule that no page grows with the
// number of points except lists, which are split: with three times the
// points, the largest page of each kind is no larger (within a margin for
// the random text), and the lists have the pages and links that reach every
// item.
func TestListsAreSplit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds generated dossiers of 120 and 360 points")
	}
	t.Parallel()
	largest := map[int]map[string]int{}
	var big map[string][]byte
	for _, n := range []int{120, 360} {
		files := buildGenerated(t, n)
		largest[n] = map[string]int{}
		for name, b := range files {
			k := kindOf(name)
			if k != "" && len(b) > largest[n][k] {
				largest[n][k] = len(b)
			}
			// A source page grows with its text; what it lists of the
			// pages that cite it must not grow with the dossier.
			if k == "source" {
				for _, block := range citedBy.FindAll(b, -1) {
					largest[n]["cited by"] = max(largest[n]["cited by"], len(block))
				}
			}
		}
		big = files
	}
	// Lists fill their pages up to the page size; the other pages must not
	// grow at all.
	for _, kind := range []string{"point", "cited by"} {
		small := largest[120][kind]
		if got := largest[360][kind]; float64(got) > 1.3*float64(small) {
			t.Errorf("largest %s page: %d bytes at 360 points, %d at 120: it grows with the dossier", kind, got, small)
		}
	}
	for _, kind := range []string{"home", "points index", "point", "cited", "sources index", "source", "print", "compare"} {
		if largest[360][kind] == 0 {
			t.Errorf("no %s page at 360 points", kind)
		}
	}

	page := func(name string) string {
		t.Helper()
		b, ok := big[name]
		if !ok {
			t.Fatalf("no %s at 360 points", name)
		}
		return string(b)
	}
	for _, name := range []string{"points/page/4/index.html", "print/page/8/index.html", "compare/page/2/index.html"} {
		page(name)
	}
	for _, name := range []string{"points/page/5/index.html", "print/page/9/index.html", "points/page/1/index.html"} {
		if _, ok := big[name]; ok {
			t.Errorf("%s exists; the list has fewer pages (page 1 is the list's own path)", name)
		}
	}

	// A point page lists the run of ten of its page of the index that
	// holds it, marks itself, links the page's other runs at their place
	// in the index, and links the pages before and after and the whole
	// index.
	nav := page("points/150/index.html")
	nav = nav[strings.Index(nav, `<nav class="points-nav"`):]
	nav = nav[:strings.Index(nav, "</nav>")]
	for _, want := range []string{`href="/points/141/"`, `href="/points/149/"`, `href="/points/150/" aria-current="page"`,
		`<a href="/points/page/2/#points-101">101–110</a>`, `<a href="/points/page/2/#points-131">131–140</a>`,
		`<a href="/points/page/2/#points-191">191–200</a>`,
		`href="/points/" rel="prev"`, `href="/points/page/3/" rel="next"`, `href="/points/">All 360 points`, `class="point-jump"`} {
		if !strings.Contains(nav, want) {
			t.Errorf("points/150/ contents list has no %s", want)
		}
	}
	for _, bad := range []string{`href="/points/100/"`, `href="/points/140/"`, `href="/points/151/"`, `href="/points/201/"`, `#points-141"`, `#points-201"`} {
		if strings.Contains(nav, bad) {
			t.Errorf("points/150/ contents list has %s, outside its run of the index", bad)
		}
	}
	// A run's first and last points list the same run.
	for _, name := range []string{"points/141/index.html", "points/149/index.html"} {
		other := page(name)
		other = other[strings.Index(other, `<nav class="points-nav"`):]
		other = other[:strings.Index(other, "</nav>")]
		if strings.ReplaceAll(other, ` aria-current="page"`, "") != strings.ReplaceAll(nav, ` aria-current="page"`, "") {
			t.Errorf("%s lists another contents list than points/150/", name)
		}
	}
	// Main comes before the contents list, for keyboard order.
	if p := page("points/150/index.html"); strings.Index(p, `<main`) > strings.Index(p, `<nav class="points-nav"`) {
		t.Errorf("points/150/: the contents list comes before main")
	}

	home := page("index.html")
	for _, want := range []string{`href="/points/100/"`, `href="/points/page/2/">Points 101–200 →`, `action="/points/"`} {
		if !strings.Contains(home, want) {
			t.Errorf("home page has no %s", want)
		}
	}
	if strings.Contains(home, `href="/points/101/"`) {
		t.Errorf("home page lists point 101, past its first page")
	}
	index := page("points/page/2/index.html")
	for n := 1; n <= 4; n++ {
		want := fmt.Sprintf(`href="/points/page/%d/"`, n)
		if n == 1 {
			want = `href="/points/"`
		}
		if !strings.Contains(index, want) {
			t.Errorf("points/page/2/ does not link page %d of the index (%s)", n, want)
		}
	}

	// A print part holds its points, and links a point of another part
	// there.
	part := page("print/page/2/index.html")
	if !strings.Contains(part, `id="points-51"`) || strings.Contains(part, `id="points-101"`) {
		t.Errorf("print/page/2/ does not hold exactly points 51–100")
	}

	// A paragraph cited by many pages shows five, with the sentence that
	// cites, and links the rest.
	more := regexp.MustCompile(`<p class="cited-more"><a href="(/sources/[^"]+/cited/p\d+/)">All (\d+) pages`)
	found := false
	for name, b := range big {
		m := more.FindSubmatch(b)
		if kindOf(name) != "source" || m == nil {
			continue
		}
		found = true
		cited := page(strings.TrimPrefix(string(m[1]), "/") + "index.html")
		if got := strings.Count(cited, `class="backlink-context"`); got < 6 {
			t.Errorf("%s lists %d citing sentences, want all %s (up to a page)", m[1], got, m[2])
		}
		src := string(b)
		para := src[:strings.Index(src, string(m[0]))]
		if got := strings.Count(para[strings.LastIndex(para, `<div class="backlinks">`):], "<li>"); got != theme.BacklinksShown {
			t.Errorf("%s: a paragraph cited by %s pages lists %d, want %d", name, m[2], got, theme.BacklinksShown)
		}
		break
	}
	if !found {
		t.Errorf("no source paragraph links to its cited page at 360 points")
	}

	// The search index: the meta file, every chunk, a file per document.
	var docs []string
	for name := range big {
		if strings.HasPrefix(name, search.Dir+"d") {
			docs = append(docs, name)
		}
	}
	if want := search.Names(len(docs)); !slices.ContainsFunc(want, func(n string) bool { _, ok := big[n]; return !ok }) {
		if len(docs) < 360 {
			t.Errorf("search index has %d document files, want one per point, source, event and page", len(docs))
		}
	} else {
		t.Errorf("search index lacks files of %v", want)
	}
}
