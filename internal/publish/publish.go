// Package publish is the write stage of the build, the last one: it puts the
// checked bytes of the site on disk. It deals in output paths and bytes, not
// pages, and it never leaves a half-written output directory.
//
// Write builds the whole site in a fresh temporary directory beside the output
// directory (so on the same file system) and only then swaps it into place
// with renames. If anything fails before the swap, the previous output is left
// exactly as it was and the temporary directory is removed.
//
// Portable Go has no atomic exchange of two directories, so the swap is two
// renames: the previous output moves aside, then the new one moves in. Between
// them there is a short window, two system calls wide, in which the output
// directory does not exist; a web server reading it then would see a 404, and
// a crash then would leave the previous output in a ".NAME.old-*" directory
// beside it. If the second rename fails, the previous output is moved back.
//
// Write marks every output it makes with a small file, Marker, and it
// never replaces a directory that holds anything but is not marked, unless
// told to with Options.Force: an output directory given by mistake (a
// folder of notes, the current folder) is refused, not wiped. Check tells
// the same in advance, so that a command can refuse before it builds.
//
// A crash while the temporary directory is written leaves a ".NAME.tmp-*"
// directory behind, and one between the renames a ".NAME.old-*". Each
// build holds a lock on its own temporary and set-aside directories (where
// the platform has one, flock(2)) for as long as it uses them, and a
// successful Write removes the leftovers beside the output that no running
// build holds: only those two kinds of name, only for this output.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// Marker is the file, at the top of every output directory, that marks it
// as made by dossier, so that a later build may replace it.
const Marker = ".dossier-output"

// markerText is what Marker holds: a note for whoever finds the file.
const markerText = "This folder was made by dossier build; the next build replaces it whole.\n"

// Options configures Write and Check.
type Options struct {
	// Force allows replacing a directory that holds files but no Marker.
	Force bool
}

// NotOutputError is the error of Check and Write for a directory that holds
// files, has no Marker and was not allowed by Options.Force.
type NotOutputError struct {
	Dir string // as given
}

func (e *NotOutputError) Error() string {
	return fmt.Sprintf("%s is not empty and was not made by dossier build (it has no %s file)", e.Dir, Marker)
}

// Check reports whether Write may replace dir: it may if dir does not exist,
// is an empty directory, or is a directory with a Marker at its top (or any
// directory, with opts.Force). Check follows a symbolic link at dir, as
// Write does.
func Check(dir string, opts Options) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("%s is not a directory", dir)
	}
	if opts.Force {
		return nil
	}
	if fi, err := os.Lstat(filepath.Join(dir, Marker)); err == nil && fi.Mode().IsRegular() {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.Readdirnames(1); errors.Is(err, io.EOF) {
		return nil
	} else if err != nil {
		return err
	}
	return &NotOutputError{Dir: dir}
}

// Write writes files (output path with forward slashes → bytes) into a fresh
// directory beside dir and then swaps it into place of dir, so that dir holds
// exactly files and the Marker. If anything fails before the swap, dir is
// left exactly as it was and the temporary directory is removed. Write
// refuses, before it writes anything, a dir that Check refuses.
//
// Each output path must be relative, clean and stay inside dir: "a/b.html",
// not "/a", "a/../b", "./a" or "a/". Files get mode 0644 and directories 0755,
// less the umask. Write checks ctx before each file and before the swap. If
// dir is a symbolic link, the directory it points to is replaced and the link
// is kept. If the directory that dir names does not exist, Write creates it
// and any missing parents.
//
// Write returns an error after the swap only if the previous output could not
// be removed; the new output is then in place.
func Write(ctx context.Context, dir string, files map[string][]byte, opts Options) (err error) {
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		if err := checkPath(name); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if name == Marker {
			return fmt.Errorf("publish: file path %q is the marker file", name)
		}
	}
	if err := Check(dir, opts); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	dir, err = outputDir(dir)
	if err != nil {
		return err
	}
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	unlock, err := lock(tmp)
	if err != nil {
		return errors.Join(fmt.Errorf("publish: %w", err), os.RemoveAll(tmp))
	}
	defer unlock()
	defer func() {
		if err == nil {
			return
		}
		// After a successful swap tmp no longer exists, and RemoveAll of a
		// missing path succeeds.
		if rerr := os.RemoveAll(tmp); rerr != nil {
			err = errors.Join(err, fmt.Errorf("publish: remove temporary directory: %w", rerr))
		}
	}()
	// MkdirTemp makes a private directory (0700), but tmp becomes the output.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := writeTree(ctx, tmp, names, files); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(tmp, Marker), []byte(markerText), 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := swap(tmp, dir); err != nil {
		return err
	}
	return removeLeftovers(parent, base)
}

