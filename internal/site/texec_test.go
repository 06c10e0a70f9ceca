package site

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/search"
	"github.com/dossier-dev/dossier/internal/theme"
	"github.com/dossier-dev/dossier/themes"
)

// generatedSite returns a generated dossier of n points with the
// repository's theme.
func generatedSite(tb testing.TB, n int) fstest.MapFS {
	tb.Helper()
	fsys := fstest.MapFS{}
	for name, data := range bench.Generate(bench.Options{Points: n}) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	repo := os.DirFS("../..")
	err := fs.WalkDir(repo, "themes/default", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(repo, p)
		fsys[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		tb.Fatal(err)
	}
	return fsys
}

// prepared runs prepare on fsys and returns the state, with a second
// theme, loaded as prepare loads its own, that executes every template on
// html/template alone.
func prepared(tb testing.TB, fsys fs.FS) (*state, *theme.Set) {
	tb.Helper()
	st, diags, err := prepare(context.Background(), fsys, Options{}, caches{})
	if err != nil || diags.HasErrors() {
		tb.Fatal(err, diags)
	}
	css, err := markdown.CSS(st.cfg.Highlight.Style, st.cfg.Highlight.DarkStyle)
	if err != nil {
		tb.Fatal(err)
	}
	ref, diags, err := theme.Load(fsys, ThemeDir+"/"+st.cfg.Theme, theme.Options{
		Markdown: st.md, BaseURL: st.cfg.BaseURL, ExtraCSS: css,
		PointWord: strings.ToLower(st.cfg.Points.Label),
		BuiltIn:   themes.FS, HTMLTemplateOnly: true,
	})
	if err != nil || diags.HasErrors() {
		tb.Fatal(err, diags)
	}
	if ref.Has("search") {
		ref.AddData(search.Meta)
	}
	return st, ref
}

// TestTexecMatchesHTMLTemplate renders every page of the repository's
// dossier and of a generated one twice over, in parallel, so that each
// template runs on html/template the first time and on texec after (see
// theme's runner), and compares each page with the same page rendered on
// html/template alone. It also checks that no template of the built-in
// theme stays on html/template.
func TestTexecMatchesHTMLTemplate(t *testing.T) {
	t.Parallel()
	points := 120
	if testing.Short() {
		points = 40
	}
	for _, tt := range []struct {
		name string
		fsys fs.FS
	}{
		{"repository", os.DirFS("../..")},
		{fmt.Sprintf("generated %d", points), generatedSite(t, points)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			st, ref := prepared(t, tt.fsys)
			want := make([][]byte, len(st.pages))
			for i, p := range st.pages {
				b, err := ref.Render(p)
				if err != nil {
					t.Fatalf("Render(%s) on html/template: %v", p.Path, err)
				}
				want[i] = bytes.Clone(b)
			}
			for round := range 2 {
				var wg sync.WaitGroup
				for w := range 4 {
					wg.Go(func() {
						for i := w; i < len(st.pages); i += 4 {
							p := st.pages[i]
							got, err := st.th.Render(p)
							if err != nil {
								t.Errorf("Render(%s), round %d: %v", p.Path, round, err)
								continue
							}
							if !bytes.Equal(got, want[i]) {
								t.Errorf("Render(%s), round %d, differs from html/template's:\n%s", p.Path, round, lineDiff(string(want[i]), string(got)))
							}
						}
					})
				}
				wg.Wait()
			}
			if slow := st.th.SlowTemplates(); len(slow) > 0 {
				t.Errorf("SlowTemplates() = %q, want none: texec runs every template of the built-in theme", slow)
			}
			if calls := st.th.ReflectiveCalls(); len(calls) > 0 {
				t.Errorf("ReflectiveCalls() = %q, want none: register their signatures in internal/theme/exec.go", calls)
			}
		})
	}
}

// lineDiff returns the first lines where a and b differ.
func lineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	var out strings.Builder
	n := 0
	for i := 0; i < max(len(al), len(bl)) && n < 5; i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			fmt.Fprintf(&out, "%d:\n- %s\n+ %s\n", i+1, x, y)
			n++
		}
	}
	return out.String()
}
