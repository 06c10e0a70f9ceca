package site_test

import (
	"context"
	"mime"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/browsertest"
	"github.com/dossier-dev/dossier/internal/site"
)

// basePath is the subpath the site is served under, so that every browser
// test also checks that links work below a subpath.
const basePath = "/repo/"

// toolFile returns the path of a file that npm installs into .ci/node_modules,
// failing the test if it is missing.
func toolFile(t *testing.T, rel string) string {
	t.Helper()
	return browsertest.ToolFile(t, repoRoot, rel)
}

// siteHandler serves a built site from memory the way a static host does:
// /repo/x/ is x/index.html, and anything else not found is 404.html with
// status 404.
type siteHandler struct {
	prefix string
	files  map[string][]byte
}

func (h *siteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if rel, ok := strings.CutPrefix(r.URL.Path, h.prefix); ok {
		if rel == "" || strings.HasSuffix(rel, "/") {
			rel += "index.html"
		}
		if b, ok := h.files[rel]; ok {
			h.write(w, r, rel, http.StatusOK, b)
			return
		}
	}
	h.write(w, r, "404.html", http.StatusNotFound, h.files["404.html"])
}

func (h *siteHandler) write(w http.ResponseWriter, r *http.Request, name string, status int, b []byte) {
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(b) // a failed write is the browser's to report
	}
}

// servedSite is the repository's dossier, built for and served by a local
// server under basePath.
type servedSite struct {
	res  *site.Result
	base string // http://127.0.0.1:PORT/repo/
}

// url returns the address of the site path p ("points/26/").
func (s *servedSite) url(p string) string { return s.base + p }

// href returns the site path p as the theme writes it in href attributes:
// from the server's root ("/repo/points/26/").
func (s *servedSite) href(p string) string { return basePath + p }

// pagePaths lists the site path of every HTML page but 404.html, sorted.
func (s *servedSite) pagePaths() []string {
	var out []string
	for _, name := range sortedNames(s.res.Files) {
		switch {
		case name == "404.html" || !strings.HasSuffix(name, ".html"):
		case name == "index.html":
			out = append(out, "")
		case strings.HasSuffix(name, "/index.html"):
			out = append(out, strings.TrimSuffix(name, "index.html"))
		default:
			out = append(out, name)
		}
	}
	return out
}

// serveSite builds the repository's dossier for a local server's address,
// then starts the server. The listener comes first, since the build needs
// its port.
func serveSite(t *testing.T) *servedSite {
	t.Helper()
	h := &siteHandler{prefix: basePath}
	srv := httptest.NewUnstartedServer(h)
	base := "http://" + srv.Listener.Addr().String() + basePath
	res, err := site.Build(context.Background(), repoFS(), site.Options{BaseURL: base})
	if err != nil {
		srv.Close()
		t.Fatalf("Build(base %s): %v", base, err)
	}
	h.files = res.Files
	srv.Start()
	t.Cleanup(srv.Close)
	return &servedSite{res: res, base: base}
}
