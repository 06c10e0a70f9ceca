package publish

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// walk calls f for each file and directory under dir with its path and
// its slash path from dir, which ends in "/" for a directory.
func walk(t *testing.T, dir string, f func(p, rel string) error) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			rel += "/"
		}
		return f(p, rel)
	})
	if err != nil {
		t.Fatalf("read tree %s: %v", dir, err)
	}
}

// tree returns the files under dir, by slash path; directories map to nil.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := make(map[string][]byte)
	walk(t, dir, func(p, rel string) error {
		if strings.HasSuffix(rel, "/") {
			m[rel] = nil
			return nil
		}
		data, err := os.ReadFile(p)
		if rel == Marker {
			data = withoutFingerprints(data)
		}
		m[rel] = data
		return err
	})
	return m
}

// withoutFingerprints returns the text of a Marker without the lines of
// fingerprints, which depend on the file system and the clock.
func withoutFingerprints(marker []byte) []byte {
	var b []byte
	for line := range bytes.Lines(marker) {
		if !bytes.HasPrefix(line, []byte(fingerprintPrefix)) {
			b = append(b, line...)
		}
	}
	return b
}

// listing returns the names in dir, sorted.
func listing(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// withDirs returns files plus an entry "d/" for each directory that holds
// them, as tree reports them, and the marker file.
func withDirs(files map[string][]byte) map[string][]byte {
	m := maps.Clone(files)
	m[Marker] = markerText(slices.Sorted(maps.Keys(files)), true, nil)
	for name := range files {
		for d := filepath.ToSlash(filepath.Dir(name)); d != "."; d = filepath.ToSlash(filepath.Dir(d)) {
			m[d+"/"] = nil
		}
	}
	return m
}

// previous writes an earlier build into root/public and returns its tree.
func previous(t *testing.T, root string) map[string][]byte {
	t.Helper()
	old := map[string][]byte{
		"index.html":           []byte("old home"),
		"points/26/index.html": []byte("old point"),
		"stale/index.html":     []byte("gone next time"),
	}
	if err := Write(t.Context(), filepath.Join(root, "public"), old, Options{}); err != nil {
		t.Fatalf("Write(previous build) = %v", err)
	}
	return tree(t, filepath.Join(root, "public"))
}

func TestWriteTree(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{
		"index.html":           []byte("<h1>home</h1>"),
		"points/26/index.html": []byte("<p id=p1>amnesty</p>"),
		"sources/x/index.html": []byte("source"),
		"feed.xml":             []byte("<feed/>"),
		"empty.txt":            {},
	}
	root := t.TempDir()
	dir := filepath.Join(root, "out", "public") // parent does not exist yet
	if err := Write(t.Context(), dir, files, Options{}); err != nil {
		t.Fatalf("Write() = %v, want nil", err)
	}
	if got, want := tree(t, dir), withDirs(files); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Write() = %q, want %q", got, want)
	}
	if got := listing(t, filepath.Join(root, "out")); !slices.Equal(got, []string{"public"}) {
		t.Errorf("parent after Write() holds %q, want only public", got)
	}
	if runtime.GOOS == "windows" {
		return // no Unix permission bits
	}
	for p, want := range map[string]fs.FileMode{".": 0o755, "points": 0o755, "points/26/index.html": 0o644} {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Fatal(err)
		}
		// The umask may take bits away, never add them; MkdirTemp's
		// private 0700 must not survive on the root.
		if got := fi.Mode().Perm(); got&^want != 0 || p == "." && got != want {
			t.Errorf("mode of %s = %v, want %v", p, got, want)
		}
	}
}

func TestWriteReplacesPrevious(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	previous(t, root)
	files := map[string][]byte{
		"index.html":           []byte("new home"),
		"points/26/index.html": []byte("new point"),
	}
	dir := filepath.Join(root, "public")
	if err := Write(t.Context(), dir, files, Options{}); err != nil {
		t.Fatalf("Write() = %v, want nil", err)
	}
	if got, want := tree(t, dir), withDirs(files); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Write() = %q, want %q", got, want)
	}
	if got := listing(t, root); !slices.Equal(got, []string{"public"}) {
		t.Errorf("parent after Write() holds %q, want only public", got)
	}
}

