// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// This file is forked from text/template/funcs.go of Go 1.26: the
// builtins and the comparisons are unchanged; the function table is built
// once into a Funcs, and each function gets a caller that avoids
// reflect.Value.Call where its signature is known (see function).

package texec

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	texttemplate "text/template"
	"unicode"
	"unsafe"
)

// Funcs is a table of functions for templates, by name, as a
// text/template FuncMap gives them: each function must have one result, or
// two of which the second is an error. The builtins of text/template (and,
// call, eq, html, index, len, …) are in every table, below the functions
// given. A Funcs is safe for concurrent use.
type Funcs struct {
	m map[string]*function
}

// Func is a function for NewFuncs together with a way to call it without
// reflect, for a signature that NewFuncs does not know (one with the
// caller's own types). Make one with F1, F1E, F2, F2E, F3 or F1VE.
type Func struct {
	fn   any
	call func(argv []reflect.Value) (reflect.Value, error)
	// str and strType, if str is not nil, call fn for a result of type
	// strType, a string type without methods (see strResultType), and
	// return the result as a string, which the execution keeps in its
	// arena of strings rather than boxing it (see state.strValue).
	str     func(argv []reflect.Value) (string, error)
	strType reflect.Type
	// to is the function's writer variant, if it has one (see WithWriter).
	to Writer
}

// Writer is the writer variant of a function (see Func.WithWriter): a
// function of the same parameters after an io.Writer, which writes to it
// what the function returns, and returns the error the function returns.
// Make one with W1, W2 or W1VE.
type Writer struct {
	fn   any
	call func(w io.Writer, argv []reflect.Value) error
}

// WithWriter returns f with w, the writer variant of its function, for
// the actions that print the function's result unchanged: those whose
// pipeline is a call of the function alone, or followed by an escaper that
// keeps the result (see Escaper.Keeps; html/template's escaper of HTML
// text keeps a template.HTML). Such an action calls w to write the result
// straight to the output, rather than the function, which makes a string
// to be copied there. Anywhere else (an argument, a variable, a pipeline
// that goes on) the function is called as before.
//
// w must write exactly what the function returns, or return the error the
// function returns (having written part of it, perhaps: an execution that
// fails may leave part of its output written). It must not keep the
// writer. The function must return a string type without methods (a
// template.HTML, say), and w must take the same parameters after its
// io.Writer: NewFuncs checks.
func (f Func) WithWriter(w Writer) Func {
	f.to = w
	return f
}

// Escaper is a func(...any) string, as html/template's escapers are, with
// a way to call it on one argument without boxing the argument in an any:
// Typed gets the argument as a reflect.Value (not of kind Interface: the
// value in the interface), and returns what F returns for it, or false,
// having done nothing, if it does not take that value's type (then F is
// called).
type Escaper struct {
	F     func(args ...any) string
	Typed func(v reflect.Value) (string, bool)
	// Keeps is a string type whose values F returns unchanged when one is
	// its only argument, if there is one: html/template's escaper of HTML
	// text returns a template.HTML as it is. An action that pipes the
	// result of a function with a writer variant of that type into F
	// alone writes it with the writer variant (see Func.WithWriter).
	Keeps reflect.Type
}

// function is an entry of a function table.
type function struct {
	name    string
	v       reflect.Value
	sig     // of v
	builtin bool
	// rawArgs: the parameters are all reflect.Value (the builtins other than
	// html, js, urlquery and the prints), so arguments are passed as they
	// evaluate, without the box around each that reflect.Value.Call needs.
	rawArgs bool
	// rawResult: call returns the result itself, not a reflect.Value
	// holding it, for a function whose result is a reflect.Value.
	rawResult bool
	// call calls the function with arguments evaluated and checked as for
	// reflect.Value.Call; nil if reflect.Value.Call must do it.
	call func(argv []reflect.Value) (reflect.Value, error)
	// strCall and strType: call's alternative for a result of type
	// strType, a string type without methods: see Func.str.
	strCall func(argv []reflect.Value) (string, error)
	strType reflect.Type
	// str is the function if it has type func(...any) string, as
	// html/template's escapers have: it gets its arguments as any and its
	// result is written without a reflect.Value around it. It must not
	// keep its argument slice, which is reused.
	str func(args ...any) string
	// typed is str for one argument: see Escaper.
	typed func(v reflect.Value) (string, bool)
	// keeps is the type whose values str returns unchanged: see Escaper.
	keeps reflect.Type
	// to is the function's writer variant (see Func.WithWriter); nil if
	// it has none. It is called with the arguments that call gets.
	to func(w io.Writer, argv []reflect.Value) error
}

