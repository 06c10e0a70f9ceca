package diag

import "unicode/utf8"

// CheckUTF8 returns an error diagnostic at the first byte of data, the
// contents of file, that is not UTF-8 (with its line and its column in
// characters), and false if data is all UTF-8.
func CheckUTF8(file string, data []byte) (Diagnostic, bool) {
	if utf8.Valid(data) {
		return Diagnostic{}, false
	}
	line, start := 1, 0
	i := 0
	for i < len(data) {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if data[i] == '\n' {
			line, start = line+1, i+1
		}
		i += size
	}
	col := utf8.RuneCount(data[start:i]) + 1
	hint := "save the file as UTF-8"
	if i < len(data) {
		hint = "byte " + hex(data[i]) + "; " + hint
	}
	return Errorf(Position{File: file, Line: line, Col: col}, "invalid UTF-8").WithHint("%s", hint), true
}

func hex(b byte) string {
	const digits = "0123456789abcdef"
	return "0x" + string(digits[b>>4]) + string(digits[b&15])
}
