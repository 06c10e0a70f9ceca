// Package markdown is the parse stage for Markdown: it turns the Markdown of
// points, sources, pages and timeline entries into a Doc (an AST plus every
// citation, cross-reference, link and heading with its byte offset), and
// renders a Doc to HTML. It is the only package that imports goldmark,
// goldmark-highlighting and chroma.
//
// Parse and Render are separate calls because the HTML of citations and
// cross-references depends on the whole site: the resolve stage checks
// Doc.Cites and Doc.Xrefs, and the render stage passes Hooks that write
// their HTML.
//
// # Markdown
//
// The dialect is CommonMark with the GitHub extensions (tables,
// strikethrough, task lists, bare URLs as links), typographic quotes and
// dashes, and an id on every heading. Fenced code blocks with a known
// language are highlighted with CSS classes (see CSS); others are shown as
// they are. Raw HTML is shown as text unless Options.Unsafe is set. Link and
// image destinations may be relative, root-relative ("/points/26/"), a
// fragment ("#p3") or absolute with the scheme http, https or mailto; any
// other scheme is a Problem and the URL is not written.
//
// # Citations
//
// A citation cites one or more sources by id:
//
//	[@id]                    a source
//	[@id, ¶3]                paragraph 3 of it; also "¶ 3", "para 3",
//	                         "paragraph 3" or "p. 3", in any case
//	[@id, "exact words"]     a quote from it; also “exact words”
//	[@id, ¶3, "words"]       both, in either order
//	[@a; @b, "words"]        several sources
//
// An id starts with a letter or digit and goes on with letters, digits and
// ".", "_", ":" or "-", but does not end with "." or ":". Each item has at
// most one paragraph number and one quote. A straight quote ends at the
// first '"' that is followed, after optional white space, by ",", ";" or
// "]", so quotes may hold other quote marks and brackets; inside it, \" is
// a quote mark and \\ a backslash. A curly quote ends likewise at the first
// '”'. A citation, and a quote in it, may go on over several lines of a
// paragraph; the quote then keeps the line breaks as written.
//
// Text that starts with "[@" and reaches a "]" but is not a citation is a
// Problem and is shown as it is. "[@id](url)" and reference links whose
// label starts with "@" stay links.
//
// # Cross-references
//
// A cross-reference links to a point by number, optionally with a label:
// [[26]] or [[26|the amnesty]]. A label is plain text without "]". Text of
// the form [[…]] that is not a cross-reference is a Problem.
//
// Neither is recognised in code spans or code blocks, or after a backslash
// (\[@id] is text).
package markdown

