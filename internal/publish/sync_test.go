package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// stat returns the file info of every file and directory under dir, by
// slash path as tree names them.
func stat(t *testing.T, dir string) map[string]fs.FileInfo {
	t.Helper()
	m := make(map[string]fs.FileInfo)
	walk(t, dir, func(p, rel string) error {
		fi, err := os.Lstat(p)
		m[rel] = fi
		return err
	})
	return m
}

// untouched returns the paths of before that are still the same file, with
// the same modification time, in after.
func untouched(before, after map[string]fs.FileInfo) []string {
	var same []string
	for p, fi := range before {
		if a, ok := after[p]; ok && os.SameFile(fi, a) && fi.ModTime().Equal(a.ModTime()) {
			same = append(same, p)
		}
	}
	slices.Sort(same)
	return same
}

// checkUntouched reports an error unless every path of before but those
// in changed is untouched in after.
func checkUntouched(t *testing.T, before, after map[string]fs.FileInfo, changed []string) {
	t.Helper()
	var want []string
	for p := range before {
		if !slices.Contains(changed, p) {
			want = append(want, p)
		}
	}
	slices.Sort(want)
	if got := untouched(before, after); !slices.Equal(got, want) {
		t.Errorf("untouched after the build = %q, want %q", got, want)
	}
}

// files is a short way to write a set of output files.
func files(kv ...string) map[string][]byte {
	m := make(map[string][]byte)
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = []byte(kv[i+1])
	}
	return m
}

// put writes the files of m under dir, as someone else would.
func put(t *testing.T, dir string, m map[string][]byte) {
	t.Helper()
	for name, data := range m {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var prevFiles = files(
	"index.html", "home",
	"a/index.html", "a",
	"a/b/index.html", "ab",
	"gone/index.html", "g",
	"gone/deep/x.css", "x",
	"was-file", "f",
	"was-dir/index.html", "d",
	"search/0.json", "0",
)

// TestUpdate rebuilds into an earlier output (prevFiles) after someone put
// foreign files in it: the output ends as the new files plus the foreign
// ones, and every file and folder that did not have to change is the same
// file with the same time as before.
func TestUpdate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		foreign map[string][]byte // put into the output after the first build
		next    map[string][]byte
		// changed lists the paths that may be other files afterwards, or
		// gone, or folders whose files changed; every other path of the
		// first output must be untouched.
		changed []string
		wantErr string // non-empty: the build fails and nothing changes
	}{
		{
			// The marker may record the files' fingerprints (see
			// TestFingerprints for a rebuild that writes nothing).
			name:    "identical",
			next:    prevFiles,
			changed: []string{Marker},
		},
		{
			name:    "one page changed",
			next:    with(prevFiles, "a/index.html", "a, changed"),
			changed: []string{"a/index.html", Marker},
		},
		{
			name:    "same size, other bytes",
			next:    with(prevFiles, "a/b/index.html", "AB"),
			changed: []string{"a/b/index.html", Marker},
		},
		{
			name:    "pages no longer made",
			next:    without(prevFiles, "gone/index.html", "gone/deep/x.css"),
			changed: []string{"gone/", "gone/index.html", "gone/deep/", "gone/deep/x.css", Marker},
		},
		{
			name:    "a new page in a new folder",
			next:    with(prevFiles, "new/deep/index.html", "new"),
			changed: []string{Marker},
		},
		{
			name:    "foreign files are kept",
			foreign: files("notes.txt", "mine", "gone/deep/mine.txt", "mine too"),
			next:    without(prevFiles, "gone/index.html", "gone/deep/x.css"),
			changed: []string{"gone/", "gone/index.html", "gone/deep/", "gone/deep/x.css", Marker},
		},
		{
			name:    "a file of dossier becomes a folder",
			next:    with(without(prevFiles, "was-file"), "was-file/index.html", "now a folder"),
			changed: []string{"was-file", Marker},
		},
		{
			name:    "a folder of dossier becomes a file",
			next:    with(without(prevFiles, "was-dir/index.html"), "was-dir", "now a file"),
			changed: []string{"was-dir/", "was-dir/index.html", Marker},
		},
		{
			name:    "a foreign file in the way",
			foreign: files("extra", "mine"),
			next:    with(prevFiles, "extra/index.html", "needs a folder extra"),
			wantErr: "publish: write extra/index.html: extra in the output is a file that dossier did not make (remove it)",
		},
		{
			name:    "a foreign folder in the way",
			foreign: files("extra/notes.txt", "mine"),
			next:    with(prevFiles, "extra", "needs a file extra"),
			wantErr: "publish: write extra: extra in the output is a folder that holds extra/notes.txt, which dossier did not make (remove it)",
		},
		{
			name:    "a foreign file among stale ones in the way",
			foreign: files("was-dir/notes.txt", "mine"),
			next:    with(without(prevFiles, "was-dir/index.html"), "was-dir", "needs a file was-dir"),
			wantErr: "publish: write was-dir: was-dir in the output is a folder that holds was-dir/notes.txt, which dossier did not make (remove it)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "public")
			if err := Write(t.Context(), dir, prevFiles, Options{}); err != nil {
				t.Fatal(err)
			}
			put(t, dir, tt.foreign)
			beforeTree, before := tree(t, dir), stat(t, dir)

			err := Write(t.Context(), dir, tt.next, Options{})
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Fatalf("Write() = %v, want %s", err, tt.wantErr)
				}
				if got := tree(t, dir); !maps.EqualFunc(got, beforeTree, bytes.Equal) {
					t.Errorf("tree after failed Write() = %q, want it unchanged: %q", got, beforeTree)
				}
				if got, want := untouched(before, stat(t, dir)), slices.Sorted(maps.Keys(before)); !slices.Equal(got, want) {
					t.Errorf("untouched after failed Write() = %q, want all of %q", got, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Write() = %v", err)
			}
			want := withDirs(tt.next)
			if tt.foreign != nil {
				maps.Copy(want, withDirs(tt.foreign))
			}
			want[Marker] = markerText(slices.Sorted(maps.Keys(tt.next)), true, nil)
			if got := tree(t, dir); !maps.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("tree after Write() = %q, want %q", got, want)
			}
			checkUntouched(t, before, stat(t, dir), tt.changed)
			if got := listing(t, filepath.Dir(dir)); !slices.Equal(got, []string{"public"}) {
				t.Errorf("parent after Write() holds %q, want only public", got)
			}
		})
	}
}

