// Package seed reads the seed articles of a site byte for byte, cuts them
// into excerpts by text anchors, numbers the paragraphs of each excerpt and
// finds quotations in them. It is the load-and-parse stage for seed text.
//
// A seed is a plain-text file under seeds/. Each non-empty line is one
// paragraph. An excerpt is a run of lines of a seed, given by a start anchor
// and an optional end anchor: text that must occur exactly once in the seed
// (compared after Normalize). The excerpt runs from the line holding the
// start anchor to the line holding the end anchor; without an end anchor it
// runs up to the line before the next excerpt's start (or the end of the
// seed). An excerpt with no start anchor takes every line of the seed that no
// other excerpt claims: the whole of a one-article seed, or the frame
// (title, date headings, boilerplate) of a compilation. A seed has at most
// one such excerpt. Anchors never span lines. Excerpts don't overlap: two
// excerpts can't start on the same line, and an end anchor must lie before
// the next excerpt's start.
//
// Paragraphs of an excerpt are numbered from 1 in seed order; those numbers
// are the stable anchors #p1, #p2, … of the source page. A paragraph can be
// given a role (heading, byline, caption, credit, question, boilerplate) by an
// anchor that occurs in exactly one paragraph of the excerpt.
//
// Quotes are found after Normalize, which folds runs of white space to one
// space, curly and straight quote marks to straight ones, dash variants to a
// hyphen-minus and "…" to "...". Wording and case are compared exactly. When
// a quote or anchor is not found, Closest finds the passage it most likely
// meant, for a "did you mean" hint.
//
// Cut reports problems in the anchors as diagnostics at the positions of the
// source's front matter; reading seeds/ and resolving citations are left to
// the caller.
package seed

import (
	"path"
	"strings"
	"unsafe"
)

// Seed is one seed file as received.
type Seed struct {
	Name  string // file name, e.g. "000_7fef8b086f9f3c88.txt"
	Path  string // site-relative path with forward slashes, e.g. "seeds/000_7fef8b086f9f3c88.txt" (used in diagnostics)
	Data  []byte // the bytes as read, never modified
	Lines []Line // every line of the file, including empty ones
}

// Line is one line of a seed.
type Line struct {
	N     int    // 1-based line number
	Start int    // byte offset in Data of the line's first byte
	Text  string // the line without its ending (\n or \r\n)
}

// bom is the UTF-8 byte order mark, which some editors put at the start of
// a file. It is not part of the first line's text.
const bom = "\uFEFF"

// Parse splits data, the contents of the seed file at path (site-relative,
// with forward slashes), into lines. Lines end in "\n" or "\r\n"; a final
// line without an ending is a line too, but the empty text after a final
// newline is not, so an empty file has no lines. A leading byte order mark
// is skipped. Parse keeps data as it is and never fails: every byte sequence
// is a seed. The Seed's lines share data's memory: data must not change
// after Parse.
func Parse(path string, data []byte) *Seed {
	return &Seed{Name: base(path), Path: path, Data: data, Lines: splitLines(data)}
}

// base returns the last element of the slash-separated path p. It exists
// because Parse's parameter shadows the path package.
func base(p string) string {
	return path.Base(p)
}

func splitLines(data []byte) []Line {
	if len(data) == 0 {
		return nil
	}
	// Every Line.Text is a slice of data, which is never modified (see
	// Seed.Data): copying it into a string would keep every seed twice
	// for the whole build.
	s := unsafe.String(&data[0], len(data))
	start := 0
	if strings.HasPrefix(s, bom) {
		start = len(bom)
	}
	lines := make([]Line, 0, strings.Count(s, "\n")+1)
	for start < len(s) {
		end, next := len(s), len(s)
		if i := strings.IndexByte(s[start:], '\n'); i >= 0 {
			end, next = start+i, start+i+1
			if end > start && s[end-1] == '\r' {
				end--
			}
		}
		lines = append(lines, Line{N: len(lines) + 1, Start: start, Text: s[start:end]})
		start = next
	}
	return lines
}
