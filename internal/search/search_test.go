package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
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
	files, err := search.Files(got, 1)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]string
	if err := json.Unmarshal(files[search.DocName(0)], &doc); err != nil || doc["u"] != "points/1/" || doc["x"] != want[0].Text {
		t.Errorf("Files()[%s] = %s, %v; want the entry of point 1 with the short keys u, t, k, s, x", search.DocName(0), files[search.DocName(0)], err)
	}

}

func TestTerms(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     []string
	}{
		{"words", "The amnesty covers war crimes.", []string{"the", "amnesty", "covers", "war", "crimes"}},
		{"accents", "Zelenskyy’s Café", []string{"zelenskyy's", "cafe"}},
		{"apostrophes at the ends", "'quoted' rock'n'roll", []string{"quoted", "rock'n'roll"}},
		{"dashes split", "Black Sea–Danube 28-point", []string{"black", "sea", "danube", "28", "point"}},
		{"digits and letters", "Article 5 NATO 2025", []string{"article", "5", "nato", "2025"}},
		{"cyrillic, its breve stripped as the script strips it", "Мирный план", []string{"мирныи", "план"}},
		{"nothing", " — … ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := search.Terms(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// decode reads the postings of a chunk back: term → doc → fields.
func decode(t *testing.T, b []byte) map[string]map[int]int {
	t.Helper()
	var raw map[string]string
	if err := json.Unmarshal(b, &raw); err != nil {
		t.Fatalf("chunk %s: %v", b, err)
	}
	out := map[string]map[int]int{}
	for term, s := range raw {
		ps, err := search.Decode(s)
		if err != nil {
			t.Fatalf("term %q: %v", term, err)
		}
		out[term] = map[int]int{}
		for _, p := range ps {
			out[term][p.Doc] = p.Fields
		}
	}
	return out
}

func TestFilesChunks(t *testing.T) {
	t.Parallel()
	entry := func(i int) search.Entry {
		return search.Entry{
			URL: fmt.Sprintf("points/%d/", i), Title: fmt.Sprintf("Point %d: title%d", i, i), Kind: "point",
			Summary: "shared summary " + fmt.Sprintf("only%d", i), Text: fmt.Sprintf("Common words and word%d and amnesty%d", i, i%3),
		}
	}
	tests := []struct {
		name string
		docs int
	}{
		{"one doc", 1},
		{"one chunk", search.DocsPerChunk},
		{"two chunks", search.DocsPerChunk + 1},
		{"many chunks", 10 * search.DocsPerChunk},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var entries []search.Entry
			for i := range tt.docs {
				entries = append(entries, entry(i+1))
			}
			files, err := search.Files(entries, tt.docs)
			if err != nil {
				t.Fatal(err)
			}
			names := search.Names(tt.docs)
			if len(files) != len(names) {
				t.Errorf("Files() made %d files, Names() lists %d", len(files), len(names))
			}
			for _, n := range names {
				if _, ok := files[n]; !ok {
					t.Errorf("Files() has no %s, which Names() lists", n)
				}
			}
			var meta struct {
				Docs, Points int
				Chunks       []string
			}
			if err := json.Unmarshal(files[search.Meta], &meta); err != nil {
				t.Fatal(err)
			}
			if meta.Docs != tt.docs || meta.Points != tt.docs || len(meta.Chunks) == 0 || meta.Chunks[0] != "" {
				t.Fatalf("meta = %+v, want %d docs and points, chunks from \"\"", meta, tt.docs)
			}
			if len(meta.Chunks) > search.ChunkCount(tt.docs) || !slices.IsSorted(meta.Chunks) {
				t.Errorf("meta chunks %q: more than %d or not sorted", meta.Chunks, search.ChunkCount(tt.docs))
			}
			if tt.docs >= 10*search.DocsPerChunk && len(meta.Chunks) < search.ChunkCount(tt.docs)/2 {
				t.Errorf("meta has %d chunks, want about %d: chunks are not balanced", len(meta.Chunks), search.ChunkCount(tt.docs))
			}
			// Every term is in the chunk the meta file sends a query to,
			// with the documents and fields it is in.
			all := search.Postings(entries)
			for i, start := range meta.Chunks {
				terms := decode(t, files[search.ChunkName(i)])
				for term, docs := range terms {
					if term < start || (i+1 < len(meta.Chunks) && term >= meta.Chunks[i+1]) {
						t.Errorf("term %q is in chunk %d, which covers [%q, next)", term, i, start)
					}
					if len(docs) != len(all[term]) {
						t.Errorf("term %q: %d docs in its chunk, want %d", term, len(docs), len(all[term]))
					}
					delete(all, term)
				}
			}
			if len(all) > 0 {
				t.Errorf("terms in no chunk: %d, e.g. %v", len(all), slices.Collect(func(yield func(string) bool) {
					for k := range all {
						if !yield(k) {
							return
						}
					}
				})[:1])
			}
			// Fields: the title word, the summary word, the text word.
			for i := range meta.Chunks {
				terms := decode(t, files[search.ChunkName(i)])
				if d, ok := terms["title1"]; ok && d[0] != search.InTitle {
					t.Errorf("title1 = %v, want doc 0 in the title only", d)
				}
				if d, ok := terms["only1"]; ok && d[0] != search.InSummary {
					t.Errorf("only1 = %v, want doc 0 in the summary only", d)
				}
				if d, ok := terms["word1"]; ok && d[0] != search.InText {
					t.Errorf("word1 = %v, want doc 0 in the text only", d)
				}
				if d, ok := terms["point"]; ok && len(d) != tt.docs {
					t.Errorf("point is in %d docs, want %d", len(d), tt.docs)
				}
			}
		})
	}
}

