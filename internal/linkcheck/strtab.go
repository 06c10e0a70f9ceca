package linkcheck

import (
	"bytes"
	"hash/maphash"
	"slices"
)

// strtab holds one copy of each string it is given, numbered from 0 in the
// order they came. The ids and links of a site recur on page after page
// (note-3, p7, the header's links), and a site of 10,000 pages would
// otherwise hold each copy. It keeps the strings one after another in one
// byte slice and finds them by a hash table of numbers, so that none of
// its memory holds a pointer: a map of strings and a slice of them gave the
// collector two pointers to follow for each of some 250,000 strings, on
// every cycle of a build.
type strtab struct {
	data  []byte   // the strings, one after another
	ends  []uint32 // string n is data[ends[n-1]:ends[n]], from 0 for n = 0
	slots []uint64 // open addressing: hash>>32<<32 | n+1, or 0 if free
	seed  maphash.Seed
}

// minSlots is the size of an empty table; it doubles when half full.
const minSlots = 1 << 10

func newStrtab() *strtab {
	return &strtab{slots: make([]uint64, minSlots), seed: maphash.MakeSeed()}
}

// len returns how many strings t holds.
func (t *strtab) len() int { return len(t.ends) }

// bytes returns string n, which the caller must not change.
func (t *strtab) bytes(n uint32) []byte {
	start := uint32(0)
	if n > 0 {
		start = t.ends[n-1]
	}
	return t.data[start:t.ends[n]]
}

// str returns string n.
func (t *strtab) str(n uint32) string { return string(t.bytes(n)) }

// lookup returns the number of the string b, and false if t does not
// hold it.
func (t *strtab) lookup(b []byte) (uint32, bool) {
	_, n, ok := t.find(b, maphash.Bytes(t.seed, b))
	return n, ok
}

// intern returns the number of the string b, which it adds if t does not
// hold it yet.
func (t *strtab) intern(b []byte) uint32 {
	h := maphash.Bytes(t.seed, b)
	i, n, ok := t.find(b, h)
	if ok {
		return n
	}
	n = uint32(len(t.ends))
	// Double the slices when full: append grows a large slice by a
	// quarter, and copied the table's strings some twenty times over.
	t.data = append(withRoom(t.data, len(b)), b...)
	t.ends = append(withRoom(t.ends, 1), uint32(len(t.data)))
	t.slots[i] = h>>32<<32 | uint64(n+1)
	if 2*len(t.ends) > len(t.slots) {
		t.grow()
	}
	return n
}

// withRoom returns s with room for n more elements, doubling its capacity
// if it lacks it.
func withRoom[E any](s []E, n int) []E {
	if len(s)+n <= cap(s) {
		return s
	}
	return slices.Grow(s, max(n, cap(s)))
}

// find returns the slot that holds b, whose hash is h, with its number,
// or the free slot where b would go and false.
func (t *strtab) find(b []byte, h uint64) (slot int, n uint32, ok bool) {
	mask := uint64(len(t.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return int(i), 0, false
		}
		if s>>32 == h>>32 && bytes.Equal(t.bytes(uint32(s)-1), b) {
			return int(i), uint32(s) - 1, true
		}
	}
}

// grow doubles the hash table.
func (t *strtab) grow() {
	old := t.slots
	t.slots = make([]uint64, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := maphash.Bytes(t.seed, t.bytes(uint32(s)-1)) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}
