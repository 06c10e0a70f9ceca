package export

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"slices"
	"time"

	"github.com/dossier-dev/dossier/internal/xref"
)

// formatVersion is the version of the format of dossier.json. It changes
// only when a key is removed or changes meaning; new keys keep it.
const formatVersion = 1

// writeDossier writes dossier.json to w: the keys in the order the schema
// lists them (testdata/dossier.schema.json), one value at a time, straight
// from the model.
func writeDossier(w io.Writer, m *xref.Model, opts Options) error {
	c := m.Config
	jw := newJSONWriter(w)
	jw.open('{')
	jw.k("$schema")
	jw.str(opts.Abs(SchemaFile))
	jw.k("format")
	jw.int(formatVersion)

	jw.k("site")
	jw.open('{')
	jw.k("title")
	jw.str(c.Title)
	jw.k("description")
	jw.opt(c.Description)
	jw.k("base_url")
	jw.str(opts.Abs(""))
	jw.k("language")
	jw.str(c.Language)
	jw.k("copyright")
	jw.opt(c.Copyright)
	jw.k("point_label")
	jw.str(c.Points.Label)
	jw.k("points_of")
	jw.str(c.Points.Text)
	jw.close('}')

	jw.k("buckets")
	jw.open('[')
	for _, b := range m.Buckets {
		jw.open('{')
		jw.k("key")
		jw.str(b.Key)
		jw.k("title")
		jw.str(b.Title)
		jw.k("description")
		jw.opt(b.Description)
		jw.k("points")
		numbers(jw, b.Points)
		jw.close('}')
	}
	jw.close(']')

	jw.k("versions")
	jw.open('[')
	for _, v := range m.Versions {
		jw.open('{')
		jw.k("key")
		jw.str(v.Key)
		jw.k("title")
		jw.str(v.Title)
		jw.k("date")
		date(jw, v.Date)
		jw.k("source")
		if v.Source != nil {
			jw.str(v.Source.ID)
		} else {
			jw.null()
		}
		jw.k("url")
		jw.opt(v.URL)
		jw.k("note")
		jw.opt(v.Note)
		jw.k("additions")
		jw.open('[')
		for _, a := range v.Added {
			jw.open('{')
			jw.k("title")
			jw.str(a.Title)
			jw.k("note")
			jw.opt(a.Note)
			jw.k("cite")
			sourceIDs(jw, a.Notes)
			jw.close('}')
		}
		jw.close(']')
		jw.close('}')
	}
	jw.close(']')

	jw.k("points")
	jw.open('[')
	for _, p := range m.Points {
		writePoint(jw, p, opts)
	}
	jw.close(']')

	jw.k("sources")
	jw.open('[')
	for _, s := range m.Sources {
		writeSource(jw, s, opts)
	}
	jw.close(']')

	jw.k("citations")
	jw.open('[')
	u := newURLs(opts.Abs)
	for _, d := range m.Docs() {
		for _, n := range d.Notes {
			writeCitation(jw, n, u)
		}
	}
	jw.close(']')

	jw.k("glosses")
	jw.open('[')
	for _, s := range m.Sources {
		for _, g := range s.Glosses {
			writeGloss(jw, g, opts)
		}
	}
	jw.close(']')

	jw.k("events")
	jw.open('[')
	for _, e := range m.Events {
		jw.open('{')
		jw.k("date")
		jw.str(e.Date.Format(time.DateOnly))
		jw.k("date_note")
		jw.opt(e.DateNote)
		jw.k("title")
		jw.str(e.Title)
		writeProse(jw, e.Text, "body", "body_text")
		jw.k("points")
		numbers(jw, e.Subjects)
		jw.k("cite")
		sourceIDs(jw, e.Notes)
		jw.k("anchor")
		jw.str(eventURL(e, opts))
		jw.close('}')
	}
	jw.close(']')

	jw.k("seeds")
	jw.open('[')
	for _, s := range m.Seeds {
		sum := sha256.Sum256(s.Data)
		jw.open('{')
		jw.k("name")
		jw.str(s.Name)
		jw.k("sha256")
		jw.str(hex.EncodeToString(sum[:]))
		jw.k("bytes")
		jw.int(len(s.Data))
		jw.k("lines")
		jw.int(len(s.Lines))
		jw.k("page")
		jw.str(opts.Abs(s.Path()))
		jw.k("excerpts")
		jw.open('[')
		for _, ex := range s.Excerpts {
			jw.str(ex.ID)
		}
		jw.close(']')
		jw.close('}')
	}
	jw.close(']')

	jw.close('}')
	return jw.end()
}

