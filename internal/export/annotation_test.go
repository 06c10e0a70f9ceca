package export

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dossier-dev/dossier/internal/xref"
)

// The shape of annotations.jsonld as a consumer reads it: loosely, so that
// the test sees what is there rather than what the exporter meant.
type jsonldCollection struct {
	Context string      `json:"@context"`
	ID      string      `json:"id"`
	Type    string      `json:"type"`
	Total   int         `json:"total"`
	First   *jsonldPage `json:"first"`
}

type jsonldPage struct {
	ID     string             `json:"id"`
	Type   string             `json:"type"`
	PartOf string             `json:"partOf"`
	Items  []jsonldAnnotation `json:"items"`
}

type jsonldAnnotation struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Motivation string          `json:"motivation"`
	Body       json.RawMessage `json:"body"`
	Target     []struct {
		Type     string `json:"type"`
		Source   string `json:"source"`
		Selector []struct {
			Type   string `json:"type"`
			Exact  string `json:"exact"`
			Prefix string `json:"prefix"`
			Suffix string `json:"suffix"`
			Start  *int   `json:"start"`
			End    *int   `json:"end"`
		} `json:"selector"`
	} `json:"target"`
}

// checkAnnotations checks every annotation of m's annotations.jsonld: its
// kind, its body, and that its TextQuoteSelector's exact text is the text
// at its TextPositionSelector's offsets in the source text, which the test
// makes again from the model.
func checkAnnotations(t *testing.T, m *xref.Model) {
	t.Helper()
	opts := Options{Abs: baseAbs(m)}
	files, err := Files(m, opts)
	if err != nil {
		t.Fatal(err)
	}
	var c jsonldCollection
	if err := json.Unmarshal(files[AnnotationsFile], &c); err != nil {
		t.Fatalf("decode %s: %v", AnnotationsFile, err)
	}
	if c.Context != "http://www.w3.org/ns/anno.jsonld" || c.Type != "AnnotationCollection" || c.ID == "" {
		t.Errorf("collection @context %q, type %q, id %q", c.Context, c.Type, c.ID)
	}

	texts := map[string][]rune{} // source page URL → source text
	originals := map[string]bool{}
	wantLinks, wantGlosses := 0, 0
	for _, s := range m.Sources {
		var paras []string
		for _, p := range s.Paras {
			paras = append(paras, p.Text)
		}
		texts[opts.Abs(s.Path())] = []rune(strings.Join(paras, "\n\n"))
		if s.URL != "" {
			originals[s.URL] = true
		}
		for _, g := range s.Glosses {
			if g.Para != nil {
				wantGlosses++
			}
		}
		for _, n := range s.CitedBy {
			if n.Para != nil {
				wantLinks++
			}
		}
	}
	if wantLinks+wantGlosses == 0 {
		if c.Total != 0 || c.First != nil {
			t.Errorf("total %d, first %v; want 0 and none", c.Total, c.First)
		}
		return
	}
	if c.First == nil {
		t.Fatal("collection has no first page")
	}
	if c.First.Type != "AnnotationPage" || c.First.ID == "" || c.First.PartOf != c.ID {
		t.Errorf("page type %q, id %q, partOf %q", c.First.Type, c.First.ID, c.First.PartOf)
	}
	if c.Total != len(c.First.Items) {
		t.Errorf("total = %d, want the %d items", c.Total, len(c.First.Items))
	}

	links, glosses := 0, 0
	ids := map[string]bool{}
	for _, a := range c.First.Items {
		if a.Type != "Annotation" {
			t.Errorf("%s: type %q, want Annotation", a.ID, a.Type)
		}
		if ids[a.ID] {
			t.Errorf("%s: two annotations with this id", a.ID)
		}
		ids[a.ID] = true
		switch a.Motivation {
		case "linking":
			links++
			var body string
			if err := json.Unmarshal(a.Body, &body); err != nil || !strings.HasPrefix(a.ID, body+"#note-") {
				t.Errorf("%s: body %s, want the page of the note", a.ID, a.Body)
			}
		case "commenting":
			glosses++
			var body struct{ Type, Value, Format string }
			if err := json.Unmarshal(a.Body, &body); err != nil || body.Type != "TextualBody" || body.Format != "text/markdown" {
				t.Errorf("%s: body %s, want a TextualBody in text/markdown", a.ID, a.Body)
			}
		default:
			t.Errorf("%s: motivation %q", a.ID, a.Motivation)
		}
		if len(a.Target) == 0 || len(a.Target) > 2 {
			t.Errorf("%s: %d targets, want 1 or 2", a.ID, len(a.Target))
			continue
		}
		tg := a.Target[0]
		text, ok := texts[tg.Source]
		if !ok {
			t.Errorf("%s: target.source %q is not a source page", a.ID, tg.Source)
			continue
		}
		var exact string
		var start, end *int
		for _, sel := range tg.Selector {
			switch sel.Type {
			case "TextQuoteSelector":
				exact = sel.Exact
				if utf8.RuneCountInString(sel.Prefix) > contextLen || utf8.RuneCountInString(sel.Suffix) > contextLen {
					t.Errorf("%s: prefix %q or suffix %q is longer than %d", a.ID, sel.Prefix, sel.Suffix, contextLen)
				}
				at := strings.Index(string(text), sel.Prefix+sel.Exact+sel.Suffix)
				if at < 0 {
					t.Errorf("%s: prefix, exact and suffix %q are not in the source text", a.ID, sel.Prefix+sel.Exact+sel.Suffix)
				}
			case "TextPositionSelector":
				start, end = sel.Start, sel.End
			}
		}
		if exact == "" || start == nil || end == nil {
			t.Errorf("%s: want a TextQuoteSelector and a TextPositionSelector", a.ID)
			continue
		}
		if *start < 0 || *end > len(text) || *start >= *end {
			t.Errorf("%s: position [%d, %d) is outside the source text of %d code points", a.ID, *start, *end, len(text))
			continue
		}
		if got := string(text[*start:*end]); got != exact {
			t.Errorf("%s: source text [%d:%d] = %q, want exact %q", a.ID, *start, *end, got, exact)
		}
		if len(a.Target) == 2 {
			orig := a.Target[1]
			if !originals[orig.Source] || len(orig.Selector) != 1 || orig.Selector[0].Exact != exact {
				t.Errorf("%s: second target %+v, want the original with the same quote", a.ID, orig)
			}
		}
	}
	if links != wantLinks || glosses != wantGlosses {
		t.Errorf("%d linking and %d commenting annotations, want %d and %d", links, glosses, wantLinks, wantGlosses)
	}
}

