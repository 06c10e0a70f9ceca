package preview

import (
	"slices"
	"testing"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/site"
)

// received drains what a client was sent: the names of the events.
func received(c *client) []string {
	var names []string
	for {
		select {
		case ev := <-c.ch:
			names = append(names, ev.name)
		default:
			return names
		}
	}
}

// TestReloadRule checks which pages a build reloads: those whose file
// changed or went away, every page when a file pages embed changed, and
// always the page not built from the site.
func TestReloadRule(t *testing.T) {
	t.Parallel()
	s, err := New(Options{Src: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	pages := []string{"points/1/index.html", "points/2/index.html", ""}
	clients := map[string]*client{}
	for _, p := range pages {
		clients[p] = &client{page: p, ch: make(chan event, 16), gone: make(chan struct{})}
		s.clients[clients[p]] = true
	}
	tests := []struct {
		name             string
		changed, removed []string
		fail             bool
		want             map[string][]string // page → events
	}{
		{"first build", []string{"index.html", "points/1/index.html", "points/2/index.html", "style.1.css"}, nil, false,
			map[string][]string{"points/1/index.html": {"reload"}, "points/2/index.html": {"reload"}, "": {"reload"}}},
		{"one page", []string{"points/1/index.html"}, nil, false,
			map[string][]string{"points/1/index.html": {"reload"}, "": {"reload"}}},
		{"a page removed", nil, []string{"points/2/index.html"}, false,
			map[string][]string{"points/2/index.html": {"reload"}, "": {"reload"}}},
		{"the sitemap", []string{"sitemap.xml", "search-index.1.json"}, nil, false,
			map[string][]string{"": {"reload"}}},
		{"the stylesheet", []string{"style.2.css"}, []string{"style.1.css"}, false,
			map[string][]string{"points/1/index.html": {"reload"}, "points/2/index.html": {"reload"}, "": {"reload"}}},
		{"an image", []string{"img/map.png"}, nil, false,
			map[string][]string{"points/1/index.html": {"reload"}, "points/2/index.html": {"reload"}, "": {"reload"}}},
		{"nothing", nil, nil, false, map[string][]string{}},
		{"a failed build", nil, nil, true,
			map[string][]string{"points/1/index.html": {"error"}, "points/2/index.html": {"error"}, "": {"error"}}},
		{"fixed, one page changed", []string{"points/1/index.html"}, nil, false,
			map[string][]string{"points/1/index.html": {"reload", "ok"}, "points/2/index.html": {"ok"}, "": {"reload", "ok"}}},
	}
	for _, tt := range tests {
		if tt.fail {
			s.fail(diag.List{diag.Errorf(diag.Position{File: "content/points/01.md", Line: 1}, "bad")}, "rebuilt", 0)
		} else {
			s.succeed(&site.Result{Changed: tt.changed, Removed: tt.removed}, "rebuilt", 0)
		}
		for _, p := range pages {
			if got := received(clients[p]); !slices.Equal(got, tt.want[p]) {
				t.Errorf("%s: page %q was sent %q, want %q", tt.name, p, got, tt.want[p])
			}
		}
	}
}

// TestStale checks which pages are told to reload as they connect.
func TestStale(t *testing.T) {
	t.Parallel()
	s, err := New(Options{Src: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s.succeed(&site.Result{Changed: []string{"a/index.html", "b/index.html", "style.1.css"}}, "built", 0) // build 1
	s.succeed(&site.Result{Changed: []string{"a/index.html"}}, "rebuilt", 0)                              // build 2
	id := func(gen string) string { return s.instance + "." + gen }
	tests := []struct {
		page, id string
		want     bool
	}{
		{"a/index.html", id("1"), true},
		{"a/index.html", id("2"), false},
		{"b/index.html", id("1"), false},
		{"b/index.html", id("0"), true},
		{"", id("0"), true},
		{"", id("2"), false},
		{"b/index.html", "other.1", true},
		{"b/index.html", "garbage", true},
		{"b/index.html", "", false},
	}
	for _, tt := range tests {
		if got := s.stale(tt.page, tt.id); got != tt.want {
			t.Errorf("stale(%q, %q) = %v, want %v", tt.page, tt.id, got, tt.want)
		}
	}
	s.succeed(&site.Result{Changed: []string{"style.2.css"}}, "rebuilt", 0) // build 3
	if !s.stale("b/index.html", id("2")) {
		t.Errorf("stale(b/index.html, build 2) = false after the stylesheet changed, want true")
	}
}
