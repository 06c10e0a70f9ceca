package tomlfile

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/dossier-dev/dossier/internal/diag"
)

// typeErrRE matches the decoder's messages for a value of the wrong type;
// the groups name the TOML type found and where the decoder was going.
var typeErrRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:incompatible types: TOML value has type (\S+); destination has type (\S+)|type mismatch for .*: expected table but found (\S+)|parsing time "(.*)" as .*)$`)
})

// typeDiag rewrites the decoder's message msg about the value of key (with
// dots) as what the key must hold, in words, for the target v: never a Go
// type. It returns false if msg is not about a type.
func typeDiag(pos diag.Position, key, msg string, v any) (diag.Diagnostic, bool) {
	m := typeErrRE().FindStringSubmatch(msg)
	if m == nil || key == "" {
		return diag.Diagnostic{}, false
	}
	k := toml.Key(strings.Split(key, "."))
	t := fieldType(reflect.TypeOf(v), k)
	if t == nil {
		return diag.Diagnostic{}, false
	}
	found := ""
	switch {
	case m[1] != "":
		found = tomlType(m[1])
	case m[3] != "":
		found = tomlType(m[3])
	case m[4] != "":
		found = "a string"
	}
	// An entry of a list, when the value is a list.
	if m[1] != "" && isList(t) && m[2] != "slice" && m[2] != "array" {
		t = elem(t)
		d := diag.Errorf(pos, "%s must be %s, and one of them is %s", key, shape(reflect.SliceOf(t)), found)
		return d, true
	}
	d := diag.Errorf(pos, "%s must be %s, not %s", key, shape(t), found)
	last := k[len(k)-1]
	switch t = deref(t); {
	case t.Kind() == reflect.Struct && t != timeType:
		parent := fieldType(reflect.TypeOf(v), k[:len(k)-1])
		if parent != nil && deref(parent).Kind() == reflect.Map {
			d = d.WithHint("write [%s] on a line of its own, then %s below it", key, firstField(t))
		} else {
			d = d.WithHint("write [%s] on a line of its own, then its keys below it", key)
		}
	case t.Kind() == reflect.String:
		d = d.WithHint(`strings are written in quotes: %s = "…"`, last)
	case t == timeType:
		d = d.WithHint("dates are written without quotes: %s = 2025-11-24", last)
	case t.Kind() == reflect.Bool:
		d = d.WithHint("without quotes: %s = true", last)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Float64 && found == "a string":
		d = d.WithHint("numbers are written without quotes: %s = 1", last)
	}
	return d, true
}

var timeType = reflect.TypeFor[time.Time]()

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func isList(t reflect.Type) bool {
	t = deref(t)
	return t.Kind() == reflect.Slice || t.Kind() == reflect.Array
}

// tomlType names in words the type of a TOML value as the decoder gives it.
func tomlType(s string) string {
	switch {
	case s == "string":
		return "a string"
	case s == "bool":
		return "true or false"
	case strings.HasPrefix(s, "int"), strings.HasPrefix(s, "uint"):
		return "a whole number"
	case strings.HasPrefix(s, "float"):
		return "a decimal number"
	case strings.HasPrefix(s, "[]"):
		return "a list"
	case strings.HasPrefix(s, "map"):
		return "a table"
	case strings.Contains(s, "Time"), strings.Contains(s, "Local"):
		return "a date"
	}
	return "a value of another type"
}

// shape says in words what a value of the Go type t is written like.
func shape(t reflect.Type) string {
	t = deref(t)
	if t == timeType {
		return "a date such as 2025-11-24"
	}
	switch t.Kind() {
	case reflect.String:
		return `a string in quotes ("…")`
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		e := deref(t.Elem())
		switch {
		case e == timeType:
			return "a list of dates, like [2025-11-20, 2025-11-24]"
		case e.Kind() == reflect.String:
			return `a list of strings, like ["a", "b"]`
		case e.Kind() == reflect.Struct:
			return "a list of tables, each written [[…]]"
		case e.Kind() >= reflect.Int && e.Kind() <= reflect.Uint64:
			return "a list of whole numbers, like [1, 2]"
		}
		return "a list"
	case reflect.Struct:
		return "a table with " + firstField(t)
	case reflect.Map:
		if e := deref(t.Elem()); e.Kind() == reflect.Struct {
			return "a table of tables, each with " + firstField(e)
		}
		return "a table"
	}
	return "a value of another type"
}

// firstField writes the first key of the struct t with an example value:
// title = "…".
func firstField(t reflect.Type) string {
	for i := range t.NumField() {
		f := t.Field(i)
		name := tagName(f)
		if name == "" {
			continue
		}
		ft := deref(f.Type)
		switch {
		case ft == timeType:
			return name + " = 2025-11-24"
		case ft.Kind() == reflect.String:
			return fmt.Sprintf(`%s = "…"`, name)
		case ft.Kind() == reflect.Bool:
			return name + " = true"
		case ft.Kind() >= reflect.Int && ft.Kind() <= reflect.Float64:
			return name + " = 1"
		case ft.Kind() == reflect.Slice:
			return name + " = […]"
		}
		return name + " = …"
	}
	return "its keys"
}
