// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// This file is forked from text/template/exec.go of Go 1.26. It executes
// the same parse trees with the same results and the same error text, and
// differs in how: a Set compiles its trees once (see compile.go), so that
// an execution walks closures with the functions, the called templates and
// the constants already looked up, rather than switching over nodes and
// looking names up in maps; functions are called without reflect where
// their signature is known (see function in funcs.go); fields and methods
// are found through a cache by type and name rather than by
// reflect.Type.FieldByName and reflect.Value.MethodByName each time; and
// an action that ends in a func(...any) string (every action, in a tree
// html/template has escaped) writes its string without boxing it; such a
// function with a typed path (Escaper) gets one argument without boxing
// it; and string results are kept in an arena of the execution rather
// than each boxed (see strValue). Only the default option
// missingkey=default (invalid) is supported.

package texec

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	texttemplate "text/template"
	"text/template/parse"
	"unsafe"
)

// maxExecDepth specifies the maximum stack depth of templates within
// templates. This limit is only practically reached by accidentally
// recursive template invocations. This limit allows us to return
// an error instead of triggering a stack overflow.
var maxExecDepth = initMaxExecDepth()

func initMaxExecDepth() int {
	if runtime.GOARCH == "wasm" {
		return 1000
	}
	return 100000
}

// state represents the state of an execution. It's not part of the
// template so that multiple executions of the same template
// can execute in parallel.
type state struct {
	set   *Set
	name  string      // of the template executing
	tree  *parse.Tree // of the template executing
	wr    io.Writer
	sw    io.StringWriter // wr, if it is one
	node  parse.Node      // current node, for errors, unless nodeID is set
	id    nodeID          // current node, for errors, as an index in set.nodes; 0 if node is it
	vars  []variable      // push-down stack of variable values.
	base  int             // where the variables of the template executing start in vars
	depth int             // the height of the stack of executing templates.
	argv  []reflect.Value // stack of the arguments of the calls under way
	anyv  []any           // stack of the arguments of the str calls under way
	// topVars is the greatest height vars has had in the execution: pop
	// leaves the variables above the mark in the array, for release to
	// clear.
	topVars int
	// strs is the arena of the string results of the execution (see
	// strValue), in chunks; nstr slots are used.
	strs []*[strChunk]string
	nstr int
	// out is the writer of the writer variant that an action calls (see
	// writeAction), while it runs.
	out sink
}

// strChunk is the number of strings in a chunk of a state's arena.
const strChunk = 64

// strValue returns a reflect.Value of type t, a type of string kind that
// neither t nor *t has methods of (see strResultType), holding str: the
// result of a function or an escaper. The string is kept in a slot of the
// execution's arena, which makes a Value of it without the allocation
// that boxing it in an interface costs (reflect.ValueOf). The Value is
// addressable, unlike a function's result in text/template, but with no
// methods to find on *t, addressability changes nothing that templates
// can see: printValue and evalField only look for methods there, and
// validateType does not take the address of a slot (see isSlot), nor
// hands one to a function as a reflect.Value. A slot is not reused before
// the execution ends, so a variable may hold the Value as long as it
// lives; then release clears the arena. A function or an escaper gets the
// string through reflect.Value.Interface (a copy), String or TypeAssert,
// never the slot's address.
func (s *state) strValue(t reflect.Type, str string) reflect.Value {
	c, i := s.nstr/strChunk, s.nstr%strChunk
	if c == len(s.strs) {
		s.strs = append(s.strs, new([strChunk]string))
	}
	p := &s.strs[c][i]
	*p = str
	s.nstr++
	if t == stringType {
		return reflect.ValueOf(p).Elem()
	}
	return reflect.NewAt(t, unsafe.Pointer(p)).Elem()
}

// isSlot reports whether v is a slot of the arena of strings (see
// strValue).
func (s *state) isSlot(v reflect.Value) bool {
	if v.Kind() != reflect.String || !v.CanAddr() {
		return false
	}
	p := v.UnsafeAddr()
	for _, c := range s.strs {
		if lo := uintptr(unsafe.Pointer(c)); lo <= p && p < lo+unsafe.Sizeof(*c) {
			return true
		}
	}
	return false
}

// variable holds the dynamic value of a variable such as $, $x etc.
type variable struct {
	name  string
	value reflect.Value
}

// push pushes a new variable on the stack.
func (s *state) push(name string, value reflect.Value) {
	s.vars = append(s.vars, variable{name, value})
	s.topVars = max(s.topVars, len(s.vars))
}

// mark returns the length of the variable stack.
func (s *state) mark() int {
	return len(s.vars)
}

// pop pops the variable stack up to the mark.
func (s *state) pop(mark int) {
	s.vars = s.vars[0:mark]
}

// setVar overwrites the last declared variable with the given name.
// Used by variable assignments.
func (s *state) setVar(name string, value reflect.Value) {
	for i := s.mark() - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			s.vars[i].value = value
			return
		}
	}
	s.errorf("undefined variable: %s", name)
}

// setTopVar overwrites the top-nth variable on the stack. Used by range iterations.
func (s *state) setTopVar(n int, value reflect.Value) {
	s.vars[len(s.vars)-n].value = value
}

// varValue returns the value of the named variable.
func (s *state) varValue(name string) reflect.Value {
	for i := s.mark() - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return s.vars[i].value
		}
	}
	s.errorf("undefined variable: %s", name)
	return zero
}

var zero reflect.Value

type missingValType struct{}

var missingVal = reflect.ValueOf(missingValType{})

var missingValReflectType = reflect.TypeFor[missingValType]()

// isMissing reports whether v is missingVal, the final argument of a
// command that has none. Such a value is missingVal itself, copied: the
// Values are compared first, word for word (reflect.Value's ==, identity
// rather than equality), as comparing the Types, two interfaces, costs a
// call of runtime.ifaceeq; that, and the call of isMissing, which was
// too big to inline, were 1.4% of the CPU time of a build of 10,000
// points. The Types are compared after, for any other struct.
func isMissing(v reflect.Value) bool {
	return v == missingVal || v.Kind() == reflect.Struct && ofMissingType(v)
}

// ofMissingType reports whether v is of the type of missingVal: isMissing
// for a struct that is not missingVal itself, kept out of it so that
// isMissing is inlined.
//
//go:noinline
func ofMissingType(v reflect.Value) bool {
	return v.Type() == missingValReflectType
}

// at marks the state to be on node n, for error reporting.
func (s *state) at(node parse.Node) {
	s.node, s.id = node, 0
}

// atID is at for the node s.set.nodes[id], for the common paths: it
// stores an int, without the write barrier that storing an interface
// takes while the collector marks.
func (s *state) atID(id nodeID) {
	s.id = id
}

// doublePercent returns the string with %'s replaced by %%, if necessary,
// so it can be used safely inside a Printf format string.
func doublePercent(str string) string {
	return strings.ReplaceAll(str, "%", "%%")
}

