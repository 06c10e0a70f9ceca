package texec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	texttemplate "text/template"
	"text/template/parse"
)

// T is the data of the test templates.
type T struct {
	I      int
	U      uint
	F      float64
	S      string
	B      bool
	Empty  string
	SI     []int
	SS     []string
	Nil    []int
	MSI    map[string]int
	MIS    map[int]string
	MAny   map[string]any
	Ptr    *Inner
	NilPtr *Inner
	Iface  any
	NilIf  any
	Err    error
	Fn     func(string) string
	Ch     chan int
	V      reflect.Value
	Arr    [3]int
	Inner
	unexp int
}

type Inner struct {
	X     int
	Title string
}

func (t T) Method0() string            { return "m0" }
func (t T) Method1(a int) int          { return a * 2 }
func (t T) Method2(a, b string) string { return a + "/" + b }
func (t T) MethodErr(fail bool) (string, error) {
	if fail {
		return "", errors.New("it failed")
	}
	return "ok", nil
}
func (t *T) PtrMethod() string    { return "ptr" }
func (t T) Variadic(a ...int) int { return len(a) }
func (t T) TwoInts() (int, int)   { return 1, 2 }
func (t T) NoResult()             {}
func (in *Inner) Hello() string {
	if in == nil {
		return "nil inner"
	}
	return "hello " + in.Title
}
func (t T) GetPtr() *Inner         { return t.Ptr }
func (t T) Panics() string         { panic("boom") }
func (t T) Stringer() fmt.Stringer { return stringer("s!") }

type stringer string

func (s stringer) String() string { return "<" + string(s) + ">" }

func testData() *T {
	ch := make(chan int, 3)
	ch <- 1
	ch <- 2
	close(ch)
	return &T{
		I: 17, U: 3, F: 1.5, S: "x<y>&", B: true,
		SI:    []int{3, 4, 5},
		SS:    []string{"a", "b"},
		MSI:   map[string]int{"one": 1, "two": 2, "three": 3},
		MIS:   map[int]string{2: "b", 1: "a"},
		MAny:  map[string]any{"k": "v", "n": 3, "p": &Inner{X: 9}},
		Ptr:   &Inner{X: 5, Title: "in"},
		Iface: &Inner{X: 6, Title: "iface"},
		Err:   errors.New("an error"),
		Fn:    strings.ToUpper,
		Ch:    ch,
		V:     reflect.ValueOf(42),
		Arr:   [3]int{7, 8, 9},
		Inner: Inner{X: 1, Title: "embedded"},
	}
}

func testFuncs() map[string]any {
	return map[string]any{
		"upper":    strings.ToUpper,
		"join":     strings.Join,
		"add":      func(a, b int) int { return a + b },
		"fail":     func(s string) (string, error) { return "", errors.New("failed: " + s) },
		"tryit":    func(s string) (string, error) { return "tried " + s, nil },
		"esc":      texttemplate.HTMLEscaper,
		"any1":     func(a any) string { return fmt.Sprintf("%T %v", a, a) },
		"ptrfn":    func(p *Inner) string { return fmt.Sprint(p == nil) },
		"rv":       func(v reflect.Value) reflect.Value { return v },
		"errf":     func() error { return errors.New("e") },
		"mkmap":    func() map[string]any { return map[string]any{"a": 1} },
		"ifaceOut": func() fmt.Stringer { return stringer("q") },
		"panicky":  func() string { panic("oh no") },
		"seq":      func(n int) []int { s := make([]int, n); return s },
		"fast1":    F1(func(p *Inner) string { return "f1 " + fmt.Sprint(p) }),
		"fast2":    F2(func(a int, b string) string { return fmt.Sprint(a, b) }),
		"fast1e":   F1E(func(s string) (any, error) { return s + "!", nil }),
		"fast2e":   F2E(func(s string, x any) (fmt.Stringer, error) { return stringer(s), nil }),
		"fastv":    F1VE(func(s string, xs ...any) (string, error) { return fmt.Sprint(s, xs), nil }),
		"fast4":    F4(func(a, b, c, d int) int { return a + b + c + d }),
		"plural":   func(n int, one, many string) string { return fmt.Sprint(n, one, many) },
		"dict":     func(kv ...any) (map[string]any, error) { return map[string]any{"n": len(kv)}, nil },
		// Escaper with a typed path, and results kept in the arena of
		// strings (or not: types with methods).
		"tesc":     Escaper{F: describe, Typed: describeTyped},
		"named":    F1(func(s string) named { return named(s) }),
		"namedE":   F1E(func(s string) (named, error) { return named(s + "!"), nil }),
		"ptrStr":   F1(func(s string) ptrStringer { return ptrStringer(s) }),
		"valStr":   F1(func(s string) stringer { return stringer(s) }),
		"settable": func(v reflect.Value) string { return fmt.Sprint(v.Kind(), v.CanAddr(), v.CanSet()) },
		"deref":    func(p *string) string { return "*" + *p },
		"fderef":   F1(func(p *string) string { return "*" + *p }),
		"fnamed":   F1(func(n named) string { return "n:" + string(n) }),
		"fany":     F1(func(a any) string { return fmt.Sprintf("%T:%v", a, a) }),
		"failS":    F1E(func(s string) (string, error) { return "partial", errors.New("failS " + s) }),
		"panicS":   F1(func(s string) string { panic("panicS " + s) }),
		// Functions with writer variants, and an escaper that keeps their
		// results (see writerTests).
		"wnamed": F1E(wnamed).WithWriter(W1(func(w io.Writer, s string) error { return writeAll(w, wnamed, s) })),
		"wvar": F1VE(wvar).WithWriter(W1VE(func(w io.Writer, s string, xs ...any) error {
			return writeAll(w, func(s string) (named, error) { return wvar(s, xs...) }, s)
		})),
		"wfail": F1E(wfail).WithWriter(W1(func(w io.Writer, s string) error { return writeAll(w, wfail, s) })),
		"wpanic": F1(func(s string) named { panic("wpanic " + s) }).WithWriter(W1(func(w io.Writer, s string) error {
			io.WriteString(w, "before the panic")
			panic("wpanic " + s)
		})),
		"keep": Escaper{F: keep, Keeps: reflect.TypeFor[named]()},
	}
}