import (
	"bytes"
	"cmp"
	"slices"
	"sync"
	"sync/atomic"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configures a Markdown.
type Options struct {
	// Unsafe renders raw HTML in Markdown as it is; by default it is
	// escaped, so that it shows as text.
	Unsafe bool
	// Cache keeps every parsed document, keyed by its source, so that
	// parsing the same text again costs a map lookup: for a live preview,
	// which parses the whole site after every edit. A Doc is never changed
	// once parsed, so it can be shared.
	Cache bool
}

// Markdown parses and renders Markdown with the citation and
// cross-reference extensions. It is safe for concurrent use.
type Markdown struct {
	md goldmark.Markdown
	// plain parses as md does but without the linkify extension, for the
	// documents where it would find no link (see linkifyMatters): it is
	// tried at every space, a third of the time of parsing prose.
	plain parser.Parser
	cache *docCache // nil unless Options.Cache
}

// docCache holds parsed documents by source text.
type docCache struct {
	mu   sync.Mutex
	docs map[string]*Doc
}

// maxCached bounds the cache: past it, the cache starts afresh (a preview
// left running for a day of edits would otherwise keep every version).
const maxCached = 20000

// The priorities of this package's parts in goldmark, where lower numbers
// win. The citation and cross-reference parsers must see "[" before the
// link parser (200) does; the renderer must win over goldmark's HTML
// renderer (1000) for the nodes it renders.
const (
	citePriority     = 100
	xrefPriority     = 101
	rendererPriority = 100
)

// New returns a Markdown configured by opts.
func New(opts Options) *Markdown {
	// Typographic punctuation is written as characters rather than
	// goldmark's default HTML entities, so that the text of headings and
	// PlainText read as written.
	typography := map[extension.TypographicPunctuation]string{
		extension.LeftSingleQuote:  "‘",
		extension.RightSingleQuote: "’",
		extension.LeftDoubleQuote:  "“",
		extension.RightDoubleQuote: "”",
		extension.EnDash:           "–",
		extension.EmDash:           "—",
		extension.Ellipsis:         "…",
		extension.LeftAngleQuote:   "«",
		extension.RightAngleQuote:  "»",
		extension.Apostrophe:       "’",
	}
	extensions := []goldmark.Extender{
		extension.Table,
		extension.Strikethrough,
		extension.TaskList,
		extension.NewTypographer(extension.WithTypographicSubstitutions(typography)),
		highlighting.NewHighlighting(
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
		),
	}
	parserOptions := goldmark.WithParserOptions(
		parser.WithAutoHeadingID(),
		parser.WithInlineParsers(
			util.Prioritized(citeParser{}, citePriority),
			util.Prioritized(xrefParser{}, xrefPriority),
		),
	)
	plain := goldmark.New(goldmark.WithExtensions(extensions...), parserOptions)
	md := goldmark.New(
		goldmark.WithExtensions(append(extensions,
			// Only schemes that may be written are turned into links;
			// "ftp://…" stays text.
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
		)...),
		parserOptions,
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(
				util.Prioritized(newHTMLRenderer(opts.Unsafe), rendererPriority),
			),
		),
	)
	m := &Markdown{md: md, plain: plain.Parser()}
	if opts.Cache {
		m.cache = &docCache{docs: map[string]*Doc{}}
	}
	return m
}

// Doc is a parsed Markdown document. Its slices are in document order.
type Doc struct {
	// Src is the Markdown source. The Doc refers into it, so it must not
	// be changed after Parse.
	Src []byte

	Cites    []Cite
	Xrefs    []Xref
	Links    []Link
	Headings []Heading

	// Problems are the malformed citations and cross-references, those
	// inside a link or an image description, and the disallowed URL
	// schemes, sorted by offset.
	Problems []Problem

	// tree is the syntax tree, which Render and PlainText walk; Release
	// drops it, and then md parses Src again when it is asked for.
	tree atomic.Pointer[ast.Node]
	md   *Markdown
}

// Cite is one citation, such as [@id], [@id, ¶3], [@id, "words"] or
// [@a; @b, "words"].
type Cite struct {
	Offset int // offset in Src of "["
	End    int // offset in Src just past "]"
	Items  []CiteItem
}

// CiteItem is one source cited by a Cite.
type CiteItem struct {
	ID     string
	Offset int // offset in Src of "@"

	// Para is the paragraph number given as "¶3", "¶ 3", "para 3" or
	// "p. 3", or 0 if none was.
	Para int

	// Quote is the quoted words as written between the quote marks, with
	// \" and \\ in straight quotes unescaped, or "" if there is no quote.
	// White space, line breaks included, is kept as written.
	Quote string

	// QuoteOffset is the offset in Src of the quote's first byte, just
	// after the opening quote mark.
	QuoteOffset int
}

// Xref is a cross-reference to a point: [[26]] or [[26|label text]].
type Xref struct {
	Offset int // offset in Src of the first "["
	End    int // offset in Src just past the last "]"
	Number int

	// Label is the label text with runs of white space made single
	// spaces, or "" when none was given.
	Label string
}

// Link is a link or image destination written in the document: an inline
// link or image, a reference link, an autolink or a bare URL.
type Link struct {
	// Offset is the offset in Src of the link: its "[" or "!" for links
	// and images, its "<" or first byte for autolinks.
	Offset int

	// Dest is the destination with backslash escapes and character
	// references resolved. For e-mail autolinks it starts with "mailto:".
	Dest  string
	Image bool
}

