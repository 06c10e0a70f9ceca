package site

import (
	"github.com/dossier-dev/dossier/internal/theme"
	"github.com/dossier-dev/dossier/internal/xref"
)

// plan lists every page of the site, in a fixed order. The search and print
// pages are made only if the theme has layouts for them.
func plan(m *xref.Model, th *theme.Set) []*theme.Page {
	var pages []*theme.Page
	add := func(p *theme.Page) {
		p.Site = m
		pages = append(pages, p)
	}
	home := &theme.Page{Kind: "home", Path: "", Title: m.Config.Title, Description: m.Config.Description}
	if m.Home != nil {
		home.Page, home.Doc = m.Home, m.Home.Doc
		if m.Home.Description != "" {
			home.Description = m.Home.Description
		}
	}
	add(home)
	for _, p := range m.Points {
		add(&theme.Page{Kind: "point", Path: p.Path(), Title: p.Doc.Title, Description: p.Summary, Point: p, Doc: p.Doc, Draft: p.Point.Draft})
	}
	add(&theme.Page{Kind: "sources", Path: "sources/", Title: "Sources", Description: "Every source of " + m.Config.Title + "."})
	for _, s := range m.Sources {
		add(&theme.Page{Kind: "source", Path: s.Path(), Title: s.Title, Description: sourceDescription(s), Source: s, Doc: s.Doc, Draft: s.Source.Draft})
	}
	for _, s := range m.Seeds {
		add(&theme.Page{Kind: "seed", Path: s.Path(), Title: s.Name, Description: "The seed file " + s.Name + " as received, with its excerpts.", Seed: s})
	}
	for _, p := range m.Pages {
		add(&theme.Page{Kind: "page", Path: p.Path(), Title: p.Title, Description: p.Description, Page: p, Doc: p.Doc, Draft: p.Page.Draft})
	}
	if m.Timeline != nil {
		add(&theme.Page{Kind: "timeline", Path: m.Timeline.Path, Title: m.Timeline.Title, Description: "Dated events, with their sources.", Doc: m.Timeline})
	}
	if len(m.Versions) > 0 {
		add(&theme.Page{Kind: "compare", Path: m.Compare.Path, Title: m.Compare.Title, Description: "Each point in each version of the text.", Doc: m.Compare})
	}
	if th.Has("search") {
		add(&theme.Page{Kind: "search", Path: "search/", Title: "Search", Description: "Search the points, commentary, sources and timeline."})
	}
	if th.Has("print") {
		add(&theme.Page{Kind: "print", Path: "print/", Title: "The whole dossier", Description: "Every point with its commentary and notes, then the sources, on one page for print."})
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
