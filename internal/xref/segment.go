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
	cuts := p.cuts(nil)
	var segs []Segment
	for i := 0; i+1 < len(cuts); i++ {
		a, b := cuts[i], cuts[i+1]
		seg := Segment{Text: p.Text[a:b]}
		for _, s := range p.Spans {
			if !s.covers(a, b) {
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

// Run is a segment (see Segments) as a source page's text shows it.
type Run struct {
	Text    string
	Marked  bool   // quoted or glossed
	Glossed bool   // glossed
	Point   *Point // the point the run mentions
}

// Runs calls fn with each segment of the paragraph, in order, as a Run:
// Segments without the lists of notes and glosses, which cost a source
// page more to make than to write.
func (p *Para) Runs(fn func(Run)) {
	var buf [16]int
	cuts := p.cuts(buf[:0])
	for i := 0; i+1 < len(cuts); i++ {
		r := Run{Text: p.Text[cuts[i]:cuts[i+1]]}
		for _, s := range p.Spans {
			if !s.covers(cuts[i], cuts[i+1]) {
				continue
			}
			switch {
			case s.Note != nil:
				r.Marked = true
			case s.Gloss != nil:
				r.Marked, r.Glossed = true, true
			case s.Point != nil:
				r.Point = s.Point
			}
		}
		fn(r)
	}
}

// cuts appends to buf the offsets where the paragraph's segments start
// and end, in order, and returns it.
func (p *Para) cuts(buf []int) []int {
	cuts := append(buf, 0, len(p.Text))
	for _, s := range p.Spans {
		cuts = append(cuts, s.Start, s.End)
	}
	slices.Sort(cuts)
	return slices.Compact(cuts)
}

// covers reports whether the span marks text[a:b]: it is not empty and
// holds it.
func (s Span) covers(a, b int) bool { return s.Start <= a && s.End >= b && s.Start != s.End }

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
// known. The first call makes it, and later calls return the same string:
// call it only once the note is resolved.
func (n *Note) OriginalURL() string {
	if n.Source == nil || n.Source.URL == "" {
		return ""
	}
	if u := n.originalURL.Load(); u != nil {
		return *u
	}
	u := n.originalURLOf()
	n.originalURL.Store(&u)
	return u
}

// originalURLOf makes what OriginalURL returns for a note whose source
// has a URL.
func (n *Note) originalURLOf() string {
	text := n.Quoted()
	if text == "" && n.Para != nil {
		text = n.Para.Text
	}
	if text == "" {
		return n.Source.URL
	}
	u := n.Source.URL
	prefix := fragmentPrefix
	if strings.Contains(u, "#") {
		// The directive may follow a fragment of the URL's own.
		prefix = prefix[1:]
	}
	// One allocation of the exact size: the partials of every note ask.
	f := fragmentOf(text)
	var b strings.Builder
	b.Grow(len(u) + f.size(prefix, text))
	b.WriteString(u)
	f.write(&b, prefix, text)
	return b.String()
}

// TextFragment returns a text fragment directive that selects text: the
// whole text if it is short, else its first and last few words
// (textStart,textEnd), as the URL Fragment Text Directives draft describes.
// Words are those of strings.Fields, joined by single spaces.
func TextFragment(text string) string {
	f := fragmentOf(text)
	var b strings.Builder
	b.Grow(f.size(fragmentPrefix, text))
	f.write(&b, fragmentPrefix, text)
	return b.String()
}

// fragment holds the words of a text that its text fragment directive
// gives (see TextFragment), as the start and end of each in the text.
type fragment struct {
	words  [2 * fragmentEdge][2]int
	n      int  // words[:n] are given, in order
	ranged bool // textStart,textEnd: a comma, not a space, before words[fragmentEdge]
}

// fragmentOf returns the fragment of text. It reads text from the start
// for its first words and from the end for its last ones, not the words
// between: a citation of a whole paragraph gives the paragraph.
func fragmentOf(text string) fragment {
	const edge = fragmentEdge
	var fr fragment
	var last [edge][2]int // from the end
	nf, f := 0, 0         // words from the start, and where they end
	for nf < edge {
		start, end := nextWord(text, f)
		if start < 0 {
			break
		}
		fr.words[nf] = [2]int{start, end}
		nf, f = nf+1, end
	}
	// A word ends at f: words from the end are in text[f:].
	nl, l := 0, len(text)
	for nf == edge && nl < edge {
		start, end := prevWord(text, f, l)
		if start < 0 {
			break
		}
		last[nl] = [2]int{start, end}
		nl, l = nl+1, start
	}
	for k := range nl {
		fr.words[nf+k] = last[nl-1-k]
	}
	fr.n = nf + nl
	// With a word between, the first and last words are a range.
	fr.ranged = nl == edge && hasWord(text[f:l])
	return fr
}

// size returns the length of the directive that write writes.
func (fr *fragment) size(prefix, text string) int {
	n := len(prefix)
	for k, w := range fr.words[:fr.n] {
		switch {
		case k == 0:
		case fr.ranged && k == fragmentEdge:
			n++ // ","
		default:
			n += len("%20")
		}
		for i := w[0]; i < w[1]; i++ {
			n += int(fragmentEscapeLen[text[i]])
		}
	}
	return n
}

// write writes prefix and the words of the directive to b, percent-encoded
// and joined by "%20" (by "," between the start and the end of a range).
func (fr *fragment) write(b *strings.Builder, prefix, text string) {
	b.WriteString(prefix)
	for k, w := range fr.words[:fr.n] {
		switch {
		case k == 0:
		case fr.ranged && k == fragmentEdge:
			b.WriteByte(',')
		default:
			b.WriteString("%20")
		}
		writeFragmentEscape(b, text[w[0]:w[1]])
	}
}

// isSpaceRune is unicode.IsSpace, as strings.Fields has it.
func isSpaceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiSpace[r]
	}
	return unicode.IsSpace(r)
}

// nextWord returns the start and end of the first word of text[i:] (as
// strings.Fields has words), or -1, -1.
func nextWord(text string, i int) (start, end int) {
	start = -1
	for i < len(text) {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		switch space := isSpaceRune(r); {
		case !space && start < 0:
			start = i
		case space && start >= 0:
			return start, i
		}
		i += size
	}
	if start < 0 {
		return -1, -1
	}
	return start, len(text)
}

// prevWord returns the start and end of the last word of text[from:to],
// where from is where a word of text ends or 0, or -1, -1. Read from the
// end, text has the runes it has read from the start: a valid rune starts
// at a byte that no other valid rune holds.
func prevWord(text string, from, to int) (start, end int) {
	end = -1
	i := to
	for i > from {
		r, size := rune(text[i-1]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeLastRuneInString(text[from:i])
		}
		switch space := isSpaceRune(r); {
		case !space && end < 0:
			end = i
		case space && end >= 0:
			return i, end
		}
		i -= size
	}
	if end < 0 {
		return -1, -1
	}
	return from, end
}

// hasWord reports whether s holds anything but white space.
func hasWord(s string) bool {
	start, _ := nextWord(s, 0)
	return start >= 0
}

// fragmentPrefix starts a text fragment directive.
const fragmentPrefix = "#:~:text="

// fragmentEdge is how many words a text fragment gives at each end of a
// long text.
const fragmentEdge = 5

// writeFragmentEscape writes s percent-encoded for a text directive,
// where "-", "," and "&" have meanings of their own: the runs of bytes
// kept as they are in one piece each.
func writeFragmentEscape(b *strings.Builder, s string) {
	from := 0
	for i := 0; i < len(s); i++ {
		if e := fragmentEscapes[s[i]]; e != "" {
			b.WriteString(s[from:i])
			b.WriteString(e)
			from = i + 1
		}
	}
	b.WriteString(s[from:])
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

// fragmentEscapeLen holds the length of what each byte becomes in a text
// directive.
var fragmentEscapeLen = func() (t [256]uint8) {
	for c, e := range fragmentEscapes {
		t[c] = uint8(max(len(e), 1))
	}
	return t
}()

// fragmentReplacer escapes what url.PathEscape leaves and a text
// directive gives a meaning of its own (see fragmentEscapes).
var fragmentReplacer = strings.NewReplacer("-", "%2D", ",", "%2C", "&", "%26")
