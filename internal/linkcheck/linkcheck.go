// Package linkcheck is the check stage of the build: it runs after render and
// before write, on the rendered bytes of the whole site, and proves that every
// internal link and #anchor resolves. It follows golang/website
// cmd/golangorg/server_test.go (TestAll), but checks the output files rather
// than a running server.
//
// The site is a map from output path (forward slashes, relative to the output
// directory, e.g. "points/26/index.html") to bytes, served under a base URL
// such as https://owner.github.io/repo/ whose path ("/repo/") is the base
// path. The page "points/26/index.html" is served at /repo/points/26/; any
// other file, such as "404.html", at /repo/404.html.
//
// # What is a link
//
// Only files whose name ends in ".html" are scanned for links. A link is the
// value of one of these attributes:
//
//	a, area, link               href
//	use                         href, xlink:href
//	img, source                 src, srcset (every URL of the list)
//	script, iframe              src
//	video, audio                src, poster
//	form                        action
//
// The first <base href> of a page, if any, is the base for its relative links,
// as in a browser.
//
// # Which links are checked
//
// A link with a scheme other than http or https (mailto:, tel:, data:) is not
// checked. An http or https link is checked only if it has the scheme and
// host of the base URL and its path lies under the base path: such a link
// (a canonical link, a feed's self link) points into the site. Any other
// absolute link is external and is not checked.
//
// A root-relative link ("/repo/points/26/") must start with the base path;
// otherwise it points outside the site, which is a problem. This is what
// proves that nothing points at the host's root when the site lives in a
// subpath. A relative link ("../27/", "#p3", "?q") is resolved against the
// page's URL. An empty link is a problem.
//
// # How a link resolves
//
// The base path is cut off the link's path, which is then percent-decoded;
// the query is ignored. A path that is empty or ends in "/" names the
// "index.html" in that directory. Any other path names that file; if there is
// none but there is a page path+"/index.html", the link lacks a trailing
// slash, which is a problem: GitHub Pages would redirect it, but the site's
// links are meant to be canonical.
//
// A fragment must name an element of the target page: the id attribute of any
// element or the name attribute of an a element, compared after
// percent-decoding. "#top" always resolves in an HTML page, as the HTML
// standard says. A fragment on a target that is neither an HTML page nor an
// SVG file (whose ids are collected too, for <use href="icons.svg#menu">) is a
// problem. Text fragments are not checked: in "#:~:text=…" nothing is, and in
// "#p3:~:text=…" only "p3" is.
//
// Duplicate ids in a page are problems as well, since a fragment link can only
// reach the first of them.
//
// Each page is read once, by a byte scanner that finds tags, ids and links
// exactly as golang.org/x/net/html's tokenizer does; pages are scanned and
// then checked in parallel by GOMAXPROCS workers, and the problems are sorted
// so that the result does not depend on scheduling.
package linkcheck

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"maps"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// Problem is a link in a rendered page that does not resolve, or a duplicate
// id, which breaks the fragment links that point at it.
type Problem struct {
	Page string // output path of the page that holds the link, e.g. "points/26/index.html"
	Line int    // 1-based line of the link's attribute in the page
	Href string // the URL as written (one URL of a srcset); "" for a duplicate id
	Msg  string // what is wrong, e.g. "no page at /repo/points/29/"
}

// String formats the problem as
//
//	points/26/index.html:12: broken link /repo/points/29/: no page at /repo/points/29/
//
// or, for a duplicate id or an empty link (Href is blank), as
//
//	points/26/index.html:40: duplicate id "p7" (first on line 31)
func (p Problem) String() string {
	if strings.Trim(p.Href, asciiSpace) == "" {
		return fmt.Sprintf("%s:%d: %s", p.Page, p.Line, p.Msg)
	}
	return fmt.Sprintf("%s:%d: broken link %s: %s", p.Page, p.Line, p.Href, p.Msg)
}

// Check checks every internal link of the HTML files in files (output path
// with forward slashes → bytes) and returns the problems sorted by page, line
// and href; it returns nil if every link resolves. Any file may be the target
// of a link. base is the site's base URL, e.g. https://owner.github.io/repo/
// (its path is the base path "/repo/"); it must be absolute.
func Check(files map[string][]byte, base *url.URL) []Problem {
	c := New(base)
	names := slices.Sorted(maps.Keys(files))
	parallel(len(names), func(i int) { c.Add(names[i], files[names[i]]) })
	return c.Problems()
}

