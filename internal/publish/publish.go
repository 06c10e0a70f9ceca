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
// A build that renders many pages writes them one by one as they are made,
// through an Output (Begin, Output.Write, then Output.Commit or
// Output.Abort), into the same kind of temporary directory, so that it never
// holds the whole site in memory; Write is that for a map of files.
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
	"sync"
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
func Write(ctx context.Context, dir string, files map[string][]byte, opts Options) error {
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		if err := checkName(name); err != nil {
			return err
		}
	}
	o, err := Begin(dir, opts)
	if err != nil {
		return err
	}
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return errors.Join(fmt.Errorf("publish: %w", err), o.Abort())
		}
		if err := o.Write(name, files[name]); err != nil {
			return errors.Join(err, o.Abort())
		}
	}
	return o.Commit(ctx)
}

// checkName reports whether name may be the path of an output file.
func checkName(name string) error {
	if err := checkPath(name); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if name == Marker {
		return fmt.Errorf("publish: file path %q is the marker file", name)
	}
	return nil
}

// Output is a new output directory being written, file by file, so that a
// build need not hold the whole site in memory: Begin makes a fresh
// temporary directory beside dir, Output.Write puts files into it (from
// several goroutines at once if need be), and Commit swaps it into place of
// dir, or Abort removes it and leaves dir exactly as it was. Until Commit,
// nothing of dir changes. Write is the same for a map of files.
type Output struct {
	dir, tmp string
	unlock   func()

	mu   sync.Mutex
	made map[string]bool // directories made under tmp
	done bool
}

// Begin starts a new output for dir, after Check (see Write for how dir is
// found and made). The caller must call Commit or Abort.
func Begin(dir string, opts Options) (*Output, error) {
	if err := Check(dir, opts); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	dir, err := outputDir(dir)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Split(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+base+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	unlock, err := lock(tmp)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("publish: %w", err), os.RemoveAll(tmp))
	}
	// MkdirTemp makes a private directory (0700), but tmp becomes the output.
	if err := os.Chmod(tmp, 0o755); err != nil {
		unlock()
		return nil, errors.Join(fmt.Errorf("publish: %w", err), os.RemoveAll(tmp))
	}
	return &Output{dir: dir, tmp: tmp, unlock: unlock, made: map[string]bool{tmp: true}}, nil
}

// Write writes one file of the output; name is an output path as for the
// package's Write. It is safe for concurrent use, each file written once.
func (o *Output) Write(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	file := filepath.Join(o.tmp, filepath.FromSlash(name))
	d := filepath.Dir(file)
	o.mu.Lock()
	if o.done {
		o.mu.Unlock()
		return errors.New("publish: write after commit or abort")
	}
	if !o.made[d] {
		if err := os.MkdirAll(d, 0o755); err != nil {
			o.mu.Unlock()
			return fmt.Errorf("publish: write %s: %w", name, err)
		}
		o.made[d] = true
	}
	o.mu.Unlock()
	if err := os.WriteFile(file, data, 0o644); err != nil {
		return fmt.Errorf("publish: write %s: %w", name, err)
	}
	return nil
}

// finish marks o done and reports whether it was already.
func (o *Output) finish() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	was := o.done
	o.done = true
	return was
}

// Commit marks the written files as dossier's output and swaps them into
// place of the output directory, then removes the leftovers of earlier
// builds. If ctx is done, or the swap fails, the previous output is kept and
// the temporary directory removed. Commit returns an error after the swap
// only if the previous output or a leftover could not be removed; the new
// output is then in place.
func (o *Output) Commit(ctx context.Context) (err error) {
	if o.finish() {
		return errors.New("publish: commit after commit or abort")
	}
	defer o.unlock()
	defer func() {
		if err == nil {
			return
		}
		// After a successful swap tmp no longer exists, and RemoveAll of a
		// missing path succeeds.
		if rerr := os.RemoveAll(o.tmp); rerr != nil {
			err = errors.Join(err, fmt.Errorf("publish: remove temporary directory: %w", rerr))
		}
	}()
	if err := os.WriteFile(filepath.Join(o.tmp, Marker), []byte(markerText), 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := swap(o.tmp, o.dir); err != nil {
		return err
	}
	parent, base := filepath.Split(o.dir)
	return removeLeftovers(parent, base)
}

// Abort removes the files written so far and leaves the output directory
// as it was.
func (o *Output) Abort() error {
	if o.finish() {
		return nil
	}
	defer o.unlock()
	if err := os.RemoveAll(o.tmp); err != nil {
		return fmt.Errorf("publish: remove temporary directory: %w", err)
	}
	return nil
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
