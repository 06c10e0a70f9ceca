package webcheck

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"testing/synctest"
	"time"

	"github.com/dossier-dev/dossier/internal/capture"
	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/xref"
)

const articleV1 = `<!DOCTYPE html><html><head><title>Barrier opens</title></head><body><article>
<h1>Barrier opens</h1>
<p>The flood barrier on the lower river opened on Monday, three years after building began and eighteen months later than planned.</p>
<p>Engineers say the barrier can hold back a surge two metres higher than the flood that destroyed the old harbour.</p>
<p>The mayor called the barrier “a promise kept to the harbour district” at the opening ceremony on the quay.</p>
</article></body></html>`

// articleV2 is the same article after an edit: the mayor's words and the
// engineers' claim are gone.
const articleV2 = `<!DOCTYPE html><html><head><title>Barrier opens</title></head><body><article>
<h1>Barrier opens</h1>
<p>The flood barrier on the lower river opened on Monday, three years after building began and eighteen months later than planned.</p>
<p>Correction: an earlier version of this article misquoted the mayor and overstated the barrier's height; both passages were removed.</p>
</article></body></html>`

// seedV1 is the text dossier add captured from articleV1.
const seedV1 = `Barrier opens
The flood barrier on the lower river opened on Monday, three years after building began and eighteen months later than planned.
Engineers say the barrier can hold back a surge two metres higher than the flood that destroyed the old harbour.
The mayor called the barrier “a promise kept to the harbour district” at the opening ceremony on the quay.
`

// server is a site with live, dead, moved, slow and edited pages, served
// in memory by its RoundTrip so that the tests can run in a synctest
// bubble: the client's timeout then fires on the bubble's clock, only
// when every request but the slow one has been answered, however loaded
// the machine is. It counts the requests for each path.
type server struct {
	URL     string
	handler http.Handler
	mu      sync.Mutex
	hits    map[string]int
}

// RoundTrip serves r with the server's handler, or gives up when r's
// context ends first, as a real transport does.
func (s *server) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.handler.ServeHTTP(rec, r)
	}()
	select {
	case <-done:
	case <-r.Context().Done():
		<-done
		return nil, r.Context().Err()
	}
	res := rec.Result()
	res.Request = r
	return res, nil
}

func newServer(t *testing.T) *server {
	t.Helper()
	s := &server{hits: map[string]int{}}
	release := make(chan struct{})
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, body)
		}
	}
	mux.HandleFunc("/ok", page("<p>fine</p>"))
	mux.HandleFunc("/article", page(articleV2))
	mux.HandleFunc("/gone", http.NotFound)
	mux.HandleFunc("/old", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/new", http.StatusMovedPermanently) })
	mux.HandleFunc("/new", page("<p>moved here</p>"))
	mux.HandleFunc("/hop1", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/hop2", http.StatusFound) })
	mux.HandleFunc("/hop2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", http.StatusTemporaryRedirect) })
	mux.HandleFunc("/nohead", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			w.WriteHeader(http.StatusMethodNotAllowed)
			return
		}
		page("<p>GET only</p>")(w, r)
	})
	mux.HandleFunc("/forbidden", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) })
	// The slow page never answers: the client's timeout ends the request.
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	s.URL = "http://site.test"
	s.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	})
	t.Cleanup(func() { close(release) })
	return s
}

func (s *server) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// model builds a site whose sources and pages link to the server.
func model(t *testing.T, base string) *xref.Model {
	t.Helper()
	fsys := fstest.MapFS{
		"site.toml":         {Data: []byte("title = \"T\"\nbase_url = \"https://example.org/\"\n[points]\nlabel = \"Point\"\n[buckets.b]\ntitle = \"B\"\n[versions.draft]\ntitle = \"Draft\"\nurl = \"" + base + "/gone#v\"\n")},
		"seeds/barrier.txt": {Data: []byte(seedV1)},
		"content/sources/barrier.md": {Data: []byte(`+++
title = "Barrier opens"
url = "` + base + `/article"
captured = 2025-11-20
seed = "barrier.txt"

[[gloss]]
quote = "two metres higher"
note = "Disputed."
+++
`)},
		"content/sources/ext.md": {Data: []byte(`+++
title = "External"
url = "` + base + `/old"
copy_url = "` + base + `/gone"
archive_url = "` + base + `/hop1"
+++
`)},
		"content/points/01.md": {Data: []byte(`+++
number = 1
title = "One"
bucket = "b"
summary = "S."
+++
It opened [@barrier, "opened on Monday"] and was
"a promise kept" [@barrier, "a promise kept"; @ext].
See [the report](` + base + `/gone),
[slow](` + base + `/slow),
[fine](` + base + `/nohead),
[locked](` + base + `/forbidden) and [this](/sources/ext/).
Again: [the report](` + base + `/gone#part).
`)},
	}
	res, err := site.Build(context.Background(), fsys, site.Options{})
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	return res.Model
}

