package theme

import (
	"hash/maphash"
	"sync"
)

// parts keeps the HTML of partials rendered once per key (once, cited),
// for parts that many pages show alike, and the CitedSource of each source
// cited. It is safe for concurrent use. The keys hold pointers into the
// model: a Set that serves build after build (dossier serve) forgets
// everything when it holds max parts, rather than growing, and Forget
// drops them for a model changed in place.
//
// The parts are split by their key's hash between partShards maps, each
// under its own lock. A build's render workers look parts up and add new
// ones all the time (at 1,000 points most cited partials are rendered
// once), and with one map under one read-write lock, a worker that added
// a part often handed its CPU to the one waiting to read, and waited for
// it: ~100 ms of scheduling delay in the 0.45 s render of a 1,000-point
// site (go tool trace -pprof=sched), 7% of the build's wall time.
type parts[K comparable, V any] struct {
	shards [partShards]partShard[K, V]
}

const partShards = 16

type partShard[K comparable, V any] struct {
	mu sync.Mutex
	m  map[K]V
	_  [48]byte // a cache line of its own
}

// partSeed seeds the hash that picks a part's shard.
var partSeed = maphash.MakeSeed()

func (c *parts[K, V]) shard(k K) *partShard[K, V] {
	return &c.shards[maphash.Comparable(partSeed, k)%partShards]
}

// get returns the part kept for k.
func (c *parts[K, V]) get(k K) (V, bool) {
	s := c.shard(k)
	s.mu.Lock()
	h, ok := s.m[k]
	s.mu.Unlock()
	return h, ok
}

// put keeps h for k. Two pages that render the same part at once both
// render it, and both put the same HTML (or an equal CitedSource).
func (c *parts[K, V]) put(k K, h V, max int) {
	s := c.shard(k)
	s.mu.Lock()
	if s.m == nil || len(s.m) >= max/partShards {
		s.m = map[K]V{} // forget earlier builds'
	}
	s.m[k] = h
	s.mu.Unlock()
}

// forget drops every part kept.
func (c *parts[K, V]) forget() {
	for i := range c.shards {
		s := &c.shards[i]
		s.mu.Lock()
		s.m = nil
		s.mu.Unlock()
	}
}
