package publish

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sync"
	"sync/atomic"
)

// packFile is the name of the staging file inside a build's temporary
// directory (where it stays only if it cannot be unlinked while open).
const packFile = "pack"

// streamChunk is how many bytes a streaming writer (Output.Create) gathers
// before it appends them to the pack.
const streamChunk = 1 << 20

// pack is the staging area of a build: one file that every output file is
// appended to, and an index of where each is. Staging a file costs one
// write to a file that already exists, and no file system metadata, so
// that a build whose link check fails has only one file to drop.
type pack struct {
	f   *os.File
	end atomic.Int64 // bytes reserved so far

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
	done bool // false while a streaming writer is open
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

// append writes data at the end of the pack and returns where it went.
func (p *pack) append(data []byte) (extent, error) {
	n := int64(len(data))
	off := p.end.Add(n) - n
	if n == 0 {
		return extent{off, 0}, nil
	}
	if _, err := p.f.WriteAt(data, off); err != nil {
		return extent{}, err
	}
	return extent{off, n}, nil
}

// reader returns the bytes of e.
func (e *entry) reader() io.Reader {
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

// closed marks the streaming writer of e closed.
func (p *pack) closed(e *entry, ext []extent, size int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	e.ext, e.size, e.done = ext, size, true
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
	n := len(b)
	for len(b) > 0 {
		if len(s.buf) == 0 && len(b) >= streamChunk {
			// A big write goes to the pack as it is.
			if err := s.flush(b); err != nil {
				return n - len(b), err
			}
			return n, nil
		}
		k := copy(s.buf[len(s.buf):cap(s.buf)], b)
		s.buf = s.buf[:len(s.buf)+k]
		b = b[k:]
		if len(s.buf) == cap(s.buf) {
			if err := s.flush(s.buf); err != nil {
				return n - len(b), err
			}
			s.buf = s.buf[:0]
		}
	}
	return n, nil
}

func (s *stream) flush(b []byte) error {
	if len(b) == 0 {
		return nil
	}
	x, err := s.o.pack.append(b)
	if err != nil {
		s.err = fmt.Errorf("publish: write %s: %w", s.name, err)
		return s.err
	}
	s.ext = append(s.ext, x)
	s.size += x.n
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
	s.o.pack.closed(s.e, s.ext, s.size)
	return nil
}

var errClosed = errors.New("publish: write after commit or abort")
