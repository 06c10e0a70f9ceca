package xref_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/xref"
)

// The sources of every case: "alpha" is cut from a seed of four
// paragraphs, "beta" has a one-paragraph seed of its own, "ext" has no text.
var sources = map[string]string{
	"seeds/a.txt":              "Alpha report\n\nThe ceasefire holds along the line.\n\nThe army would be capped at 600,000 troops.\n\nThe ceasefire holds, officials said.\n",
	"seeds/b.txt":              "Frozen assets would fund reconstruction — officials said.\n",
	"content/sources/alpha.md": "+++\ntitle = \"Alpha\"\nseed = \"a.txt\"\n+++\n",
	"content/sources/beta.md":  "+++\ntitle = \"Beta\"\nseed = \"b.txt\"\n+++\n",
	"content/sources/ext.md":   "+++\ntitle = \"External\"\nurl = \"https://example.com/\"\n+++\n",
}

const siteTOML = "title = \"T\"\nbase_url = \"https://example.org/\"\n[buckets.b]\ntitle = \"B\"\n"

// point returns the file of point n with body as its commentary.
func point(n int, body string) (string, string) {
	return fmt.Sprintf("content/points/%02d.md", n),
		fmt.Sprintf("+++\nnumber = %d\ntitle = \"P%d\"\nbucket = \"b\"\nsummary = \"S\"\n+++\n\n%s\n", n, n, body)
}

// resolve loads the files (with the sources above) and resolves them.
func resolve(t *testing.T, files map[string]string) (*xref.Model, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{"site.toml": {Data: []byte(siteTOML)}}
	for _, m := range []map[string]string{sources, files} {
		for name, s := range m {
			fsys[name] = &fstest.MapFile{Data: []byte(s)}
		}
	}
	return resolveFS(t, fsys, nil)
}