// NewFuncs returns a table of the functions in m, each a function value or
// a Func. It is an error if a name is not an identifier or a value is no
// function with one result, or two of which the second is an error.
func NewFuncs(m map[string]any) (*Funcs, error) {
	fs := &Funcs{m: map[string]*function{}}
	for name, fn := range builtins() {
		f, err := newFunction(name, fn)
		if err != nil {
			return nil, err
		}
		f.builtin = true
		f.rawArgs = rawArgs(f) && name != "call" // call is called with reflect
		switch name {
		case "index":
			f.call = func(a []reflect.Value) (reflect.Value, error) { return index(a[0], a[1:]...) }
			f.rawResult = true
		case "slice":
			f.call = func(a []reflect.Value) (reflect.Value, error) { return slice(a[0], a[1:]...) }
			f.rawResult = true
		case "len":
			f.call = func(a []reflect.Value) (reflect.Value, error) { n, err := length(a[0]); return reflect.ValueOf(n), err }
		case "not":
			f.call = func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(not(a[0])), nil }
		case "eq":
			f.call = func(a []reflect.Value) (reflect.Value, error) {
				t, err := eq(a[0], a[1:]...)
				return reflect.ValueOf(t), err
			}
		case "ne":
			f.call = boolCall(ne)
		case "lt":
			f.call = boolCall(lt)
		case "le":
			f.call = boolCall(le)
		case "gt":
			f.call = boolCall(gt)
		case "ge":
			f.call = boolCall(ge)
		}
		fs.m[name] = f
	}
	for name, fn := range m {
		if !goodName(name) {
			return nil, fmt.Errorf("function name %q is not a valid identifier", name)
		}
		f, err := newFunction(name, fn)
		if err != nil {
			return nil, err
		}
		fs.m[name] = f
	}
	return fs, nil
}

func boolCall(f func(a, b reflect.Value) (bool, error)) func([]reflect.Value) (reflect.Value, error) {
	return func(a []reflect.Value) (reflect.Value, error) {
		t, err := f(a[0], a[1])
		return reflect.ValueOf(t), err
	}
}

// rawArgs reports whether every parameter of f is a reflect.Value.
func rawArgs(f *function) bool {
	for _, t := range f.in {
		if t != reflectValueType {
			return false
		}
	}
	return true
}

// Has reports whether the table has a function called name.
func (fs *Funcs) Has(name string) bool {
	_, ok := fs.m[name]
	return ok
}

// Reflective reports whether the table calls the function name through
// reflect.Value.Call, for want of a caller for its signature.
func (fs *Funcs) Reflective(name string) bool {
	f := fs.m[name]
	return f != nil && f.call == nil && f.strCall == nil && f.str == nil
}

