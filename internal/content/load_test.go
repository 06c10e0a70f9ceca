package content

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
)

// load runs Load over a site root holding files, and returns the site and
// its sorted diagnostics.
func load(t *testing.T, files map[string]string, opts Options) (*Site, diag.List) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	s, diags, err := Load(t.Context(), fsys, opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	diags.Sort()
	return s, diags
}

func diagStrings(l diag.List) []string {
	var s []string
	for _, d := range l {
		s = append(s, d.String())
	}
	return s
}

// checkDiags fails the test if the diagnostics are not want.
func checkDiags(t *testing.T, got diag.List, want []string) {
	t.Helper()
	if g := diagStrings(got); !slices.Equal(g, want) {
		t.Errorf("diagnostics =\n%s\nwant\n%s", strings.Join(g, "\n"), strings.Join(want, "\n"))
	}
}

func midnight(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// point is a valid point file with number n.
func point(n string, extra string) string {
	return "+++\nnumber = " + n + "\ntitle = \"T\"\nbucket = \"b\"\nsummary = \"S\"\n" + extra + "+++\n"
}

const pointFull = `+++
number = 26
title = "Amnesty"
bucket = "peace"
summary = "All sides get amnesty."
text = "All parties get amnesty."
text_kind = "verbatim"
text_source = "plan"
assessment = "Contested."
tags = ["law", "war"]
related = [27, 3]
updated = 2025-11-24T22:00:00-05:00
draft = false

[position.us-19]
status = "changed"
note = "Narrowed."
cite = ["guardian"]

[position.e3]
status = "dropped"
+++
Body line one.

Body [@cite] here.
`

func TestLoadPoint(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{"content/points/26.md": pointFull}, Options{})
	checkDiags(t, diags, nil)
	if len(s.Points) != 1 {
		t.Fatalf("Load: %d points, want 1", len(s.Points))
	}
	pt := s.Points[0]
	tests := []struct {
		name      string
		got, want any
	}{
		{"File", pt.File, "content/points/26.md"},
		{"Number", pt.Number, 26},
		{"Title", pt.Title, "Amnesty"},
		{"Bucket", pt.Bucket, "peace"},
		{"Summary", pt.Summary, "All sides get amnesty."},
		{"Text", pt.Text, "All parties get amnesty."},
		{"TextKind", pt.TextKind, Verbatim},
		{"TextSource", pt.TextSource, "plan"},
		{"Assessment", pt.Assessment, "Contested."},
		{"Tags", strings.Join(pt.Tags, ","), "law,war"},
		{"Related", len(pt.Related) == 2 && pt.Related[0] == 27 && pt.Related[1] == 3, true},
		{"Updated", pt.Updated, midnight(2025, 11, 24)},
		{"Draft", pt.Draft, false},
		{"At(bucket)", pt.At("bucket").String(), "content/points/26.md:4:1"},
		{"At(position.e3)", pt.At("position.e3").String(), "content/points/26.md:20:1"},
		{"At(position.us-19.cite)", pt.At("position.us-19.cite").String(), "content/points/26.md:18:1"},
		{"At(missing)", pt.At("nope").String(), "content/points/26.md:2:1"},
		{"Body", string(pt.Body.Src), "Body line one.\n\nBody [@cite] here.\n"},
		{"Body.Pos(0)", pt.Body.Pos(0).String(), "content/points/26.md:23:1"},
		{"Body.Pos(cite)", pt.Body.Pos(strings.Index(string(pt.Body.Src), "[@cite]")).String(), "content/points/26.md:25:6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("Point.%s = %v, want %v", tt.name, tt.got, tt.want)
			}
		})
	}

	// Changes keep the order of the file, not of the keys.
	var changes []string
	for _, c := range pt.Changes {
		changes = append(changes, c.Version+":"+c.Status+":"+c.Key+":"+strings.Join(c.Cite, ","))
	}
	want := []string{"us-19:changed:position.us-19:guardian", "e3:dropped:position.e3:"}
	if !slices.Equal(changes, want) {
		t.Errorf("Point.Changes = %q, want %q", changes, want)
	}
	if got := pt.Changes[0].Note.Pos(0).String(); got != "content/points/26.md:17:9" {
		t.Errorf("Changes[0].Note.Pos(0) = %s, want content/points/26.md:17:9", got)
	}
	if got := string(pt.Changes[0].Note.Src); got != "Narrowed." {
		t.Errorf("Changes[0].Note.Src = %q, want %q", got, "Narrowed.")
	}
	if len(s.Failed) != 0 {
		t.Errorf("Failed = %v, want none", s.Failed)
	}
}

