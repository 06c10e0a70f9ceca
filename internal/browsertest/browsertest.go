// Package browsertest starts headless Chromium for the browser tests of
// internal/site and internal/preview, and gives them the steps they share:
// opening tabs, navigating, evaluating, waiting, emulating media and taking
// screenshots, each failing the test with a message that says what it was
// doing.
//
// Browser tests run only when DOSSIER_BROWSER=1 (as .ci/run sets, after
// installing Chromium, Java and the npm tools); then a missing tool fails
// the test. Without it, and under go test -short, they skip.
//
// No step has a deadline shared with other steps: each navigation,
// evaluation or wait has its own limit, Step, generous for a loaded
// machine, so that a slow test is slow rather than failed.
package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The variables the browser tests read.
const (
	EnvBrowser     = "DOSSIER_BROWSER"     // "1": run the browser tests; a missing tool fails them
	EnvChromium    = "DOSSIER_CHROMIUM"    // the browser to run, if not chromium on $PATH
	EnvScreenshots = "DOSSIER_SCREENSHOTS" // where screenshots go, if not the test's temporary folder
)

// Step bounds one step: a navigation, an evaluation, a wait for a
// condition. It is generous, for a 2-core machine running other tests.
const Step = 2 * time.Minute

// Require skips the test unless DOSSIER_BROWSER=1 and the run is not
// -short.
func Require(t testing.TB) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	if os.Getenv(EnvBrowser) != "1" {
		t.Skipf("set %s=1 to run the browser tests (.ci/run installs the tools and sets it)", EnvBrowser)
	}
}

// Missing fails the test for a missing tool: with DOSSIER_BROWSER=1 the
// tools must be there.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	t.Fatalf(format+" (%s=1 requires it; .ci/run installs it)", append(args, EnvBrowser)...)
}

// ToolFile returns the path of a file that npm installs into
// ROOT/.ci/node_modules (npm ci --prefix .ci), root being the repository's
// root; it fails the test if the file is missing.
func ToolFile(t testing.TB, root, rel string) string {
	t.Helper()
	p := filepath.Join(root, ".ci", "node_modules", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		Missing(t, "no %s: run npm ci --prefix .ci --ignore-scripts", p)
	}
	return p
}

// Start starts one headless Chromium for the test and its subtests, and
// returns its context; Cleanup stops it.
func Start(t testing.TB) context.Context {
	t.Helper()
	exe := os.Getenv(EnvChromium)
	if exe == "" {
		var err error
		if exe, err = exec.LookPath("chromium"); err != nil {
			Missing(t, "no chromium on $PATH and %s not set", EnvChromium)
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
	// The first action on ctx starts the browser; it must not carry a
	// deadline, or the browser would end with it.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return ctx
}

// NewTab opens a tab in a browser context of its own (its own storage and
// cookies) with a viewport width px wide and 900 high. The system prefers
// a light scheme and reduced motion (see EmulateMedia), and the tab acts
// as the focused one.
func NewTab(t testing.TB, browser context.Context, width int64) context.Context {
	t.Helper()
	tab, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first action opens the tab; it must not carry a deadline, which
	// would close the tab when it ends.
	if err := chromedp.Do(tab, chromedp.EmulateViewport(width, 900)); err != nil {
		t.Fatalf("open tab: %v", err)
	}
	// Tabs run side by side, and only one window can have the system's
	// focus: focus emulation makes each tab behave as the one in front, so
	// that focus events do not depend on which tab that is.
	Call(t, tab, "emulate focus", emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true})
	EmulateMedia(t, tab, "", "")
	return tab
}

// Run runs an action in the tab, within Step, and returns its value; it
// fails the test on an error.
func Run[T any](t testing.TB, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, Step)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// Call sends a DevTools command to the tab, within Step, and returns its
// result; it fails the test on an error.
func Call[P, R any](t testing.TB, ctx context.Context, what string, cmd cdp.Command[P, R], params P) R {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, Step)
	defer cancel()
	r, err := chromedp.Call(ctx, cmd, params)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return r
}

// Do runs actions in the tab, within Step, and fails the test on an error.
func Do(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, Step)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// Navigate loads a page and fails the test unless it comes with status
// 200. The page must be another document than the one the tab shows: a
// change of #fragment alone loads nothing.
func Navigate(t testing.TB, ctx context.Context, url string) {
	t.Helper()
	resp := Run(t, ctx, "navigate to "+url, chromedp.NavigateResponse(url))
	if resp == nil {
		t.Fatalf("navigate to %s: no response (only the #fragment changed?)", url)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("navigate to %s: status %d", url, resp.Status)
	}
}

// Follow runs actions that load another page (a click on a link, Enter in
// a search box) and waits for it; it fails the test unless the page comes
// with status 200.
func Follow(t testing.TB, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, Step)
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, steps...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if resp.Status != http.StatusOK {
		t.Fatalf("%s: %s has status %d", what, resp.URL, resp.Status)
	}
}

// Eval evaluates a JavaScript expression in the page and decodes its
// value.
func Eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	return Run(t, ctx, "evaluate "+js, chromedp.Evaluate[T](js))
}

