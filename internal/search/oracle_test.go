package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/xref"
)

// oldFiles is Files as it was before the indexer: a map of []Posting per
// term, encoded at the end. The indexer must make the same bytes.
func oldFiles(entries []Entry, points int) (map[string][]byte, error) {
	files := make(map[string][]byte, len(entries)+ChunkCount(len(entries))+1)
	for j, e := range entries {
		d := e
		d.Text = cut(d.Text, TextLimit)
		b, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		files[DocName(j)] = append(b, '\n')
	}
	post := map[string][]Posting{}
	for j, e := range entries {
		fields := map[string]int{}
		for bit, s := range map[int]string{InTitle: e.Title, InSummary: e.Summary, InText: e.Text} {
			for _, t := range refTerms(s) {
				fields[t] |= bit
			}
		}
		for t, f := range fields {
			post[t] = append(post[t], Posting{j, f})
		}
	}
	terms := slices.Sorted(maps.Keys(post))
	n := ChunkCount(len(entries))
	enc := make([][]byte, len(terms))
	total := 0
	for i, t := range terms {
		b, _ := json.Marshal(t)
		b = append(b, ':', '"')
		prev := 0
		for _, p := range post[t] {
			v := (p.Doc-prev)<<3 | p.Fields
			prev = p.Doc
			var groups []byte
			for {
				groups = append(groups, byte(v&31))
				v >>= 5
				if v == 0 {
					break
				}
			}
			for i := len(groups) - 1; i >= 0; i-- {
				d := groups[i]
				if i > 0 {
					d += 32
				}
				b = append(b, Digits[d])
			}
		}
		enc[i] = append(b, '"')
		total += len(enc[i])
	}
	target := total/n + 1
	var (
		starts []string
		chunks [][]byte
		cur    []byte
	)
	for i, t := range terms {
		if cur == nil {
			start := t
			if len(starts) == 0 {
				start = ""
			}
			starts = append(starts, start)
			cur = []byte{'{'}
		} else {
			cur = append(cur, ',')
		}
		cur = append(cur, enc[i]...)
		if len(cur) >= target && len(chunks) < n-1 {
			chunks = append(chunks, append(cur, '}'))
			cur = nil
		}
	}
	if cur != nil {
		chunks = append(chunks, append(cur, '}'))
	}
	if len(starts) == 0 {
		starts = []string{""}
	}
	for i := range n {
		b := []byte("{}")
		if i < len(chunks) {
			b = chunks[i]
		}
		files[ChunkName(i)] = append(b, '\n')
	}
	meta, err := json.Marshal(struct {
		V      int      `json:"v"`
		Docs   int      `json:"docs"`
		Points int      `json:"points"`
		Chunks []string `json:"chunks"`
	}{1, len(entries), points, starts})
	if err != nil {
		return nil, err
	}
	files[Meta] = append(meta, '\n')
	return files, nil
}

func checkOracle(t testing.TB, entries []Entry, points int) {
	t.Helper()
	want, err := oldFiles(entries, points)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Files(entries, points)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Errorf("Files made %d files, the old code %d", len(got), len(want))
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if !bytes.Equal(got[name], want[name]) {
			t.Errorf("%s differs:\n got %.300s\nwant %.300s", name, got[name], want[name])
			return
		}
	}
}

// TestFilesMatchOldRandom holds the indexer to the old code on random
// entries: words that repeat across documents and fields, odd characters,
// empty fields.
func TestFilesMatchOldRandom(t *testing.T) {
	t.Parallel()
	words := []string{"amnesty", "Amnesty", "war", "crimes", "é", "Élan", "naïve", "l'ordre", "'quoted'", "x<y", "a&b",
		"\u2028", "—", "42", "٣", "日本", "Ǆ", "\xff", "\"", "\\", "\x00", "o’clock", "z"}
	for seed := range uint64(30) {
		r := rand.New(rand.NewPCG(seed, 2))
		text := func(n int) string {
			var b []string
			for range r.IntN(n + 1) {
				b = append(b, words[r.IntN(len(words))])
			}
			return strings.Join(b, []string{" ", "  ", "\n", ", "}[r.IntN(4)])
		}
		docs := []int{0, 1, 2, DocsPerChunk, DocsPerChunk + 1, 5 * DocsPerChunk}[seed%6] + r.IntN(3)
		var entries []Entry
		for j := range docs {
			entries = append(entries, Entry{URL: fmt.Sprintf("p/%d/", j), Title: text(3), Kind: "point", Summary: text(4), Text: text(40)})
		}
		checkOracle(t, entries, docs/2)
	}
}

