// Package webcheck is dossier check -links: the one check that goes on the
// network, and only when asked. It takes a resolved site (an xref.Model)
// and checks
//
//   - every external address it holds: the url, copy_url and archive_url
//     of each source, the url of each version in site.toml, and every
//     http or https link of its Markdown. Each
//     address is requested once (HEAD, then GET if the server refuses
//     HEAD), a few at a time and at most PerHost at once on one host,
//     redirects followed. A dead link (a network failure, a timeout, a
//     status of 404, 410 or any 5xx) is an error at the file, line and
//     column where the address is written; a permanent redirect (301, 308)
//     and a refusal that may be meant for robots (401, 403, 429) are
//     warnings.
//   - every captured source (one with captured = DATE, written by dossier
//     add): its live page's text is extracted again, and each quote cited
//     from the source, and each gloss's quote, is looked for in it. A quote
//     no longer there is a warning at the citation: the dossier still
//     checks it against the captured copy, but the original has changed.
//
// Results of addresses that answered are kept in a cache file in the site
// folder (CacheFile, .dossier/links.json) for MaxAge, so that a second run
// is quick; failures are always asked again.
package webcheck

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dossier-dev/dossier/internal/capture"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/xref"
)

// CacheFile is the cache's path, relative to the site folder.
const CacheFile = ".dossier/links.json"

// Defaults of Options.
const (
	DefaultPerHost = 2
	DefaultWorkers = 8
	DefaultMaxAge  = 24 * time.Hour
)

// Options configures Check. The zero value checks without a cache.
type Options struct {
	Client  capture.Client
	PerHost int // requests at once to one host
	Workers int // requests at once in all
	// Cache is the path of the cache file on disk; "" keeps no cache.
	Cache  string
	MaxAge time.Duration // how long a result in the cache holds
	Now    func() time.Time
}

// Place is an address as written in a file of the site.
type Place struct {
	URL  string
	Pos  diag.Position
	What string // "url", "copy_url", "archive_url", "version" (site.toml) or "link"
}

// Summary counts what Check did.
type Summary struct {
	Links     int // distinct addresses
	Places    int // places they are written
	Cached    int // addresses answered from the cache
	Dead      int // distinct addresses found dead
	Moved     int // distinct addresses that redirect permanently
	Captured  int // captured sources whose live page was read
	Quotes    int // quotes looked for on live pages
	QuotesGot int // quotes no longer on the live page
}

// Places returns every external address of the model, in the order of
// the files that write them.
func Places(m *xref.Model) []Place {
	var out []Place
	for _, s := range m.Sources {
		for _, k := range []struct{ key, u string }{{"url", s.URL}, {"copy_url", s.CopyURL}, {"archive_url", s.ArchiveURL}} {
			if web(k.u) {
				out = append(out, Place{URL: k.u, Pos: s.At(k.key), What: k.key})
			}
		}
	}
	for _, v := range m.Config.Versions {
		if web(v.URL) {
			out = append(out, Place{URL: v.URL, Pos: m.Config.At("versions." + v.Key + ".url"), What: "version"})
		}
	}
	for _, p := range proses(m) {
		for _, l := range p.Doc.Links {
			if !web(l.Dest) {
				continue
			}
			off := l.Offset
			// Point at the address itself when it is written as it reads.
			if i := bytes.Index(p.Doc.Src[l.Offset:min(len(p.Doc.Src), l.Offset+4096)], []byte(l.Dest)); i >= 0 {
				off += i
			}
			out = append(out, Place{URL: l.Dest, Pos: p.Text.Pos(off), What: "link"})
		}
	}
	slices.SortStableFunc(out, func(a, b Place) int { return a.Pos.Compare(b.Pos) })
	return out
}

// key returns the address that is requested for u: without a fragment.
func key(u string) string {
	k, _, _ := strings.Cut(u, "#")
	return k
}