// errorf records an ExecError and terminates processing.
func (s *state) errorf(format string, args ...any) {
	name := doublePercent(s.name)
	node := s.node
	if s.id != 0 {
		node = s.set.nodes[s.id]
	}
	if node == nil {
		format = fmt.Sprintf("template: %s: %s", name, format)
	} else {
		location, context := s.tree.ErrorContext(node)
		format = fmt.Sprintf("template: %s: executing %q at <%s>: %s", location, name, doublePercent(context), format)
	}
	panic(texttemplate.ExecError{
		Name: s.name,
		Err:  fmt.Errorf(format, args...),
	})
}

// writeError is the wrapper type used internally when Execute has an
// error writing to its output. We strip the wrapper in errRecover.
// Note that this is not an implementation of error, so it cannot escape
// from the package as an error value.
type writeError struct {
	Err error // Original error.
}

func (s *state) writeError(err error) {
	panic(writeError{
		Err: err,
	})
}

// errRecover is the handler that turns panics into returns from the top
// level of Parse.
func errRecover(errp *error) {
	e := recover()
	if e != nil {
		switch err := e.(type) {
		case runtime.Error:
			panic(e)
		case writeError:
			*errp = err.Err // Strip the wrapper.
		case texttemplate.ExecError:
			*errp = err // Keep the wrapper.
		default:
			panic(e)
		}
	}
}

// Set is a set of parse trees that call each other by name (with
// {{template}}), with the functions they call. A Set is safe for concurrent
// use, as long as no one changes its trees.
type Set struct {
	funcs *Funcs
	// nodes holds the nodes of the trees that an execution marks itself
	// to be on (see state.atID), by nodeID.
	nodes []parse.Node
	// tmpls holds the trees by name, compiled (see compile.go).
	tmpls map[string]*tmpl
	// reflective records the names of the functions and methods called
	// through reflect.Value.Call, for want of a caller of their signature
	// (see Reflective).
	reflective sync.Map
}

// Reflective returns the names, sorted, of the functions and methods that
// executions of s called through reflect.Value.Call because texec has no
// caller for their signature (see Method1, F1): for a test that a theme's
// calls are all fast.
func (s *Set) Reflective() []string {
	var names []string
	s.reflective.Range(func(k, _ any) bool {
		names = append(names, k.(string))
		return true
	})
	slices.Sort(names)
	return names
}

// fieldSite is the cache of one name in one node of a tree: the
// fieldInfo last looked up there, as a site almost always sees one type.
type fieldSite struct {
	last atomic.Pointer[fieldInfo]
}

// New returns a Set of trees, by the names {{template}} calls them, with
// the functions in funcs.
func New(funcs *Funcs, trees map[string]*parse.Tree) *Set {
	st := &Set{funcs: funcs}
	st.compile(trees)
	return st
}

// field returns the fieldInfo of name in typ, where name is a field's
// name in a node of the trees and site its cache, as lookupField does.
func field(typ reflect.Type, name string, site *fieldSite) *fieldInfo {
	if fi := site.last.Load(); fi != nil && fi.typ == typ {
		return fi
	}
	fi := lookupField(typ, name)
	site.last.Store(fi)
	return fi
}

// Execute applies the tree called name to data and writes the output to
// wr, as text/template's ExecuteTemplate does, with the same output and
// the same errors (of type text/template.ExecError). If an error occurs,
// execution stops, but partial results may already have been written to
// the output writer (including part of the result of a function whose
// writer variant failed: see Func.WithWriter).
func (st *Set) Execute(wr io.Writer, name string, data any) (err error) {
	t := st.tmpls[name]
	if t == nil {
		return fmt.Errorf("template: no template %q associated with template %q", name, name)
	}
	defer errRecover(&err)
	value, ok := data.(reflect.Value)
	if !ok {
		value = reflect.ValueOf(data)
	}
	s := statePool.Get().(*state)
	defer s.release()
	s.set, s.name, s.tree, s.wr = st, name, t.tree, wr
	s.sw, _ = wr.(io.StringWriter)
	s.push("$", value)
	if t.root == nil {
		s.errorf("%q is an incomplete or empty template", name)
	}
	t.root(s, value)
	return
}

// statePool keeps states, with their stacks, from one execution to the next.
var statePool = sync.Pool{New: func() any { return new(state) }}

// maxStrChunks is the number of chunks of its arena of strings that a state
// keeps in statePool: the arena of a big page is let go.
const maxStrChunks = 16

// release puts s back in statePool, emptied.
func (s *state) release() {
	if s.reset() {
		statePool.Put(s)
	}
}

// reset empties s for another execution, and reports whether it is worth
// keeping.
func (s *state) reset() bool {
	if cap(s.vars) > 1024 || cap(s.argv) > 1024 || cap(s.anyv) > 1024 {
		return false // left from a deep recursion
	}
	// Only what the execution used is cleared: a call clears its
	// arguments as it returns, so that argv and anyv hold some only if
	// it panicked, below their length; vars up to topVars; the arena
	// nstr slots. Clearing each whole (a partial of a few actions ran on
	// a state that a big page had grown) was 3% of the CPU time of
	// rendering point pages.
	clear(s.vars[:s.topVars])
	clear(s.argv)
	clear(s.anyv)
	for c := 0; c*strChunk < s.nstr; c++ {
		clear(s.strs[c][:min(strChunk, s.nstr-c*strChunk)])
	}
	strs := s.strs
	if len(strs) > maxStrChunks {
		clear(strs[maxStrChunks:])
		strs = strs[:maxStrChunks]
	}
	*s = state{vars: s.vars[:0], argv: s.argv[:0], anyv: s.anyv[:0], strs: strs}
	return true
}

// Sentinel errors for use with panic to signal early exits from range loops.
var (
	walkBreak    = errors.New("break")
	walkContinue = errors.New("continue")
)

// The walk functions step through the major pieces of the template
// structure, generating output as they go: they are the stmts that the
// compiler makes of the nodes (see compile.go).

// branch is a compiled 'if' or 'with' node.
type branch struct {
	typ            parse.NodeType // NodeIf or NodeWith
	id             nodeID         // of the node
	pipe           *pipeline
	list, elseList stmt
}

// walk walks an 'if' or 'with' node. The two control structures
// are identical in behavior except that 'with' sets dot.
func (b *branch) walk(s *state, dot reflect.Value) {
	s.atID(b.id)
	defer s.pop(s.mark())
	val := s.evalPipeline(dot, b.pipe)
	truth, ok := isTrue(indirectInterface(val))
	if !ok {
		s.errorf("if/with can't use %v", val)
	}
	if truth {
		if b.typ == parse.NodeWith {
			b.list(s, val)
		} else {
			b.list(s, dot)
		}
	} else if b.elseList != nil {
		b.elseList(s, dot)
	}
}

func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		// Something like var x interface{}, never set. It's a form of nil.
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true // Struct values are always true.
	default:
		return
	}
	return truth, true
}

