package diag

import (
	"strings"
	"unicode/utf8"
)

// Suggest returns the candidate closest to s, for a "did you mean" hint, or
// "" if none is close: at most a third of the longer string may differ (and
// at least one edit is always allowed; swapping two neighbours is one edit).
// Failing that, a single candidate that starts with s (of at least three
// characters) is close: "heflin" suggests "heflin-conversation". Comparison
// ignores case; ties go to the earlier candidate.
func Suggest(s string, candidates []string) string {
	if best := closest(s, candidates); best != "" {
		return best
	}
	var prefixed []string
	for _, c := range candidates {
		if utf8.RuneCountInString(s) >= 3 && strings.HasPrefix(strings.ToLower(c), strings.ToLower(s)) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

func closest(s string, candidates []string) string {
	best, bestDist := "", -1
	ls := strings.ToLower(s)
	for _, c := range candidates {
		d := distance(ls, strings.ToLower(c))
		limit := max(1, max(len([]rune(s)), len([]rune(c)))/3)
		if d > limit {
			continue
		}
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the optimal string alignment distance between a and b, in
// runes: Levenshtein's, with the swap of two neighbouring letters counted as
// one edit, the commonest typo.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
