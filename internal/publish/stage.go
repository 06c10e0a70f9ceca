package publish

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sync"
)

// packFile is the name of the staging file inside a build's temporary
// directory (where it stays only if it cannot be unlinked while open).
const packFile = "pack"

// streamGather is how many bytes, at most, a streaming writer
// (Output.Create) gathers from small writes before it appends them to the
// pack. A write of half that or more goes to the pack as it is, which
// copies it into its current batch (or, if big, writes it at once): the
// exports are written in pieces of 32 KiB, each copied once, and their
// streams hold no buffer. Streams that gathered a megabyte each, in a
// buffer grown by append, allocated 10 MB in a 1,000-point build, for no
// fewer copies.
const streamGather = 32 << 10

// packBatch is how many bytes of small files the pack gathers in memory
// before it writes them with one system call. Written one by one, the
// 3,000 pages of 25 KB of a 1,000-point build, from several rendering
// goroutines at once contending for the file's lock, cost about twice the
// CPU of 240 batches; batches of a megabyte saved no more and, several
// being written at once, raised the peak memory by 4 MB.
const packBatch = 256 << 10

// pack is the staging area of a build: one file that every output file is
// appended to, and an index of where each is. Staging a file costs at most
// one write to a file that already exists, and no file system metadata, so
// that a build whose link check fails has only one file to drop.
type pack struct {
	f *os.File

	wmu      sync.Mutex
	end      int64  // bytes reserved so far
	batch    []byte // bytes from batchOff on, not written yet
	batchOff int64
	free     [][]byte // batch buffers to reuse
	err      error    // the first failed write of a batch

	mu    sync.Mutex
	files map[string]*entry // output path → where its bytes are
	dirs  map[string]bool   // every directory that holds a staged file
	open  int               // streaming writers not closed yet
}

// entry is one staged file: its bytes, in order, are its extents of the
// pack. A file written whole is one extent.
type entry struct {
	f    io.ReaderAt // the pack
	ext  []extent
	size int64
	sum  uint64 // the checksum of its bytes
	done bool   // false while a streaming writer is open
	// kept marks a file whose bytes were not staged, as the output holds
	// them already (see Options.Again).
	kept bool
}

type extent struct{ off, n int64 }

func newPack(f *os.File) *pack {
	return &pack{f: f, files: make(map[string]*entry), dirs: make(map[string]bool)}
}

// reserve registers name, which must not be staged already and must not
// clash with another staged file (be the directory of one, or lie in one).
func (p *pack) reserve(name string, e *entry) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.files[name]; ok {
		return fmt.Errorf("publish: write %s: written twice", name)
	}
	if p.dirs[name] {
		return fmt.Errorf("publish: write %s: it is also a folder of other files", name)
	}
	for d := path.Dir(name); d != "."; d = path.Dir(d) {
		if _, ok := p.files[d]; ok {
			return fmt.Errorf("publish: write %s: %s is a file", name, d)
		}
	}
	e.f = p.f
	p.files[name] = e
	for d := path.Dir(name); d != "." && !p.dirs[d]; d = path.Dir(d) {
		p.dirs[d] = true
	}
	if !e.done {
		p.open++
	}
	return nil
}

// claim locks p.wmu and reserves n bytes at the end of the pack: it
// returns where they start, with p.wmu still held for the caller to
// unlock. After a failed batch write, which fails every later append, it
// unlocks p.wmu and returns that error.
func (p *pack) claim(n int64) (int64, error) {
	p.wmu.Lock()
	if err := p.err; err != nil {
		p.wmu.Unlock()
		return 0, err
	}
	off := p.end
	p.end += n
	return off, nil
}

// append adds data at the end of the pack and returns where it went. Data
// smaller than half a batch is copied into the current batch, which is
// written when it is full or at flush; bigger data is written at once.
func (p *pack) append(data []byte) (extent, error) {
	n := int64(len(data))
	off, err := p.claim(n)
	if err != nil {
		return extent{}, err
	}
	var (
		full   []byte
		fullAt int64
	)
	if n >= packBatch/2 || int64(len(p.batch))+n > packBatch {
		// The batch ends here: its bytes are contiguous.
		full, fullAt = p.batch, p.batchOff
		p.batch = nil
	}
	if n < packBatch/2 && n > 0 {
		if p.batch == nil {
			if k := len(p.free); k > 0 {
				p.batch, p.free = p.free[k-1][:0], p.free[:k-1]
			} else {
				p.batch = make([]byte, 0, packBatch)
			}
			p.batchOff = off
		}
		p.batch = append(p.batch, data...)
		data = nil
	}
	p.wmu.Unlock()

	if err := p.writeBatch(full, fullAt); err != nil {
		return extent{}, err
	}
	if len(data) > 0 {
		if _, err := p.f.WriteAt(data, off); err != nil {
			return extent{}, err
		}
	}
	return extent{off, n}, nil
}

