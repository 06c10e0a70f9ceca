package main

import (
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// snapshot records every file, folder and link under root: file → content,
// folder → "dir", link → "-> target".
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			m[p] = "-> " + target
			return err
		case d.IsDir():
			m[p] = "dir"
			return nil
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// smallSite writes a site that builds (the repository's theme and a
// title) under root/site, with notes in a folder of root, and returns the
// site folder.
func smallSite(t *testing.T, root string) string {
	t.Helper()
	src := filepath.Join(root, "site")
	files := map[string]string{
		"site.toml":              "title = \"t\"\nbase_url = \"https://example.org/\"\n",
		"content/about.md":       "+++\ntitle = \"About\"\n+++\nText.\n",
		"seeds/a.txt":            "A seed.\n",
		"cmd/keep.go":            "package keep\n",
		"notes/notes.txt":        "my notes\n",
		"../elsewhere/notes.txt": "other notes\n",
	}
	for name, data := range files {
		p := filepath.Join(src, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	err := os.CopyFS(filepath.Join(src, "themes", "default"), os.DirFS("../../themes/default"))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestOutRefused: every -out that would replace what dossier did not make
// is refused with exit status 2 and a message naming it, and every file
// stays in place. https://github.com/dossier-dev/dossier/issues/8
func TestOutRefused(t *testing.T) {
	t.Parallel()
	links := runtime.GOOS != "windows"
	tests := []struct {
		name  string
		setup func(t *testing.T, root string) // optional, after smallSite
		src   string                          // relative to root
		out   string                          // relative to root, or "" for empty
		force bool
		want  string // the message, with ROOT for root
	}{
		{name: "empty", src: "site", out: "", want: "-out is empty (give the output folder, for example -out public)"},
		{name: "site folder", src: "site", out: "site", want: "-out ROOT/site is the site folder; it would be replaced by the output (choose a folder such as ROOT/site/public)"},
		{name: "site folder with slash", src: "site", out: "site/.", want: "-out ROOT/site is the site folder"},
		{name: "parent", src: "site", out: ".", want: "-out ROOT holds the site folder ROOT/site;"},
		{name: "content", src: "site", out: "site/content", want: "-out ROOT/site/content is the site's content/, which build reads;"},
		{name: "inside content", src: "site", out: "site/content/points", want: "-out ROOT/site/content/points is inside the site's content/, which build reads"},
		{name: "new folder inside seeds", src: "site", out: "site/seeds/new/public", want: "-out ROOT/site/seeds/new/public is inside the site's seeds/"},
		{name: "seeds", src: "site", out: "site/seeds", force: true, want: "-out ROOT/site/seeds is the site's seeds/"},
		{name: "themes", src: "site", out: "site/themes", force: true, want: "-out ROOT/site/themes is the site's themes/"},
		{name: "theme in use", src: "site", out: "site/themes/default", force: true, want: "-out ROOT/site/themes/default is the site's themes/default/, which"},
		{name: "site.toml", src: "site", out: "site/site.toml", force: true, want: "-out ROOT/site/site.toml is the site's site.toml"},
		{name: "folder of notes", src: "site", out: "site/notes", want: "-out ROOT/site/notes holds files that dossier did not make (it has no .dossier-output file) and is inside the site folder;"},
		{name: "cmd", src: "site", out: "site/cmd", want: "-out ROOT/site/cmd holds files that dossier did not make"},
		{name: "cmd with -force", src: "site", out: "site/cmd", force: true, want: "-out ROOT/site/cmd holds files that dossier did not make (it has no .dossier-output file) and is inside the site folder; it would be replaced by the output (choose a new or empty folder; -force replaces only folders outside the site)"},
		{name: "folder outside", src: "site", out: "elsewhere", want: "-out ROOT/elsewhere holds files that dossier did not make (it has no .dossier-output file); it would be replaced by the output (choose a new or empty folder, or pass -force to replace it anyway)"},
		{name: "a file", src: "site", out: "site/notes/notes.txt", force: true, want: "-out ROOT/site/notes/notes.txt is a file, not a folder"},
	}
	if links {
		tests = append(tests, []struct {
			name  string
			setup func(t *testing.T, root string)
			src   string
			out   string
			force bool
			want  string
		}{
			{name: "link to the site", setup: link("site", "public-link"), src: "site", out: "public-link", force: true,
				want: "-out ROOT/public-link is the site folder"},
			{name: "link to the parent", setup: link(".", "site/up"), src: "site", out: "site/up", force: true,
				want: "-out ROOT/site/up holds the site folder"},
			{name: "src through a link", setup: link("site", "site-link"), src: "site-link", out: ".", force: true,
				want: "-out ROOT holds the site folder ROOT/site-link"},
			{name: "link into content", setup: link("site/content", "c"), src: "site", out: "c/new", force: true,
				want: "-out ROOT/c/new is inside the site's content/"},
			{name: "content is a link", setup: moveLink("site/content", "real-content"), src: "site", out: "real-content", force: true,
				want: "-out ROOT/real-content is the site's content/"},
			{name: "theme is a link", setup: moveLink("site/themes/default", "mytheme"), src: "site", out: "mytheme/static", force: true,
				want: "-out ROOT/mytheme/static is inside the site's themes/default/"},
		}...)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root, err := filepath.EvalSymlinks(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			smallSite(t, root)
			if tt.setup != nil {
				tt.setup(t, root)
			}
			before := snapshot(t, root)
			out := ""
			if tt.out != "" {
				out = filepath.Join(root, tt.out)
			}
			args := []string{"build", "-src", filepath.Join(root, tt.src), "-out", out}
			if tt.force {
				args = append(args, "-force")
			}
			code, stdout, stderr := runCmd(t, args...)
			want := "dossier build: " + strings.ReplaceAll(tt.want, "ROOT", root)
			if code != 2 || !strings.HasPrefix(stderr, want) || stdout != "" {
				t.Errorf("build -out %s = %d, stdout %q, stderr %q; want 2 and %q", tt.out, code, stdout, stderr, want)
			}
			if after := snapshot(t, root); !maps.Equal(after, before) {
				t.Errorf("build -out %s changed files:\nbefore %q\nafter  %q", tt.out, before, after)
			}
		})
	}
}

// link returns a setup that makes a symbolic link at name to target, both
// relative to root.
func link(target, name string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		t.Helper()
		rel, err := filepath.Rel(filepath.Dir(filepath.Join(root, name)), filepath.Join(root, target))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(rel, filepath.Join(root, name)); err != nil {
			t.Fatal(err)
		}
	}
}

// moveLink returns a setup that moves the folder from to the folder to and
// leaves a symbolic link to it in its place (both relative to root).
func moveLink(from, to string) func(*testing.T, string) {
	return func(t *testing.T, root string) {
		t.Helper()
		if err := os.Rename(filepath.Join(root, from), filepath.Join(root, to)); err != nil {
			t.Fatal(err)
		}
		link(to, from)(t, root)
	}
}

// TestOutRebuildAndForce: building again into earlier output works, and
// -force replaces a folder outside the site.
func TestOutRebuildAndForce(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	src := smallSite(t, root)
	out := filepath.Join(src, "public")
	for i := range 2 {
		if code, _, stderr := runCmd(t, "build", "-src", src, "-out", out); code != 0 {
			t.Fatalf("build %d = %d\n%s", i+1, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".dossier-output")); err != nil {
		t.Errorf("no marker file in the output: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "about", "index.html")); err != nil {
		t.Errorf("no page in the output: %v", err)
	}
	elsewhere := filepath.Join(root, "elsewhere")
	if code, _, stderr := runCmd(t, "build", "-src", src, "-out", elsewhere, "-force"); code != 0 {
		t.Fatalf("build -force = %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(elsewhere, "notes.txt")); err == nil {
		t.Errorf("build -force kept notes.txt in %s", elsewhere)
	}
	if code, _, stderr := runCmd(t, "build", "-src", src, "-out", elsewhere); code != 0 {
		t.Fatalf("build into forced output = %d\n%s", code, stderr)
	}
}

// TestOutRebuildInPlace: a rebuild leaves the files that did not change as
// they were (same file, same time), writes the page that changed, removes
// the page no longer made, and keeps a file the author put in the output.
// https://github.com/dossier-dev/dossier/issues/10
func TestOutRebuildInPlace(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	src := smallSite(t, root)
	out := filepath.Join(src, "public")
	page := filepath.Join(src, "content", "extra.md")
	if err := os.WriteFile(page, []byte("+++\ntitle = \"Extra\"\n+++\nMore.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build := func(step string) {
		t.Helper()
		if code, _, stderr := runCmd(t, "build", "-src", src, "-out", out); code != 0 {
			t.Fatalf("%s: build = %d\n%s", step, code, stderr)
		}
	}
	info := func(name string) os.FileInfo {
		t.Helper()
		fi, err := os.Stat(filepath.Join(out, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	same := func(a, b os.FileInfo) bool { return os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) }
	build("first build")
	mine := filepath.Join(out, "extra", "mine.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The list in the marker, without the lines of fingerprints, which
	// the rebuild may add (see package publish).
	list := func() string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, ".dossier-output"))
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for line := range strings.Lines(string(data)) {
			if !strings.HasPrefix(line, "/") {
				b.WriteString(line)
			}
		}
		return b.String()
	}
	about, marker := info("about/index.html"), list()

	build("rebuild")
	if !same(about, info("about/index.html")) || list() != marker {
		t.Error("a rebuild of the same site wrote about/index.html again, or changed the list in the marker")
	}

	if err := os.WriteFile(filepath.Join(src, "content", "about.md"), []byte("+++\ntitle = \"About\"\n+++\nOther text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(page); err != nil {
		t.Fatal(err)
	}
	build("rebuild after edits")
	if data, err := os.ReadFile(filepath.Join(out, "about", "index.html")); err != nil || !strings.Contains(string(data), "Other text.") {
		t.Errorf("about/index.html after the edit: %v, without the new text", err)
	}
	if _, err := os.Stat(filepath.Join(out, "extra", "index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("extra/index.html after its page was removed: %v, want it gone", err)
	}
	if data, err := os.ReadFile(mine); err != nil || string(data) != "mine" {
		t.Errorf("the author's extra/mine.txt after the rebuild = %q, %v; want it kept", data, err)
	}
}
