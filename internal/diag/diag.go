// Package diag reports problems in the files of a site: a Diagnostic is one
// problem at one position, a List collects every problem of a build so that
// they can be shown all at once, sorted by file, line and column.
//
// Every stage of the pipeline reports problems in user files through this
// package and only this package formats them. The text form is
//
//	content/points/26.md:14:9: unknown source "schorsch-linkdin" (did you mean "schorsch-linkedin"?)
//
// with the path relative to the site root, written with forward slashes, and
// 1-based line and column numbers. See format.go for the JSON and GitHub forms.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Position is a place in a file of the site: File is relative to the site
// root with forward slashes; Line and Col are 1-based. A zero Line means the
// file as a whole; a zero Col means the line as a whole.
type Position struct {
	File string
	Line int
	Col  int
}

// String returns the position as path:line:col, dropping the parts that are
// zero.
func (p Position) String() string {
	switch {
	case p.Line <= 0:
		return p.File
	case p.Col <= 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Compare orders positions by file, then line, then column.
func (p Position) Compare(q Position) int {
	if c := strings.Compare(p.File, q.File); c != 0 {
		return c
	}
	if c := cmp.Compare(p.Line, q.Line); c != 0 {
		return c
	}
	return cmp.Compare(p.Col, q.Col)
}

// Severity tells whether a diagnostic fails the build.
type Severity int

// The severities. The zero value is Error, so that a diagnostic made without
// one fails the build.
const (
	Error Severity = iota
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem at one position: a message that says what is
// wrong and, where one helps, a hint that says what to do.
type Diagnostic struct {
	Pos      Position
	Severity Severity
	Msg      string
	Hint     string
}

// Errorf returns an error diagnostic at pos with a formatted message.
func Errorf(pos Position, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Warningf returns a warning diagnostic at pos with a formatted message.
func Warningf(pos Position, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Severity: Warning, Msg: fmt.Sprintf(format, args...)}
}

// WithHint returns d with a formatted hint.
func (d Diagnostic) WithHint(format string, args ...any) Diagnostic {
	d.Hint = fmt.Sprintf(format, args...)
	return d
}

// String returns the diagnostic as "path:line:col: message (hint)"; a
// warning's message starts with "warning: ".
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	if d.Hint != "" {
		b.WriteString(" (")
		b.WriteString(d.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// List is the diagnostics of a build. Its zero value is empty and ready to
// use. A List is also an error, so that a stage can return it as one.
type List []Diagnostic

// Add appends diagnostics to the list.
func (l *List) Add(d ...Diagnostic) {
	*l = append(*l, d...)
}

// Errorf appends an error diagnostic at pos with a formatted message.
func (l *List) Errorf(pos Position, format string, args ...any) {
	l.Add(Errorf(pos, format, args...))
}

// Sort orders the list by position, then message, and drops exact
// duplicates, which arise when two stages see the same fault.
func (l *List) Sort() {
	// Severity and hint break ties too, so that exact duplicates end up
	// next to each other for Compact, and the order does not depend on
	// the order of the input.
	slices.SortStableFunc(*l, func(a, b Diagnostic) int {
		return cmp.Or(
			a.Pos.Compare(b.Pos),
			strings.Compare(a.Msg, b.Msg),
			cmp.Compare(a.Severity, b.Severity),
			strings.Compare(a.Hint, b.Hint),
		)
	})
	*l = slices.Compact(*l)
}

// ErrorsFirst returns the errors of the list, then its warnings, each in
// the order of the list, so that what fails a build is read first.
func (l List) ErrorsFirst() List {
	out := make(List, 0, len(l))
	for _, d := range l {
		if d.Severity != Warning {
			out = append(out, d)
		}
	}
	for _, d := range l {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// HasErrors reports whether any diagnostic in the list is an error.
func (l List) HasErrors() bool {
	return slices.ContainsFunc(l, func(d Diagnostic) bool { return d.Severity == Error })
}

// Errors returns the number of error diagnostics in the list.
func (l List) Errors() int {
	n := 0
	for _, d := range l {
		if d.Severity == Error {
			n++
		}
	}
	return n
}

// Error returns the diagnostics one per line, so that a List can be returned
// as an error.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.String())
	}
	return b.String()
}

// Err returns the list as an error if it holds an error diagnostic, and nil
// otherwise.
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return l
}