// newFunction makes the table entry for fn, with a caller for the
// signatures it knows.
func newFunction(name string, fn any) (*function, error) {
	var call func([]reflect.Value) (reflect.Value, error)
	var strCall func([]reflect.Value) (string, error)
	var strType reflect.Type
	var typed func(reflect.Value) (string, bool)
	var keeps reflect.Type
	var to Writer
	switch f := fn.(type) {
	case Func:
		fn, call, strCall, strType, to = f.fn, f.call, f.str, f.strType, f.to
	case Escaper:
		fn, typed, keeps = f.F, f.Typed, f.Keeps
	}
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return nil, fmt.Errorf("value for %s not a function", name)
	}
	sg := newSig(name, v.Type())
	if sg.err != nil {
		return nil, sg.err
	}
	f := &function{name: name, v: v, sig: sg, call: call, strCall: strCall, strType: strType, typed: typed, keeps: keeps}
	if to.call != nil {
		if err := checkWriter(name, v.Type(), strType, reflect.TypeOf(to.fn)); err != nil {
			return nil, err
		}
		f.to = to.call
	}
	if f.call != nil {
		return f, nil
	}
	switch fn := fn.(type) {
	case func(...any) string:
		f.str = fn
	case func(string, ...any) string:
		f.strCall = func(a []reflect.Value) (string, error) {
			args := make([]any, len(a)-1)
			for i := range args {
				args[i] = a[i+1].Interface()
			}
			return fn(a[0].String(), args...), nil
		}
	case func(...any) (map[string]any, error):
		f.call = func(a []reflect.Value) (reflect.Value, error) {
			args := make([]any, len(a))
			for i := range args {
				args[i] = a[i].Interface()
			}
			m, err := fn(args...)
			return reflect.ValueOf(m), err
		}
	case func() int:
		f.call = func([]reflect.Value) (reflect.Value, error) { return reflect.ValueOf(fn()), nil }
	case func(int) int:
		f.call = func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(fn(int(a[0].Int()))), nil }
	case func(int, int) int:
		f.call = func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(fn(int(a[0].Int()), int(a[1].Int()))), nil
		}
	case func(int) []int:
		f.call = func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(fn(int(a[0].Int()))), nil }
	case func(string) string:
		f.strCall = func(a []reflect.Value) (string, error) { return fn(a[0].String()), nil }
	case func(string) (string, error):
		f.strCall = func(a []reflect.Value) (string, error) { return fn(a[0].String()) }
	case func(string) bool:
		f.call = func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(fn(a[0].String())), nil }
	case func([]string, string) string:
		f.strCall = func(a []reflect.Value) (string, error) { return fn(arg[[]string](a[0]), a[1].String()), nil }
	case func([]string, string) bool:
		f.call = func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(fn(arg[[]string](a[0]), a[1].String())), nil
		}
	case func(int, string, string) string:
		f.strCall = func(a []reflect.Value) (string, error) { return fn(int(a[0].Int()), a[1].String(), a[2].String()), nil }
	}
	if f.strCall != nil {
		f.strType = stringType
	}
	return f, nil
}

// checkWriter checks that a function called name, of type ft, whose
// results are kept as strings of type strType (nil if they are not), may
// have a writer variant of type wt (see Func.WithWriter).
func checkWriter(name string, ft, strType, wt reflect.Type) error {
	if strType == nil {
		return fmt.Errorf("function %s has a writer variant but returns %s, not a string type without methods", name, ft.Out(0))
	}
	ok := wt.NumIn() == ft.NumIn()+1 && wt.In(0) == ioWriterType && wt.IsVariadic() == ft.IsVariadic() &&
		wt.NumOut() == 1 && wt.Out(0) == errorType
	for i := 0; ok && i < ft.NumIn(); i++ {
		ok = wt.In(i+1) == ft.In(i)
	}
	if !ok {
		return fmt.Errorf("writer variant of function %s is a %s, not a func(io.Writer, …) error of the parameters of %s", name, wt, ft)
	}
	return nil
}

var ioWriterType = reflect.TypeFor[io.Writer]()

// arg returns the argument a, checked already to be assignable to A, as
// an A.
func arg[A any](a reflect.Value) A {
	x, _ := reflect.TypeAssert[A](a)
	return x
}

// result returns r as reflect.Value.Call would: of type R even if R is an
// interface type.
func result[R any](r R) reflect.Value {
	if reflect.TypeFor[R]().Kind() == reflect.Interface {
		return reflect.ValueOf(&r).Elem()
	}
	return reflect.ValueOf(r)
}

