package diag

import "testing"

func TestCheckUTF8(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, want string
	}{
		{"valid", "héllo\nwörld\n", ""},
		{"first byte", "\xff", "a.md:1:1: invalid UTF-8 (byte 0xff; save the file as UTF-8)"},
		{"column in characters", "ok\nél\xe9ve\n", "a.md:2:3: invalid UTF-8 (byte 0xe9; save the file as UTF-8)"},
		{"cut sequence at the end", "abc\xe2\x80", "a.md:1:4: invalid UTF-8 (byte 0xe2; save the file as UTF-8)"},
		{"surrogate", "x\xed\xa0\x80", "a.md:1:2: invalid UTF-8 (byte 0xed; save the file as UTF-8)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, bad := CheckUTF8("a.md", []byte(tt.data))
			got := ""
			if bad {
				got = d.String()
			}
			if got != tt.want {
				t.Errorf("CheckUTF8(%q) = %q, want %q", tt.data, got, tt.want)
			}
		})
	}
}
