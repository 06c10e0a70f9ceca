package preview

import "testing"

func TestInject(t *testing.T) {
	t.Parallel()
	tag := `<script src="/_dossier/live.js" data-page="a/index.html" data-build="x.1" defer></script>` + "\n"
	tests := []struct {
		name, page, want string
	}{
		{"before body", "<p>x</p></body></html>", "<p>x</p>" + tag + "</body></html>"},
		{"upper case", "<P>x</P></BODY></HTML>", "<P>x</P>" + tag + "</BODY></HTML>"},
		{"the last body", "<pre>&lt;/body></pre></body>\n", "<pre>&lt;/body></pre>" + tag + "</body>\n"},
		{"a body in a comment first", "<!-- </body> --><p>x</p></body>", "<!-- </body> --><p>x</p>" + tag + "</body>"},
		{"no body", "<p>x</p>", "<p>x</p>" + tag},
		{"empty", "", tag},
	}
	for _, tt := range tests {
		if got := string(inject([]byte(tt.page), "a/index.html", "x.1")); got != tt.want {
			t.Errorf("%s: inject(%q) = %q, want %q", tt.name, tt.page, got, tt.want)
		}
	}
}

func TestScriptTagEscapes(t *testing.T) {
	t.Parallel()
	want := `<script src="/_dossier/live.js" data-page="a&#34;b&lt;/index.html" data-build="x.1" defer></script>`
	if got := scriptTag(`a"b</index.html`, "x.1"); got != want {
		t.Errorf("scriptTag = %q, want %q", got, want)
	}
}

func TestCleanPath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		path, want string
	}{
		{"/", "/"},
		{"/points/1/", "/points/1/"},
		{"/points/1", "/points/1"},
		{"/points//1/", "/points/1/"},
		{"/points/./1", "/points/1"},
		{"/a/../points/1/", "/points/1/"},
		{"/../x", "/x"},
		{"", "/"},
	}
	for _, tt := range tests {
		if got := cleanPath(tt.path); got != tt.want {
			t.Errorf("cleanPath(%q) = %q, want %q", tt.path, got, tt.want)
		}
	}
}

func TestContentType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, data, want string
	}{
		{"index.html", "", "text/html; charset=utf-8"},
		{"style.1a2b3c4d.css", "", "text/css; charset=utf-8"},
		{"dossier.1a2b3c4d.js", "", "text/javascript; charset=utf-8"},
		{"sitemap.xml", "", "application/xml; charset=utf-8"},
		{"robots.txt", "", "text/plain; charset=utf-8"},
		{"favicon.svg", "", "image/svg+xml"},
		{"img/MAP.PNG", "", "image/png"},
		{"notes/README", "plain words", "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		if got := contentType(tt.name, []byte(tt.data)); got != tt.want {
			t.Errorf("contentType(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}
