// Package xref is the resolve stage: it indexes the points, sources and
// source paragraphs of a site, checks every citation, quotation and
// cross-reference against them, and computes the links back from each cited
// paragraph to the pages that cite it. Its result, a Model, is what the
// render stage turns into pages.
//
// Resolve parses every piece of Markdown of the site (point commentary,
// notes on other versions, glosses, timeline events, plain pages) with the
// markdown package, cuts the sources' excerpts out of their seeds with the
// seed package, and then, for each citation item:
//
//   - the source id must name a source (else: did you mean …);
//   - a paragraph number must exist in the source;
//   - a quote must occur exactly once in the source's text (or in the
//     paragraph given), compared after seed.Normalize; not found shows the
//     closest passage, found twice shows where;
//   - a source without text (external) can be cited, but not quoted.
//
// Cross-references [[N]] must name a point; related points, buckets,
// versions, the point text's source and timeline points must exist.
//
// Notes are numbered per page in reading order. Each note that names a
// paragraph (by number or by quote) is added to that paragraph's CitedBy, so
// the source page can link back. Mentions such as "Point 26" in source text
// are found here too, so that the page can link them to the point.
package xref

import (
	"fmt"
	"sync/atomic"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/seed"
)

// Model is a resolved site: everything the render stage needs.
type Model struct {
	Config   config.Config
	Home     *Page // nil if the site has no content/_index.md
	Points   []*Point
	Buckets  []*Bucket
	Versions []*Version
	Sources  []*Source // by id
	Seeds    []*Seed   // by name
	Pages    []*Page   // by weight, then title
	Events   []*Event  // by date
	Timeline *Doc      // the timeline's first page and its notes; nil if no events
	// TimelineDocs holds every page of the timeline, EventsPerPage events
	// to a page in date order, each with the notes of its events.
	TimelineDocs []*Doc
	Compare      *Doc // the notes of the versions' additions
	Files        []content.File
	Stats        Stats

	bare   []bareCite // for RecordData
	inc    *resolver  // kept for Update, if Resolve had a Cache
	byDate []*Source  // Sources as SourcesByDate orders them, if Resolve made the model
}

// Stats counts what the build checked, and what coverage it found.
type Stats struct {
	Citations      int      // citation items
	Quotes         int      // quotes verified against a source text
	QuotesCited    int      // citation items that quote, verified or not
	Xrefs          int      // cross-references to points
	ThinPoints     []int    // points citing fewer than two distinct sources
	UncitedSources []string // sources with text that nothing cites
	Glosses        int
}

// Doc is one page's worth of notes: every Prose on a page adds its
// citations here, numbered in reading order.
type Doc struct {
	Path    string // the page's path below the base URL, e.g. "points/26/"
	Title   string
	Summary string // one line about the page, for previews
	Notes   []*Note
	Proses  []*Prose // every piece of Markdown on the page, in reading order

	anchor atomic.Pointer[docAnchor] // what Anchor made, kept
}

// Prose is one piece of Markdown with its citations and cross-references
// resolved.
type Prose struct {
	Doc   *markdown.Doc
	Text  *diag.Text // maps offsets in Doc.Src to positions in the content file
	Notes [][]*Note  // Notes[i][j] is the note of item j of Doc.Cites[i]
	Xrefs []*Point   // Xrefs[i] is the point Doc.Xrefs[i] names; nil if none
}

// Empty reports whether there is no Markdown to show.
func (p *Prose) Empty() bool {
	return p == nil || p.Doc == nil || len(p.Doc.Src) == 0
}

// Note is one citation item, numbered on its page.
type Note struct {
	N      int
	Page   *Doc    // the page that holds the citation
	Source *Source // the source cited
	Para   *Para   // the paragraph cited; nil if none was named or quoted
	Quote  string  // the quote as written in the citation; "" if none
	Start  int     // for a quote: byte offsets of the match in Para.Text
	End    int

	// originalURL keeps what OriginalURL made at its first call. A build
	// asks for it up to four times a note (the export, the side note, the
	// page's list of notes, the print part), and making it (text fragment
	// and all) each time was 2.8% of the CPU time of a build of 10,000
	// points.
	originalURL atomic.Pointer[string]
}

// ID returns the note's anchor on its page, "note-3".
func (n *Note) ID() string { return numbered(noteIDs, "note-", n.N) }

// RefID returns the anchor of the note's reference mark in the text,
// "ref-3".
func (n *Note) RefID() string { return numbered(refIDs, "ref-", n.N) }

// The anchors of the first notes, paragraphs and glosses of a page, made
// once: templates ask for them again and again on every page, and each
// asking concatenated a new string.
var (
	noteIDs  = numbers("note-", 256)
	refIDs   = numbers("ref-", 256)
	paraIDs  = numbers("p", 512)
	glossIDs = numbers("gloss-", 64)
)

// numbers returns prefix+"0" … prefix+itoa(n-1).
func numbers(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = prefix + itoa(i)
	}
	return out
}

// numbered returns prefix+itoa(i), from made (made by numbers(prefix, …))
// if it has it.
func numbered(made []string, prefix string, i int) string {
	if uint(i) < uint(len(made)) {
		return made[i]
	}
	return prefix + itoa(i)
}

// Quoted returns the quoted passage as the source writes it.
func (n *Note) Quoted() string {
	if n.Para == nil || n.Quote == "" {
		return ""
	}
	return n.Para.Text[n.Start:n.End]
}

