// Package texec executes text/template parse trees, as text/template
// does, to the same output and the same errors, with less reflect: it is
// the executor of the render stage (internal/theme) for the trees that
// html/template has parsed and escaped. It knows only the trees and
// functions it is given (a Set and a Funcs), not html/template: parsing,
// escaping and the security model stay html/template's.
//
// It is a fork of Go 1.26's text/template (exec.go, and the builtins of
// funcs.go; the map ordering of internal/fmtsort), under the Go authors'
// licence in LICENSE. When Go is upgraded, compare exec.go and funcs.go
// with the new src/text/template and run the tests, which compare texec
// with text/template on a corpus of templates.
package texec
