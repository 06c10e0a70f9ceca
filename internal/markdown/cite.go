package markdown

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// citeHint lists the forms of a citation.
const citeHint = `write [@id], [@id, ¶3], [@id, "exact words"] or [@a; @b]`

// kindCite is the ast.NodeKind of citation nodes.
var kindCite = ast.NewNodeKind("Cite")

// citeNode is a citation in the AST. Its text is not kept as children: the
// render stage writes its HTML through Hooks.Cite.
type citeNode struct {
	ast.BaseInline
	cite  Cite
	index int // in Doc.Cites
}

// Kind implements ast.Node.
func (n *citeNode) Kind() ast.NodeKind { return kindCite }

// Dump implements ast.Node.
func (n *citeNode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{
		"Index": strconv.Itoa(n.index),
		"Cite":  fmt.Sprintf("%+v", n.cite),
	}, nil)
}

// citeParser is the goldmark inline parser of citations.
type citeParser struct{}

// Trigger implements parser.InlineParser.
func (citeParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser. It returns nil, leaving the text to
// goldmark's link parser, for anything that is not a citation.
func (citeParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[0] != '[' || line[1] != '@' {
		return nil
	}
	st := state(pc)
	b := st.blockTextOf(parent, block.Source())
	l, _ := block.Position()
	start := b.index(l, seg.Start)

	c, end, reason := parseCite(b, start)
	if reason != "" {
		cl := next(b.brackets, start+2)
		if cl < 0 {
			// Text that opens a citation and never closes it: said once
			// a paragraph, where it first opens.
			if !b.unclosed {
				b.unclosed = true
				st.problems = append(st.problems, Problem{
					Offset: seg.Start,
					Msg:    `unclosed citation: no "]" after "[@" in this paragraph`,
					Hint:   citeHint,
				})
			}
			return nil
		}
		if followedByLink(b.buf, cl+1) {
			return nil
		}
		st.problems = append(st.problems, Problem{
			Offset: seg.Start,
			Msg:    "malformed citation: " + reason,
			Hint:   citeHint,
		})
		return nil
	}
	if followedByLink(b.buf, end) || isReferenceLink(b, start, end, pc) {
		return nil
	}
	c.Offset = seg.Start
	c.End = b.offset(end-1) + 1
	for i := range c.Items {
		it := &c.Items[i]
		it.Offset = b.offset(it.Offset)
		if it.Quote != "" {
			it.QuoteOffset = b.offset(it.QuoteOffset)
		}
	}
	b.advance(block, end)
	n := &citeNode{cite: c}
	n.SetPos(seg.Start)
	return n
}

// followedByLink reports whether buf[i] starts a link destination, so that
// the bracketed text before it is a link's text.
func followedByLink(buf []byte, i int) bool {
	return i < len(buf) && buf[i] == '('
}

// isReferenceLink reports whether the bracketed text buf[start:end] is the
// text of a reference link: full ([@x][ref]), collapsed ([@x][]) or
// shortcut ([@x]), with a definition for the reference.
func isReferenceLink(b *blockText, start, end int, pc parser.Context) bool {
	if !state(pc).hasReferences(pc) {
		return false // most documents define none: no label to make
	}
	buf := b.buf
	label := buf[start+1 : end-1]
	if end < len(buf) && buf[end] == '[' {
		if cl := next(b.brackets, end+1); cl >= 0 && !util.IsBlank(buf[end+1:cl]) {
			label = buf[end+1 : cl]
		}
	}
	_, ok := pc.Reference(util.ToLinkReference(label))
	return ok
}

// parseCite parses the citation that starts with "[@" at b.buf[start]. It
// returns the citation with indexes in b.buf for offsets, the index just
// past its "]", and, if b.buf does not hold a citation there, why not.
func parseCite(b *blockText, start int) (c Cite, end int, reason string) {
	buf := b.buf
	i := start + 1
	for {
		i = skipSpace(buf, i)
		if i >= len(buf) || buf[i] != '@' {
			return c, 0, fmt.Sprintf("expected @id, found %s", found(buf, i))
		}
		it := CiteItem{Offset: i}
		i++
		j := scanID(buf, i)
		if j == i {
			return c, 0, fmt.Sprintf(`expected a source id after "@", found %s`, found(buf, i))
		}
		it.ID = string(buf[i:j])
		i = skipSpace(buf, j)
		for i < len(buf) && buf[i] == ',' {
			i = skipSpace(buf, i+1)
			var why string
			i, why = parseLocator(b, i, &it)
			if why != "" {
				return c, 0, why
			}
			i = skipSpace(buf, i)
		}
		c.Items = append(c.Items, it)
		switch {
		case i < len(buf) && buf[i] == ';':
			i++
		case i < len(buf) && buf[i] == ']':
			return c, i + 1, ""
		default:
			return c, 0, fmt.Sprintf(`expected ",", ";" or "]" after @%s, found %s`, it.ID, found(buf, i))
		}
	}
}

// parseLocator parses the paragraph number or quote at b.buf[i] into it and
// returns the index just past it, or why there is none.
func parseLocator(b *blockText, i int, it *CiteItem) (int, string) {
	buf := b.buf
	rest := buf[i:]
	var word string // that starts a paragraph number
	for _, w := range []string{"¶", "paragraph", "para", "p."} {
		if hasPrefixFold(rest, w) {
			word = w
			break
		}
	}
	switch {
	case word != "":
		if it.Para != 0 {
			return i, fmt.Sprintf("@%s has more than one paragraph number", it.ID)
		}
		j := skipSpace(buf, i+len(word))
		k := j
		for k < len(buf) && '0' <= buf[k] && buf[k] <= '9' {
			k++
		}
		if k == j {
			return i, fmt.Sprintf("expected a paragraph number after %q, found %s", word, found(buf, j))
		}
		n, err := strconv.Atoi(string(buf[j:k]))
		if err != nil || n < 1 || n > 1e9 {
			return i, fmt.Sprintf("paragraph number %s is out of range", buf[j:k])
		}
		it.Para = n
		return k, ""
	case hasPrefixFold(rest, `"`), hasPrefixFold(rest, "“"):
		if it.Quote != "" {
			return i, fmt.Sprintf("@%s has more than one quote", it.ID)
		}
		open, closers, closeLen := `"`, b.straight, 1
		if rest[0] != '"' {
			open, closers, closeLen = "“", b.curly, len(curlyClose)
		}
		from := i + len(open)
		cl := next(closers, from)
		if cl < 0 {
			return i, fmt.Sprintf("unterminated quote after @%s", it.ID)
		}
		q := buf[from:cl]
		if open == `"` {
			q = unescapeQuote(q)
		}
		if len(strings.TrimSpace(string(q))) == 0 {
			return i, fmt.Sprintf("empty quote after @%s", it.ID)
		}
		it.Quote = string(q)
		it.QuoteOffset = from
		return cl + closeLen, ""
	}
	return i, fmt.Sprintf(`expected ¶N or a quote after "," in @%s, found %s`, it.ID, found(buf, i))
}

// scanID returns the index just past the source id that starts at buf[i],
// or i if there is none. An id is [A-Za-z0-9][A-Za-z0-9._:-]* and does not
// end in '.' or ':'.
func scanID(buf []byte, i int) int {
	if i >= len(buf) || !isAlnum(buf[i]) {
		return i
	}
	j := i + 1
	for j < len(buf) && (isAlnum(buf[j]) || strings.IndexByte("._:-", buf[j]) >= 0) {
		j++
	}
	for buf[j-1] == '.' || buf[j-1] == ':' {
		j--
	}
	return j
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// hasPrefixFold reports whether b starts with prefix, ignoring ASCII case.
func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && strings.EqualFold(string(b[:len(prefix)]), prefix)
}

// unescapeQuote resolves \" and \\ in a straight quote.
func unescapeQuote(q []byte) []byte {
	if !strings.Contains(string(q), `\`) {
		return q
	}
	out := make([]byte, 0, len(q))
	for i := 0; i < len(q); i++ {
		if q[i] == '\\' && i+1 < len(q) && (q[i+1] == '"' || q[i+1] == '\\') {
			i++
		}
		out = append(out, q[i])
	}
	return out
}

// found describes what buf holds at i, for messages.
func found(buf []byte, i int) string {
	if i >= len(buf) {
		return "end of text"
	}
	r, _ := utf8.DecodeRune(buf[i:])
	if r == '\n' || r == '\r' {
		return "end of line"
	}
	return strconv.Quote(string(r))
}
