package markdown

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// blockTextOfOld is blockTextOf as it was before it skipped the bytes that
// close nothing: the oracle of FuzzBlockText.
func blockTextOfOld(node ast.Node, src []byte) *blockText {
	b := &blockText{node: node}
	lines := node.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		b.lines = append(b.lines, blockLine{at: len(b.buf), seg: seg})
		b.buf = append(b.buf, src[seg.Start:seg.Stop]...)
	}
	buf := b.buf
	backslashes := 0 // the number of '\\' just before i
	for i := 0; i < len(buf); i++ {
		c := buf[i]
		escaped := backslashes%2 == 1
		switch {
		case c == ']' && !escaped:
			b.brackets = append(b.brackets, i)
		case c == '"' && !escaped && closesQuote(buf, i+1):
			b.straight = append(b.straight, i)
		case c == curlyClose[0] && hasPrefixAt(buf, i, []byte(curlyClose)) && closesQuote(buf, i+len(curlyClose)):
			b.curly = append(b.curly, i)
		}
		if c == '\\' {
			backslashes++
		} else {
			backslashes = 0
		}
	}
	return b
}

// paragraphOf returns a paragraph whose lines are those of src, each cut
// from its start by the number of leading spaces, as goldmark cuts them.
func paragraphOf(src []byte) ast.Node {
	n := ast.NewParagraph()
	segs := text.NewSegments()
	start := 0
	for start < len(src) {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start + 1
		}
		from := start
		for from < end && src[from] == ' ' {
			from++
		}
		segs.Append(text.NewSegment(from, end))
		start = end
	}
	n.SetLines(segs)
	return n
}

// FuzzBlockText checks blockTextOf against the byte-by-byte loop it
// replaced, and that a block read with the last one's buffers is read
// as a new one.
func FuzzBlockText(f *testing.F) {
	for _, s := range []string{
		``,
		`[@a, "x"] and [@b, “y”; @c]`,
		"a \\] b \\\\] c \\\\\\\"] d\n  e\\\n\"; ]",
		`“x”, ”] ”;` + "\n" + `\”]`,
		strings.Repeat(`\`, 7) + `]` + strings.Repeat(`\`, 8) + `"]`,
		"\xe2\x80\x9d]\xe2\x80\x9c\xe2]\"",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		// The source's first half is one block and the whole another,
		// read with the first's buffers.
		st := new(parseState)
		for _, src := range [][]byte{src[:len(src)/2], src} {
			node := paragraphOf(src)
			got := st.blockTextOf(node, src)
			want := blockTextOfOld(node, src)
			if !bytes.Equal(got.buf, want.buf) || !slices.Equal(got.lines, want.lines) ||
				!slices.Equal(got.brackets, want.brackets) || !slices.Equal(got.straight, want.straight) || !slices.Equal(got.curly, want.curly) ||
				got.unclosed {
				t.Errorf("blockTextOf(%q) = %q %v ]%v \"%v ”%v unclosed %v, want %q %v ]%v \"%v ”%v", src,
					got.buf, got.lines, got.brackets, got.straight, got.curly, got.unclosed,
					want.buf, want.lines, want.brackets, want.straight, want.curly)
			}
			got.unclosed = true // as a parser may leave it
		}
	})
}
