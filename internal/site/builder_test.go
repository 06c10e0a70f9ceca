package site_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/site"
)

// repoMapFS copies the repository's site into memory, so that tests can
// edit it.
func repoMapFS(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, dir := range []string{"site.toml", "content", "seeds", "themes"} {
		err := fs.WalkDir(repoFS(), dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(repoFS(), p)
			m[p] = &fstest.MapFile{Data: b}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// all makes every file of a Builder's result.
func all(t *testing.T, res *site.Result) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range res.Names() {
		b, _, err := res.File(name)
		if err != nil {
			t.Fatalf("File(%s): %v", name, err)
		}
		files[name] = b
	}
	return files
}

// TestBuilderMatchesBuild edits the repository's dossier in the ways an
// author does and checks, after each edit, that what the Builder gives,
// reusing pages it judges unaffected, is byte for byte what a whole build
// gives; and that it reports every file that changed.
func TestBuilderMatchesBuild(t *testing.T) {
	t.Parallel()
	fsys := repoMapFS(t)
	b := site.NewBuilder(fsys, site.Options{})
	first, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	prev := all(t, first)

	edit := func(file, old, new string) {
		t.Helper()
		f := fsys[file]
		if !bytes.Contains(f.Data, []byte(old)) {
			t.Fatalf("%s lacks %q", file, old)
		}
		fsys[file] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(old), []byte(new), 1)}
	}
	tests := []struct {
		name string
		file string
		old  string
		new  string
	}{
		{"a word of commentary", "content/points/26.md", "Everyone is forgiven everything", "Everyone is pardoned everything"},
		{"a new quotation from another source", "content/points/26.md", "**Who benefits.**", `**Who benefits.** Heflin calls the deal "It's amateur hour" [@heflin-conversation, "It's amateur hour"].`},
		{"a citation removed", "content/points/26.md", `[@liga-amnesty-excluded]`, ``},
		{"a new cross-reference", "content/points/06.md", "**What it says.**", "**What it says.** Compare [[26]]."},
		{"an assessment", "content/points/06.md", `assessment = "`, `assessment = "Plainly: `},
		{"a status in another version", "content/points/26.md", "[position.e3]\nstatus = \"dropped\"", "[position.e3]\nstatus = \"changed\""},
		{"a title, which every page shows", "content/points/26.md", `title = "Blanket amnesty"`, `title = "Amnesty for all"`},
		{"a source", "content/sources/heflin-conversation.md", "An interview by", "A conversation by"},
		// Seeds are never edited in a dossier, but the preview must not
		// show a cut or a quote found in the text before the edit.
		{"a seed's text", "seeds/004_0137f7ac30ef6373.txt", "with U.S. delegation members faces", "with U.S. delegation members, as Point 26 says, faces"},
	}
	for _, tt := range tests {
		edit(tt.file, tt.old, tt.new)
		res, err := b.Build(context.Background(), []string{tt.file}, "points/26/index.html")
		if err != nil {
			t.Fatalf("%s: Builder: %v", tt.name, err)
		}
		got := all(t, res)
		want, err := site.Build(context.Background(), fsys, site.Options{})
		if err != nil {
			t.Fatalf("%s: Build: %v", tt.name, err)
		}
		if !slices.Equal(sortedNames(got), sortedNames(want.Files)) {
			t.Fatalf("%s: file lists differ", tt.name)
		}
		for name, w := range want.Files {
			if !bytes.Equal(got[name], w) {
				t.Errorf("%s: %s differs from a whole build:\n%s", tt.name, name, diff(string(w), string(got[name])))
			}
			if !bytes.Equal(prev[name], w) && !slices.Contains(res.Changed, name) {
				t.Errorf("%s: %s changed but is not in Changed", tt.name, name)
			}
		}
		prev = got
	}
}

