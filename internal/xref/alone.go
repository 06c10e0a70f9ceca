package xref

// Alone reports whether no note of p.CitedBy but n cites what n cites:
// n's source, quote and offsets. The theme keeps the HTML of a citation
// only if other notes make it too, and asks for each note up to four
// times; the answers for a list of up to 64 notes are worked out together
// at the first call and kept with the list they were made of (a new list,
// as Update makes, is asked anew), so that each call reads a bit rather
// than the notes of the paragraph, which lie all over the heap.
//
// It is safe for concurrent use.
func (p *Para) Alone(n *Note) bool {
	list := p.CitedBy
	if len(list) == 0 || len(list) > 64 {
		return aloneIn(list, n)
	}
	a := p.alone.Load()
	if a == nil || len(a.list) != len(list) || &a.list[0] != &list[0] {
		a = &aloneNotes{list: list}
		for i, m := range list {
			if aloneIn(list, m) {
				a.mask |= 1 << i
			}
		}
		p.alone.Store(a)
	}
	for i, m := range list {
		if m == n {
			return a.mask>>i&1 != 0
		}
	}
	return aloneIn(list, n)
}

// aloneNotes is what Alone worked out for a paragraph's list of notes.
type aloneNotes struct {
	list []*Note // the CitedBy it was made of
	mask uint64  // bit i: list[i] is alone
}

// aloneIn reports whether no note of list but n cites what n cites.
func aloneIn(list []*Note, n *Note) bool {
	for _, o := range list {
		if o != n && o.Start == n.Start && o.End == n.End && o.Quote == n.Quote && o.Source == n.Source {
			return false
		}
	}
	return true
}
