package tomlfile

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/dossier-dev/dossier/internal/diag"
)

// doc is a TOML document with every construct the Locator must step over.
// Line numbers are in the comments on the right of this Go source.
const doc = `# comment = not a key
title = "The plan"
n = 26
tags = [
  "a = b",
  "[fake]", # ] in a comment
]
note = """
fake = 1
[fake2]
"""

[points]
label = 'Point'

[buckets.peace]
title = "Peace"

[[gloss]]
quote = "first"

[[gloss]]
  quote = "second"
note = '''
x = 2'''
[gloss.sub]
k = 1
[ "quoted key" . x ]
"a.b" = 1
dotted.key = true
inline = { y = 1, z = "}" }
after = 1
`

// checkValid fails the test if src is not valid TOML, so that fixtures test
// the Locator on documents that Decode accepts.
func checkValid(t *testing.T, src string) {
	t.Helper()
	var v map[string]any
	if _, err := toml.Decode(src, &v); err != nil {
		t.Fatalf("fixture is not valid TOML: %v", err)
	}
}

func TestLocatorAt(t *testing.T) {
	t.Parallel()
	checkValid(t, doc)
	l := NewLocator("site.toml", []byte(doc), 1)
	tests := []struct {
		path   string
		want   string
		wantOK bool
	}{
		{"title", "site.toml:2:1", true},
		{"n", "site.toml:3:1", true},
		{"tags", "site.toml:4:1", true},
		{"note", "site.toml:8:1", true},
		{"points", "site.toml:13:1", true},
		{"points.label", "site.toml:14:1", true},
		{"buckets.peace", "site.toml:16:1", true},
		{"buckets.peace.title", "site.toml:17:1", true},
		{"gloss.0", "site.toml:19:1", true},
		{"gloss.0.quote", "site.toml:20:1", true},
		{"gloss.1", "site.toml:22:1", true},
		{"gloss.1.quote", "site.toml:23:3", true},
		{"gloss.1.note", "site.toml:24:1", true},
		{"gloss.1.sub", "site.toml:26:1", true},
		{"gloss.1.sub.k", "site.toml:27:1", true},
		{"quoted key.x", "site.toml:28:1", true},
		{"quoted key.x.dotted.key", "site.toml:30:1", true},
		{"quoted key.x.inline", "site.toml:31:1", true},
		{"quoted key.x.after", "site.toml:32:1", true},
		// Not keys: inside strings, arrays, comments and inline tables.
		{"a", "site.toml:1:1", false},
		{"fake", "site.toml:1:1", false},
		{"fake2", "site.toml:1:1", false},
		{"x", "site.toml:1:1", false},
		{"comment", "site.toml:1:1", false},
		{"quoted key.x.inline.y", "site.toml:1:1", false},
		// At wants indexes; it does not ignore them like Key.
		{"gloss.quote", "site.toml:1:1", false},
		{"gloss.2.quote", "site.toml:1:1", false},
		{"buckets", "site.toml:1:1", false},
		{"", "site.toml:1:1", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			t.Parallel()
			got, ok := l.At(tt.path)
			if got.String() != tt.want || ok != tt.wantOK {
				t.Errorf("At(%q) = %s, %v, want %s, %v", tt.path, got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestLocatorKey(t *testing.T) {
	t.Parallel()
	l := NewLocator("site.toml", []byte(doc), 1)
	tests := []struct {
		name string
		key  toml.Key
		want string
	}{
		{"top level", toml.Key{"title"}, "site.toml:2:1"},
		{"table header", toml.Key{"points"}, "site.toml:13:1"},
		{"key in a table", toml.Key{"points", "label"}, "site.toml:14:1"},
		{"table of a map", toml.Key{"buckets", "peace"}, "site.toml:16:1"},
		{"array of tables is its first entry", toml.Key{"gloss"}, "site.toml:19:1"},
		{"first key of an array of tables", toml.Key{"gloss", "quote"}, "site.toml:20:1"},
		{"key only in a later entry", toml.Key{"gloss", "note"}, "site.toml:24:1"},
		{"table in an entry", toml.Key{"gloss", "sub", "k"}, "site.toml:27:1"},
		{"quoted key with a dot", toml.Key{"quoted key", "x", "a.b"}, "site.toml:29:1"},
		{"dotted key", toml.Key{"quoted key", "x", "dotted", "key"}, "site.toml:30:1"},
		{"unknown key falls back to its table", toml.Key{"buckets", "peace", "desc"}, "site.toml:16:1"},
		{"unknown table falls back to its parent", toml.Key{"points", "x", "y"}, "site.toml:13:1"},
		{"key in an inline table falls back to the key", toml.Key{"quoted key", "x", "inline", "z"}, "site.toml:31:1"},
		{"missing falls back to the start", toml.Key{"nope"}, "site.toml:1:1"},
		{"part of a dotted key is not a table", toml.Key{"quoted key", "x", "dotted"}, "site.toml:28:1"},
		{"empty key", toml.Key{}, "site.toml:1:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := l.Key(tt.key).String(); got != tt.want {
				t.Errorf("Key(%q) = %s, want %s", tt.key, got, tt.want)
			}
		})
	}
}

func TestLocatorNumericKeys(t *testing.T) {
	t.Parallel()
	// Bare keys made of digits are names, not array indexes.
	const src = `[versions.2024]
title = "a"
[versions.2025]
title = "b"
[[gloss]]
1 = "x"
`
	checkValid(t, src)
	l := NewLocator("site.toml", []byte(src), 1)
	tests := []struct {
		key  toml.Key
		want string
	}{
		{toml.Key{"versions", "2024"}, "site.toml:1:1"},
		{toml.Key{"versions", "2025"}, "site.toml:3:1"},
		{toml.Key{"versions", "2025", "title"}, "site.toml:4:1"},
		{toml.Key{"versions", "2025", "titel"}, "site.toml:3:1"},
		{toml.Key{"gloss", "1"}, "site.toml:6:1"},
		{toml.Key{"gloss", "2"}, "site.toml:5:1"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.key, "."), func(t *testing.T) {
			t.Parallel()
			if got := l.Key(tt.key).String(); got != tt.want {
				t.Errorf("Key(%q) = %s, want %s", tt.key, got, tt.want)
			}
		})
	}
	if got, ok := l.At("gloss.0.1"); got.String() != "site.toml:6:1" || !ok {
		t.Errorf("At(%q) = %s, %v, want site.toml:6:1, true", "gloss.0.1", got, ok)
	}
}

func TestLocatorFirstLine(t *testing.T) {
	t.Parallel()
	const src = "title = \"x\"\n[points]\nlabel = \"y\"\n"
	tests := []struct {
		name  string
		first int
		start string
		label string
	}{
		{"whole file", 1, "a.md:1:1", "a.md:3:1"},
		{"front matter after +++", 2, "a.md:2:1", "a.md:4:1"},
		{"far down", 40, "a.md:40:1", "a.md:42:1"},
		{"zero counts as 1", 0, "a.md:1:1", "a.md:3:1"},
		{"negative counts as 1", -4, "a.md:1:1", "a.md:3:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l := NewLocator("a.md", []byte(src), tt.first)
			if got := l.Start().String(); got != tt.start {
				t.Errorf("Start() = %s, want %s", got, tt.start)
			}
			if got := l.Pos(0).String(); got != tt.start {
				t.Errorf("Pos(0) = %s, want %s", got, tt.start)
			}
			if got, _ := l.At("points.label"); got.String() != tt.label {
				t.Errorf("At(%q) = %s, want %s", "points.label", got, tt.label)
			}
			if got := l.Pos(len(src)).String(); got != fmt.Sprintf("a.md:%d:1", max(1, tt.first)+3) {
				t.Errorf("Pos(len) = %s, want the line after the last", got)
			}
		})
	}
}

func TestLocatorText(t *testing.T) {
	t.Parallel()
	const src = `basic = "a\"b c"
literal = 'x\y'
ml = """
line one
  line two"""
ml2 = """same line
next"""
mll = '''
é'''
quotes = """a""""
n = 1
empty = ""
hash = "a#b" # "c"
`
	checkValid(t, src)
	l := NewLocator("content/sources/x.md", []byte(src), 10)
	tests := []struct {
		name string
		path string
		off  int
		want string
	}{
		{"basic string", "basic", 0, "content/sources/x.md:10:10"},
		{"offsets count as written", "basic", 3, "content/sources/x.md:10:13"},
		{"end of basic string", "basic", 100, "content/sources/x.md:10:16"},
		{"literal string", "literal", 0, "content/sources/x.md:11:12"},
		{"backslash in literal string", "literal", 2, "content/sources/x.md:11:14"},
		{"end of literal string", "literal", 100, "content/sources/x.md:11:15"},
		{"multi-line drops the first newline", "ml", 0, "content/sources/x.md:13:1"},
		{"multi-line second line", "ml", 11, "content/sources/x.md:14:3"},
		{"end of multi-line", "ml", 100, "content/sources/x.md:14:11"},
		{"multi-line on the same line", "ml2", 0, "content/sources/x.md:15:10"},
		{"multi-line on the same line, next line", "ml2", 10, "content/sources/x.md:16:1"},
		{"multi-line literal", "mll", 0, "content/sources/x.md:18:1"},
		{"multi-line literal counts runes", "mll", 2, "content/sources/x.md:18:2"},
		{"extra quotes belong to the content", "quotes", 100, "content/sources/x.md:19:15"},
		{"not a string maps to the key", "n", 5, "content/sources/x.md:20:1"},
		{"empty string", "empty", 3, "content/sources/x.md:21:10"},
		{"hash inside a string", "hash", 100, "content/sources/x.md:22:12"},
		{"missing key maps to the start", "nope", 3, "content/sources/x.md:10:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := l.Text(tt.path).Pos(tt.off).String(); got != tt.want {
				t.Errorf("Text(%q).Pos(%d) = %s, want %s", tt.path, tt.off, got, tt.want)
			}
		})
	}
}