// TestUpdateRepairsTouchedFiles: files of dossier's that another program
// changed since the last build (other bytes of the same size written in
// place, a new file put in the place of one, a file cut short) are written
// again by a build that makes the same files, and every other file is left
// alone.
func TestUpdateRepairsTouchedFiles(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "public")
	if err := Write(t.Context(), dir, prevFiles, Options{}); err != nil {
		t.Fatal(err)
	}
	put(t, dir, files("a/b/index.html", "AB", "a/index.html", ""))
	if err := os.Remove(filepath.Join(dir, "index.html")); err != nil {
		t.Fatal(err)
	}
	put(t, dir, files("index.html", "HOME"))
	before := stat(t, dir)

	if err := Write(t.Context(), dir, prevFiles, Options{}); err != nil {
		t.Fatalf("Write() = %v", err)
	}
	if got, want := tree(t, dir), withDirs(prevFiles); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Write() = %q, want %q", got, want)
	}
	checkUntouched(t, before, stat(t, dir), []string{"a/b/index.html", "a/index.html", "index.html", Marker})
}

// TestUpdateThroughLinks: a file of the output that is also a hard link
// elsewhere (a snapshot made with cp -al), or that someone replaced with a
// symbolic link, is replaced, not written through: what the link leads to
// keeps its bytes.
func TestUpdateThroughLinks(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("links need privileges on Windows")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	if err := Write(t.Context(), dir, prevFiles, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(filepath.Join(dir, "a", "index.html"), filepath.Join(root, "snapshot.html")); err != nil {
		t.Fatal(err)
	}
	put(t, dir, files("mine.html", "mine"))
	if err := os.Remove(filepath.Join(dir, "index.html")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("mine.html", filepath.Join(dir, "index.html")); err != nil {
		t.Fatal(err)
	}
	next := with(with(prevFiles, "a/index.html", "a, new"), "index.html", "home, new")
	if err := Write(t.Context(), dir, next, Options{}); err != nil {
		t.Fatal(err)
	}
	want := withDirs(next)
	want["mine.html"] = []byte("mine")
	if got := tree(t, dir); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Write() = %q, want %q", got, want)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "index.html")); err != nil || !fi.Mode().IsRegular() {
		t.Errorf("index.html after Write() is not a file: %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(root, "snapshot.html")); string(data) != "a" {
		t.Errorf("hard link elsewhere after Write() = %q, want the old bytes", data)
	}
}

// TestStaleThroughLink: a folder of dossier's that someone replaced with a
// link to a folder of theirs is not walked into to remove stale files, and
// the link stays.
func TestStaleThroughLink(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	dir := filepath.Join(t.TempDir(), "public")
	if err := Write(t.Context(), dir, prevFiles, Options{}); err != nil {
		t.Fatal(err)
	}
	put(t, dir, files("mine/x.css", "mine"))
	if err := os.RemoveAll(filepath.Join(dir, "gone", "deep")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../mine", filepath.Join(dir, "gone", "deep")); err != nil {
		t.Fatal(err)
	}
	if err := Write(t.Context(), dir, without(prevFiles, "gone/index.html", "gone/deep/x.css"), Options{}); err != nil {
		t.Fatal(err)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "mine", "x.css")); err != nil || string(data) != "mine" {
		t.Errorf("mine/x.css after Write() = %q, %v; want it kept", data, err)
	}
	if fi, err := os.Lstat(filepath.Join(dir, "gone", "deep")); err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link gone/deep after Write(): %v, want it kept", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "gone", "index.html")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("gone/index.html after Write(): %v, want it removed", err)
	}
}

