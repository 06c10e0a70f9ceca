package markdown

import (
	"bufio"
	"bytes"
	stdhtml "html"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
)

// PlainText returns the text of the document without markup, for search
// indexes and summaries. Citations are left out, cross-references give
// their label or number, raw HTML is left out, and blocks (paragraphs,
// headings, list items, code blocks, tables) are separated by blank lines.
// Within a block, soft line breaks become spaces.
func (d *Doc) PlainText() string {
	if d.root == nil {
		return ""
	}
	var blocks []string
	plainBlocks(d.root, d.Src, &blocks)
	return strings.Join(blocks, "\n\n")
}

// plainBlocks appends the plain text of the blocks in n to out.
func plainBlocks(n ast.Node, src []byte, out *[]string) {
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			*out = append(*out, s)
		}
	}
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
		add(inlineText(n, src))
	case ast.KindCodeBlock, ast.KindFencedCodeBlock:
		var b strings.Builder
		for i := range n.Lines().Len() {
			line := n.Lines().At(i)
			b.Write(line.Value(src))
		}
		add(b.String())
	case ast.KindHTMLBlock, ast.KindThematicBreak, ast.KindLinkReferenceDefinition:
	case east.KindTable:
		var rows []string
		for row := n.FirstChild(); row != nil; row = row.NextSibling() {
			var cells []string
			for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
				cells = append(cells, inlineText(cell, src))
			}
			rows = append(rows, strings.TrimSpace(strings.Join(cells, " ")))
		}
		add(strings.Join(rows, "\n"))
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			plainBlocks(c, src, out)
		}
	}
}

// inlineText returns the plain text of the inline content of n, trimmed.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	writeInline(&b, n, src)
	// A citation leaves a NUL mark: drop it with the white space before it,
	// so "the war [@x]." reads "the war.", not "the war .".
	return strings.TrimSpace(dropCiteGaps(b.String()))
}

// dropCiteGaps drops every run of NULs from s with the spaces and tabs
// before it, as replacing the matches of `[ \t]*\x00+` with "" does (a
// fuzz test holds it to that), without a regexp: this ran for every
// paragraph of the search index and dossier.json.
func dropCiteGaps(s string) string {
	i := strings.IndexByte(s, 0)
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for ; i >= 0; i = strings.IndexByte(s, 0) {
		b = append(b, s[:i]...)
		b = bytes.TrimRight(b, " \t")
		for i < len(s) && s[i] == 0 {
			i++
		}
		s = s[i:]
	}
	return string(append(b, s...))
}

// writeInline writes the plain text of the children of n to b.
func writeInline(b *strings.Builder, n ast.Node, src []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if c.IsRaw() {
				b.Write(v)
			} else {
				b.WriteString(unescape(v))
			}
			switch {
			case c.HardLineBreak():
				b.WriteByte('\n')
			case c.SoftLineBreak():
				b.WriteByte(' ')
			}
		case *ast.String:
			switch {
			case c.IsCode():
				// Code strings are written to HTML as they are.
				b.WriteString(stdhtml.UnescapeString(string(c.Value)))
			case c.IsRaw():
				b.Write(c.Value)
			default:
				b.WriteString(unescape(c.Value))
			}
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if t, ok := t.(*ast.Text); ok {
					v := t.Segment.Value(src)
					if bytes.HasSuffix(v, []byte("\n")) {
						v = append(v[:len(v)-1:len(v)-1], ' ')
					}
					b.Write(v)
				}
			}
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *citeNode:
			b.WriteByte(0)
		case *ast.RawHTML:
		case *xrefNode:
			b.WriteString(c.xref.text())
		default:
			writeInline(b, c, src)
		}
	}
}

// unescape resolves the backslash escapes and character references in
// Markdown text exactly as goldmark's HTML writer does.
func unescape(v []byte) string {
	if bytes.IndexByte(v, '\\') < 0 && bytes.IndexByte(v, '&') < 0 {
		return string(v)
	}
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	html.DefaultWriter.Write(w, v)
	if err := w.Flush(); err != nil { // cannot happen: bytes.Buffer does not fail
		return string(v)
	}
	return stdhtml.UnescapeString(buf.String())
}
