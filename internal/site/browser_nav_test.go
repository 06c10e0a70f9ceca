package site_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/dossier-dev/dossier/internal/browsertest"
)

// TestBrowserNav checks, in headless Chromium, how a reader finds things:
// the search index fetched in parts as the header box is typed into, on a
// point and on the search page itself; keyboard order; finding a point by
// number with and without JavaScript (issues 10 and 11). It runs only with
// DOSSIER_BROWSER=1.
func TestBrowserNav(t *testing.T) {
	browsertest.Require(t)
	t.Parallel()
	browser := browsertest.Start(t)
	s := serveSite(t)

	t.Run("HeaderSearchEverywhere", func(t *testing.T) { t.Parallel(); testHeaderSearchEverywhere(t, browser, s) })
	t.Run("KeyboardOrder", func(t *testing.T) { t.Parallel(); testKeyboardOrder(t, browser, s) })
	t.Run("JumpToPoint", func(t *testing.T) { t.Parallel(); testJumpToPoint(t, browser, s) })
	t.Run("SidebarBadges", func(t *testing.T) { t.Parallel(); testSidebarBadges(t, browser, s) })
	t.Run("SlashHintOnTouch", func(t *testing.T) { t.Parallel(); testSlashHintOnTouch(t, browser, s) })
}

// testSlashHintOnTouch checks that the "/" key hint in the search box shows
// with a mouse and keyboard and not on a touch screen, which has no "/" key
// to press.
func testSlashHintOnTouch(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1280)
	shown := `getComputedStyle(document.querySelector(".search-key")).display !== "none"`
	browsertest.Navigate(t, ctx, s.url("points/26/"))
	if !browsertest.Eval[bool](t, ctx, shown) {
		t.Errorf("the / hint is hidden with a mouse (hover none %v, pointer coarse %v)",
			browsertest.Eval[bool](t, ctx, `matchMedia("(hover: none)").matches`), browsertest.Eval[bool](t, ctx, `matchMedia("(pointer: coarse)").matches`))
	}
	phone := browsertest.NewTab(t, browser, 390)
	browsertest.EmulateTouch(t, phone, true)
	browsertest.Navigate(t, phone, s.url("points/26/"))
	if !browsertest.Eval[bool](t, phone, `matchMedia("(pointer: coarse)").matches`) {
		t.Fatalf("touch emulation does not make the pointer coarse")
	}
	if browsertest.Eval[bool](t, phone, shown) {
		t.Errorf("the / hint shows on a touch screen")
	}
}

// searchBytesJS sums what the page fetched of the search index.
const searchBytesJS = `performance.getEntriesByType("resource").filter(r => r.name.includes("/search-index/"))
	.reduce((n, r) => n + r.encodedBodySize, 0)`

// testHeaderSearchEverywhere types into the header box on a point and on
// /search/: each shows point 26 for "amnesty", with an "all results" link
// to the search page. The first query fetches the meta file, a few chunks
// and the results' files, not the whole index.
func testHeaderSearchEverywhere(t *testing.T, browser context.Context, s *servedSite) {
	total := 0
	for name, b := range s.res.Files {
		if strings.HasPrefix(name, "search-index/") {
			total += len(b)
		}
	}
	ctx := browsertest.NewTab(t, browser, 1280)
	for _, p := range []string{"points/3/", "search/"} {
		browsertest.Navigate(t, ctx, s.url(p))
		browsertest.Do(t, ctx, "type in the header box on /"+p, chromedp.SendKeys(chromedp.ID("site-q"), "amnesty"))
		// The dropdown updates as each key is typed, and point 26 may show
		// already for "amnes": wait for the results of the whole word,
		// which the all-results link names.
		want := s.url("search/?q=amnesty")
		browsertest.WaitFor(t, ctx, "the header search on /"+p+" shows point 26 for the whole word, with an all-results link to "+want,
			fmt.Sprintf(`!document.getElementById("site-search-results").hidden && !!document.querySelector('#site-search-results a[href=%q]')
				&& (document.getElementById("site-search-results-all") || {}).href === %q`, s.href("points/26/"), want))
		got := browsertest.Eval[int](t, ctx, searchBytesJS)
		t.Logf("/%s: the first query fetched %d bytes of the search index (%d in all)", p, got, total)
		if got == 0 || got >= 300_000 || got >= total {
			t.Errorf("/%s: the first query fetched %d bytes of the search index (of %d), want some, under 300 KB and not all", p, got, total)
		}
		if p == "search/" {
			// Enter on the all-results option opens the search page's list.
			browsertest.Do(t, ctx, "select the all-results option", chromedp.KeyEvent(kb.ArrowUp))
			browsertest.Follow(t, ctx, "press Enter on it", browsertest.PressEnter())
			browsertest.WaitFor(t, ctx, "the search page lists point 26",
				fmt.Sprintf(`!!document.querySelector('#search-results a[href=%q]')`, s.href("points/26/")))
		}
	}
}

