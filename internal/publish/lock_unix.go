//go:build unix

package publish

import (
	"io/fs"
	"os"
	"syscall"
)

// lock takes an exclusive lock on the directory dir, held until unlock is
// called or the process ends, however it ends: the kernel drops the locks
// of a killed process, so a leftover directory that nobody holds belongs to
// no running build.
func lock(dir string) (unlock func(), err error) {
	return flock(dir, syscall.LOCK_EX)
}

// tryLock is lock, but it fails at once if another process holds dir.
func tryLock(dir string) (unlock func(), err error) {
	return flock(dir, syscall.LOCK_EX|syscall.LOCK_NB)
}

func flock(dir string, how int) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), how); err != nil {
		f.Close()
		return nil, err
	}
	// Closing the file drops the lock.
	return func() { f.Close() }, nil
}

// links returns the number of hard links of the file fi describes.
func links(fi fs.FileInfo) uint64 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Nlink)
	}
	return 1
}
