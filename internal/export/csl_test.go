package export

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/xref"
)

func TestSplitName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want cslName
		role string
	}{
		{"Anne Applebaum", cslName{Family: "Applebaum", Given: "Anne"}, ""},
		{"  Anne   Applebaum ", cslName{Family: "Applebaum", Given: "Anne"}, ""},
		{"Phillips Payson O’Brien", cslName{Family: "O’Brien", Given: "Phillips Payson"}, ""},
		{"Katie Marie Davies", cslName{Family: "Davies", Given: "Katie Marie"}, ""},
		{"Ursula von der Leyen", cslName{Family: "Leyen", Given: "Ursula", Particle: "von der"}, ""},
		{"Martin Luther King Jr.", cslName{Family: "King", Given: "Martin Luther", Suffix: "Jr."}, ""},
		{"Applebaum, Anne", cslName{Family: "Applebaum", Given: "Anne"}, ""},
		{"Naomi Schalit (interviewer)", cslName{Family: "Schalit", Given: "Naomi"}, "interviewer"},
		{"Jane Doe (ed.)", cslName{Family: "Doe", Given: "Jane"}, "editor"},
		{"Jane Doe (translator)", cslName{Family: "Doe", Given: "Jane"}, "translator"},
		{"Jane Doe (photos)", cslName{Family: "Doe", Given: "Jane"}, ""},
		{"Reuters", cslName{Literal: "Reuters"}, ""},
		{"Staff (editor)", cslName{Literal: "Staff"}, "editor"},
		{"Associated Press Staff", cslName{Literal: "Associated Press Staff"}, ""},
		{"The Editors", cslName{Literal: "The Editors"}, ""},
		{"Kyiv Independent News Desk", cslName{Literal: "Kyiv Independent News Desk"}, ""},
		{"Office of the President of Ukraine", cslName{Literal: "Office of the President of Ukraine"}, ""},
		{"City of Riverton", cslName{Literal: "City of Riverton"}, ""},
		{"Ann Author and Bo Berg", cslName{Literal: "Ann Author and Bo Berg"}, ""},
		{"Smith & Jones", cslName{Literal: "Smith & Jones"}, ""},
		{"Team 21", cslName{Literal: "Team 21"}, ""},
		{"bell hooks", cslName{Literal: "bell hooks"}, ""},
		{"Smith, Jones, Brown", cslName{Literal: "Smith, Jones, Brown"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, role := splitName(tt.name)
			if got != tt.want || role != tt.role {
				t.Errorf("splitName(%q) = %+v, %q, want %+v, %q", tt.name, got, role, tt.want, tt.role)
			}
		})
	}
}

func TestCSLType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, outlet, url, copyURL string
		want                       string
	}{
		{"newspaper", "The Atlantic", "https://www.theatlantic.com/x", "", "article-newspaper"},
		{"news agency", "Associated Press (via San Mateo Daily Journal)", "", "", "article-newspaper"},
		{"news without address", "Bloomberg", "", "", "article-newspaper"},
		{"substack outlet", "Thinking about… (Substack)", "", "", "post-weblog"},
		{"substack host", "Letters from an American", "https://heathercoxrichardson.substack.com/p/x", "", "post-weblog"},
		{"blog outlet", "The Dam Blog", "", "", "post-weblog"},
		{"blog host of copy", "Notes", "", "https://notes.wordpress.com/x", "post-weblog"},
		{"linkedin outlet", "LinkedIn", "", "", "post"},
		{"linkedin host", "Martin Schorsch", "https://www.linkedin.com/posts/x", "", "post"},
		{"x outlet", "X", "", "", "post"},
		{"word containing x", "Xinhua", "", "", "article-newspaper"},
		{"linked in a word", "Linkedinsider", "", "", "article-newspaper"},
		{"wikipedia", "Wikipedia", "https://en.wikipedia.org/wiki/X", "", "entry-encyclopedia"},
		{"gov host", "Office of the President of Ukraine", "https://www.president.gov.ua/en/news/x", "", "webpage"},
		{"gov tld", "Department of State", "https://www.state.gov/x", "", "webpage"},
		{"no outlet", "", "https://example.com/", "", "webpage"},
		{"no outlet, blog host", "", "https://x.blogspot.com/", "", "post-weblog"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &content.Source{Outlet: tt.outlet, URL: tt.url, CopyURL: tt.copyURL}
			if got := cslType(s); got != tt.want {
				t.Errorf("cslType(outlet %q, url %q, copy %q) = %q, want %q", tt.outlet, tt.url, tt.copyURL, got, tt.want)
			}
		})
	}
}

