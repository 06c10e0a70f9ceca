package capture

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Meta is what a page says about itself: from JSON-LD, OpenGraph and
// <meta> tags, then from the page's <title> and <link rel=canonical>. A
// field is "" (or nil) when the page does not say.
type Meta struct {
	Title     string
	Site      string   // the outlet: og:site_name, the publisher's name
	Authors   []string // people or organisations, in the page's order
	Date      string   // the day of publication, "2006-01-02"
	Canonical string   // the page's own address, absolute http or https
	Lang      string
	// From names, for each field found, where it came from:
	// From["title"] = "og:title".
	From map[string]string
}

// articleTypes are the JSON-LD @type values of an article.
var articleTypes = []string{
	"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
	"backgroundnewsarticle", "reviewnewsarticle", "blogposting", "socialmediaposting", "liveblogposting",
	"scholarlyarticle", "report", "techarticle", "webpage",
}

// ExtractMeta reads the metadata of a parsed HTML document. base resolves
// relative addresses; it may be nil.
func ExtractMeta(doc *html.Node, base *url.URL) Meta {
	m := Meta{From: map[string]string{}}
	metas := map[string]string{} // first content of each name/property, lower-case key
	var titleTag, canonical, lang string
	var ld []map[string]any
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				lang = attr(n, "lang")
			case atom.Meta:
				key := strings.ToLower(strings.TrimSpace(attr(n, "property")))
				if key == "" {
					key = strings.ToLower(strings.TrimSpace(attr(n, "name")))
				}
				if key == "" {
					key = strings.ToLower(strings.TrimSpace(attr(n, "itemprop")))
				}
				content := clean(attr(n, "content"))
				if key != "" && content != "" {
					if key == "article:author" || key == "author" {
						// Several authors may each have a tag.
						if old, ok := metas[key]; ok {
							content = old + "\x00" + content
						}
						metas[key] = content
					} else if _, ok := metas[key]; !ok {
						metas[key] = content
					}
				}
			case atom.Title:
				if titleTag == "" && !inSVG(n) {
					titleTag = clean(textOf(n))
				}
			case atom.Link:
				if canonical == "" && hasToken(attr(n, "rel"), "canonical") {
					canonical = attr(n, "href")
				}
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(strings.Split(attr(n, "type"), ";")[0]), "application/ld+json") {
					ld = append(ld, jsonLD(textOf(n))...)
				}
				return
			case atom.Style:
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	art := pickArticle(ld)
	set := func(field, val, from string) {
		val = clean(val)
		if val == "" {
			return
		}
		switch field {
		case "title":
			if m.Title == "" {
				m.Title, m.From[field] = val, from
			}
		case "site":
			if m.Site == "" {
				m.Site, m.From[field] = val, from
			}
		}
	}
	set("title", metas["og:title"], "og:title")
	set("title", str(art["headline"]), "JSON-LD headline")
	set("title", str(art["name"]), "JSON-LD name")
	set("title", metas["twitter:title"], "twitter:title")
	set("title", metas["dc.title"], "dc.title")
	set("title", titleTag, "<title>")

	set("site", metas["og:site_name"], "og:site_name")
	set("site", name(art["publisher"]), "JSON-LD publisher")
	set("site", metas["application-name"], "application-name")
	set("site", metas["dc.publisher"], "dc.publisher")

	// A <title> often ends with the site's name: "Headline | Outlet".
	if m.From["title"] == "<title>" && m.Site != "" {
		for _, sep := range []string{" | ", " - ", " — ", " – ", " :: "} {
			if t, ok := strings.CutSuffix(m.Title, sep+m.Site); ok && t != "" {
				m.Title = t
			}
		}
	}

	if as := names(art["author"]); len(as) > 0 {
		m.Authors, m.From["authors"] = as, "JSON-LD author"
	}
	for _, key := range []string{"author", "article:author", "dc.creator", "parsely-author", "sailthru.author", "byl"} {
		if len(m.Authors) > 0 {
			break
		}
		v := metas[key]
		if v == "" {
			continue
		}
		var as []string
		for _, a := range strings.Split(v, "\x00") {
			if key == "byl" {
				a = strings.TrimSpace(bylineRE().ReplaceAllString(a, ""))
			}
			// article:author is often a profile's address, not a name.
			if looksLikeURL(a) {
				continue
			}
			as = append(as, splitNames(a)...)
		}
		if as = dedupe(as); len(as) > 0 {
			m.Authors, m.From["authors"] = as, key
		}
	}

	for _, c := range []struct{ val, from string }{
		{str(art["datePublished"]), "JSON-LD datePublished"},
		{metas["article:published_time"], "article:published_time"},
		{metas["og:published_time"], "og:published_time"},
		{metas["datepublished"], "datePublished"},
		{metas["date"], "date"},
		{metas["pubdate"], "pubdate"},
		{metas["publishdate"], "publishdate"},
		{metas["dc.date"], "dc.date"},
		{metas["dc.date.issued"], "dc.date.issued"},
		{metas["parsely-pub-date"], "parsely-pub-date"},
		{str(art["dateCreated"]), "JSON-LD dateCreated"},
	} {
		if d := Day(c.val); d != "" {
			m.Date, m.From["date"] = d, c.from
			break
		}
	}

	for _, c := range []struct{ val, from string }{
		{canonical, "link rel=canonical"},
		{metas["og:url"], "og:url"},
		{str(art["url"]), "JSON-LD url"},
		{idOf(art["mainEntityOfPage"]), "JSON-LD mainEntityOfPage"},
	} {
		if u := absURL(base, c.val); u != "" {
			m.Canonical, m.From["canonical"] = u, c.from
			break
		}
	}
	m.Lang = clean(lang)
	return m
}

