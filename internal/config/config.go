// Package config decodes a site's site.toml into typed values and rejects
// what it does not know. It is the first thing the load stage reads.
//
// A site.toml looks like this (every key but title is optional):
//
//	title       = "The charter, annotated"
//	description = "One line for search engines and link previews."
//	base_url    = "https://owner.github.io/repo/"
//	language    = "en"
//	theme       = "default"
//	unsafe_html = false          # let raw HTML in Markdown through
//	copyright   = "Text CC BY 4.0"
//
//	[points]
//	label = "Point"              # "Point 26"; also the word auto-linked in source text
//	text  = "the plan"           # what the points are points of
//
//	[highlight]
//	style      = "github"        # chroma style for code blocks
//	dark_style = "github-dark"
//
//	[buckets.rivers]             # groups of points, in this order
//	title = "Rivers and dams"
//	description = "…"
//
//	[versions.e3]                # other versions of the text, in this order
//	title = "European counter-proposal"
//	date  = 2025-11-23
//	source = "guardian-european-plan"
//	note  = "…"
//
// Tables under [buckets] and [versions] keep the order in which the file
// gives them.
package config

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/tomlfile"
)

// Config is a site's configuration.
type Config struct {
	Title       string
	Description string
	BaseURL     *url.URL // always absolute with a path that ends in "/"
	Language    string
	Theme       string
	UnsafeHTML  bool
	Copyright   string
	Points      Points
	Highlight   Highlight
	Buckets     []Bucket
	Versions    []Version

	path string
	loc  *tomlfile.Locator
}

// At returns the position of a key of site.toml, such as
// "highlight.style", or of the file's first line if it is not written.
func (c Config) At(key string) diag.Position {
	if c.loc == nil {
		return diag.Position{File: c.path, Line: 1, Col: 1}
	}
	p, _ := c.loc.At(key)
	return p
}

// Points names the numbered parts of the text that the dossier annotates.
type Points struct {
	Label string // "Point"
	Text  string // "the plan"
}

// Highlight names the chroma styles for code blocks, light and dark.
type Highlight struct {
	Style     string
	DarkStyle string
}

// Bucket is a group of points, shown together on the home page.
type Bucket struct {
	Key         string
	Title       string
	Description string
	Pos         diag.Position
}

// Version is another version of the annotated text, against which each
// point records whether it was kept, changed, dropped or added.
type Version struct {
	Key    string
	Title  string
	Date   time.Time // zero if not given
	Source string    // id of the source that gives this version, if any
	URL    string
	Note   string
	Added  []Addition // what this version adds that has no point of its own
	Pos    diag.Position
}

// Addition is something a version adds that no point of the text has:
// [[versions.KEY.added]].
type Addition struct {
	Title   string
	Note    string
	Cite    []string
	CitePos diag.Position
}

// file is the TOML shape of site.toml.
type file struct {
	Title       string `toml:"title"`
	Description string `toml:"description"`
	BaseURL     string `toml:"base_url"`
	Language    string `toml:"language"`
	Theme       string `toml:"theme"`
	UnsafeHTML  bool   `toml:"unsafe_html"`
	Copyright   string `toml:"copyright"`
	Points      struct {
		Label string `toml:"label"`
		Text  string `toml:"text"`
	} `toml:"points"`
	Highlight struct {
		Style     string `toml:"style"`
		DarkStyle string `toml:"dark_style"`
	} `toml:"highlight"`
	Buckets map[string]struct {
		Title       string `toml:"title"`
		Description string `toml:"description"`
	} `toml:"buckets"`
	Versions map[string]struct {
		Title  string    `toml:"title"`
		Date   time.Time `toml:"date"`
		Source string    `toml:"source"`
		URL    string    `toml:"url"`
		Note   string    `toml:"note"`
		Added  []struct {
			Title string   `toml:"title"`
			Note  string   `toml:"note"`
			Cite  []string `toml:"cite"`
		} `toml:"added"`
	} `toml:"versions"`
}

// keyRE is what a bucket or version key may look like: it becomes part of
// URLs and CSS class names.
var keyRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// themeRE is what a theme name may look like: one folder name, so that the
// theme is read from themes/ and nowhere else.
var themeRE = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9._-]*$`)

// Parse decodes site.toml. path is the file's site-relative name, for
// diagnostics. Problems in the file come back as diagnostics; the Config is
// filled in as far as the file allows.
func Parse(path string, data []byte) (Config, diag.List) {
	var f file
	loc, diags := tomlfile.Decode(path, data, 1, &f)
	if diags.HasErrors() && f.Title == "" && len(f.Buckets) == 0 {
		// A syntax error: nothing sensible was decoded.
		return defaults(Config{path: path, loc: loc}), diags
	}

	c := Config{
		Title:       f.Title,
		Description: f.Description,
		Language:    f.Language,
		Theme:       f.Theme,
		UnsafeHTML:  f.UnsafeHTML,
		Copyright:   f.Copyright,
		Points:      Points{Label: f.Points.Label, Text: f.Points.Text},
		Highlight:   Highlight{Style: f.Highlight.Style, DarkStyle: f.Highlight.DarkStyle},
		path:        path,
		loc:         loc,
	}
	if c.Title == "" {
		diags.Add(diag.Errorf(diag.Position{File: path, Line: 1, Col: 1}, "site.toml has no title").
			WithHint(`add title = "…"`))
	}
	if c.Theme != "" && !themeRE.MatchString(c.Theme) {
		diags.Add(diag.Errorf(loc.Key(toml.Key{"theme"}), "theme %q is not the name of a folder in themes/", c.Theme).
			WithHint(`write the folder's name alone, like theme = "default" for themes/default/`))
		c.Theme = "default"
	}
	base := f.BaseURL
	if base == "" {
		base = "/"
	}
	u, err := ParseBaseURL(base)
	if err != nil {
		diags.Add(diag.Errorf(loc.Key(toml.Key{"base_url"}), "%v", err).
			WithHint(`write it like "https://owner.github.io/repo/"`))
	}
	c.BaseURL = u

	// Tables keep the order of the file, which the Locator knows.
	for _, k := range loc.Tables() {
		if len(k) != 2 {
			continue
		}
		switch k[0] {
		case "buckets":
			if _, ok := f.Buckets[k[1]]; ok {
				c.addBucket(k[1], f, &diags)
			}
		case "versions":
			if _, ok := f.Versions[k[1]]; ok {
				c.addVersion(k[1], f, &diags)
			}
		}
	}
	// Tables written inline or with dotted keys have no header: they come
	// last, sorted, since their order is not known. They are checked like
	// the others.
	for _, k := range slices.Sorted(maps.Keys(f.Buckets)) {
		if !slices.ContainsFunc(c.Buckets, func(b Bucket) bool { return b.Key == k }) {
			c.addBucket(k, f, &diags)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(f.Versions)) {
		if !slices.ContainsFunc(c.Versions, func(v Version) bool { return v.Key == k }) {
			c.addVersion(k, f, &diags)
		}
	}
	return defaults(c), diags
}

