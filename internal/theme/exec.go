package theme

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	texttemplate "text/template"
	"text/template/parse"
	"time"

	"github.com/dossier-dev/dossier/internal/theme/htmlesc"
	"github.com/dossier-dev/dossier/internal/theme/texec"
	"github.com/dossier-dev/dossier/internal/xref"
)

// runner executes the templates of one html/template set: html/template
// parses them, escapes them and runs each the first time; after that, a
// template runs on texec, which executes the same escaped trees with the
// same escaper functions, to the same bytes and the same errors, several
// times faster (text/template's executor spends most of its time in
// reflect).
//
// html/template escapes a template when it first executes it, rewriting
// its parse tree and those of the templates it calls in place (it adds a
// call of an escaper to each action), and deriving a copy of a called
// template for each other context it is called in ("title" called inside
// <title> becomes "title$htmltemplate_stateRCDATA_elementTitle"). The
// trees of the set are taken when it is loaded, before any execution:
// their pointers stay the same. The derived ones exist only in the
// text/template set underneath (see textOf) and are looked up there.
// Once a template's first execution has returned, its tree and the trees
// it reaches are escaped and are not changed again: html/template escapes
// each tree of a set once, under the set's lock, which orders those
// writes before the first execution's return. A template that reaches a
// tree that is not found or calls a function that texec does not have
// keeps running on html/template (see SlowTemplates).
type runner struct {
	html  *template.Template
	text  *texttemplate.Template // html's underneath; nil if not found
	trees map[string]*parse.Tree
	funcs *texec.Funcs
	modes map[string]*atomic.Pointer[mode] // by name; nil: not run yet. Read-only map
}

// mode is how a template runs after its first execution: on exec, or on
// html/template if exec is nil.
type mode struct {
	exec *texec.Set
}

// newRunner takes the trees of t, which has not been executed yet. With
// funcs nil, every template runs on html/template.
func newRunner(t *template.Template, funcs *texec.Funcs) *runner {
	r := &runner{html: t, funcs: funcs, trees: map[string]*parse.Tree{}, modes: map[string]*atomic.Pointer[mode]{}}
	if funcs == nil {
		return r
	}
	r.text = textOf(t)
	for _, x := range t.Templates() {
		if x.Tree != nil && x.Tree.Root != nil {
			r.trees[x.Name()] = x.Tree
			r.modes[x.Name()] = new(atomic.Pointer[mode])
		}
	}
	return r
}

// textOf returns the text/template set under t, which holds the
// templates html/template derives as it escapes: the unexported field
// text of html/template.Template, read through reflect; nil if there is
// no such field (then templates that call derived ones stay on
// html/template, and the test that the built-in theme is all fast fails).
func textOf(t *template.Template) *texttemplate.Template {
	f := reflect.ValueOf(t).Elem().FieldByName("text")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*texttemplate.Template]() {
		return nil
	}
	return (*texttemplate.Template)(f.UnsafePointer())
}

// execute applies the template name to data.
func (r *runner) execute(w io.Writer, name string, data any) error {
	m := r.modes[name]
	if m == nil {
		return r.html.ExecuteTemplate(w, name, data)
	}
	if md := m.Load(); md != nil {
		if md.exec != nil {
			return md.exec.Execute(w, name, data)
		}
		return r.html.ExecuteTemplate(w, name, data)
	}
	if err := r.html.ExecuteTemplate(w, name, data); err != nil {
		return err // perhaps not escaped: try again next time
	}
	// Several pages may get here at once: they decide alike.
	md := &mode{}
	if trees := r.reach(name); trees != nil {
		md.exec = texec.New(r.funcs, trees)
	}
	m.CompareAndSwap(nil, md)
	return nil
}

// warm escapes the templates names now, as their first execution would,
// and moves each that texec can run on to it, so that no page's first
// execution runs on html/template. A build renders its biggest pages
// first, so those first executions were whole print pages, on both CPUs:
// about 4% of the CPU time of a 1,000-point build. Escaping is all a
// template's first execution does before it runs: warm runs each into a
// writer that fails at its first byte, with no data. A template that does
// not escape, or does not stop as expected, is left alone, to be run
// first on html/template as before, which reports its error as it always
// did.
func (r *runner) warm(names []string) {
	if r.funcs == nil {
		return
	}
	for _, name := range names {
		m := r.modes[name]
		if m == nil || m.Load() != nil {
			continue
		}
		err := r.html.ExecuteTemplate(failWriter{}, name, nil)
		if err != nil && !errors.Is(err, errWarm) && !errors.As(err, new(texttemplate.ExecError)) {
			continue // an escaping error, or it ran: to run again, as before
		}
		md := &mode{}
		if trees := r.reach(name); trees != nil {
			md.exec = texec.New(r.funcs, trees)
		}
		m.CompareAndSwap(nil, md)
	}
}

