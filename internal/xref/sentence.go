package xref

import (
	"bytes"
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/wordbits"
)

// Sentence returns the sentence of the page's Markdown that holds the
// note's citation, as plain text without its citations ([[26]] reads
// "word 26"), cut to its last maxWords words: what a "Cited by" list
// shows under a paragraph, so a reader sees how the point uses it. It is ""
// if the note is not in a page's prose (a cite list).
//
// It is safe for concurrent use.
func (n *Note) Sentence(word string, maxWords int) string {
	pr, ci := n.prose()
	if pr == nil {
		return ""
	}
	src, cites := pr.Doc.Src, pr.Doc.Cites
	at := cites[ci].Offset
	// The block runs back to the blank line before and on to the one
	// after. Its text before the citation, other citations left out, is
	// made first, in a buffer; its text after only if the sentence goes on
	// there.
	from := lastBlankLine(src[:at]) + 1
	sb := sentenceBufs.Get().(*sentenceBuf)
	defer sentenceBufs.Put(sb)
	text := sb.bufs[0][:0]
	pos, k := from, 0 // k: the citation that ends the text before
	for ; k < len(cites); k++ {
		c := cites[k]
		if c.End <= from {
			continue
		}
		text = append(text, src[pos:max(pos, c.Offset)]...)
		pos = max(pos, c.End)
		if c.Offset == at {
			break
		}
	}
	sb.bufs[0] = text
	if k == len(cites) {
		return ""
	}
	rest := func() string {
		to := len(src)
		if i := bytes.Index(src[at:], blankLine); i >= 0 {
			to = at + i
		}
		var b strings.Builder
		b.Grow(max(0, to-pos))
		p := pos
		for _, c := range cites[k+1:] {
			if c.End <= from || c.Offset >= to {
				continue
			}
			b.Write(src[p:max(p, c.Offset)])
			p = max(p, c.End)
		}
		b.Write(src[p:max(p, to)])
		return b.String()
	}
	return sentenceIn(sb, rest, word, maxWords)
}

// sentenceBuf holds two buffers: the text of a block before a citation is
// made in the first, then made plain in both, one step from one into the
// other, and only the end of it that the sentence is in becomes a string.
// They are kept in sentenceBufs from one sentence to the next.
type sentenceBuf struct{ bufs [2][]byte }

var sentenceBufs = sync.Pool{New: func() any { return new(sentenceBuf) }}

// sentenceAt returns the sentence of text, a block of Markdown without
// its citations, that holds offset mark, where the citation was: see
// Sentence.
func sentenceAt(text string, mark int, word string, maxWords int) string {
	sb := sentenceBufs.Get().(*sentenceBuf)
	defer sentenceBufs.Put(sb)
	sb.bufs[0] = append(sb.bufs[0][:0], text[:mark]...)
	return sentenceIn(sb, func() string { return text[mark:] }, word, maxWords)
}

// sentenceIn is sentenceAt of a block whose text before the citation is
// in sb.bufs[0] and after it is rest(), which is asked for only if the
// sentence goes on past the citation.
func sentenceIn(sb *sentenceBuf, rest func() string, word string, maxWords int) string {
	plain := sb.plain(word)
	from := tailStart(plain)
	before, after := sentenceBefore(string(plain[from:]), from > 0, rest, word)
	if before == "" && after == "" && from > 0 {
		before, after = sentenceBefore(string(plain), false, rest, word)
	}
	if i := nextStop(after); i >= 0 {
		after = after[:i]
	}
	s := before
	if after != "" {
		s += after
	}
	s = tidy(fields(s))
	// s is words with one space between them, as fields made it: tidy
	// only took spaces out.
	if maxWords <= 0 {
		if words := strings.Fields(s); len(words) > maxWords {
			s = "…" + strings.Join(words[len(words)-maxWords:], " ")
		}
		return s
	}
	i := nthLastByte(s, ' ', maxWords)
	if i < 0 {
		return s // no more than maxWords words
	}
	return "…" + s[i+1:]
}

