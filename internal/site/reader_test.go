package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/dossier-dev/dossier/internal/browsertest"
)

// TestReader checks what a reader sees of the default theme's layout in
// headless Chromium: no page scrolls sideways, margin notes sit beside
// their markers without overlapping, print is dark on white whatever the
// theme, a tap on a citation shows its preview before it follows the link,
// and axe-core finds nothing against WCAG 2.2 AA and its best practices.
// It runs only with DOSSIER_BROWSER=1.
func TestReader(t *testing.T) {
	browsertest.Require(t)
	t.Parallel()
	browser := browsertest.Start(t)
	s := serveSite(t)

	t.Run("NoSidewaysScroll", func(t *testing.T) { t.Parallel(); testNoSidewaysScroll(t, browser, s) })
	t.Run("MarginNotes", func(t *testing.T) { t.Parallel(); testMarginNotes(t, browser, s) })
	t.Run("PrintDark", func(t *testing.T) { t.Parallel(); testPrintDark(t, browser, s) })
	t.Run("TouchPreview", func(t *testing.T) { t.Parallel(); testTouchPreview(t, browser, s) })
	t.Run("ReturnFromSource", func(t *testing.T) { t.Parallel(); testReturnFromSource(t, browser, s) })
	t.Run("AxeWCAG22", func(t *testing.T) { t.Parallel(); testAxeWCAG22(t, browser, s) })
	t.Run("ReaderScreenshots", func(t *testing.T) { t.Parallel(); testReaderScreenshots(t, browser, s) })
}

// seedPath is the site path of the first seed page.
func (s *servedSite) seedPath(t *testing.T) string {
	t.Helper()
	for _, p := range s.pagePaths() {
		if strings.HasPrefix(p, "seeds/") {
			return p
		}
	}
	t.Fatal("no seed page")
	return ""
}

// testNoSidewaysScroll visits every page at 390 px (a phone) and 1024 px
// (the narrowest screen with margin notes), and the first page of each
// kind at 1280 and 1440 px too, and expects none to be wider than the
// viewport.
func testNoSidewaysScroll(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 390)
	type over struct {
		Scroll, Client float64
		Culprit, Kind  string
	}
	const measure = `(() => {
		const d = document.documentElement, cw = d.clientWidth;
		let culprit = "";
		if (d.scrollWidth > cw) {
			const e = [...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > cw + 0.5)
				.sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)[0];
			if (e) culprit = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.trim().split(/\s+/).join(".") : "") +
				" (right " + Math.round(e.getBoundingClientRect().right) + ")";
		}
		return {Scroll: d.scrollWidth, Client: cw, Culprit: culprit, Kind: document.body.className};
	})()`
	kinds := map[string]bool{}
	checked := 0
	for _, p := range s.pagePaths() {
		browsertest.SetWidth(t, ctx, 390)
		browsertest.Navigate(t, ctx, s.url(p))
		widths := []int64{390, 1024}
		if k := browsertest.Eval[string](t, ctx, `document.body.className`); !kinds[k] {
			kinds[k] = true
			widths = append(widths, 1280, 1440)
		}
		for _, w := range widths {
			browsertest.SetWidth(t, ctx, w)
			o := browsertest.Eval[over](t, ctx, measure)
			checked++
			if o.Scroll > o.Client {
				t.Errorf("/%s at %d px scrolls sideways by %.0f px; widest: %s", p, w, o.Scroll-o.Client, o.Culprit)
			}
		}
	}
	t.Logf("%d pages, %d page widths checked, %d kinds of page at 1280 and 1440 px", len(s.pagePaths()), checked, len(kinds))
}

// noteLayout is how a page's margin notes sit: the distance from each
// note's top to its marker's, and the pairs that overlap.
type noteLayout struct {
	Notes          int
	Distances      []float64
	Overlaps       []string
	MaxNote, Worst string
}

