package preview

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/site"
)

const (
	// debounce is how long the folder must be quiet before a rebuild, so
	// that an editor's save in several steps, or a checkout of many files,
	// makes one rebuild.
	debounce = 10 * time.Millisecond
	// maxDelay bounds the wait for quiet, so that a file written over and
	// over still gets rebuilt.
	maxDelay = 400 * time.Millisecond
	// retryDelay and retries are for builds that could not read a file.
	retryDelay = 100 * time.Millisecond
	retries    = 3
)

// themesDir holds the themes; site.Build reads themes/<theme>/.
const themesDir = "themes"

// newWatcher watches the site folder itself (for site.toml, and for
// content/, seeds/ and themes/ when they are made) and every folder under
// content/, seeds/ and themes/. fsnotify watches are not recursive.
func (s *Server) newWatcher() (*fsnotify.Watcher, error) {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch %s: %w", s.root, err)
	}
	if err := w.Add(s.root); err != nil {
		return nil, errors.Join(fmt.Errorf("watch %s: %w", s.root, err), w.Close())
	}
	for _, dir := range []string{content.Dir, site.SeedDir, themesDir} {
		s.addTree(w, filepath.Join(s.root, dir), nil)
	}
	return w, nil
}

// addTree watches dir and every folder under it, but for hidden ones. If
// changed is not nil, the site-relative path of every file in them is added
// to it: a folder made while the preview runs may have got files before
// its watch was in place, and no event tells of those.
func (s *Server) addTree(w *fsnotify.Watcher, dir string, changed map[string]bool) {
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return nil // watched from its parent, in case it is made
			}
			// A folder that vanished or cannot be read is left out;
			// its files will not build either, and the build says so.
			s.errorf("dossier serve: watch: %v\n", err)
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		rel, ok := s.relevant(p)
		switch {
		case !ok && d.IsDir():
			return fs.SkipDir
		case !ok:
		case d.IsDir():
			if err := w.Add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				s.errorf("dossier serve: watch %s: %v\n", rel, err)
			}
		case changed != nil:
			changed[rel] = true
		}
		return nil
	})
	if err != nil {
		s.errorf("dossier serve: watch: %v\n", err)
	}
}

// relevant returns the site-relative path of a file or folder, and whether
// a change to it can change the site: site.toml, or anything under
// content/, seeds/ or themes/ that is not ignored.
func (s *Server) relevant(name string) (string, bool) {
	rel, err := filepath.Rel(s.root, name)
	if err != nil {
		return "", false
	}
	rel = filepath.ToSlash(rel)
	if rel == site.ConfigFile {
		return rel, true
	}
	top, _, _ := strings.Cut(rel, "/")
	if top != content.Dir && top != site.SeedDir && top != themesDir {
		return "", false
	}
	for elem := range strings.SplitSeq(rel, "/") {
		if ignored(elem) {
			return "", false
		}
	}
	return rel, true
}

// ignored reports whether a file or folder name is one that editors and
// tools leave beside the files: hidden (.git, emacs's .#x lock, vim's
// .x.swp), a backup (x~, x.bak, emacs's #x#), a temporary file (x.tmp,
// vim's 4913, JetBrains' x___jb_tmp___). The build skips hidden files, and
// an edit ends with an event on the real file.
func ignored(name string) bool {
	switch {
	case strings.HasPrefix(name, "."),
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		name == "4913",
		strings.HasSuffix(name, "___jb_tmp___"),
		strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swo", ".swx", ".tmp", ".bak":
		return true
	}
	return false
}

// note records a change to the folder in changed and reports whether it
// calls for a rebuild. A new folder is watched at once, with everything in
// it.
func (s *Server) note(w *fsnotify.Watcher, ev fsnotify.Event, changed map[string]bool) bool {
	// Attributes (and on Linux the link count of a removed file, which
	// comes with its own Remove event) do not change the site.
	if ev.Op&^fsnotify.Chmod == 0 {
		return false
	}
	rel, ok := s.relevant(ev.Name)
	if !ok {
		return false
	}
	changed[rel] = true
	if ev.Has(fsnotify.Create) {
		if fi, err := os.Lstat(ev.Name); err == nil && fi.IsDir() {
			s.addTree(w, ev.Name, changed)
		}
	}
	return true
}

// watch rebuilds the site after every burst of changes, until ctx is done.
// Renames and removals are changes like any other: a watched folder that
// goes away takes its watch with it, and one that comes back is watched
// again by note.
func (s *Server) watch(ctx context.Context, w *fsnotify.Watcher) {
	defer func() {
		if err := w.Close(); err != nil {
			s.errorf("dossier serve: watch: %v\n", err)
		}
	}()
	changed := map[string]bool{}
	lost := false // events were lost: the changed paths are not all known
	tries := 0    // builds in a row that could not read a file
	var timer *time.Timer
	var first time.Time // of the burst
	wait := func() {
		now := time.Now()
		switch {
		case timer == nil:
			first = now
			timer = time.NewTimer(debounce)
		case now.Sub(first) < maxDelay-debounce:
			timer.Reset(debounce)
		}
	}
	for {
		var fire <-chan time.Time
		if timer != nil {
			fire = timer.C
		}
		select {
		case <-ctx.Done():
			if timer != nil {
				timer.Stop()
			}
			return
		case ev, ok := <-w.Events:
			if !ok {
				return
			}
			if s.note(w, ev, changed) {
				wait()
			}
		case err, ok := <-w.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				lost = true
				wait()
				continue
			}
			s.errorf("dossier serve: watch: %v\n", err)
		case <-fire:
			timer = nil
			var hint []string
			if !lost {
				hint = slices.Sorted(maps.Keys(changed))
			}
			if s.rebuild(ctx, hint, tries >= retries) {
				clear(changed)
				lost, tries = false, 0
				continue
			}
			tries++
			first, timer = time.Now(), time.NewTimer(retryDelay)
		}
	}
}
