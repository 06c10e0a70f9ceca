package diag

import (
	"sync"
	"testing"
)

func TestTextPos(t *testing.T) {
	t.Parallel()
	// Offsets: a0 b1 \n2 c3 d4 é5-6 \n7 f8; len 9.
	src := []byte("ab\ncdé\nf")
	start := Position{File: "content/a.md", Line: 10, Col: 5}
	tests := []struct {
		name string
		off  int
		want string
	}{
		{"first byte at the start column", 0, "content/a.md:10:5"},
		{"same line", 1, "content/a.md:10:6"},
		{"newline belongs to its line", 2, "content/a.md:10:7"},
		{"next line starts at column 1", 3, "content/a.md:11:1"},
		{"columns count runes", 7, "content/a.md:11:4"},
		{"inside a rune", 6, "content/a.md:11:4"},
		{"last line", 8, "content/a.md:12:1"},
		{"end of text", 9, "content/a.md:12:2"},
		{"negative clamps to start", -3, "content/a.md:10:5"},
		{"past the end clamps", 100, "content/a.md:12:2"},
	}
	tx := NewText(start, src)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tx.Pos(tt.off).String(); got != tt.want {
				t.Errorf("Pos(%d) = %s, want %s", tt.off, got, tt.want)
			}
		})
	}
}

func TestNewTextStart(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		start Position
		src   string
		off   int
		want  Position
	}{
		{"zero start is 1:1", Position{File: "f"}, "abc", 1, Position{"f", 1, 2}},
		{"negative start is 1:1", Position{File: "f", Line: -2, Col: -2}, "abc", 0, Position{"f", 1, 1}},
		{"start column only on the first line", Position{File: "f", Line: 3, Col: 7}, "a\nbc", 3, Position{"f", 4, 2}},
		{"nil source", Position{File: "f", Line: 3, Col: 7}, "", 5, Position{"f", 3, 7}},
		{"carriage return is a character", Position{File: "f"}, "a\r\nb", 1, Position{"f", 1, 2}},
		{"after CRLF", Position{File: "f"}, "a\r\nb", 3, Position{"f", 2, 1}},
		{"empty lines", Position{File: "f"}, "\n\n\nx", 3, Position{"f", 4, 1}},
		{"tab is one column", Position{File: "f"}, "\tx", 1, Position{"f", 1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var src []byte
			if tt.src != "" {
				src = []byte(tt.src)
			}
			tx := NewText(tt.start, src)
			if got := tx.Pos(tt.off); got != tt.want {
				t.Errorf("NewText(%v, %q).Pos(%d) = %v, want %v", tt.start, tt.src, tt.off, got, tt.want)
			}
		})
	}
}

func TestTextStartIsNormalised(t *testing.T) {
	t.Parallel()
	tx := NewText(Position{File: "f"}, nil)
	if want := (Position{File: "f", Line: 1, Col: 1}); tx.Start != want {
		t.Errorf("NewText(zero).Start = %v, want %v", tx.Start, want)
	}
}

func TestLazyText(t *testing.T) {
	calls := 0
	src := []byte("ab\ncd")
	tx := LazyText(func() *Text {
		calls++
		return NewText(Position{File: "f.md", Line: 4, Col: 3}, src)
	})
	if calls != 0 {
		t.Fatalf("make called %d times before any position was asked for", calls)
	}
	var wg sync.WaitGroup
	got := make([]Position, 8)
	for i := range got {
		wg.Go(func() { got[i] = tx.Pos(4) })
	}
	wg.Wait()
	want := Position{File: "f.md", Line: 5, Col: 2}
	for _, p := range got {
		if p != want {
			t.Errorf("Pos(4) = %v, want %v", p, want)
		}
	}
	if p := tx.Pos(1); p != (Position{File: "f.md", Line: 4, Col: 4}) {
		t.Errorf("Pos(1) = %v, want f.md:4:4", p)
	}
	if calls != 1 {
		t.Errorf("make called %d times, want 1", calls)
	}
}

// TestTextPosAtOnce asks a Text for positions from several goroutines
// at once, as the first asks find its newlines (run with -race).
func TestTextPosAtOnce(t *testing.T) {
	t.Parallel()
	tx := NewText(Position{File: "f.md", Line: 2}, []byte("ab\n\ncd\n"))
	want := []Position{{"f.md", 2, 1}, {"f.md", 2, 3}, {"f.md", 3, 1}, {"f.md", 4, 1}, {"f.md", 4, 3}, {"f.md", 5, 1}}
	offs := []int{0, 2, 3, 4, 6, 7}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for i, off := range offs {
				if got := tx.Pos(off); got != want[i] {
					t.Errorf("Pos(%d) = %v, want %v", off, got, want[i])
				}
			}
		})
	}
	wg.Wait()
}
