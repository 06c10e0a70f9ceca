package export

import (
	"time"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/xref"
)

// annoContext is the JSON-LD context of the Web Annotation Data Model.
const annoContext = "http://www.w3.org/ns/anno.jsonld"

// paraSep separates paragraphs in the source text that
// TextPositionSelector offsets count in.
const paraSep = "\n\n"

// contextLen is how many code points of a paragraph, at most, a
// TextQuoteSelector gives before and after the passage.
const contextLen = 32

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

func annotationsJSON(m *xref.Model, opts Options) ([]byte, error) {
	id := opts.Abs(AnnotationsFile)
	c := annotationCollection{
		Context: annoContext,
		ID:      id,
		Type:    "AnnotationCollection",
		Label:   m.Config.Title + ": citations and glosses",
	}
	offsets := paraOffsets(m)
	var items []annotation
	for _, n := range notes(m) {
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
			md, _ := prose(g.Text)
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
	return encodeJSON(c)
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
		Prefix: lastRunes(t[:start], contextLen),
		Suffix: firstRunes(t[end:], contextLen),
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

// lastRunes returns the last n code points of s.
func lastRunes(s string, n int) string {
	i := len(s)
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// firstRunes returns the first n code points of s.
func firstRunes(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
