package theme

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/dossier-dev/dossier/internal/xref"
)

// Pager places a page in a list that is split over several pages (the
// points, the sources, the print parts), so that no page grows with the
// site: page 1 is at Base, page n at Base + "page/n/".
type Pager struct {
	Base  string // the path of page 1: "points/"
	N     int    // this page, from 1
	Count int    // the number of pages
	From  int    // the list's items [From, To) are on this page
	To    int
	Total int // items in the whole list
	Size  int // items on a full page
	// Labels names each page, Labels[n-1] for page n ("1–100"); empty
	// names the pages by number.
	Labels []string
	// Site is the site, for a part rendered once per list page with the
	// pager alone as its data (the contents list of point pages).
	Site *xref.Model
	// Run, on a point page's Nav when the points index is split over
	// pages, is the number of the first point of the run of ten (as ByTens
	// groups them) that holds the page's point: its contents list shows
	// that run in full and the other runs of its index page as links to
	// them. 0 shows every point of the page. The point pages of one run
	// share one Pager, so that the list is rendered once per run.
	Run int
}

// PointGroup is a run of points by number: "11–20".
type PointGroup struct {
	Label  string
	Points []*xref.Point
}

// ByTens groups points by tens of their numbers (1–10, 11–20, …), for a
// list by number that the eye can scan; points are in number order.
func ByTens(points []*xref.Point) []PointGroup {
	var out []PointGroup
	for _, p := range points {
		if len(out) == 0 || (out[len(out)-1].Points[0].Number-1)/10 != (p.Number-1)/10 || p.Number < 1 {
			out = append(out, PointGroup{})
		}
		g := &out[len(out)-1]
		g.Points = append(g.Points, p)
	}
	for i := range out {
		ps := out[i].Points
		a, b := ps[0].Number, ps[len(ps)-1].Number
		out[i].Label = strconv.Itoa(a)
		if a != b {
			out[i].Label += "–" + strconv.Itoa(b)
		}
	}
	return out
}

// NewPagers splits a list of total items into pages of size items each,
// page 1 at base; labels, if not nil, names each page given its items
// [from, to). A list of no items has one empty page.
func NewPagers(base string, total, size int, label func(from, to int) string) []*Pager {
	count := max(1, (total+size-1)/size)
	var labels []string
	if label != nil {
		for n := range count {
			labels = append(labels, label(n*size, min(total, (n+1)*size)))
		}
	}
	pagers := make([]*Pager, count)
	for n := range count {
		pagers[n] = &Pager{Base: base, N: n + 1, Count: count, From: n * size, To: min(total, (n+1)*size), Total: total, Size: size, Labels: labels}
	}
	return pagers
}

// Path returns the path of page n of the list.
func (p *Pager) Path(n int) string {
	if n <= 1 {
		return p.Base
	}
	return p.Base + "page/" + strconv.Itoa(n) + "/"
}

// Label returns the name of page n: its label, or its number.
func (p *Pager) Label(n int) string {
	if n >= 1 && n <= len(p.Labels) {
		return p.Labels[n-1]
	}
	return strconv.Itoa(n)
}

// Pages returns the numbers of every page, 1 to Count.
func (p *Pager) Pages() []int {
	out := make([]int, p.Count)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

// Prev returns the number of the page before, or 0 on the first.
func (p *Pager) Prev() int {
	if p.N <= 1 {
		return 0
	}
	return p.N - 1
}

// Next returns the number of the page after, or 0 on the last.
func (p *Pager) Next() int {
	if p.N >= p.Count {
		return 0
	}
	return p.N + 1
}

// Holds reports whether point p is on this page of a list of the site's
// points.
func (p *Pager) Holds(pt *xref.Point) bool {
	i := p.indexOf(pt)
	return i >= p.From && i < p.To
}

// PathOf returns the path of the page of a list of the site's points that
// holds point pt.
func (p *Pager) PathOf(pt *xref.Point) string {
	return p.Path(p.indexOf(pt)/p.Size + 1)
}

// indexOf finds a point in the site's points, which are in number order.
func (p *Pager) indexOf(pt *xref.Point) int {
	i, _ := slices.BinarySearchFunc(p.Site.Points, pt.Number, func(q *xref.Point, n int) int { return cmp.Compare(q.Number, n) })
	return i
}

// SourcesCited returns the sources that the points on this page of a list
// of the site's points cite, by date as Model.SourcesByDate orders them.
func (p *Pager) SourcesCited() []*xref.Source {
	cited := map[*xref.Source]bool{}
	for _, pt := range p.Site.Points[p.From:p.To] {
		for _, s := range pt.Sources {
			cited[s] = true
		}
	}
	var out []*xref.Source
	for _, s := range p.Site.SourcesByDate() {
		if cited[s] {
			out = append(out, s)
		}
	}
	return out
}

// Split reports whether the list has more than one page.
func (p *Pager) Split() bool { return p != nil && p.Count > 1 }
