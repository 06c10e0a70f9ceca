// Package content is the load stage for a site's content/ folder: it reads
// every file through an fs.FS, splits off the TOML front matter of Markdown
// files, decodes it strictly into typed points, sources and pages, and keeps
// the position of every key and of every Markdown body, so that later stages
// can report problems at their true line and column. It renders no HTML.
//
// The folder holds:
//
//	content/_index.md          the home page's introduction
//	content/points/NN.md       one point of the annotated text
//	content/sources/ID.md      one source; ID is the name citations use
//	content/timeline.toml      dated events ([[event]] tables)
//	content/NAME.md            a plain page at /NAME/ (nested folders too)
//	content/anything-else      copied to the output as it is (images, say)
//
// A Markdown file starts with front matter between two lines of +++:
//
//	+++
//	title = "About"
//	+++
//	The body, in Markdown.
//
// Unknown keys, values of the wrong type and missing required keys are
// errors. The keys of each kind are the toml tags of the structs in
// frontmatter.go.
package content

import (
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/tomlfile"
)

// Site is everything under content/.
type Site struct {
	Home    *Page // content/_index.md; nil if absent
	Points  []Point
	Sources []Source
	Pages   []Page
	Events  []Event
	Files   []File // other files, copied as they are
	// Failed holds the files that could not be read at all (front matter
	// that does not parse), so that later stages need not report every
	// reference to them as unknown.
	Failed map[string]bool
	// Drafts lists the points and sources left out as drafts, so that a
	// reference to one can say so.
	Drafts []Draft
}

// Draft is a point or a source left out because it is a draft.
type Draft struct {
	File   string
	Number int    // a point's number; 0 for a source
	ID     string // a source's id; "" for a point
}

// Front knows where the keys of a file's front matter (or of one table of a
// TOML file) are written.
type Front struct {
	File   string // site-relative path, e.g. "content/points/26.md"
	loc    *tomlfile.Locator
	prefix string // key path of the table within the file, e.g. "event.3."
}

// At returns the position of a key, such as "bucket", "related" or
// "position.e3.cite", or of the file's first line if the key is not written.
func (f Front) At(key string) diag.Position {
	if f.loc == nil {
		return diag.Position{File: f.File, Line: 1, Col: 1}
	}
	if p, ok := f.loc.At(f.prefix + key); ok {
		return p
	}
	if f.prefix != "" {
		if p, ok := f.loc.At(f.prefix[:len(f.prefix)-1]); ok {
			return p
		}
	}
	return f.loc.Start()
}

// markdown returns the Markdown of a string value of the front matter.
func (f Front) markdown(key, s string) Markdown {
	if f.loc == nil {
		return Markdown{Src: []byte(s), Text: diag.NewText(diag.Position{File: f.File}, []byte(s))}
	}
	return Markdown{Src: []byte(s), Text: f.loc.Text(f.prefix + key)}
}

// Markdown is a piece of Markdown from a content file, with the map from its
// byte offsets to positions in the file.
type Markdown struct {
	Src  []byte
	Text *diag.Text
}

// Pos returns the position in the file of byte offset off of the Markdown.
func (m Markdown) Pos(off int) diag.Position {
	return m.Text.Pos(off)
}

// Point is one point of the annotated text: content/points/NN.md.
type Point struct {
	Front
	Number     int
	Title      string
	Bucket     string
	Summary    string
	Text       string // the point's wording
	TextKind   string // "verbatim" or "paraphrase"
	TextSource string // id of the source the wording comes from
	Assessment string
	Tags       []string
	Related    []int
	Updated    time.Time // midnight UTC; zero if not given
	Draft      bool
	Changes    []Change // the point in other versions, in file order
	Body       Markdown // the commentary
}

// The kinds of point text.
const (
	Verbatim   = "verbatim"
	Paraphrase = "paraphrase"
)

// Change is what became of a point in another version of the text:
// [position.<version>] in the point's front matter.
type Change struct {
	Version string
	Status  string // one of Statuses
	Note    Markdown
	Cite    []string // source ids
	Key     string   // key path of the table, "position.e3", for positions
}

// Statuses are the values a Change's status may take.
var Statuses = []string{"kept", "changed", "dropped", "added"}

// Source is one source: content/sources/ID.md. It either carries its text,
// cut out of a seed, or is external (a URL and no text).
type Source struct {
	Front
	ID       string
	Title    string
	Subtitle string
	Outlet   string
	Authors  []string
	Date     time.Time // midnight UTC; zero if not given
	DateNote string    // "about", "unverified", …
	URL      string    // the original; "" if not found
	URLNote  string
	CopyURL  string // a republished or syndicated copy
	// ArchiveURL is an archived copy of the original (a web archive's
	// snapshot), and Archived the day it was taken: the Robust Links
	// data-versionurl and data-versiondate of links to the original.
	ArchiveURL string
	Archived   time.Time // midnight UTC; zero if not given
	// Captured is the day dossier add fetched the original into the seed;
	// zero for a source that was not captured.
	Captured time.Time
	License  string
	Seed     string // file name under seeds/; "" for an external source
	Start    string
	End      string
	Roles    []Role
	Glosses  []Gloss
	Draft    bool
	Body     Markdown // the editor's introduction
}

// External reports whether the source has no text of its own.
func (s *Source) External() bool { return s.Seed == "" }

// Role gives a paragraph of a source's text a role: one anchor of
// [roles] in the front matter.
type Role struct {
	Role   string
	Anchor string
	Pos    diag.Position
}

// Gloss is an editor's note anchored on a passage of a source: one
// [[gloss]] of its front matter.
type Gloss struct {
	Quote    string
	QuotePos diag.Position
	Note     Markdown
	Title    string // optional short label
	Index    int    // 0-based, in file order
}

// Page is a plain page, content/NAME.md, or the home page's introduction.
type Page struct {
	Front
	Name        string // "about", "guide/how-to-cite"; "" for the home page
	Title       string
	Description string
	Weight      int  // order in menus: lower first, then by title
	Menu        bool // list the page in the site's navigation
	TOC         bool // show a table of contents
	Draft       bool
	Body        Markdown
}

// Event is one dated event of content/timeline.toml.
type Event struct {
	Front
	Date     time.Time
	DateNote string // "about", "to 26 Oct", …
	Title    string
	Body     Markdown
	Points   []int
	Cite     []string
	Index    int // 0-based, in file order
}

// File is a file under content/ that is neither Markdown nor the timeline:
// it is copied to the output at Path (relative to content/).
type File struct {
	Path string
	Data []byte
}
