package preview

import (
	"path/filepath"
	"testing"
)

func TestIgnored(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want bool
	}{
		{"26.md", false},
		{"river.txt", false},
		{"style.css", false},
		{"points", false},
		{"seed-4913.txt", false},
		{".#26.md", true},
		{"#26.md#", true},
		{"26.md~", true},
		{".26.md.swp", true},
		{"26.md.swp", true},
		{"26.md.swx", true},
		{"4913", true},
		{"26.md.tmp", true},
		{"26.md.bak", true},
		{"26.md___jb_tmp___", true},
		{".git", true},
		{".DS_Store", true},
	}
	for _, tt := range tests {
		if got := ignored(tt.name); got != tt.want {
			t.Errorf("ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRelevant(t *testing.T) {
	t.Parallel()
	s := &Server{root: filepath.FromSlash("/site")}
	tests := []struct {
		name, rel string
		ok        bool
	}{
		{"/site/site.toml", "site.toml", true},
		{"/site/content", "content", true},
		{"/site/content/points/26.md", "content/points/26.md", true},
		{"/site/seeds/a.txt", "seeds/a.txt", true},
		{"/site/themes/default/static/style.css", "themes/default/static/style.css", true},
		{"/site/content/points/.26.md.swp", "", false},
		{"/site/content/.git/HEAD", "", false},
		{"/site/content/points/4913", "", false},
		{"/site/public/index.html", "", false},
		{"/site/README.md", "", false},
		{"/site/site.toml~", "", false},
		{"/site", "", false},
		{"/elsewhere/content/x.md", "", false},
	}
	for _, tt := range tests {
		rel, ok := s.relevant(filepath.FromSlash(tt.name))
		if rel != tt.rel || ok != tt.ok {
			t.Errorf("relevant(%q) = %q, %v; want %q, %v", tt.name, rel, ok, tt.rel, tt.ok)
		}
	}
}
