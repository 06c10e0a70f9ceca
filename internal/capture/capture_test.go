package capture

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/net/html"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// serve serves files of testdata/ at /NAME, each with the content type
// given (default text/html; charset=utf-8).
func serve(t *testing.T, types map[string]string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(r.URL.Path, "/")
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		ct, ok := types[name]
		if !ok {
			ct = "text/html; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestCaptureLayouts fetches articles of several layouts from a loopback
// server and compares the seed and source written with golden files
// (issue 13).
func TestCaptureLayouts(t *testing.T) {
	t.Parallel()
	srv := serve(t, map[string]string{
		"latin1.html": "text/html", // the charset is declared in the page only
	})
	tests := []struct {
		name   string
		file   string
		absent []string // text of the page that must not reach the seed
	}{
		{"plain", "plain.html", nil},
		{"nav, ads and footer", "navads.html", []string{"Home", "Buy cheap", "Sponsored", "Most read", "Celebrity", "©", "Injected", "trackReader", "window.ads", "color: red"}},
		{"JSON-LD", "jsonld.html", nil},
		{"byline in the text only", "byline.html", nil},
		{"ISO-8859-1", "latin1.html", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var c Client
			u := srv.URL + "/" + tt.file
			r, err := c.Fetch(context.Background(), u)
			if err != nil {
				t.Fatalf("Fetch(%s): %v", tt.file, err)
			}
			pu, _ := url.Parse(r.FinalURL)
			a, err := Extract(r.Body, r.ContentType, pu)
			if err != nil {
				t.Fatalf("Extract(%s): %v", tt.file, err)
			}
			base := strings.TrimSuffix(tt.file, ".html")
			seedText := a.Seed()
			golden(t, base+".seed.golden", seedText)
			// The address of the test server changes; the golden file has
			// a placeholder.
			src := a.Source(SourceOptions{URL: u, Seed: base + ".txt", Captured: "2025-12-01"})
			golden(t, base+".source.golden", bytes.ReplaceAll(src, []byte(srv.URL), []byte("http://SERVER")))
			for _, s := range tt.absent {
				if bytes.Contains(seedText, []byte(s)) {
					t.Errorf("seed of %s has %q, which is not the article's", tt.file, s)
				}
			}
			// The front matter is TOML a source file accepts.
			front := bytes.TrimPrefix(src, []byte("+++\n"))
			front, _, _ = bytes.Cut(front, []byte("+++\n"))
			var v map[string]any
			if _, err := toml.Decode(string(front), &v); err != nil {
				t.Errorf("front matter of %s: %v\n%s", tt.file, err, front)
			}
		})
	}
}

func TestExtractMetaFields(t *testing.T) {
	t.Parallel()
	srv := serve(t, map[string]string{"latin1.html": "text/html"})
	tests := []struct {
		file                              string
		title, site, authors, date, canon string
	}{
		{"plain.html", "Dam talks stall over water rights", "Valley Courier", "Ann Author", "2025-11-21", srv.URL + "/2025/11/21/dam-talks"},
		{"navads.html", "Flood barrier opens after three years", "", "", "", ""},
		{"jsonld.html", "Ministers agree a new grain corridor", "The Ledger", "Bo van der Berg|Cleo Writer", "2025-11-23", "https://ledger.example/grain-corridor"},
		{"byline.html", "The quiet return of the river otter", "", "Dana Field|Eli Stone", "", ""},
		{"latin1.html", "Müller übernimmt den Vorsitz", "Süddeutsche Rundschau", "Jürgen Größer", "2025-11-24", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			var c Client
			r, err := c.Fetch(context.Background(), srv.URL+"/"+tt.file)
			if err != nil {
				t.Fatal(err)
			}
			pu, _ := url.Parse(r.FinalURL)
			a, err := Extract(r.Body, r.ContentType, pu)
			if err != nil {
				t.Fatal(err)
			}
			m := a.Meta
			got := []string{m.Title, m.Site, strings.Join(m.Authors, "|"), m.Date, m.Canonical}
			want := []string{tt.title, tt.site, tt.authors, tt.date, tt.canon}
			for i, f := range []string{"title", "site", "authors", "date", "canonical"} {
				if got[i] != want[i] {
					t.Errorf("%s: Meta %s = %q (from %s), want %q", tt.file, f, got[i], m.From[f], want[i])
				}
			}
		})
	}
}

