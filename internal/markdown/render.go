package markdown

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Hooks supply the HTML of the parts of a Doc that only later stages can
// resolve. A nil hook has a default.
type Hooks struct {
	// Cite writes the HTML for doc.Cites[i]. If nil, citations are left
	// out.
	Cite func(w io.Writer, i int) error

	// Xref writes the HTML for doc.Xrefs[i], the whole <a>…</a>. If nil,
	// the label, or else the number, is written as text.
	Xref func(w io.Writer, i int) error

	// URL maps a link or image destination, as in Link.Dest, to the href
	// or src written; later stages use it to add the site's base path to
	// root-relative links. If nil, destinations are written unchanged.
	URL func(dest string) string
}

// Render writes the HTML of doc to w, calling h for citations,
// cross-references and URLs. doc must come from Parse. Render only reads
// doc, so one Doc may be rendered by many goroutines at once; a Doc whose
// tree was released (Release) is parsed again.
func (m *Markdown) Render(w io.Writer, doc *Doc, h Hooks) error {
	var root ast.Node
	if doc != nil {
		root = doc.root()
	}
	if root == nil {
		return errors.New("render markdown: document was not made by Parse")
	}
	// goldmark hands its node renderers the writer it is given when that
	// is a util.BufWriter, so this is how the hooks reach them without
	// shared state.
	hw := hookWriters.Get().(*hookWriter)
	hw.Reset(w)
	hw.hooks = h
	err := m.md.Renderer().Render(hw, doc.Src, root)
	hw.Reset(nil)
	hw.hooks = Hooks{}
	hookWriters.Put(hw)
	if err != nil {
		return fmt.Errorf("render markdown: %w", err)
	}
	return nil
}

// hookWriters keeps hookWriters and their buffers from one Render to the
// next: a build renders thousands of pieces of prose, each of which would
// allocate a 4 KB buffer.
var hookWriters = sync.Pool{New: func() any { return &hookWriter{Writer: bufio.NewWriter(nil)} }}

// hookWriter is the util.BufWriter that Render gives goldmark.
type hookWriter struct {
	*bufio.Writer
	hooks Hooks
}

// hooksOf returns the Hooks of a Render call from the writer goldmark
// passes to node renderers.
func hooksOf(w util.BufWriter) Hooks {
	if hw, ok := w.(*hookWriter); ok {
		return hw.hooks
	}
	return Hooks{}
}

// htmlRenderer renders citations and cross-references through Hooks, links
// and images with checked URLs, and raw HTML escaped unless unsafe. It
// takes over these nodes from goldmark's HTML renderer.
type htmlRenderer struct {
	html.Config
	unsafe bool
}

func newHTMLRenderer(unsafe bool) *htmlRenderer {
	return &htmlRenderer{Config: html.NewConfig(), unsafe: unsafe}
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindCite, r.renderCite)
	reg.Register(kindXref, r.renderXref)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindAutoLink, r.renderAutoLink)
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
}

// Writes to w below ignore errors: w is buffered, and its Flush at the end
// of Render reports them.

func (r *htmlRenderer) renderCite(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	if f := hooksOf(w).Cite; f != nil {
		if err := f(w, node.(*citeNode).index); err != nil {
			return ast.WalkStop, err
		}
	}
	return ast.WalkSkipChildren, nil
}

func (r *htmlRenderer) renderXref(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*xrefNode)
	if f := hooksOf(w).Xref; f != nil {
		if err := f(w, n.index); err != nil {
			return ast.WalkStop, err
		}
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.Write(util.EscapeHTML([]byte(n.xref.text())))
	return ast.WalkSkipChildren, nil
}

// writeURL writes the destination dest, mapped by Hooks.URL, as an
// attribute value.
func (r *htmlRenderer) writeURL(w util.BufWriter, dest string) {
	if f := hooksOf(w).URL; f != nil {
		dest = f(dest)
	}
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(dest), false)))
}

// renderLink renders a link whose URL may not be written as its text alone.
func (r *htmlRenderer) renderLink(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.Link)
	dest := resolveDest(n.Destination)
	if _, ok := checkURL(dest); !ok {
		return ast.WalkContinue, nil
	}
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	r.writeURL(w, dest)
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		r.Writer.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// renderImage renders an image whose URL may not be written as its
// description alone.
func (r *htmlRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := util.EscapeHTML([]byte(inlineText(n, src)))
	dest := resolveDest(n.Destination)
	if _, ok := checkURL(dest); !ok {
		_, _ = w.Write(alt)
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<img src="`)
	r.writeURL(w, dest)
	_, _ = w.WriteString(`" alt="`)
	_, _ = w.Write(alt)
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		r.Writer.Write(w, n.Title)
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.ImageAttributeFilter)
	}
	if r.XHTML {
		_, _ = w.WriteString(" />")
	} else {
		_ = w.WriteByte('>')
	}
	return ast.WalkSkipChildren, nil
}

// renderAutoLink renders an autolink whose URL may not be written as text.
func (r *htmlRenderer) renderAutoLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.AutoLink)
	label := util.EscapeHTML(n.Label(src))
	dest := autoLinkDest(n, src)
	if _, ok := checkURL(dest); !ok {
		_, _ = w.Write(label)
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString(`<a href="`)
	r.writeURL(w, dest)
	_ = w.WriteByte('"')
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	_ = w.WriteByte('>')
	_, _ = w.Write(label)
	_, _ = w.WriteString("</a>")
	return ast.WalkContinue, nil
}

func (r *htmlRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkSkipChildren, nil
	}
	n := node.(*ast.RawHTML)
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		v := seg.Value(src)
		if r.unsafe {
			_, _ = w.Write(v)
		} else {
			_, _ = w.Write(util.EscapeHTML(v))
		}
	}
	return ast.WalkSkipChildren, nil
}

// renderHTMLBlock writes an HTML block as it is if unsafe, else as the text
// of a paragraph.
func (r *htmlRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*ast.HTMLBlock)
	if r.unsafe {
		if entering {
			for i := range n.Lines().Len() {
				line := n.Lines().At(i)
				r.Writer.SecureWrite(w, line.Value(src))
			}
		} else if n.HasClosure() {
			r.Writer.SecureWrite(w, n.ClosureLine.Value(src))
		}
		return ast.WalkContinue, nil
	}
	if !entering {
		return ast.WalkContinue, nil
	}
	var text []byte
	for i := range n.Lines().Len() {
		line := n.Lines().At(i)
		text = append(text, line.Value(src)...)
	}
	if n.HasClosure() {
		text = append(text, n.ClosureLine.Value(src)...)
	}
	_, _ = w.WriteString("<p>")
	r.Writer.RawWrite(w, util.TrimRightSpace(text))
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}
