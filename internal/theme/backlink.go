package theme

import "github.com/dossier-dev/dossier/internal/xref"

// SentenceWords is how many words of the citing sentence a Backlink
// holds (xref.Note.Sentence).
const SentenceWords = 30

// Backlink is what the "backlink" partial gets as dot: a page that cites
// a paragraph, with its notes, and what the partial shows of it as fields
// of its own, so that templates read them without reflect's method calls.
type Backlink struct {
	B     xref.Backlink // the page and its notes
	Word  string        // the site's word for a point, lower-case
	Page  *xref.Doc
	Notes []*Note // the page's notes that cite the paragraph, in order
	First *Note   // Notes[0]
	// Sentence is the sentence of the first note's citation, as plain
	// text cut to its last SentenceWords words; "" if it is in no prose.
	Sentence string
}

// backlinks returns the Backlinks of list[from:to], the part of it that
// exists, for a site whose word for a point is word:
// {{range backlinks .Backlinks $word 0 backlinksShown}}.
func backlinks(list []xref.Backlink, word string, from, to int) []Backlink {
	from, to = max(0, min(from, len(list))), max(0, min(to, len(list)))
	if from >= to {
		return nil
	}
	lists := make([][]*xref.Note, 0, to-from)
	for _, b := range list[from:to] {
		lists = append(lists, b.Notes)
	}
	views := noteViews(lists...) // all at once: two allocations, not two a page
	out := make([]Backlink, 0, to-from)
	for _, b := range list[from:to] {
		notes := views[:len(b.Notes):len(b.Notes)]
		views = views[len(b.Notes):]
		v := Backlink{B: b, Word: word, Page: b.Page, Notes: notes}
		if len(v.Notes) > 0 {
			v.First = v.Notes[0]
			v.Sentence = b.Notes[0].Sentence(word, SentenceWords)
		}
		out = append(out, v)
	}
	return out
}
