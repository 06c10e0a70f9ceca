package export

import "encoding/xml"

// Sitemap and robots file names, at the top of the output.
const (
	SitemapFile = "sitemap.xml"
	RobotsFile  = "robots.txt"
)

// Page is one page of the site, for the sitemap.
type Page struct {
	URL     string // absolute
	LastMod string // "2025-11-24", or "" if not known
}

// Sitemap returns sitemap.xml (the sitemaps.org protocol) listing pages in
// the order given. It is written as encoding/xml's indenting Encoder
// encoded it (TestSitemapMatchesEncoder holds it to that), without
// reflection.
func Sitemap(pages []Page) []byte {
	b := make([]byte, 0, len(xml.Header)+128+len(pages)*96)
	b = append(b, xml.Header...)
	b = append(b, `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`...)
	for _, p := range pages {
		const in = "\n    "
		b = append(b, "\n  <url>"...)
		b = xmlElem(b, in, "loc", p.URL)
		if p.LastMod != "" {
			b = xmlElem(b, in, "lastmod", p.LastMod)
		}
		b = append(b, "\n  </url>"...)
	}
	if len(pages) > 0 {
		b = append(b, '\n')
	}
	return append(b, "</urlset>\n"...)
}

// Robots returns robots.txt: every crawler may read every page, and the
// sitemap is at sitemapURL (absolute).
func Robots(sitemapURL string) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + sitemapURL + "\n")
}
