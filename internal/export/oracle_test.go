package export

// The encoder of dossier.json and annotations.jsonld before they were
// written straight from the model (jsonWriter): the types are the shape of
// the files, which the tests decode them into, and oldDossierJSON and
// oldAnnotationsJSON make them with encoding/json, as an oracle that the
// new writers must match byte for byte.

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/xref"
)

// The types below are the shape of dossier.json; their field order is the
// order of the keys. Optional values are pointers (null when not given).

type dossier struct {
	Schema    string     `json:"$schema"`
	Format    int        `json:"format"`
	Site      siteData   `json:"site"`
	Buckets   []bucket   `json:"buckets"`
	Versions  []version  `json:"versions"`
	Points    []point    `json:"points"`
	Sources   []source   `json:"sources"`
	Citations []citation `json:"citations"`
	Glosses   []gloss    `json:"glosses"`
	Events    []event    `json:"events"`
	Seeds     []seedData `json:"seeds"`
}

type siteData struct {
	Title       string  `json:"title"`
	Description *string `json:"description"`
	BaseURL     string  `json:"base_url"`
	Language    string  `json:"language"`
	Copyright   *string `json:"copyright"`
	PointLabel  string  `json:"point_label"`
	PointsOf    string  `json:"points_of"`
}

type bucket struct {
	Key         string  `json:"key"`
	Title       string  `json:"title"`
	Description *string `json:"description"`
	Points      []int   `json:"points"`
}

type version struct {
	Key       string     `json:"key"`
	Title     string     `json:"title"`
	Date      *string    `json:"date"`
	Source    *string    `json:"source"`
	URL       *string    `json:"url"`
	Note      *string    `json:"note"`
	Additions []addition `json:"additions"`
}

type addition struct {
	Title string   `json:"title"`
	Note  *string  `json:"note"`
	Cite  []string `json:"cite"`
}

type point struct {
	Number         int        `json:"number"`
	Title          string     `json:"title"`
	Bucket         *string    `json:"bucket"`
	Summary        *string    `json:"summary"`
	Text           *string    `json:"text"`
	TextKind       *string    `json:"text_kind"`
	TextSource     *string    `json:"text_source"`
	Assessment     *string    `json:"assessment"`
	Tags           []string   `json:"tags"`
	Related        []int      `json:"related"`
	LinkedFrom     []int      `json:"linked_from"`
	Updated        *string    `json:"updated"`
	Page           string     `json:"page"`
	Commentary     *string    `json:"commentary"`
	CommentaryText *string    `json:"commentary_text"`
	Positions      []position `json:"positions"`
	Sources        []string   `json:"sources"`
}

type position struct {
	Version  string   `json:"version"`
	Status   string   `json:"status"`
	Note     *string  `json:"note"`
	NoteText *string  `json:"note_text"`
	Cite     []string `json:"cite"`
}

type source struct {
	ID         string      `json:"id"`
	Title      string      `json:"title"`
	Subtitle   *string     `json:"subtitle"`
	Outlet     *string     `json:"outlet"`
	Authors    []string    `json:"authors"`
	Date       *string     `json:"date"`
	DateNote   *string     `json:"date_note"`
	URL        *string     `json:"url"`
	URLNote    *string     `json:"url_note"`
	CopyURL    *string     `json:"copy_url"`
	ArchiveURL *string     `json:"archive_url"`
	Archived   *string     `json:"archived"`
	Captured   *string     `json:"captured"`
	License    *string     `json:"license"`
	Seed       *string     `json:"seed"`
	External   bool        `json:"external"`
	Page       string      `json:"page"`
	Intro      *string     `json:"intro"`
	IntroText  *string     `json:"intro_text"`
	Mentions   []int       `json:"mentions"`
	Paragraphs []paragraph `json:"paragraphs"`
}

type paragraph struct {
	N    int     `json:"n"`
	Line int     `json:"line"`
	Role *string `json:"role"`
	Text string  `json:"text"`
}

type citation struct {
	Page        string  `json:"page"`
	Note        int     `json:"note"`
	Anchor      string  `json:"anchor"`
	Source      *string `json:"source"`
	Paragraph   *int    `json:"paragraph"`
	Quote       *string `json:"quote"`
	Passage     *string `json:"passage"`
	Start       *int    `json:"start"`
	End         *int    `json:"end"`
	SourceURL   *string `json:"source_url"`
	OriginalURL *string `json:"original_url"`
}