// wnamed, wvar and wfail are functions with writer variants for the tests.
func wnamed(s string) (named, error) { return named("<w>" + s + "</w>"), nil }

func wvar(s string, xs ...any) (named, error) {
	return named(fmt.Sprintf("<v>%s%v</v>", s, xs)), nil
}

func wfail(s string) (named, error) { return "<f>partial", errors.New("wfail " + s) }

// writeAll is the writer variant of f: it writes f's result to w in
// pieces of 3 bytes, by Write and WriteString in turn, then returns f's
// error.
func writeAll(w io.Writer, f func(string) (named, error), s string) error {
	r, err := f(s)
	for i := 0; i < len(r); i += 3 {
		piece := string(r[i:min(i+3, len(r))])
		var werr error
		if i%2 == 0 {
			_, werr = io.WriteString(w, piece)
		} else {
			_, werr = w.Write([]byte(piece))
		}
		if werr != nil {
			return werr
		}
	}
	return err
}

// keep is an escaper that returns a named string given alone unchanged, and
// describes any other arguments.
func keep(args ...any) string {
	if len(args) == 1 {
		if n, ok := args[0].(named); ok {
			return string(n)
		}
	}
	return "keep(" + describe(args...) + ")"
}

// named is a string type without methods: results of it are kept in the
// arena of strings.
type named string

// ptrStringer has a String method on its pointer: results of it are boxed,
// as text/template would not find the method on an unaddressable result.
type ptrStringer string

func (p *ptrStringer) String() string { return "ptr(" + string(*p) + ")" }

// describe is an escaper-like function for the tests: what it is given.
func describe(args ...any) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d:", len(args))
	for _, a := range args {
		fmt.Fprintf(&b, "%T(%v)", a, a)
	}
	return b.String()
}

// describeTyped is describe for one argument of a type without methods
// of string kind, or int.
func describeTyped(v reflect.Value) (string, bool) {
	t := v.Type()
	if t.NumMethod() > 0 {
		return "", false
	}
	switch {
	case v.Kind() == reflect.String:
		return "1:" + t.String() + "(" + v.String() + ")", true
	case t == reflect.TypeFor[int]():
		return "1:int(" + strconv.Itoa(int(v.Int())) + ")", true
	}
	return "", false
}

