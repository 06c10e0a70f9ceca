package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/capture"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/sitefs"
)

// CaptureDir holds the pages dossier add fetched, byte for byte, beside
// the seeds made of them; the build never reads it.
const CaptureDir = "captures"

const addUsage = `add [-src DIR] [-id ID] [-timeout D] URL
       dossier add [-src DIR] [-id ID] [-timeout D] -url URL FILE

Captures a web article as a source with text: fetches URL (or reads FILE,
a page saved from a browser, with -url the address it was saved from),
extracts the article's text and metadata, and writes seeds/ID.txt (one
paragraph a line), captures/ID.html (the page as received) and
content/sources/ID.md. Never overwrites a file.`

// sourceIDRE is what a source id may look like (as content requires).
var sourceIDRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

func add(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("add", addUsage, stdout, stderr)
	var srcDir string
	srcFlag(fs.FlagSet, &srcDir)
	src := &srcDir
	id := fs.String("id", "", "the source's `ID` (default: made from the title)")
	pageURL := fs.String("url", "", "with FILE: the `URL` the page was saved from")
	timeout := fs.Duration("timeout", capture.DefaultTimeout, "wait at most `D` for the page (a duration: 30s, 2m)")
	rest, code := parseAll(fs, args)
	if code >= 0 {
		return code
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "dossier add: want one URL or FILE")
		fs.Usage()
		return 2
	}
	if err := checkSrc(*src); err != nil {
		fmt.Fprintf(stderr, "dossier add: %v\n", err)
		return 2
	}
	if _, err := os.Stat(filepath.Join(*src, site.ConfigFile)); err != nil {
		fmt.Fprintf(stderr, "dossier add: %s is not a site folder: it has no %s (use -src, or dossier init)\n", *src, site.ConfigFile)
		return 2
	}
	if *id != "" && !sourceIDRE.MatchString(*id) {
		fmt.Fprintf(stderr, "dossier add: -id %q must be lower-case letters, digits, '.', '_' and '-'\n", *id)
		return 2
	}

	arg := rest[0]
	var raw []byte
	var contentType, from string
	if isURL(arg) {
		if *pageURL != "" {
			fmt.Fprintln(stderr, "dossier add: -url is for a saved FILE; give either a URL or a FILE with -url")
			return 2
		}
		c := capture.Client{Timeout: *timeout}
		r, err := c.Fetch(ctx, arg)
		if err != nil {
			fmt.Fprintf(stderr, "dossier add: %v\n", err)
			return 1
		}
		raw, contentType, from = r.Body, r.ContentType, r.FinalURL
		fmt.Fprintf(stdout, "fetched %s (%d, %s, %d bytes)\n", arg, r.Status, orNone(r.ContentType), len(raw))
		for _, rd := range r.Redirects {
			kind := "temporary"
			if rd.Permanent() {
				kind = "permanent"
			}
			fmt.Fprintf(stdout, "  redirected %s → %s (%d, %s)\n", rd.From, rd.To, rd.Status, kind)
		}
	} else {
		if strings.Contains(arg, "://") {
			_, err := capture.CheckURL(arg)
			fmt.Fprintf(stderr, "dossier add: %v\n", err)
			return 2
		}
		if *pageURL == "" {
			fmt.Fprintf(stderr, "dossier add: %s is a file: give the address it was saved from with -url URL\n", arg)
			return 2
		}
		if _, err := capture.CheckURL(*pageURL); err != nil {
			fmt.Fprintf(stderr, "dossier add: -url %v\n", err)
			return 2
		}
		b, err := os.ReadFile(arg)
		if err != nil {
			fmt.Fprintf(stderr, "dossier add: %v\n", err)
			return 1
		}
		if err := capture.CheckHTML(sniffHTML(arg, b)); err != nil {
			fmt.Fprintf(stderr, "dossier add: %s %v\n", arg, err)
			return 1
		}
		raw, from = b, *pageURL
		fmt.Fprintf(stdout, "read %s (%d bytes), saved from %s\n", arg, len(raw), *pageURL)
	}

	base, _ := url.Parse(from)
	a, err := capture.Extract(raw, contentType, base)
	if err != nil {
		fmt.Fprintf(stderr, "dossier add: %v\n", err)
		return 1
	}
	body := 0
	for _, p := range a.Paras {
		if !p.Heading && !p.Byline {
			body++
		}
	}
	if body == 0 {
		fmt.Fprintf(stderr, "dossier add: found no article text in %s (is it the article's own page, not an index or a log-in wall? save the page from a browser and use FILE -url URL)\n", arg)
		return 1
	}

	if *id == "" {
		*id = capture.Slug(a.Meta.Title)
		if *id == "" {
			fmt.Fprintln(stderr, "dossier add: the title makes no id; name the source with -id ID")
			return 2
		}
	}
	seedRel := site.SeedDir + "/" + *id + ".txt"
	rawRel := CaptureDir + "/" + *id + ".html"
	srcRel := "content/sources/" + *id + ".md"
	for _, rel := range []string{srcRel, seedRel, rawRel} {
		if _, err := os.Lstat(filepath.Join(*src, filepath.FromSlash(rel))); !errors.Is(err, os.ErrNotExist) {
			fmt.Fprintf(stderr, "dossier add: %s exists; nothing written (choose another name with -id)\n", rel)
			return 1
		}
	}

	printMeta(stdout, a, from)
	fmt.Fprintf(stdout, "the text, %s (%s):\n", plural(len(a.Paras), "paragraph", "paragraphs"), a.Charset)
	for i, p := range a.Paras {
		fmt.Fprintf(stdout, "  ¶%-3d %-8s %s\n", i+1, p.Role(), clip(p.Text, 90))
	}

	srcBytes := a.Source(capture.SourceOptions{
		URL: from, Seed: *id + ".txt", Captured: time.Now().UTC().Format("2006-01-02"), Raw: rawRel,
	})
	// Write the seed and the page first: a source without its seed would
	// break the build. If a later write fails, the files this run made are
	// removed again.
	var made []string
	for _, f := range []struct {
		rel  string
		data []byte
	}{{seedRel, a.Seed()}, {rawRel, raw}, {srcRel, srcBytes}} {
		if code := create(*src, f.rel, f.data, stdout, stderr, "add"); code != 0 {
			for _, rel := range made {
				if err := os.Remove(filepath.Join(*src, filepath.FromSlash(rel))); err != nil {
					fmt.Fprintf(stderr, "dossier add: %v\n", err)
				}
			}
			return code
		}
		made = append(made, f.rel)
	}
	fmt.Fprintf(stdout, "cite it as [@%s] or quote it as [@%s, \"exact words\"]\n", *id, *id)
	sameAddress(ctx, *src, *id, []string{arg, from, a.Meta.Canonical}, stdout)
	return 0
}