func with(m map[string][]byte, name, data string) map[string][]byte {
	m = maps.Clone(m)
	m[name] = []byte(data)
	return m
}

func without(m map[string][]byte, names ...string) map[string][]byte {
	m = maps.Clone(m)
	for _, n := range names {
		delete(m, n)
	}
	return m
}

// errCrash stands for a build killed in the middle of its sync.
var errCrash = errors.New("killed")

// TestInterruptedUpdate stops a build after each number of changes to the
// output in turn (leaving a half-written temporary file, as a kill would)
// and checks that the next build, which makes yet other files, leaves the
// output exactly right: its files, the foreign file, no file of the
// stopped build, and no temporary file.
func TestInterruptedUpdate(t *testing.T) {
	t.Parallel()
	prev := prevFiles
	stopped := with(with(without(prev, "gone/index.html", "was-file"), "a/index.html", "a, changed"), "only-stopped/index.html", "made by the stopped build only")
	next := with(without(prev, "gone/deep/x.css"), "new/index.html", "new")
	foreign := files("gone/notes.txt", "mine")
	for stop := 0; ; stop++ {
		dir := filepath.Join(t.TempDir(), "public")
		if err := Write(t.Context(), dir, prev, Options{}); err != nil {
			t.Fatal(err)
		}
		put(t, dir, foreign)
		o := begin(t, dir, stopped)
		var calls atomic.Int32
		o.hook = func(op, name string) error {
			if int(calls.Add(1)) <= stop {
				return nil
			}
			if op == "write" {
				// A crash mid-write leaves half a temporary file. The
				// hook runs on the commit's workers, where t.Fatal must
				// not be called: an error here fails the errCrash check.
				p := filepath.Join(dir, filepath.FromSlash(tmpName(name)))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					return err
				}
				if err := os.WriteFile(p, []byte("half"), 0o644); err != nil {
					return err
				}
			}
			return errCrash
		}
		err := o.Commit(t.Context())
		if err == nil {
			// Not stopped: every case is done. The stopped build has
			// two files to remove and two to write.
			if stop != 4 {
				t.Fatalf("the build made %d changes, want 4", stop)
			}
			break
		}
		if !errors.Is(err, errCrash) {
			t.Fatalf("stop %d: Commit() = %v, want the crash", stop, err)
		}
		m, err := readMarker(dir)
		if err != nil || m == nil || m.complete {
			t.Fatalf("stop %d: marker after the crash = %+v, %v; want an incomplete one", stop, m, err)
		}

		if err := Write(t.Context(), dir, next, Options{}); err != nil {
			t.Fatalf("stop %d: Write() after the crash = %v", stop, err)
		}
		want := withDirs(next)
		maps.Copy(want, withDirs(foreign))
		want[Marker] = markerText(slices.Sorted(maps.Keys(next)), true, nil)
		if got := tree(t, dir); !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("stop %d: tree after the repair = %q, want %q", stop, got, want)
		}
	}
}