// testKeyboardOrder checks that the contents list follows the article in
// Tab order at every width (WCAG 2.4.3), while on wide screens it is drawn
// to its left; and that Tab after the skip link lands in the main content.
func testKeyboardOrder(t *testing.T, browser context.Context, s *servedSite) {
	for _, width := range []int64{1024, 1440} {
		ctx := browsertest.NewTab(t, browser, width)
		browsertest.Navigate(t, ctx, s.url("points/26/"))
		type stop struct {
			InMain, InNav, Ref bool
			Text               string
		}
		var stops []stop
		for range 80 {
			browsertest.Do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
			st := browsertest.Eval[stop](t, ctx, `(() => { const a = document.activeElement;
				return {InMain: !!a.closest("main"), InNav: !!a.closest(".points-nav"), Ref: a.matches("a.ref"), Text: (a.textContent || "").trim().slice(0, 40)}; })()`)
			stops = append(stops, st)
			if st.Ref {
				break
			}
		}
		ref := -1
		for i, st := range stops {
			if st.InNav {
				t.Errorf("%d px: Tab stop %d (%q) is in the contents list, before the first citation", width, i+1, st.Text)
				break
			}
			if st.Ref {
				ref = i
			}
		}
		if ref < 0 {
			t.Fatalf("%d px: no citation within %d Tab stops", width, len(stops))
		}
		t.Logf("%d px: the first citation of /points/26/ is Tab stop %d", width, ref+1)

		// The skip link: Enter, then Tab lands in main.
		browsertest.Navigate(t, ctx, s.url("points/26/"))
		browsertest.Do(t, ctx, "Tab to the skip link", chromedp.KeyEvent(kb.Tab))
		if got := browsertest.Eval[string](t, ctx, `document.activeElement.className`); got != "skip" {
			t.Fatalf("%d px: the first Tab stop has class %q, want the skip link", width, got)
		}
		browsertest.Do(t, ctx, "follow the skip link", browsertest.PressEnter(), chromedp.KeyEvent(kb.Tab))
		if !browsertest.Eval[bool](t, ctx, `!!document.activeElement.closest("main")`) {
			t.Errorf("%d px: Tab after the skip link is at %s, not in main", width, browsertest.Eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 80)`))
		}

		nav := browsertest.ElementRect(t, ctx, `document.querySelector(".points-nav")`)
		main := browsertest.ElementRect(t, ctx, `document.querySelector("main")`)
		beside := nav.Right <= main.Left+1 && nav.Top < main.Bottom
		if width >= 1344 && !beside {
			t.Errorf("%d px: the contents list (%+v) is not drawn left of main (%+v)", width, nav, main)
		}
		if width < 1344 && nav.Top < main.Bottom-1 {
			t.Errorf("%d px: the contents list (top %.0f) is not below main (bottom %.0f)", width, nav.Top, main.Bottom)
		}
	}
}

// testJumpToPoint goes to point 17 by number: with JavaScript the form
// opens the point; without, it opens the points index, whose list holds
// the point.
func testJumpToPoint(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1280)
	for _, p := range []string{"", "points/3/"} {
		browsertest.Navigate(t, ctx, s.url(p))
		browsertest.Do(t, ctx, "type 17", chromedp.SendKeys(chromedp.ID("point-jump-n"), "17"))
		browsertest.Follow(t, ctx, "submit", chromedp.Click(chromedp.CSS(".point-jump button")))
		if got := browsertest.Eval[string](t, ctx, `location.href`); got != s.url("points/17/") {
			t.Errorf("go to 17 on /%s opened %s, want %s", p, got, s.url("points/17/"))
		}
	}

	noJS := browsertest.NewTab(t, browser, 1280)
	browsertest.Call(t, noJS, "turn JavaScript off", emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	browsertest.Navigate(t, noJS, s.url("points/3/"))
	browsertest.Do(t, noJS, "type 17", chromedp.SendKeys(chromedp.ID("point-jump-n"), "17"))
	browsertest.Follow(t, noJS, "submit without JavaScript", chromedp.Click(chromedp.CSS(".point-jump button")))
	if got := browsertest.Eval[string](t, noJS, `location.pathname`); got != s.href("points/") {
		t.Errorf("go to 17 without JavaScript opened %s, want the points index", got)
	}
	browsertest.Follow(t, noJS, "open point 17 from the index", chromedp.Click(chromedp.CSS(fmt.Sprintf(`.point-list a[href=%q]`, s.href("points/17/")))))
}

// testSidebarBadges checks that at 1440 px a number badge in the contents
// list keeps one line's height when its title wraps.
func testSidebarBadges(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1440)
	browsertest.Navigate(t, ctx, s.url("points/26/"))
	type badge struct {
		N            string
		Height, Line float64
		TitleHeight  float64
	}
	badges := browsertest.Eval[[]badge](t, ctx, `[...document.querySelectorAll(".points-nav a")].filter(a => a.querySelector(".num")).map(a => ({
		N: a.querySelector(".num").textContent, Height: a.querySelector(".num").getBoundingClientRect().height,
		Line: parseFloat(getComputedStyle(a).lineHeight), TitleHeight: a.querySelector(".title").getBoundingClientRect().height}))`)
	wrapped := 0
	for _, b := range badges {
		if b.TitleHeight > 1.5*b.Line {
			wrapped++
		}
		if b.Height > 1.4*b.Line {
			t.Errorf("badge %s is %.0f px tall, over one line (%.0f px)", b.N, b.Height, b.Line)
		}
	}
	if wrapped == 0 {
		t.Logf("no title wraps in the contents list at 1440 px: the badge test checks nothing wrapped")
	}
}
