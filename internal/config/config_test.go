package config

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
)

func diagStrings(l diag.List) []string {
	var s []string
	for _, d := range l {
		s = append(s, d.String())
	}
	return s
}

// parse parses src as site.toml and fails the test on diagnostics.
func parse(t *testing.T, src string) Config {
	t.Helper()
	c, diags := Parse("site.toml", []byte(src))
	if len(diags) != 0 {
		t.Fatalf("Parse(%q): unexpected diagnostics %q", src, diagStrings(diags))
	}
	return c
}

func TestParseDefaults(t *testing.T) {
	t.Parallel()
	c := parse(t, `title = "T"`)
	tests := []struct {
		name, got, want string
	}{
		{"Title", c.Title, "T"},
		{"Description", c.Description, ""},
		{"BaseURL", c.BaseURL.String(), "/"},
		{"Language", c.Language, "en"},
		{"Theme", c.Theme, "default"},
		{"Copyright", c.Copyright, ""},
		{"Points.Label", c.Points.Label, "Point"},
		{"Points.Text", c.Points.Text, "the text"},
		{"Highlight.Style", c.Highlight.Style, "github"},
		{"Highlight.DarkStyle", c.Highlight.DarkStyle, "github-dark"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("Parse(title only).%s = %q, want %q", tt.name, tt.got, tt.want)
			}
		})
	}
	if c.UnsafeHTML || len(c.Buckets) != 0 || len(c.Versions) != 0 {
		t.Errorf("Parse(title only) = %+v, want no raw HTML, buckets or versions", c)
	}
}

// full is the example of the package doc.
const full = `title       = "The plan, annotated"
description = "One line for search engines and link previews."
base_url    = "https://owner.github.io/repo/"
language    = "de"
theme       = "plain"
unsafe_html = true           # let raw HTML in Markdown through
copyright   = "Text CC BY 4.0"

[points]
label = "Punkt"
text  = "the plan"

[highlight]
style      = "monokai"
dark_style = "dracula"

[buckets.war]
title = "Ending the war"

[buckets.peace]
title = "Peace in Ukraine"
description = "…"

[versions.e3]
title = "European counter-proposal"
date  = 2025-11-23
source = "guardian-european-plan"
url = "https://example.org/e3"
note  = "A note."

[versions.us-19]
title = "Revised US plan"
date = 2025-11-30T23:30:00-05:00
`

func TestParseFull(t *testing.T) {
	t.Parallel()
	c := parse(t, full)
	tests := []struct {
		name, got, want string
	}{
		{"Title", c.Title, "The plan, annotated"},
		{"Description", c.Description, "One line for search engines and link previews."},
		{"BaseURL", c.BaseURL.String(), "https://owner.github.io/repo/"},
		{"BaseURL.Path", c.BaseURL.Path, "/repo/"},
		{"Language", c.Language, "de"},
		{"Theme", c.Theme, "plain"},
		{"Copyright", c.Copyright, "Text CC BY 4.0"},
		{"Points.Label", c.Points.Label, "Punkt"},
		{"Points.Text", c.Points.Text, "the plan"},
		{"Highlight.Style", c.Highlight.Style, "monokai"},
		{"Highlight.DarkStyle", c.Highlight.DarkStyle, "dracula"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if tt.got != tt.want {
				t.Errorf("Parse(full).%s = %q, want %q", tt.name, tt.got, tt.want)
			}
		})
	}
	if !c.UnsafeHTML {
		t.Errorf("Parse(full).UnsafeHTML = false, want true")
	}

	wantBuckets := []Bucket{
		{Key: "war", Title: "Ending the war", Pos: diag.Position{File: "site.toml", Line: 17, Col: 1}},
		{Key: "peace", Title: "Peace in Ukraine", Description: "…", Pos: diag.Position{File: "site.toml", Line: 20, Col: 1}},
	}
	if !slices.Equal(c.Buckets, wantBuckets) {
		t.Errorf("Parse(full).Buckets = %+v, want %+v", c.Buckets, wantBuckets)
	}

	wantVersions := []Version{
		{
			Key: "e3", Title: "European counter-proposal", Date: time.Date(2025, 11, 23, 0, 0, 0, 0, time.UTC),
			Source: "guardian-european-plan", URL: "https://example.org/e3", Note: "A note.",
			Pos: diag.Position{File: "site.toml", Line: 24, Col: 1},
		},
		{
			Key: "us-19", Title: "Revised US plan", Date: time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC),
			Pos: diag.Position{File: "site.toml", Line: 31, Col: 1},
		},
	}
	if len(c.Versions) != len(wantVersions) {
		t.Fatalf("Parse(full).Versions = %+v, want %+v", c.Versions, wantVersions)
	}
	for i, v := range c.Versions {
		w := wantVersions[i]
		if v.Key != w.Key || v.Title != w.Title || !v.Date.Equal(w.Date) || v.Date.Location() != time.UTC ||
			v.Source != w.Source || v.URL != w.URL || v.Note != w.Note || v.Pos != w.Pos {
			t.Errorf("Parse(full).Versions[%d] = %+v, want %+v", i, v, w)
		}
	}
}