// Bucket is a group of points.
type Bucket struct {
	config.Bucket
	Points []*Point
}

// Version is another version of the text, with the point's change in it.
type Version struct {
	config.Version
	Source  *Source // may be nil
	Changes []*Change
	Added   []*Addition
}

// Addition is something a version adds that no point has, with its notes.
type Addition struct {
	config.Addition
	Notes []*Note
}

// Point is a point of the text with everything resolved.
type Point struct {
	*content.Point
	Doc        *Doc
	Commentary *Prose
	Group      *Bucket // the point's bucket; nil if unknown
	TextFrom   *Source // the source of the point's wording; nil if none
	Related    []*Point
	Prev, Next *Point
	Changes    []*Change // one per version that records the point, in version order
	Events     []*Event  // timeline events that name the point
	LinkedFrom []*Point  // points whose commentary links here
	Sources    []*Source // distinct sources cited on the page, in order of first note

	stats pointStats // what resolving the point added to Model.Stats
}

// Path returns the point's path, "points/26/". Resolve made it once, as
// the path of the point's Doc; templates ask for it on every page that
// links the point.
func (p *Point) Path() string {
	if p.Doc != nil && p.Doc.Path != "" {
		return p.Doc.Path
	}
	return "points/" + itoa(p.Number) + "/"
}

// Change is a point's fate in another version of the text.
type Change struct {
	Version *Version
	Point   *Point
	Status  string // kept, changed, dropped or added
	Note    *Prose
	Cites   []*Note // the notes of the cite list
}

// Source is a source with its text cut out of its seed.
type Source struct {
	*content.Source
	Doc      *Doc
	Intro    *Prose
	InSeed   *Seed // nil for an external source
	Paras    []*Para
	Glosses  []*Gloss
	CitedBy  []*Note  // every note that cites the source, by page then number
	Citing   []*Doc   // distinct pages that cite the source, in order
	Mentions []*Point // points mentioned by name in the text ("Point 26")

	// at is the source's index in Model.Sources: findQuotes lists the
	// quotes of each source by it, and backlinks shares the sources out.
	at int
}

// Path returns the source's path, "sources/heflin-conversation/". Resolve
// made it once, as the path of the source's Doc (see Point.Path).
func (s *Source) Path() string {
	if s.Doc != nil && s.Doc.Path != "" {
		return s.Doc.Path
	}
	return "sources/" + s.ID + "/"
}

// Para is one paragraph of a source's text.
type Para struct {
	seed.Para
	Source  *Source
	CitedBy []*Note
	Glosses []*Gloss
	Spans   []Span // marked ranges of Text: quotes, glosses, point mentions

	alone atomic.Pointer[aloneNotes] // what Alone worked out, kept
}

// ID returns the paragraph's anchor on the source page, "p7".
func (p *Para) ID() string { return numbered(paraIDs, "p", p.N) }

// Span is a range of a paragraph's text that the source page marks.
type Span struct {
	Start, End int
	Note       *Note  // a quoted passage
	Gloss      *Gloss // a glossed passage
	Point      *Point // a mention of a point
}

// Gloss is an editor's note anchored on a passage of a source.
type Gloss struct {
	content.Gloss
	Source     *Source
	Para       *Para // nil if the quote was not found
	Start, End int
	Text       *Prose // the note
}

// ID returns the gloss's anchor on the source page, "gloss-1".
func (g *Gloss) ID() string { return numbered(glossIDs, "gloss-", g.Index+1) }

// Seed is a seed file with each line's place in the excerpts.
type Seed struct {
	*seed.Seed
	Rows     []SeedLine // every line of the seed
	Excerpts []*Source  // the sources cut from this seed, in seed order
}

// Path returns the seed's path, "seeds/NAME/".
func (s *Seed) Path() string { return "seeds/" + s.Name + "/" }

// Title returns a title for people: a seed file has none of its own, so it
// is named after the sources cut from it ("A", "A and B", "A and 3 more");
// a seed nothing is cut from keeps its file name.
func (s *Seed) Title() string {
	switch len(s.Excerpts) {
	case 0:
		return s.Name
	case 1:
		return s.Excerpts[0].Title
	case 2:
		return s.Excerpts[0].Title + " and " + s.Excerpts[1].Title
	default:
		return fmt.Sprintf("%s and %d more", s.Excerpts[0].Title, len(s.Excerpts)-1)
	}
}

// SeedLine is one line of a seed and the paragraph it became, if any.
type SeedLine struct {
	seed.Line
	Source *Source // the source whose excerpt holds the line; nil if none
	Para   *Para   // nil for an empty line
}

// Page is a plain page, or the home page's introduction.
type Page struct {
	*content.Page
	Doc  *Doc
	Text *Prose
}

// Path returns the page's path, "about/" ("" for the home page).
func (p *Page) Path() string {
	if p.Name == "" {
		return ""
	}
	return p.Name + "/"
}

// EventsPerPage is how many events a page of the timeline shows, so that
// no page grows with the dossier: timeline/, then timeline/page/2/, ….
const EventsPerPage = 100

// Event is a dated event of the timeline.
type Event struct {
	*content.Event
	Doc      *Doc // the page of the timeline that shows the event
	Text     *Prose
	Subjects []*Point // the points the event concerns
	Notes    []*Note  // the notes of the cite list
}

// ID returns the event's anchor on the timeline page, "e2025-11-20-1".
func (e *Event) ID() string {
	return "e" + e.Date.Format("2006-01-02") + "-" + itoa(e.Index+1)
}