// TestFetchRefuses covers the requests Fetch must refuse, each with a
// message an author can act on (issue 13).
func TestFetchRefuses(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/report.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.7\n"))
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("{}"))
	})
	big := bytes.Repeat([]byte("<p>flood</p>\n"), 1000)
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write(big) // with a Content-Length
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 10; i++ {
			w.Write(big[:len(big)/10])
			w.(http.Flusher).Flush() // no Content-Length
		}
	})
	// The slow server never answers: the client's timeout must end the
	// request, however loaded the machine is.
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	mux.HandleFunc("/loop/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/loop/"), "%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/loop/%d", n+1), http.StatusFound)
	})
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.org/file", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { close(release); srv.Close() })

	tests := []struct {
		name    string
		url     string
		client  Client
		want    string
		tooBig  bool
		timeout bool
	}{
		{"404", srv.URL + "/missing", Client{}, "answered 404 Not Found", false, false},
		{"PDF", srv.URL + "/report.pdf", Client{}, "is a PDF (application/pdf), not an HTML page (copy its text into a file of seeds/ and run dossier new source)", false, false},
		{"JSON", srv.URL + "/feed", Client{}, "is application/json, not an HTML page", false, false},
		{"oversize", srv.URL + "/big", Client{MaxBytes: 1024}, "more than the 1 KiB dossier reads", true, false},
		{"oversize, chunked", srv.URL + "/big-chunked", Client{MaxBytes: 1024}, "more than the 1 KiB dossier reads", true, false},
		{"slow", srv.URL + "/slow", Client{Timeout: 50 * time.Millisecond}, "did not answer within 50ms", false, true},
		{"redirect loop", srv.URL + "/loop/0", Client{MaxRedirects: 3}, "more than 3 redirects", false, false},
		{"redirect to ftp", srv.URL + "/to-ftp", Client{}, "redirect to a ftp address", false, false},
		{"ftp", "ftp://example.org/a", Client{}, `only http and https addresses can be fetched, not ftp`, false, false},
		{"relative", "example.org/a", Client{}, "is not an absolute URL (start it with https://)", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.client.Fetch(context.Background(), tt.url)
			if err == nil {
				t.Fatalf("Fetch(%s) = nil error, want %q", tt.url, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Fetch(%s) = %q, want it to say %q", tt.url, err, tt.want)
			}
			if got := errors.Is(err, ErrTooLarge); got != tt.tooBig {
				t.Errorf("errors.Is(%q, ErrTooLarge) = %v, want %v", err, got, tt.tooBig)
			}
			if got := errors.Is(err, context.DeadlineExceeded); got != tt.timeout {
				t.Errorf("errors.Is(%q, DeadlineExceeded) = %v, want %v", err, got, tt.timeout)
			}
		})
	}
}

