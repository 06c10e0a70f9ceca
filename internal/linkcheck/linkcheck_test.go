package linkcheck

import (
	"cmp"
	"fmt"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// site returns the files of a small site: a home page, point 26 with
// paragraph ids, a source page, a stylesheet, a feed and an icon sprite.
// extra pages are added to (or replace) them.
func site(extra map[string]string) map[string][]byte {
	files := map[string]string{
		"index.html":           `<h1 id="intro">Dossier</h1>`,
		"points/26/index.html": `<p id="p1">Amnesty</p><p id="p2">…</p>`,
		"sources/x/index.html": `<p id="p3">Quote</p><a name="legacy"></a>`,
		"style.css":            `body{}`,
		"feed.xml":             `<feed/>`,
		"icons.svg":            `<svg><symbol id="menu"></symbol></svg>`,
		"café/index.html":      `<h2 id="été">Summer</h2>`,
		"404.html":             `<p id="gone">Not found</p>`,
	}
	for name, data := range extra {
		files[name] = data
	}
	m := make(map[string][]byte, len(files))
	for name, data := range files {
		m[name] = []byte(data)
	}
	return m
}

func TestCheck(t *testing.T) {
	t.Parallel()
	const repo = "https://owner.github.io/repo/"
	tests := []struct {
		name  string
		base  string
		pages map[string]string
		want  []string // Problem.String of each problem, in order
	}{
		{
			name: "good links",
			base: repo,
			pages: map[string]string{
				"index.html": `<h1 id="intro">Dossier</h1>
<a href="points/26/">26</a>
<a href="/repo/points/26/#p1">26</a>
<a href="#intro">up</a>
<a href="#">top of page</a>
<a href="#top">top</a>
<a href=" points/26/?q=1#p2 ">26</a>
<link rel="canonical" href="https://owner.github.io/repo/">
<link rel="stylesheet" href="style.css">
<link rel="alternate" href="https://owner.github.io/repo/feed.xml">
<a href="/repo/">home</a>
<a href="/repo/404.html#gone">404</a>
<a href="sources/x/#legacy">legacy anchor</a>
<a href="caf%C3%A9/#%C3%A9t%C3%A9">encoded</a>
<a href="café/#été">raw</a>
<svg><use href="icons.svg#menu"/><use xlink:href="/repo/icons.svg#menu"/></svg>
<form action="/repo/points/26/"></form>`,
				"points/26/index.html": `<p id="p1"><a href="../../">home</a>
<a href="../../sources/x/#p3">x</a> <a href="../../index.html#intro">home</a>
<a href="#p2">next</a> <a href="./">self</a></p><p id="p2"></p>`,
			},
		},
		{
			name:  "missing page",
			base:  repo,
			pages: map[string]string{"index.html": `<a href="/repo/points/29/">29</a> <a href="points/27/">27</a> <img src="img/a.png">`},
			want: []string{
				"index.html:1: broken link /repo/points/29/: no page at /repo/points/29/",
				"index.html:1: broken link img/a.png: no file at /repo/img/a.png",
				"index.html:1: broken link points/27/: no page at /repo/points/27/",
			},
		},
		{
			name: "missing fragment",
			base: repo,
			pages: map[string]string{
				"index.html":           `<a href="points/26/#p7">26</a>`,
				"points/26/index.html": `<p id="p1"><a href="#p9">p9</a></p>`,
			},
			want: []string{
				`index.html:1: broken link points/26/#p7: no element with id "p7" in /repo/points/26/`,
				`points/26/index.html:1: broken link #p9: no element with id "p9" in /repo/points/26/`,
			},
		},
		{
			name: "text fragment",
			base: repo,
			pages: map[string]string{"index.html": `<a href="#:~:text=Dossier">a</a>
<a href="points/26/#p1:~:text=Amnesty">b</a>
<a href="points/26/#p8:~:text=Amnesty">c</a>`},
			want: []string{`index.html:3: broken link points/26/#p8:~:text=Amnesty: no element with id "p8" in /repo/points/26/`},
		},
		{
			name: "external links",
			base: repo,
			pages: map[string]string{"index.html": `<a href="https://example.com/nope/">a</a>
<a href="//example.com/nope/">b</a>
<a href="mailto:editors@example.com">c</a>
<a href="tel:+15555550100">d</a>
<a href="http://owner.github.io/repo/nope/">e</a>
<a href="https://owner.github.io/other-repo/nope/">f</a>
<img src="data:image/png;base64,AAAA">
<a href="javascript:void(0)">g</a>`},
		},
		{
			name: "internal absolute links",
			base: repo,
			pages: map[string]string{"index.html": `<link rel="canonical" href="https://owner.github.io/repo/points/29/">
<a href="https://OWNER.github.io/repo/points/26/#p9">a</a>
<a href="//owner.github.io/repo/nope.css">b</a>`},
			want: []string{
				"index.html:1: broken link https://owner.github.io/repo/points/29/: no page at /repo/points/29/",
				`index.html:2: broken link https://OWNER.github.io/repo/points/26/#p9: no element with id "p9" in /repo/points/26/`,
				"index.html:3: broken link //owner.github.io/repo/nope.css: no file at /repo/nope.css",
			},
		},
		{
			// The answer for a link from the root is shared by the pages
			// without a <base>, and not used for one with a <base>.
			name: "the same rooted link on many pages",
			base: repo,
			pages: map[string]string{
				"index.html":           `<a href="/repo/nope/">a</a><a href="/repo/points/26/#p1">b</a>`,
				"sources/y/index.html": `<base href="https://elsewhere.example/"><a href="/repo/nope/">a</a><a href="/repo/points/26/#p1">b</a>`,
				"sources/x/index.html": `<a href="/repo/points/26/#p1">b</a>` + "\n" + `<a href="/repo/nope/">a</a>`,
				"café/index.html":      `<base href="/repo/points/"><a href="26/#p9">b</a><a href="/repo/nope/">a</a>`,
			},
			want: []string{
				"café/index.html:1: broken link /repo/nope/: no page at /repo/nope/",
				"café/index.html:1: broken link 26/#p9: no element with id \"p9\" in /repo/points/26/",
				"index.html:1: broken link /repo/nope/: no page at /repo/nope/",
				"sources/x/index.html:2: broken link /repo/nope/: no page at /repo/nope/",
				"sources/y/index.html:1: broken link /repo/nope/: no page at /repo/nope/",
			},
		},
		{
			name: "outside the base path",
			base: repo,
			pages: map[string]string{
				"index.html":           `<a href="/points/26/">26</a><link href="/style.css" rel="stylesheet">`,
				"points/26/index.html": `<a href="../../../sources/x/">x</a>`,
			},
			want: []string{
				"index.html:1: broken link /points/26/: outside the base path /repo/",
				"index.html:1: broken link /style.css: outside the base path /repo/",
				"points/26/index.html:1: broken link ../../../sources/x/: outside the base path /repo/",
			},
		},
		{
			name: "missing trailing slash",
			base: repo,
			pages: map[string]string{"index.html": `<a href="/repo/points/26">a</a>
<a href="points/26#p1">b</a>
<a href="/repo">c</a>
<a href="https://owner.github.io/repo">d</a>`},
			want: []string{
				"index.html:1: broken link /repo/points/26: missing trailing slash (want /repo/points/26/)",
				"index.html:2: broken link points/26#p1: missing trailing slash (want /repo/points/26/)",
				"index.html:3: broken link /repo: missing trailing slash (want /repo/)",
				"index.html:4: broken link https://owner.github.io/repo: missing trailing slash (want /repo/)",
			},
		},
		{
			name: "srcset entries",
			base: repo,
			pages: map[string]string{
				"a.png": "png", "a@2x.png": "png",
				"index.html": `<img src="a.png" srcset="a.png 1x, a@2x.png 2x, b@3x.png 3x">
<picture><source srcset="a.png, b.png 480w,data:image/png;base64,AA 2x"></picture>
<img srcset="">`,
			},
			want: []string{
				"index.html:1: broken link b@3x.png: no file at /repo/b@3x.png",
				"index.html:2: broken link b.png: no file at /repo/b.png",
				"index.html:3: empty link",
			},
		},
		{
			name: "duplicate id",
			base: repo,
			pages: map[string]string{"index.html": `<p id="p7">a</p>
<p id="p8">b</p>
<p id="p7">c</p>
<a name="p8"></a>`},
			want: []string{`index.html:3: duplicate id "p7" (first on line 1)`},
		},
		{
			name: "root base path",
			base: "https://example.org",
			pages: map[string]string{"index.html": `<a href="/points/26/#p1">a</a>
<a href="/points/29/">b</a>
<a href="https://example.org/sources/x/#p3">c</a>
<a href="../../style.css">d</a>
<a href="/points/26">e</a>`},
			want: []string{
				"index.html:2: broken link /points/29/: no page at /points/29/",
				"index.html:5: broken link /points/26: missing trailing slash (want /points/26/)",
			},
		},
		{
			name: "fragment on a file that is not HTML",
			base: repo,
			pages: map[string]string{"index.html": `<a href="feed.xml#entry">a</a>
<svg><use href="icons.svg#close"/></svg>`},
			want: []string{
				`index.html:1: broken link feed.xml#entry: fragment "entry" on /repo/feed.xml, which is not an HTML page`,
				`index.html:2: broken link icons.svg#close: no element with id "close" in /repo/icons.svg`,
			},
		},
		{
			name: "empty and malformed links",
			base: repo,
			pages: map[string]string{"index.html": `<a href="">a</a>
<a href=" ">b</a>
<a href="/repo/%zz/">c</a>
<a>no href</a>`},
			want: []string{
				"index.html:1: empty link",
				"index.html:2: empty link",
				`index.html:3: broken link /repo/%zz/: malformed URL: invalid URL escape "%zz"`,
			},
		},
		{
			name: "base element",
			base: repo,
			pages: map[string]string{"points/26/index.html": `<base href="/repo/">
<a href="sources/x/#p3">x</a>
<a href="#intro">home</a>
<a href="#p1">not here</a>`},
			want: []string{`points/26/index.html:4: broken link #p1: no element with id "p1" in /repo/`},
		},
		{
			name: "line numbers",
			base: repo,
			pages: map[string]string{"index.html": "<!doctype html>\r\n<html id=\"intro\">\n<!-- a\ncomment -->\n<script>\nlet a = '<a href=\"nope\">';\n</script>\n" +
				"<a\n  class=\"x\"\n  title='href=\"/\"'\n  href=\"/nope/\">x</a><a href=\"/repo/nope/\">y</a>\n" +
				"<p\nid=\"intro\">dup</p>"},
			want: []string{
				"index.html:11: broken link /nope/: outside the base path /repo/",
				"index.html:11: broken link /repo/nope/: no page at /repo/nope/",
				`index.html:13: duplicate id "intro" (first on line 2)`,
			},
		},
		{
			name: "only HTML pages are scanned",
			base: repo,
			pages: map[string]string{
				"feed.xml":      `<link href="/repo/nope/"/>`,
				"sitemap.xml":   `<url><loc>https://owner.github.io/repo/nope/</loc></url>`,
				"notes.txt":     `<a href="nope">`,
				"theme/app.js":  `el.innerHTML = '<a href="/nope">'`,
				"index.html":    `<script src="theme/app.js"></script><script>document.write('<a href="/nope">')</script>`,
				"icons.svg":     `<svg><symbol id="menu"><a href="/nope"></a></symbol></svg>`,
				"sources/index": `no extension`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base, err := url.Parse(tt.base)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range Check(site(tt.pages), base) {
				got = append(got, p.String())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Check() =\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
		})
	}
}

func TestProblemString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p    Problem
		want string
	}{
		{
			Problem{Page: "points/26/index.html", Line: 12, Href: "/repo/points/29/", Msg: "no page at /repo/points/29/"},
			"points/26/index.html:12: broken link /repo/points/29/: no page at /repo/points/29/",
		},
		{
			Problem{Page: "points/26/index.html", Line: 40, Msg: `duplicate id "p7" (first on line 31)`},
			`points/26/index.html:40: duplicate id "p7" (first on line 31)`,
		},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestSrcsetURLs(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a.png", []string{"a.png"}},
		{" a.png 1x , b.png 2x ", []string{"a.png", "b.png"}},
		{"a.png, b.png", []string{"a.png", "b.png"}},
		{"a.png,b.png", []string{"a.png,b.png"}}, // a URL may hold commas
		{"a.png 100w, b.png (junk, more) 2x, c.png", []string{"a.png", "b.png", "c.png"}},
		{"data:image/png;base64,AA 1x, b.png 2x", []string{"data:image/png;base64,AA", "b.png"}},
		{",,a.png,,", []string{"a.png"}},
	}
	for _, tt := range tests {
		if got := srcsetURLs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("srcsetURLs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCheckIsDeterministic checks a site with many broken links several
// times: the parallel workers must not change the order of the problems.
func TestCheckIsDeterministic(t *testing.T) {
	t.Parallel()
	files := benchSite(200, 20)
	delete(files, "points/7/index.html") // every link to it is now broken
	base, err := url.Parse("https://owner.github.io/repo/")
	if err != nil {
		t.Fatal(err)
	}
	first := Check(files, base)
	if len(first) == 0 {
		t.Fatal("Check() found no problems, want some")
	}
	for range 5 {
		if got := Check(files, base); !slices.Equal(got, first) {
			t.Fatalf("Check() differs between runs: %d problems, then %d", len(first), len(got))
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	files := benchSite(2000, 50)
	base, err := url.Parse("https://owner.github.io/repo/")
	if err != nil {
		b.Fatal(err)
	}
	var size int64
	for _, data := range files {
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if probs := Check(files, base); len(probs) != 0 {
			b.Fatalf("Check() = %d problems, want none; first: %v", len(probs), probs[0])
		}
	}
}

// benchSite generates a site of n point pages with about links links each,
// all of which resolve.
func benchSite(n, links int) map[string][]byte {
	files := map[string][]byte{
		"style.css":  []byte("body{}"),
		"feed.xml":   []byte("<feed/>"),
		"index.html": []byte(`<main id="main"><h1 id="top-heading">Dossier</h1></main>`),
	}
	for i := 1; i <= n; i++ {
		var sb strings.Builder
		fmt.Fprintf(&sb, `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Point %d</title>
<link rel="canonical" href="https://owner.github.io/repo/points/%d/">
<link rel="stylesheet" href="/repo/style.css">
<link rel="alternate" type="application/atom+xml" href="/repo/feed.xml">
</head><body><a class="skip" href="#main">Skip to content</a>
<nav><a href="/repo/">Home</a> <a href="../../">Up</a> <a href="https://example.com/">Elsewhere</a></nav>
<main id="main"><h1>Point %d</h1>
`, i, i, i)
		// Seven links above, two in each paragraph.
		paras := max((links-7)/2, 1)
		for j := 1; j <= paras; j++ {
			target := (i*31+j*17)%n + 1
			fmt.Fprintf(&sb, "<p id=\"p%d\">Commentary on <a href=\"../%d/#p%d\">point %d</a>, see <a href=\"#p%d\">above</a>.</p>\n",
				j, target, j%paras+1, target, max(j-1, 1))
		}
		sb.WriteString("</main></body></html>\n")
		files[fmt.Sprintf("points/%d/index.html", i)] = []byte(sb.String())
	}
	return files
}

// BenchmarkCheckerKeeps reports how many bytes a Checker keeps of the
// pages added to it (retained-B/op): those of benchSite, or of a built
// site's folder given in DOSSIER_SCAN_DIR, with its pages named by their
// path below it.
//
//	DOSSIER_SCAN_DIR=public go test -run '^$' -bench CheckerKeeps ./internal/linkcheck
func BenchmarkCheckerKeeps(b *testing.B) {
	pages := benchSite(2000, 50)
	if dir := os.Getenv("DOSSIER_SCAN_DIR"); dir != "" {
		pages = map[string][]byte{}
		for p, data := range realPages(b) {
			name, _ := filepath.Rel(dir, p)
			pages[filepath.ToSlash(name)] = data
		}
	}
	base, err := url.Parse("https://owner.github.io/repo/")
	if err != nil {
		b.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(pages))
	var kept uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		c := New(base)
		for _, name := range names {
			c.Add(name, pages[name])
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept += after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(c)
	}
	b.ReportMetric(float64(kept)/float64(b.N), "retained-B/op")
}

// TestOffSiteLinksAreNotKept: a page keeps no record of the links that are
// never checked, and offSite says so only of links that checkLink passes
// on any page.
func TestOffSiteLinksAreNotKept(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://owner.github.io/repo/")
	hrefs := []struct {
		href string
		off  bool
	}{
		{"https://example.com/reports/a#:~:text=b", true},
		{" HTTP://example.com/ ", true},
		{"mailto:editors@example.com", true},
		{"javascript:void(0)", true},
		{"http://owner.github.io/repo/points/9/", true}, // another scheme
		{"https://OWNER.github.io/repo/points/9/", false},
		{"https://owner.github.io/elsewhere/", false},
		{"//example.com/x", false},
		{"points/9/", false},
		{"/repo/points/9/#p1", false},
		{"", false},
		{"http://[::1", false},
		{"a/b:c", false},
		{"https://example.com/a#:~:text=a%20b%E2%80%94c", true},
		{"https://example.com/a#:~:text=a%2", false}, // malformed
		{"https://example.com/a#%zz", false},         // malformed
		{"https://example.com/a#b%", false},          // malformed
	}
	var page strings.Builder
	for _, h := range hrefs {
		fmt.Fprintf(&page, "<a href=%q>x</a>\n", h.href)
	}
	c := New(base)
	c.Add("points/1/index.html", []byte(page.String()))
	var kept []string
	for _, l := range c.pages[0].links {
		kept = append(kept, c.href(l))
	}
	for _, h := range hrefs {
		if got := c.offSite([]byte(h.href)); got != h.off {
			t.Errorf("offSite(%q) = %v, want %v", h.href, got, h.off)
		}
		if h.off == slices.Contains(kept, h.href) {
			t.Errorf("kept link %q: %v, want %v", h.href, !h.off, !h.off)
		}
		if h.off {
			for _, doc := range []string{"https://owner.github.io/repo/", "http://other.example/x/y", "ftp://z/"} {
				d, _ := url.Parse(doc)
				if msg := c.checkLink(d, h.href); msg != "" {
					t.Errorf("offSite(%q) but checkLink from %s = %q", h.href, doc, msg)
				}
			}
		}
	}
}

// oldOffSite is offSite as it was before it parsed URLs without their
// fragment, kept as its oracle.
func (c *Checker) oldOffSite(href string) bool {
	h := strings.Trim(href, asciiSpace)
	if i := strings.IndexAny(h, ":/?#"); i <= 0 || h[i] != ':' {
		return false // no scheme
	}
	u, err := url.Parse(h)
	if err != nil || u.Scheme == "" {
		return false
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "" {
		return true
	}
	return u.Scheme != c.scheme || !strings.EqualFold(u.Host, c.host)
}

func FuzzOffSite(f *testing.F) {
	for _, s := range []string{"https://example.com/a#:~:text=a%20b", "https://example.com/a#%zz", "https://owner.github.io/repo/#%4",
		"mailto:x#%", "http://[::1#a", "https://x/%zz#a", " https://x#%41%4a ", "https://x#a#b%", "ftp://x/#%",
		"https://OWNER.github.io/repo/", "https://owner.github.io?x/y", "https://a:80/", "https://a@owner.github.io/", "https://x/\x7f",
		"https://x/ a b", "https://ex_ample.com/", "http://owner.github.io/repo/#p1", "https://", "https:///x"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://owner.github.io/repo/")
	c := New(base)
	f.Fuzz(func(t *testing.T, href string) {
		if got, want := c.offSite([]byte(href)), c.oldOffSite(href); got != want {
			t.Errorf("offSite(%q) = %v, want %v", href, got, want)
		}
	})
}

// FuzzOwnFragment holds ownFragment to url.Parse.
func FuzzOwnFragment(f *testing.F) {
	for _, s := range []string{"#", "#p3", "#a%20b", "#%zz", "#a#b", "#\x00\n", "#:~:text=x", "#été"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		h = "#" + h
		g, gotOK := ownFragment([]byte(h))
		got := string(g)
		want, wantOK := "", false
		if u, err := url.Parse(h); err == nil {
			want, wantOK = u.Fragment, true
		}
		if gotOK != wantOK || gotOK && got != want {
			t.Errorf("ownFragment(%q) = %q, %v, want %q, %v", h, got, gotOK, want, wantOK)
		}
	})
}

// BenchmarkChecker adds the files of a built site to a Checker one after
// another, as one build worker would, and checks them: those under
// $DOSSIER_SCAN_DIR, served at $DOSSIER_SCAN_BASE (default
// https://example.org/, the generated sites' base_url), or those of
// benchSite. Unlike BenchmarkCheckSite it runs on one goroutine but for
// Problems, so that its time is the CPU time of the check.
func BenchmarkChecker(b *testing.B) {
	files := benchSite(2000, 50)
	base, err := url.Parse("https://owner.github.io/repo/")
	if dir := os.Getenv("DOSSIER_SCAN_DIR"); dir != "" {
		files = siteFiles(b, dir)
		base, err = url.Parse(cmp.Or(os.Getenv("DOSSIER_SCAN_BASE"), "https://example.org/"))
	}
	if err != nil {
		b.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(files))
	var size int64
	for _, data := range files {
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		c := New(base)
		for _, name := range names {
			c.Add(name, files[name])
		}
		if probs := c.Problems(); len(probs) != 0 {
			b.Fatalf("Problems() = %d problems, want none; first: %v", len(probs), probs[0])
		}
	}
}

// siteFiles returns every file under dir, by its path below dir with
// forward slashes.
func siteFiles(tb testing.TB, dir string) map[string][]byte {
	tb.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

// FuzzPlainPath holds plainPath to url.Parse and ResolveReference.
func FuzzPlainPath(f *testing.F) {
	for _, s := range []string{"/", "/sources/x/#p3", "/a b/#c d", "/a/./b", "/a/../b", "/a/.", "/a/..", "//x/y", "/a//b", "/a?b#c",
		"/a%20b", "/a#b#c", "/a#:~:text=x", "/é/#été", "/a\x00", "/a+b/", "/a:b/", "/.../", "/a/.b/"} {
		f.Add(s)
	}
	docs := []string{"https://owner.github.io/repo/points/26/", "https://owner.github.io/", "http://x.example/a/b?q#f"}
	f.Fuzz(func(t *testing.T, h string) {
		path, frag, ok := plainPath(h)
		if !ok {
			return
		}
		u, err := url.Parse(h)
		if err != nil {
			t.Fatalf("plainPath(%q) = %q, %q, true, but url.Parse fails: %v", h, path, frag, err)
		}
		for _, d := range docs {
			doc, _ := url.Parse(d)
			r := doc.ResolveReference(u)
			if r.Path != path || r.Fragment != frag {
				t.Errorf("plainPath(%q) = %q, %q, want %q, %q (from %s)", h, path, frag, r.Path, r.Fragment, d)
			}
		}
	})
}

// TestTrimSpace: trimSpace trims what strings.Trim(s, asciiSpace) trims.
func TestTrimSpace(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		for _, s := range []string{string(rune(c)), " \t" + string([]byte{byte(c)}) + "a\f" + string([]byte{byte(c)}), "\r\n"} {
			if got, want := string(trimSpace([]byte(s))), strings.Trim(s, asciiSpace); got != want {
				t.Errorf("trimSpace(%q) = %q, want %q", s, got, want)
			}
		}
	}
}
