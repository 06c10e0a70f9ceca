// Package publish is the write stage of the build, the last one: it puts the
// checked bytes of the site on disk. It deals in output paths and bytes, not
// pages. A build that fails changes nothing in the output directory, no
// reader of the output ever sees a half-written file, and a build killed
// while it puts its files in place leaves what the next build needs to
// finish the job.
//
// # Stage, then put in place
//
// A build stages its files one by one as they are made, through an Output
// (Begin; Output.Write, or Output.Create for a file written in pieces; then
// Output.Commit or Output.Abort); Write is that for a map of files. Staging
// appends the bytes to one file, the pack, in a fresh temporary directory
// beside the output directory, and keeps in memory only where each file's
// bytes are: the build holds no page in memory, and staging costs no file
// system metadata (on the project's machine, creating or removing a file or
// directory costs 250–400 µs, writing into an open file next to nothing).
// Nothing in the output directory changes until Commit, so a build whose
// link check fails drops the pack and leaves the output exactly as it was.
// Output.Prepare does beforehand the part of Commit that changes nothing
// (it locks an earlier output and plans its update), so that a build can
// do it while it checks its links.
//
// Commit then puts the files in place in one of two ways.
//
//   - An output directory that does not exist, is empty, was made by a
//     dossier that did not list its files (see Marker), or is replaced with
//     Options.Force, gets a fresh tree, written in the temporary directory
//     and swapped into place with renames. Portable Go has no atomic
//     exchange of two directories, so the swap is two renames: the previous
//     output moves aside, then the new one moves in; between them, two
//     system calls wide, the output directory does not exist, and a crash
//     then leaves the previous output in a ".NAME.old-*" directory beside it.
//
//   - An output of an earlier build is brought up to date in place, as Hugo
//     does, holding a lock on it: a file whose bytes are the same as the
//     staged ones (known by its fingerprint, below, or else by reading it)
//     is left alone (same inode, same time, so that a deploy by rsync or a
//     reloading browser sees no change); a file that differs is
//     written over in place, and a new one is created; only missing
//     directories are made; a file the previous build made and this one
//     does not is removed, and so are the directories that leaves empty. A
//     file that dossier did not make is never removed or written over: if
//     one is in the way of a new file (a file where a folder is needed, a
//     folder of foreign files where a file is), the build fails before
//     changing anything. A rebuild that changes nothing writes no file of
//     the site, and not the marker either, unless it learned fingerprints
//     to record (once after files changed).
//
// Rebuilding in place rather than swapping a fresh tree is what makes a
// rebuild cheap: a whole tree of 3,000 files and 1,600 directories costs
// 1–2 s to create and as much to remove on that machine, while comparing
// it with the staged bytes costs a stat, an open and a read per file, and
// knowing it unchanged by its fingerprint one stat.
// BenchmarkWrite (4,300 files in 2,700 folders, 4 workers): a rebuild that
// changes nothing 0.11 s, where swapping a fresh tree took 1.8 s; a first
// build 0.39 s, where it took 0.99 s (one file at a time).
//
// A changed file is written over its old bytes, not written beside it and
// renamed over it as rsync does: with every file changed (a theme edit),
// BenchmarkWrite measured the rename about 4 times slower (2.1–2.3 s
// against 0.54–0.65 s for 4,300 files, on a loaded machine), as it creates
// a file and frees one where the overwrite reuses the file's blocks. What this gives up is small: a web server
// reading the file in the microseconds it is written may serve a mix of old
// and new bytes, as with Hugo; a build killed meanwhile leaves the output
// marked incomplete (below), and the next build compares every file again
// and finishes it. A file that is not a plain file with one link (a
// symbolic link, or a hard link shared with a snapshot made by "cp -al")
// is never written through: a new file (".dossier-tmp-NAME") is renamed
// over it.
//
// # The marker and its list
//
// Every output has a Marker file at its top, which lists the files that
// dossier made there, one a line, each followed by a line with its
// fingerprint if the build knew one (see below). Write never touches a
// directory that holds anything but is not marked, unless told to with
// Options.Force: an output directory given by mistake (a folder of notes,
// the current folder) is refused, not wiped. Check tells the same in advance, so that a command
// can refuse before it builds.
//
// Before an update in place changes anything, the marker is rewritten
// (atomically, by rename) as "incomplete" and lists the files of both the
// previous build and this one; after the last change, it lists this
// build's files. A build killed in between leaves a marker that still
// names every file it may have made, so the next build removes those it
// does not make, rewrites those that differ, and removes its temporary
// files.
//
// # Fingerprints
//
// A file's fingerprint is its stat (size, inode, modification and change
// times to the nanosecond) and a 64-bit checksum of its bytes (two CRC-32s,
// which the processor computes at tens of GB/s). Output.Write and
// Output.Create take the checksum of each staged file while its bytes are
// at hand. When a build plans its update, a file whose stat and staged
// size and checksum are those of its fingerprint is known unchanged without
// being opened; one whose stat is as recorded but whose staged checksum
// differs is known changed, and is written without being read. Anything
// else, a file without a fingerprint (written by the previous build, or
// listed by an older marker), or whose stat changed (someone edited,
// touched or replaced it; any write sets its change time, which no program
// can set back short of setting the system's clock back), is compared byte
// for byte as before. On a 1,000-point
// site, a rebuild that changes nothing thus reads neither the 3,000 files
// (70 MB) nor their staged copies, and opens none of the 1,600 folders.
// BenchmarkWrite (4 workers, medians of 6 on a loaded machine): a rebuild
// that changes nothing took 42 ms of CPU where reading took 61, one that
// changes one page 46 where it took 58.
//
// A fingerprint is recorded only when the build knows what bytes the file
// holds and that no later change can leave its stat as it is: for a file
// it read and found equal to the staged bytes, from the stat taken before
// it read them, and only if the file's change time is earlier than the
// time the file system gave the staging file at its last write, just
// before the plan (a later change gets a later time; the clock of a file
// system ticks coarsely, and a change within the same tick could leave the
// stat unchanged, as in Git's "racy clean" files). A file this build wrote
// gets none (its change time is not earlier); the next build compares it
// and records one, and from the build after it is known by its stat. A
// file on another device than the staging file, and every file on systems
// other than Linux and macOS, never gets one. The marker that an update
// writes as incomplete keeps the fingerprints only of the files it leaves
// as they are.
//
// The clock is the staging file's last change, and with kept files (below)
// that may be well before the plan: an earlier clock only trusts fewer
// files.
//
// # Kept files
//
// A file that the caller can make again (Options.Again) is not staged
// by Output.Write when the output holds it already: if the marker that Begin read has
// a fingerprint of it with the staged size and checksum, and a stat at
// staging finds the file as the fingerprint says, the file is kept, and
// the pack gets none of its bytes. Commit (or the Prepare before it)
// looks at it again, by a stat, as at any file with a fingerprint: if the file is still as recorded, it
// is left alone, as it would have been with its bytes staged. If it is
// not (someone edited, touched, replaced or removed it during the build,
// or the output went and a fresh tree is written), the bytes are needed
// after all: the plan, before it changes anything, asks the caller for
// them again, checks that their size and checksum are those of the bytes
// it was given at staging, and stages them; if the caller fails, or gives
// other bytes, the build fails and the output is left as it was. This is
// sound by the rule that records fingerprints: once one is recorded, no
// change to the file leaves its stat as recorded, so a file found with
// that stat at staging and again at Commit held the kept bytes throughout.
// A file staged piece by piece (Output.Create) is always staged, as its
// checksum is known only once its bytes are in the pack.
//
// A rebuild of a 1,000-point site that changes nothing thus stages 19 MB
// (the data exports) instead of 64 MB, for one more stat a file; at 10,000
// points, 190 MB instead of 643 MB.
//
// # Leftovers and locks
//
// A crash while files are staged leaves a ".NAME.tmp-*" directory behind
// (on Unix an empty one: the pack is unlinked as soon as it is open), and
// one during a swap a ".NAME.old-*". Each build holds a lock on its own
// temporary and set-aside directories (where the platform has one,
// flock(2)) for as long as it uses them, and a successful Commit removes
// the leftovers beside the output that no running build holds: only those
// two kinds of name, only for this output.
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
// as made by dossier, so that a later build may update it, and lists the
// files dossier made there (see the package doc).
const Marker = ".dossier-output"

