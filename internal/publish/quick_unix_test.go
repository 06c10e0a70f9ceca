//go:build linux || darwin

package publish

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// staged returns an entry that holds data, as if staged.
func staged(data []byte) *entry {
	return &entry{f: bytes.NewReader(data), ext: []extent{{0, int64(len(data))}}, size: int64(len(data)), sum: checksum{}.update(data).sum(), done: true}
}

// TestQuickAt: the quick look through an open directory decides the plain
// cases (nothing there, a regular file with one link) as plan does, and
// leaves every other case to plan.
func TestQuickAt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	big := bytes.Repeat([]byte("0123456789abcdef"), 3*bufSize/16+5) // over three buffers
	bigEnd := bytes.Clone(big)
	bigEnd[len(bigEnd)-1] = 'X'
	put(t, dir, files("same", "bytes", "other", "BYTES", "short", "byte", "hard", "bytes", "sub/f", "x"))
	put(t, dir, map[string][]byte{"big": big})
	if err := os.Link(filepath.Join(dir, "hard"), filepath.Join(t.TempDir(), "snapshot")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("same", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mkfifo(filepath.Join(dir, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	top := openTop(dir)
	if top < 0 {
		t.Fatalf("openTop(%s) failed", dir)
	}
	defer closeTop(top)
	tests := []struct {
		file   string
		staged []byte
		want   how
		wantOK bool
	}{
		{"new", []byte("bytes"), create, true},
		{"same", []byte("bytes"), skip, true},
		{"other", []byte("bytes"), overwrite, true},
		{"short", []byte("bytes"), overwrite, true},
		{"big", big, skip, true},
		{"big", bigEnd, overwrite, true},
		{"hard", []byte("bytes"), skip, false},
		{"link", []byte("bytes"), skip, false},
		{"sub", []byte("bytes"), skip, false},
		{"fifo", nil, skip, false},
	}
	w := &worker{}
	for _, tt := range tests {
		h, ok, _, _ := w.quickAt(top, tt.file, staged(tt.staged), fingerprint{}, false, clock{})
		if h != tt.want || ok != tt.wantOK {
			t.Errorf("quickAt(%s, %.10q) = %v, %v; want %v, %v", tt.file, tt.staged, h, ok, tt.want, tt.wantOK)
		}
	}
}

// TestDirCursor: the cursor opens directories one after another, sharing
// the parents it holds open, and never through a symbolic link.
func TestDirCursor(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	put(t, dir, files("a/b/f", "", "a/c/f", "", "d/f", "", "file", ""))
	if err := os.Symlink("a", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	top := openTop(dir)
	if top < 0 {
		t.Fatalf("openTop(%s) failed", dir)
	}
	defer closeTop(top)
	var c dirCursor
	defer c.close()
	for _, tt := range []struct {
		dir    string
		wantOK bool
	}{
		{"a/b", true},
		{"a/c", true},
		{"a", true},
		{".", true},
		{"link", false},
		{"link/b", false},
		{"a/missing", false},
		{"file", false},
		{"a/b", true},
		{"d", true},
	} {
		fd, ok := c.open(top, tt.dir)
		if ok != tt.wantOK {
			t.Errorf("open(%s) = %v, want %v", tt.dir, ok, tt.wantOK)
			continue
		}
		if !ok {
			continue
		}
		want, err := os.Stat(filepath.Join(dir, tt.dir))
		if err != nil {
			t.Fatal(err)
		}
		if !os.SameFile(want, fileInfo(t, fd)) {
			t.Errorf("open(%s) opened another directory", tt.dir)
		}
	}
	c.close()
	if len(c.fds) != 0 {
		t.Errorf("close left %d directories open", len(c.fds))
	}
}

// fileInfo returns the FileInfo of the open descriptor fd.
func fileInfo(t *testing.T, fd int) os.FileInfo {
	t.Helper()
	nfd, err := unix.Dup(fd)
	if err != nil {
		t.Fatal(err)
	}
	f := os.NewFile(uintptr(nfd), "dup")
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	return fi
}