func TestLocatorTextCRLF(t *testing.T) {
	t.Parallel()
	const src = "a = \"\"\"\r\nxy\r\nz\"\"\"\r\nb = 'q'\r\n[t]\r\nc = 1\r\n"
	checkValid(t, src)
	l := NewLocator("f.toml", []byte(src), 1)
	tests := []struct {
		name string
		got  diag.Position
		want string
	}{
		{"multi-line drops CRLF", l.Text("a").Pos(0), "f.toml:2:1"},
		{"second line", l.Text("a").Pos(4), "f.toml:3:1"},
		{"next key", l.Key(toml.Key{"b"}), "f.toml:4:1"},
		{"literal", l.Text("b").Pos(0), "f.toml:4:6"},
		{"table", l.Key(toml.Key{"t", "c"}), "f.toml:6:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.got.String(); got != tt.want {
				t.Errorf("%s = %s, want %s", tt.name, got, tt.want)
			}
		})
	}
}

func TestLocatorSkipsValues(t *testing.T) {
	t.Parallel()
	// Each document ends with the key "last" on line 5 (its column
	// given); nothing before it may be read as that key.
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"key-like line in a basic multi-line string", "s = \"\"\"\nlast = 1\n\\\"\"\"\nlast = 2\n\"\"\"\nlast = 3\n", "f:6:1"},
		{"header-like line in a literal multi-line string", "s = '''\n[t]\nlast = 1\n'''\n last = 2\n", "f:5:2"},
		{"triple double quotes in a literal string", "s = '''a\"\"\"b'''\nx = 1\ny = 1\nz = 1\nlast = 1\n", "f:5:1"},
		{"multi-line array with strings and comments", "a = [\n  \"]\", # ]\n  'last = 0',\n]\nlast = 1\n", "f:5:1"},
		{"nested arrays and inline tables", "a = [[1, 2], [\n3]]\nb = { c = { d = \"}\" } }\n\nlast = 1\n", "f:5:1"},
		{"escaped quote in a basic string", "s = \"\\\" last = 0\"\n\n\n\nlast = 1\n", "f:5:1"},
		{"array of multi-line strings", "a = [\"\"\"\nlast = 0\n]\"\"\", '''\n]'''] \nlast = 1\n", "f:5:1"},
		{"value then comment", "a = 1 # last = 0\nb = true\nc = 1979-05-27\nd = 1.5\n\tlast = 1\n", "f:5:2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkValid(t, tt.src)
			l := NewLocator("f", []byte(tt.src), 1)
			if got, ok := l.At("last"); got.String() != tt.want || !ok {
				t.Errorf("At(%q) in %q = %s, %v, want %s, true", "last", tt.src, got, ok, tt.want)
			}
		})
	}
}

