package export

import "github.com/dossier-dev/dossier/internal/xref"

// urls makes the absolute URLs of pages and source pages once each: the
// notes of a page come together and ask for the page's URL, and a source
// is cited over and over, while Options.Abs builds a URL each time.
type urls struct {
	abs     func(string) string
	page    *xref.Doc // the page of pageURL
	pageURL string
	sources map[*xref.Source]string
}

func newURLs(abs func(string) string) *urls {
	return &urls{abs: abs, sources: map[*xref.Source]string{}}
}

// pageOf returns the absolute URL of page d.
func (u *urls) pageOf(d *xref.Doc) string {
	if d != u.page {
		u.page, u.pageURL = d, u.abs(d.Path)
	}
	return u.pageURL
}

// source returns the absolute URL of the page of source s.
func (u *urls) source(s *xref.Source) string {
	url, ok := u.sources[s]
	if !ok {
		url = u.abs(s.Path())
		u.sources[s] = url
	}
	return url
}
