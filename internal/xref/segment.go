package xref

import (
	"net/url"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Segment is a run of a paragraph's text with the same marks: the source
// page writes each segment once, inside a <mark> if it is quoted or glossed,
// inside a link if it mentions a point.
type Segment struct {
	Text   string
	Notes  []*Note  // notes that quote this run
	Gloss  []*Gloss // glosses anchored on this run
	Point  *Point   // the point this run mentions
	Starts bool     // the run starts a span (a mark begins here)
}

// Marked reports whether the segment is quoted or glossed.
func (s Segment) Marked() bool { return len(s.Notes) > 0 || len(s.Gloss) > 0 }

// Segments cuts the paragraph's text at every start and end of its spans.
// Overlapping spans are fine: each segment lists every span that covers it.
func (p *Para) Segments() []Segment {
	cuts := []int{0, len(p.Text)}
	for _, s := range p.Spans {
		cuts = append(cuts, s.Start, s.End)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var segs []Segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		seg := Segment{Text: p.Text[a:b]}
		for _, s := range p.Spans {
			if s.Start > a || s.End < b || s.Start == s.End {
				continue
			}
			if s.Start == a {
				seg.Starts = true
			}
			switch {
			case s.Note != nil:
				seg.Notes = append(seg.Notes, s.Note)
			case s.Gloss != nil:
				seg.Gloss = append(seg.Gloss, s.Gloss)
			case s.Point != nil:
				seg.Point = s.Point
			}
		}
		segs = append(segs, seg)
	}
	return segs
}

// Citers returns the distinct pages that cite the paragraph, in order.
func (p *Para) Citers() []*Doc {
	var docs []*Doc
	for _, b := range p.Backlinks() {
		docs = append(docs, b.Page)
	}
	return docs
}

// BacklinkPages returns how many pages cite the paragraph, len(Backlinks())
// without making the list: CitedBy holds the notes page by page.
func (p *Para) BacklinkPages() int {
	n := 0
	var last *Doc
	for _, c := range p.CitedBy {
		if c.Page != last {
			n, last = n+1, c.Page
		}
	}
	return n
}

// Backlink is a page that cites a paragraph, with the notes by which it
// does.
type Backlink struct {
	Page  *Doc
	Notes []*Note
}

// Backlinks returns the pages that cite the paragraph, in order, each with
// its notes.
func (p *Para) Backlinks() []Backlink {
	var out []Backlink
	at := map[*Doc]int{} // a paragraph can be cited from thousands of pages
	for _, n := range p.CitedBy {
		i, ok := at[n.Page]
		if !ok {
			out = append(out, Backlink{Page: n.Page})
			i = len(out) - 1
			at[n.Page] = i
		}
		out[i].Notes = append(out[i].Notes, n)
	}
	return out
}

// OriginalURL returns the link to the cited passage in the original
// publication: the source's URL with a text fragment (#:~:text=…) that
// browsers scroll to and highlight. It is "" when the source's URL is not
// known.
func (n *Note) OriginalURL() string {
	if n.Source == nil || n.Source.URL == "" {
		return ""
	}
	text := n.Quoted()
	if text == "" && n.Para != nil {
		text = n.Para.Text
	}
	if text == "" {
		return n.Source.URL
	}
	frag := TextFragment(text)
	if strings.Contains(n.Source.URL, "#") {
		// The directive may follow a fragment of the URL's own.
		return n.Source.URL + strings.TrimPrefix(frag, "#")
	}
	return n.Source.URL + frag
}

// TextFragment returns a text fragment directive that selects text: the
// whole text if it is short, else its first and last few words
// (textStart,textEnd), as the URL Fragment Text Directives draft describes.
// Words are those of strings.Fields, joined by single spaces.
func TextFragment(text string) string {
	const edge = fragmentEdge
	// One pass finds the first words and keeps the last ones in a ring,
	// without splitting the whole text (a citation of a whole paragraph
	// gives the paragraph); the words are escaped straight into the
	// directive, with no joined string between.
	var first, last [edge][2]int // start and end of words
	n := 0                       // words so far
	start := -1                  // of the current word, or -1
	for i, r := range text {
		space := r < utf8.RuneSelf && asciiSpace[r] || r >= utf8.RuneSelf && unicode.IsSpace(r)
		switch {
		case !space && start < 0:
			start = i
		case space && start >= 0:
			if n < edge {
				first[n] = [2]int{start, i}
			}
			last[n%edge] = [2]int{start, i}
			n++
			start = -1
		}
	}
	if start >= 0 {
		if n < edge {
			first[n] = [2]int{start, len(text)}
		}
		last[n%edge] = [2]int{start, len(text)}
		n++
	}
	b := make([]byte, 0, len(fragmentPrefix)+3*min(len(text), 120))
	b = append(b, fragmentPrefix...)
	if n <= 2*edge {
		// Every word is in first or in the ring: words edge and on are
		// among the last edge.
		for k := range n {
			w := first[min(k, edge-1)]
			if k >= edge {
				w = last[k%edge]
			}
			if k > 0 {
				b = append(b, "%20"...)
			}
			b = appendFragmentEscape(b, text[w[0]:w[1]])
		}
		return string(b)
	}
	for k := range edge {
		if k > 0 {
			b = append(b, "%20"...)
		}
		b = appendFragmentEscape(b, text[first[k][0]:first[k][1]])
	}
	b = append(b, ',')
	for k := range edge {
		w := last[(n+k)%edge]
		if k > 0 {
			b = append(b, "%20"...)
		}
		b = appendFragmentEscape(b, text[w[0]:w[1]])
	}
	return string(b)
}

// fragmentPrefix starts a text fragment directive.
const fragmentPrefix = "#:~:text="

// fragmentEdge is how many words a text fragment gives at each end of a
// long text.
const fragmentEdge = 5

// appendFragmentEscape appends s percent-encoded for a text directive,
// where "-", "," and "&" have meanings of their own.
func appendFragmentEscape(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if e := fragmentEscapes[s[i]]; e != "" {
			b = append(b, e...)
		} else {
			b = append(b, s[i])
		}
	}
	return b
}

// fragmentEscapes holds what each byte becomes in a text directive, or ""
// for a byte kept as it is. url.PathEscape and then fragmentReplacer
// escape byte by byte, so the table is made from them and escapes as they
// did, without a string between them.
var fragmentEscapes = func() (t [256]string) {
	for c := range 256 {
		s := string([]byte{byte(c)})
		if e := fragmentReplacer.Replace(url.PathEscape(s)); e != s {
			t[c] = e
		}
	}
	return t
}()

// fragmentReplacer escapes what url.PathEscape leaves and a text
// directive gives a meaning of its own (see fragmentEscapes).
var fragmentReplacer = strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26")
