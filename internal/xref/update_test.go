package xref_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/xref"
)

// updateSite is a site whose source text has a passage that a gloss, a
// mention of a point and quotes of several points all mark, so that the
// order of the marks on one range is tested, and versions whose changes
// cite.
var updateSite = map[string]string{
	"site.toml": siteTOML + "[versions.v1]\ntitle = \"V1\"\n[versions.v2]\ntitle = \"V2\"\n",
	"seeds/g.txt": "Gamma\n\nPoint 2 says the army is capped.\n\nOfficials said Point 3 was dropped.\n\n" +
		"Again the army is capped, said Point 3.\n",
	"content/sources/gamma.md": "+++\ntitle = \"Gamma\"\nseed = \"g.txt\"\n\n[[gloss]]\nquote = \"Point 2\"\nnote = \"Two [[3]].\"\n\n" +
		"[[gloss]]\nquote = \"Point 2 says the army is capped.\"\nnote = \"Whole.\"\n+++\n",
	"content/points/01.md": "+++\nnumber = 1\ntitle = \"P1\"\nbucket = \"b\"\nsummary = \"S\"\n+++\n\nOne [@gamma, ¶2, \"Point 2\"] [[2]].\n",
	"content/points/02.md": "+++\nnumber = 2\ntitle = \"P2\"\nbucket = \"b\"\nsummary = \"S\"\n\n[position.v1]\nstatus = \"kept\"\ncite = [\"gamma\"]\n+++\n\n" +
		"Two [@gamma, ¶2, \"Point 2\"; @gamma, \"Officials said\"] [@alpha, \"capped at 600,000\"] [[1]] [[3]].\n",
	"content/points/03.md": "+++\nnumber = 3\ntitle = \"P3\"\nbucket = \"b\"\nsummary = \"S\"\n\n[position.v2]\nstatus = \"dropped\"\nnote = \"See [[2]] [@gamma, \\\"dropped\\\"].\"\n+++\n\n" +
		"Three [@gamma, ¶2, \"Point 2 says the army is capped.\"] [@gamma, ¶2, \"Point 2\"] [@beta].\n",
}

// TestUpdateMatchesResolve edits point files one after another, updates
// the model in place, and compares it, by a dump of everything the edit
// can touch, with a model resolved afresh from the same files; a failed
// edit is undone and must leave the model as it was.
func TestUpdateMatchesResolve(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for _, m := range []map[string]string{sources, updateSite} {
		for name, s := range m {
			fsys[name] = &fstest.MapFile{Data: []byte(s)}
		}
	}
	m, _ := resolveFS(t, fsys, &xref.Cache{})
	tests := []struct {
		name, file, old, new string
		problem              string // "" if none
	}{
		{"a quote of a glossed and mentioned passage added", "content/points/01.md", "[[2]].", "[[2]] [@gamma, \"Point 2 says\"] [@gamma, ¶2].", ""},
		{"a cross-reference removed, another added", "content/points/02.md", "[[1]] [[3]]", "[[3]] [[1]]. And [[2]] itself", ""},
		{"a version's cite list", "content/points/02.md", "cite = [\"gamma\"]", "cite = [\"beta\", \"gamma\", \"alpha\"]", ""},
		{"a version's note", "content/points/03.md", "See [[2]] [@gamma, \\\"dropped\\\"].", "See [[1]] [@alpha, \\\"holds, officials\\\"].", ""},
		{"every citation of a point removed", "content/points/01.md", "One [@gamma, ¶2, \"Point 2\"] [[2]] [@gamma, \"Point 2 says\"] [@gamma, ¶2].", "None.", ""},
		{"a quote not found", "content/points/03.md", "[@beta]", "[@beta, \"frozen billions\"]", "not found"},
		{"an unknown source", "content/points/02.md", "[@alpha, \"capped", "[@alpah, \"capped", "unknown source"},
		{"after a failure, an edit", "content/points/02.md", "Two [@gamma", "Two, again, [@gamma", ""},
		{"citations added again", "content/points/01.md", "None.", "One [@gamma, \"Again the army\"] [@gamma, ¶2, \"Point 2\"].", ""},
	}
	for _, tt := range tests {
		data := string(fsys[tt.file].Data)
		if !strings.Contains(data, tt.old) {
			t.Fatalf("%s: %s lacks %q", tt.name, tt.file, tt.old)
		}
		before := dump(m)
		fsys[tt.file] = &fstest.MapFile{Data: []byte(strings.Replace(data, tt.old, tt.new, 1))}
		pt, cds := content.ReloadPoint(fsys, tt.file, content.Options{})
		if pt == nil {
			t.Fatalf("%s: ReloadPoint gave no point", tt.name)
		}
		ds, undo, ok, err := m.Update(context.Background(), []*content.Point{pt})
		if err != nil || !ok {
			t.Fatalf("%s: Update: %v, %v", tt.name, ok, err)
		}
		ds.Add(cds...)
		ds.Sort()
		fresh, all := resolveFS(t, fsys, nil)
		var want diag.List // Update reports the problems of the points it resolves
		for _, d := range all {
			if d.Pos.File == tt.file {
				want.Add(d)
			}
		}
		if ds.Error() != want.Error() {
			t.Errorf("%s: Update reports\n%v\nResolve\n%v", tt.name, ds, want)
		}
		if tt.problem != "" {
			if !strings.Contains(ds.Error(), tt.problem) {
				t.Errorf("%s: problems %v, want %q", tt.name, ds, tt.problem)
			}
			undo()
			if got := dump(m); got != before {
				t.Errorf("%s: undo left\n%s\nwant\n%s", tt.name, got, before)
			}
			fsys[tt.file] = &fstest.MapFile{Data: []byte(data)}
			continue
		}
		if got, want := dump(m), dump(fresh); got != want {
			t.Errorf("%s: the model updated\n%s\nresolved afresh\n%s", tt.name, got, want)
		}
	}
}