type gloss struct {
	Source    string  `json:"source"`
	N         int     `json:"n"`
	Anchor    string  `json:"anchor"`
	Title     *string `json:"title"`
	Quote     *string `json:"quote"`
	Paragraph *int    `json:"paragraph"`
	Passage   *string `json:"passage"`
	Start     *int    `json:"start"`
	End       *int    `json:"end"`
	Note      *string `json:"note"`
	NoteText  *string `json:"note_text"`
}

type event struct {
	Date     string   `json:"date"`
	DateNote *string  `json:"date_note"`
	Title    string   `json:"title"`
	Body     *string  `json:"body"`
	BodyText *string  `json:"body_text"`
	Points   []int    `json:"points"`
	Cite     []string `json:"cite"`
	Anchor   string   `json:"anchor"`
}

type seedData struct {
	Name     string   `json:"name"`
	SHA256   string   `json:"sha256"`
	Bytes    int      `json:"bytes"`
	Lines    int      `json:"lines"`
	Page     string   `json:"page"`
	Excerpts []string `json:"excerpts"`
}

func oldDossierJSON(m *xref.Model, opts Options) ([]byte, error) {
	c := m.Config
	d := dossier{
		Schema: opts.Abs(SchemaFile),
		Format: formatVersion,
		Site: siteData{
			Title:       c.Title,
			Description: oldOpt(c.Description),
			BaseURL:     opts.Abs(""),
			Language:    c.Language,
			Copyright:   oldOpt(c.Copyright),
			PointLabel:  c.Points.Label,
			PointsOf:    c.Points.Text,
		},
		Buckets:   []bucket{},
		Versions:  []version{},
		Points:    []point{},
		Sources:   []source{},
		Citations: []citation{},
		Glosses:   []gloss{},
		Events:    []event{},
		Seeds:     []seedData{},
	}
	for _, b := range m.Buckets {
		d.Buckets = append(d.Buckets, bucket{
			Key: b.Key, Title: b.Title, Description: oldOpt(b.Description), Points: oldNumbers(b.Points),
		})
	}
	for _, v := range m.Versions {
		ver := version{
			Key: v.Key, Title: v.Title, Date: oldDate(v.Date), URL: oldOpt(v.URL), Note: oldOpt(v.Note),
			Additions: []addition{},
		}
		if v.Source != nil {
			ver.Source = &v.Source.ID
		}
		for _, a := range v.Added {
			ver.Additions = append(ver.Additions, addition{Title: a.Title, Note: oldOpt(a.Note), Cite: oldSourceIDs(a.Notes)})
		}
		d.Versions = append(d.Versions, ver)
	}
	for _, p := range m.Points {
		d.Points = append(d.Points, pointData(p, opts))
	}
	for _, s := range m.Sources {
		d.Sources = append(d.Sources, sourceData(s, opts))
		for _, g := range s.Glosses {
			d.Glosses = append(d.Glosses, glossData(g, opts))
		}
	}
	for _, n := range oldNotes(m) {
		d.Citations = append(d.Citations, citationData(n, opts))
	}
	for _, e := range m.Events {
		md, text := oldProse(e.Text)
		d.Events = append(d.Events, event{
			Date:     e.Date.Format(time.DateOnly),
			DateNote: oldOpt(e.DateNote),
			Title:    e.Title,
			Body:     md,
			BodyText: text,
			Points:   oldNumbers(e.Subjects),
			Cite:     oldSourceIDs(e.Notes),
			Anchor:   oldEventURL(e, opts),
		})
	}
	for _, s := range m.Seeds {
		sum := sha256.Sum256(s.Data)
		sd := seedData{
			Name:     s.Name,
			SHA256:   hex.EncodeToString(sum[:]),
			Bytes:    len(s.Data),
			Lines:    len(s.Lines),
			Page:     opts.Abs(s.Path()),
			Excerpts: []string{},
		}
		for _, ex := range s.Excerpts {
			sd.Excerpts = append(sd.Excerpts, ex.ID)
		}
		d.Seeds = append(d.Seeds, sd)
	}
	return oldEncodeJSON(d)
}

