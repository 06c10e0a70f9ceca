package linkcheck

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestStrtab holds a strtab to a map and a slice, with enough strings to
// grow the table several times, and the empty string among them.
func TestStrtab(t *testing.T) {
	t.Parallel()
	tab := newStrtab()
	want := map[string]uint32{}
	var list []string
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		s := fmt.Sprintf("p%d", r.IntN(8000))
		if r.IntN(50) == 0 {
			s = ""
		}
		if n, ok := tab.lookup([]byte(s)); ok != (want[s] != 0 || len(list) > 0 && list[0] == s) || ok && list[n] != s {
			t.Fatalf("lookup(%q) = %d, %v before intern", s, n, ok)
		}
		n := tab.intern([]byte(s))
		if m, ok := want[s]; ok && m != n {
			t.Fatalf("intern(%q) = %d, want %d", s, n, m)
		}
		if _, ok := want[s]; !ok {
			if int(n) != len(list) {
				t.Fatalf("intern(%q) = %d for a new string, want %d", s, n, len(list))
			}
			want[s] = n
			list = append(list, s)
		}
	}
	if tab.len() != len(list) {
		t.Errorf("len() = %d, want %d", tab.len(), len(list))
	}
	for n, s := range list {
		if got := tab.str(uint32(n)); got != s {
			t.Errorf("str(%d) = %q, want %q", n, got, s)
		}
		if m, ok := tab.lookup([]byte(s)); !ok || m != uint32(n) {
			t.Errorf("lookup(%q) = %d, %v, want %d, true", s, m, ok, n)
		}
	}
	if _, ok := tab.lookup([]byte("absent")); ok {
		t.Errorf("lookup(%q) = _, true, want false", "absent")
	}
}
