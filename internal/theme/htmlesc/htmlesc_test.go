package htmlesc

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/template/parse"
)

// The oracle for every test here is html/template itself, run two ways:
//
//   - probes: a template whose only action sits in a context that makes
//     html/template insert a known chain of escapers; the test reads the chain
//     back from the escaped tree and compares the template's output with the
//     static text around the action plus our chain applied to the same data;
//   - stdCall: a template that calls one escaper by its _html_template_ name
//     with any list of arguments and hands the result to a recording
//     function, which gives the standard library's function itself.

// probe is a template with one {{.}} action.
type probe struct {
	name  string
	src   string
	chain []string // escapers html/template inserts after the dot, in order
}

const (
	nAttr      = "_html_template_attrescaper"
	nComment   = "_html_template_commentescaper"
	nCSSEsc    = "_html_template_cssescaper"
	nCSSValue  = "_html_template_cssvaluefilter"
	nHTMLName  = "_html_template_htmlnamefilter"
	nHTMLEsc   = "_html_template_htmlescaper"
	nJSRegexp  = "_html_template_jsregexpescaper"
	nJSStr     = "_html_template_jsstrescaper"
	nJSTmplLit = "_html_template_jstmpllitescaper"
	nJSVal     = "_html_template_jsvalescaper"
	nNospace   = "_html_template_nospaceescaper"
	nRCDATA    = "_html_template_rcdataescaper"
	nSrcset    = "_html_template_srcsetescaper"
	nURLEsc    = "_html_template_urlescaper"
	nURLFilt   = "_html_template_urlfilter"
	nURLNorm   = "_html_template_urlnormalizer"
)