// sentenceBefore returns the part of the sentence before the citation,
// from tail, the end of the block before it as plain text, and the spaced
// text after it if the sentence goes on there (rest gives the block after
// it), or "", "" if tail is only the end of the block (partial) and it
// finds no sentence start in it. tail is the block, or its end from the
// start of a word: then spaced(tail) is the end of spaced of the block,
// less a space at its start, and a sentence start in it is the last of
// the block's.
func sentenceBefore(tail string, partial bool, rest func() string, word string) (before, after string) {
	before = spaced(tail)
	// A citation after a sentence's full stop cites that sentence; one
	// inside a sentence, the sentence to its end. Most stand after a full
	// stop: the text after them is looked at only for the others.
	trimmed := strings.TrimRight(before, " ")
	ends := endsSentence(trimmed)
	if ends {
		before = trimmed
	}
	i := lastStop(before)
	switch {
	case i >= 0:
		before = before[i:]
	case partial:
		return "", ""
	}
	if !ends {
		after = spaced(plainMarkdown(rest(), word))
	}
	return before, after
}

// tailStart returns where a word starts in plain before its last two
// sentence-end marks (., ? or !), or 0: most of a block of Markdown is
// before the sentence that cites, and need not become a string or be made
// spaced.
func tailStart(plain []byte) int {
	k := len(plain)
	for range 2 {
		if k = lastStopByte(plain[:k]); k < 0 {
			return 0
		}
	}
	for {
		// A space, then a byte of no white space: a word starts.
		if k = lastIndexByte(plain[:k], ' '); k < 0 {
			return 0
		}
		if c := plain[k+1]; c < utf8.RuneSelf && !asciiSpace[c] {
			return k + 1
		}
	}
}

// fields returns strings.Join(strings.Fields(s), " ") with fewer
// allocations: none if s is that already but for white space at its ends,
// one otherwise.
func fields(s string) string {
	from, to, clean := fieldsBounds(s)
	if clean {
		return s[from:to]
	}
	var b strings.Builder
	b.Grow(to - from)
	appendFields(&b, s[from:to])
	return b.String()
}

