package site

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/bench"
	"github.com/dossier-dev/dossier/internal/theme"
)

// BenchmarkRender times the render stage alone, by kind of page, on a
// generated dossier of 1,000 points: every page of the kind is rendered
// once per iteration.
func BenchmarkRender(b *testing.B) {
	fsys := fstest.MapFS{}
	for name, data := range bench.Generate(bench.Options{Points: 1000}) {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	st, diags, err := prepare(context.Background(), fsys, Options{}, caches{})
	if err != nil || diags.HasErrors() {
		b.Fatal(err, diags)
	}
	for _, kind := range []string{"point", "print", "source", "cited"} {
		b.Run(fmt.Sprintf("kind=%s", kind), func(b *testing.B) {
			for b.Loop() {
				for _, p := range st.pages {
					if p.Kind != kind {
						continue
					}
					if _, err := st.th.Render(p); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkRenderPoint times Render of one point page of a generated
// dossier of 1,000 points, on texec (after the first execution) and on
// html/template alone.
func BenchmarkRenderPoint(b *testing.B) {
	st, ref := prepared(b, generatedSite(b, 1000))
	var p *theme.Page
	for _, q := range st.pages {
		if q.Kind == "point" && q.Point != nil && q.Point.Number == 500 {
			p = q
		}
	}
	if p == nil {
		b.Fatal("no point 500")
	}
	for _, tt := range []struct {
		name string
		th   *theme.Set
	}{{"texec", st.th}, {"html-template", ref}} {
		b.Run("exec="+tt.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := tt.th.Render(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
