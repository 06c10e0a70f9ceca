package content

import (
	"bytes"
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
)

// pointFile is the front matter of a point.
type pointFile struct {
	Number     int       `toml:"number"`
	Title      string    `toml:"title"`
	Bucket     string    `toml:"bucket"`
	Summary    string    `toml:"summary"`
	Text       string    `toml:"text"`
	TextKind   string    `toml:"text_kind"`
	TextSource string    `toml:"text_source"`
	Assessment string    `toml:"assessment"`
	Tags       []string  `toml:"tags"`
	Related    []int     `toml:"related"`
	Updated    time.Time `toml:"updated"`
	Draft      bool      `toml:"draft"`
	Position   map[string]struct {
		Status string   `toml:"status"`
		Note   string   `toml:"note"`
		Cite   []string `toml:"cite"`
	} `toml:"position"`
}

// sourceFile is the front matter of a source.
type sourceFile struct {
	Title    string              `toml:"title"`
	Subtitle string              `toml:"subtitle"`
	Outlet   string              `toml:"outlet"`
	Authors  []string            `toml:"authors"`
	Date     time.Time           `toml:"date"`
	DateNote string              `toml:"date_note"`
	URL      string              `toml:"url"`
	URLNote  string              `toml:"url_note"`
	CopyURL  string              `toml:"copy_url"`
	Archive  string              `toml:"archive_url"`
	Archived time.Time           `toml:"archived"`
	Captured time.Time           `toml:"captured"`
	License  string              `toml:"license"`
	Seed     string              `toml:"seed"`
	Start    string              `toml:"start"`
	End      string              `toml:"end"`
	Roles    map[string][]string `toml:"roles"`
	Gloss    []struct {
		Quote string `toml:"quote"`
		Note  string `toml:"note"`
		Title string `toml:"title"`
	} `toml:"gloss"`
	Draft bool `toml:"draft"`
}

// pageFile is the front matter of a plain page or of the home page.
type pageFile struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	Weight      int    `toml:"weight"`
	Menu        bool   `toml:"menu"`
	TOC         bool   `toml:"toc"`
	Draft       bool   `toml:"draft"`
}

// timelineFile is content/timeline.toml.
type timelineFile struct {
	Event []struct {
		Date     time.Time `toml:"date"`
		DateNote string    `toml:"date_note"`
		Title    string    `toml:"title"`
		Body     string    `toml:"body"`
		Points   []int     `toml:"points"`
		Cite     []string  `toml:"cite"`
	} `toml:"event"`
}

var delim = []byte("+++")

// split separates a Markdown file into its front matter and body. It returns
// the front matter, the 1-based line on which it starts, the body and the
// line on which the body starts. A file without front matter has none; one
// whose front matter is not closed is a diagnostic.
func split(path string, data []byte) (front []byte, frontLine int, body []byte, bodyLine int, d *diag.Diagnostic) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a BOM
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if !bytes.Equal(bytes.TrimRight(first, " \t\r"), delim) {
		return nil, 0, data, 1, nil
	}
	line := 2
	off := len(first) + 1
	for len(rest) > 0 || off <= len(data) {
		l, r, found := bytes.Cut(rest, []byte("\n"))
		if bytes.Equal(bytes.TrimRight(l, " \t\r"), delim) {
			return data[len(first)+1 : off], 2, r, line + 1, nil
		}
		if !found {
			break
		}
		rest = r
		off += len(l) + 1
		line++
	}
	e := diag.Errorf(diag.Position{File: path, Line: 1, Col: 1}, "front matter is not closed").
		WithHint("end it with a line that holds only +++")
	return nil, 0, nil, 0, &e
}