// Heading is a heading of the document, for a table of contents.
type Heading struct {
	Level int
	ID    string // as generated by goldmark's automatic heading ids
	Text  string // plain text, citations left out
}

// Problem is a problem in the Markdown at a byte offset of Src. Hint says
// what to do about it and may be empty.
type Problem struct {
	Offset int
	Msg    string
	Hint   string
}

// parseState is what one Parse call collects while goldmark parses. It is
// kept in the parser.Context, of which each Parse makes its own.
type parseState struct {
	problems []Problem
	block    *blockText // the block the inline parsers are in, built lazily
	refs     int8       // whether the document defines link references: 0 not known yet, 1 yes, -1 no
}

// hasReferences reports whether the document of pc defines link
// references. goldmark reads the definitions with the blocks, before any
// inline parser runs, so the answer found at the first call holds.
func (st *parseState) hasReferences(pc parser.Context) bool {
	if st.refs == 0 {
		st.refs = -1
		if len(pc.References()) > 0 {
			st.refs = 1
		}
	}
	return st.refs > 0
}

var stateKey = parser.NewContextKey()

// state returns the parseState of pc, making one if there is none (when the
// parsers run under a goldmark.Markdown other than ours).
func state(pc parser.Context) *parseState {
	return pc.ComputeIfAbsent(stateKey, func() any { return new(parseState) }).(*parseState)
}

// Parse parses src. Problems in src are reported in Doc.Problems; Parse
// never fails.
func (m *Markdown) Parse(src []byte) *Doc {
	if m.cache == nil {
		return m.parse(src)
	}
	c := m.cache
	c.mu.Lock()
	d, ok := c.docs[string(src)]
	c.mu.Unlock()
	if ok {
		return d
	}
	d = m.parse(src)
	c.mu.Lock()
	if len(c.docs) >= maxCached {
		c.docs = map[string]*Doc{}
	}
	c.docs[string(src)] = d
	c.mu.Unlock()
	return d
}

func (m *Markdown) parse(src []byte) *Doc {
	if linkifyMatters(src) {
		return m.parseWith(m.md.Parser(), src)
	}
	return m.parseWith(m.plain, src)
}

// parseWith parses src with p, which is m.md's parser or m.plain.
func (m *Markdown) parseWith(p parser.Parser, src []byte) *Doc {
	pc := parser.NewContext()
	st := state(pc)
	root := p.Parse(text.NewReader(src), parser.WithContext(pc))
	markersAfterPunctuation(root, src)
	d := &Doc{Src: src, Problems: st.problems, md: m}
	d.tree.Store(&root)
	d.collect(root)
	slices.SortStableFunc(d.Problems, func(a, b Problem) int { return cmp.Compare(a.Offset, b.Offset) })
	return d
}

