package tomlfile

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/diag"
)

// target has a field of every shape Decode must find keys in.
type target struct {
	Title  string    `toml:"title"`
	Number int       `toml:"number"`
	Draft  bool      `toml:"draft"`
	Date   time.Time `toml:"date"`
	Hidden string    `toml:"-"`
	Points struct {
		Label string `toml:"label"`
		Text  string `toml:"text"`
	} `toml:"points"`
	Buckets map[string]struct {
		Title       string `toml:"title"`
		Description string `toml:"description"`
	} `toml:"buckets"`
	Roles map[string][]string `toml:"roles"`
	Gloss []struct {
		Quote string `toml:"quote"`
		Note  string `toml:"note"`
	} `toml:"gloss"`
	Extra *struct {
		Name string `toml:"name,omitempty"`
	} `toml:"extra"`
	Event []struct {
		Date   time.Time `toml:"date"`
		Title  string    `toml:"title"`
		Points []int     `toml:"points"`
	} `toml:"event"`
}

func diagStrings(l diag.List) []string {
	var s []string
	for _, d := range l {
		s = append(s, d.String())
	}
	return s
}

const known = "known keys here: title, number, draft, date, points, buckets, roles, gloss, extra, event"

func TestDecodeDiagnostics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		src   string
		first int
		want  []string
	}{
		{"valid", "title = \"x\"\n[points]\nlabel = \"P\"\n", 1, nil},
		{"empty", "", 2, nil},

		// Syntax errors: the line of the file, not of the block.
		{
			"bare string", "title = x\n", 2,
			[]string{`a.md:2:9: bad TOML: title: expected value but found "x" instead (strings need quotes; multi-line strings use """ … """)`},
		},
		{
			"bare string further down", "\n\ndraft = true\ntitle = The plan\n", 2,
			[]string{`a.md:5:9: bad TOML: title: expected value but found "The" instead (strings need quotes; multi-line strings use """ … """)`},
		},
		{
			"missing value at the end", "title = \"x\"\nnumber = ", 1,
			[]string{`a.md:2:9: bad TOML: number: unexpected EOF; expected value (strings need quotes; multi-line strings use """ … """)`},
		},
		{
			"duplicate key", "title = \"x\"\n\ntitle = \"y\"\n", 10,
			[]string{`a.md:12:1: bad TOML: title: Key 'title' has already been defined. (each key may appear once per table)`},
		},
		{
			"unclosed string", "title = \"x\n", 1,
			[]string{`a.md:1:11: bad TOML: title: strings cannot contain newlines`},
		},

		// Values of the wrong type: at the key.
		{
			"string for int", "title = \"t\"\nnumber = \"26\"\n", 2,
			[]string{`a.md:3:1: number must be a whole number, not a string (numbers are written without quotes: number = 1)`},
		},
		{
			"int for string in a table", "[points]\n\n  label = 1\n", 1,
			[]string{`a.md:3:3: points.label must be a string in quotes ("…"), not a whole number (strings are written in quotes: label = "…")`},
		},
		{
			"int for string in a map of tables", "[buckets.peace]\ntitle = 1\n", 5,
			[]string{`a.md:6:1: buckets.peace.title must be a string in quotes ("…"), not a whole number (strings are written in quotes: title = "…")`},
		},
		{
			"quoted date", "\ndate = \"2025-11-24\"\n", 2,
			[]string{`a.md:3:9: date must be a date such as 2025-11-24, not a string (dates are written without quotes: date = 2025-11-24)`},
		},
		{
			"out of range", "number = 99999999999999999999\n", 1,
			[]string{`a.md:1:10: bad TOML: number: 99999999999999999999 is out of range for int64`},
		},

		// Type errors say what the key must hold in words, never a Go type.
		// https://github.com/dossier-dev/dossier/issues/8
		{
			"string for a table in a map of tables", "[buckets]\nland = \"Land\"\n", 1,
			[]string{`a.md:2:1: buckets.land must be a table with title = "…", not a string (write [buckets.land] on a line of its own, then title = "…" below it)`},
		},
		{
			"number for a table", "points = 3\n", 1,
			[]string{`a.md:1:1: points must be a table with label = "…", not a whole number (write [points] on a line of its own, then its keys below it)`},
		},
		{
			"string for a list of tables", "gloss = \"x\"\n", 1,
			[]string{`a.md:1:1: gloss must be a list of tables, each written [[…]], not a string`},
		},
		{
			"string for a list of numbers", "[[event]]\npoints = \"3\"\n", 1,
			[]string{`a.md:2:1: event.points must be a list of whole numbers, like [1, 2], not a string`},
		},
		{
			"string for true or false", "draft = \"yes\"\n", 1,
			[]string{`a.md:1:1: draft must be true or false, not a string (without quotes: draft = true)`},
		},
		{
			"float for a whole number", "number = 2.5\n", 1,
			[]string{`a.md:1:1: number must be a whole number, not a decimal number`},
		},

		// In an array of tables the decoder names the key without its
		// entry: the bad value is found again in the entry that has it.
		{
			"wrong type in the middle entry",
			"[[event]]\ntitle = \"A\"\n[[event]]\ntitle = 2\n[[event]]\ntitle = \"C\"\n", 2,
			[]string{`a.md:5:1: event.title must be a string in quotes ("…"), not a whole number (strings are written in quotes: title = "…")`},
		},
		{
			"wrong type in the last entry",
			"[[event]]\ntitle = \"A\"\n[[event]]\ntitle = \"B\"\n[[event]]\n  title = 3 # CRLF next\r\n", 1,
			[]string{`a.md:6:3: event.title must be a string in quotes ("…"), not a whole number (strings are written in quotes: title = "…")`},
		},
		{
			"wrong type in the first entry",
			"[[gloss]]\nquote = [\n\"x\"]\n[[gloss]]\nquote = \"b\"\n", 1,
			[]string{`a.md:2:1: gloss.quote must be a string in quotes ("…"), not a list (strings are written in quotes: quote = "…")`},
		},
		{
			"wrong array element in the middle entry",
			"[[event]]\npoints = [1]\n[[event]]\npoints = [\n  2,\n  \"3\",\n]\n[[event]]\npoints = []\n", 1,
			[]string{`a.md:4:1: event.points must be a list of whole numbers, like [1, 2], and one of them is a string`},
		},
		{
			"quoted date in the middle entry",
			"[[event]]\ndate = 2025-01-01\n[[event]]\ndate = \"2025-01-02\"\n[[event]]\ndate = 2025-01-03\n", 1,
			[]string{`a.md:4:9: event.date must be a date such as 2025-11-24, not a string (dates are written without quotes: date = 2025-11-24)`},
		},
		{
			"bad date in the first entry",
			"[[event]]\ndate = '2025'\n[[event]]\ndate = 2025-01-02\n", 3,
			[]string{`a.md:4:9: event.date must be a date such as 2025-11-24, not a string (dates are written without quotes: date = 2025-11-24)`},
		},

		// Unknown keys, each at its key, with a hint.
		{
			"typo at the top", "title = \"x\"\ntitel = \"y\"\n", 2,
			[]string{`a.md:3:1: unknown key "titel" (did you mean "title"?)`},
		},
		{
			"no close key", "zzz = 1\n", 1,
			[]string{`a.md:1:1: unknown key "zzz" (` + known + `)`},
		},
		{
			"ignored field", "Hidden = \"x\"\n", 1,
			[]string{`a.md:1:1: unknown key "Hidden" (` + known + `)`},
		},
		{
			"typo in a table", "[points]\nlable = \"P\"\n", 1,
			[]string{`a.md:2:1: unknown key "points.lable" (did you mean "label"?)`},
		},
		{
			"typo in a map of tables", "[buckets.peace]\ntitle = \"P\"\n\n[buckets.war]\ntitle = \"W\"\ndescripton = \"d\"\n", 1,
			[]string{`a.md:6:1: unknown key "buckets.war.descripton" (did you mean "description"?)`},
		},
		{
			"typo in a map entry named by digits", "[buckets.2024]\ntitle = \"a\"\n[buckets.2025]\ntitel = \"b\"\n", 1,
			[]string{`a.md:4:1: unknown key "buckets.2025.titel" (did you mean "title"?)`},
		},
		{
			"typo in a later entry of an array of tables", "[[gloss]]\nquote = \"a\"\n\n[[gloss]]\nquote = \"b\"\nnoet = \"c\"\n", 2,
			[]string{`a.md:7:1: unknown key "gloss.noet" (did you mean "note"?)`},
		},
		{
			"dotted key", "title = \"x\"\npoints.txet = \"y\"\n", 1,
			[]string{`a.md:2:1: unknown key "points.txet" (did you mean "text"?)`},
		},
		{
			"key in an inline table is found at the table", "title = \"x\"\npoints = { label = \"P\", tetx = \"y\" }\n", 1,
			[]string{`a.md:2:1: unknown key "points.tetx" (did you mean "text"?)`},
		},
		{
			"through a pointer, tag options ignored", "[extra]\nnmae = \"x\"\n", 1,
			[]string{`a.md:2:1: unknown key "extra.nmae" (did you mean "name"?)`},
		},
		{
			"no close key in a table", "[points]\nzzz = 1\n", 1,
			[]string{`a.md:2:1: unknown key "points.zzz" (known keys here: label, text)`},
		},
		{
			"unknown table and its keys", "[tables]\nx = 1\n", 1,
			[]string{
				`a.md:1:1: unknown key "tables" (` + known + `)`,
				`a.md:2:1: unknown key "tables.x"`,
			},
		},
		{
			"under a map of arrays", "[roles]\nheading = [\"a\"]\n", 1,
			nil,
		},
		{
			"several, in file order", "tilte = 1\n[points]\nlabl = 2\n[[gloss]]\nqoute = 3\n", 1,
			[]string{
				`a.md:1:1: unknown key "tilte" (did you mean "title"?)`,
				`a.md:3:1: unknown key "points.labl" (did you mean "label"?)`,
				`a.md:5:1: unknown key "gloss.qoute" (did you mean "quote"?)`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var v target
			loc, diags := Decode("a.md", []byte(tt.src), tt.first, &v)
			if loc == nil {
				t.Fatalf("Decode(%q) returned no Locator", tt.src)
			}
			if got := diagStrings(diags); !slices.Equal(got, tt.want) {
				t.Errorf("Decode(%q, first %d) diagnostics =\n%q\nwant\n%q", tt.src, tt.first, got, tt.want)
			}
			for _, d := range diags {
				if d.Severity != diag.Error {
					t.Errorf("Decode(%q): %v is a %v, want an error", tt.src, d, d.Severity)
				}
			}
		})
	}
}