// fieldsBounds returns where s starts and ends without the ASCII white
// space at its ends, and whether s[from:to] is words with single spaces
// between them already.
func fieldsBounds(s string) (from, to int, clean bool) {
	from, to = 0, len(s)
	for from < to && s[from] < utf8.RuneSelf && asciiSpace[s[from]] {
		from++
	}
	for to > from && s[to-1] < utf8.RuneSelf && asciiSpace[s[to-1]] {
		to--
	}
	i := from
	// Eight bytes at a time while they are ASCII, with no white space but
	// single spaces: most of a sentence is.
	for ; i+8 < to; i += 8 {
		w := wordbits.Load(s, i)
		sp := wordbits.Zero(w ^ 0x2020202020202020) // spaces
		if special(w)|sp&(sp>>8) != 0 || w>>56 == ' ' && s[i+8] == ' ' {
			break
		}
	}
	for i < to {
		c := s[i]
		if c < utf8.RuneSelf {
			// s[to-1] is no space: a space has a byte after it.
			if asciiSpace[c] && (c != ' ' || s[i+1] == ' ') {
				return from, to, false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			return from, to, false
		}
		i += size
	}
	return from, to, true
}

// appendFields writes the words of s (strings.Fields) to b with single
// spaces between them.
func appendFields(b *strings.Builder, s string) {
	start, wrote := -1, false // start of the current word, or -1
	for i := 0; i < len(s); {
		c, size, space := s[i], 1, false
		if c < utf8.RuneSelf {
			space = asciiSpace[c]
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case space && start >= 0:
			if wrote {
				b.WriteByte(' ')
			}
			b.WriteString(s[start:i])
			start, wrote = -1, true
		case !space && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		if wrote {
			b.WriteByte(' ')
		}
		b.WriteString(s[start:])
	}
}

// asciiSpace is unicode.IsSpace of an ASCII byte, as strings.Fields has it.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// lastBlankLine returns bytes.LastIndex(s, []byte("\n\n")) without its
// Rabin-Karp hashing, which took more time than the rest of the search,
// finding line breaks eight bytes at a time.
func lastBlankLine(s []byte) int {
	for {
		i := lastIndexByte(s, '\n')
		if i <= 0 {
			return -1
		}
		if s[i-1] == '\n' {
			return i - 1
		}
		s = s[:i-1]
	}
}

var blankLine = []byte("\n\n")

// tidy takes out the space before a full stop, comma, semicolon or colon
// and turns straight double quotes into single curly ones, as quotes
// inside the quotation the sentence is shown as: one at the start or
// after a space or bracket opens, any other closes. s is as fields leaves
// it: it does not start with a space, so taking a space out never changes
// the byte before a quote.
func tidy(s string) string {
	i := tidyNext(s, 0)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	last := 0
	for i < len(s) {
		b.WriteString(s[last:i])
		switch {
		case s[i] != '"': // a space before . , ; or :
		case i == 0 || strings.IndexByte(" ([", s[i-1]) >= 0:
			b.WriteString("‘")
		default:
			b.WriteString("’")
		}
		last = i + 1
		i = tidyNext(s, last)
	}
	b.WriteString(s[last:])
	return b.String()
}

// tidyNext returns the index of the first byte at or after i that tidy
// changes, a straight double quote or a space before . , ; or :, or
// len(s). It tests eight bytes at a time.
func tidyNext(s string, i int) int {
	for ; i+8 < len(s); i += 8 {
		w := wordbits.Load(s, i)
		tight := wordbits.Eq(w, '.') | wordbits.Eq(w, ',') | wordbits.Eq(w, ';') | wordbits.Eq(w, ':')
		m := wordbits.Eq(w, '"') | wordbits.Eq(w, ' ')&(tight>>8)
		if w>>56 == ' ' && isTight(s[i+8]) {
			m |= 1 << 63
		}
		if m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(s); i++ {
		if s[i] == '"' || s[i] == ' ' && i+1 < len(s) && isTight(s[i+1]) {
			return i
		}
	}
	return len(s)
}

// isTight reports whether c is punctuation that follows a word without a
// space: . , ; or :.
func isTight(c byte) bool { return c == '.' || c == ',' || c == ';' || c == ':' }

// spaced folds white space, line breaks included, to single spaces and
// keeps one at either end if there was any.
func spaced(s string) string {
	from, to, clean := fieldsBounds(s)
	if from == to {
		return s[:min(len(s), 1)]
	}
	lead := isLineSpace(s[0])
	trail := isLineSpace(s[len(s)-1])
	if clean && (!lead || s[from-1] == ' ') && (!trail || s[to] == ' ') {
		if lead {
			from--
		}
		if trail {
			to++
		}
		return s[from:to]
	}
	var b strings.Builder
	b.Grow(to - from + 2)
	if lead {
		b.WriteByte(' ')
	}
	n := b.Len()
	appendFields(&b, s[from:to])
	if b.Len() == n {
		return s[:1] // white space only, but for Unicode's
	}
	if trail {
		b.WriteByte(' ')
	}
	return b.String()
}

// isLineSpace reports whether c is a space, tab or line break.
func isLineSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

// stopAt reports whether s has a sentence end at i: ".", "?" or "!", then
// closing quotes or brackets, then a space or the end of s. It returns the
// offset just past the end.
func stopAt(s string, i int) (int, bool) {
	if i >= len(s) {
		return 0, false
	}
	if !isStop(s[i]) {
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

// isStop reports whether c may end a sentence: ".", "?" or "!".
func isStop(c byte) bool { return c == '.' || c == '?' || c == '!' }

// endsSentence reports whether s ends with a sentence end.
func endsSentence(s string) bool {
	i := lastStopByte(s)
	if i < 0 {
		return false
	}
	j, ok := stopAt(s, i)
	return ok && j == len(s)
}

// lastStop returns the offset where the last sentence of s starts, or -1.
func lastStop(s string) int {
	if len(s) < 2 {
		return -1
	}
	for i := len(s) - 1; ; { // look before i
		if i = lastStopByte(s[:i]); i < 0 {
			return -1
		}
		if j, ok := stopAt(s, i); ok && j < len(s) {
			return j + 1
		}
	}
}

// nextStop returns the offset just past the first sentence end of s, or -1.
func nextStop(s string) int {
	for i := range len(s) {
		if !isStop(s[i]) {
			continue
		}
		if j, ok := stopAt(s, i); ok {
			return j
		}
	}
	return -1
}

// prose finds the piece of Markdown that holds the note's citation, and
// the index of the citation in it.
func (n *Note) prose() (*Prose, int) {
	if n.Page == nil {
		return nil, 0
	}
	// A page numbers its notes in reading order, so a piece of Markdown
	// holds notes numbered from its first note's to its last's: only a
	// piece whose numbers take in n's is searched. Should that not hold,
	// every piece is.
	for _, pr := range n.Page.Proses {
		if first, last := noteRange(pr); first != nil && first.N <= n.N && n.N <= last.N {
			if i := citeOf(pr, n); i >= 0 {
				return pr, i
			}
		}
	}
	for _, pr := range n.Page.Proses {
		if i := citeOf(pr, n); i >= 0 {
			return pr, i
		}
	}
	return nil, 0
}

// noteRange returns the first and the last note of pr, or nil, nil.
func noteRange(pr *Prose) (first, last *Note) {
	for _, notes := range pr.Notes {
		if len(notes) > 0 {
			first = notes[0]
			break
		}
	}
	for i := len(pr.Notes) - 1; i >= 0; i-- {
		if notes := pr.Notes[i]; len(notes) > 0 {
			last = notes[len(notes)-1]
			break
		}
	}
	return first, last
}

// citeOf returns the index of the citation of pr that holds n, or -1.
func citeOf(pr *Prose, n *Note) int {
	for i, notes := range pr.Notes {
		for _, x := range notes {
			if x == n && i < len(pr.Doc.Cites) {
				return i
			}
		}
	}
	return -1
}

// plainMarkdown turns a run of inline Markdown into text, roughly: links
// and cross-references give their text, emphasis and block marks go.
//
// It does what these regular expressions did, one after the other
// (FuzzPlainMarkdown holds it to them), in a scan each:
//
//	\[\[(\d+)(?:\|([^\]]*))?\]\]              [[26]] → word 26, [[26|label]] → label
//	!?\[([^\]\[]*)\]\([^)]*\)                [text](url) → text
//	\n\s*(?:[-+>]|#+|\d+[.)])\s+             a line's block mark → " "
//	[*_`]+|^\s*(?:[-+>]|#+|\d+[.)])\s+        emphasis, the first block mark → ""
//
// A sentence is asked for under every backlink shown, and the expressions
// took most of that time.
func plainMarkdown(s, word string) string {
	sb := sentenceBufs.Get().(*sentenceBuf)
	defer sentenceBufs.Put(sb)
	sb.bufs[0] = append(sb.bufs[0][:0], s...)
	if p := sb.plain(word); string(p) != s {
		return string(p)
	}
	return s
}

// plain makes the text in sb.bufs[0] plain, as plainMarkdown does, each
// step from the buffer the text is in into the other, and returns it. A
// step runs only on text that holds what it must match.
func (sb *sentenceBuf) plain(word string) []byte {
	s, k := sb.bufs[0], 0 // s is in sb.bufs[k]
	step := func(out []byte, changed bool) {
		if changed {
			sb.bufs[1-k], s, k = out, out, 1-k
		}
	}
	if bytes.Contains(s, xrefOpen) {
		step(replaceXrefs(sb.bufs[1-k][:0], s, word))
	}
	if bytes.Contains(s, linkMid) {
		step(replaceLinks(sb.bufs[1-k][:0], s))
	}
	if bytes.IndexByte(s, '\n') >= 0 {
		step(replaceLineMarks(sb.bufs[1-k][:0], s))
	}
	if indexEmphasis(s) >= 0 || startsLineMark(s) {
		step(dropMarks(sb.bufs[1-k][:0], s), true)
	}
	return s
}

var (
	xrefOpen  = []byte("[[")
	xrefClose = []byte("]]")
	linkMid   = []byte("](")
)

// emphasis holds the emphasis marks.
const emphasis = "*_`"

// isSpace is \s of package regexp.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// blockMark returns the end of (?:[-+>]|#+|\d+[.)])\s+ at s[i:], or -1.
func blockMark(s []byte, i int) int {
	switch {
	case i >= len(s):
		return -1
	case s[i] == '-' || s[i] == '+' || s[i] == '>':
		i++
	case s[i] == '#':
		for i < len(s) && s[i] == '#' {
			i++
		}
	case isDigit(s[i]):
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if i == len(s) || s[i] != '.' && s[i] != ')' {
			return -1
		}
		i++
	default:
		return -1
	}
	if i == len(s) || !isSpace(s[i]) {
		return -1
	}
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// skipSpace returns the end of \s* at s[i:].
func skipSpace(s []byte, i int) int {
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	return i
}

// replaceXrefs appends s to dst with its cross-references written as
// their label, or word and number, and reports whether s has any; if not,
// it returns nil.
func replaceXrefs(dst, s []byte, word string) ([]byte, bool) {
	last := 0
	for i := 0; i+1 < len(s); {
		k := bytes.Index(s[i:], xrefOpen)
		if k < 0 {
			break
		}
		i += k
		j := i + 2
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		num, label, end := s[i+2:j], []byte(nil), -1
		switch {
		case j == i+2:
		case bytes.HasPrefix(s[j:], xrefClose):
			end = j + 2
		case j < len(s) && s[j] == '|':
			if c := bytes.IndexByte(s[j+1:], ']'); c >= 0 && bytes.HasPrefix(s[j+1+c:], xrefClose) {
				label, end = s[j+1:j+1+c], j+1+c+2
			}
		}
		if end < 0 {
			i++
			continue
		}
		dst = append(dst, s[last:i]...)
		switch _, err := strconv.Atoi(string(num)); {
		case len(label) > 0:
			dst = append(dst, label...)
		case err == nil && word != "":
			dst = append(append(append(dst, word...), ' '), num...)
		default:
			dst = append(dst, num...)
		}
		i, last = end, end
	}
	if last == 0 {
		return nil, false
	}
	return append(dst, s[last:]...), true
}

// replaceLinks appends s to dst with its links and images written as
// their text, and reports whether s has any; if not, it returns nil.
func replaceLinks(dst, s []byte) ([]byte, bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '[' && s[i] != '!' {
			continue
		}
		j := i
		if s[j] == '!' {
			j++
		}
		if j == len(s) || s[j] != '[' {
			continue
		}
		t := j + 1
		c := bytes.IndexAny(s[t:], "[]")
		if c < 0 || s[t+c] != ']' || t+c+1 == len(s) || s[t+c+1] != '(' {
			continue
		}
		p := bytes.IndexByte(s[t+c+2:], ')')
		if p < 0 {
			continue
		}
		dst = append(append(dst, s[last:i]...), s[t:t+c]...)
		last = t + c + 2 + p + 1
		i = last - 1
	}
	if last == 0 {
		return nil, false
	}
	return append(dst, s[last:]...), true
}

// replaceLineMarks appends s to dst with each line break and the block
// mark after it written as a space, and reports whether s has any; if
// not, it returns nil.
func replaceLineMarks(dst, s []byte) ([]byte, bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		k := bytes.IndexByte(s[i:], '\n')
		if k < 0 {
			break
		}
		i += k
		end := blockMark(s, skipSpace(s, i+1))
		if end < 0 {
			continue
		}
		dst = append(append(dst, s[last:i]...), ' ')
		last = end
		i = end - 1
	}
	if last == 0 {
		return nil, false
	}
	return append(dst, s[last:]...), true
}

// dropMarks appends s to dst without its runs of emphasis marks, and
// without a block mark at its start.
func dropMarks(dst, s []byte) []byte {
	i := 0
	if len(s) > 0 && strings.IndexByte(emphasis, s[0]) < 0 {
		if end := blockMark(s, skipSpace(s, 0)); end >= 0 {
			i = end
		}
	}
	for i < len(s) {
		k := indexEmphasis(s[i:])
		if k < 0 {
			dst = append(dst, s[i:]...)
			break
		}
		dst = append(dst, s[i:i+k]...)
		i += k
		for i < len(s) && strings.IndexByte(emphasis, s[i]) >= 0 {
			i++
		}
	}
	return dst
}

// startsLineMark reports whether s may start with a block mark that
// dropMarks removes: after white space, a list, quote or heading mark or a
// digit.
func startsLineMark(s []byte) bool {
	s = bytes.TrimLeft(s, " \t\n\f\r")
	return len(s) > 0 && strings.IndexByte("-+>#0123456789", s[0]) >= 0
}
