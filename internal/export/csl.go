package export

import (
	"io"
	"net/url"
	"strings"
	"unicode"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/xref"
)

// cslItem is one item of a CSL-JSON array, with the variables the sources
// give, in a fixed key order
// (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html).
type cslItem struct {
	ID             string    `json:"id"`
	Type           string    `json:"type"`
	Title          string    `json:"title"`
	ContainerTitle string    `json:"container-title,omitempty"`
	Author         []cslName `json:"author,omitempty"`
	Interviewer    []cslName `json:"interviewer,omitempty"`
	Editor         []cslName `json:"editor,omitempty"`
	Translator     []cslName `json:"translator,omitempty"`
	Issued         *cslDate  `json:"issued,omitempty"`
	URL            string    `json:"URL,omitempty"`
	Accessed       *cslDate  `json:"accessed,omitempty"`
	Note           string    `json:"note,omitempty"`
}

// cslName is a CSL name: a person's parts, or a literal.
type cslName struct {
	Family   string `json:"family,omitempty"`
	Given    string `json:"given,omitempty"`
	Particle string `json:"non-dropping-particle,omitempty"`
	Suffix   string `json:"suffix,omitempty"`
	Literal  string `json:"literal,omitempty"`
}

// cslDate is a CSL date. Circa marks a date that is approximate.
type cslDate struct {
	DateParts [][3]int `json:"date-parts"`
	Circa     bool     `json:"circa,omitempty"`
}

// writeCSL writes sources.csl.json to w: the items of cslOf, as
// encoding/json would encode them (TestWritersMatchEncoder holds it to
// that), without reflection.
func writeCSL(w io.Writer, m *xref.Model) error {
	jw := newJSONWriter(w)
	jw.open('[')
	for _, s := range m.Sources {
		it := cslOf(s.Source)
		jw.open('{')
		for _, kv := range [...][2]string{{"id", it.ID}, {"type", it.Type}, {"title", it.Title}} {
			jw.k(kv[0])
			jw.str(kv[1])
		}
		omitEmpty(jw, "container-title", it.ContainerTitle)
		for _, r := range [...]struct {
			key   string
			names []cslName
		}{{"author", it.Author}, {"interviewer", it.Interviewer}, {"editor", it.Editor}, {"translator", it.Translator}} {
			cslNames(jw, r.key, r.names)
		}
		cslDateOf(jw, "issued", it.Issued)
		omitEmpty(jw, "URL", it.URL)
		cslDateOf(jw, "accessed", it.Accessed)
		omitEmpty(jw, "note", it.Note)
		jw.close('}')
	}
	jw.close(']')
	return jw.end()
}

// omitEmpty writes the member key, s, unless s is empty (as the JSON tag
// option omitempty).
func omitEmpty(jw *jsonWriter, key, s string) {
	if s != "" {
		jw.k(key)
		jw.str(s)
	}
}

// cslNames writes the member key of an item, its names, unless it has
// none.
func cslNames(jw *jsonWriter, key string, ns []cslName) {
	if len(ns) == 0 {
		return
	}
	jw.k(key)
	jw.open('[')
	for _, n := range ns {
		jw.open('{')
		for _, kv := range [...][2]string{
			{"family", n.Family}, {"given", n.Given}, {"non-dropping-particle", n.Particle},
			{"suffix", n.Suffix}, {"literal", n.Literal},
		} {
			omitEmpty(jw, kv[0], kv[1])
		}
		jw.close('}')
	}
	jw.close(']')
}

// cslDateOf writes the member key of an item, a date, unless it is nil.
func cslDateOf(jw *jsonWriter, key string, d *cslDate) {
	if d == nil {
		return
	}
	jw.k(key)
	jw.open('{')
	jw.k("date-parts")
	jw.open('[')
	for _, p := range d.DateParts {
		jw.ints(p[:])
	}
	jw.close(']')
	if d.Circa {
		jw.k("circa")
		jw.bool(true)
	}
	jw.close('}')
}