// strResultType returns t if results of type t can be kept in an
// execution's arena of strings (see state.strValue), nil if not: t must be
// of string kind, and neither t nor *t may have methods, so that no one
// can tell the addressable value in the arena from the value
// reflect.Value.Call returns (text/template looks for the methods of *t
// on addressable values).
func strResultType(t reflect.Type) reflect.Type {
	if t.Kind() != reflect.String || t.NumMethod() > 0 || reflect.PointerTo(t).NumMethod() > 0 {
		return nil
	}
	return t
}

// caller returns the Func of fn, which call calls: a Func whose results
// are kept in the arena of strings if R allows it.
func caller[R any](fn any, call func(a []reflect.Value) (R, error)) Func {
	f := Func{fn: fn, call: func(a []reflect.Value) (reflect.Value, error) {
		r, err := call(a)
		return result(r), err
	}}
	if t := strResultType(reflect.TypeFor[R]()); t != nil {
		f.strType = t
		f.str = func(a []reflect.Value) (string, error) {
			r, err := call(a)
			return *(*string)(unsafe.Pointer(&r)), err // R's underlying type is string
		}
	}
	return f
}

// F1 returns f with a caller that does not use reflect.
func F1[A, R any](f func(A) R) Func {
	return caller(f, func(a []reflect.Value) (R, error) {
		return f(arg[A](a[0])), nil
	})
}

// F1E returns f with a caller that does not use reflect.
func F1E[A, R any](f func(A) (R, error)) Func {
	return caller(f, func(a []reflect.Value) (R, error) {
		return f(arg[A](a[0]))
	})
}

// F2 returns f with a caller that does not use reflect.
func F2[A, B, R any](f func(A, B) R) Func {
	return caller(f, func(a []reflect.Value) (R, error) {
		return f(arg[A](a[0]), arg[B](a[1])), nil
	})
}

// F2E returns f with a caller that does not use reflect.
func F2E[A, B, R any](f func(A, B) (R, error)) Func {
	return caller(f, func(a []reflect.Value) (R, error) {
		return f(arg[A](a[0]), arg[B](a[1]))
	})
}

// F4 returns f with a caller that does not use reflect.
func F4[A, B, C, D, R any](f func(A, B, C, D) R) Func {
	return caller(f, func(a []reflect.Value) (R, error) {
		return f(arg[A](a[0]), arg[B](a[1]), arg[C](a[2]), arg[D](a[3])), nil
	})
}

// F1VE returns f with a caller that does not use reflect.
func F1VE[A, V, R any](f func(A, ...V) (R, error)) Func {
	return caller(f, func(a []reflect.Value) (R, error) {
		return f(arg[A](a[0]), variadic[V](a[1:])...)
	})
}

// variadic returns the arguments a, checked already to be assignable to
// V, as a []V; nil if there are none.
func variadic[V any](a []reflect.Value) []V {
	if len(a) == 0 {
		return nil
	}
	vs := make([]V, len(a))
	for i := range vs {
		vs[i] = arg[V](a[i])
	}
	return vs
}

// W1 returns f, the writer variant of a func(A) R, as a Writer.
func W1[A any](f func(io.Writer, A) error) Writer {
	return Writer{fn: f, call: func(w io.Writer, a []reflect.Value) error {
		return f(w, arg[A](a[0]))
	}}
}

// W2 returns f, the writer variant of a func(A, B) R, as a Writer.
func W2[A, B any](f func(io.Writer, A, B) error) Writer {
	return Writer{fn: f, call: func(w io.Writer, a []reflect.Value) error {
		return f(w, arg[A](a[0]), arg[B](a[1]))
	}}
}

// W1VE returns f, the writer variant of a func(A, ...V) (R, error), as a
// Writer.
func W1VE[A, V any](f func(io.Writer, A, ...V) error) Writer {
	return Writer{fn: f, call: func(w io.Writer, a []reflect.Value) error {
		return f(w, arg[A](a[0]), variadic[V](a[1:])...)
	}}
}

