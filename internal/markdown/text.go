package markdown

import (
	"bytes"
	stdhtml "html"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// PlainText returns the text of the document without markup, for search
// indexes and summaries. Citations are left out, cross-references give
// their label or number, raw HTML is left out, and blocks (paragraphs,
// headings, list items, code blocks, tables) are separated by blank lines.
// Within a block, soft line breaks become spaces.
func (d *Doc) PlainText() string {
	b := plainBuffers.Get().(*[]byte)
	*b = d.AppendPlainText((*b)[:0])
	s := string(*b)
	if cap(*b) <= maxPlainBuffer {
		plainBuffers.Put(b)
	}
	return s
}

// plainBuffers keep the buffers PlainText works in, up to maxPlainBuffer
// bytes each, so that it allocates the string it returns and nothing else.
var plainBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxPlainBuffer = 256 << 10

// AppendPlainText appends PlainText to dst and returns the extended
// buffer, for a caller that reuses one buffer for many documents.
//
// It makes the text in place: each block is written into dst as it is,
// then its citation gaps are dropped and its white space trimmed where it
// stands, so that a document costs no allocation but dst's growth (the
// text was once made block by block, piece by piece, and joined).
func (d *Doc) AppendPlainText(dst []byte) []byte {
	root := d.root()
	if root == nil {
		return dst
	}
	return appendBlocks(dst, len(dst), root, d.Src)
}

// appendBlocks appends the plain text of the blocks in n to b, each after
// a blank line if b holds a block after base already.
func appendBlocks(b []byte, base int, n ast.Node, src []byte) []byte {
	// add appends a block that write makes, trimmed, after a blank line;
	// a block that is only white space is dropped with its blank line.
	add := func(write func([]byte) []byte) []byte {
		mark := len(b)
		if mark > base {
			b = append(b, '\n', '\n')
		}
		start := len(b)
		b = trimFrom(write(b), start)
		if len(b) == start {
			b = b[:mark]
		}
		return b
	}
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
		return add(func(b []byte) []byte { return appendInlineText(b, n, src) })
	case ast.KindCodeBlock, ast.KindFencedCodeBlock:
		return add(func(b []byte) []byte {
			for i := range n.Lines().Len() {
				line := n.Lines().At(i)
				b = appendSrc(b, line.Value(src))
			}
			return b
		})
	case ast.KindHTMLBlock, ast.KindThematicBreak, ast.KindLinkReferenceDefinition:
		return b
	case east.KindTable:
		// Rows on lines of their own, each trimmed; cells joined by a
		// space.
		return add(func(b []byte) []byte {
			for row := n.FirstChild(); row != nil; row = row.NextSibling() {
				if row != n.FirstChild() {
					b = append(b, '\n')
				}
				start := len(b)
				for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
					if cell != row.FirstChild() {
						b = append(b, ' ')
					}
					b = appendInlineText(b, cell, src)
				}
				b = trimFrom(b, start)
			}
			return b
		})
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b = appendBlocks(b, base, c, src)
	}
	return b
}

// trimFrom trims the white space (as bytes.TrimSpace does) around b[start:],
// moving what is left to start.
func trimFrom(b []byte, start int) []byte {
	t := bytes.TrimSpace(b[start:])
	return b[:start+copy(b[start:], t)]
}

// inlineText returns the plain text of the inline content of n, trimmed.
func inlineText(n ast.Node, src []byte) string {
	return string(appendInlineText(nil, n, src))
}

// appendInlineText appends the plain text of the inline content of n to
// b, trimmed.
func appendInlineText(b []byte, n ast.Node, src []byte) []byte {
	start := len(b)
	b = appendInline(b, n, src)
	// A citation leaves a NUL mark: drop it with the white space before it,
	// so "the war [@x]." reads "the war.", not "the war .".
	b = b[:start+len(dropCiteGaps(b[start:]))]
	return trimFrom(b, start)
}

