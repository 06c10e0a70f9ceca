package export

import (
	"io"
	"time"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/wordbits"
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

func writeAnnotations(w io.Writer, m *xref.Model, opts Options) error {
	id := opts.Abs(AnnotationsFile)
	total := 0
	for _, d := range m.Docs() {
		for _, n := range d.Notes {
			if n.Source != nil && n.Para != nil {
				total++
			}
		}
	}
	for _, s := range m.Sources {
		for _, g := range s.Glosses {
			if g.Para != nil {
				total++
			}
		}
	}
	jw := newJSONWriter(w)
	jw.open('{')
	jw.k("@context")
	jw.str(annoContext)
	jw.k("id")
	jw.str(id)
	jw.k("type")
	jw.str("AnnotationCollection")
	jw.k("label")
	jw.str(m.Config.Title + ": citations and glosses")
	jw.k("total")
	jw.int(total)
	if total > 0 {
		jw.k("first")
		jw.open('{')
		jw.k("id")
		jw.str(id + "#page-1")
		jw.k("type")
		jw.str("AnnotationPage")
		jw.k("partOf")
		jw.str(id)
		jw.k("startIndex")
		jw.int(0)
		jw.k("items")
		jw.open('[')
		offs := offsets{}
		u := newURLs(opts.Abs)
		for _, d := range m.Docs() {
			for _, n := range d.Notes {
				if n.Source == nil || n.Para == nil {
					continue
				}
				start, end := 0, len(n.Para.Text)
				if n.Quote != "" {
					start, end = n.Start, n.End
				}
				page := u.pageOf(n.Page)
				jw.open('{')
				jw.k("id")
				jw.anchor(page, n.ID())
				jw.k("type")
				jw.str("Annotation")
				jw.k("motivation")
				jw.str("linking")
				jw.k("body")
				jw.str(page)
				jw.k("target")
				writeTargets(jw, n.Para, start, end, offs, u)
				jw.close('}')
			}
		}
		for _, s := range m.Sources {
			for _, g := range s.Glosses {
				if g.Para == nil {
					continue
				}
				jw.open('{')
				jw.k("id")
				jw.anchor(u.source(s), g.ID())
				jw.k("type")
				jw.str("Annotation")
				jw.k("motivation")
				jw.str("commenting")
				jw.k("body")
				jw.open('{')
				jw.k("type")
				jw.str("TextualBody")
				jw.k("value")
				jw.bytes(proseMarkdown(g.Text))
				jw.k("format")
				jw.str("text/markdown")
				if lang := m.Config.Language; lang != "" {
					jw.k("language")
					jw.str(lang)
				}
				jw.close('}')
				jw.k("target")
				writeTargets(jw, g.Para, g.Start, g.End, offs, u)
				jw.close('}')
			}
		}
		jw.close(']')
		jw.close('}')
	}
	jw.close('}')
	return jw.end()
}

// offsets holds, for each source asked about, the code-point offset of
// each of its paragraphs in the source's text.
type offsets map[*xref.Source][]int

// of returns the offset of paragraph p in the text of its source.
func (o offsets) of(p *xref.Para) int {
	s := p.Source
	offs, ok := o[s]
	if !ok {
		at := 0
		for _, q := range s.Paras {
			offs = append(offs, at)
			at += runeCount(q.Text) + len(paraSep)
		}
		o[s] = offs
	}
	if i := p.N - 1; i >= 0 && i < len(s.Paras) && s.Paras[i] == p {
		return offs[i]
	}
	for i, q := range s.Paras {
		if q == p {
			return offs[i]
		}
	}
	return 0
}

// writeTargets writes the targets that select bytes start to end of
// paragraph p: on the source page by quote and position, and in the
// original, if its address is known, by quote.
func writeTargets(jw *jsonWriter, p *xref.Para, start, end int, offs offsets, u *urls) {
	t := p.Text
	exact := t[start:end]
	prefix := lastRunes(t[:start], contextLen)
	suffix := firstRunes(t[end:], contextLen)
	quote := func() {
		jw.open('{')
		jw.k("type")
		jw.str("TextQuoteSelector")
		for _, kv := range [...][2]string{{"exact", exact}, {"prefix", prefix}, {"suffix", suffix}} {
			if kv[1] != "" {
				jw.k(kv[0])
				jw.str(kv[1])
			}
		}
		jw.close('}')
	}
	at := offs.of(p) + runeCount(t[:start])
	to := at + runeCount(exact)

	jw.open('[')
	jw.open('{')
	jw.k("type")
	jw.str("SpecificResource")
	jw.k("source")
	jw.str(u.source(p.Source))
	jw.k("selector")
	jw.open('[')
	// The quote selector is the same in both targets, written at the
	// same depth as the first member of the selector array: it is
	// escaped once and its bytes copied.
	jw.quote = jw.record(jw.quote, quote)
	jw.open('{')
	jw.k("type")
	jw.str("TextPositionSelector")
	jw.k("start")
	jw.int(at)
	jw.k("end")
	jw.int(to)
	jw.close('}')
	jw.close(']')
	jw.close('}')
	if s := p.Source; s.URL != "" {
		jw.open('{')
		jw.k("type")
		jw.str("SpecificResource")
		jw.k("source")
		jw.str(s.URL)
		jw.k("selector")
		jw.open('[')
		jw.replay(jw.quote)
		jw.close(']')
		if s.ArchiveURL != "" {
			jw.k("state")
			jw.open('{')
			jw.k("type")
			jw.str("TimeState")
			jw.k("cached")
			jw.str(s.ArchiveURL)
			if !s.Archived.IsZero() {
				jw.k("sourceDate")
				jw.str(s.Archived.Format(time.RFC3339))
			}
			jw.close('}')
		}
		jw.close('}')
	}
	jw.close(']')
}

// lastRunes returns the last n code points of s.
func lastRunes(s string, n int) string {
	i := len(s)
	// An ASCII byte is a code point of its own, whatever precedes it.
	for n >= 8 && i >= 8 && wordbits.ASCII(s, i-8) {
		i, n = i-8, n-8
	}
	for ; n > 0 && i > 0; n-- {
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return s[i:]
}

// firstRunes returns the first n code points of s.
func firstRunes(s string, n int) string {
	i := 0
	for n >= 8 && i+8 <= len(s) && wordbits.ASCII(s, i) {
		i, n = i+8, n-8
	}
	for ; n > 0 && i < len(s); n-- {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// runeCount returns utf8.RuneCountInString(s), passing over ASCII eight
// bytes at a time: prose is mostly ASCII, and each ASCII byte is a code
// point. Each byte of invalid UTF-8 counts as one, as in the utf8 package.
func runeCount(s string) int {
	n, i := 0, 0
	for i < len(s) {
		if i+8 <= len(s) && wordbits.ASCII(s, i) {
			i, n = i+8, n+8
			continue
		}
		if s[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		n++
	}
	return n
}