func writePoint(jw *jsonWriter, p *xref.Point, opts Options) {
	jw.open('{')
	jw.k("number")
	jw.int(p.Number)
	jw.k("title")
	jw.str(p.Title)
	jw.k("bucket")
	if p.Group != nil {
		jw.str(p.Group.Key)
	} else {
		jw.null()
	}
	jw.k("summary")
	jw.opt(p.Summary)
	jw.k("text")
	jw.opt(p.Point.Text)
	jw.k("text_kind")
	jw.opt(p.TextKind)
	jw.k("text_source")
	if p.TextFrom != nil {
		jw.str(p.TextFrom.ID)
	} else {
		jw.null()
	}
	jw.k("assessment")
	jw.opt(p.Assessment)
	jw.k("tags")
	jw.strs(p.Tags)
	jw.k("related")
	sortedNumbers(jw, p.Related)
	jw.k("linked_from")
	numbers(jw, p.LinkedFrom)
	jw.k("updated")
	date(jw, p.Updated)
	jw.k("page")
	jw.str(opts.Abs(p.Path()))
	writeProse(jw, p.Commentary, "commentary", "commentary_text")
	jw.k("positions")
	jw.open('[')
	for _, c := range p.Changes {
		jw.open('{')
		jw.k("version")
		jw.str(c.Version.Key)
		jw.k("status")
		jw.str(c.Status)
		writeProse(jw, c.Note, "note", "note_text")
		jw.k("cite")
		sourceIDs(jw, c.Cites)
		jw.close('}')
	}
	jw.close(']')
	jw.k("sources")
	ids := make([]string, len(p.Sources))
	for i, s := range p.Sources {
		ids[i] = s.ID
	}
	slices.Sort(ids)
	jw.strs(ids)
	jw.close('}')
}

func writeSource(jw *jsonWriter, s *xref.Source, opts Options) {
	jw.open('{')
	jw.k("id")
	jw.str(s.ID)
	jw.k("title")
	jw.str(s.Title)
	jw.k("subtitle")
	jw.opt(s.Subtitle)
	jw.k("outlet")
	jw.opt(s.Outlet)
	jw.k("authors")
	jw.strs(s.Authors)
	jw.k("date")
	date(jw, s.Date)
	jw.k("date_note")
	jw.opt(s.DateNote)
	jw.k("url")
	jw.opt(s.URL)
	jw.k("url_note")
	jw.opt(s.URLNote)
	jw.k("copy_url")
	jw.opt(s.CopyURL)
	jw.k("archive_url")
	jw.opt(s.ArchiveURL)
	jw.k("archived")
	date(jw, s.Archived)
	jw.k("captured")
	date(jw, s.Captured)
	jw.k("license")
	jw.opt(s.License)
	jw.k("seed")
	jw.opt(s.Seed)
	jw.k("external")
	jw.bool(s.External())
	jw.k("page")
	jw.str(opts.Abs(s.Path()))
	writeProse(jw, s.Intro, "intro", "intro_text")
	jw.k("mentions")
	sortedNumbers(jw, s.Mentions)
	jw.k("paragraphs")
	jw.open('[')
	for _, p := range s.Paras {
		jw.open('{')
		jw.k("n")
		jw.int(p.N)
		jw.k("line")
		jw.int(p.Line)
		jw.k("role")
		jw.opt(string(p.Role))
		jw.k("text")
		jw.str(p.Text)
		jw.close('}')
	}
	jw.close(']')
	jw.close('}')
}

