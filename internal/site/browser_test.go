package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/dossier-dev/dossier/internal/browsertest"
)

// TestBrowser proves the default theme in headless Chromium: the
// repository's dossier is built for a local server under a subpath
// (/repo/), and one browser visits it, each subtest in a tab with storage
// of its own. It runs only with DOSSIER_BROWSER=1.
func TestBrowser(t *testing.T) {
	browsertest.Require(t)
	t.Parallel()
	browser := browsertest.Start(t)
	s := serveSite(t)

	t.Run("Search", func(t *testing.T) { t.Parallel(); testSearch(t, browser, s) })
	t.Run("SideNotes", func(t *testing.T) { t.Parallel(); testSideNotes(t, browser, s) })
	t.Run("CitationRoundTrip", func(t *testing.T) { t.Parallel(); testCitationRoundTrip(t, browser, s) })
	t.Run("Preview", func(t *testing.T) { t.Parallel(); testPreview(t, browser, s) })
	t.Run("ThemeToggle", func(t *testing.T) { t.Parallel(); testThemeToggle(t, browser, s) })
	t.Run("AllPagesClean", func(t *testing.T) { t.Parallel(); testAllPagesClean(t, browser, s) })
	t.Run("Axe", func(t *testing.T) { t.Parallel(); testAxe(t, browser, s) })
	t.Run("NoScript", func(t *testing.T) { t.Parallel(); testNoScript(t, browser, s) })
	t.Run("Screenshots", func(t *testing.T) { t.Parallel(); testScreenshots(t, browser, s) })
}

