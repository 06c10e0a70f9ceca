//go:build linux || darwin

package publish

import (
	"errors"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// The plan of an update in place looks at every staged file, and in a
// rebuild nearly all are there with the same bytes. Through os.Root each
// cost eleven system calls: a stat; an open, after which os.File sets the
// file non-blocking, tries the poller and sets it back (four fcntl and an
// epoll_ctl that fails); a read of the staged bytes; two reads of the
// file; a close. Each directory cost a walk from the top of the output
// (an open and a close for each level, and a stat). Here a file costs six
// (fstatat, openat, the staged bytes, two reads, close) in a directory held
// open, and a directory, whose parents the previous one mostly shares, an
// openat and a close. A file known by its fingerprint costs one fstatat,
// by its path from the top, and a directory of only such files nothing
// more. Whatever is not a plain case (a link on the way, a file that is
// not regular or has other links, any error) is left to the os.Root path,
// which decides as before.

// openTop opens the output directory dir for the plan's quick look, or
// returns -1.
func openTop(dir string) int {
	fd, err := ignoringEINTR(func() (int, error) {
		return unix.Open(dir, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		return -1
	}
	return fd
}

// closeTop closes what openTop opened.
func closeTop(fd int) {
	if fd >= 0 {
		unix.Close(fd)
	}
}

// dirCursor keeps open the directories from the top of the output down to
// the one it opened last, so that the next directory, which in sorted
// order mostly shares its parents, costs one openat. It never follows a
// symbolic link.
type dirCursor struct {
	names []string // path components below the top
	fds   []int    // fds[i] is the directory names[:i+1]
}

// open returns an open directory dir (an output path, or ".") under top,
// or false if it cannot be reached without a link or an error.
func (c *dirCursor) open(top int, dir string) (int, bool) {
	if top < 0 {
		return -1, false
	}
	var parts []string
	if dir != "." {
		parts = strings.Split(dir, "/")
	}
	k := 0
	for k < len(c.names) && k < len(parts) && c.names[k] == parts[k] {
		k++
	}
	c.truncate(k)
	for _, p := range parts[k:] {
		parent := top
		if n := len(c.fds); n > 0 {
			parent = c.fds[n-1]
		}
		fd, err := ignoringEINTR(func() (int, error) {
			return unix.Openat(parent, p, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		})
		if err != nil {
			return -1, false
		}
		c.names = append(c.names, p)
		c.fds = append(c.fds, fd)
	}
	if len(c.fds) == 0 {
		return top, true
	}
	return c.fds[len(c.fds)-1], true
}

// truncate closes the directories below the first k.
func (c *dirCursor) truncate(k int) {
	for _, fd := range c.fds[k:] {
		unix.Close(fd)
	}
	c.names, c.fds = c.names[:k], c.fds[:k]
}

// close closes every directory c holds.
func (c *dirCursor) close() { c.truncate(0) }

// quickAt is quick for the file base in the open directory dir: it reports
// false, to leave the file to plan, for anything but nothing there or a
// regular file with one link that it can read. old is the file's
// fingerprint in the marker, if hasOld, and c the clock before the plan.
// For a file it leaves as it is, it returns the fingerprint to record, if
// one may be (see the package doc).
func (w *worker) quickAt(dir int, base string, e *entry, old fingerprint, hasOld bool, c clock) (h how, ok bool, fp fingerprint, hasFP bool) {
	var st unix.Stat_t
	err := ignoringEINTR0(func() error { return unix.Fstatat(dir, base, &st, unix.AT_SYMLINK_NOFOLLOW) })
	switch {
	case errors.Is(err, unix.ENOENT):
		return create, true, fp, false
	case err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Nlink != 1:
		return skip, false, fp, false
	}
	key := keyOf(&st)
	if hasOld && old.stat == key {
		// The file is as the build that recorded old left it, so its
		// bytes are those old sums up.
		if old.sum == e.sum && key.size == e.size {
			return skip, true, old, true
		}
		return overwrite, true, fp, false
	}
	if st.Size != e.size {
		return overwrite, true, fp, false
	}
	// Non-blocking, in case a named pipe took the file's place meanwhile:
	// its read fails, and plan sees what it is.
	fd, err := ignoringEINTR(func() (int, error) {
		return unix.Openat(dir, base, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	})
	if err != nil {
		return skip, false, fp, false
	}
	defer unix.Close(fd)
	a, b := w.buffers()
	w.read = true
	same, err := equal(e.reader(), fdReader(fd), a, b)
	switch {
	case err != nil:
		return skip, false, fp, false
	case !same:
		return overwrite, true, fp, false
	}
	// The stat was taken before the bytes were read: if the file was last
	// changed before the plan began, any later change gives it a later
	// change time, and the fingerprint no longer matches.
	if c.ok && uint64(st.Dev) == c.dev && key.ctime < c.now {
		return skip, true, fingerprint{key, e.sum}, true
	}
	return skip, true, fp, false
}

// knownAt reports whether the file at the output path name under the open
// output directory top is as the fingerprint old says, and e has the bytes
// that old sums up: then the file needs no other look. A directory on the
// way is looked up as it is, a link included: what is known this way is
// left alone, and anything else is looked at through dirCursor.
func knownAt(top int, name string, e *entry, old fingerprint) bool {
	if old.sum != e.sum || old.stat.size != e.size {
		return false
	}
	key, ok := statAt(top, name)
	return ok && key == old.stat
}

// statAt returns the stat key of the file at the output path name under
// the open output directory top (if not -1), or false if it is not
// a regular file with one link.
func statAt(top int, name string) (statKey, bool) {
	if top < 0 {
		return statKey{}, false
	}
	var st unix.Stat_t
	err := ignoringEINTR0(func() error { return unix.Fstatat(top, name, &st, unix.AT_SYMLINK_NOFOLLOW) })
	if err != nil || st.Mode&unix.S_IFMT != unix.S_IFREG || st.Nlink != 1 {
		return statKey{}, false
	}
	return keyOf(&st), true
}

// keyOf returns the part of st that a fingerprint records.
func keyOf(st *unix.Stat_t) statKey {
	return statKey{size: st.Size, ino: uint64(st.Ino), mtime: st.Mtim.Nano(), ctime: st.Ctim.Nano()}
}

// packClock returns the clock of the file system that holds the staging
// file f: the change time it gave f when the last bytes were staged, just
// before the plan begins, and its device.
func packClock(f *os.File) clock {
	var st unix.Stat_t
	if err := ignoringEINTR0(func() error { return unix.Fstat(int(f.Fd()), &st) }); err != nil {
		return clock{}
	}
	return clock{dev: uint64(st.Dev), now: st.Ctim.Nano(), ok: true}
}

// fdReader reads an open file descriptor.
type fdReader int

func (r fdReader) Read(b []byte) (int, error) {
	if len(b) == 0 {
		return 0, nil
	}
	n, err := ignoringEINTR(func() (int, error) { return unix.Read(int(r), b) })
	switch {
	case err != nil:
		return 0, err
	case n == 0:
		return 0, io.EOF
	}
	return n, nil
}

func ignoringEINTR(f func() (int, error)) (int, error) {
	for {
		n, err := f()
		if err != unix.EINTR {
			return n, err
		}
	}
}

func ignoringEINTR0(f func() error) error {
	for {
		if err := f(); err != unix.EINTR {
			return err
		}
	}
}