func TestLoadPointDiagnostics(t *testing.T) {
	t.Parallel()
	const statusMsg = `want one of kept, changed, dropped, added`
	tests := []struct {
		name   string
		file   string
		data   string
		want   []string
		loaded bool // the point is in Site.Points
	}{
		{"valid", "26.md", point("26", ""), nil, true},
		{"leading zero in the file name", "07.md", point("7", ""), nil, true},
		{"file not named by number", "amnesty.md", point("26", ""), nil, true},
		{
			"no front matter", "26.md", "Just text.\n",
			[]string{"content/points/26.md:1:1: point has no front matter (start the file with +++, the keys number, title, bucket and summary, and +++)"},
			false,
		},
		{
			"unclosed front matter", "26.md", "+++\nnumber = 26\n",
			[]string{"content/points/26.md:1:1: front matter is not closed (end it with a line that holds only +++)"},
			false,
		},
		{
			"missing keys", "26.md", "+++\nnumber = 26\n+++\n",
			[]string{
				`content/points/26.md:1:1: missing bucket in front matter (add bucket = "…" (a key of [buckets] in site.toml))`,
				`content/points/26.md:1:1: missing summary in front matter (add summary = "…")`,
				`content/points/26.md:1:1: missing title in front matter (add title = "…")`,
			},
			true,
		},
		{
			"missing number", "26.md", "+++\ntitle = \"T\"\nbucket = \"b\"\nsummary = \"S\"\n+++\n",
			[]string{"content/points/26.md:1:1: missing number in front matter (add number = 26)"},
			false,
		},
		{
			"negative number", "26.md", "+++\ntitle = \"T\"\nbucket = \"b\"\nsummary = \"S\"\n  number = -3\n+++\n",
			[]string{"content/points/26.md:5:3: point number -3 must be positive"},
			false,
		},
		{
			"number and file name differ", "26.md", point("7", ""),
			[]string{"content/points/26.md:2:1: number = 7 but the file is named 26.md (rename the file to 07.md or fix the number)"},
			true,
		},
		{
			"bad text_kind", "26.md", point("26", "text = \"x\"\n\ntext_kind = \"quote\"\n"),
			[]string{`content/points/26.md:8:1: text_kind = "quote", want "verbatim" or "paraphrase"`},
			true,
		},
		{
			"text without text_kind", "26.md", point("26", "text = \"x\"\n"),
			[]string{`content/points/26.md:2:1: text_kind = "", want "verbatim" or "paraphrase"`},
			true,
		},
		{
			"text_kind without text", "26.md", point("26", "text_kind = \"Verbatim\"\n"),
			[]string{`content/points/26.md:6:1: text_kind = "Verbatim", want "verbatim" or "paraphrase"`},
			true,
		},
		{"paraphrase", "26.md", point("26", "text = \"x\"\ntext_kind = \"paraphrase\"\n"), nil, true},
		{
			"bad status with a hint", "26.md", point("26", "[position.e3]\n  status = \"Kpet\"\n"),
			[]string{`content/points/26.md:7:3: status = "Kpet" in [position.e3], ` + statusMsg + ` (did you mean "kept"?)`},
			true,
		},
		{
			"bad status without a hint", "26.md", point("26", "[position.e3]\nstatus = \"gone away\"\n"),
			[]string{`content/points/26.md:7:1: status = "gone away" in [position.e3], ` + statusMsg},
			true,
		},
		{
			"statuses of several versions", "26.md", point("26", "[position.b]\nstatus = \"x\"\n[position.a]\nstatus = \"added\"\n[position.c]\nstatus = \"kept\"\n"),
			[]string{`content/points/26.md:7:1: status = "x" in [position.b], ` + statusMsg},
			true,
		},
		{
			"unknown key", "26.md", point("26", "\nbucekt = \"b\"\n"),
			[]string{`content/points/26.md:7:1: unknown key "bucekt" (did you mean "bucket"?)`},
			false,
		},
		{
			"unknown key in a position", "26.md", point("26", "[position.e3]\nstatus = \"kept\"\nnot = \"x\"\n"),
			[]string{`content/points/26.md:8:1: unknown key "position.e3.not" (did you mean "note"?)`},
			false,
		},
		{
			"syntax error on its true line", "26.md", "+++\nnumber = 26\ntitle = The title\n+++\n",
			[]string{`content/points/26.md:3:9: bad TOML: title: expected value but found "The" instead (strings need quotes; multi-line strings use """ … """)`},
			false,
		},
		{
			"wrong type", "26.md", "+++\nnumber = \"26\"\n+++\n",
			[]string{`content/points/26.md:2:1: number must be a whole number, not a string (numbers are written without quotes: number = 1)`},
			false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := "content/points/" + tt.file
			s, diags := load(t, map[string]string{p: tt.data}, Options{})
			checkDiags(t, diags, tt.want)
			if got := len(s.Points) == 1; got != tt.loaded {
				t.Errorf("point loaded = %v, want %v", got, tt.loaded)
			}
			if got := s.Failed[p]; got == tt.loaded {
				t.Errorf("Failed[%q] = %v, want %v", p, got, !tt.loaded)
			}
		})
	}
}

func TestLoadPointsOrderAndDuplicates(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{
		"content/points/10.md":   point("10", ""),
		"content/points/9.md":    point("9", ""),
		"content/points/2.md":    point("2", ""),
		"content/points/copy.md": point("9", ""),
		"content/points/x.md":    point("9", ""),
	}, Options{})
	checkDiags(t, diags, []string{
		"content/points/copy.md:2:1: duplicate point number 9 (content/points/9.md has it too)",
		"content/points/x.md:2:1: duplicate point number 9 (content/points/9.md has it too)",
	})
	var got []string
	for _, pt := range s.Points {
		got = append(got, pt.File)
	}
	// Sorted by number; points with one number keep the order of the walk.
	want := []string{
		"content/points/2.md", "content/points/9.md", "content/points/copy.md",
		"content/points/x.md", "content/points/10.md",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Points = %q, want %q", got, want)
	}
}