// builtins returns the functions of text/template that every table has.
func builtins() map[string]any {
	return map[string]any{
		"and":      and,
		"call":     emptyCall,
		"html":     texttemplate.HTMLEscaper,
		"index":    index,
		"slice":    slice,
		"js":       texttemplate.JSEscaper,
		"len":      length,
		"not":      not,
		"or":       or,
		"print":    fmt.Sprint,
		"printf":   fmt.Sprintf,
		"println":  fmt.Sprintln,
		"urlquery": texttemplate.URLQueryEscaper,

		// Comparisons
		"eq": eq, // ==
		"ge": ge, // >=
		"gt": gt, // >
		"le": le, // <=
		"lt": lt, // <
		"ne": ne, // !=
	}
}

// sig is what a call needs to know of the type of a function or method,
// found once rather than asked of reflect at each call.
type sig struct {
	typ      reflect.Type
	numIn    int
	variadic bool
	in       []reflect.Type // parameter types; for a variadic one, the element type last
	err      error          // goodFunc's
}

// newSig returns the sig of typ, a function type, whose function is
// called name.
func newSig(name string, typ reflect.Type) sig {
	sg := sig{typ: typ, numIn: typ.NumIn(), variadic: typ.IsVariadic(), err: goodFunc(name, typ)}
	sg.in = make([]reflect.Type, sg.numIn)
	for i := range sg.in {
		t := typ.In(i)
		if sg.variadic && i == sg.numIn-1 {
			t = t.Elem()
		}
		sg.in[i] = t
	}
	return sg
}

// goodFunc reports whether the function or method has the right result signature.
func goodFunc(name string, typ reflect.Type) error {
	// We allow functions with 1 result or 2 results where the second is an error.
	switch numOut := typ.NumOut(); {
	case numOut == 1:
		return nil
	case numOut == 2 && typ.Out(1) == errorType:
		return nil
	case numOut == 2:
		return fmt.Errorf("invalid function signature for %s: second return value should be error; is %s", name, typ.Out(1))
	default:
		return fmt.Errorf("function %s has %d return values; should be 1 or 2", name, typ.NumOut())
	}
}

// goodName reports whether the function name is a valid identifier.
func goodName(name string) bool {
	if name == "" {
		return false
	}
	for i, r := range name {
		switch {
		case r == '_':
		case i == 0 && !unicode.IsLetter(r):
			return false
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			return false
		}
	}
	return true
}

// prepareArg checks if value can be used as an argument of type argType, and
// converts an invalid value to appropriate zero if possible.
func prepareArg(value reflect.Value, argType reflect.Type) (reflect.Value, error) {
	if !value.IsValid() {
		if !canBeNil(argType) {
			return reflect.Value{}, fmt.Errorf("value is nil; should be of type %s", argType)
		}
		value = reflect.Zero(argType)
	}
	if value.Type().AssignableTo(argType) {
		return value, nil
	}
	if intLike(value.Kind()) && intLike(argType.Kind()) && value.Type().ConvertibleTo(argType) {
		value = value.Convert(argType)
		return value, nil
	}
	return reflect.Value{}, fmt.Errorf("value has type %s; should be %s", value.Type(), argType)
}

