package content

import "testing"

func TestCurl(t *testing.T) {
	tests := []struct{ in, want string }{
		{`plain`, `plain`},
		{`Binding, with a "Peace Council"`, `Binding, with a “Peace Council”`},
		{`Russia's no on the plant`, `Russia’s no on the plant`},
		{`aimed at 'demilitarisation and denazification' of Ukraine`, `aimed at ‘demilitarisation and denazification’ of Ukraine`},
		{`"Quoted" at the start`, `“Quoted” at the start`},
		{`the 'nineties' and '90s`, `the ‘nineties’ and ’90s`},
		{`the diplomats' changes`, `the diplomats’ changes`},
		{`("in brackets")`, `(“in brackets”)`},
		{`already “curly” and ’curly’`, `already “curly” and ’curly’`},
		{`ends with '`, `ends with ’`},
	}
	for _, tt := range tests {
		if got := curl(tt.in); got != tt.want {
			t.Errorf("curl(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