const sourceFull = `+++
title = "Plan text"
subtitle = "Sub"
outlet = "Axios"
authors = ["A", "B"]
date = 2025-11-20
date_note = "about"
url = "https://example.org/plan"
url_note = "n"
copy_url = "mailto:x@example.org"
license = "CC"
seed = "000.txt"
start = "Begin"
end = "End"

[roles]
heading = ["Title line", "Second"]
byline = ["By X"]

[[gloss]]
quote = "the first words"
note = """
A note [@x]."""

[[gloss]]
title = "T"
  quote = 'sécond'
note = "n2"
+++
Intro.
`

func TestLoadSource(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{"content/sources/axios-plan.v2.md": sourceFull}, Options{})
	checkDiags(t, diags, nil)
	if len(s.Sources) != 1 {
		t.Fatalf("Load: %d sources, want 1", len(s.Sources))
	}
	src := s.Sources[0]
	tests := []struct {
		name      string
		got, want any
	}{
		{"ID", src.ID, "axios-plan.v2"},
		{"Title", src.Title, "Plan text"},
		{"Subtitle", src.Subtitle, "Sub"},
		{"Outlet", src.Outlet, "Axios"},
		{"Authors", strings.Join(src.Authors, ","), "A,B"},
		{"Date", src.Date, midnight(2025, 11, 20)},
		{"DateNote", src.DateNote, "about"},
		{"URL", src.URL, "https://example.org/plan"},
		{"URLNote", src.URLNote, "n"},
		{"CopyURL", src.CopyURL, "mailto:x@example.org"},
		{"License", src.License, "CC"},
		{"Seed", src.Seed, "000.txt"},
		{"Start", src.Start, "Begin"},
		{"End", src.End, "End"},
		{"External", src.External(), false},
		{"Body.Pos(0)", src.Body.Pos(0).String(), "content/sources/axios-plan.v2.md:30:1"},
		{"At(seed)", src.At("seed").String(), "content/sources/axios-plan.v2.md:12:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("Source.%s = %v, want %v", tt.name, tt.got, tt.want)
			}
		})
	}

	// Roles are sorted by role, anchors kept in order.
	wantRoles := []Role{
		{Role: "byline", Anchor: "By X", Pos: diag.Position{File: src.File, Line: 18, Col: 1}},
		{Role: "heading", Anchor: "Title line", Pos: diag.Position{File: src.File, Line: 17, Col: 1}},
		{Role: "heading", Anchor: "Second", Pos: diag.Position{File: src.File, Line: 17, Col: 1}},
	}
	if !slices.Equal(src.Roles, wantRoles) {
		t.Errorf("Source.Roles = %+v, want %+v", src.Roles, wantRoles)
	}

	if len(src.Glosses) != 2 {
		t.Fatalf("Source.Glosses = %+v, want 2", src.Glosses)
	}
	glossTests := []struct {
		name      string
		got, want any
	}{
		{"0.Quote", src.Glosses[0].Quote, "the first words"},
		{"0.QuotePos", src.Glosses[0].QuotePos.String(), "content/sources/axios-plan.v2.md:21:10"},
		{"0.Note", string(src.Glosses[0].Note.Src), "A note [@x]."},
		{"0.Note.Pos(cite)", src.Glosses[0].Note.Pos(7).String(), "content/sources/axios-plan.v2.md:23:8"},
		{"0.Index", src.Glosses[0].Index, 0},
		{"1.Quote", src.Glosses[1].Quote, "sécond"},
		{"1.QuotePos", src.Glosses[1].QuotePos.String(), "content/sources/axios-plan.v2.md:27:12"},
		{"1.Title", src.Glosses[1].Title, "T"},
		{"1.Note.Pos(0)", src.Glosses[1].Note.Pos(0).String(), "content/sources/axios-plan.v2.md:28:9"},
		{"1.Index", src.Glosses[1].Index, 1},
	}
	for _, tt := range glossTests {
		t.Run("Glosses."+tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("Source.Glosses[%s] = %v, want %v", tt.name, tt.got, tt.want)
			}
		})
	}
}

