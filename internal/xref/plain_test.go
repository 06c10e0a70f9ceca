package xref

import (
	"regexp"
	"strconv"
	"testing"
)

// The expressions plainMarkdown replaced, as the oracle of
// FuzzPlainMarkdown.
var (
	mdLink     = regexp.MustCompile(`!?\[([^\]\[]*)\]\([^)]*\)`)
	mdXref     = regexp.MustCompile(`\[\[(\d+)(?:\|([^\]]*))?\]\]`)
	mdMarks    = regexp.MustCompile("[*_`]+|^\\s*(?:[-+>]|#+|\\d+[.)])\\s+")
	mdLineMark = regexp.MustCompile(`\n\s*(?:[-+>]|#+|\d+[.)])\s+`)
)

// FuzzPlainMarkdown holds plainMarkdown, which scans for what the
// expressions above matched, and skips a scan that cannot match, to
// running all of them.
func FuzzPlainMarkdown(f *testing.F) {
	for _, s := range []string{
		"plain words.", "See [[26]] and [[3|the third]].", "a [link](/x) and ![img](y.png)",
		"**bold** _it_ `code`", "- item\n- item", "  # heading", "1. one\n2) two", "\n> quote", "x\n\t+ y",
		"[[12|a]b]] [[[3]] [[|x]] [[4|]] [[99999999999999999999]]", "![x](y [a[b](c) [a](b", "![a]](b) !![c](d)",
		"\n\n- x \n \nfoo\n## y\n12) z\n3.x", " \t>  *a*", "_x_ 1. y", "**b** __c__ ``d``", "\f#\r",
	} {
		f.Add(s, "point")
	}
	f.Fuzz(func(t *testing.T, s, word string) {
		want := oldPlainMarkdown(s, word)
		if got := plainMarkdown(s, word); got != want {
			t.Errorf("plainMarkdown(%q, %q) = %q, want %q", s, word, got, want)
		}
	})
}

// oldPlainMarkdown is plainMarkdown as it was, with the expressions.
func oldPlainMarkdown(s, word string) string {
	s = mdXref.ReplaceAllStringFunc(s, func(m string) string {
		sm := mdXref.FindStringSubmatch(m)
		if sm[2] != "" {
			return sm[2]
		}
		if _, err := strconv.Atoi(sm[1]); err == nil && word != "" {
			return word + " " + sm[1]
		}
		return sm[1]
	})
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdLineMark.ReplaceAllString(s, " ")
	return mdMarks.ReplaceAllString(s, "")
}
