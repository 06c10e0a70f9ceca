package linkcheck

import (
	"bytes"
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// page is what one pass of the tokenizer finds in a file.
type page struct {
	name  string
	ids   map[string]int // id (or a name) → line
	links []link
	base  *link     // the first <base href>, if any
	probs []Problem // duplicate ids
}

// link is one URL of a link attribute.
type link struct {
	line int
	href string
}

// attrKind says how a link attribute holds its URLs.
type attrKind int

const (
	notLink attrKind = iota
	oneURL
	srcset
)

// scan tokenizes the file name once and collects its ids and, if links is
// set, its links.
func scan(name string, data []byte, links bool) *page {
	p := &page{name: name, ids: make(map[string]int)}
	var names []link // name attributes of a elements, which yield to ids
	z := html.NewTokenizer(bytes.NewReader(data))
	line := 1
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			break // io.EOF: a bytes.Reader has no other errors
		}
		// The tokens' raw bytes cover the input without gaps, so counting
		// their newlines keeps the line number.
		raw := z.Raw()
		tagLine := line
		nl := bytes.Count(raw, []byte("\n"))
		line += nl
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		// Attributes of a tag that spans lines are found in a copy of its
		// raw bytes, since the tokenizer may rewrite its buffer in TagAttr.
		var rawTag []byte
		if nl > 0 {
			rawTag = bytes.Clone(raw)
		}
		tagBytes, more := z.TagName()
		tag := knownTag(tagBytes)
		for more {
			var key, val []byte
			key, val, more = z.TagAttr()
			kind := notLink
			switch string(key) {
			case "id":
				if len(val) == 0 {
					continue
				}
				id := string(val)
				l := tagLine + attrLine(rawTag, key)
				if first, ok := p.ids[id]; ok {
					p.probs = append(p.probs, Problem{Page: name, Line: l, Msg: fmt.Sprintf("duplicate id %q (first on line %d)", id, first)})
				} else {
					p.ids[id] = l
				}
				continue
			case "name":
				if tag == "a" && len(val) > 0 {
					names = append(names, link{tagLine + attrLine(rawTag, key), string(val)})
				}
				continue
			}
			if links {
				kind = linkAttr(tag, string(key))
			}
			l := tagLine + attrLine(rawTag, key)
			switch kind {
			case oneURL:
				if tag == "base" {
					if p.base == nil {
						p.base = &link{l, string(val)}
					}
					continue
				}
				p.links = append(p.links, link{l, string(val)})
			case srcset:
				urls := srcsetURLs(string(val))
				if len(urls) == 0 {
					urls = []string{""} // reported as an empty link
				}
				for _, u := range urls {
					p.links = append(p.links, link{l, u})
				}
			}
		}
	}
	for _, n := range names {
		if _, ok := p.ids[n.href]; !ok {
			p.ids[n.href] = n.line
		}
	}
	return p
}

// knownTag returns the name of a tag that can hold a link, without
// allocating, or "".
func knownTag(name []byte) string {
	switch string(name) {
	case "a":
		return "a"
	case "area":
		return "area"
	case "audio":
		return "audio"
	case "base":
		return "base"
	case "form":
		return "form"
	case "iframe":
		return "iframe"
	case "img":
		return "img"
	case "link":
		return "link"
	case "script":
		return "script"
	case "source":
		return "source"
	case "use":
		return "use"
	case "video":
		return "video"
	}
	return ""
}

// linkAttr tells whether the attribute key of a tag element holds a link.
// The first <base href> is kept as a link too, to resolve the others.
func linkAttr(tag, key string) attrKind {
	switch key {
	case "href":
		switch tag {
		case "a", "area", "link", "use", "base":
			return oneURL
		}
	case "xlink:href":
		if tag == "use" {
			return oneURL
		}
	case "src":
		switch tag {
		case "img", "source", "script", "iframe", "video", "audio":
			return oneURL
		}
	case "srcset":
		if tag == "img" || tag == "source" {
			return srcset
		}
	case "poster":
		if tag == "video" || tag == "audio" {
			return oneURL
		}
	case "action":
		if tag == "form" {
			return oneURL
		}
	}
	return notLink
}

// attrLine returns the number of newlines in the raw tag before the attribute
// key, or 0 if raw is nil or the attribute is not found. It follows the
// tokenizer's rules for attribute names and values closely enough for the
// tags a template writes.
func attrLine(raw, key []byte) int {
	if raw == nil {
		return 0
	}
	isSpace := func(c byte) bool { return strings.IndexByte(asciiSpace, c) >= 0 }
	i := 1 // past '<'
	for i < len(raw) && !isSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' {
		i++
	}
	for i < len(raw) {
		for i < len(raw) && (isSpace(raw[i]) || raw[i] == '/') {
			i++
		}
		if i >= len(raw) || raw[i] == '>' {
			break
		}
		start := i
		i++ // an attribute name may start with '='
		for i < len(raw) && !isSpace(raw[i]) && raw[i] != '/' && raw[i] != '>' && raw[i] != '=' {
			i++
		}
		if bytes.EqualFold(raw[start:i], key) {
			return bytes.Count(raw[:start], []byte("\n"))
		}
		for i < len(raw) && isSpace(raw[i]) {
			i++
		}
		if i >= len(raw) || raw[i] != '=' {
			continue
		}
		i++
		for i < len(raw) && isSpace(raw[i]) {
			i++
		}
		if i < len(raw) && (raw[i] == '"' || raw[i] == '\'') {
			q := raw[i]
			i++
			for i < len(raw) && raw[i] != q {
				i++
			}
			i++
			continue
		}
		for i < len(raw) && !isSpace(raw[i]) && raw[i] != '>' {
			i++
		}
	}
	return 0
}

// srcsetURLs returns the URLs of a srcset attribute: a comma-separated list
// of a URL and optional descriptors ("a.png 1x, b.png 2x"). It follows the
// HTML standard's parser, in which a URL may itself hold commas
// ("data:image/png;base64,…") but not end in one.
func srcsetURLs(s string) []string {
	var urls []string
	for {
		s = strings.TrimLeft(s, asciiSpace+",")
		if s == "" {
			return urls
		}
		i := strings.IndexAny(s, asciiSpace)
		if i < 0 {
			i = len(s)
		}
		u := s[:i]
		s = s[i:]
		if strings.HasSuffix(u, ",") {
			u = strings.TrimRight(u, ",")
		} else {
			// Skip the descriptors, up to a comma outside parentheses.
			depth, j := 0, 0
			for ; j < len(s); j++ {
				switch s[j] {
				case '(':
					depth++
				case ')':
					depth = max(depth-1, 0)
				}
				if s[j] == ',' && depth == 0 {
					break
				}
			}
			s = s[j:]
		}
		if u != "" {
			urls = append(urls, u)
		}
	}
}
