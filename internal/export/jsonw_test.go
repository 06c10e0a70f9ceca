package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/xref"
)

// checkOracle holds the writers of dossier.json, annotations.jsonld and
// sources.csl.json to the bytes that encoding/json made of the old structs,
// and that of feed.xml to encoding/xml's (oracle_test.go),
// both made whole by File and written a piece at a time by Write.
func checkOracle(t *testing.T, m *xref.Model) {
	t.Helper()
	opts := Options{Abs: baseAbs(m)}
	for _, tt := range []struct {
		name   string
		old    func(*xref.Model, Options) ([]byte, error)
		pieces bool // written a piece at a time
	}{
		{DataFile, oldDossierJSON, true},
		{AnnotationsFile, oldAnnotationsJSON, true},
		{CSLFile, oldCSLJSON, true},
		{FeedFile, oldFeedXML, false},
	} {
		want, err := tt.old(m, opts)
		if err != nil {
			t.Fatal(err)
		}
		got, err := File(m, opts, tt.name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from encoding/json's:\n%s", tt.name, lineDiff(string(got), string(want)))
			continue
		}
		var w pieces
		if err := Write(&w, m, opts, tt.name); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(w.b, want) {
			t.Errorf("%s written in pieces differs", tt.name)
		}
		if pieces := (len(want) + flushAt - 1) / flushAt; tt.pieces && (w.calls < pieces/2 || w.calls > pieces+1) {
			t.Errorf("%s (%d bytes) was written in %d calls, want about %d", tt.name, len(want), w.calls, pieces)
		}
	}
}

// pieces keeps what it is given, and counts the calls.
type pieces struct {
	b     []byte
	calls int
}

func (w *pieces) Write(p []byte) (int, error) {
	w.calls++
	w.b = append(w.b, p...)
	return len(p), nil
}

// failing fails every write.
type failing struct{ calls int }

func (w *failing) Write(p []byte) (int, error) {
	w.calls++
	return 0, errors.New("disk full")
}

// TestWriteFails: the first error of the writer is returned, and nothing
// more is written after it.
func TestWriteFails(t *testing.T) {
	t.Parallel()
	m := buildRepo(t)
	for _, name := range Names {
		var w failing
		err := Write(&w, m, Options{}, name)
		if err == nil || !strings.Contains(err.Error(), "disk full") {
			t.Errorf("Write(%s) = %v, want the writer's error", name, err)
		}
		if w.calls != 1 {
			t.Errorf("Write(%s) called the failing writer %d times, want 1", name, w.calls)
		}
	}
}

func TestWritersMatchEncoderFixture(t *testing.T) {
	t.Parallel()
	checkOracle(t, buildFixture(t))
}

func TestWritersMatchEncoderRepo(t *testing.T) {
	t.Parallel()
	checkOracle(t, buildRepo(t))
}

func TestWritersMatchEncoderGenerated(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 28, 150} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, b := range bench.Generate(bench.Options{Points: n}) {
				fsys[name] = &fstest.MapFile{Data: b}
			}
			checkOracle(t, build(t, fsys))
		})
	}
}

