package linkcheck_test

import (
	"context"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"slices"
	"testing"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/linkcheck"
	"github.com/dossier-dev/dossier/internal/site"
)

// BenchmarkCheckerGenerated adds the files of a generated dossier of 1,000
// points, built in its setup, to a Checker one after another, as one build
// worker would, and checks them: the pages a real build checks, with no
// folder to name beforehand (BenchmarkChecker takes one in
// DOSSIER_SCAN_DIR). Its time is the CPU time of the check but for
// Problems, which runs on every CPU.
func BenchmarkCheckerGenerated(b *testing.B) {
	src, out := b.TempDir(), b.TempDir()+"/public"
	if err := bench.Write(src, bench.Generate(bench.Options{Points: 1000})); err != nil {
		b.Fatal(err)
	}
	if _, err := site.Build(context.Background(), os.DirFS(src), site.Options{Out: out}); err != nil {
		b.Fatal(err)
	}
	built := os.DirFS(out)
	files := map[string][]byte{}
	var size int64
	err := fs.WalkDir(built, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(built, name)
		files[name] = data
		size += int64(len(data))
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	base, err := url.Parse("https://example.org/") // the generated sites' base_url
	if err != nil {
		b.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(files))
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		c := linkcheck.New(base)
		for _, name := range names {
			c.Add(name, files[name])
		}
		if probs := c.Problems(); len(probs) != 0 {
			b.Fatalf("Problems() = %d problems, want none; first: %v", len(probs), probs[0])
		}
	}
}