var probes = []probe{
	{"text", `<p>{{.}}</p>`, []string{nHTMLEsc}},
	{"attr double quoted", `<a title="{{.}}">x</a>`, []string{nAttr}},
	{"attr single quoted", `<a title='{{.}}'>x</a>`, []string{nAttr}},
	{"attr unquoted", `<a title={{.}}>x</a>`, []string{nNospace}},
	{"attr html srcdoc", `<iframe srcdoc="{{.}}"></iframe>`, []string{nAttr}},
	{"attr name", `<input {{.}}>`, []string{nHTMLName}},
	{"attr name with value", `<input {{.}}="v">`, []string{nHTMLName}},
	{"url", `<a href="{{.}}">x</a>`, []string{nURLFilt, nURLNorm, nAttr}},
	{"url unquoted", `<a href={{.}}>x</a>`, []string{nURLFilt, nURLNorm, nNospace}},
	{"url path", `<a href="/x/{{.}}">x</a>`, []string{nURLNorm, nAttr}},
	{"url query", `<a href="/x?q={{.}}">x</a>`, []string{nURLEsc, nAttr}},
	{"url query unquoted", `<a href=/x?{{.}}>x</a>`, []string{nURLEsc, nNospace}},
	{"url fragment", `<a href="#{{.}}">x</a>`, []string{nURLEsc, nAttr}},
	{"meta refresh url", `<meta http-equiv="refresh" content="0; url={{.}}">`, []string{nURLFilt, nAttr}},
	{"srcset", `<img srcset="{{.}}">`, []string{nSrcset, nAttr}},
	{"srcset unquoted", `<img srcset={{.}}>`, []string{nSrcset, nNospace}},
	{"rcdata title", `<title>{{.}}</title>`, []string{nRCDATA}},
	{"rcdata textarea", `<textarea>{{.}}</textarea>`, []string{nRCDATA}},
	{"html comment", `<p><!-- a {{.}} b --></p>`, []string{nComment}},
	{"js value", `<script>var x = {{.}};</script>`, []string{nJSVal}},
	{"js double quoted", `<script>var x = "{{.}}";</script>`, []string{nJSStr}},
	{"js single quoted", `<script>var x = '{{.}}';</script>`, []string{nJSStr}},
	{"js regexp", `<script>var x = /a{{.}}b/;</script>`, []string{nJSRegexp}},
	{"js template literal", "<script>var x = `a{{.}}b`;</script>", []string{nJSTmplLit}},
	{"js template literal interpolation", "<script>var x = `a${ {{.}} }b`;</script>", []string{nJSVal}},
	{"js line comment", "<script>// {{.}}\nvar x;</script>", []string{nComment}},
	{"js block comment", `<script>/* {{.}} */ var x;</script>`, []string{nComment}},
	{"js event handler", `<a onclick="f({{.}})">x</a>`, []string{nJSVal, nAttr}},
	{"js event handler unquoted", `<a onclick=f({{.}})>x</a>`, []string{nJSVal, nNospace}},
	{"js event handler string", `<a onclick="f('{{.}}')">x</a>`, []string{nJSStr}},
	{"js event handler regexp", `<a onclick="f(/{{.}}/)">x</a>`, []string{nJSRegexp}},
	{"js event handler template literal", "<a onclick=\"f(`{{.}}`)\">x</a>", []string{nJSTmplLit}},
	{"json script", `<script type="application/ld+json">{"a": {{.}}}</script>`, []string{nJSVal}},
	{"css value", `<style>p { color: {{.}} }</style>`, []string{nCSSValue}},
	{"css double quoted", `<style>p { font-family: "{{.}}" }</style>`, []string{nURLFilt, nCSSEsc}},
	{"css single quoted", `<style>p { font-family: '{{.}}' }</style>`, []string{nURLFilt, nCSSEsc}},
	{"css string after query", `<style>p { content: "?{{.}}" }</style>`, []string{nURLEsc}},
	{"css url", `<style>p { background: url({{.}}) }</style>`, []string{nURLFilt, nURLNorm}},
	{"css url double quoted", `<style>p { background: url("{{.}}") }</style>`, []string{nURLFilt, nURLNorm}},
	{"css url path", `<style>p { background: url("/img/{{.}}") }</style>`, []string{nURLNorm}},
	{"css url query", `<style>p { background: url('/x?{{.}}') }</style>`, []string{nURLEsc}},
	{"css comment", `<style>/* {{.}} */ p {}</style>`, []string{nComment}},
	{"style attr", `<p style="color: {{.}}">x</p>`, []string{nCSSValue, nAttr}},
	{"style attr string", `<p style="font-family: '{{.}}'">x</p>`, []string{nURLFilt, nCSSEsc}},
	{"style attr url", `<p style="background: url({{.}})">x</p>`, []string{nURLFilt, nURLNorm, nAttr}},
}

// escapedProbe is a probe after html/template has escaped it.
type escapedProbe struct {
	probe
	tmpl           *template.Template
	prefix, suffix string // the static text around the action
}

// escapeProbe escapes p by executing it once and checks that html/template
// inserted exactly p.chain.
func escapeProbe(p probe) (escapedProbe, error) {
	tmpl, err := template.New(p.name).Parse(p.src)
	if err != nil {
		return escapedProbe{}, fmt.Errorf("parse %q: %w", p.src, err)
	}
	if err := tmpl.Execute(io.Discard, "x"); err != nil {
		return escapedProbe{}, fmt.Errorf("execute %q: %w", p.src, err)
	}
	ep := escapedProbe{probe: p, tmpl: tmpl}
	var action *parse.ActionNode
	for _, n := range tmpl.Tree.Root.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
			if action == nil {
				ep.prefix += string(n.Text)
			} else {
				ep.suffix += string(n.Text)
			}
		case *parse.ActionNode:
			if action != nil {
				return escapedProbe{}, fmt.Errorf("%q has more than one action", p.src)
			}
			action = n
		default:
			return escapedProbe{}, fmt.Errorf("%q: unexpected node %s", p.src, n)
		}
	}
	if action == nil {
		return escapedProbe{}, fmt.Errorf("%q has no action", p.src)
	}
	want := "{{. | " + strings.Join(p.chain, " | ") + "}}"
	if got := action.String(); got != want {
		return escapedProbe{}, fmt.Errorf("%q: escaped action is %s, want %s (escaped tree: %s)", p.src, got, want, tmpl.Tree.Root)
	}
	return ep, nil
}