// Checker checks a site whose files come one at a time, as a build renders
// them, and keeps of each only what the check needs: its name and, for an
// HTML page or SVG file, its ids and the links it still has to resolve (a
// link to a fragment of its own page is resolved at once). It never keeps a
// file's bytes. Add may be called from several goroutines at once.
type Checker struct {
	scheme   string
	host     string
	basePath string // ends in "/"

	mu    sync.Mutex
	strs  *strtab          // interned ids and links
	names map[string]bool  // every file added
	ids   map[string]idSet // output path → its ids, for HTML and SVG files
	pages []*record        // HTML pages, with links left to resolve

	// scanners holds the buffers of scans that have ended, for the next.
	scanners sync.Pool // *scanner

	// pathTarget and targets hold what checkLink finds of the path of
	// each link whose target does not depend on the page it is on (see
	// fixedTarget): the paths to the home page, stylesheet and sources
	// recur on page after page, with many fragments (/sources/x/#p3).
	// Problems fills them before it checks the pages, so that most links
	// cost a look-up by number and a binary search of the target's ids.
	pathTarget []uint32 // a path's number in strs → 1 + its index in targets, or 0
	targets    []target
}

// target is what Problems knows of the path of a fixed link.
type target struct {
	msg string // checkLink's answer for the path alone
	// frags tells that checkLink resolves path+"#"+frag, for a plain
	// frag (see plainFrag), to the file of ids, where it looks for frag.
	frags bool
	ids   idSet
}

// idSet holds the ids of a page, by number, sorted. Ids and links are
// interned (one copy of each string in Checker.strs, numbered): the same
// ids (note-3, p7) and links (the header's, a point's) recur on page after
// page, and a site of 10,000 pages would otherwise hold each copy; a number
// of four bytes in a sorted slice, not a string in a map, keeps a page's
// record small.
type idSet []uint32

// record is what the Checker keeps of an HTML page.
type record struct {
	name  string
	base  *link // the first <base href>, if any
	links []ilink
	probs []Problem
}

// ilink is a link with its URL interned in two parts, the part before the
// first "#" and the part after it: the links of a site point at few pages
// but at many places in them (/sources/x/#p3), and the fragments are
// mostly ids, interned already.
type ilink struct {
	line int32
	path uint32 // in Checker.strs
	frag uint32 // in Checker.strs, or noFrag if the URL has no "#"
}

const noFrag = ^uint32(0)

// href returns the link's URL as written. Only after the last Add.
func (c *Checker) href(l ilink) string {
	if l.frag == noFrag {
		return c.strs.str(l.path)
	}
	return c.strs.str(l.path) + "#" + c.strs.str(l.frag)
}

// New returns a Checker for a site served under base (see Check).
func New(base *url.URL) *Checker {
	c := &Checker{
		scheme:   base.Scheme,
		host:     base.Host,
		basePath: base.Path,
		names:    map[string]bool{},
		strs:     newStrtab(),
		ids:      map[string]idSet{},
	}
	if !strings.HasSuffix(c.basePath, "/") {
		c.basePath += "/"
	}
	return c
}

