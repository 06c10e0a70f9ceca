package linkcheck

import (
	"bytes"
	"cmp"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// page is what one pass of the tokenizer, or scan, finds in a file.
type page struct {
	name  string
	ids   map[string]int // id (or a name) → line
	links []link
	base  *link     // the first <base href>, if any
	probs []Problem // duplicate ids
}

// scan reads the file name once with a new scanner (see find) and collects
// its ids and, if links is set, its links, in a page, which tests compare
// with what the tokenizer finds.
func scan(name string, data []byte, links bool) *page {
	return new(scanner).scan(name, data, links)
}

// scan is the function scan, with the buffers of s.
func (s *scanner) scan(name string, data []byte, links bool) *page {
	s.find(data, links)
	return collect(name, string(s.vals), &s.f)
}

// collect makes the page of what find found, with the values in str. It
// treats the ids and names as Checker.Add does, in another way.
func collect(name, str string, f *finds) *page {
	p := &page{name: name, ids: make(map[string]int, len(f.ids)), base: f.base}
	if len(f.links) > 0 {
		p.links = make([]link, 0, len(f.links))
	}
	var names []link // name attributes of a elements, which yield to ids
	for _, id := range f.ids {
		val := str[id.start:id.end]
		if id.name {
			names = append(names, link{id.line, val})
		} else if first, ok := p.ids[val]; ok {
			p.probs = append(p.probs, Problem{Page: name, Line: id.line, Msg: fmt.Sprintf("duplicate id %q (first on line %d)", val, first)})
		} else {
			p.ids[val] = id.line
		}
	}
	for _, l := range f.links {
		p.links = append(p.links, link{l.line, str[l.start:l.end]})
	}
	for _, n := range names {
		if _, ok := p.ids[n.href]; !ok {
			p.ids[n.href] = n.line
		}
	}
	return p
}

// The byte scanner must find exactly what golang.org/x/net/html's tokenizer
// finds: scanTokenizer below is the scan it replaced, kept as the oracle.

func TestScan(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		ids   map[string]int
		links []link
		base  *link
		probs int // duplicate ids
	}{
		{name: "plain", in: "<p id=\"a\">x <a href=\"#b\">y</a>\n<img src='c.png'>",
			ids: map[string]int{"a": 1}, links: []link{{1, "#b"}, {2, "c.png"}}},
		{name: "comment hides tags", in: "<!-- <a href=\"x\" id=\"c\"> -->\n<a href=\"y\">",
			ids: map[string]int{}, links: []link{{2, "y"}}},
		{name: "short comments", in: "<!--><a href=\"a\"><!---><a href=\"b\"><!-- x --!><a href=\"c\">",
			ids: map[string]int{}, links: []link{{1, "a"}, {1, "b"}, {1, "c"}}},
		{name: "comment with --!- and dashes", in: "<!-- a --!- <a href=\"x\"> ---><a href=\"y\">",
			ids: map[string]int{}, links: []link{{1, "y"}}},
		{name: "unterminated comment", in: "<a href=\"a\"><!-- <a href=\"b\">",
			ids: map[string]int{}, links: []link{{1, "a"}}},
		{name: "script and style are raw text", in: "<script>if (a<b) x = '<a href=\"no\">';</script >\n<style>a[href=\"<a href=no>\"]{}</style><a href=\"yes\">",
			ids: map[string]int{}, links: []link{{2, "yes"}}},
		{name: "script end tag needs a delimiter", in: "<script>'</scripts><a href=\"no\">'</SCRIPT/><a href=\"yes\">",
			ids: map[string]int{}, links: []link{{1, "yes"}}},
		{name: "escaped script text", in: "<script><!--<script></script><a href=\"no\"></script>--></script><a href=\"yes\">",
			ids: map[string]int{}, links: []link{{1, "yes"}}},
		{name: "textarea and title", in: "<title><a id=\"no\"></title><textarea><a id=\"no2\"></textarea><p id=\"yes\">",
			ids: map[string]int{"yes": 1}},
		{name: "plaintext runs to the end", in: "<plaintext><a href=\"no\"></plaintext><a href=\"no\">",
			ids: map[string]int{}},
		{name: "doctype, processing instruction, bogus comments", in: "<!DOCTYPE html><?xml <a href=\"no\">?><!x <a href=\"no\"></ 3 <a href=\"no\"></><a href=\"yes\">",
			ids: map[string]int{}, links: []link{{1, "yes"}}},
		{name: "end tag attributes are read", in: "</p title=\"<a href='no'>\"><a href=\"yes\">",
			ids: map[string]int{}, links: []link{{1, "yes"}}},
		{name: "a lone < is text", in: "a < b <3 <<a href=\"yes\">",
			ids: map[string]int{}, links: []link{{1, "yes"}}},
		{name: "entities in attributes", in: "<a href=\"/s?a=1&amp;b=2&#39;&#x27;&lt;\"><a href=\"?a&ampx;&amp=&copy;&copy\">",
			ids: map[string]int{}, links: []link{{1, "/s?a=1&b=2''<"}, {1, "?a&ampx;&amp=©©"}}},
		{name: "case and unquoted values", in: "<A HREF=X ID=Y><IMG SRC=z.png/><a href = 'q' >",
			ids: map[string]int{"Y": 1}, links: []link{{1, "X"}, {1, "z.png/"}, {1, "q"}}},
		{name: "first of duplicate attributes", in: "<a href=\"1\" HREF=\"2\" id=\"\" id=\"z\">",
			ids: map[string]int{}, links: []link{{1, "1"}}},
		{name: "lines of a tag over lines", in: "<p>\n<a class=\"x\"\n   href=\"a\"\n   id=\"i\"\n>\n<img\nsrcset=\"a.png 1x, b.png 2x\">",
			ids: map[string]int{"i": 4}, links: []link{{3, "a"}, {7, "a.png"}, {7, "b.png"}}},
		{name: "duplicate ids and names", in: "<p id=\"a\"></p>\n<p id=\"a\"></p><a name=\"a\"></a><a name=\"n\"></a>",
			ids: map[string]int{"a": 1, "n": 2}, probs: 1},
		{name: "base", in: "<base href=\"/x/\"><base href=\"/y/\"><a href=\"z\">",
			ids: map[string]int{}, links: []link{{1, "z"}}, base: &link{1, "/x/"}},
		{name: "NUL and CR in values", in: "<a href=\"a\x00b\r\nc\rd\">",
			ids: map[string]int{}, links: []link{{1, "a\uFFFDb\nc\nd"}}},
		{name: "tag cut by the end", in: "<a href=\"a\"><a href=\"b\"",
			ids: map[string]int{}, links: []link{{1, "a"}}},
		{name: "empty srcset", in: "<img srcset=\" , \">",
			ids: map[string]int{}, links: []link{{1, ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range []struct {
				name string
				scan func(string, []byte, bool) *page
			}{{"scan", scan}, {"scanTokenizer", scanTokenizer}} {
				p := f.scan("x.html", []byte(tt.in), true)
				if !reflect.DeepEqual(p.ids, tt.ids) {
					t.Errorf("%s: ids = %v, want %v", f.name, p.ids, tt.ids)
				}
				if !reflect.DeepEqual(p.links, tt.links) {
					t.Errorf("%s: links = %v, want %v", f.name, p.links, tt.links)
				}
				if !reflect.DeepEqual(p.base, tt.base) {
					t.Errorf("%s: base = %v, want %v", f.name, p.base, tt.base)
				}
				if len(p.probs) != tt.probs {
					t.Errorf("%s: problems = %v, want %d", f.name, p.probs, tt.probs)
				}
			}
		})
	}
}

// sameScan reports where scan and scanTokenizer differ on data, scanned
// by a new scanner and by one whose buffers hold what it found in another
// page.
func sameScan(t *testing.T, name string, data []byte) {
	t.Helper()
	used := new(scanner)
	used.scan("other.html", []byte(usedPage), true)
	for _, links := range []bool{true, false} {
		want := scanTokenizer(name, data, links)
		if got := scan(name, data, links); !reflect.DeepEqual(got, want) {
			t.Fatalf("scan(%q, links=%v) =\n%+v\nscanTokenizer =\n%+v", data, links, got, want)
		}
		if got := used.scan(name, data, links); !reflect.DeepEqual(got, want) {
			t.Fatalf("scanner.scan(%q, links=%v) after another page =\n%+v\nscanTokenizer =\n%+v", data, links, got, want)
		}
	}
}

// usedPage fills a scanner's buffers before sameScan uses it again.
const usedPage = `<a id="top" href="/x/#y" name="n">a</a><img srcset="a.png 1x, b.png 2x" src="c&amp;d">
<base href="/b/"><p id="p1"></p><p id="p1"></p><a href="#p1">`

// soup is what random documents are made of: pieces of tags, comments,
// raw text elements and character references.
var soup = []string{
	"<a ", "<A ", "<img ", "<base ", "<use ", "<source ", "<link ", "<p ", "<form ", "<video ", "<",
	"href=", "HREF=", "id=", "ID=", "name=", "src=", "srcset=", "xlink:href=", "poster=", "action=", "x=", "=",
	"\"", "'", ">", "/>", "/", " ", "\n", "\r", "\t", "\x00", "#a", "b", "a.png 1x, b.png 2x", ",", "(", ")",
	"<!--", "-->", "--!>", "-", "!", "<!-->", "<!", "<?", "</", "</>", "</a>", "<!doctype html>", "<!DOCTYPE",
	"<script>", "</script>", "</script ", "</SCRIPT", "<style>", "</style>", "<textarea>", "</textarea>",
	"<title>", "</title>", "<plaintext>", "<xmp>", "</xmp>", "<iframe ", "</iframe>", "<noscript>", "</noscript>",
	"&amp;", "&amp", "&lt;", "&#39;", "&#x27;", "&#0;", "&#xD800;", "&ampx;", "&copy", "&notit;", "&", ";", "é", "\u212a",
}

func TestScanRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 3000
	}
	var b strings.Builder
	for range n {
		b.Reset()
		for range r.IntN(40) {
			b.WriteString(soup[r.IntN(len(soup))])
		}
		sameScan(t, "x.html", []byte(b.String()))
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range soup {
		f.Add([]byte(s))
	}
	for _, data := range benchSite(3, 12) {
		f.Add(data)
	}
	f.Add([]byte("<script><!--<script></script>--></script><a href=\"x\" id=\"y\">"))
	f.Add([]byte("<a\nhref=\"a&amp;b\"\nid='c'>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		sameScan(t, "x.html", data)
	})
}

