package diag

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestPositionString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		pos  Position
		want string
	}{
		{"full", Position{File: "content/points/26.md", Line: 14, Col: 9}, "content/points/26.md:14:9"},
		{"line only", Position{File: "site.toml", Line: 3}, "site.toml:3"},
		{"file only", Position{File: "site.toml"}, "site.toml"},
		{"column without line", Position{File: "a.md", Col: 4}, "a.md"},
		{"negative line", Position{File: "a.md", Line: -1, Col: 2}, "a.md"},
		{"negative column", Position{File: "a.md", Line: 2, Col: -1}, "a.md:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.pos.String(); got != tt.want {
				t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.want)
			}
		})
	}
}

func TestPositionCompare(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		p, q Position
		want int
	}{
		{"equal", Position{"a", 1, 1}, Position{"a", 1, 1}, 0},
		{"file first", Position{"a", 9, 9}, Position{"b", 1, 1}, -1},
		{"file after", Position{"b", 1, 1}, Position{"a", 9, 9}, 1},
		{"then line", Position{"a", 2, 1}, Position{"a", 10, 1}, -1},
		{"then column", Position{"a", 2, 10}, Position{"a", 2, 9}, 1},
		{"whole file before its lines", Position{"a", 0, 0}, Position{"a", 1, 1}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.p.Compare(tt.q); got != tt.want {
				t.Errorf("%v.Compare(%v) = %d, want %d", tt.p, tt.q, got, tt.want)
			}
		})
	}
}

func TestSeverityString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s    Severity
		want string
	}{
		{Error, "error"},
		{Warning, "warning"},
		{Severity(7), "error"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			t.Parallel()
			if got := tt.s.String(); got != tt.want {
				t.Errorf("Severity(%d).String() = %q, want %q", int(tt.s), got, tt.want)
			}
		})
	}
}

