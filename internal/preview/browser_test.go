package preview

import (
	"slices"
	"testing"
)

func TestBrowserCommand(t *testing.T) {
	t.Parallel()
	const url = "http://localhost:1313/"
	tests := []struct {
		goos string
		want []string
	}{
		{"linux", []string{"xdg-open", url}},
		{"freebsd", []string{"xdg-open", url}},
		{"darwin", []string{"open", url}},
		{"windows", []string{"rundll32", "url.dll,FileProtocolHandler", url}},
	}
	for _, tt := range tests {
		if got := browserCommand(tt.goos, url); !slices.Equal(got, tt.want) {
			t.Errorf("browserCommand(%q) = %q, want %q", tt.goos, got, tt.want)
		}
	}
}