// ours returns the probe's output with our functions in place of
// html/template's.
func (ep escapedProbe) ours(data any) (string, error) {
	return catch(func() string {
		args := []any{data}
		var s string
		for _, name := range ep.chain {
			s = Funcs[name](args...)
			args = []any{s}
		}
		return ep.prefix + s + ep.suffix
	})
}

// catch returns f's result, or its panic as text/template reports the panic
// of a function it calls.
func catch(f func() string) (s string, err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
			} else {
				err = fmt.Errorf("%v", r)
			}
		}
	}()
	return f(), nil
}

// same reports whether our result matches html/template's: the same text, or
// the same panic, which text/template reports as an error calling the
// function.
func same(got string, gotErr error, want string, wantErr error) bool {
	if wantErr != nil || gotErr != nil {
		return wantErr != nil && gotErr != nil &&
			strings.Contains(wantErr.Error(), "error calling _") &&
			strings.HasSuffix(wantErr.Error(), ": "+gotErr.Error())
	}
	return got == want
}

// std returns the probe's output from html/template.
func (ep escapedProbe) std(data any) (string, error) {
	var b strings.Builder
	err := ep.tmpl.Execute(&b, data)
	return b.String(), err
}

var escapedProbes = sync.OnceValues(func() ([]escapedProbe, error) {
	var eps []escapedProbe
	for _, p := range probes {
		ep, err := escapeProbe(p)
		if err != nil {
			return nil, err
		}
		eps = append(eps, ep)
	}
	return eps, nil
})

// stdlib calls html/template's own escaper functions: for each name and
// number of arguments it keeps a template
//
//	{{$x := NAME (arg 0) (arg 1) …}}{{record $x}}
//
// The assignment is not escaped, and executing the template makes
// html/template add its escapers to the template's functions, so that NAME is
// html/template's function and record receives its result.
type stdlib struct {
	mu    sync.Mutex
	tmpls map[string]*template.Template
	args  []any
	got   string
}

var std = &stdlib{tmpls: make(map[string]*template.Template)}

func (sl *stdlib) call(name string, args ...any) (string, error) {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	key := fmt.Sprintf("%s/%d", name, len(args))
	tmpl := sl.tmpls[key]
	if tmpl == nil {
		funcs := template.FuncMap{
			"arg":    func(i int) any { return sl.args[i] },
			"record": func(s string) string { sl.got = s; return "" },
		}
		var src strings.Builder
		src.WriteString("{{$x := " + name)
		for i := range args {
			fmt.Fprintf(&src, " (arg %d)", i)
		}
		src.WriteString("}}{{record $x}}")
		// The parser must know the name; html/template replaces this
		// placeholder with its own function when it escapes the template.
		placeholder := map[string]any{name: func(...any) string { return "placeholder" }}
		trees, err := parse.Parse(key, src.String(), "", "", funcs, placeholder)
		if err != nil {
			return "", fmt.Errorf("setup: %w", err)
		}
		tmpl, err = template.New(key).Funcs(funcs).AddParseTree(key, trees[key])
		if err != nil {
			return "", fmt.Errorf("setup: %w", err)
		}
		sl.tmpls[key] = tmpl
	}
	sl.args, sl.got = args, "unset"
	if err := tmpl.Execute(io.Discard, nil); err != nil {
		return "", err
	}
	return sl.got, nil
}

// Types whose values html/template formats in its own ways.
type (
	valueStringer struct{ s string }
	ptrStringer   struct{ s string }
	valueError    struct{ s string }
	jsonValue     struct{ s string }
	jsonFailure   struct{}
	jsonEmpty     struct{}
	plainStruct   struct {
		A int
		B string
		C *string
	}
)

func (v valueStringer) String() string { return "stringer<" + v.s + ">" }
func (p *ptrStringer) String() string  { return "ptr-stringer<" + p.s + ">" }
func (v valueError) Error() string     { return "error<" + v.s + ">" }
func (j jsonValue) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]string{"s": j.s})
}
func (jsonFailure) MarshalJSON() ([]byte, error) {
	return nil, errors.New("bad */ <script> </SCRIPT <!-- value")
}
func (jsonEmpty) MarshalJSON() ([]byte, error) { return []byte{}, nil }
func (jsonFailure) String() string             { return "not used: json.Marshaler wins" }

