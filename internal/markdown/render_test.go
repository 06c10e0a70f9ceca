package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

// render parses and renders src with m and h.
func render(t *testing.T, m *Markdown, src string, h Hooks) string {
	t.Helper()
	var b bytes.Buffer
	if err := m.Render(&b, m.Parse([]byte(src)), h); err != nil {
		t.Fatalf("Render(%q): %v", src, err)
	}
	return b.String()
}

// testHooks are hooks whose output shows what they were called with.
var testHooks = Hooks{
	Cite: func(w io.Writer, i int) error {
		_, err := fmt.Fprintf(w, `<sup class="cite">%d</sup>`, i)
		return err
	},
	Xref: func(w io.Writer, i int) error {
		_, err := fmt.Fprintf(w, `<a class="xref">%d</a>`, i)
		return err
	},
	URL: func(dest string) string {
		if strings.HasPrefix(dest, "/") && !strings.HasPrefix(dest, "//") {
			return "/base" + dest
		}
		return dest
	},
}

func TestRender(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		unsafe bool
		hooks  Hooks
		src    string
		want   []string // substrings of the output
		not    []string // strings the output must not contain
	}{
		{
			name:  "cite and xref hooks",
			hooks: testHooks,
			src:   "a [@x] b [[26]] c [@y, ¶2] d [[27|l]]",
			want:  []string{`<p>a <sup class="cite">0</sup> b <a class="xref">0</a> c <sup class="cite">1</sup> d <a class="xref">1</a></p>`},
		},
		{
			name: "nil hooks",
			src:  "a [@x] b [[26]] c [[27|the <amnesty>]]",
			want: []string{"<p>a  b 26 c the &lt;amnesty&gt;</p>"},
		},
		{
			name: "raw HTML escaped",
			src:  "a <b onclick=\"x()\">bold</b> c\n\n<div>\n<script>alert(1)</script>\n</div>\n\n<!-- note -->",
			want: []string{
				"<p>a &lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt; c</p>",
				"<p>&lt;div&gt;\n&lt;script&gt;alert(1)&lt;/script&gt;\n&lt;/div&gt;</p>",
				"<p>&lt;!-- note --&gt;</p>",
			},
			not: []string{"<b", "<div", "<script", "<!--"},
		},
		{
			name:   "raw HTML unsafe",
			unsafe: true,
			src:    "a <b>bold</b> c\n\n<div>\n<em>x</em>\n</div>",
			want:   []string{"<p>a <b>bold</b> c</p>", "<div>\n<em>x</em>\n</div>"},
		},
		{
			name:  "URL hook",
			hooks: testHooks,
			src:   "[a](/points/26/) ![i](/img/a.png) [r][ref] <https://example.com/x> [f](#p3) [rel](../x/)\n\n[ref]: /sources/x/",
			want: []string{
				`<a href="/base/points/26/">a</a>`,
				`<img src="/base/img/a.png" alt="i">`,
				`<a href="/base/sources/x/">r</a>`,
				`<a href="https://example.com/x">https://example.com/x</a>`,
				`<a href="#p3">f</a>`,
				`<a href="../x/">rel</a>`,
			},
		},
		{
			name: "URL escaping",
			src:  `[a](/a&amp;b?x="y"&z=ü) [t](/t "a \"title\"")`,
			want: []string{`<a href="/a&amp;b?x=%22y%22&amp;z=%C3%BC">a</a>`, `<a href="/t" title="a &quot;title&quot;">t</a>`},
		},
		{
			name: "allowed schemes",
			src:  "[h](http://a.org) [s](HTTPS://a.org) [m](mailto:a@b.org) [n](//cdn.org/x) <a@b.org> www.a.org",
			want: []string{
				`<a href="http://a.org">h</a>`,
				`<a href="HTTPS://a.org">s</a>`,
				`<a href="mailto:a@b.org">m</a>`,
				`<a href="//cdn.org/x">n</a>`,
				`<a href="mailto:a@b.org">a@b.org</a>`,
				`<a href="http://www.a.org">www.a.org</a>`,
			},
		},
		{
			name:   "bad schemes are never written",
			unsafe: true,
			src: "[j](javascript:alert(1)) [J](JavaScript:alert(1)) [e](&#106;avascript:alert(1)) [v](vbscript:x) " +
				"[f](file:///etc/passwd) [t](ftp://a.org) ![d](data:image/png;base64,AAAA) <javascript:alert(1)> ftp://b.org " +
				"[r][bad]\n\n[bad]: javascript:alert(2)",
			want: []string{"<p>j J e v f t d javascript:alert(1) ftp://b.org r</p>"},
			not:  []string{"href", "src", "<a", "<img"},
		},
		{
			name: "highlighted code uses classes",
			src:  "```go\nfunc main() { return }\n```",
			want: []string{`<pre class="chroma"><code>`, `<span class="kd">func</span>`, `<span class="nf">main</span>`},
			not:  []string{"style="},
		},
		{
			name: "code without language",
			src:  "```\n<b>x</b> [@x] [[2]]\n```",
			want: []string{"<pre><code>&lt;b&gt;x&lt;/b&gt; [@x] [[2]]\n</code></pre>"},
		},
		{
			name: "code in unknown language",
			src:  "```nosuchlanguage\n<b>x</b>\n```",
			want: []string{`<pre><code class="language-nosuchlanguage">&lt;b&gt;x&lt;/b&gt;` + "\n</code></pre>"},
		},
		{
			name: "indented code",
			src:  "    <b>x</b>",
			want: []string{"<pre><code>&lt;b&gt;x&lt;/b&gt;\n</code></pre>"},
		},
		{
			name: "GFM and typography",
			src:  "| a |\n|---|\n| ~~b~~ |\n\n- [x] done\n\n\"Quoted\" -- it's... https://example.org",
			want: []string{
				"<td><del>b</del></td>",
				`<input checked="" disabled="" type="checkbox"> done`,
				"“Quoted” – it’s…",
				`<a href="https://example.org">https://example.org</a>`,
			},
		},
		{
			name: "heading ids",
			src:  "# Blanket amnesty\n\n## Blanket amnesty",
			want: []string{`<h1 id="blanket-amnesty">Blanket amnesty</h1>`, `<h2 id="blanket-amnesty-1">`},
		},
		{
			name:  "image with citation in its description",
			hooks: testHooks,
			src:   `![map [@x] of [[3]]](/m.png)`,
			want:  []string{`<img src="/base/m.png" alt="map of 3">`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := render(t, New(Options{Unsafe: tt.unsafe}), tt.src, tt.hooks)
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tt.src, got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("Render(%q) = %q, want no %q", tt.src, got, n)
				}
			}
		})
	}
}