// rangeStmt is a compiled 'range' node.
type rangeStmt struct {
	node           *parse.RangeNode
	id             nodeID // of node
	pipe           *pipeline
	list, elseList stmt
}

func (r *rangeStmt) walk(s *state, dot reflect.Value) {
	s.atID(r.id)
	defer func() {
		if r := recover(); r != nil && r != walkBreak {
			panic(r)
		}
	}()
	defer s.pop(s.mark())
	val, _ := indirect(s.evalPipeline(dot, r.pipe))
	// mark top of stack before any variables in the body are pushed.
	mark := s.mark()
	// oneIteration (s.rangeIteration) is a method, not a closure: the
	// iterators of range over an integer or a function made the closure
	// escape, an allocation for every range.
	switch val.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if len(r.node.Pipe.Decl) > 1 {
			s.errorf("can't use %v to iterate over more than one variable", val)
			break
		}
		run := false
		for v := range val.Seq() {
			run = true
			// Pass element as second value, as we do for channels.
			s.rangeIteration(r, mark, reflect.Value{}, v)
		}
		if !run {
			break
		}
		return
	case reflect.Array, reflect.Slice:
		if val.Len() == 0 {
			break
		}
		for i := 0; i < val.Len(); i++ {
			var index reflect.Value
			if len(r.node.Pipe.Decl) > 1 { // not boxed if not used
				index = reflect.ValueOf(i)
			}
			s.rangeIteration(r, mark, index, val.Index(i))
		}
		return
	case reflect.Map:
		if val.Len() == 0 {
			break
		}
		om := sortMap(val)
		for _, m := range om {
			s.rangeIteration(r, mark, m.Key, m.Value)
		}
		return
	case reflect.Chan:
		if val.IsNil() {
			break
		}
		if val.Type().ChanDir() == reflect.SendDir {
			s.errorf("range over send-only channel %v", val)
			break
		}
		i := 0
		for ; ; i++ {
			elem, ok := val.Recv()
			if !ok {
				break
			}
			s.rangeIteration(r, mark, reflect.ValueOf(i), elem)
		}
		if i == 0 {
			break
		}
		return
	case reflect.Invalid:
		break // An invalid value is likely a nil map, etc. and acts like an empty map.
	case reflect.Func:
		if val.Type().CanSeq() {
			if len(r.node.Pipe.Decl) > 1 {
				s.errorf("can't use %v iterate over more than one variable", val)
				break
			}
			run := false
			for v := range val.Seq() {
				run = true
				// Pass element as second value,
				// as we do for channels.
				s.rangeIteration(r, mark, reflect.Value{}, v)
			}
			if !run {
				break
			}
			return
		}
		if val.Type().CanSeq2() {
			run := false
			for i, v := range val.Seq2() {
				run = true
				if len(r.node.Pipe.Decl) > 1 {
					s.rangeIteration(r, mark, i, v)
				} else {
					// If there is only one range variable,
					// oneIteration will use the
					// second value.
					s.rangeIteration(r, mark, reflect.Value{}, i)
				}
			}
			if !run {
				break
			}
			return
		}
		fallthrough
	default:
		s.errorf("range can't iterate over %v", val)
	}
	if r.elseList != nil {
		r.elseList(s, dot)
	}
}

// rangeIteration runs one iteration of the range r, whose variables are
// above mark, with the given index and element: text/template's
// oneIteration in walkRange.
func (s *state) rangeIteration(r *rangeStmt, mark int, index, elem reflect.Value) {
	pipe := r.node.Pipe
	if len(pipe.Decl) > 0 {
		if pipe.IsAssign {
			// With two variables, index comes first.
			// With one, we use the element.
			if len(pipe.Decl) > 1 {
				s.setVar(pipe.Decl[0].Ident[0], index)
			} else {
				s.setVar(pipe.Decl[0].Ident[0], elem)
			}
		} else {
			// Set top var (lexically the second if there
			// are two) to the element.
			s.setTopVar(1, elem)
		}
	}
	if len(pipe.Decl) > 1 {
		if pipe.IsAssign {
			s.setVar(pipe.Decl[1].Ident[0], elem)
		} else {
			// Set next var (lexically the first if there
			// are two) to the index.
			s.setTopVar(2, index)
		}
	}
	defer s.pop(mark)
	defer func() {
		// Consume panic(walkContinue)
		if r := recover(); r != nil && r != walkContinue {
			panic(r)
		}
	}()
	r.list(s, elem)
}

// templateCall is a compiled {{template}} node.
type templateCall struct {
	node *parse.TemplateNode
	id   nodeID // of node
	tmpl *tmpl  // nil if there is no such template
	pipe *pipeline
}

func (c *templateCall) walk(s *state, dot reflect.Value) {
	s.atID(c.id)
	t := c.tmpl
	if t == nil {
		s.errorf("template %q not defined", c.node.Name)
	}
	if s.depth == maxExecDepth {
		s.errorf("exceeded maximum template depth (%v)", maxExecDepth)
	}
	// Variables declared by the pipeline persist.
	dot = s.evalPipeline(dot, c.pipe)
	// The called template runs on the same state, above the caller's
	// variables, which it cannot see: no dynamic scoping. A panic ends
	// the whole execution, so the caller's state is restored only on a
	// normal return.
	name, tree, base, mark := s.name, s.tree, s.base, s.mark()
	s.depth++
	s.name, s.tree, s.base = t.name, t.tree, mark
	s.push("$", dot)
	t.root(s, dot)
	s.pop(mark)
	s.depth--
	s.name, s.tree, s.base = name, tree, base
}

// Eval functions evaluate pipelines, commands, and their elements and extract
// values from the data structure by examining fields, calling methods, and so on.
// The printing of those values happens only through walk functions.

// evalPipeline returns the value acquired by evaluating a pipeline. If the
// pipeline has a variable declaration, the variable will be pushed on the
// stack. Callers should therefore pop the stack after they are finished
// executing commands depending on the pipeline value.
func (s *state) evalPipeline(dot reflect.Value, pipe *pipeline) (value reflect.Value) {
	if pipe == nil {
		return
	}
	s.atID(pipe.id)
	value = missingVal
	for _, cmd := range pipe.cmds {
		value = s.evalCommand(dot, cmd, value) // previous value is this one's final arg.
		// If the object has type interface{}, dig down one level to the thing inside.
		if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
			value = value.Elem()
		}
	}
	for _, variable := range pipe.node.Decl {
		if pipe.node.IsAssign {
			s.setVar(variable.Ident[0], value)
		} else {
			s.push(variable.Ident[0], value)
		}
	}
	return value
}

func (s *state) notAFunction(args []*operand, final reflect.Value) {
	if len(args) > 1 || !isMissing(final) {
		s.errorf("can't give argument to non-function %s", args[0].node)
	}
}