// TestLegacyMarker: an output whose marker lists no files (from a dossier
// that swapped whole trees) is replaced whole, as that marker promised, and
// gets a list.
func TestLegacyMarker(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "public")
	put(t, dir, files(Marker, "This folder was made by dossier build; the next build replaces it whole.\n", "old/index.html", "old"))
	next := files("index.html", "new")
	if err := Write(t.Context(), dir, next, Options{}); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, dir), withDirs(next); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Write() = %q, want %q", got, want)
	}
}

// TestMarkerNamesStayInside: names in a marker edited by hand that are not
// output paths are never removed.
func TestMarkerNamesStayInside(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	if err := Write(t.Context(), dir, files("index.html", "home"), Options{}); err != nil {
		t.Fatal(err)
	}
	put(t, root, files("secret", "keep", "public/.dossier-tmp-x", "keep"))
	if runtime.GOOS != "windows" {
		if err := os.Symlink(root, filepath.Join(dir, "up")); err != nil {
			t.Fatal(err)
		}
	}
	marker := string(markerText([]string{"index.html"}, false, nil)) + "../secret\n/secret\n" + filepath.Join(root, "secret") + "\nup/secret\n.dossier-tmp-x\n"
	put(t, dir, files(Marker, marker))
	if err := Write(t.Context(), dir, files("index.html", "home"), Options{}); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"secret", "public/.dossier-tmp-x"} {
		if data, err := os.ReadFile(filepath.Join(root, p)); err != nil || string(data) != "keep" {
			t.Errorf("%s after Write() = %q, %v; want it kept", p, data, err)
		}
	}
}

// TestUpdateThroughOutsideLink: a folder of the output that is a link out
// of it is not written through.
func TestUpdateThroughOutsideLink(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "public")
	if err := Write(t.Context(), dir, files("index.html", "home"), Options{}); err != nil {
		t.Fatal(err)
	}
	elsewhere := filepath.Join(root, "elsewhere")
	put(t, elsewhere, files("index.html", "not dossier's"))
	if err := os.Symlink(elsewhere, filepath.Join(dir, "p")); err != nil {
		t.Fatal(err)
	}
	err := Write(t.Context(), dir, files("index.html", "home", "p/index.html", "new"), Options{})
	if err == nil || !strings.HasPrefix(err.Error(), "publish: write p/index.html: ") {
		t.Errorf("Write() = %v, want an error for p/index.html", err)
	}
	if data, _ := os.ReadFile(filepath.Join(elsewhere, "index.html")); string(data) != "not dossier's" {
		t.Errorf("file behind the link = %q, want it kept", data)
	}
}

