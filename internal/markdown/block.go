package markdown

import (
	"slices"
	"sort"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// blockText is the text of one block (a paragraph, heading or table cell)
// as goldmark's inline parsers see it: its lines joined into one buffer,
// with the offset in the source of each. Citations may span lines, so their
// parsers work on this buffer rather than on the current line.
//
// The closing positions that the grammars look for are found once per
// block, so that a paragraph full of unclosed "[@" stays linear to parse.
type blockText struct {
	node  ast.Node
	buf   []byte // the source itself if its lines follow each other, else own
	own   []byte
	lines []blockLine

	straight []int // indexes of '"' that may close a straight quote
	curly    []int // indexes of '”' that may close a curly quote
	brackets []int // indexes of unescaped ']'

	// unclosed is set once an unclosed "[@" or "[[" of the block has been
	// reported: one problem a paragraph says it, and "[@[@[@…" stays
	// linear.
	unclosed bool
}

// blockLine is one line of a blockText.
type blockLine struct {
	at  int          // index in buf of the line's first byte
	seg text.Segment // the line in the source
}

// curlyClose is the closing curly quote mark.
const curlyClose = "”"

// blockTextOf returns the blockText of node, reusing the one in st when the
// parsers are still in the same block.
func (st *parseState) blockTextOf(node ast.Node, src []byte) *blockText {
	if st.block != nil && st.block.node == node {
		return st.block
	}
	lines := node.Lines()
	size := 0
	contiguous := true // each line starts where the one before ends
	for i := range lines.Len() {
		seg := lines.At(i)
		size += seg.Len()
		contiguous = contiguous && (i == 0 || lines.At(i-1).Stop == seg.Start)
	}
	// The inline parsers are done with the last block once they are in
	// another (goldmark parses the inlines of one block after another,
	// and no parser keeps a piece of a blockText): its buffers are
	// reused, so that a document's blocks cost their text once.
	b := st.block
	if b == nil {
		b = new(blockText)
	}
	*b = blockText{
		node:     node,
		own:      b.own[:0],
		lines:    slices.Grow(b.lines[:0], lines.Len()),
		straight: b.straight[:0],
		curly:    b.curly[:0],
		brackets: b.brackets[:0],
	}
	at := 0
	for i := range lines.Len() {
		seg := lines.At(i)
		b.lines = append(b.lines, blockLine{at: at, seg: seg})
		at += seg.Len()
	}
	switch {
	case contiguous && lines.Len() > 0:
		// The lines as they are in the source (most paragraphs): no
		// copy. Nothing writes to buf.
		first, last := lines.At(0).Start, lines.At(lines.Len()-1).Stop
		b.buf = src[first:last:last]
	default:
		b.own = slices.Grow(b.own, size)
		for i := range lines.Len() {
			seg := lines.At(i)
			b.own = append(b.own, src[seg.Start:seg.Stop]...)
		}
		b.buf = b.own
	}
	buf := b.buf
	for i := 0; i < len(buf); i++ {
		// Most bytes close nothing: they are skipped a table look-up
		// each. Whether one that may is escaped is told by the
		// backslashes just before it.
		c := buf[i]
		if !mayClose[c] {
			continue
		}
		switch {
		case c == ']' && !escapedAt(buf, i):
			b.brackets = append(b.brackets, i)
		case c == '"' && !escapedAt(buf, i) && closesQuote(buf, i+1):
			b.straight = append(b.straight, i)
		case c == curlyClose[0] && hasPrefixAt(buf, i, []byte(curlyClose)) && closesQuote(buf, i+len(curlyClose)):
			b.curly = append(b.curly, i)
		}
	}
	st.block = b
	return b
}

// mayClose tells the bytes that blockTextOf looks at: ']', '"' and the
// first byte of curlyClose.
var mayClose = func() (t [256]bool) {
	t[']'], t['"'], t[curlyClose[0]] = true, true, true
	return t
}()

// escapedAt reports whether buf[i] follows an odd number of backslashes.
// Each run of backslashes is counted by at most the one byte after it, so
// a block is still read in linear time.
func escapedAt(buf []byte, i int) bool {
	k := i
	for k > 0 && buf[k-1] == '\\' {
		k--
	}
	return (i-k)%2 == 1
}

// closesQuote reports whether a quote mark that ends just before buf[i] may
// close a quote: it is followed, after optional white space, by ',', ';'
// or ']'.
func closesQuote(buf []byte, i int) bool {
	i = skipSpace(buf, i)
	return i < len(buf) && (buf[i] == ',' || buf[i] == ';' || buf[i] == ']')
}

// next returns the first index in the sorted list that is at least i, or -1.
func next(list []int, i int) int {
	j := sort.SearchInts(list, i)
	if j == len(list) {
		return -1
	}
	return list[j]
}

// index returns the index in b.buf of the source offset off on line l.
func (b *blockText) index(l, off int) int {
	ln := b.lines[l]
	return ln.at + off - ln.seg.Start
}

// offset returns the source offset of index i of b.buf; len(b.buf) maps to
// the end of the last line.
func (b *blockText) offset(i int) int {
	l := b.line(i)
	if l < 0 {
		return 0
	}
	return b.lines[l].seg.Start + i - b.lines[l].at
}

// line returns the line that holds index i of b.buf, or -1 if b is empty.
func (b *blockText) line(i int) int {
	return sort.Search(len(b.lines), func(l int) bool { return b.lines[l].at > i }) - 1
}

// advance moves block, a reader over the lines of b, to index i of b.buf.
// goldmark's inline loop must never be left at the end of a line that is
// not the last (it reads the line's last byte), so the end of such a line
// is the start of the next.
func (b *blockText) advance(block text.Reader, i int) {
	l := b.line(i)
	for l+1 < len(b.lines) && i-b.lines[l].at >= b.lines[l].seg.Len() {
		l++
		i = b.lines[l].at
	}
	seg := b.lines[l].seg
	start := seg.Start + i - b.lines[l].at
	block.SetPosition(l, text.NewSegment(start, seg.Stop))
}

// isSpace reports whether c is white space inside a citation, where line
// breaks count as spaces.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// skipSpace returns the first index from i in buf that is not white space.
func skipSpace(buf []byte, i int) int {
	for i < len(buf) && isSpace(buf[i]) {
		i++
	}
	return i
}