// Options configures Write and Check.
type Options struct {
	// Force allows replacing a directory that holds files but no Marker:
	// it is replaced whole, foreign files included.
	Force bool
	// Again, if set, makes again the bytes of a file that was staged with
	// Output.Write, given its output path: it must return the same bytes,
	// and may be called from Commit or Prepare, from several goroutines at
	// once. It lets Output.Write keep a file that the output holds
	// already, by its fingerprint, without staging its bytes (see the
	// package doc); if Commit (or Prepare) then finds the file changed, it
	// calls Again for them, and Commit fails, changing nothing, if Again
	// fails or returns other bytes.
	Again func(name string) ([]byte, error)
}

// NotOutputError is the error of Check and Write for a directory that holds
// files, has no Marker and was not allowed by Options.Force.
type NotOutputError struct {
	Dir string // as given
}

func (e *NotOutputError) Error() string {
	return fmt.Sprintf("%s is not empty and was not made by dossier build (it has no %s file)", e.Dir, Marker)
}

// Check reports whether Write may write into dir: it may if dir does not exist,
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

// Write stages files (output path with forward slashes → bytes) and commits
// them into dir (see the package doc), so that dir holds files, the Marker
// listing them, and the files in it that dossier did not make. If anything
// fails before the output starts to change, dir is left exactly as it was.
// Write refuses, before it writes anything, a dir that Check refuses.
//
// Each output path must be relative, clean and stay inside dir: "a/b.html",
// not "/a", "a/../b", "./a" or "a/"; it may not contain a line break, be the
// Marker or begin with ".dossier-tmp-". Files get mode 0644 and directories
// 0755, less the umask. Write checks ctx before each file and before the
// output starts to change. If dir is a symbolic link, the directory it
// points to is written and the link is kept. If the directory that dir
// names does not exist, Write creates it and any missing parents.
//
// After a fresh tree is swapped in, Write returns an error only if the
// previous output or a leftover could not be removed; the new output is then
// in place. An error during an update in place leaves the output marked
// incomplete, for the next build to finish.
func Write(ctx context.Context, dir string, files map[string][]byte, opts Options) error {
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		if err := checkName(name); err != nil {
			return err
		}
	}
	opts.Again = func(name string) ([]byte, error) { return files[name], nil }
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
	switch {
	case name == Marker || strings.HasPrefix(name, Marker+"/"):
		return fmt.Errorf("publish: file path %q is the marker file", name)
	case strings.ContainsAny(name, "\n\r"):
		// The marker lists the files one a line.
		return fmt.Errorf("publish: file path %q contains a line break", name)
	case strings.HasPrefix(path.Base(name), tmpPrefix):
		return fmt.Errorf("publish: file path %q begins with %s, kept for temporary files", name, tmpPrefix)
	}
	return nil
}

