package preview

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/site"
)

// giveUp returns a channel that fires shortly before go test's -timeout
// ends the test binary, so that a wait that never ends fails with what it
// saw. Waits have no limit of their own: on a loaded machine, with the race
// detector, a build may take any time. Without a -timeout, and for a
// benchmark, the channel is nil and never fires.
func giveUp(t testing.TB) <-chan time.Time {
	d, ok := t.(interface{ Deadline() (time.Time, bool) })
	if !ok {
		return nil
	}
	deadline, ok := d.Deadline()
	if !ok {
		return nil
	}
	return time.After(time.Until(deadline) - 5*time.Second)
}

// repoRoot is the repository, whose default theme the fixture uses.
const repoRoot = "../.."

// syncBuffer is a buffer the server writes to while a test reads it.
type syncBuffer struct {
	mu   sync.Mutex
	b    bytes.Buffer
	grew chan struct{} // closed by the next write, if not nil
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.grew != nil {
		close(b.grew)
		b.grew = nil
	}
	return b.b.Write(p)
}

// waitMatch waits until the text written matches re, and returns the
// submatches.
func (b *syncBuffer) waitMatch(t testing.TB, re *regexp.Regexp) []string {
	t.Helper()
	limit := giveUp(t)
	for {
		b.mu.Lock()
		m := re.FindStringSubmatch(b.b.String())
		if m == nil && b.grew == nil {
			b.grew = make(chan struct{})
		}
		grew := b.grew
		b.mu.Unlock()
		if m != nil {
			return m
		}
		select {
		case <-grew:
		case <-limit:
			t.Fatalf("the output never matched %s:\n%s", re, b)
		}
	}
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// writeSite writes testdata/site.txtar and the repository's default theme
// into a new temporary folder, and returns the folder.
func writeSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	ar, err := txtar.ParseFile("testdata/site.txtar")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		writeFile(t, filepath.Join(dir, f.Name), string(f.Data))
	}
	if err := os.CopyFS(filepath.Join(dir, "themes", "default"), os.DirFS(filepath.Join(repoRoot, "themes", "default"))); err != nil {
		t.Fatal(err)
	}
	return dir
}

// copyRepo copies the repository's own dossier into a new temporary folder.
func copyRepo(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"content", "seeds", "themes"} {
		if err := os.CopyFS(filepath.Join(dir, name), os.DirFS(filepath.Join(repoRoot, name))); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(repoRoot, site.ConfigFile))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, site.ConfigFile), string(b))
	return dir
}

func writeFile(t testing.TB, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// edit replaces old by new in a file, which must hold old.
func edit(t testing.TB, name, old, new string) {
	t.Helper()
	s := readFile(t, name)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not hold %q", name, old)
	}
	writeFile(t, name, strings.Replace(s, old, new, 1))
}

// harness is a Server on a site folder, served by httptest.
type harness struct {
	dir            string
	srv            *Server
	ts             *httptest.Server
	client         *http.Client // does not follow redirects
	stdout, stderr *syncBuffer
}

// startServer starts a Server on dir, as Serve would but on httptest, and
// stops it when the test ends.
func startServer(t testing.TB, dir string) *harness {
	t.Helper()
	// The base URL holds the address, so the listener comes first.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{dir: dir, stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	h.srv, err = New(Options{Src: dir, Addr: ln.Addr().String(), Stdout: h.stdout, Stderr: h.stderr})
	if err != nil {
		t.Fatal(err)
	}
	h.ts = httptest.NewUnstartedServer(h.srv.Handler())
	h.ts.Listener.Close()
	h.ts.Listener = ln
	h.ts.Start()
	t.Cleanup(h.ts.Close)
	h.client = h.ts.Client()
	h.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	ctx, cancel := context.WithCancel(context.Background())
	// Cleanups run last first: the streams end before ts.Close waits for them.
	t.Cleanup(func() {
		cancel()
		<-h.srv.watched
	})
	if err := h.srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	return h
}