func intLike(typ reflect.Kind) bool {
	switch typ {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// indexArg checks if a reflect.Value can be used as an index, and converts it to int if possible.
func indexArg(index reflect.Value, cap int) (int, error) {
	var x int64
	switch index.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x = index.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x = int64(index.Uint())
	case reflect.Invalid:
		return 0, fmt.Errorf("cannot index slice/array with nil")
	default:
		return 0, fmt.Errorf("cannot index slice/array with type %s", index.Type())
	}
	if x < 0 || int(x) < 0 || int(x) > cap {
		return 0, fmt.Errorf("index out of range: %d", x)
	}
	return int(x), nil
}

// Indexing.

// index returns the result of indexing its first argument by the following
// arguments. Thus "index x 1 2 3" is, in Go syntax, x[1][2][3]. Each
// indexed item must be a map, slice, or array.
func index(item reflect.Value, indexes ...reflect.Value) (reflect.Value, error) {
	item = indirectInterface(item)
	if !item.IsValid() {
		return reflect.Value{}, fmt.Errorf("index of untyped nil")
	}
	for _, index := range indexes {
		index = indirectInterface(index)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			return reflect.Value{}, fmt.Errorf("index of nil pointer")
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			x, err := indexArg(index, item.Len())
			if err != nil {
				return reflect.Value{}, err
			}
			item = item.Index(x)
		case reflect.Map:
			index, err := prepareArg(index, item.Type().Key())
			if err != nil {
				return reflect.Value{}, err
			}
			if x := item.MapIndex(index); x.IsValid() {
				item = x
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		case reflect.Invalid:
			// the loop holds invariant: item.IsValid()
			panic("unreachable")
		default:
			return reflect.Value{}, fmt.Errorf("can't index item of type %s", item.Type())
		}
	}
	return item, nil
}

// Slicing.

// slice returns the result of slicing its first argument by the remaining
// arguments. Thus "slice x 1 2" is, in Go syntax, x[1:2], while "slice x"
// is x[:], "slice x 1" is x[1:], and "slice x 1 2 3" is x[1:2:3]. The first
// argument must be a string, slice, or array.
func slice(item reflect.Value, indexes ...reflect.Value) (reflect.Value, error) {
	item = indirectInterface(item)
	if !item.IsValid() {
		return reflect.Value{}, fmt.Errorf("slice of untyped nil")
	}
	var isNil bool
	if item, isNil = indirect(item); isNil {
		return reflect.Value{}, fmt.Errorf("slice of nil pointer")
	}
	if len(indexes) > 3 {
		return reflect.Value{}, fmt.Errorf("too many slice indexes: %d", len(indexes))
	}
	var cap int
	switch item.Kind() {
	case reflect.String:
		if len(indexes) == 3 {
			return reflect.Value{}, fmt.Errorf("cannot 3-index slice a string")
		}
		cap = item.Len()
	case reflect.Array, reflect.Slice:
		cap = item.Cap()
	default:
		return reflect.Value{}, fmt.Errorf("can't slice item of type %s", item.Type())
	}
	// set default values for cases item[:], item[i:].
	idx := [3]int{0, item.Len()}
	for i, index := range indexes {
		x, err := indexArg(index, cap)
		if err != nil {
			return reflect.Value{}, err
		}
		idx[i] = x
	}
	// given item[i:j], make sure i <= j.
	if idx[0] > idx[1] {
		return reflect.Value{}, fmt.Errorf("invalid slice index: %d > %d", idx[0], idx[1])
	}
	if len(indexes) < 3 {
		return item.Slice(idx[0], idx[1]), nil
	}
	// given item[i:j:k], make sure i <= j <= k.
	if idx[1] > idx[2] {
		return reflect.Value{}, fmt.Errorf("invalid slice index: %d > %d", idx[1], idx[2])
	}
	return item.Slice3(idx[0], idx[1], idx[2]), nil
}

// Length

// length returns the length of the item, with an error if it has no defined length.
func length(item reflect.Value) (int, error) {
	item, isNil := indirect(item)
	if isNil {
		return 0, fmt.Errorf("len of nil pointer")
	}
	switch item.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return item.Len(), nil
	}
	return 0, fmt.Errorf("len of type %s", item.Type())
}

// Function invocation

func emptyCall(fn reflect.Value, args ...reflect.Value) reflect.Value {
	panic("unreachable") // implemented as a special case in evalCall
}

