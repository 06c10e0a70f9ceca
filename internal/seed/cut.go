package seed

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/diag"
)

// Spec says where one excerpt is; it comes from a source file's front matter.
type Spec struct {
	ID       string        // source id, used in messages
	Pos      diag.Position // where the source names the seed (fallback position for diagnostics)
	Start    string        // start anchor; "" means "the rest of the seed" (see package doc)
	StartPos diag.Position // where the start anchor is written
	End      string        // optional end anchor
	EndPos   diag.Position
	Roles    []RoleSpec
}

// RoleSpec gives the paragraph of an excerpt that holds Anchor the role
// Role.
type RoleSpec struct {
	Role   Role
	Anchor string
	Pos    diag.Position // where the role is written
}

// Excerpt is the text of one source, cut out of a seed.
type Excerpt struct {
	ID    string
	Seed  *Seed
	Paras []Para
}

// Para is one paragraph of an excerpt: a non-empty line of its seed.
type Para struct {
	N    int    // 1-based number within the excerpt: the #pN anchor
	Line int    // 1-based line number in the seed
	Text string // the line's text with surrounding white space trimmed
	Role Role
}

// Cut cuts the excerpts given by specs out of s. It returns one Excerpt per
// spec, in the order of specs.
//
// Cut reports every problem it finds, at the positions given in the specs,
// and cuts what it can: an excerpt whose start or end anchor is not found
// exactly once has no paragraphs, and is left out when the default ends of
// the others are worked out; an excerpt whose end runs into the next one is
// reported but cut as written. A role whose anchor fails is not given.
func Cut(s *Seed, specs []Spec) ([]Excerpt, diag.List) {
	c := &cutter{s: s}

	xs := make([]Excerpt, len(specs))
	start := make([]int, len(specs)) // line index of the start; -1 if none
	end := make([]int, len(specs))   // line index of an explicit end; -1 if none
	failed := make([]bool, len(specs))
	rest := -1 // the spec that takes the rest of the seed
	for i, sp := range specs {
		xs[i] = Excerpt{ID: sp.ID, Seed: s}
		start[i], end[i] = -1, -1
		if sp.Start == "" {
			if rest >= 0 {
				c.diags.Add(diag.Errorf(sp.Pos,
					"source %q has no start anchor, but source %q already takes the rest of %s",
					sp.ID, specs[rest].ID, s.Path).
					WithHint("give one of them a start anchor"))
				failed[i] = true
			} else {
				rest = i
			}
			if sp.End != "" {
				c.diags.Errorf(cmp.Or(sp.EndPos, sp.Pos),
					"end anchor %q of source %q needs a start anchor", sp.End, sp.ID)
			}
			continue
		}
		var ok bool
		if start[i], ok = c.locate("start", sp.Start, sp.ID, cmp.Or(sp.StartPos, sp.Pos)); !ok {
			failed[i] = true
		}
		if sp.End != "" {
			if end[i], ok = c.locate("end", sp.End, sp.ID, cmp.Or(sp.EndPos, sp.Pos)); !ok {
				failed[i] = true
			}
		}
	}

	// Order the excerpts whose start is known by start line; each runs by
	// default up to the next one. An excerpt whose end anchor failed keeps
	// its place, so that its lines don't fall to the one before it.
	var order []int
	for i := range specs {
		if start[i] >= 0 {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(start[a], start[b]) })
	kept := order[:0]
	for _, i := range order {
		if k := len(kept); k > 0 && start[kept[k-1]] == start[i] {
			sp, o := specs[i], specs[kept[k-1]]
			c.diags.Add(diag.Errorf(cmp.Or(sp.StartPos, sp.Pos),
				"start anchor %q of source %q is on line %d of %s, where source %q starts too",
				sp.Start, sp.ID, s.Lines[start[i]].N, s.Path, o.ID).
				WithHint("start each excerpt on a line of its own"))
			failed[i] = true
			continue
		}
		kept = append(kept, i)
	}

	claimed := make([]bool, len(s.Lines))
	for k, i := range kept {
		if failed[i] {
			continue
		}
		sp := specs[i]
		first, next := start[i], len(s.Lines)
		if k+1 < len(kept) {
			next = start[kept[k+1]]
		}
		last := next - 1
		if end[i] >= 0 {
			last = end[i]
			switch {
			case last < first:
				c.diags.Errorf(cmp.Or(sp.EndPos, sp.Pos),
					"end anchor %q of source %q is on line %d, before its start on line %d",
					sp.End, sp.ID, s.Lines[last].N, s.Lines[first].N)
				failed[i] = true
				continue
			case last >= next:
				o := specs[kept[k+1]]
				c.diags.Add(diag.Errorf(cmp.Or(sp.EndPos, sp.Pos),
					"end anchor %q of source %q on line %d overlaps source %q, which starts on line %d",
					sp.End, sp.ID, s.Lines[last].N, o.ID, s.Lines[next].N).
					WithHint("end the excerpt before line %d, or leave out the end anchor", s.Lines[next].N))
			}
		}
		for j := first; j <= last; j++ {
			claimed[j] = true
		}
		xs[i].Paras = c.paras(first, last+1, nil)
	}
	if rest >= 0 {
		xs[rest].Paras = c.paras(0, len(s.Lines), claimed)
	}

	for i, sp := range specs {
		if !failed[i] && (start[i] >= 0 || i == rest) {
			c.roles(&xs[i], sp)
		}
	}
	return xs, c.diags
}