var specials = []string{
	"",
	" ",
	"plain",
	"Abc123",
	`<>&'"+=` + "`",
	"a\x00b",
	"\x00",
	"\t\n\v\f\r end",
	"\u00a0\u1680\u2028\u2029\ufeff",
	"\ufdd0\ufdef\ufff0\uffff\U0001F600",
	"\xff\xfe invalid \xc3",
	"é ü 日本",
	"\\ \\\\ \\n \\u0041",
	"</script><script>alert(1)</script>",
	"<!-- --> <![CDATA[ ]]>",
	"*/ /* // ${x} `",
	"/re/g [a-z]+ (x|y)? ^$ .*{2}",
	"javascript:alert(1)",
	"JavaScript:alert(1)",
	"vbscript:x",
	"data:text/html,<b>",
	"http://example.com/a b?c=d&e=f#g",
	"HTTPS://example.com/",
	"mailto:a@example.com",
	"/a/b:c",
	"//example.com",
	"%41%zz%4",
	"?q=1&r=2#frag",
	"a,b c, d 2x",
	"foo.png 1x, javascript:x 2x, bar.png",
	"a.png 100w, b.png 200w",
	"red",
	"#888",
	"10px",
	"expression(alert(1))",
	"-moz-binding:url(x)",
	"Ex\\70ression",
	"a--b",
	"color: red; background: blue",
	"url(x)",
	"\\41 \\0 \\110000",
	"title",
	"onclick",
	"href",
	"data-x",
	"srcset",
	"xmlns:x",
	"checked",
	"STYLE",
	"b<i>c</i>",
	`<b>&iexcl;Hi!</b> <script>...</script>`,
	`<div title="1>2">I <3 Ponies!</div>`,
	`<a href='x'>y</a><textarea><b></textarea>z`,
	`<title>x<y</title> <style>p{}</style> <!-- c --> t`,
	`<img src=x onerror="alert(1)" title='a"b'>`,
	`<meta content=x>text<p>`,
	`<textarea>x <b>y</b> z</textarea> after`,
	`<title>a <i>b</i> c</title><TITLE>d<e</TITLE >`,
	`<script>if (a<b) x("</p>")</script>after <script>`,
	"<script>var s = `${1}<b>` // <i>\n</script>z",
	`<style>p { content: "<b>" } /* <i> */</style>s`,
	`<a title=x>y</a><a title=x id="z>">w</a>`,
	`<!-- <b> --> c <!-- d`,
	`<p a=b c='d' e="f" g>t</p`,
	`<svg:a xlink:href="x">t</svg:a><x-y>u</x-y><a-->v`,
	`</p x="y">z</`,
	"<a b=c",
	"<a b='c",
	"<",
	"a < b > c",
	"true",
	"null",
	"42",
	"in",
	"x instanceof",
	"\u2028json\u2029",
}

func stringPtr(s string) *string { return &s }

