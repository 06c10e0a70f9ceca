package preview

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/dossier-dev/dossier/internal/browsertest"
)

// startTab starts a headless Chromium with one tab for the test.
func startTab(t *testing.T) context.Context {
	t.Helper()
	return browsertest.NewTab(t, browsertest.Start(t), 1280)
}

// waitListening waits until a page has its event stream open.
func waitListening(t *testing.T, h *harness, page string) {
	t.Helper()
	limit := giveUp(t)
	for {
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
		// The page opens its stream as it loads, in the browser: there is
		// nothing to wait on here but time.
		select {
		case <-time.After(10 * time.Millisecond):
		case <-limit:
			t.Fatalf("%s never opened its event stream", page)
		}
	}
}

// waitReloading is browsertest.WaitFor for a page that may reload
// meanwhile.
func waitReloading(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	for deadline := time.Now().Add(browsertest.Step); ; time.Sleep(50 * time.Millisecond) {
		// Evaluating fails while the page reloads.
		evalCtx, cancel := context.WithTimeout(ctx, browsertest.Step)
		ok, err := chromedp.Run(evalCtx, chromedp.Evaluate[bool](js))
		cancel()
		if err == nil && ok {
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
// reloads the page with the new text and no overlay. It runs only with
// DOSSIER_BROWSER=1.
func TestLiveScriptInBrowser(t *testing.T) {
	browsertest.Require(t)
	t.Parallel()
	ctx := startTab(t)
	h := startServer(t, writeSite(t))
	file := h.path("content/points/01.md")
	orig := readFile(t, file)

	browsertest.Navigate(t, ctx, h.ts.URL+"/points/1/")
	// The mark goes away when the page reloads.
	browsertest.Do(t, ctx, "mark the page and focus a button of it", chromedp.Evaluate[chromedp.Void](
		`window.dossierMark = 1; const b = document.createElement("button"); b.id = "before";
		document.body.prepend(b); b.focus()`))
	waitListening(t, h, "points/1/index.html")

	edit(t, file, "the river rose by two metres", "the river rose by three metres")
	browsertest.WaitFor(t, ctx, "the overlay shows", overlayBox+` != null`)
	o := browsertest.Eval[*overlay](t, ctx, readOverlay)
	if !strings.Contains(o.Text, "content/points/01.md:7:") || !strings.Contains(o.Text, `not found in source "river-report"`) ||
		!strings.Contains(o.Text, "Commentary one: the river rose [@river-report") || !strings.HasSuffix(o.Caret, "^") {
		t.Errorf("overlay text = %q, caret %q; want the position, message, line and caret", o.Text, o.Caret)
	}
	if !o.Modal || !strings.Contains(o.Label, "1 problem") || o.Focused != "Close" {
		t.Errorf("overlay = %+v, want a modal dialog labelled with 1 problem, its button focused", o)
	}
	if !browsertest.Eval[bool](t, ctx, `window.dossierMark === 1 && document.body.textContent.includes("two metres")`) {
		t.Errorf("the page reloaded or lost the last good text while the site is broken")
	}
	checkAxe(t, ctx)

	browsertest.Do(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
	browsertest.WaitFor(t, ctx, "Escape closes the overlay", overlayHost+` == null`)
	if got := browsertest.Eval[string](t, ctx, `document.activeElement.id`); got != "before" {
		t.Errorf("focus after Escape is on #%s, want #before again", got)
	}

	// A page opened now shows the problems at once.
	browsertest.Navigate(t, ctx, h.ts.URL+"/points/2/")
	browsertest.WaitFor(t, ctx, "the overlay shows on a new page", overlayBox+` != null`)
	browsertest.Do(t, ctx, "mark the page", chromedp.Evaluate[chromedp.Void](`window.dossierMark = 2`))

	writeFile(t, file, strings.Replace(orig, "Commentary one", "Commentary one, fixed", 1))
	// The page reloads if the fix changed its bytes; else ok hides the
	// overlay.
	waitReloading(t, ctx, "the fix hides the overlay", overlayHost+` == null`)
	browsertest.Navigate(t, ctx, h.ts.URL+"/points/1/")
	browsertest.Do(t, ctx, "mark the page", chromedp.Evaluate[chromedp.Void](`window.dossierMark = 3`))
	edit(t, file, "Commentary one, fixed", "Commentary one, edited")
	waitReloading(t, ctx, "the edit reloads the page",
		`window.dossierMark === undefined && document.body.textContent.includes("Commentary one, edited")`)
	if browsertest.Eval[bool](t, ctx, overlayHost+` != null`) {
		t.Errorf("the overlay shows after the fix")
	}
}

// checkAxe runs axe-core on the overlay in the light and the dark scheme.
func checkAxe(t *testing.T, ctx context.Context) {
	t.Helper()
	script, err := os.ReadFile(browsertest.ToolFile(t, repoRoot, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	browsertest.Do(t, ctx, "inject axe-core", chromedp.Evaluate[chromedp.Void](string(script)))
	type violation struct {
		ID, Help string
		Nodes    []struct{ Target any }
	}
	for _, scheme := range []string{"light", "dark"} {
		browsertest.EmulateMedia(t, ctx, "", scheme)
		res := browsertest.EvalAwait[struct{ Violations []violation }](t, ctx, "axe.run",
			`axe.run({include: [["dossier-problems"]]}, {resultTypes: ["violations"]})`)
		for _, v := range res.Violations {
			targets, err := json.Marshal(v.Nodes)
			if err != nil {
				t.Fatal(err)
			}
			t.Errorf("axe on the overlay, %s: %s: %s\n\ton %s", scheme, v.ID, v.Help, targets)
		}
	}
}
