package theme

import (
	"html/template"
	"sync"
)

// parts keeps the HTML of partials rendered once per key (once, cited),
// for parts that many pages show alike. It is
// safe for concurrent use. The keys hold pointers into the model: a Set
// that serves build after build (dossier serve) forgets everything when it
// holds max parts, rather than growing, and Forget drops them for a model
// changed in place.
type parts[K comparable] struct {
	mu sync.RWMutex
	m  map[K]template.HTML
}

// get returns the HTML kept for k.
func (c *parts[K]) get(k K) (template.HTML, bool) {
	c.mu.RLock()
	h, ok := c.m[k]
	c.mu.RUnlock()
	return h, ok
}

// put keeps h for k. Two pages that render the same part at once both
// render it, and both put the same HTML.
func (c *parts[K]) put(k K, h template.HTML, max int) {
	c.mu.Lock()
	if c.m == nil || len(c.m) >= max {
		c.m = map[K]template.HTML{} // forget earlier builds'
	}
	c.m[k] = h
	c.mu.Unlock()
}

// forget drops every part kept.
func (c *parts[K]) forget() {
	c.mu.Lock()
	c.m = nil
	c.mu.Unlock()
}