func TestLoadSourceDiagnostics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		file   string
		data   string
		want   []string
		loaded bool
	}{
		{"external", "x.md", "+++\ntitle = \"T\"\nurl = \"https://x.org/\"\n+++\n", nil, true},
		{
			"bad id", "Bad_Name.md", "+++\ntitle = \"T\"\n+++\n",
			[]string{`content/sources/Bad_Name.md: source id "Bad_Name" must be lower-case letters, digits, '.', '_' and '-' (rename the file)`},
			true,
		},
		{
			"id starting with a hyphen", "-x.md", "+++\ntitle = \"T\"\n+++\n",
			[]string{`content/sources/-x.md: source id "-x" must be lower-case letters, digits, '.', '_' and '-' (rename the file)`},
			true,
		},
		{
			"no title", "x.md", "+++\noutlet = \"O\"\n+++\n",
			[]string{`content/sources/x.md:1:1: missing title in front matter (add title = "…")`},
			true,
		},
		{
			"no front matter", "x.md", "Just text.\n",
			[]string{`content/sources/x.md:1:1: missing title in front matter (add title = "…")`},
			true,
		},
		{
			"bad URLs", "x.md", "+++\ntitle = \"T\"\nurl = \"javascript:alert(1)\"\n  copy_url = \"/copy/\"\n+++\n",
			[]string{
				`content/sources/x.md:3:1: URL scheme "javascript" not allowed in "javascript:alert(1)" (use http, https or mailto)`,
				`content/sources/x.md:4:3: URL "/copy/" is not absolute`,
			},
			true,
		},
		{
			"archive fields", "x.md", "+++\ntitle = \"T\"\nurl = \"https://x.org/a\"\narchive_url = \"https://web.archive.org/web/20251121/https://x.org/a\"\narchived = 2025-11-21\ncaptured = 2025-11-22\n+++\n",
			nil, true,
		},
		{
			"bad archive fields", "x.md", "+++\ntitle = \"T\"\narchive_url = \"ftp://x.org/a\"\n+++\n",
			[]string{`content/sources/x.md:3:1: URL scheme "ftp" not allowed in "ftp://x.org/a" (use http, https or mailto)`},
			true,
		},
		{
			"archived without archive_url, captured without url", "x.md", "+++\ntitle = \"T\"\narchived = 2025-11-21\ncaptured = 2025-11-22\n+++\n",
			[]string{
				`content/sources/x.md:3:1: archived without archive_url (add archive_url = "https://…": the archived copy taken that day)`,
				`content/sources/x.md:4:1: captured without url (add the address the text was captured from)`,
			},
			true,
		},
		{
			"start without seed", "x.md", "+++\ntitle = \"T\"\nstart = \"a\"\nend = \"b\"\n+++\n",
			[]string{`content/sources/x.md:3:1: start, end and roles need a seed (add seed = "FILE" (a file under seeds/))`},
			true,
		},
		{
			"roles without seed", "x.md", "+++\ntitle = \"T\"\n[roles]\nheading = [\"a\"]\n+++\n",
			[]string{`content/sources/x.md:2:1: start, end and roles need a seed (add seed = "FILE" (a file under seeds/))`},
			true,
		},
		{
			"end without start", "x.md", "+++\ntitle = \"T\"\nseed = \"s.txt\"\nend = \"b\"\n+++\n",
			[]string{`content/sources/x.md:4:1: end anchor without a start anchor`},
			true,
		},
		{
			"gloss without quote or note", "x.md", "+++\ntitle = \"T\"\n[[gloss]]\nquote = \"q\"\nnote = \"n\"\n[[gloss]]\ntitle = \"t\"\n[[gloss]]\nquote = \"q\"\n+++\n",
			[]string{
				`content/sources/x.md:6:1: gloss 2 has no note`,
				`content/sources/x.md:6:1: gloss 2 has no quote (add quote = "…": the words of the source it is anchored on)`,
				`content/sources/x.md:8:1: gloss 3 has no note`,
			},
			true,
		},
		{
			"unknown key in a later gloss", "x.md", "+++\ntitle = \"T\"\n[[gloss]]\nquote = \"q\"\nnote = \"n\"\n[[gloss]]\nquote = \"q\"\nnoet = \"n\"\n+++\n",
			[]string{`content/sources/x.md:8:1: unknown key "gloss.noet" (did you mean "note"?)`},
			false,
		},
		{
			"unknown key", "x.md", "+++\ntitle = \"T\"\nauthor = [\"A\"]\n+++\n",
			[]string{`content/sources/x.md:3:1: unknown key "author" (did you mean "authors"?)`},
			false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := "content/sources/" + tt.file
			s, diags := load(t, map[string]string{p: tt.data}, Options{})
			checkDiags(t, diags, tt.want)
			if got := len(s.Sources) == 1; got != tt.loaded {
				t.Errorf("source loaded = %v, want %v", got, tt.loaded)
			}
			if got := s.Failed[p]; got == tt.loaded {
				t.Errorf("Failed[%q] = %v, want %v", p, got, !tt.loaded)
			}
		})
	}
}