// call returns the result of evaluating the first argument as a function.
// The function must return 1 result, or 2 results, the second of which is an error.
func call(name string, fn reflect.Value, args ...reflect.Value) (reflect.Value, error) {
	fn = indirectInterface(fn)
	if !fn.IsValid() {
		return reflect.Value{}, fmt.Errorf("call of nil")
	}
	typ := fn.Type()
	if typ.Kind() != reflect.Func {
		return reflect.Value{}, fmt.Errorf("non-function %s of type %s", name, typ)
	}

	if err := goodFunc(name, typ); err != nil {
		return reflect.Value{}, err
	}
	numIn := typ.NumIn()
	var dddType reflect.Type
	if typ.IsVariadic() {
		if len(args) < numIn-1 {
			return reflect.Value{}, fmt.Errorf("wrong number of args for %s: got %d want at least %d", name, len(args), numIn-1)
		}
		dddType = typ.In(numIn - 1).Elem()
	} else {
		if len(args) != numIn {
			return reflect.Value{}, fmt.Errorf("wrong number of args for %s: got %d want %d", name, len(args), numIn)
		}
	}
	argv := make([]reflect.Value, len(args))
	for i, arg := range args {
		arg = indirectInterface(arg)
		// Compute the expected type. Clumsy because of variadics.
		argType := dddType
		if !typ.IsVariadic() || i < numIn-1 {
			argType = typ.In(i)
		}

		var err error
		if argv[i], err = prepareArg(arg, argType); err != nil {
			return reflect.Value{}, fmt.Errorf("arg %d: %w", i, err)
		}
	}
	return safeCall(fn, argv)
}

// safeCall runs fun.Call(args), and returns the resulting value and error, if
// any. If the call panics, the panic value is returned as an error.
func safeCall(fun reflect.Value, args []reflect.Value) (val reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	ret := fun.Call(args)
	if len(ret) == 2 && !ret[1].IsNil() {
		return ret[0], ret[1].Interface().(error)
	}
	return ret[0], nil
}

// Boolean logic.

func truth(arg reflect.Value) bool {
	t, _ := isTrue(indirectInterface(arg))
	return t
}

// and computes the Boolean AND of its arguments, returning
// the first false argument it encounters, or the last argument.
func and(arg0 reflect.Value, args ...reflect.Value) reflect.Value {
	panic("unreachable") // implemented as a special case in evalCall
}

// or computes the Boolean OR of its arguments, returning
// the first true argument it encounters, or the last argument.
func or(arg0 reflect.Value, args ...reflect.Value) reflect.Value {
	panic("unreachable") // implemented as a special case in evalCall
}

// not returns the Boolean negation of its argument.
func not(arg reflect.Value) bool {
	return !truth(arg)
}

// Comparison.

// TODO: Perhaps allow comparison between signed and unsigned integers.

var (
	errBadComparisonType = errors.New("invalid type for comparison")
	errNoComparison      = errors.New("missing argument for comparison")
)

type kind int

const (
	invalidKind kind = iota
	boolKind
	complexKind
	intKind
	floatKind
	stringKind
	uintKind
)

func basicKind(v reflect.Value) (kind, error) {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind, nil
	case reflect.Float32, reflect.Float64:
		return floatKind, nil
	case reflect.Complex64, reflect.Complex128:
		return complexKind, nil
	case reflect.String:
		return stringKind, nil
	}
	return invalidKind, errBadComparisonType
}

// isNil returns true if v is the zero reflect.Value, or nil of its type.
func isNil(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return v.IsNil()
	}
	return false
}

// canCompare reports whether v1 and v2 are both the same kind, or one is nil.
// Called only when dealing with nillable types, or there's about to be an error.
func canCompare(v1, v2 reflect.Value) bool {
	k1 := v1.Kind()
	k2 := v2.Kind()
	if k1 == k2 {
		return true
	}
	// We know the type can be compared to nil.
	return k1 == reflect.Invalid || k2 == reflect.Invalid
}

