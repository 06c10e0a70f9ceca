package capture

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/dossier-dev/dossier/internal/seed"
)

// Seed returns the article's text as a seed file: one paragraph a line,
// headings on lines of their own, UTF-8, ending in a line feed.
func (a *Article) Seed() []byte {
	var b strings.Builder
	for _, p := range a.Paras {
		b.WriteString(p.Text)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}

// SourceOptions says what a source file written by Source holds besides
// the article's metadata.
type SourceOptions struct {
	URL      string // the address the page was captured from
	Seed     string // the seed's file name under seeds/
	Captured string // the day of capture, "2006-01-02"
	Raw      string // the path of the bytes as received, for the editors' note; "" if not kept
}

// Source returns the front matter of a source for the article, in TOML
// between +++ lines: title, outlet, authors, date, url (the page's
// canonical address if it gives one, else the one captured), captured,
// seed, and [roles] for the title, headings and byline where each names
// exactly one paragraph.
func (a *Article) Source(o SourceOptions) []byte {
	var b strings.Builder
	b.WriteString("+++\n")
	kv := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, "%s = %s\n", k, Quote(v))
		}
	}
	m := a.Meta
	kv("title", m.Title)
	kv("outlet", m.Site)
	if len(m.Authors) > 0 {
		fmt.Fprintf(&b, "authors = %s\n", quoteList(m.Authors))
	}
	if m.Date != "" {
		fmt.Fprintf(&b, "date = %s\n", m.Date)
	}
	u := o.URL
	if m.Canonical != "" {
		u = m.Canonical
	}
	kv("url", u)
	if m.Canonical != "" && m.Canonical != o.URL {
		kv("url_note", "captured from "+o.URL)
	}
	if o.Captured != "" {
		fmt.Fprintf(&b, "captured = %s\n", o.Captured)
	}
	kv("seed", o.Seed)
	roles := a.roles()
	if len(roles["heading"]) > 0 || len(roles["byline"]) > 0 {
		b.WriteString("\n[roles]\n")
		for _, r := range []string{"byline", "heading"} {
			if len(roles[r]) > 0 {
				fmt.Fprintf(&b, "%s = %s\n", r, quoteList(roles[r]))
			}
		}
	}
	b.WriteString("+++\n")
	if o.Raw != "" {
		fmt.Fprintf(&b, "Captured with dossier add; the page as received is kept in %s.\n", o.Raw)
	}
	return []byte(b.String())
}

// roles returns the anchors of the headings and the byline: each the
// whole text of its paragraph, kept only if it names that paragraph alone
// (a role's anchor must occur in exactly one paragraph).
func (a *Article) roles() map[string][]string {
	paras := make([]seed.Para, len(a.Paras))
	for i, p := range a.Paras {
		paras[i] = seed.Para{N: i + 1, Text: p.Text}
	}
	x := seed.NewIndex(paras)
	roles := map[string][]string{}
	for _, p := range a.Paras {
		role := p.Role()
		if role == "" {
			continue
		}
		ms := x.Find(p.Text)
		if len(ms) == 0 {
			continue
		}
		one := true
		for _, m := range ms[1:] {
			one = one && m.Para == ms[0].Para
		}
		if one && !contains(roles[role], p.Text) {
			roles[role] = append(roles[role], p.Text)
		}
	}
	return roles
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// Quote returns s as a TOML basic string.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = Quote(x)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

var slugSepRE = lazyRE(`[^a-z0-9]+`)

// Slug returns a source id made of a title: lower-case ASCII letters and
// digits joined by hyphens, accents dropped, at most about 48 characters
// cut at a word. It is "" if the title has no letter or digit.
func Slug(title string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(strings.ToLower(title)) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(r)
	}
	s := strings.Trim(slugSepRE().ReplaceAllString(b.String(), "-"), "-")
	const max = 48
	if len(s) > max {
		s = s[:max]
		if i := strings.LastIndexByte(s, '-'); i > 10 {
			s = s[:i]
		}
		s = strings.Trim(s, "-")
	}
	return s
}