func TestLoadGlossQuotePos(t *testing.T) {
	t.Parallel()
	// QuotePos is the first character of the quote's string, whatever
	// kind of string it is.
	tests := []struct {
		name  string
		quote string
		want  string
	}{
		{"basic", `quote = "q"`, "content/sources/x.md:5:10"},
		{"literal", `quote    =    'q'`, "content/sources/x.md:5:16"},
		{"multi-line on the same line", `quote = """q"""`, "content/sources/x.md:5:12"},
		{"multi-line after a newline", "quote = \"\"\"\nq\"\"\"", "content/sources/x.md:6:1"},
		{"multi-line literal after a newline", "quote = '''\n  q'''", "content/sources/x.md:6:1"},
		{"after runes", `"quöte" = "x"` + "\nquote = \"q\"", "content/sources/x.md:6:10"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			data := "+++\ntitle = \"T\"\n\n[[gloss]]\n" + tt.quote + "\nnote = \"n\"\n+++\n"
			if strings.Contains(tt.quote, "quöte") {
				// An unknown key would stop the load: use a known one.
				data = strings.Replace(data, `"quöte" = "x"`, `title = "é"`, 1)
			}
			s, diags := load(t, map[string]string{"content/sources/x.md": data}, Options{})
			checkDiags(t, diags, nil)
			if len(s.Sources) != 1 || len(s.Sources[0].Glosses) != 1 {
				t.Fatalf("Load(%q) = %+v, want one source with one gloss", data, s.Sources)
			}
			if got := s.Sources[0].Glosses[0].QuotePos.String(); got != tt.want {
				t.Errorf("QuotePos of %q = %s, want %s", tt.quote, got, tt.want)
			}
		})
	}
}

func TestLoadPages(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{
		"content/_index.md":               "+++\ndescription = \"Home\"\n+++\nWelcome.\n",
		"content/about.md":                "+++\ntitle = \"About\"\ndescription = \"D\"\nweight = 2\nmenu = true\ntoc = true\n+++\n\nText.\n",
		"content/guide/how-to-cite.md":    "+++\ntitle = \"Cite\"\n+++\n",
		"content/guide/_index.md":         "+++\ntitle = \"Guide\"\n+++\n",
		"content/data/index.md":           "+++\ntitle = \"Data\"\n+++\n",
		"content/deep/er/still/_index.md": "+++\ntitle = \"Deep\"\n+++\n",
		"content/index.md":                "+++\ntitle = \"Index\"\n+++\n",
	}, Options{})
	checkDiags(t, diags, nil)
	if s.Home == nil {
		t.Fatal("Load: no home page")
	}
	if s.Home.Name != "" || s.Home.Description != "Home" || s.Home.File != "content/_index.md" {
		t.Errorf("Home = %+v, want content/_index.md with no name", s.Home)
	}
	if got := s.Home.Body.Pos(0).String(); got != "content/_index.md:4:1" {
		t.Errorf("Home.Body.Pos(0) = %s, want content/_index.md:4:1", got)
	}
	var names []string
	for _, pg := range s.Pages {
		names = append(names, pg.Name+"="+pg.File)
	}
	want := []string{
		"about=content/about.md",
		"data=content/data/index.md",
		"deep/er/still=content/deep/er/still/_index.md",
		"guide=content/guide/_index.md",
		"guide/how-to-cite=content/guide/how-to-cite.md",
		"index=content/index.md",
	}
	if !slices.Equal(names, want) {
		t.Errorf("Pages = %q, want %q", names, want)
	}
	about := s.Pages[0]
	if about.Title != "About" || about.Description != "D" || about.Weight != 2 || !about.Menu || !about.TOC || about.Draft {
		t.Errorf("about = %+v, want all its keys", about)
	}
	if got := about.Body.Pos(1).String(); got != "content/about.md:9:1" {
		t.Errorf("about.Body.Pos(1) = %s, want content/about.md:9:1", got)
	}
}

func TestLoadPageDiagnostics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		data string
		want []string
		home bool
		page bool
	}{
		{"home needs no title", "_index.md", "Welcome.\n", nil, true, false},
		{"home with front matter", "_index.md", "+++\n+++\nWelcome.\n", nil, true, false},
		{
			"page needs a title", "about.md", "+++\nmenu = true\n+++\n",
			[]string{`content/about.md:1:1: missing title in front matter (add title = "…")`},
			false, true,
		},
		{
			"page without front matter", "about.md", "Text.\n",
			[]string{`content/about.md:1:1: missing title in front matter (add title = "…")`},
			false, true,
		},
		{
			"unknown key", "about.md", "+++\ntitle = \"A\"\nmenus = true\n+++\n",
			[]string{`content/about.md:3:1: unknown key "menus" (did you mean "menu"?)`},
			false, false,
		},
		{
			"unclosed", "_index.md", "+++\ntitle = \"A\"\n",
			[]string{`content/_index.md:1:1: front matter is not closed (end it with a line that holds only +++)`},
			false, false,
		},
		{
			"wrong type", "about.md", "+++\ntitle = \"A\"\nweight = \"1\"\n+++\n",
			[]string{`content/about.md:3:1: weight must be a whole number, not a string (numbers are written without quotes: weight = 1)`},
			false, false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, diags := load(t, map[string]string{"content/" + tt.file: tt.data}, Options{})
			checkDiags(t, diags, tt.want)
			if got := s.Home != nil; got != tt.home {
				t.Errorf("home loaded = %v, want %v", got, tt.home)
			}
			if got := len(s.Pages) == 1; got != tt.page {
				t.Errorf("page loaded = %v, want %v", got, tt.page)
			}
		})
	}
}

const timeline = `# The timeline.

[[event]]
date = 2025-11-20
title = "Plan leaked"
body = """
Axios reports [@axios]."""
points = [1, 2]
cite = ["axios"]

[[event]]
date = 2025-11-21T23:00:00-08:00
date_note = "about"
  title = "Talks"
body = "Short."
`

