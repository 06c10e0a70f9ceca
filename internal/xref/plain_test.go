package xref

import (
	"strconv"
	"testing"
)

// FuzzPlainMarkdown holds plainMarkdown, which skips the expressions that
// cannot match, to running all of them.
func FuzzPlainMarkdown(f *testing.F) {
	for _, s := range []string{
		"plain words.", "See [[26]] and [[3|the third]].", "a [link](/x) and ![img](y.png)",
		"**bold** _it_ `code`", "- item\n- item", "  # heading", "1. one\n2) two", "\n> quote", "x\n\t+ y",
	} {
		f.Add(s, "point")
	}
	f.Fuzz(func(t *testing.T, s, word string) {
		want := mdXref.ReplaceAllStringFunc(s, func(m string) string {
			sm := mdXref.FindStringSubmatch(m)
			if sm[2] != "" {
				return sm[2]
			}
			if _, err := strconv.Atoi(sm[1]); err == nil && word != "" {
				return word + " " + sm[1]
			}
			return sm[1]
		})
		want = mdLink.ReplaceAllString(want, "$1")
		want = mdLineMark.ReplaceAllString(want, " ")
		want = mdMarks.ReplaceAllString(want, "")
		if got := plainMarkdown(s, word); got != want {
			t.Errorf("plainMarkdown(%q, %q) = %q, want %q", s, word, got, want)
		}
	})
}