func TestLocatorTables(t *testing.T) {
	t.Parallel()
	l := NewLocator("site.toml", []byte(doc), 1)
	want := []toml.Key{{"points"}, {"buckets", "peace"}, {"gloss", "1", "sub"}, {"quoted key", "x"}}
	got := l.Tables()
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Tables() = %q, want %q", got, want)
	}

	const order = "[versions.z]\n[buckets.b]\n[versions.a]\n[[event]]\n[buckets.a]\n"
	l = NewLocator("site.toml", []byte(order), 1)
	want = []toml.Key{{"versions", "z"}, {"buckets", "b"}, {"versions", "a"}, {"buckets", "a"}}
	if got := l.Tables(); !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("Tables() = %q, want %q (file order)", got, want)
	}

	if got := NewLocator("f", nil, 1).Tables(); len(got) != 0 {
		t.Errorf("Tables() of an empty document = %q, want none", got)
	}
}

// lineRange returns the first and last line numbers of data starting on
// line first.
func lineRange(data []byte, first int) (lo, hi int) {
	lo = max(1, first)
	return lo, lo + bytes.Count(data, []byte("\n"))
}

func FuzzLocator(f *testing.F) {
	f.Add([]byte(doc), 1, "gloss.1.quote", 3)
	f.Add([]byte("a = \"\"\"\r\nxy\r\nz\"\"\"\r\nb = 'q'\r\n"), 2, "a", 4)
	f.Add([]byte("[versions.2024]\n[[a]]\n[a.b]\n[[a.b]]\nx = '''\n'''"), 7, "a.0.b.x", -1)
	f.Add([]byte("s = \"\\"), 1, "s", 1)
	f.Add([]byte("a = [\"\"\"]"), 1, "a", 0)
	f.Add([]byte("[\"\\u00e9\".'x']\n\"\" = 1"), 1, "é.x", 2)
	f.Add([]byte("\xff\xfe = \"\x80\"\n"), -3, "", 100)
	f.Fuzz(func(t *testing.T, data []byte, first int, key string, off int) {
		first %= 1 << 20
		l := NewLocator("f.toml", data, first)
		lo, hi := lineRange(data, first)
		check := func(what string, p diag.Position) {
			t.Helper()
			if p.File != "f.toml" || p.Line < lo || p.Line > hi || p.Col < 1 {
				t.Fatalf("%s = %v, want a position in f.toml on lines %d-%d", what, p, lo, hi)
			}
		}
		check("Start()", l.Start())
		check("Pos(off)", l.Pos(off))
		check("Key(key)", l.Key(strings.Split(key, ".")))
		p, _ := l.At(key)
		check("At(key)", p)
		check("Text(key).Pos(off)", l.Text(key).Pos(off))
		for _, kl := range l.keys {
			path := strings.Join(kl.path, ".")
			check("Key(path)", l.Key(kl.path))
			p, _ := l.At(path)
			check("At(path)", p)
			tx := l.Text(path)
			check("Text(path).Pos(0)", tx.Pos(0))
			check("Text(path).Pos(off)", tx.Pos(off))
		}
		for _, k := range l.Tables() {
			check("Key(table)", l.Key(k))
		}
	})
}