func (s *state) evalCommand(dot reflect.Value, cmd *command, final reflect.Value) reflect.Value {
	first := cmd.args[0]
	switch first.node.(type) {
	case *parse.FieldNode:
		return s.evalFieldNode(dot, first, cmd.args, final)
	case *parse.ChainNode:
		return s.evalChainNode(dot, first, cmd.args, final)
	case *parse.IdentifierNode:
		// Must be a function.
		return s.evalFunction(dot, first, cmd.node, cmd.args, final)
	case *parse.PipeNode:
		// Parenthesized pipeline. The arguments are all inside the pipeline; final must be absent.
		s.notAFunction(cmd.args, final)
		return s.evalPipeline(dot, first.pipe)
	case *parse.VariableNode:
		return s.evalVariableNode(dot, first, cmd.args, final)
	}
	s.atID(first.id)
	s.notAFunction(cmd.args, final)
	switch word := first.node.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(word.True)
	case *parse.DotNode:
		return dot
	case *parse.NilNode:
		s.errorf("nil is not a command")
	case *parse.NumberNode:
		return s.idealConstant(word)
	case *parse.StringNode:
		return first.str
	}
	s.errorf("can't evaluate command %q", first.node)
	panic("not reached")
}

// idealConstant is called to return the value of a number in a context where
// we don't know the type. In that case, the syntax of the number tells us
// its type, and we use Go rules to resolve. Note there is no such thing as
// a uint ideal constant in this situation - the value must be of int type.
func (s *state) idealConstant(constant *parse.NumberNode) reflect.Value {
	// These are ideal constants but we don't know the type
	// and we have no context.  (If it was a method argument,
	// we'd know what we need.) The syntax guides us to some extent.
	s.at(constant)
	switch {
	case constant.IsComplex:
		return reflect.ValueOf(constant.Complex128) // incontrovertible.

	case constant.IsFloat &&
		!isHexInt(constant.Text) && !isRuneInt(constant.Text) &&
		strings.ContainsAny(constant.Text, ".eEpP"):
		return reflect.ValueOf(constant.Float64)

	case constant.IsInt:
		n := int(constant.Int64)
		if int64(n) != constant.Int64 {
			s.errorf("%s overflows int", constant.Text)
		}
		return reflect.ValueOf(n)

	case constant.IsUint:
		s.errorf("%s overflows int", constant.Text)
	}
	return zero
}

func isRuneInt(s string) bool {
	return len(s) > 0 && s[0] == '\''
}

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

func (s *state) evalFieldNode(dot reflect.Value, field *operand, args []*operand, final reflect.Value) reflect.Value {
	s.atID(field.id)
	return s.evalFieldChain(dot, dot, field.node, field, args, final)
}

func (s *state) evalChainNode(dot reflect.Value, chain *operand, args []*operand, final reflect.Value) reflect.Value {
	s.atID(chain.id)
	if len(chain.names) == 0 {
		s.errorf("internal error: no fields in evalChainNode")
	}
	if chain.chain.node.Type() == parse.NodeNil {
		s.errorf("indirection through explicit nil in %s", chain.node)
	}
	// (pipe).Field1.Field2 has pipe as .Node, fields as .Field. Eval the pipeline, then the fields.
	pipe := s.evalArg(dot, nil, chain.chain)
	return s.evalFieldChain(dot, pipe, chain.node, chain, args, final)
}

func (s *state) evalVariableNode(dot reflect.Value, variable *operand, args []*operand, final reflect.Value) reflect.Value {
	// $x.Field has $x as the first ident, Field as the second. Eval the var, then the fields.
	s.atID(variable.id)
	value := s.varValue(variable.node.(*parse.VariableNode).Ident[0])
	if len(variable.names) == 0 {
		s.notAFunction(args, final)
		return value
	}
	return s.evalFieldChain(dot, value, variable.node, variable, args, final)
}

// evalFieldChain evaluates .X.Y.Z possibly followed by arguments.
// dot is the environment in which to evaluate arguments, while
// receiver is the value being walked along the chain; the names are
// chain's.
func (s *state) evalFieldChain(dot, receiver reflect.Value, node parse.Node, chain *operand, args []*operand, final reflect.Value) reflect.Value {
	n := len(chain.names)
	for i := 0; i < n-1; i++ {
		receiver = s.evalField(dot, &chain.names[i], chain.sites[i], node, nil, missingVal, receiver)
	}
	// Now if it's a method, it gets the arguments.
	return s.evalField(dot, &chain.names[n-1], chain.sites[n-1], node, args, final, receiver)
}

func (s *state) evalFunction(dot reflect.Value, node *operand, cmd parse.Node, args []*operand, final reflect.Value) reflect.Value {
	s.atID(node.id)
	f := node.fn
	if f == nil {
		s.errorf("%q is not a defined function", node.node.(*parse.IdentifierNode).Ident)
	}
	if f.str != nil {
		return s.strValue(stringType, s.callStr(dot, f, cmd, args, final))
	}
	return s.evalCall(dot, f.v, f, cmd, f.name, args, final)
}

// evalField evaluates an expression like (.Field) or (.Field arg1 arg2).
// The 'final' argument represents the return value from the preceding
// value of the pipeline, if any.
func (s *state) evalField(dot reflect.Value, name *string, site *fieldSite, node parse.Node, args []*operand, final, receiver reflect.Value) reflect.Value {
	fieldName := *name
	if !receiver.IsValid() {
		return zero
	}
	orig := receiver // its type, for errors, is asked for only then
	receiver, isNil := indirect(receiver)
	if receiver.Kind() == reflect.Interface && isNil {
		// Calling a method on a nil interface can't work. The
		// MethodByName method call below would panic.
		s.errorf("nil pointer evaluating %s.%s", orig.Type(), fieldName)
		return zero
	}

	// Unless it's an interface, need to get to a value of type *T to guarantee
	// we see all methods of T and *T.
	fi := field(receiver.Type(), fieldName, site)
	if ptr := receiver; ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer && ptr.CanAddr() {
		if fi.ptrMethod.fn.IsValid() {
			return s.evalMethod(dot, ptr.Addr(), &fi.ptrMethod, node, fieldName, args, final)
		}
	} else if fi.method.fn.IsValid() {
		return s.evalMethod(dot, ptr, &fi.method, node, fieldName, args, final)
	} else if fi.method.index >= 0 {
		return s.evalCall(dot, ptr.Method(fi.method.index), nil, node, fieldName, args, final)
	}
	hasArgs := len(args) > 1 || !isMissing(final)
	// It's not a method; must be a field of a struct or an element of a map.
	switch receiver.Kind() {
	case reflect.Struct:
		tField, ok := fi.field, fi.isField
		if ok {
			if fi.direct >= 0 && !hasArgs {
				return receiver.Field(fi.direct)
			}
			field, err := receiver.FieldByIndexErr(tField.Index)
			if !tField.IsExported() {
				s.errorf("%s is an unexported field of struct type %s", fieldName, orig.Type())
			}
			if err != nil {
				s.errorf("%v", err)
			}
			// If it's a function, we must call it.
			if hasArgs {
				s.errorf("%s has arguments but cannot be invoked as function", fieldName)
			}
			return field
		}
	case reflect.Map:
		// If it's a map, attempt to use the field name as a key.
		// The name in the node, not boxed anew (reflect.ValueOf) for
		// each lookup: MapIndex only reads the key.
		nameVal := reflect.ValueOf(name).Elem()
		if nameVal.Type().AssignableTo(receiver.Type().Key()) {
			if hasArgs {
				s.errorf("%s is not a method but has arguments", fieldName)
			}
			// missingkey=default: a missing key gives the invalid value.
			return receiver.MapIndex(nameVal)
		}
	case reflect.Pointer:
		etyp := receiver.Type().Elem()
		if etyp.Kind() == reflect.Struct {
			if !lookupField(etyp, fieldName).isField {
				// If there's no such field, say "can't evaluate"
				// instead of "nil pointer evaluating".
				break
			}
		}
		if isNil {
			s.errorf("nil pointer evaluating %s.%s", orig.Type(), fieldName)
		}
	}
	s.errorf("can't evaluate field %s in type %s", fieldName, orig.Type())
	panic("not reached")
}