var execTests = []struct {
	name, src string
}{
	{"text", "hello"},
	{"dot", "{{.Inner}} {{.SI}} {{with .Ptr}}{{.}}{{end}}"},
	{"fields", "{{.I}} {{.U}} {{.F}} {{.S}} {{.B}} {{.Empty}} {{.SI}} {{.Nil}} {{.Arr}}"},
	{"embedded", "{{.X}} {{.Title}} {{.Inner.X}}"},
	{"ptr field", "{{.Ptr.X}} {{.Ptr.Title}} {{.Ptr}}"},
	{"nil ptr field", "{{.NilPtr.X}}"},
	{"nil ptr print", "{{.NilPtr}}"},
	{"nil ptr method", "{{.NilPtr.Hello}}"},
	{"missing field", "{{.Nope}}"},
	{"missing field of ptr", "{{.Ptr.Nope}}"},
	{"unexported", "{{.unexp}}"},
	{"map key", "{{.MSI.one}} {{.MSI.none}} {{.MAny.k}} {{.MAny.p.X}} {{.MAny.none}}"},
	{"map missing chain", "{{.MAny.none.X}}"},
	{"map args", "{{.MSI.one 3}}"},
	{"field args", "{{.I 3}}"},
	{"iface", "{{.Iface.X}} {{.NilIf}} {{.Iface.Hello}}"},
	{"nil iface field", "{{.NilIf.X}}"},
	{"methods", "{{.Method0}} {{.Method1 3}} {{.Method2 `a` `b`}} {{.PtrMethod}} {{.Variadic 1 2 3}} {{.Variadic}}"},
	{"method err ok", "{{.MethodErr false}}"},
	{"method err", "{{.MethodErr true}}"},
	{"method wrong args", "{{.Method1}}"},
	{"method wrong type", "{{.Method1 `x`}}"},
	{"method panics", "{{.Panics}}"},
	{"method bad results", "{{.TwoInts}}"},
	{"method bad results args", "{{.TwoInts 1}}"},
	{"method no result", "{{.NoResult}}"},
	{"method variadic pipe", "{{3 | .Variadic 1 2}} {{1 | .Variadic}} {{.Method2 `a` | .Method2 `b`}}"},
	{"value method on nil pointer", "{{.NilPtr.Value}}"},
	{"value method", "{{.Ptr.Value}} {{.Inner.Value}} {{.Value}}"},
	{"method of slice type", "{{.Strs.Joined `+`}} {{(.Strs).Joined `-`}}"},
	{"method of iface", "{{.Iface.Value}} {{.Stringer.String}}"},
	{"method value result", "{{with .GetPtr}}{{.Value}}{{end}}"},
	{"method chain", "{{.GetPtr.Title}} {{(.GetPtr).X}}"},
	{"stringer", "{{.Stringer}} {{.Err}}"},
	{"func field", "{{call .Fn `abc`}}"},
	{"call non-func", "{{call .I}}"},
	{"call nil", "{{call .NilIf}}"},
	{"if", "{{if .B}}yes{{else}}no{{end}} {{if .Empty}}yes{{else}}no{{end}}"},
	{"else if", "{{if eq .I 1}}one{{else if eq .I 17}}seventeen{{else}}other{{end}}"},
	{"with", "{{with .Ptr}}{{.Title}}{{end}} {{with .NilPtr}}x{{else}}none{{end}}"},
	{"with else with", "{{with .Empty}}a{{else with .S}}{{.}}{{end}}"},
	{"if chan", "{{if .Ch}}chan{{end}}"},
	{"if func", "{{if .Fn}}fn{{end}}"},
	{"range slice", "{{range .SI}}[{{.}}]{{end}}"},
	{"range slice vars", "{{range $i, $v := .SI}}{{$i}}={{$v}};{{end}}"},
	{"range one var", "{{range $v := .SS}}{{$v}}{{end}}"},
	{"range empty else", "{{range .Nil}}x{{else}}empty{{end}}"},
	{"range map", "{{range $k, $v := .MSI}}{{$k}}:{{$v}} {{end}}"},
	{"range map int keys", "{{range $k, $v := .MIS}}{{$k}}:{{$v}} {{end}}"},
	{"range int", "{{range 4}}{{.}}{{end}}"},
	{"range int two vars", "{{range $i, $e := 4}}{{.}}{{end}}"},
	{"range array", "{{range .Arr}}{{.}}{{end}}"},
	{"range chan", "{{range .Ch}}<{{.}}>{{end}}"},
	{"range string", "{{range .S}}{{.}}{{end}}"},
	{"range break", "{{range .SI}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}"},
	{"range continue", "{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}"},
	{"range assign", "{{$x := 0}}{{range $x = .SI}}{{end}}{{$x}}"},
	{"range assign two", "{{$i := 0}}{{$v := 0}}{{range $i, $v = .SI}}{{end}}{{$i}} {{$v}}"},
	{"vars", "{{$x := .I}}{{$x}} {{$x = 5}}{{$x}} {{$.Inner}}"},
	{"var scope", "{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}"},
	{"var assign in if", "{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}"},
	{"dollar in range", "{{range .SI}}{{$.I}}{{end}}"},
	{"and or", "{{and 1 0 2}} {{and 1 2}} {{or 0 `` 3}} {{or 0 ``}} {{and .B .S}} {{or .Empty .NilPtr}}"},
	{"and short circuit", "{{and false .NilPtr.X}} {{or true (fail `x`)}}"},
	{"and pipeline", "{{1 | and 2}} {{0 | or 0}}"},
	{"not", "{{not .B}} {{not .Empty}} {{not 0}}"},
	{"eq", "{{eq .I 17}} {{eq .S `a` `x<y>&`}} {{eq .U 3}} {{eq .I .U}} {{ne .I 3}} {{eq .NilPtr nil}}"},
	{"eq mixed", "{{eq .I `x`}}"},
	{"eq no arg", "{{eq .I}}"},
	{"lt", "{{lt .I 20}} {{le 3 3}} {{gt .F 1.0}} {{ge `b` `a`}} {{lt -1 .U}} {{gt .U -1}}"},
	{"lt bad", "{{lt .B true}}"},
	{"lt mixed", "{{lt 1 `a`}}"},
	{"eq struct", "{{eq .Ptr .Ptr}} {{eq .Inner .Inner}}"},
	{"eq non-comparable", "{{eq .SI .SI}}"},
	{"index", "{{index .SI 1}} {{index .MSI `two`}} {{index .MSI `none`}} {{index .MAny `k`}} {{index .Arr 2}}"},
	{"index out of range", "{{index .SI 5}}"},
	{"index nil", "{{index .NilIf 1}}"},
	{"index string", "{{index .S 0}}"},
	{"slice", "{{slice .SI 1}} {{slice .SI 1 2}} {{slice .S 0 1}} {{slice .SI}} {{slice .SI 0 1 2}}"},
	{"slice bad", "{{slice .SI 2 1}}"},
	{"len", "{{len .SI}} {{len .MSI}} {{len .S}} {{len .Nil}}"},
	{"len bad", "{{len .I}}"},
	{"len nil ptr", "{{len .NilPtr}}"},
	{"print", "{{print 1 2 `a` .S nil}} {{println .I}} {{printf `%d-%s` .I .S}} {{printf `%v` .NilPtr}}"},
	{"printf pipe", "{{.I | printf `%03d`}}"},
	{"html js urlquery", "{{html .S}} {{js .S}} {{urlquery .S}} {{.S | html}}"},
	{"funcs", "{{upper .S}} {{join .SS `,`}} {{add 1 2}} {{add .I .I}}"},
	{"func error", "{{fail `x`}}"},
	{"func result", "{{tryit `x`}}"},
	{"func pipeline", "{{.S | upper}} {{`a` | tryit | upper}}"},
	{"func wrong count", "{{add 1}}"},
	{"func wrong type", "{{add 1 `x`}}"},
	{"func nil arg", "{{ptrfn nil}} {{ptrfn .NilPtr}} {{any1 nil}} {{any1 .NilIf}} {{any1 .MAny.none}}"},
	{"func nil to int", "{{add nil 1}}"},
	{"func invalid arg", "{{add .MAny.none 1}}"},
	{"func deref", "{{any1 .Ptr}} {{ptrfn .Ptr}}"},
	{"func reflect value", "{{rv 3}} {{rv .V}} {{rv nil}}"},
	{"func iface result", "{{ifaceOut}} {{errf}} {{mkmap}} {{(mkmap).a}}"},
	{"func panics", "{{panicky}}"},
	{"escaper", "{{esc .S}} {{.S | esc}} {{esc .I .S}} {{esc nil}} {{esc .NilPtr}} {{esc .Ptr}} {{.MAny.none | esc}} {{esc .Stringer}} {{esc .Err}}"},
	{"escaper no args", "{{esc}}"},
	{"fast funcs", "{{fast1 .Ptr}} {{fast1 nil}} {{fast2 3 `x`}} {{fast1e `y`}} {{fast2e `z` nil}} {{fastv `a`}} {{fastv `a` 1 .S}} {{fast4 1 2 3 4}}"},
	{"fast wrong type", "{{fast2 `x` `y`}}"},
	{"fast pipe", "{{`s` | fast1e}} {{.S | fastv `a`}}"},
	{"plural dict", "{{plural 2 `a` `b`}} {{dict 1 2 3}} {{(dict).n}}"},
	{"seq", "{{range seq 3}}x{{end}} {{len (seq 5)}}"},
	{"parens", "{{(add 1 (add 2 3))}} {{(.Ptr).Title}} {{(index .MAny `p`).X}}"},
	{"chain nil", "{{(nil).X}}"},
	{"nil command", "{{nil}}"},
	{"non-function args", "{{.I | .S}}"},
	{"number", "{{1}} {{1.5}} {{0x10}} {{'a'}} {{1e3}} {{1i}}"},
	{"bool string", "{{true}} {{`raw`}} {{\"q\\n\"}}"},
	{"comment", "a{{/* c */}}b {{- /* trim */ -}} c"},
	{"template", `{{define "sub"}}[{{.}}]{{end}}{{template "sub" .I}}{{template "sub"}}{{template "sub" .SI}}`},
	{"template dollar", `{{define "sub"}}{{$}}{{end}}{{template "sub" 5}}{{$.I}}`},
	{"template undefined", `{{template "nope"}}`},
	{"template recursion", `{{define "r"}}{{if .}}{{len .}}{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .SI}}`},
	{"template error inside", `{{define "bad"}}x{{.Nope}}{{end}}{{template "bad" .}}`},
	{"block", `{{block "b" .I}}<{{.}}>{{end}}`},
	{"range template", `{{define "item"}}({{.}}){{end}}{{range .SS}}{{template "item" .}}{{end}}`},
	{"if with error", "{{if .Fn 1}}x{{end}}"},
	{"print func", "{{.Fn}}"},
	{"print chan", "{{.Ch}}"},
	{"range over int field", "{{range .I}}{{end}}ok"},
	{"range bad", "{{range .B}}{{end}}"},
	{"with decl", "{{with $x := .Ptr}}{{$x.Title}}{{end}}"},
	{"if decl", "{{if $x := .I}}{{$x}}{{end}}"},
	{"decl no print", "{{$x := 3}}"},
	{"percent in template name", `{{define "a%d"}}{{.Nope}}{{end}}{{template "a%d" .}}`},
	{"deep chain", "{{.Ptr.Title | printf `%q`}} {{$p := .Ptr}}{{$p.Hello}}"},
	{"whitespace", "a  {{- .I -}}  b"},
	// Escapers with a typed path (tesc) and the arena of strings.
	{"typed escaper", "{{tesc .S}} {{.S | tesc}} {{tesc .Empty}} {{tesc .I}} {{tesc .U}} {{tesc .F}} {{tesc .B}} {{tesc `lit`}} {{tesc 3}}"},
	{"typed escaper iface", "{{tesc .MAny.k}} {{tesc .MAny.n}} {{tesc .MAny.p}} {{tesc .MAny.none}} {{tesc .Iface}} {{tesc .NilIf}} {{tesc nil}} {{tesc .Stringer}} {{tesc .Err}}"},
	{"typed escaper several", "{{tesc .S .I}} {{.S | tesc .I}} {{tesc}} {{tesc .Ptr}} {{tesc .NilPtr}}"},
	{"typed escaper pipeline", "{{.S | tesc | tesc | upper | tesc}} {{upper .S | named | tesc}} {{named `` | tesc}}"},
	{"typed escaper of results", "{{tesc (upper .S)}} {{tesc (named .S)}} {{tesc (namedE .S)}} {{tesc (ptrStr .S)}} {{tesc (valStr .S)}} {{tesc (join .SS `,`)}} {{tesc (plural 1 `a` `b`)}}"},
	{"typed escaper method results", "{{tesc .Method0}} {{tesc (.Method2 `a` `b`)}} {{.Method0 | tesc}} {{tesc .Ptr.Hello}}"},
	{"string results printed", "{{upper .S}} {{named .S}} {{namedE .S}} {{ptrStr .S}} {{valStr .S}} {{fast1 nil}} {{tryit ``}} {{printf `%s|%d` .S .I}}"},
	{"string results as args", "{{fnamed (named `x`)}} {{fnamed (upper `x`)}} {{fany (named `y`)}} {{fany (upper ``)}} {{upper (upper (upper `z`))}} {{len (named `abc`)}}"},
	{"string results builtins", "{{index (upper `abc`) 1}} {{slice (upper `abc`) 1}} {{slice (named `abc`) 0 2}} {{eq (upper `a`) `A`}} {{lt (named `a`) (named `b`)}} {{and (upper `a`) (upper ``)}} {{or (upper ``) (named `n`)}} {{not (upper ``)}}"},
	{"string results call", "{{call .Fn (upper `x`)}} {{call .Fn (named `x`)}}"},
	{"string results reflect value", "{{settable (upper `x`)}} {{settable (named `x`)}} {{settable .S}} {{settable (.S)}} {{rv (upper `x`)}} {{settable (rv (upper `y`))}}"},
	{"string result address", "{{deref (upper `x`)}}"},
	{"string result address fast", "{{fderef (upper `x`)}}"},
	{"string result address named", "{{deref (named `x`)}}"},
	{"field address", "{{deref .S}} {{fderef .S}}"},
	{"string result field", "{{(upper `x`).Foo}}"},
	{"string result method", "{{(upper `x`).String}}"},
	{"named result field", "{{(named `x`).Foo}}"},
	{"ptr stringer result method", "{{(ptrStr `x`).String}}"},
	{"string results if with range", "{{if upper ``}}a{{else}}b{{end}} {{with named `w`}}[{{.}}|{{tesc .}}|{{len .}}]{{end}} {{with upper ``}}x{{else}}empty{{end}} {{range upper `ab`}}{{.}}{{end}}"},
	{"string results vars", "{{$a := upper `a`}}{{$b := named `b`}}{{range .SI}}{{$c := upper `c`}}{{$a = printf `%s%d` $a .}}{{$c}}{{end}} {{$a}} {{$b}} {{tesc $a}} {{tesc $b}}"},
	{"string results many vars", "{{$first := upper `first`}}{{range seq 200}}{{$x := upper `x`}}{{$y := named `y`}}{{end}}{{$first}}{{range $i, $e := seq 70}}{{$s := printf `%d` $i}}{{if eq $i 69}}{{$s}}{{tesc $s}}{{end}}{{end}}{{$first}}"},
	{"string results template", `{{define "sub"}}[{{.}}|{{tesc .}}|{{$}}]{{end}}{{template "sub" upper .S}}{{template "sub" named ""}}{{$x := upper "x"}}{{template "sub" $x}}{{$x}}`},
	{"string results errors", "{{$x := upper `a`}}{{$x}}{{failS $x}}"},
	{"string results panic", "{{upper `a`}}{{panicS `b`}}"},
	{"string results error after", "{{range seq 100}}{{upper `a`}}{{end}}{{.Nope}}"},
	{"typed escaper error", "{{tesc (failS `x`)}}"},
	{"empty strings", "{{upper ``}}|{{named ``}}|{{tesc ``}}|{{`` | tesc}}|{{tesc (upper ``)}}"},
	// Functions with writer variants, in the actions that call them (see
	// writerTests) and in the others.
	{"writer variants", "{{wnamed .S}}|{{wnamed .S | keep}}|{{wvar .S}}|{{wvar .S 1 .I nil}}|{{wvar `` | keep}}|{{wnamed ``}}"},
	{"writer variants not called", "{{wnamed .S | tesc}}|{{wnamed .S | keep | keep}}|{{wnamed .S | keep .I}}|{{keep (wnamed .S)}}|{{.S | wnamed}}|{{.S | wnamed | keep}}|{{wnamed .S | printf `%s!`}}|{{len (wnamed .S)}}|{{wvar .S (wnamed .S)}}|{{wnamed (wnamed .S)}}"},
	{"writer variants in vars and branches", "{{$x := wnamed .S}}{{$x}}{{$x = wvar `a`}}{{$x | keep}}|{{if wnamed ``}}y{{end}}|{{with wnamed .S}}{{.}}{{end}}|{{range $i, $c := wnamed `ab`}}{{$i}}{{end}}"},
	{"writer variants in templates", `{{define "sub"}}[{{.}}|{{wnamed .}}|{{wnamed . | keep}}]{{end}}{{template "sub" wnamed .S}}{{template "sub" .S}}{{block "b" .S}}{{wvar . 2}}{{end}}`},
	{"writer variants in a range", "{{range .SS}}{{wnamed .}}{{wvar . $.I | keep}}{{end}}"},
	{"writer wrong args", "{{wnamed}}"},
	{"writer wrong args keep", "{{wnamed `a` `b` | keep}}"},
	{"writer wrong type", "{{wnamed .I}}"},
	{"writer variadic too few", "{{wvar}}"},
	{"writer nil arg", "{{wnamed nil}}"},
	{"writer field error in arg", "{{wnamed .NilPtr.Title}}"},
	{"writer string variant fails", "{{$x := wfail .S}}"},
	{"writer string variant panics", "{{keep (wpanic .S)}}"},
}