func TestBadSchemesAreProblems(t *testing.T) {
	t.Parallel()
	tests := []struct {
		src, scheme string
	}{
		{"[j](javascript:alert(1))", "javascript"},
		{"[j](JavaScript:alert(1))", "javascript"},
		{"[j](&#106;avascript:alert(1))", "javascript"},
		{"[j](<java\tscript:alert(1)>)", "javascript"},
		{"![d](data:image/png;base64,AAAA)", "data"},
		{"[f](file:///etc/passwd)", "file"},
		{"[f](ftp://example.org)", "ftp"},
		{"[v](vbscript:x)", "vbscript"},
		{"<javascript:alert(1)>", "javascript"},
		{"[r][x]\n\n[x]: data:text/html,hi", "data"},
	}
	m := New(Options{})
	for _, tt := range tests {
		t.Run(tt.scheme, func(t *testing.T) {
			t.Parallel()
			d := m.Parse([]byte(tt.src))
			want := Problem{Offset: 0, Msg: `URL scheme "` + tt.scheme + `" not allowed`, Hint: "use http, https or mailto"}
			if len(d.Problems) != 1 || d.Problems[0] != want {
				t.Errorf("Parse(%q).Problems = %+v, want [%+v]", tt.src, d.Problems, want)
			}
		})
	}
}

func TestRenderHookError(t *testing.T) {
	t.Parallel()
	m := New(Options{})
	errHook := errors.New("no such source")
	for _, h := range []Hooks{
		{Cite: func(io.Writer, int) error { return errHook }},
		{Xref: func(io.Writer, int) error { return errHook }},
	} {
		err := m.Render(io.Discard, m.Parse([]byte("a [@x] [[1]]")), h)
		if !errors.Is(err, errHook) {
			t.Errorf("Render with a failing hook = %v, want %v", err, errHook)
		}
	}
	if err := m.Render(io.Discard, &Doc{}, Hooks{}); err == nil {
		t.Errorf("Render(&Doc{}) = nil, want an error")
	}
}
