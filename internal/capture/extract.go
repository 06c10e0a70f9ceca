package capture

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strings"

	readability "codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/net/html/charset"
)

// Para is one paragraph of an article's text.
type Para struct {
	Text    string // one line: white space collapsed
	Heading bool   // a heading of the article (h1–h6), or its title
	Byline  bool   // the line that names the authors
}

// Role is the seed role of p: "heading", "byline", or "" for plain text.
func (p Para) Role() string {
	switch {
	case p.Heading:
		return "heading"
	case p.Byline:
		return "byline"
	}
	return ""
}

// Article is the text of a web page and what the page says about itself.
type Article struct {
	Meta    Meta
	Byline  string // as readability found it, or from the text; "" if none
	Paras   []Para
	Charset string // the character set the page was decoded from
}

// Extract decodes an HTML page (raw bytes as received, in the character
// set that contentType or the page itself declares), extracts its
// metadata, and extracts the article's text with readability: navigation,
// advertisements, footers, scripts and forms are left out. pageURL
// resolves relative addresses. The title is the first paragraph, marked as
// a heading, and the byline, if found, the next.
func Extract(raw []byte, contentType string, pageURL *url.URL) (*Article, error) {
	r, name, err := decode(raw, contentType)
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("parse HTML: %w", err)
	}
	a := &Article{Meta: ExtractMeta(doc, pageURL), Charset: name}
	p := readability.NewParser()
	ra, err := p.ParseDocument(doc, pageURL)
	if err != nil {
		return nil, fmt.Errorf("extract the article: %w", err)
	}
	if a.Meta.Title == "" && ra.Title() != "" {
		a.Meta.Title, a.Meta.From["title"] = clean(ra.Title()), "readability"
	}
	if a.Meta.Site == "" && ra.SiteName() != "" {
		a.Meta.Site, a.Meta.From["site"] = clean(ra.SiteName()), "readability"
	}
	if a.Meta.Date == "" {
		if t, err := ra.PublishedTime(); err == nil {
			a.Meta.Date, a.Meta.From["date"] = t.Format("2006-01-02"), "readability"
		}
	}
	var body []Para
	if ra.Node != nil {
		body = paragraphs(ra.Node)
	}
	a.Byline = clean(ra.Byline())
	// A byline written only in the text, "By A and B" near the top.
	if a.Byline == "" {
		for i := 0; i < len(body) && i < 3; i++ {
			t := body[i].Text
			if bylineRE().MatchString(t) && len(t) < 120 && !strings.ContainsAny(strings.TrimRight(t, "."), ".!?") {
				a.Byline = t
				body = append(body[:i:i], body[i+1:]...)
				break
			}
		}
	}
	if len(a.Meta.Authors) == 0 && a.Byline != "" {
		a.Meta.Authors, a.Meta.From["authors"] = splitNames(bylineNames(a.Byline)), "byline"
	}
	// The title and the byline head the text, as they do on the page;
	// readability takes them out of the article's body. Either may come
	// from the metadata alone, and the seed holds only text that is on the
	// page.
	onPage := " " + clean(bodyText(doc)) + " "
	if t := a.Meta.Title; t != "" && (len(body) == 0 || body[0].Text != t) && strings.Contains(onPage, " "+t+" ") {
		a.Paras = append(a.Paras, Para{Text: t, Heading: true})
	}
	if a.Byline != "" && strings.Contains(onPage, a.Byline) {
		a.Paras = append(a.Paras, Para{Text: a.Byline, Byline: true})
	}
	a.Paras = append(a.Paras, body...)
	return a, nil
}

// bodyText returns the text of the document's body, scripts and styles
// left out.
func bodyText(doc *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, in bool) {
		if n.Type == html.ElementNode && skipped[n.DataAtom] {
			return
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			in = true
		}
		if n.Type == html.TextNode && in {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && blocks[n.DataAtom] {
			b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, in)
		}
		if n.Type == html.ElementNode && blocks[n.DataAtom] {
			b.WriteByte(' ')
		}
	}
	walk(doc, false)
	return b.String()
}

// bylineNames returns the names of a byline: "By A and B, Reuters" →
// "A and B, Reuters"; a date or a role after a pipe or bullet is cut.
func bylineNames(s string) string {
	s = bylineRE().ReplaceAllString(s, "")
	for _, sep := range []string{"|", "•", "·", "\u2014"} {
		s, _, _ = strings.Cut(s, sep)
	}
	return strings.TrimSpace(s)
}

// decode returns the page as UTF-8: in the character set of the
// Content-Type, else of a byte order mark or <meta charset>, else sniffed.
func decode(raw []byte, contentType string) (io.Reader, string, error) {
	_, name, _ := charset.DetermineEncoding(raw, contentType)
	r, err := charset.NewReader(bytes.NewReader(raw), contentType)
	if err != nil {
		return nil, "", fmt.Errorf("decode the page (%s): %w", name, err)
	}
	return r, name, nil
}

// blocks are the elements that start a new paragraph.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Main: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Li: true, atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true,
	atom.Blockquote: true, atom.Pre: true, atom.Figure: true, atom.Figcaption: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Caption: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Nav: true, atom.Hr: true,
	atom.Br: true, atom.Address: true, atom.Details: true, atom.Summary: true,
}

// skipped are elements whose text is never part of the article.
var skipped = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Button: true, atom.Form: true, atom.Iframe: true,
	atom.Select: true, atom.Textarea: true, atom.Object: true, atom.Canvas: true,
}

// paragraphs turns an article's HTML into paragraphs: one per block of
// text, headings marked.
func paragraphs(root *html.Node) []Para {
	var out []Para
	var cur strings.Builder
	heading := false
	flush := func() {
		if t := clean(cur.String()); t != "" {
			out = append(out, Para{Text: t, Heading: heading})
		}
		cur.Reset()
		heading = false
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			if skipped[n.DataAtom] {
				return
			}
			if blocks[n.DataAtom] {
				flush()
				switch n.DataAtom {
				case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
					heading = true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && blocks[n.DataAtom] {
			flush()
		}
	}
	walk(root)
	flush()
	return out
}
