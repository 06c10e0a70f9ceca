// Package scaffold writes new content files for authors: a point with every
// front-matter key and an example of each citation form, and a source cut
// from a seed, with the excerpt its anchors cut so the author sees at once
// whether they are right. It is used by "dossier new"; it never overwrites.
package scaffold

import (
	"bytes"
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/seed"
)

// PointPath returns the site-relative path of point n's file.
func PointPath(n int) string {
	return fmt.Sprintf("%s/points/%02d.md", content.Dir, n)
}

// SourcePath returns the site-relative path of source id's file.
func SourcePath(id string) string {
	return content.Dir + "/sources/" + id + ".md"
}

var pointTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("point").Parse(`+++
number = {{.Number}}
title = {{printf "%q" .Title}}
bucket = {{printf "%q" .Bucket}}{{with .Buckets}}               # one of: {{.}}{{end}}
summary = "TODO: one line on what the point does"
text = """TODO: the point's wording"""
text_kind = "paraphrase"        # or "verbatim"
text_source = "TODO: the id of the source the wording comes from"
assessment = "TODO: the editors' one-line judgement"
tags = []
related = []                    # numbers of related points
updated = {{.Updated}}
draft = true                    # build leaves it out; serve and check show it. Delete this line to publish it.
{{- range .Versions}}

[position.{{.}}]                 # this point in another version of the text
status = "kept"                 # kept | changed | dropped | added
note = ""
cite = []                       # source ids
{{- end}}
+++

Commentary in Markdown. Cite a source by its id, and the build checks it:

<!--
[@source-id]                       cite a source
[@source-id, ¶3]                   cite its paragraph 3
[@source-id, "exact words"]        quote it: the words must occur exactly once
[@source-id, ¶3, "exact words"]    quote paragraph 3
[@one; @two, "exact words"]        several at once
[[{{.Other}}]]                              link to {{.Label}} {{.Other}}
[[{{.Other}}|the other {{.Label}}]]              the same, with words of your own
-->
`))
})

// Point returns the text of a new point file. cfg supplies the buckets and
// versions to name; updated is the date to write ("2024-03-12"), since the
// package never reads the clock.
func Point(cfg config.Config, n int, title, updated string) ([]byte, error) {
	var buckets []string
	for _, b := range cfg.Buckets {
		buckets = append(buckets, b.Key)
	}
	bucket := "TODO: a key of [buckets] in site.toml"
	if len(buckets) > 0 {
		bucket = buckets[0]
	}
	var versions []string
	for _, v := range cfg.Versions {
		versions = append(versions, v.Key)
	}
	other := n - 1
	if other < 1 {
		other = n + 1
	}
	var b bytes.Buffer
	err := pointTmpl().Execute(&b, map[string]any{
		"Number": n, "Title": title, "Bucket": bucket, "Buckets": strings.Join(buckets, ", "),
		"Updated": updated, "Versions": versions, "Other": other, "Label": strings.ToLower(cfg.Points.Label),
	})
	if err != nil {
		return nil, fmt.Errorf("new point: %w", err)
	}
	return b.Bytes(), nil
}

var sourceTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("source").Parse(`+++
title = {{printf "%q" .Title}}
outlet = ""
authors = []
# date = YYYY-MM-DD              # when it was published
url = ""                        # the original; leave empty if it is not known
seed = {{printf "%q" .Seed}}
{{- if .Start}}
start = {{printf "%q" .Start}}
{{- end}}
{{- if .End}}
end = {{printf "%q" .End}}
{{- end}}

# [roles]                       # heading, byline, caption, credit, question, boilerplate
# heading = ["words of the headline"]

# [[gloss]]                     # an editors' note anchored on a passage
# quote = "exact words of this source"
# note = """Markdown, with citations."""
+++
`))
})