// TestBuilderReusesPages checks that a commentary edit leaves the pages it
// cannot affect alone, and that the open page is made at once.
func TestBuilderReusesPages(t *testing.T) {
	t.Parallel()
	fsys := repoMapFS(t)
	b := site.NewBuilder(fsys, site.Options{})
	first, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	all(t, first) // as if every page had been served once
	f := "content/points/26.md"
	fsys[f] = &fstest.MapFile{Data: bytes.Replace(fsys[f].Data, []byte("Everyone is forgiven everything"), []byte("All is forgiven"), 1)}
	res, err := b.Build(context.Background(), []string{f}, "points/26/index.html", "points/3/index.html")
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	for _, name := range res.Changed {
		if strings.HasSuffix(name, ".html") {
			pages = append(pages, name)
		}
	}
	if !slices.Contains(pages, "points/26/index.html") || slices.Contains(pages, "points/3/index.html") || len(pages) > 20 {
		t.Errorf("Changed pages = %v, want points/26 and a few pages that list it, not points/3", pages)
	}
}

// TestBuilderChangedIsExact: Changed lists the pages whose bytes changed,
// among those made before, and no page whose bytes are the same, so that
// serve reports what really changed (issue 9).
func TestBuilderChangedIsExact(t *testing.T) {
	t.Parallel()
	fsys := repoMapFS(t)
	b := site.NewBuilder(fsys, site.Options{})
	first, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"points/26/index.html", "points/3/index.html", "index.html"} {
		if _, _, err := first.File(name); err != nil {
			t.Fatal(err)
		}
	}
	f := "content/points/26.md"
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"a word of commentary", "Everyone is forgiven everything", "All is forgiven", []string{"points/26/index.html"}},
		{"a TOML comment", "+++\nnumber = 26", "+++\n# a comment\nnumber = 26", nil},
	}
	for _, tt := range tests {
		data := fsys[f].Data
		if !bytes.Contains(data, []byte(tt.old)) {
			t.Fatalf("%s lacks %q", f, tt.old)
		}
		fsys[f] = &fstest.MapFile{Data: bytes.Replace(data, []byte(tt.old), []byte(tt.new), 1)}
		res, err := b.Build(context.Background(), []string{f})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Changed, tt.want) {
			t.Errorf("%s: Changed = %v, want %v", tt.name, res.Changed, tt.want)
		}
	}
}

// TestBuilderReportsProblems checks that a Builder's failed build reports
// the problem and that the next good one recovers.
func TestBuilderReportsProblems(t *testing.T) {
	t.Parallel()
	fsys := repoMapFS(t)
	b := site.NewBuilder(fsys, site.Options{})
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	f := "content/points/26.md"
	good := fsys[f].Data
	fsys[f] = &fstest.MapFile{Data: bytes.Replace(good, []byte("[[24]]"), []byte("[[42]]"), 1)}
	_, err := b.Build(context.Background(), []string{f})
	var dl diag.List
	if !errors.As(err, &dl) || !strings.Contains(dl.Error(), "unknown point 42") {
		t.Fatalf("Build after a bad edit: %v, want unknown point 42", err)
	}
	fsys[f] = &fstest.MapFile{Data: good}
	res, err := b.Build(context.Background(), []string{f})
	if err != nil {
		t.Fatal(err)
	}
	if data, ok, err := res.File("points/26/index.html"); !ok || err != nil || !bytes.Contains(data, []byte("point 24")) {
		t.Errorf("File(points/26/index.html) after the fix: %v %v", ok, err)
	}
}

// BenchmarkBuilderEdit times what a live preview does when an author saves
// a point: rebuild with the edit and make the open page.
func BenchmarkBuilderEdit(b *testing.B) {
	fsys := repoMapFS(b)
	bl := site.NewBuilder(fsys, site.Options{})
	if _, err := bl.Build(context.Background(), nil); err != nil {
		b.Fatal(err)
	}
	f := "content/points/26.md"
	orig := fsys[f].Data
	i := 0
	for b.Loop() {
		i++
		fsys[f] = &fstest.MapFile{Data: append(bytes.Clone(orig), []byte("\nEdit "+strings.Repeat("x", i%7)+".\n")...)}
		res, err := bl.Build(context.Background(), []string{f}, "points/26/index.html")
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := res.File("points/26/index.html"); err != nil {
			b.Fatal(err)
		}
	}
}