func TestExecMatchesTextTemplate(t *testing.T) {
	t.Parallel()
	for _, tt := range execTests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkSame(t, tt.src, func() any { return testData() })
			checkSame(t, tt.src, func() any { return *testData() }) // not addressable
		})
	}
}

// checkSame executes src with text/template and with texec, each on the
// data made by data, and compares the output and the error text.
func checkSame(t *testing.T, src string, data func() any) {
	t.Helper()
	checkSameWrites(t, src, data, "")
}

// checkSameWrites is checkSame for templates that may fail in the writer
// variant of a function, which writes part of its result, partial, to the
// output before it fails: on error, texec's output may be text/template's
// and then a prefix of partial.
func checkSameWrites(t *testing.T, src string, data func() any, partial string) {
	t.Helper()
	tmpl, err := texttemplate.New("t").Funcs(plainFuncs(testFuncs())).Parse(src)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	var want bytes.Buffer
	wantErr := tmpl.Execute(&want, data())

	trees := map[string]*parse.Tree{}
	for _, x := range tmpl.Templates() {
		trees[x.Name()] = x.Tree
	}
	fs, err := NewFuncs(testFuncs())
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	gotErr := New(fs, trees).Execute(&got, "t", data())
	rest, ok := strings.CutPrefix(got.String(), want.String())
	if !ok || rest != "" && (wantErr == nil || !strings.HasPrefix(partial, rest)) {
		t.Errorf("%s: output\n%q\nwant\n%q", src, got.String(), want.String())
	}
	if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
		t.Errorf("%s: error\n%v\nwant\n%v", src, gotErr, wantErr)
	}
	if wantErr != nil {
		var ee texttemplate.ExecError
		if errors.As(wantErr, &ee) != errors.As(gotErr, &ee) {
			t.Errorf("%s: error %T, want %T", src, gotErr, wantErr)
		}
	}
}

