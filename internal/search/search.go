// Package search builds the client-side search index of a site, part of
// the render stage. The index is split into files that the theme's script
// fetches on demand, the way Pagefind does, so that the first query on a
// site of ten thousand points downloads a few hundred kilobytes, not the
// whole index: the site needs no server and no Node.
//
// The files, below the index folder (Dir):
//
//	index.json     the meta file: {"v": 1, "docs": 170, "points": 28,
//	               "chunks": ["", "brown", "kyiv", …]}; fetched first
//	t<i>.json      term chunk i: {"term": [postings], …} for the terms from
//	               chunks[i] (inclusive) up to chunks[i+1] (exclusive)
//	d<j>.json      document j: {"u": "points/26/", "t": "Point 26: Blanket
//	               amnesty", "k": "point", "s": "one-line summary",
//	               "x": "the plain text, white space folded"}
//
// Documents are numbered in a fixed order: points, sources, timeline
// events, plain pages (see Entries); points come first, so document j is a
// point if j < points. u is the page path below the base URL (plus a
// #fragment for events). Plain text is Markdown rendered as text, without
// citations, so that a search matches what the reader sees; x is cut to
// TextLimit bytes, enough for a snippet.
//
// Terms are folded the way the script folds a query (Fold): accents
// stripped, lower case, curly quotes and dashes made plain; a term is a run
// of letters, digits and inner apostrophes. A term's postings are one
// number per document holding it, (j - previous j) << 3 | fields, where
// fields has bit 1 for the title, 2 for the summary and 4 for the text;
// they are written as one string, each number in base 32 from its most
// significant digit, with the digits of Digits: the last digit of a number
// from the first 32, the others from the last 32. A term in every document
// costs a byte a document. The number
// of chunk files depends only on the number of documents (ChunkCount), so a
// live preview can name every file before it makes any; chunks are filled
// to about the same size, and one that gets no terms is an empty object.
package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/dossier-dev/dossier/internal/jsonstr"
	"github.com/dossier-dev/dossier/internal/wordbits"
	"github.com/dossier-dev/dossier/internal/xref"
)

// Dir is the output folder of the index, and Meta its first file.
const (
	Dir  = "search-index/"
	Meta = Dir + "index.json"
)

// DocsPerChunk sets the number of term chunks: one per this many
// documents. With the postings of a typical document (a few hundred
// distinct words) a chunk holds some tens of kilobytes.
const DocsPerChunk = 32

// TextLimit is the most bytes of a document's text kept in its file, for
// the snippet shown under a result. The whole text is indexed.
const TextLimit = 4000

// Entry is one searchable page, or one part of a page.
type Entry struct {
	URL     string `json:"u"`
	Title   string `json:"t"`
	Kind    string `json:"k"`
	Summary string `json:"s,omitempty"`
	Text    string `json:"x"`
}

// Entries returns the index entries of a site, in a fixed order: points,
// sources, events, pages.
func Entries(m *xref.Model) []Entry {
	var out []Entry
	eachEntry(m, func(e Entry, raw []byte) {
		e.Text = string(fold(raw, len(raw)))
		out = append(out, e)
	})
	return out
}

