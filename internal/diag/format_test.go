package diag

import (
	"errors"
	"strings"
	"testing"
)

func TestParseFormat(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Format
		wantErr string
	}{
		{"text", FormatText, ""},
		{"json", FormatJSON, ""},
		{"github", FormatGitHub, ""},
		{"", "", `unknown format "" (want text, json or github)`},
		{"JSON", "", `unknown format "JSON" (want text, json or github)`},
		{"xml", "", `unknown format "xml" (want text, json or github)`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseFormat(tt.in)
			if got != tt.want {
				t.Errorf("ParseFormat(%q) = %q, want %q", tt.in, got, tt.want)
			}
			gotErr := ""
			if err != nil {
				gotErr = err.Error()
			}
			if gotErr != tt.wantErr {
				t.Errorf("ParseFormat(%q) error = %q, want %q", tt.in, gotErr, tt.wantErr)
			}
		})
	}
}

// sample is a list with an error with a hint, a warning and a whole-file
// error.
var sample = List{
	Errorf(Position{File: "content/points/26.md", Line: 14, Col: 9}, "unknown source %q", "x").WithHint("did you mean %q?", "y"),
	Warningf(Position{File: "site.toml", Line: 3}, "odd"),
	Errorf(Position{File: "content/sources/Bad.md"}, "bad id"),
}

func TestWrite(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		l      List
		format Format
		want   string
	}{
		{"empty text", nil, FormatText, ""},
		{"empty json", nil, FormatJSON, ""},
		{"empty github", List{}, FormatGitHub, ""},
		{
			"text", sample, FormatText,
			`content/points/26.md:14:9: unknown source "x" (did you mean "y"?)` + "\n" +
				"site.toml:3: warning: odd\n" +
				"content/sources/Bad.md: bad id\n",
		},
		{
			"unknown format is text", sample[1:2], Format("xml"),
			"site.toml:3: warning: odd\n",
		},
		{
			"json", sample, FormatJSON,
			`{"file":"content/points/26.md","line":14,"col":9,"severity":"error","message":"unknown source \"x\"","hint":"did you mean \"y\"?"}` + "\n" +
				`{"file":"site.toml","line":3,"col":0,"severity":"warning","message":"odd"}` + "\n" +
				`{"file":"content/sources/Bad.md","line":0,"col":0,"severity":"error","message":"bad id"}` + "\n",
		},
		{
			"json escapes html and newlines",
			List{Errorf(Position{File: "a<b>.md", Line: 1, Col: 1}, "x\n&y")},
			FormatJSON,
			`{"file":"a\u003cb\u003e.md","line":1,"col":1,"severity":"error","message":"x\n\u0026y"}` + "\n",
		},
		{
			"github", sample, FormatGitHub,
			`::error file=content/points/26.md,line=14,col=9::unknown source "x" (did you mean "y"?)` + "\n" +
				"::warning file=site.toml,line=3::odd\n" +
				"::error file=content/sources/Bad.md::bad id\n",
		},
		{
			// Properties escape %, CR, LF, ':' and ','; the message only
			// %, CR and LF (actions/toolkit command.ts).
			"github escaping",
			List{Errorf(Position{File: "a:b,c%d\r\ne.md", Line: 2, Col: 3}, "50%% done: a, b\r\nnext %s", "%0A")},
			FormatGitHub,
			"::error file=a%3Ab%2Cc%25d%0D%0Ae.md,line=2,col=3::50%25 done: a, b%0D%0Anext %250A\n",
		},
		{
			"github hint is escaped with the message",
			List{Errorf(Position{File: "a.md", Line: 1}, "m").WithHint("%s", "100%\nsure")},
			FormatGitHub,
			"::error file=a.md,line=1::m (100%25%0Asure)\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			if err := tt.l.Write(&b, tt.format); err != nil {
				t.Fatalf("Write(%q) error: %v", tt.format, err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("Write(%q) = %q, want %q", tt.format, got, tt.want)
			}
		})
	}
}

type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestWriteReportsWriterError(t *testing.T) {
	t.Parallel()
	boom := errors.New("boom")
	for _, f := range []Format{FormatText, FormatJSON, FormatGitHub} {
		t.Run(string(f), func(t *testing.T) {
			t.Parallel()
			if err := sample.Write(failWriter{boom}, f); !errors.Is(err, boom) {
				t.Errorf("Write(%q) to a failing writer = %v, want %v", f, err, boom)
			}
		})
	}
}
