package markdown

import "testing"

// TestMarkersAfterPunctuation checks where a note marker and the
// punctuation after its citation go, with both parsers: the one with
// linkify splits text at each space, so white space before a citation may
// be a text of its own, and the parsers may end the text after a citation
// at different marks.
func TestMarkersAfterPunctuation(t *testing.T) {
	t.Parallel()
	const sup = `<sup class="cite">0</sup>`
	for _, c := range []struct{ src, want string }{
		{"a claim [@a].", "<p>a claim." + sup + "</p>\n"},
		{"a claim\n[@a].", "<p>a claim." + sup + "</p>\n"},
		{"a claim \n [@a].", "<p>a claim." + sup + "</p>\n"},
		{"a claim [@a]...", "<p>a claim " + sup + "…</p>\n"},
		{"a claim [@a].5", "<p>a claim " + sup + ".5</p>\n"},
		{"once: [@a], and", "<p>once: " + sup + ", and</p>\n"},
		{"a, \n [@a].", "<p>a,\n" + sup + ".</p>\n"},
		{"once: \n [@a], and", "<p>once:\n" + sup + ", and</p>\n"},
		{"a claim\\\n[@a].", "<p>a claim<br>\n." + sup + "</p>\n"},
		{"a claim [@a];. \n...", "<p>a claim " + sup + ";.\n…</p>\n"},
		{"[[26]][@a; @b];. \n...", `<p><a class="xref">0</a>` + sup + ";.\n…</p>\n"},
	} {
		m := New(Options{})
		for _, p := range []struct {
			name string
			full bool
		}{{"linkify", true}, {"plain", false}} {
			parser := m.plain
			if p.full {
				parser = m.md.Parser()
			}
			if got := renderDoc(t, m, m.parseWith(parser, []byte(c.src))); got != c.want {
				t.Errorf("%s parser: %q renders as\n%q, want\n%q", p.name, c.src, got, c.want)
			}
		}
	}
}
