package export

import "testing"

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
