package preview

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The browser test reads the variables of internal/site's browser tests;
// .ci/run sets DOSSIER_BROWSER=1.
const (
	envBrowser  = "DOSSIER_BROWSER"  // "1": a missing browser or tool fails the test instead of skipping it
	envChromium = "DOSSIER_CHROMIUM" // the browser to run, if not chromium on $PATH
)

// missingTool skips the test, or fails it when DOSSIER_BROWSER=1 says that
// the tools must be there.
func missingTool(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv(envBrowser) == "1" {
		t.Fatalf(format+" (%s=1 requires it)", append(args, envBrowser)...)
	}
	t.Skipf(format+" (set %s=1 to make this a failure)", append(args, envBrowser)...)
}

// startTab starts a headless Chromium with one tab for the test.
func startTab(t *testing.T) context.Context {
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
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	return ctx
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// waitUntil waits until a JavaScript expression is true.
func waitUntil(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(timeout))); err != nil {
		t.Fatalf("wait until %s (%s): %v", what, js, err)
	}
}

// waitListening waits until a page has its event stream open.
func waitListening(t *testing.T, h *harness, page string) {
	t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		h.srv.mu.Lock()
		n := 0
		for c := range h.srv.clients {
			if c.page == page {
				n++
			}
		}
		h.srv.mu.Unlock()
		if n > 0 {
			return
		}
	}
	t.Fatalf("%s never opened its event stream", page)
}

// waitReloading is waitUntil for a page that may reload meanwhile.
func waitReloading(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	for deadline := time.Now().Add(timeout); ; time.Sleep(50 * time.Millisecond) {
		// Evaluating fails while the page reloads.
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("wait until %s (%s): timeout", what, js)
		}
	}
}

// The overlay's dialog, in its shadow root, as JavaScript.
const (
	overlayHost = `document.querySelector("dossier-problems")`
	overlayBox  = `document.querySelector("dossier-problems")?.shadowRoot.querySelector("[role=alertdialog]")`
)

// overlay is what the test reads of the overlay.
type overlay struct {
	Text, Label, Focused, Caret string
	Modal                       bool
}

const readOverlay = `(() => { const box = ` + overlayBox + `; if (!box) return null;
	const root = box.getRootNode();
	return {Text: box.textContent, Modal: box.getAttribute("aria-modal") === "true",
		Label: root.getElementById(box.getAttribute("aria-labelledby"))?.textContent || "",
		Focused: root.activeElement?.textContent || "",
		Caret: box.querySelector(".caret")?.textContent || ""}; })()`

// TestLiveScriptInBrowser proves live.js in headless Chromium: a broken
// quote shows the overlay over the last good page, with the message, the
// line and a caret, focus on its button; Escape closes it and gives focus
// back; a page opened while the site is broken shows it at once; the fix
// reloads the page with the new text and no overlay. It skips when there
// is no chromium, unless DOSSIER_BROWSER=1.
func TestLiveScriptInBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser tests are not short")
	}
	t.Parallel()
	ctx := startTab(t)
	h := startServer(t, writeSite(t))
	file := h.path("content/points/01.md")
	orig := readFile(t, file)

	if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(h.ts.URL+"/points/1/")); err != nil {
		t.Fatal(err)
	}
	// The mark goes away when the page reloads.
	do(t, ctx, "mark the page and focus a button of it", chromedp.Evaluate[chromedp.Void](
		`window.dossierMark = 1; const b = document.createElement("button"); b.id = "before";
		document.body.prepend(b); b.focus()`))
	waitListening(t, h, "points/1/index.html")

	edit(t, file, "the river rose by two metres", "the river rose by three metres")
	waitUntil(t, ctx, "the overlay shows", overlayBox+` != null`)
	o := eval[*overlay](t, ctx, readOverlay)
	if !strings.Contains(o.Text, "content/points/01.md:7:") || !strings.Contains(o.Text, `not found in source "river-report"`) ||
		!strings.Contains(o.Text, "Commentary one: the river rose [@river-report") || !strings.HasSuffix(o.Caret, "^") {
		t.Errorf("overlay text = %q, caret %q; want the position, message, line and caret", o.Text, o.Caret)
	}
	if !o.Modal || !strings.Contains(o.Label, "1 problem") || o.Focused != "Close" {
		t.Errorf("overlay = %+v, want a modal dialog labelled with 1 problem, its button focused", o)
	}
	if !eval[bool](t, ctx, `window.dossierMark === 1 && document.body.textContent.includes("two metres")`) {
		t.Errorf("the page reloaded or lost the last good text while the site is broken")
	}
	checkAxe(t, ctx)

	do(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
	waitUntil(t, ctx, "Escape closes the overlay", overlayHost+` == null`)
	if got := eval[string](t, ctx, `document.activeElement.id`); got != "before" {
		t.Errorf("focus after Escape is on #%s, want #before again", got)
	}

	// A page opened now shows the problems at once.
	if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(h.ts.URL+"/points/2/")); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, ctx, "the overlay shows on a new page", overlayBox+` != null`)
	do(t, ctx, "mark the page", chromedp.Evaluate[chromedp.Void](`window.dossierMark = 2`))

	writeFile(t, file, strings.Replace(orig, "Commentary one", "Commentary one, fixed", 1))
	// The page reloads if the fix changed its bytes; else ok hides the
	// overlay.
	waitReloading(t, ctx, "the fix hides the overlay", overlayHost+` == null`)
	if _, err := chromedp.Run(ctx, chromedp.NavigateResponse(h.ts.URL+"/points/1/")); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "mark the page", chromedp.Evaluate[chromedp.Void](`window.dossierMark = 3`))
	edit(t, file, "Commentary one, fixed", "Commentary one, edited")
	waitReloading(t, ctx, "the edit reloads the page",
		`window.dossierMark === undefined && document.body.textContent.includes("Commentary one, edited")`)
	if eval[bool](t, ctx, overlayHost+` != null`) {
		t.Errorf("the overlay shows after the fix")
	}
}

// checkAxe runs axe-core, if .ci/node_modules has it, on the overlay in
// the light and the dark scheme.
func checkAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	script, err := os.ReadFile(filepath.Join(repoRoot, ".ci", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv(envBrowser) == "1" {
			t.Fatalf("no axe-core: %v (run npm ci --prefix .ci)", err)
		}
		t.Logf("no axe-core, the overlay is not checked: %v", err)
		return
	}
	do(t, ctx, "inject axe-core", chromedp.Evaluate[chromedp.Void](string(script)))
	type violation struct {
		ID, Help string
		Nodes    []struct{ Target any }
	}
	for _, scheme := range []string{"light", "dark"} {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := chromedp.Run(ctx, chromedp.Evaluate[struct{ Violations []violation }](
			`axe.run({include: [["dossier-problems"]]}, {resultTypes: ["violations"]})`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("axe.run: %v", err)
		}
		for _, v := range res.Violations {
			targets, err := json.Marshal(v.Nodes)
			if err != nil {
				t.Fatal(err)
			}
			t.Errorf("axe on the overlay, %s: %s: %s\n\ton %s", scheme, v.ID, v.Help, targets)
		}
	}
}
