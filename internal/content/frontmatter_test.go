package content

import (
	"bytes"
	"context"
	"slices"
	"testing"
	"testing/fstest"
)

func TestSplit(t *testing.T) {
	t.Parallel()
	const unclosed = "a.md:1:1: front matter is not closed (end it with a line that holds only +++)"
	tests := []struct {
		name      string
		data      string
		front     string // "<nil>" for none
		frontLine int
		body      string
		bodyLine  int
		diag      string
	}{
		{"no front matter", "# Hi\n\ntext\n", "<nil>", 0, "# Hi\n\ntext\n", 1, ""},
		{"empty file", "", "<nil>", 0, "", 1, ""},
		{"front matter", "+++\ntitle = \"x\"\n+++\nbody\n", "title = \"x\"\n", 2, "body\n", 4, ""},
		{"empty front matter", "+++\n+++\nb", "", 2, "b", 3, ""},
		{"CRLF", "+++\r\nt = 1\r\n\r\n+++\r\nb\r\n", "t = 1\r\n\r\n", 2, "b\r\n", 5, ""},
		{"BOM", "\ufeff+++\nt = 1\n+++\nb", "t = 1\n", 2, "b", 4, ""},
		{"BOM without front matter", "\ufeffb\n", "<nil>", 0, "b\n", 1, ""},
		{"spaces after the delimiters", "+++  \nt = 1\n+++\t\nb", "t = 1\n", 2, "b", 4, ""},
		{"closed at the end of the file", "+++\nt = 1\n+++", "t = 1\n", 2, "", 4, ""},
		{"only the first closing line counts", "+++\nt = 1\n+++\n+++\n", "t = 1\n", 2, "+++\n", 4, ""},
		{"blank lines before the body", "+++\nt = 1\n+++\n\n\nb", "t = 1\n", 2, "\n\nb", 4, ""},
		{"four plusses are not a delimiter", "++++\nt = 1\n++++\n", "<nil>", 0, "++++\nt = 1\n++++\n", 1, ""},
		{"text after the delimiter", "+++ toml\nt = 1\n+++\n", "<nil>", 0, "+++ toml\nt = 1\n+++\n", 1, ""},
		{"indented delimiter", " +++\nt = 1\n+++\n", "<nil>", 0, " +++\nt = 1\n+++\n", 1, ""},
		{"blank line first", "\n+++\nt = 1\n+++\n", "<nil>", 0, "\n+++\nt = 1\n+++\n", 1, ""},
		{"closing delimiter must be alone", "+++\nt = 1\n+++ x\n", "", 0, "", 0, unclosed},
		{"unclosed", "+++\ntitle = \"x\"\nbody\n", "", 0, "", 0, unclosed},
		{"only a delimiter", "+++", "", 0, "", 0, unclosed},
		{"only a delimiter line", "+++\n", "", 0, "", 0, unclosed},
		{"CRLF unclosed", "+++\r\nt = 1\r\n", "", 0, "", 0, unclosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			front, frontLine, body, bodyLine, d := split("a.md", []byte(tt.data))
			gotDiag := ""
			if d != nil {
				gotDiag = d.String()
			}
			if gotDiag != tt.diag {
				t.Errorf("split(%q) diagnostic = %q, want %q", tt.data, gotDiag, tt.diag)
			}
			if d != nil {
				return
			}
			gotFront := "<nil>"
			if front != nil {
				gotFront = string(front)
			}
			if gotFront != tt.front || frontLine != tt.frontLine {
				t.Errorf("split(%q) front = %q on line %d, want %q on line %d", tt.data, gotFront, frontLine, tt.front, tt.frontLine)
			}
			if string(body) != tt.body || bodyLine != tt.bodyLine {
				t.Errorf("split(%q) body = %q on line %d, want %q on line %d", tt.data, body, bodyLine, tt.body, tt.bodyLine)
			}
		})
	}
}