func cslOf(s *content.Source) cslItem {
	it := cslItem{
		ID:             s.ID,
		Type:           cslType(s),
		Title:          fullTitle(s.Title, s.Subtitle),
		ContainerTitle: s.Outlet,
		URL:            s.URL,
	}
	for _, a := range s.Authors {
		n, role := splitName(a)
		switch role {
		case "interviewer":
			it.Interviewer = append(it.Interviewer, n)
		case "editor":
			it.Editor = append(it.Editor, n)
		case "translator":
			it.Translator = append(it.Translator, n)
		default:
			it.Author = append(it.Author, n)
		}
	}
	if !s.Date.IsZero() {
		it.Issued = &cslDate{
			DateParts: [][3]int{{s.Date.Year(), int(s.Date.Month()), s.Date.Day()}},
			Circa:     strings.HasPrefix(strings.ToLower(s.DateNote), "about"),
		}
	}
	var notes []string
	if s.DateNote != "" {
		notes = append(notes, "Date note: "+s.DateNote)
	}
	if it.URL == "" && s.CopyURL != "" {
		it.URL = s.CopyURL
		notes = append(notes, "The URL is of a copy; the original's address is not known.")
	}
	if s.URLNote != "" {
		notes = append(notes, "URL note: "+s.URLNote)
	}
	if s.ArchiveURL != "" {
		a := "Archived copy: " + s.ArchiveURL
		if !s.Archived.IsZero() {
			a += " (" + s.Archived.Format("2006-01-02") + ")"
		}
		notes = append(notes, a)
	}
	// The day dossier add captured the text is the day the original was
	// accessed.
	if !s.Captured.IsZero() && it.URL == s.URL {
		it.Accessed = &cslDate{DateParts: [][3]int{{s.Captured.Year(), int(s.Captured.Month()), s.Captured.Day()}}}
	}
	// Zotero reads note into Extra, where a line "key: value" may set a
	// field; the keys used here are not field names.
	it.Note = strings.Join(notes, "\n")
	return it
}

// fullTitle joins a title and a subtitle as citation styles do.
func fullTitle(title, subtitle string) string {
	if subtitle == "" || title == "" {
		return title + subtitle
	}
	if strings.ContainsAny(title[len(title)-1:], ".?!:") {
		return title + " " + subtitle
	}
	return title + ": " + subtitle
}

// The kinds of site that cslType tells apart, by words of the outlet's name
// (compared without case) and by the host of the source's address.
var (
	socialOutlets = []string{"linkedin", "facebook", "twitter", "x", "bluesky", "mastodon", "threads", "instagram"}
	socialHosts   = []string{"linkedin.com", "facebook.com", "twitter.com", "x.com", "bsky.app", "threads.net", "instagram.com"}
	blogOutlets   = []string{"substack", "blog", "newsletter"}
	blogHosts     = []string{"substack.com", "blogspot.com", "wordpress.com", "medium.com"}
	wikiOutlets   = []string{"wikipedia"}
	wikiHosts     = []string{"wikipedia.org"}
)

// cslType returns the CSL type of a source, by the first rule that holds:
//
//   - "post" for a social network's post: the outlet's name has the word
//     LinkedIn, Facebook, Twitter, X, Bluesky, Mastodon, Threads or
//     Instagram, or the address is on one of their sites;
//   - "post-weblog" for a blog or newsletter: the outlet's name has the word
//     Substack, Blog or Newsletter, or the address is on substack.com,
//     blogspot.com, wordpress.com or medium.com;
//   - "entry-encyclopedia" for Wikipedia;
//   - "webpage" for a government site (a host in .gov or .gov.XX) or a
//     source that names no outlet;
//   - "article-newspaper" for any other outlet: the news.
//
// The address is the original, else the copy.
func cslType(s *content.Source) string {
	words := outletWords(s.Outlet)
	host := hostOf(s.URL)
	if host == "" {
		host = hostOf(s.CopyURL)
	}
	switch {
	case hasAny(words, socialOutlets) || onAny(host, socialHosts):
		return "post"
	case hasAny(words, blogOutlets) || onAny(host, blogHosts):
		return "post-weblog"
	case hasAny(words, wikiOutlets) || onAny(host, wikiHosts):
		return "entry-encyclopedia"
	case isGovernment(host) || s.Outlet == "":
		return "webpage"
	}
	return "article-newspaper"
}