// TestWritersMatchEncoderRandom gives the fixture's model random values,
// empty strings among them (null, or a key left out), and characters that
// JSON escapes, and holds the writers to the oracle.
func TestWritersMatchEncoderRandom(t *testing.T) {
	t.Parallel()
	for seed := range uint64(20) {
		m := buildFixture(t)
		r := rand.New(rand.NewPCG(seed, 1))
		str := func() string { return randomString(r) }
		for _, p := range m.Points {
			cp := *p.Point
			cp.Title, cp.Summary, cp.Text, cp.TextKind, cp.Assessment = str(), str(), str(), str(), str()
			if r.IntN(3) == 0 {
				cp.Tags = nil
			}
			if r.IntN(3) == 0 {
				cp.Updated = time.Time{}
			}
			p.Point = &cp
			if r.IntN(3) == 0 {
				p.Group = nil
			}
			if r.IntN(3) == 0 {
				p.TextFrom = nil
			}
		}
		for _, s := range m.Sources {
			cs := *s.Source
			cs.Title, cs.Subtitle, cs.Outlet, cs.URL, cs.ArchiveURL, cs.License = str(), str(), str(), str(), str(), str()
			cs.DateNote, cs.URLNote, cs.CopyURL = str(), str(), str()
			if r.IntN(2) == 0 {
				cs.Archived = time.Time{}
			}
			// Authors of every kind that cslOf tells apart.
			cs.Authors = nil
			for range r.IntN(4) {
				cs.Authors = append(cs.Authors, []string{
					"Anne Applebaum", "Ludwig van Beethoven", "Martin Luther King Jr.", "bell hooks",
					"Schalit, Naomi", "Naomi Schalit (interviewer)", "A. Editor (ed.)", "T. Translator (trans.)",
					"Reuters Staff", "Plato", str(),
				}[r.IntN(11)])
			}
			for _, t := range []*time.Time{&cs.Date, &cs.Captured} {
				if r.IntN(3) == 0 {
					*t = time.Time{}
				} else if r.IntN(2) == 0 {
					*t = time.Date(1990+r.IntN(40), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
				}
			}
			if r.IntN(3) == 0 {
				cs.DateNote = "about " + cs.DateNote
			}
			s.Source = &cs
			for _, g := range s.Glosses {
				g.Title, g.Quote = str(), str()
				if r.IntN(3) == 0 {
					g.Para = nil
				}
			}
		}
		for _, d := range m.Docs() {
			for _, n := range d.Notes {
				switch r.IntN(4) {
				case 0:
					n.Source, n.Para = nil, nil
				case 1:
					n.Para = nil
				case 2:
					n.Quote = ""
				}
			}
		}
		// Prose of random Markdown, written from bytes: empty, blank
		// lines and white space around it, escapes and odd characters.
		md := markdown.New(markdown.Options{})
		prose := func() *xref.Prose {
			if r.IntN(5) == 0 {
				return nil
			}
			src := randomString(r) + "\r\n" + randomString(r) + " *x* [[1]] \\* &amp; " + randomString(r) + "\n\n" + randomString(r) + " \t\r\n"
			return &xref.Prose{Doc: md.Parse([]byte(src))}
		}
		for _, p := range m.Points {
			p.Commentary = prose()
			for _, c := range p.Changes {
				c.Note = prose()
			}
		}
		for _, s := range m.Sources {
			s.Intro = prose()
			for _, g := range s.Glosses {
				g.Text = prose()
			}
		}
		for _, e := range m.Events {
			e.Text = prose()
		}
		for _, e := range m.Events {
			ce := *e.Event
			ce.Title = str()
			e.Event = &ce
		}
		for _, b := range m.Buckets {
			b.Key, b.Title = str(), str()
		}
		c := m.Config
		c.Title, c.Description, c.Copyright, c.Language, c.Points.Label = str(), str(), str(), str(), str()
		m.Config = c
		checkOracle(t, m)
	}
}

// randomString returns "" a third of the time, else a short string with
// characters that JSON escapes or that are easy to get wrong.
func randomString(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return ""
	}
	parts := []string{"a", "Z", " ", "\"", "\\", "\n", "\t", "\r", "\b", "\f", "\x00", "\x1f", "\x7f",
		"<", ">", "&", "é", "—", "\u2028", "\u2029", "\xff", "\xe2\x80", "𝄞", "/", "'"}
	var b []byte
	for range r.IntN(12) {
		b = append(b, parts[r.IntN(len(parts))]...)
	}
	return string(b)
}

// FuzzAnchor holds jsonWriter.anchor to writing the joined string.
func FuzzAnchor(f *testing.F) {
	for _, s := range []string{"", "https://x.org/p/", "a\"b\\c\n", "\u2028", "\xe2\x80", "\xa8", "é—𝄞"} {
		f.Add(s, "note-3")
		f.Add("https://x.org/", s)
	}
	f.Fuzz(func(t *testing.T, url, id string) {
		got, want := newJSONWriter(nil), newJSONWriter(nil)
		got.anchor(url, id)
		want.str(url + "#" + id)
		if !bytes.Equal(got.b, want.b) {
			t.Errorf("anchor(%q, %q) = %s, want %s", url, id, got.b, want.b)
		}
	})
}

// BenchmarkExports makes each export of a generated site of 1,000 points,
// and, for the two that jsonWriter writes, the old encoding/json oracle:
//
//	go test -run '^$' -bench Exports -benchmem ./internal/export
func BenchmarkExports(b *testing.B) {
	fsys := fstest.MapFS{}
	for name, data := range bench.Generate(bench.Options{Points: 1000}) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	m := build(b, fsys)
	opts := Options{Abs: baseAbs(m)}
	for _, name := range Names {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if err := Write(io.Discard, m, opts, name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for name, old := range map[string]func(*xref.Model, Options) ([]byte, error){
		"old-" + DataFile: oldDossierJSON, "old-" + AnnotationsFile: oldAnnotationsJSON,
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if _, err := old(m, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestJSONWriterDepth nests objects and arrays deeper than indent holds,
// and holds the indents to json.Indent's.
func TestJSONWriterDepth(t *testing.T) {
	for _, depth := range []int{0, 1, 2, 15, 16, 17, 40} {
		jw := newJSONWriter(nil)
		var v any = "leaf"
		for range depth {
			v = []any{1, map[string]any{"k": v}}
		}
		var build func(v any)
		build = func(v any) {
			switch v := v.(type) {
			case []any:
				jw.open('[')
				jw.int(v[0].(int))
				build(v[1])
				jw.close(']')
			case map[string]any:
				jw.open('{')
				jw.k("k")
				build(v["k"])
				jw.close('}')
			case string:
				jw.str(v)
			}
		}
		build(v)
		jw.b = append(jw.b, '\n')
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(jw.b, want.Bytes()) {
			t.Errorf("depth %d: jsonWriter wrote\n%s\nwant\n%s", depth, jw.b, want.Bytes())
		}
	}
}