// realPages returns the HTML pages under $DOSSIER_SCAN_DIR (for example a
// built site's public folder), or nil if it is not set.
func realPages(tb testing.TB) map[string][]byte {
	dir := os.Getenv("DOSSIER_SCAN_DIR")
	if dir == "" {
		return nil
	}
	pages := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isHTML(p) {
			return err
		}
		data, err := os.ReadFile(p)
		pages[p] = data
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return pages
}

// TestScanRealPages compares the scans on the pages of benchSite and, with
// DOSSIER_SCAN_DIR set, on a built site's pages.
func TestScanRealPages(t *testing.T) {
	pages := realPages(t)
	if pages == nil {
		pages = benchSite(50, 30)
	}
	for name, data := range pages {
		sameScan(t, name, data)
	}
}

// BenchmarkScan scans the pages under $DOSSIER_SCAN_DIR, or those of
// benchSite: for example, after
//
//	go run ./internal/bench/gen -points 1000 -out /tmp/site
//	go run ./cmd/dossier build -src /tmp/site -out /tmp/site/public
//	DOSSIER_SCAN_DIR=/tmp/site/public go test -run '^$' -bench Scan ./internal/linkcheck
func BenchmarkScan(b *testing.B) {
	pages := realPages(b)
	if pages == nil {
		pages = benchSite(2000, 50)
	}
	var size int64
	for _, data := range pages {
		size += int64(len(data))
	}
	var sc scanner // as Checker.Add uses one, again and again
	for _, f := range []struct {
		name string
		scan func(string, []byte, bool) *page
	}{{"bytes", sc.scan}, {"tokenizer", scanTokenizer}} {
		b.Run(f.name, func(b *testing.B) {
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				for name, data := range pages {
					f.scan(name, data, true)
				}
			}
		})
	}
}