// testSearch types "amnesty" into the header's search box and expects
// point 26 among the results as you type, the word marked; Enter on it
// opens the point. The search page does the same from ?q=amnesty, and a
// click opens the point.
func testSearch(t *testing.T, browser context.Context, s *servedSite) {
	point := s.url("points/26/")
	ctx := browsertest.NewTab(t, browser, 1280)

	// The header box: results as you type.
	browsertest.Navigate(t, ctx, s.url(""))
	// Time in the page, from the first key to the first result for point
	// 26; it includes fetching the index, which focus starts.
	browsertest.Do(t, ctx, "watch the results", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`(() => {
		const q = document.getElementById("site-q");
		q.addEventListener("keydown", () => { window.firstKey ??= performance.now(); });
		new MutationObserver(() => {
			if (document.querySelector('#site-search-results a[href=%q]')) window.firstResult ??= performance.now();
		}).observe(q.form, {childList: true, subtree: true});
	})()`, s.href("points/26/"))))
	browsertest.Do(t, ctx, "type in the header search box", chromedp.SendKeys(chromedp.ID("site-q"), "amnesty"))
	browsertest.WaitFor(t, ctx, "the header search shows point 26",
		fmt.Sprintf(`!document.getElementById("site-search-results").hidden && document.getElementById("site-q").value === "amnesty" && !!document.querySelector('#site-search-results a[href=%q]')`, s.href("points/26/")))
	t.Logf("header search: the result for point 26 shows %.0f ms after the first key",
		browsertest.Eval[float64](t, ctx, `window.firstResult - window.firstKey`))

	type result struct {
		Href, ID, Selected string
		Marks              []string
	}

	results := browsertest.Eval[[]result](t, ctx, `[...document.querySelectorAll("#site-search-results a:not(#site-search-results-all)")].map(a => ({
		Href: a.href, ID: a.id, Selected: a.getAttribute("aria-selected") || "",
		Marks: [...a.querySelectorAll("mark")].map(m => m.textContent)}))`)
	at := -1
	for i, r := range results {
		if len(r.Marks) == 0 {
			t.Errorf("header search result %s has no <mark>", r.Href)
		}
		for _, m := range r.Marks {
			if !strings.EqualFold(m, "amnesty") {
				t.Errorf("header search result %s marks %q, want amnesty", r.Href, m)
			}
		}
		if r.Href == point {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("header search for amnesty: no result for %s in %+v", point, results)
	}
	if results[0].Selected != "true" {
		t.Errorf("header search: the first result is not selected (aria-selected %q), so Enter does nothing", results[0].Selected)
	}
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("site-q").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("header search box aria-expanded = %q with results shown, want true", got)
	}
	for range at {
		browsertest.Do(t, ctx, "press ArrowDown", chromedp.KeyEvent(kb.ArrowDown))
	}
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("site-q").getAttribute("aria-activedescendant")`); got != results[at].ID {
		t.Errorf("aria-activedescendant = %q on the result for point 26, want %q", got, results[at].ID)
	}
	browsertest.Follow(t, ctx, "press Enter on the result", browsertest.PressEnter())
	if got := browsertest.Eval[string](t, ctx, `location.href`); got != point {
		t.Errorf("Enter on the header search result opened %s, want %s", got, point)
	}

	// Narrow, the results drop down within the screen.
	browsertest.SetWidth(t, ctx, 375)
	browsertest.Navigate(t, ctx, s.url(""))
	browsertest.Do(t, ctx, "type in the header search box", chromedp.SendKeys(chromedp.ID("site-q"), "amnesty"))
	browsertest.WaitFor(t, ctx, "the header search shows results", `!document.getElementById("site-search-results").hidden`)
	if r := browsertest.ElementRect(t, ctx, `document.getElementById("site-search-results")`); r.Left < 0 || r.Right > r.ViewportWidth {
		t.Errorf("375px: the search results span x %.0f–%.0f, outside the viewport (0–%.0f)", r.Left, r.Right, r.ViewportWidth)
	}
	browsertest.SetWidth(t, ctx, 1280)

	// The search page.
	browsertest.Navigate(t, ctx, s.url("search/?q=amnesty"))
	browsertest.WaitFor(t, ctx, "the search page has searched", `document.getElementById("search-status").hasAttribute("data-ms")`)
	ms := browsertest.Eval[string](t, ctx, `document.getElementById("search-status").getAttribute("data-ms")`)
	status := browsertest.Eval[string](t, ctx, `document.getElementById("search-status").textContent`)
	t.Logf("search page: %q in %s ms (data-ms: index fetched, parsed and searched)", status, ms)
	if !strings.Contains(status, "amnesty") {
		t.Errorf("search status = %q, want it to name amnesty", status)
	}
	if got := browsertest.Eval[string](t, ctx, `document.getElementById("search-q").value`); got != "amnesty" {
		t.Errorf("search page box = %q, want amnesty from ?q=", got)
	}
	sel := fmt.Sprintf(`#search-results a[href=%q]`, s.href("points/26/"))
	marks := browsertest.Eval[[]string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll('%s mark')].map(m => m.textContent)`, sel))
	if len(marks) == 0 {
		t.Fatalf("search page for amnesty: no result for %s with a <mark>", point)
	}
	for _, m := range marks {
		if !strings.EqualFold(m, "amnesty") {
			t.Errorf("search page result for point 26 marks %q, want amnesty", m)
		}
	}
	browsertest.Follow(t, ctx, "click the result", chromedp.Click(chromedp.CSS(sel)))
	if got := browsertest.Eval[string](t, ctx, `location.href`); got != point {
		t.Errorf("a click on the search result opened %s, want %s", got, point)
	}
}

// firstNote is the first citation of point 26's commentary that has a
// side note and a paragraph of a source to go to.
type firstNote struct {
	N, RefID, Href, NoteID string
}

func findNote(t *testing.T, ctx context.Context) firstNote {
	t.Helper()
	n := browsertest.Eval[*firstNote](t, ctx, `(() => {
		const a = [...document.querySelectorAll(".commentary .cite a.ref")].find(a => /\/sources\/[^/]+\/#p\d+$/.test(a.href)
			&& document.querySelector("#" + a.dataset.note + " q"));
		if (!a) return null;
		return {N: a.textContent, RefID: a.id, Href: a.href, NoteID: a.dataset.note};
	})()`)
	if n == nil {
		t.Fatal("point 26 has no citation of a source paragraph with a quote")
	}
	return *n
}

// testSideNotes checks a citation's side note: beside the text column at
// 1280 px; hidden at 375 px until its label is clicked, then inline, and
// hidden again by a second click.
func testSideNotes(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1280)
	browsertest.Navigate(t, ctx, s.url("points/26/"))

	// Wide: every side note of the commentary sits right of the text
	// column, inside the viewport, below the one before it.
	type side struct {
		ID                             string
		Left, Right, Top, Bottom, Text float64
		Display                        string
		ViewportWidth                  float64
	}
	notes := browsertest.Eval[[]side](t, ctx, `[...document.querySelectorAll(".commentary .sidenote")].map(sn => {
		const r = sn.getBoundingClientRect(), p = sn.closest("p, li, dd").getBoundingClientRect();
		return {ID: sn.id, Left: r.left, Right: r.right, Top: r.top, Bottom: r.bottom, Text: p.right,
			Display: getComputedStyle(sn).display, ViewportWidth: document.documentElement.clientWidth};
	})`)
	if len(notes) == 0 {
		t.Fatal("point 26: no side notes in the commentary")
	}
	for i, n := range notes {
		if n.Display == "none" || n.Right-n.Left < 120 {
			t.Errorf("1280px: side note %s is not shown (display %s, width %.0f)", n.ID, n.Display, n.Right-n.Left)
		}
		if n.Left < n.Text {
			t.Errorf("1280px: side note %s starts at x=%.0f, inside the text column that ends at %.0f", n.ID, n.Left, n.Text)
		}
		if n.Right > n.ViewportWidth {
			t.Errorf("1280px: side note %s ends at x=%.0f, past the viewport (%.0f)", n.ID, n.Right, n.ViewportWidth)
		}
		if i > 0 && n.Top < notes[i-1].Bottom-0.5 {
			t.Errorf("1280px: side note %s (top %.0f) overlaps %s (bottom %.0f)", n.ID, n.Top, notes[i-1].ID, notes[i-1].Bottom)
		}
	}
	if r := browsertest.ElementRect(t, ctx, `document.querySelector(".commentary .sn-toggle")`); r.Display != "none" {
		t.Errorf("1280px: the side note label is shown (display %s); the number is the link", r.Display)
	}

	// Narrow: hidden until the label is clicked.
	browsertest.SetWidth(t, ctx, 375)
	note := findNote(t, ctx)
	label := fmt.Sprintf(`label[for="sn-%s"]`, note.N)
	snJS := fmt.Sprintf(`document.getElementById("sn-%s-text")`, note.N)
	if r := browsertest.ElementRect(t, ctx, snJS); r.Display != "none" || r.Height != 0 {
		t.Errorf("375px: side note %s is shown before its label is clicked (display %s, height %.0f)", note.N, r.Display, r.Height)
	}
	if r := browsertest.ElementRect(t, ctx, `document.querySelector('`+label+`')`); r.Display == "none" || r.Width == 0 {
		t.Errorf("375px: the label of note %s is not shown (display %s, width %.0f)", note.N, r.Display, r.Width)
	}
	if v := browsertest.Eval[string](t, ctx, `getComputedStyle(document.getElementById("`+note.RefID+`")).visibility`); v != "hidden" {
		t.Errorf("375px: the note number link %s is shown beside its label (visibility %s)", note.RefID, v)
	}
	browsertest.Do(t, ctx, "click the side note label", chromedp.Click(chromedp.CSS(label)))
	r := browsertest.ElementRect(t, ctx, snJS)
	text := browsertest.ElementRect(t, ctx, `document.querySelector(".commentary")`)
	if r.Display == "none" || r.Height == 0 {
		t.Fatalf("375px: side note %s still hidden after a click on its label (display %s)", note.N, r.Display)
	}
	if r.Left < text.Left-0.5 || r.Right > text.Right+0.5 || r.Right > r.ViewportWidth {
		t.Errorf("375px: side note %s spans x %.0f–%.0f, outside the text column %.0f–%.0f (viewport %.0f)",
			note.N, r.Left, r.Right, text.Left, text.Right, r.ViewportWidth)
	}
	if lr := browsertest.ElementRect(t, ctx, `document.querySelector('`+label+`')`); r.Top < lr.Top {
		t.Errorf("375px: side note %s opens above its label (top %.0f < %.0f)", note.N, r.Top, lr.Top)
	}
	browsertest.Do(t, ctx, "click the side note label again", chromedp.Click(chromedp.CSS(label)))
	if r := browsertest.ElementRect(t, ctx, snJS); r.Display != "none" {
		t.Errorf("375px: side note %s still shown after a second click (display %s)", note.N, r.Display)
	}

	// Printed, on a page as narrow as a phone, the numbers are back, and the
	// notes are endnotes.
	browsertest.EmulateMedia(t, ctx, "print", "")
	if r := browsertest.ElementRect(t, ctx, `document.getElementById("`+note.RefID+`")`); r.Width == 0 ||
		browsertest.Eval[string](t, ctx, `getComputedStyle(document.getElementById("`+note.RefID+`")).visibility`) != "visible" {
		t.Errorf("print: the note number %s is not shown", note.RefID)
	}
	if r := browsertest.ElementRect(t, ctx, snJS); r.Display != "none" {
		t.Errorf("print: side note %s is shown (display %s)", note.N, r.Display)
	}
	browsertest.EmulateMedia(t, ctx, "", "")

	// The print page has numbers and endnotes, without side notes, at any
	// width.
	browsertest.Navigate(t, ctx, s.url("print/"))
	hidden := browsertest.Eval[int](t, ctx, `[...document.querySelectorAll("sup.ref")].filter(e => e.getClientRects().length === 0 || getComputedStyle(e).visibility !== "visible").length`)
	if hidden > 0 {
		t.Errorf("375px: %d note numbers of the print page are hidden", hidden)
	}
}

// testCitationRoundTrip follows a citation to its source paragraph, which
// is the highlighted :target and lists the point under "Cited by", and
// follows that backlink back to the citation.
func testCitationRoundTrip(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1280)
	browsertest.Navigate(t, ctx, s.url("points/26/"))
	note := findNote(t, ctx)
	browsertest.Follow(t, ctx, "click citation "+note.RefID, chromedp.Click(chromedp.ID(note.RefID)))
	if got := browsertest.Eval[string](t, ctx, `location.href`); got != note.Href {
		t.Fatalf("citation %s opened %s, want %s", note.RefID, got, note.Href)
	}
	para := note.Href[strings.LastIndex(note.Href, "#")+1:]
	browsertest.WaitFor(t, ctx, "the paragraph is the target, in view", fmt.Sprintf(`(() => {
		const e = document.querySelector(":target"); if (!e || e.id !== %q) return false;
		const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight && r.height > 0; })()`, para))
	bg := browsertest.Eval[string](t, ctx, `getComputedStyle(document.querySelector(":target")).backgroundColor`)
	if bg == "rgba(0, 0, 0, 0)" || bg == "transparent" {
		t.Errorf("target paragraph %s is not highlighted (background %s)", para, bg)
	}

	back := s.url("points/26/#" + note.RefID)
	hrefs := browsertest.Eval[[]string](t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#%s .backlinks a")].map(a => a.href)`, para))
	found := false
	for _, h := range hrefs {
		found = found || h == back
	}
	if !found {
		t.Fatalf("paragraph %s: Cited by has %q, want a link to %s", para, hrefs, back)
	}
	browsertest.Follow(t, ctx, "click the backlink", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#%s .backlinks a[href=%q]`, para, s.href("points/26/#"+note.RefID)))))
	if got := browsertest.Eval[string](t, ctx, `location.href`); got != back {
		t.Fatalf("backlink opened %s, want %s", got, back)
	}
	inView := fmt.Sprintf(`(() => {
		const e = document.querySelector(":target"); if (!e || e.id !== %q) return false;
		const r = document.querySelector('label[for="sn-%s"]').getClientRects().length ? document.querySelector('label[for="sn-%[2]s"]').getBoundingClientRect() : e.getBoundingClientRect();
		return r.top >= 0 && r.bottom <= innerHeight && r.width > 0; })()`, note.RefID, note.N)
	browsertest.WaitFor(t, ctx, "the citation is the target, in view", inView)

	// Narrow, the number link is hidden and its label stands in: the
	// backlink still lands there.
	browsertest.SetWidth(t, ctx, 375)
	browsertest.Navigate(t, ctx, note.Href)
	browsertest.Follow(t, ctx, "click the backlink at 375px", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#%s .backlinks a[href=%q]`, para, s.href("points/26/#"+note.RefID)))))
	browsertest.WaitFor(t, ctx, "at 375px the citation's label is in view", inView)
}

// testPreview focuses a citation and a cross-reference, by script and by
// Tab, and expects the preview card with the quote or the point's title; it
// closes on Escape, and focus stays on the link and moves on with Tab.
func testPreview(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1280)
	browsertest.Navigate(t, ctx, s.url("points/26/"))
	note := findNote(t, ctx)
	type state struct {
		Shown              bool
		Role, Text, Active string
		ActiveInPreview    bool
		ActiveIsLink       bool
	}
	stateJS := func(link string) string {
		return `(() => { const p = document.getElementById("preview"), a = document.activeElement;
		return {Shown: !!p && !p.hidden && p.getClientRects().length > 0, Role: p ? p.getAttribute("role") : "",
			Text: p ? p.textContent : "", Active: a ? (a.id || a.className || a.tagName) : "",
			ActiveInPreview: !!p && p.contains(a), ActiveIsLink: a === ` + link + `}; })()`
	}
	shown := `(() => { const p = document.getElementById("preview"); return !!p && !p.hidden; })()`
	hidden := `(() => { const p = document.getElementById("preview"); return !p || p.hidden; })()`

	check := func(how, link, want string) {
		t.Helper()
		browsertest.WaitFor(t, ctx, "the preview opens on "+how, shown)
		st := browsertest.Eval[state](t, ctx, stateJS(link))
		if !st.Shown || st.Role != "tooltip" {
			t.Errorf("%s: preview shown %v, role %q; want shown, role tooltip", how, st.Shown, st.Role)
		}
		if !strings.Contains(st.Text, want) {
			t.Errorf("%s: preview says %q, want it to contain %q", how, st.Text, want)
		}
		if !st.ActiveIsLink {
			t.Errorf("%s: focus is on %s, want it on the link", how, st.Active)
		}
		browsertest.Do(t, ctx, "press Escape", chromedp.KeyEvent(kb.Escape))
		browsertest.WaitFor(t, ctx, "Escape closes the preview", hidden)
		if st := browsertest.Eval[state](t, ctx, stateJS(link)); !st.ActiveIsLink {
			t.Errorf("%s: after Escape focus is on %s, want it still on the link", how, st.Active)
		}
	}

	// A citation: the card shows its note, with the quoted passage.
	ref := fmt.Sprintf(`document.getElementById(%q)`, note.RefID)
	quote := browsertest.Eval[string](t, ctx, fmt.Sprintf(`document.querySelector("#%s q").textContent`, note.NoteID))
	browsertest.Do(t, ctx, "focus the citation", chromedp.Evaluate[chromedp.Void](ref+`.focus()`))
	check("focus() on citation "+note.RefID, ref, quote)
	// By keyboard: back one stop and forward again.
	browsertest.Do(t, ctx, "press Shift+Tab", chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
	browsertest.Do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
	check("Tab to citation "+note.RefID, ref, quote)
	// Focus is not trapped: Tab moves on, and not into the card.
	browsertest.Do(t, ctx, "focus the citation", chromedp.Evaluate[chromedp.Void](`document.activeElement.blur(), `+ref+`.focus()`))
	browsertest.WaitFor(t, ctx, "the preview opens", shown)
	browsertest.Do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
	if st := browsertest.Eval[state](t, ctx, stateJS(ref)); st.ActiveIsLink || st.ActiveInPreview {
		t.Errorf("Tab from citation %s: focus on %s (still on the link %v, in the preview %v); want the next link of the page",
			note.RefID, st.Active, st.ActiveIsLink, st.ActiveInPreview)
	}

	// A cross-reference: the card shows the point's title.
	xref := `document.querySelector(".commentary a.xref")`
	title := browsertest.Eval[string](t, ctx, xref+`.dataset.previewTitle`)
	if title == "" {
		t.Fatal("point 26: cross-reference without data-preview-title")
	}
	browsertest.Do(t, ctx, "focus the cross-reference", chromedp.Evaluate[chromedp.Void](xref+`.focus()`))
	check("focus() on a cross-reference", xref, title)
	browsertest.Do(t, ctx, "press Shift+Tab", chromedp.KeyEvent(kb.Tab, chromedp.KeyModifiers(chromedp.ModifierShift)))
	browsertest.Do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
	check("Tab to a cross-reference", xref, title)
}

// testThemeToggle clicks the theme toggle and expects data-theme and
// aria-pressed to follow, and the choice to survive a reload.
func testThemeToggle(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1280)
	browsertest.Navigate(t, ctx, s.url("points/26/"))
	type state struct {
		Theme, Pressed, Stored, Background string
		Visible                            bool
	}
	read := func() state {
		t.Helper()
		return browsertest.Eval[state](t, ctx, `(() => { const b = document.querySelector(".theme-toggle");
		return {Theme: document.documentElement.getAttribute("data-theme") || "", Pressed: b.getAttribute("aria-pressed"),
			Stored: localStorage.getItem("dossier-theme") || "", Background: getComputedStyle(document.body).backgroundColor,
			Visible: !b.hidden && b.getClientRects().length > 0}; })()`)
	}
	st := read()
	if !st.Visible || st.Theme != "" || st.Pressed != "false" {
		t.Fatalf("first visit: toggle visible %v, data-theme %q, aria-pressed %q; want visible, none, false", st.Visible, st.Theme, st.Pressed)
	}
	light := st.Background
	for _, want := range []struct{ theme, pressed string }{{"dark", "true"}, {"light", "false"}} {
		browsertest.Do(t, ctx, "click the theme toggle", chromedp.Click(chromedp.CSS(".theme-toggle")))
		st := read()
		if st.Theme != want.theme || st.Pressed != want.pressed || st.Stored != want.theme {
			t.Errorf("after a click: data-theme %q, aria-pressed %q, stored %q; want %s, %s, %s",
				st.Theme, st.Pressed, st.Stored, want.theme, want.pressed, want.theme)
		}
		if (want.theme == "dark") == (st.Background == light) {
			t.Errorf("%s theme: page background %s (light is %s)", want.theme, st.Background, light)
		}
		browsertest.Do(t, ctx, "reload", chromedp.Reload())
		browsertest.WaitFor(t, ctx, "the script has run", `!document.querySelector(".theme-toggle").hidden`)
		if got := read(); got.Theme != want.theme || got.Pressed != want.pressed || got.Background != st.Background {
			t.Errorf("after a reload: data-theme %q, aria-pressed %q, background %s; want %s, %s, %s",
				got.Theme, got.Pressed, got.Background, want.theme, want.pressed, st.Background)
		}
	}
}

