package xref

import (
	"cmp"
	"context"
	"slices"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
)

// pointStats is what resolving one point added to Model.Stats, so that an
// Update can take it away again.
type pointStats struct {
	citations, quotes, quotesCited, xrefs int
}

// Update resolves again the points whose files changed, in place, and
// patches what depends on them, so that the model is the one Resolve would
// give for the site with the new files: the points' notes and
// cross-references, the citations of the sources they cite before or
// after (CitedBy, Citing, each paragraph's CitedBy and marked spans), the
// LinkedFrom lists of the points they link to before or after, the changes
// of each version, the record of bare ¶ citations and the stats. It is for
// a live preview, where resolving ten thousand points again for one saved
// file takes far longer than the edit.
//
// Each point given must replace one of the model, from the same file, with
// the same number, bucket and draft flag: anything else (a point added,
// removed or renumbered, a source or seed changed) calls for a Resolve, and
// Update reports ok = false without changing anything. The model must come
// from a Resolve with a Cache, which keeps what Update needs.
//
// Update returns the diagnostics of the points given, as Resolve would
// report them, and undo, which puts the model back as it was (for a build
// that fails, so that the last good model is kept). The model must not be
// read while Update or undo runs.
func (m *Model) Update(ctx context.Context, pts []*content.Point) (ds diag.List, undo func(), ok bool, err error) {
	r := m.inc
	if r == nil || len(pts) == 0 {
		return nil, nil, false, nil
	}
	var targets []*Point
	for _, c := range pts {
		p := r.points[c.Number]
		if p == nil || p.File != c.File || p.Point.Draft != c.Draft || p.Point.Bucket != c.Bucket ||
			slices.Contains(targets, p) {
			return nil, nil, false, nil
		}
		targets = append(targets, p)
	}

	var log []func() // undo, in reverse order
	undo = func() {
		for i := len(log) - 1; i >= 0; i-- {
			log[i]()
		}
	}
	stats := m.Stats
	log = append(log, func() { m.Stats = stats })
	r.diags, r.misses, r.bare = nil, nil, nil

	// Resolve each point again, from a fresh Doc: the old one, with its
	// notes, stays as it was, for undo and to find what the notes were.
	oldDocs := map[*Doc]bool{}
	var oldNotes, newNotes []*Note
	oldLinks := map[*Point][]*Point{} // the points each linked to
	for i, p := range targets {
		old := *p
		log = append(log, func() { *p = old })
		oldDocs[p.Doc] = true
		oldNotes = append(oldNotes, p.Doc.Notes...)
		oldLinks[p] = linksOf(p)

		m.Stats.Citations -= p.stats.citations
		m.Stats.Quotes -= p.stats.quotes
		m.Stats.QuotesCited -= p.stats.quotesCited
		m.Stats.Xrefs -= p.stats.xrefs
		p.Point = pts[i]
		p.Doc = &Doc{Path: p.Path(), Title: r.pointTitle(p.Point), Summary: p.Summary}
		p.Commentary, p.TextFrom, p.Related, p.Changes, p.Sources = nil, nil, nil, nil, nil
		p.stats = pointStats{}
	}
	for _, v := range m.Versions {
		changes := v.Changes
		log = append(log, func() { v.Changes = changes })
	}
	for _, p := range targets {
		r.point(p)
		newNotes = append(newNotes, p.Doc.Notes...)
		if err := ctx.Err(); err != nil {
			undo()
			return nil, nil, false, err
		}
	}
	// The changes of each version, in the order of the points.
	for _, v := range m.Versions {
		var changes []*Change
		for _, p := range m.Points {
			for _, c := range p.Changes {
				if c.Version == v {
					changes = append(changes, c)
				}
			}
		}
		v.Changes = changes
	}
	if err := r.closestHints(ctx); err != nil {
		undo()
		return nil, nil, false, err
	}
	if err := r.checkRecord(ctx); err != nil {
		undo()
		return nil, nil, false, err
	}
	bare := m.bare
	log = append(log, func() { m.bare = bare })
	m.bare = slices.DeleteFunc(slices.Clone(bare), func(c bareCite) bool { return oldDocs[c.doc] })
	m.bare = append(m.bare, r.bare...)

	r.patchBacklinks(oldDocs, oldNotes, newNotes, &log)
	for _, p := range targets {
		r.patchLinkedFrom(p, oldLinks[p], &log)
	}
	m.Stats.ThinPoints, m.Stats.UncitedSources = nil, nil
	r.stats()

	ds = r.diags
	ds.Sort()
	r.diags, r.misses, r.bare = nil, nil, nil
	return ds, undo, true, nil
}

