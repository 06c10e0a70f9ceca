package tomlfile

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// The shapes of the documents dossier decodes (content's front matter and
// timeline, config's site.toml), for the tests of decodeFast.
type (
	fastPoint struct {
		Number   int       `toml:"number"`
		Title    string    `toml:"title"`
		Tags     []string  `toml:"tags"`
		Related  []int     `toml:"related"`
		Updated  time.Time `toml:"updated"`
		Draft    bool      `toml:"draft"`
		Position map[string]struct {
			Status string   `toml:"status"`
			Note   string   `toml:"note"`
			Cite   []string `toml:"cite"`
		} `toml:"position"`
	}
	fastSource struct {
		Title   string              `toml:"title"`
		Authors []string            `toml:"authors"`
		Date    time.Time           `toml:"date"`
		Roles   map[string][]string `toml:"roles"`
		Gloss   []struct {
			Quote string `toml:"quote"`
			Note  string `toml:"note"`
		} `toml:"gloss"`
	}
	fastSite struct {
		Title  string `toml:"title"`
		Points struct {
			Label string `toml:"label"`
		} `toml:"points"`
		Buckets map[string]struct {
			Title string `toml:"title"`
		} `toml:"buckets"`
		Versions map[string]struct {
			Date  time.Time `toml:"date"`
			Added []struct {
				Cite []string `toml:"cite"`
			} `toml:"added"`
		} `toml:"versions"`
	}
	fastOdd struct {
		Small  int8              `toml:"small"`
		Float  float64           `toml:"float"`
		Any    any               `toml:"any"`
		Nested [][]string        `toml:"nested"`
		Inline map[string]string `toml:"inline"`
	}
	fastCustom struct {
		Small int8            `toml:"small"`
		Text  textKey         `toml:"text"`
		Named map[textKey]int `toml:"named"`
	}
	fastUntagged struct {
		Small int8   `toml:"small"`
		Plain string // no tag: decoded by its name
	}
)

// textKey decodes itself, which decodeFast leaves to BurntSushi/toml.
type textKey string

func (k *textKey) UnmarshalText(b []byte) error { *k = textKey("text:" + string(b)); return nil }

// fastTargets makes a new value of each shape.
var fastTargets = []func() any{
	func() any { return new(fastPoint) },
	func() any { return new(fastSource) },
	func() any { return new(fastSite) },
	func() any { return new(fastOdd) },
	func() any { return new(fastUntagged) },
	func() any { return new(fastCustom) },
}

const fastPointDoc = `number = 1
title = "The election \"within\"\\"
tags = ["agreement", "b"]
updated = 2025-02-02 # a comment
related = [
  88, # the first
  -230,
]
draft = false

[position.revised]
status = "changed"
note = """
Argued prisoner. [@s00177, ¶6]
Second line "quoted" ""twice""."""
cite = ["s00177"]

[position.first]
status	=	"kept"
`

const fastSourceDoc = `title = "Report 00001: the western agreement"
authors = ["Author 0"]
date = 2024-02-29

[roles]
heading = ["Report 00001: the western agreement"]

[[gloss]]
quote = "cited accord"
note = """Proposed grain. [@s00002, "agreed"]"""

[[gloss]]
quote = "second"
`

const fastSiteDoc = `title = "T"
[points]
label = "Point"
[buckets.a]
title = "A"
[buckets.b]
title = "B"
[versions.v1]
date = 2025-11-20
`

