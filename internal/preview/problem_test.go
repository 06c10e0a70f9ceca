package preview

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/diag"
)

func TestExcerpt(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 100) + "X" + strings.Repeat("b", 100)
	tests := []struct {
		name      string
		line      string
		col       int
		src, care string
	}{
		{"start", "hello world", 1, "hello world", "^"},
		{"middle", "hello world", 7, "hello world", "      ^"},
		{"end of line", "hello", 6, "hello", "     ^"},
		{"past the end", "hello", 20, "hello", "     ^"},
		{"tabs kept", "\t\tx = 1", 3, "\t\tx = 1", "\t\t^"},
		{"characters, not bytes", "«é» x", 5, "«é» x", "    ^"},
		{"carriage return", "hello\r", 2, "hello", " ^"},
		{"no column", "hello", 0, "hello", ""},
		{"long, cut both sides", long, 101, "…" + strings.Repeat("a", around) + "X" + strings.Repeat("b", around-1) + "…", " " + strings.Repeat(" ", around) + "^"},
		{"long, cut after", long, 3, long[:3+around-1] + "…", "  ^"},
		{"long, no column", long, 0, long[:2*around] + "…", ""},
	}
	for _, tt := range tests {
		src, caret := excerpt(tt.line, tt.col)
		if src != tt.src || caret != tt.care {
			t.Errorf("%s: excerpt(%q, %d) = %q, %q; want %q, %q", tt.name, tt.line, tt.col, src, caret, tt.src, tt.care)
		}
	}
}

// TestProblemsReadTheLine checks that a problem gets the line it points
// at from the site folder, and only from files inside it.
func TestProblemsReadTheLine(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "content", "points", "01.md"), "+++\nnumber = 1\n+++\nSee [[9]].\n")
	writeFile(t, filepath.Join(dir, "secret.txt"), "secret\n")
	dl := diag.List{
		diag.Errorf(diag.Position{File: "content/points/01.md", Line: 4, Col: 5}, "unknown point 9").WithHint("points run from 1 to 2"),
		diag.Errorf(diag.Position{File: "content/points/01.md", Line: 9, Col: 1}, "past the end"),
		diag.Errorf(diag.Position{File: "content/points/02.md", Line: 1, Col: 1}, "no such file"),
		diag.Errorf(diag.Position{File: "../" + filepath.Base(dir) + "/secret.txt", Line: 1, Col: 1}, "outside"),
		{Msg: "load content: open x: permission denied"},
	}
	got := problems(dir, dl)
	want := []problem{
		{File: "content/points/01.md", Line: 4, Col: 5, Severity: "error", Message: "unknown point 9", Hint: "points run from 1 to 2",
			Pos: "content/points/01.md:4:5", Text: "content/points/01.md:4:5: unknown point 9 (points run from 1 to 2)", Source: "See [[9]].", Caret: "    ^"},
		{File: "content/points/01.md", Line: 9, Col: 1, Severity: "error", Message: "past the end", Pos: "content/points/01.md:9:1", Text: "content/points/01.md:9:1: past the end"},
		{File: "content/points/02.md", Line: 1, Col: 1, Severity: "error", Message: "no such file", Pos: "content/points/02.md:1:1", Text: "content/points/02.md:1:1: no such file"},
		{File: dl[3].Pos.File, Line: 1, Col: 1, Severity: "error", Message: "outside", Pos: dl[3].Pos.String(), Text: dl[3].String()},
		{Severity: "error", Message: "load content: open x: permission denied", Text: "load content: open x: permission denied"},
	}
	if len(got) != len(want) {
		t.Fatalf("problems = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("problems[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
