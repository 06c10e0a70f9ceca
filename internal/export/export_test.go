package export

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/seed"
	"github.com/dossier-dev/dossier/internal/xref"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// repoRoot is the repository, whose own content is exported by the
// TestRepo… tests.
const repoRoot = "../.."

// buildFixture resolves testdata/fixture.txtar into a model.
func buildFixture(t *testing.T) *xref.Model {
	t.Helper()
	ar, err := txtar.ParseFile("testdata/fixture.txtar")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range ar.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return build(t, fsys)
}

// buildRepo resolves the repository's own dossier.
func buildRepo(t *testing.T) *xref.Model {
	t.Helper()
	return build(t, os.DirFS(repoRoot))
}

// build runs the pipeline up to the model: load and resolve. (The site
// package, which runs it all, imports this one, so tests cannot use it.)
func build(t testing.TB, fsys fs.FS) *xref.Model {
	t.Helper()
	ctx := context.Background()
	data, err := fs.ReadFile(fsys, "site.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg, diags := config.Parse("site.toml", data)
	cs, ds, err := content.Load(ctx, fsys, content.Options{})
	if err != nil {
		t.Fatal(err)
	}
	diags.Add(ds...)
	var seeds []*seed.Seed
	entries, _ := fs.ReadDir(fsys, "seeds")
	for _, e := range entries {
		b, err := fs.ReadFile(fsys, path.Join("seeds", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, seed.Parse(path.Join("seeds", e.Name()), b))
	}
	m, ds, err := xref.Resolve(ctx, xref.Input{Config: cfg, Content: cs, Seeds: seeds, Markdown: markdown.New(markdown.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	diags.Add(ds...)
	if diags.HasErrors() {
		t.Fatalf("building the model: %v", diags)
	}
	return m
}

// exportFiles builds the fixture and exports it.
func exportFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := Files(buildFixture(t), Options{})
	if err != nil {
		t.Fatalf("Files: %v", err)
	}
	return files
}

func TestFilesGolden(t *testing.T) {
	t.Parallel()
	files := exportFiles(t)
	for _, name := range []string{DataFile, CSLFile, AnnotationsFile, FeedFile} {
		t.Run(name, func(t *testing.T) {
			got, ok := files[name]
			if !ok {
				t.Fatalf("Files has no %s", name)
			}
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s (go test ./internal/export -update rewrites it):\n%s", name, golden, lineDiff(string(got), string(want)))
			}
		})
	}
	if len(files) != 4 {
		t.Errorf("Files returned %d files, want 4", len(files))
	}
}

// TestFilesDeterministic exports two builds of the fixture and compares the
// bytes.
func TestFilesDeterministic(t *testing.T) {
	t.Parallel()
	a, b := exportFiles(t), exportFiles(t)
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s differs between two builds:\n%s", name, lineDiff(string(a[name]), string(b[name])))
		}
	}
}

func TestFilesUseAbs(t *testing.T) {
	t.Parallel()
	m := buildFixture(t)
	abs := func(p string) string { return "https://mirror.example/x/" + p }
	files, err := Files(m, Options{Abs: abs})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if bytes.Contains(b, []byte("https://example.org/river/")) {
			t.Errorf("%s holds the base URL of site.toml; want only URLs made by Options.Abs", name)
		}
		if name != CSLFile && !bytes.Contains(b, []byte("https://mirror.example/x/points/1/")) {
			t.Errorf("%s does not link to the point by Options.Abs", name)
		}
	}
}

func TestFilesEndInNewline(t *testing.T) {
	t.Parallel()
	for name, b := range exportFiles(t) {
		if !bytes.HasSuffix(b, []byte("\n")) || bytes.HasSuffix(b, []byte("\n\n")) {
			t.Errorf("%s does not end in exactly one newline", name)
		}
	}
}

func TestSchemaIsEmbedded(t *testing.T) {
	t.Parallel()
	want, err := os.ReadFile(path.Join("testdata", SchemaFile))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(Schema(), want) {
		t.Error("Schema() differs from testdata/dossier.schema.json")
	}
}

// lineDiff shows the first lines where got and want differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	shown := 0
	for i := 0; i < max(len(g), len(w)) && shown < 10; i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			fmt.Fprintf(&b, "line %d:\n  got:  %s\n  want: %s\n", i+1, gl, wl)
			shown++
		}
	}
	return b.String()
}
