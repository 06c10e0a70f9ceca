package markdown

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/alecthomas/chroma/v2"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
)

// The selectors under which CSS puts the dark style's rules: an explicit
// choice of the dark theme, and the system's dark mode unless the light
// theme was chosen explicitly.
const (
	darkSelector   = `:root[data-theme="dark"]`
	systemSelector = `:root:not([data-theme="light"])`
)

// CSS returns the stylesheet for highlighted code blocks: the rules of the
// chroma style light for .chroma, and those of the style dark under
// :root[data-theme="dark"] and, within @media (prefers-color-scheme:
// dark), under :root:not([data-theme="light"]). Where the light style sets
// a property that the dark one leaves alone, the dark rules reset it, so
// that no light colour shows through in dark mode. An unknown style name
// is an error that names the close ones.
func CSS(light, dark string) ([]byte, error) {
	ls, err := lookupStyle(light)
	if err != nil {
		return nil, err
	}
	ds, err := lookupStyle(dark)
	if err != nil {
		return nil, err
	}
	f := chromahtml.New(chromahtml.WithClasses(true), chromahtml.WithCSSComments(false))
	var lb, db bytes.Buffer
	if err := f.WriteCSS(&lb, ls); err != nil {
		return nil, fmt.Errorf("write css of style %q: %w", light, err)
	}
	if err := f.WriteCSS(&db, ds); err != nil {
		return nil, fmt.Errorf("write css of style %q: %w", dark, err)
	}
	darkRules := overRules(parseRules(lb.String()), parseRules(db.String()))

	var out bytes.Buffer
	fmt.Fprintf(&out, "/* Code highlighting: chroma style %q, %q when dark. */\n", ls.Name, ds.Name)
	out.Write(lb.Bytes())
	for _, r := range darkRules {
		r.write(&out, darkSelector+" ")
	}
	out.WriteString("@media (prefers-color-scheme: dark) {\n")
	for _, r := range darkRules {
		out.WriteString("  ")
		r.write(&out, systemSelector+" ")
	}
	out.WriteString("}\n")
	return out.Bytes(), nil
}

// Styles returns the names of the chroma styles available, sorted.
func Styles() []string {
	return styles.Names()
}

// lookupStyle returns the chroma style called name, ignoring case.
func lookupStyle(name string) (*chroma.Style, error) {
	if s, ok := styles.Registry[strings.ToLower(name)]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("unknown highlighting style %q%s", name, didYouMean(name, Styles()))
}

// didYouMean returns " (did you mean …?)" with up to three of names that
// are close to name, or "" if none is.
func didYouMean(name string, names []string) string {
	name = strings.ToLower(name)
	type match struct {
		name string
		dist int
	}
	var near []match
	for _, n := range names {
		d := editDistance(name, n)
		if d <= max(2, len(name)/3) || name != "" && strings.Contains(n, name) || strings.HasPrefix(name, n) {
			near = append(near, match{n, d})
		}
	}
	if len(near) == 0 {
		return ""
	}
	slices.SortFunc(near, func(a, b match) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), strings.Compare(a.name, b.name))
	})
	var quoted []string
	for _, m := range near[:min(3, len(near))] {
		quoted = append(quoted, fmt.Sprintf("%q", m.name))
	}
	if len(quoted) == 1 {
		return " (did you mean " + quoted[0] + "?)"
	}
	return " (did you mean " + strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1] + "?)"
}

// editDistance returns the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// cssRule is one rule of the CSS that chroma writes: "selector { p: v; … }".
type cssRule struct {
	selector string
	decls    []cssDecl
}

type cssDecl struct{ prop, value string }

// parseRules parses the CSS that chroma writes without comments, one rule a
// line.
func parseRules(css string) []cssRule {
	var rules []cssRule
	for line := range strings.Lines(css) {
		sel, body, ok := strings.Cut(line, "{")
		if !ok {
			continue
		}
		body, _, _ = strings.Cut(body, "}")
		r := cssRule{selector: strings.TrimSpace(sel)}
		for d := range strings.SplitSeq(body, ";") {
			prop, value, ok := strings.Cut(d, ":")
			if !ok {
				continue
			}
			r.decls = append(r.decls, cssDecl{strings.TrimSpace(prop), strings.TrimSpace(value)})
		}
		rules = append(rules, r)
	}
	return rules
}

// overRules returns the rules of over, to be applied on top of base: each
// rule of over, plus a reset of every property that base sets for the same
// selector and over does not, plus a reset rule for each selector only
// base has.
func overRules(base, over []cssRule) []cssRule {
	overBy := map[string]*cssRule{}
	var out []cssRule
	for _, r := range over {
		out = append(out, cssRule{selector: r.selector, decls: slices.Clone(r.decls)})
	}
	for i := range out {
		overBy[out[i].selector] = &out[i]
	}
	var extra []cssRule
	for _, b := range base {
		o, ok := overBy[b.selector]
		if !ok {
			extra = append(extra, cssRule{selector: b.selector})
			o = &extra[len(extra)-1]
		}
		for _, d := range b.decls {
			if !slices.ContainsFunc(o.decls, func(e cssDecl) bool { return e.prop == d.prop }) {
				o.decls = append(o.decls, cssDecl{d.prop, resetValue(d.prop)})
			}
		}
	}
	return append(out, extra...)
}

// resetValue returns the value that undoes a property on a token's span.
func resetValue(prop string) string {
	switch prop {
	case "background-color":
		return "transparent"
	case "text-decoration":
		return "none"
	}
	return "inherit"
}

// write writes r with each of its selectors prefixed.
func (r cssRule) write(b *bytes.Buffer, prefix string) {
	sels := strings.Split(r.selector, ",")
	for i, s := range sels {
		sels[i] = prefix + strings.TrimSpace(s)
	}
	b.WriteString(strings.Join(sels, ", "))
	b.WriteString(" { ")
	for i, d := range r.decls {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(d.prop + ": " + d.value)
	}
	b.WriteString(" }\n")
}
