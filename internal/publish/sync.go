package publish

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
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
	"syscall"
)

// markerHead is the text at the top of Marker, for whoever finds the file;
// the list of files that the build made follows it.
const markerHead = `# This folder was made by dossier build. The next build rewrites the files
# listed below that change, removes those it no longer makes, and leaves
# every other file alone. Keep this file: without it, the next build
# refuses the folder. A line that begins with "/" records the size, inode,
# times and checksum of the file above it, by which the next build knows
# it unchanged without reading it.
`

// The line after markerHead: whether the files listed are exactly the
// output (complete), or the output of a build that was stopped while it
// put its files in place (incomplete): the old files and the new ones,
// each of which may be there or not.
const (
	markerComplete   = "dossier-output 1 complete"
	markerIncomplete = "dossier-output 1 incomplete"
)

// tmpPrefix begins the name of the temporary file beside each file that is
// being replaced; no output file may have such a name.
const tmpPrefix = ".dossier-tmp-"

// syncWorkers is how many files are compared, written or removed at once:
// the time goes in waiting for the file system, not in CPU.
var syncWorkers = 4

// manifest is what a Marker says.
type manifest struct {
	files    []string // sorted
	complete bool
	fps      map[string]fingerprint // of some of files
}

// markerText returns the text of a Marker that lists names, each followed
// by its fingerprint if fps has one.
func markerText(names []string, complete bool, fps map[string]fingerprint) []byte {
	b := make([]byte, 0, len(markerHead)+len(markerIncomplete)+1+len(names)*40+len(fps)*80)
	b = append(b, markerHead...)
	if complete {
		b = append(b, markerComplete...)
	} else {
		b = append(b, markerIncomplete...)
	}
	b = append(b, '\n')
	for _, n := range names {
		b = append(b, n...)
		b = append(b, '\n')
		if fp, ok := fps[n]; ok {
			b = appendFingerprint(b, fp)
			b = append(b, '\n')
		}
	}
	return b
}

// readMarker reads the Marker of dir. It returns nil, without an error, if
// there is none or it lists no files (an output of a dossier that did not
// list them). A listed name that is not a valid output path is dropped:
// nothing outside the output directory is ever touched; so is a line of a
// fingerprint that is not well-formed or does not follow a name.
func readMarker(dir string) (*manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, Marker))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	var (
		m    *manifest
		last string // the name on the line before, if valid
	)
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case m != nil && strings.HasPrefix(line, fingerprintPrefix):
			if fp, ok := parseFingerprint(line); ok && last != "" {
				m.fps[last] = fp
			}
			last = ""
		case m != nil:
			last = ""
			if checkName(line) == nil {
				m.files = append(m.files, line)
				last = line
			}
		case line == markerComplete || line == markerIncomplete:
			m = &manifest{complete: line == markerComplete, fps: make(map[string]fingerprint)}
		case strings.HasPrefix(line, "#"), line == "":
		default:
			return nil, nil // an older marker
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("publish: read %s: %w", filepath.Join(dir, Marker), err)
	}
	if m != nil {
		slices.Sort(m.files)
		m.files = slices.Compact(m.files)
	}
	return m, nil
}

