package site_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
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

// TestBuilderUpdateMatchesBuild makes, one after another, the edits of
// point files that a Builder follows by updating its model in place, and
// a few that it cannot follow, and checks after each that the Builder
// gives what a fresh build of the same files gives: every file byte for
// byte, the stats and the warnings on success, the same diagnostics on
// failure. The edits build on each other, so that each update starts from
// a model that earlier updates (and undone failures) left.
func TestBuilderUpdateMatchesBuild(t *testing.T) {
	t.Parallel()
	fsys := repoMapFS(t)
	rec, err := fs.ReadFile(repoFS(), "paragraphs.sum")
	if err != nil {
		t.Fatal(err)
	}
	fsys["paragraphs.sum"] = &fstest.MapFile{Data: rec}
	b := site.NewBuilder(fsys, site.Options{})
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	type change struct{ file, old, new string }
	const p26, p06, p24 = "content/points/26.md", "content/points/06.md", "content/points/24.md"
	tests := []struct {
		name    string
		changes []change
		wantErr string // a diagnostic the build must fail with; "" for none
		update  bool   // the model is updated in place
	}{
		{"prose", []change{{p26, "Everyone is forgiven everything", "Everyone is pardoned everything"}}, "", true},
		{"a citation added", []change{{p26, "**Who benefits.**", "**Who benefits.** [@rferl-icc-warrants]"}}, "", true},
		{"a citation removed", []change{{p26, "[@axios-full-text]", ""}}, "", true},
		{"a quote added", []change{{p26, "**What it says.**", `**What it says.** Heflin calls the deal "It's amateur hour" [@heflin-conversation, "It's amateur hour"].`}}, "", true},
		{"a quote removed", []change{{p26, `; @applebaum-murky-plan, "because Russia would not be held accountable for war crimes"`, ""}}, "", true},
		{"a cross-reference added", []change{{p06, "**What it says.**", "**What it says.** Compare [[26]] and [[24]]."}}, "", true},
		{"a cross-reference removed", []change{{p26, "whom [[24]] would", "whom point 24 would"}}, "", true},
		{"a quote made wrong", []change{{p26, `[@applebaum-murky-plan, "have carried out arrests, torture`, `[@applebaum-murky-plan, "have carried out arrests, beatings, torture`}}, "not found in source", true},
		{"another file, while the quote is still wrong", []change{{p06, "Compare [[26]] and [[24]].", "Compare [[26]]."}}, "not found in source", true},
		{"the quote fixed", []change{{p26, `[@applebaum-murky-plan, "have carried out arrests, beatings, torture`, `[@applebaum-murky-plan, "have carried out arrests, torture`}}, "", true},
		{"a title", []change{{p26, `title = "Blanket amnesty"`, `title = "Amnesty for all"`}}, "", true},
		{"a summary", []change{{p24, `summary = "`, `summary = "In short: `}}, "", true},
		{"a paragraph not recorded (a warning)", []change{{p26, "**Who benefits.**", "**Who benefits.** See [@obrien-devastating-plan, ¶5] and [@obrien-devastating-plan, ¶6]."}}, "", true},
		{"a cite list of a version", []change{{p26, `cite = ["reuters-e3-text"]`, `cite = ["reuters-e3-text", "axios-full-text"]`}}, "", true},
		{"a version's note with a cross-reference", []change{{p26, `note = "The European counter-proposal has no amnesty clause."`, `note = "The European counter-proposal has no amnesty clause; compare [[6]]."`}}, "", true},
		{"two files at once", []change{
			{p26, "**Who benefits.** See", "**Who benefits.** [@axios-full-text] See"},
			{p24, "**What it says.**", "**What it says.** See [[26]] [@axios-full-text]."},
		}, "", true},
		{"an unknown source and point", []change{{p24, "See [[26]] [@axios-full-text].", "See [[99]] [@axios-full-txt]."}}, "unknown source", true},
		{"fixed", []change{{p24, "See [[99]] [@axios-full-txt].", "See [[26]] [@axios-full-text]."}}, "", true},
		{"unclosed citation", []change{{p24, "See [[26]] [@axios-full-text].", "See [@axios-full-text"}}, "malformed citation", true},
		{"related points", []change{{p24, "See [@axios-full-text", "See [@axios-full-text]"}, {p26, "related = [24, 27]", "related = [27, 24, 3]"}}, "", true},
		// What an update cannot follow: a full build.
		{"a bucket", []change{{p26, `bucket = "peace"`, `bucket = "guarantees"`}}, "", false},
		{"a front matter error", []change{{p26, `bucket = "guarantees"`, `bucket = `}}, "", false},
		{"the front matter fixed", []change{{p26, `bucket = `, `bucket = "peace"`}}, "", false},
		{"after a full build, an update again", []change{{p26, "Everyone is pardoned everything", "All are pardoned"}}, "", true},
	}
	for _, tt := range tests {
		var files []string
		for _, c := range tt.changes {
			f := fsys[c.file]
			if !bytes.Contains(f.Data, []byte(c.old)) {
				t.Fatalf("%s: %s lacks %q", tt.name, c.file, c.old)
			}
			fsys[c.file] = &fstest.MapFile{Data: bytes.Replace(f.Data, []byte(c.old), []byte(c.new), 1)}
			files = append(files, c.file)
		}
		if tt.name == "a front matter error" {
			tt.wantErr = "content/points/26.md"
		}
		res, err := b.Build(context.Background(), files, "points/26/index.html")
		want, werr := site.Build(context.Background(), fsys, site.Options{})
		if got := site.Updated(b); got != tt.update {
			t.Errorf("%s: updated in place = %v, want %v", tt.name, got, tt.update)
		}
		if tt.wantErr != "" {
			if err == nil || werr == nil {
				t.Fatalf("%s: Builder: %v, Build: %v; want both to fail with %q", tt.name, err, werr, tt.wantErr)
			}
			if err.Error() != werr.Error() || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: the Builder reports\n%v\na whole build\n%v", tt.name, err, werr)
			}
			continue
		}
		if err != nil || werr != nil {
			t.Fatalf("%s: Builder: %v, Build: %v", tt.name, err, werr)
		}
		if res.Warnings.Error() != want.Warnings.Error() {
			t.Errorf("%s: the Builder warns\n%v\na whole build\n%v", tt.name, res.Warnings, want.Warnings)
		}
		if tt.name == "a paragraph not recorded (a warning)" && !strings.Contains(res.Warnings.Error(), "¶5 of source") {
			t.Errorf("%s: no warning of ¶5: %v", tt.name, res.Warnings)
		}
		if !reflect.DeepEqual(res.Stats, want.Stats) {
			t.Errorf("%s: stats %+v, a whole build's %+v", tt.name, res.Stats, want.Stats)
		}
		got := all(t, res)
		if !slices.Equal(sortedNames(got), sortedNames(want.Files)) {
			t.Fatalf("%s: file lists differ", tt.name)
		}
		for name, w := range want.Files {
			if !bytes.Equal(got[name], w) {
				t.Errorf("%s: %s differs from a whole build:\n%s", tt.name, name, diff(string(w), string(got[name])))
			}
		}
	}
}

