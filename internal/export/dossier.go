package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/xref"
)

// formatVersion is the version of the format of dossier.json. It changes
// only when a key is removed or changes meaning; new keys keep it.
const formatVersion = 1

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

func dossierJSON(m *xref.Model, opts Options) ([]byte, error) {
	c := m.Config
	d := dossier{
		Schema: opts.Abs(SchemaFile),
		Format: formatVersion,
		Site: siteData{
			Title:       c.Title,
			Description: opt(c.Description),
			BaseURL:     opts.Abs(""),
			Language:    c.Language,
			Copyright:   opt(c.Copyright),
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
			Key: b.Key, Title: b.Title, Description: opt(b.Description), Points: numbers(b.Points),
		})
	}
	for _, v := range m.Versions {
		ver := version{
			Key: v.Key, Title: v.Title, Date: date(v.Date), URL: opt(v.URL), Note: opt(v.Note),
			Additions: []addition{},
		}
		if v.Source != nil {
			ver.Source = &v.Source.ID
		}
		for _, a := range v.Added {
			ver.Additions = append(ver.Additions, addition{Title: a.Title, Note: opt(a.Note), Cite: sourceIDs(a.Notes)})
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
	for _, n := range notes(m) {
		d.Citations = append(d.Citations, citationData(n, opts))
	}
	for _, e := range m.Events {
		md, text := prose(e.Text)
		d.Events = append(d.Events, event{
			Date:     e.Date.Format(time.DateOnly),
			DateNote: opt(e.DateNote),
			Title:    e.Title,
			Body:     md,
			BodyText: text,
			Points:   numbers(e.Subjects),
			Cite:     sourceIDs(e.Notes),
			Anchor:   eventURL(e, opts),
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
	return encodeJSON(d)
}

func pointData(p *xref.Point, opts Options) point {
	md, text := prose(p.Commentary)
	pd := point{
		Number:         p.Number,
		Title:          p.Title,
		Summary:        opt(p.Summary),
		Text:           opt(p.Point.Text),
		TextKind:       opt(p.TextKind),
		Assessment:     opt(p.Assessment),
		Tags:           nonNil(p.Tags),
		Related:        numbers(p.Related),
		LinkedFrom:     numbers(p.LinkedFrom),
		Updated:        date(p.Updated),
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
		md, text := prose(c.Note)
		pd.Positions = append(pd.Positions, position{
			Version: c.Version.Key, Status: c.Status, Note: md, NoteText: text, Cite: sourceIDs(c.Cites),
		})
	}
	for _, s := range p.Sources {
		pd.Sources = append(pd.Sources, s.ID)
	}
	slices.Sort(pd.Sources)
	return pd
}

func sourceData(s *xref.Source, opts Options) source {
	md, text := prose(s.Intro)
	sd := source{
		ID:         s.ID,
		Title:      s.Title,
		Subtitle:   opt(s.Subtitle),
		Outlet:     opt(s.Outlet),
		Authors:    nonNil(s.Authors),
		Date:       date(s.Date),
		DateNote:   opt(s.DateNote),
		URL:        opt(s.URL),
		URLNote:    opt(s.URLNote),
		CopyURL:    opt(s.CopyURL),
		ArchiveURL: opt(s.ArchiveURL),
		Archived:   date(s.Archived),
		Captured:   date(s.Captured),
		License:    opt(s.License),
		Seed:       opt(s.Seed),
		External:   s.External(),
		Page:       opts.Abs(s.Path()),
		Intro:      md,
		IntroText:  text,
		Mentions:   numbers(s.Mentions),
		Paragraphs: []paragraph{},
	}
	slices.Sort(sd.Mentions)
	for _, p := range s.Paras {
		sd.Paragraphs = append(sd.Paragraphs, paragraph{N: p.N, Line: p.Line, Role: opt(string(p.Role)), Text: p.Text})
	}
	return sd
}

func citationData(n *xref.Note, opts Options) citation {
	page := opts.Abs(n.Page.Path)
	c := citation{
		Page:   page,
		Note:   n.N,
		Anchor: page + "#" + n.ID(),
		Quote:  opt(n.Quote),
	}
	if n.Source == nil {
		return c
	}
	c.Source = &n.Source.ID
	c.OriginalURL = opt(n.OriginalURL())
	target := opts.Abs(n.Source.Path())
	if n.Para != nil {
		c.Paragraph = &n.Para.N
		target += "#" + n.Para.ID()
		if n.Quote != "" {
			c.Passage = opt(n.Quoted())
			c.Start, c.End = &n.Start, &n.End
		}
	}
	c.SourceURL = &target
	return c
}

func glossData(g *xref.Gloss, opts Options) gloss {
	md, text := prose(g.Text)
	gd := gloss{
		Source:   g.Source.ID,
		N:        g.Index + 1,
		Anchor:   opts.Abs(g.Source.Path()) + "#" + g.ID(),
		Title:    opt(g.Title),
		Quote:    opt(g.Quote),
		Note:     md,
		NoteText: text,
	}
	if g.Para != nil {
		gd.Paragraph = &g.Para.N
		gd.Passage = opt(g.Para.Text[g.Start:g.End])
		gd.Start, gd.End = &g.Start, &g.End
	}
	return gd
}

// notes returns every note of every page, in page order, then note order.
func notes(m *xref.Model) []*xref.Note {
	var ns []*xref.Note
	for _, d := range m.Docs() {
		ns = append(ns, d.Notes...)
	}
	return ns
}

func eventURL(e *xref.Event, opts Options) string {
	return opts.Abs(e.Doc.Path) + "#" + e.ID()
}

// prose returns the Markdown of a piece of prose, without the blank lines
// around it, and its plain text; both nil if there is none.
func prose(p *xref.Prose) (md, text *string) {
	if p.Empty() {
		return nil, nil
	}
	src := strings.TrimRight(strings.TrimLeft(string(p.Doc.Src), "\r\n"), " \t\r\n")
	return opt(src), opt(p.Doc.PlainText())
}

// opt returns s, or nil if it is empty.
func opt(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// date returns t as "2006-01-02", or nil if it is zero.
func date(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.DateOnly)
	return &s
}

func numbers(ps []*xref.Point) []int {
	ns := []int{}
	for _, p := range ps {
		ns = append(ns, p.Number)
	}
	return ns
}

// sourceIDs returns the ids of the sources that notes cite, in order.
func sourceIDs(ns []*xref.Note) []string {
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

// encodeJSON encodes v indented by two spaces, with a final newline and
// without escaping <, > and &, which need no escaping outside HTML.
//
// The encoder's compact text is indented straight into the buffer
// returned (json.Indent sizes it once, to twice the compact text), the way
// Encoder.SetIndent would indent it: SetIndent indents into a buffer of
// its own, grown by doubling, and the copy into the caller's buffer grew
// again, which for a site with a 20 MB seed made some 200 MB of memory per
// build for dossier.json alone.
func encodeJSON(v any) ([]byte, error) {
	var w indenter
	enc := json.NewEncoder(&w)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return w.b.Bytes(), nil
}

// indenter indents the JSON text written to it into b.
type indenter struct{ b bytes.Buffer }

func (w *indenter) Write(p []byte) (int, error) {
	if err := json.Indent(&w.b, p, "", "  "); err != nil {
		return 0, err
	}
	return len(p), nil
}