// TestWriterVariantFails: an action that calls a writer variant that fails
// or panics fails as with text/template, with the output text/template
// writes, and then at most the part the variant wrote.
func TestWriterVariantFails(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ src, partial string }{
		{"a{{wfail .S}}b", "<f>partial"},
		{"a{{wfail .S | keep}}b", "<f>partial"},
		{"{{range .SS}}{{.}}{{wfail .}}{{end}}", "<f>partial"},
		{"a{{wpanic .S}}b", "before the panic"},
		{"a{{wpanic .S | keep}}b", "before the panic"},
	} {
		checkSameWrites(t, tt.src, func() any { return testData() }, tt.partial)
	}
}

// failAfter is a writer that fails once it has taken n bytes.
type failAfter struct {
	n int
	b strings.Builder
}

var errFull = errors.New("full")

func (w *failAfter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > w.n {
		return 0, errFull
	}
	return w.b.Write(p)
}

// TestWriterVariantWriteError: when the output fails as a writer variant
// writes to it, the execution fails with the output's error, as it fails
// with text/template when the function's result is printed; and with the
// function's error if the function fails too, as text/template never
// prints the result then.
func TestWriterVariantWriteError(t *testing.T) {
	t.Parallel()
	for _, src := range []string{
		"ab{{wnamed .S}}cd", "ab{{wnamed .S | keep}}cd", "ab{{wvar .S 1 2 3}}",
		"ab{{wfail .S}}cd", "ab{{wfail .S | keep}}cd",
	} {
		tmpl := texttemplate.Must(texttemplate.New("t").Funcs(plainFuncs(testFuncs())).Parse(src))
		fs, err := NewFuncs(testFuncs())
		if err != nil {
			t.Fatal(err)
		}
		set := New(fs, map[string]*parse.Tree{"t": tmpl.Tree})
		for n := range 12 {
			want := &failAfter{n: n}
			wantErr := tmpl.Execute(want, testData())
			got := &failAfter{n: n}
			gotErr := set.Execute(got, "t", testData())
			if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
				t.Errorf("%s, failing after %d bytes: error %v, want %v", src, n, gotErr, wantErr)
			}
			if !strings.HasPrefix(got.b.String(), want.b.String()) {
				t.Errorf("%s, failing after %d bytes: output %q, want %q first", src, n, got.b.String(), want.b.String())
			}
		}
	}
}

