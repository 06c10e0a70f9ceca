package export

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/dossier-dev/dossier/internal/xref"
)

// compileSchema compiles Schema() with formats asserted.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema()))
	if err != nil {
		t.Fatalf("parse schema: %v", err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const loc = "https://example.org/dossier.schema.json"
	if err := c.AddResource(loc, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(loc)
	if err != nil {
		t.Fatalf("compile schema: %v", err)
	}
	return sch
}

// checkDossier validates the dossier.json of m against the schema, and
// checks what a schema can't say.
func checkDossier(t *testing.T, m *xref.Model) {
	t.Helper()
	files, err := Files(m, Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := files[DataFile]
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("parse dossier.json: %v", err)
	}
	if err := compileSchema(t).Validate(inst); err != nil {
		t.Fatalf("dossier.json does not match the schema:\n%v", err)
	}

	var d dossier
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		t.Fatalf("decode dossier.json: %v", err)
	}
	if !slices.IsSortedFunc(d.Points, func(a, b point) int { return a.Number - b.Number }) {
		t.Error("points are not sorted by number")
	}
	if !slices.IsSortedFunc(d.Sources, func(a, b source) int { return strings.Compare(a.ID, b.ID) }) {
		t.Error("sources are not sorted by id")
	}
	if !slices.IsSortedFunc(d.Events, func(a, b event) int { return strings.Compare(a.Date, b.Date) }) {
		t.Error("events are not sorted by date")
	}
	if !slices.IsSortedFunc(d.Seeds, func(a, b seedData) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("seeds are not sorted by name")
	}
	paras := map[string][]paragraph{}
	for _, s := range d.Sources {
		paras[s.ID] = s.Paragraphs
		for i, p := range s.Paragraphs {
			if p.N != i+1 {
				t.Errorf("source %s: paragraph %d has n = %d", s.ID, i+1, p.N)
			}
		}
	}
	// A passage is the text at its offsets.
	passage := func(what, src string, para, start, end *int, passage *string) {
		t.Helper()
		if passage == nil {
			return
		}
		if src == "" || para == nil || start == nil || end == nil {
			t.Errorf("%s has a passage but no source, paragraph or offsets", what)
			return
		}
		text := paras[src][*para-1].Text
		if got := text[*start:*end]; got != *passage {
			t.Errorf("%s: paragraph %d [%d:%d] = %q, want the passage %q", what, *para, *start, *end, got, *passage)
		}
	}
	for _, c := range d.Citations {
		src := ""
		if c.Source != nil {
			src = *c.Source
		}
		passage(c.Anchor, src, c.Paragraph, c.Start, c.End, c.Passage)
	}
	for _, g := range d.Glosses {
		passage(g.Anchor, g.Source, g.Paragraph, g.Start, g.End, g.Passage)
	}
	if len(d.Citations) != m.Stats.Citations {
		t.Errorf("dossier.json has %d citations, want the %d the model counts", len(d.Citations), m.Stats.Citations)
	}
}

func TestFixtureDossierMatchesSchema(t *testing.T) {
	t.Parallel()
	checkDossier(t, buildFixture(t))
}

func TestRepoDossierMatchesSchema(t *testing.T) {
	t.Parallel()
	checkDossier(t, buildRepo(t))
}

func TestSchemaRejectsBadData(t *testing.T) {
	t.Parallel()
	sch := compileSchema(t)
	files := exportFiles(t)
	tests := []struct {
		name      string
		old, repl string
	}{
		{"unknown key", `"format": 1,`, `"format": 1, "extra": true,`},
		{"bad date", `"updated": "2025-11-20"`, `"updated": "20 November 2025"`},
		{"empty string for null", `"subtitle": null`, `"subtitle": ""`},
		{"bad role", `"role": "heading"`, `"role": "title"`},
		{"bad status", `"status": "changed"`, `"status": "rewritten"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := string(files[DataFile])
			if !strings.Contains(data, tt.old) {
				t.Fatalf("dossier.json has no %s", tt.old)
			}
			data = strings.Replace(data, tt.old, tt.repl, 1)
			inst, err := jsonschema.UnmarshalJSON(strings.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			if sch.Validate(inst) == nil {
				t.Errorf("Validate(dossier.json with %s) = nil, want an error", tt.repl)
			}
		})
	}
}