func (h *harness) path(name string) string {
	return filepath.Join(h.dir, filepath.FromSlash(name))
}

// get fetches a path and returns the response and its body.
func (h *harness) get(t testing.TB, p string) (*http.Response, string) {
	t.Helper()
	resp, err := h.client.Get(h.ts.URL + p)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

type status struct {
	Build    string    `json:"build"`
	OK       bool      `json:"ok"`
	Problems []problem `json:"problems"`
}

func (h *harness) status(t testing.TB) status {
	t.Helper()
	_, body := h.get(t, "/_dossier/status")
	var st status
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatalf("status %q: %v", body, err)
	}
	return st
}

// sse is one server-sent event.
type sse struct {
	name string
	data string
}

// stream is an open /_dossier/events.
type stream struct {
	t  testing.TB
	h  *harness
	ch chan sse
}

// events opens /_dossier/events with the query q and reads it until the
// test ends.
func (h *harness) events(t testing.TB, q string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, "GET", h.ts.URL+"/_dossier/events"+q, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || ct != "text/event-stream" {
		t.Fatalf("GET /_dossier/events = %d, %s; want 200, text/event-stream", resp.StatusCode, ct)
	}
	st := &stream{t: t, h: h, ch: make(chan sse)}
	go func() {
		defer close(st.ch)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 4<<20)
		var ev sse
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if ev.name != "" {
					select {
					case st.ch <- ev:
					case <-ctx.Done():
						return
					}
				}
				ev = sse{}
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				ev.data = strings.TrimPrefix(line, "data: ")
			}
		}
	}()
	t.Cleanup(cancel)
	return st
}

// waitFor returns the first event that ok accepts. It fails the test if the
// stream ends first, or if the test is about to time out.
func (st *stream) waitFor(what string, ok func(sse) bool) sse {
	st.t.Helper()
	limit := giveUp(st.t)
	var seen []string
	for {
		select {
		case ev, open := <-st.ch:
			if !open {
				st.t.Fatalf("the event stream ended before %s; seen %q", what, seen)
			}
			if ok(ev) {
				return ev
			}
			seen = append(seen, ev.name)
		case <-limit:
			st.t.Fatalf("no %s before the test's deadline; seen %q\nstdout:\n%s\nstderr:\n%s", what, seen, st.h.stdout, st.h.stderr)
		}
	}
}

func named(name string) func(sse) bool {
	return func(ev sse) bool { return ev.name == name }
}

// reloads accepts a reload event that names the output file page.
func reloads(page string) func(sse) bool {
	return func(ev sse) bool {
		var paths []string
		return ev.name == "reload" && json.Unmarshal([]byte(ev.data), &paths) == nil && slices.Contains(paths, page)
	}
}

// waitPage waits for reloads of the output file page until the page at
// url holds want: an edit in several steps may make several builds, and
// the first of them may see the file half written. The stream may also
// hold reloads from builds before the edit.
func (h *harness) waitPage(st *stream, page, url, want string) string {
	st.t.Helper()
	for {
		st.waitFor(fmt.Sprintf("reload of %s with %q", page, want), reloads(page))
		if resp, body := h.get(st.t, url); resp.StatusCode == http.StatusOK && strings.Contains(body, want) {
			return body
		}
	}
}

// position returns the 1-based line and column (in characters) of the
// byte offset off in s.
func position(s string, off int) (int, int) {
	line := strings.Count(s[:off], "\n") + 1
	start := strings.LastIndex(s[:off], "\n") + 1
	return line, len([]rune(s[start:off])) + 1
}

const script = `<script src="/_dossier/live.js" data-page="`

