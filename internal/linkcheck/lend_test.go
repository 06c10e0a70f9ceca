package linkcheck

import (
	"maps"
	"net/url"
	"slices"
	"testing"
)

// TestAddKeepsNoBytes checks that a Checker keeps copies, not the bytes it
// is given: a build lends each page's buffer to Add and reuses it for the
// next page. Every byte is overwritten after Add; the problems must be the
// same as for untouched pages.
func TestAddKeepsNoBytes(t *testing.T) {
	t.Parallel()
	files := benchSite(50, 10)
	delete(files, "points/7/index.html") // links to it are broken
	files["index.html"] = append(files["index.html"], `<a href="#nowhere">x</a> <a href="points/3/#gone">y</a> <p id="dup"></p><p id="dup"></p>`...)
	base, err := url.Parse("https://owner.github.io/repo/")
	if err != nil {
		t.Fatal(err)
	}
	want := Check(files, base)
	if len(want) == 0 {
		t.Fatal("Check() found no problems, want some")
	}
	c := New(base)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		lent := slices.Clone(files[name])
		c.Add(name, lent)
		for i := range lent {
			lent[i] = 'x'
		}
	}
	if got := c.Problems(); !slices.Equal(got, want) {
		t.Errorf("Problems() after the pages' bytes were overwritten = %v,\nwant %v", got, want)
	}
}