func TestCSLOf(t *testing.T) {
	t.Parallel()
	s := &content.Source{
		ID: "a", Title: "What now?", Subtitle: "A plan", Outlet: "Valley News",
		Authors:  []string{"Ann Author"},
		Date:     time.Date(2025, 11, 22, 0, 0, 0, 0, time.UTC),
		DateNote: "about 22–23 November",
		CopyURL:  "https://copy.example/a",
	}
	got := cslOf(s)
	if got.Title != "What now? A plan" {
		t.Errorf("title = %q, want %q", got.Title, "What now? A plan")
	}
	if got.URL != s.CopyURL {
		t.Errorf("URL = %q, want the copy %q", got.URL, s.CopyURL)
	}
	if got.Issued == nil || got.Issued.DateParts[0] != [3]int{2025, 11, 22} || !got.Issued.Circa {
		t.Errorf("issued = %+v, want 2025-11-22 circa", got.Issued)
	}
	if !strings.Contains(got.Note, "about 22–23 November") || !strings.Contains(got.Note, "copy") {
		t.Errorf("note = %q, want the date note and a word on the copy", got.Note)
	}
}

// checkCSL checks the CSL-JSON of m: every item has an id, a known type and
// a title, and dates are real.
func checkCSL(t *testing.T, m *xref.Model) {
	t.Helper()
	files, err := Files(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var items []map[string]any
	if err := json.Unmarshal(files[CSLFile], &items); err != nil {
		t.Fatalf("decode %s: %v", CSLFile, err)
	}
	if len(items) != len(m.Sources) {
		t.Errorf("%s has %d items, want one per source (%d)", CSLFile, len(items), len(m.Sources))
	}
	types := []string{"article-newspaper", "post-weblog", "post", "entry-encyclopedia", "webpage"}
	var ids []string
	for i, it := range items {
		id, _ := it["id"].(string)
		ids = append(ids, id)
		if id == "" {
			t.Errorf("item %d has no id", i)
		}
		if typ, _ := it["type"].(string); !slices.Contains(types, typ) {
			t.Errorf("%s: type %q, want one of %v", id, typ, types)
		}
		if title, _ := it["title"].(string); title == "" {
			t.Errorf("%s has no title", id)
		}
		for _, key := range []string{"author", "interviewer", "editor", "translator"} {
			names, _ := it[key].([]any)
			for _, n := range names {
				n := n.(map[string]any)
				if n["literal"] == nil && (n["family"] == nil || n["given"] == nil) {
					t.Errorf("%s: %s %v has neither a literal nor family and given names", id, key, n)
				}
			}
		}
		if issued, ok := it["issued"].(map[string]any); ok {
			parts := issued["date-parts"].([]any)
			ymd := parts[0].([]any)
			if len(parts) != 1 || len(ymd) != 3 {
				t.Errorf("%s: date-parts %v, want [[y, m, d]]", id, parts)
				continue
			}
			y, mo, d := int(ymd[0].(float64)), int(ymd[1].(float64)), int(ymd[2].(float64))
			tm := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
			if tm.Year() != y || int(tm.Month()) != mo || tm.Day() != d {
				t.Errorf("%s: date-parts %v is not a date", id, ymd)
			}
		}
		// accessed is the day the source was captured, never the day of
		// the build.
		if acc, ok := it["accessed"].(map[string]any); ok {
			i := slices.IndexFunc(m.Sources, func(s *xref.Source) bool { return s.ID == id })
			want := []any{}
			if i >= 0 && !m.Sources[i].Captured.IsZero() {
				c := m.Sources[i].Captured
				want = []any{float64(c.Year()), float64(c.Month()), float64(c.Day())}
			}
			if got := acc["date-parts"].([]any)[0].([]any); !slices.Equal(got, want) {
				t.Errorf("%s: accessed %v, want the day it was captured %v", id, got, want)
			}
		}
	}
	if !slices.IsSorted(ids) {
		t.Errorf("ids are not sorted: %v", ids)
	}
}

func TestFixtureCSL(t *testing.T) {
	t.Parallel()
	checkCSL(t, buildFixture(t))
}

func TestRepoCSL(t *testing.T) {
	t.Parallel()
	checkCSL(t, buildRepo(t))
}