// scanTokenizer is the scan that came before the byte scanner, kept as its
// oracle: it tokenizes the file name once with golang.org/x/net/html and
// collects its ids and, if links is set, its links.
func scanTokenizer(name string, data []byte, links bool) *page {
	p := &page{name: name, ids: make(map[string]int)}
	var names []link // name attributes of a elements, which yield to ids
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: a bytes.Reader has no other errors
		}
		// The tokens' raw bytes cover the input without gaps, so counting
		// their newlines keeps the line number.
		raw := z.Raw()
		tagLine := line
		nl := bytes.Count(raw, []byte("\n"))
		line += nl
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		// Attributes of a tag that spans lines are found in a copy of its
		// raw bytes, since the tokenizer may rewrite its buffer in TagAttr.
		var rawTag []byte
		if nl > 0 {
			rawTag = bytes.Clone(raw)
		}
		tagBytes, more := z.TagName()
		tag := knownTag(tagBytes)
		for more {
			var key, val []byte
			key, val, more = z.TagAttr()
			kind := notLink
			switch string(key) {
			case "id":
				if len(val) == 0 {
					continue
				}
				id := string(val)
				l := tagLine + attrLine(rawTag, key)
				if first, ok := p.ids[id]; ok {
					p.probs = append(p.probs, Problem{Page: name, Line: l, Msg: fmt.Sprintf("duplicate id %q (first on line %d)", id, first)})
				} else {
					p.ids[id] = l
				}
				continue
			case "name":
				if tag == "a" && len(val) > 0 {
					names = append(names, link{tagLine + attrLine(rawTag, key), string(val)})
				}
				continue
			}
			if links {
				kind = linkAttr(tag, lookupKey(key))
			}
			l := tagLine + attrLine(rawTag, key)
			switch kind {
			case oneURL:
				if tag == "base" {
					if p.base == nil {
						p.base = &link{l, string(val)}
					}
					continue
				}
				p.links = append(p.links, link{l, string(val)})
			case srcset:
				urls := srcsetURLs(string(val))
				if len(urls) == 0 {
					urls = []string{""} // reported as an empty link
				}
				for _, u := range urls {
					p.links = append(p.links, link{l, u})
				}
			}
		}
	}
	for _, n := range names {
		if _, ok := p.ids[n.href]; !ok {
			p.ids[n.href] = n.line
		}
	}
	return p
}