// Output is a new output being made, file by file, so that a build need not
// hold the whole site in memory: Begin makes a fresh temporary directory
// beside dir with the staging file in it, Output.Write and Output.Create
// stage files (from several goroutines at once if need be), and Commit puts
// them into dir, or Abort drops them and leaves dir exactly as it was. Until
// Commit, nothing of dir changes. Write is the same for a map of files.
type Output struct {
	dir, tmp string
	opts     Options
	unlock   func()
	pack     *pack
	// held is what the marker of dir said of its files' fingerprints when
	// Begin read it, and top is dir open (or -1), for Write to tell
	// a file that the output holds already.
	held *held
	top  int

	// hook, if set (by tests), is called before each change that sync
	// makes to the output directory ("remove" or "write", and the file),
	// and an error it returns stops the sync there, as a crash would.
	hook func(op, name string) error
	// read, if set (by tests), is called, from several goroutines, for
	// each file of the output whose bytes the plan of an update reads.
	read func(name string)
	// clock, if set (by tests), stands for the clock of the file system
	// read before an update's plan (packClock).
	clock func() clock

	mu   sync.Mutex
	done bool

	prepOnce sync.Once
	prep     *prepared // what Prepare found, once it ran
}

// prepared is the part of Commit that changes nothing in the output
// directory: what Prepare found.
type prepared struct {
	err    error     // Commit's error, found before any change
	names  []string  // the staged files, sorted
	unlock func()    // the lock on the output directory, if held
	plan   *syncPlan // how to bring an earlier output up to date; nil: a fresh tree
}