// EvalAwait evaluates a JavaScript expression whose value is a promise,
// and decodes what it resolves to.
func EvalAwait[T any](t testing.TB, ctx context.Context, what, js string) T {
	t.Helper()
	return Run(t, ctx, what, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// WaitFor waits until a JavaScript expression is true, for up to Step. It
// polls on a timer: a tab whose window is not in front gets no animation
// frames.
func WaitFor(t testing.TB, ctx context.Context, what, js string) {
	t.Helper()
	Run(t, ctx, fmt.Sprintf("wait until %s (%s)", what, js), chromedp.Poll[bool](js,
		chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(Step)))
}

// SetViewport changes the size of the tab's viewport.
func SetViewport(t testing.TB, ctx context.Context, width, height int64) {
	t.Helper()
	Do(t, ctx, "set the viewport", chromedp.EmulateViewport(width, height))
}

// SetWidth makes the tab's viewport width px wide and 900 high.
func SetWidth(t testing.TB, ctx context.Context, width int64) {
	t.Helper()
	SetViewport(t, ctx, width, 900)
}

// EmulateMedia fixes the tab's media type, "print" or "" (screen), and
// its system preferences: the colour scheme, "light" if scheme is "", and
// reduced motion, which turns off smooth scrolling (it would move a link
// between the moment a click aims at it and the click).
func EmulateMedia(t testing.TB, ctx context.Context, media, scheme string) {
	t.Helper()
	if scheme == "" {
		scheme = "light"
	}
	Call(t, ctx, "emulate media", emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Media: media,
		Features: []*emulation.MediaFeature{
			{Name: "prefers-color-scheme", Value: scheme},
			{Name: "prefers-reduced-motion", Value: "reduce"},
		},
	})
}

// EmulateTouch makes the tab a touch screen (or not): touch events, and
// the pointer and hover media features of a phone.
func EmulateTouch(t testing.TB, ctx context.Context, on bool) {
	t.Helper()
	points := int64(1)
	if !on {
		points = 0
	}
	Call(t, ctx, "emulate touch", emulation.SetTouchEmulationEnabled,
		emulation.SetTouchEmulationEnabledParams{Enabled: on, MaxTouchPoints: points})
}

// PressEnter presses Enter without the character event that KeyEvent also
// sends: a page that handles Enter on keydown and cancels it (a search
// box) would see the cancelled key submit its form, which no real
// keyboard does.
func PressEnter() chromedp.Action[chromedp.Void] {
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

// Rect is an element's getBoundingClientRect, with the viewport's size
// and the element's computed display.
type Rect struct {
	Left, Right, Top, Bottom, Width, Height float64
	ViewportWidth, ViewportHeight           float64
	Display                                 string
}

// RectJS returns JavaScript giving the Rect of the element that the
// expression el finds, or null.
func RectJS(el string) string {
	return `(() => { const e = ` + el + `; if (!e) return null; const r = e.getBoundingClientRect();
	return {Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, Width: r.width, Height: r.height,
	ViewportWidth: document.documentElement.clientWidth, ViewportHeight: innerHeight,
	Display: getComputedStyle(e).display}; })()`
}

// ElementRect returns the Rect of the element that the expression el
// finds, failing the test if there is none.
func ElementRect(t testing.TB, ctx context.Context, el string) Rect {
	t.Helper()
	r := Eval[*Rect](t, ctx, RectJS(el))
	if r == nil {
		t.Fatalf("no element %s", el)
	}
	return *r
}

// ScreenshotDir returns the folder for screenshots: $DOSSIER_SCREENSHOTS,
// made if need be, or else the test's temporary folder, removed when the
// test ends.
func ScreenshotDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv(EnvScreenshots)
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// FullPage takes a screenshot of the whole page, in PNG. A page taller
// than 12000 px comes in slices: Chromium refuses larger captures ("Page
// is too large"). The slices are taken through a viewport as tall as a
// slice, which lays the page out once; a capture beyond the viewport lays
// it out anew each time, three times slower on a long page. The viewport
// is width px wide, and 900 high again at the end.
func FullPage(t testing.TB, ctx context.Context, width int64) [][]byte {
	t.Helper()
	const slice = 12000
	height := Eval[int64](t, ctx, `Math.ceil(document.documentElement.scrollHeight)`)
	if height <= slice {
		return [][]byte{Run(t, ctx, "screenshot", chromedp.FullScreenshot(100))}
	}
	defer SetWidth(t, ctx, width)
	var out [][]byte
	for y := int64(0); y < height; y += slice {
		// The last slice is shorter, so that the page can scroll to it.
		SetViewport(t, ctx, width, min(slice, height-y))
		Do(t, ctx, "scroll", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`window.scrollTo(0, %d)`, y)))
		res := Call(t, ctx, fmt.Sprintf("screenshot at y=%d", y), page.CaptureScreenshot, page.CaptureScreenshotParams{
			Format:           page.CaptureScreenshotFormatPng,
			OptimizeForSpeed: new(true),
		})
		out = append(out, res.Data)
	}
	return out
}
