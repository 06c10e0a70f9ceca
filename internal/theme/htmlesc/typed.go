package htmlesc

import (
	"html/template"
	"reflect"
	"strconv"
)

// Typed maps each name of Funcs to the same function for one argument given
// as a reflect.Value (not of kind Interface) rather than in an any, so that a
// caller holding the argument in a reflect.Value need not box it. The
// function reports false, having done nothing, for a value whose type
// html/template could treat otherwise than by the type's name alone (a type
// of the program's, which may have a String or Error method): then call the
// function of Funcs. It takes string, html/template's content types (HTML,
// URL, …), and the predeclared integer types and bool (which stringify
// formats with fmt.Sprint), and returns what the function of Funcs returns.
var Typed = map[string]func(v reflect.Value) (string, bool){
	"_html_template_attrescaper":      typed(attrEscaperOf),
	"_html_template_commentescaper":   typed(func(string, contentType) string { return "" }),
	"_html_template_cssescaper":       typed(cssEscaperOf),
	"_html_template_cssvaluefilter":   typed(cssValueFilterOf),
	"_html_template_htmlnamefilter":   typed(htmlNameFilterOf),
	"_html_template_htmlescaper":      typed(htmlEscaperOf),
	"_html_template_jsregexpescaper":  typed(jsRegexpEscaperOf),
	"_html_template_jsstrescaper":     typed(jsStrEscaperOf),
	"_html_template_jstmpllitescaper": typed(jsTmplLitEscaperOf),
	"_html_template_jsvalescaper":     jsValEscaperTyped,
	"_html_template_nospaceescaper":   typed(htmlNospaceEscaperOf),
	"_html_template_rcdataescaper":    typed(rcdataEscaperOf),
	"_html_template_srcsetescaper":    typed(srcsetFilterAndEscaperOf),
	"_html_template_urlescaper":       typed(func(s string, t contentType) string { return urlProcessorOf(false, s, t) }),
	"_html_template_urlfilter":        typed(urlFilterOf),
	"_html_template_urlnormalizer":    typed(func(s string, t contentType) string { return urlProcessorOf(true, s, t) }),
	// evalArgs formats one argument as stringify does, for these types
	// (fmt.Sprint, after indirectToStringerOrError, which changes nothing
	// for a value with no methods).
	"_eval_args_": typed(func(s string, _ contentType) string { return s }),
}

// Keeps maps the name of each escaper that returns a value of a type
// unchanged when it is its only argument to that type: the escaper of HTML
// text keeps a template.HTML (in no other context does html/template pass
// HTML through: an attribute, RCDATA, a script, a URL or CSS escape or
// filter it), the filter of attribute names an HTMLAttr, the escaper of JS
// values a JS, the filter of CSS values a CSS. A template executor may
// write such a value straight to its output instead of passing it through
// the escaper.
var Keeps = map[string]reflect.Type{
	"_html_template_htmlescaper":    htmlType,
	"_html_template_htmlnamefilter": htmlAttrType,
	"_html_template_jsvalescaper":   jsType,
	"_html_template_cssvaluefilter": cssType,
}

// typed returns f, a function of what stringify returns, as a function of
// Typed.
func typed(f func(string, contentType) string) func(reflect.Value) (string, bool) {
	return func(v reflect.Value) (string, bool) {
		s, ct, ok := stringifyValue(v)
		if !ok {
			return "", false
		}
		return f(s, ct), true
	}
}

// stringifyValue returns what stringify returns for one argument, held in
// v, if it is of a type that Typed takes. For a string type, stringify
// tells string and the content types by their names. Any other value is
// formatted by fmt.Sprint after indirectToStringerOrError; for the
// predeclared integer types and bool, which have no methods, that is
// strconv's decimal or true/false.
func stringifyValue(v reflect.Value) (string, contentType, bool) {
	t := v.Type()
	switch v.Kind() {
	case reflect.String:
		ct, ok := contentTypeOf(t)
		return v.String(), ct, ok
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if predeclared(t) {
			return strconv.FormatInt(v.Int(), 10), contentTypePlain, true
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if predeclared(t) {
			return strconv.FormatUint(v.Uint(), 10), contentTypePlain, true
		}
	case reflect.Bool:
		if predeclared(t) {
			return strconv.FormatBool(v.Bool()), contentTypePlain, true
		}
	}
	return "", 0, false
}

// predeclared reports whether t, of a bool or integer kind, is the
// predeclared type of its kind (int, uint8, bool, …) rather than a type of
// a package, which could have methods.
func predeclared(t reflect.Type) bool {
	// The predeclared type of t's kind: a type of these kinds is
	// predeclared or defined, never unnamed. Asking t for its PkgPath
	// and Name was 1% of the CPU time of rendering point pages.
	k := t.Kind()
	return int(k) < len(predeclaredTypes) && predeclaredTypes[k] == t
}

// predeclaredTypes holds the predeclared types of the integer and bool
// kinds, by kind.
var predeclaredTypes = [...]reflect.Type{
	reflect.Bool:   reflect.TypeFor[bool](),
	reflect.Int:    reflect.TypeFor[int](),
	reflect.Int8:   reflect.TypeFor[int8](),
	reflect.Int16:  reflect.TypeFor[int16](),
	reflect.Int32:  reflect.TypeFor[int32](),
	reflect.Int64:  reflect.TypeFor[int64](),
	reflect.Uint:   reflect.TypeFor[uint](),
	reflect.Uint8:  reflect.TypeFor[uint8](),
	reflect.Uint16: reflect.TypeFor[uint16](),
	reflect.Uint32: reflect.TypeFor[uint32](),
	reflect.Uint64: reflect.TypeFor[uint64](),
}

var (
	stringType   = reflect.TypeFor[string]()
	cssType      = reflect.TypeFor[template.CSS]()
	htmlType     = reflect.TypeFor[template.HTML]()
	htmlAttrType = reflect.TypeFor[template.HTMLAttr]()
	jsType       = reflect.TypeFor[template.JS]()
	jsStrType    = reflect.TypeFor[template.JSStr]()
	urlType      = reflect.TypeFor[template.URL]()
	srcsetType   = reflect.TypeFor[template.Srcset]()
)

// contentTypeOf returns what stringify returns as the content type of one
// argument of type t, if t is string or a content type: those are the only
// types of string kind that stringify tells by their name alone.
func contentTypeOf(t reflect.Type) (contentType, bool) {
	switch t {
	case stringType:
		return contentTypePlain, true
	case cssType:
		return contentTypeCSS, true
	case htmlType:
		return contentTypeHTML, true
	case htmlAttrType:
		return contentTypeHTMLAttr, true
	case jsType:
		return contentTypeJS, true
	case jsStrType:
		return contentTypeJSStr, true
	case urlType:
		return contentTypeURL, true
	case srcsetType:
		return contentTypeSrcset, true
	}
	return 0, false
}

// jsValEscaperTyped is Typed's jsValEscaper: for string and the content
// types only, since json.Marshal encodes a number otherwise than its
// string. JS and JSStr have their own cases; the others have no methods (no
// MarshalJSON, no String), so json.Marshal encodes them as it encodes their
// string.
func jsValEscaperTyped(v reflect.Value) (string, bool) {
	if v.Kind() != reflect.String {
		return "", false
	}
	s, ct, ok := stringifyValue(v)
	if !ok {
		return "", false
	}
	switch ct {
	case contentTypeJS:
		return s, true
	case contentTypeJSStr:
		return `"` + s + `"`, true
	}
	return jsValEscaper(s), true
}