// outletWords returns the words of an outlet's name, lower-case; a word is
// a run of letters and digits, so "Thinking about… (Substack)" has the word
// "substack" and "whee.net" the words "whee" and "net".
func outletWords(outlet string) []string {
	return strings.FieldsFunc(strings.ToLower(outlet), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func hasAny(words, want []string) bool {
	for _, w := range words {
		for _, x := range want {
			if w == x {
				return true
			}
		}
	}
	return false
}

// hostOf returns the lower-case host of an address, or "".
func hostOf(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return ""
	}
	return strings.ToLower(u.Hostname())
}

// onAny reports whether host is one of domains or a subdomain of one.
func onAny(host string, domains []string) bool {
	for _, d := range domains {
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

// isGovernment reports whether host is in .gov or in .gov.XX
// (president.gov.ua, gov.uk).
func isGovernment(host string) bool {
	labels := strings.Split(host, ".")
	n := len(labels)
	return n >= 2 && (labels[n-1] == "gov" || labels[n-2] == "gov")
}

// Words that make a name read as an organisation's, not a person's.
// "and", "for" and "of" join the words of an organisation's name ("City
// of Riverton"), or two people, which a CSL name can't hold either.
var orgWords = map[string]bool{
	"agency": true, "and": true, "association": true, "board": true,
	"bureau": true, "center": true, "centre": true, "city": true,
	"committee": true, "council": true, "department": true, "desk": true,
	"editors": true, "editorial": true, "for": true, "foundation": true,
	"government": true, "inc": true, "institute": true, "ltd": true,
	"ministry": true, "news": true, "of": true, "office": true,
	"reporters": true, "service": true, "staff": true, "team": true,
	"the": true, "university": true,
}

// Roles written in parentheses after a name, and the CSL variable of each.
var nameRoles = map[string]string{
	"interviewer": "interviewer", "interview": "interviewer",
	"editor": "editor", "ed.": "editor", "ed": "editor",
	"translator": "translator", "trans.": "translator", "tr.": "translator",
}

var suffixes = map[string]bool{"jr.": true, "jr": true, "sr.": true, "sr": true, "ii": true, "iii": true, "iv": true}

// splitName splits a name as written in authors into CSL parts, and
// returns the role given in parentheses after it ("interviewer", "editor",
// "translator"; "" for an author). Other words in parentheses are dropped.
//
// "Family, Given" is split at the comma. Otherwise the last word is the
// family name, lower-case words just before it ("von der") its particle, a
// final "Jr." or "III" its suffix, and the words before them the given
// names. A name of one word, a name with a word that organisations use
// ("The", "Staff", "News", "Office", "of", …, see orgWords), digits or "&",
// and a name with no given names left are literals.
func splitName(name string) (cslName, string) {
	name = strings.Join(strings.Fields(name), " ")
	role := ""
	if i := strings.LastIndex(name, " ("); i > 0 && strings.HasSuffix(name, ")") {
		role = nameRoles[strings.ToLower(name[i+2:len(name)-1])]
		name = name[:i]
	}
	literal := cslName{Literal: name}
	if strings.ContainsAny(name, "&0123456789") {
		return literal, role
	}
	if family, given, ok := strings.Cut(name, ","); ok {
		family, given = strings.TrimSpace(family), strings.TrimSpace(given)
		if family != "" && given != "" && !strings.Contains(given, ",") {
			return cslName{Family: family, Given: given}, role
		}
		return literal, role
	}
	words := strings.Fields(name)
	for _, w := range words {
		if orgWords[strings.ToLower(strings.Trim(w, ".,"))] {
			return literal, role
		}
	}
	var n cslName
	if len(words) > 2 && suffixes[strings.ToLower(words[len(words)-1])] {
		n.Suffix = words[len(words)-1]
		words = words[:len(words)-1]
	}
	if len(words) < 2 {
		return literal, role
	}
	n.Family = words[len(words)-1]
	i := len(words) - 1
	for i > 0 && isLower(words[i-1]) {
		i--
	}
	if i == 0 {
		return literal, role // "bell hooks"
	}
	n.Particle = strings.Join(words[i:len(words)-1], " ")
	n.Given = strings.Join(words[:i], " ")
	return n, role
}

// isLower reports whether w starts with a lower-case letter.
func isLower(w string) bool {
	for _, r := range w {
		return unicode.IsLower(r)
	}
	return false
}
