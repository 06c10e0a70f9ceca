package theme

import (
	"fmt"
	"html/template"
	"sync"
	"testing"
)

func TestParts(t *testing.T) {
	var c parts[onceKey, template.HTML]
	const max = partShards * 64 // each shard holds up to 64
	key := func(i int) onceKey { return onceKey{name: "p", data: i} }
	for i := range 64 {
		c.put(key(i), template.HTML(fmt.Sprint(i)), max)
	}
	for i := range 64 {
		if h, ok := c.get(key(i)); !ok || h != template.HTML(fmt.Sprint(i)) {
			t.Fatalf("get(%d) = %q, %v; want %q, true", i, h, ok, fmt.Sprint(i))
		}
	}
	if _, ok := c.get(key(max)); ok {
		t.Fatalf("get of a key never put found a part")
	}
	if _, ok := c.get(onceKey{name: "q", data: 1}); ok {
		t.Fatalf("get of another partial's key found a part")
	}

	// It never holds more than max parts: a full shard forgets its own.
	for i := range 10 * max {
		c.put(key(i), "x", max)
	}
	n := 0
	for i := range c.shards {
		n += len(c.shards[i].m)
	}
	if n > max {
		t.Errorf("holds %d parts, want at most %d", n, max)
	}

	c.forget()
	for i := range 10 * max {
		if _, ok := c.get(key(i)); ok {
			t.Fatalf("get(%d) found a part after forget", i)
		}
	}
}

// TestPartsConcurrent is for the race detector: workers put and get the
// same keys at once.
func TestPartsConcurrent(t *testing.T) {
	var c parts[citedKey, template.HTML]
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				k := citedKey{name: "cited", quote: fmt.Sprint(i % 300), start: i % 7}
				want := template.HTML(fmt.Sprint(i%300, i%7))
				if h, ok := c.get(k); ok && h != want {
					t.Errorf("worker %d: get = %q, want %q", w, h, want)
					return
				}
				c.put(k, want, 1<<10)
			}
		})
	}
	wg.Wait()
}
