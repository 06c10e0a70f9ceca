package markdown

import (
	"bytes"
	"sync"
	"testing"
)

// TestReleaseRendersTheSame: a Doc whose tree was released renders, and
// gives its plain text, exactly as before, parsing its source again; the
// parse's other results stay.
func TestReleaseRendersTheSame(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	for _, src := range []string{
		"a [@x] b [[26]] c [@y, ¶2] d [[27|l]]",
		"# Title {#t}\n\nSome *text* with a [link](/points/3/) and <https://example.org>.\n\n- one [@a, \"q\"]\n- two\n\n```go\nfunc f() {}\n```\n\n| a | b |\n|---|---|\n| [[1]] | c |\n",
		"",
	} {
		d := m.Parse([]byte(src))
		var before bytes.Buffer
		if err := m.Render(&before, d, testHooks); err != nil {
			t.Fatalf("Render(%q): %v", src, err)
		}
		text := d.PlainText()
		cites, links := len(d.Cites), len(d.Links)
		d.Release()
		if d.tree.Load() != nil {
			t.Fatalf("Release(%q) kept the tree", src)
		}
		for range 2 {
			var after bytes.Buffer
			if err := m.Render(&after, d, testHooks); err != nil {
				t.Fatalf("Render(%q) after Release: %v", src, err)
			}
			if after.String() != before.String() {
				t.Errorf("Render(%q) after Release = %q, want %q", src, after.String(), before.String())
			}
			if got := d.PlainText(); got != text {
				t.Errorf("PlainText(%q) after Release = %q, want %q", src, got, text)
			}
		}
		if d.tree.Load() != nil {
			t.Errorf("Render(%q) after Release kept the tree it parsed again", src)
		}
		if len(d.Cites) != cites || len(d.Links) != links {
			t.Errorf("after Release %q has %d cites and %d links, want %d and %d", src, len(d.Cites), len(d.Links), cites, links)
		}
	}
}

// TestReleaseWhileRendering: Release may be called while other goroutines
// render the Doc (run with -race).
func TestReleaseWhileRendering(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	d := m.Parse([]byte("a [@x] b [[26]] *c* [d](/e/)"))
	var want bytes.Buffer
	if err := m.Render(&want, d, testHooks); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 50 {
				var b bytes.Buffer
				if err := m.Render(&b, d, testHooks); err != nil {
					t.Error(err)
					return
				}
				if b.String() != want.String() {
					t.Errorf("Render = %q, want %q", b.String(), want.String())
					return
				}
			}
		})
	}
	wg.Go(func() {
		for range 50 {
			d.Release()
		}
	})
	wg.Wait()
}

// TestRenderNotParsed: a Doc not made by Parse is an error to render,
// released or not.
func TestRenderNotParsed(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	d := &Doc{Src: []byte("a")}
	d.Release()
	if err := m.Render(&bytes.Buffer{}, d, Hooks{}); err == nil {
		t.Errorf("Render of a Doc not made by Parse: no error")
	}
	if got := d.PlainText(); got != "" {
		t.Errorf("PlainText of a Doc not made by Parse = %q, want \"\"", got)
	}
}
