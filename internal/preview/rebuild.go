package preview

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/site"
)

// rebuild builds the site and publishes the result: on success the new
// files, and reload to the pages they affect; on failure the problems, to
// every page. changed is the hint for Builder.Build. If the build could not
// run (a file vanished while it was read, as it does in the middle of an
// editor's save) and final is false, rebuild publishes nothing and returns
// false, so that the caller tries again shortly.
func (s *Server) rebuild(ctx context.Context, changed []string, final bool) bool {
	start := time.Now()
	res, err := s.builder.Build(ctx, changed, s.openPages()...)
	took := time.Since(start)
	if ctx.Err() != nil {
		return true
	}
	s.mu.Lock()
	verb := "rebuilt"
	if s.gen == 0 && s.problems == nil {
		verb = "built"
	}
	s.mu.Unlock()
	if err != nil {
		var dl diag.List
		if !errors.As(err, &dl) {
			if !final {
				return false
			}
			s.errorf("dossier serve: %v\n", err)
			dl = diag.List{{Msg: err.Error()}}
		} else {
			s.writeDiags(dl)
		}
		s.fail(dl, verb, took)
		return true
	}
	s.succeed(res, verb, took)
	return true
}

// fail publishes the problems of a failed build.
func (s *Server) fail(dl diag.List, verb string, took time.Duration) {
	probs := problems(s.root, dl)
	data := mustJSON(probs)
	s.mu.Lock()
	s.problems = probs
	for c := range s.clients {
		s.send(c, event{name: "error", data: data})
	}
	good := s.gen > 0
	s.mu.Unlock()
	msg := plural(dl.Errors(), "problem", "problems")
	if good {
		msg += "; serving the last good build"
	}
	s.printf("%s in %s: %s\n", verb, round(took), msg)
}

// succeed publishes the files of a build that worked.
func (s *Server) succeed(res *site.Result, verb string, took time.Duration) {
	paths := slices.Concat(res.Changed, res.Unseen, res.Removed)
	slices.Sort(paths)
	embeds := slices.ContainsFunc(paths, embedded)
	data := mustJSON(paths)

	s.mu.Lock()
	fixed := s.problems != nil
	s.gen++
	s.res = res
	s.problems = nil
	for _, p := range paths {
		s.changedAt[p] = s.gen
	}
	if embeds {
		s.embedAt = s.gen
	}
	if len(paths) > 0 {
		for c := range s.clients {
			if c.page == "" || embeds || s.changedAt[c.page] == s.gen {
				s.send(c, event{name: "reload", data: data})
			}
		}
	}
	if fixed {
		id := mustJSON(s.buildID())
		for c := range s.clients {
			s.send(c, event{name: "ok", data: id})
		}
	}
	s.mu.Unlock()

	if w := res.Warnings.Error(); w != s.warnings {
		s.warnings = w
		s.writeDiags(res.Warnings)
	}
	var msg string
	if verb == "built" {
		msg = plural(res.Stats.Pages, "page", "pages")
	} else {
		pages := 0
		for _, p := range res.Changed {
			if strings.HasSuffix(p, ".html") {
				pages++
			}
		}
		msg = plural(pages, "page", "pages") + " changed"
		if n := len(res.Changed) - pages; n > 0 {
			msg += ", " + plural(n, "other file", "other files")
		}
		if n := len(res.Removed); n > 0 {
			msg += ", " + strconv.Itoa(n) + " removed"
		}
	}
	if fixed {
		msg += "; problems fixed"
	}
	s.printf("%s in %s: %s\n", verb, round(took), msg)
}

// writeDiags writes diagnostics to Stderr in the text form.
func (s *Server) writeDiags(dl diag.List) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	dl.ErrorsFirst().Write(s.opts.Stderr, diag.FormatText) // if Stderr fails, there is nowhere left to say so
}

// mustJSON encodes v, which holds only strings, numbers, slices and
// structs of them, so that encoding cannot fail.
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// embedded reports whether an output file is one that pages may embed, so
// that a change to it reloads every page: anything but pages, and the
// sitemap, robots.txt and data files no page loads as it opens.
func embedded(p string) bool {
	switch path.Ext(p) {
	case ".css", ".js", ".mjs", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".woff", ".woff2", ".ttf", ".otf":
		return true
	}
	return false
}

// openPages returns the output paths of the pages open in browsers, for the
// builder to make at once.
func (s *Server) openPages() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var pages []string
	for c := range s.clients {
		if c.page != "" && !slices.Contains(pages, c.page) {
			pages = append(pages, c.page)
		}
	}
	slices.Sort(pages)
	return pages
}

// buildID names the current build: the run of the preview and how many
// builds have worked in it. The caller holds s.mu.
func (s *Server) buildID() string {
	return s.instance + "." + strconv.Itoa(s.gen)
}

// stale reports whether a page served from build id is out of date: its
// file or a file it may embed changed since, or it comes from another run
// of the preview. An empty id is never stale. The caller holds s.mu.
func (s *Server) stale(page, id string) bool {
	if id == "" {
		return false
	}
	inst, g, ok := strings.Cut(id, ".")
	n, err := strconv.Atoi(g)
	if !ok || err != nil || inst != s.instance {
		return true
	}
	if page == "" {
		return s.gen > n
	}
	return s.changedAt[page] > n || s.embedAt > n
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// round rounds a build time for printing: 23ms, 1.24s.
func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond)
	case d >= 10*time.Millisecond:
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}