// BenchmarkCheckSite checks a built site whole: every file under
// $DOSSIER_SCAN_DIR, served at $DOSSIER_SCAN_BASE (default
// https://example.org/, the generated sites' base_url).
func BenchmarkCheckSite(b *testing.B) {
	dir := os.Getenv("DOSSIER_SCAN_DIR")
	if dir == "" {
		b.Skip("DOSSIER_SCAN_DIR is not set")
	}
	base, err := url.Parse(cmp.Or(os.Getenv("DOSSIER_SCAN_BASE"), "https://example.org/"))
	if err != nil {
		b.Fatal(err)
	}
	files := siteFiles(b, dir)
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

// TestPlainValue holds plainValue, which tests eight bytes at once, to a
// test of each byte, with each byte it looks for at each place of values
// of every length up to three words, among bytes that are near them.
func TestPlainValue(t *testing.T) {
	plain := func(b []byte) bool { return bytes.IndexAny(b, "&\x00\r") < 0 }
	for n := range 25 {
		for i := range n {
			for _, c := range []byte{'&', 0, '\r', 'a', '\n', '%', '\'', 0x80, 0xff, '&' + 0x80, 0x0d + 0x80} {
				b := bytes.Repeat([]byte{'x'}, n)
				b[i] = c
				if got, want := plainValue(b), plain(b); got != want {
					t.Errorf("plainValue(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}
