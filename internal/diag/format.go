package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Format names an output form of a list of diagnostics.
type Format string

// The output forms: FormatText is one "path:line:col: message (hint)" a
// line; FormatJSON is one object a line; FormatGitHub is one workflow command
// a line, which GitHub Actions shows as an annotation on the file's line.
const (
	FormatText   Format = "text"
	FormatJSON   Format = "json"
	FormatGitHub Format = "github"
)

// ParseFormat returns the format named s.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case FormatText, FormatJSON, FormatGitHub:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q (want text, json or github)", s)
}

// jsonDiagnostic is the JSON form of a Diagnostic, one object a line.
type jsonDiagnostic struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
	Hint     string `json:"hint,omitempty"`
}

// Write writes the list to w in format f.
func (l List) Write(w io.Writer, f Format) error {
	var b strings.Builder
	for _, d := range l {
		switch f {
		case FormatJSON:
			j, err := json.Marshal(jsonDiagnostic{
				File: d.Pos.File, Line: d.Pos.Line, Col: d.Pos.Col,
				Severity: d.Severity.String(), Message: d.Msg, Hint: d.Hint,
			})
			if err != nil {
				return fmt.Errorf("encode diagnostic: %w", err)
			}
			b.Write(j)
		case FormatGitHub:
			b.WriteString(github(d))
		default:
			b.WriteString(d.String())
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// github returns d as a GitHub Actions workflow command. Properties and
// message are escaped as the runner expects (actions/toolkit command.ts).
func github(d Diagnostic) string {
	var b strings.Builder
	b.WriteString("::")
	b.WriteString(d.Severity.String())
	b.WriteString(" file=")
	b.WriteString(escapeProperty(d.Pos.File))
	if d.Pos.Line > 0 {
		fmt.Fprintf(&b, ",line=%d", d.Pos.Line)
	}
	if d.Pos.Col > 0 {
		fmt.Fprintf(&b, ",col=%d", d.Pos.Col)
	}
	b.WriteString("::")
	msg := d.Msg
	if d.Hint != "" {
		msg += " (" + d.Hint + ")"
	}
	b.WriteString(escapeData(msg))
	return b.String()
}

func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
