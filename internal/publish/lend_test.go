package publish

import (
	"bytes"
	"maps"
	"path/filepath"
	"testing"
)

// TestWriteKeepsNoBytes checks that Output.Write copies what it is given:
// a build lends each page's buffer to Write and reuses it for the next
// page, so scribbling over the bytes after Write must not change the file.
func TestWriteKeepsNoBytes(t *testing.T) {
	t.Parallel()
	want := map[string][]byte{
		"index.html":           []byte("<h1>home</h1>"),
		"points/26/index.html": []byte("<p id=p1>amnesty</p>"),
	}
	dir := filepath.Join(t.TempDir(), "public")
	for _, rebuild := range []bool{false, true} {
		out, err := Begin(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for name, data := range want {
			lent := bytes.Clone(data)
			if rebuild {
				lent = append(lent, '!')
			}
			if err := out.Write(name, lent); err != nil {
				t.Fatal(err)
			}
			for i := range lent {
				lent[i] = 'x'
			}
		}
		if err := out.Commit(t.Context()); err != nil {
			t.Fatal(err)
		}
		w := want
		if rebuild {
			w = map[string][]byte{}
			for name, data := range want {
				w[name] = append(bytes.Clone(data), '!')
			}
		}
		if got := tree(t, dir); !maps.EqualFunc(got, withDirs(w), bytes.Equal) {
			t.Errorf("rebuild %v: tree = %q, want %q", rebuild, got, withDirs(w))
		}
	}
}
