package xref

import (
	"regexp"
	"strconv"
	"strings"
)

// Sentence returns the sentence of the page's Markdown that holds the
// note's citation, as plain text without its citations ([[26]] reads
// "word 26"), cut to its last maxWords words: what a "Cited by" list
// shows under a paragraph, so a reader sees how the point uses it. It is ""
// if the note is not in a page's prose (a cite list).
func (n *Note) Sentence(word string, maxWords int) string {
	pr, at := n.prose()
	if pr == nil {
		return ""
	}
	src := pr.Doc.Src
	// The block: back to the blank line before, on to the one after.
	from := strings.LastIndex(string(src[:at]), "\n\n") + 1
	to := len(src)
	if i := strings.Index(string(src[at:]), "\n\n"); i >= 0 {
		to = at + i
	}
	// The block as text, citations left out; mark is where this one was.
	var b strings.Builder
	mark := -1
	pos := from
	for _, c := range pr.Doc.Cites {
		if c.End <= from || c.Offset >= to {
			continue
		}
		b.Write(src[pos:max(pos, c.Offset)])
		if c.Offset == at {
			mark = b.Len()
		}
		pos = max(pos, c.End)
	}
	b.Write(src[pos:to])
	text := b.String()
	if mark < 0 {
		return ""
	}
	before := spaced(plainMarkdown(text[:mark], word))
	after := spaced(plainMarkdown(text[mark:], word))
	// A citation after a sentence's full stop cites that sentence; one
	// inside a sentence, the sentence to its end.
	trimmed := strings.TrimRight(before, " ")
	if endsSentence(trimmed) {
		before, after = trimmed, ""
	}
	if i := lastStop(before); i >= 0 {
		before = before[i:]
	}
	if i := nextStop(after); i >= 0 {
		after = after[:i]
	}
	s := strings.Join(strings.Fields(before+after), " ")
	s = strings.ReplaceAll(s, " .", ".")
	s = strings.ReplaceAll(s, " ,", ",")
	s = strings.ReplaceAll(s, " ;", ";")
	s = strings.ReplaceAll(s, " :", ":")
	s = innerQuotes(s)
	if words := strings.Fields(s); len(words) > maxWords {
		s = "…" + strings.Join(words[len(words)-maxWords:], " ")
	}
	return s
}

// innerQuotes turns straight double quotes into single curly ones, as
// quotes inside the quotation the sentence is shown as: one at the start
// or after a space or bracket opens, any other closes.
func innerQuotes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			b.WriteByte(s[i])
			continue
		}
		if i == 0 || strings.IndexByte(" ([", s[i-1]) >= 0 {
			b.WriteString("‘")
		} else {
			b.WriteString("’")
		}
	}
	return b.String()
}

// spaced folds white space, line breaks included, to single spaces and
// keeps one at either end if there was any.
func spaced(s string) string {
	f := strings.Join(strings.Fields(s), " ")
	if f == "" {
		return s[:min(len(s), 1)]
	}
	if strings.TrimLeft(s[:1], " \t\n") == "" {
		f = " " + f
	}
	if strings.TrimRight(s[len(s)-1:], " \t\n") == "" {
		f += " "
	}
	return f
}

// stopAt reports whether s has a sentence end at i: ".", "?" or "!", then
// closing quotes or brackets, then a space or the end of s. It returns the
// offset just past the end.
func stopAt(s string, i int) (int, bool) {
	if i >= len(s) || !strings.ContainsRune(".?!", rune(s[i])) {
		return 0, false
	}
	j := i + 1
	for j < len(s) {
		if strings.HasPrefix(s[j:], "”") || strings.HasPrefix(s[j:], "’") {
			j += len("”")
			continue
		}
		if s[j] == '"' || s[j] == '\'' || s[j] == ')' {
			j++
			continue
		}
		break
	}
	if j == len(s) || s[j] == ' ' {
		return j, true
	}
	return 0, false
}

// endsSentence reports whether s ends with a sentence end.
func endsSentence(s string) bool {
	i := strings.LastIndexAny(s, ".?!")
	if i < 0 {
		return false
	}
	j, ok := stopAt(s, i)
	return ok && j == len(s)
}

// lastStop returns the offset where the last sentence of s starts, or -1.
func lastStop(s string) int {
	for i := len(s) - 2; i >= 0; i-- {
		if j, ok := stopAt(s, i); ok && j < len(s) {
			return j + 1
		}
	}
	return -1
}

// nextStop returns the offset just past the first sentence end of s, or -1.
func nextStop(s string) int {
	for i := range len(s) {
		if j, ok := stopAt(s, i); ok {
			return j
		}
	}
	return -1
}

// prose finds the piece of Markdown that holds the note's citation, and
// the citation's offset in it.
func (n *Note) prose() (*Prose, int) {
	if n.Page == nil {
		return nil, 0
	}
	for _, pr := range n.Page.Proses {
		for i, notes := range pr.Notes {
			for _, x := range notes {
				if x == n && i < len(pr.Doc.Cites) {
					return pr, pr.Doc.Cites[i].Offset
				}
			}
		}
	}
	return nil, 0
}

var (
	mdLink     = regexp.MustCompile(`!?\[([^\]\[]*)\]\([^)]*\)`)
	mdXref     = regexp.MustCompile(`\[\[(\d+)(?:\|([^\]]*))?\]\]`)
	mdMarks    = regexp.MustCompile("[*_`]+|^\\s*(?:[-+>]|#+|\\d+[.)])\\s+")
	mdLineMark = regexp.MustCompile(`\n\s*(?:[-+>]|#+|\d+[.)])\s+`)
)

// plainMarkdown turns a run of inline Markdown into text, roughly: links
// and cross-references give their text, emphasis and block marks go.
func plainMarkdown(s, word string) string {
	// Each expression runs only on text that holds what it needs to
	// match: most runs of a page's prose have no link or line mark.
	if strings.Contains(s, "[[") {
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
	}
	if strings.Contains(s, "](") {
		s = mdLink.ReplaceAllString(s, "$1")
	}
	if strings.Contains(s, "\n") {
		s = mdLineMark.ReplaceAllString(s, " ")
	}
	if !strings.ContainsAny(s, "*_`") && !startsLineMark(s) {
		return s
	}
	return mdMarks.ReplaceAllString(s, "")
}

// startsLineMark reports whether s may start with a block mark that
// mdMarks removes: after white space, a list, quote or heading mark or a
// digit.
func startsLineMark(s string) bool {
	s = strings.TrimLeft(s, " \t\n\f\r")
	return s != "" && strings.IndexByte("-+>#0123456789", s[0]) >= 0
}