var (
	errorType        = reflect.TypeFor[error]()
	fmtStringerType  = reflect.TypeFor[fmt.Stringer]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
)

// evalCall executes a function or method call. If it's a method, fun already has the receiver bound, so
// it looks just like a function call. The arg list, if non-nil, includes (in the manner of the shell), arg[0]
// as the function itself. f is the function's entry in the table; nil for a method.
func (s *state) evalCall(dot, fun reflect.Value, f *function, node parse.Node, name string, args []*operand, final reflect.Value) reflect.Value {
	return s.evalCallRecv(dot, fun, f, reflect.Value{}, nil, node, name, args, final)
}

// evalMethod calls the method m of recv as evalCall calls recv's method
// value, but as a function of the receiver and the arguments, which
// reflect calls at less cost.
func (s *state) evalMethod(dot, recv reflect.Value, m *methodInfo, node parse.Node, name string, args []*operand, final reflect.Value) reflect.Value {
	return s.evalCallRecv(dot, m.fn, nil, recv, m, node, name, args, final)
}

// evalCallRecv is evalCall, and evalMethod if recv is valid: then fun is
// m.fn, the method as a function.
func (s *state) evalCallRecv(dot, fun reflect.Value, f *function, recv reflect.Value, m *methodInfo, node parse.Node, name string, args []*operand, final reflect.Value) reflect.Value {
	if args != nil {
		args = args[1:] // Zeroth arg is function name/node; not passed to function.
	}
	var sg *sig
	switch {
	case f != nil:
		sg = &f.sig
	case m != nil:
		sg = &m.sig
	default:
		x := newSig(name, fun.Type())
		sg = &x
	}
	isBuiltin := f != nil && f.builtin
	numFixed := s.checkArgs(sg, name, args, final)

	// Special case for builtin and/or, which short-circuit.
	if isBuiltin && (name == "and" || name == "or") {
		argType := sg.in[0]
		var v reflect.Value
		for _, arg := range args {
			v = s.evalRawArg(dot, arg)
			if truth(v) == (name == "or") {
				// This value was already unwrapped
				// by the .Interface().(reflect.Value).
				return v
			}
		}
		if !final.Equal(missingVal) {
			// The last argument to and/or is coming from
			// the pipeline. We didn't short circuit on an earlier
			// argument, so we are going to return this one.
			// We don't have to evaluate final, but we do
			// have to check its type. Then, since we are
			// going to return it, we have to unwrap it.
			v = unwrap(s.validateType(final, argType))
		}
		return v
	}

	mark := s.pushArgs(dot, sg, f, recv, args, final, numFixed)
	argv := s.argv[mark:] // the receiver first, for a method

	var v reflect.Value
	var err error
	var str string           // the result, if strType is not nil
	var strType reflect.Type // see state.strValue
	switch {
	case isBuiltin && name == "call":
		// Special case for the "call" builtin.
		// Insert the name of the callee function as the first argument.
		var calleeName string
		if len(args) == 0 {
			// final must be present or we would have errored out above.
			calleeName = final.String()
		} else {
			calleeName = args[0].node.String()
		}
		argv = append([]reflect.Value{reflect.ValueOf(calleeName)}, argv...)
		v, err = safeCall(reflect.ValueOf(call), argv)
	case f != nil && f.strCall != nil:
		str, err = safeStrFastCall(f.strCall, argv)
		strType = f.strType
	case f != nil && f.call != nil:
		v, err = safeFastCall(f.call, argv)
	case m != nil && m.strCall != nil:
		str, err = safeStrFastCall(m.strCall, argv)
		strType = m.strType
	case m != nil && m.call != nil:
		v, err = safeFastCall(m.call, argv)
	default:
		if _, ok := s.set.reflective.Load(name); !ok {
			s.set.reflective.Store(name, true)
		}
		v, err = safeCall(fun, argv)
	}
	clear(s.argv[mark:])
	s.argv = s.argv[:mark]
	// If we have an error that is not nil, stop execution and return that
	// error to the caller.
	if err != nil {
		s.at(node)
		s.errorf("error calling %s: %w", name, err)
	}
	if strType != nil {
		return s.strValue(strType, str)
	}
	if f != nil && f.rawResult {
		return v
	}
	return unwrap(v)
}

// checkArgs checks the number of arguments of a call of a function or
// method of sig sg called name, as evalCall does before it evaluates them:
// args without the function's name, and final, the value of the pipeline
// so far, if it is not missing. It returns the number of fixed arguments.
func (s *state) checkArgs(sg *sig, name string, args []*operand, final reflect.Value) (numFixed int) {
	numIn := len(args)
	if !isMissing(final) {
		numIn++
	}
	numFixed = len(args)
	if sg.variadic {
		numFixed = sg.numIn - 1 // last arg is the variadic one.
		if numIn < numFixed {
			s.errorf("wrong number of args for %s: want at least %d got %d", name, sg.numIn-1, len(args))
		}
	} else if numIn != sg.numIn {
		s.errorf("wrong number of args for %s: want %d got %d", name, sg.numIn, numIn)
	}
	if sg.err != nil { // only a method's: a function of the table was checked when it was added
		s.errorf("%v", sg.err)
	}
	return numFixed
}

