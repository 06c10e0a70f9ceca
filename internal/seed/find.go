package seed

import (
	"cmp"
	"context"
	"slices"
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
// a source cited fifty times is normalized once, not fifty times. It keeps
// only the normalized text; the map back to the original is made for the
// few paragraphs a quote is found in, so that a big seed costs its size
// once more, not five times more. An Index is safe for concurrent use.
type Index struct {
	orig, norm []string
	// same[i] says that norm[i] is orig[i], byte for byte, so that a
	// match in it needs no map back (see normal).
	same []bool
	// pairs[i] is the byte pairs of norm[i].
	pairs []pairSet
}

// NewIndex normalizes paras for Find.
func NewIndex(paras []Para) *Index {
	x := &Index{orig: make([]string, len(paras)), norm: make([]string, len(paras)), same: make([]bool, len(paras)), pairs: make([]pairSet, len(paras))}
	for i, p := range paras {
		x.orig[i] = p.Text
		if normal(p.Text) {
			x.norm[i], x.same[i] = p.Text, true
		} else {
			x.norm[i], _ = normalize(p.Text, false)
		}
		x.pairs[i] = pairsOf(x.norm[i])
	}
	return x
}

// pairSet is the set of the pairs of adjacent bytes of a text, each hashed
// to one of 256 bits. A text that holds a quote holds every pair of it, so
// a paragraph whose set lacks a bit of the quote's cannot hold the quote
// and is not searched: most quotes of a source are in one of its
// paragraphs, and a quote of forty bytes sets enough bits that another
// paragraph of a few hundred (which sets about half of them) almost never
// has them all.
type pairSet [4]uint64

func pairsOf(s string) pairSet {
	var p pairSet
	for i := 1; i < len(s); i++ {
		h := (uint32(s[i-1])<<8 | uint32(s[i])) * 0x9e3779b1 >> 24
		p[h>>6] |= 1 << (h & 63)
	}
	return p
}

// has reports whether p has every pair of q.
func (p *pairSet) has(q *pairSet) bool {
	return q[0]&^p[0]|q[1]&^p[1]|q[2]&^p[2]|q[3]&^p[3] == 0
}

// Find is Find over the paragraphs of the index.
func (x *Index) Find(quote string) []Match {
	q := normQuote(quote)
	if q == "" {
		return nil
	}
	qp := pairsOf(q)
	var ms []Match
	for i, n := range x.norm {
		if !x.pairs[i].has(&qp) || !strings.Contains(n, q) {
			continue
		}
		if x.same[i] {
			// Every byte is a character of its own: every occurrence is
			// on character boundaries, at the same offsets in the
			// original (text.index with a map that is the identity).
			for a := 0; a+len(q) <= len(n); a++ {
				k := strings.Index(n[a:], q)
				if k < 0 {
					break
				}
				a += k
				ms = append(ms, Match{Para: i, Start: a, End: a + len(q)})
			}
			continue
		}
		t := newText(x.orig[i])
		for _, a := range t.index(q) {
			ms = append(ms, Match{Para: i, Start: int(t.m[a]), End: int(t.m[a+len(q)])})
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
// The work is bounded, however long the quote and big the text: see
// ClosestContext.
func Closest(paras []Para, quote string) (m Match, ok bool) {
	m, ok, _ = ClosestContext(context.Background(), paras, quote)
	return m, ok
}

// Bounds of Closest's work for one quote.
const (
	// closestBudget is the most cells of the edit-distance table filled
	// for one quote: the whole text when that fits (a few thousand words
	// of text for a long quote, far more for a short one), else only the
	// passages most likely to win.
	closestBudget = 4 << 20
	// closestWords is how many of a quote's words are compared; the rest
	// of a longer quote is not.
	closestWords = 600
	// closestCandidates is the most passages compared when the whole text
	// does not fit the budget.
	closestCandidates = 8
)

// ClosestContext is Closest, stopping with ctx's error when ctx is done.
//
// The edit distance of the quote to every passage of a big text would cost
// the quote's words times the text's. When that is more than a budget,
// Closest first scores every window of the quote's length in each
// paragraph by the words and word pairs (bigrams) it shares with the quote,
// in one pass over the text, and computes the edit distance only around the
// few best windows. A quote longer than closestWords words is compared by
// its first closestWords words. So the time grows with the size of the text,
// not with its size times the quote's.
func ClosestContext(ctx context.Context, paras []Para, quote string) (m Match, ok bool, err error) {
	qw := words(newText(quote))
	if len(qw) == 0 {
		return Match{}, false, nil
	}
	qw = qw[:min(len(qw), closestWords)]
	v := vocab{ids: make(map[string]int), keys: make(map[string]int)}
	v.label(qw, true)
	n := len(qw)
	pairs := make(map[[2]int]bool, n)
	for i := 1; i < n; i++ {
		pairs[[2]int{qw[i-1].keyID, qw[i].keyID}] = true
	}

	// Pass 1: the best window of each paragraph, by words shared.
	type window struct{ para, start, score, words int }
	var wins []window
	var keys []int
	total := 0
	for pi, p := range paras {
		if pi%64 == 0 {
			if err := ctx.Err(); err != nil {
				return Match{}, false, err
			}
		}
		nt, _ := normalize(p.Text, false)
		keys = keyIDs(nt, v.keys, keys[:0])
		if len(keys) == 0 {
			continue
		}
		total += len(keys)
		start, score := bestWindow(keys, n, pairs)
		wins = append(wins, window{para: pi, start: start, score: score, words: len(keys)})
	}
	type region struct{ para, lo, hi int }
	var regions []region
	if total*n <= closestBudget {
		for _, w := range wins {
			regions = append(regions, region{w.para, 0, w.words})
		}
	} else {
		// The best-scoring windows, the earliest first among equals,
		// each with half a quote's length of words around it.
		slices.SortStableFunc(wins, func(a, b window) int { return cmp.Compare(b.score, a.score) })
		k := max(1, min(closestCandidates, closestBudget/(2*n*n)))
		for _, w := range wins[:min(k, len(wins))] {
			regions = append(regions, region{w.para, max(0, w.start-n/2), min(w.words, w.start+n+n/2)})
		}
	}

	// Pass 2: the edit distance around each region. The best passage so
	// far: smallest distance, then earliest, then the closest in length
	// to the quote.
	best := struct {
		dist, para, start, slack int
		m                        Match
	}{dist: -1}
	var prev, cur, prevStart, curStart []int
	for ri, rg := range regions {
		if ri%64 == 0 {
			if err := ctx.Err(); err != nil {
				return Match{}, false, err
			}
		}
		t := newText(paras[rg.para].Text)
		all := words(t)
		v.label(all, false)
		tw := all[rg.lo:rg.hi]
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
				cmp.Compare(d, best.dist), cmp.Compare(rg.para, best.para),
				cmp.Compare(rg.lo+s, best.start), cmp.Compare(slack, best.slack)) < 0 {
				best.dist, best.para, best.start, best.slack = d, rg.para, rg.lo+s, slack
				best.m = Match{Para: rg.para, Start: int(t.m[tw[s].start]), End: int(t.m[tw[j-1].end])}
			}
		}
	}
	if best.dist < 0 || best.dist > n*costChange/2 {
		return Match{}, false, nil
	}
	return best.m, true, nil
}

// bestWindow returns the start of the run of n words (or all of them, if
// fewer) of a paragraph whose words have the key ids keys that shares the
// most with the quote, and its score: one for each word whose key is a
// quote word's, one more for each pair of words that follow each other in
// the quote too. Ties go to the earliest.
func bestWindow(keys []int, n int, pairs map[[2]int]bool) (start, score int) {
	hit := func(j int) int {
		h := 0
		if keys[j] >= 0 {
			h++
			if j > 0 && keys[j-1] >= 0 && pairs[[2]int{keys[j-1], keys[j]}] {
				h++
			}
		}
		return h
	}
	w := min(n, len(keys))
	sum := 0
	for j := range w {
		sum += hit(j)
	}
	start, score = 0, sum
	for j := w; j < len(keys); j++ {
		sum += hit(j) - hit(j-w)
		if sum > score {
			start, score = j-w+1, sum
		}
	}
	return start, score
}

// keyIDs appends to ids the id in keys of each word of the normalized text
// n (-1 for a word not in keys), as words would label them, without the
// rest of what words keeps.
func keyIDs(n string, keys map[string]int, ids []int) []int {
	for i := 0; i < len(n); {
		if n[i] == ' ' {
			i++
			continue
		}
		j := strings.IndexByte(n[i:], ' ')
		if j < 0 {
			j = len(n)
		} else {
			j += i
		}
		id, ok := keys[wordKey(n[i:j])]
		if !ok {
			id = -1
		}
		ids = append(ids, id)
		i = j
	}
	return ids
}

// wordKey returns the key of the word s: lower case, without the
// punctuation around it, or s itself if nothing else is left.
func wordKey(s string) string {
	key := strings.ToLower(strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSymbol(r)
	}))
	if key == "" {
		return s // a dash or other mark standing alone
	}
	return key
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
		ws = append(ws, word{s: s, key: wordKey(s), start: i, end: j})
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