// failWriter is the writer that warm executes templates into: it fails.
type failWriter struct{}

var errWarm = errors.New("escaped")

func (failWriter) Write([]byte) (int, error) { return 0, errWarm }

// reach returns the escaped trees of the template name and of those it
// calls, by name, if they are all found and texec has every function they
// call; nil otherwise.
func (r *runner) reach(name string) map[string]*parse.Tree {
	trees := map[string]*parse.Tree{}
	var tmpl func(name string) bool
	var node func(n parse.Node) bool
	tmpl = func(name string) bool {
		if _, ok := trees[name]; ok {
			return true
		}
		t := r.trees[name]
		if t == nil && strings.Contains(name, "$htmltemplate_") && r.text != nil {
			if x := r.text.Lookup(name); x != nil {
				t = x.Tree
			}
		}
		if t == nil || t.Root == nil {
			return false
		}
		trees[name] = t
		return node(t.Root)
	}
	node = func(n parse.Node) bool {
		switch n := n.(type) {
		case nil:
			return true
		case *parse.ListNode:
			if n == nil {
				return true
			}
			for _, c := range n.Nodes {
				if !node(c) {
					return false
				}
			}
			return true
		case *parse.ActionNode:
			return node(n.Pipe)
		case *parse.IfNode:
			return node(n.Pipe) && node(n.List) && node(n.ElseList)
		case *parse.RangeNode:
			return node(n.Pipe) && node(n.List) && node(n.ElseList)
		case *parse.WithNode:
			return node(n.Pipe) && node(n.List) && node(n.ElseList)
		case *parse.TemplateNode:
			return node(n.Pipe) && tmpl(n.Name)
		case *parse.PipeNode:
			if n == nil {
				return true
			}
			for _, c := range n.Cmds {
				if !node(c) {
					return false
				}
			}
			return true
		case *parse.CommandNode:
			for _, a := range n.Args {
				if !node(a) {
					return false
				}
			}
			return true
		case *parse.ChainNode:
			return node(n.Node)
		case *parse.IdentifierNode:
			return r.funcs.Has(n.Ident)
		}
		return true // text, comments, fields, variables, constants, break, continue
	}
	if !tmpl(name) {
		return nil
	}
	return trees
}

// slow returns the names that run on html/template for good.
func (r *runner) slow() []string {
	var names []string
	for name, m := range r.modes {
		if md := m.Load(); md != nil && md.exec == nil {
			names = append(names, name)
		}
	}
	return names
}