// release closes what p holds.
func (p *prepared) release() {
	if p.plan != nil {
		p.plan.close()
	}
	if p.unlock != nil {
		p.unlock()
	}
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
	fail := func(err error) (*Output, error) {
		unlock()
		return nil, errors.Join(fmt.Errorf("publish: %w", err), os.RemoveAll(tmp))
	}
	name := filepath.Join(tmp, packFile)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fail(err)
	}
	// Where an open file can be unlinked, the staging file has no name from
	// the start: a build killed now leaves nothing big behind. Elsewhere it
	// goes with the temporary directory.
	_ = os.Remove(name)
	o := &Output{dir: dir, tmp: tmp, opts: opts, unlock: unlock, pack: newPack(f), top: -1}
	// What the output holds now, for Write: a guess, which Commit checks,
	// so a marker that cannot be read only means no file is kept.
	if opts.Again == nil {
		return o, nil
	}
	if data, err := os.ReadFile(filepath.Join(dir, Marker)); err == nil {
		if h := readHeld(data); h != nil {
			if o.top = openTop(dir); o.top >= 0 {
				o.held = h
			}
		}
	}
	return o, nil
}

// live reports an error if o was committed or aborted.
func (o *Output) live() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.done {
		return errClosed
	}
	return nil
}

// Write stages one file of the output; name is an output path as for the
// package's Write. It is safe for concurrent use, each file written once; a
// file that clashes with another (a file "a" and a file "a/b") is an error.
// Write keeps no file's data: the bytes go to the staging file, those of
// small files in batches of a quarter of a megabyte (a failed write of one
// fails Commit). With Options.Again, it stages no bytes of a file that the
// output holds already (see the package doc).
func (o *Output) Write(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	if err := o.live(); err != nil {
		return err
	}
	e := &entry{}
	if err := o.pack.reserve(name, e); err != nil {
		return err
	}
	// The checksum is taken while the bytes are at hand, by the rendering
	// goroutine, so that Commit need not read them again.
	sum := checksum{}.update(data).sum()
	size := int64(len(data))
	if o.holds(name, size, sum) {
		o.pack.keep(e, size, sum)
		return nil
	}
	x, err := o.pack.append(data)
	if err != nil {
		return fmt.Errorf("publish: write %s: %w", name, err)
	}
	o.pack.closed(e, []extent{x}, x.n, sum)
	return nil
}

// holds reports whether the output file name holds a file of size bytes
// with checksum sum, by its fingerprint, as far as Begin and one stat
// now can tell. Commit looks at the file again.
func (o *Output) holds(name string, size int64, sum uint64) bool {
	if o.held == nil {
		return false
	}
	hash, ok := o.held.lookup(name)
	if !ok {
		return false
	}
	key, ok := statAt(o.top, name)
	return ok && key.size == size && o.held.is(hash, fingerprint{key, sum})
}

// restage stages the bytes of e, the file name, if it was kept (see
// Options.Again): Commit needs them, as the output's file is not as it
// was when it was kept. They must be the bytes that were kept.
func (o *Output) restage(name string, e *entry) error {
	if !e.kept {
		return nil
	}
	data, err := o.opts.Again(name)
	if err != nil {
		return fmt.Errorf("publish: write %s: the file changed in the output during the build, and making it again failed: %w", name, err)
	}
	if int64(len(data)) != e.size || (checksum{}).update(data).sum() != e.sum {
		return fmt.Errorf("publish: write %s: the file changed in the output during the build, and making it again gave other bytes than the first time", name)
	}
	x, err := o.pack.appendNow(data)
	if err != nil {
		return fmt.Errorf("publish: write %s: %w", name, err)
	}
	e.ext, e.kept = []extent{x}, false
	return nil
}

// Create stages one file of the output written piece by piece, for a file
// too big to hold in memory whole: what is written to the returned writer
// goes to the staging file as the bytes of Output.Write do, small writes
// gathered into pieces of up to 32 KiB, and Close ends it. name is as for
// Output.Write. Commit fails while a writer is not closed. A writer is for
// one goroutine; several may be open at once.
func (o *Output) Create(name string) (io.WriteCloser, error) {
	if err := checkName(name); err != nil {
		return nil, err
	}
	if err := o.live(); err != nil {
		return nil, err
	}
	e := &entry{}
	if err := o.pack.reserve(name, e); err != nil {
		return nil, err
	}
	return &stream{o: o, name: name, e: e}, nil
}

// finish marks o done and reports whether it was already.
func (o *Output) finish() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	was := o.done
	o.done = true
	return was
}

