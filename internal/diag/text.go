package diag

import (
	"bytes"
	"sort"
	"sync"
	"unicode/utf8"
)

// Text maps byte offsets in a piece of a file to positions. The piece may
// start anywhere in the file: Start is the position of its first byte, so the
// Markdown body of a content file, or a string inside its front matter, maps
// to the true line and column of the file.
//
// Columns count characters (runes), not bytes, as editors do.
type Text struct {
	Start Position
	src   []byte

	// nl holds the offsets of the newlines in src, found the first time
	// a position is asked for: the body of every content file gets a
	// Text, and few are ever asked.
	nlOnce sync.Once
	nl     []int

	lazy *lazyText // for a Text made by LazyText
}

// lazyText makes a Text the first time a position is asked for.
type lazyText struct {
	once sync.Once
	make func() *Text
}

// NewText returns a Text for src, whose first byte is at start. A zero
// start.Line or start.Col counts as 1.
func NewText(start Position, src []byte) *Text {
	if start.Line < 1 {
		start.Line = 1
	}
	if start.Col < 1 {
		start.Col = 1
	}
	return &Text{Start: start, src: src}
}

// newlines returns the offsets of the newlines in t.src.
func (t *Text) newlines() []int {
	t.nlOnce.Do(func() {
		for i := 0; ; i++ {
			k := bytes.IndexByte(t.src[i:], '\n')
			if k < 0 {
				break
			}
			i += k
			t.nl = append(t.nl, i)
		}
	})
	return t.nl
}

// LazyText returns a Text that calls make the first time a position is
// asked for, and then behaves as the Text make returned. It lets a loader
// hand out Texts for every string of a file without working out where
// each is (which costs time and memory) when no diagnostic ever asks. make
// may be called from any goroutine, once.
func LazyText(make func() *Text) *Text {
	return &Text{lazy: &lazyText{make: make}}
}

// Pos returns the position of the byte at offset off. Offsets out of range
// are clamped to the piece.
func (t *Text) Pos(off int) Position {
	if lz := t.lazy; lz != nil {
		lz.once.Do(func() {
			r := lz.make()
			t.Start, t.src = r.Start, r.src
			lz.make = nil
		})
	}
	off = max(0, min(off, len(t.src)))
	nl := t.newlines()
	line := sort.SearchInts(nl, off) // newlines before off
	p := Position{File: t.Start.File, Line: t.Start.Line + line}
	lineStart := 0
	if line > 0 {
		lineStart = nl[line-1] + 1
	}
	p.Col = utf8.RuneCount(t.src[lineStart:off]) + 1
	if line == 0 {
		p.Col += t.Start.Col - 1
	}
	return p
}