// inputs returns the data values the probes and the functions are run on.
func inputs() []any {
	s := "ptr<&>"
	ps := &s
	h := template.HTML("<b>ptr html</b>")
	var nilPtr *string
	var nilStringer *ptrStringer
	var nilErr *valueError
	in := []any{
		nil,
		42,
		-1,
		3.5,
		true,
		uint8(7),
		[]byte("<bytes>"),
		[]string{"a<b", "c"},
		map[string]int{"<k>": 1},
		plainStruct{A: 1, B: "<b>", C: stringPtr("c&")},
		&plainStruct{A: 2, B: "ptr"},
		ps,
		&ps,
		nilPtr,
		&h,
		valueStringer{"<v>"},
		&valueStringer{"<pv>"},
		ptrStringer{"<no String on value>"},
		&ptrStringer{"<p>"},
		nilStringer,
		valueError{"<e>"},
		&valueError{"<pe>"},
		nilErr,
		errors.New("plain <error>"),
		fmt.Errorf("wrapped: %w", errors.New("<inner>")),
		jsonValue{"</script> \u2028"},
		&jsonValue{"ptr"},
		jsonFailure{},
		jsonEmpty{},
		make(chan int),
		func() {},
		struct{}{},
		[]any{nil, "x", 1},
	}
	for _, sp := range specials {
		in = append(in, sp,
			template.HTML(sp),
			template.HTMLAttr(sp),
			template.JS(sp),
			template.JSStr(sp),
			template.CSS(sp),
			template.URL(sp),
			template.Srcset(sp),
		)
	}
	in = append(in,
		template.HTML("<b>hi</b> &amp; <script>x</script>"),
		template.HTMLAttr(` dir="ltr"`),
		template.JS("(x + y * z())"),
		template.JSStr(`a\nb\"c`),
		template.CSS("color: red"),
		template.URL("javascript:checkThatFormNotEditedBeforeLeavingPage()"),
		template.URL("/a b,c"),
		template.Srcset("a.png 1x, b.png 2x"),
	)
	return in
}

// TestProbesMatchHTMLTemplate runs each probe on every input with
// html/template and with our chain of functions.
func TestProbesMatchHTMLTemplate(t *testing.T) {
	t.Parallel()
	eps, err := escapedProbes()
	if err != nil {
		t.Fatal(err)
	}
	for _, ep := range eps {
		t.Run(ep.name, func(t *testing.T) {
			for _, in := range inputs() {
				want, wantErr := ep.std(in)
				got, gotErr := ep.ours(in)
				if !same(got, gotErr, want, wantErr) {
					t.Errorf("%s on %#v (%T) = %q, %v, want %q, %v", ep.src, in, in, got, gotErr, want, wantErr)
				}
			}
		})
	}
}

// TestProbesCoverEveryEscaper checks that the probes put each escaper into
// some chain, so that every function has been compared with html/template
// in a real context.
func TestProbesCoverEveryEscaper(t *testing.T) {
	t.Parallel()
	seen := make(map[string]bool)
	for _, p := range probes {
		for _, name := range p.chain {
			seen[name] = true
		}
	}
	for name := range Funcs {
		if !seen[name] && name != "_eval_args_" {
			t.Errorf("no probe puts %s into a chain", name)
		}
	}
}

// TestKeepsMatchesHTMLTemplate runs each probe of one escaper on values of
// each content type, with html/template: the value comes out unchanged,
// between the probe's static text, for every input, exactly where Keeps
// says that escaper keeps that type. The other probes chain several
// escapers, which Keeps does not cover.
func TestKeepsMatchesHTMLTemplate(t *testing.T) {
	t.Parallel()
	eps, err := escapedProbes()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, ep := range eps {
		if len(ep.chain) != 1 {
			continue
		}
		name := ep.chain[0]
		seen[name] = true
		for _, wrap := range fuzzKinds {
			typ := reflect.TypeOf(wrap(""))
			kept := true
			for _, s := range append(slices.Clone(specials), "", "plain", "<b>a</b> & 'b' \"c\"") {
				got, err := ep.std(wrap(s))
				if err != nil || got != ep.prefix+s+ep.suffix {
					kept = false
					break
				}
			}
			if want := Keeps[name] == typ; kept != want {
				t.Errorf("%s on %s: kept unchanged %v, Keeps says %v", ep.src, typ, kept, want)
			}
		}
	}
	for name := range Keeps {
		if !seen[name] {
			t.Errorf("no probe of %s alone", name)
		}
	}
}

// argLists are the argument lists the functions are called with directly.
func argLists() [][]any {
	lists := [][]any{
		{},
		{nil},
		{nil, nil},
		{"a<b", "c&d"},
		{"a", nil, "b"},
		{1, 2, "x", 3},
		{template.HTML("<b>x</b>"), template.HTML("<i>y</i>")},
		{template.URL("javascript:x"), "y"},
		{template.JS("x"), template.JS("y")},
		{stringPtr("p<"), valueStringer{"s"}, valueError{"e"}},
		{&ptrStringer{"p"}, jsonValue{"j"}},
		{[]byte("b"), 2.5, false},
	}
	for _, in := range inputs() {
		lists = append(lists, []any{in})
	}
	return lists
}