// TestCreate stages files written in pieces, big and small, beside files
// written whole, into a fresh output and then over it.
func TestCreate(t *testing.T) {
	t.Parallel()
	big := bytes.Repeat([]byte("0123456789abcdef"), packBatch/16*9+7) // over several batches
	dir := filepath.Join(t.TempDir(), "public")
	for round := range 2 {
		o, err := Begin(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		w, err := o.Create("data/big.json")
		if err != nil {
			t.Fatal(err)
		}
		// Odd pieces, one bigger than a chunk.
		for rest := big[:len(big)-5]; len(rest) > 0; {
			n := min(len(rest), 1+len(rest)%(packBatch+3))
			if _, err := w.Write(rest[:n]); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		fmt.Fprintf(w, "%s", big[len(big)-5:])
		if err := o.Write("index.html", []byte("home")); err != nil {
			t.Fatal(err)
		}
		empty, err := o.Create("empty.txt")
		if err != nil {
			t.Fatal(err)
		}
		if err := o.Commit(t.Context()); err == nil || err.Error() != "publish: data/big.json, empty.txt not closed" {
			t.Fatalf("round %d: Commit() with open writers = %v", round, err)
		}
		if _, err := os.Stat(dir); round == 0 && !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("output after a failed Commit: %v, want none", err)
		}

		o, err = Begin(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		w, _ = o.Create("data/big.json")
		io.Copy(w, bytes.NewReader(big))
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte("late")); err == nil {
			t.Error("Write after Close succeeded")
		}
		empty, _ = o.Create("empty.txt")
		empty.Close()
		if _, err := o.Create("data/big.json"); err == nil {
			t.Error("Create of a file staged already succeeded")
		}
		o.Write("index.html", []byte("home"))
		if err := o.Commit(t.Context()); err != nil {
			t.Fatalf("round %d: Commit() = %v", round, err)
		}
		fs := files("index.html", "home", "empty.txt", "")
		fs["data/big.json"] = big
		if got, want := tree(t, dir), withDirs(fs); !maps.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("round %d: tree has %q, want %q", round, slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
		}
	}
}

// TestStageClashes: files that cannot both be in a tree, and names kept
// for dossier's own files, are refused when staged.
func TestStageClashes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		first, second string
		want          string
	}{
		{"a", "a/b", "publish: write a/b: a is a file"},
		{"a/b/c", "a", "publish: write a: it is also a folder of other files"},
		{"a/b/c", "a/b", "publish: write a/b: it is also a folder of other files"},
		{"x", "x", "publish: write x: written twice"},
		{"x", ".dossier-output/x", `publish: file path ".dossier-output/x" is the marker file`},
		{"x", "a/.dossier-tmp-y", `publish: file path "a/.dossier-tmp-y" begins with .dossier-tmp-, kept for temporary files`},
		{"x", "a\nb", `publish: file path "a\nb" contains a line break`},
	}
	for _, tt := range tests {
		o, err := Begin(filepath.Join(t.TempDir(), "public"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := o.Write(tt.first, nil); err != nil {
			t.Fatal(err)
		}
		if err := o.Write(tt.second, nil); err == nil || err.Error() != tt.want {
			t.Errorf("Write(%q) after Write(%q) = %v, want %s", tt.second, tt.first, err, tt.want)
		}
		if err := o.Abort(); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStreamPieces: a streaming writer gathers small writes into pieces
// of at most streamGather bytes, and hands bigger writes to the pack as
// they are, without a buffer of its own; pieces that follow each other in
// the pack are one extent.
func TestStreamPieces(t *testing.T) {
	t.Parallel()
	o, w := createIn(t, "feed.xml")
	s := w.(*stream)
	piece := bytes.Repeat([]byte("x"), 1000)
	big := bytes.Repeat([]byte("y"), streamGather/2)
	var want []byte
	write := func(b []byte) {
		t.Helper()
		if n, err := w.Write(b); n != len(b) || err != nil {
			t.Fatalf("Write(%d bytes) = %d, %v", len(b), n, err)
		}
		want = append(want, b...)
		// Another file between each write: no two pieces of the stream
		// follow each other in the pack.
		if err := o.Write(fmt.Sprintf("between/%d", len(want)), []byte("z")); err != nil {
			t.Fatal(err)
		}
	}
	write(big)
	if cap(s.buf) != 0 {
		t.Errorf("after a write of %d bytes the buffer holds %d, want none", len(big), cap(s.buf))
	}
	for range 70 {
		write(piece)
	}
	write(big)
	write(piece[:10])
	if cap(s.buf) > streamGather {
		t.Errorf("buffer holds %d bytes, want at most %d", cap(s.buf), streamGather)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var sizes []int64
	for _, x := range s.ext {
		sizes = append(sizes, x.n)
	}
	n := int64(streamGather / len(piece) * len(piece)) // pieces in a gathered one
	// The gathered rest of the small writes and the big write after it
	// are appended one after the other: one extent.
	if want := []int64{int64(len(big)), n, n, int64(70*len(piece)) - 2*n + int64(len(big)), 10}; !slices.Equal(sizes, want) {
		t.Errorf("staged in pieces of %v bytes, want %v", sizes, want)
	}
	if err := o.pack.flush(); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(s.e.reader())
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("staged bytes = %d bytes, %v; want the %d written", len(got), err, len(want))
	}

	// Alone, the stream's pieces follow each other: one extent.
	_, w = createIn(t, "alone.xml")
	s = w.(*stream)
	for range 70 {
		w.Write(piece)
	}
	w.Write(big)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if want := []extent{{0, int64(70*len(piece) + len(big))}}; !slices.Equal(s.ext, want) {
		t.Errorf("staged alone as %v, want %v", s.ext, want)
	}
}

// createIn begins an output in a new folder, to be dropped at the end of
// the test, and creates the file name in it.
func createIn(t *testing.T, name string) (*Output, io.WriteCloser) {
	t.Helper()
	o, err := Begin(filepath.Join(t.TempDir(), "public"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Abort() })
	w, err := o.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	return o, w
}
