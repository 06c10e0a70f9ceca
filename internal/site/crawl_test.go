package site_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dossier-dev/dossier/internal/site"
)

// serveUnder serves files (output path → bytes) under the path prefix, as
// GitHub Pages serves a project site: /prefix/points/26/ is
// points/26/index.html; anything else is 404.
func serveUnder(prefix string, files map[string][]byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, prefix)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if p == "" || strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		b, ok := files[p]
		if !ok {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write(files["404.html"])
			return
		}
		_, _ = w.Write(b)
	})
}

// TestCrawlUnderSubpath builds the repository's dossier for
// https://example.org/repo/, serves it under /repo/ on loopback and crawls it
// from the home page over HTTP: every page the crawl finds must load, every
// #fragment must name an element of its page, every asset must load, and no
// link may point at the site root outside /repo/.
func TestCrawlUnderSubpath(t *testing.T) {
	t.Parallel()
	res, err := site.Build(context.Background(), repoFS(), site.Options{BaseURL: "https://example.org/repo/"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(serveUnder("/repo/", res.Files))
	defer srv.Close()
	base, _ := url.Parse(srv.URL + "/repo/")
	canonical, _ := url.Parse("https://example.org/repo/")

	type page struct {
		ids   map[string]bool
		links []*url.URL // absolute, on the test server
	}
	pages := map[string]*page{} // path → page
	get := func(u *url.URL) (int, []byte) {
		resp, err := http.Get(u.String())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, b
	}

	queue := []*url.URL{base}
	seen := map[string]bool{base.Path: true}
	assets := map[string]bool{}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		status, body := get(u)
		if status != http.StatusOK {
			t.Errorf("GET %s = %d", u.Path, status)
			continue
		}
		p := &page{ids: map[string]bool{}}
		pages[u.Path] = p
		z := html.NewTokenizer(bytes.NewReader(body))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			name, more := z.TagName()
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				key, val := string(k), string(v)
				switch {
				case key == "id":
					p.ids[val] = true
				case key == "href" || key == "src":
					ref, err := url.Parse(val)
					if err != nil {
						t.Errorf("%s: bad URL %q", u.Path, val)
						continue
					}
					if ref.Scheme == "mailto" {
						continue
					}
					if strings.HasPrefix(val, "/") && !strings.HasPrefix(val, "/repo/") {
						t.Errorf("%s: <%s %s=%q> points at the site root, outside /repo/", u.Path, name, key, val)
						continue
					}
					abs := u.ResolveReference(ref)
					if abs.Host == canonical.Host && strings.HasPrefix(abs.Path, "/repo/") {
						// The site's own absolute URLs (canonical, feeds).
						abs.Scheme, abs.Host = base.Scheme, base.Host
					}
					if abs.Host != base.Host {
						continue // external
					}
					if string(name) == "a" || (string(name) == "link" && !strings.HasSuffix(abs.Path, ".css") && !strings.HasSuffix(abs.Path, ".svg") && !strings.HasSuffix(abs.Path, ".xml")) {
						p.links = append(p.links, abs)
						q := *abs
						q.Fragment, q.RawQuery = "", ""
						if strings.HasSuffix(q.Path, "/") && !seen[q.Path] {
							seen[q.Path] = true
							queue = append(queue, &q)
						} else if !strings.HasSuffix(q.Path, "/") {
							assets[q.Path] = true
						}
					} else {
						assets[abs.Path] = true
					}
				}
			}
		}
	}
	if len(pages) < 100 {
		t.Errorf("the crawl found %d pages, want every page of the dossier (over 100)", len(pages))
	}
	for path, p := range pages {
		for _, l := range p.links {
			frag := l.Fragment
			if frag == "" || strings.HasPrefix(frag, ":~:") || !strings.HasSuffix(l.Path, "/") {
				continue
			}
			target := pages[l.Path]
			if target == nil {
				t.Errorf("%s links to %s, which the crawl did not load", path, l.Path)
				continue
			}
			if !target.ids[frag] && frag != "top" {
				t.Errorf("%s links to %s#%s: no element has that id", path, l.Path, frag)
			}
		}
	}
	for a := range assets {
		if status, _ := get(&url.URL{Scheme: base.Scheme, Host: base.Host, Path: a}); status != http.StatusOK {
			t.Errorf("asset %s = %d", a, status)
		}
	}
	if status, _ := get(&url.URL{Scheme: base.Scheme, Host: base.Host, Path: "/repo/no/such/page/"}); status != http.StatusNotFound {
		t.Errorf("a missing page = %d, want 404", status)
	}
}