// TestFuncsMatchHTMLTemplate calls each of html/template's functions and
// ours with the same arguments, including none and several.
func TestFuncsMatchHTMLTemplate(t *testing.T) {
	t.Parallel()
	for _, name := range slices.Sorted(maps.Keys(Funcs)) {
		t.Run(name, func(t *testing.T) {
			for _, args := range argLists() {
				want, wantErr := std.call(name, slices.Clone(args)...)
				got, gotErr := catch(func() string { return Funcs[name](slices.Clone(args)...) })
				if !same(got, gotErr, want, wantErr) {
					t.Errorf("%s(%#v) = %q, %v, want %q, %v", name, args, got, gotErr, want, wantErr)
				}
			}
		})
	}
}

// fuzzKinds wraps a fuzzed string in each type html/template treats apart.
var fuzzKinds = []func(string) any{
	func(s string) any { return s },
	func(s string) any { return template.HTML(s) },
	func(s string) any { return template.HTMLAttr(s) },
	func(s string) any { return template.JS(s) },
	func(s string) any { return template.JSStr(s) },
	func(s string) any { return template.CSS(s) },
	func(s string) any { return template.URL(s) },
	func(s string) any { return template.Srcset(s) },
	func(s string) any { return &s },
	func(s string) any { return valueStringer{s} },
	func(s string) any { return stringerStr(s) },
	func(s string) any { return namedString(s) },
	func(s string) any { return len(s) },
}

// FuzzEscapers compares every probe and every function with html/template on
// fuzzed strings, plain and wrapped in each content type.
func FuzzEscapers(f *testing.F) {
	for _, s := range specials {
		f.Add(s, uint8(0))
		f.Add(s, uint8(1))
	}
	eps, err := escapedProbes()
	if err != nil {
		f.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(Funcs))
	f.Fuzz(func(t *testing.T, s string, kind uint8) {
		wrap := fuzzKinds[int(kind)%len(fuzzKinds)]
		for _, ep := range eps {
			want, wantErr := ep.std(wrap(s))
			got, gotErr := ep.ours(wrap(s))
			if !same(got, gotErr, want, wantErr) {
				t.Errorf("%s on %T(%q) = %q, %v, want %q, %v", ep.src, wrap(s), s, got, gotErr, want, wantErr)
			}
		}
		for _, name := range names {
			want, wantErr := std.call(name, wrap(s))
			got, gotErr := catch(func() string { return Funcs[name](wrap(s)) })
			if !same(got, gotErr, want, wantErr) {
				t.Errorf("%s(%T(%q)) = %q, %v, want %q, %v", name, wrap(s), s, got, gotErr, want, wantErr)
			}
			if got, ok := Typed[name](reflect.ValueOf(wrap(s))); ok && (wantErr != nil || got != want) {
				t.Errorf("Typed[%s](%T(%q)) = %q, want %q, %v", name, wrap(s), s, got, want, wantErr)
			}
			if Keeps[name] == reflect.TypeOf(wrap(s)) && (wantErr != nil || want != s) {
				t.Errorf("%s(%T(%q)) = %q, %v; Keeps says it is kept", name, wrap(s), s, want, wantErr)
			}
		}
	})
}

// BenchmarkHTMLEscaper shows what a direct call saves over the reflect call
// text/template makes.
func BenchmarkHTMLEscaper(b *testing.B) {
	for _, in := range []string{"plain text with nothing to escape", "a <b>bold</b> & \"quoted\" text"} {
		name := "plain"
		if strings.ContainsAny(in, "<&") {
			name = "specials"
		}
		b.Run(name+"/direct", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				HTMLEscaper(in)
			}
		})
		b.Run(name+"/reflect", func(b *testing.B) {
			b.ReportAllocs()
			fn := reflect.ValueOf(HTMLEscaper)
			for b.Loop() {
				// text/template makes a reflect.Value of the argument
				// for each call, as here.
				fn.Call([]reflect.Value{reflect.ValueOf(in)})
			}
		})
	}
}

