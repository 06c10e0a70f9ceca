// Package export is part of the render stage: it turns the resolved model
// (xref.Model) into data files that other programs read, beside the HTML
// pages that the theme renders. Files returns them by output path:
//
//	dossier.json         all the data of the dossier (schema: Schema)
//	sources.csl.json     the sources as CSL-JSON, for Zotero and citeproc
//	annotations.jsonld   citations and glosses as W3C Web Annotations
//	feed.xml             an Atom feed of points and timeline events
//
// Sitemap and Robots make the two files for crawlers, sitemap.xml and
// robots.txt, from the list of pages the caller gives.
//
// Like the pages, the files depend on the model alone: the same model gives
// the same bytes, and no clock is read. Dates are calendar dates
// ("2025-11-24"); in the feed they are midnight UTC.
//
// # dossier.json
//
// One JSON object, indented by two spaces (as encoding/json indents), with
// the keys in the order writeDossier writes them. "$schema" is the absolute
// URL of the schema on the site, "format" the version of the format (1). Arrays of things are in
// a fixed order: points by number, sources by id, seeds by name, events by
// date (then as written), buckets and versions as site.toml gives them,
// citations by page (home, points by number, plain pages, timeline,
// compare, sources by id) then note number, glosses by source id then as
// written. A value that is not given is null, never "" or 0; a list that is
// empty is []. Offsets "start" and "end" of citations and glosses count
// bytes of the UTF-8 text of the paragraph. Markdown is given as written
// (citations and cross-references included) and as plain text.
// testdata/dossier.schema.json (Schema) describes every key.
//
// # sources.csl.json
//
// An array of CSL-JSON items, one per source, by id. The item type follows
// from the outlet and the address (cslType): a social network's post is
// "post", a blog's or newsletter's post (Substack, "blog" in the outlet) is
// "post-weblog", an encyclopedia article (Wikipedia) "entry-encyclopedia", a
// page of a government site (.gov) or a source without outlet "webpage", and
// everything else, the news outlets, "article-newspaper". Author names are
// split by splitName: "Anne Applebaum" is given "Anne" and family
// "Applebaum"; one word, or a name that reads as an organisation, is a
// literal. A role in parentheses, "Naomi Schalit (interviewer)", puts the
// person among the interviewers, editors or translators. URL is the
// original address, else the copy's; note holds the notes on the date and
// the address.
//
// # annotations.jsonld
//
// An AnnotationCollection whose first (and only) AnnotationPage holds every
// annotation inline. Each citation that names a paragraph, by number or by
// quote, is an Annotation with the motivation "linking": its id is the note
// on the citing page (https://…/points/26/#note-3), its body the citing
// page. Each gloss whose passage was found is an Annotation with the
// motivation "commenting": its id is the gloss on the source page
// (…/sources/ID/#gloss-1), its body a TextualBody holding the note's
// Markdown ("text/markdown").
//
// The target is always an array. Its first item is the source page
// (…/sources/ID/) with two selectors for the same passage: a
// TextQuoteSelector (exact, and up to 32 characters of prefix and suffix
// from the same paragraph) and a TextPositionSelector. If the source's
// original address is known, a second item selects the passage in the
// original with the TextQuoteSelector alone, since the original's text is
// laid out differently. A citation of a whole paragraph selects the whole
// paragraph.
//
// Positions count Unicode code points (not bytes, not UTF-16 units) in the
// source text: the texts of the source's paragraphs, ¶1 first, each trimmed
// of surrounding white space, joined by "\n\n". In JavaScript that is
// Array.from(paragraphs.join("\n\n")).slice(start, end).join("").
//
// # feed.xml
//
// An Atom feed (RFC 4287) of the points that have an updated date and of
// the timeline events, newest first (on the same day points come before
// events, points by number, events as written), at most 50 entries. An
// entry's title is "Point 26 — Blanket amnesty" (with the site's point
// label) or the event's title; its summary is the point's summary or the
// event's text. The feed's updated is that of its newest entry, never the
// time of the build; dates are midnight UTC. Entry ids are the absolute
// URLs of the point pages and of the events' anchors on the timeline page,
// so the site's base_url should be absolute. Atom asks for an author: it is
// the site, by its title.
package export

import (
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"strings"

	"github.com/dossier-dev/dossier/internal/xref"
)

// The output paths of the files that Files returns.
const (
	DataFile        = "dossier.json"
	SchemaFile      = "dossier.schema.json"
	CSLFile         = "sources.csl.json"
	AnnotationsFile = "annotations.jsonld"
	FeedFile        = "feed.xml"
)

// Options gives what the exports need besides the model.
type Options struct {
	// Abs returns the absolute URL of a site path: "points/26/" gives
	// "https://owner.github.io/repo/points/26/". If nil, the model's base
	// URL is joined with the path.
	Abs func(path string) string
}

//go:embed testdata/dossier.schema.json
var schema []byte

// Schema returns the JSON Schema (draft 2020-12) of dossier.json, for the
// site to publish as dossier.schema.json.
func Schema() []byte {
	return schema
}

// Files returns the export files by output path: dossier.json,
// sources.csl.json, annotations.jsonld and feed.xml.
func Files(m *xref.Model, opts Options) (map[string][]byte, error) {
	files := map[string][]byte{}
	for _, name := range Names {
		b, err := File(m, opts, name)
		if err != nil {
			return nil, err
		}
		files[name] = b
	}
	return files, nil
}

// Names lists the files that Files makes, in the order it makes them.
var Names = []string{DataFile, CSLFile, AnnotationsFile, FeedFile}

// File makes one of the files that Files makes, by its name: a build that
// writes each file as soon as it is made need not hold them all at once.
func File(m *xref.Model, opts Options, name string) ([]byte, error) {
	var b bytes.Buffer
	if err := Write(&b, m, opts, name); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Write writes one of the files that Files makes, by its name, to w.
// The JSON files (dossier.json and annotations.jsonld, the big ones, and
// sources.csl.json) go to w a piece at a time as they are made, and are
// never held whole.
func Write(w io.Writer, m *xref.Model, opts Options, name string) error {
	if opts.Abs == nil {
		opts.Abs = baseAbs(m)
	}
	var err error
	switch name {
	case DataFile:
		err = writeDossier(w, m, opts)
	case AnnotationsFile:
		err = writeAnnotations(w, m, opts)
	case CSLFile:
		err = writeCSL(w, m)
	case FeedFile:
		var b []byte
		if b, err = feedXML(m, opts); err == nil {
			_, err = w.Write(b)
		}
	default:
		return fmt.Errorf("export: no file %s", name)
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", name, err)
	}
	return nil
}

// baseAbs joins the model's base URL with a site path, as the theme does.
func baseAbs(m *xref.Model) func(string) string {
	return func(p string) string {
		base := m.Config.BaseURL
		if base == nil {
			return "/" + strings.TrimPrefix(p, "/")
		}
		u := *base
		u.Path = base.Path + strings.TrimPrefix(p, "/")
		return u.String()
	}
}