// Commit puts the staged files into the output directory, marks it as
// dossier's output, and removes the leftovers of earlier builds. A new or
// empty output directory, one made by a version of dossier that kept no
// list of its files, and one replaced with Options.Force, get a fresh tree
// swapped into place; an output of an earlier build is brought up to date
// in place (see the package doc). If ctx is done before that starts, or a
// staged file clashes with a file in the output that dossier did not make,
// the output is left as it was. The temporary directory goes in every case.
func (o *Output) Commit(ctx context.Context) (err error) {
	if o.finish() {
		return errors.New("publish: commit after commit or abort")
	}
	defer o.unlock()
	defer func() {
		if rerr := o.drop(); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}()
	p := o.prepare(ctx)
	defer p.release()
	if p.err != nil {
		return p.err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if p.plan != nil {
		err = o.sync(p.names, p.plan)
	} else {
		err = o.fresh(ctx, p.names)
	}
	if err != nil {
		return err
	}
	parent, base := filepath.Split(o.dir)
	return removeLeftovers(parent, base)
}

// Prepare does the part of Commit that changes nothing in the output
// directory, so that it can run while the caller still decides whether
// to commit, after the last file is staged: it checks the output
// directory and, for an output of an earlier build, locks it and works
// out what to write and remove. Commit does it if Prepare did not; an
// error it finds is Commit's. Abort after it leaves the output as it was.
func (o *Output) Prepare(ctx context.Context) {
	o.prepare(ctx)
}

// prepare does Prepare once, and returns what it found.
func (o *Output) prepare(ctx context.Context) *prepared {
	o.prepOnce.Do(func() {
		o.prep = &prepared{}
		o.prep.err = o.plan(ctx, o.prep)
	})
	return o.prep
}

// plan is Prepare: it fills in p, and returns the error it finds, which
// is Commit's.
func (o *Output) plan(ctx context.Context, p *prepared) error {
	var open []string
	o.pack.mu.Lock()
	for name, e := range o.pack.files {
		if !e.done {
			open = append(open, name)
		}
	}
	o.pack.mu.Unlock()
	if len(open) > 0 {
		slices.Sort(open)
		return fmt.Errorf("publish: %s not closed", strings.Join(open, ", "))
	}
	if err := o.pack.flush(); err != nil {
		return fmt.Errorf("publish: stage: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	p.names = slices.Sorted(maps.Keys(o.pack.files))
	fi, err := os.Stat(o.dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil // a fresh tree
	case err != nil:
		return fmt.Errorf("publish: %w", err)
	case !fi.IsDir():
		return fmt.Errorf("publish: %s is not a directory", o.dir)
	}
	// An output that is there is brought up to date holding a lock on
	// it, so that two builds of the same output do not mix.
	if p.unlock, err = lock(o.dir); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	// Another build may have written the output since Begin checked it.
	if err := Check(o.dir, o.opts); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	m, err := readMarker(o.dir)
	if err != nil {
		return err
	}
	if m == nil {
		// New, empty, made before dossier listed its files, or forced:
		// replaced whole.
		return nil
	}
	p.plan, err = o.planSync(p.names, m)
	return err
}

// clock is the clock of a file system as an update's plan begins: a
// time, in nanoseconds since 1970, that is no later than that of any
// change made to a file of device dev after the plan began (if ok).
type clock struct {
	dev uint64
	now int64
	ok  bool
}

// fsClock returns the clock of the file system before the plan.
func (o *Output) fsClock() clock {
	if o.clock != nil {
		return o.clock()
	}
	return packClock(o.pack.f)
}

// drop closes and removes the staging file and the temporary directory.
func (o *Output) drop() error {
	closeTop(o.top)
	o.top = -1
	var errs []error
	if err := o.pack.f.Close(); err != nil {
		errs = append(errs, err)
	}
	if err := os.RemoveAll(o.tmp); err != nil {
		errs = append(errs, fmt.Errorf("publish: remove temporary directory: %w", err))
	}
	return errors.Join(errs...)
}

// Abort drops the files staged so far and leaves the output directory as it
// was.
func (o *Output) Abort() error {
	if o.finish() {
		return nil
	}
	defer o.unlock()
	// A Prepare under way is waited for, and none starts after.
	o.prepOnce.Do(func() {})
	if o.prep != nil {
		o.prep.release()
	}
	return o.drop()
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