// removeLeftovers removes the temporary and set-aside directories of
// earlier builds of the output base in parent that no running build holds.
func removeLeftovers(parent, base string) error {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return fmt.Errorf("publish: remove leftovers: %w", err)
	}
	var errs []error
	for _, e := range entries {
		name := e.Name()
		if !e.IsDir() || !isLeftover(name, base) {
			continue
		}
		p := filepath.Join(parent, name)
		unlock, err := tryLock(p)
		if err != nil {
			continue // held by a running build, or gone
		}
		if err := os.RemoveAll(p); err != nil {
			errs = append(errs, fmt.Errorf("publish: remove leftover %s: %w", p, err))
		}
		unlock()
	}
	return errors.Join(errs...)
}

// isLeftover reports whether name is one that MkdirTemp made for the output
// base: ".BASE.tmp-DIGITS" or ".BASE.old-DIGITS".
func isLeftover(name, base string) bool {
	for _, kind := range []string{".tmp-", ".old-"} {
		rest, ok := strings.CutPrefix(name, "."+base+kind)
		if ok && rest != "" && strings.Trim(rest, "0123456789") == "" {
			return true
		}
	}
	return false
}

// checkPath reports whether name is a clean relative path with forward
// slashes that stays inside the output directory.
func checkPath(name string) error {
	switch {
	case name == "":
		return errors.New("empty file path")
	case path.IsAbs(name) || filepath.IsAbs(name) || filepath.VolumeName(name) != "":
		return fmt.Errorf("file path %q is absolute", name)
	case slices.Contains(strings.Split(name, "/"), ".."):
		return fmt.Errorf("file path %q contains ..", name)
	case strings.Contains(name, `\`):
		// A separator on Windows, and never written by the build.
		return fmt.Errorf("file path %q contains a backslash", name)
	case name == "." || path.Clean(name) != name:
		return fmt.Errorf("file path %q is not clean", name)
	}
	return nil
}

// outputDir returns the absolute path of the directory to replace, following
// a symbolic link at dir so that the link itself survives the swap.
func outputDir(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("publish: %w", err)
	}
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		if dir, err = filepath.EvalSymlinks(dir); err != nil {
			return "", fmt.Errorf("publish: %w", err)
		}
	}
	if filepath.Dir(dir) == dir {
		return "", fmt.Errorf("publish: cannot replace the root directory %s", dir)
	}
	return dir, nil
}

// writeTree writes files into the empty directory tmp, in the order of names.
func writeTree(ctx context.Context, tmp string, names []string, files map[string][]byte) error {
	made := map[string]bool{tmp: true}
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		file := filepath.Join(tmp, filepath.FromSlash(name))
		if d := filepath.Dir(file); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return fmt.Errorf("publish: write %s: %w", name, err)
			}
			made[d] = true
		}
		if err := os.WriteFile(file, files[name], 0o644); err != nil {
			return fmt.Errorf("publish: write %s: %w", name, err)
		}
	}
	return nil
}

// swap renames the directory tmp to dir, replacing the previous dir if there
// is one. See the package doc for the window between the renames.
func swap(tmp, dir string) error {
	fi, err := os.Lstat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Rename(tmp, dir); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("publish: %w", err)
	case !fi.IsDir():
		return fmt.Errorf("publish: %s is not a directory", dir)
	}

	// The previous output moves into a fresh directory, under its own
	// name: a new path that no other build can hold, on every platform.
	parent, base := filepath.Split(dir)
	aside, err := os.MkdirTemp(parent, "."+base+".old-*")
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	unlock, err := lock(aside)
	if err != nil {
		return errors.Join(fmt.Errorf("publish: %w", err), removeEmpty(aside))
	}
	defer unlock()
	old := filepath.Join(aside, base)
	if err := os.Rename(dir, old); err != nil {
		return errors.Join(fmt.Errorf("publish: %w", err), removeEmpty(aside))
	}
	if err := os.Rename(tmp, dir); err != nil {
		err = fmt.Errorf("publish: %w", err)
		if rerr := os.Rename(old, dir); rerr != nil {
			return errors.Join(err, fmt.Errorf("publish: restore previous output (it is in %s): %w", old, rerr))
		}
		return errors.Join(err, removeEmpty(aside))
	}
	if err := os.RemoveAll(aside); err != nil {
		return fmt.Errorf("publish: remove previous output: %w", err)
	}
	return nil
}

// removeEmpty removes the empty directory dir.
func removeEmpty(dir string) error {
	if err := os.Remove(dir); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}
