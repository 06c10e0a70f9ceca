package xref

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/dossier-dev/dossier/internal/config"
	"github.com/dossier-dev/dossier/internal/content"
	"github.com/dossier-dev/dossier/internal/markdown"
	"github.com/dossier-dev/dossier/internal/seed"
)

// TestSentenceAtOnce checks that pages asking for a note's sentence at
// once all get it (run with -race), and that asking with other arguments
// gives their answer.
func TestSentenceAtOnce(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"content/points/01.md": {Data: []byte("+++\nnumber = 1\ntitle = \"One\"\nbucket = \"b\"\nsummary = \"S.\"\n+++\nOne two three four five [@s, \"war crimes\"].\n")},
		"content/sources/s.md": {Data: []byte("+++\ntitle = \"Report\"\nseed = \"s.txt\"\n+++\n")},
	}
	cfg, _ := config.Parse("site.toml", []byte("title = \"T\"\n[buckets.b]\ntitle = \"B\"\n"))
	cs, diags, err := content.Load(context.Background(), fsys, content.Options{})
	if err != nil || len(diags) > 0 {
		t.Fatal(err, diags)
	}
	sd := seed.Parse("seeds/s.txt", []byte("Headline\nThey spoke of war crimes.\n"))
	m, diags, err := Resolve(context.Background(), Input{Config: cfg, Content: cs, Seeds: []*seed.Seed{sd}, Markdown: markdown.New(markdown.Options{})})
	if err != nil || diags.HasErrors() {
		t.Fatal(err, diags)
	}
	n := m.Points[0].Doc.Notes[0]
	const long, short = "One two three four five.", "…four five."
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if got := n.Sentence("point", 30); got != long {
				t.Errorf("Sentence(point, 30) = %q, want %q", got, long)
			}
		})
	}
	wg.Wait()
	if got := n.Sentence("point", 2); got != short {
		t.Errorf("Sentence(point, 2) after (point, 30) = %q, want %q", got, short)
	}
	if got := n.Sentence("point", 30); got != long {
		t.Errorf("Sentence(point, 30) after (point, 2) = %q, want %q", got, long)
	}
	// A note in no prose has none.
	bare := &Note{Page: n.Page, Source: n.Source}
	if got := bare.Sentence("point", 30); got != "" {
		t.Errorf("Sentence of a note in no prose = %q, want \"\"", got)
	}
}

// FuzzSentenceAt holds sentenceAt to the code it replaced, which made the
// text plain with regular expressions (oldPlainMarkdown) and counted words
// with strings.Fields.
func FuzzSentenceAt(f *testing.F) {
	for _, s := range []string{
		"First one. The plan was amended.  Then more.",
		"It says \"no\"  and then stops. Next.",
		"**treaty.** Across [[2]] and [[3|the dam]] [a](b) say\n- this, that ; and : so . Then.",
		"One two three four five six .",
		" \t\v\f\r\u00a0\u0085 words\u2003here \xff. ",
		"He said \"stop.\" Then it went on ? Yes! (No.) ‘It’s’ done.” Next",
	} {
		for _, m := range []uint16{0, 10, 30} {
			f.Add(s, m, "point", uint8(30))
			f.Add(s, m, "", uint8(3))
		}
	}
	f.Fuzz(func(t *testing.T, text string, mark uint16, word string, maxWords uint8) {
		m := int(mark) % (len(text) + 1)
		w := int(maxWords % 40)
		want := oldSentenceAt(text, m, word, w)
		if got := sentenceAt(text, m, word, w); got != want {
			t.Errorf("sentenceAt(%q, %d, %q, %d) = %q, want %q", text, m, word, w, got, want)
		}
	})
}

func oldSentenceAt(text string, mark int, word string, maxWords int) string {
	before := oldSpaced(oldPlainMarkdown(text[:mark], word))
	after := oldSpaced(oldPlainMarkdown(text[mark:], word))
	trimmed := strings.TrimRight(before, " ")
	if oldEndsSentence(trimmed) {
		before, after = trimmed, ""
	}
	if i := oldLastStop(before); i >= 0 {
		before = before[i:]
	}
	if i := oldNextStop(after); i >= 0 {
		after = after[:i]
	}
	s := strings.Join(strings.Fields(before+after), " ")
	s = strings.ReplaceAll(s, " .", ".")
	s = strings.ReplaceAll(s, " ,", ",")
	s = strings.ReplaceAll(s, " ;", ";")
	s = strings.ReplaceAll(s, " :", ":")
	s = oldInnerQuotes(s)
	if words := strings.Fields(s); len(words) > maxWords {
		s = "…" + strings.Join(words[len(words)-maxWords:], " ")
	}
	return s
}