func writeCitation(jw *jsonWriter, n *xref.Note, u *urls) {
	page := u.pageOf(n.Page)
	jw.open('{')
	jw.k("page")
	jw.str(page)
	jw.k("note")
	jw.int(n.N)
	jw.k("anchor")
	jw.anchor(page, n.ID())
	var para *xref.Para
	jw.k("source")
	if n.Source != nil {
		jw.str(n.Source.ID)
		para = n.Para
	} else {
		jw.null()
	}
	jw.k("paragraph")
	if para != nil {
		jw.int(para.N)
	} else {
		jw.null()
	}
	jw.k("quote")
	jw.opt(n.Quote)
	if para != nil && n.Quote != "" {
		jw.k("passage")
		jw.opt(n.Quoted())
		jw.k("start")
		jw.int(n.Start)
		jw.k("end")
		jw.int(n.End)
	} else {
		jw.k("passage")
		jw.null()
		jw.k("start")
		jw.null()
		jw.k("end")
		jw.null()
	}
	jw.k("source_url")
	if n.Source != nil {
		if para != nil {
			jw.anchor(u.source(n.Source), para.ID())
		} else {
			jw.str(u.source(n.Source))
		}
	} else {
		jw.null()
	}
	jw.k("original_url")
	if n.Source != nil {
		jw.opt(n.OriginalURL())
	} else {
		jw.null()
	}
	jw.close('}')
}

func writeGloss(jw *jsonWriter, g *xref.Gloss, opts Options) {
	jw.open('{')
	jw.k("source")
	jw.str(g.Source.ID)
	jw.k("n")
	jw.int(g.Index + 1)
	jw.k("anchor")
	jw.anchor(opts.Abs(g.Source.Path()), g.ID())
	jw.k("title")
	jw.opt(g.Title)
	jw.k("quote")
	jw.opt(g.Quote)
	if g.Para != nil {
		jw.k("paragraph")
		jw.int(g.Para.N)
		jw.k("passage")
		jw.opt(g.Para.Text[g.Start:g.End])
		jw.k("start")
		jw.int(g.Start)
		jw.k("end")
		jw.int(g.End)
	} else {
		for _, k := range [...]string{"paragraph", "passage", "start", "end"} {
			jw.k(k)
			jw.null()
		}
	}
	writeProse(jw, g.Text, "note", "note_text")
	jw.close('}')
}

func eventURL(e *xref.Event, opts Options) string {
	return opts.Abs(e.Doc.Path) + "#" + e.ID()
}

// writeProse writes a piece of prose as two members: its Markdown under
// mdKey and its plain text under textKey, each null if empty. The plain
// text is made in the writer's buffer and escaped from there.
func writeProse(jw *jsonWriter, p *xref.Prose, mdKey, textKey string) {
	jw.k(mdKey)
	jw.optBytes(proseMarkdown(p))
	jw.k(textKey)
	if p.Empty() {
		jw.null()
		return
	}
	jw.text = p.Doc.AppendPlainText(jw.text[:0])
	jw.optBytes(jw.text)
}

// proseMarkdown returns the Markdown of a piece of prose, without the
// blank lines around it; nil if there is none.
func proseMarkdown(p *xref.Prose) []byte {
	if p.Empty() {
		return nil
	}
	return bytes.TrimRight(bytes.TrimLeft(p.Doc.Src, "\r\n"), " \t\r\n")
}

// proseText returns the plain text of a piece of prose, "" if there is
// none.
func proseText(p *xref.Prose) string {
	if p.Empty() {
		return ""
	}
	return p.Doc.PlainText()
}

// date writes t as "2006-01-02", or null if it is zero.
func date(jw *jsonWriter, t time.Time) {
	if t.IsZero() {
		jw.null()
		return
	}
	jw.before()
	jw.b = append(jw.b, '"')
	jw.b = t.AppendFormat(jw.b, time.DateOnly)
	jw.b = append(jw.b, '"')
}

// numbers writes the points' numbers, in order.
func numbers(jw *jsonWriter, ps []*xref.Point) {
	jw.open('[')
	for _, p := range ps {
		jw.int(p.Number)
	}
	jw.close(']')
}

// sortedNumbers writes the points' numbers, smallest first.
func sortedNumbers(jw *jsonWriter, ps []*xref.Point) {
	ns := make([]int, len(ps))
	for i, p := range ps {
		ns[i] = p.Number
	}
	slices.Sort(ns)
	jw.ints(ns)
}

// sourceIDs writes the ids of the sources that notes cite, in order.
func sourceIDs(jw *jsonWriter, ns []*xref.Note) {
	jw.open('[')
	for _, n := range ns {
		if n.Source != nil {
			jw.str(n.Source.ID)
		}
	}
	jw.close(']')
}
