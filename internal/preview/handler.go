package preview

import (
	"bytes"
	_ "embed"
	"fmt"
	"html"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
)

// liveJS is the script every served page loads: it listens to the events,
// reloads the page and shows the problems over it.
//
//go:embed live.js
var liveJS []byte

// scriptPath is where the preview serves liveJS; output files under
// /_dossier/ are hidden by the preview's own.
const scriptPath = "/_dossier/live.js"

// types are the content types of the files a site is made of. They are
// fixed here, not read from the system's tables, which differ between
// machines (some Windows registries call .js text/plain).
var types = map[string]string{
	".html":  "text/html; charset=utf-8",
	".css":   "text/css; charset=utf-8",
	".js":    "text/javascript; charset=utf-8",
	".mjs":   "text/javascript; charset=utf-8",
	".json":  "application/json",
	".xml":   "application/xml; charset=utf-8",
	".txt":   "text/plain; charset=utf-8",
	".md":    "text/plain; charset=utf-8",
	".svg":   "image/svg+xml",
	".png":   "image/png",
	".jpg":   "image/jpeg",
	".jpeg":  "image/jpeg",
	".gif":   "image/gif",
	".webp":  "image/webp",
	".avif":  "image/avif",
	".ico":   "image/x-icon",
	".pdf":   "application/pdf",
	".woff":  "font/woff",
	".woff2": "font/woff2",
}

// contentType returns the content type of an output file by its name, or
// by its first bytes if the name does not tell.
func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

func serveScript(w http.ResponseWriter, r *http.Request) {
	write(w, http.StatusOK, "text/javascript; charset=utf-8", liveJS)
}

// serveStatus serves the state of the build as JSON, for tools and tests.
func (s *Server) serveStatus(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	st := struct {
		Build    string    `json:"build"`
		OK       bool      `json:"ok"`
		Problems []problem `json:"problems"`
	}{s.buildID(), s.problems == nil, s.problems}
	s.mu.Unlock()
	if st.Problems == nil {
		st.Problems = []problem{}
	}
	write(w, http.StatusOK, "application/json", append(mustJSON(st), '\n'))
}

// serveFile serves the output files of the last good build: see the
// package doc for the rules.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	upath := r.URL.Path // clean: see Handler
	s.mu.Lock()
	res, id, probs := s.res, s.buildID(), s.problems
	s.mu.Unlock()

	if res == nil {
		write(w, http.StatusServiceUnavailable, types[".html"], placeholder(probs, id))
		return
	}
	name := strings.TrimPrefix(upath, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok, err := res.File(name)
	if !ok && !strings.HasSuffix(upath, "/") {
		if _, ok, _ := res.File(name + "/index.html"); ok {
			redirect(w, r, upath+"/")
			return
		}
	}
	status := http.StatusOK
	page := name
	if !ok {
		status = http.StatusNotFound
		if data, ok, err = res.File("404.html"); !ok {
			write(w, status, "text/plain; charset=utf-8", []byte("404 page not found\n"))
			return
		}
		name = "404.html"
	}
	if err != nil {
		// A page that failed to render when it was first asked for: a
		// template that fails on this page's data.
		write(w, http.StatusInternalServerError, "text/plain; charset=utf-8", []byte(err.Error()+"\n"))
		return
	}
	typ := contentType(name, data)
	if strings.HasPrefix(typ, "text/html") {
		data = inject(data, page, id)
	}
	write(w, status, typ, data)
}

// cleanPath returns p without . and .. elements and double slashes,
// keeping a final slash.
func cleanPath(p string) string {
	c := path.Clean("/" + p)
	if strings.HasSuffix(p, "/") && c != "/" {
		c += "/"
	}
	return c
}

func redirect(w http.ResponseWriter, r *http.Request, to string) {
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}

func write(w http.ResponseWriter, status int, typ string, data []byte) {
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	w.Write(data) // a failed write is a browser that went away
}

// scriptTag returns the tag that loads the reload script into a page made
// from the output file page, served from build id.
func scriptTag(page, id string) string {
	return fmt.Sprintf(`<script src="%s" data-page="%s" data-build="%s" defer></script>`,
		scriptPath, html.EscapeString(page), html.EscapeString(id))
}

// inject returns an HTML page with the reload script before its last
// </body>, or at its end if it has none. The page itself is not changed.
func inject(page []byte, name, id string) []byte {
	tag := scriptTag(name, id)
	i := lastIndexFold(page, "</body")
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag)+1)
	out = append(out, page[:i]...)
	out = append(out, tag...)
	out = append(out, '\n')
	return append(out, page[i:]...)
}

// lastIndexFold is bytes.LastIndex for an ASCII needle, ignoring case.
func lastIndexFold(s []byte, needle string) int {
	n := []byte(needle)
	for i := len(s) - len(n); i >= 0; i-- {
		if bytes.EqualFold(s[i:i+len(n)], n) {
			return i
		}
	}
	return -1
}

// placeholder is the page served for every path while no build has worked
// yet. It lists the problems for browsers without JavaScript; the script
// shows them in the overlay and reloads the page once the site builds.
func placeholder(probs []problem, id string) []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The site does not build · dossier serve</title>
</head>
<body style="font: 16px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem">
<main>
`)
	if probs == nil {
		b.WriteString("<h1>Building the site…</h1>\n<p>This page reloads when the site is built.</p>\n")
	} else {
		b.WriteString("<h1>The site does not build</h1>\n<p>Fix these problems and this page reloads by itself.</p>\n<pre style=\"white-space: pre-wrap\">")
		for _, p := range probs {
			b.WriteString(html.EscapeString(p.Text))
			b.WriteString("\n")
		}
		b.WriteString("</pre>\n")
	}
	b.WriteString("</main>\n")
	b.WriteString(scriptTag("", id))
	b.WriteString("\n</body>\n</html>\n")
	return []byte(b.String())
}
