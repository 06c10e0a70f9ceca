package export

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/xref"
)

// maxFeedEntries is how many entries feed.xml holds at most.
const maxFeedEntries = 50

// The shape of feed.xml (RFC 4287). appendFeed writes it as
// encoding/xml's Encoder, indenting by two spaces, encodes these structs
// (TestFeedMatchesEncoder holds it to that).

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr,omitempty"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Rights    string      `xml:"rights,omitempty"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomEntry struct {
	ID       string        `xml:"id"`
	Title    string        `xml:"title"`
	Updated  string        `xml:"updated"`
	Link     atomLink      `xml:"link"`
	Category *atomCategory `xml:"category"`
	Summary  string        `xml:"summary,omitempty"`

	item feedItem
}

// feedItem is a point or an event that may make an entry.
type feedItem struct {
	date  time.Time
	kind  int // 0 for a point, 1 for an event: points first on the same day
	n     int // the point's number, or the event's place on the timeline
	point *xref.Point
	event *xref.Event
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

func feedXML(m *xref.Model, opts Options) ([]byte, error) {
	f := feedOf(m, opts)
	b := make([]byte, 0, 4<<10+len(f.Entries)*512)
	b = append(b, xml.Header...)
	b = appendFeed(b, &f)
	return append(b, '\n'), nil
}

// feedOf returns the feed of m.
func feedOf(m *xref.Model, opts Options) atomFeed {
	c := m.Config
	home := opts.Abs("")
	f := atomFeed{
		Lang:     c.Language,
		ID:       home,
		Title:    c.Title,
		Subtitle: c.Description,
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: opts.Abs(FeedFile)},
			{Rel: "alternate", Type: "text/html", Href: home},
		},
		// Atom wants an author; the site names none but itself.
		Author:    atomPerson{Name: c.Title, URI: home},
		Rights:    c.Copyright,
		Generator: "dossier",
	}
	// The items are sorted and cut by date first, and entries made only
	// of those kept: a dossier has thousands of dated points.
	items := make([]feedItem, 0, len(m.Points)+len(m.Events))
	for _, p := range m.Points {
		if !p.Updated.IsZero() {
			items = append(items, feedItem{date: p.Updated, n: p.Number, point: p})
		}
	}
	for i, ev := range m.Events {
		items = append(items, feedItem{date: ev.Date, kind: 1, n: i, event: ev})
	}
	slices.SortFunc(items, func(a, b feedItem) int {
		return cmp.Or(b.date.Compare(a.date), cmp.Compare(a.kind, b.kind), cmp.Compare(a.n, b.n))
	})
	f.Entries = make([]atomEntry, min(len(items), maxFeedEntries))
	for i := range f.Entries {
		f.Entries[i].item = items[i]
		fillEntry(&f.Entries[i], c.Points.Label, opts)
	}
	f.Updated = stamp(newest(m, f.Entries))
	return f
}

// appendFeed appends the feed element of f to b.
func appendFeed(b []byte, f *atomFeed) []byte {
	b = append(b, `<feed xmlns="http://www.w3.org/2005/Atom"`...)
	if f.Lang != "" {
		b = xmlAttr(b, "xml:lang", f.Lang)
	}
	b = append(b, '>')
	const in = "\n  "
	b = xmlElem(b, in, "id", f.ID)
	b = xmlElem(b, in, "title", f.Title)
	if f.Subtitle != "" {
		b = xmlElem(b, in, "subtitle", f.Subtitle)
	}
	b = xmlElem(b, in, "updated", f.Updated)
	for _, l := range f.Links {
		b = appendLink(b, in, l)
	}
	b = append(b, in+"<author>"...)
	b = xmlElem(b, in+"  ", "name", f.Author.Name)
	if f.Author.URI != "" {
		b = xmlElem(b, in+"  ", "uri", f.Author.URI)
	}
	b = append(b, in+"</author>"...)
	if f.Rights != "" {
		b = xmlElem(b, in, "rights", f.Rights)
	}
	b = xmlElem(b, in, "generator", f.Generator)
	for i := range f.Entries {
		e := &f.Entries[i]
		const in = "\n    "
		b = append(b, "\n  <entry>"...)
		b = xmlElem(b, in, "id", e.ID)
		b = xmlElem(b, in, "title", e.Title)
		b = xmlElem(b, in, "updated", e.Updated)
		b = appendLink(b, in, e.Link)
		if c := e.Category; c != nil {
			b = append(b, in+"<category"...)
			b = xmlAttr(b, "term", c.Term)
			if c.Label != "" {
				b = xmlAttr(b, "label", c.Label)
			}
			b = append(b, "></category>"...)
		}
		if e.Summary != "" {
			b = xmlElem(b, in, "summary", e.Summary)
		}
		b = append(b, "\n  </entry>"...)
	}
	return append(b, "\n</feed>"...)
}

