package export

import (
	"bytes"
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/xref"
)

// atomRead is feed.xml as a reader parses it.
type atomRead struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// checkFeed parses m's feed.xml and checks what RFC 4287 requires, the
// order of the entries and the feed's date.
func checkFeed(t *testing.T, m *xref.Model) atomRead {
	t.Helper()
	files, err := Files(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := files[FeedFile]
	var f atomRead
	if err := xml.Unmarshal(data, &f); err != nil {
		t.Fatalf("parse %s: %v", FeedFile, err)
	}
	if f.ID == "" || f.Title == "" || f.Author.Name == "" {
		t.Errorf("feed id %q, title %q, author %q: want all three", f.ID, f.Title, f.Author.Name)
	}
	rels := map[string]string{}
	for _, l := range f.Links {
		rels[l.Rel] = l.Href
	}
	if !strings.HasSuffix(rels["self"], "/"+FeedFile) || rels["alternate"] == "" {
		t.Errorf("links %v, want self to %s and alternate", rels, FeedFile)
	}
	feedUpdated, err := time.Parse(time.RFC3339, f.Updated)
	if err != nil {
		t.Errorf("feed updated: %v", err)
	}
	if len(f.Entries) > maxFeedEntries {
		t.Errorf("%d entries, want at most %d", len(f.Entries), maxFeedEntries)
	}
	var prev time.Time
	for i, e := range f.Entries {
		if u, err := url.Parse(e.ID); err != nil || !u.IsAbs() {
			t.Errorf("entry %d: id %q is not an absolute URL", i, e.ID)
		}
		if e.Title == "" || e.Link.Href == "" {
			t.Errorf("entry %s: title %q, link %q", e.ID, e.Title, e.Link.Href)
		}
		u, err := time.Parse(time.RFC3339, e.Updated)
		if err != nil {
			t.Errorf("entry %s: %v", e.ID, err)
			continue
		}
		if u.Hour() != 0 || u.Minute() != 0 || u.Second() != 0 || u.Location() != time.UTC {
			t.Errorf("entry %s: updated %s, want midnight UTC", e.ID, e.Updated)
		}
		if i == 0 && !u.Equal(feedUpdated) {
			t.Errorf("feed updated %s, want the newest entry's %s", f.Updated, e.Updated)
		}
		if i > 0 && u.After(prev) {
			t.Errorf("entry %s (%s) comes after an older one: want newest first", e.ID, e.Updated)
		}
		prev = u
	}
	return f
}

func TestFixtureFeed(t *testing.T) {
	t.Parallel()
	f := checkFeed(t, buildFixture(t))
	var titles []string
	for _, e := range f.Entries {
		titles = append(titles, e.Title)
	}
	want := []string{"Article 2 — The dam", "The plan is published", "Article 1 — Flood defences", "The flood"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("entries %q, want %q (points without a date left out)", titles, want)
	}
}

func TestRepoFeed(t *testing.T) {
	t.Parallel()
	checkFeed(t, buildRepo(t))
}

// TestFeedWithoutEntries is dated from the model, not the clock.
func TestFeedWithoutEntries(t *testing.T) {
	t.Parallel()
	base, err := config.ParseBaseURL("https://example.org/")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		m    *xref.Model
		want string
	}{
		{"empty", &xref.Model{}, "1970-01-01T00:00:00Z"},
		{"dated source", &xref.Model{Sources: []*xref.Source{{Source: &content.Source{
			Date: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC),
		}}}}, "2025-03-01T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.m.Config = config.Config{Title: "T", BaseURL: base, Points: config.Points{Label: "Point"}}
			b, err := feedXML(tt.m, Options{Abs: baseAbs(tt.m)})
			if err != nil {
				t.Fatal(err)
			}
			if want := "<updated>" + tt.want + "</updated>"; !bytes.Contains(b, []byte(want)) {
				t.Errorf("feed = %s, want %s", b, want)
			}
			if bytes.Contains(b, []byte("<entry>")) {
				t.Errorf("feed = %s, want no entries", b)
			}
		})
	}
}

func TestFeedLimit(t *testing.T) {
	t.Parallel()
	base, err := config.ParseBaseURL("https://example.org/")
	if err != nil {
		t.Fatal(err)
	}
	m := &xref.Model{Config: config.Config{Title: "T", BaseURL: base, Points: config.Points{Label: "Point"}}}
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for n := 1; n <= maxFeedEntries+10; n++ {
		m.Points = append(m.Points, &xref.Point{Point: &content.Point{Number: n, Title: "P", Updated: day.AddDate(0, 0, n)}, Doc: &xref.Doc{}})
	}
	f := checkFeed(t, m)
	if len(f.Entries) != maxFeedEntries {
		t.Fatalf("%d entries, want %d", len(f.Entries), maxFeedEntries)
	}
	if got, want := f.Entries[0].Title, "Point 60 — P"; got != want {
		t.Errorf("first entry %q, want %q (the newest)", got, want)
	}
}

// FuzzXMLEscape holds appendXMLEscaped to xml.EscapeText, which
// encoding/xml escapes text and attributes as.
func FuzzXMLEscape(f *testing.F) {
	for _, s := range []string{"", "plain", `a"b'c&d<e>f`, "\t\n\r\x00\x1f\x7f", "é—𝄞", "\xff\xe2\x80", "\ufffd\ufffe\uffff", "\ud7ff\ue000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		if err := xml.EscapeText(&want, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if got := appendXMLEscaped([]byte("kept"), s); string(got) != "kept"+want.String() {
			t.Errorf("appendXMLEscaped(%q) = %q, want %q", s, got[4:], want.Bytes())
		}
	})
}