func TestDecodeFillsTarget(t *testing.T) {
	t.Parallel()
	const src = `title = "The plan"
number = 26
draft = true
date = 2025-11-24
[points]
label = "Point"
[buckets.peace]
title = "Peace"
[roles]
heading = ["A", "B"]
[[gloss]]
quote = "q1"
[[gloss]]
quote = "q2"
note = """
n2"""
`
	var v target
	loc, diags := Decode("a.md", []byte(src), 2, &v)
	if len(diags) != 0 {
		t.Fatalf("Decode: unexpected diagnostics %q", diagStrings(diags))
	}
	if v.Title != "The plan" || v.Number != 26 || !v.Draft || v.Points.Label != "Point" {
		t.Errorf("Decode: top-level values = %+v", v)
	}
	if got := v.Date.Format(time.DateOnly); got != "2025-11-24" {
		t.Errorf("Decode: date = %s, want 2025-11-24", got)
	}
	if got := v.Buckets["peace"].Title; got != "Peace" {
		t.Errorf("Decode: buckets.peace.title = %q, want %q", got, "Peace")
	}
	if got := v.Roles["heading"]; !slices.Equal(got, []string{"A", "B"}) {
		t.Errorf("Decode: roles.heading = %q, want %q", got, []string{"A", "B"})
	}
	if len(v.Gloss) != 2 || v.Gloss[1].Quote != "q2" || v.Gloss[1].Note != "n2" {
		t.Errorf("Decode: gloss = %+v, want two entries", v.Gloss)
	}
	if got, ok := loc.At("gloss.1.note"); got.String() != "a.md:16:1" || !ok {
		t.Errorf("At(%q) = %s, %v, want a.md:16:1, true", "gloss.1.note", got, ok)
	}
	if got := loc.Text("gloss.1.note").Pos(0).String(); got != "a.md:17:1" {
		t.Errorf("Text(%q).Pos(0) = %s, want a.md:17:1", "gloss.1.note", got)
	}
}

