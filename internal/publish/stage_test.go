package publish

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestStageBatches stages files of every size about the batch's from
// several goroutines at once, with streams among them: each file ends in
// the output with its bytes, and small files wait in a batch, not in the
// pack file, until Commit.
func TestStageBatches(t *testing.T) {
	t.Parallel()
	// Each goroutine ends with a small file, which waits in the batch.
	sizes := []int{0, 1, packBatch/2 - 1, packBatch / 2, packBatch - 1, packBatch, 3*packBatch + 7, 100}
	want := make(map[string][]byte)
	for g := range 4 {
		for i, n := range sizes {
			data := bytes.Repeat([]byte{byte('a' + g), byte('0' + i)}, n/2+1)[:n]
			want[fmt.Sprintf("g%d/%d.html", g, i)] = data
		}
	}
	dir := filepath.Join(t.TempDir(), "public")
	o, err := Begin(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(want))
	for g := range 4 {
		wg.Go(func() {
			for i := range sizes {
				name := fmt.Sprintf("g%d/%d.html", g, i)
				if i%3 == 2 {
					w, err := o.Create(name)
					if err == nil {
						w.Write(want[name])
						err = w.Close()
					}
					errs <- err
					continue
				}
				errs <- o.Write(name, want[name])
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(o.pack.batch) == 0 {
		t.Error("batch before Commit is empty, want the last small files in it")
	}
	if err := o.Commit(t.Context()); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, dir), withDirs(want); !maps.EqualFunc(got, want, bytes.Equal) {
		t.Errorf("tree after Commit() has %q, want %q", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
}

// TestStageBatchFails: a batch that cannot be written fails Commit, which
// leaves the output as it was, though the files in the batch were staged
// without an error.
func TestStageBatchFails(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	dir, before, o := rebuild(t, root)
	// From now on the pack cannot be written.
	pack := o.pack.f
	defer pack.Close()
	ro, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	o.pack.f = ro
	if err := o.Write("points/26/index.html", []byte("new point")); err != nil {
		t.Fatalf("Write() of a small file = %v, want it batched", err)
	}
	err = o.Commit(t.Context())
	if err == nil || !strings.HasPrefix(err.Error(), "publish: stage: ") {
		t.Fatalf("Commit() = %v, want the failed write", err)
	}
	if got := tree(t, dir); !maps.EqualFunc(got, before, bytes.Equal) {
		t.Errorf("tree after failed Commit() = %q, want it unchanged: %q", got, before)
	}
	if got := listing(t, root); !slices.Equal(got, []string{"public"}) {
		t.Errorf("parent after failed Commit() holds %q, want only public", got)
	}
}

// TestPackClaim holds append and appendNow, which share claim, to one
// run of offsets, and to the error of a failed batch write from then on:
// neither reserves bytes after it.
func TestPackClaim(t *testing.T) {
	t.Parallel()
	f, err := os.Create(filepath.Join(t.TempDir(), packFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := newPack(f)
	var got []extent
	for _, d := range [][]byte{[]byte("small"), nil, make([]byte, packBatch/2), []byte("now")} {
		add := p.append
		if string(d) == "now" {
			add = p.appendNow
		}
		x, err := add(d)
		if err != nil {
			t.Fatalf("append(%d bytes) = %v", len(d), err)
		}
		got = append(got, x)
	}
	want := []extent{{0, 5}, {5, 0}, {5, packBatch / 2}, {5 + packBatch/2, 3}}
	if !slices.Equal(got, want) {
		t.Errorf("extents = %v, want %v", got, want)
	}

	// A batch that cannot be written fails flush and every later append.
	ro, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	p.f = ro
	if _, err := p.append([]byte("batched")); err != nil {
		t.Fatalf("append() = %v, want it batched", err)
	}
	end := p.end
	ferr := p.flush()
	if ferr == nil {
		t.Fatal("flush() to a read-only file = nil, want an error")
	}
	for name, add := range map[string]func([]byte) (extent, error){"append": p.append, "appendNow": p.appendNow} {
		if x, err := add([]byte("late")); err != ferr || x != (extent{}) {
			t.Errorf("%s() after a failed flush = %v, %v, want %v", name, x, err, ferr)
		}
	}
	if p.end != end {
		t.Errorf("end after failed appends = %d, want %d", p.end, end)
	}
}