func TestLoadTimeline(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{"content/timeline.toml": timeline}, Options{})
	checkDiags(t, diags, nil)
	if len(s.Events) != 2 {
		t.Fatalf("Events = %+v, want 2", s.Events)
	}
	e0, e1 := s.Events[0], s.Events[1]
	tests := []struct {
		name      string
		got, want any
	}{
		{"0.File", e0.File, "content/timeline.toml"},
		{"0.Date", e0.Date, midnight(2025, 11, 20)},
		{"0.Title", e0.Title, "Plan leaked"},
		{"0.Body", string(e0.Body.Src), "Axios reports [@axios]."},
		{"0.Body.Pos(0)", e0.Body.Pos(0).String(), "content/timeline.toml:7:1"},
		{"0.Body.Pos(cite)", e0.Body.Pos(14).String(), "content/timeline.toml:7:15"},
		{"0.Points", len(e0.Points) == 2 && e0.Points[0] == 1 && e0.Points[1] == 2, true},
		{"0.Cite", strings.Join(e0.Cite, ","), "axios"},
		{"0.Index", e0.Index, 0},
		{"0.At(cite)", e0.At("cite").String(), "content/timeline.toml:9:1"},
		{"0.At(missing)", e0.At("date_note").String(), "content/timeline.toml:3:1"},
		{"0.At(whole)", e0.At("").String(), "content/timeline.toml:3:1"},
		{"1.Date", e1.Date, midnight(2025, 11, 21)},
		{"1.DateNote", e1.DateNote, "about"},
		{"1.Title", e1.Title, "Talks"},
		{"1.At(title)", e1.At("title").String(), "content/timeline.toml:14:3"},
		{"1.At(points)", e1.At("points").String(), "content/timeline.toml:11:1"},
		{"1.Body.Pos(0)", e1.Body.Pos(0).String(), "content/timeline.toml:15:9"},
		{"1.Index", e1.Index, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("Event %s = %v, want %v", tt.name, tt.got, tt.want)
			}
		})
	}
}

func TestLoadTimelineDiagnostics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		data   string
		want   []string
		events int
	}{
		{"empty", "", nil, 0},
		{
			"missing date and title", "[[event]]\ndate = 2025-01-01\ntitle = \"A\"\n\n[[event]]\nbody = \"b\"\n",
			[]string{
				`content/timeline.toml:5:1: event 2 has no date (add date = 2025-11-20)`,
				`content/timeline.toml:5:1: event 2 has no title`,
			},
			2,
		},
		{
			"unknown key in a later event", "[[event]]\ndate = 2025-01-01\ntitle = \"A\"\n[[event]]\ndate = 2025-01-02\ntitel = \"B\"\n",
			[]string{`content/timeline.toml:6:1: unknown key "event.titel" (did you mean "title"?)`},
			0,
		},
		{
			"quoted date", "[[event]]\ndate = 2025-01-01\ntitle = \"A\"\n[[event]]\ndate = \"2025-01-02\"\ntitle = \"B\"\n",
			[]string{`content/timeline.toml:5:9: event.date must be a date such as 2025-11-24, not a string (dates are written without quotes: date = 2025-11-24)`},
			0,
		},
		{
			"quoted date in a middle event", "[[event]]\ndate = 2025-01-01\ntitle = \"A\"\n[[event]]\ndate = \"2025-01-02\"\ntitle = \"B\"\n[[event]]\ndate = 2025-01-03\ntitle = \"C\"\n",
			[]string{`content/timeline.toml:5:9: event.date must be a date such as 2025-11-24, not a string (dates are written without quotes: date = 2025-11-24)`},
			0,
		},
		{
			"wrong type in a middle event", "[[event]]\ndate = 2025-01-01\ntitle = \"A\"\n[[event]]\ndate = 2025-01-02\ntitle = 5\n[[event]]\ndate = 2025-01-03\ntitle = \"C\"\n",
			[]string{`content/timeline.toml:6:1: event.title must be a string in quotes ("…"), not a whole number (strings are written in quotes: title = "…")`},
			0,
		},
		{
			"syntax error", "[[event]]\ndate = 2025-01-01\ntitle = A\n",
			[]string{`content/timeline.toml:3:9: bad TOML: event.title: expected value but found "A" instead (strings need quotes; multi-line strings use """ … """)`},
			0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, diags := load(t, map[string]string{"content/timeline.toml": tt.data}, Options{})
			checkDiags(t, diags, tt.want)
			if len(s.Events) != tt.events {
				t.Errorf("Events = %d, want %d", len(s.Events), tt.events)
			}
		})
	}
}