// web reports whether u is an http or https address.
func web(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// proses returns every piece of Markdown of the model once.
func proses(m *xref.Model) []*xref.Prose {
	seen := map[*xref.Prose]bool{}
	var out []*xref.Prose
	for _, d := range m.Docs() {
		for _, p := range d.Proses {
			if p != nil && p.Doc != nil && p.Text != nil && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// quote is a quote cited from a captured source, where it is written.
type quote struct {
	text string
	pos  diag.Position
	what string // "quote" or "gloss"
}

// quotes returns the quotes cited from each captured source.
func quotes(m *xref.Model) map[*xref.Source][]quote {
	out := map[*xref.Source][]quote{}
	for _, p := range proses(m) {
		for i, c := range p.Doc.Cites {
			for j, it := range c.Items {
				if it.Quote == "" || i >= len(p.Notes) || j >= len(p.Notes[i]) {
					continue
				}
				s := p.Notes[i][j].Source
				if s != nil && captured(s) {
					out[s] = append(out[s], quote{text: it.Quote, pos: p.Text.Pos(it.QuoteOffset), what: "quote"})
				}
			}
		}
	}
	for _, s := range m.Sources {
		if !captured(s) {
			continue
		}
		for _, g := range s.Glosses {
			out[s] = append(out[s], quote{text: g.Quote, pos: g.QuotePos, what: "gloss"})
		}
	}
	return out
}

func captured(s *xref.Source) bool {
	return !s.Captured.IsZero() && web(s.URL) && !s.External()
}

// result is what became of one address.
type result struct {
	Checked   time.Time          `json:"checked"`
	Status    int                `json:"status"`
	Final     string             `json:"final,omitempty"`
	Redirects []capture.Redirect `json:"redirects,omitempty"`
	// Text is the live page's text, one paragraph an entry, for the
	// address of a captured source.
	Text []string `json:"text,omitempty"`
	// TextErr says why the text could not be read, if it could not.
	TextErr string `json:"text_error,omitempty"`
	Err     string `json:"-"` // a failed request; never cached
	cached  bool
}

// Check checks the model's external addresses and the quotes of its
// captured sources, and returns the problems found. Its error is for a
// cache it could not write, or a canceled context.
func Check(ctx context.Context, m *xref.Model, o Options) (diag.List, Summary, error) {
	o.PerHost = cmp.Or(o.PerHost, DefaultPerHost)
	o.Workers = cmp.Or(o.Workers, DefaultWorkers)
	o.MaxAge = cmp.Or(o.MaxAge, DefaultMaxAge)
	if o.Now == nil {
		o.Now = time.Now
	}
	places := Places(m)
	qs := quotes(m)
	needText := map[string]bool{}
	for _, s := range m.Sources {
		if captured(s) {
			needText[key(s.URL)] = true
		}
	}
	// An address is asked once, whatever fragment (#…) it is written with.
	var urls []string
	for _, p := range places {
		if k := key(p.URL); !slices.Contains(urls, k) {
			urls = append(urls, k)
		}
	}
	sum := Summary{Links: len(urls), Places: len(places)}

	c, err := loadCache(o.Cache)
	if err != nil {
		return nil, sum, err
	}
	results := map[string]*result{}
	var todo []string
	now := o.Now()
	for _, u := range urls {
		if r, ok := c.Entries[u]; ok && now.Sub(r.Checked) < o.MaxAge && now.Sub(r.Checked) >= 0 && (!needText[u] || r.Text != nil || r.TextErr != "") {
			r.cached = true
			results[u] = r
			sum.Cached++
			continue
		}
		todo = append(todo, u)
	}
	for u, r := range o.fetchAll(ctx, todo, needText) {
		results[u] = r
	}
	if err := ctx.Err(); err != nil {
		return nil, sum, err
	}

	var diags diag.List
	dead, moved := map[string]bool{}, map[string]bool{}
	for _, p := range places {
		r := results[key(p.URL)]
		if d, ok := problem(p, r); ok {
			diags.Add(d)
			if d.Severity == diag.Error {
				dead[key(p.URL)] = true
			} else if strings.Contains(d.Msg, "moved permanently") {
				moved[key(p.URL)] = true
			}
		}
	}
	sum.Dead, sum.Moved = len(dead), len(moved)

	srcs := make([]*xref.Source, 0, len(qs))
	for _, s := range m.Sources {
		if captured(s) {
			srcs = append(srcs, s)
		}
	}
	for _, s := range srcs {
		r := results[key(s.URL)]
		if r == nil || r.Err != "" || r.Status >= 400 {
			continue // the dead link is reported
		}
		if r.TextErr != "" {
			diags.Add(diag.Warningf(s.At("url"), "the live page of captured source %q could not be read: %s", s.ID, r.TextErr).
				WithHint("its quotes are still checked against the captured copy"))
			continue
		}
		sum.Captured++
		paras := make([]seed.Para, len(r.Text))
		for i, t := range r.Text {
			paras[i] = seed.Para{N: i + 1, Text: t}
		}
		x := seed.NewIndex(paras)
		for _, q := range qs[s] {
			sum.Quotes++
			if len(x.Find(q.text)) > 0 {
				continue
			}
			sum.QuotesGot++
			what := "quote"
			if q.what == "gloss" {
				what = "the gloss's quote"
			}
			diags.Add(diag.Warningf(q.pos, "%s %q of %s is no longer on the live page; the captured copy still has it", what, clip(q.text, 60), s.ID).
				WithHint("the article was edited or retracted at %s: compare it with captures/%s.html", s.URL, s.ID))
		}
	}

	diags.Sort()

	// Keep what answered, fresh or still valid.
	keep := map[string]*result{}
	for u, r := range c.Entries {
		if now.Sub(r.Checked) < o.MaxAge {
			keep[u] = r
		}
	}
	for u, r := range results {
		if r.Err == "" && r.Status < 400 && r.Status != 0 {
			keep[u] = r
		} else {
			delete(keep, u)
		}
	}
	c.Entries = keep
	if err := c.save(o.Cache); err != nil {
		return diags, sum, err
	}
	return diags, sum, nil
}

// problem words what is wrong with an address at a place, if anything.
func problem(p Place, r *result) (diag.Diagnostic, bool) {
	if r == nil {
		return diag.Diagnostic{}, false
	}
	hint := "fix the address, or add an archive_url to the source"
	switch p.What {
	case "link":
		hint = "fix the address, or link to an archived copy"
	case "archive_url":
		hint = "fix the address of the archived copy"
	case "version":
		hint = "fix the address of the version"
	}
	if r.Err != "" {
		return diag.Errorf(p.Pos, "dead link: %s", r.Err).WithHint("%s", hint), true
	}
	switch {
	case r.Status == http.StatusUnauthorized || r.Status == http.StatusForbidden || r.Status == http.StatusTooManyRequests:
		return diag.Warningf(p.Pos, "%s answered %d %s", p.URL, r.Status, http.StatusText(r.Status)).
			WithHint("it may refuse robots: open it in a browser"), true
	case r.Status >= 400:
		return diag.Errorf(p.Pos, "dead link: %s answered %d %s", p.URL, r.Status, http.StatusText(r.Status)).
			WithHint("%s", hint), true
	}
	for _, rd := range r.Redirects {
		if rd.Permanent() {
			return diag.Warningf(p.Pos, "%s has moved permanently to %s", p.URL, r.Final).
				WithHint("write the new address"), true
		}
	}
	return diag.Diagnostic{}, false
}

// fetchAll requests the addresses, Workers at once and PerHost at once on
// one host.
func (o Options) fetchAll(ctx context.Context, urls []string, needText map[string]bool) map[string]*result {
	out := map[string]*result{}
	var mu sync.Mutex
	hosts := map[string]chan struct{}{}
	for _, u := range urls {
		h := host(u)
		if hosts[h] == nil {
			hosts[h] = make(chan struct{}, o.PerHost)
		}
	}
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range min(o.Workers, max(1, len(urls))) {
		wg.Go(func() {
			for u := range jobs {
				sem := hosts[host(u)]
				select {
				case sem <- struct{}{}:
				case <-ctx.Done():
					continue
				}
				r := o.fetch(ctx, u, needText[u])
				<-sem
				mu.Lock()
				out[u] = r
				mu.Unlock()
			}
		})
	}
	for _, u := range urls {
		select {
		case jobs <- u:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	return out
}

func host(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return strings.ToLower(p.Host)
}

// fetch requests one address: HEAD, or GET if the server refuses HEAD or
// the page's text is needed.
func (o Options) fetch(ctx context.Context, u string, text bool) *result {
	r := &result{Checked: o.Now().UTC()}
	var resp *capture.Response
	var err error
	if !text {
		resp, err = o.Client.Get(ctx, u, http.MethodHead, false)
		if err == nil && resp.Status >= 400 && resp.Status != http.StatusNotFound && resp.Status != http.StatusGone {
			resp = nil // many servers refuse HEAD: ask again with GET
		}
	}
	if resp == nil && err == nil {
		resp, err = o.Client.Get(ctx, u, http.MethodGet, text)
	}
	if resp != nil {
		r.Status, r.Final, r.Redirects = resp.Status, resp.FinalURL, resp.Redirects
	}
	if err != nil && (resp == nil || resp.Status == 0) {
		r.Err = err.Error()
		return r
	}
	if !text || r.Status >= 400 {
		return r
	}
	if err != nil { // the body was too large
		r.TextErr = err.Error()
		return r
	}
	if e := capture.CheckHTML(resp.MediaType()); e != nil {
		r.TextErr = "it " + e.Error()
		return r
	}
	base, _ := url.Parse(resp.FinalURL)
	a, e := capture.Extract(resp.Body, resp.ContentType, base)
	if e != nil {
		r.TextErr = e.Error()
		return r
	}
	r.Text = []string{}
	for _, p := range a.Paras {
		r.Text = append(r.Text, p.Text)
	}
	return r
}

func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// String words the summary in one line.
func (s Summary) String() string {
	return fmt.Sprintf("checked %s (%d from the cache) written in %s: %d dead, %d moved; %d of %s cited from %s no longer on the live page",
		plural(s.Links, "link", "links"), s.Cached, plural(s.Places, "place", "places"), s.Dead, s.Moved,
		s.QuotesGot, plural(s.Quotes, "quote", "quotes"), plural(s.Captured, "captured source", "captured sources"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
