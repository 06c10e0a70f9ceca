package theme

import (
	"strconv"
	"testing"

	"github.com/dossier-dev/dossier/internal/xref"
)

// TestBacklinks checks that backlinks returns the part of the list that
// exists between from and to, each with its page, its notes as Notes with
// their anchors, and the first note.
func TestBacklinks(t *testing.T) {
	t.Parallel()
	docs := []*xref.Doc{{Path: "points/1/"}, {Path: "points/2/"}, {Path: "points/3/"}}
	var list []xref.Backlink
	for i, d := range docs {
		var notes []*xref.Note
		for n := 1; n <= i+1; n++ {
			notes = append(notes, &xref.Note{N: n, Page: d})
		}
		list = append(list, xref.Backlink{Page: d, Notes: notes})
	}
	for _, tc := range []struct {
		from, to int
		want     []string // the pages' paths
	}{
		{0, 5, []string{"points/1/", "points/2/", "points/3/"}},
		{0, 2, []string{"points/1/", "points/2/"}},
		{1, 3, []string{"points/2/", "points/3/"}},
		{2, 2, nil},
		{3, 9, nil},
		{-1, 1, []string{"points/1/"}},
	} {
		got := backlinks(list, "point", tc.from, tc.to)
		if len(got) != len(tc.want) {
			t.Errorf("backlinks(%d, %d): %d pages, want %d", tc.from, tc.to, len(got), len(tc.want))
			continue
		}
		for i, b := range got {
			if b.Page.Path != tc.want[i] || b.B.Page != b.Page || b.Word != "point" {
				t.Errorf("backlinks(%d, %d)[%d] = %s, want %s", tc.from, tc.to, i, b.Page.Path, tc.want[i])
			}
			last := b.Notes[len(b.Notes)-1]
			if b.First != b.Notes[0] || b.First.RefID != "ref-1" || last.ID != "note-"+strconv.Itoa(len(b.B.Notes)) || last.Note != b.B.Notes[len(b.B.Notes)-1] {
				t.Errorf("backlinks(%d, %d)[%d]: notes %+v, first %+v", tc.from, tc.to, i, b.Notes, b.First)
			}
		}
	}
}