// idRE is what a source id may be; content enforces the same.
var idRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`) })

// SourceOptions says what source to make.
type SourceOptions struct {
	ID    string
	Seed  string // file name under seeds/
	Start string // start anchor; "" takes the lines no other excerpt claims
	End   string
}

// Source returns the text of a new source file and the paragraphs its
// anchors cut out of the seed, given the other sources of the site (read
// from fsys, the site root), so that the default end of the excerpt is what
// the build will use. Problems with the anchors come back as diagnostics at
// the positions "start" and "end" of the new file.
func Source(ctx context.Context, fsys fs.FS, o SourceOptions) ([]byte, []seed.Para, diag.List, error) {
	if !idRE().MatchString(o.ID) {
		return nil, nil, nil, fmt.Errorf("source id %q: use lower-case letters, digits, '.', '_' and '-'", o.ID)
	}
	site, _, err := content.Load(ctx, fsys, content.Options{Drafts: true})
	if err != nil {
		return nil, nil, nil, err
	}
	for _, s := range site.Sources {
		if s.ID == o.ID {
			return nil, nil, nil, fmt.Errorf("source %q exists: %s", o.ID, s.File)
		}
	}
	data, err := fs.ReadFile(fsys, path.Join("seeds", o.Seed))
	if err != nil {
		return nil, nil, nil, fmt.Errorf("read seed: %w", err)
	}
	sd := seed.Parse(path.Join("seeds", o.Seed), data)

	file := SourcePath(o.ID)
	spec := seed.Spec{
		ID: o.ID, Pos: diag.Position{File: file, Line: 1},
		Start: o.Start, StartPos: diag.Position{File: file, Line: 8, Col: 1},
		End: o.End, EndPos: diag.Position{File: file, Line: 9, Col: 1},
	}
	specs := []seed.Spec{spec}
	for _, s := range site.Sources {
		if s.Seed != o.Seed || s.ID == o.ID {
			continue
		}
		specs = append(specs, seed.Spec{ID: s.ID, Start: s.Start, End: s.End, Pos: s.At("seed"), StartPos: s.At("start"), EndPos: s.At("end")})
	}
	excerpts, diags := seed.Cut(sd, specs)
	// The problems that the new source brings: those of the seed with it
	// that it does not have without it (an excerpt the new one cuts into
	// is reported at the other source's end).
	was, before := seed.Cut(sd, specs[1:])
	var mine diag.List
	for _, d := range diags {
		if !slices.Contains(before, d) {
			mine.Add(d)
		}
	}
	// The new excerpt may take no line that another excerpt has now, not
	// even one of a source that takes the rest of the seed: that source's
	// paragraphs would be numbered anew, and its citations by number would
	// point at other paragraphs.
	if !mine.HasErrors() {
		taken := map[int]bool{}
		for _, p := range excerpts[0].Paras {
			taken[p.Line] = true
		}
		for i, x := range was {
			var cut []seed.Para
			for _, p := range x.Paras {
				if taken[p.Line] {
					cut = append(cut, p)
				}
			}
			if len(cut) == 0 {
				continue
			}
			other := specs[i+1]
			which := ""
			if other.Start == "" {
				which = ", which takes the rest of the seed"
			}
			mine.Add(diag.Errorf(spec.StartPos, "the excerpt would take %s of source %q%s (its ¶%d–¶%d, lines %d–%d): its paragraphs would be numbered anew",
				plural(len(cut), "paragraph", "paragraphs"), other.ID, which, cut[0].N, cut[len(cut)-1].N, cut[0].Line, cut[len(cut)-1].Line).
				WithHint("choose anchors outside %s, or move that source's anchors first", other.ID))
		}
		if len(excerpts[0].Paras) == 0 {
			mine.Add(diag.Errorf(spec.StartPos, "the excerpt is empty: every line of %s belongs to another source", sd.Name).
				WithHint("give -start and -end anchors, or move another source's anchors first"))
		}
	}
	title := o.ID
	if len(excerpts[0].Paras) > 0 {
		title = excerpts[0].Paras[0].Text
	}
	var b bytes.Buffer
	if err := sourceTmpl().Execute(&b, map[string]any{"Title": title, "Seed": o.Seed, "Start": o.Start, "End": o.End}); err != nil {
		return nil, nil, nil, fmt.Errorf("new source: %w", err)
	}
	return b.Bytes(), excerpts[0].Paras, mine, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// ParseNumber parses a point number given on the command line.
func ParseNumber(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("point number %q: want a whole number above 0", s)
	}
	return n, nil
}

// newSite is the site "dossier init" writes (all: keeps _index.md and
// .gitignore, which embed leaves out by default).
//
//go:embed all:newsite
var newSite embed.FS

// Site returns the files of a new site, ready to build: a commented
// site.toml, a seed written for the purpose, a source cut from it, two
// points that quote it and link each other, a timeline and an about page.
// It has no theme: the built-in one serves.
func Site() fs.FS {
	sub, err := fs.Sub(newSite, "newsite")
	if err != nil {
		panic(err) // the folder is embedded: it is there
	}
	return sub
}
