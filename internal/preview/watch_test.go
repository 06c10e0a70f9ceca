package preview

import (
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/fsnotify/fsnotify"
)

func TestIgnored(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want bool
	}{
		{"26.md", false},
		{"river.txt", false},
		{"style.css", false},
		{"points", false},
		{"seed-4913.txt", false},
		{".#26.md", true},
		{"#26.md#", true},
		{"26.md~", true},
		{".26.md.swp", true},
		{"26.md.swp", true},
		{"26.md.swx", true},
		{"4913", true},
		{"26.md.tmp", true},
		{"26.md.bak", true},
		{"26.md___jb_tmp___", true},
		{".git", true},
		{".DS_Store", true},
	}
	for _, tt := range tests {
		if got := ignored(tt.name); got != tt.want {
			t.Errorf("ignored(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestRelevant(t *testing.T) {
	t.Parallel()
	s := &Server{root: filepath.FromSlash("/site")}
	tests := []struct {
		name, rel string
		ok        bool
	}{
		{"/site/site.toml", "site.toml", true},
		{"/site/content", "content", true},
		{"/site/content/points/26.md", "content/points/26.md", true},
		{"/site/seeds/a.txt", "seeds/a.txt", true},
		{"/site/themes/default/static/style.css", "themes/default/static/style.css", true},
		{"/site/content/points/.26.md.swp", "", false},
		{"/site/content/.git/HEAD", "", false},
		{"/site/content/points/4913", "", false},
		{"/site/public/index.html", "", false},
		{"/site/README.md", "", false},
		{"/site/site.toml~", "", false},
		{"/site", "", false},
		{"/elsewhere/content/x.md", "", false},
	}
	for _, tt := range tests {
		rel, ok := s.relevant(filepath.FromSlash(tt.name))
		if rel != tt.rel || ok != tt.ok {
			t.Errorf("relevant(%q) = %q, %v; want %q, %v", tt.name, rel, ok, tt.rel, tt.ok)
		}
	}
}

// TestNoteWatchesNewFolder hands note the Create event of a folder that
// got a folder and a file before the event was handled, as happens when
// os.MkdirAll and a write run ahead of the watcher: no event will tell of
// that file, so note must find it, and watch both folders for what comes
// next.
func TestNoteWatchesNewFolder(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	var stderr syncBuffer
	s := &Server{root: root, opts: Options{Stderr: &stderr}}
	w, err := fsnotify.NewWatcher()
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := w.Close(); err != nil {
			t.Error(err)
		}
	}()
	notes := filepath.Join(root, "content", "notes")
	writeFile(t, filepath.Join(notes, "deep", "note.txt"), "first note")
	writeFile(t, filepath.Join(notes, ".note.txt.swp"), "")

	changed := map[string]bool{}
	if !s.note(w, fsnotify.Event{Name: notes, Op: fsnotify.Create}, changed) {
		t.Fatalf("note(Create %s) = false, want true", notes)
	}
	want := []string{"content/notes", "content/notes/deep/note.txt"}
	if got := slices.Sorted(maps.Keys(changed)); !slices.Equal(got, want) {
		t.Errorf("changed = %q, want %q", got, want)
	}
	wantWatched := []string{notes, filepath.Join(notes, "deep")}
	if got := slices.Sorted(slices.Values(w.WatchList())); !slices.Equal(got, wantWatched) {
		t.Errorf("watched = %q, want %q", got, wantWatched)
	}
	if stderr.String() != "" {
		t.Errorf("stderr = %q, want nothing", stderr.String())
	}

	// The next file in the new folder comes as an event; the test's
	// -timeout bounds the wait.
	next := filepath.Join(notes, "deep", "next.txt")
	writeFile(t, next, "second note")
	for {
		select {
		case ev := <-w.Events:
			if ev.Name == next && ev.Has(fsnotify.Create) {
				return
			}
		case err := <-w.Errors:
			t.Fatal(err)
		}
	}
}
