package bench_test

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"os"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/site"
)

// siteFS returns the generated site; it uses the built-in theme.
func siteFS(t testing.TB, points int) fstest.MapFS {
	t.Helper()
	files := bench.Generate(bench.Options{Points: points})
	fsys := fstest.MapFS{}
	for name, b := range files {
		fsys[name] = &fstest.MapFile{Data: b}
	}
	return fsys
}

// TestGeneratedSiteBuilds builds generated sites of several sizes: every
// quote, paragraph and cross-reference the generator writes must resolve.
func TestGeneratedSiteBuilds(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 28, 100} {
		res, err := site.Build(context.Background(), siteFS(t, n), site.Options{})
		if err != nil {
			t.Fatalf("Build of %d points: %v", n, err)
		}
		if res.Stats.Points != n {
			t.Errorf("Build of %d points made %d points", n, res.Stats.Points)
		}
		if n >= 28 && res.Stats.Quotes == 0 {
			t.Errorf("Build of %d points verified no quote", n)
		}
		if len(res.Warnings) > 0 {
			t.Errorf("Build of %d points warned: %v", n, res.Warnings)
		}
	}
}

// TestGenerateIsDeterministic: the benchmark compares runs on the same
// input, so the same options must give the same bytes.
func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	a := bench.Generate(bench.Options{Points: 50})
	b := bench.Generate(bench.Options{Points: 50})
	if !maps.EqualFunc(a, b, bytes.Equal) {
		t.Error("Generate gave different files for the same options")
	}
	if c := bench.Generate(bench.Options{Points: 51}); len(c) <= len(a) {
		t.Errorf("Generate of 51 points made %d files, 50 points %d", len(c), len(a))
	}
}

func TestWriteRefusesNonEmptyFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(dir+"/keep.txt", []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := bench.Write(dir, map[string][]byte{"keep.txt": []byte("x")}); err == nil {
		t.Error("Write into a non-empty folder succeeded")
	}
	if b, _ := os.ReadFile(dir + "/keep.txt"); string(b) != "mine" {
		t.Errorf("keep.txt = %q, want %q", b, "mine")
	}
}

// BenchmarkBuild builds generated sites into a folder, as "dossier build"
// does. Profile it with
//
//	go test -run '^$' -bench 'Build/points=1000$' -cpuprofile cpu.out ./internal/bench
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{28, 1000, 10000} {
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			fsys := siteFS(b, n)
			out := b.TempDir() + "/public"
			for b.Loop() {
				if _, err := site.Build(context.Background(), fsys, site.Options{Out: out}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRebuild times what the live preview does after one point file
// is saved: a Builder's build with that file changed and its page open.
func BenchmarkRebuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("points=%d", n), func(b *testing.B) {
			fsys := siteFS(b, n)
			bl := site.NewBuilder(fsys, site.Options{})
			file := fmt.Sprintf("content/points/%05d.md", n/2)
			page := fmt.Sprintf("points/%d/index.html", n/2)
			if _, err := bl.Build(context.Background(), nil, page); err != nil {
				b.Fatal(err)
			}
			orig := fsys[file].Data
			for i := 0; b.Loop(); i++ {
				fsys[file] = &fstest.MapFile{Data: fmt.Appendf(bytes.Clone(orig), "\nEdit number %d.\n", i)}
				res, err := bl.Build(context.Background(), []string{file}, page)
				if err != nil {
					b.Fatal(err)
				}
				if data, _, _ := res.File(page); !bytes.Contains(data, fmt.Appendf(nil, "Edit number %d.", i)) {
					b.Fatalf("%s lacks the edit", page)
				}
			}
		})
	}
}
