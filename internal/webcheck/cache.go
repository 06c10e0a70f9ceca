package webcheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// cacheVersion changes when the cache's format does; a cache of another
// version is ignored.
const cacheVersion = 1

type cache struct {
	Version int                `json:"version"`
	Entries map[string]*result `json:"entries"`
}

func loadCache(path string) (*cache, error) {
	c := &cache{Version: cacheVersion, Entries: map[string]*result{}}
	if path == "" {
		return c, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the link cache: %w", err)
	}
	var old cache
	// A damaged or older cache is no reason to stop: start afresh.
	if json.Unmarshal(b, &old) == nil && old.Version == cacheVersion && old.Entries != nil {
		c.Entries = old.Entries
	}
	return c, nil
}

// save writes the cache through a temporary file, so that a run stopped
// half-way never leaves half a cache.
func (c *cache) save(path string) error {
	if path == "" {
		return nil
	}
	b, err := json.MarshalIndent(c, "", "\t")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("write the link cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".links-*.json")
	if err != nil {
		return fmt.Errorf("write the link cache: %w", err)
	}
	werr := tmp.Chmod(0o644)
	if werr == nil {
		_, werr = tmp.Write(append(b, '\n'))
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		return fmt.Errorf("write the link cache: %w", errors.Join(werr, os.Remove(tmp.Name())))
	}
	return nil
}
