package linkcheck

import (
	"cmp"
	"fmt"
	"maps"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
)

// oldAdd is Checker.Add as it was before it read the scanner's findings
// without making a page of them, kept as its oracle.
func (c *Checker) oldAdd(name string, data []byte) {
	var p *page
	if isHTML(name) || isSVG(name) {
		p = scan(name, data, isHTML(name))
		if p.base == nil {
			p.links = c.oldOwnFragments(p)
		}
		p.links = slices.DeleteFunc(p.links, func(l link) bool { return c.offSite([]byte(l.href)) })
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var ids idSet
	var r *record
	if p != nil {
		ids = make(idSet, 0, len(p.ids))
		for id := range p.ids {
			ids = append(ids, c.strs.intern([]byte(id)))
		}
		slices.Sort(ids)
		if isHTML(name) {
			r = &record{name: name, base: p.base, probs: p.probs, links: make([]ilink, len(p.links))}
			for i, l := range p.links {
				path, frag, ok := strings.Cut(l.href, "#")
				r.links[i] = ilink{line: int32(l.line), path: c.strs.intern([]byte(path)), frag: noFrag}
				if ok {
					r.links[i].frag = c.strs.intern([]byte(frag))
				}
			}
		}
	}
	c.names[name] = true
	if p != nil {
		c.ids[name] = ids
	}
	if r != nil {
		c.pages = append(c.pages, r)
	}
}

// oldOwnFragments is the ownFragments of oldAdd.
func (c *Checker) oldOwnFragments(p *page) []link {
	var path string
	rest := p.links[:0]
	for _, l := range p.links {
		h := strings.Trim(l.href, asciiSpace)
		if h == "" || h[0] != '#' {
			rest = append(rest, l)
			continue
		}
		f, ok := ownFragment([]byte(h))
		frag := string(f)
		if !ok {
			rest = append(rest, l)
			continue
		}
		if i := strings.Index(frag, ":~:"); i >= 0 {
			frag = frag[:i]
		}
		if _, ok := p.ids[frag]; ok || frag == "" || isHTML(p.name) && strings.EqualFold(frag, "top") {
			continue
		}
		if path == "" {
			path = cmp.Or(c.pageURL(p.name).Path, "/")
		}
		p.probs = append(p.probs, Problem{Page: p.name, Line: l.line, Href: l.href,
			Msg: fmt.Sprintf("no element with id %q in %s", frag, path)})
	}
	return slices.Clip(rest)
}

// sameProblems reports where Add and oldAdd lead to different problems
// on files, or Problems and uncachedProblems do, and returns how many
// there are.
func sameProblems(t *testing.T, files map[string][]byte, base *url.URL) int {
	t.Helper()
	names := slices.Sorted(maps.Keys(files))
	got, want := New(base), New(base)
	for _, name := range names {
		got.Add(name, files[name])
		want.oldAdd(name, files[name])
	}
	u := New(base)
	for _, name := range names {
		u.Add(name, files[name])
	}
	g, w := got.Problems(), want.Problems()
	if !slices.Equal(g, w) {
		t.Fatalf("Problems() after Add =\n%v\nafter oldAdd =\n%v", g, w)
	}
	if un := u.uncachedProblems(); !slices.Equal(g, un) {
		t.Fatalf("Problems() =\n%v\nchecking each link =\n%v", g, un)
	}
	return len(g)
}

// uncachedProblems is Problems without the answers it keeps for the
// links whose target does not depend on their page: it checks each link.
func (c *Checker) uncachedProblems() []Problem {
	c.pathTarget, c.targets = nil, nil
	var probs []Problem
	for _, p := range c.pages {
		probs = append(probs, p.probs...)
		probs = append(probs, c.checkPage(p)...)
	}
	slices.SortFunc(probs, compareProblems)
	return probs
}

// pieces are what the random pages of TestAddMatchesOldAdd are made of:
// ids, names and links that resolve or not, in every way Add treats apart.
var pieces = []string{
	`<p id="p1">`, `<p id="p2">`, `<p id="dup">`, `<p id="dup">`, `<h2 id="été">`, `<a name="legacy">`, `<a name="p1">`,
	`<p id="a b">`, `<p id="">`, `<a name="">`, "\n", `<p id="top">`,
	`<a href="#p1">`, `<a href="#nowhere">`, `<a href="#top">`, `<a href="#TOP">`, `<a href="#">`, `<a href="#%zz">`,
	`<a href="#a%20b">`, `<a href="#%C3%A9t%C3%A9">`, `<a href="#:~:text=x">`, `<a href="#p2:~:text=y">`, `<a href=" #p1 ">`,
	`<a href="#legacy">`, `<a href="#dup">`, `<a href="#q#r">`, `<a href="#p1&amp;">`,
	`<a href="points/26/#p1">`, `<a href="/repo/points/26/#p2">`, `<a href="/repo/points/26/#p9">`, `<a href="/repo/points/27/">`,
	`<a href="/repo/points/26">`, `<a href="/repo">`, `<a href="/elsewhere/">`, `<a href="../">`, `<a href="?q#p1">`,
	`<a href="https://owner.github.io/repo/sources/x/#p3">`, `<a href="https://OWNER.github.io/repo/sources/x/#nope">`,
	`<a href="http://owner.github.io/repo/">`, `<a href="https://owner.github.io/other/">`, `<a href="//owner.github.io/repo/x">`,
	`<a href="https://example.com/a#:~:text=a%20b">`, `<a href="https://example.com/a#%zz">`, `<a href="https://example.com:80/x?y">`,
	`<a href="https://ex ample.com/">`, `<a href="https://[::1]/">`, `<a href="HTTPS://example.com/">`, `<a href="mailto:a@b">`,
	`<a href="">`, `<a href=" ">`, `<a href="%zz">`, `<a href="http://[::1">`, `<a href="a/b:c">`, `<a href="style.css#x">`,
	`<a href="icons.svg#menu">`, `<a href="icons.svg#nope">`, `<a href="/repo/caf%C3%A9/#%C3%A9t%C3%A9">`, `<a href="/repo/404.html#gone">`,
	`<img src="/repo/style.css">`, `<img srcset="/repo/style.css 1x, nope.png 2x">`, `<img srcset=" , ">`, `<use href="icons.svg#menu">`,
	`<a href="/repo/points/26/ #p1">`, `<a href="/repo/points/26/#p1 ">`, `<a href="/repo/points/26/#">`, `<a href="/repo/points/26/#top">`,
	`<a href="/repo/points/26/#p1?x">`, `<a href="/repo/points/26/?q#p1">`, `<a href="/repo/points/26/#p1:~:text=x">`,
	`<a href="/repo/points/26/#dup">`, `<a href="/repo/icons.svg#menu">`, `<a href="/repo/style.css#x">`, `<a href="/repo/./points/26/#p1">`,
	`<a href="https://owner.github.io/other/#x">`, `<a href="https://owner.github.io/repo/points/26/#p1">`, `<a href="/repo/points/26/#été">`,
	`<p id="sp ">`, `<p id="a%20b">`, `<p id="q:~:x">`, `<a href="/repo/points/26/#sp ">`, `<a href="/repo/points/26/#a%20b">`,
	`<a href="/repo/points/26/#q:~:x">`,
	`<base href="/repo/sources/">`, `<base href="http://[::1">`, `<form action="/repo/nope/">`,
}

// TestAddMatchesOldAdd checks that Add finds the problems oldAdd finds, on
// random pages added to a small site and, with DOSSIER_SCAN_DIR set, on a
// built site.
func TestAddMatchesOldAdd(t *testing.T) {
	t.Parallel()
	base, _ := url.Parse("https://owner.github.io/repo/")
	r := rand.New(rand.NewPCG(3, 4))
	n := 300
	if testing.Short() {
		n = 50
	}
	probs := 0
	for range n {
		extra := map[string]string{}
		for i := range 1 + r.IntN(4) {
			var b strings.Builder
			for range r.IntN(30) {
				b.WriteString(pieces[r.IntN(len(pieces))])
			}
			name := []string{"points/26/index.html", "points/27/index.html", "x.html", "sources/y/index.html", "icons.svg"}[i]
			extra[name] = b.String()
		}
		probs += sameProblems(t, site(extra), base)
	}
	if probs < n {
		t.Errorf("%d random sites had %d problems, want more", n, probs)
	}
	if dir := os.Getenv("DOSSIER_SCAN_DIR"); dir != "" {
		base, _ := url.Parse(cmp.Or(os.Getenv("DOSSIER_SCAN_BASE"), "https://example.org/"))
		files := siteFiles(t, dir)
		sameProblems(t, files, base)
		// And with every tenth file missing, to break links to them.
		for i, name := range slices.Sorted(maps.Keys(files)) {
			if i%10 == 0 {
				delete(files, name)
			}
		}
		if sameProblems(t, files, base) == 0 {
			t.Errorf("no problems in %s with every tenth file missing", dir)
		}
	}
}