func pointData(p *xref.Point, opts Options) point {
	md, text := oldProse(p.Commentary)
	pd := point{
		Number:         p.Number,
		Title:          p.Title,
		Summary:        oldOpt(p.Summary),
		Text:           oldOpt(p.Point.Text),
		TextKind:       oldOpt(p.TextKind),
		Assessment:     oldOpt(p.Assessment),
		Tags:           nonNil(p.Tags),
		Related:        oldNumbers(p.Related),
		LinkedFrom:     oldNumbers(p.LinkedFrom),
		Updated:        oldDate(p.Updated),
		Page:           opts.Abs(p.Path()),
		Commentary:     md,
		CommentaryText: text,
		Positions:      []position{},
		Sources:        []string{},
	}
	slices.Sort(pd.Related)
	if p.Group != nil {
		pd.Bucket = &p.Group.Key
	}
	if p.TextFrom != nil {
		pd.TextSource = &p.TextFrom.ID
	}
	for _, c := range p.Changes {
		md, text := oldProse(c.Note)
		pd.Positions = append(pd.Positions, position{
			Version: c.Version.Key, Status: c.Status, Note: md, NoteText: text, Cite: oldSourceIDs(c.Cites),
		})
	}
	for _, s := range p.Sources {
		pd.Sources = append(pd.Sources, s.ID)
	}
	slices.Sort(pd.Sources)
	return pd
}

func sourceData(s *xref.Source, opts Options) source {
	md, text := oldProse(s.Intro)
	sd := source{
		ID:         s.ID,
		Title:      s.Title,
		Subtitle:   oldOpt(s.Subtitle),
		Outlet:     oldOpt(s.Outlet),
		Authors:    nonNil(s.Authors),
		Date:       oldDate(s.Date),
		DateNote:   oldOpt(s.DateNote),
		URL:        oldOpt(s.URL),
		URLNote:    oldOpt(s.URLNote),
		CopyURL:    oldOpt(s.CopyURL),
		ArchiveURL: oldOpt(s.ArchiveURL),
		Archived:   oldDate(s.Archived),
		Captured:   oldDate(s.Captured),
		License:    oldOpt(s.License),
		Seed:       oldOpt(s.Seed),
		External:   s.External(),
		Page:       opts.Abs(s.Path()),
		Intro:      md,
		IntroText:  text,
		Mentions:   oldNumbers(s.Mentions),
		Paragraphs: []paragraph{},
	}
	slices.Sort(sd.Mentions)
	for _, p := range s.Paras {
		sd.Paragraphs = append(sd.Paragraphs, paragraph{N: p.N, Line: p.Line, Role: oldOpt(string(p.Role)), Text: p.Text})
	}
	return sd
}

func citationData(n *xref.Note, opts Options) citation {
	page := opts.Abs(n.Page.Path)
	c := citation{
		Page:   page,
		Note:   n.N,
		Anchor: page + "#" + n.ID(),
		Quote:  oldOpt(n.Quote),
	}
	if n.Source == nil {
		return c
	}
	c.Source = &n.Source.ID
	c.OriginalURL = oldOpt(n.OriginalURL())
	target := opts.Abs(n.Source.Path())
	if n.Para != nil {
		c.Paragraph = &n.Para.N
		target += "#" + n.Para.ID()
		if n.Quote != "" {
			c.Passage = oldOpt(n.Quoted())
			c.Start, c.End = &n.Start, &n.End
		}
	}
	c.SourceURL = &target
	return c
}

func glossData(g *xref.Gloss, opts Options) gloss {
	md, text := oldProse(g.Text)
	gd := gloss{
		Source:   g.Source.ID,
		N:        g.Index + 1,
		Anchor:   opts.Abs(g.Source.Path()) + "#" + g.ID(),
		Title:    oldOpt(g.Title),
		Quote:    oldOpt(g.Quote),
		Note:     md,
		NoteText: text,
	}
	if g.Para != nil {
		gd.Paragraph = &g.Para.N
		gd.Passage = oldOpt(g.Para.Text[g.Start:g.End])
		gd.Start, gd.End = &g.Start, &g.End
	}
	return gd
}

