package texec

import (
	"reflect"
	"text/template/parse"
)

// A Set compiles each tree once, when it is made, into a tree of closures
// (stmt) over operands (operand) in which what text/template looks up by
// name at each execution is already resolved: the function an identifier
// names, the tree a {{template}} calls, the cache of each field name (see
// fieldSite), the value of each string constant, and whether an action
// prints the string of an escaper (see strAction) or a function's result
// unchanged, which the function's writer variant then writes (see
// writeAction). The closures run the interpreter's own code with those in
// hand, so the output and the errors stay text/template's; only the
// look-ups and the switch over the kind of each node at each execution
// are gone, and the strings that writer variants need not make. The trees
// must not change after New: html/template has escaped them before (see
// internal/theme).

// tmpl is a tree of a Set, compiled.
type tmpl struct {
	name string
	tree *parse.Tree
	root stmt // nil if the tree has no root
}

// stmt executes a compiled node of a tree's lists on dot: walk.
type stmt func(s *state, dot reflect.Value)

// operand is a compiled word of a command: a function, a field chain, a
// variable, a constant, a parenthesised pipeline.
type operand struct {
	node parse.Node
	id   nodeID // of node
	// fn is the function an IdentifierNode names; nil if there is none.
	fn *function
	// names and sites are the names of a FieldNode's Ident, of a
	// ChainNode's Field or of a VariableNode's Ident after the variable,
	// each with its cache.
	names []string
	sites []*fieldSite
	// pipe is a PipeNode.
	pipe *pipeline
	// chain is a ChainNode's Node.
	chain *operand
	// str is a StringNode's value, made once.
	str reflect.Value
}

// command is a compiled CommandNode: args[0] is its first word.
type command struct {
	node *parse.CommandNode
	args []*operand
}

// pipeline is a compiled PipeNode.
type pipeline struct {
	node *parse.PipeNode
	id   nodeID // of node
	cmds []*command
}

// compiler compiles the trees of a Set.
type compiler struct {
	set *Set
}

// nodeID is the index of a node of the trees of a Set in its nodes, which
// state.atID marks the state to be on.
type nodeID int32

// id returns the nodeID of n, which it adds to the Set's nodes.
func (c compiler) id(n parse.Node) nodeID {
	c.set.nodes = append(c.set.nodes, n)
	return nodeID(len(c.set.nodes) - 1)
}

// compile compiles every tree of trees into st.tmpls.
func (st *Set) compile(trees map[string]*parse.Tree) {
	st.tmpls = make(map[string]*tmpl, len(trees))
	st.nodes = []parse.Node{nil} // nodeID 0 is none
	for name, t := range trees {
		st.tmpls[name] = &tmpl{name: name, tree: t}
	}
	c := compiler{set: st}
	for _, t := range st.tmpls {
		if t.tree.Root != nil {
			t.root = c.list(t.tree.Root)
		}
	}
}

// list compiles a list of nodes: walk of a ListNode.
func (c compiler) list(l *parse.ListNode) stmt {
	kids := make([]stmt, len(l.Nodes))
	for i, n := range l.Nodes {
		kids[i] = c.node(n)
	}
	id := c.id(l)
	return func(s *state, dot reflect.Value) {
		s.atID(id)
		for _, k := range kids {
			k(s, dot)
		}
	}
}

// optList is list for an optional list: nil for nil.
func (c compiler) optList(l *parse.ListNode) stmt {
	if l == nil {
		return nil
	}
	return c.list(l)
}

