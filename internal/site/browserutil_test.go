package site_test

import (
	"context"
	"mime"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/dossier-dev/dossier/internal/site"
)

// The browser tests read these variables; .ci/run sets DOSSIER_BROWSER=1.
const (
	envBrowser     = "DOSSIER_BROWSER"     // "1": a missing browser or tool fails the test instead of skipping it
	envChromium    = "DOSSIER_CHROMIUM"    // the browser to run, if not chromium on $PATH
	envScreenshots = "DOSSIER_SCREENSHOTS" // where screenshots go, if not a new temporary folder
)

// ciTools is where .ci/run installs the npm tools (npm ci --prefix .ci).
const ciTools = repoRoot + "/.ci/node_modules"

// basePath is the subpath the site is served under, so that every browser
// test also checks that links work below a subpath.
const basePath = "/repo/"

// missingTool skips the test, or fails it when DOSSIER_BROWSER=1 says that
// the tools must be there.
func missingTool(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv(envBrowser) == "1" {
		t.Fatalf(format+" (%s=1 requires it; .ci/run installs it)", append(args, envBrowser)...)
	}
	t.Skipf(format+" (set %s=1 to make this a failure; .ci/run installs the tools)", append(args, envBrowser)...)
}

// toolFile returns the path of a file that npm installs into .ci/node_modules,
// or skips the test if it is missing.
func toolFile(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(filepath.FromSlash(ciTools), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		missingTool(t, "no %s: run npm ci --prefix .ci", p)
	}
	return p
}

// siteHandler serves a built site from memory the way a static host does:
// /repo/x/ is x/index.html, and anything else not found is 404.html with
// status 404.
type siteHandler struct {
	prefix string
	files  map[string][]byte
}

func (h *siteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rel, ok := strings.CutPrefix(r.URL.Path, h.prefix); ok {
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		if b, ok := h.files[rel]; ok {
			h.write(w, r, rel, http.StatusOK, b)
			return
		}
	}
	h.write(w, r, "404.html", http.StatusNotFound, h.files["404.html"])
}

func (h *siteHandler) write(w http.ResponseWriter, r *http.Request, name string, status int, b []byte) {
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b) // a failed write is the browser's to report
	}
}

// servedSite is the repository's dossier, built for and served by a local
// server under basePath.
type servedSite struct {
	res  *site.Result
	base string // http://127.0.0.1:PORT/repo/
}

// url returns the address of the site path p ("points/26/").
func (s *servedSite) url(p string) string { return s.base + p }

// href returns the site path p as the theme writes it in href attributes:
// from the server's root ("/repo/points/26/").
func (s *servedSite) href(p string) string { return basePath + p }

// pagePaths lists the site path of every HTML page but 404.html, sorted.
func (s *servedSite) pagePaths() []string {
	var out []string
	for _, name := range sortedNames(s.res.Files) {
		switch {
		case name == "404.html" || !strings.HasSuffix(name, ".html"):
		case name == "index.html":
			out = append(out, "")
		case strings.HasSuffix(name, "/index.html"):
			out = append(out, strings.TrimSuffix(name, "index.html"))
		default:
			out = append(out, name)
		}
	}
	return out
}

// serveSite builds the repository's dossier for a local server's address,
// then starts the server. The listener comes first, since the build needs
// its port.
func serveSite(t *testing.T) *servedSite {
	t.Helper()
	h := &siteHandler{prefix: basePath}
	srv := httptest.NewUnstartedServer(h)
	base := "http://" + srv.Listener.Addr().String() + basePath
	res, err := site.Build(context.Background(), repoFS(), site.Options{BaseURL: base})
	if err != nil {
		srv.Close()
		t.Fatalf("Build(base %s): %v", base, err)
	}
	h.files = res.Files
	srv.Start()
	t.Cleanup(srv.Close)
	return &servedSite{res: res, base: base}
}