// Types that Typed must leave to the function of Funcs, or format as
// html/template does.
type (
	namedString   string
	stringerStr   string
	ptrStringStr  string
	stringerInt   int
	namedInt      int
	namedBool     bool
	errorString   string
	formatterStr  string
	contentLookup template.HTML // not html/template's HTML: plain for stringify
)

func (s stringerStr) String() string               { return "stringer<" + string(s) + ">" }
func (s *ptrStringStr) String() string             { return "ptr<" + string(*s) + ">" }
func (n stringerInt) String() string               { return fmt.Sprintf("int<%d>", int(n)) }
func (e errorString) Error() string                { return "error<" + string(e) + ">" }
func (f formatterStr) Format(st fmt.State, _ rune) { fmt.Fprintf(st, "fmt<%s>", string(f)) }

// typedInputs returns the values Typed is tested on: every input, and
// values of string, integer and bool types of the program's.
func typedInputs() []any {
	in := inputs()
	for _, s := range []string{"", "plain", "<b>&</b>", "javascript:x", "a,b 2x"} {
		in = append(in, namedString(s), stringerStr(s), ptrStringStr(s), errorString(s), formatterStr(s), contentLookup(s))
	}
	in = append(in, 0, 7, 100, -123456789, int8(-8), int16(300), int32('x'), int64(1<<40),
		uint(0), uint8(255), uint16(7), uint32(1<<31), uint64(1<<63), uintptr(9),
		false, stringerInt(3), namedInt(4), namedBool(true), float32(1.5), 1e21, complex(1, 2))
	return in
}

