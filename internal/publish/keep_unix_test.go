//go:build linux || darwin

package publish

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// errAgain stands for a file that could not be made again.
var errAgain = errors.New("cannot make it again")

// TestKeep: with Options.Again, a rebuild stages no bytes of a file that
// the output holds, by its fingerprint, with the same bytes; if the file
// changes before Commit, Commit makes it again (Again) and writes it, or
// fails, changing nothing, if that fails or gives other bytes. Without
// Again, or for a file not as its fingerprint says, a file is staged as
// before.
func TestKeep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		before func(t *testing.T, dir string) // before staging
		after  func(t *testing.T, dir string) // between staging and Commit
		next   map[string][]byte
		// again returns the bytes that a file is made again with, given
		// those it was staged with (nil: the same).
		again   func(name string, data []byte) ([]byte, error)
		noAgain bool // Begin without Options.Again
		wantErr string
		// wantStaged: the files whose bytes are staged; wantAgain: those
		// made again; changed: as in TestUpdate, but for the whole commit
		// (none if it fails).
		wantStaged, wantAgain, changed []string
	}{
		{
			name: "unchanged: nothing staged, nothing made again",
			next: prevFiles,
		},
		{
			name:       "a page changed: staged",
			next:       with(prevFiles, "a/b/index.html", "AB"),
			wantStaged: []string{"a/b/index.html"},
			changed:    []string{"a/b/index.html", Marker},
		},
		{
			name:       "without Again: all staged, as before",
			next:       prevFiles,
			noAgain:    true,
			wantStaged: slices.Sorted(maps.Keys(prevFiles)),
		},
		{
			name: "touched before staging: staged",
			before: func(t *testing.T, dir string) {
				if err := os.Chtimes(filepath.Join(dir, "index.html"), time.Time{}, time.Unix(1e9, 0)); err != nil {
					t.Fatal(err)
				}
			},
			next:       prevFiles,
			wantStaged: []string{"index.html"},
			changed:    []string{Marker}, // reads it and records its fingerprint
		},
		{
			name: "edited between staging and commit: made again and written",
			after: func(t *testing.T, dir string) {
				put(t, dir, files("a/b/index.html", "edited"))
			},
			next:      prevFiles,
			wantAgain: []string{"a/b/index.html"},
			changed:   []string{"a/b/index.html", Marker},
		},
		{
			name: "removed between staging and commit: made again and written",
			after: func(t *testing.T, dir string) {
				if err := os.Remove(filepath.Join(dir, "a", "index.html")); err != nil {
					t.Fatal(err)
				}
			},
			next:      prevFiles,
			wantAgain: []string{"a/index.html"},
			changed:   []string{"a/", "a/index.html", Marker},
		},
		{
			name: "output gone between staging and commit: all made again",
			after: func(t *testing.T, dir string) {
				if err := os.RemoveAll(dir); err != nil {
					t.Fatal(err)
				}
			},
			next:      prevFiles,
			wantAgain: slices.Sorted(maps.Keys(prevFiles)),
		},
		{
			name: "making it again fails: the build fails",
			after: func(t *testing.T, dir string) {
				put(t, dir, files("a/b/index.html", "edited"))
			},
			next: with(prevFiles, "a/index.html", "A"),
			again: func(name string, data []byte) ([]byte, error) {
				return nil, errAgain
			},
			wantStaged: []string{"a/index.html"},
			wantAgain:  []string{"a/b/index.html"},
			wantErr:    "a/b/index.html: the file changed in the output during the build, and making it again failed: " + errAgain.Error(),
		},
		{
			name: "made again with other bytes: the build fails",
			after: func(t *testing.T, dir string) {
				put(t, dir, files("a/b/index.html", "edited"))
			},
			next: with(prevFiles, "a/index.html", "A"),
			again: func(name string, data []byte) ([]byte, error) {
				return append(slices.Clip(data), '!'), nil
			},
			wantStaged: []string{"a/index.html"},
			wantAgain:  []string{"a/b/index.html"},
			wantErr:    "a/b/index.html: the file changed in the output during the build, and making it again gave other bytes",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := fingerprinted(t)
			if tt.before != nil {
				tt.before(t, dir)
			}
			var (
				mu     sync.Mutex
				staged []string
				again  []string
				opts   Options
			)
			if !tt.noAgain {
				opts.Again = func(name string) ([]byte, error) {
					mu.Lock()
					again = append(again, name)
					mu.Unlock()
					if tt.again != nil {
						return tt.again(name, tt.next[name])
					}
					return bytes.Clone(tt.next[name]), nil
				}
			}
			o, err := Begin(dir, opts)
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range slices.Sorted(maps.Keys(tt.next)) {
				data := bytes.Clone(tt.next[name])
				end := o.pack.end
				if err := o.Write(name, data); err != nil {
					t.Fatal(errors.Join(err, o.Abort()))
				}
				// What the pack holds is what was staged.
				if o.pack.end != end {
					staged = append(staged, name)
				}
				clear(data) // lent
			}
			if !slices.Equal(staged, tt.wantStaged) {
				t.Errorf("files staged = %q, want %q", staged, tt.wantStaged)
			}
			if tt.after != nil {
				tt.after(t, dir)
			}
			var (
				before     map[string]fs.FileInfo
				beforeTree map[string][]byte
			)
			if _, err := os.Stat(dir); err == nil {
				before, beforeTree = stat(t, dir), tree(t, dir)
			}
			err = o.Commit(t.Context())
			slices.Sort(again)
			if !slices.Equal(again, tt.wantAgain) {
				t.Errorf("files made again = %q, want %q", again, tt.wantAgain)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Commit() = %v, want an error with %q", err, tt.wantErr)
				}
				if got := tree(t, dir); !maps.EqualFunc(got, beforeTree, bytes.Equal) {
					t.Errorf("tree after the failed commit = %q, want it as before: %q", got, beforeTree)
				}
				checkUntouched(t, before, stat(t, dir), nil)
				return
			}
			if err != nil {
				t.Fatalf("Commit() = %v", err)
			}
			if got, want := tree(t, dir), withDirs(tt.next); !maps.EqualFunc(got, want, bytes.Equal) {
				t.Errorf("tree after the rebuild = %q, want %q", got, want)
			}
			if before != nil {
				checkUntouched(t, before, stat(t, dir), tt.changed)
			}
		})
	}
}

// TestKeepStream: a file staged piece by piece is staged whole, even if
// the output holds it.
func TestKeepStream(t *testing.T) {
	t.Parallel()
	dir := fingerprinted(t)
	o, err := Begin(dir, Options{Again: func(name string) ([]byte, error) { return prevFiles[name], nil }})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range prevFiles {
		w, err := o.Create(name)
		if err == nil {
			_, err = w.Write(data)
		}
		if err == nil {
			err = w.Close()
		}
		if err != nil {
			t.Fatal(errors.Join(err, o.Abort()))
		}
	}
	var want int64
	for _, data := range prevFiles {
		want += int64(len(data))
	}
	if o.pack.end != want {
		t.Errorf("bytes staged = %d, want all %d", o.pack.end, want)
	}
	before := stat(t, dir)
	if err := o.Commit(t.Context()); err != nil {
		t.Fatal(err)
	}
	checkUntouched(t, before, stat(t, dir), nil)
}
