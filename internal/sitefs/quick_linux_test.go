package sitefs

import (
	"os"
	"testing"
)

// TestQuickTakesOnlyPlainPaths: the quick path reads plain files and
// folders, and leaves to the os.Root everything else: links anywhere on
// the way, named pipes (without blocking on one), folders read as files,
// files read as folders, and names of nothing.
func TestQuickTakesOnlyPlainPaths(t *testing.T) {
	t.Parallel()
	dir, _, files := tree(t)
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	rf := newRootFS(r)
	if rf.q.top == nil {
		t.Fatal("no quick path")
	}
	for name, want := range files {
		if got, ok := rf.q.readFile(name); !ok || string(got) != want {
			t.Errorf("quick readFile(%q) = %.20q, %v; want %.20q, true", name, got, ok, want)
		}
	}
	for _, name := range []string{".", "content", "content/deep/er", "content/many", "content/emptydir"} {
		if _, ok := rf.q.readDir(rf, name); !ok {
			t.Errorf("quick readDir(%q) not taken", name)
		}
		if got, ok := rf.q.readFile(name); ok {
			t.Errorf("quick readFile(%q) = %q, true; want false (a folder)", name, got)
		}
	}
	for _, name := range []string{"content/link.md", "content/linkdir/er/x.md", "content/up.md", "content/out.txt", "content/abs.txt",
		"content/nowhere.md", "content/loop/a b.md", "content/deep/back.md", "content/fifo", "content/missing.md", "content/a b.md/x"} {
		if got, ok := rf.q.readFile(name); ok {
			t.Errorf("quick readFile(%q) = %q, true; want false", name, got)
		}
	}
	for _, name := range []string{"content/linkdir", "content/loop", "content/outdir", "content/linkdir2", "content/a b.md", "missing"} {
		if got, ok := rf.q.readDir(rf, name); ok {
			t.Errorf("quick readDir(%q) = %d entries, true; want false", name, len(got))
		}
	}
	if ds, ok := rf.q.readDir(rf, "content/many"); !ok || len(ds) != 1201 {
		t.Errorf("quick readDir(content/many) = %d entries, %v; want 1201", len(ds), ok)
	}
}