// pushArgs evaluates the arguments of a call that checkArgs has checked,
// as evalCall does, and pushes them on the stack of arguments, after recv
// if it is valid: a call among the arguments pushes and pops its own above
// these. It returns the height of the stack before them, to pop them to.
func (s *state) pushArgs(dot reflect.Value, sg *sig, f *function, recv reflect.Value, args []*operand, final reflect.Value, numFixed int) (mark int) {
	mark = len(s.argv)
	if recv.IsValid() {
		s.argv = append(s.argv, recv)
	}
	raw := f != nil && f.rawArgs
	// Args must be evaluated. Fixed args first.
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		if raw {
			s.argv = append(s.argv, s.evalRawArg(dot, args[i]))
		} else {
			s.argv = append(s.argv, s.evalArg(dot, sg.in[i], args[i]))
		}
	}
	// Now the ... args.
	if sg.variadic {
		argType := sg.in[sg.numIn-1] // the element of the slice
		for ; i < len(args); i++ {
			if raw {
				s.argv = append(s.argv, s.evalRawArg(dot, args[i]))
			} else {
				s.argv = append(s.argv, s.evalArg(dot, argType, args[i]))
			}
		}
	}
	// Add final value if necessary.
	if !isMissing(final) {
		numIn := len(args) + 1
		t := sg.in[sg.numIn-1]
		if sg.variadic && numIn-1 < numFixed {
			// The added final argument corresponds to a fixed parameter of the function.
			// Validate against the type of the actual parameter.
			t = sg.in[numIn-1]
		} // else, if variadic, the element type of the slice, which sg.in has

		if raw {
			s.argv = append(s.argv, unwrap(final)) // what validateType would give the function
		} else {
			s.argv = append(s.argv, s.validateType(final, t))
		}
	}
	return mark
}

// unwrap returns the reflect.Value that v holds, if it holds one.
func unwrap(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Struct && v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

// evalRawArg evaluates an argument for a parameter of type reflect.Value,
// as evalArg does, and returns the value the function gets rather than
// the value that holds it.
func (s *state) evalRawArg(dot reflect.Value, arg *operand) reflect.Value {
	s.atID(arg.id)
	switch arg.node.(type) {
	case *parse.DotNode:
		return unwrap(dot)
	case *parse.NilNode:
		return reflect.Value{}
	case *parse.FieldNode:
		return unwrap(s.evalFieldNode(dot, arg, nil, missingVal))
	case *parse.VariableNode:
		return unwrap(s.evalVariableNode(dot, arg, nil, missingVal))
	case *parse.PipeNode:
		return unwrap(s.evalPipeline(dot, arg.pipe))
	case *parse.IdentifierNode:
		return unwrap(s.evalFunction(dot, arg, arg.node, nil, missingVal))
	case *parse.ChainNode:
		return unwrap(s.evalChainNode(dot, arg, nil, missingVal))
	}
	return s.evalEmptyInterface(dot, arg)
}

// callStr calls f, a func(...any) string, as evalCall would, with its
// arguments boxed as any rather than each in a reflect.Value; or, if there
// is one argument that f.typed takes, with none boxed.
func (s *state) callStr(dot reflect.Value, f *function, node parse.Node, args []*operand, final reflect.Value) (str string) {
	if args != nil {
		args = args[1:] // Zeroth arg is function name/node; not passed to function.
	}
	mark := len(s.anyv)
	if f.typed != nil && len(args)+btoi(!isMissing(final)) == 1 {
		var v reflect.Value
		if len(args) == 1 {
			v = s.evalArg(dot, anyType, args[0])
		} else {
			v = s.validateType(final, anyType)
		}
		// f gets v.Interface(): the value in v if v is an interface.
		if e := indirectInterface(v); e.IsValid() {
			str, ok, err := safeTypedCall(f.typed, e)
			if err != nil {
				s.at(node)
				s.errorf("error calling %s: %w", f.name, err)
			}
			if ok {
				return str
			}
		}
		s.anyv = append(s.anyv, v.Interface())
	} else {
		for _, arg := range args {
			s.anyv = append(s.anyv, s.evalArg(dot, anyType, arg).Interface())
		}
		if !isMissing(final) {
			s.anyv = append(s.anyv, s.validateType(final, anyType).Interface())
		}
	}
	str, err := safeStrCall(f.str, s.anyv[mark:])
	clear(s.anyv[mark:])
	s.anyv = s.anyv[:mark]
	if err != nil {
		s.at(node)
		s.errorf("error calling %s: %w", f.name, err)
	}
	return str
}

var anyType = reflect.TypeFor[any]()

// btoi returns 1 for true, 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// strAction is a compiled action that prints the string of f, a
// func(...any) string that its pipeline ends in, and declares no
// variables: walk of such an ActionNode, with the string written as it is
// rather than boxed in a reflect.Value to print.
type strAction struct {
	id   nodeID // of the ActionNode
	pipe *pipeline
	f    *function
}

func (a *strAction) walk(s *state, dot reflect.Value) {
	s.atID(a.id)
	// As evalPipeline, up to the last command.
	cmds := a.pipe.cmds
	s.atID(a.pipe.id)
	value := missingVal
	for _, cmd := range cmds[:len(cmds)-1] {
		value = s.evalCommand(dot, cmd, value)
		if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
			value = value.Elem()
		}
	}
	last := cmds[len(cmds)-1]
	s.atID(last.args[0].id)
	str := s.callStr(dot, a.f, last.node, last.args, value)
	s.atID(a.id)
	s.writeString(str)
}

// writeAction is a compiled action that prints the result of f, called
// first in its pipeline, unchanged (see writer): walk of such an
// ActionNode, with f's writer variant writing the result to the output
// rather than f making a string of it to print.
type writeAction strAction

func (a *writeAction) walk(s *state, dot reflect.Value) {
	s.atID(a.id)
	s.atID(a.pipe.id) // as evalPipeline
	cmd := a.pipe.cmds[0]
	s.atID(cmd.args[0].id) // as evalFunction, then evalCall
	f := a.f
	args := cmd.args[1:]
	numFixed := s.checkArgs(&f.sig, f.name, args, missingVal)
	mark := s.pushArgs(dot, &f.sig, f, reflect.Value{}, args, missingVal, numFixed)
	s.out = sink{w: s.wr, sw: s.sw}
	err := safeWriteCall(f.to, &s.out, s.argv[mark:])
	werr := s.out.err
	s.out = sink{}
	clear(s.argv[mark:])
	s.argv = s.argv[:mark]
	if err != nil {
		s.at(cmd.node)
		s.errorf("error calling %s: %w", f.name, err)
	}
	if werr != nil {
		s.atID(a.id)
		s.writeError(werr)
	}
}

// sink is the writer that a writer variant writes to (see writeAction):
// the execution's output, until a write to it fails. After that it takes
// every write and drops it, so that the function runs on as if it made a
// string, and fails, or not, as it would have; then the execution fails
// with the error of the write, as it would have when it wrote the string.
type sink struct {
	w   io.Writer
	sw  io.StringWriter // w, if it is one
	err error           // of the first write that failed
}

func (k *sink) Write(p []byte) (int, error) {
	if k.err == nil {
		_, k.err = k.w.Write(p)
	}
	return len(p), nil
}

func (k *sink) WriteString(str string) (int, error) {
	if k.err == nil {
		if k.sw != nil {
			_, k.err = k.sw.WriteString(str)
		} else {
			_, k.err = k.w.Write([]byte(str))
		}
	}
	return len(str), nil
}