// eachEntry calls fn with each index entry of a site, in the order of
// Entries, made one at a time: e without its text, and raw, the text
// before its white space is folded (see fold), in a buffer that fn may
// change and the next call overwrites.
func eachEntry(m *xref.Model, fn func(e Entry, raw []byte)) {
	// An entry's text is its parts joined by spaces, made in raw: the
	// prose is made as plain text into raw, not as strings.
	var raw []byte
	str := func(s string) {
		raw = append(raw, s...)
		raw = append(raw, ' ')
	}
	prose := func(p *xref.Prose) {
		if !p.Empty() {
			raw = p.Doc.AppendPlainText(raw)
		}
		raw = append(raw, ' ')
	}
	for _, p := range m.Points {
		raw = raw[:0]
		str(p.Point.Text)
		str(p.Assessment)
		prose(p.Commentary)
		for _, c := range p.Changes {
			str(c.Version.Title)
			str(c.Status)
			prose(c.Note)
		}
		fn(Entry{URL: p.Path(), Title: p.Doc.Title, Kind: "point", Summary: p.Summary}, raw)
	}
	for _, s := range m.Sources {
		raw = raw[:0]
		str(s.Subtitle)
		str(s.Outlet)
		for i, a := range s.Authors {
			if i > 0 {
				raw = append(raw, ", "...)
			}
			raw = append(raw, a...)
		}
		raw = append(raw, ' ')
		prose(s.Intro)
		for _, para := range s.Paras {
			str(para.Text)
		}
		for _, g := range s.Glosses {
			prose(g.Text)
		}
		fn(Entry{URL: s.Path(), Title: s.Title, Kind: "source", Summary: summary(s)}, raw)
	}
	for _, e := range m.Events {
		raw = raw[:0]
		prose(e.Text)
		fn(Entry{
			URL: e.Doc.Path + "#" + e.ID(), Title: e.Title, Kind: "event",
			Summary: e.Date.Format("2 January 2006"),
		}, raw)
	}
	for _, p := range m.Pages {
		raw = raw[:0]
		prose(p.Text)
		fn(Entry{URL: p.Path(), Title: p.Title, Kind: "page", Summary: p.Description}, raw)
	}
}

// Count returns the number of documents Entries gives for m, without
// making them.
func Count(m *xref.Model) int {
	return len(m.Points) + len(m.Sources) + len(m.Events) + len(m.Pages)
}

// ChunkCount returns the number of term chunk files of an index of docs
// documents.
func ChunkCount(docs int) int {
	return max(1, (docs+DocsPerChunk-1)/DocsPerChunk)
}

// Names returns the paths of every file of an index of docs documents, the
// meta file first.
func Names(docs int) []string {
	names := []string{Meta}
	for i := range ChunkCount(docs) {
		names = append(names, ChunkName(i))
	}
	for j := range docs {
		names = append(names, DocName(j))
	}
	return names
}

// ChunkName returns the path of term chunk i.
func ChunkName(i int) string { return Dir + "t" + strconv.Itoa(i) + ".json" }

// DocName returns the path of document j.
func DocName(j int) string { return Dir + "d" + strconv.Itoa(j) + ".json" }

// Field bits of a posting.
const (
	InTitle   = 1
	InSummary = 2
	InText    = 4
)

// Files returns every file of the index of entries, by path (see Names).
// points is how many of the entries, at the start, are points.
func Files(entries []Entry, points int) (map[string][]byte, error) {
	x := newIndexer(len(entries))
	for _, e := range entries {
		x.add(e)
	}
	return x.files(points)
}

// Index returns every file of the index of the site m, by path, as
// Files(Entries(m), len(m.Points)) does, but makes the entries one at a
// time and keeps of each only its document file and its postings.
func Index(m *xref.Model) (map[string][]byte, error) {
	x := newIndexer(Count(m))
	eachEntry(m, func(e Entry, raw []byte) {
		// White space is no part of a term, so the terms of raw are
		// those of its white space folded: only what the document's
		// file keeps of it is folded.
		addTerms(x, e, raw)
		addFile(x, e, cut(fold(raw, TextLimit), TextLimit))
	})
	return x.files(len(m.Points))
}

// indexer makes the files of an index one entry at a time: each entry's
// document file, and each term's postings encoded as they grow.
type indexer struct {
	docs    [][]byte             // the file of each document so far
	terms   map[string]*postings // by term
	touched []*postings          // the terms of the current document
	fold    []byte               // eachFoldedTerm's buffer
	doc     []byte               // addFile's buffer
	recent  *termCache           // in front of terms
}

// termCache is a direct-mapped cache in front of an indexer's terms: most
// of a text's terms are a few hundred common words, and a term of up to 8
// bytes is found in it by comparing two integers, without hashing the
// term or reading a string.
type termCache [1 << termCacheBits]struct {
	key uint64 // the term's first 8 bytes (termKey)
	n   int    // its length; 0 for an empty slot
	p   *postings
}