// writeMarker replaces the Marker of the output through root, atomically:
// a crash leaves the old one or the new one.
func writeMarker(root *os.Root, names []string, complete bool, fps map[string]fingerprint) error {
	tmp := tmpPrefix + Marker
	if err := root.WriteFile(tmp, markerText(names, complete, fps), 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := root.Rename(tmp, Marker); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return nil
}

// fresh writes the staged files into a new tree in the temporary directory
// and swaps it into place of the output directory.
func (o *Output) fresh(ctx context.Context, names []string) error {
	out := filepath.Join(o.tmp, "out")
	if err := os.Mkdir(out, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	// Mkdir is subject to the umask, as the files are; the top of the
	// output is always readable, as a fresh directory of the old swap was.
	if err := os.Chmod(out, 0o755); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	// The tree is new and only this build writes in it: plain paths, one
	// system call each, rather than an os.Root's walk from its top.
	root := plainDir(out)
	var dirs sync.Map // directory → *sync.Once
	err := parallel(names, func(w *worker, name string) error {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		if d := path.Dir(name); d != "." {
			once, _ := dirs.LoadOrStore(d, new(dirOnce))
			if err := once.(*dirOnce).make(root, d); err != nil {
				return fmt.Errorf("publish: write %s: %w", name, err)
			}
		}
		e := o.pack.files[name]
		// A file kept at staging, whose output went meanwhile.
		if err := o.restage(name, e); err != nil {
			return err
		}
		return w.write(root, name, name, e)
	})
	if err != nil {
		return err
	}
	if err := root.WriteFile(Marker, markerText(names, true, nil), 0o644); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return swap(out, o.dir)
}

// dirFS is a directory to write in: an *os.Root, or a plainDir.
type dirFS interface {
	OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error)
	MkdirAll(name string, perm fs.FileMode) error
	WriteFile(name string, data []byte, perm fs.FileMode) error
}

// plainDir is a directory written through plain paths.
type plainDir string

func (d plainDir) OpenFile(name string, flag int, perm fs.FileMode) (*os.File, error) {
	return os.OpenFile(filepath.Join(string(d), name), flag, perm)
}

func (d plainDir) MkdirAll(name string, perm fs.FileMode) error {
	return os.MkdirAll(filepath.Join(string(d), name), perm)
}

func (d plainDir) WriteFile(name string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(filepath.Join(string(d), name), data, perm)
}

// dirOnce makes one directory of a fresh tree, once.
type dirOnce struct {
	once sync.Once
	err  error
}

func (d *dirOnce) make(root dirFS, dir string) error {
	d.once.Do(func() { d.err = root.MkdirAll(filepath.FromSlash(dir), 0o755) })
	return d.err
}

// syncPlan is what an update will change in the output directory, worked
// out by planSync without changing anything: the files to write, the
// files of the earlier build to remove, the directories in the way, and
// the fingerprints of the files left as they are.
type syncPlan struct {
	root    *os.Root // the output directory, open until the sync is done
	m       *manifest
	jobs    []job // sorted by name
	stale   map[string]bool
	clashes []string
	fps     map[string]fingerprint
}

// close closes the output directory the plan holds open.
func (p *syncPlan) close() {
	p.root.Close()
}

// planSync works out how the output directory, which holds the output of
// an earlier build listed in m, differs from the staged files names,
// changing nothing: which files differ, which are stale, and whether
// anything in the way was not made by dossier. sync then brings it up to
// date.
func (o *Output) planSync(names []string, m *manifest) (_ *syncPlan, err error) {
	root, err := os.OpenRoot(o.dir)
	if err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	defer func() {
		if err != nil {
			root.Close()
		}
	}()
	newSet := make(map[string]bool, len(names))
	for _, n := range names {
		newSet[n] = true
	}
	stale := make(map[string]bool)
	for _, n := range m.files {
		if !newSet[n] {
			stale[n] = true
		}
	}
	var (
		mu      sync.Mutex
		jobs    []job
		clashes []string // directories in the way of a file, to remove
		// The fingerprints of the files left as they are, for the marker.
		fps = make(map[string]fingerprint, len(names))
	)
	// By directory, so that each is looked up once, not once per file.
	byDir := make(map[string][]string)
	for _, n := range names {
		d := path.Dir(n)
		byDir[d] = append(byDir[d], n)
	}
	clk := o.fsClock()
	top := openTop(o.dir)
	defer closeTop(top)
	err = parallelJobs(slices.Sorted(maps.Keys(byDir)), func(w *worker, dir string) error {
		// The files that are as the marker's fingerprints say, and staged
		// with the same bytes, cost a stat each; the directory is opened
		// for the others.
		var rest []string
		for _, name := range byDir[dir] {
			e := o.pack.files[name]
			old, ok := m.fps[name]
			if ok && knownAt(top, name, e, old) {
				mu.Lock()
				fps[name] = old
				mu.Unlock()
				continue
			}
			// A file kept at staging that is not as it was then: its
			// bytes are made again, before anything changes.
			if err := o.restage(name, e); err != nil {
				return err
			}
			rest = append(rest, name)
		}
		if len(rest) == 0 {
			return nil
		}
		// A directory that is not there, or cannot be opened, is left to
		// plan, file by file.
		fd, fast := w.cursor.open(top, dir)
		var sub *os.Root
		if !fast {
			var oerr error
			if sub, oerr = root.OpenRoot(filepath.FromSlash(dir)); oerr == nil {
				defer sub.Close()
			}
		}
		for _, name := range rest {
			e := o.pack.files[name]
			var (
				h     how
				fp    fingerprint
				hasFP bool
				clash string
				ok    bool
				err   error
			)
			w.read = false
			switch {
			case fast:
				old, hasOld := m.fps[name]
				h, ok, fp, hasFP = w.quickAt(fd, path.Base(name), e, old, hasOld, clk)
			case sub != nil:
				h, ok, err = w.quick(sub, path.Base(name), name, e)
			}
			if !ok && err == nil {
				h, clash, err = w.plan(root, name, e, stale)
			}
			if err != nil {
				return err
			}
			if w.read && o.read != nil {
				o.read(name)
			}
			if h != skip || hasFP {
				mu.Lock()
				if h != skip {
					jobs = append(jobs, job{name, h})
				} else {
					fps[name] = fp
				}
				if clash != "" {
					clashes = append(clashes, clash)
				}
				mu.Unlock()
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(jobs, func(a, b job) int { return strings.Compare(a.name, b.name) })
	return &syncPlan{root: root, m: m, jobs: jobs, stale: stale, clashes: clashes, fps: fps}, nil
}

// sync brings the output directory up to date with the staged files names
// as p, its plan, says: it writes the files that differ from what is
// there, removes the files of the earlier build that are not in names and
// the directories that leaves empty, and leaves everything else as it is.
// Before the first change it marks the output incomplete, listing the
// files of both builds, so that a build stopped halfway is finished by the
// next one; after the last, it lists names.
func (o *Output) sync(names []string, p *syncPlan) error {
	root, m, jobs, stale, clashes, fps := p.root, p.m, p.jobs, p.stale, p.clashes, p.fps
	// A marker being written when a build was killed.
	if err := root.Remove(tmpPrefix + Marker); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("publish: %w", err)
	}
	if len(jobs) == 0 && len(stale) == 0 && m.complete && slices.Equal(m.files, names) && maps.Equal(fps, m.fps) {
		return nil // nothing to do, not even the marker
	}

	union := slices.Concat(m.files, names)
	slices.Sort(union)
	union = slices.Compact(union)
	// The files left as they are keep their fingerprints; a build
	// stopped from now on may change any other.
	if err := writeMarker(root, union, false, fps); err != nil {
		return err
	}
	if !m.complete {
		removeTemps(root, union)
	}

	// Stale files, then the directories they leave empty (not those that
	// this build fills again), deepest first.
	staleNames := slices.Sorted(maps.Keys(stale))
	err := parallel(staleNames, func(w *worker, name string) error {
		if o.hook != nil {
			if err := o.hook("remove", name); err != nil {
				return err
			}
		}
		// What is reached through a link (someone put it in place of a
		// folder of dossier's), or cannot be reached, or is a folder, is
		// not a file dossier made.
		for d := range parents(name) {
			if fi, err := root.Lstat(filepath.FromSlash(d)); err != nil || !fi.IsDir() {
				return nil
			}
		}
		if fi, err := root.Lstat(filepath.FromSlash(name)); err != nil || fi.IsDir() {
			return nil
		}
		if err := root.Remove(filepath.FromSlash(name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("publish: remove %s: %w", name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	keep := make(map[string]bool)
	for _, n := range names {
		for d := path.Dir(n); d != "." && !keep[d]; d = path.Dir(d) {
			keep[d] = true
		}
	}
	emptied := make(map[string]bool)
	for _, n := range slices.Concat(staleNames, clashes) {
		for d := path.Dir(n); d != "." && !keep[d]; d = path.Dir(d) {
			emptied[d] = true
		}
	}
	for _, c := range clashes {
		emptied[c] = true
	}
	dirs := slices.SortedFunc(maps.Keys(emptied), func(a, b string) int {
		// Deepest first, so that a directory is tried after those in it.
		return strings.Count(b, "/") - strings.Count(a, "/")
	})
	for _, d := range dirs {
		// Only a folder, never a link someone put in the place of one.
		if fi, err := root.Lstat(filepath.FromSlash(d)); err != nil || !fi.IsDir() {
			continue
		}
		err := root.Remove(filepath.FromSlash(d))
		if err != nil && !errors.Is(err, fs.ErrNotExist) && !isNotEmpty(err) {
			return fmt.Errorf("publish: remove %s: %w", d, err)
		}
	}

	var made sync.Map
	err = parallelJobs(jobs, func(w *worker, j job) error {
		name, e := j.name, o.pack.files[j.name]
		if o.hook != nil {
			if err := o.hook("write", name); err != nil {
				return err
			}
		}
		if d := path.Dir(name); d != "." && j.how == create {
			once, _ := made.LoadOrStore(d, new(dirOnce))
			if err := once.(*dirOnce).make(root, d); err != nil {
				return fmt.Errorf("publish: write %s: %w", name, err)
			}
		}
		if j.how != replace {
			return w.write(root, name, name, e)
		}
		tmp := tmpName(name)
		if err := w.write(root, tmp, name, e); err != nil {
			root.Remove(filepath.FromSlash(tmp))
			return err
		}
		if err := root.Rename(filepath.FromSlash(tmp), filepath.FromSlash(name)); err != nil {
			root.Remove(filepath.FromSlash(tmp))
			return fmt.Errorf("publish: write %s: %w", name, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return writeMarker(root, names, true, fps)
}

// parents yields the directories that hold the output path name, from
// the top down.
func parents(name string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for i := 0; i < len(name); i++ {
			if name[i] == '/' && !yield(name[:i]) {
				return
			}
		}
	}
}

// tmpName returns the name of the temporary file beside the output file
// name, to be renamed to it: tmpPrefix and the file's name, or a hash of it
// if that is too long for a file name.
func tmpName(name string) string {
	base := path.Base(name)
	if len(base) > 200 {
		base = fmt.Sprintf("%x", sha256.Sum256([]byte(base)))
	}
	return path.Join(path.Dir(name), tmpPrefix+base)
}

// removeTemps removes the temporary files that a build stopped while
// writing may have left beside the files names. It does its best: one that
// cannot be removed is left.
func removeTemps(root *os.Root, names []string) {
	parallel(names, func(_ *worker, name string) error {
		_ = root.Remove(filepath.FromSlash(tmpName(name)))
		return nil
	})
}

// isNotEmpty reports whether err is that of removing a directory that
// holds something.
func isNotEmpty(err error) bool {
	return errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EEXIST)
}

// worker holds the buffers of one goroutine of parallel, and the
// directories it has open.
type worker struct {
	a, b   []byte
	cursor dirCursor
	read   bool // set when a file's bytes are read to compare them
}

// parallel calls f for each name, from syncWorkers goroutines, and returns
// the first error; after an error, no more calls start.
func parallel(names []string, f func(w *worker, name string) error) error {
	return parallelJobs(names, f)
}

// parallelJobs is parallel for any kind of item.
func parallelJobs[T any](names []T, f func(w *worker, item T) error) error {
	n := min(syncWorkers, len(names))
	if n == 0 {
		return nil
	}
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		next  int
		first error
	)
	for range n {
		wg.Go(func() {
			w := &worker{}
			defer w.cursor.close()
			for {
				mu.Lock()
				if first != nil || next == len(names) {
					mu.Unlock()
					return
				}
				name := names[next]
				next++
				mu.Unlock()
				if err := f(w, name); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

const bufSize = 64 << 10

func (w *worker) buffers() ([]byte, []byte) {
	if w.a == nil {
		w.a, w.b = make([]byte, bufSize), make([]byte, bufSize)
	}
	return w.a, w.b
}

// write writes the bytes of e to the file file under root (name is the
// output path, for errors): a new file, or over the bytes of one that is
// there without truncating it first, so that blocks already there are
// written again rather than freed and allocated anew (on the project's
// machine, four times faster than a new file renamed over the old one); a
// file that got shorter is truncated at the end.
func (w *worker) write(root dirFS, file, name string, e *entry) error {
	f, err := root.OpenFile(filepath.FromSlash(file), os.O_WRONLY|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("publish: write %s: %w", name, err)
	}
	buf, _ := w.buffers()
	n, err := io.CopyBuffer(onlyWriter{f}, e.reader(), buf)
	if err == nil {
		var fi os.FileInfo
		if fi, err = f.Stat(); err == nil && fi.Size() > n {
			err = f.Truncate(n)
		}
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("publish: write %s: %w", name, err)
	}
	return nil
}

// onlyWriter hides the ReadFrom of *os.File, so that io.CopyBuffer uses the
// worker's buffer.
type onlyWriter struct{ io.Writer }

// how says how a staged file goes into the output.
type how int

const (
	skip      how = iota // the same bytes are there
	create               // nothing is there (or what is will be removed first)
	overwrite            // a file with other bytes is there: written over in place
	replace              // a link, or a file with other links: a new file renamed over it
)

// job is one staged file to put in the output.
type job struct {
	name string
	how  how
}

// quick is plan for the common cases, the file base in the directory sub
// (name is its output path): nothing there, or a regular file. It reports
// false for every other case, which plan then works out.
func (w *worker) quick(sub *os.Root, base, name string, e *entry) (how, bool, error) {
	fi, err := sub.Lstat(base)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return create, true, nil
	case err != nil || !fi.Mode().IsRegular() || links(fi) > 1:
		return skip, false, nil
	case fi.Size() != e.size:
		return overwrite, true, nil
	}
	h, err := w.compare(sub, base, name, e)
	return h, true, err
}

// compare tells skip or overwrite for the regular file file under root.
func (w *worker) compare(root *os.Root, file, name string, e *entry) (how, error) {
	f, err := root.Open(file)
	if err != nil {
		return skip, fmt.Errorf("publish: write %s: %w", name, err)
	}
	defer f.Close()
	a, b := w.buffers()
	w.read = true
	same, err := equal(e.reader(), f, a, b)
	if err != nil {
		return skip, fmt.Errorf("publish: write %s: %w", name, err)
	}
	if same {
		return skip, nil
	}
	return overwrite, nil
}

// plan says how the staged file name, e, goes into the output, changing
// nothing. If a directory is in the way, or a file where this one needs a
// directory, it must be dossier's and stale (in stale); a directory in the
// way is returned in clash, to be removed. Anything else in the way is an
// error.
func (w *worker) plan(root *os.Root, name string, e *entry, stale map[string]bool) (h how, clash string, err error) {
	file := filepath.FromSlash(name)
	fi, err := root.Lstat(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return create, "", nil
	case errors.Is(err, syscall.ENOTDIR):
		// A file where a directory of name should be.
		for d := path.Dir(name); d != "."; d = path.Dir(d) {
			fi, err := root.Lstat(filepath.FromSlash(d))
			if err == nil && !fi.IsDir() {
				if stale[d] {
					return create, "", nil
				}
				return skip, "", fmt.Errorf("publish: write %s: %s in the output is a file that dossier did not make (remove it)", name, d)
			}
		}
		return skip, "", fmt.Errorf("publish: write %s: %w", name, err)
	case err != nil:
		return skip, "", fmt.Errorf("publish: write %s: %w", name, err)
	case fi.IsDir():
		if err := onlyStale(root, name, stale); err != nil {
			return skip, "", err
		}
		return create, name, nil
	case !fi.Mode().IsRegular() || links(fi) > 1:
		// Writing in place would write through the link.
		return replace, "", nil
	case fi.Size() != e.size:
		return overwrite, "", nil
	}
	h, err = w.compare(root, file, name, e)
	return h, "", err
}

// onlyStale reports an error unless every file under the directory dir of
// the output is one of stale.
func onlyStale(root *os.Root, dir string, stale map[string]bool) error {
	return fs.WalkDir(root.FS(), dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && !stale[p] {
			return fmt.Errorf("publish: write %s: %s in the output is a folder that holds %s, which dossier did not make (remove it)", dir, dir, p)
		}
		return nil
	})
}

// equal reports whether a and b hold the same bytes, reading them through
// the buffers ba and bb.
func equal(a, b io.Reader, ba, bb []byte) (bool, error) {
	for {
		na, erra := io.ReadFull(a, ba)
		nb, errb := io.ReadFull(b, bb)
		if !bytes.Equal(ba[:na], bb[:nb]) {
			return false, nil
		}
		aEnd := erra == io.EOF || erra == io.ErrUnexpectedEOF
		bEnd := errb == io.EOF || errb == io.ErrUnexpectedEOF
		switch {
		case erra != nil && !aEnd:
			return false, erra
		case errb != nil && !bEnd:
			return false, errb
		case aEnd || bEnd:
			return aEnd == bEnd, nil
		}
	}
}
