package xref

import (
	"net/url"
	"slices"
	"strings"
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
func TextFragment(text string) string {
	words := strings.Fields(text)
	const edge = 5
	if len(words) <= 2*edge {
		return "#:~:text=" + fragmentEscape(strings.Join(words, " "))
	}
	return "#:~:text=" + fragmentEscape(strings.Join(words[:edge], " ")) + "," +
		fragmentEscape(strings.Join(words[len(words)-edge:], " "))
}

// fragmentEscape percent-encodes s for a text directive, where "-", "," and
// "&" have meanings of their own.
func fragmentEscape(s string) string {
	return fragmentReplacer.Replace(url.PathEscape(s))
}

// fragmentReplacer is made once: a Replacer is safe for concurrent use,
// and building one took most of the time of fragmentEscape, which runs for
// every note of every page.
var fragmentReplacer = strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26")