// appendLink appends a link element on a new line indented by in.
func appendLink(b []byte, in string, l atomLink) []byte {
	b = append(b, in+"<link"...)
	b = xmlAttr(b, "rel", l.Rel)
	if l.Type != "" {
		b = xmlAttr(b, "type", l.Type)
	}
	b = xmlAttr(b, "href", l.Href)
	return append(b, "></link>"...)
}

// xmlElem appends an element of text on a new line indented by in.
func xmlElem(b []byte, in, name, text string) []byte {
	b = append(b, in...)
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = appendXMLEscaped(b, text)
	b = append(b, '<', '/')
	b = append(b, name...)
	return append(b, '>')
}

// xmlAttr appends an attribute, with a space before it.
func xmlAttr(b []byte, name, value string) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, '=', '"')
	b = appendXMLEscaped(b, value)
	return append(b, '"')
}

// appendXMLEscaped appends s escaped as xml.EscapeText escapes it, and
// encoding/xml text and attributes: the five special characters, tab and
// line breaks as character references, and what XML cannot hold (invalid
// UTF-8, most control characters) as U+FFFD.
func appendXMLEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf && c >= 0x20 && c != '"' && c != '\'' && c != '&' && c != '<' && c != '>' {
			i++
			continue
		}
		r, width := utf8.DecodeRuneInString(s[i:])
		var esc string
		switch r {
		case '"':
			esc = "&#34;"
		case '\'':
			esc = "&#39;"
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			if !xmlChar(r) || (r == utf8.RuneError && width == 1) {
				esc = "\uFFFD"
				break
			}
			i += width
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		i += width
		last = i
	}
	return append(b, s[last:]...)
}

// xmlChar reports whether XML can hold r (the Char production of XML 1.0).
func xmlChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// fillEntry makes the entry of its point or event; label is the site's
// name for a point.
func fillEntry(e *atomEntry, label string, opts Options) {
	if p := e.item.point; p != nil {
		e.ID = opts.Abs(p.Path())
		e.Title = fmt.Sprintf("%s %d — %s", label, p.Number, p.Title)
		e.Link = atomLink{Rel: "alternate", Type: "text/html", Href: e.ID}
		e.Summary = p.Summary
		if p.Group != nil {
			e.Category = &atomCategory{Term: p.Group.Key, Label: p.Group.Title}
		}
	} else {
		ev := e.item.event
		e.ID = eventURL(ev, opts)
		e.Title = ev.Title
		e.Link = atomLink{Rel: "alternate", Type: "text/html", Href: e.ID}
		e.Summary = proseText(ev.Text)
	}
	e.Updated = stamp(e.item.date)
}

// newest returns the date of the newest entry. A feed without entries is
// dated by the newest date of the versions and sources, or else the Unix
// epoch: never by the clock.
func newest(m *xref.Model, entries []atomEntry) time.Time {
	if len(entries) > 0 {
		return entries[0].item.date
	}
	t := time.Unix(0, 0).UTC()
	for _, v := range m.Versions {
		if v.Date.After(t) {
			t = v.Date
		}
	}
	for _, s := range m.Sources {
		if s.Date.After(t) {
			t = s.Date
		}
	}
	return t
}

// stamp returns a date as an RFC 3339 time at midnight UTC.
func stamp(t time.Time) string {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Format(time.RFC3339)
}