// TestWriterVariantPath counts the calls of functions and of their writer
// variants: an action that prints a function's result unchanged calls the
// writer variant, and only such an action.
func TestWriterVariantPath(t *testing.T) {
	t.Parallel()
	var fnCalls, toCalls atomic.Int64
	m := testFuncs()
	m["wnamed"] = F1E(func(s string) (named, error) { fnCalls.Add(1); return wnamed(s) }).WithWriter(W1(func(w io.Writer, s string) error {
		toCalls.Add(1)
		return writeAll(w, wnamed, s)
	}))
	m["wvar"] = F1VE(func(s string, xs ...any) (named, error) { fnCalls.Add(1); return wvar(s, xs...) }).WithWriter(W1VE(func(w io.Writer, s string, xs ...any) error {
		toCalls.Add(1)
		return writeAll(w, func(s string) (named, error) { return wvar(s, xs...) }, s)
	}))
	fs, err := NewFuncs(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		src    string
		fn, to int64
	}{
		{"{{wnamed .S}}", 0, 1},
		{"{{wnamed .S | keep}}", 0, 1},
		{"{{wvar .S 1 2}}{{wvar .S | keep}}", 0, 2},
		{"{{range .SS}}{{wnamed .}}{{end}}", 0, 2},
		{`{{define "s"}}{{wnamed .}}{{end}}{{template "s" .S}}`, 0, 1},
		{"{{wnamed .S | tesc}}", 1, 0},
		{"{{wnamed .S | keep | keep}}", 1, 0},
		{"{{wnamed .S | keep .I}}", 1, 0},
		{"{{keep (wnamed .S)}}", 1, 0},
		{"{{.S | wnamed}}", 1, 0},
		{"{{$x := wnamed .S}}{{$x}}", 1, 0},
		{"{{if wnamed .S}}{{end}}", 1, 0},
		{"{{wvar .S (wnamed .S)}}", 1, 1},
		{"{{wnamed .S | printf `%s`}}", 1, 0},
	} {
		tmpl, err := texttemplate.New("t").Funcs(plainFuncs(m)).Parse(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		trees := map[string]*parse.Tree{}
		for _, x := range tmpl.Templates() {
			trees[x.Name()] = x.Tree
		}
		fnCalls.Store(0)
		toCalls.Store(0)
		if err := New(fs, trees).Execute(io.Discard, "t", testData()); err != nil {
			t.Fatal(err)
		}
		if fn, to := fnCalls.Load(), toCalls.Load(); fn != tt.fn || to != tt.to {
			t.Errorf("%s: %d calls of the functions, %d of their writer variants; want %d, %d", tt.src, fn, to, tt.fn, tt.to)
		}
	}
}

// TestWriterVariantChecked: NewFuncs takes a writer variant only of a
// function that returns a string type without methods, with the
// function's parameters after an io.Writer.
func TestWriterVariantChecked(t *testing.T) {
	t.Parallel()
	to := W1(func(io.Writer, string) error { return nil })
	for _, tt := range []struct {
		name string
		f    Func
		ok   bool
	}{
		{"named", F1(func(string) named { return "" }).WithWriter(to), true},
		{"string", F1(func(string) string { return "" }).WithWriter(to), true},
		{"with methods", F1(func(string) stringer { return "" }).WithWriter(to), false},
		{"not a string", F1(func(string) int { return 0 }).WithWriter(to), false},
		{"other parameter", F1(func(int) named { return "" }).WithWriter(to), false},
		{"not variadic", F1VE(func(string, ...string) (named, error) { return "", nil }).WithWriter(to), false},
		{"variadic", F1VE(func(string, ...string) (named, error) { return "", nil }).WithWriter(W1VE(func(io.Writer, string, ...string) error { return nil })), true},
		{"two", F2(func(string, int) named { return "" }).WithWriter(W2(func(io.Writer, string, int) error { return nil })), true},
		{"two swapped", F2(func(string, int) named { return "" }).WithWriter(W2(func(io.Writer, int, string) error { return nil })), false},
		{"other variadic", F1VE(func(string, ...string) (named, error) { return "", nil }).WithWriter(W1VE(func(io.Writer, string, ...any) error { return nil })), false},
	} {
		_, err := NewFuncs(map[string]any{"f": tt.f})
		if (err == nil) != tt.ok {
			t.Errorf("%s: NewFuncs: %v, want success %v", tt.name, err, tt.ok)
		}
	}
}

// plainFuncs returns m with each Func and Escaper replaced by its
// function, for text/template.
func plainFuncs(m map[string]any) texttemplate.FuncMap {
	out := texttemplate.FuncMap{}
	for k, v := range m {
		switch f := v.(type) {
		case Func:
			v = f.fn
		case Escaper:
			v = f.F
		}
		out[k] = v
	}
	return out
}

// TestFieldSiteTypes evaluates the same fields, in the same nodes, on
// values of several types in turn: the cache of each node (fieldSite) must
// find each type's own field or method.
func TestFieldSiteTypes(t *testing.T) {
	t.Parallel()
	data := func() any {
		return []any{testData(), Inner{X: 1, Title: "a"}, &Inner{X: 2, Title: "b"}, *testData(),
			map[string]any{"Title": "m", "X": 3}, &Inner{X: 4, Title: "c"}, testData()}
	}
	checkSame(t, "{{range .}}{{.Title}}|{{.X}}|{{$.Len}}{{end}}", data)
	checkSame(t, "{{range .}}{{.Title}}|{{.X}}|{{with $x := .}}{{$x.Title}}{{end}}{{(.).Title}}{{end}}", data)
	checkSame(t, "{{range .}}{{.Title}}|{{.X}}|{{.Hello}}{{end}}", data)
}

// mt has methods that TestMethodCallers has called without reflect.
type mt struct{ S string }

func (m mt) Get() string              { return "get:" + m.S }
func (m *mt) Ptr() string             { return "ptr:" + m.S }
func (m *mt) Join(o *mt) string       { return m.S + "+" + o.S }
func (m *mt) Nil() string             { return fmt.Sprint(m == nil) }
func (m mt) Boom() string             { panic("boom") }
func (m mt) Many(a ...int) (s string) { return fmt.Sprint(a) }

func TestMethodCallers(t *testing.T) {
	Method1[mt, string]()
	Method1[*mt, string]()
	Method2[*mt, *mt, string]()
	data := func() any {
		return map[string]any{"V": mt{"v"}, "P": &mt{"p"}, "Nil": (*mt)(nil), "L": []*mt{{"a"}, {"b"}}}
	}
	for _, src := range []string{
		"{{.V.Get}} {{.P.Get}} {{.P.Ptr}} {{.P.Join .P}} {{.Nil.Nil}}",
		"{{range .L}}{{.Ptr}} {{.Join $.P}} {{.Get}};{{end}}",
		"{{.P.Join .Nil}}",           // panics in the method
		"{{.V.Boom}}",                // panics
		"{{.P.Join}}",                // too few arguments
		"{{.P.Join .V}}",             // wrong type
		"{{.V.Many 1 2}} {{.V.Get}}", // not registered
	} {
		checkSame(t, src, data)
	}
	for _, tt := range []struct {
		typ  reflect.Type
		name string
		ptr  bool
	}{{reflect.TypeFor[mt](), "Get", false}, {reflect.TypeFor[*mt](), "Ptr", false}, {reflect.TypeFor[*mt](), "Join", false}, {reflect.TypeFor[mt](), "Ptr", true}} {
		fi := lookupField(tt.typ, tt.name)
		m := fi.method
		if tt.ptr {
			m = fi.ptrMethod
		}
		if m.call == nil {
			t.Errorf("%s.%s: called by reflect", tt.typ, tt.name)
		}
	}
}

// TestEscaperTypedPath counts the calls of an escaper's typed function:
// each action here gives it one value it takes (a string kind or an int,
// in an interface or not), and the results of functions reach it without
// a box.
func TestEscaperTypedPath(t *testing.T) {
	t.Parallel()
	var calls atomic.Int64
	typed := func(v reflect.Value) (string, bool) {
		s, ok := describeTyped(v)
		if ok {
			calls.Add(1)
		}
		return s, ok
	}
	m := testFuncs()
	m["tesc"] = Escaper{F: describe, Typed: typed}
	fs, err := NewFuncs(m)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		src  string
		want int64
	}{
		{"{{tesc .S}}", 1},
		{"{{.S | tesc}}", 1},
		{"{{tesc .I}}", 1},
		{"{{tesc .MAny.k}}", 1},
		{"{{tesc .MAny.n}}", 1},
		{"{{upper .S | tesc | tesc}}", 2},
		{"{{tesc (named .S)}}", 1},
		{"{{$x := upper .S}}{{tesc $x}}{{$x | tesc}}", 2},
		{"{{tesc .S .I}}", 0},
		{"{{tesc .Ptr}}", 0},
		{"{{tesc .F}}", 0},
		{"{{tesc (valStr .S)}}", 0}, // a String method
		{"{{tesc nil}}", 0},
	} {
		tmpl, err := texttemplate.New("t").Funcs(plainFuncs(m)).Parse(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		calls.Store(0)
		var b strings.Builder
		if err := New(fs, map[string]*parse.Tree{"t": tmpl.Tree}).Execute(&b, "t", testData()); err != nil {
			t.Fatal(err)
		}
		if got := calls.Load(); got != tt.want {
			t.Errorf("%s: %d typed calls, want %d", tt.src, got, tt.want)
		}
	}
}

// TestNestedExecution: a function that executes another template (as the
// theme's partials do) runs while the caller holds results in its arena of
// strings; each execution has its own arena, and the caller's results
// stay as they were.
func TestNestedExecution(t *testing.T) {
	t.Parallel()
	const src = `{{define "inner"}}<{{range seq 70}}{{upper "i"}}{{end}}{{$y := upper .}}{{$y}}>{{end}}` +
		`{{$x := upper "outer"}}{{range seq 3}}{{$z := named "z"}}{{nested "inner" $x}}{{$z}}{{end}}{{$x}}{{tesc $x}}`
	run := func(exec func(w *strings.Builder, name string, data any) error, nested *func(name string, data any) (string, error)) (string, error) {
		*nested = func(name string, data any) (string, error) {
			var b strings.Builder
			err := exec(&b, name, data)
			return b.String(), err
		}
		var b strings.Builder
		err := exec(&b, "t", testData())
		return b.String(), err
	}
	withNested := func(nested *func(string, any) (string, error)) map[string]any {
		m := testFuncs()
		m["nested"] = func(name string, data any) (string, error) { return (*nested)(name, data) }
		return m
	}

	var stdNested func(string, any) (string, error)
	tmpl := texttemplate.Must(texttemplate.New("t").Funcs(plainFuncs(withNested(&stdNested))).Parse(src))
	want, wantErr := run(func(w *strings.Builder, name string, data any) error {
		return tmpl.ExecuteTemplate(w, name, data)
	}, &stdNested)

	var ourNested func(string, any) (string, error)
	fs, err := NewFuncs(withNested(&ourNested))
	if err != nil {
		t.Fatal(err)
	}
	trees := map[string]*parse.Tree{}
	for _, x := range tmpl.Templates() {
		trees[x.Name()] = x.Tree
	}
	set := New(fs, trees)
	for range 3 { // the states, and their arenas, are used again
		got, gotErr := run(func(w *strings.Builder, name string, data any) error {
			return set.Execute(w, name, data)
		}, &ourNested)
		if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("Execute = %q, %v, want %q, %v", got, gotErr, want, wantErr)
		}
	}
}

