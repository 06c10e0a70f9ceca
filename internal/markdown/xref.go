package markdown

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// xrefHint lists the forms of a cross-reference.
const xrefHint = "write [[26]] or [[26|label]]"

// kindXref is the ast.NodeKind of cross-reference nodes.
var kindXref = ast.NewNodeKind("Xref")

// xrefNode is a cross-reference in the AST. The render stage writes its
// HTML through Hooks.Xref.
type xrefNode struct {
	ast.BaseInline
	xref  Xref
	index int // in Doc.Xrefs
}

// Kind implements ast.Node.
func (n *xrefNode) Kind() ast.NodeKind { return kindXref }

// Dump implements ast.Node.
func (n *xrefNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{
		"Index": strconv.Itoa(n.index),
		"Xref":  fmt.Sprintf("%+v", n.xref),
	}, nil)
}

// text returns the text shown for the cross-reference when nothing better
// is known: its label, or else its number.
func (x Xref) text() string {
	if x.Label != "" {
		return x.Label
	}
	return strconv.Itoa(x.Number)
}

// xrefParser is the goldmark inline parser of cross-references.
type xrefParser struct{}

// Trigger implements parser.InlineParser.
func (xrefParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser. It returns nil, leaving the text to
// goldmark's link parser, for anything that is not a cross-reference.
func (xrefParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[0] != '[' || line[1] != '[' {
		return nil
	}
	st := state(pc)
	b := st.blockTextOf(parent, block.Source())
	l, _ := block.Position()
	start := b.index(l, seg.Start)

	// A cross-reference, well formed or not, ends at the first "]", which
	// must be followed by another. In "[[[", only the last two brackets
	// may start one.
	cl := next(b.brackets, start+2)
	if cl < 0 || cl+1 >= len(b.buf) || b.buf[cl+1] != ']' || followedByLink(b.buf, cl+2) || b.buf[start+2] == '[' {
		closed := cl >= 0 && cl+1 < len(b.buf) && b.buf[cl+1] == ']'
		link := cl >= 0 && followedByLink(b.buf, cl+1)
		if !closed && !link && !b.unclosed && looksLikeXref(b.buf[start+2:]) {
			b.unclosed = true
			st.problems = append(st.problems, Problem{
				Offset: seg.Start,
				Msg:    `unclosed cross-reference: no "]]" after "[[" and a number`,
				Hint:   xrefHint,
			})
		}
		return nil
	}
	end := cl + 2
	x, reason := parseXref(b.buf[start+2 : cl])
	if reason != "" {
		st.problems = append(st.problems, Problem{
			Offset: seg.Start,
			Msg:    fmt.Sprintf("cross-reference %s %s", shorten(b.buf[start:end]), reason),
			Hint:   xrefHint,
		})
		return nil
	}
	x.Offset = seg.Start
	x.End = b.offset(end-1) + 1
	b.advance(block, end)
	n := &xrefNode{xref: x}
	n.SetPos(seg.Start)
	return n
}

// looksLikeXref reports whether in, the text after a "[[" that no "]]"
// closes, starts like a cross-reference: a number not followed by "," or
// "." ("[[1, 2], [3, 4]]" is a list, not a cross-reference).
func looksLikeXref(in []byte) bool {
	i := skipSpace(in, 0)
	j := i
	for j < len(in) && '0' <= in[j] && in[j] <= '9' {
		j++
	}
	if j == i {
		return false
	}
	k := skipSpace(in, j)
	return k == len(in) || in[k] != ',' && in[k] != '.'
}

// parseXref parses the inside of [[…]]: a point number, optionally
// followed by "|" and a label. If in does not hold that, it says why not.
// It fails before it looks at the rest of in, so that a line full of "[["
// stays linear to parse.
func parseXref(in []byte) (x Xref, reason string) {
	i := skipSpace(in, 0)
	j := i
	for j < len(in) && '0' <= in[j] && in[j] <= '9' {
		j++
	}
	k := skipSpace(in, j)
	if j == i || k < len(in) && in[k] != '|' {
		return x, "must be a point number"
	}
	n, err := strconv.Atoi(string(in[i:j]))
	if err != nil || n > 1e9 {
		return x, "has a point number out of range"
	}
	x.Number = n
	if k < len(in) {
		x.Label = strings.Join(strings.Fields(string(in[k+1:])), " ")
		if x.Label == "" {
			return x, "has an empty label"
		}
	}
	return x, ""
}

// shorten returns b for a message: on one line and at most about 40
// characters long.
func shorten(b []byte) string {
	const limit = 40
	s := strings.Join(strings.Fields(string(b[:min(len(b), 4*limit)])), " ")
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