// dropCiteGaps drops every run of NULs from b with the spaces and tabs
// before it, in place, as replacing the matches of `[ \t]*\x00+` with ""
// does (a fuzz test holds it to that), without a regexp: this ran for
// every paragraph of the search index and dossier.json.
func dropCiteGaps(b []byte) []byte {
	i := bytes.IndexByte(b, 0)
	if i < 0 {
		return b
	}
	w, r := 0, 0 // where the next bytes are written, and read from
	for {
		w += copy(b[w:], b[r:i])
		for w > 0 && (b[w-1] == ' ' || b[w-1] == '\t') {
			w--
		}
		for i < len(b) && b[i] == 0 {
			i++
		}
		r = i
		j := bytes.IndexByte(b[r:], 0)
		if j < 0 {
			break
		}
		i = r + j
	}
	w += copy(b[w:], b[r:])
	return b[:w]
}

// appendInline appends the plain text of the children of n to b.
func appendInline(b []byte, n ast.Node, src []byte) []byte {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if c.IsRaw() {
				b = appendSrc(b, v)
			} else {
				b = appendUnescaped(b, v)
			}
			switch {
			case c.HardLineBreak():
				b = append(b, '\n')
			case c.SoftLineBreak():
				b = append(b, ' ')
			}
		case *ast.String:
			switch {
			case c.IsCode():
				// Code strings are written to HTML as they are.
				b = appendSrcString(b, stdhtml.UnescapeString(string(c.Value)))
			case c.IsRaw():
				b = appendSrc(b, c.Value)
			default:
				b = appendUnescaped(b, c.Value)
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					v := t.Segment.Value(src)
					if bytes.HasSuffix(v, []byte("\n")) {
						b = appendSrc(b, v[:len(v)-1])
						b = append(b, ' ')
					} else {
						b = appendSrc(b, v)
					}
				}
			}
		case *ast.AutoLink:
			b = appendSrc(b, c.Label(src))
		case *citeNode:
			b = append(b, 0)
		case *ast.RawHTML:
		case *xrefNode:
			if c.xref.Label != "" {
				b = appendSrcString(b, c.xref.Label)
			} else {
				b = strconv.AppendInt(b, int64(c.xref.Number), 10)
			}
		default:
			b = appendInline(b, c, src)
		}
	}
	return b
}

// appendSrc appends v, text of the source, to b with each NUL written as
// U+FFFD, as goldmark's HTML writer writes it (CommonMark replaces U+0000
// for security): a NUL in b is a citation's mark (see appendInline), which
// a NUL of the source must not pass for. Raw HTML, which goldmark writes
// as it is, is left out of the plain text.
func appendSrc(b, v []byte) []byte {
	for {
		i := bytes.IndexByte(v, 0)
		if i < 0 {
			return append(b, v...)
		}
		b = append(append(b, v[:i]...), "\ufffd"...)
		v = v[i+1:]
	}
}

// appendSrcString is appendSrc for a string.
func appendSrcString(b []byte, v string) []byte {
	if strings.IndexByte(v, 0) < 0 {
		return append(b, v...)
	}
	return appendSrc(b, []byte(v))
}

// appendUnescaped appends v with its backslash escapes and character
// references resolved exactly as goldmark's HTML writer resolves them: it
// writes v as HTML, then unescapes that HTML.
func appendUnescaped(b, v []byte) []byte {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return appendSrc(b, v)
	}
	start := len(b)
	w := &sliceWriter{b: b}
	html.DefaultWriter.Write(w, v)
	b = w.b
	if bytes.IndexByte(b[start:], '&') < 0 {
		return b // the HTML holds no reference: it reads as it is
	}
	s := stdhtml.UnescapeString(string(b[start:]))
	return append(b[:start], s...)
}

// sliceWriter is a util.BufWriter that appends to b and never fails, so
// that goldmark's HTML writer can write into a plain text being made
// (bufio.Writer allocated 4 kB a call).
type sliceWriter struct{ b []byte }

var _ util.BufWriter = (*sliceWriter)(nil)

func (w *sliceWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

func (w *sliceWriter) WriteString(s string) (int, error) {
	w.b = append(w.b, s...)
	return len(s), nil
}

func (w *sliceWriter) WriteByte(c byte) error {
	w.b = append(w.b, c)
	return nil
}

func (w *sliceWriter) WriteRune(r rune) (int, error) {
	n := len(w.b)
	w.b = utf8.AppendRune(w.b, r)
	return len(w.b) - n, nil
}

func (w *sliceWriter) Available() int { return cap(w.b) - len(w.b) }
func (w *sliceWriter) Buffered() int  { return 0 }
func (w *sliceWriter) Flush() error   { return nil }