// linkifyMatters reports whether src might parse differently without the
// linkify extension. Linkify looks for a link at each space, "*", "_",
// "~" and "(" of the text (and at line starts), where one starts with
// "http:" or "https:" (the schemes allowed), "www." or the local part of
// an e-mail address, at least one byte of [A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]
// before an "@". A citation's "@" follows "[", ";" or a space, which it
// cannot, so most documents have no link to find. Where it finds none,
// linkify only ends a text node where it looked, and goldmark trims the
// space only from a line's last text node: the text is the same without
// it unless a line ends in two or more white space characters (prose
// rarely has two in a row, so any two spaces, any tab and so on will do).
// TestPlainParserMatches and FuzzPlainParser compare the two parsers.
func linkifyMatters(src []byte) bool {
	if bytes.Contains(src, []byte("http")) || bytes.Contains(src, []byte("www.")) ||
		bytes.Contains(src, []byte("  ")) || bytes.Contains(src, []byte("\r ")) ||
		bytes.IndexByte(src, '\t') >= 0 || bytes.IndexByte(src, '\v') >= 0 || bytes.IndexByte(src, '\f') >= 0 {
		return true
	}
	for i := bytes.IndexByte(src, '@'); i >= 0; {
		if i > 0 {
			switch src[i-1] {
			case ' ', '\n', '\r', '[', ';', ',', '(':
			default:
				return true
			}
		}
		j := bytes.IndexByte(src[i+1:], '@')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// collect fills the slices of d from its AST, in document order, and tells
// every citation and cross-reference node its index.
func (d *Doc) collect(root ast.Node) {
	walk(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *citeNode:
			n.index = len(d.Cites)
			d.Cites = append(d.Cites, n.cite)
			if in := container(n); in != "" {
				d.Problems = append(d.Problems, Problem{
					Offset: n.cite.Offset,
					Msg:    "citation inside " + in,
					Hint:   "move the citation out of it",
				})
			}
		case *xrefNode:
			n.index = len(d.Xrefs)
			d.Xrefs = append(d.Xrefs, n.xref)
			if in := container(n); in != "" {
				d.Problems = append(d.Problems, Problem{
					Offset: n.xref.Offset,
					Msg:    "cross-reference inside " + in,
					Hint:   "move the cross-reference out of it",
				})
			}
		case *ast.Link:
			d.addLink(n, resolveDest(n.Destination), false)
		case *ast.Image:
			d.addLink(n, resolveDest(n.Destination), true)
		case *ast.AutoLink:
			d.addLink(n, autoLinkDest(n, d.Src), false)
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			d.Headings = append(d.Headings, Heading{
				Level: n.Level,
				ID:    string(idb),
				Text:  inlineText(n, d.Src),
			})
		case *ast.FencedCodeBlock:
			// Language caches its result in the node. Fill the cache
			// now, so that concurrent Renders of this Doc only read.
			n.Language(d.Src)
		}
		return true
	})
}

// addLink records the destination dest of link n and reports a scheme that
// may not be written.
func (d *Doc) addLink(n ast.Node, dest string, image bool) {
	off := linkOffset(n, d.Src)
	d.Links = append(d.Links, Link{Offset: off, Dest: dest, Image: image})
	if scheme, ok := checkURL(dest); !ok {
		d.Problems = append(d.Problems, Problem{
			Offset: off,
			Msg:    `URL scheme "` + scheme + `" not allowed`,
			Hint:   "use http, https or mailto",
		})
	}
}

// linkOffset returns the best offset in src of the link node n: its own
// position if goldmark set one, else the start of its block.
func linkOffset(n ast.Node, src []byte) int {
	off := n.Pos()
	if al, ok := n.(*ast.AutoLink); ok && off >= 0 && off < len(src) && src[off] != '<' {
		// A bare URL gets the position of the character that triggered
		// the linkify parser, which may be the space before it.
		if label := al.Label(src); !hasPrefixAt(src, off, label) && hasPrefixAt(src, off+1, label) {
			off++
		}
	}
	if off >= 0 {
		return off
	}
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			return p.Lines().At(0).Start
		}
	}
	return 0
}

func hasPrefixAt(src []byte, off int, prefix []byte) bool {
	return off >= 0 && off <= len(src) && len(src)-off >= len(prefix) && string(src[off:off+len(prefix)]) == string(prefix)
}

// container returns "a link" or "an image description" if n is inside
// one, where citations and cross-references do not work: their HTML would
// nest links, or be left out of the alt text. Else it returns "".
func container(n ast.Node) string {
	for p := n.Parent(); p != nil; p = p.Parent() {
		switch p.Kind() {
		case ast.KindLink:
			return "a link"
		case ast.KindImage:
			return "an image description"
		}
	}
	return ""
}

// walk calls f for n and, if f returns true, for its descendants, in
// document order.
func walk(n ast.Node, f func(ast.Node) bool) {
	if !f(n) {
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		walk(c, f)
	}
}