// TestUpdateRefuses checks that Update leaves to Resolve what it cannot
// follow.
func TestUpdateRefuses(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for _, m := range []map[string]string{sources, updateSite} {
		for name, s := range m {
			fsys[name] = &fstest.MapFile{Data: []byte(s)}
		}
	}
	m, _ := resolveFS(t, fsys, &xref.Cache{})
	before := dump(m)
	p1 := func(old, new string) *content.Point {
		f := "content/points/01.md"
		saved := fsys[f]
		defer func() { fsys[f] = saved }()
		fsys[f] = &fstest.MapFile{Data: []byte(strings.Replace(updateSite[f], old, new, 1))}
		pt, _ := content.ReloadPoint(fsys, f, content.Options{Drafts: true})
		if pt == nil {
			t.Fatalf("no point for %q", new)
		}
		return pt
	}
	for name, pts := range map[string][]*content.Point{
		"renumbered":         {p1("number = 1", "number = 4")},
		"another bucket":     {p1(`bucket = "b"`, `bucket = "c"`)},
		"made a draft":       {p1(`bucket = "b"`, "bucket = \"b\"\ndraft = true")},
		"the same one twice": {p1("One", "Uno"), p1("One", "Eins")},
		"none":               nil,
	} {
		if _, _, ok, err := m.Update(context.Background(), pts); ok || err != nil {
			t.Errorf("%s: Update = %v, %v; want not ok", name, ok, err)
		}
	}
	if _, _, ok, _ := resolveNoCache(t, fsys).Update(context.Background(), []*content.Point{p1("One", "Uno")}); ok {
		t.Error("Update of a model resolved without a Cache: ok")
	}
	if got := dump(m); got != before {
		t.Errorf("a refused Update changed the model:\n%s\nwant\n%s", got, before)
	}
}

// resolveFS resolves the site in fsys, with cache (nil: none).
func resolveFS(t *testing.T, fsys fstest.MapFS, cache *xref.Cache) (*xref.Model, diag.List) {
	t.Helper()
	in, diags := siteInput(t, fsys)
	in.Cache = cache
	m, ds, err := xref.Resolve(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	diags.Add(ds...)
	diags.Sort()
	return m, diags
}

func resolveNoCache(t *testing.T, fsys fstest.MapFS) *xref.Model {
	m, _ := resolveFS(t, fsys, nil)
	return m
}

// dump writes out what an Update may change: each point's notes,
// cross-references and backlinks, each source's and paragraph's citations
// and marks, the versions' changes, the stats and the record.
func dump(m *xref.Model) string {
	var b strings.Builder
	note := func(n *xref.Note) string {
		s := fmt.Sprintf("%s#%d", n.Page.Path, n.N)
		if n.Source != nil {
			s += "→" + n.Source.ID
		}
		if n.Para != nil {
			s += fmt.Sprintf("¶%d[%d:%d]", n.Para.N, n.Start, n.End)
		}
		return s
	}
	for _, p := range m.Points {
		fmt.Fprintf(&b, "point %d %q prev=%v next=%v\n", p.Number, p.Doc.Title, p.Prev != nil, p.Next != nil)
		for _, n := range p.Doc.Notes {
			fmt.Fprintf(&b, "  note %s\n", note(n))
		}
		for _, s := range p.Sources {
			fmt.Fprintf(&b, "  source %s\n", s.ID)
		}
		for _, x := range p.LinkedFrom {
			fmt.Fprintf(&b, "  linked from %d\n", x.Number)
		}
		for _, x := range p.Related {
			fmt.Fprintf(&b, "  related %d\n", x.Number)
		}
		for _, c := range p.Changes {
			fmt.Fprintf(&b, "  change %s %s %d cites, %d proses\n", c.Version.Key, c.Status, len(c.Cites), len(p.Doc.Proses))
		}
	}
	for _, s := range m.Sources {
		fmt.Fprintf(&b, "source %s\n", s.ID)
		for _, n := range s.CitedBy {
			fmt.Fprintf(&b, "  cited by %s\n", note(n))
		}
		for _, d := range s.Citing {
			fmt.Fprintf(&b, "  citing %s\n", d.Path)
		}
		for _, para := range s.Paras {
			fmt.Fprintf(&b, "  ¶%d pages=%d/%d\n", para.N, para.BacklinkPages(), len(para.Backlinks()))
			for _, n := range para.CitedBy {
				fmt.Fprintf(&b, "    cited by %s\n", note(n))
			}
			for _, sp := range para.Spans {
				what := "?"
				switch {
				case sp.Note != nil:
					what = "note " + note(sp.Note)
				case sp.Gloss != nil:
					what = fmt.Sprintf("gloss %d", sp.Gloss.Index)
				case sp.Point != nil:
					what = fmt.Sprintf("point %d", sp.Point.Number)
				}
				fmt.Fprintf(&b, "    span %d:%d %s\n", sp.Start, sp.End, what)
			}
		}
	}
	for _, v := range m.Versions {
		for _, c := range v.Changes {
			fmt.Fprintf(&b, "version %s: point %d %s\n", v.Key, c.Point.Number, c.Status)
		}
	}
	fmt.Fprintf(&b, "stats %+v\n", m.Stats)
	fmt.Fprintf(&b, "record %s\n", m.RecordData())
	return b.String()
}