func TestFixtureAnnotations(t *testing.T) {
	t.Parallel()
	checkAnnotations(t, buildFixture(t))
}

func TestRepoAnnotations(t *testing.T) {
	t.Parallel()
	checkAnnotations(t, buildRepo(t))
}

// FuzzRunes holds runeCount, firstRunes and lastRunes, which pass over
// ASCII a word at a time, to the utf8 package and to the old code, which
// goes a rune at a time, on texts with ASCII and invalid UTF-8 at each
// place.
func FuzzRunes(f *testing.F) {
	for _, s := range []string{"", "abcdefghijklmnopqrstuvwxyz0123456789", "a\xffbcdefghijklmnop", "é—𝄞abcdefghij\xe2\x80klmnopqrstuvwx\xa8yz", strings.Repeat("Größe ", 12)} {
		for _, n := range []int{0, 1, 7, 8, 9, 16, 32, 40} {
			f.Add(s, n)
		}
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if got, want := runeCount(s), utf8.RuneCountInString(s); got != want {
			t.Errorf("runeCount(%q) = %d, want %d", s, got, want)
		}
		if n < 0 {
			n = -n
		}
		if got, want := firstRunes(s, n), oldFirstRunes(s, n); got != want {
			t.Errorf("firstRunes(%q, %d) = %q, want %q", s, n, got, want)
		}
		if got, want := lastRunes(s, n), oldLastRunes(s, n); got != want {
			t.Errorf("lastRunes(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

func TestRunes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s           string
		n           int
		first, last string
	}{
		{"", 3, "", ""},
		{"abc", 5, "abc", "abc"},
		{"abcdef", 2, "ab", "ef"},
		{"🌊é—x", 2, "🌊é", "—x"},
		{"🌊é—x", 0, "", ""},
	}
	for _, tt := range tests {
		if got := firstRunes(tt.s, tt.n); got != tt.first {
			t.Errorf("firstRunes(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.first)
		}
		if got := lastRunes(tt.s, tt.n); got != tt.last {
			t.Errorf("lastRunes(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.last)
		}
	}
}