// TestDecodeFast checks that the plain documents dossier's sites are made
// of are decoded by decodeFast, as BurntSushi/toml decodes them, and that
// what is outside its subset or wrong is left to BurntSushi/toml.
func TestDecodeFast(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		target func() any
		doc    string
		fast   bool
	}{
		{"point", fastTargets[0], fastPointDoc, true},
		{"source", fastTargets[1], fastSourceDoc, true},
		{"site", fastTargets[2], fastSiteDoc, true},
		{"empty", fastTargets[0], "", true},
		{"comments only", fastTargets[0], "# x\n\n  # y", true},
		{"empty array", fastTargets[0], "tags = []", true},
		{"empty roles", fastTargets[1], "[roles]\n", true},
		{"unknown key", fastTargets[0], "numbr = 1", false},
		{"key by field name", fastTargets[0], "Number = 1", false},
		{"duplicate key", fastTargets[0], "number = 1\nnumber = 2", false},
		{"duplicate table", fastTargets[0], "[position.a]\n[position.a]", false},
		{"table after key", fastTargets[1], "roles = 1\n[roles]", false},
		{"table after subtable", fastTargets[2], "[buckets.a]\n[buckets]", false},
		{"subtable of a key", fastTargets[1], "[roles]\nx = []\n[roles.x]", false},
		{"dotted key", fastTargets[0], "position.a.status = \"x\"", false},
		{"quoted key", fastTargets[0], "\"number\" = 1", false},
		{"header with spaces", fastTargets[2], "[ points ]", false},
		{"deep header", fastTargets[2], "[versions.v1.added]", false},
		{"array of tables in a table", fastTargets[2], "[[versions.v1.added]]", false},
		{"string for int", fastTargets[0], "number = \"1\"", false},
		{"int for string", fastTargets[0], "title = 1", false},
		{"mixed array", fastTargets[0], "tags = [\"a\", 1]", false},
		{"leading zero", fastTargets[0], "number = 01", false},
		{"plus sign", fastTargets[0], "number = +1", false},
		{"underscore", fastTargets[0], "number = 1_000", false},
		{"hex", fastTargets[0], "number = 0x10", false},
		{"int overflow", fastTargets[3], "small = 300", false},
		{"int as float", fastTargets[3], "float = 1", false},
		{"int as any", fastTargets[3], "any = 1", false},
		{"nested array", fastTargets[3], "nested = [[\"a\"]]", false},
		{"text unmarshaler", fastTargets[5], "text = \"a\"", false},
		{"text unmarshaler key", fastTargets[5], "[named]\na = 1", false},
		{"next to a text unmarshaler", fastTargets[5], "small = 1", false},
		{"odd shape, plain keys", fastTargets[3], "small = -128\n[inline]\na = \"b\"", true},
		{"untagged field", fastTargets[4], "small = 1", false},
		{"inline table", fastTargets[3], "inline = {a = \"b\"}", false},
		{"datetime", fastTargets[0], "updated = 2025-02-02T10:00:00", false},
		{"datetime with space", fastTargets[0], "updated = 2025-02-02 10:00", false},
		{"offset date", fastTargets[0], "updated = 2025-02-02Z", false},
		{"bad day", fastTargets[0], "updated = 2025-02-29", false},
		{"short date", fastTargets[0], "updated = 2025-2-02", false},
		{"date as string", fastTargets[0], "title = 2025-02-02", false},
		{"other escape", fastTargets[0], "title = \"a\\u00e9\"", false},
		{"line-ending backslash", fastTargets[0], "title = \"\"\"a \\\n b\"\"\"", false},
		{"quote before closing", fastTargets[0], "title = \"\"\"a\"\"\"\"", false},
		{"literal string", fastTargets[0], "title = 'a'", false},
		{"unclosed string", fastTargets[0], "title = \"a", false},
		{"newline in string", fastTargets[0], "title = \"a\nb\"", false},
		{"carriage return", fastTargets[0], "number = 1\r\n", false},
		{"control character", fastTargets[0], "title = \"a\x01\"", false},
		{"bad UTF-8", fastTargets[0], "title = \"\xff\"", false},
		{"text after value", fastTargets[0], "number = 1 2", false},
		{"no value", fastTargets[0], "number =", false},
		{"true prefix", fastTargets[0], "draft = truest", false},
		// Past maxListed keys, a table's keys are kept in a map.
		{"many keys", fastTargets[3], manyKeys(maxListed + 8), true},
		{"duplicate key of many", fastTargets[3], manyKeys(maxListed+8) + "k3 = \"again\"\n", false},
		{"duplicate key at the limit", fastTargets[3], manyKeys(maxListed+1) + "k0 = \"again\"\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := tt.target()
			got := decodeFast([]byte(tt.doc), v)
			if got != tt.fast {
				t.Fatalf("decodeFast(%q) = %v, want %v", tt.doc, got, tt.fast)
			}
			if !got {
				if !reflect.ValueOf(v).Elem().IsZero() {
					t.Errorf("decodeFast(%q) = false but changed the target: %+v", tt.doc, v)
				}
				return
			}
			want := tt.target()
			md, err := toml.Decode(tt.doc, want)
			if err != nil || len(md.Undecoded()) > 0 {
				t.Fatalf("BurntSushi/toml: %v, undecoded %v", err, md.Undecoded())
			}
			if !reflect.DeepEqual(v, want) {
				t.Errorf("decodeFast(%q) = %+v, want %+v", tt.doc, v, want)
			}
		})
	}
}

// manyKeys returns an [inline] table of n keys.
func manyKeys(n int) string {
	var b strings.Builder
	b.WriteString("[inline]\n")
	for i := range n {
		fmt.Fprintf(&b, "k%d = \"v\"\n", i)
	}
	return b.String()
}

// FuzzDecodeFast holds decodeFast to BurntSushi/toml: whatever it decodes
// into any of the shapes, BurntSushi/toml decodes without a problem, to the
// same value; whatever it leaves, it leaves untouched.
func FuzzDecodeFast(f *testing.F) {
	for _, doc := range []string{fastPointDoc, fastSourceDoc, fastSiteDoc,
		"[[gloss]]\n[[gloss]]\nquote = \"a\\tb\"", "related = [1,2,]\nupdated = 0000-01-01",
		"[roles]\nheading = []\n[roles.x]", "small = -128\nfloat = 1.5\nnested = [[]]\ntext = \"x\"",
		"[versions.v1]\n[[versions.v1.added]]\ncite = [\"a\"]", "title = \"\"\"\n\"\"\"", "number = -0"} {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc string) {
		for _, target := range fastTargets {
			v := target()
			if !decodeFast([]byte(doc), v) {
				if !reflect.ValueOf(v).Elem().IsZero() {
					t.Fatalf("decodeFast(%q) = false but changed the target: %+v", doc, v)
				}
				continue
			}
			want := target()
			md, err := toml.Decode(doc, want)
			if err != nil {
				t.Fatalf("decodeFast(%q) into %T = true, but BurntSushi/toml: %v", doc, v, err)
			}
			if u := md.Undecoded(); len(u) > 0 {
				t.Fatalf("decodeFast(%q) into %T = true, but BurntSushi/toml leaves %v undecoded", doc, v, u)
			}
			if !reflect.DeepEqual(v, want) {
				t.Fatalf("decodeFast(%q) into %T = %+v, want %+v", doc, v, v, want)
			}
		}
	})
}