func TestFilesCutsText(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("é", search.TextLimit) // two bytes each
	files, err := search.Files([]search.Entry{{URL: "a/", Title: "A", Kind: "page", Text: long + " needle"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	var doc search.Entry
	if err := json.Unmarshal(files[search.DocName(0)], &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Text) > search.TextLimit || !strings.HasPrefix(long, doc.Text) {
		t.Errorf("document text is %d bytes, want at most %d, cut between characters", len(doc.Text), search.TextLimit)
	}
	if !strings.Contains(string(files[search.ChunkName(0)]), `"needle"`) {
		t.Errorf("the word after the cut is not indexed: %s", files[search.ChunkName(0)])
	}
}

func TestPostingsRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		docs  []int
		bytes int // the encoded length, quotes included
	}{
		{"first document", []int{0}, 3},
		{"dense", []int{0, 1, 2, 3}, 6},
		{"gap of 3", []int{0, 3}, 4},
		{"gap of 4 takes two digits", []int{0, 4}, 5},
		{"far apart", []int{1000, 70000}, 2 + 3 + 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var entries []search.Entry
			for j := range tt.docs[len(tt.docs)-1] + 1 {
				text := "filler"
				if slices.Contains(tt.docs, j) {
					text = "needle"
				}
				entries = append(entries, search.Entry{Text: text})
			}
			files, err := search.Files(entries, 0)
			if err != nil {
				t.Fatal(err)
			}
			var raw map[string]string
			for i := range search.ChunkCount(len(entries)) {
				var c map[string]string
				if err := json.Unmarshal(files[search.ChunkName(i)], &c); err != nil {
					t.Fatal(err)
				}
				if s, ok := c["needle"]; ok {
					raw = c
					if got := len(s) + 2; got != tt.bytes {
						t.Errorf("postings of %v are %d bytes (%q), want %d", tt.docs, got, s, tt.bytes)
					}
				}
			}
			ps, err := search.Decode(raw["needle"])
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, p := range ps {
				if p.Fields != search.InText {
					t.Errorf("doc %d fields = %d, want %d", p.Doc, p.Fields, search.InText)
				}
				got = append(got, p.Doc)
			}
			if !slices.Equal(got, tt.docs) {
				t.Errorf("Decode(%q) docs = %v, want %v", raw["needle"], got, tt.docs)
			}
		})
	}
}