// oldEndsSentence, oldLastStop and oldNextStop are endsSentence, lastStop
// and nextStop as they were, a byte at a time, so that oldSentenceAt
// shares no search for sentence ends with what it checks.
func oldEndsSentence(s string) bool {
	i := strings.LastIndexAny(s, ".?!")
	if i < 0 {
		return false
	}
	j, ok := stopAt(s, i)
	return ok && j == len(s)
}

func oldLastStop(s string) int {
	for i := len(s) - 2; i >= 0; i-- {
		if j, ok := stopAt(s, i); ok && j < len(s) {
			return j + 1
		}
	}
	return -1
}

func oldNextStop(s string) int {
	for i := range len(s) {
		if j, ok := stopAt(s, i); ok {
			return j
		}
	}
	return -1
}

// FuzzFields holds fields, spaced, lastBlankLine and tidy to the code
// they replaced.
func FuzzFields(f *testing.F) {
	for _, s := range []string{
		"", " ", "a b", " a  b\n", "\u00a0", " \u00a0x\u2003y \xff\v", "a .b , c; d : \"e\" (\"f\" [\"g\".",
		"\n\nx\n\n\ny\n", "\t\"q\" . ,",
		"abcdefg  hijklmnop qrstuvwxyz.", "abcdefgh  ijklmnopq rstuvwxyz", "a bcdefghijklmno\tpq rstuvwxy",
		"one two three four five six seven\x7f eight nine\u00e9 ten eleven twelve ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := fields(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("fields(%q) = %q, want %q", s, got, want)
		}
		if got, want := spaced(s), oldSpaced(s); got != want {
			t.Errorf("spaced(%q) = %q, want %q", s, got, want)
		}
		if got, want := lastBlankLine([]byte(s)), strings.LastIndex(s, "\n\n"); got != want {
			t.Errorf("lastBlankLine(%q) = %d, want %d", s, got, want)
		}
		words := strings.Join(strings.Fields(s), " ")
		want := words
		for _, p := range []string{".", ",", ";", ":"} {
			want = strings.ReplaceAll(want, " "+p, p)
		}
		if got, want := tidy(words), oldInnerQuotes(want); got != want {
			t.Errorf("tidy(%q) = %q, want %q", words, got, want)
		}
	})
}

// oldSpaced is spaced as it was, with strings.Fields.
func oldSpaced(s string) string {
	f := strings.Join(strings.Fields(s), " ")
	if f == "" {
		return s[:min(len(s), 1)]
	}
	if strings.TrimLeft(s[:1], " \t\n") == "" {
		f = " " + f
	}
	if strings.TrimRight(s[len(s)-1:], " \t\n") == "" {
		f += " "
	}
	return f
}

// oldInnerQuotes is innerQuotes as it was, before tidy took its place.
func oldInnerQuotes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			b.WriteByte(s[i])
			continue
		}
		if i == 0 || strings.IndexByte(" ([", s[i-1]) >= 0 {
			b.WriteString("‘")
		} else {
			b.WriteString("’")
		}
	}
	return b.String()
}

// OldSentence is Note.Sentence as it was before it was made fast: the
// note's prose found by walking every note of its page, the whole block
// made as text without its citations, and oldSentenceAt, which made it
// plain with regular expressions. TestSentenceOracle holds Sentence to
// it.
var OldSentence = oldSentence

func oldSentence(n *Note, word string, maxWords int) string {
	if n.Page == nil {
		return ""
	}
	var pr *Prose
	at := -1
	for _, p := range n.Page.Proses {
		if i := citeOf(p, n); i >= 0 {
			pr, at = p, p.Doc.Cites[i].Offset
			break
		}
	}
	if pr == nil {
		return ""
	}
	src := pr.Doc.Src
	// The block: back to the blank line before, on to the one after.
	from := bytes.LastIndex(src[:at], []byte("\n\n")) + 1
	to := len(src)
	if i := bytes.Index(src[at:], []byte("\n\n")); i >= 0 {
		to = at + i
	}
	// The block as text, citations left out; mark is where this one was.
	var b strings.Builder
	mark := -1
	pos := from
	for _, c := range pr.Doc.Cites {
		if c.End <= from || c.Offset >= to {
			continue
		}
		b.Write(src[pos:max(pos, c.Offset)])
		if c.Offset == at {
			mark = b.Len()
		}
		pos = max(pos, c.End)
	}
	b.Write(src[pos:to])
	if mark < 0 {
		return ""
	}
	return oldSentenceAt(b.String(), mark, word, maxWords)
}
