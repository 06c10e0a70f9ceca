package site_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/dossier-dev/dossier/internal/browsertest"
	"github.com/dossier-dev/dossier/internal/site"
)

// TestBrowserSplitNav checks, in headless Chromium and without
// JavaScript, the contents list of a point page in a dossier of more than
// 100 points (issue 10): it lists the run of ten that holds the point,
// marks the point, and names the other runs of its page of the index as
// links that open the index at that run. It runs only with
// DOSSIER_BROWSER=1.
func TestBrowserSplitNav(t *testing.T) {
	browsertest.Require(t)
	t.Parallel()
	browser := browsertest.Start(t)
	h := &siteHandler{prefix: basePath}
	srv := httptest.NewUnstartedServer(h)
	base := "http://" + srv.Listener.Addr().String() + basePath
	res, err := site.Build(context.Background(), generatedFS(t, 360), site.Options{BaseURL: base})
	if err != nil {
		srv.Close()
		t.Fatalf("Build(360 generated points): %v", err)
	}
	h.files = res.Files
	srv.Start()
	t.Cleanup(srv.Close)

	ctx := browsertest.NewTab(t, browser, 1440)
	browsertest.Call(t, ctx, "turn JavaScript off", emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
	browsertest.Navigate(t, ctx, base+"points/150/")
	type navLink struct {
		Text, Href, Current string
		Run, Point, Visible bool
	}
	links := browsertest.Eval[[]navLink](t, ctx, `[...document.querySelectorAll(".points-nav details a")].map(a => ({
		Text: a.textContent.replace(/\s+/g, " ").trim(), Href: a.getAttribute("href"), Current: a.getAttribute("aria-current") || "",
		Run: !!a.closest(".points-nav-range"), Point: !!a.querySelector(".num"), Visible: a.getBoundingClientRect().height > 0}))`)
	var points, runs []navLink
	for _, l := range links {
		if !l.Visible {
			t.Errorf("contents list link %q is not shown", l.Text)
		}
		switch {
		case l.Run:
			runs = append(runs, l)
		case l.Point:
			points = append(points, l)
		}
	}
	if len(points) != 10 || points[0].Href != basePath+"points/141/" || points[9].Href != basePath+"points/150/" {
		t.Errorf("points/150/ lists the points %+v, want 141 to 150", points)
	}
	if len(points) == 10 && points[9].Current != "page" {
		t.Errorf("points/150/ does not mark itself in its contents list: %+v", points[9])
	}
	if len(runs) != 9 || runs[0].Text != "101–110" || runs[8].Text != "191–200" {
		t.Fatalf("points/150/ names the runs %+v, want the 9 runs 101–110 … 191–200 but its own", runs)
	}
	browsertest.Follow(t, ctx, "open the run 111–120", chromedp.Click(chromedp.CSS(fmt.Sprintf(`.points-nav a[href=%q]`, runs[1].Href))))
	if got, want := browsertest.Eval[string](t, ctx, `location.pathname + location.hash`), basePath+"points/page/2/#points-111"; got != want {
		t.Errorf("the run 111–120 opened %s, want %s", got, want)
	}
	if top := browsertest.Eval[float64](t, ctx, `document.getElementById("points-111").getBoundingClientRect().top`); top < -1 || top > 200 {
		t.Errorf("the index opens with the run 111–120 at %.0f px from the top, not in view", top)
	}
}