// TestReflective: a set records the methods it called through reflect,
// and only those.
func TestReflective(t *testing.T) {
	Method1[mt, string]()
	fs, err := NewFuncs(testFuncs())
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := texttemplate.New("t").Funcs(plainFuncs(testFuncs())).Parse("{{.V.Get}} {{.V.Many 1 2}}")
	if err != nil {
		t.Fatal(err)
	}
	set := New(fs, map[string]*parse.Tree{"t": tmpl.Tree})
	if got := set.Reflective(); len(got) != 0 {
		t.Errorf("Reflective() before any execution = %q, want none", got)
	}
	if err := set.Execute(io.Discard, "t", map[string]any{"V": mt{"v"}}); err != nil {
		t.Fatal(err)
	}
	if got, want := set.Reflective(), []string{"Many"}; !slices.Equal(got, want) {
		t.Errorf("Reflective() = %q, want %q", got, want)
	}
}

// TestResetClears: a state is emptied for the pool of every value that an
// execution left in it (variables popped but left in the array above the
// mark, the arguments of a call that panicked, the strings of the arena),
// though reset clears only the part the execution used.
func TestResetClears(t *testing.T) {
	t.Parallel()
	p := new(int)
	s := new(state)
	for range 40 {
		s.push("$x", reflect.ValueOf(p))
	}
	s.pop(0)
	s.push("$", reflect.ValueOf(p))
	for range strChunk + 3 {
		s.strValue(stringType, "str")
	}
	s.argv = append(s.argv, reflect.ValueOf(p), reflect.ValueOf(p)) // as a call that panicked leaves them
	s.anyv = append(s.anyv, p)
	vars, argv, anyv, strs := s.vars[:cap(s.vars)], s.argv[:cap(s.argv)], s.anyv[:cap(s.anyv)], s.strs
	if !s.reset() {
		t.Fatal("reset() = false, want true")
	}
	for i, v := range vars {
		if v != (variable{}) {
			t.Errorf("vars[%d] = %v after reset, want zero", i, v)
		}
	}
	for i, v := range argv {
		if v.IsValid() {
			t.Errorf("argv[%d] = %v after reset, want zero", i, v)
		}
	}
	for i, v := range anyv {
		if v != nil {
			t.Errorf("anyv[%d] = %v after reset, want nil", i, v)
		}
	}
	for c, chunk := range strs {
		for i, str := range chunk {
			if str != "" {
				t.Errorf("strs[%d][%d] = %q after reset, want empty", c, i, str)
			}
		}
	}
	if len(s.vars) != 0 || len(s.argv) != 0 || len(s.anyv) != 0 || s.nstr != 0 || s.topVars != 0 {
		t.Errorf("after reset: %d vars, %d argv, %d anyv, nstr %d, topVars %d, want none", len(s.vars), len(s.argv), len(s.anyv), s.nstr, s.topVars)
	}
}

// TestIsMissing: isMissing tells missingVal, and its copies, from every
// other value, structs with no fields included.
func TestIsMissing(t *testing.T) {
	t.Parallel()
	copied := missingVal
	for _, tt := range []struct {
		name string
		v    reflect.Value
		want bool
	}{
		{"missingVal", missingVal, true},
		{"a copy", copied, true},
		{"a zero missingValType", reflect.Zero(missingValReflectType), true},
		{"a new missingValType", reflect.New(missingValReflectType).Elem(), true},
		{"an empty struct", reflect.ValueOf(struct{}{}), false},
		{"a struct", reflect.ValueOf(T{}), false},
		{"an int", reflect.ValueOf(1), false},
		{"invalid", reflect.Value{}, false},
	} {
		if got := isMissing(tt.v); got != tt.want {
			t.Errorf("isMissing(%s) = %v, want %v", tt.name, got, tt.want)
		}
	}
}