const termCacheBits = 12

// termKey returns the first 8 bytes of t as a number, 0 bytes after its
// end.
func termKey(t []byte) uint64 {
	if len(t) >= 8 {
		return binary.LittleEndian.Uint64(t)
	}
	if cap(t) >= 8 {
		// A term is a piece of the folded text, which most often goes on
		// past it: read 8 bytes at once and clear those after the term.
		return binary.LittleEndian.Uint64(t[:8]) & (1<<(8*len(t)) - 1)
	}
	var k uint64
	for i := len(t) - 1; i >= 0; i-- {
		k = k<<8 | uint64(t[i])
	}
	return k
}

// postingsOf returns the postings of term t, made if it has none yet.
func (x *indexer) postingsOf(t []byte) *postings {
	k := termKey(t)
	slot := &x.recent[(k^uint64(len(t)))*0x9E3779B97F4A7C15>>(64-termCacheBits)]
	if slot.n == len(t) && slot.key == k && (len(t) <= 8 || string(t[8:]) == slot.p.term[8:]) {
		return slot.p
	}
	p := x.terms[string(t)]
	if p == nil {
		p = &postings{term: string(t)}
		x.terms[p.term] = p
	}
	slot.key, slot.n, slot.p = k, len(t), p
	return p
}

// postings are a term's postings, encoded (see Digits), and what the
// current document adds.
type postings struct {
	term   string
	enc    []byte
	last   int // the last document in enc
	doc    int // the current document's number + 1 if it holds the term
	fields int // where the current document holds it
}

func newIndexer(docs int) *indexer {
	return &indexer{docs: make([][]byte, 0, docs), terms: map[string]*postings{}, recent: new(termCache)}
}

// add adds the next document.
func (x *indexer) add(e Entry) {
	addTerms(x, e, e.Text)
	addFile(x, e, cut(e.Text, TextLimit))
}

// addFile adds the file of the next document, e with text as its text
// (e.Text is not read): Index makes the text in a buffer, not as a
// string. It is made in x.doc, then copied at its size.
func addFile[T string | []byte](x *indexer, e Entry, text T) {
	x.doc = append(appendDoc(x.doc[:0], e, text), '\n')
	x.docs = append(x.docs, append([]byte(nil), x.doc...))
}

// addTerms adds the postings of the next document, e with text as its
// text (e.Text is not read), before addFile adds its file.
func addTerms[T string | []byte](x *indexer, e Entry, text T) {
	j := len(x.docs)
	x.touched = x.touched[:0]
	bit := 0
	term := func(t []byte) {
		p := x.postingsOf(t)
		if p.doc != j+1 {
			p.doc, p.fields = j+1, 0
			x.touched = append(x.touched, p)
		}
		p.fields |= bit
	}
	bit = InTitle
	x.fold = eachFoldedTerm(e.Title, x.fold, term)
	bit = InSummary
	x.fold = eachFoldedTerm(e.Summary, x.fold, term)
	bit = InText
	x.fold = eachFoldedTerm(text, x.fold, term)
	for _, p := range x.touched {
		p.enc = appendPosting(p.enc, j-p.last, p.fields)
		p.last = j
	}
}

// appendDoc appends the JSON of e, with text as its text, as json.Marshal
// writes an Entry.
func appendDoc[T string | []byte](b []byte, e Entry, text T) []byte {
	b = jsonstr.Append(append(b, `{"u":`...), e.URL, true)
	b = jsonstr.Append(append(b, `,"t":`...), e.Title, true)
	b = jsonstr.Append(append(b, `,"k":`...), e.Kind, true)
	if e.Summary != "" {
		b = jsonstr.Append(append(b, `,"s":`...), e.Summary, true)
	}
	b = jsonstr.Append(append(b, `,"x":`...), text, true)
	return append(b, '}')
}

