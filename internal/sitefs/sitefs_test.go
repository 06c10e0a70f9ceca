package sitefs

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"
)

// tree makes a site folder for the tests below: files (name → text) and,
// where the system has them, links (name → target), a named pipe and
// names that are odd or not UTF-8. It returns the folder and every name
// in it, a few names that are not there or not valid, and the files with
// their text.
func tree(t *testing.T) (dir string, names []string, files map[string]string) {
	t.Helper()
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "secret.txt"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir = filepath.Join(root, "site")
	files = map[string]string{
		"site.toml":             "title = \"T\"\n",
		"empty.md":              "",
		"content/a b.md":        "spaces",
		"content/naïve.md":      "accents",
		"content/-dash":         "dash",
		"content/#x#":           "hash",
		"content/%41:x.txt":     "percent, colon",
		"content/back\\slash":   "backslash",
		"content/big.txt":       strings.Repeat("0123456789abcdef", 5000),
		"content/deep/er/x.md":  "deep",
		"content/many/.hidden":  "hidden",
		"content/points/001.md": "+++\nnumber = 1\n+++\n",
	}
	if runtime.GOOS != "windows" {
		files["content/new\nline.txt"] = "newline"
		files["content/bad\xff.txt"] = "not UTF-8"
	}
	// More entries than one getdents call returns.
	for i := range 1200 {
		files[fmt.Sprintf("content/many/file-with-a-long-name-%04d.md", i)] = fmt.Sprint(i)
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	if err := os.MkdirAll(filepath.Join(dir, "content", "emptydir"), 0o755); err != nil {
		t.Fatal(err)
	}
	names = append(names, ".", "content", "content/deep", "content/deep/er", "content/many", "content/emptydir",
		"missing", "content/missing.md", "content/deep/missing/x.md", "content/a b.md/x",
		"", "/site.toml", "../site/site.toml", "content/../site.toml", "content//a b.md", "content/./a b.md", "content/")
	if runtime.GOOS == "windows" {
		return dir, names, files
	}
	for name, target := range map[string]string{
		"content/link.md":      "a b.md",
		"content/linkdir":      "deep",
		"content/up.md":        "../site.toml",
		"content/out.txt":      "../../secret.txt",
		"content/abs.txt":      filepath.Join(root, "secret.txt"),
		"content/nowhere.md":   "missing.md",
		"content/loop":         ".",
		"content/linkdir2":     "../content/deep/er",
		"content/outdir":       "../..",
		"content/self":         "self",
		"content/deep/back.md": "../naïve.md",
	} {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
	}
	names = append(names, "content/linkdir/er/x.md", "content/linkdir2/x.md", "content/outdir/secret.txt",
		"content/outdir/site/site.toml", "content/loop/a b.md", "content/loop/loop/deep/er/x.md")
	if err := mkfifo(filepath.Join(dir, "content", "fifo")); err != nil {
		t.Fatal(err)
	}
	return dir, names, files
}

// errText is an error's text, or "" for none.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestOpenReadsAsRoot: what Open's file system reads, and how it fails,
// is what the os.Root's file system reads and how it fails, for files,
// folders and links of every kind, odd names, names not valid and names
// of nothing.
func TestOpenReadsAsRoot(t *testing.T) {
	t.Parallel()
	dir, names, _ := tree(t)
	fsys, want := open(t, dir)
	for _, name := range names {
		if strings.HasSuffix(name, "fifo") {
			continue // the os.Root would block reading it
		}
		readsAsRoot(t, fsys, want, name, false)
	}
}

// open opens dir with Open, and as an os.Root's file system.
func open(t *testing.T, dir string) (fsys, root fs.FS) {
	t.Helper()
	fsys, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return fsys, r.FS()
}

// readsAsRoot checks that fsys reads name as the os.Root's file system
// root does, as a file and as a folder, and, if fails, that both are
// errors.
func readsAsRoot(t *testing.T, fsys, root fs.FS, name string, fails bool) {
	t.Helper()
	got, gerr := fs.ReadFile(fsys, name)
	w, werr := fs.ReadFile(root, name)
	if !bytes.Equal(got, w) || errText(gerr) != errText(werr) || fails && gerr == nil {
		t.Errorf("ReadFile(%q) = %.20q, %v; want %.20q, %v", name, got, gerr, w, werr)
	}
	gd, gerr := fs.ReadDir(fsys, name)
	wd, werr := fs.ReadDir(root, name)
	if g, w := entries(t, gd), entries(t, wd); g != w || errText(gerr) != errText(werr) || fails && gerr == nil {
		t.Errorf("ReadDir(%q) = %v, want %v:\n%s", name, gerr, werr, lineDiff(g, w))
	}
}

// entries describes the entries of a folder: each one's name, type and
// what Info says.
func entries(t *testing.T, ds []fs.DirEntry) string {
	t.Helper()
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%q %v %v", d.Name(), d.IsDir(), d.Type())
		fi, err := d.Info()
		if err != nil {
			fmt.Fprintf(&b, " %v", err)
		} else {
			fmt.Fprintf(&b, " %q %v %d", fi.Name(), fi.Mode(), fi.Size())
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestOpenFS checks Open's file system with fstest.TestFS.
func TestOpenFS(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, name := range []string{"site.toml", "content/a b.md", "content/deep/er/x.md", "content/many/y.md", "seeds/s.txt"} {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fsys, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(fsys, "site.toml", "content/a b.md", "content/deep/er/x.md", "content/many/y.md", "seeds/s.txt"); err != nil {
		t.Error(err)
	}
}

// TestOpenChanges: files and folders that go away, or are replaced by a
// link out of the site, after the folder is opened are read as the
// os.Root reads them: not found, or refused, and never from outside.
func TestOpenChanges(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir, _, _ := tree(t)
	fsys, want := open(t, dir)
	// Read once, so that anything kept from a read would show.
	for _, name := range []string{"content/deep/er/x.md", "content/a b.md"} {
		if _, err := fs.ReadFile(fsys, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := fs.ReadDir(fsys, "content/deep/er"); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(dir, "content", "deep")); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "content", "a b.md")); err != nil {
		t.Fatal(err)
	}
	// content/deep is now a link out of the site, to a folder holding
	// site/content/deep/er/x.md.
	if err := os.MkdirAll(filepath.Join(dir, "..", "x", "er"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "..", "x", "er", "x.md"), []byte("SECRET"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../../x", filepath.Join(dir, "content", "deep")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"content/deep/er/x.md", "content/a b.md", "content/deep/er", "content/deep"} {
		readsAsRoot(t, fsys, want, name, true)
	}
}

// lineDiff lists the lines of got and want that differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for i := range max(len(g), len(w)) {
		var x, y string
		if i < len(g) {
			x = g[i]
		}
		if i < len(w) {
			y = w[i]
		}
		if x != y {
			fmt.Fprintf(&b, "got  %s\nwant %s\n", x, y)
		}
	}
	return b.String()
}
