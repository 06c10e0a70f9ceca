//go:build !linux && !darwin

package publish

import "os"

// Elsewhere the plan looks at every file through os.Root (see
// quick_unix.go).

func openTop(string) int { return -1 }

func closeTop(int) {}

type dirCursor struct{}

func (c *dirCursor) open(int, string) (int, bool) { return -1, false }

func (c *dirCursor) close() {}

func (w *worker) quickAt(int, string, *entry, fingerprint, bool, clock) (how, bool, fingerprint, bool) {
	return skip, false, fingerprint{}, false
}

func knownAt(int, string, *entry, fingerprint) bool { return false }

func statAt(int, string) (statKey, bool) { return statKey{}, false }

// packClock reports no clock: no fingerprint is recorded, and every file
// is compared with its staged bytes.
func packClock(*os.File) clock { return clock{} }