// files returns the files of the index; points is how many of the
// documents, at the start, are points.
func (x *indexer) files(points int) (map[string][]byte, error) {
	n := ChunkCount(len(x.docs))
	files := make(map[string][]byte, len(x.docs)+n+1)
	for j, b := range x.docs {
		files[DocName(j)] = b
	}
	terms := make([]*postings, 0, len(x.terms))
	for _, p := range x.terms {
		terms = append(terms, p)
	}
	slices.SortFunc(terms, func(a, b *postings) int { return strings.Compare(a.term, b.term) })
	starts, chunks := split(terms, n)
	for i := range n {
		b := []byte("{}\n")
		if i < len(chunks) {
			b = chunks[i]
		}
		files[ChunkName(i)] = b
	}
	meta, err := json.Marshal(struct {
		V      int      `json:"v"`
		Docs   int      `json:"docs"`
		Points int      `json:"points"`
		Chunks []string `json:"chunks"`
	}{1, len(x.docs), points, starts})
	if err != nil {
		return nil, fmt.Errorf("search index: %w", err)
	}
	files[Meta] = append(meta, '\n')
	return files, nil
}

// Posting is one document that holds a term, and where.
type Posting struct {
	Doc    int
	Fields int
}

// Postings returns, for each term of the entries, the documents that hold
// it, in document order.
func Postings(entries []Entry) map[string][]Posting {
	x := newIndexer(len(entries))
	for _, e := range entries {
		x.add(e)
	}
	post := make(map[string][]Posting, len(x.terms))
	for t, p := range x.terms {
		post[t], _ = Decode(string(p.enc)) // made by appendPosting
	}
	return post
}

// split cuts the sorted terms into at most n chunks of about the same
// encoded size and returns each chunk's first term ("" for the first) and
// its JSON, with a final new line.
func split(terms []*postings, n int) ([]string, [][]byte) {
	total := 0
	for _, p := range terms {
		total += encodedLen(p)
	}
	target := total/n + 1
	var (
		starts []string
		chunks [][]byte
		cur    []byte
		size   int // of the chunk so far, the closing brace left out
	)
	// The chunks are sized before they are made, so that each is made in
	// one piece of the right size.
	sizes := make([]int, 0, n)
	for _, p := range terms {
		if size == 0 {
			size = 1
		} else {
			size++
		}
		size += encodedLen(p)
		if size >= target && len(sizes) < n-1 {
			sizes = append(sizes, size)
			size = 0
		}
	}
	if size > 0 {
		sizes = append(sizes, size)
	}
	for _, p := range terms {
		if cur == nil {
			start := p.term
			if len(starts) == 0 {
				start = ""
			}
			starts = append(starts, start)
			cur = make([]byte, 0, sizes[len(chunks)]+2)
			cur = append(cur, '{')
		} else {
			cur = append(cur, ',')
		}
		cur = appendTerm(cur, p)
		if len(cur) == sizes[len(chunks)] && len(chunks) < len(sizes)-1 {
			chunks = append(chunks, append(cur, '}', '\n'))
			cur = nil
		}
	}
	if cur != nil {
		chunks = append(chunks, append(cur, '}', '\n'))
	}
	if len(starts) == 0 {
		starts = []string{""}
	}
	return starts, chunks
}

// appendTerm appends "term":"postings" as JSON.
func appendTerm(b []byte, p *postings) []byte {
	b = appendQuoted(b, p.term)
	b = append(b, ':', '"')
	b = append(b, p.enc...)
	return append(b, '"')
}

// encodedLen is the length of appendTerm's text.
func encodedLen(p *postings) int {
	return quotedLen(p.term) + 3 + len(p.enc)
}

// appendQuoted appends t as json.Marshal writes it. A term is letters,
// digits and apostrophes (see Terms), which JSON holds as they are, but for
// an odd one json.Marshal decides.
func appendQuoted(b []byte, t string) []byte {
	if plainTerm(t) {
		b = append(b, '"')
		b = append(b, t...)
		return append(b, '"')
	}
	q, _ := json.Marshal(t) // a string always encodes
	return append(b, q...)
}