// TestWriteFailureKeepsPrevious makes the write fail halfway, after the file
// "a" is written and when "a/b" needs "a" to be a directory.
func TestWriteFailureKeepsPrevious(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	want := previous(t, root)
	files := map[string][]byte{
		"0.html": []byte("written first"),
		"a":      []byte("a file"),
		"a/b":    []byte("needs a directory a"),
	}
	err := Write(t.Context(), filepath.Join(root, "public"), files, Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "publish: write a/b: ") {
		t.Fatalf("Write() = %v, want an error for a/b", err)
	}
	if got := tree(t, filepath.Join(root, "public")); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after failed Write() = %q, want it unchanged: %q", got, want)
	}
	if got := listing(t, root); !slices.Equal(got, []string{"public"}) {
		t.Errorf("parent after failed Write() holds %q, want only public", got)
	}
}

func TestWriteCancelled(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string][]byte
	}{
		{"some files", map[string][]byte{"index.html": []byte("new"), "b/index.html": []byte("new")}},
		{"no files", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			want := previous(t, root)
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			err := Write(ctx, filepath.Join(root, "public"), tt.files, Options{})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("Write(cancelled) = %v, want context.Canceled", err)
			}
			if got := tree(t, filepath.Join(root, "public")); !maps.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("tree after cancelled Write() = %q, want it unchanged: %q", got, want)
			}
			if got := listing(t, root); !slices.Equal(got, []string{"public"}) {
				t.Errorf("parent after cancelled Write() holds %q, want only public", got)
			}
		})
	}
}

func TestWriteRejectsBadPaths(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path string
		want string
	}{
		{"empty", "", "publish: empty file path"},
		{"absolute", "/etc/passwd", `publish: file path "/etc/passwd" is absolute`},
		{"parent", "../x.html", `publish: file path "../x.html" contains ..`},
		{"inner parent", "a/../../x.html", `publish: file path "a/../../x.html" contains ..`},
		{"dot", ".", `publish: file path "." is not clean`},
		{"dot prefix", "./a.html", `publish: file path "./a.html" is not clean`},
		{"double slash", "a//b.html", `publish: file path "a//b.html" is not clean`},
		{"trailing slash", "a/", `publish: file path "a/" is not clean`},
		{"backslash", `a\b.html`, `publish: file path "a\\b.html" contains a backslash`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			files := map[string][]byte{"index.html": []byte("ok"), tt.path: []byte("bad")}
			err := Write(t.Context(), filepath.Join(root, "public"), files, Options{})
			if err == nil || err.Error() != tt.want {
				t.Errorf("Write(%q) = %v, want %s", tt.path, err, tt.want)
			}
			if got := listing(t, root); len(got) != 0 {
				t.Errorf("parent after rejected Write() holds %q, want nothing", got)
			}
		})
	}
}

func TestWriteThroughSymlink(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	previous(t, root)
	link := filepath.Join(root, "site")
	if err := os.Symlink("public", link); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"index.html": []byte("new home")}
	if err := Write(t.Context(), link, files, Options{}); err != nil {
		t.Fatalf("Write(symlink) = %v, want nil", err)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("after Write(), %s is no longer a symbolic link (%v)", link, err)
	}
	if got, want := tree(t, filepath.Join(root, "public")), withDirs(files); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Write(symlink) = %q, want %q", got, want)
	}
}

func TestWriteRefusesFile(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	if err := os.WriteFile(dir, []byte("not a directory"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := Write(t.Context(), dir, map[string][]byte{"index.html": []byte("new")}, Options{})
	if err == nil || !strings.HasSuffix(err.Error(), "is not a directory") {
		t.Errorf("Write(file) = %v, want a not-a-directory error", err)
	}
	if got := listing(t, root); !slices.Equal(got, []string{"public"}) {
		t.Errorf("parent after refused Write() holds %q, want only public", got)
	}
	if data, err := os.ReadFile(dir); err != nil || string(data) != "not a directory" {
		t.Errorf("file after refused Write() = %q, %v; want it unchanged", data, err)
	}
}

// TestWriteRefusesUnmarked: a folder that holds files but was not made by
// dossier is refused, file for file unchanged, unless Force says otherwise.
// https://github.com/dossier-dev/dossier/issues/8
func TestWriteRefusesUnmarked(t *testing.T) {
	t.Parallel()
	files := map[string][]byte{"index.html": []byte("new")}
	for _, force := range []bool{false, true} {
		t.Run(map[bool]string{false: "refused", true: "forced"}[force], func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			dir := filepath.Join(root, "notes")
			if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "sub", "notes.txt"), []byte("mine"), 0o644); err != nil {
				t.Fatal(err)
			}
			want := tree(t, dir)
			if err := Check(dir, Options{Force: force}); (err == nil) != force {
				t.Errorf("Check(Force: %v) = %v", force, err)
			}
			err := Write(t.Context(), dir, files, Options{Force: force})
			if force {
				if err != nil {
					t.Fatalf("Write(Force) = %v, want nil", err)
				}
				want := withDirs(files)
				if got := tree(t, dir); !maps.EqualFunc(got, want, bytes.Equal) {
					t.Errorf("tree after Write(Force) = %q, want %q", got, want)
				}
				return
			}
			var nerr *NotOutputError
			if !errors.As(err, &nerr) {
				t.Fatalf("Write() = %v, want a NotOutputError", err)
			}
			if got := err.Error(); got != "publish: "+dir+" is not empty and was not made by dossier build (it has no .dossier-output file)" {
				t.Errorf("Write() = %s", got)
			}
			if got := tree(t, dir); !maps.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("tree after refused Write() = %q, want it unchanged: %q", got, want)
			}
			if got := listing(t, root); !slices.Equal(got, []string{"notes"}) {
				t.Errorf("parent after refused Write() holds %q, want only notes", got)
			}
		})
	}
}

func TestWriteIntoEmptyFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	files := map[string][]byte{"index.html": []byte("new")}
	if err := Write(t.Context(), dir, files, Options{}); err != nil {
		t.Fatalf("Write(empty folder) = %v, want nil", err)
	}
	if got, want := tree(t, dir), withDirs(files); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Write() = %q, want %q", got, want)
	}
}

// TestWriteRemovesLeftovers: the temporary and set-aside folders of builds
// killed earlier go; other names, and a folder a running build holds, stay.
func TestWriteRemovesLeftovers(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("without flock(2), leftovers are told by their age")
	}
	root := t.TempDir()
	previous(t, root)
	dirs := map[string]bool{ // name → removed
		".public.tmp-123456":  true,
		".public.old-98765":   true,
		".public.tmp-held":    false, // not a name MkdirTemp makes
		".public.tmp-":        false,
		".other.tmp-123":      false,
		".public.tmp-777":     false, // held by a running build, below
		"public.tmp-1":        false,
		".public.old-12/deep": true,
	}
	for name := range dirs {
		if err := os.MkdirAll(filepath.Join(root, name), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, name, "f"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	unlock, err := lock(filepath.Join(root, ".public.tmp-777"))
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if err := Write(t.Context(), filepath.Join(root, "public"), map[string][]byte{"index.html": []byte("new")}, Options{}); err != nil {
		t.Fatalf("Write() = %v, want nil", err)
	}
	for name, removed := range dirs {
		_, err := os.Stat(filepath.Join(root, name))
		if gone := errors.Is(err, fs.ErrNotExist); gone != removed {
			t.Errorf("after Write(), %s removed = %v, want %v", name, gone, removed)
		}
	}
}

// TestOutputStreams writes files from several goroutines into an Output:
// nothing shows in the output directory until Commit, and Abort leaves the
// previous output as it was.
func TestOutputStreams(t *testing.T) {
	t.Parallel()
	parent := t.TempDir()
	dir := filepath.Join(parent, "public")
	prev := map[string][]byte{"old.html": []byte("old")}
	if err := Write(context.Background(), dir, prev, Options{}); err != nil {
		t.Fatal(err)
	}
	prev = tree(t, dir)
	files := map[string][]byte{}
	for i := range 50 {
		files[filepath.ToSlash(filepath.Join("p", string(rune('a'+i%5)), strings.Repeat("x", i+1)+".html"))] = []byte{byte(i)}
	}

	for _, commit := range []bool{false, true} {
		o, err := Begin(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		names := slices.Sorted(maps.Keys(files))
		errs := make(chan error, len(names))
		for _, name := range names {
			go func() { errs <- o.Write(name, files[name]) }()
		}
		for range names {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		if got := tree(t, dir); !maps.EqualFunc(got, prev, bytes.Equal) {
			t.Fatalf("output before Commit = %v, want the previous output", slices.Sorted(maps.Keys(got)))
		}
		if !commit {
			if err := o.Abort(); err != nil {
				t.Fatal(err)
			}
			if got := listing(t, parent); !slices.Equal(got, []string{"public"}) {
				t.Errorf("after Abort the parent holds %v, want [public]", got)
			}
			continue
		}
		if err := o.Commit(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := withDirs(files)
		if got := tree(t, dir); !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("output after Commit = %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
		if err := o.Write("late.html", nil); err == nil {
			t.Error("Write after Commit succeeded")
		}
	}
	if got := tree(t, dir); len(got) == 0 || got["old.html"] != nil {
		t.Errorf("output = %v, want the committed files only", slices.Sorted(maps.Keys(got)))
	}
}

func TestOutputRejectsBadPath(t *testing.T) {
	t.Parallel()
	o, err := Begin(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	for _, name := range []string{"../x", "/x", "a/../b", ""} {
		if err := o.Write(name, nil); err == nil {
			t.Errorf("Write(%q) succeeded", name)
		}
	}
}

// begin begins an output for dir and stages files in it.
func begin(t *testing.T, dir string, files map[string][]byte) *Output {
	t.Helper()
	o, err := Begin(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := o.Write(name, files[name]); err != nil {
			t.Fatal(errors.Join(err, o.Abort()))
		}
	}
	return o
}

// rebuild writes an earlier build into root/public (previous) and begins a
// new one there, which stages a new home page; it returns the output
// directory, the earlier build's tree and the new Output.
func rebuild(t *testing.T, root string) (string, map[string][]byte, *Output) {
	t.Helper()
	before := previous(t, root)
	dir := filepath.Join(root, "public")
	return dir, before, begin(t, dir, map[string][]byte{"index.html": []byte("new home")})
}

// unlocked fails the test if something holds the lock on the output dir.
func unlocked(t *testing.T, dir, after string) {
	t.Helper()
	unlock, err := tryLock(dir)
	if err != nil {
		t.Fatalf("output still locked after %s: %v", after, err)
	}
	unlock()
}

// TestPrepareAbort prepares the commit of a rebuild, which locks the output
// and plans the update, then aborts: the output is as it was, and its lock
// is free again.
func TestPrepareAbort(t *testing.T) {
	t.Parallel()
	dir, want, o := rebuild(t, t.TempDir())
	o.Prepare(t.Context())
	if o.prep.err != nil || o.prep.plan == nil || o.prep.unlock == nil {
		t.Fatalf("Prepare of a rebuild: error %v, plan %v, locked %v; want a plan, locked", o.prep.err, o.prep.plan != nil, o.prep.unlock != nil)
	}
	if err := o.Abort(); err != nil {
		t.Fatalf("Abort() = %v", err)
	}
	if got := tree(t, dir); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Prepare, Abort = %q, want it unchanged: %q", got, want)
	}
	unlocked(t, dir, "Prepare, Abort")
}

// TestPrepareCommit commits after Prepare (as a build does, preparing
// while it checks its links): the same output as Commit alone, the
// previous build's stale file gone. A problem Prepare finds, before it
// locks the output (a file not closed) or after (a file that dossier did
// not make in the way), is Commit's error; the output stays as it was,
// and its lock is free again.
func TestPrepareCommit(t *testing.T) {
	t.Parallel()
	dir, _, o := rebuild(t, t.TempDir())
	files := map[string][]byte{
		"index.html":           []byte("new home"),
		"points/26/index.html": []byte("new point"),
		"points/27/index.html": []byte("another point"),
	}
	for _, name := range []string{"points/26/index.html", "points/27/index.html"} {
		if err := o.Write(name, files[name]); err != nil {
			t.Fatal(err)
		}
	}
	o.Prepare(t.Context())
	if err := o.Commit(t.Context()); err != nil {
		t.Fatalf("Commit() after Prepare = %v", err)
	}
	if got, want := tree(t, dir), withDirs(files); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Prepare, Commit = %q, want %q", got, want)
	}

	if err := os.WriteFile(filepath.Join(dir, "notes"), []byte("not dossier's"), 0o644); err != nil {
		t.Fatal(err)
	}
	committed := tree(t, dir)
	for _, tt := range []struct {
		stage func(o *Output) error
		want  string
	}{
		{func(o *Output) error { _, err := o.Create("open.json"); return err }, "open.json not closed"},
		{func(o *Output) error { return o.Write("notes/index.html", nil) }, "notes in the output is a file that dossier did not make"},
	} {
		o := begin(t, dir, nil)
		if err := tt.stage(o); err != nil {
			t.Fatal(err)
		}
		o.Prepare(t.Context())
		if err := o.Commit(t.Context()); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Commit() after Prepare = %v, want %s", err, tt.want)
		}
		if got := tree(t, dir); !maps.EqualFunc(got, committed, bytes.Equal) {
			t.Errorf("tree after a failed Commit = %q, want it unchanged: %q", got, committed)
		}
		unlocked(t, dir, "a failed Commit")
	}
}