// noteLayoutJS measures the margin notes (side notes and editors' notes
// that float beside the text) of the page.
const noteLayoutJS = `(() => {
	const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).float !== "none" || getComputedStyle(e).position === "absolute";
	const notes = [...document.querySelectorAll(".sidenote, .gloss")].filter(n => n.getClientRects().length > 0 &&
		(getComputedStyle(n).float !== "none" || getComputedStyle(n).position === "absolute"));
	const marker = n => n.classList.contains("gloss")
		? (n.closest(".para").querySelector("mark.glossed") || n.closest(".para").querySelector(".ptext"))
		: n.closest(".cite").querySelector(".ref");
	const out = {Notes: notes.length, Distances: [], Overlaps: [], MaxNote: "", Worst: ""};
	let worst = -1;
	const rs = notes.map(n => ({n, r: n.getBoundingClientRect()}));
	for (const {n, r} of rs) {
		const m = marker(n);
		if (!m) continue;
		const d = Math.abs(r.top - m.getBoundingClientRect().top);
		out.Distances.push(d);
		if (d > worst) { worst = d; out.Worst = (n.id || n.className) + " " + Math.round(d) + " px"; }
	}
	rs.sort((a, b) => a.r.top - b.r.top);
	for (let i = 1; i < rs.length; i++) {
		for (let j = i - 1; j >= 0 && j >= i - 3; j--) {
			const a = rs[j].r, b = rs[i].r;
			if (b.top < a.bottom - 0.5 && b.left < a.right && a.left < b.right)
				out.Overlaps.push((rs[j].n.id || rs[j].n.className) + " and " + (rs[i].n.id || rs[i].n.className));
		}
	}
	return out;
})()`

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// testMarginNotes measures the distance from marker to note on pages with
// many notes. On /points/21/ at 1280 px the median must be 100 px at most;
// no notes overlap anywhere.
func testMarginNotes(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1280)
	pages := []struct {
		path      string
		maxMedian float64
	}{
		{"points/21/", 100},
		{"points/26/", 100},
		{"timeline/", 100},
		{"sources/heflin-conversation/", 150},
		{"compare/", 150},
	}
	for _, pg := range pages {
		for _, w := range []int64{1024, 1280, 1440} {
			browsertest.SetWidth(t, ctx, w)
			browsertest.Navigate(t, ctx, s.url(pg.path))
			l := browsertest.Eval[noteLayout](t, ctx, noteLayoutJS)
			over := 0
			for _, d := range l.Distances {
				if d > 200 {
					over++
				}
			}
			m := median(l.Distances)
			t.Logf("/%s at %d px: %d margin notes, median %.0f px from marker, worst %s, %d over 200 px, %d overlaps",
				pg.path, w, l.Notes, m, l.Worst, over, len(l.Overlaps))
			if l.Notes == 0 {
				t.Errorf("/%s at %d px: no margin notes", pg.path, w)
			}
			if w == 1280 && m > pg.maxMedian {
				t.Errorf("/%s at %d px: median distance from marker to note %.0f px, want ≤ %.0f", pg.path, w, m, pg.maxMedian)
			}
			for _, o := range l.Overlaps {
				t.Errorf("/%s at %d px: notes overlap: %s", pg.path, w, o)
			}
		}
	}

	// Hover on a marker lights its note, and hover on a note its marker.
	browsertest.SetWidth(t, ctx, 1280)
	browsertest.Navigate(t, ctx, s.url("points/21/"))
	note := findNote(t, ctx)
	browsertest.Do(t, ctx, "focus a citation", chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).focus()`, note.RefID)))
	bg := browsertest.Eval[string](t, ctx, fmt.Sprintf(`getComputedStyle(document.getElementById(%q).closest(".cite").querySelector(".sidenote")).backgroundColor`, note.RefID))
	if bg == "rgba(0, 0, 0, 0)" || bg == "transparent" {
		t.Errorf("focus on citation %s does not light its side note (background %s)", note.RefID, bg)
	}
	// The preview card that focus opens leaves the side note it repeats in
	// view.
	browsertest.WaitFor(t, ctx, "the preview shows", `(() => { const p = document.getElementById("preview"); return !!p && !p.hidden; })()`)
	card := browsertest.ElementRect(t, ctx, `document.getElementById("preview")`)
	sn := browsertest.ElementRect(t, ctx, fmt.Sprintf(`document.getElementById(%q).closest(".cite").querySelector(".sidenote")`, note.RefID))
	if card.Left < sn.Right && sn.Left < card.Right && card.Top < sn.Bottom && sn.Top < card.Bottom {
		t.Errorf("1280 px: the preview of citation %s (x %.0f–%.0f, y %.0f–%.0f) covers its side note (x %.0f–%.0f, y %.0f–%.0f)",
			note.RefID, card.Left, card.Right, card.Top, card.Bottom, sn.Left, sn.Right, sn.Top, sn.Bottom)
	}
}

// testPrintDark prints (emulated) under a dark system scheme, with no
// theme chosen and with the dark theme chosen, and expects dark text on a
// white page.
func testPrintDark(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1280)
	type colours struct {
		HTML, Body, Text, Link, Accent, Num string
	}
	for _, p := range []string{"points/21/", "print/", "sources/heflin-conversation/"} {
		for _, theme := range []string{"", "dark"} {
			browsertest.EmulateMedia(t, ctx, "", "dark")
			browsertest.Navigate(t, ctx, s.url(p))
			if theme != "" {
				browsertest.Do(t, ctx, "set the theme", chromedp.Evaluate[chromedp.Void](
					fmt.Sprintf(`document.documentElement.setAttribute("data-theme", %q)`, theme)))
			}
			browsertest.EmulateMedia(t, ctx, "print", "dark")
			c := browsertest.Eval[colours](t, ctx, `(() => {
				const cs = e => e ? getComputedStyle(e) : null;
				const a = document.querySelector("main a");
				const k = document.querySelector(".kicker");
				return {HTML: cs(document.documentElement).backgroundColor, Body: cs(document.body).backgroundColor,
					Text: cs(document.querySelector("main p") || document.body).color,
					Link: a ? cs(a).color : "", Accent: k ? cs(k).color : ""};
			})()`)
			where := fmt.Sprintf("print /%s, system dark, theme %q", p, theme)
			for _, bg := range []string{c.HTML, c.Body} {
				if bg != "rgb(255, 255, 255)" && bg != "rgba(0, 0, 0, 0)" {
					t.Errorf("%s: background %s, want white", where, bg)
				}
			}
			for name, fg := range map[string]string{"text": c.Text, "link": c.Link, "accent": c.Accent} {
				if fg != "" && !darkColour(fg) {
					t.Errorf("%s: %s colour %s, want dark on paper", where, name, fg)
				}
			}
		}
	}
	browsertest.EmulateMedia(t, ctx, "", "")
}

// darkColour reports whether a CSS rgb() colour is dark enough to read on
// white paper (relative luminance at most 0.18, contrast about 4.5:1).
func darkColour(c string) bool {
	var r, g, b float64
	if _, err := fmt.Sscanf(c, "rgb(%f, %f, %f)", &r, &g, &b); err != nil {
		return false
	}
	lin := func(v float64) float64 {
		v /= 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r)+0.7152*lin(g)+0.0722*lin(b) <= 0.18
}

// testTouchPreview taps a citation on an emulated touch screen: the first
// tap shows its preview and stays on the page, the second follows it.
func testTouchPreview(t *testing.T, browser context.Context, s *servedSite) {
	ctx := browsertest.NewTab(t, browser, 1024)
	browsertest.EmulateTouch(t, ctx, true)
	browsertest.Navigate(t, ctx, s.url("points/26/"))
	note := findNote(t, ctx)
	here := browsertest.Eval[string](t, ctx, `location.href`)
	browsertest.Do(t, ctx, "scroll to the citation", chromedp.Evaluate[chromedp.Void](
		fmt.Sprintf(`document.getElementById(%q).scrollIntoView({block: "center"})`, note.RefID)))
	browsertest.Do(t, ctx, "tap the citation", chromedp.Tap(chromedp.ID(note.RefID)))
	browsertest.WaitFor(t, ctx, "the preview shows", `(() => { const p = document.getElementById("preview"); return !!p && !p.hidden; })()`)
	if got := browsertest.Eval[string](t, ctx, `location.href`); got != here {
		t.Fatalf("the first tap on citation %s opened %s; want the preview, on %s", note.RefID, got, here)
	}
	browsertest.Follow(t, ctx, "tap the citation again", chromedp.Tap(chromedp.ID(note.RefID)))
	if got := browsertest.Eval[string](t, ctx, `location.href`); got != note.Href {
		t.Errorf("the second tap on citation %s opened %s, want %s", note.RefID, got, note.Href)
	}
}

// testReturnFromSource follows a backlink from a source to a citation and
// expects the citing sentence in full view, below the top edge, and
// highlighted.
func testReturnFromSource(t *testing.T, browser context.Context, s *servedSite) {
	for _, w := range []int64{1280, 390} {
		ctx := browsertest.NewTab(t, browser, w)
		browsertest.Navigate(t, ctx, s.url("points/26/"))
		note := findNote(t, ctx)
		browsertest.Navigate(t, ctx, note.Href)
		browsertest.Navigate(t, ctx, s.url("points/26/#"+note.RefID))
		browsertest.WaitFor(t, ctx, "the citation is the target", fmt.Sprintf(`document.querySelector(":target")?.id === %q`, note.RefID))
		type view struct {
			Top, Bottom, Height float64
			Background          string
		}
		v := browsertest.Eval[view](t, ctx, fmt.Sprintf(`(() => {
			const a = document.getElementById(%q), p = a.closest("p, li, dd, blockquote");
			const r = document.createRange(); r.selectNodeContents(p);
			// The sentence: from the previous full stop before the marker.
			const rects = [...r.getClientRects()];
			const ar = (a.getClientRects().length ? a : document.querySelector('label[for="sn-' + a.textContent + '"]')).getBoundingClientRect();
			const line = rects.filter(x => x.bottom <= ar.bottom + 2 && x.top >= ar.top - 40);
			const top = Math.min(...line.map(x => x.top), ar.top);
			const hl = a.closest("p, li, dd, blockquote");
			return {Top: top, Bottom: ar.bottom, Height: innerHeight, Background: getComputedStyle(hl).backgroundColor};
		})()`, note.RefID))
		if v.Top < 0 || v.Bottom > v.Height {
			t.Errorf("%d px: back at citation %s, its line spans y %.0f–%.0f, not all within the viewport (0–%.0f)", w, note.RefID, v.Top, v.Bottom, v.Height)
		}
		if v.Top < 40 {
			t.Errorf("%d px: back at citation %s, its line starts at y %.0f, against the top edge", w, note.RefID, v.Top)
		}
		if v.Background == "rgba(0, 0, 0, 0)" || v.Background == "transparent" {
			t.Errorf("%d px: the target citation %s is not highlighted", w, note.RefID)
		}
	}
}

// testAxeWCAG22 runs axe-core with the WCAG 2.2 AA and best-practice tags
// on each kind of page, in both themes, at 390 and 1280 px.
func testAxeWCAG22(t *testing.T, browser context.Context, s *servedSite) {
	script, err := os.ReadFile(toolFile(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := browsertest.NewTab(t, browser, 1280)
	pages := []string{"", "points/21/", "compare/", "timeline/", "print/", "sources/", "sources/heflin-conversation/", s.seedPath(t)}
	total := 0
	for _, p := range pages {
		browsertest.SetWidth(t, ctx, 1280)
		browsertest.Navigate(t, ctx, s.url(p))
		browsertest.Do(t, ctx, "inject axe-core", chromedp.Evaluate[chromedp.Void](string(script)))
		for _, width := range []int64{390, 1280} {
			browsertest.SetWidth(t, ctx, width)
			for _, theme := range []string{"light", "dark"} {
				browsertest.Do(t, ctx, "set the theme", chromedp.Evaluate[chromedp.Void](
					fmt.Sprintf(`document.documentElement.setAttribute("data-theme", %q)`, theme)))
				res := browsertest.EvalAwait[axeResult](t, ctx, "axe.run on /"+p, `axe.run(document, {
					runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]},
					resultTypes: ["violations"]})`)
				for _, v := range res.Violations {
					total += len(v.Nodes)
					var targets []string
					for i, n := range v.Nodes {
						if i == 6 {
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
					t.Errorf("axe /%s %dpx %s: %s (%s, %d nodes): %s\n\ton %s%s", p, width, theme, v.ID, v.Impact, len(v.Nodes), v.Help,
						strings.Join(targets, ", "), detail)
				}
			}
		}
	}
	t.Logf("axe (WCAG 2.2 AA, best practice) on %d pages × 2 widths × 2 themes: %d failing nodes", len(pages), total)
}

// testReaderScreenshots takes screenshots of the pages this test is about,
// for people to look at: $DOSSIER_SCREENSHOTS, else the test's temporary
// folder.
func testReaderScreenshots(t *testing.T, browser context.Context, s *servedSite) {
	dir := browsertest.ScreenshotDir(t)
	ctx := browsertest.NewTab(t, browser, 1280)
	pages := []struct{ name, path string }{
		{"point-21", "points/21/"},
		{"compare", "compare/"},
		{"timeline", "timeline/"},
		{"sources", "sources/"},
		{"source-heflin", "sources/heflin-conversation/"},
		{"seed", s.seedPath(t)},
	}
	for _, w := range []int64{390, 1280} {
		browsertest.SetWidth(t, ctx, w)
		for _, pg := range pages {
			browsertest.Navigate(t, ctx, s.url(pg.path))
			shots := browsertest.FullPage(t, ctx, w)
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", pg.name, w)), shots[0], 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Print under a dark system scheme, the first screen of a point.
	browsertest.SetWidth(t, ctx, 800)
	browsertest.EmulateMedia(t, ctx, "print", "dark")
	browsertest.Navigate(t, ctx, s.url("points/21/"))
	png := browsertest.Run(t, ctx, "screenshot", chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, "point-21-print-dark.png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
}