func TestParseDiagnostics(t *testing.T) {
	t.Parallel()
	const baseHint = ` (write it like "https://owner.github.io/repo/")`
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"empty file", "", []string{`site.toml:1:1: site.toml has no title (add title = "…")`}},
		{"no title", "\n\ntheme = \"x\"\n", []string{`site.toml:1:1: site.toml has no title (add title = "…")`}},
		{
			"syntax error only",
			"title = \"T\"\n\nbase_url = https://x/\n",
			[]string{`site.toml:3:12: bad TOML: base_url: expected value but found "https" instead (strings need quotes; multi-line strings use """ … """)`},
		},
		{
			"unknown key",
			"title = \"T\"\nthem = \"x\"\n",
			[]string{`site.toml:2:1: unknown key "them" (did you mean "theme"?)`},
		},
		{
			"unknown key in a bucket",
			"title = \"T\"\n[buckets.a]\ntitle = \"A\"\ndescrption = \"d\"\n",
			[]string{`site.toml:4:1: unknown key "buckets.a.descrption" (did you mean "description"?)`},
		},
		{
			"base URL scheme",
			"title = \"T\"\n  base_url = \"ftp://x.org/\"\n",
			[]string{`site.toml:2:3: base URL "ftp://x.org/" must use http or https` + baseHint},
		},
		{
			"base URL relative",
			"title = \"T\"\nbase_url = \"repo/\"\n",
			[]string{`site.toml:2:1: base URL "repo/" is neither absolute nor a path from the root` + baseHint},
		},
		{
			"base URL without host",
			"title = \"T\"\nbase_url = \"https:///repo/\"\n",
			[]string{`site.toml:2:1: base URL "https:///repo/" has no host` + baseHint},
		},
		{
			"base URL with a query",
			"title = \"T\"\nbase_url = \"https://x.org/?a=1\"\n",
			[]string{`site.toml:2:1: base URL "https://x.org/?a=1" has a query or fragment` + baseHint},
		},
		{
			"bucket key",
			"title = \"T\"\n[buckets.Peace]\ntitle = \"P\"\n[buckets.-x]\ntitle = \"X\"\n",
			[]string{
				`site.toml:2:1: bucket key "Peace" must be lower-case letters, digits and hyphens`,
				`site.toml:4:1: bucket key "-x" must be lower-case letters, digits and hyphens`,
			},
		},
		{
			"bucket key with a dot",
			"title = \"T\"\n[buckets.\"a.b\"]\ntitle = \"P\"\n",
			[]string{`site.toml:2:1: bucket key "a.b" must be lower-case letters, digits and hyphens`},
		},
		{"bucket without title", "title = \"T\"\n[buckets.a]\n", []string{`site.toml:2:1: bucket "a" has no title`}},
		{
			"version key and title",
			"title = \"T\"\n[versions.E_3]\nnote = \"n\"\n",
			[]string{
				`site.toml:2:1: version "E_3" has no title`,
				`site.toml:2:1: version key "E_3" must be lower-case letters, digits and hyphens`,
			},
		},
		{
			"version URL",
			"title = \"T\"\n[versions.e3]\ntitle = \"E3\"\n  url = \"javascript:alert(1)\"\n",
			[]string{`site.toml:4:3: URL scheme "javascript" not allowed in "javascript:alert(1)" (use http, https or mailto)`},
		},
		{
			"version URL relative",
			"title = \"T\"\n[versions.e3]\ntitle = \"E3\"\nurl = \"/e3/\"\n",
			[]string{`site.toml:4:1: URL "/e3/" is not absolute`},
		},
		{
			"version URL of an inline table",
			"title = \"T\"\n[versions]\ne3 = { title = \"E3\", url = \"javascript:alert(1)\" }\n",
			[]string{`site.toml:3:1: URL scheme "javascript" not allowed in "javascript:alert(1)" (use http, https or mailto)`},
		},
		{
			"bucket key of an inline table",
			"title = \"T\"\nbuckets = { Peace = { title = \"P\" }, war = {} }\n",
			[]string{
				`site.toml:2:1: bucket "war" has no title`,
				`site.toml:2:1: bucket key "Peace" must be lower-case letters, digits and hyphens`,
			},
		},
		{
			"version of dotted keys",
			"title = \"T\"\n[versions]\nE3.note = \"n\"\n",
			[]string{
				`site.toml:2:1: version "E3" has no title`,
				`site.toml:2:1: version key "E3" must be lower-case letters, digits and hyphens`,
			},
		},
		{
			"bucket written as a string",
			"title = \"T\"\n[buckets]\nland = \"Land\"\n",
			[]string{`site.toml:3:1: buckets.land must be a table with title = "…", not a string (write [buckets.land] on a line of its own, then title = "…" below it)`},
		},
		{
			"theme outside themes/",
			"title = \"T\"\ntheme = \"../../etc\"\n",
			[]string{`site.toml:2:1: theme "../../etc" is not the name of a folder in themes/ (write the folder's name alone, like theme = "default" for themes/default/)`},
		},
		{
			"theme with a slash",
			"title = \"T\"\ntheme = \"default/sub\"\n",
			[]string{`site.toml:2:1: theme "default/sub" is not the name of a folder in themes/ (write the folder's name alone, like theme = "default" for themes/default/)`},
		},
		{
			"wrong type",
			"title = \"T\"\nunsafe_html = \"yes\"\n",
			[]string{`site.toml:2:1: unsafe_html must be true or false, not a string (without quotes: unsafe_html = true)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, diags := Parse("site.toml", []byte(tt.src))
			diags.Sort()
			if got := diagStrings(diags); !slices.Equal(got, tt.want) {
				t.Errorf("Parse(%q) diagnostics =\n%q\nwant\n%q", tt.src, got, tt.want)
			}
			if c.BaseURL == nil || c.Language == "" || c.Theme == "" {
				t.Errorf("Parse(%q) = %+v, want defaults filled in", tt.src, c)
			}
		})
	}
}

func TestParseOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		src      string
		buckets  []string
		versions []string
	}{
		{
			"file order, not sorted",
			"title = \"T\"\n[buckets.z]\ntitle = \"Z\"\n[versions.b]\ntitle = \"B\"\n[buckets.a]\ntitle = \"A\"\n[versions.a]\ntitle = \"A\"\n[buckets.m]\ntitle = \"M\"\n",
			[]string{"z@2", "a@6", "m@10"},
			[]string{"b@4", "a@8"},
		},
		{
			"headers first, then the rest sorted",
			"title = \"T\"\n[buckets]\ny = { title = \"Y\" }\nb.title = \"B\"\n[buckets.x]\ntitle = \"X\"\n",
			[]string{"x@5", "b@2", "y@3"},
			nil,
		},
		{
			"dotted keys at the top",
			"title = \"T\"\nversions.z.title = \"Z\"\nversions.a.title = \"A\"\n",
			nil,
			[]string{"a@1", "z@1"},
		},
		{
			"numeric keys",
			"title = \"T\"\n[buckets.2025]\ntitle = \"A\"\n[buckets.2024]\ntitle = \"B\"\n",
			[]string{"2025@2", "2024@4"},
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := parse(t, tt.src)
			var buckets, versions []string
			for _, b := range c.Buckets {
				buckets = append(buckets, b.Key+"@"+strconv.Itoa(b.Pos.Line))
			}
			for _, v := range c.Versions {
				versions = append(versions, v.Key+"@"+strconv.Itoa(v.Pos.Line))
			}
			if !slices.Equal(buckets, tt.buckets) {
				t.Errorf("Parse(%q).Buckets = %q, want %q", tt.src, buckets, tt.buckets)
			}
			if !slices.Equal(versions, tt.versions) {
				t.Errorf("Parse(%q).Versions = %q, want %q", tt.src, versions, tt.versions)
			}
		})
	}
}

func TestConfigAt(t *testing.T) {
	t.Parallel()
	c := parse(t, full)
	tests := []struct {
		key  string
		want string
	}{
		{"title", "site.toml:1:1"},
		{"base_url", "site.toml:3:1"},
		{"highlight.style", "site.toml:14:1"},
		{"versions.e3.url", "site.toml:28:1"},
		{"buckets.peace", "site.toml:20:1"},
		{"points.nope", "site.toml:1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.key, func(t *testing.T) {
			t.Parallel()
			if got := c.At(tt.key).String(); got != tt.want {
				t.Errorf("At(%q) = %s, want %s", tt.key, got, tt.want)
			}
		})
	}
	if got, want := (Config{}).At("title"), (diag.Position{Line: 1, Col: 1}); got != want {
		t.Errorf("Config{}.At(%q) = %v, want %v", "title", got, want)
	}
}

func TestParseBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"/", "/", ""},
		{"/docs", "/docs/", ""},
		{"/docs/", "/docs/", ""},
		{"https://owner.github.io/repo/", "https://owner.github.io/repo/", ""},
		{"https://owner.github.io/repo", "https://owner.github.io/repo/", ""},
		{"https://example.org", "https://example.org/", ""},
		{"http://localhost:1313", "http://localhost:1313/", ""},
		{"HTTPS://Example.org/a/b", "https://Example.org/a/b/", ""},
		{"", "", `base URL "" is neither absolute nor a path from the root`},
		{"repo/", "", `base URL "repo/" is neither absolute nor a path from the root`},
		{"//cdn.example/x/", "", `base URL "//cdn.example/x/" must use http or https`},
		{"ftp://x.org/", "", `base URL "ftp://x.org/" must use http or https`},
		{"mailto:a@b.org", "", `base URL "mailto:a@b.org" must use http or https`},
		{"https:///repo/", "", `base URL "https:///repo/" has no host`},
		{"https:repo", "", `base URL "https:repo" has no host`},
		{"https://x.org/?a=1", "", `base URL "https://x.org/?a=1" has a query or fragment`},
		{"https://x.org/?", "", `base URL "https://x.org/?" has a query or fragment`},
		{"https://x.org/#top", "", `base URL "https://x.org/#top" has a query or fragment`},
		{"/?x", "", `base URL "/?x" has a query or fragment`},
		{"https://x.org/%zz/", "", `base URL "https://x.org/%zz/": invalid URL escape "%zz"`},
		{" https://x.org/", "", `base URL " https://x.org/": first path segment in URL cannot contain colon`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			u, err := ParseBaseURL(tt.in)
			if tt.wantErr != "" {
				if err == nil || err.Error() != tt.wantErr {
					t.Errorf("ParseBaseURL(%q) error = %v, want %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseBaseURL(%q) error: %v", tt.in, err)
			}
			if got := u.String(); got != tt.want {
				t.Errorf("ParseBaseURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if !strings.HasSuffix(u.Path, "/") {
				t.Errorf("ParseBaseURL(%q).Path = %q, want a trailing /", tt.in, u.Path)
			}
		})
	}
}

func TestCheckURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		wantErr string
	}{
		{"https://example.org/a?b=c#d", ""},
		{"http://x", ""},
		{"HTTPS://X.org", ""},
		{"mailto:a@b.org", ""},
		{"mailto:", ""},
		{"https:///path", `URL "https:///path" has no host`},
		{"http:opaque", `URL "http:opaque" has no host`},
		{"/relative", `URL "/relative" is not absolute`},
		{"relative/path", `URL "relative/path" is not absolute`},
		{"//host/x", `URL "//host/x" is not absolute`},
		{"", `URL "" is not absolute`},
		{"javascript:alert(1)", `URL scheme "javascript" not allowed in "javascript:alert(1)" (use http, https or mailto)`},
		{"JavaScript:alert(1)", `URL scheme "javascript" not allowed in "JavaScript:alert(1)" (use http, https or mailto)`},
		{"data:text/html,x", `URL scheme "data" not allowed in "data:text/html,x" (use http, https or mailto)`},
		{"ftp://x.org/f", `URL scheme "ftp" not allowed in "ftp://x.org/f" (use http, https or mailto)`},
		{"https://x.org/%zz", `bad URL "https://x.org/%zz": invalid URL escape "%zz"`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			err := CheckURL(tt.in)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.wantErr {
				t.Errorf("CheckURL(%q) = %q, want %q", tt.in, got, tt.wantErr)
			}
		})
	}
}

func TestDate(t *testing.T) {
	t.Parallel()
	east := time.FixedZone("east", 14*3600)
	west := time.FixedZone("west", -12*3600)
	want := time.Date(2025, 11, 24, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"zero stays zero", time.Time{}, time.Time{}},
		{"midnight UTC", want, want},
		{"time of day dropped", time.Date(2025, 11, 24, 15, 4, 5, 6, time.UTC), want},
		{"calendar date in its own zone, east", time.Date(2025, 11, 24, 1, 0, 0, 0, east), want},
		{"calendar date in its own zone, west", time.Date(2025, 11, 24, 23, 0, 0, 0, west), want},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Date(tt.in)
			if !got.Equal(tt.want) || (!got.IsZero() && got.Location() != time.UTC) {
				t.Errorf("Date(%v) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseBaseURLOfTheFile(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"missing", "title = \"T\"\n", "/"},
		{"empty", "title = \"T\"\nbase_url = \"\"\n", "/"},
		{"path only", "title = \"T\"\nbase_url = \"/docs\"\n", "/docs/"},
		{"subpath", "title = \"T\"\nbase_url = \"https://owner.github.io/repo\"\n", "https://owner.github.io/repo/"},
		{"host only", "title = \"T\"\nbase_url = \"https://example.org\"\n", "https://example.org/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := parse(t, tt.src)
			if got := c.BaseURL.String(); got != tt.want {
				t.Errorf("Parse(%q).BaseURL = %q, want %q", tt.src, got, tt.want)
			}
		})
	}
}

func TestParseVersionAdditions(t *testing.T) {
	t.Parallel()
	const src = `title = "T"

[versions.e3]
title = "E3"

[[versions.e3.added]]
title = "Security guarantees"
note = "n"
cite = ["guardian"]

[[versions.e3.added]]
note = "no title"
`
	c, diags := Parse("site.toml", []byte(src))
	want := []string{`site.toml:11:1: addition 2 of version "e3" has no title`}
	if got := diagStrings(diags); !slices.Equal(got, want) {
		t.Errorf("Parse diagnostics = %q, want %q", got, want)
	}
	if len(c.Versions) != 1 || len(c.Versions[0].Added) != 2 {
		t.Fatalf("Parse.Versions = %+v, want one version with two additions", c.Versions)
	}
	a := c.Versions[0].Added
	if a[0].Title != "Security guarantees" || a[0].Note != "n" || !slices.Equal(a[0].Cite, []string{"guardian"}) {
		t.Errorf("Added[0] = %+v, want all its keys", a[0])
	}
	if got := a[0].CitePos.String(); got != "site.toml:9:1" {
		t.Errorf("Added[0].CitePos = %s, want site.toml:9:1", got)
	}
	if got := a[1].CitePos.String(); got != "site.toml:1:1" {
		t.Errorf("Added[1].CitePos = %s, want site.toml:1:1 (no cite key)", got)
	}
}