// Add records the file name (an output path) with its bytes, which it does
// not keep. Each name is added once.
func (c *Checker) Add(name string, data []byte) {
	html := isHTML(name)
	if !html && !isSVG(name) {
		c.mu.Lock()
		c.names[name] = true
		c.mu.Unlock()
		return
	}
	// Pass 1: scan the page once, collecting its ids and links.
	sc, _ := c.scanners.Get().(*scanner)
	if sc == nil {
		sc = new(scanner)
	}
	defer c.scanners.Put(sc)
	sc.find(data, html)
	f := c.sift(sc, html)

	// The lock is held to number the ids and links, and then to store the
	// page's record; the build's workers add pages at once, and all else
	// is done without it.
	c.mu.Lock()
	for i := range f.ids {
		id := &f.ids[i]
		id.num = c.strs.intern(sc.vals[id.start:id.end])
	}
	nLinks := 0
	for i := range f.links {
		l := &f.links[i]
		if l.own {
			// A fragment that is no page's id is not interned.
			l.frag = noFrag
			if n, ok := c.strs.lookup(l.ownFrag); ok {
				l.frag = n
			}
			continue
		}
		nLinks++
		path, frag, ok := bytes.Cut(sc.vals[l.start:l.end], []byte("#"))
		l.path, l.frag = c.strs.intern(path), noFrag
		if ok {
			l.frag = c.strs.intern(frag)
		}
	}
	c.mu.Unlock()

	ids, probs := pageIDs(name, sc)
	var r *record
	if html {
		r = &record{name: name, base: f.base, probs: probs, links: make([]ilink, 0, nLinks)}
		var path string // of the page, for its problems
		for _, l := range f.links {
			if !l.own {
				r.links = append(r.links, ilink{line: int32(l.line), path: l.path, frag: l.frag})
				continue
			}
			if _, ok := slices.BinarySearch(ids, l.frag); ok {
				continue
			}
			if path == "" {
				path = cmp.Or(c.pageURL(name).Path, "/")
			}
			r.probs = append(r.probs, Problem{Page: name, Line: l.line, Href: string(sc.vals[l.start:l.end]),
				Msg: fmt.Sprintf("no element with id %q in %s", l.ownFrag, path)})
		}
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	c.names[name] = true
	c.ids[name] = ids
	if r != nil {
		c.pages = append(c.pages, r)
	}
}

// finds is what find finds in a page, in the scanner's buffers, and Add
// takes of it: its ids, its links (those it has to resolve, once sift has
// left out the others) and its first <base href>.
type finds struct {
	ids   []idFound
	keys  []uint64 // pageIDs's, to sort the ids
	links []linkFound
	base  *link // the first <base href>, if any
}

// idFound is an id, or the name of an a element, found in a page.
type idFound struct {
	start, end int // its value is scanner.vals[start:end]
	line       int
	name       bool   // the name of an a element, which yields to ids
	num        uint32 // its number in Checker.strs
}

// linkFound is a link found in a page.
type linkFound struct {
	start, end int // its URL as written is scanner.vals[start:end]
	line       int
	// own tells that the link only names ownFrag (decoded, without a text
	// directive), a fragment of its own page, which Add resolves at once.
	own        bool
	ownFrag    []byte
	path, frag uint32 // ilink's, or for own, frag is ownFrag's (or noFrag)
}

// sift sorts out the links that find found in a page: it keeps those that
// Add has to resolve, leaving out those to the top of the page or an empty
// fragment of it and those that are never checked (see offSite).
func (c *Checker) sift(sc *scanner, html bool) *finds {
	// ownFragment and offSite must keep to checkLink's view of a link.
	f := &sc.f
	kept := f.links[:0]
	for _, l := range f.links {
		h := trimSpace(sc.vals[l.start:l.end])
		if len(h) > 0 && h[0] == '#' && f.base == nil {
			if frag, ok := ownFragment(h); ok { // else checkLink reports it
				if i := bytes.Index(frag, []byte(":~:")); i >= 0 {
					frag = frag[:i]
				}
				if len(frag) == 0 || html && bytes.EqualFold(frag, []byte("top")) {
					continue
				}
				l.own, l.ownFrag = true, frag
			}
		} else if c.offSite(h) {
			continue
		}
		kept = append(kept, l)
	}
	f.links = kept
	return f
}

// has reports whether ids holds id. Only after the last Add.
func (c *Checker) has(ids idSet, id string) bool {
	n, ok := c.strs.lookup([]byte(id))
	if !ok {
		return false
	}
	_, ok = slices.BinarySearch(ids, n)
	return ok
}

// offSite reports whether href is an absolute URL that checkLink never
// checks, whatever page it is on: its scheme is not http or https, or it
// is not the site's scheme and host. A page keeps no record of such links
// (the text-fragment links to sources, "…#:~:text=…", are many and long).
func (c *Checker) offSite(href []byte) bool {
	h := trimSpace(href)
	if !hasScheme(h) {
		return false
	}
	// Parse h without its fragment, which need not be decoded here: the
	// fragments of text-fragment links are long and percent-encoded. But
	// h is kept if url.Parse(h) fails, so that checkLink reports it, and
	// url.Parse fails on a fragment just where it has a bad escape.
	beforeFrag, frag, _ := bytes.Cut(h, []byte("#"))
	if !validEscapes(frag) {
		return false
	}
	if scheme, host, ok := plainHTTP(beforeFrag); ok {
		return scheme != c.scheme || !bytes.EqualFold(host, []byte(c.host))
	}
	u, err := url.Parse(string(beforeFrag))
	if err != nil || u.Scheme == "" {
		return false
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Opaque != "" {
		return true
	}
	return u.Scheme != c.scheme || !strings.EqualFold(u.Host, c.host)
}

// hasScheme tells whether the URL h, trimmed, starts with a scheme: it has
// a ":" before any "/", "?" or "#", and not at its start.
func hasScheme(h []byte) bool {
	for i, c := range h {
		switch c {
		case ':':
			return i > 0
		case '/', '?', '#':
			return false
		}
	}
	return false
}

// trimSpace returns b without the asciiSpace around it.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && isTagSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isTagSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

// plainHTTP returns the scheme and host that url.Parse finds in s, a URL
// without a fragment, if s is an http or https URL in which url.Parse has
// nothing to reject or decode: its scheme is in lower case, its host has
// only letters, digits, dots and hyphens, and it has no "%" and no control
// character. Most links off the site are such URLs, and parsing them took
// most of offSite's time.
func plainHTTP(s []byte) (scheme string, host []byte, ok bool) {
	switch {
	case bytes.HasPrefix(s, []byte("https://")):
		scheme = "https"
	case bytes.HasPrefix(s, []byte("http://")):
		scheme = "http"
	default:
		return "", nil, false
	}
	for _, c := range s {
		if c < ' ' || c == 0x7f || c == '%' {
			return "", nil, false
		}
	}
	// url.Parse cuts off the query before it looks for the host's end.
	rest, _, _ := bytes.Cut(s[len(scheme)+len("://"):], []byte("?"))
	host, _, _ = bytes.Cut(rest, []byte("/"))
	for _, c := range host {
		if !isLetter(c) && !('0' <= c && c <= '9') && c != '.' && c != '-' {
			return "", nil, false
		}
	}
	return scheme, host, true
}

// validEscapes tells whether every "%" of s starts an escape of two hex
// digits, as url.Parse wants of a fragment.
func validEscapes(s []byte) bool {
	for {
		i := bytes.IndexByte(s, '%')
		if i < 0 {
			return true
		}
		if i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2]) {
			return false
		}
		s = s[i+3:]
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c|0x20 && c|0x20 <= 'f'
}

// ownFragment returns the fragment of h, which starts with "#", decoded as
// url.Parse(h) decodes it, and false if url.Parse fails. Most such links
// ("#p3", "#note-2") have nothing to decode.
func ownFragment(h []byte) ([]byte, bool) {
	if bytes.IndexByte(h, '%') < 0 {
		return h[1:], true
	}
	u, err := url.Parse(string(h))
	if err != nil {
		return nil, false
	}
	return []byte(u.Fragment), true
}

// pageIDs returns the ids that sc found in the page name (with the names
// of its a elements), and the problems with its duplicate ids. Add must
// have numbered the ids.
func pageIDs(name string, sc *scanner) (idSet, []Problem) {
	found := sc.f.ids
	// Sort the ids by number, with the ids before the names of a elements,
	// which yield to them, and each in the order of the file, by sorting
	// keys number<<32 | name<<31 | index in found.
	keys := sc.f.keys[:0]
	for i, id := range found {
		k := uint64(id.num)<<32 | uint64(i)
		if id.name {
			k |= 1 << 31
		}
		keys = append(keys, k)
	}
	sc.f.keys = keys
	slices.Sort(keys)
	n := 0
	for i, k := range keys {
		if i == 0 || k>>32 != keys[i-1]>>32 {
			n++
		}
	}
	ids := make(idSet, 0, n)
	var probs []Problem
	var first idFound // the first of a number
	for i, k := range keys {
		id := found[uint32(k)&^(1<<31)]
		if i == 0 || k>>32 != keys[i-1]>>32 {
			ids = append(ids, id.num)
			first = id
		} else if !id.name { // and so first is an id too
			probs = append(probs, Problem{Page: name, Line: id.line,
				Msg: fmt.Sprintf("duplicate id %q (first on line %d)", sc.vals[id.start:id.end], first.line)})
		}
	}
	return ids, probs
}

// Problems resolves the links of every page added (pass 2, which needs the
// ids of every page) and returns the problems sorted by page, line and href;
// nil if every link resolves. Call it once, after the last Add.
func (c *Checker) Problems() []Problem {
	pages := c.pages
	slices.SortFunc(pages, func(a, b *record) int { return strings.Compare(a.name, b.name) })
	c.checkFixed()
	found := make([][]Problem, len(pages))
	parallel(len(pages), func(i int) {
		found[i] = c.checkPage(pages[i])
	})

	var probs []Problem
	for i, p := range pages {
		probs = append(probs, p.probs...)
		probs = append(probs, found[i]...)
	}
	slices.SortFunc(probs, compareProblems)
	return probs
}

// compareProblems orders problems by page, line, href and message.
func compareProblems(a, b Problem) int {
	return cmp.Or(
		strings.Compare(a.Page, b.Page),
		cmp.Compare(a.Line, b.Line),
		strings.Compare(a.Href, b.Href),
		strings.Compare(a.Msg, b.Msg),
	)
}

// checkPage returns the problems with the links of p.
func (c *Checker) checkPage(p *record) []Problem {
	var doc *url.URL // made when a link needs it: most pass c.resolves
	var probs []Problem
	if p.base != nil {
		doc = c.pageURL(p.name)
		u, err := url.Parse(strings.Trim(p.base.href, asciiSpace))
		if err != nil {
			probs = append(probs, Problem{Page: p.name, Line: p.base.line, Href: p.base.href, Msg: "base element: " + malformed(err)})
		} else {
			doc = doc.ResolveReference(u)
		}
	}
	for _, l := range p.links {
		if p.base == nil && c.resolves(l) {
			continue
		}
		if doc == nil {
			doc = c.pageURL(p.name)
		}
		if msg := c.checkLink(doc, c.href(l)); msg != "" {
			probs = append(probs, Problem{Page: p.name, Line: int(l.line), Href: c.href(l), Msg: msg})
		}
	}
	return probs
}

// resolves tells, from c.targets, that checkLink passes l on any page
// without a <base>. If it returns false, checkLink has the answer.
func (c *Checker) resolves(l ilink) bool {
	if int(l.path) >= len(c.pathTarget) || c.pathTarget[l.path] == 0 {
		return false
	}
	t := &c.targets[c.pathTarget[l.path]-1]
	if t.msg != "" {
		return false
	}
	if l.frag == noFrag {
		return true
	}
	if !t.frags {
		return false
	}
	frag := c.strs.bytes(l.frag)
	if len(frag) == 0 {
		return true
	}
	if !plainFrag(frag) {
		return false
	}
	_, ok := slices.BinarySearch(t.ids, l.frag)
	return ok
}

// plainFrag tells whether checkLink takes frag, the part of a link after
// its first "#", as it is: it has no "%" to decode, no white space or
// control character and no text directive (":~:").
func plainFrag(frag []byte) bool {
	for _, c := range frag {
		if c <= ' ' || c == 0x7f || c == '%' {
			return false
		}
	}
	return !bytes.Contains(frag, []byte(":~:"))
}

// checkFixed fills c.targets: it resolves, once each, the path of every
// link of a page without a <base> whose target does not depend on the page.
func (c *Checker) checkFixed() {
	// A path's number, not the link's, keys the answers: a site's links
	// have many fragments of few paths.
	c.pathTarget = make([]uint32, c.strs.len())
	var paths []uint32
	for _, p := range c.pages {
		if p.base != nil {
			continue
		}
		for _, l := range p.links {
			// fixedTarget looks at the start of the URL, which has no "#".
			if c.pathTarget[l.path] == 0 && fixedTarget(c.strs.bytes(l.path)) {
				paths = append(paths, l.path)
				c.pathTarget[l.path] = uint32(len(paths))
			}
		}
	}
	c.targets = make([]target, len(paths))
	doc := c.pageURL("index.html") // any page would do
	parallel(len(paths), func(i int) {
		t := &c.targets[i]
		path := c.strs.str(paths[i])
		key, _, _, msg := c.resolve(doc, path)
		if key == "" {
			t.msg = msg
			return
		}
		// A path that ends in white space is trimmed when alone, but
		// not when a fragment follows.
		t.frags = !isTagSpace(path[len(path)-1])
		t.ids = c.ids[key]
	})
}

// fixedTarget tells whether href resolves to the same URL on every page
// without a <base>: every page's URL has the site's scheme and host, and href
// starts with "/" (a path from the root, or "//host") or "http://" or
// "https://".
func fixedTarget(href []byte) bool {
	return bytes.HasPrefix(href, []byte("/")) || bytes.HasPrefix(href, []byte("https://")) || bytes.HasPrefix(href, []byte("http://"))
}

// pageURL returns the URL at which the file name is served.
func (c *Checker) pageURL(name string) *url.URL {
	p := c.basePath + name
	if name == "index.html" || strings.HasSuffix(name, "/index.html") {
		p = strings.TrimSuffix(p, "index.html")
	}
	return &url.URL{Scheme: c.scheme, Host: c.host, Path: p}
}

// checkLink resolves href against the document URL doc and returns what is
// wrong with it, or "" if it resolves or is not checked.
func (c *Checker) checkLink(doc *url.URL, href string) string {
	key, p, frag, msg := c.resolve(doc, href)
	if key == "" {
		return msg
	}
	if i := strings.Index(frag, ":~:"); i >= 0 {
		frag = frag[:i]
	}
	if frag == "" {
		return ""
	}
	ids, ok := c.ids[key]
	if !ok {
		return fmt.Sprintf("fragment %q on %s, which is not an HTML page", frag, p)
	}
	if c.has(ids, frag) || isHTML(key) && strings.EqualFold(frag, "top") {
		return ""
	}
	return fmt.Sprintf("no element with id %q in %s", frag, p)
}

// resolve resolves href against the document URL doc and returns the file
// it names (its output path), its URL's path and its fragment, decoded; or
// "" and checkLink's answer if href names no file or is not checked.
func (c *Checker) resolve(doc *url.URL, href string) (key, p, frag, msg string) {
	h := strings.Trim(href, asciiSpace)
	if h == "" {
		return "", "", "", "empty link"
	}
	p, frag, ok := plainPath(h)
	absolute := false
	if !ok {
		u, err := url.Parse(h)
		if err != nil {
			return "", "", "", malformed(err)
		}
		absolute = u.Scheme != "" || u.Host != ""
		if absolute {
			scheme := cmp.Or(u.Scheme, doc.Scheme)
			if scheme != "http" && scheme != "https" || u.Opaque != "" {
				return "", "", "", ""
			}
			if scheme != c.scheme || !strings.EqualFold(u.Host, c.host) {
				return "", "", "", ""
			}
		}
		t := doc.ResolveReference(u)
		p, frag = cmp.Or(t.Path, "/"), t.Fragment
	}
	if p+"/" == c.basePath {
		return "", "", "", fmt.Sprintf("missing trailing slash (want %s)", c.basePath)
	}
	if !strings.HasPrefix(p, c.basePath) {
		if absolute {
			return "", "", "", "" // another site on the same host
		}
		return "", "", "", "outside the base path " + c.basePath
	}

	rel := p[len(c.basePath):]
	key = rel
	if rel == "" || strings.HasSuffix(rel, "/") {
		key = rel + "index.html"
		if !c.names[key] {
			return "", "", "", "no page at " + p
		}
	} else if !c.names[key] {
		if c.names[rel+"/index.html"] {
			return "", "", "", fmt.Sprintf("missing trailing slash (want %s/)", p)
		}
		return "", "", "", "no file at " + p
	}
	return key, p, frag, ""
}

// plainPath returns the path and fragment of the URL h, as url.Parse and
// then ResolveReference against any document give them, if h is a path
// from the root in which url.Parse has nothing to reject or decode and
// ResolveReference nothing to clean: it starts with a single "/" and has no
// "%", "?", control character, empty segment or dot segment. Most links of a
// site are such paths ("/sources/x/#p3"), and parsing them took most of
// checkLink's time.
func plainPath(h string) (path, frag string, ok bool) {
	if len(h) == 0 || h[0] != '/' {
		return "", "", false
	}
	for i := range len(h) {
		if c := h[i]; c < ' ' || c == 0x7f || c == '%' || c == '?' {
			return "", "", false
		}
	}
	path, frag, _ = strings.Cut(h, "#")
	if strings.Contains(path, "//") {
		return "", "", false
	}
	for seg := range strings.SplitSeq(path[1:], "/") {
		if seg == "." || seg == ".." {
			return "", "", false
		}
	}
	return path, frag, true
}

// asciiSpace is the white space that HTML strips from around URLs.
const asciiSpace = "\t\n\f\r "

// malformed describes a url.Parse error without repeating the URL, which the
// Problem already holds.
func malformed(err error) string {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		err = ue.Err
	}
	return "malformed URL: " + err.Error()
}

func isHTML(name string) bool { return path.Ext(name) == ".html" }
func isSVG(name string) bool  { return path.Ext(name) == ".svg" }

// parallel calls f(0) … f(n-1) on at most GOMAXPROCS goroutines and returns
// when all calls have returned. f must store its result by index, which keeps
// the outcome independent of scheduling.
func parallel(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		})
	}
	wg.Wait()
}