// writeString writes str as io.WriteString does, without asking each
// time whether the writer is an io.StringWriter.
func (s *state) writeString(str string) {
	var err error
	if s.sw != nil {
		_, err = s.sw.WriteString(str)
	} else {
		_, err = s.wr.Write([]byte(str))
	}
	if err != nil {
		s.writeError(err)
	}
}

// canBeNil reports whether an untyped nil can be assigned to the type. See reflect.Zero.
func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

// validateType guarantees that the value is valid and assignable to the type.
func (s *state) validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			// An untyped nil interface{}. Accept as a proper nil value.
			return reflect.ValueOf(nil)
		}
		if canBeNil(typ) {
			// Like above, but use the zero value of the non-nil type.
			return reflect.Zero(typ)
		}
		s.errorf("invalid value; expected %s", typ)
	}
	if typ == anyType {
		return value // anything is assignable to any
	}
	if typ == reflectValueType && value.Type() != typ {
		if s.isSlot(value) { // not the slot itself, which the function could change
			value = reflect.ValueOf(value.Interface())
		}
		return reflect.ValueOf(value)
	}
	if typ != nil && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value
			}
			// fallthrough
		}
		// Does one dereference or indirection work? We could do more, as we
		// do with method receivers, but that gets messy and method receivers
		// are much more constrained, so it makes more sense there than here.
		// Besides, one is almost always all you need.
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				s.errorf("dereference of nil pointer of type %s", typ)
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr() && !s.isSlot(value):
			// A function's result is not addressable in text/template.
			value = value.Addr()
		default:
			s.errorf("wrong type for value; expected %s; got %s", typ, value.Type())
		}
	}
	return value
}

func (s *state) evalArg(dot reflect.Value, typ reflect.Type, arg *operand) reflect.Value {
	n := arg.node
	s.atID(arg.id)
	switch n.(type) {
	case *parse.DotNode:
		return s.validateType(dot, typ)
	case *parse.NilNode:
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		s.errorf("cannot assign nil to %s", typ)
	case *parse.FieldNode:
		// text/template passes []parse.Node{n} for args, which means no
		// arguments, as nil does.
		return s.validateType(s.evalFieldNode(dot, arg, nil, missingVal), typ)
	case *parse.VariableNode:
		return s.validateType(s.evalVariableNode(dot, arg, nil, missingVal), typ)
	case *parse.PipeNode:
		return s.validateType(s.evalPipeline(dot, arg.pipe), typ)
	case *parse.IdentifierNode:
		return s.validateType(s.evalFunction(dot, arg, n, nil, missingVal), typ)
	case *parse.ChainNode:
		return s.validateType(s.evalChainNode(dot, arg, nil, missingVal), typ)
	}
	switch typ.Kind() {
	case reflect.Bool:
		return s.evalBool(typ, n)
	case reflect.Complex64, reflect.Complex128:
		return s.evalComplex(typ, n)
	case reflect.Float32, reflect.Float64:
		return s.evalFloat(typ, n)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return s.evalInteger(typ, n)
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			return s.evalEmptyInterface(dot, arg)
		}
	case reflect.Struct:
		if typ == reflectValueType {
			return reflect.ValueOf(s.evalEmptyInterface(dot, arg))
		}
	case reflect.String:
		return s.evalString(typ, arg)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return s.evalUnsignedInteger(typ, n)
	}
	s.errorf("can't handle %s for arg of type %s", n, typ)
	panic("not reached")
}

func (s *state) evalBool(typ reflect.Type, n parse.Node) reflect.Value {
	s.at(n)
	if n, ok := n.(*parse.BoolNode); ok {
		value := reflect.New(typ).Elem()
		value.SetBool(n.True)
		return value
	}
	s.errorf("expected bool; found %s", n)
	panic("not reached")
}

func (s *state) evalString(typ reflect.Type, arg *operand) reflect.Value {
	s.atID(arg.id)
	if n, ok := arg.node.(*parse.StringNode); ok {
		if typ == stringType { // not addressable, as New's is, but no function can tell
			return arg.str
		}
		value := reflect.New(typ).Elem()
		value.SetString(n.Text)
		return value
	}
	s.errorf("expected string; found %s", arg.node)
	panic("not reached")
}

func (s *state) evalInteger(typ reflect.Type, n parse.Node) reflect.Value {
	s.at(n)
	if n, ok := n.(*parse.NumberNode); ok && n.IsInt {
		value := reflect.New(typ).Elem()
		value.SetInt(n.Int64)
		return value
	}
	s.errorf("expected integer; found %s", n)
	panic("not reached")
}

func (s *state) evalUnsignedInteger(typ reflect.Type, n parse.Node) reflect.Value {
	s.at(n)
	if n, ok := n.(*parse.NumberNode); ok && n.IsUint {
		value := reflect.New(typ).Elem()
		value.SetUint(n.Uint64)
		return value
	}
	s.errorf("expected unsigned integer; found %s", n)
	panic("not reached")
}

func (s *state) evalFloat(typ reflect.Type, n parse.Node) reflect.Value {
	s.at(n)
	if n, ok := n.(*parse.NumberNode); ok && n.IsFloat {
		value := reflect.New(typ).Elem()
		value.SetFloat(n.Float64)
		return value
	}
	s.errorf("expected float; found %s", n)
	panic("not reached")
}

func (s *state) evalComplex(typ reflect.Type, n parse.Node) reflect.Value {
	if n, ok := n.(*parse.NumberNode); ok && n.IsComplex {
		value := reflect.New(typ).Elem()
		value.SetComplex(n.Complex128)
		return value
	}
	s.errorf("expected complex; found %s", n)
	panic("not reached")
}

func (s *state) evalEmptyInterface(dot reflect.Value, arg *operand) reflect.Value {
	s.atID(arg.id)
	switch n := arg.node.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True)
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return s.evalFieldNode(dot, arg, nil, missingVal)
	case *parse.IdentifierNode:
		return s.evalFunction(dot, arg, n, nil, missingVal)
	case *parse.NilNode:
		// NilNode is handled in evalArg, the only place that calls here.
		s.errorf("evalEmptyInterface: nil (can't happen)")
	case *parse.NumberNode:
		return s.idealConstant(n)
	case *parse.StringNode:
		return arg.str
	case *parse.VariableNode:
		return s.evalVariableNode(dot, arg, nil, missingVal)
	case *parse.PipeNode:
		return s.evalPipeline(dot, arg.pipe)
	}
	s.errorf("can't handle assignment of %s to empty interface argument", arg.node)
	panic("not reached")
}