// TestBuilderServesWhileUpdating makes the files of a build while the next
// build updates its model in place, as a preview does when a page is asked
// for during a rebuild: run with -race, it finds an update that does not
// wait for the files being made.
func TestBuilderServesWhileUpdating(t *testing.T) {
	t.Parallel()
	fsys := repoMapFS(t)
	b := site.NewBuilder(fsys, site.Options{})
	res, err := b.Build(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	f := "content/points/26.md"
	orig := fsys[f].Data
	for i := range 3 {
		served := make(chan error)
		go func(res *site.Result) {
			// The pages that show point 26's notes, and the exports of
			// the whole model.
			for _, name := range []string{"dossier.json", "points/26/index.html", "sources/axios-full-text/index.html", "print/index.html"} {
				if _, _, err := res.File(name); err != nil {
					served <- err
					return
				}
			}
			served <- nil
		}(res)
		fsys[f] = &fstest.MapFile{Data: fmt.Appendf(bytes.Clone(orig), "\nEdit %d [@axios-full-text] [[%d]].\n", i, 3+i)}
		next, err := b.Build(context.Background(), []string{f})
		if err := <-served; err != nil {
			t.Fatal(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		if !site.Updated(b) {
			t.Fatal("the build did not update the model in place")
		}
		res = next
	}
}