func TestDecodeKeepsPartialValues(t *testing.T) {
	t.Parallel()
	var v target
	_, diags := Decode("a.md", []byte("title = \"x\"\ntitel = \"y\"\n"), 1, &v)
	if len(diags) != 1 {
		t.Fatalf("Decode: diagnostics = %q, want one", diagStrings(diags))
	}
	if v.Title != "x" {
		t.Errorf("Decode with an unknown key: title = %q, want %q", v.Title, "x")
	}
}

func TestKnownKeys(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		path []string
		want []string
	}{
		{"top", nil, []string{"title", "number", "draft", "date", "points", "buckets", "roles", "gloss", "extra", "event"}},
		{"struct field", []string{"points"}, []string{"label", "text"}},
		{"map of tables", []string{"buckets", "any"}, []string{"title", "description"}},
		{"array of tables", []string{"gloss"}, []string{"quote", "note"}},
		{"pointer", []string{"extra"}, []string{"name"}},
		{"map of arrays", []string{"roles"}, nil},
		{"not a table", []string{"title"}, nil},
		{"array of tables of arrays", []string{"event", "points"}, nil},
		{"unknown", []string{"nope", "x"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := knownKeys(reflect.TypeFor[*target](), tt.path)
			if !slices.Equal(got, tt.want) {
				t.Errorf("knownKeys(%q) = %q, want %q", tt.path, got, tt.want)
			}
		})
	}
}