// TestEditReloadsPage edits a point's commentary: the page's stream gets
// reload naming its file, and the page has the new text.
func TestEditReloadsPage(t *testing.T) {
	t.Parallel()
	h := startServer(t, writeSite(t))
	before := h.status(t).Build
	st := h.events(t, "?page=points/1/index.html&build="+before)
	st.waitFor("ok on connecting", named("ok"))

	// edit truncates the file, then writes it: a build may come between.
	edit(t, h.path("content/points/01.md"), "Commentary one", "Commentary one, edited")
	body := h.waitPage(st, "points/1/index.html", "/points/1/", "Commentary one, edited")
	if !strings.Contains(body, script+`points/1/index.html" data-build="`) {
		t.Errorf("GET /points/1/ has no reload script:\n%s", body)
	}
	if out := h.stdout.String(); !regexp.MustCompile(`(?m)^rebuilt in \S+: \d+ pages? changed`).MatchString(out) {
		t.Errorf("stdout = %q, want a line rebuilt in …: N pages changed", out)
	}

	// A page served before the edit, connecting only now, is told to
	// reload; so is one from another run; a current one is not.
	after := h.status(t).Build
	for _, tt := range []struct {
		page, build, want string
	}{
		{"points/1/index.html", before, "reload"},
		{"points/1/index.html", "earlier.1", "reload"},
		{"points/1/index.html", after, "ok"},
	} {
		st := h.events(t, "?page="+tt.page+"&build="+tt.build)
		if ev := st.waitFor("first event", func(sse) bool { return true }); ev.name != tt.want {
			t.Errorf("first event for %s of build %s = %s, want %s", tt.page, tt.build, ev.name, tt.want)
		}
	}
}

// TestBrokenQuoteKeepsLastGoodSite breaks a quote: every page is sent
// the problem with its position, the server goes on serving the last good
// build, and a page opened now gets the problem at once. Fixing the quote
// reloads the page and clears the problem.
func TestBrokenQuoteKeepsLastGoodSite(t *testing.T) {
	t.Parallel()
	h := startServer(t, writeSite(t))
	st := h.events(t, "?page=points/1/index.html")
	st.waitFor("ok on connecting", named("ok"))

	file := h.path("content/points/01.md")
	orig := readFile(t, file)
	edit(t, file, "the river rose by two metres", "the river rose by three metres")
	broken := readFile(t, file)
	// edit truncates the file, then writes it: a build may come between
	// and report another problem of the half-written file.
	ev := st.waitFor("error of the quote", func(ev sse) bool {
		return ev.name == "error" && strings.Contains(ev.data, "the river rose by three")
	})
	var probs []problem
	if err := json.Unmarshal([]byte(ev.data), &probs); err != nil {
		t.Fatalf("error data %s: %v", ev.data, err)
	}
	line, col := position(broken, strings.Index(broken, `"the river rose by three`)+1)
	if len(probs) != 1 {
		t.Fatalf("error data = %s, want 1 problem", ev.data)
	}
	p := probs[0]
	if p.File != "content/points/01.md" || p.Line != line || p.Col != col || !strings.Contains(p.Message, `not found in source "river-report"`) {
		t.Errorf("problem = %+v, want content/points/01.md:%d:%d quote … not found in source \"river-report\"", p, line, col)
	}
	if wantSrc := strings.Split(broken, "\n")[line-1]; p.Source != wantSrc || p.Caret != strings.Repeat(" ", col-1)+"^" {
		t.Errorf("problem source, caret = %q, %q; want %q and a caret at column %d", p.Source, p.Caret, wantSrc, col)
	}

	resp, body := h.get(t, "/points/1/")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "the river rose by two metres") || !strings.Contains(body, script) {
		t.Errorf("GET /points/1/ while broken = %d, want the last good page with the script:\n%s", resp.StatusCode, body)
	}
	if s := h.status(t); s.OK || len(s.Problems) != 1 {
		t.Errorf("status while broken = %+v, want not ok and 1 problem", s)
	}
	if want := fmt.Sprintf("content/points/01.md:%d:%d: quote", line, col); !strings.Contains(h.stderr.String(), want) {
		t.Errorf("stderr = %q, want %q", h.stderr, want)
	}
	if want := "1 problem; serving the last good build\n"; !strings.Contains(h.stdout.String(), want) {
		t.Errorf("stdout = %q, want %q", h.stdout, want)
	}
	late := h.events(t, "?page=points/2/index.html&build="+h.status(t).Build)
	late.waitFor("error on connecting while broken", named("error"))

	writeFile(t, file, strings.Replace(orig, "Commentary one", "Commentary one, fixed", 1))
	h.waitPage(st, "points/1/index.html", "/points/1/", "Commentary one, fixed")
	late.waitFor("ok after the fix", named("ok"))
	if s := h.status(t); !s.OK || len(s.Problems) != 0 {
		t.Errorf("status after the fix = %+v, want ok", s)
	}
}

