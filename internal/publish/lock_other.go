//go:build !unix

package publish

import (
	"errors"
	"io/fs"
	"os"
	"time"
)

// lock does nothing where there is no flock(2): tryLock tells a leftover
// by its age instead.
func lock(dir string) (unlock func(), err error) {
	return func() {}, nil
}

// staleAge is how old a leftover must be, without locks, to be removed: far
// longer than any build takes.
const staleAge = time.Hour

// tryLock succeeds for a directory not modified for staleAge.
func tryLock(dir string) (unlock func(), err error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, err
	}
	if time.Since(fi.ModTime()) < staleAge {
		return nil, errors.New("may belong to a running build")
	}
	return func() {}, nil
}

// links returns the number of hard links of the file fi describes, as far
// as the platform tells: 1.
func links(fs.FileInfo) uint64 { return 1 }