// TestCheck finds dead, moved and slow links at the place each is
// written, and a quote that left the live page of a captured source
// (issue 13).
func TestCheck(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := newServer(t)
		m := model(t, srv.URL)
		ds, sum, err := Check(context.Background(), m, Options{Client: capture.Client{Transport: srv, Timeout: 200 * time.Millisecond}})
		if err != nil {
			t.Fatal(err)
		}
		u := srv.URL
		want := []string{
			`content/points/01.md:8:30: warning: quote "a promise kept" of barrier is no longer on the live page; the captured copy still has it (the article was edited or retracted at ` + u + `/article: compare it with captures/barrier.html)`,
			`content/points/01.md:9:18: dead link: ` + u + `/gone answered 404 Not Found (fix the address, or link to an archived copy)`,
			`content/points/01.md:10:8: dead link: ` + u + `/slow did not answer within 200ms (fix the address, or link to an archived copy)`,
			`content/points/01.md:12:10: warning: ` + u + `/forbidden answered 403 Forbidden (it may refuse robots: open it in a browser)`,
			`content/points/01.md:13:21: dead link: ` + u + `/gone#part answered 404 Not Found (fix the address, or link to an archived copy)`,
			`content/sources/barrier.md:8:10: warning: the gloss's quote "two metres higher" of barrier is no longer on the live page; the captured copy still has it (the article was edited or retracted at ` + u + `/article: compare it with captures/barrier.html)`,
			`content/sources/ext.md:3:1: warning: ` + u + `/old has moved permanently to ` + u + `/new (write the new address)`,
			`content/sources/ext.md:4:1: dead link: ` + u + `/gone answered 404 Not Found (fix the address, or add an archive_url to the source)`,
			`site.toml:9:1: dead link: ` + u + `/gone#v answered 404 Not Found (fix the address of the version)`,
		}
		var got []string
		for _, d := range ds {
			got = append(got, d.String())
		}
		if g, w := strings.Join(got, "\n"), strings.Join(want, "\n"); g != w {
			t.Errorf("Check diagnostics:\n%s\nwant:\n%s", g, w)
		}
		if sum.Links != 7 || sum.Places != 10 || sum.Dead != 2 || sum.Moved != 1 || sum.Captured != 1 || sum.Quotes != 3 || sum.QuotesGot != 2 {
			t.Errorf("Summary = %+v", sum)
		}
		if n := srv.count("/gone"); n != 1 {
			t.Errorf("/gone was asked %d times, want once for its four places", n)
		}
		if n := srv.count("/nohead"); n != 2 {
			t.Errorf("/nohead was asked %d times, want 2 (HEAD refused, then GET)", n)
		}
	})
}

// TestCheckCache answers a second run from the cache, except for the
// links that failed; an expired cache is asked again.
func TestCheckCache(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		srv := newServer(t)
		m := model(t, srv.URL)
		now := time.Date(2025, 12, 1, 12, 0, 0, 0, time.UTC)
		o := Options{
			Client: capture.Client{Transport: srv, Timeout: 200 * time.Millisecond},
			Cache:  filepath.Join(t.TempDir(), ".dossier", "links.json"),
			Now:    func() time.Time { return now },
		}
		first, _, err := Check(context.Background(), m, o)
		if err != nil {
			t.Fatal(err)
		}
		before := map[string]int{}
		for _, p := range []string{"/article", "/ok", "/gone", "/slow", "/new", "/forbidden"} {
			before[p] = srv.count(p)
		}
		now = now.Add(time.Hour)
		second, sum, err := Check(context.Background(), m, o)
		if err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(first) != fmt.Sprint(second) {
			t.Errorf("a run from the cache found other problems:\n%v\nwant:\n%v", second, first)
		}
		if sum.Cached != 4 {
			t.Errorf("Summary.Cached = %d, want 4 (all but the dead, slow and forbidden links)", sum.Cached)
		}
		for p, want := range map[string]int{"/article": before["/article"], "/ok": before["/ok"], "/new": before["/new"], "/gone": before["/gone"] + 1, "/slow": before["/slow"] + 1, "/forbidden": before["/forbidden"] + 2} {
			if got := srv.count(p); got != want {
				t.Errorf("second run: %s asked %d times in all, want %d", p, got, want)
			}
		}
		now = now.Add(DefaultMaxAge)
		if _, sum, err = Check(context.Background(), m, o); err != nil || sum.Cached != 0 {
			t.Errorf("after the cache expired: Cached = %d, %v; want 0", sum.Cached, err)
		}
	})
}

// blockingTransport answers no request until release is closed, and
// counts the requests it holds at once.
type blockingTransport struct {
	release        chan struct{}
	mu             sync.Mutex
	inflight, most int
}

func (b *blockingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	b.mu.Lock()
	b.inflight++
	b.most = max(b.most, b.inflight)
	b.mu.Unlock()
	<-b.release
	b.mu.Lock()
	b.inflight--
	b.mu.Unlock()
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
}

// TestPerHostLimit never has more than PerHost requests at once on one
// host, and has that many on each host at once: all else waiting, the
// requests in flight are counted (testing/synctest, no sleeps).
func TestPerHostLimit(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		const limit = 2
		bt := &blockingTransport{release: make(chan struct{})}
		var urls []string
		for i := range 10 {
			urls = append(urls, fmt.Sprintf("https://a.example/p%d", i), fmt.Sprintf("https://b.example/p%d", i))
		}
		o := Options{Client: capture.Client{Transport: bt, Timeout: time.Hour}, PerHost: limit, Workers: 8, Now: time.Now}
		var res map[string]*result
		done := make(chan struct{})
		go func() {
			res = o.fetchAll(context.Background(), urls, nil)
			close(done)
		}()
		synctest.Wait()
		bt.mu.Lock()
		if bt.inflight != 2*limit {
			t.Errorf("%d requests in flight on two hosts, want %d", bt.inflight, 2*limit)
		}
		bt.mu.Unlock()
		close(bt.release)
		<-done
		if bt.most != 2*limit {
			t.Errorf("at most %d requests at once on two hosts, want %d", bt.most, 2*limit)
		}
		if len(res) != len(urls) {
			t.Errorf("fetchAll answered %d links, want %d", len(res), len(urls))
		}
		for u, r := range res {
			if r.Status != http.StatusOK || r.Err != "" {
				t.Errorf("%s: status %d, %q", u, r.Status, r.Err)
			}
		}
	})
}