// TestFirstBuildFails starts on a broken site: the server starts anyway
// and every path shows the problems, until the site is fixed.
func TestFirstBuildFails(t *testing.T) {
	t.Parallel()
	dir := writeSite(t)
	file := filepath.Join(dir, "content", "points", "01.md")
	edit(t, file, "[[2]]", "[[9]]")
	h := startServer(t, dir)

	resp, body := h.get(t, "/points/1/")
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "content/points/01.md:8:5: unknown point 9") || !strings.Contains(body, script+`" data-build="`) {
		t.Errorf("GET /points/1/ = %d, want 503 with the problem and the script:\n%s", resp.StatusCode, body)
	}
	st := h.events(t, "?page=&build="+h.status(t).Build)
	ev := st.waitFor("error on connecting", named("error"))
	if !strings.Contains(ev.data, `"message":"unknown point 9"`) {
		t.Errorf("error data = %s, want unknown point 9", ev.data)
	}

	edit(t, file, "[[9]]", "[[2]]")
	h.waitPage(st, "index.html", "/", "Flood defences")
}

// TestEditorSaves saves a file the ways editors do; each save rebuilds,
// and the server keeps going.
func TestEditorSaves(t *testing.T) {
	t.Parallel()
	h := startServer(t, writeSite(t))
	st := h.events(t, "")
	st.waitFor("ok on connecting", named("ok"))
	file := h.path("content/points/01.md")
	orig := readFile(t, file)
	text := func(s string) string { return strings.Replace(orig, "Commentary one", s, 1) }

	tests := []struct {
		name string
		save func(t *testing.T, data string)
	}{
		{"write a temporary file and rename it over", func(t *testing.T, data string) {
			tmp := h.path("content/points/.01.md.swp")
			writeFile(t, tmp, data)
			if err := os.Rename(tmp, file); err != nil {
				t.Fatal(err)
			}
		}},
		{"truncate, then write in steps", func(t *testing.T, data string) {
			f, err := os.OpenFile(file, os.O_WRONLY|os.O_TRUNC, 0)
			if err != nil {
				t.Fatal(err)
			}
			for i, part := range []string{data[:10], data[10:100], data[100:]} {
				if i > 0 {
					time.Sleep(5 * time.Millisecond)
				}
				if _, err := f.WriteString(part); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.Close(); err != nil {
				t.Fatal(err)
			}
		}},
		{"keep a backup, write anew, remove the backup", func(t *testing.T, data string) {
			if err := os.Rename(file, file+"~"); err != nil {
				t.Fatal(err)
			}
			writeFile(t, file, data)
			if err := os.Remove(file + "~"); err != nil {
				t.Fatal(err)
			}
		}},
		{"delete, then write again later", func(t *testing.T, data string) {
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
			// Long enough for a build without the file.
			st.waitFor("reload for the removed page", reloads("points/1/index.html"))
			writeFile(t, file, data)
		}},
		{"move the folder away and back, then edit", func(t *testing.T, data string) {
			dir, away := h.path("content/points"), h.path("content/.points")
			if err := os.Rename(dir, away); err != nil {
				t.Fatal(err)
			}
			st.waitFor("reload for the removed pages", reloads("points/1/index.html"))
			if err := os.Rename(away, dir); err != nil {
				t.Fatal(err)
			}
			st.waitFor("reload for the pages back", reloads("points/1/index.html"))
			// The folder is watched again.
			writeFile(t, file, data)
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := fmt.Sprintf("Saved %d times", i+1)
			tt.save(t, text(want))
			h.waitPage(st, "points/1/index.html", "/points/1/", want)
		})
	}
	if s := h.stderr.String(); strings.Contains(s, "panic") {
		t.Errorf("stderr = %q", s)
	}
}

// TestNewFolderIsWatched makes a folder under content/ after the start,
// with a file in it: the file is built, and later edits to it too.
//
// writeFile creates the file, then writes it: a build may come between
// (on a loaded machine the debounce ends first) and serve it empty, and
// reload. The write brings another build; so the test waits for the
// reload that has the text, not for the first one.
func TestNewFolderIsWatched(t *testing.T) {
	t.Parallel()
	h := startServer(t, writeSite(t))
	st := h.events(t, "")
	st.waitFor("ok on connecting", named("ok"))

	for _, text := range []string{"first note", "second note"} {
		writeFile(t, h.path("content/notes/deep/note.txt"), text)
		h.waitPage(st, "notes/deep/note.txt", "/notes/deep/note.txt", text)
		resp, body := h.get(t, "/notes/deep/note.txt")
		if resp.StatusCode != http.StatusOK || body != text || resp.Header.Get("Content-Type") != "text/plain; charset=utf-8" {
			t.Errorf("GET /notes/deep/note.txt = %d, %q, %s; want 200, %q, text/plain", resp.StatusCode, body, resp.Header.Get("Content-Type"), text)
		}
	}
}

// TestServing checks how paths map to files, with their status and
// headers.
func TestServing(t *testing.T) {
	t.Parallel()
	h := startServer(t, writeSite(t))
	var css string
	h.srv.mu.Lock()
	for _, name := range h.srv.res.Names() {
		if strings.HasSuffix(name, ".css") {
			css = "/" + name
		}
	}
	h.srv.mu.Unlock()

	tests := []struct {
		path     string
		status   int
		typ      string
		location string
		body     string // a part of the body
		script   bool
	}{
		{"/", 200, "text/html; charset=utf-8", "", "Flood defences", true},
		{"/points/1/", 200, "text/html; charset=utf-8", "", "Commentary one", true},
		{"/points/1", 301, "", "/points/1/", "", false},
		{"/points/1?x=1", 301, "", "/points/1/?x=1", "", false},
		{"/points/../points/1/", 301, "", "/points/1/", "", false},
		{"/points/9/", 404, "text/html; charset=utf-8", "", "Page not found", true},
		{"/nope.css", 404, "text/html; charset=utf-8", "", "Page not found", true},
		{css, 200, "text/css; charset=utf-8", "", "", false},
		{"/sitemap.xml", 200, "application/xml; charset=utf-8", "", "http://" + h.ts.Listener.Addr().String() + "/points/1/", false},
		{"/_dossier/live.js", 200, "text/javascript; charset=utf-8", "", "EventSource", false},
		{"/_dossier/status", 200, "application/json", "", `"ok":true`, false},
	}
	for _, tt := range tests {
		resp, body := h.get(t, tt.path)
		if resp.StatusCode != tt.status || tt.typ != "" && resp.Header.Get("Content-Type") != tt.typ {
			t.Errorf("GET %s = %d, %s; want %d, %s", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), tt.status, tt.typ)
		}
		if got := resp.Header.Get("Location"); got != tt.location {
			t.Errorf("GET %s: Location = %q, want %q", tt.path, got, tt.location)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-store" {
			t.Errorf("GET %s: Cache-Control = %q, want no-store", tt.path, got)
		}
		if !strings.Contains(body, tt.body) {
			t.Errorf("GET %s: body does not hold %q", tt.path, tt.body)
		}
		if got := strings.Contains(body, script); got != tt.script {
			t.Errorf("GET %s: has the script = %v, want %v", tt.path, got, tt.script)
		}
	}
	// The canonical link carries the preview's address.
	if _, body := h.get(t, "/points/1/"); !strings.Contains(body, h.srv.URL()+"points/1/") {
		t.Errorf("GET /points/1/ does not link to %spoints/1/", h.srv.URL())
	}
}