// SlowTemplates returns the names of the templates, sorted, that run on
// html/template's own executor rather than on texec after their first
// execution, because texec cannot run them (see runner): for a test that
// the built-in theme is all fast.
func (s *Set) SlowTemplates() []string {
	var names []string
	for _, r := range s.runners {
		names = append(names, r.slow()...)
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// ReflectiveCalls returns the names, sorted, of the functions and methods
// that templates run on texec have called through reflect, for want of a
// caller of their signature (see the registrations in init): for a test
// that the built-in theme's calls are all fast.
func (s *Set) ReflectiveCalls() []string {
	var names []string
	for _, r := range s.runners {
		for _, m := range r.modes {
			if md := m.Load(); md != nil && md.exec != nil {
				names = append(names, md.exec.Reflective()...)
			}
		}
	}
	slices.Sort(names)
	return slices.Compact(names)
}

// execFuncs returns the table of functions for texec: the theme's own
// (fm) with callers for their signatures and their writer variants
// (writers, by the names of fm), and html/template's escapers, each with
// its function for one string argument (htmlesc.Typed) and the type it
// keeps (htmlesc.Keeps).
func execFuncs(fm template.FuncMap, writers map[string]any) (*texec.Funcs, error) {
	m := map[string]any{}
	for name, f := range htmlesc.Funcs {
		m[name] = texec.Escaper{F: f, Typed: htmlesc.Typed[name], Keeps: htmlesc.Keeps[name]}
	}
	maps.Copy(m, fm)
	for name, f := range m {
		if strings.HasPrefix(name, "_") {
			continue
		}
		if ff := fastFunc(f); ff != nil {
			m[name] = *ff
		}
	}
	for name, w := range writers {
		ff, ok := m[name].(texec.Func)
		fw := fastWriter(w)
		if !ok || fw == nil {
			return nil, fmt.Errorf("writer variant of %s: no caller for %T", name, w)
		}
		m[name] = ff.WithWriter(*fw)
	}
	return texec.NewFuncs(m)
}

// fastWriter returns w, the writer variant of a function of the theme, as
// a texec.Writer, for the signatures of writers; nil for another.
func fastWriter(w any) *texec.Writer {
	var fw texec.Writer
	switch w := w.(type) {
	case func(io.Writer, *xref.Prose, ...any) error:
		fw = texec.W1VE(w)
	case func(io.Writer, template.HTML, string) error:
		fw = texec.W2(w)
	case func(io.Writer, string, any) error:
		fw = texec.W2(w)
	default:
		return nil
	}
	return &fw
}

// fastFunc returns f with a caller that does not use reflect, for the
// signatures of the theme's functions that texec does not know; nil for
// another.
func fastFunc(f any) *texec.Func {
	var ff texec.Func
	switch f := f.(type) {
	case func(string) string, func(string) (string, error), func() int, func(int) []int,
		func([]string, string) string, func(int, string, string) string, func(int, int) int,
		func(...any) (map[string]any, error):
		return nil // texec knows
	case func(*xref.Prose, ...any) (template.HTML, error):
		ff = texec.F1VE(f)
	case func(string, any) (template.HTML, error):
		ff = texec.F2E(f)
	case func(template.HTML, string) template.HTML:
		ff = texec.F2(f)
	case func(time.Time) string:
		ff = texec.F1(f)
	case func([]string, string) bool:
		ff = texec.F2(f)
	case func([]xref.SeedLine) template.HTML:
		ff = texec.F1(f)
	case func(*xref.Para) template.HTML:
		ff = texec.F1(f)
	case func([]xref.Backlink, string, int, int) []Backlink:
		ff = texec.F4(f)
	case func([]*xref.Point) []PointGroup:
		ff = texec.F1(f)
	default:
		return nil
	}
	return &ff
}

// The methods the theme's templates call, by signature, receiver first:
// texec calls them without reflect (see texec.Method1).
func init() {
	texec.Method1[*Citation, string]()
	texec.Method1[Citation, string]()
	texec.Method1[*Citation, xref.Context]()
	texec.Method1[Citation, xref.Context]()
	texec.Method1[*CitedSource, string]()
	texec.Method1[CitedSource, string]()
	texec.Method1[*Pager, bool]()
	texec.Method1[*time.Time, bool]()
	texec.Method1[time.Time, bool]()
	texec.Method1[*xref.Doc, string]()
	texec.Method1[*xref.Event, string]()
	texec.Method1[*xref.Gloss, string]()
	texec.Method1[*xref.Note, string]()
	texec.Method1[*xref.Page, string]()
	texec.Method1[*xref.Para, []xref.Backlink]()
	texec.Method1[*xref.Para, string]()
	texec.Method1[*xref.Point, string]()
	texec.Method1[*xref.Prose, bool]()
	texec.Method1[*xref.Seed, []xref.SeedBlock]()
	texec.Method1[*xref.Seed, string]()
	texec.Method1[*xref.Source, bool]()
	texec.Method1[*xref.Source, string]()
	texec.Method1[xref.Source, bool]()
	texec.Method1[*Pager, int]()
	texec.Method1[*Pager, []int]()
	texec.Method1[*Pager, []*xref.Source]()
	texec.Method1[*xref.Model, []*xref.Source]()
	texec.Method2[*Pager, int, string]()
	texec.Method2[*xref.Point, *xref.Version, *xref.Change]()
	texec.Method2[*Pager, *xref.Point, bool]()
	texec.Method2[*Pager, *xref.Point, string]()
	texec.Method2[*xref.Doc, *xref.Source, []*xref.Note]()
	texec.Method2[*xref.Point, *xref.Point, bool]()
}
