package site_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/site"
)

var update = flag.Bool("update", false, "rewrite the want/ files of testdata/*.txtar")

// repoRoot is the repository, whose content TestRepoContent builds.
// Fixtures without a theme of their own use the built-in one.
const repoRoot = "../.."

// fixture is one testdata/*.txtar scenario.
type fixture struct {
	file    string
	ar      *txtar.Archive
	fsys    fstest.MapFS
	opts    site.Options
	want    map[string][]byte // want/PATH → bytes
	grep    map[string][]byte // grep/PATH → lines that must occur
	absent  map[string][]byte // absent/PATH → lines that must not occur
	noFiles map[string]bool   // nofile/PATH → PATH must not be built
}

// loadFixture reads a txtar archive. Its comment holds options, one
// "key: value" a line: baseurl, drafts, showdrafts.
func loadFixture(t *testing.T, file string) *fixture {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{
		file: file, ar: ar, fsys: fstest.MapFS{},
		want: map[string][]byte{}, grep: map[string][]byte{}, absent: map[string][]byte{}, noFiles: map[string]bool{},
	}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		switch strings.TrimSpace(k) {
		case "baseurl":
			f.opts.BaseURL = strings.TrimSpace(v)
		case "drafts":
			f.opts.Drafts = strings.TrimSpace(v) == "true"
		case "showdrafts":
			f.opts.ShowDrafts = strings.TrimSpace(v) == "true"
		}
	}
	for _, af := range ar.Files {
		switch {
		case strings.HasPrefix(af.Name, "want/"):
			f.want[strings.TrimPrefix(af.Name, "want/")] = af.Data
		case strings.HasPrefix(af.Name, "grep/"):
			f.grep[strings.TrimPrefix(af.Name, "grep/")] = af.Data
		case strings.HasPrefix(af.Name, "absent/"):
			f.absent[strings.TrimPrefix(af.Name, "absent/")] = af.Data
		case strings.HasPrefix(af.Name, "nofile/"):
			f.noFiles[strings.TrimPrefix(af.Name, "nofile/")] = true
		default:
			f.fsys[af.Name] = &fstest.MapFile{Data: af.Data}
		}
	}
	return f
}

