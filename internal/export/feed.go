package export

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"slices"
	"time"

	"github.com/dossier-dev/dossier/internal/xref"
)

// maxFeedEntries is how many entries feed.xml holds at most.
const maxFeedEntries = 50

// The shape of feed.xml (RFC 4287).

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
	// The entries are sorted and cut by date first, and made only if
	// they are kept: a dossier has thousands of dated points.
	var entries []atomEntry
	for _, p := range m.Points {
		if !p.Updated.IsZero() {
			entries = append(entries, atomEntry{date: p.Updated, n: p.Number, point: p})
		}
	}
	for i, ev := range m.Events {
		entries = append(entries, atomEntry{date: ev.Date, kind: 1, n: i, event: ev})
	}
	slices.SortFunc(entries, func(a, b atomEntry) int {
		return cmp.Or(b.date.Compare(a.date), cmp.Compare(a.kind, b.kind), cmp.Compare(a.n, b.n))
	})
	if len(entries) > maxFeedEntries {
		entries = entries[:maxFeedEntries]
	}
	for i := range entries {
		fillEntry(&entries[i], c.Points.Label, opts)
	}
	f.Entries = entries
	f.Updated = stamp(newest(m, entries))

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

// fillEntry makes the entry of its point or event; label is the site's
// name for a point.
func fillEntry(e *atomEntry, label string, opts Options) {
	if p := e.point; p != nil {
		e.ID = opts.Abs(p.Path())
		e.Title = fmt.Sprintf("%s %d — %s", label, p.Number, p.Title)
		e.Link = atomLink{Rel: "alternate", Type: "text/html", Href: e.ID}
		e.Summary = p.Summary
		if p.Group != nil {
			e.Category = &atomCategory{Term: p.Group.Key, Label: p.Group.Title}
		}
	} else {
		ev := e.event
		e.ID = eventURL(ev, opts)
		e.Title = ev.Title
		e.Link = atomLink{Rel: "alternate", Type: "text/html", Href: e.ID}
		e.Summary = proseText(ev.Text)
	}
	e.Updated = stamp(e.date)
}

// newest returns the date of the newest entry. A feed without entries is
// dated by the newest date of the versions and sources, or else the Unix
// epoch: never by the clock.
func newest(m *xref.Model, entries []atomEntry) time.Time {
	if len(entries) > 0 {
		return entries[0].date
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
