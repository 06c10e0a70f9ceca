package markdown

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestCSS(t *testing.T) {
	t.Parallel()
	css, err := CSS("github", "monokai")
	if err != nil {
		t.Fatalf("CSS(github, monokai): %v", err)
	}
	got := string(css)
	for _, want := range []string{
		".chroma { ",
		".chroma .k { color: #cf222e }", // github's keywords
		`:root[data-theme="dark"] .chroma { `,
		`:root[data-theme="dark"] .chroma .k { color: #66d9ef }`, // monokai's keywords
		"@media (prefers-color-scheme: dark) {\n",
		`  :root:not([data-theme="light"]) .chroma .k { color: #66d9ef }`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("CSS(github, monokai) = %s\nwant it to contain %q", got, want)
		}
	}
	if strings.Count(got, "{") != strings.Count(got, "}") {
		t.Errorf("CSS(github, monokai) has unbalanced braces:\n%s", got)
	}

	// Every property that a light rule sets, the dark rules set too, so
	// that no light colour or weight shows through in dark mode.
	var light, dark, system []cssRule
	for line := range strings.Lines(got) {
		switch {
		case strings.HasPrefix(line, darkSelector+" "):
			dark = append(dark, parseRules(strings.TrimPrefix(line, darkSelector+" "))...)
		case strings.HasPrefix(line, "  "+systemSelector+" "):
			system = append(system, parseRules(strings.TrimPrefix(line, "  "+systemSelector+" "))...)
		case strings.HasPrefix(line, ".") || strings.HasPrefix(line, ":"):
			light = append(light, parseRules(line)...)
		}
	}
	if !reflect.DeepEqual(dark, system) {
		t.Errorf("CSS(github, monokai): the rules under %s differ from those under %s", darkSelector, systemSelector)
	}
	for _, l := range light {
		i := slices.IndexFunc(dark, func(r cssRule) bool { return r.selector == l.selector })
		if i < 0 {
			t.Errorf("CSS(github, monokai): no dark rule for %s", l.selector)
			continue
		}
		for _, d := range l.decls {
			if !slices.ContainsFunc(dark[i].decls, func(e cssDecl) bool { return e.prop == d.prop }) {
				t.Errorf("CSS(github, monokai): dark rule for %s does not set %s", l.selector, d.prop)
			}
		}
	}
	nl := slices.IndexFunc(dark, func(r cssRule) bool { return r.selector == ".chroma .nl" })
	if want := (cssDecl{"font-weight", "inherit"}); nl < 0 || !slices.Contains(dark[nl].decls, want) {
		t.Errorf("CSS(github, monokai): dark rule for .chroma .nl does not undo github's bold labels")
	}
}

func TestCSSUnknownStyle(t *testing.T) {
	t.Parallel()
	tests := []struct {
		light, dark string
		want        string
	}{
		{"githib", "monokai", `unknown highlighting style "githib" (did you mean "github"`},
		{"github", "monokia", `unknown highlighting style "monokia" (did you mean "monokai"`},
		{"github", "zzzzzzzzzzzz", `unknown highlighting style "zzzzzzzzzzzz"`},
	}
	for _, tt := range tests {
		_, err := CSS(tt.light, tt.dark)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("CSS(%q, %q) = %v, want an error containing %q", tt.light, tt.dark, err, tt.want)
		}
	}
}

func TestCSSIgnoresCase(t *testing.T) {
	t.Parallel()
	if _, err := CSS("GitHub", "Monokai"); err != nil {
		t.Errorf("CSS(GitHub, Monokai): %v", err)
	}
}

func TestStyles(t *testing.T) {
	t.Parallel()
	got := Styles()
	if !slices.IsSorted(got) {
		t.Errorf("Styles() = %q, want it sorted", got)
	}
	for _, want := range []string{"github", "github-dark", "monokai"} {
		if !slices.Contains(got, want) {
			t.Errorf("Styles() = %q, want it to contain %q", got, want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	t.Parallel()
	names := []string{"dracula", "github", "github-dark", "monokai", "monokailight"}
	tests := []struct{ name, want string }{
		{"drakula", ` (did you mean "dracula"?)`},
		{"github-drak", ` (did you mean "github-dark" or "github"?)`},
		{"monokai-light", ` (did you mean "monokailight" or "monokai"?)`},
		{"xyzzy", ""},
	}
	for _, tt := range tests {
		if got := didYouMean(tt.name, names); got != tt.want {
			t.Errorf("didYouMean(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