func TestLoadFiles(t *testing.T) {
	t.Parallel()
	s, diags := load(t, map[string]string{
		"content/img/map.png":         "PNG",
		"content/points/notes.txt":    "notes",
		"content/sub/timeline.toml":   "not = [the timeline",
		"content/README.MD":           "upper case",
		"content/.DS_Store":           "hidden",
		"content/.git/config":         "hidden dir",
		"content/img/.hidden.png":     "hidden",
		"site.toml":                   "outside content",
		"seeds/000.txt":               "outside content",
		"content/sources/data.csv":    "a,b",
		"content/guide/.drafts/x.md":  "hidden dir",
		"content/deep/er/file.pdf":    "%PDF",
		"content/timeline.toml.bak":   "backup",
		"content/points/.#26.md":      "editor lock file",
		"content/_index.md":           "Home.",
		"content/sources/ok.md":       "+++\ntitle = \"ok\"\n+++\n",
		"content/guide/.keep":         "",
		"content/guide/index.md":      "+++\ntitle = \"G\"\n+++\n",
		"content/points/.hidden/1.md": "hidden dir",
		"content/points/26.md~":       "editor backup",
		"content/about.md.swp":        "vim swap",
		"content/4913":                "vim write test",
		"content/#notes.md#":          "emacs autosave",
	}, Options{})
	checkDiags(t, diags, nil)
	var got []string
	for _, f := range s.Files {
		got = append(got, f.Path+"="+string(f.Data))
	}
	want := []string{
		"README.MD=upper case",
		"deep/er/file.pdf=%PDF",
		"img/map.png=PNG",
		"points/notes.txt=notes",
		"sources/data.csv=a,b",
		"sub/timeline.toml=not = [the timeline",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Files = %q, want %q", got, want)
	}
	if len(s.Events) != 0 || len(s.Points) != 0 || len(s.Sources) != 1 || len(s.Pages) != 1 || s.Home == nil {
		t.Errorf("Load = %+v, want one source, one page, a home page and nothing else", s)
	}
}

func TestLoadDrafts(t *testing.T) {
	t.Parallel()
	files := map[string]string{
		"content/_index.md":     "+++\ndraft = true\n+++\n",
		"content/about.md":      "+++\ntitle = \"A\"\ndraft = true\n+++\n",
		"content/faq.md":        "+++\ntitle = \"F\"\n+++\n",
		"content/points/1.md":   point("1", "draft = true\n"),
		"content/points/2.md":   point("2", ""),
		"content/points/x.md":   point("1", "draft = true\n"),
		"content/sources/a.md":  "+++\ntitle = \"A\"\ndraft = true\n+++\n",
		"content/sources/b.md":  "+++\ntitle = \"B\"\n+++\n",
		"content/sources/c.md":  "+++\ndraft = true\n+++\n",
		"content/timeline.toml": "[[event]]\ndate = 2025-01-01\ntitle = \"E\"\n",
	}
	tests := []struct {
		name    string
		drafts  bool
		home    bool
		pages   []string
		points  []int
		sources []string
		diags   []string
	}{
		{
			"without drafts", false, false, []string{"faq"}, []int{2}, []string{"b"},
			// A draft's problems are still reported.
			[]string{`content/sources/c.md:1:1: missing title in front matter (add title = "…")`},
		},
		{
			"with drafts", true, true, []string{"about", "faq"}, []int{1, 1, 2}, []string{"a", "b", "c"},
			[]string{
				"content/points/x.md:2:1: duplicate point number 1 (content/points/1.md has it too)",
				`content/sources/c.md:1:1: missing title in front matter (add title = "…")`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, diags := load(t, files, Options{Drafts: tt.drafts})
			checkDiags(t, diags, tt.diags)
			if got := s.Home != nil; got != tt.home {
				t.Errorf("home loaded = %v, want %v", got, tt.home)
			}
			var pages, sources []string
			var points []int
			for _, pg := range s.Pages {
				pages = append(pages, pg.Name)
			}
			for _, pt := range s.Points {
				points = append(points, pt.Number)
			}
			for _, src := range s.Sources {
				sources = append(sources, src.ID)
			}
			if !slices.Equal(pages, tt.pages) || !slices.Equal(points, tt.points) || !slices.Equal(sources, tt.sources) {
				t.Errorf("Load(Drafts: %v) = pages %q, points %v, sources %q; want %q, %v, %q",
					tt.drafts, pages, points, sources, tt.pages, tt.points, tt.sources)
			}
			if len(s.Events) != 1 {
				t.Errorf("Events = %d, want 1", len(s.Events))
			}
		})
	}
}

func TestMarkdownPos(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		off  string // the body text whose first byte is looked up
		want string
	}{
		{"no front matter", "Äb\nc [x]\n", "[x]", "content/a.md:2:3"},
		{"after front matter", "+++\ntitle = \"A\"\n+++\nÄb\nc [x]\n", "[x]", "content/a.md:5:3"},
		{"columns count runes", "+++\ntitle = \"A\"\n+++\nÄÖÜ [x]\n", "[x]", "content/a.md:4:5"},
		{"CRLF", "+++\r\ntitle = \"A\"\r\n+++\r\nb\r\n\r\nc [x]\r\n", "[x]", "content/a.md:6:3"},
		{"BOM", "\ufeff+++\ntitle = \"A\"\n+++\n[x]\n", "[x]", "content/a.md:4:1"},
		{"BOM without front matter", "\ufeff[x]\n", "[x]", "content/a.md:1:1"},
		{"multi-line string in front matter", "+++\ntitle = \"\"\"\nA\n+++\"\"\"\n+++\n[x]\n", "[x]", "content/a.md:6:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, diags := load(t, map[string]string{"content/a.md": tt.data}, Options{})
			if len(s.Pages) != 1 {
				t.Fatalf("Load(%q): pages %+v, diagnostics %q, want one page", tt.data, s.Pages, diagStrings(diags))
			}
			body := s.Pages[0].Body
			off := strings.Index(string(body.Src), tt.off)
			if off < 0 {
				t.Fatalf("Load(%q): body %q does not hold %q", tt.data, body.Src, tt.off)
			}
			if got := body.Pos(off).String(); got != tt.want {
				t.Errorf("Body.Pos(%d) in %q = %s, want %s", off, tt.data, got, tt.want)
			}
		})
	}
}