// TestTypedMatchesHTMLTemplate calls each function of Typed, on one value
// of each type, as texec does (a reflect.Value, not of kind Interface), and
// html/template's function on the same value: when Typed takes the value,
// the results must be the same; it must take string, the content types,
// and the predeclared integer types and bool.
func TestTypedMatchesHTMLTemplate(t *testing.T) {
	t.Parallel()
	for name := range Funcs {
		if Typed[name] == nil {
			t.Errorf("Typed has no %s", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(Typed)) {
		t.Run(name, func(t *testing.T) {
			for _, in := range typedInputs() {
				v := reflect.ValueOf(in)
				if !v.IsValid() {
					continue // texec calls Typed with no invalid value
				}
				got, ok := Typed[name](v)
				if !ok {
					if mustTake(name, v.Type()) {
						t.Errorf("Typed[%s](%T) does not take it", name, in)
					}
					continue
				}
				want, wantErr := std.call(name, in)
				if wantErr != nil || got != want {
					t.Errorf("Typed[%s](%T(%#v)) = %q, want %q, %v", name, in, in, got, want, wantErr)
				}
			}
		})
	}
}

// mustTake reports whether Typed[name] must take a value of type t.
func mustTake(name string, t reflect.Type) bool {
	if _, ok := contentTypeOf(t); ok {
		return true
	}
	if name == nJSVal || t.PkgPath() != "" || t.Name() == "" {
		return false
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Bool:
		return true
	}
	return false
}

// BenchmarkURLNormalizer: a URL that needs no change costs no allocation.
func BenchmarkURLNormalizer(b *testing.B) {
	for _, in := range []string{"/points/500/#note-3", "/a b/c?d=é"} {
		b.Run(in, func(b *testing.B) {
			b.ReportAllocs()
			v := reflect.ValueOf(in)
			f := Typed[nURLNorm]
			for b.Loop() {
				f(v)
			}
		})
	}
}

// TestURLEscapeIndexTable: urlEscapeIndex finds the byte to escape that
// the standard library's switch finds, for every byte, when escaping and
// when normalizing, and for '%' before every pair of bytes.
func TestURLEscapeIndexTable(t *testing.T) {
	t.Parallel()
	var ins []string
	for c := range 256 {
		ins = append(ins, string([]byte{byte(c)}), "ab"+string([]byte{byte(c)})+"%4")
		for _, d := range "0aFg%/ " {
			ins = append(ins, "%"+string([]byte{byte(c)})+string(d), "x%"+string(d)+string([]byte{byte(c)}))
		}
	}
	ins = append(ins, "", "/points/500/#note-3", "/a b/c?d=é", "%", "%4", "%41", "a%zz")
	for _, in := range ins {
		for _, norm := range []bool{false, true} {
			for i := 0; i <= len(in); i++ {
				if got, want := urlEscapeIndex(in, i, norm), urlEscapeIndexSwitch(in, i, norm); got != want {
					t.Errorf("urlEscapeIndex(%q, %d, %v) = %d, want %d", in, i, norm, got, want)
				}
			}
		}
	}
}

// urlEscapeIndexSwitch is the standard library's byte loop of
// processURLOnto, which urlEscapeIndex does with a table.
func urlEscapeIndexSwitch(s string, i int, norm bool) int {
	// The byte loop below assumes that all URLs use UTF-8 as the
	// content-encoding. This is similar to the URI to IRI encoding scheme
	// defined in section 3.1 of  RFC 3987, and behaves the same as the
	// EcmaScript builtin encodeURIComponent.
	// It should not cause any misencoding of URLs in pages with
	// Content-type: text/html;charset=UTF-8.
	for n := len(s); i < n; i++ {
		c := s[i]
		switch c {
		// Single quote and parens are sub-delims in RFC 3986, but we
		// escape them so the output can be embedded in single
		// quoted attributes and unquoted CSS url(...) constructs.
		// Single quotes are reserved in URLs, but are only used in
		// the obsolete "mark" rule in an appendix in RFC 3986
		// so can be safely encoded.
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		// Unreserved according to RFC 3986 sec 2.3
		// "For consistency, percent-encoded octets in the ranges of
		// ALPHA (%41-%5A and %61-%7A), DIGIT (%30-%39), hyphen (%2D),
		// period (%2E), underscore (%5F), or tilde (%7E) should not be
		// created by URI producers
		case '-', '.', '_', '~':
			continue
		case '%':
			// When normalizing do not re-encode valid escapes.
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			// Unreserved according to RFC 3986 sec 2.3
			if 'a' <= c && c <= 'z' {
				continue
			}
			if 'A' <= c && c <= 'Z' {
				continue
			}
			if '0' <= c && c <= '9' {
				continue
			}
		}
		return i
	}
	return len(s)
}

// TestASCIIReplacer: asciiReplacer, which goes by bytes, returns what
// htmlReplacer returns rune by rune with badRunes true, for the tables it is
// used with: on every byte, every pair of bytes, the inputs of the other
// tests, and strings of specials, plain ASCII, runes and invalid UTF-8
// around the boundaries of the eight bytes it skips at once.
func TestASCIIReplacer(t *testing.T) {
	t.Parallel()
	tables := []struct {
		name    string
		table   []string
		special *[256]byte
	}{
		{"htmlReplacementTable", htmlReplacementTable, htmlSpecial},
		{"htmlNormReplacementTable", htmlNormReplacementTable, htmlNormSpecial},
	}
	var ins []string
	for c := range 256 {
		for d := range 256 {
			ins = append(ins, string([]byte{byte(c), byte(d)}))
		}
	}
	for _, in := range inputs() {
		if s, ok := in.(string); ok {
			ins = append(ins, s)
		}
	}
	pieces := []string{"a", "plain text ", "<", ">", "&", "\"", "'", "+", "\x00", "é", "“", "\xff", "\xe2\x80", "\uFDD0", "\uFFFE", "=", "`", " "}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		ins = append(ins, b.String())
	}
	for _, tt := range tables {
		for _, in := range ins {
			if got, want := asciiReplacer(in, tt.table, tt.special), htmlReplacer(in, tt.table, true); got != want {
				t.Fatalf("asciiReplacer(%q, %s) = %q, want %q", in, tt.name, got, want)
			}
		}
	}
}