// writeBatch writes the batch b at off and keeps the buffer for reuse. A
// failed write fails every later append and flush: it held other files.
func (p *pack) writeBatch(b []byte, off int64) error {
	if len(b) == 0 {
		return nil
	}
	_, err := p.f.WriteAt(b, off)
	p.wmu.Lock()
	defer p.wmu.Unlock()
	p.free = append(p.free, b)
	if err != nil && p.err == nil {
		p.err = err
	}
	return p.err
}

// appendNow adds data at the end of the pack and writes it at once, for
// bytes that are read back straight away (see Output.restage).
func (p *pack) appendNow(data []byte) (extent, error) {
	n := int64(len(data))
	off, err := p.claim(n)
	if err != nil {
		return extent{}, err
	}
	p.wmu.Unlock()
	if n > 0 {
		if _, err := p.f.WriteAt(data, off); err != nil {
			return extent{}, err
		}
	}
	return extent{off, n}, nil
}

// flush writes what the current batch holds; after it, every file staged
// so far is in the pack file. It reports a failed write of any batch.
func (p *pack) flush() error {
	p.wmu.Lock()
	b, off := p.batch, p.batchOff
	p.batch = nil
	err := p.err
	p.wmu.Unlock()
	if err != nil {
		return err
	}
	return p.writeBatch(b, off)
}

// reader returns the bytes of e.
func (e *entry) reader() io.Reader {
	if e.kept {
		// A bug: Commit restages a kept file before it reads it.
		return errReader{errors.New("publish: the bytes of a kept file were not staged")}
	}
	switch len(e.ext) {
	case 0:
		return eofReader{}
	case 1:
		return io.NewSectionReader(e.f, e.ext[0].off, e.ext[0].n)
	}
	rs := make([]io.Reader, len(e.ext))
	for i, x := range e.ext {
		rs[i] = io.NewSectionReader(e.f, x.off, x.n)
	}
	return io.MultiReader(rs...)
}

type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// closed marks the streaming writer of e closed.
func (p *pack) closed(e *entry, ext []extent, size int64, sum uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e.ext, e.size, e.sum, e.done = ext, size, sum, true
	p.open--
}

// keep marks e, reserved by a writer not closed yet, closed and kept:
// its bytes are not in the pack.
func (p *pack) keep(e *entry, size int64, sum uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e.size, e.sum, e.done, e.kept = size, sum, true, true
	p.open--
}

// stream is a file being staged piece by piece (Output.Create).
type stream struct {
	o    *Output
	name string
	e    *entry
	buf  []byte
	ext  []extent
	size int64
	sum  checksum
	err  error
	done bool
}

func (s *stream) Write(b []byte) (int, error) {
	if s.done {
		return 0, fmt.Errorf("publish: write %s: write after close", s.name)
	}
	if s.err != nil {
		return 0, s.err
	}
	big := len(b) >= streamGather/2
	if big || len(s.buf)+len(b) > streamGather {
		if err := s.flush(s.buf); err != nil {
			return 0, err
		}
		s.buf = s.buf[:0]
	}
	if big {
		if err := s.flush(b); err != nil {
			return 0, err
		}
		return len(b), nil
	}
	// The buffer grows as it fills, up to streamGather: the exports of a
	// small site are a few KB.
	if len(s.buf)+len(b) > cap(s.buf) {
		s.buf = append(make([]byte, 0, min(streamGather, max(2*cap(s.buf), len(s.buf)+len(b), 4<<10))), s.buf...)
	}
	s.buf = append(s.buf, b...)
	return len(b), nil
}

// flush appends b to the pack, as a new extent of the file or, if it
// follows the last one in the pack (no other file was staged between),
// as more of the last one.
func (s *stream) flush(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	x, err := s.o.pack.append(b)
	if err != nil {
		s.err = fmt.Errorf("publish: write %s: %w", s.name, err)
		return s.err
	}
	if k := len(s.ext) - 1; k >= 0 && s.ext[k].off+s.ext[k].n == x.off {
		s.ext[k].n += x.n
	} else {
		s.ext = append(s.ext, x)
	}
	s.size += x.n
	s.sum = s.sum.update(b)
	return nil
}

// Close stages what was written. A file whose Close was not called, or
// failed, makes Commit fail.
func (s *stream) Close() error {
	if s.done {
		return s.err
	}
	s.done = true
	if s.err == nil {
		s.flush(s.buf)
	}
	s.buf = nil
	if s.err != nil {
		return s.err
	}
	if err := s.o.live(); err != nil {
		s.err = err
		return err
	}
	s.o.pack.closed(s.e, s.ext, s.size, s.sum.sum())
	return nil
}

var errClosed = errors.New("publish: write after commit or abort")
