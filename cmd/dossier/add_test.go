package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// minimalSite writes a site with one point and no sources, and returns its
// folder.
func minimalSite(t *testing.T, point string) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"site.toml":            "title = \"Test dossier\"\nbase_url = \"https://example.org/\"\n\n[points]\nlabel = \"Point\"\n\n[buckets.main]\ntitle = \"Main\"\n",
		"content/points/01.md": "+++\nnumber = 1\ntitle = \"One\"\nbucket = \"main\"\nsummary = \"The first.\"\n+++\n" + point,
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// articleServer serves the article layouts of internal/capture/testdata
// at /NAME, and a PDF at /report.pdf.
func articleServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/login" {
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(`<html><head><title>Sign in</title></head><body><form><input name=user><button>Sign in</button></form></body></html>`))
			return
		}
		if r.URL.Path == "/report.pdf" {
			w.Header().Set("Content-Type", "application/pdf")
			w.Write([]byte("%PDF-1.7\n"))
			return
		}
		b, err := os.ReadFile(filepath.Join("../../internal/capture/testdata", strings.TrimPrefix(r.URL.Path, "/")))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestAddThenQuote captures a loopback article with dossier add, then
// builds a point that quotes it: the quote verifies (issue 13).
func TestAddThenQuote(t *testing.T) {
	t.Parallel()
	srv := articleServer(t)
	dir := minimalSite(t, "The towns \"left the meeting on Friday without an agreement\" [@dam-talks, \"left the meeting on Friday without an agreement\"].\n")
	code, stdout, stderr := runCmd(t, "add", "-src", dir, "-id", "dam-talks", srv.URL+"/plain.html")
	if code != 0 {
		t.Fatalf("add = %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"fetched " + srv.URL + "/plain.html (200, text/html; charset=utf-8,",
		"  title    Dam talks stall over water rights  (og:title)",
		"  outlet   Valley Courier  (og:site_name)",
		"  authors  Ann Author  (author)",
		"  date     2025-11-21  (article:published_time)",
		"  url      " + srv.URL + "/2025/11/21/dam-talks  (link rel=canonical)",
		"the text, 6 paragraphs (utf-8):",
		"  ¶1   heading  Dam talks stall over water rights",
		"  ¶4   heading  What comes next",
		"wrote seeds/dam-talks.txt\nwrote captures/dam-talks.html\nwrote content/sources/dam-talks.md\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("add output lacks %q:\n%s", want, stdout)
		}
	}
	src, err := os.ReadFile(filepath.Join(dir, "content/sources/dam-talks.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^captured = \d{4}-\d{2}-\d{2}$`).Match(src) || !strings.Contains(string(src), `seed = "dam-talks.txt"`) {
		t.Errorf("source file lacks captured or seed:\n%s", src)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "captures/dam-talks.html"))
	want, _ := os.ReadFile("../../internal/capture/testdata/plain.html")
	if err != nil || string(raw) != string(want) {
		t.Errorf("captures/dam-talks.html is not the page as received (%v)", err)
	}

	code, stdout, stderr = runCmd(t, "check", "-src", dir)
	if code != 0 || !strings.Contains(stdout, "1 of 1 quote verified") {
		t.Errorf("check after add = %d, want 0 and the quote verified\n%s%s", code, stdout, stderr)
	}

	// A second add of the same id writes nothing.
	before := readTree(t, dir)
	code, _, stderr = runCmd(t, "add", "-src", dir, "-id", "dam-talks", srv.URL+"/byline.html")
	if code != 1 || !strings.Contains(stderr, "content/sources/dam-talks.md exists; nothing written") {
		t.Errorf("second add = %d, %q; want 1 and a refusal", code, stderr)
	}
	if after := readTree(t, dir); len(after) != len(before) {
		t.Errorf("second add changed the site: %d files, were %d", len(after), len(before))
	}
}

// TestAddFile captures a page saved from a browser, in ISO-8859-1, with
// the id made from its title.
func TestAddFile(t *testing.T) {
	t.Parallel()
	dir := minimalSite(t, "Text.\n")
	code, stdout, stderr := runCmd(t, "add", "-src", dir, "../../internal/capture/testdata/latin1.html", "-url", "https://rundschau.example/mueller")
	if code != 0 {
		t.Fatalf("add FILE = %d\n%s%s", code, stdout, stderr)
	}
	seed, err := os.ReadFile(filepath.Join(dir, "seeds/muller-ubernimmt-den-vorsitz.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(seed), "«längst überfällig»") {
		t.Errorf("seed is not decoded from ISO-8859-1:\n%s", seed)
	}
	if !strings.Contains(stdout, "(windows-1252)") {
		t.Errorf("add does not say which character set it decoded:\n%s", stdout)
	}
}

func TestAddRefuses(t *testing.T) {
	t.Parallel()
	srv := articleServer(t)
	var hits atomic.Int32
	counting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer counting.Close()
	dir := minimalSite(t, "Text.\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"PDF", []string{srv.URL + "/report.pdf"}, 1, "is a PDF (application/pdf), not an HTML page"},
		{"404", []string{srv.URL + "/gone.html"}, 1, "answered 404 Not Found"},
		{"ftp", []string{"ftp://example.org/a"}, 2, "only http and https addresses can be fetched, not ftp"},
		{"file without -url", []string{"page.html"}, 2, "give the address it was saved from with -url URL"},
		{"-url with a URL", []string{"-url", counting.URL, counting.URL}, 2, "-url is for a saved FILE"},
		{"bad id", []string{"-id", "Bad Id", counting.URL}, 2, `-id "Bad Id" must be lower-case letters`},
		{"no text", []string{srv.URL + "/login"}, 1, "found no article text in " + srv.URL + "/login"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCmd(t, append([]string{"add", "-src", dir}, tt.args...)...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("add %v = %d, %q; want %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("refused commands made %d requests, want none", n)
	}
	if _, err := os.Stat(filepath.Join(dir, "seeds")); !os.IsNotExist(err) {
		t.Errorf("refused commands wrote seeds/ (%v)", err)
	}
}

// TestCheckLinksAfterAdd captures an article, quotes it, and links to a
// page that is gone; then the article is edited. check -links reports the
// dead link where it is written and the quote that left the live page,
// and a second run answers from the cache (issue 13).
func TestCheckLinksAfterAdd(t *testing.T) {
	t.Parallel()
	v1, err := os.ReadFile("../../internal/capture/testdata/plain.html")
	if err != nil {
		t.Fatal(err)
	}
	v2 := strings.Replace(string(v1), "“We are closer than we have ever been,” the mayor said, “but the last mile is the hardest.”", "The mayor declined to comment.", 1)
	var edited atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/dam":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if edited.Load() {
				w.Write([]byte(v2))
			} else {
				w.Write(v1)
			}
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	dir := minimalSite(t, "The mayor: \"the last mile is the hardest\" [@dam, \"the last mile is the hardest\"].\nNo deal [@dam, \"without an agreement\"].\nSee [the minutes]("+srv.URL+"/minutes).\n")
	if code, stdout, stderr := runCmd(t, "add", "-src", dir, "-id", "dam", srv.URL+"/dam"); code != 0 {
		t.Fatalf("add = %d\n%s%s", code, stdout, stderr)
	}
	// The page names its canonical address; here it is the one captured.
	srcFile := filepath.Join(dir, "content/sources/dam.md")
	b, err := os.ReadFile(srcFile)
	if err != nil {
		t.Fatal(err)
	}
	b = regexp.MustCompile(`(?m)^url = .*\nurl_note = .*\n`).ReplaceAll(b, []byte("url = \""+srv.URL+"/dam\"\n"))
	if err := os.WriteFile(srcFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	edited.Store(true)

	code, stdout, stderr := runCmd(t, "check", "-src", dir, "-links")
	if code != 1 {
		t.Errorf("check -links = %d, want 1\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{
		"content/points/01.md:9:19: dead link: " + srv.URL + "/minutes answered 404 Not Found (fix the address, or link to an archived copy)",
		`content/points/01.md:7:51: warning: quote "the last mile is the hardest" of dam is no longer on the live page; the captured copy still has it`,
		"dossier check: 1 dead link",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check -links stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "without an agreement") {
		t.Errorf("check -links reports a quote still on the live page:\n%s", stderr)
	}
	if !strings.Contains(stdout, "links: checked 2 links (0 from the cache) written in 2 places: 1 dead, 0 moved; 1 of 2 quotes cited from 1 captured source no longer on the live page") {
		t.Errorf("check -links summary:\n%s", stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, ".dossier/links.json")); err != nil {
		t.Errorf("no cache: %v", err)
	}
	_, stdout, _ = runCmd(t, "check", "-src", dir, "-links")
	if !strings.Contains(stdout, "checked 2 links (1 from the cache)") {
		t.Errorf("second check -links does not use the cache:\n%s", stdout)
	}
	// Plain check stays offline: it does not even read the cache.
	srv.Close()
	code, stdout, stderr = runCmd(t, "check", "-src", dir)
	if code != 0 || strings.Contains(stdout, "links:") {
		t.Errorf("check without -links = %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stdout, "citations: 2 of 2 (100%) cite sources with text, 0 (0%) only external URLs") {
		t.Errorf("check prints no coverage of citations:\n%s", stdout)
	}
}

// TestAddSameAddress tells of an external source with the address just
// captured, and how to give it the text.
func TestAddSameAddress(t *testing.T) {
	t.Parallel()
	srv := articleServer(t)
	dir := minimalSite(t, "Text [@dam-ext].\n")
	ext := "+++\ntitle = \"Dam talks\"\nurl = \"" + srv.URL + "/plain.html\"\n+++\n"
	if err := os.MkdirAll(filepath.Join(dir, "content/sources"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/sources/dam-ext.md"), []byte(ext), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "add", "-src", dir, "-id", "dam", srv.URL+"/plain.html")
	if code != 0 {
		t.Fatalf("add = %d\n%s%s", code, stdout, stderr)
	}
	want := "note: content/sources/dam-ext.md is an external source with this address; to give it this text and keep its citations,\n  add seed = \"dam.txt\" and captured = "
	if !strings.Contains(stdout, want) {
		t.Errorf("add output lacks %q:\n%s", want, stdout)
	}
}