// eq evaluates the comparison a == b || a == c || ...
func eq(arg1 reflect.Value, arg2 ...reflect.Value) (bool, error) {
	arg1 = indirectInterface(arg1)
	if len(arg2) == 0 {
		return false, errNoComparison
	}
	k1, _ := basicKind(arg1)
	for _, arg := range arg2 {
		arg = indirectInterface(arg)
		k2, _ := basicKind(arg)
		truth := false
		if k1 != k2 {
			// Special case: Can compare integer values regardless of type's sign.
			switch {
			case k1 == intKind && k2 == uintKind:
				truth = arg1.Int() >= 0 && uint64(arg1.Int()) == arg.Uint()
			case k1 == uintKind && k2 == intKind:
				truth = arg.Int() >= 0 && arg1.Uint() == uint64(arg.Int())
			default:
				if arg1.IsValid() && arg.IsValid() {
					return false, fmt.Errorf("incompatible types for comparison: %v and %v", arg1.Type(), arg.Type())
				}
			}
		} else {
			switch k1 {
			case boolKind:
				truth = arg1.Bool() == arg.Bool()
			case complexKind:
				truth = arg1.Complex() == arg.Complex()
			case floatKind:
				truth = arg1.Float() == arg.Float()
			case intKind:
				truth = arg1.Int() == arg.Int()
			case stringKind:
				truth = arg1.String() == arg.String()
			case uintKind:
				truth = arg1.Uint() == arg.Uint()
			default:
				if !canCompare(arg1, arg) {
					return false, fmt.Errorf("non-comparable types %s: %v, %s: %v", arg1, arg1.Type(), arg.Type(), arg)
				}
				if isNil(arg1) || isNil(arg) {
					truth = isNil(arg) == isNil(arg1)
				} else {
					if !arg.Type().Comparable() {
						return false, fmt.Errorf("non-comparable type %s: %v", arg, arg.Type())
					}
					truth = arg1.Interface() == arg.Interface()
				}
			}
		}
		if truth {
			return true, nil
		}
	}
	return false, nil
}

// ne evaluates the comparison a != b.
func ne(arg1, arg2 reflect.Value) (bool, error) {
	// != is the inverse of ==.
	equal, err := eq(arg1, arg2)
	return !equal, err
}

// lt evaluates the comparison a < b.
func lt(arg1, arg2 reflect.Value) (bool, error) {
	arg1 = indirectInterface(arg1)
	k1, err := basicKind(arg1)
	if err != nil {
		return false, err
	}
	arg2 = indirectInterface(arg2)
	k2, err := basicKind(arg2)
	if err != nil {
		return false, err
	}
	truth := false
	if k1 != k2 {
		// Special case: Can compare integer values regardless of type's sign.
		switch {
		case k1 == intKind && k2 == uintKind:
			truth = arg1.Int() < 0 || uint64(arg1.Int()) < arg2.Uint()
		case k1 == uintKind && k2 == intKind:
			truth = arg2.Int() >= 0 && arg1.Uint() < uint64(arg2.Int())
		default:
			return false, fmt.Errorf("incompatible types for comparison: %v and %v", arg1.Type(), arg2.Type())
		}
	} else {
		switch k1 {
		case boolKind, complexKind:
			return false, errBadComparisonType
		case floatKind:
			truth = arg1.Float() < arg2.Float()
		case intKind:
			truth = arg1.Int() < arg2.Int()
		case stringKind:
			truth = arg1.String() < arg2.String()
		case uintKind:
			truth = arg1.Uint() < arg2.Uint()
		default:
			panic("invalid kind")
		}
	}
	return truth, nil
}

// le evaluates the comparison <= b.
func le(arg1, arg2 reflect.Value) (bool, error) {
	// <= is < or ==.
	lessThan, err := lt(arg1, arg2)
	if lessThan || err != nil {
		return lessThan, err
	}
	return eq(arg1, arg2)
}

// gt evaluates the comparison a > b.
func gt(arg1, arg2 reflect.Value) (bool, error) {
	// > is the inverse of <=.
	lessOrEqual, err := le(arg1, arg2)
	if err != nil {
		return false, err
	}
	return !lessOrEqual, nil
}

// ge evaluates the comparison a >= b.
func ge(arg1, arg2 reflect.Value) (bool, error) {
	// >= is the inverse of <.
	lessThan, err := lt(arg1, arg2)
	if err != nil {
		return false, err
	}
	return !lessThan, nil
}
