//go:build linux || darwin

package publish

import (
	"bytes"
	"errors"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// trustAll returns a clock by which every file of dir's device was changed
// before the plan, so that a build records the fingerprint of every file
// it finds unchanged, whatever the file system's clock did.
func trustAll(t *testing.T, dir string) func() clock {
	t.Helper()
	var st unix.Stat_t
	if err := unix.Stat(dir, &st); err != nil {
		t.Fatal(err)
	}
	return func() clock { return clock{dev: uint64(st.Dev), now: math.MaxInt64, ok: true} }
}

// commit writes files into dir through an Output whose clock is clk (the
// file system's, if nil), and returns the output paths whose bytes the
// plan read, sorted.
func commit(t *testing.T, dir string, files map[string][]byte, clk func() clock) []string {
	t.Helper()
	o := begin(t, dir, files)
	var (
		mu   sync.Mutex
		read []string
	)
	o.read = func(name string) {
		mu.Lock()
		read = append(read, name)
		mu.Unlock()
	}
	o.clock = clk
	if err := o.Commit(t.Context()); err != nil {
		t.Fatalf("Commit() = %v", err)
	}
	slices.Sort(read)
	return read
}

// fingerprinted writes prevFiles into a new output and rebuilds it once,
// so that its marker records the fingerprint of every file, and returns
// the output directory.
func fingerprinted(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "public")
	if err := Write(t.Context(), dir, prevFiles, Options{}); err != nil {
		t.Fatal(err)
	}
	all := slices.Sorted(maps.Keys(prevFiles))
	if read := commit(t, dir, prevFiles, trustAll(t, dir)); !slices.Equal(read, all) {
		t.Fatalf("files read by the rebuild after a first build = %q, want all: %q", read, all)
	}
	m, err := readMarker(dir)
	if err != nil || m == nil {
		t.Fatalf("readMarker() = %v, %v", m, err)
	}
	if got := slices.Sorted(maps.Keys(m.fps)); !slices.Equal(got, all) {
		t.Fatalf("fingerprints in the marker: %q, want all: %q", got, all)
	}
	return dir
}

