// Package preview is the live preview of a site, dossier serve: it builds the
// site with site.Builder, serves it from memory, watches the site folder,
// rebuilds when a file changes, and reloads the pages open in a browser. It
// sits beside the pipeline, not in it: it calls the same build as dossier
// build and changes nothing in the files the build makes. The reload script
// is added to HTML responses as they are served, so it never reaches the
// output of dossier build.
//
// # Watching
//
// The preview watches site.toml and every folder under content/, seeds/ and
// themes/, including folders made after it started. Changes are collected
// until no file has changed for debounce (10 ms), but for no longer than
// maxDelay (400 ms), and then the site is rebuilt once, with the changed
// site-relative paths as the hint to Builder.Build. Hidden files and
// folders (.#x, .x.swp), backups (x~, x.bak), editors' temporary files
// (x.swp, x.tmp, vim's 4913) and attribute-only changes are ignored. A
// build that fails because a file vanished while it was read, as happens
// mid-save, is retried before it is reported.
//
// # Serving
//
// The site is built with the base URL http://ADDR/, so every link stays on
// the preview. A path is served as the output file of the same name, and a
// path ending in / as its index.html; /points/26 redirects to /points/26/
// when that is a page. Any other path gets 404.html with status 404. Every
// response has Cache-Control: no-store.
//
// Every HTML response gets, before </body>,
//
//	<script src="/_dossier/live.js" data-page="points/26/index.html" data-build="ID" defer></script>
//
// where data-page is the output file served and data-build names the build
// it came from. The preview's own paths are:
//
//	/_dossier/live.js   the reload and overlay script
//	/_dossier/events    server-sent events, see below
//	/_dossier/status    {"build": ID, "ok": bool, "problems": [...]}
//
// # Events
//
// The script listens to /_dossier/events?page=P&build=ID. The stream sends a
// comment every 15 s to keep the connection open, and ends when the preview
// stops. Its events are:
//
//	reload   data: ["points/26/index.html", ...], the output files that changed or went
//	         away; the page reloads
//	error    data: [{"file", "line", "col", "severity", "message", "hint", "pos",
//	         "text", "source", "caret"}, ...], every diagnostic of the failed
//	         build; the page shows them over itself
//	ok       data: the build ID; the build works again, the page hides the problems
//
// The reload rule: a page gets reload when its own output file changed or
// was removed, or when a file a page may embed changed (anything but .html,
// .xml, .txt and .json: stylesheets, scripts, fonts, images). A page not
// built from the site (the page shown when no build has worked yet) gets
// every reload. The first event of a stream tells the page where it stands:
// reload if its build is older than its file (or from an earlier run of
// the preview), else error while the site is broken, else ok. So a page
// opened while the site is broken shows the problems at once, and a page
// that was hidden, and let go of its stream, catches up when it is shown.
//
// # Problems
//
// When a rebuild fails, the preview goes on serving the last site that
// built, prints the diagnostics to Stderr, and sends error to every page.
// The overlay lists every diagnostic as path:line:col, message and hint,
// with the line of the file and a caret under the column. It is an
// alertdialog in a shadow root, styled by itself, closed by Escape or its
// button. If the first build fails, every path shows a small page that
// lists the problems (status 503), with the overlay over it.
package preview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/sitefs"
)

// Options configures a Server.
type Options struct {
	// Src is the site folder, the one that holds site.toml.
	Src string
	// Addr is the host:port to listen on; empty means localhost:1313. The
	// site's base URL becomes http://Addr/.
	Addr string
	// Drafts publishes content marked draft, as build -drafts does: a
	// placeholder left in a draft is an error. Without it, drafts are
	// shown, marked as drafts, and their placeholders are warnings.
	Drafts bool
	// Open opens the site in the default browser once the server listens.
	Open bool
	// Stdout gets one line per build, Stderr the diagnostics; nil discards.
	Stdout, Stderr io.Writer
}

// DefaultAddr is the address a Server listens on when Options.Addr is
// empty.
const DefaultAddr = "localhost:1313"

// Server is a live preview of one site. Make it with New, then either call
// Serve, or call Start and serve Handler yourself.
type Server struct {
	opts     Options
	root     string        // the site folder, absolute
	instance string        // tells this run's builds from an earlier run's
	quit     chan struct{} // closed when the ctx of Start is done: event streams end
	watched  chan struct{} // closed when the watcher has stopped

	outMu sync.Mutex // serialises writes to Stdout and Stderr

	// Used only by Start, then by the watcher, one after the other.
	builder  *site.Builder
	warnings string // the warnings printed last

	mu        sync.Mutex
	base      string // the base URL, http://ADDR/
	started   bool
	res       *site.Result   // the last good build; its files are made when served
	gen       int            // how many builds have worked
	changedAt map[string]int // output path → the gen it last changed or went away in
	embedAt   int            // the last gen in which a file pages embed changed
	problems  []problem      // the diagnostics of the failed build; nil when it worked
	clients   map[*client]bool
}