// addBucket checks the bucket k of f and appends it to c.Buckets.
func (c *Config) addBucket(k string, f file, diags *diag.List) {
	b := f.Buckets[k]
	pos := c.loc.Key(toml.Key{"buckets", k})
	if !keyRE.MatchString(k) {
		diags.Add(diag.Errorf(pos, "bucket key %q must be lower-case letters, digits and hyphens", k))
	}
	if b.Title == "" {
		diags.Add(diag.Errorf(pos, "bucket %q has no title", k))
	}
	c.Buckets = append(c.Buckets, Bucket{Key: k, Title: b.Title, Description: b.Description, Pos: pos})
}

// addVersion checks the version k of f and appends it to c.Versions.
func (c *Config) addVersion(k string, f file, diags *diag.List) {
	v := f.Versions[k]
	pos := c.loc.Key(toml.Key{"versions", k})
	if !keyRE.MatchString(k) {
		diags.Add(diag.Errorf(pos, "version key %q must be lower-case letters, digits and hyphens", k))
	}
	if v.Title == "" {
		diags.Add(diag.Errorf(pos, "version %q has no title", k))
	}
	if v.URL != "" {
		if err := CheckURL(v.URL); err != nil {
			diags.Add(diag.Errorf(c.loc.Key(toml.Key{"versions", k, "url"}), "%v", err))
		}
	}
	ver := Version{
		Key: k, Title: v.Title, Date: Date(v.Date), Source: v.Source,
		URL: v.URL, Note: v.Note, Pos: pos,
	}
	for i, a := range v.Added {
		key := fmt.Sprintf("versions.%s.added.%d", k, i)
		if a.Title == "" {
			p, _ := c.loc.At(key)
			diags.Add(diag.Errorf(p, "addition %d of version %q has no title", i+1, k))
		}
		cp, _ := c.loc.At(key + ".cite")
		ver.Added = append(ver.Added, Addition{Title: a.Title, Note: a.Note, Cite: a.Cite, CitePos: cp})
	}
	c.Versions = append(c.Versions, ver)
}

// defaults fills in what the file left out.
func defaults(c Config) Config {
	if c.BaseURL == nil {
		c.BaseURL = &url.URL{Path: "/"}
	}
	if c.Language == "" {
		c.Language = "en"
	}
	if c.Theme == "" {
		c.Theme = "default"
	}
	if c.Points.Label == "" {
		c.Points.Label = "Point"
	}
	if c.Points.Text == "" {
		c.Points.Text = "the text"
	}
	if c.Highlight.Style == "" {
		c.Highlight.Style = "github"
	}
	if c.Highlight.DarkStyle == "" {
		c.Highlight.DarkStyle = "github-dark"
	}
	return c
}

// ParseBaseURL parses a base URL: absolute http(s) with a host, or a bare
// path such as "/" for a site that does not yet know where it will live. The
// path always ends in "/"; query and fragment are not allowed.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("base URL %q: %v", s, errors.Unwrap(err))
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q has a query or fragment", s)
	}
	switch {
	case u.Scheme == "" && u.Host == "":
		if !strings.HasPrefix(u.Path, "/") {
			return nil, fmt.Errorf("base URL %q is neither absolute nor a path from the root", s)
		}
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("base URL %q must use http or https", s)
	case u.Host == "":
		return nil, fmt.Errorf("base URL %q has no host", s)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// CheckURL reports whether s is a URL a site may link to: absolute with the
// scheme http, https or mailto.
func CheckURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return fmt.Errorf("bad URL %q: %v", s, errors.Unwrap(err))
	}
	switch u.Scheme {
	case "http", "https":
		if u.Host == "" {
			return fmt.Errorf("URL %q has no host", s)
		}
		return nil
	case "mailto":
		return nil
	case "":
		return fmt.Errorf("URL %q is not absolute", s)
	}
	return fmt.Errorf("URL scheme %q not allowed in %q (use http, https or mailto)", u.Scheme, s)
}

// Date returns the calendar date of t at midnight UTC, whatever zone TOML
// gave it (local dates come back in a zone of their own), so that dates
// print the same everywhere.
func Date(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