// notes returns every note of every page, in page order, then note order.
func oldNotes(m *xref.Model) []*xref.Note {
	var ns []*xref.Note
	for _, d := range m.Docs() {
		ns = append(ns, d.Notes...)
	}
	return ns
}

func oldEventURL(e *xref.Event, opts Options) string {
	return opts.Abs(e.Doc.Path) + "#" + e.ID()
}

// prose returns the Markdown of a piece of prose, without the blank lines
// around it, and its plain text; both nil if there is none.
func oldProse(p *xref.Prose) (md, text *string) {
	if p.Empty() {
		return nil, nil
	}
	src := strings.TrimRight(strings.TrimLeft(string(p.Doc.Src), "\r\n"), " \t\r\n")
	return oldOpt(src), oldOpt(p.Doc.PlainText())
}

// opt returns s, or nil if it is empty.
func oldOpt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// date returns t as "2006-01-02", or nil if it is zero.
func oldDate(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func oldNumbers(ps []*xref.Point) []int {
	ns := []int{}
	for _, p := range ps {
		ns = append(ns, p.Number)
	}
	return ns
}

// sourceIDs returns the ids of the sources that notes cite, in order.
func oldSourceIDs(ns []*xref.Note) []string {
	ids := []string{}
	for _, n := range ns {
		if n.Source != nil {
			ids = append(ids, n.Source.ID)
		}
	}
	return ids
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// oldFeedXML is feed.xml as encoding/xml's Encoder encoded the feed.
func oldFeedXML(m *xref.Model, opts Options) ([]byte, error) {
	f := feedOf(m, opts)
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// oldCSLJSON is sources.csl.json as encoding/json encoded the items.
func oldCSLJSON(m *xref.Model, _ Options) ([]byte, error) {
	items := []cslItem{}
	for _, s := range m.Sources {
		items = append(items, cslOf(s.Source))
	}
	return oldEncodeJSON(items)
}

// encodeJSON encodes v indented by two spaces, with a final newline and
// without escaping <, > and &, which need no escaping outside HTML.
//
// The encoder's compact text is indented straight into the buffer
// returned (json.Indent sizes it once, to twice the compact text), the way
// Encoder.SetIndent would indent it: SetIndent indents into a buffer of
// its own, grown by doubling, and the copy into the caller's buffer grew
// again, which for a site with a 20 MB seed made some 200 MB of memory per
// build for dossier.json alone.
func oldEncodeJSON(v any) ([]byte, error) {
	var w oldIndenter
	enc := json.NewEncoder(&w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return w.b.Bytes(), nil
}

// oldIndenter indents the JSON text written to it into b.
type oldIndenter struct{ b bytes.Buffer }

func (w *oldIndenter) Write(p []byte) (int, error) {
	if err := json.Indent(&w.b, p, "", "  "); err != nil {
		return 0, err
	}
	return len(p), nil
}

// The shape of annotations.jsonld
// (https://www.w3.org/TR/annotation-model/).

type annotationCollection struct {
	Context string          `json:"@context"`
	ID      string          `json:"id"`
	Type    string          `json:"type"`
	Label   string          `json:"label"`
	Total   int             `json:"total"`
	First   *annotationPage `json:"first,omitempty"`
}

type annotationPage struct {
	ID         string       `json:"id"`
	Type       string       `json:"type"`
	PartOf     string       `json:"partOf"`
	StartIndex int          `json:"startIndex"`
	Items      []annotation `json:"items"`
}

type annotation struct {
	ID         string             `json:"id"`
	Type       string             `json:"type"`
	Motivation string             `json:"motivation"`
	Body       any                `json:"body"` // an IRI (string) or a textualBody
	Target     []specificResource `json:"target"`
}

type textualBody struct {
	Type     string `json:"type"`
	Value    string `json:"value"`
	Format   string `json:"format"`
	Language string `json:"language,omitempty"`
}

type specificResource struct {
	Type     string     `json:"type"`
	Source   string     `json:"source"`
	Selector []selector `json:"selector"`
	State    *timeState `json:"state,omitempty"`
}

// timeState points to an archived copy of a target's source: the
// annotation model's TimeState, with cached the copy's address and
// sourceDate the day it was taken.
type timeState struct {
	Type       string `json:"type"`
	Cached     string `json:"cached"`
	SourceDate string `json:"sourceDate,omitempty"`
}

// selector is a TextQuoteSelector or a TextPositionSelector.
type selector struct {
	Type   string `json:"type"`
	Exact  string `json:"exact,omitempty"`
	Prefix string `json:"prefix,omitempty"`
	Suffix string `json:"suffix,omitempty"`
	Start  *int   `json:"start,omitempty"`
	End    *int   `json:"end,omitempty"`
}

func oldAnnotationsJSON(m *xref.Model, opts Options) ([]byte, error) {
	id := opts.Abs(AnnotationsFile)
	c := annotationCollection{
		Context: annoContext,
		ID:      id,
		Type:    "AnnotationCollection",
		Label:   m.Config.Title + ": citations and glosses",
	}
	offsets := paraOffsets(m)
	var items []annotation
	for _, n := range oldNotes(m) {
		if n.Source == nil || n.Para == nil {
			continue
		}
		start, end := 0, len(n.Para.Text)
		if n.Quote != "" {
			start, end = n.Start, n.End
		}
		page := opts.Abs(n.Page.Path)
		items = append(items, annotation{
			ID:         page + "#" + n.ID(),
			Type:       "Annotation",
			Motivation: "linking",
			Body:       page,
			Target:     targets(n.Para, start, end, offsets, opts),
		})
	}
	for _, s := range m.Sources {
		for _, g := range s.Glosses {
			if g.Para == nil {
				continue
			}
			md, _ := oldProse(g.Text)
			body := textualBody{Type: "TextualBody", Format: "text/markdown", Language: m.Config.Language}
			if md != nil {
				body.Value = *md
			}
			items = append(items, annotation{
				ID:         opts.Abs(s.Path()) + "#" + g.ID(),
				Type:       "Annotation",
				Motivation: "commenting",
				Body:       body,
				Target:     targets(g.Para, g.Start, g.End, offsets, opts),
			})
		}
	}
	c.Total = len(items)
	if len(items) > 0 {
		c.First = &annotationPage{ID: id + "#page-1", Type: "AnnotationPage", PartOf: id, Items: items}
	}
	return oldEncodeJSON(c)
}

// paraOffsets returns the code-point offset of every paragraph in the text
// of its source.
func paraOffsets(m *xref.Model) map[*xref.Para]int {
	offs := map[*xref.Para]int{}
	for _, s := range m.Sources {
		at := 0
		for _, p := range s.Paras {
			offs[p] = at
			at += utf8.RuneCountInString(p.Text) + utf8.RuneCountInString(paraSep)
		}
	}
	return offs
}

// targets selects bytes start to end of paragraph p: on the source page by
// quote and position, and in the original, if its address is known, by
// quote.
func targets(p *xref.Para, start, end int, offsets map[*xref.Para]int, opts Options) []specificResource {
	t := p.Text
	quote := selector{
		Type:   "TextQuoteSelector",
		Exact:  t[start:end],
		Prefix: oldLastRunes(t[:start], contextLen),
		Suffix: oldFirstRunes(t[end:], contextLen),
	}
	at := offsets[p] + utf8.RuneCountInString(t[:start])
	to := at + utf8.RuneCountInString(t[start:end])
	pos := selector{Type: "TextPositionSelector", Start: &at, End: &to}
	rs := []specificResource{{
		Type:     "SpecificResource",
		Source:   opts.Abs(p.Source.Path()),
		Selector: []selector{quote, pos},
	}}
	if s := p.Source; s.URL != "" {
		r := specificResource{Type: "SpecificResource", Source: s.URL, Selector: []selector{quote}}
		if s.ArchiveURL != "" {
			r.State = &timeState{Type: "TimeState", Cached: s.ArchiveURL}
			if !s.Archived.IsZero() {
				r.State.SourceDate = s.Archived.Format(time.RFC3339)
			}
		}
		rs = append(rs, r)
	}
	return rs
}

// oldLastRunes returns the last n code points of s, a rune at a time, as
// lastRunes did before it passed over ASCII a word at a time.
func oldLastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// oldFirstRunes returns the first n code points of s, a rune at a time.
func oldFirstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
