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

	date time.Time
	kind int // 0 for a point, 1 for an event: points first on the same day
	n    int // the point's number, or the event's place on the timeline
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
	var entries []atomEntry
	for _, p := range m.Points {
		if p.Updated.IsZero() {
			continue
		}
		e := atomEntry{
			ID:      opts.Abs(p.Path()),
			Title:   fmt.Sprintf("%s %d — %s", c.Points.Label, p.Number, p.Title),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: opts.Abs(p.Path())},
			Summary: p.Summary,
			date:    p.Updated, n: p.Number,
		}
		if p.Group != nil {
			e.Category = &atomCategory{Term: p.Group.Key, Label: p.Group.Title}
		}
		entries = append(entries, e)
	}
	for i, ev := range m.Events {
		_, text := prose(ev.Text)
		e := atomEntry{
			ID:    eventURL(ev, opts),
			Title: ev.Title,
			Link:  atomLink{Rel: "alternate", Type: "text/html", Href: eventURL(ev, opts)},
			date:  ev.Date, kind: 1, n: i,
		}
		e.Summary = text
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b atomEntry) int {
		return cmp.Or(b.date.Compare(a.date), cmp.Compare(a.kind, b.kind), cmp.Compare(a.n, b.n))
	})
	if len(entries) > maxFeedEntries {
		entries = entries[:maxFeedEntries]
	}
	for i := range entries {
		entries[i].Updated = stamp(entries[i].date)
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