func quotedLen(t string) int {
	if plainTerm(t) {
		return len(t) + 2
	}
	q, _ := json.Marshal(t)
	return len(q)
}

// plainTerm reports whether t needs no escaping in JSON: no control
// character, ", \\, <, >, &, U+2028, U+2029 or invalid UTF-8.
func plainTerm(t string) bool {
	for _, r := range t {
		switch {
		case r < ' ', r == '"', r == '\\', r == '<', r == '>', r == '&', r == '\u2028', r == '\u2029', r == utf8.RuneError:
			return false
		}
	}
	return true
}

// appendPosting appends one posting: the gap from the previous document
// and the fields, as one number in base 32, most significant digit first.
func appendPosting(b []byte, gap, fields int) []byte {
	v := gap<<3 | fields
	var groups [12]byte
	k := 0
	for {
		groups[k] = byte(v & 31)
		k++
		v >>= 5
		if v == 0 {
			break
		}
	}
	for i := k - 1; i >= 0; i-- {
		d := groups[i]
		if i > 0 {
			d += 32
		}
		b = append(b, Digits[d])
	}
	return b
}

// Digits are the digits of the postings' numbers (see the package doc).
const Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"

// Decode reads a term's postings back, as the script does.
func Decode(s string) ([]Posting, error) {
	var out []Posting
	v, j := 0, 0
	for i := 0; i < len(s); i++ {
		d := strings.IndexByte(Digits, s[i])
		if d < 0 {
			return nil, fmt.Errorf("postings: bad digit %q", s[i])
		}
		v = v<<5 | d&31
		if d < 32 {
			j += v >> 3
			out = append(out, Posting{j, v & 7})
			v = 0
		}
	}
	if v != 0 {
		return nil, errors.New("postings: unfinished number")
	}
	return out, nil
}

// Fold returns s folded for matching: accents stripped (NFD, then the
// combining marks U+0300–U+036F dropped), lower case, curly quotes and
// primes as ' and ", dashes as -. The theme's script folds queries the
// same way. A byte of s that is not valid UTF-8 reads as U+FFFD.
func Fold(s string) string {
	return string(appendFold(make([]byte, 0, len(s)), s))
}

// appendFold appends Fold(s) to dst.
func appendFold[T string | []byte](dst []byte, s T) []byte {
	for i := 0; i < len(s); {
		// A run of ASCII, which NFD leaves as it is and no rule below
		// changes but for case, is copied whole and then put in lower
		// case; the rest goes through NFD a run at a time. ASCII
		// characters are starters that never decompose, so the runs
		// normalise as the whole would.
		j := i
		for j+8 <= len(s) && wordbits.ASCII(s, j) {
			j += 8
		}
		for j < len(s) && s[j] < utf8.RuneSelf {
			j++
		}
		start := len(dst)
		dst = append(dst, s[i:j]...)
		lowerASCII(dst[start:])
		i = j
		for j < len(s) && s[j] >= utf8.RuneSelf {
			j++
		}
		if i < j {
			run := string(s[i:j])
			if !utf8.ValidString(run) {
				// Each invalid byte is U+FFFD, as it would be read
				// anyway, before NFD: NFD takes a lead byte whose
				// sequence the end of its input cuts as incomplete and
				// copies what follows as it is ("\xf2Š" kept its Š),
				// so the fold of the same bytes depended on what came
				// after them.
				run = validUTF8(run)
			}
			dst = appendFoldRunes(dst, norm.NFD.String(run))
			i = j
		}
	}
	return dst
}

