package seed

import (
	"cmp"
	"strings"
	"unicode"
)

// Match is a passage of a paragraph.
type Match struct {
	Para       int // index into the paras slice passed in (not Para.N)
	Start, End int // byte offsets of the occurrence in paras[Para].Text (original text, not normalized)
}

// Find returns every occurrence of quote in paras, compared after Normalize
// and with the quote's leading and trailing white space trimmed, in order of
// paragraph and offset. Overlapping occurrences count: "aa" occurs twice in
// "aaa". An occurrence must begin and end on whole characters of the text,
// so "..." matches an ellipsis but ".." does not. An empty quote has no
// matches. A quote never spans paragraphs.
func Find(paras []Para, quote string) []Match {
	return NewIndex(paras).Find(quote)
}

// Index holds paragraphs normalized once, for finding many quotes in them:
// a source cited fifty times is normalized once, not fifty times.
type Index struct {
	texts []text
}

// NewIndex normalizes paras for Find.
func NewIndex(paras []Para) *Index {
	x := &Index{texts: make([]text, len(paras))}
	for i, p := range paras {
		x.texts[i] = newText(p.Text)
	}
	return x
}

// Find is Find over the paragraphs of the index.
func (x *Index) Find(quote string) []Match {
	q := normQuote(quote)
	if q == "" {
		return nil
	}
	var ms []Match
	for i, t := range x.texts {
		for _, a := range t.index(q) {
			ms = append(ms, Match{Para: i, Start: t.m[a], End: t.m[a+len(q)]})
		}
	}
	return ms
}

// Closest returns the passage of paras most like quote, for a "did you mean"
// hint when Find has found nothing, and whether it is close at all.
//
// It compares words, not characters: the passage is the run of whole words
// of one paragraph with the smallest word-level edit distance to the quote's
// words (after Normalize). A word that differs only in case or surrounding
// punctuation costs a quarter of a change and one with a one-letter typo
// half; ties go to the earliest passage. The passage is not close, and ok is
// false, if more than half of the quote's words would have to change.
//
// Its running time grows with the number of words in the quote times the
// number of words in paras.
func Closest(paras []Para, quote string) (m Match, ok bool) {
	qw := words(newText(quote))
	if len(qw) == 0 {
		return Match{}, false
	}
	v := vocab{ids: make(map[string]int), keys: make(map[string]int)}
	v.label(qw, true)
	n := len(qw)
	// The best passage so far: smallest distance, then earliest, then the
	// closest in length to the quote.
	best := struct {
		dist, para, start, slack int
		m                        Match
	}{dist: -1}
	var prev, cur, prevStart, curStart []int
	for pi, p := range paras {
		t := newText(p.Text)
		tw := words(t)
		if len(tw) == 0 {
			continue
		}
		v.label(tw, false)
		// Sellers' algorithm: an edit distance in which the passage may start
		// and end anywhere in the paragraph. Row i holds, for each end j, the
		// cost of matching the first i quote words to a passage ending before
		// word j, and where that passage starts.
		prev, cur = grow(prev, len(tw)+1), grow(cur, len(tw)+1)
		prevStart, curStart = grow(prevStart, len(tw)+1), grow(curStart, len(tw)+1)
		for j := range prev {
			prev[j], prevStart[j] = 0, j
		}
		for i := 1; i <= n; i++ {
			cur[0], curStart[0] = i*costChange, 0
			q := &qw[i-1]
			for j := 1; j <= len(tw); j++ {
				// Prefer aligning words one to one, so that the passage is
				// about as long as the quote.
				c, s := prev[j-1]+cost(q, &tw[j-1]), prevStart[j-1]
				if d := prev[j] + costChange; d < c {
					c, s = d, prevStart[j]
				}
				if d := cur[j-1] + costChange; d < c {
					c, s = d, curStart[j-1]
				}
				cur[j], curStart[j] = c, s
			}
			prev, cur = cur, prev
			prevStart, curStart = curStart, prevStart
		}
		for j := 1; j <= len(tw); j++ {
			d, s := prev[j], prevStart[j]
			if s >= j {
				continue // no words at all
			}
			slack := abs(j - s - n)
			if best.dist < 0 || cmp.Or(
				cmp.Compare(d, best.dist), cmp.Compare(pi, best.para),
				cmp.Compare(s, best.start), cmp.Compare(slack, best.slack)) < 0 {
				best.dist, best.para, best.start, best.slack = d, pi, s, slack
				best.m = Match{Para: pi, Start: t.m[tw[s].start], End: t.m[tw[j-1].end]}
			}
		}
	}
	if best.dist < 0 || best.dist > n*costChange/2 {
		return Match{}, false
	}
	return best.m, true
}

// The costs of Closest's edit distance, in quarters of a changed word.
const (
	costCase   = 1 // same word but for case and punctuation around it
	costTypo   = 2 // one letter added, dropped or changed
	costChange = 4 // a different word, or one added or dropped
)

// word is a word of a normalized text: a run of bytes other than space.
type word struct {
	s          string // as in the normalized text
	key        string // lower case, without the punctuation around it
	start, end int    // offsets in the normalized text
	id, keyID  int    // s and key as numbers, so that comparing is cheap; see vocab
}

// vocab numbers the words of a quote and their keys. Words of the text that
// are not in the quote get -1.
type vocab struct {
	ids, keys map[string]int
}

// label sets the id and keyID of ws, adding new words if add is set.
func (v vocab) label(ws []word, add bool) {
	number := func(m map[string]int, s string) int {
		id, ok := m[s]
		if !ok {
			if !add {
				return -1
			}
			id = len(m)
			m[s] = id
		}
		return id
	}
	for i := range ws {
		ws[i].id = number(v.ids, ws[i].s)
		ws[i].keyID = number(v.keys, ws[i].key)
	}
}

func words(t text) []word {
	var ws []word
	for i := 0; i < len(t.n); {
		if t.n[i] == ' ' {
			i++
			continue
		}
		j := strings.IndexByte(t.n[i:], ' ')
		if j < 0 {
			j = len(t.n)
		} else {
			j += i
		}
		s := t.n[i:j]
		key := strings.ToLower(strings.TrimFunc(s, func(r rune) bool {
			return unicode.IsPunct(r) || unicode.IsSymbol(r)
		}))
		if key == "" {
			key = s // a dash or other mark standing alone
		}
		ws = append(ws, word{s: s, key: key, start: i, end: j})
		i = j
	}
	return ws
}

// cost returns the cost of putting text word t for quote word q.
func cost(q, t *word) int {
	switch {
	case q.id == t.id:
		return 0
	case q.keyID == t.keyID:
		return costCase
	case len(q.key) >= 4 && len(t.key) >= 4 && oneEdit(q.key, t.key):
		return costTypo
	}
	return costChange
}

// oneEdit reports whether a and b differ by one inserted, deleted or changed
// byte, which is one letter of a Latin-script word.
func oneEdit(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return a[i+1:] == b[i+1:]
	}
	return a[i:] == b[i+1:]
}

// grow returns s with length n, reusing its array if it is large enough.
func grow(s []int, n int) []int {
	if cap(s) >= n {
		return s[:n]
	}
	return make([]int, n)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
