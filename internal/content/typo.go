package content

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// curl sets the straight quotes of a front-matter text (a title, a
// summary) as the typographer sets them in Markdown prose: “double”,
// ‘single’ and the apostrophe ’, so that titles and text read alike.
// A quote opens at the start, after a space or an opening bracket or
// dash, and closes elsewhere; a single quote before a digit ('90s) is an
// apostrophe.
func curl(s string) string {
	if !strings.ContainsAny(s, `"'`) {
		return s
	}
	var b strings.Builder
	prev := rune(-1)
	for i, r := range s {
		if r == '"' || r == '\'' {
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			opens := prev == -1 || unicode.IsSpace(prev) || strings.ContainsRune("([{“‘—–-/", prev)
			switch {
			case r == '"' && opens:
				r = '“'
			case r == '"':
				r = '”'
			case opens && next != utf8.RuneError && !unicode.IsSpace(next) && !unicode.IsDigit(next):
				r = '‘'
			default:
				r = '’'
			}
		}
		b.WriteRune(r)
		prev = r
	}
	return b.String()
}
