package search_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/xref"
)

func TestEntries(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"content/points/01.md":  {Data: []byte("+++\nnumber = 1\ntitle = \"Amnesty\"\nbucket = \"b\"\nsummary = \"All forgiven.\"\n+++\nThe **amnesty** covers war crimes [@s, \"war crimes\"].\n")},
		"content/sources/s.md":  {Data: []byte("+++\ntitle = \"Report\"\noutlet = \"Daily\"\nseed = \"s.txt\"\n+++\n")},
		"content/about.md":      {Data: []byte("+++\ntitle = \"About\"\ndescription = \"What this is.\"\n+++\nMethod.\n")},
		"content/timeline.toml": {Data: []byte("[[event]]\ndate = 2025-11-20\ntitle = \"Plan handed over\"\nbody = \"In Kyiv.\"\n")},
	}
	cfg, _ := config.Parse("site.toml", []byte("title = \"T\"\n[buckets.b]\ntitle = \"B\"\n"))
	cs, diags, err := content.Load(context.Background(), fsys, content.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	sd := seed.Parse("seeds/s.txt", []byte("Headline\nThey spoke of war crimes.\n"))
	m, diags, err := xref.Resolve(context.Background(), xref.Input{Config: cfg, Content: cs, Seeds: []*seed.Seed{sd}, Markdown: markdown.New(markdown.Options{})})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	got := search.Entries(m)
	want := []search.Entry{
		{URL: "points/1/", Title: "Point 1: Amnesty", Kind: "point", Summary: "All forgiven.", Text: "The amnesty covers war crimes."},
		{URL: "sources/s/", Title: "Report", Kind: "source", Summary: "Daily", Text: "Daily Headline They spoke of war crimes."},
		{URL: "timeline/#e2025-11-20-1", Title: "Plan handed over", Kind: "event", Summary: "20 November 2025", Text: "In Kyiv."},
		{URL: "about/", Title: "About", Kind: "page", Summary: "What this is.", Text: "Method."},
	}
	if len(got) != len(want) {
		t.Fatalf("Entries() = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Entries()[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	b, err := search.JSON(m)
	if err != nil {
		t.Fatal(err)
	}
	var back []map[string]string
	if err := json.Unmarshal(b, &back); err != nil || len(back) != 4 || !strings.HasSuffix(string(b), "\n") {
		t.Errorf("JSON() = %s, %v; want 4 entries and a final newline", b, err)
	}
	if _, ok := back[0]["u"]; !ok {
		t.Errorf("JSON() keys = %v, want the short keys u, t, k, s, x", back[0])
	}
}
