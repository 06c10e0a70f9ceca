// Package htmlesc holds html/template's contextual escaper functions as plain
// Go functions, so that a template executor in the render stage
// (internal/theme) can call them directly, without reflect. html/template
// inserts these functions into the parse trees of escaped templates under the
// names _html_template_* (and _eval_args_), but does not export them.
//
// The functions are exact copies of Go 1.26.8's src/html/template (content.go,
// html.go, attr.go, url.go, js.go, css.go, and the parts of context.go,
// transition.go, escape.go and error.go that they need), under the Go
// authors' licence in LICENSE. The copied files keep their names and the
// names inside them, so that a diff against the standard library is short.
// The only changes:
//
//   - the content types are html/template's own (template.HTML, template.JS,
//     …), so stringify recognises exactly the values html/template does;
//   - errors inside stripTags's transition functions are *template.Error,
//     built by a copy of errorf;
//   - unused code (String methods other than state's, context methods,
//     isJSType) is left out;
//   - each escaper that begins with stringify is split there: its body is
//     xOf(s, contentType), which Typed calls too;
//   - htmlReplacer and urlProcessor build nothing when nothing changes;
//     the escapers of HTML text, RCDATA and quoted attributes, whose tables
//     replace only ASCII, replace bytes (asciiReplacer) rather than runes
//     (htmlReplacer); urlEscapeIndex, processURLOnto's loop over the bytes,
//     looks them up in a table; and processURLOnto writes its escapes
//     without fmt (marked in the code).
//
// The oracle tests run each function against html/template itself; when Go
// is upgraded, compare the copies with the new src/html/template and run the
// tests (including FuzzEscapers) again.
//
// Like the originals, the functions may overwrite the elements of args, as
// text/template's reflect calls pass each call a fresh slice.
package htmlesc

// Funcs maps each name under which html/template inserts an escaper into an
// escaped parse tree to that function.
var Funcs = map[string]func(args ...any) string{
	"_html_template_attrescaper":      AttrEscaper,
	"_html_template_commentescaper":   CommentEscaper,
	"_html_template_cssescaper":       CSSEscaper,
	"_html_template_cssvaluefilter":   CSSValueFilter,
	"_html_template_htmlnamefilter":   HTMLNameFilter,
	"_html_template_htmlescaper":      HTMLEscaper,
	"_html_template_jsregexpescaper":  JSRegexpEscaper,
	"_html_template_jsstrescaper":     JSStrEscaper,
	"_html_template_jstmpllitescaper": JSTmplLitEscaper,
	"_html_template_jsvalescaper":     JSValEscaper,
	"_html_template_nospaceescaper":   HTMLNospaceEscaper,
	"_html_template_rcdataescaper":    RCDATAEscaper,
	"_html_template_srcsetescaper":    SrcsetFilterAndEscaper,
	"_html_template_urlescaper":       URLEscaper,
	"_html_template_urlfilter":        URLFilter,
	"_html_template_urlnormalizer":    URLNormalizer,
	"_eval_args_":                     EvalArgs,
}

// AttrEscaper is _html_template_attrescaper: it escapes for inclusion in
// quoted attribute values.
func AttrEscaper(args ...any) string { return attrEscaper(args...) }

// CommentEscaper is _html_template_commentescaper: it returns the empty
// string regardless of input.
func CommentEscaper(args ...any) string { return commentEscaper(args...) }

// CSSEscaper is _html_template_cssescaper: it escapes HTML and CSS special
// characters using \<hex>+ escapes.
func CSSEscaper(args ...any) string { return cssEscaper(args...) }

// CSSValueFilter is _html_template_cssvaluefilter: it allows innocuous CSS
// values and replaces anything else with ZgotmplZ.
func CSSValueFilter(args ...any) string { return cssValueFilter(args...) }

// HTMLNameFilter is _html_template_htmlnamefilter: it accepts valid parts of
// an HTML attribute or tag name or a known-safe HTML attribute.
func HTMLNameFilter(args ...any) string { return htmlNameFilter(args...) }

// HTMLEscaper is _html_template_htmlescaper: it escapes for inclusion in HTML
// text. It is not text/template's HTMLEscaper (the "html" function), which
// escapes template.HTML values too.
func HTMLEscaper(args ...any) string { return htmlEscaper(args...) }

// JSRegexpEscaper is _html_template_jsregexpescaper: it escapes for inclusion
// in a JavaScript regular expression literal.
func JSRegexpEscaper(args ...any) string { return jsRegexpEscaper(args...) }

// JSStrEscaper is _html_template_jsstrescaper: it escapes for inclusion
// between quotes in JavaScript source.
func JSStrEscaper(args ...any) string { return jsStrEscaper(args...) }

// JSTmplLitEscaper is _html_template_jstmpllitescaper: it escapes for
// inclusion in a JavaScript template literal.
func JSTmplLitEscaper(args ...any) string { return jsTmplLitEscaper(args...) }

// JSValEscaper is _html_template_jsvalescaper: it escapes its inputs to a
// JavaScript expression, in general as JSON.
func JSValEscaper(args ...any) string { return jsValEscaper(args...) }

// HTMLNospaceEscaper is _html_template_nospaceescaper: it escapes for
// inclusion in unquoted attribute values.
func HTMLNospaceEscaper(args ...any) string { return htmlNospaceEscaper(args...) }

// RCDATAEscaper is _html_template_rcdataescaper: it escapes for inclusion in
// an RCDATA element body (<title>, <textarea>).
func RCDATAEscaper(args ...any) string { return rcdataEscaper(args...) }

// SrcsetFilterAndEscaper is _html_template_srcsetescaper: it filters and
// normalizes srcset values.
func SrcsetFilterAndEscaper(args ...any) string { return srcsetFilterAndEscaper(args...) }

// URLEscaper is _html_template_urlescaper: it produces an output that can be
// embedded in a URL query.
func URLEscaper(args ...any) string { return urlEscaper(args...) }

// URLFilter is _html_template_urlfilter: it returns its input unless it has
// an unsafe scheme, in which case it returns #ZgotmplZ.
func URLFilter(args ...any) string { return urlFilter(args...) }

// URLNormalizer is _html_template_urlnormalizer: it normalizes URL content so
// it can be embedded in a quote-delimited string or url(...).
func URLNormalizer(args ...any) string { return urlNormalizer(args...) }

// EvalArgs is _eval_args_: it formats its arguments as fmt.Sprint does, after
// dereferencing pointers to values that are neither fmt.Stringer nor error.
func EvalArgs(args ...any) string { return evalArgs(args...) }