// testAllPagesClean visits every HTML page, and an address that does not
// exist, and expects no console error, no exception, no failed request and
// no response of status 400 or more, bar the 404 page itself.
func testAllPagesClean(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1280)
	var (
		mu       sync.Mutex
		page     string
		problems []string
		requests int
	)
	add := func(format string, args ...any) {
		problems = append(problems, page+": "+fmt.Sprintf(format, args...))
	}
	missing := s.url("no-such-page/")
	err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				add("console.%s(%s)", ev.Type, strings.Join(args, ", "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			desc := d.Text
			if d.Exception != nil {
				desc += " " + d.Exception.Description
			}
			add("exception at %s:%d:%d: %s", d.URL, d.LineNumber+1, d.ColumnNumber+1, desc)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				if ev.Entry.URL == missing && strings.Contains(ev.Entry.Text, "404") {
					return
				}
				add("browser log: %s %s", ev.Entry.Text, ev.Entry.URL)
			}
		case *network.EventLoadingFailed:
			add("request failed (%s): %s %s", ev.Type, ev.ErrorText, ev.BlockedReason)
		case *network.EventResponseReceived:
			requests++
			if ev.Response.Status >= 400 && ev.Response.URL != missing {
				add("%s: status %d", ev.Response.URL, ev.Response.Status)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	paths := s.pagePaths()
	start := time.Now()
	for _, p := range paths {
		mu.Lock()
		page = "/" + p
		mu.Unlock()
		browsertest.Navigate(t, ctx, s.url(p))
	}
	mu.Lock()
	page = "/no-such-page/"
	mu.Unlock()
	resp := browsertest.Run(t, ctx, "navigate to "+missing, chromedp.NavigateResponse(missing))
	if resp.Status != 404 {
		t.Errorf("%s: status %d, want 404", missing, resp.Status)
	}
	if h1 := browsertest.Eval[string](t, ctx, `document.querySelector("h1").textContent`); h1 != "Page not found" {
		t.Errorf("%s: h1 %q, want the 404 page", missing, h1)
	}
	if ok := browsertest.Eval[bool](t, ctx, `getComputedStyle(document.body).fontFamily.includes("serif") && !!document.querySelector('link[rel=stylesheet]').sheet`); !ok {
		t.Errorf("%s: the 404 page has no style sheet (its links must work from any depth)", missing)
	}
	// Let late events arrive: the tab reports them in order, and this
	// evaluation comes after them.
	browsertest.Eval[int](t, ctx, `1`)
	mu.Lock()
	defer mu.Unlock()
	t.Logf("visited %d pages and the 404 page in %v, %d responses", len(paths), time.Since(start).Round(time.Millisecond), requests)
	if len(paths) < 100 {
		t.Errorf("only %d pages; want every page of the dossier", len(paths))
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// axeResult is the part of axe.run's result that the test reports.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// testAxe runs axe-core on the main kinds of page in both themes, at 375
// and 1280 px, and expects no violations.
func testAxe(t *testing.T, browser context.Context, s *servedSite) {
	script, err := os.ReadFile(toolFile(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.NewTab(t, browser, 1280)
	pages := []struct{ path, typed, ready string }{
		{"", "", ""},
		{"", "amnesty", `!document.getElementById("site-search-results").hidden`}, // the search dropdown open
		{"points/26/", "", ""},
		{"sources/heflin-conversation/", "", ""},
		{"search/?q=amnesty", "", `document.getElementById("search-status").hasAttribute("data-ms")`},
		{"print/", "", ""},
		{"points/", "", ""}, // the points index, with the go-to-point form
	}
	// A page that lists every page citing a paragraph, with the sentences.
	for _, name := range sortedNames(s.res.Files) {
		if strings.Contains(name, "/cited/p") {
			pages = append(pages, struct{ path, typed, ready string }{strings.TrimSuffix(name, "index.html"), "", ""})
			break
		}
	}
	for _, pg := range pages {
		browsertest.SetWidth(t, ctx, 1280)
		browsertest.Navigate(t, ctx, s.url(pg.path))
		if pg.typed != "" {
			browsertest.Do(t, ctx, "type in the header search box", chromedp.SendKeys(chromedp.ID("site-q"), pg.typed))
		}
		if pg.ready != "" {
			browsertest.WaitFor(t, ctx, "the page is ready", pg.ready)
		}
		browsertest.Do(t, ctx, "inject axe-core", chromedp.Evaluate[chromedp.Void](string(script)))
		for _, width := range []int64{375, 1280} {
			browsertest.SetWidth(t, ctx, width)
			for _, theme := range []string{"light", "dark"} {
				browsertest.Do(t, ctx, "set the theme", chromedp.Evaluate[chromedp.Void](
					fmt.Sprintf(`document.documentElement.setAttribute("data-theme", %q)`, theme)))
				res := browsertest.EvalAwait[axeResult](t, ctx, "axe.run on /"+pg.path,
					`axe.run(document, {resultTypes: ["violations"]})`)
				for _, v := range res.Violations {
					var targets []string
					for i, n := range v.Nodes {
						if i == 4 {
							targets = append(targets, fmt.Sprintf("… %d more", len(v.Nodes)-i))
							break
						}
						b, _ := json.Marshal(n.Target)
						targets = append(targets, string(b))
					}
					detail := ""
					if len(v.Nodes) > 0 {
						detail = "\n\t\t" + strings.ReplaceAll(v.Nodes[0].Summary, "\n", "\n\t\t")
					}
					where := "/" + pg.path
					if pg.typed != "" {
						where += " (typed " + pg.typed + ")"
					}
					t.Errorf("axe %s %dpx %s: %s (%s): %s\n\ton %s%s", where, width, theme, v.ID, v.Impact, v.Help,
						strings.Join(targets, ", "), detail)
				}
			}
		}
	}
}

// testNoScript visits a sample of pages with JavaScript off: links have
// addresses, the notes are there, side notes open with their label (a
// checkbox, no script), the theme toggle stays hidden and the search page
// says it needs JavaScript.
func testNoScript(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 375)
	browsertest.Call(t, ctx, "turn JavaScript off", emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	type report struct {
		NoHref, BrokenFragments []string
		Cites                   int
		Note1, ToggleHidden     bool
		ScriptRan               bool
		NoscriptShown           bool
		Toggles                 int
	}
	for _, p := range []string{"", "points/26/", "sources/heflin-conversation/", "search/", "print/", "timeline/"} {
		browsertest.Navigate(t, ctx, s.url(p))
		r := browsertest.Eval[report](t, ctx, `(() => {
			const here = location.href.split("#")[0];
			const noHref = [...document.querySelectorAll("a")].filter(a => !a.getAttribute("href")).map(a => a.outerHTML.slice(0, 80));
			const broken = [...document.querySelectorAll("a[href]")].filter(a => a.href.split("#")[0] === here && a.hash)
				.map(a => decodeURIComponent(a.hash.slice(1))).filter(id => !document.getElementById(id));
			const toggle = document.querySelector(".theme-toggle");
			const ns = [...document.querySelectorAll("main p")].find(p => p.textContent.includes("needs JavaScript"));
			return {NoHref: noHref, BrokenFragments: broken, Cites: document.querySelectorAll(".cite").length,
				Note1: !!document.getElementById("note-1"),
				ToggleHidden: getComputedStyle(toggle).display === "none",
				ScriptRan: !toggle.hidden || !!document.getElementById("preview"),
				NoscriptShown: !!ns && ns.getClientRects().length > 0,
				Toggles: [...document.querySelectorAll(".sn-toggle")].filter(l => l.getClientRects().length > 0).length};
		})()`)
		where := "/" + p + " without JavaScript"
		if r.ScriptRan {
			t.Fatalf("%s: the page's script ran; JavaScript is not off", where)
		}
		if len(r.NoHref) > 0 {
			t.Errorf("%s: links without href: %q", where, r.NoHref)
		}
		if len(r.BrokenFragments) > 0 {
			t.Errorf("%s: links to missing #fragments: %q", where, r.BrokenFragments)
		}
		if r.Cites > 0 && !r.Note1 {
			t.Errorf("%s: %d citations but no #note-1 in the notes list", where, r.Cites)
		}
		if !r.ToggleHidden {
			t.Errorf("%s: the theme toggle is shown; it needs the script", where)
		}
		if p == "search/" && !r.NoscriptShown {
			t.Errorf("%s: the noscript message is not shown", where)
		}
		if r.Cites > 0 && r.Toggles == 0 {
			t.Errorf("%s: %d citations, no side note label shown at 375px", where, r.Cites)
		}
		if r.Toggles == 0 {
			continue
		}
		id := browsertest.Eval[string](t, ctx, `[...document.querySelectorAll(".sn-toggle")].find(l => l.getClientRects().length > 0).htmlFor`)
		display := func() string {
			return browsertest.Eval[string](t, ctx, fmt.Sprintf(`getComputedStyle(document.getElementById("%s-text")).display`, id))
		}
		if d := display(); d != "none" {
			t.Errorf("%s: side note %s shown before a click (display %s)", where, id, d)
		}
		browsertest.Do(t, ctx, "click a side note label", chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for=%q]`, id))))
		if d := display(); d == "none" {
			t.Errorf("%s: side note %s still hidden after a click on its label", where, id)
		}
		browsertest.Do(t, ctx, "click the label again", chromedp.Click(chromedp.CSS(fmt.Sprintf(`label[for=%q]`, id))))
		if d := display(); d != "none" {
			t.Errorf("%s: side note %s still shown after a second click (display %s)", where, id, d)
		}
	}
}

// testScreenshots takes full-page screenshots of the main pages at 375 and
// 1280 px, for people to look at. They go to $DOSSIER_SCREENSHOTS, or to
// the test's temporary folder, removed at the end.
func testScreenshots(t *testing.T, browser context.Context, s *servedSite) {
	dir := browsertest.ScreenshotDir(t)
	ctx := browsertest.NewTab(t, browser, 1280)
	pages := []struct{ name, path, ready string }{
		{"home", "", ""},
		{"point-26", "points/26/", ""},
		{"source-heflin-conversation", "sources/heflin-conversation/", ""},
		{"search-amnesty", "search/?q=amnesty", `document.querySelectorAll("#search-results a").length > 0`},
		{"print", "print/", ""},
	}
	for _, width := range []int64{375, 1280} {
		browsertest.SetWidth(t, ctx, width)
		for _, pg := range pages {
			browsertest.Navigate(t, ctx, s.url(pg.path))
			if pg.ready != "" {
				browsertest.WaitFor(t, ctx, "the page is ready", pg.ready)
			}
			for i, png := range browsertest.FullPage(t, ctx, width) {
				name := fmt.Sprintf("%s-%d.png", pg.name, width)
				if i > 0 {
					name = fmt.Sprintf("%s-%d-%d.png", pg.name, width, i+1)
				}
				if err := os.WriteFile(filepath.Join(dir, name), png, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}