// cutter holds the state of one call of Cut.
type cutter struct {
	s     *Seed
	lines []string // the seed's lines, normalized; see norm
	all   []Para   // every non-empty line of the seed, for hints; see allParas
	diags diag.List
}

// norm returns the seed's lines, normalized, made the first time an anchor
// is looked for: a seed cut with no anchors (one source takes it whole) is
// never normalized here, and the maps back to the lines are made only for
// the lines an anchor is found in.
func (c *cutter) norm() []string {
	if c.lines == nil {
		c.lines = make([]string, len(c.s.Lines))
		for i, l := range c.s.Lines {
			c.lines[i], _ = normalize(l.Text, false)
		}
	}
	return c.lines
}

// paras returns the non-empty lines with index in [from, to) as paragraphs,
// skipping those marked in skip (if not nil).
func (c *cutter) paras(from, to int, skip []bool) []Para {
	var ps []Para
	for j := from; j < to; j++ {
		if skip != nil && skip[j] {
			continue
		}
		l := c.s.Lines[j]
		t := strings.TrimFunc(l.Text, func(r rune) bool { return unicode.IsSpace(r) || ignorable(r) })
		if t == "" {
			continue
		}
		ps = append(ps, Para{N: len(ps) + 1, Line: l.N, Text: t})
	}
	return ps
}

func (c *cutter) allParas() []Para {
	if c.all == nil {
		c.all = c.paras(0, len(c.s.Lines), nil)
	}
	return c.all
}

// locate returns the index of the line that holds anchor, the kind ("start"
// or "end") anchor of source id written at pos. It reports a diagnostic and
// returns false if the anchor doesn't occur exactly once in the seed.
func (c *cutter) locate(kind, anchor, id string, pos diag.Position) (int, bool) {
	q := normQuote(anchor)
	if q == "" {
		c.diags.Errorf(pos, "%s anchor of source %q is empty", kind, id)
		return -1, false
	}
	var at []int // line index of each occurrence
	for j, n := range c.norm() {
		if !strings.Contains(n, q) {
			continue
		}
		// A hit: count those on whole characters, with the line's map.
		for range newText(c.s.Lines[j].Text).index(q) {
			at = append(at, j)
		}
	}
	switch len(at) {
	case 1:
		return at[0], true
	case 0:
		d := diag.Errorf(pos, "%s anchor %q of source %q not found in %s", kind, anchor, id, c.s.Path)
		if h := closestHint(c.allParas(), anchor); h != "" {
			d = d.WithHint("%s", h)
		}
		c.diags.Add(d)
	default:
		lines := make([]int, len(at))
		for k, j := range at {
			lines[k] = c.s.Lines[j].N
		}
		c.diags.Add(diag.Errorf(pos, "%s anchor %q of source %q occurs %d times in %s (%s)",
			kind, anchor, id, len(at), c.s.Path, lineList(lines)).
			WithHint("quote more of the line to make it unique"))
	}
	return -1, false
}