// TestBuildHasNoPreview checks that dossier build writes nothing of the
// preview: the script is added only as pages are served.
func TestBuildHasNoPreview(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	if _, err := site.Build(context.Background(), os.DirFS(writeSite(t)), site.Options{Out: out}); err != nil {
		t.Fatal(err)
	}
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, err := os.ReadFile(p)
		if bytes.Contains(b, []byte("/_dossier/")) {
			t.Errorf("%s holds /_dossier/", p)
		}
		return err
	})
	if err != nil || n == 0 {
		t.Fatalf("walk %s: %d files, %v", out, n, err)
	}
}

// TestServeShutsDown runs Serve on a free port: it serves, and when ctx is
// done it ends the event streams and returns nil.
func TestServeShutsDown(t *testing.T) {
	t.Parallel()
	var stdout syncBuffer
	s, err := New(Options{Src: writeSite(t), Addr: "127.0.0.1:0", Stdout: &stdout})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()

	re := regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+/) \(press Ctrl\+C to stop\)`)
	url := stdout.waitMatch(t, re)[1]
	if s.URL() != url {
		t.Fatalf("stdout = %q, URL() = %q; want a serving line with the address", stdout.String(), s.URL())
	}
	resp, err := http.Get(url + "points/1/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET points/1/ = %d, want 200", resp.StatusCode)
	}
	resp, err = http.Get(url + "_dossier/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	ended := make(chan error, 1)
	go func() {
		_, err := io.Copy(io.Discard, resp.Body)
		ended <- err
	}()

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve = %v, want nil", err)
		}
	case <-giveUp(t):
		t.Fatal("Serve did not return after ctx was done")
	}
	select {
	case err := <-ended:
		if err != nil {
			t.Errorf("event stream ended with %v, want a clean end", err)
		}
	case <-giveUp(t):
		t.Fatal("the event stream did not end")
	}
}

func TestBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr, want string
	}{
		{"localhost:1313", "http://localhost:1313/"},
		{"127.0.0.1:8080", "http://127.0.0.1:8080/"},
		{":1313", "http://localhost:1313/"},
		{"0.0.0.0:1313", "http://localhost:1313/"},
		{"[::]:1313", "http://localhost:1313/"},
		{"[::1]:1313", "http://[::1]:1313/"},
		{"localhost", ""},
		{"localhost:http", ""},
		{"localhost:70000", ""},
	}
	for _, tt := range tests {
		got, err := baseURL(tt.addr)
		if got != tt.want || (err != nil) != (tt.want == "") {
			t.Errorf("baseURL(%q) = %q, %v; want %q", tt.addr, got, err, tt.want)
		}
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "site.toml")
	writeFile(t, file, "")
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{"src is a file", Options{Src: file}, "is not a folder"},
		{"no src", Options{Src: filepath.Join(dir, "nope")}, "no such file"},
		{"bad address", Options{Src: dir, Addr: "localhost"}, "missing port"},
	}
	for _, tt := range tests {
		if _, err := New(tt.opts); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: New = %v, want an error with %q", tt.name, err, tt.want)
		}
	}
}

// BenchmarkEditToReload measures the time from writing a point's file to
// the reload event of its page, debounce and rebuild included: on the
// repository's dossier, and on a generated one of 300 points and 50
// sources, each point quoting 5 passages.
func BenchmarkEditToReload(b *testing.B) {
	b.Run("repo", func(b *testing.B) {
		benchEdits(b, copyRepo(b), "content/points/26.md", "points/26/index.html")
	})
	b.Run("generated", func(b *testing.B) {
		benchEdits(b, generateSite(b, 300, 50, 5), "content/points/150.md", "points/150/index.html")
	})
	// The synthetic dossiers of internal/bench, as .ci/bench-hugo builds
	// them.
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := bench.Write(dir, bench.Generate(bench.Options{Points: n})); err != nil {
				b.Fatal(err)
			}
			benchEdits(b, dir, fmt.Sprintf("content/points/%05d.md", n/2), fmt.Sprintf("points/%d/index.html", n/2))
		})
	}
}

func benchEdits(b *testing.B, dir, file, page string) {
	h := startServer(b, dir)
	if s := h.status(b); !s.OK || s.Build == "" {
		b.Fatalf("the site does not build:\n%s", h.stderr)
	}
	st := h.events(b, "?page="+page)
	st.waitFor("ok on connecting", named("ok"))
	name := h.path(file)
	orig := readFile(b, name)
	url := "/" + strings.TrimSuffix(page, "index.html")
	for i := 0; b.Loop(); i++ {
		want := fmt.Sprintf("Edit number %d.", i)
		writeFile(b, name, orig+"\n"+want+"\n")
		h.waitPage(st, page, url, want)
	}
	// The share of the build itself, from the lines the server printed.
	var total time.Duration
	builds := regexp.MustCompile(`(?m)^rebuilt in (\S+):`).FindAllStringSubmatch(h.stdout.String(), -1)
	for _, m := range builds {
		d, err := time.ParseDuration(m[1])
		if err != nil {
			b.Fatal(err)
		}
		total += d
	}
	if len(builds) > 0 {
		b.ReportMetric(float64(total.Nanoseconds())/float64(len(builds)), "build-ns/op")
	}
}

// generateSite writes a site of points points and sources sources, each
// source cut from a seed of its own, each point quoting quotes passages,
// with the repository's default theme.
func generateSite(t testing.TB, points, sources, quotes int) string {
	t.Helper()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, site.ConfigFile), `title = "Generated dossier"