func TestDiagnosticString(t *testing.T) {
	t.Parallel()
	pos := Position{File: "content/points/26.md", Line: 14, Col: 9}
	tests := []struct {
		name string
		d    Diagnostic
		want string
	}{
		{
			"error with hint",
			Errorf(pos, "unknown source %q", "schorsch-linkdin").WithHint("did you mean %q?", "schorsch-linkedin"),
			`content/points/26.md:14:9: unknown source "schorsch-linkdin" (did you mean "schorsch-linkedin"?)`,
		},
		{"error without hint", Errorf(pos, "bad"), "content/points/26.md:14:9: bad"},
		{"warning", Warningf(Position{File: "a.md", Line: 2}, "odd %d", 3), "a.md:2: warning: odd 3"},
		{"warning with hint", Warningf(Position{File: "a.md"}, "odd").WithHint("fix"), "a.md: warning: odd (fix)"},
		{"zero severity is error", Diagnostic{Pos: pos, Msg: "m"}, "content/points/26.md:14:9: m"},
		{"percent kept", Errorf(pos, "%s", "100%"), "content/points/26.md:14:9: 100%"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.d.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestErrorfAndWarningf(t *testing.T) {
	t.Parallel()
	pos := Position{File: "f", Line: 1, Col: 2}
	if got, want := Errorf(pos, "x=%d", 1), (Diagnostic{Pos: pos, Severity: Error, Msg: "x=1"}); got != want {
		t.Errorf("Errorf = %#v, want %#v", got, want)
	}
	if got, want := Warningf(pos, "x=%d", 2), (Diagnostic{Pos: pos, Severity: Warning, Msg: "x=2"}); got != want {
		t.Errorf("Warningf = %#v, want %#v", got, want)
	}
	d := Errorf(pos, "m")
	h := d.WithHint("h%d", 1)
	if d.Hint != "" {
		t.Errorf("WithHint changed its receiver: Hint = %q, want %q", d.Hint, "")
	}
	if h.Hint != "h1" || h.Msg != "m" || h.Pos != pos {
		t.Errorf("WithHint = %#v, want hint %q on the same diagnostic", h, "h1")
	}
}

// strings returns the diagnostics of l as text.
func diagStrings(l List) []string {
	var s []string
	for _, d := range l {
		s = append(s, d.String())
	}
	return s
}

func TestListSort(t *testing.T) {
	t.Parallel()
	a1 := Errorf(Position{"a.md", 1, 1}, "m")
	a1b := Errorf(Position{"a.md", 1, 1}, "n")
	a1h := Errorf(Position{"a.md", 1, 1}, "m").WithHint("h")
	a1w := Warningf(Position{"a.md", 1, 1}, "m")
	a2 := Errorf(Position{"a.md", 2, 1}, "m")
	a10 := Errorf(Position{"a.md", 10, 1}, "m")
	b0 := Errorf(Position{"b.md", 0, 0}, "whole file")
	tests := []struct {
		name string
		in   List
		want []string
	}{
		{"empty", nil, nil},
		{
			"by file then line numerically",
			List{b0, a10, a2, a1},
			[]string{"a.md:1:1: m", "a.md:2:1: m", "a.md:10:1: m", "b.md: whole file"},
		},
		{"then message", List{a1b, a1}, []string{"a.md:1:1: m", "a.md:1:1: n"}},
		{"drops adjacent duplicates", List{a1, a1, a2, a1}, []string{"a.md:1:1: m", "a.md:2:1: m"}},
		{"keeps a different hint", List{a1, a1h}, []string{"a.md:1:1: m", "a.md:1:1: m (h)"}},
		{"keeps a different severity", List{a1, a1w}, []string{"a.md:1:1: m", "a.md:1:1: warning: m"}},
		{
			// Exact duplicates separated by a diagnostic with the same
			// position and message but another hint are dropped too.
			"drops duplicates that sort apart",
			List{a1, a1h, a1},
			[]string{"a.md:1:1: m", "a.md:1:1: m (h)"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := slices.Clone(tt.in)
			l.Sort()
			if got := diagStrings(l); !slices.Equal(got, tt.want) {
				t.Errorf("Sort(%q) = %q, want %q", diagStrings(tt.in), got, tt.want)
			}
		})
	}
}

func TestListSortIgnoresInputOrder(t *testing.T) {
	t.Parallel()
	// Same position and message: the result must not depend on the order
	// in which stages added them, or output would not be deterministic.
	pos := Position{"a.md", 1, 1}
	l := List{Errorf(pos, "m").WithHint("2"), Errorf(pos, "m").WithHint("1")}
	l2 := List{l[1], l[0]}
	l.Sort()
	l2.Sort()
	if got, want := diagStrings(l), diagStrings(l2); !slices.Equal(got, want) {
		t.Errorf("Sort depends on input order: %q and %q", got, want)
	}
}

func TestListAdd(t *testing.T) {
	t.Parallel()
	var l List
	l.Add()
	if len(l) != 0 {
		t.Fatalf("Add() on an empty list: len = %d, want 0", len(l))
	}
	l.Add(Errorf(Position{File: "a"}, "1"), Warningf(Position{File: "b"}, "2"))
	l.Errorf(Position{File: "c", Line: 3}, "n=%d", 3)
	want := []string{"a: 1", "b: warning: 2", "c:3: n=3"}
	if got := diagStrings(l); !slices.Equal(got, want) {
		t.Errorf("after Add and Errorf: %q, want %q", got, want)
	}
}

func TestListErrors(t *testing.T) {
	t.Parallel()
	e := Errorf(Position{File: "a", Line: 1}, "e")
	w := Warningf(Position{File: "b", Line: 2}, "w")
	tests := []struct {
		name      string
		l         List
		hasErrors bool
		errors    int
		text      string
	}{
		{"nil", nil, false, 0, ""},
		{"warnings only", List{w, w}, false, 0, "b:2: warning: w\nb:2: warning: w"},
		{"one error", List{w, e}, true, 1, "b:2: warning: w\na:1: e"},
		{"two errors", List{e, w, e}, true, 2, "a:1: e\nb:2: warning: w\na:1: e"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.l.HasErrors(); got != tt.hasErrors {
				t.Errorf("HasErrors() = %v, want %v", got, tt.hasErrors)
			}
			if got := tt.l.Errors(); got != tt.errors {
				t.Errorf("Errors() = %d, want %d", got, tt.errors)
			}
			if got := tt.l.Error(); got != tt.text {
				t.Errorf("Error() = %q, want %q", got, tt.text)
			}
			err := tt.l.Err()
			if (err != nil) != tt.hasErrors {
				t.Fatalf("Err() = %v, want non-nil %v", err, tt.hasErrors)
			}
			if err == nil {
				return
			}
			var l List
			if !errors.As(err, &l) || len(l) != len(tt.l) {
				t.Errorf("Err() = %#v, want the List itself", err)
			}
			if err.Error() != tt.text {
				t.Errorf("Err().Error() = %q, want %q", err.Error(), tt.text)
			}
		})
	}
}

func TestErrorsFirst(t *testing.T) {
	t.Parallel()
	l := List{
		Warningf(Position{File: "a", Line: 1}, "w1"),
		Errorf(Position{File: "a", Line: 2}, "e1"),
		Warningf(Position{File: "b", Line: 1}, "w2"),
		Errorf(Position{File: "b", Line: 2}, "e2"),
	}
	var got []string
	for _, d := range l.ErrorsFirst() {
		got = append(got, d.Msg)
	}
	if strings.Join(got, " ") != "e1 e2 w1 w2" {
		t.Errorf("ErrorsFirst() = %v, want e1 e2 w1 w2", got)
	}
}