// indirect returns the item at the end of indirection, and a bool to indicate
// if it's nil. If the returned bool is true, the returned value's kind will be
// either a pointer or interface.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface returns the concrete value in an interface value,
// or else the zero reflect.Value.
// That is, if v represents the interface value x, the result is the same as reflect.ValueOf(x):
// the fact that x was an interface value is forgotten.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// printValue writes the textual representation of the value to the output of
// the template.
func (s *state) printValue(n parse.Node, v reflect.Value) {
	s.at(n)
	if v.Kind() == reflect.String && v.Type() == stringType {
		s.writeString(v.String()) // what fmt.Fprint writes for a string
		return
	}
	iface, ok := printableValue(v)
	if !ok {
		s.errorf("can't print %s of type %s", n, v.Type())
	}
	_, err := fmt.Fprint(s.wr, iface)
	if err != nil {
		s.writeError(err)
	}
}

// printableValue returns the, possibly indirected, interface value inside v that
// is best for a call to formatted printer.
func printableValue(v reflect.Value) (any, bool) {
	if v.Kind() == reflect.Pointer {
		v, _ = indirect(v) // fmt.Fprint handles nil.
	}
	if !v.IsValid() {
		return "<no value>", true
	}

	if !v.Type().Implements(errorType) && !v.Type().Implements(fmtStringerType) {
		if v.CanAddr() && (reflect.PointerTo(v.Type()).Implements(errorType) || reflect.PointerTo(v.Type()).Implements(fmtStringerType)) {
			v = v.Addr()
		} else {
			switch v.Kind() {
			case reflect.Chan, reflect.Func:
				return nil, false
			}
		}
	}
	return v.Interface(), true
}

var stringType = reflect.TypeFor[string]()

// panicError returns r, a panic's value, as an error, as safeCall does.
func panicError(r any) error {
	if e, ok := r.(error); ok {
		return e
	}
	return fmt.Errorf("%v", r)
}

// safeFastCall is safeCall for a function's caller.
func safeFastCall(call func([]reflect.Value) (reflect.Value, error), args []reflect.Value) (val reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	return call(args)
}

// safeStrFastCall is safeCall for a function's caller with a string
// result.
func safeStrFastCall(call func([]reflect.Value) (string, error), args []reflect.Value) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	return call(args)
}

// safeWriteCall is safeCall for a function's writer variant.
func safeWriteCall(to func(io.Writer, []reflect.Value) error, w io.Writer, args []reflect.Value) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	return to(w, args)
}

// safeTypedCall is safeCall for an escaper's typed function.
func safeTypedCall(f func(reflect.Value) (string, bool), arg reflect.Value) (s string, ok bool, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	s, ok = f(arg)
	return s, ok, nil
}

// safeStrCall is safeCall for a func(...any) string.
func safeStrCall(f func(...any) string, args []any) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(r)
		}
	}()
	return f(args...), nil
}

// A fieldKey names a field or method of a type.
type fieldKey struct {
	typ  reflect.Type
	name string
}

// fieldInfo is what reflect finds by a name in a type T: a method of T or
// of *T, and a field of T if it is a struct.
type fieldInfo struct {
	typ       reflect.Type // T
	method    methodInfo   // of T
	ptrMethod methodInfo   // of *T; none if T is a pointer or interface
	field     reflect.StructField
	isField   bool
	direct    int // field.Index[0] if the field is exported and not embedded deeper; -1 if not
}

// methodInfo is a method found by name.
type methodInfo struct {
	index int                                               // in the method set; -1 if there is none
	fn    reflect.Value                                     // the method as a function of receiver and arguments; invalid for an interface's
	sig                                                     // of the method value: fn's without the receiver
	call  func(argv []reflect.Value) (reflect.Value, error) // fn's caller without reflect; nil if none is registered
	// strCall and strType: call's alternative for a string result (see
	// Func.str); nil if there is none.
	strCall func(argv []reflect.Value) (string, error)
	strType reflect.Type
}

// method returns the methodInfo of name in typ.
func method(typ reflect.Type, name string) methodInfo {
	m, ok := typ.MethodByName(name)
	if !ok {
		return methodInfo{index: -1}
	}
	mi := methodInfo{index: m.Index}
	if typ.Kind() != reflect.Interface {
		mi.fn = m.Func
		mi.sig = newSig(name, reflect.Zero(typ).Method(m.Index).Type())
		if mk, ok := methodCallers.Load(m.Func.Type()); ok {
			f := mk.(func(fn any) Func)(m.Func.Interface())
			mi.call, mi.strCall, mi.strType = f.call, f.str, f.strType
		}
	}
	return mi
}

// fields holds the fieldInfo of each type and name met, as encoding/json
// keeps its fields by type: the answer is the same for every execution,
// and reflect's search by name (through embedded structs, or building
// each method's type) was the slowest part of evaluating .Field. The map
// is copied on write, so that a lookup takes no lock; there are a few
// hundred names.
var (
	fields   atomic.Pointer[map[fieldKey]*fieldInfo]
	fieldsMu sync.Mutex // for writers
)

// lookupField returns the fieldInfo of name in typ.
func lookupField(typ reflect.Type, name string) *fieldInfo {
	k := fieldKey{typ, name}
	if m := fields.Load(); m != nil {
		if fi := (*m)[k]; fi != nil {
			return fi
		}
	}
	fi := &fieldInfo{typ: typ, method: method(typ, name), ptrMethod: methodInfo{index: -1}}
	if k := typ.Kind(); k != reflect.Pointer && k != reflect.Interface {
		fi.ptrMethod = method(reflect.PointerTo(typ), name)
	}
	fi.direct = -1
	if typ.Kind() == reflect.Struct {
		fi.field, fi.isField = typ.FieldByName(name)
		if fi.isField && len(fi.field.Index) == 1 && fi.field.IsExported() {
			fi.direct = fi.field.Index[0]
		}
	}
	fieldsMu.Lock()
	defer fieldsMu.Unlock()
	old := fields.Load()
	m := make(map[fieldKey]*fieldInfo, 1)
	if old != nil {
		m = make(map[fieldKey]*fieldInfo, len(*old)+1)
		maps.Copy(m, *old)
	}
	m[k] = fi
	fields.Store(&m)
	return fi
}

// methodCallers holds, by the type of a method as a function (receiver
// first), what makes a caller of such a method that does not use reflect:
// a func(fn any) Func. See Method1.
var methodCallers sync.Map

// Method1 has the methods whose function, receiver first, is a func(A) R
// (a method of A without arguments) called without reflect, as F1 calls
// a function: reflect.Value.Call allocates the arguments' frame and the
// result for each call. It is for the types the templates of a program
// call methods of; call it before the first execution that looks up such
// a method (a method looked up before keeps being called by reflect).
func Method1[A, R any]() {
	methodCallers.Store(reflect.TypeFor[func(A) R](), func(fn any) Func { return F1(fn.(func(A) R)) })
}

// Method2 is Method1 for the methods with one argument: their function,
// receiver first, is a func(A, B) R.
func Method2[A, B, R any]() {
	methodCallers.Store(reflect.TypeFor[func(A, B) R](), func(fn any) Func { return F2(fn.(func(A, B) R)) })
}