// node compiles a node of a list: walk.
func (c compiler) node(node parse.Node) stmt {
	switch node := node.(type) {
	case *parse.ActionNode:
		return c.action(node)
	case *parse.BreakNode:
		return func(s *state, _ reflect.Value) {
			s.at(node)
			panic(walkBreak)
		}
	case *parse.CommentNode:
		return func(s *state, _ reflect.Value) { s.at(node) }
	case *parse.ContinueNode:
		return func(s *state, _ reflect.Value) {
			s.at(node)
			panic(walkContinue)
		}
	case *parse.IfNode:
		b := &branch{typ: parse.NodeIf, id: c.id(node), pipe: c.pipeline(node.Pipe), list: c.list(node.List), elseList: c.optList(node.ElseList)}
		return b.walk
	case *parse.ListNode:
		return c.list(node)
	case *parse.RangeNode:
		r := &rangeStmt{node: node, id: c.id(node), pipe: c.pipeline(node.Pipe), list: c.list(node.List), elseList: c.optList(node.ElseList)}
		return r.walk
	case *parse.TemplateNode:
		t := &templateCall{node: node, id: c.id(node), tmpl: c.set.tmpls[node.Name], pipe: c.pipeline(node.Pipe)}
		return t.walk
	case *parse.TextNode:
		id := c.id(node)
		return func(s *state, _ reflect.Value) {
			s.atID(id)
			if _, err := s.wr.Write(node.Text); err != nil {
				s.writeError(err)
			}
		}
	case *parse.WithNode:
		b := &branch{typ: parse.NodeWith, id: c.id(node), pipe: c.pipeline(node.Pipe), list: c.list(node.List), elseList: c.optList(node.ElseList)}
		return b.walk
	}
	return func(s *state, _ reflect.Value) {
		s.at(node)
		s.errorf("unknown node: %s", node)
	}
}

// action compiles an ActionNode: as walk does, it prints the value of the
// pipeline, unless it declares variables, which persist until the end of
// the list. A function's result that is printed unchanged is written by
// its writer variant (writeAction), and the string of an escaper that
// ends the pipeline is printed as it is (strAction).
func (c compiler) action(node *parse.ActionNode) stmt {
	pipe := c.pipeline(node.Pipe)
	if len(node.Pipe.Decl) == 0 {
		if f := writer(pipe); f != nil {
			a := &writeAction{id: c.id(node), pipe: pipe, f: f}
			return a.walk
		}
		last := pipe.cmds[len(pipe.cmds)-1]
		if f := last.args[0].fn; f != nil && f.str != nil {
			a := &strAction{id: c.id(node), pipe: pipe, f: f}
			return a.walk
		}
	}
	id := c.id(node)
	return func(s *state, dot reflect.Value) {
		s.atID(id)
		val := s.evalPipeline(dot, pipe)
		if len(node.Pipe.Decl) == 0 {
			s.printValue(node, val)
		}
	}
}

// writer returns the function whose writer variant (see Func.WithWriter)
// an action of pipe can call to write the pipeline's value: a function
// with one called first, and alone or followed by an escaper, without
// arguments, that keeps the function's results unchanged (Escaper.Keeps).
// printValue prints a string result unchanged too: a result kept as a
// string (strType) has no methods. nil if there is none.
func writer(p *pipeline) *function {
	f := p.cmds[0].args[0].fn
	if f == nil || f.to == nil {
		return nil
	}
	switch len(p.cmds) {
	case 1:
		return f
	case 2:
		if e := p.cmds[1]; len(e.args) == 1 && e.args[0].fn != nil && e.args[0].fn.keeps == f.strType {
			return f
		}
	}
	return nil
}

// pipeline compiles a PipeNode; nil for nil.
func (c compiler) pipeline(p *parse.PipeNode) *pipeline {
	if p == nil {
		return nil
	}
	cp := &pipeline{node: p, id: c.id(p), cmds: make([]*command, len(p.Cmds))}
	for i, cmd := range p.Cmds {
		cc := &command{node: cmd, args: make([]*operand, len(cmd.Args))}
		for j, a := range cmd.Args {
			cc.args[j] = c.operand(a)
		}
		cp.cmds[i] = cc
	}
	return cp
}

// operand compiles a word of a command.
func (c compiler) operand(n parse.Node) *operand {
	op := &operand{node: n, id: c.id(n)}
	switch n := n.(type) {
	case *parse.IdentifierNode:
		op.fn = c.set.funcs.m[n.Ident]
	case *parse.FieldNode:
		op.names = n.Ident
	case *parse.ChainNode:
		op.names = n.Field
		op.chain = c.operand(n.Node)
	case *parse.VariableNode:
		if len(n.Ident) > 1 {
			op.names = n.Ident[1:]
		}
	case *parse.PipeNode:
		op.pipe = c.pipeline(n)
	case *parse.StringNode:
		op.str = reflect.ValueOf(n.Text)
	}
	if op.names != nil {
		op.sites = make([]*fieldSite, len(op.names))
		for i := range op.sites {
			op.sites[i] = new(fieldSite)
		}
	}
	return op
}
