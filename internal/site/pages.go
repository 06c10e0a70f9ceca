package site

import (
	"strconv"
	"strings"

	"github.com/dossier-dev/dossier/internal/theme"
	"github.com/dossier-dev/dossier/internal/xref"
)

// Lists are split into pages of at most these many items, so that no page
// grows with the dossier (a page stays well under 1 MB at ten thousand
// points): the points index (and a point page's contents list, which shows
// the index page of its point), the sources index, the rows of the
// versions table, the points of a print part.
const (
	PointsPerPage  = 100
	SourcesPerPage = 200
	ComparePerPage = 250
	PrintPerPage   = 50
)

// A source page lists under each paragraph the first theme.BacklinksShown
// pages that cite it, and at its foot the first theme.CitingShown pages
// that cite the source; the rest are one click away, on "cited" pages of
// CitedPerPage items each: sources/ID/cited/ for the source,
// sources/ID/cited/pN/ for paragraph N.
const CitedPerPage = 200

// plan lists every page of the site, in a fixed order. The points index,
// search and print pages are made only if the theme has layouts for them.
func plan(m *xref.Model, th *theme.Set) []*theme.Page {
	var pages []*theme.Page
	add := func(p *theme.Page) {
		p.Site = m
		pages = append(pages, p)
	}
	// A range of points is named by its numbers: "1–100".
	pointRange := func(from, to int) string {
		if from >= to {
			return ""
		}
		a, b := m.Points[from].Number, m.Points[to-1].Number
		if a == b {
			return strconv.Itoa(a)
		}
		return strconv.Itoa(a) + "–" + strconv.Itoa(b)
	}
	index := theme.NewPagers("points/", len(m.Points), PointsPerPage, pointRange)
	for _, pg := range index {
		pg.Site = m
	}
	word := m.Config.Points.Label
	home := &theme.Page{Kind: "home", Path: "", Title: m.Config.Title, Description: m.Config.Description}
	if m.Home != nil {
		home.Page, home.Doc = m.Home, m.Home.Doc
		if m.Home.Description != "" {
			home.Description = m.Home.Description
		}
	}
	home.Pager = index[0]
	add(home)
	if th.Has("points") {
		for _, pg := range index {
			title := "All " + strings.ToLower(word) + "s"
			if pg.Split() {
				title = word + "s " + pg.Label(pg.N)
			}
			add(&theme.Page{Kind: "points", Path: pg.Path(pg.N), Title: title, Description: "The " + strings.ToLower(word) + "s of " + m.Config.Title + " by number.", Pager: pg})
		}
	}
	// A point page's contents list shows its page of the index. When the
	// index is split over pages, it shows the run of ten that holds the
	// point in full and names the page's other runs (Pager.Run), so that a
	// point page carries a dozen links to its neighbours, not a hundred.
	for _, pg := range index {
		for _, run := range theme.ByTens(m.Points[pg.From:pg.To]) {
			nav := pg
			if pg.Split() {
				nav = new(theme.Pager)
				*nav = *pg
				nav.Run = run.Points[0].Number
			}
			for _, p := range run.Points {
				add(&theme.Page{Kind: "point", Path: p.Path(), Title: p.Doc.Title, Description: p.Summary, Point: p, Doc: p.Doc, Draft: p.Point.Draft, Nav: nav})
			}
		}
	}
	for _, pg := range theme.NewPagers("sources/", len(m.Sources), SourcesPerPage, nil) {
		title := "Sources"
		if pg.N > 1 {
			title += ", page " + strconv.Itoa(pg.N)
		}
		pg.Site = m
		add(&theme.Page{Kind: "sources", Path: pg.Path(pg.N), Title: title, Description: "Every source of " + m.Config.Title + ".", Pager: pg})
	}
	for _, s := range m.Sources {
		add(&theme.Page{Kind: "source", Path: s.Path(), Title: s.Title, Description: sourceDescription(s), Source: s, Doc: s.Doc, Draft: s.Source.Draft})
		if !th.Has("cited") {
			continue
		}
		if len(s.Citing) > theme.CitingShown {
			for _, pg := range theme.NewPagers(s.Path()+"cited/", len(s.Citing), CitedPerPage, nil) {
				pg.Site = m
				add(&theme.Page{Kind: "cited", Path: pg.Path(pg.N), Title: "Pages that cite " + s.Title, Description: "Every page that cites " + s.Title + ".", Source: s, Pager: pg})
			}
		}
		for _, para := range s.Paras {
			if n := para.BacklinkPages(); n > theme.BacklinksShown {
				for _, pg := range theme.NewPagers(s.Path()+"cited/"+para.ID()+"/", n, CitedPerPage, nil) {
					pg.Site = m
					add(&theme.Page{Kind: "cited", Path: pg.Path(pg.N), Title: "Pages that cite ¶" + strconv.Itoa(para.N) + " of " + s.Title, Description: "Every page that cites paragraph " + strconv.Itoa(para.N) + " of " + s.Title + ", with the sentence that cites it.", Source: s, Para: para, Pager: pg})
				}
			}
		}
	}
	for _, s := range m.Seeds {
		add(&theme.Page{Kind: "seed", Path: s.Path(), Title: s.Title(), Description: "The seed file " + s.Name + " as received, with its excerpts.", Seed: s})
	}
	for _, p := range m.Pages {
		add(&theme.Page{Kind: "page", Path: p.Path(), Title: p.Title, Description: p.Description, Page: p, Doc: p.Doc, Draft: p.Page.Draft})
	}
	if m.Timeline != nil {
		// The model splits the events into pages (xref.EventsPerPage): the
		// notes are numbered per page.
		for i, pg := range theme.NewPagers(m.Timeline.Path, len(m.Events), xref.EventsPerPage, nil) {
			pg.Site = m
			d := m.TimelineDocs[i]
			title := d.Title
			if pg.N > 1 {
				title += ", page " + strconv.Itoa(pg.N)
			}
			add(&theme.Page{Kind: "timeline", Path: d.Path, Title: title, Description: "Dated events, with their sources.", Doc: d, Pager: pg})
		}
	}
	if len(m.Versions) > 0 {
		for _, pg := range theme.NewPagers(m.Compare.Path, len(m.Points), ComparePerPage, pointRange) {
			pg.Site = m
			p := &theme.Page{Kind: "compare", Path: pg.Path(pg.N), Title: m.Compare.Title, Description: "Each point in each version of the text.", Pager: pg}
			if pg.N == 1 {
				p.Doc = m.Compare // the additions and their notes are on the first page
			} else {
				p.Title += ", " + strings.ToLower(word) + "s " + pg.Label(pg.N)
			}
			add(p)
		}
	}
	if th.Has("search") {
		add(&theme.Page{Kind: "search", Path: "search/", Title: "Search", Description: "Search the points, commentary, sources and timeline."})
	}
	if th.Has("print") {
		// A dossier too long for one page prints in parts, each with its
		// points, their notes and the sources they cite.
		for _, pg := range theme.NewPagers("print/", len(m.Points), PrintPerPage, pointRange) {
			pg.Site = m
			p := &theme.Page{Kind: "print", Path: pg.Path(pg.N), Title: "The whole dossier", Description: "Every point with its commentary and notes, then the sources, on one page for print.", Pager: pg}
			if pg.Split() {
				p.Title = "The dossier for print, " + strings.ToLower(word) + "s " + pg.Label(pg.N)
				p.Description = "Part " + strconv.Itoa(pg.N) + " of " + strconv.Itoa(pg.Count) + " of the dossier for print: " + strings.ToLower(word) + "s " + pg.Label(pg.N) + " with their commentary, notes and sources."
			}
			add(p)
		}
	}
	add(&theme.Page{Kind: "404", Path: "404.html", Title: "Page not found"})
	return pages
}

func sourceDescription(s *xref.Source) string {
	d := s.Outlet
	if len(s.Authors) > 0 {
		if d != "" {
			d += ", "
		}
		d += s.Authors[0]
	}
	if !s.Date.IsZero() {
		d += ", " + s.Date.Format("2 January 2006")
	}
	return d
}

// outPath is the output file of a page URL: pretty URLs end in a folder.
func outPath(url string) string {
	if url == "" || url[len(url)-1] == '/' {
		return url + "index.html"
	}
	return url
}

// sourceFile names the file a page is made from, for diagnostics.
func sourceFile(p *theme.Page) string {
	switch {
	case p.Point != nil:
		return p.Point.File
	case p.Source != nil:
		return p.Source.File
	case p.Seed != nil:
		return p.Seed.Seed.Path
	case p.Page != nil:
		return p.Page.File
	case p.Kind == "timeline":
		return "content/timeline.toml"
	}
	return ""
}
