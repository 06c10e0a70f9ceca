package export

import (
	"bytes"
	"encoding/xml"
)

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
// the order given.
func Sitemap(pages []Page) []byte {
	type url struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	var set struct {
		XMLName xml.Name `xml:"urlset"`
		NS      string   `xml:"xmlns,attr"`
		URLs    []url    `xml:"url"`
	}
	set.NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
	for _, p := range pages {
		set.URLs = append(set.URLs, url{Loc: p.URL, LastMod: p.LastMod})
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(set); err != nil {
		panic(err) // a fixed struct of strings always encodes
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// Robots returns robots.txt: every crawler may read every page, and the
// sitemap is at sitemapURL (absolute).
func Robots(sitemapURL string) []byte {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + sitemapURL + "\n")
}
