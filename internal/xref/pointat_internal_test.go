package xref

import (
	"fmt"
	"testing"

	"github.com/dossier-dev/dossier/internal/content"
)

// TestPointAtOracle holds pointAt, which reads a slice where point numbers
// are dense, to the map it stands in front of, for dense numbers, sparse
// ones (no slice) and numbers below 1.
func TestPointAtOracle(t *testing.T) {
	for _, tt := range []struct {
		name    string
		numbers []int
		slice   bool
	}{
		{"none", nil, false},
		{"dense", []int{1, 2, 3, 5, 8}, true},
		{"from ten", []int{10, 11, 12}, true},
		{"sparse", []int{1, 500}, false},
		{"zero", []int{0, 1, 2}, false},
		{"negative", []int{-4, 1}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := &resolver{points: map[int]*Point{}}
			var pts []*Point
			for _, n := range tt.numbers {
				p := &Point{Point: &content.Point{Number: n}}
				r.points[n] = p
				pts = append(pts, p)
			}
			r.byNum = denseNumbers(pts)
			if got := r.byNum != nil; got != tt.slice {
				t.Errorf("denseNumbers(%v) made a slice: %v, want %v", tt.numbers, got, tt.slice)
			}
			for n := -6; n <= 520; n++ {
				got, gotOK := r.pointAt(n)
				want, wantOK := r.points[n]
				if got != want || gotOK != wantOK {
					t.Errorf("pointAt(%d) = %v, %v, want %v, %v", n, describe(got), gotOK, describe(want), wantOK)
				}
			}
		})
	}
}

func describe(p *Point) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprint("point ", p.Number)
}