// siteInput loads the site in fsys (its configuration, content and seeds)
// as the Input of a Resolve, and returns it with the problems of loading it.
func siteInput(tb testing.TB, fsys fs.FS) (xref.Input, diag.List) {
	tb.Helper()
	data, err := fs.ReadFile(fsys, "site.toml")
	if err != nil {
		tb.Fatal(err)
	}
	cfg, diags := config.Parse("site.toml", data)
	cs, ds, err := content.Load(context.Background(), fsys, content.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	diags.Add(ds...)
	var seeds []*seed.Seed
	err = fs.WalkDir(fsys, "seeds", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, name)
		seeds = append(seeds, seed.Parse(name, data))
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return xref.Input{Config: cfg, Content: cs, Seeds: seeds, Markdown: markdown.New(markdown.Options{})}, diags
}

// TestResolveCitation resolves one citation in point 1 and checks the
// paragraph and passage it names, or the problem it reports.
func TestResolveCitation(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		cite     string
		para     int    // the paragraph the note names; 0: none
		quoted   string // the passage as the source writes it
		problem  string // the diagnostic, "" if none
		hintPart string // a part of its hint
	}{
		{name: "quote found once", cite: `[@alpha, "capped at 600,000"]`, para: 3, quoted: "capped at 600,000"},
		{name: "quote with a dash normalised", cite: `[@beta, "reconstruction - officials"]`, para: 1, quoted: "reconstruction — officials"},
		{name: "quote found twice", cite: `[@alpha, "The ceasefire holds"]`,
			problem: `content/points/01.md:8:16: quote “The ceasefire holds” occurs 2 times in source "alpha" (¶2, ¶4)`, hintPart: `[@alpha, ¶2, "…"]`},
		{name: "quote found twice, paragraph named", cite: `[@alpha, ¶4, "The ceasefire holds"]`, para: 4, quoted: "The ceasefire holds"},
		{name: "quote found elsewhere", cite: `[@alpha, "fund reconstruction"]`,
			problem: `content/points/01.md:8:16: quote “fund reconstruction” not found in source "alpha"`, hintPart: `it is in source "beta", ¶1`},
		{name: "quote not found anywhere", cite: `[@alpha, "the army would be capped"]`,
			problem: `content/points/01.md:8:16: quote “the army would be capped” not found in source "alpha"`, hintPart: "closest passage, ¶3"},
		{name: "quote not in the paragraph named", cite: `[@alpha, ¶2, "capped at 600,000"]`, para: 2,
			problem: `content/points/01.md:8:20: quote “capped at 600,000” not found in ¶2 of source "alpha"`},
		{name: "paragraph by number", cite: `[@alpha, ¶3]`, para: 3},
		{name: "paragraph written para", cite: `[@alpha, para 2]`, para: 2},
		{name: "paragraph past the end", cite: `[@alpha, ¶9]`,
			problem: `content/points/01.md:8:7: source "alpha" has 4 paragraphs; there is no ¶9`},
		{name: "paragraph of an external source", cite: `[@ext, ¶1]`,
			problem: `content/points/01.md:8:7: source "ext" has no text, so no paragraph 1`, hintPart: "without a paragraph number"},
		{name: "quote of an external source", cite: `[@ext, "anything"]`,
			problem: `content/points/01.md:8:14: source "ext" has no text to check the quote against`},
		{name: "plain citation", cite: `[@beta]`},
		{name: "unknown source", cite: `[@gamma]`, problem: `content/points/01.md:8:7: unknown source "gamma"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			name, file := point(1, "Text "+tt.cite+".")
			m, diags := resolve(t, map[string]string{name: file})
			var got []string
			for _, d := range diags {
				got = append(got, d.Pos.String()+": "+d.Msg)
			}
			switch {
			case tt.problem == "" && len(diags) > 0:
				t.Fatalf("Resolve(%s) problems %q, want none", tt.cite, got)
			case tt.problem != "":
				if len(diags) != 1 || got[0] != tt.problem {
					t.Fatalf("Resolve(%s) problems %q, want [%q]", tt.cite, got, tt.problem)
				}
				if !strings.Contains(diags[0].Hint, tt.hintPart) {
					t.Errorf("Resolve(%s) hint %q, want it to contain %q", tt.cite, diags[0].Hint, tt.hintPart)
				}
			}
			notes := m.Points[0].Doc.Notes
			if len(notes) != 1 {
				t.Fatalf("Resolve(%s) made %d notes, want 1", tt.cite, len(notes))
			}
			n := notes[0]
			gotPara := 0
			if n.Para != nil {
				gotPara = n.Para.N
			}
			if tt.problem == "" || tt.para != 0 {
				if gotPara != tt.para {
					t.Errorf("Resolve(%s) note names ¶%d, want ¶%d", tt.cite, gotPara, tt.para)
				}
			}
			if tt.problem == "" && n.Quoted() != tt.quoted {
				t.Errorf("Resolve(%s) quoted %q, want %q", tt.cite, n.Quoted(), tt.quoted)
			}
		})
	}
}

// TestResolveBacklinkOrder: a paragraph lists the notes that cite it by
// page, in reading order (home, points by number, plain pages), then by
// note number within the page, whatever order the files load in.
func TestResolveBacklinkOrder(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"content/_index.md": "+++\ntitle = \"Home\"\n+++\n\nIntro [@alpha, ¶3].\n",
		"content/about.md":  "+++\ntitle = \"About\"\n+++\n\nAbout [@alpha, \"capped at 600,000\"].\n",
	}
	for n, body := range map[int]string{
		10: "Ten [@alpha, ¶3] and [@beta] and [[2]] and again [@alpha, \"600,000 troops\"].",
		2:  "Two [@alpha, ¶3; @alpha, ¶2] and [[10]].",
		1:  "One [@beta] and [[10]].",
	} {
		name, file := point(n, body)
		files[name] = file
	}
	m, diags := resolve(t, files)
	if len(diags) > 0 {
		t.Fatalf("Resolve problems: %v", diags)
	}
	alpha := m.Sources[0]
	if alpha.ID != "alpha" {
		t.Fatalf("first source %q, want alpha", alpha.ID)
	}
	var got []string
	for _, n := range alpha.Paras[2].CitedBy {
		got = append(got, fmt.Sprintf("%s#%d", n.Page.Path, n.N))
	}
	want := []string{"#1", "points/2/#1", "points/10/#1", "points/10/#3", "about/#1"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("¶3 of alpha cited by %q, want %q", got, want)
	}
	var citing []string
	for _, d := range alpha.Citing {
		citing = append(citing, d.Path)
	}
	if want := []string{"", "points/2/", "points/10/", "about/"}; strings.Join(citing, " ") != strings.Join(want, " ") {
		t.Errorf("alpha cited by pages %q, want %q", citing, want)
	}
	var linked []int
	for _, p := range m.Points {
		if p.Number == 10 {
			for _, q := range p.LinkedFrom {
				linked = append(linked, q.Number)
			}
		}
	}
	if fmt.Sprint(linked) != "[1 2]" {
		t.Errorf("point 10 linked from %v, want [1 2]", linked)
	}
}

// TestResolveSplit resolves a generated site, with problems added to some
// sources and to every fifth point (a quote not found but close to a
// passage, one not in the paragraph named but in another, an unknown
// source, point and paragraph), with every point and source on one
// goroutine and with a few to a goroutine, and its backlinks on one and on
// several, and compares the problems (whose hints, for the quotes not
// found, are set by their index before they are sorted) and the model
// (dump).
func TestResolveSplit(t *testing.T) {
	files := bench.Generate(bench.Options{Points: 60})
	words := someWords(t, files)
	for name, data := range files {
		if strings.HasPrefix(name, "content/sources/") && strings.HasSuffix(name, "7.md") {
			files[name] = fmt.Appendf(bytes.Clone(data), "\nSee [@nosuch] and [@s00003, %q].\n", words[:len(words)-1]+"x")
		}
		if !strings.HasPrefix(name, "content/points/") {
			continue
		}
		var n int
		fmt.Sscanf(path.Base(name), "%d.md", &n)
		if n%5 == 0 {
			files[name] = fmt.Appendf(bytes.Clone(data),
				"\nBroken [@s00003, %q], [@s00003, ¶1, %q], [@nosuch], [@s00002, ¶999], see [[9999]].\n",
				words[:len(words)-1]+"x", words)
		}
	}
	want := resolved(t, files, 1<<30, 1)
	for _, tt := range []struct{ chunk, shares int }{{1, 1}, {3, 2}, {7, 5}} {
		if got := resolved(t, files, tt.chunk, tt.shares); got != want {
			t.Errorf("resolved %d at a time, backlinks in %d shares:\n%s\nwant (all at once, in one)\n%s", tt.chunk, tt.shares, got, want)
		}
	}
	if !strings.Contains(want, "closest passage") || !strings.Contains(want, "it is in ¶2") || !strings.Contains(want, "content/sources/s00007.md") {
		t.Fatalf("the site has not the problems it should:\n%s", want)
	}
}

// someWords returns words of the second paragraph of source s00003.
func someWords(t *testing.T, files map[string][]byte) string {
	t.Helper()
	m, _ := resolveFiles(t, files, 1<<30, 1)
	for _, s := range m.Sources {
		if s.ID == "s00003" && len(s.Paras) > 1 {
			return strings.Join(strings.Fields(s.Paras[1].Text)[:4], " ")
		}
	}
	t.Fatal("no source s00003 with two paragraphs")
	return ""
}

func resolveFiles(t *testing.T, files map[string][]byte, chunk, shares int) (*xref.Model, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	in, diags := siteInput(t, fsys)
	rec, ds := xref.ParseRecord(xref.RecordFile, files[xref.RecordFile])
	diags.Add(ds...)
	in.Record = rec
	m, ds, err := xref.ResolveSplit(context.Background(), in, chunk, shares)
	if err != nil {
		t.Fatal(err)
	}
	return m, append(diags, ds...)
}

// resolved resolves files as ResolveSplit does with chunk and shares and
// writes out the problems, with their hints, and the model (dump).
func resolved(t *testing.T, files map[string][]byte, chunk, shares int) string {
	t.Helper()
	m, diags := resolveFiles(t, files, chunk, shares)
	var b strings.Builder
	for _, d := range diags {
		fmt.Fprintf(&b, "%v (%s)\n", d, d.Hint)
	}
	return b.String() + dump(m)
}
