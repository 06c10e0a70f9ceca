// Package search builds the client-side search index of a site, part of
// the render stage: one JSON file that the theme's script loads on first
// use and searches in the browser, so the site needs no server and no Node.
//
// The index is a JSON array of entries, one per point, source, timeline
// event and plain page:
//
//	{"u": "points/26/", "t": "Point 26: Blanket amnesty", "k": "point",
//	 "s": "one-line summary", "x": "the plain text, white space folded"}
//
// u is the page path below the base URL (plus a #fragment for events).
// Plain text is Markdown rendered as text, without citations, so that a
// search matches what the reader sees.
package search

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dossier-dev/dossier/internal/xref"
)

// Entry is one searchable page, or one part of a page.
type Entry struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Kind    string `json:"k"`
	Summary string `json:"s,omitempty"`
	Text    string `json:"x"`
}

// Entries returns the index entries of a site, in a fixed order: points,
// sources, events, pages.
func Entries(m *xref.Model) []Entry {
	var out []Entry
	for _, p := range m.Points {
		text := []string{p.Point.Text, p.Assessment, plain(p.Commentary)}
		for _, c := range p.Changes {
			text = append(text, c.Version.Title, c.Status, plain(c.Note))
		}
		out = append(out, Entry{URL: p.Path(), Title: p.Doc.Title, Kind: "point", Summary: p.Summary, Text: fold(text...)})
	}
	for _, s := range m.Sources {
		text := []string{s.Subtitle, s.Outlet, strings.Join(s.Authors, ", "), plain(s.Intro)}
		for _, para := range s.Paras {
			text = append(text, para.Text)
		}
		for _, g := range s.Glosses {
			text = append(text, plain(g.Text))
		}
		out = append(out, Entry{URL: s.Path(), Title: s.Title, Kind: "source", Summary: summary(s), Text: fold(text...)})
	}
	for _, e := range m.Events {
		out = append(out, Entry{
			URL: m.Timeline.Path + "#" + e.ID(), Title: e.Title, Kind: "event",
			Summary: e.Date.Format("2 January 2006"), Text: fold(plain(e.Text)),
		})
	}
	for _, p := range m.Pages {
		out = append(out, Entry{URL: p.Path(), Title: p.Title, Kind: "page", Summary: p.Description, Text: fold(plain(p.Text))})
	}
	return out
}

// JSON returns the index as JSON.
func JSON(m *xref.Model) ([]byte, error) {
	b, err := json.Marshal(Entries(m))
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	return append(b, '\n'), nil
}

func plain(p *xref.Prose) string {
	if p.Empty() {
		return ""
	}
	return p.Doc.PlainText()
}

// fold joins texts with single spaces, white space folded.
func fold(texts ...string) string {
	return strings.Join(strings.Fields(strings.Join(texts, " ")), " ")
}

func summary(s *xref.Source) string {
	parts := []string{}
	if s.Outlet != "" {
		parts = append(parts, s.Outlet)
	}
	if !s.Date.IsZero() {
		parts = append(parts, s.Date.Format("2 January 2006"))
	}
	return strings.Join(parts, ", ")
}