// New returns a Server for the site in opts.Src. It checks the options;
// nothing is read or built until Start or Serve.
func New(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = DefaultAddr
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	base, err := baseURL(opts.Addr)
	if err != nil {
		return nil, err
	}
	root, err := filepath.Abs(opts.Src)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", opts.Src)
	}
	return &Server{
		opts:      opts,
		root:      root,
		instance:  strconv.FormatInt(time.Now().UnixNano(), 36),
		quit:      make(chan struct{}),
		watched:   make(chan struct{}),
		base:      base,
		changedAt: map[string]int{},
		clients:   map[*client]bool{},
	}, nil
}

// baseURL returns the site's base URL for a listen address. A host that
// means every interface is written as localhost, which a browser can open.
func baseURL(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return "", fmt.Errorf("address %s: bad port %q", addr, port)
	}
	if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + "/", nil
}

// URL returns the address the site is served at, http://ADDR/.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.base
}

// Start builds the site once and starts watching its folder, rebuilding on
// every change until ctx is done. A site with problems is not an error: the
// problems are shown in the page. Start returns an error only if the folder
// cannot be watched or ctx is done. It may be called once.
func (s *Server) Start(ctx context.Context) error {
	s.mu.Lock()
	if s.started {
		s.mu.Unlock()
		return errors.New("preview already started")
	}
	s.started = true
	base := s.base
	s.mu.Unlock()
	// Event streams end when ctx is done, so that a server can shut down.
	context.AfterFunc(ctx, func() { close(s.quit) })

	fsys, err := sitefs.Open(s.root)
	if err != nil {
		return err
	}
	s.builder = site.NewBuilder(fsys, site.Options{BaseURL: base, Drafts: s.opts.Drafts, ShowDrafts: true})
	w, err := s.newWatcher()
	if err != nil {
		return err
	}
	// The watches are in place before the first build, so that no change
	// made while it runs is missed.
	s.rebuild(ctx, nil, true)
	if err := ctx.Err(); err != nil {
		return errors.Join(err, w.Close())
	}
	go func() {
		defer close(s.watched)
		s.watch(ctx, w)
	}()
	return nil
}

// Handler returns the handler that serves the site, the reload script and
// the events. It serves a placeholder page until Start has built the site.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /_dossier/live.js", serveScript)
	mux.HandleFunc("GET /_dossier/events", s.serveEvents)
	mux.HandleFunc("GET /_dossier/status", s.serveStatus)
	mux.HandleFunc("GET /", s.serveFile)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// ServeMux would clean the path too, with a redirect that may be
		// cached.
		if clean := cleanPath(r.URL.Path); clean != r.URL.Path {
			redirect(w, r, clean)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// Serve listens on Options.Addr, builds the site, and serves it until ctx
// is done; then it ends the event streams, shuts the server down and
// returns nil. It returns an error if it cannot listen or watch, or if the
// server fails.
func (s *Server) Serve(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", s.opts.Addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	// With port 0 the port is known only now; the base URL needs it.
	if _, port, _ := net.SplitHostPort(s.opts.Addr); port == "0" {
		base, err := baseURL(ln.Addr().String())
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.base = base
		s.mu.Unlock()
	}
	if err := s.Start(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped during the first build
		}
		return err
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	s.printf("serving %s (press Ctrl+C to stop)\n", s.URL())
	if s.opts.Open {
		if err := openBrowser(s.URL()); err != nil {
			s.errorf("dossier serve: cannot open a browser: %v\n", err)
		}
	}
	select {
	case err = <-errc:
	case <-ctx.Done():
		err = nil
	}
	// Cancelling ends the event streams (see Start), so that Shutdown need
	// not wait for them, and stops the watcher.
	cancel()
	sctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
	defer stop()
	if serr := srv.Shutdown(sctx); err == nil {
		err = serr
	}
	<-s.watched
	return err
}

// printf writes to Stdout.
func (s *Server) printf(format string, args ...any) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	fmt.Fprintf(s.opts.Stdout, format, args...)
}

// errorf writes to Stderr.
func (s *Server) errorf(format string, args ...any) {
	s.outMu.Lock()
	defer s.outMu.Unlock()
	fmt.Fprintf(s.opts.Stderr, format, args...)
}