func TestLoadWithoutContent(t *testing.T) {
	t.Parallel()
	s, diags, err := Load(t.Context(), fstest.MapFS{"site.toml": {Data: []byte("title = \"x\"")}}, Options{})
	if err != nil || len(diags) != 0 {
		t.Fatalf("Load(no content/) = %v, %q, want no error or diagnostics", err, diagStrings(diags))
	}
	if s == nil || s.Home != nil || len(s.Points)+len(s.Sources)+len(s.Pages)+len(s.Events)+len(s.Files) != 0 {
		t.Errorf("Load(no content/) = %+v, want an empty site", s)
	}
}

func TestLoadCanceled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	fsys := fstest.MapFS{"content/about.md": {Data: []byte("+++\ntitle = \"A\"\n+++\n")}}
	s, _, err := Load(ctx, fsys, Options{})
	if !errors.Is(err, context.Canceled) || s != nil {
		t.Errorf("Load(canceled) = %v, %v, want nil, %v", s, err, context.Canceled)
	}
	if err != nil && !strings.HasPrefix(err.Error(), "load content: ") {
		t.Errorf("Load(canceled) error = %q, want the prefix %q", err, "load content: ")
	}
}

// TestLoadCache checks that a Cache gives the same site as a fresh load,
// with an edited file decoded again and the others reused.
func TestLoadCache(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"content/points/01.md":  {Data: []byte("+++\nnumber = 1\ntitle = \"One\"\nbucket = \"b\"\nsummary = \"S\"\n+++\nBody one.\n")},
		"content/points/02.md":  {Data: []byte("+++\nnumber = 2\ntitle = \"Two\"\nbucket = \"b\"\nsumary = \"S\"\n+++\n")},
		"content/sources/s.md":  {Data: []byte("+++\ntitle = \"S\"\n+++\n")},
		"content/timeline.toml": {Data: []byte("[[event]]\ndate = 2025-01-01\ntitle = \"E\"\n")},
	}
	c := &Cache{}
	ctx := context.Background()
	first, d1, err := Load(ctx, fsys, Options{Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	again, d2, err := Load(ctx, fsys, Options{Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if d1.Error() != d2.Error() || len(d2) == 0 {
		t.Errorf("diagnostics from the cache = %v, want %v (the unknown key)", d2, d1)
	}
	if again.Points[0].Title != "One" || len(again.Points) != len(first.Points) || len(again.Events) != 1 || len(again.Sources) != 1 {
		t.Errorf("Load from the cache = %+v, want what the first load gave", again)
	}
	fsys["content/points/01.md"] = &fstest.MapFile{Data: []byte("+++\nnumber = 1\ntitle = \"Uno\"\nbucket = \"b\"\nsummary = \"S\"\n+++\n")}
	edited, _, err := Load(ctx, fsys, Options{Cache: c})
	if err != nil {
		t.Fatal(err)
	}
	if edited.Points[0].Title != "Uno" {
		t.Errorf("Load after an edit: title %q, want Uno", edited.Points[0].Title)
	}
}

func TestDuplicatePageNames(t *testing.T) {
	t.Parallel()
	_, diags := load(t, map[string]string{
		"content/guide/index.md": "+++\ntitle = \"A\"\n+++\n",
		"content/guide.md":       "+++\ntitle = \"B\"\n+++\n",
	}, Options{})
	want := "content/guide.md:1:1: page /guide/ is also made by content/guide/index.md (rename one of them)"
	if len(diags) != 1 || diags[0].String() != want {
		t.Errorf("Load diagnostics = %v, want %q", diags, want)
	}
}

// TestLoadSizesLists checks that Load makes the lists of points and
// sources once, at the size of the files that decoded to them (a draft
// left out keeps its place), and leaves a list without files nil.
func TestLoadSizesLists(t *testing.T) {
	t.Parallel()
	s, _ := load(t, map[string]string{
		"content/points/1.md": point("1", ""),
		"content/points/2.md": point("2", ""),
		"content/points/3.md": point("3", "draft = true\n"),
	}, Options{})
	if len(s.Points) != 2 || cap(s.Points) != 3 {
		t.Errorf("Points: len %d, cap %d; want 2 of 3 made at once", len(s.Points), cap(s.Points))
	}
	if s.Sources != nil {
		t.Errorf("Sources = %v, want nil: there are none", s.Sources)
	}
}