// linksOf returns the points p's pages link to, other than p.
func linksOf(p *Point) []*Point {
	var out []*Point
	for _, pr := range pointProses(p) {
		for _, x := range pr.Xrefs {
			if x != nil && x != p && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// pointProses returns every piece of Markdown of a point's page, in the
// order backlinks reads them.
func pointProses(p *Point) []*Prose {
	proses := []*Prose{p.Commentary}
	for _, c := range p.Changes {
		proses = append(proses, c.Note)
	}
	return proses
}

// patchLinkedFrom updates the LinkedFrom lists of the points p linked to
// before (was) and links to now.
func (r *resolver) patchLinkedFrom(p *Point, was []*Point, log *[]func()) {
	now := linksOf(p)
	for _, x := range append(slices.Clone(was), now...) {
		has := slices.Contains(x.LinkedFrom, p)
		if has == slices.Contains(now, x) {
			continue
		}
		from := x.LinkedFrom
		*log = append(*log, func() { x.LinkedFrom = from })
		if has {
			x.LinkedFrom = slices.DeleteFunc(slices.Clone(from), func(q *Point) bool { return q == p })
		} else {
			x.LinkedFrom = append(slices.Clone(from), p)
			slices.SortFunc(x.LinkedFrom, func(a, b *Point) int { return cmp.Compare(a.Number, b.Number) })
		}
	}
}

// patchBacklinks replaces, in the lists of the sources and paragraphs they
// cite, the notes of the old documents (oldNotes) by the notes that
// replace them (newNotes), so that each list is in the order backlinks
// makes: by page, in the order of Docs, then by note.
func (r *resolver) patchBacklinks(oldDocs map[*Doc]bool, oldNotes, newNotes []*Note, log *[]func()) {
	rank := map[*Doc]int{}
	for i, d := range r.docs() {
		rank[d] = i
	}
	before := func(a, b *Note) int { return cmp.Or(cmp.Compare(rank[a.Page], rank[b.Page]), cmp.Compare(a.N, b.N)) }
	// merge returns list without the old documents' notes, with the
	// notes of add (in page order) in their place.
	merge := func(list, add []*Note) []*Note {
		out := make([]*Note, 0, len(list)+len(add))
		for _, n := range list {
			if oldDocs[n.Page] {
				continue
			}
			for len(add) > 0 && before(add[0], n) < 0 {
				out, add = append(out, add[0]), add[1:]
			}
			out = append(out, n)
		}
		return append(out, add...)
	}

	var sources []*Source
	var paras []*Para
	for _, n := range slices.Concat(oldNotes, newNotes) {
		if n.Source != nil && !slices.Contains(sources, n.Source) {
			sources = append(sources, n.Source)
		}
		if n.Para != nil && !slices.Contains(paras, n.Para) {
			paras = append(paras, n.Para)
		}
	}
	slices.SortStableFunc(newNotes, before)
	for _, s := range sources {
		citedBy, citing := s.CitedBy, s.Citing
		*log = append(*log, func() { s.CitedBy, s.Citing = citedBy, citing })
		var add []*Note
		for _, n := range newNotes {
			if n.Source == s {
				add = append(add, n)
			}
		}
		s.CitedBy = merge(citedBy, add)
		s.Citing = nil
		for _, n := range s.CitedBy {
			if c := s.Citing; len(c) == 0 || c[len(c)-1] != n.Page {
				s.Citing = append(s.Citing, n.Page)
			}
		}
	}
	for _, para := range paras {
		citedBy, spans := para.CitedBy, para.Spans
		*log = append(*log, func() { para.CitedBy, para.Spans = citedBy, spans })
		var add []*Note
		for _, n := range newNotes {
			if n.Para == para {
				add = append(add, n)
			}
		}
		para.CitedBy = merge(citedBy, add)
		para.Spans = slices.DeleteFunc(slices.Clone(spans), func(sp Span) bool { return sp.Note != nil && oldDocs[sp.Note.Page] })
		for _, n := range add {
			if n.Quote != "" {
				para.Spans = append(para.Spans, Span{Start: n.Start, End: n.End, Note: n})
			}
		}
		// The order backlinks gives: by place, longest first, then as
		// they were added: glosses, mentions, notes in page order.
		kind := func(sp Span) int {
			switch {
			case sp.Gloss != nil:
				return 0
			case sp.Point != nil:
				return 1
			}
			return 2
		}
		slices.SortStableFunc(para.Spans, func(a, b Span) int {
			c := cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End), cmp.Compare(kind(a), kind(b)))
			switch {
			case c != 0:
				return c
			case a.Gloss != nil:
				return cmp.Compare(a.Gloss.Index, b.Gloss.Index)
			case a.Note != nil:
				return before(a.Note, b.Note)
			}
			return 0
		})
	}
}