base_url = "https://example.org/"

[points]
label = "Point"

[buckets.all]
title = "All points"
`)
	paras := (points*quotes + sources - 1) / sources
	for s := range sources {
		var seed strings.Builder
		fmt.Fprintf(&seed, "Report %d\n", s)
		for p := range paras {
			fmt.Fprintf(&seed, "Report %d, paragraph %d: the code S%dP%d is unique to this line, and the rest is filler text.\n", s, p, s, p)
		}
		writeFile(t, filepath.Join(dir, "seeds", fmt.Sprintf("report-%d.txt", s)), seed.String())
		writeFile(t, filepath.Join(dir, "content", "sources", fmt.Sprintf("report-%d.md", s)), fmt.Sprintf(`+++
title = "Report %d"
outlet = "Outlet %d"
date = 2025-01-%02d
seed = "report-%d.txt"
+++
`, s, s%7, s%28+1, s))
	}
	for n := 1; n <= points; n++ {
		var body strings.Builder
		fmt.Fprintf(&body, "+++\nnumber = %d\ntitle = \"Point %d\"\nbucket = \"all\"\nsummary = \"The summary of point %d.\"\n+++\n", n, n, n)
		fmt.Fprintf(&body, "The commentary of point %d", n)
		if n > 1 {
			fmt.Fprintf(&body, ", after [[%d]]", n-1)
		}
		body.WriteString(".\n\n")
		for q := range quotes {
			k := (n-1)*quotes + q
			s, p := k%sources, k/sources
			fmt.Fprintf(&body, "Claim %d is sourced [@report-%d, \"the code S%dP%d is unique\"].\n", q, s, s, p)
		}
		writeFile(t, filepath.Join(dir, "content", "points", fmt.Sprintf("%03d.md", n)), body.String())
	}
	if err := os.CopyFS(filepath.Join(dir, "themes", "default"), os.DirFS(filepath.Join(repoRoot, "themes", "default"))); err != nil {
		t.Fatal(err)
	}
	return dir
}
