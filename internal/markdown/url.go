package markdown

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/util"
)

// resolveDest returns a link destination as written in Markdown with its
// backslash escapes and character references resolved, as goldmark does
// before it writes one.
func resolveDest(dest []byte) string {
	v := util.UnescapePunctuations(dest)
	v = util.ResolveNumericReferences(v)
	v = util.ResolveEntityNames(v)
	return string(v)
}

// autoLinkDest returns the destination of an autolink or bare URL.
func autoLinkDest(n *ast.AutoLink, src []byte) string {
	url := n.URL(src)
	if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
		return "mailto:" + string(url)
	}
	return string(url)
}

// urlSpaceRemover drops what browsers ignore inside a URL; it is made once
// (a Replacer is safe for concurrent use), not for every link.
var urlSpaceRemover = strings.NewReplacer("\t", "", "\n", "", "\r", "")

// checkURL reports whether dest may be written into a page: it is
// relative, or its scheme is http, https or mailto. It also returns the
// scheme, in lower case, or "" if there is none.
func checkURL(dest string) (scheme string, ok bool) {
	// Browsers ignore leading spaces and control characters and every
	// tab and line break in a URL, so "java\tscript:" is "javascript:".
	s := strings.TrimLeftFunc(dest, func(r rune) bool { return r <= ' ' })
	s = urlSpaceRemover.Replace(s)
	i := schemeLen(s)
	if i < 0 {
		return "", true
	}
	scheme = strings.ToLower(s[:i])
	switch scheme {
	case "http", "https", "mailto":
		return scheme, true
	}
	return scheme, false
}

// schemeLen returns the length of the scheme that s starts with (RFC 3986:
// ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"), or -1 if it has none.
func schemeLen(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		case i > 0 && c == ':':
			return i
		default:
			return -1
		}
	}
	return -1
}