// TestFingerprints: a rebuild reads no file that the marker's fingerprint
// says is unchanged, and reads, and rewrites if needed, every file whose
// stat changed since, or that has no fingerprint.
func TestFingerprints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		edit func(t *testing.T, dir string) // after the fingerprints are recorded
		next map[string][]byte
		// learn: the rebuild records the fingerprints of the files it reads.
		learn    bool
		wantRead []string
		changed  []string // as in TestUpdate
	}{
		{
			name: "unchanged: nothing read, nothing written",
			next: prevFiles,
		},
		{
			name:    "a page changed, same size: written without reading",
			next:    with(prevFiles, "a/b/index.html", "AB"),
			changed: []string{"a/b/index.html", Marker},
		},
		{
			name:    "a page changed, other size",
			next:    with(prevFiles, "a/b/index.html", "ab, longer"),
			changed: []string{"a/b/index.html", Marker},
		},
		{
			name: "replaced by a file of the same size and time",
			edit: func(t *testing.T, dir string) {
				p := filepath.Join(dir, "a", "b", "index.html")
				fi, err := os.Stat(p)
				if err != nil {
					t.Fatal(err)
				}
				put(t, dir, files("a/b/other", "AB"))
				if err := os.Chtimes(filepath.Join(dir, "a", "b", "other"), time.Time{}, fi.ModTime()); err != nil {
					t.Fatal(err)
				}
				if err := os.Rename(filepath.Join(dir, "a", "b", "other"), p); err != nil {
					t.Fatal(err)
				}
			},
			next:     prevFiles,
			wantRead: []string{"a/b/index.html"},
			changed:  []string{"a/b/index.html", Marker},
		},
		{
			name: "cut short in place",
			edit: func(t *testing.T, dir string) {
				put(t, dir, files("a/b/index.html", "a"))
			},
			next:    prevFiles,
			changed: []string{"a/b/index.html", Marker},
		},
		{
			name: "touched: read, left alone",
			edit: func(t *testing.T, dir string) {
				if err := os.Chtimes(filepath.Join(dir, "index.html"), time.Time{}, time.Unix(1e9, 0)); err != nil {
					t.Fatal(err)
				}
			},
			next:     prevFiles,
			learn:    true,
			wantRead: []string{"index.html"},
			changed:  []string{Marker},
		},
		{
			name: "linked elsewhere: replaced",
			edit: func(t *testing.T, dir string) {
				if err := os.Link(filepath.Join(dir, "a", "index.html"), filepath.Join(filepath.Dir(dir), "snapshot")); err != nil {
					t.Fatal(err)
				}
			},
			next:    with(prevFiles, "a/index.html", "A"),
			changed: []string{"a/", "a/index.html", Marker},
		},
		{
			name: "marker of a dossier before fingerprints",
			edit: func(t *testing.T, dir string) {
				put(t, dir, files(Marker, string(markerText(slices.Sorted(maps.Keys(prevFiles)), true, nil))))
			},
			next:     prevFiles,
			learn:    true,
			wantRead: slices.Sorted(maps.Keys(prevFiles)),
			changed:  []string{Marker},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := fingerprinted(t)
			if tt.edit != nil {
				tt.edit(t, dir)
			}
			before := stat(t, dir)
			var clk func() clock
			if tt.learn {
				clk = trustAll(t, dir)
			}
			read := commit(t, dir, tt.next, clk)
			if !slices.Equal(read, tt.wantRead) {
				t.Errorf("files read = %q, want %q", read, tt.wantRead)
			}
			if got, want := tree(t, dir), withDirs(tt.next); !maps.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("tree after the rebuild = %q, want %q", got, want)
			}
			checkUntouched(t, before, stat(t, dir), tt.changed)

			// The next rebuild reads the files without a fingerprint:
			// none after a rebuild that learned them.
			m, err := readMarker(dir)
			if err != nil {
				t.Fatal(err)
			}
			var wantRead []string
			for name := range tt.next {
				if _, ok := m.fps[name]; !ok {
					wantRead = append(wantRead, name)
				}
			}
			slices.Sort(wantRead)
			if tt.learn && len(wantRead) > 0 {
				t.Errorf("files without a fingerprint after the rebuild: %q, want none", wantRead)
			}
			if read := commit(t, dir, tt.next, nil); !slices.Equal(read, wantRead) {
				t.Errorf("files read by the next rebuild = %q, want those without a fingerprint: %q", read, wantRead)
			}
		})
	}
}

// TestFingerprintEditedInPlace: a file of dossier's that someone wrote
// other bytes of the same size into, and then gave back its time, is read
// and written again. Its change time tells, as the fingerprint was
// recorded by the clock of the file system (the clock that trustAll stands
// for would trust a file changed in the same tick, which a real build
// never records).
func TestFingerprintEditedInPlace(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "public")
	if err := Write(t.Context(), dir, prevFiles, Options{}); err != nil {
		t.Fatal(err)
	}
	commit(t, dir, prevFiles, nil) // records what the clock allows
	m, err := readMarker(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "a", "b", "index.html")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(p, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write([]byte("AB")); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, time.Time{}, fi.ModTime()); err != nil {
		t.Fatal(err)
	}

	read := commit(t, dir, prevFiles, nil)
	if got := tree(t, dir); !bytes.Equal(got["a/b/index.html"], prevFiles["a/b/index.html"]) {
		t.Errorf("a/b/index.html after the rebuild = %q, want %q", got["a/b/index.html"], prevFiles["a/b/index.html"])
	}
	var wantRead []string
	for name := range prevFiles {
		if _, ok := m.fps[name]; !ok || name == "a/b/index.html" {
			wantRead = append(wantRead, name)
		}
	}
	slices.Sort(wantRead)
	if !slices.Equal(read, wantRead) {
		t.Errorf("files read = %q, want the edited one and those without a fingerprint: %q", read, wantRead)
	}
}