// TestRedirectChain follows a chain of redirects, records each step and
// tells permanent ones from the others; the request names dossier.
func TestRedirectChain(t *testing.T) {
	t.Parallel()
	var ua string
	mux := http.NewServeMux()
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/b", http.StatusMovedPermanently) })
	mux.HandleFunc("/b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/c", http.StatusFound) })
	mux.HandleFunc("/c", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/d", http.StatusPermanentRedirect) })
	mux.HandleFunc("/d", func(w http.ResponseWriter, r *http.Request) {
		ua = r.UserAgent()
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<p>here</p>"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	var c Client
	r, err := c.Fetch(context.Background(), srv.URL+"/a")
	if err != nil {
		t.Fatal(err)
	}
	if r.FinalURL != srv.URL+"/d" {
		t.Errorf("FinalURL = %q, want %q", r.FinalURL, srv.URL+"/d")
	}
	var got []string
	for _, rd := range r.Redirects {
		got = append(got, fmt.Sprintf("%s→%s %d %v", strings.TrimPrefix(rd.From, srv.URL), strings.TrimPrefix(rd.To, srv.URL), rd.Status, rd.Permanent()))
	}
	want := "/a→/b 301 true, /b→/c 302 false, /c→/d 308 true"
	if strings.Join(got, ", ") != want {
		t.Errorf("Redirects = %s, want %s", strings.Join(got, ", "), want)
	}
	if !strings.HasPrefix(ua, "dossier/") {
		t.Errorf("User-Agent = %q, want one that names dossier", ua)
	}
}

func TestSlug(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Dam talks stall over water rights", "dam-talks-stall-over-water-rights"},
		{"Müller übernimmt den Vorsitz", "muller-ubernimmt-den-vorsitz"},
		{"  “Quoted” — and 28 points!  ", "quoted-and-28-points"},
		{"A very long title that goes on and on about the plan and its many points", "a-very-long-title-that-goes-on-and-on-about-the"},
		{"Путин", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slug(tt.in); got != tt.want {
			t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDay(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"2025-11-21T23:30:00-05:00", "2025-11-21"},
		{"2025-11-21", "2025-11-21"},
		{" 2025-02-03T01:00Z", "2025-02-03"},
		{"2025-13-01", ""},
		{"21 November 2025", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Day(tt.in); got != tt.want {
			t.Errorf("Day(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuoteIsTOML(t *testing.T) {
	t.Parallel()
	for _, s := range []string{`plain`, `"quoted" \ back`, "tab\tnew\nline\x01\x7f", "ünïcode “curly”"} {
		var v struct{ K string }
		if _, err := toml.Decode("K = "+Quote(s), &v); err != nil || v.K != s {
			t.Errorf("Quote(%q) = %s decodes to %q, %v", s, Quote(s), v.K, err)
		}
	}
}

// FuzzExtractMeta reads metadata from random HTML: it must not panic, and
// what it finds must be clean single-line text and an http(s) canonical
// address.
func FuzzExtractMeta(f *testing.F) {
	for _, name := range []string{"plain.html", "navads.html", "jsonld.html", "byline.html", "latin1.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(`<script type="application/ld+json">[{"@type":"Article","author":{"name":"A"},"headline":["x"]}]</script>`)
	f.Add(`<script type="application/ld+json">{"@graph":{"@graph":{"@type":"NewsArticle","author":"By A and B"}}}</script>`)
	f.Add(`<meta property="article:author" content="https://x/y"><meta name="author" content="C">`)
	base, _ := url.Parse("https://example.org/a/b")
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		m := ExtractMeta(doc, base)
		for _, v := range append([]string{m.Title, m.Site, m.Date, m.Canonical, m.Lang}, m.Authors...) {
			if v != clean(v) {
				t.Errorf("ExtractMeta: %q is not clean text", v)
			}
		}
		for _, a := range m.Authors {
			if a == "" {
				t.Errorf("ExtractMeta: an empty author in %q", m.Authors)
			}
		}
		if m.Date != "" && Day(m.Date) != m.Date {
			t.Errorf("ExtractMeta: date %q is not a day", m.Date)
		}
		if m.Canonical != "" {
			if _, err := CheckURL(m.Canonical); err != nil {
				t.Errorf("ExtractMeta: canonical %v", err)
			}
		}
		for k := range m.From {
			if !strings.Contains("title site authors date canonical", k) {
				t.Errorf("ExtractMeta: From has %q", k)
			}
		}
	})
}

// BenchmarkExtract measures decoding, metadata and readability on a
// page with navigation, ads and a footer.
func BenchmarkExtract(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("testdata", "navads.html"))
	if err != nil {
		b.Fatal(err)
	}
	u, _ := url.Parse("https://example.org/a")
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if _, err := Extract(raw, "text/html; charset=utf-8", u); err != nil {
			b.Fatal(err)
		}
	}
}
