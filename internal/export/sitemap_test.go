package export

import (
	"bytes"
	"encoding/xml"
	"math/rand/v2"
	"testing"
)

func TestSitemap(t *testing.T) {
	got := string(Sitemap([]Page{
		{URL: "https://example.org/"},
		{URL: "https://example.org/points/26/", LastMod: "2025-11-24"},
		{URL: "https://example.org/a&b/"},
	}))
	want := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url>
    <loc>https://example.org/</loc>
  </url>
  <url>
    <loc>https://example.org/points/26/</loc>
    <lastmod>2025-11-24</lastmod>
  </url>
  <url>
    <loc>https://example.org/a&amp;b/</loc>
  </url>
</urlset>
`
	if got != want {
		t.Errorf("Sitemap = %s, want %s", got, want)
	}
}

func TestRobots(t *testing.T) {
	got := string(Robots("https://example.org/repo/sitemap.xml"))
	want := "User-agent: *\nAllow: /\n\nSitemap: https://example.org/repo/sitemap.xml\n"
	if got != want {
		t.Errorf("Robots = %q, want %q", got, want)
	}
}

// TestSitemapMatchesEncoder holds Sitemap to the bytes that encoding/xml's
// Encoder made of the old structs, for lists of pages with characters that
// XML escapes or cannot hold, and for none.
func TestSitemapMatchesEncoder(t *testing.T) {
	t.Parallel()
	for seed := range uint64(50) {
		r := rand.New(rand.NewPCG(seed, 2))
		var pages []Page
		for range r.IntN(5) {
			pages = append(pages, Page{URL: randomString(r), LastMod: randomString(r)})
		}
		if got, want := Sitemap(pages), oldSitemap(pages); !bytes.Equal(got, want) {
			t.Errorf("Sitemap(%q) = %s, want %s", pages, got, want)
		}
	}
}

// oldSitemap is sitemap.xml as encoding/xml encoded it.
func oldSitemap(pages []Page) []byte {
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
		panic(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// BenchmarkSitemap lists 3,000 pages, as a site of 1,000 points has, and
// the old encoding/xml oracle:
//
//	go test -run '^$' -bench Sitemap -benchmem ./internal/export
func BenchmarkSitemap(b *testing.B) {
	pages := make([]Page, 3000)
	for i := range pages {
		pages[i] = Page{URL: "https://example.org/points/" + string(rune('a'+i%26)) + "/", LastMod: "2025-11-24"}
	}
	for name, f := range map[string]func([]Page) []byte{"new": Sitemap, "old": oldSitemap} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				f(pages)
			}
		})
	}
}