// diagnostics returns the text form of a failed build's problems, or ""
// if it succeeded.
func diagnostics(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	var dl diag.List
	if !errors.As(err, &dl) {
		t.Fatalf("Build: %v (not a diagnostic list)", err)
	}
	var b bytes.Buffer
	if err := dl.Write(&b, diag.FormatText); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestFixtures builds every testdata/*.txtar site and compares what it
// gets with the archive's expectations.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no fixtures in testdata")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := loadFixture(t, file)
			res, err := site.Build(context.Background(), f.fsys, f.opts)
			got := diagnostics(t, err)
			if res != nil {
				var b bytes.Buffer
				if err := res.Warnings.Write(&b, diag.FormatText); err != nil {
					t.Fatal(err)
				}
				got = b.String()
			}
			f.check(t, got, res)
		})
	}
}

// check compares a build with the fixture, or rewrites the fixture's want/
// files with -update.
func (f *fixture) check(t *testing.T, diags string, res *site.Result) {
	t.Helper()
	var out map[string][]byte
	if res != nil {
		out = res.Files
	}
	if *update {
		f.rewrite(t, diags, out)
		return
	}
	if want := string(f.want["diagnostics"]); diags != want {
		t.Errorf("%s: diagnostics:\n%s\nwant:\n%s\ndiff:\n%s", f.file, diags, want, diff(want, diags))
	}
	for name, want := range f.want {
		if name == "diagnostics" {
			continue
		}
		got, ok := out[name]
		if !ok {
			t.Errorf("%s: no output file %s", f.file, name)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %s differs from want/%s (go test -update rewrites it):\n%s", f.file, name, name, diff(string(want), string(got)))
		}
	}
	for name, lines := range f.grep {
		got, ok := out[name]
		if !ok {
			t.Errorf("%s: no output file %s (have %s)", f.file, name, strings.Join(sortedNames(out), " "))
			continue
		}
		for _, line := range strings.Split(strings.TrimSpace(string(lines)), "\n") {
			if line = strings.TrimSpace(line); line != "" && !bytes.Contains(got, []byte(line)) {
				t.Errorf("%s: %s does not contain %q", f.file, name, line)
			}
		}
	}
	for name, lines := range f.absent {
		got := out[name]
		for _, line := range strings.Split(strings.TrimSpace(string(lines)), "\n") {
			if line = strings.TrimSpace(line); line != "" && bytes.Contains(got, []byte(line)) {
				t.Errorf("%s: %s contains %q, which it must not", f.file, name, line)
			}
		}
	}
	for name := range f.noFiles {
		if _, ok := out[name]; ok {
			t.Errorf("%s: output has %s, which it must not", f.file, name)
		}
	}
}

// rewrite replaces the archive's want/ files with what the build gave.
func (f *fixture) rewrite(t *testing.T, diags string, out map[string][]byte) {
	t.Helper()
	var files []txtar.File
	for _, af := range f.ar.Files {
		if !strings.HasPrefix(af.Name, "want/") {
			files = append(files, af)
			continue
		}
		name := strings.TrimPrefix(af.Name, "want/")
		if name == "diagnostics" {
			continue
		}
		if b, ok := out[name]; ok {
			files = append(files, txtar.File{Name: af.Name, Data: b})
		}
	}
	if diags != "" {
		files = append(files, txtar.File{Name: "want/diagnostics", Data: []byte(diags)})
	}
	f.ar.Files = files
	if err := os.WriteFile(f.file, txtar.Format(f.ar), 0o644); err != nil {
		t.Fatal(err)
	}
}

func sortedNames(m map[string][]byte) []string {
	var names []string
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	return names
}

// diff returns the lines of got that differ from want, marked - and +, with
// their line numbers; enough to see what changed without a diff library.
func diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(g)) && n < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "%d:\n- %s\n+ %s\n", i+1, wl, gl)
			n++
		}
	}
	return b.String()
}

// repoFS is the repository's own site, read from disk.
func repoFS() fs.FS { return os.DirFS(repoRoot) }

// TestRepoContent builds the repository's own dossier, with the link check
// that every build runs, at the root and under a subpath.
func TestRepoContent(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"https://example.org/", "https://owner.github.io/repo/"} {
		res, err := site.Build(context.Background(), repoFS(), site.Options{BaseURL: base})
		if err != nil {
			t.Fatalf("Build(base %s): %v", base, err)
		}
		if len(res.Warnings) > 0 {
			t.Errorf("Build(base %s) warnings:\n%v", base, res.Warnings)
		}
		s := res.Stats
		if s.Points < 28 || s.Quotes == 0 || s.Citations == 0 {
			t.Errorf("Build(base %s) stats = %+v, want 28 points and some verified quotes", base, s)
		}
		if !strings.Contains(base, "/repo/") {
			continue
		}
		for name, b := range res.Files {
			if !strings.HasSuffix(name, ".html") {
				continue
			}
			for _, attr := range []string{`href="/`, `src="/`} {
				for _, m := range findAll(b, attr) {
					if !bytes.HasPrefix(b[m+len(attr)-1:], []byte("/repo/")) {
						t.Errorf("%s: %s… points outside /repo/", name, b[m:min(len(b), m+40)])
					}
				}
			}
		}
	}
}

func findAll(b []byte, s string) []int {
	var out []int
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(s))
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + 1
	}
}

// TestDeterministic builds the repository's dossier with one worker and
// with many, and expects the same bytes in every file.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	a, err := site.Build(context.Background(), repoFS(), site.Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := site.Build(context.Background(), repoFS(), site.Options{Workers: 8})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sortedNames(a.Files), sortedNames(b.Files)) {
		t.Fatalf("file lists differ:\n%v\n%v", sortedNames(a.Files), sortedNames(b.Files))
	}
	for name, x := range a.Files {
		if !bytes.Equal(x, b.Files[name]) {
			t.Errorf("%s differs between builds:\n%s", name, diff(string(x), string(b.Files[name])))
		}
	}
}

// TestWrittenOutputIsKept builds the repository's dossier into a folder and
// into memory, and expects the same files with the same bytes: the exports,
// which a build writes a piece at a time, among them.
func TestWrittenOutputIsKept(t *testing.T) {
	t.Parallel()
	mem, err := site.Build(context.Background(), repoFS(), site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir() + "/public"
	if _, err := site.Build(context.Background(), repoFS(), site.Options{Out: dir}); err != nil {
		t.Fatal(err)
	}
	var disk []string
	err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name, _ := filepath.Rel(dir, path)
		name = filepath.ToSlash(name)
		if name == ".dossier-output" {
			return nil
		}
		disk = append(disk, name)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if want, ok := mem.Files[name]; !ok {
			t.Errorf("%s is written but not made in memory", name)
		} else if !bytes.Equal(b, want) {
			t.Errorf("%s as written differs from the file made in memory:\n%s", name, diff(string(b), string(want)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(disk) != len(mem.Files) {
		t.Errorf("%d files written, %d made in memory", len(disk), len(mem.Files))
	}
	for _, name := range []string{"dossier.json", "annotations.jsonld"} {
		if !slices.Contains(disk, name) {
			t.Errorf("%s is not written", name)
		}
	}
}

// TestFixturesDeterministic builds each fixture that succeeds twice.
func TestFixturesDeterministic(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.txtar")
	for _, file := range files {
		f := loadFixture(t, file)
		a, err := site.Build(context.Background(), f.fsys, site.Options{BaseURL: f.opts.BaseURL, Workers: 1})
		if err != nil {
			continue
		}
		b, err := site.Build(context.Background(), f.fsys, site.Options{BaseURL: f.opts.BaseURL, Workers: 4})
		if err != nil {
			t.Fatalf("%s: second build failed: %v", file, err)
		}
		for name, x := range a.Files {
			if !bytes.Equal(x, b.Files[name]) {
				t.Errorf("%s: %s differs between builds", file, name)
			}
		}
	}
}

// TestFailedBuildKeepsOutput builds a site into a folder, breaks a quote,
// builds again, and expects the folder untouched.
func TestFailedBuildKeepsOutput(t *testing.T) {
	t.Parallel()
	f := loadFixture(t, "testdata/citations.txtar")
	out := filepath.Join(t.TempDir(), "public")
	if _, err := site.Build(context.Background(), f.fsys, site.Options{Out: out}); err != nil {
		t.Fatalf("first build: %v", err)
	}
	before := readTree(t, out)

	broken := fstest.MapFS{}
	for k, v := range f.fsys {
		broken[k] = v
	}
	p := "content/points/01.md"
	broken[p] = &fstest.MapFile{Data: bytes.Replace(f.fsys[p].Data, []byte(`[@river-report, "the river rose`), []byte(`[@river-report, "the river fell`), 1)}
	_, err := site.Build(context.Background(), broken, site.Options{Out: out})
	if d := diagnostics(t, err); !strings.Contains(d, "not found") {
		t.Fatalf("second build: diagnostics %q, want a quote not found", d)
	}
	after := readTree(t, out)
	if !maps(before, after) {
		t.Errorf("output changed after a failed build")
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the output: %v, want only public", names)
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	m := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = b
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func maps(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// BenchmarkBuildRepo times a whole build of the repository's dossier in
// memory, without writing.
func BenchmarkBuildRepo(b *testing.B) {
	fsys := fstest.MapFS{}
	err := fs.WalkDir(repoFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "public" || d.Name() == "internal" || d.Name() == "cmd") {
				return fs.SkipDir
			}
			return nil
		}
		data, err := fs.ReadFile(repoFS(), p)
		if err != nil {
			return err
		}
		fsys[path.Clean(p)] = &fstest.MapFile{Data: data}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := site.Build(context.Background(), fsys, site.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPreparedBeforeOutput: Build calls Options.Prepared once, after the
// content is resolved and before it begins the output (the command tunes
// the collector by it).
func TestPreparedBeforeOutput(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{}
	for name, data := range bench.Generate(bench.Options{Points: 5}) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	dir := t.TempDir()
	calls := 0
	prepared := func() {
		calls++
		// The output is staged next to where it goes.
		if des, err := os.ReadDir(dir); err != nil || len(des) != 0 {
			t.Errorf("when Prepared is called, ReadDir(parent of out) = %v, %v; want nothing yet", des, err)
		}
	}
	if _, err := site.Build(t.Context(), fsys, site.Options{Out: filepath.Join(dir, "out"), Prepared: prepared}); err != nil {
		t.Fatal(err)
	}
	if calls != 1 {
		t.Errorf("Build called Prepared %d times, want 1", calls)
	}
}