// startBrowser starts one headless Chromium for the test and its subtests.
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	exe := os.Getenv(envChromium)
	if exe == "" {
		var err error
		if exe, err = exec.LookPath("chromium"); err != nil {
			missingTool(t, "no chromium on $PATH and %s not set", envChromium)
		}
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.WindowSize(1280, 900),
	)
	// No UserDataDir: the allocator makes a fresh profile and removes it.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return ctx
}

// newTab opens a tab in a browser context of its own (its own storage and
// cookies), with a viewport width px wide. Its actions time out after a
// minute.
func newTab(t *testing.T, browser context.Context, width int64) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first action opens the tab; it must not carry the timeout, which
	// would close the tab when it ends.
	if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 900)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	// Tabs run side by side, and only one window can have the system's
	// focus: focus emulation makes each tab behave as the one in front, so
	// that focus events do not depend on which tab that is.
	if _, err := chromedp.Call(tab, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("emulate focus: %v", err)
	}
	// The system prefers light: the theme toggle starts from there. And
	// reduced motion turns off the theme's smooth scrolling, which would
	// move a link away between the moment a click aims at it and the click.
	emulateMedia(t, tab, "")
	ctx, cancelTimeout := context.WithTimeout(tab, time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
}

// do runs actions in the tab and fails the test on an error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// navigate loads a page and fails the test unless it comes with status 200.
func navigate(t *testing.T, ctx context.Context, url string) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(url))
	if err != nil {
		t.Fatalf("navigate to %s: %v", url, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("navigate to %s: status %d", url, resp.Status)
	}
}

// follow runs actions that load another page (a click on a link, Enter in a
// search box) and waits for it; it fails the test unless the page comes
// with status 200.
func follow(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: %s has status %d", what, resp.URL, resp.Status)
	}
}

// pressEnter presses Enter without the character event that KeyEvent also
// sends: a page that handles Enter on keydown and cancels it (the header
// search) would see the cancelled key submit its form, which no real
// keyboard does.
func pressEnter() chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		for _, typ := range []input.DispatchKeyEventType{input.DispatchKeyEventTypeRawKeyDown, input.DispatchKeyEventTypeKeyUp} {
			_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: "Enter", Code: "Enter", WindowsVirtualKeyCode: 13, NativeVirtualKeyCode: 13,
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// eval evaluates a JavaScript expression in the page and decodes its value.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitFor waits until a JavaScript expression is true, for up to five
// seconds. It polls on a timer: a tab whose window is not in front gets no
// animation frames.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](js,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(5*time.Second)))
	if err != nil {
		t.Fatalf("wait until %s (%s): %v", what, js, err)
	}
}

// setWidth changes the viewport of the tab.
func setWidth(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	do(t, ctx, "set the viewport", chromedp.EmulateViewport(width, 900))
}

// emulateMedia makes the tab's system preferences fixed: a light colour
// scheme, and reduced motion. The media type is "print" or "" (screen).
func emulateMedia(t *testing.T, ctx context.Context, media string) {
	t.Helper()
	_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Media: media,
		Features: []*emulation.MediaFeature{
			{Name: "prefers-color-scheme", Value: "light"},
			{Name: "prefers-reduced-motion", Value: "reduce"},
		},
	})
	if err != nil {
		t.Fatalf("emulate media features: %v", err)
	}
}

// rect is an element's getBoundingClientRect, with the viewport's width.
type rect struct {
	Left, Right, Top, Bottom, Width, Height float64
	ViewportWidth, ViewportHeight           float64
	Display                                 string
}

// rectJS returns JavaScript giving the rect of the element that the
// expression el finds.
func rectJS(el string) string {
	return `(() => { const e = ` + el + `; if (!e) return null; const r = e.getBoundingClientRect();
	return {Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, Width: r.width, Height: r.height,
	ViewportWidth: document.documentElement.clientWidth, ViewportHeight: innerHeight,
	Display: getComputedStyle(e).display}; })()`
}

// elementRect returns the rect of the element that the expression el finds,
// failing the test if there is none.
func elementRect(t *testing.T, ctx context.Context, el string) rect {
	t.Helper()
	r := eval[*rect](t, ctx, rectJS(el))
	if r == nil {
		t.Fatalf("no element %s", el)
	}
	return *r
}
