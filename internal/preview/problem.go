package preview

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/dossier-dev/dossier/internal/diag"
)

// problem is a diagnostic as the overlay shows it: its parts, the text
// dossier prints for it, and the line of the file it points at, with a
// caret under the column.
type problem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
	Pos      string `json:"pos"`              // path:line:col
	Text     string `json:"text"`             // path:line:col: message (hint)
	Source   string `json:"source,omitempty"` // the line, cut around the column if long
	Caret    string `json:"caret,omitempty"`  // white space and ^ under the column of Source
}

// around is how many characters of a long line are shown on each side of
// the column.
const around = 50

// problems returns the diagnostics of a failed build, each with its line
// read from the site folder root as it is now.
func problems(root string, dl diag.List) []problem {
	files := map[string][]string{} // file → its lines; nil if unreadable
	out := make([]problem, 0, len(dl))
	for _, d := range dl {
		p := problem{
			File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col,
			Severity: d.Severity.String(), Message: d.Msg, Hint: d.Hint,
			Pos: d.Pos.String(), Text: d.String(),
		}
		if d.Pos.File == "" {
			// An error that is not about a file: a read that failed.
			p.Text = strings.TrimPrefix(p.Text, ": ")
		}
		if d.Pos.Line > 0 {
			lines, ok := files[d.Pos.File]
			if !ok {
				lines = readLines(root, d.Pos.File)
				files[d.Pos.File] = lines
			}
			if d.Pos.Line <= len(lines) {
				p.Source, p.Caret = excerpt(lines[d.Pos.Line-1], d.Pos.Col)
			}
		}
		out = append(out, p)
	}
	return out
}

// readLines returns the lines of a regular file of the site, or nil if
// there is no such file.
func readLines(root, file string) []string {
	name, err := filepath.Localize(file)
	if err != nil || file == "" {
		return nil
	}
	name = filepath.Join(root, name)
	if fi, err := os.Stat(name); err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil
	}
	return strings.Split(string(data), "\n")
}

// excerpt returns a line to show under a diagnostic and the caret line for
// column col (1-based, in characters; 0 for no caret). A long line is cut
// to around characters on each side of the column, marked with "…". The
// caret line keeps the line's tabs, so the caret stays under its column in
// any tab width.
func excerpt(line string, col int) (src, caret string) {
	rs := []rune(strings.TrimSuffix(line, "\r"))
	if col < 1 {
		if len(rs) > 2*around {
			return string(rs[:2*around]) + "…", ""
		}
		return string(rs), ""
	}
	at := min(col-1, len(rs))
	start, end := max(0, at-around), min(len(rs), at+around)
	var s, c strings.Builder
	if start > 0 {
		s.WriteString("…")
		c.WriteString(" ")
	}
	s.WriteString(string(rs[start:end]))
	if end < len(rs) {
		s.WriteString("…")
	}
	for _, r := range rs[start:at] {
		if r == '\t' {
			c.WriteByte('\t')
		} else {
			c.WriteByte(' ')
		}
	}
	c.WriteByte('^')
	return s.String(), c.String()
}