// TestLocatorReadsOnDemand: a document that decodes cleanly is never
// scanned, and its string Texts read it the first time they are asked.
func TestLocatorReadsOnDemand(t *testing.T) {
	var v struct {
		Title string `toml:"title"`
		Note  string `toml:"note"`
	}
	data := []byte("title = \"T\"\nnote = \"\"\"\nab\ncd\"\"\"\n")
	l, diags := Decode("f.md", data, 2, &v)
	if len(diags) != 0 {
		t.Fatalf("diags = %v", diags)
	}
	tx := l.Text("note")
	if l.keys != nil || l.text != nil {
		t.Fatalf("Decode and Text read the document before any position was asked for")
	}
	if p := tx.Pos(4); p != (diag.Position{File: "f.md", Line: 5, Col: 2}) {
		t.Errorf("Text(note).Pos(4) = %v, want f.md:5:2", p)
	}
	if len(l.keys) != 2 {
		t.Errorf("after Pos, %d keys read, want 2", len(l.keys))
	}
}

// FuzzIsPath holds isPath to what find did before it: split p at its dots
// and compare the pieces with the key's path.
func FuzzIsPath(f *testing.F) {
	f.Add("gloss.1.quote", "gloss", "1", "quote")
	f.Add("a.b", "a.b", "", "")
	f.Add("", "", "", "")
	f.Add("a..b", "a", "", "b")
	f.Add("roles.heading", "roles", "heading", "")
	f.Fuzz(func(t *testing.T, p, a, b, c string) {
		for n := 0; n <= 3; n++ {
			path := []string{a, b, c}[:n]
			want := slices.Equal(path, strings.Split(p, "."))
			if got := isPath(path, p); got != want {
				t.Errorf("isPath(%q, %q) = %v, want %v", path, p, got, want)
			}
		}
	})
}