// FuzzSplit checks that split keeps true line numbers and that Load never
// panics on a file of any content, whatever kind of file it is.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{
		"",
		"+++",
		"+++\n",
		"+++\n+++",
		"\ufeff+++\r\nnumber = 1\r\n+++\r\nbody",
		"+++\nnumber = 26\ntitle = \"t\"\nbucket = \"b\"\nsummary = \"s\"\n[position.e3]\nstatus = \"kep\"\n+++\nBody\n",
		"+++\ntitle = \"t\"\n[[gloss]]\nquote = \"\"\"\nq\"\"\"\nnote = 'n'\n[roles]\nx = [\"a\"]\n+++\n",
		"[[event]]\ndate = 2025-11-20\ntitle = \"t\"\nbody = \"\"\"\nb\"\"\"\n[[event]]\n",
		"+++\nx = \"\n+++\n",
		"plain text\n+++\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		front, frontLine, body, bodyLine, d := split("a.md", data)
		if d != nil {
			if front != nil || body != nil || d.Pos.Line != 1 {
				t.Fatalf("split(%q) = %q, %q, %v: want nothing but the diagnostic on line 1", data, front, body, d)
			}
		} else {
			trimmed := bytes.TrimPrefix(data, []byte("\ufeff"))
			if !bytes.HasSuffix(trimmed, body) {
				t.Fatalf("split(%q) body %q is not the end of the file", data, body)
			}
			if len(body) > 0 {
				before := trimmed[:len(trimmed)-len(body)]
				if got := bytes.Count(before, []byte("\n")) + 1; got != bodyLine {
					t.Fatalf("split(%q) body line = %d, want %d", data, bodyLine, got)
				}
			}
			if front != nil {
				_, rest, _ := bytes.Cut(trimmed, []byte("\n"))
				if frontLine != 2 || !bytes.HasPrefix(rest, front) {
					t.Fatalf("split(%q) front = %q on line %d, want the start of line 2", data, front, frontLine)
				}
			}
		}

		fsys := fstest.MapFS{}
		for _, name := range []string{"_index.md", "about.md", "points/1.md", "sources/s.md", "timeline.toml"} {
			fsys["content/"+name] = &fstest.MapFile{Data: data}
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		s, diags, err := Load(context.Background(), fsys, Options{Drafts: true})
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		for _, d := range diags {
			if d.Pos.File == "" || d.Pos.Line < 0 || d.Pos.Line > lines || d.Pos.Col < 0 {
				t.Fatalf("Load(%q): diagnostic %v outside the file", data, d)
			}
		}
		check := func(what string, m Markdown) {
			t.Helper()
			if m.Text == nil {
				return
			}
			for _, off := range []int{0, len(m.Src) / 2, len(m.Src)} {
				if p := m.Pos(off); p.Line < 1 || p.Line > lines+1 || p.Col < 1 {
					t.Fatalf("Load(%q): %s.Pos(%d) = %v, outside the file", data, what, off, p)
				}
			}
		}
		if s.Home != nil {
			check("home body", s.Home.Body)
		}
		for _, pg := range s.Pages {
			check("page body", pg.Body)
		}
		for _, pt := range s.Points {
			check("point body", pt.Body)
			for _, c := range pt.Changes {
				check("change note", c.Note)
			}
		}
		for _, src := range s.Sources {
			check("source body", src.Body)
			for _, g := range src.Glosses {
				check("gloss note", g.Note)
				if g.QuotePos.Line < 1 || g.QuotePos.Line > lines {
					t.Fatalf("Load(%q): gloss quote at %v, outside the file", data, g.QuotePos)
				}
			}
		}
		for _, e := range s.Events {
			check("event body", e.Body)
			if p := e.At("title"); p.Line < 1 || p.Line > lines {
				t.Fatalf("Load(%q): event title at %v, outside the file", data, p)
			}
		}
		if !slices.IsSortedFunc(s.Points, func(a, b Point) int { return a.Number - b.Number }) {
			t.Fatalf("Load(%q): points not sorted by number", data)
		}
	})
}
