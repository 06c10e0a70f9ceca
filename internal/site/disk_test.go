package site_test

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/sitefs"
)

// TestDiskBuildsAsMemory: a site read from a folder through sitefs.Open
// (which reads plain files and folders its own way on some systems) builds
// to the same files and warnings as the same site read from memory, also
// with names that are odd in a path or a URL.
func TestDiskBuildsAsMemory(t *testing.T) {
	t.Parallel()
	files := bench.Generate(bench.Options{Points: 40})
	for name, text := range map[string]string{
		"content/files/a b#c+d%25.txt": "odd name\n",
		"content/files/naïve é.txt":    "accents\n",
		"content/files/-x,y;z=1.txt":   "punctuation\n",
		"content/files/deep/er/x.txt":  "deep\n",
		"content/files/empty.txt":      "",
		"content/odd name.md":          "+++\ntitle = \"Odd\"\n+++\nA page [@" + firstSource(files) + "].\n",
	} {
		files[name] = []byte(text)
	}
	mem := fstest.MapFS{}
	for name, data := range files {
		mem[name] = &fstest.MapFile{Data: data}
	}
	dir := t.TempDir()
	if err := bench.Write(dir, files); err != nil {
		t.Fatal(err)
	}
	disk, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	want, err := site.Build(t.Context(), mem, site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := site.Build(t.Context(), disk, site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if g, w := names(got.Files), names(want.Files); g != w {
		t.Fatalf("files from disk:\n%s", diff(w, g))
	}
	for name, data := range want.Files {
		if string(got.Files[name]) != string(data) {
			t.Errorf("%s from disk differs:\n%s", name, diff(string(data), string(got.Files[name])))
		}
	}
	if g, w := got.Warnings.Error(), want.Warnings.Error(); g != w {
		t.Errorf("warnings from disk:\n%s", diff(w, g))
	}
	for _, name := range []string{"files/a b#c+d%25.txt", "files/naïve é.txt", "files/deep/er/x.txt", "files/empty.txt"} {
		if _, ok := got.Files[name]; !ok {
			t.Errorf("no output %s", name)
		}
	}
}

// firstSource returns the id of a source of a generated site.
func firstSource(files map[string][]byte) string {
	var ids []string
	for name := range files {
		if id, ok := strings.CutPrefix(name, "content/sources/"); ok {
			ids = append(ids, strings.TrimSuffix(id, ".md"))
		}
	}
	slices.Sort(ids)
	return ids[0]
}

// names lists the names of files, sorted, a line each.
func names(files map[string][]byte) string {
	var ns []string
	for name := range files {
		ns = append(ns, name+"\n")
	}
	slices.Sort(ns)
	return strings.Join(ns, "")
}