// validUTF8 returns s with each byte that is not part of a valid UTF-8
// sequence replaced by U+FFFD, as ranging over s reads it.
func validUTF8(s string) string {
	b := make([]byte, 0, len(s)+8)
	for _, r := range s {
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// lowerASCII puts the ASCII text b in lower case, eight bytes at a time
// where it can: a byte from 'A' to 'Z' gets the bit 0x20. The bytes are
// below 0x80, so adding to each cannot carry into the next, and the sums'
// high bits tell which bytes are at least 'A' and which are past 'Z'.
func lowerASCII(b []byte) {
	i := 0
	for ; i+8 <= len(b); i += 8 {
		x := binary.LittleEndian.Uint64(b[i:])
		upper := (x + (0x80-'A')*ones) &^ (x + (0x80-'Z'-1)*ones) & highs
		binary.LittleEndian.PutUint64(b[i:], x|upper>>2)
	}
	for ; i < len(b); i++ {
		if c := b[i]; 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
}

// appendFoldRunes appends the NFD text s folded (see Fold) to dst.
func appendFoldRunes(dst []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r >= 0x300 && r <= 0x36f:
			continue
		case strings.ContainsRune("‘’‚‛′", r):
			r = '\''
		case strings.ContainsRune("“”„‟″", r):
			r = '"'
		case strings.ContainsRune("‐‑‒–—―−", r):
			r = '-'
		}
		dst = utf8.AppendRune(dst, unicode.ToLower(r))
	}
	return dst
}

// Terms returns the terms of s, folded, in order, with repeats: runs of
// letters, digits and apostrophes, without apostrophes at either end.
func Terms(s string) []string {
	var out []string
	eachTerm(appendFold(nil, s), func(t []byte) { out = append(out, string(t)) })
	return out
}

// eachTerm calls fn with each term of the folded text f, in order, with
// repeats (see Terms); the terms are pieces of f.
func eachTerm(f []byte, fn func([]byte)) {
	for i := 0; i < len(f); {
		// Pass over the bytes between terms, then over a term: each in a
		// loop of its own, which for ASCII looks a byte up and nothing
		// else.
		if c := f[i]; c < utf8.RuneSelf && !asciiTerm[c] {
			i++
			continue
		}
		end := termEnd(f, i)
		if end == i { // a rune that is no part of a term
			_, size := utf8.DecodeRune(f[i:])
			i += size
			continue
		}
		emitTerm(f[i:end], fn)
		i = end
	}
}

// termEnd returns the end of the run of letters, digits and apostrophes
// (see inTerm) of f from i on.
func termEnd(f []byte, i int) int {
	for i < len(f) {
		if i+8 <= len(f) {
			// Eight bytes of ASCII: the first that is no part of a term
			// ends the term, found without a branch a byte.
			if x := binary.LittleEndian.Uint64(f[i:]); x&highs == 0 {
				if out := ^termBytes(x) & highs; out != 0 {
					return i + bits.TrailingZeros64(out)/8
				}
				i += 8
				continue
			}
		}
		if c := f[i]; c < utf8.RuneSelf {
			if !asciiTerm[c] {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(f[i:])
		if !inTerm(r) {
			return i
		}
		i += size
	}
	return i
}

const (
	ones  = wordbits.Ones
	highs = wordbits.Highs
)

// termBytes returns the high bit of each byte of x that is part of a term
// (asciiTerm): a letter, a digit or an apostrophe. The bytes of x must be
// ASCII: then adding to each cannot carry into the next, and the high bit
// of a sum tells whether the byte is at least some value.
func termBytes(x uint64) uint64 {
	atLeast := func(c byte) uint64 { return x + (0x80-uint64(c))*ones }
	letters := atLeast('a')&^atLeast('z'+1) | atLeast('A')&^atLeast('Z'+1)
	digits := atLeast('0') &^ atLeast('9'+1)
	return (letters|digits)&highs | wordbits.Eq(x, '\'')
}

// foldChunk is about how many bytes of a text eachFoldedTerm folds at a
// time.
const foldChunk = 64 << 10

// eachFoldedTerm calls fn with each term of Fold(s), as eachTerm(Fold(s),
// fn) does, but folds s a piece at a time, into buf, so that a long text
// is never held twice. It returns buf, which the terms are pieces of, for
// the next call. The pieces are cut before an ASCII byte that cannot be
// part of a term: Fold leaves it as it is and NFD does not reach across it
// (see Fold), so no term spans two pieces and the pieces fold as the
// whole.
func eachFoldedTerm[T string | []byte](s T, buf []byte, fn func([]byte)) []byte {
	for len(s) > 0 {
		n := len(s)
		if n > foldChunk {
			n = foldChunk
			for n < len(s) && (s[n] >= utf8.RuneSelf || inTerm(rune(s[n]))) {
				n++
			}
		}
		buf = appendFold(buf[:0], s[:n])
		eachTerm(buf, fn)
		s = s[n:]
	}
	return buf
}

func emitTerm(t []byte, fn func([]byte)) {
	if t[0] != '\'' && t[len(t)-1] != '\'' {
		fn(t) // most terms have no apostrophe at either end
		return
	}
	if t = bytes.Trim(t, "'"); len(t) > 0 {
		fn(t)
	}
}

// asciiTerm tells which ASCII bytes are part of a term (see inTerm).
var asciiTerm = func() (t [utf8.RuneSelf]bool) {
	for c := range rune(utf8.RuneSelf) {
		t[c] = inTerm(c)
	}
	return t
}()

// inTerm reports whether r is part of a term: a letter, a digit or an
// apostrophe.
func inTerm(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '\''
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.N, r)
}

// cut returns s cut to at most n bytes, at a rune boundary.
func cut[T string | []byte](s T, n int) T {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// fold folds the white space of t in place and returns what it holds
// then: words joined by single spaces, none at either end. Texts joined by
// spaces and then folded are the texts folded and joined, so an entry's
// parts are joined first. Folding never makes a text longer, so the
// folded text is written over what has been read. It stops when it has
// more than limit bytes, if it does before the end: then it returns the
// start of the folded text, and the rest of t is left as it is.
func fold(t []byte, limit int) []byte {
	w := 0         // the folded text so far is t[:w]
	space := false // a space is due before the next word
	for i := 0; i < len(t) && w <= limit; {
		c := t[i]
		if c < utf8.RuneSelf {
			if asciiSpace[c] {
				space = w > 0
				i++
				continue
			}
			// A run of ASCII words with single spaces between them,
			// which fold leaves as it is, is copied whole, or as much
			// of it as takes the text past limit.
			j, end := i+1, min(len(t), i+limit+2-w)
			for j < end && t[j] < utf8.RuneSelf {
				if j+8 <= end && plainWords(binary.LittleEndian.Uint64(t[j:])) {
					j += 8
				} else if !asciiSpace[t[j]] {
					j++
				} else if t[j] == ' ' && j+1 < len(t) && t[j+1] < utf8.RuneSelf && !asciiSpace[t[j+1]] {
					j += 2
				} else {
					break
				}
			}
			if space {
				t[w] = ' '
				w++
				space = false
			}
			w += copy(t[w:], t[i:j])
			i = j
			continue
		}
		r, size := utf8.DecodeRune(t[i:])
		if unicode.IsSpace(r) {
			space = w > 0
		} else {
			if space {
				t[w] = ' '
				w++
				space = false
			}
			w += copy(t[w:], t[i:i+size])
		}
		i += size
	}
	return t[:w]
}

// plainWords reports whether the 8 bytes of v (little-endian) are part of
// a run that fold copies whole after a byte that is no space: ASCII with
// no control character, no two spaces together, and no space last. It
// tests them at once with the bit tricks of "Bit Twiddling Hacks"
// (Determine if a word has a byte less than n; see wordbits).
func plainWords(v uint64) bool {
	if v&highs != 0 || (v-0x20*ones)&^v&highs != 0 {
		return false // not ASCII, or a byte below ' '
	}
	spaces := wordbits.Eq(v, ' ')
	return spaces&(spaces>>8) == 0 && spaces>>56 == 0
}

// asciiSpace is strings.Fields' set of ASCII white space.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

func summary(s *xref.Source) string {
	parts := []string{}
	if s.Outlet != "" {
		parts = append(parts, s.Outlet)
	}
	if !s.Date.IsZero() {
		parts = append(parts, s.Date.Format("2 January 2006"))
	}
	return strings.Join(parts, ", ")
}
