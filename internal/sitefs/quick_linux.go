package sitefs

import (
	"bytes"
	"encoding/binary"
	"io/fs"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// Through os.Root, reading a file costs a walk from the top of the site
// (an openat and a close for each folder on the way), an open of the file,
// after which os.File sets it non-blocking, tries the poller and sets it
// back, a stat, the reads and a close; reading a folder costs the same
// walk, and an lstat of every entry. openat2 with RESOLVE_BENEATH walks in
// the kernel, in one call, and keeps inside the site folder as os.Root
// does; RESOLVE_NO_SYMLINKS refuses any link on the way, so that the quick
// path takes only plain files and folders. Whatever else it meets (a link,
// a file that is not regular, any error) it leaves to the os.Root path,
// which decides as before.

// quick reads plain files and folders of the site with openat2.
type quick struct {
	top *os.File    // the site folder; nil: no quick path
	fd  int         // top's descriptor
	off atomic.Bool // openat2 is missing or forbidden: no quick path
}

func newRootFS(r *os.Root) *rootFS {
	rf := &rootFS{root: r, fsys: r.FS()}
	if f, err := r.Open("."); err == nil {
		rf.q.top, rf.q.fd = f, int(f.Fd())
	}
	return rf
}

// open opens name, a valid fs path, below the site folder with flags, or
// reports false if it is not there, not a plain path, or cannot be opened.
func (q *quick) open(name string, flags uint64) (int, bool) {
	if q.top == nil || q.off.Load() {
		return -1, false
	}
	how := unix.OpenHow{
		Flags:   flags | unix.O_NOFOLLOW | unix.O_CLOEXEC,
		Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS,
	}
	for {
		fd, err := unix.Openat2(q.fd, name, &how)
		runtime.KeepAlive(q.top)
		switch err {
		case nil:
			return fd, true
		case unix.EINTR:
			continue
		case unix.ENOSYS, unix.E2BIG:
			// A kernel older than 5.6, or one that forbids openat2.
			q.off.Store(true)
		}
		return -1, false
	}
}

// readFile reads the regular file name, or reports false.
func (q *quick) readFile(name string) ([]byte, bool) {
	// Non-blocking, in case a named pipe took the file's place since it
	// was listed: fstat then sees it.
	fd, ok := q.open(name, unix.O_RDONLY|unix.O_NONBLOCK)
	if !ok {
		return nil, false
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := ignoringEINTR(func() error { return unix.Fstat(fd, &st) }); err != nil ||
		st.Mode&unix.S_IFMT != unix.S_IFREG || st.Size < 0 || st.Size >= 1<<40 {
		return nil, false
	}
	// The file as it was when stat gave its size: once that many bytes
	// are read, there is no read to find the end. A file that says it is
	// empty (as some in /proc do) is read to the end.
	size := int(st.Size)
	b := make([]byte, 0, size)
	for size == 0 || len(b) < size {
		if len(b) == cap(b) {
			b = slices.Grow(b, 512)
		}
		n, err := unix.Read(fd, b[len(b):cap(b)])
		switch {
		case err == unix.EINTR:
			continue
		case err != nil:
			return nil, false
		case n == 0:
			return b, true
		}
		b = b[:len(b)+n]
	}
	return b, true
}

// direntBuf is a buffer for getdents.
var direntBuf = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// Offsets in a linux_dirent64.
const (
	direntReclen = 16
	direntType   = 18
	direntName   = 19
)

// readDir reads the folder name of r, sorted by name, or reports false.
func (q *quick) readDir(r *rootFS, name string) ([]fs.DirEntry, bool) {
	fd, ok := q.open(name, unix.O_RDONLY|unix.O_DIRECTORY)
	if !ok {
		return nil, false
	}
	defer unix.Close(fd)
	bp := direntBuf.Get().(*[]byte)
	defer direntBuf.Put(bp)
	var ents []dirEntry
	for {
		n, err := unix.ReadDirent(fd, *bp)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, false
		}
		if n <= 0 {
			break
		}
		for b := (*bp)[:n]; len(b) > 0; {
			if len(b) < direntName {
				return nil, false
			}
			reclen := int(binary.NativeEndian.Uint16(b[direntReclen:]))
			if reclen < direntName || reclen > len(b) {
				return nil, false
			}
			rec := b[:reclen]
			b = b[reclen:]
			nm := rec[direntName:]
			if i := bytes.IndexByte(nm, 0); i >= 0 {
				nm = nm[:i]
			}
			if string(nm) == "." || string(nm) == ".." {
				continue
			}
			typ, known := dtType(rec[direntType])
			if !known {
				// The file system does not say: ask, as os does.
				var st unix.Stat_t
				err := ignoringEINTR(func() error { return unix.Fstatat(fd, string(nm), &st, unix.AT_SYMLINK_NOFOLLOW) })
				if err == unix.ENOENT {
					continue // gone since it was listed
				}
				if err != nil {
					return nil, false
				}
				typ = modeType(st.Mode)
			}
			ents = append(ents, dirEntry{r: r, dir: name, name: string(nm), typ: typ})
		}
	}
	slices.SortFunc(ents, func(a, b dirEntry) int { return strings.Compare(a.name, b.name) })
	ds := make([]fs.DirEntry, len(ents))
	for i := range ents {
		ds[i] = &ents[i]
	}
	return ds, true
}

// dtType is the type of a directory entry of type t, and whether t says.
func dtType(t byte) (fs.FileMode, bool) {
	switch t {
	case unix.DT_REG:
		return 0, true
	case unix.DT_DIR:
		return fs.ModeDir, true
	case unix.DT_LNK:
		return fs.ModeSymlink, true
	case unix.DT_FIFO:
		return fs.ModeNamedPipe, true
	case unix.DT_SOCK:
		return fs.ModeSocket, true
	case unix.DT_CHR:
		return fs.ModeDevice | fs.ModeCharDevice, true
	case unix.DT_BLK:
		return fs.ModeDevice, true
	}
	return 0, false
}

// modeType is the type of a file of mode m, as stat gives it.
func modeType(m uint32) fs.FileMode {
	switch m & unix.S_IFMT {
	case unix.S_IFREG:
		return 0
	case unix.S_IFDIR:
		return fs.ModeDir
	case unix.S_IFLNK:
		return fs.ModeSymlink
	case unix.S_IFIFO:
		return fs.ModeNamedPipe
	case unix.S_IFSOCK:
		return fs.ModeSocket
	case unix.S_IFCHR:
		return fs.ModeDevice | fs.ModeCharDevice
	case unix.S_IFBLK:
		return fs.ModeDevice
	}
	return fs.ModeIrregular
}

// dirEntry is an entry of a folder read by readDir.
type dirEntry struct {
	r         *rootFS
	dir, name string
	typ       fs.FileMode
}

func (d *dirEntry) Name() string      { return d.name }
func (d *dirEntry) IsDir() bool       { return d.typ.IsDir() }
func (d *dirEntry) Type() fs.FileMode { return d.typ }
func (d *dirEntry) String() string    { return fs.FormatDirEntry(d) }

// Info asks the os.Root, as the os.Root's own entries do (but when asked):
// a name need not be valid UTF-8 to be in a folder.
func (d *dirEntry) Info() (fs.FileInfo, error) { return d.r.root.Lstat(path.Join(d.dir, d.name)) }

func ignoringEINTR(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