// TestFingerprintsAfterCrash: a build stopped after it changed some files
// leaves an incomplete marker with the fingerprints of only the files it
// was to leave alone; the next build reads the others, puts them right,
// and reads none of the rest.
func TestFingerprintsAfterCrash(t *testing.T) {
	t.Parallel()
	dir := fingerprinted(t)
	o := begin(t, dir, with(with(prevFiles, "a/index.html", "A"), "new/index.html", "new"))
	// The second write crashes. sync calls the hook from its parallel
	// jobs, so either a/index.html or new/index.html may come first and
	// be written, the other not: the next build reads a/index.html alone
	// either way.
	var writes atomic.Int32
	o.hook = func(op, name string) error {
		if writes.Add(1) > 1 {
			return errCrash
		}
		return nil
	}
	if err := o.Commit(t.Context()); !errors.Is(err, errCrash) {
		t.Fatalf("Commit() = %v, want the crash", err)
	}
	m, err := readMarker(dir)
	if err != nil || m == nil || m.complete {
		t.Fatalf("marker after the crash = %+v, %v; want an incomplete one", m, err)
	}
	wantFP := slices.DeleteFunc(slices.Sorted(maps.Keys(prevFiles)), func(n string) bool { return n == "a/index.html" })
	if got := slices.Sorted(maps.Keys(m.fps)); !slices.Equal(got, wantFP) {
		t.Errorf("fingerprints in the marker after the crash: %q, want %q", got, wantFP)
	}

	if read := commit(t, dir, prevFiles, nil); !slices.Equal(read, []string{"a/index.html"}) {
		t.Errorf("files read after the crash = %q, want only a/index.html", read)
	}
	if got, want := tree(t, dir), withDirs(prevFiles); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after the repair = %q, want %q", got, want)
	}
}

// TestQuickAtFingerprint: the quick look trusts a fingerprint only if all
// of the file's stat matches it, and records one only for a file changed
// before the plan, on the staging file's device.
func TestQuickAtFingerprint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	put(t, dir, files("same", "bytes"))
	var st unix.Stat_t
	if err := unix.Stat(filepath.Join(dir, "same"), &st); err != nil {
		t.Fatal(err)
	}
	key := keyOf(&st)
	e := staged([]byte("bytes"))
	other := staged([]byte("BYTES"))
	top := openTop(dir)
	if top < 0 {
		t.Fatalf("openTop(%s) failed", dir)
	}
	defer closeTop(top)
	off := func(f func(*statKey)) fingerprint {
		k := key
		f(&k)
		return fingerprint{k, e.sum}
	}
	now := clock{dev: uint64(st.Dev), now: key.ctime + 1, ok: true}
	tests := []struct {
		name     string
		staged   *entry
		old      fingerprint
		hasOld   bool
		clock    clock
		want     how
		wantRead bool
		wantFP   bool
	}{
		{"fingerprint matches", e, fingerprint{key, e.sum}, true, now, skip, false, true},
		{"fingerprint matches, other bytes staged", other, fingerprint{key, e.sum}, true, now, overwrite, false, false},
		{"no fingerprint", e, fingerprint{}, false, now, skip, true, true},
		{"other size", e, off(func(k *statKey) { k.size++ }), true, now, skip, true, true},
		{"other inode", e, off(func(k *statKey) { k.ino++ }), true, now, skip, true, true},
		{"other modification time", e, off(func(k *statKey) { k.mtime++ }), true, now, skip, true, true},
		{"other change time", e, off(func(k *statKey) { k.ctime-- }), true, now, skip, true, true},
		{"other change time, other bytes staged", other, off(func(k *statKey) { k.ctime-- }), true, now, overwrite, true, false},
		{"changed as the plan began", e, fingerprint{}, false, clock{dev: now.dev, now: key.ctime, ok: true}, skip, true, false},
		{"other device", e, fingerprint{}, false, clock{dev: now.dev + 1, now: now.now, ok: true}, skip, true, false},
		{"no clock", e, fingerprint{}, false, clock{}, skip, true, false},
	}
	for _, tt := range tests {
		w := &worker{}
		h, ok, fp, hasFP := w.quickAt(top, "same", tt.staged, tt.old, tt.hasOld, tt.clock)
		if h != tt.want || !ok || w.read != tt.wantRead || hasFP != tt.wantFP || hasFP && fp != (fingerprint{key, e.sum}) {
			t.Errorf("%s: quickAt() = %v, %v, %+v, %v, read %v; want %v, true, fingerprint %v, read %v",
				tt.name, h, ok, fp, hasFP, w.read, tt.want, tt.wantFP, tt.wantRead)
		}
		known := knownAt(top, "same", tt.staged, tt.old)
		if want := tt.hasOld && h == skip && !tt.wantRead; known != want {
			t.Errorf("%s: knownAt() = %v, want %v", tt.name, known, want)
		}
	}
}