// sameAddress tells of sources that already name one of the addresses:
// an external source cited under its own id is the usual case, and its
// citations can keep that id if it takes the new text.
func sameAddress(ctx context.Context, src, id string, addrs []string, stdout io.Writer) {
	addrs = slices.DeleteFunc(addrs, func(a string) bool { return a == "" })
	// The note is a courtesy: the capture is done, and a site that does
	// not load is the build's to report.
	fsys, err := sitefs.Open(src)
	if err != nil {
		return
	}
	cs, _, err := content.Load(ctx, fsys, content.Options{Drafts: true})
	if err != nil {
		return
	}
	for _, s := range cs.Sources {
		if s.ID == id || (!slices.Contains(addrs, s.URL) && !slices.Contains(addrs, s.CopyURL)) {
			continue
		}
		if s.External() {
			fmt.Fprintf(stdout, "note: %s is an external source with this address; to give it this text and keep its citations,\n"+
				"  add seed = %s and captured = %s to it, and delete content/sources/%s.md\n",
				s.File, capture.Quote(id+".txt"), time.Now().UTC().Format("2006-01-02"), id)
		} else {
			fmt.Fprintf(stdout, "note: %s has this address too\n", s.File)
		}
	}
}

// printMeta prints the metadata found, where each field came from, and
// what is missing.
func printMeta(w io.Writer, a *capture.Article, from string) {
	m := a.Meta
	u, uFrom := m.Canonical, m.From["canonical"]
	if u == "" {
		u, uFrom = from, "the address captured"
	}
	rows := []struct{ key, val, from string }{
		{"title", m.Title, m.From["title"]},
		{"outlet", m.Site, m.From["site"]},
		{"authors", strings.Join(m.Authors, ", "), m.From["authors"]},
		{"date", m.Date, m.From["date"]},
		{"url", u, uFrom},
	}
	var missing []string
	for _, r := range rows {
		if r.val == "" {
			missing = append(missing, r.key)
			continue
		}
		fmt.Fprintf(w, "  %-8s %s  (%s)\n", r.key, r.val, r.from)
	}
	if len(missing) > 0 {
		fmt.Fprintf(w, "not found on the page: %s (add them to the source file by hand)\n", strings.Join(missing, ", "))
	}
}

// isURL reports whether arg names a web address rather than a file.
func isURL(arg string) bool {
	l := strings.ToLower(arg)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// sniffHTML returns the media type of a saved file: "" (unknown, taken
// for HTML) unless its name or first bytes say it is a PDF.
func sniffHTML(name string, b []byte) string {
	if strings.EqualFold(filepath.Ext(name), ".pdf") || strings.HasPrefix(string(b[:min(len(b), 5)]), "%PDF-") {
		return "application/pdf"
	}
	return ""
}

func orNone(s string) string {
	if s == "" {
		return "no content type"
	}
	return s
}