// roles gives the paragraphs of x the roles of sp.
func (c *cutter) roles(x *Excerpt, sp Spec) {
	if len(sp.Roles) == 0 {
		return
	}
	// Each paragraph is normalized once, without its map; the map is made
	// only for a paragraph that holds an anchor.
	norms := make([]string, len(x.Paras))
	for k, p := range x.Paras {
		norms[k], _ = normalize(p.Text, false)
	}
	for _, rs := range sp.Roles {
		pos := cmp.Or(rs.Pos, sp.Pos)
		if _, ok := ParseRole(string(rs.Role)); !ok {
			var names []string
			for _, r := range Roles() {
				names = append(names, string(r))
			}
			d := diag.Errorf(pos, "unknown role %q for source %q", rs.Role, sp.ID)
			if g := diag.Suggest(string(rs.Role), names); g != "" {
				d = d.WithHint("did you mean %q?", g)
			} else {
				d = d.WithHint("want one of %s", strings.Join(names, ", "))
			}
			c.diags.Add(d)
			continue
		}
		q := normQuote(rs.Anchor)
		if q == "" {
			c.diags.Errorf(pos, "%s anchor of source %q is empty", rs.Role, sp.ID)
			continue
		}
		var hits []int // index of each paragraph that holds the anchor
		for k, n := range norms {
			if strings.Contains(n, q) && len(newText(x.Paras[k].Text).index(q)) > 0 {
				hits = append(hits, k)
			}
		}
		switch len(hits) {
		case 0:
			d := diag.Errorf(pos, "%s anchor %q of source %q not found in its excerpt of %s",
				rs.Role, rs.Anchor, sp.ID, c.s.Path)
			if h := closestHint(x.Paras, rs.Anchor); h != "" {
				d = d.WithHint("%s", h)
			}
			c.diags.Add(d)
			continue
		case 1:
		default:
			lines := make([]int, len(hits))
			for k, h := range hits {
				lines[k] = x.Paras[h].Line
			}
			c.diags.Add(diag.Errorf(pos, "%s anchor %q of source %q occurs in %d paragraphs of its excerpt (%s)",
				rs.Role, rs.Anchor, sp.ID, len(hits), lineList(lines)).
				WithHint("quote more of the paragraph to make it unique"))
			continue
		}
		p := &x.Paras[hits[0]]
		if p.Role != RoleNone {
			c.diags.Errorf(pos, "%s anchor %q of source %q is in paragraph %d (line %d), which already has role %s",
				rs.Role, rs.Anchor, sp.ID, p.N, p.Line, p.Role)
			continue
		}
		p.Role = rs.Role
	}
}

// closestHint returns a hint that shows the passage of paras closest to
// quote, or "" if none is close.
func closestHint(paras []Para, quote string) string {
	m, ok := Closest(paras, quote)
	if !ok {
		return ""
	}
	p := paras[m.Para]
	return fmt.Sprintf("closest line %d: %q", p.Line, snippet(p.Text, m.Start, m.End))
}

// maxSnippet is the most runes of a passage that a hint shows.
const maxSnippet = 80

// snippet returns text[start:end] for a hint, cut short if it is long, with
// "..." where the line goes on before or after it.
func snippet(text string, start, end int) string {
	s := text[start:end]
	cut := false
	if utf8.RuneCountInString(s) > maxSnippet {
		i := 0
		for range maxSnippet {
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
		}
		if k := strings.LastIndexByte(s[:i], ' '); k > 0 {
			i = k
		}
		s, cut = s[:i], true
	}
	if start > 0 {
		s = "... " + s
	}
	if cut || end < len(text) {
		s += " ..."
	}
	return s
}

// lineList returns line numbers, in order and possibly repeated, as
// "line 14" or "lines 14, 87", listing each once and at most six.
func lineList(lines []int) string {
	lines = slices.Compact(slices.Clone(lines))
	const most = 6
	var b strings.Builder
	b.WriteString("line")
	if len(lines) > 1 {
		b.WriteString("s")
	}
	for k, n := range lines {
		if k == most {
			b.WriteString(", ...")
			break
		}
		if k > 0 {
			b.WriteString(",")
		}
		b.WriteString(" ")
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}
