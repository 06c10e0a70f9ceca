package xref

import (
	"cmp"
	"slices"
	"strings"
)

// This file holds the views of the model that layouts ask for.

// Anchor returns a fragment id for the page within a page that holds many
// (the print page): its path with slashes as hyphens, "points-26". It is
// made at the first call and kept (for the path it was made of): a print
// page asks for the anchor of each of its points five times or more, and
// made a new string each time.
func (d *Doc) Anchor() string {
	if a := d.anchor.Load(); a != nil && a.path == d.Path {
		return a.anchor
	}
	a := &docAnchor{path: d.Path, anchor: anchorOf(d.Path)}
	d.anchor.Store(a)
	return a.anchor
}

// docAnchor is a Doc's anchor and the path it was made of.
type docAnchor struct{ path, anchor string }

// anchorOf returns the anchor of a page at path: see Doc.Anchor.
func anchorOf(path string) string {
	a := strings.Trim(strings.ReplaceAll(path, "/", "-"), "-")
	if a == "" {
		return "home"
	}
	return a
}

// QuotesOn returns the page's notes that quote source s, in order.
func (d *Doc) QuotesOn(s *Source) []*Note {
	var notes []*Note
	for _, n := range d.Notes {
		if n.Source == s && n.Quote != "" {
			notes = append(notes, n)
		}
	}
	return notes
}

// IsRelated reports whether q is among p's related points.
func (p *Point) IsRelated(q *Point) bool {
	return slices.Contains(p.Related, q)
}

// SourcesByDate returns the sources by date (undated last), then outlet,
// then title, in a slice of the caller's own. A model that Resolve made
// sorted them once; the print and sources pages ask for every page.
func (m *Model) SourcesByDate() []*Source {
	if m.byDate != nil {
		return slices.Clone(m.byDate)
	}
	return sourcesByDate(m.Sources)
}

// sourcesByDate returns srcs sorted as SourcesByDate returns them.
func sourcesByDate(srcs []*Source) []*Source {
	out := slices.Clone(srcs)
	slices.SortStableFunc(out, func(a, b *Source) int {
		if a.Date.IsZero() != b.Date.IsZero() {
			if a.Date.IsZero() {
				return 1
			}
			return -1
		}
		return cmp.Or(a.Date.Compare(b.Date), strings.Compare(a.Outlet, b.Outlet), strings.Compare(a.Title, b.Title))
	})
	return out
}

// Context is a quoted passage with the words around it.
type Context struct {
	Before, Quoted, After string
}

// Context returns the quoted passage with the rest of its sentence on each
// side, cut to a few dozen words, so a reader can judge the quote without
// leaving the page. It is empty if the note quotes nothing.
func (n *Note) Context() Context {
	if n.Para == nil || n.Quote == "" {
		return Context{}
	}
	t := n.Para.Text
	before := t[:n.Start]
	if i := lastSentenceEnd(before); i >= 0 {
		before = before[i:]
	}
	after := t[n.End:]
	if i := sentenceEnd(after); i >= 0 {
		after = after[:i]
	}
	return Context{
		Before: clipWords(before, 20, true),
		Quoted: t[n.Start:n.End],
		After:  clipWords(after, 20, false),
	}
}

// sentenceEnd returns the offset just past the first sentence end in s
// (". ", "? ", "! " or the same at the end of s), or -1.
func sentenceEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '.', '?', '!':
			if i+1 == len(s) || s[i+1] == ' ' {
				return i + 1
			}
		}
	}
	return -1
}

// lastSentenceEnd returns the offset of the start of the last sentence in
// s, or -1 if s holds no sentence end.
func lastSentenceEnd(s string) int {
	for i := len(s) - 2; i >= 0; i-- {
		switch s[i] {
		case '.', '?', '!':
			if s[i+1] == ' ' {
				return i + 2
			}
		}
	}
	return -1
}

// clipWords keeps at most n words of s: the last n if fromEnd, else the
// first n. White space at the cut edge is kept, so the text joins the quote.
func clipWords(s string, n int, fromEnd bool) string {
	words := strings.Fields(s)
	if len(words) <= n {
		return s
	}
	if fromEnd {
		return " " + strings.Join(words[len(words)-n:], " ") + trailingSpace(s)
	}
	return leadingSpace(s) + strings.Join(words[:n], " ")
}

func trailingSpace(s string) string {
	if strings.HasSuffix(s, " ") {
		return " "
	}
	return ""
}

func leadingSpace(s string) string {
	if strings.HasPrefix(s, " ") {
		return " "
	}
	return ""
}

// SeedBlock is a run of a seed's lines that belong to one excerpt (or to
// none).
type SeedBlock struct {
	Source *Source
	Rows   []SeedLine
}

// Blocks groups the seed's lines by excerpt, in seed order. Empty lines join
// the block before them.
func (s *Seed) Blocks() []SeedBlock {
	var blocks []SeedBlock
	for _, r := range s.Rows {
		if strings.TrimSpace(r.Text) == "" && len(blocks) > 0 {
			last := &blocks[len(blocks)-1]
			last.Rows = append(last.Rows, r)
			continue
		}
		if len(blocks) == 0 || blocks[len(blocks)-1].Source != r.Source {
			blocks = append(blocks, SeedBlock{Source: r.Source})
		}
		last := &blocks[len(blocks)-1]
		last.Rows = append(last.Rows, r)
	}
	return blocks
}

// Docs returns every document of the model that has prose or notes, in a
// fixed order: home, points, pages, the timeline's pages, the comparison,
// sources. Exports list notes in this order.
func (m *Model) Docs() []*Doc {
	var docs []*Doc
	if m.Home != nil {
		docs = append(docs, m.Home.Doc)
	}
	for _, p := range m.Points {
		docs = append(docs, p.Doc)
	}
	for _, p := range m.Pages {
		docs = append(docs, p.Doc)
	}
	docs = append(docs, m.TimelineDocs...)
	if m.Compare != nil {
		docs = append(docs, m.Compare)
	}
	for _, s := range m.Sources {
		docs = append(docs, s.Doc)
	}
	return docs
}