// TestIndexMatchesOld: Index of a generated site is the old Files of its
// entries.
func TestIndexMatchesOld(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for name, b := range bench.Generate(bench.Options{Points: 120}) {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	m := model(t, fsys)
	want, err := oldFiles(Entries(m), len(m.Points))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Index(m)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(got, want, bytes.Equal) {
		t.Error("Index differs from the old Files of Entries")
	}
}

// oldEntries is Entries as it was before it made the texts in a buffer:
// each part a string, the prose by PlainText, folded by the definition.
func oldEntries(m *xref.Model) []Entry {
	plain := func(p *xref.Prose) string {
		if p.Empty() {
			return ""
		}
		return p.Doc.PlainText()
	}
	var out []Entry
	for _, p := range m.Points {
		text := []string{p.Point.Text, p.Assessment, plain(p.Commentary)}
		for _, c := range p.Changes {
			text = append(text, c.Version.Title, c.Status, plain(c.Note))
		}
		out = append(out, Entry{URL: p.Path(), Title: p.Doc.Title, Kind: "point", Summary: p.Summary, Text: refWhite(text...)})
	}
	for _, s := range m.Sources {
		text := []string{s.Subtitle, s.Outlet, strings.Join(s.Authors, ", "), plain(s.Intro)}
		for _, para := range s.Paras {
			text = append(text, para.Text)
		}
		for _, g := range s.Glosses {
			text = append(text, plain(g.Text))
		}
		out = append(out, Entry{URL: s.Path(), Title: s.Title, Kind: "source", Summary: summary(s), Text: refWhite(text...)})
	}
	for _, e := range m.Events {
		out = append(out, Entry{URL: e.Doc.Path + "#" + e.ID(), Title: e.Title, Kind: "event", Summary: e.Date.Format("2 January 2006"), Text: refWhite(plain(e.Text))})
	}
	for _, p := range m.Pages {
		out = append(out, Entry{URL: p.Path(), Title: p.Title, Kind: "page", Summary: p.Description, Text: refWhite(plain(p.Text))})
	}
	return out
}

// TestEntriesMatchOld holds Entries to oldEntries on a generated site and
// on the repository's own.
func TestEntriesMatchOld(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for name, b := range bench.Generate(bench.Options{Points: 120}) {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	for name, fsys := range map[string]fs.FS{"generated": fsys, "repo": os.DirFS("../..")} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := model(t, fsys)
			got, want := Entries(m), oldEntries(m)
			if len(got) != len(want) {
				t.Fatalf("Entries: %d entries, want %d", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("Entries()[%d] = %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}

// model loads and resolves the site fsys.
func model(t testing.TB, fsys fs.FS) *xref.Model {
	t.Helper()
	ctx := context.Background()
	data, err := fs.ReadFile(fsys, "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := config.Parse("site.toml", data)
	cs, ds, err := content.Load(ctx, fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	diags.Add(ds...)
	var seeds []*seed.Seed
	entries, _ := fs.ReadDir(fsys, "seeds")
	for _, e := range entries {
		b, err := fs.ReadFile(fsys, "seeds/"+e.Name())
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, seed.Parse("seeds/"+e.Name(), b))
	}
	m, ds, err := xref.Resolve(ctx, xref.Input{Config: cfg, Content: cs, Seeds: seeds, Markdown: markdown.New(markdown.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	diags.Add(ds...)
	if diags.HasErrors() {
		t.Fatalf("building the model: %v", diags)
	}
	return m
}

// BenchmarkIndex makes the index of a generated site of 1,000 points, and
// the same with the old code:
//
//	go test -run '^$' -bench Index -benchmem ./internal/search
func BenchmarkIndex(b *testing.B) {
	fsys := fstest.MapFS{}
	for name, data := range bench.Generate(bench.Options{Points: 1000}) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	m := model(b, fsys)
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			if _, err := Index(m); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("old", func(b *testing.B) {
		for b.Loop() {
			if _, err := oldFiles(Entries(m), len(m.Points)); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestFilesMatchOldSimilarTerms holds the indexer's cache of recent terms
// (termCache) to the old code on terms that share their first 8 bytes and
// their length, and on more terms than the cache has slots.
func TestFilesMatchOldSimilarTerms(t *testing.T) {
	t.Parallel()
	var entries []Entry
	for j := range 40 {
		var words []string
		for i := range 300 {
			words = append(words, fmt.Sprintf("settlement%c", 'a'+(i+j)%26), fmt.Sprintf("w%d", (i*7+j)%6000), "settle", "settlements")
		}
		entries = append(entries, Entry{URL: fmt.Sprintf("p/%d/", j), Title: "settlementa settlementb", Kind: "point", Text: strings.Join(words, " ")})
	}
	checkOracle(t, entries, 20)
}
