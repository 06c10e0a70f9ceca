package markdown

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// markersAfterPunctuation moves the punctuation mark that directly follows
// a run of citations in front of the run, and drops the spaces before it:
// "a claim [@src]." renders as "a claim.¹", note markers after punctuation
// as books set them. A note opened inline on a narrow screen then breaks
// the line after the sentence, not before its full stop.
func markersAfterPunctuation(root ast.Node, src []byte) {
	type move struct {
		first ast.Node  // the run's first citation
		after *ast.Text // the text that follows the run
	}
	var moves []move
	walk(root, func(n ast.Node) bool {
		if _, ok := n.(*citeNode); !ok {
			return true
		}
		if _, ok := n.PreviousSibling().(*citeNode); ok {
			return true
		}
		last := n
		for {
			next, ok := last.NextSibling().(*citeNode)
			if !ok {
				break
			}
			last = next
		}
		t, ok := last.NextSibling().(*ast.Text)
		if !ok || t.Segment.Len() == 0 {
			return true
		}
		s := t.Segment
		if !isPunct(src[s.Start]) {
			return true
		}
		// An ellipsis or a number (".5") stays where it is. The next
		// byte is read from the source, not from the text: a parser may
		// have ended the text at the mark.
		if i := s.Start + 1; i < len(src) && (src[i] == '.' || src[i] >= '0' && src[i] <= '9') {
			return true
		}
		// After punctuation ("once: [@a], and"), the mark stays after
		// the citation. The parser may have split the text before it
		// at a space, so texts of white space alone are passed over.
		for prev, ok := n.PreviousSibling().(*ast.Text); ok; prev, ok = prev.PreviousSibling().(*ast.Text) {
			if p := prev.Segment.TrimRightSpace(src); p.Len() > 0 {
				if isPunct(src[p.Stop-1]) {
					return true
				}
				break
			}
		}
		moves = append(moves, move{n, t})
		return true
	})
	for _, m := range moves {
		s := m.after.Segment
		// The spaces and line break before the run go, back to the
		// last text that is not white space alone.
		for prev, ok := m.first.PreviousSibling().(*ast.Text); ok && !prev.HardLineBreak(); prev, ok = prev.PreviousSibling().(*ast.Text) {
			prev.Segment = prev.Segment.TrimRightSpace(src)
			prev.SetSoftLineBreak(false)
			if prev.Segment.Len() > 0 {
				break
			}
		}
		p := ast.NewTextSegment(text.NewSegment(s.Start, s.Start+1))
		m.first.Parent().InsertBefore(m.first.Parent(), m.first, p)
		m.after.Segment = s.WithStart(s.Start + 1)
	}
}

func isPunct(c byte) bool {
	switch c {
	case '.', ',', ';', ':', '?', '!':
		return true
	}
	return false
}
