package markdown

import "github.com/yuin/goldmark/ast"

// Release drops the Doc's syntax tree, most of the memory a parsed Doc
// holds, for a caller that is done rendering it: a build drops a page's
// trees once the page is made, so that they are not all held to its end.
// Its other fields stay, and a later Render or PlainText parses Src again
// (the same tree: parsing is deterministic). Release is safe to call while
// the Doc is being rendered, which goes on with the tree it had.
func (d *Doc) Release() { d.tree.Store(nil) }

// root returns the Doc's syntax tree, parsing Src again if Release dropped
// it; nil for a Doc that was not made by Parse.
func (d *Doc) root() ast.Node {
	if t := d.tree.Load(); t != nil {
		return *t
	}
	if d.md == nil {
		return nil
	}
	t := d.md.parse(d.Src).tree.Load()
	return *t
}