var (
	dayRE    = lazyRE(`^\s*(\d{4})-(\d{2})-(\d{2})`)
	bylineRE = lazyRE(`(?i)^\s*(by|von|par|por|di|door)\s+`)
	// nameSepRE separates the names of a byline: "A, B and C".
	nameSepRE = lazyRE(`\s*(?:,|;|\band\b|&|\bund\b|\bet\b)\s*`)
)

// lazyRE returns a function that compiles expr the first time it is
// called: only dossier add captures pages, and every command starts
// with the package's variables made.
func lazyRE(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// Day returns the day of a date written as ISO 8601 (what JSON-LD and
// OpenGraph use), "2006-01-02", as the publisher wrote it: the day in the
// publisher's own time zone. It is "" if s does not start with a valid
// date.
func Day(s string) string {
	m := dayRE().FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	if m[2] < "01" || m[2] > "12" || m[3] < "01" || m[3] > "31" {
		return ""
	}
	return m[1] + "-" + m[2] + "-" + m[3]
}

// jsonLD decodes a JSON-LD script into its nodes: an object, an array of
// them, or an object with an @graph.
func jsonLD(s string) []map[string]any {
	var v any
	if json.Unmarshal([]byte(strings.TrimSpace(s)), &v) != nil {
		return nil
	}
	var out []map[string]any
	var add func(v any, depth int)
	add = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch v := v.(type) {
		case []any:
			for _, x := range v {
				add(x, depth+1)
			}
		case map[string]any:
			out = append(out, v)
			if g, ok := v["@graph"]; ok {
				add(g, depth+1)
			}
		}
	}
	add(v, 0)
	return out
}

// pickArticle returns the JSON-LD node that describes the article: the
// first of an article type, WebPage last.
func pickArticle(nodes []map[string]any) map[string]any {
	best, rank := map[string]any(nil), len(articleTypes)
	for _, n := range nodes {
		for _, t := range types(n["@type"]) {
			for i, at := range articleTypes {
				if strings.EqualFold(t, at) && i < rank {
					best, rank = n, i
				}
			}
		}
	}
	if best == nil {
		return map[string]any{}
	}
	return best
}

func types(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// str returns a JSON-LD value as a string: a string, or the first of a
// list of them.
func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			return str(v[0])
		}
	case map[string]any:
		if s, ok := v["@value"].(string); ok {
			return s
		}
	}
	return ""
}

// name returns the name of a JSON-LD thing: a string, or an object's name.
func name(v any) string {
	switch v := v.(type) {
	case string:
		if looksLikeURL(v) {
			return ""
		}
		return v
	case map[string]any:
		return str(v["name"])
	case []any:
		if len(v) > 0 {
			return name(v[0])
		}
	}
	return ""
}

// names returns the names of a JSON-LD author value.
func names(v any) []string {
	var out []string
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			out = append(out, names(x)...)
		}
	case string:
		// A plain string may be a whole byline: "A and B".
		if n := clean(name(v)); n != "" {
			out = append(out, splitNames(n)...)
		}
	default:
		if n := clean(name(v)); n != "" {
			out = append(out, n)
		}
	}
	return dedupe(out)
}

func idOf(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		if s := str(v["@id"]); s != "" {
			return s
		}
		return str(v["url"])
	}
	return ""
}

// splitNames splits "A, B and C" into names, and drops a leading "By".
func splitNames(s string) []string {
	s = bylineRE().ReplaceAllString(clean(s), "")
	var out []string
	for _, part := range nameSepRE().Split(s, -1) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func dedupe(xs []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		x = clean(x)
		k := strings.ToLower(x)
		if x == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, x)
	}
	return out
}

func looksLikeURL(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "/") || strings.HasPrefix(s, "www.")
}

// absURL resolves ref against base and returns it if it is an absolute
// http or https address.
func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// clean collapses white space and drops control characters.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && !unicode.IsSpace(r) || r == unicode.ReplacementChar {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

func inSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg {
			return true
		}
	}
	return false
}

// textOf returns the text of n and its descendants.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}
