// Package bench makes synthetic dossiers of any size, for benchmarks. It is
// no stage of the build pipeline and the dossier command does not import it:
// it serves the benchmark script (.ci/bench-hugo, through ./internal/bench/gen
// and ./internal/bench/compare) and the Go benchmarks of site and preview.
//
// Generate writes a site in dossier's own format: N points in four buckets,
// each with a commentary that cites sources by quote, by paragraph and
// plainly, links other points with [[n]], names related points and, for one
// point in three, a position in another version; M sources cut out of
// compilation seeds (eight excerpts to a seed file) with a gloss each; a
// timeline; a home page and an about page. Every quote is cut from the text
// of the source it cites and occurs there exactly once, so the site builds
// without a problem. A few sources are cited by a share of every point, as
// the full text of a plan is in a real dossier.
//
// The same Options give the same bytes: the text comes from a PRNG with a
// fixed seed.
package bench

import (
	"bytes"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dossier-dev/dossier/internal/xref"
)

// Options says what site Generate makes.
type Options struct {
	// Points is the number of points; at least 1.
	Points int
	// Sources is the number of sources; 0 means one for every four points,
	// at least 8.
	Sources int
}

// excerptsPerSeed is how many sources share one seed file.
const excerptsPerSeed = 8

// hot is how many sources every point may cite as its text source, the way
// a real dossier cites the plan's full text from every point.
const hot = 4

// Generate returns the files of a synthetic site, by site-relative path with
// forward slashes. It has no theme: the site uses the built-in one, or the
// caller adds themes/.
func Generate(opts Options) map[string][]byte {
	n := max(opts.Points, 1)
	m := opts.Sources
	if m <= 0 {
		m = max(n/4, 8)
	}
	g := &gen{r: rand.New(rand.NewPCG(uint64(n), uint64(m))), files: map[string][]byte{}, cited: map[string]string{}}
	g.sources(m)
	g.config(n)
	for i := 1; i <= n; i++ {
		g.point(i, n)
	}
	g.timeline(n)
	g.pages(n, m)
	// The record of the paragraphs cited by number, as dossier check
	// -record writes it.
	g.files[xref.RecordFile] = xref.FormatRecord(g.cited)
	return g.files
}

// Write writes files into dir, which must not exist or be empty: Write
// never overwrites a file.
func Write(dir string, files map[string][]byte) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("write site: %s is not empty", dir)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return fmt.Errorf("write site: %w", err)
		}
		if err := os.WriteFile(p, files[name], 0o644); err != nil {
			return fmt.Errorf("write site: %w", err)
		}
	}
	return nil
}

// gen holds the state of one Generate.
type gen struct {
	r     *rand.Rand
	files map[string][]byte
	srcs  []*source
	cited map[string]string // "id ¶N" → text, of the paragraphs cited by number
}

// source is a generated source and the text of its excerpt.
type source struct {
	id    string
	title string
	paras []string // the excerpt's paragraphs; paras[0] is the title line
}

var words = strings.Fields(`
accord agreement army assets border budget bridge ceasefire charter coast
commission council court credit debt delegation district draft election
energy envoy exchange export fleet forces fund grain guarantee harbour
inspection line loan market militia ministry mission monitor nation neutral
observer office parliament pipeline plant port power prisoner province quota
railway referendum region reserve river route sanction schedule sector
security settlement shipment statute summit tariff territory treaty troops
union valley veto vote warrant weapons zone
agreed announced argued asked blocked claimed cited denied described drafted
expected feared granted insisted noted offered opposed proposed rejected
reported required signed stated suggested warned withdrew
early final formal frozen future joint later local major minor new northern
partial public recent regional secret southern total western eastern
after before during under within across against between beyond without
the a an its their this that each every some any other
`)

// sentence returns a sentence of random words that ends in a period.
func (g *gen) sentence() string {
	k := 9 + g.r.IntN(12)
	ws := make([]string, k)
	for i := range ws {
		ws[i] = words[g.r.IntN(len(words))]
	}
	ws[0] = strings.ToUpper(ws[0][:1]) + ws[0][1:]
	if k > 12 {
		ws[k/2] += ","
	}
	return strings.Join(ws, " ") + "."
}

func (g *gen) paragraph(sentences int) string {
	s := make([]string, sentences)
	for i := range s {
		s[i] = g.sentence()
	}
	return strings.Join(s, " ")
}

// quote returns a run of 5 to 8 words of paragraph i (counted from 1) of s
// that occurs exactly once in s's text.
func (g *gen) quote(s *source, i int) string {
	text := strings.Join(s.paras, "\n")
	ws := strings.Fields(s.paras[i-1])
	for {
		k := 5 + g.r.IntN(4)
		if k > len(ws) {
			k = len(ws)
		}
		at := g.r.IntN(len(ws) - k + 1)
		q := strings.Trim(strings.Join(ws[at:at+k], " "), ",.")
		if strings.Count(text, q) == 1 && !strings.Contains(q, ".") {
			return q
		}
	}
}

func (g *gen) add(name, text string) { g.files[name] = []byte(text) }

// sources makes m sources and their seeds.
func (g *gen) sources(m int) {
	for i := 1; i <= m; i++ {
		s := &source{id: fmt.Sprintf("s%05d", i)}
		s.title = fmt.Sprintf("Report %05d: the %s %s", i, words[g.r.IntN(len(words))], words[g.r.IntN(len(words))])
		s.paras = []string{s.title}
		for range 10 + g.r.IntN(7) {
			s.paras = append(s.paras, g.paragraph(2+g.r.IntN(4)))
		}
		g.srcs = append(g.srcs, s)
	}
	for first := 0; first < m; first += excerptsPerSeed {
		seedName := fmt.Sprintf("%05d.txt", first/excerptsPerSeed+1)
		var b strings.Builder
		fmt.Fprintf(&b, "Compilation %d of synthetic reports\n\n", first/excerptsPerSeed+1)
		for _, s := range g.srcs[first:min(first+excerptsPerSeed, m)] {
			for _, p := range s.paras {
				b.WriteString(p)
				b.WriteString("\n\n")
			}
		}
		g.add("seeds/"+seedName, b.String())
		for j, s := range g.srcs[first:min(first+excerptsPerSeed, m)] {
			k := first + j
			other := g.srcs[(k+1)%m]
			var f strings.Builder
			fmt.Fprintf(&f, "+++\ntitle = %q\noutlet = %q\nauthors = [%q]\ndate = 2025-%02d-%02d\n",
				s.title, "Outlet "+string(rune('A'+k%26)), fmt.Sprintf("Author %d", k%97), 1+k%12, 1+k%28)
			fmt.Fprintf(&f, "url = \"https://example.com/reports/%s\"\nseed = %q\nstart = %q\n", s.id, seedName, s.title)
			fmt.Fprintf(&f, "\n[roles]\nheading = [%q]\n", s.title)
			fmt.Fprintf(&f, "\n[[gloss]]\nquote = %q\nnote = \"\"\"%s [@%s, %q]\"\"\"\n",
				g.quote(s, 2), g.sentence(), other.id, g.quote(other, 3))
			f.WriteString("+++\n\n")
			fmt.Fprintf(&f, "A synthetic report, number %d. %s\n", k+1, g.sentence())
			g.add("content/sources/"+s.id+".md", f.String())
		}
	}
}

func (g *gen) config(n int) {
	var b strings.Builder
	fmt.Fprintf(&b, "title = \"A synthetic dossier of %d points\"\n", n)
	b.WriteString(`description = "Generated for benchmarks by internal/bench."
base_url = "https://example.org/"
language = "en"
theme = "default"

[points]
label = "Point"
text = "a synthetic text"

[buckets.first]
title = "First group"
description = "The first quarter of the points."

[buckets.second]
title = "Second group"
description = "The second quarter."

[buckets.third]
title = "Third group"
description = "The third quarter."

[buckets.fourth]
title = "Fourth group"
description = "The last quarter."

[versions.revised]
title = "Revised text"
date = 2025-12-01
`)
	fmt.Fprintf(&b, "source = %q\n", g.srcs[0].id)
	b.WriteString("note = \"A later version of the text.\"\n")
	g.add("site.toml", b.String())
}

var buckets = []string{"first", "second", "third", "fourth"}

// cite returns a citation of a random paragraph of s: by quote, by
// paragraph number, or plain.
func (g *gen) cite(s *source) string {
	switch g.r.IntN(4) {
	case 0:
		k := 2 + g.r.IntN(len(s.paras)-1)
		g.cited[fmt.Sprintf("%s ¶%d", s.id, k)] = s.paras[k-1]
		return fmt.Sprintf("[@%s, ¶%d]", s.id, k)
	case 1:
		return "[@" + s.id + "]"
	default:
		return fmt.Sprintf("[@%s, %q]", s.id, g.quote(s, 2+g.r.IntN(len(s.paras)-1)))
	}
}

// near returns another point number close to i, or now and then anywhere.
func (g *gen) near(i, n int) int {
	if n == 1 {
		return 1
	}
	for {
		j := i + g.r.IntN(11) - 5
		if g.r.IntN(8) == 0 {
			j = 1 + g.r.IntN(n)
		}
		if j >= 1 && j <= n && j != i {
			return j
		}
	}
}

func (g *gen) point(i, n int) {
	m := len(g.srcs)
	text := g.srcs[g.r.IntN(min(hot, m))]
	var b strings.Builder
	fmt.Fprintf(&b, "+++\nnumber = %d\ntitle = %q\nbucket = %q\nsummary = %q\n", i,
		fmt.Sprintf("The %s %s", words[g.r.IntN(len(words))], words[g.r.IntN(len(words))]),
		buckets[(i-1)*len(buckets)/n], g.sentence())
	fmt.Fprintf(&b, "text = %q\ntext_kind = \"paraphrase\"\ntext_source = %q\n", g.paragraph(2), text.id)
	fmt.Fprintf(&b, "assessment = %q\ntags = [%q]\nupdated = 2025-%02d-%02d\n", g.sentence(), words[i%len(words)], 1+i%12, 1+i%28)
	if n > 2 {
		a, c := g.near(i, n), g.near(i, n)
		if a == c {
			fmt.Fprintf(&b, "related = [%d]\n", a)
		} else {
			fmt.Fprintf(&b, "related = [%d, %d]\n", a, c)
		}
	}
	if i%3 == 0 {
		s := g.srcs[g.r.IntN(m)]
		fmt.Fprintf(&b, "\n[position.revised]\nstatus = %q\nnote = \"%s %s\"\ncite = [%q]\n",
			[]string{"kept", "changed", "dropped"}[i/3%3], g.sentence(), strings.ReplaceAll(g.cite(s), `"`, `\"`), s.id)
	}
	b.WriteString("+++\n\n")
	fmt.Fprintf(&b, "%s %s\n\n", g.sentence(), g.cite(text))
	for range 3 {
		s1, s2 := g.srcs[g.r.IntN(m)], g.srcs[g.r.IntN(m)]
		fmt.Fprintf(&b, "**%s.** %s %s %s\n", words[g.r.IntN(len(words))], g.sentence(), g.sentence(), g.cite(s1))
		fmt.Fprintf(&b, "%s See [[%d]] and [[%d|the %s point]]. %s %s\n\n", g.sentence(), g.near(i, n), g.near(i, n),
			words[g.r.IntN(len(words))], g.sentence(), g.cite(s2))
	}
	g.add(fmt.Sprintf("content/points/%05d.md", i), b.String())
}

func (g *gen) timeline(n int) {
	var b strings.Builder
	b.WriteString("# Dated events of the synthetic dossier.\n")
	for i := range max(n/20, 4) {
		s := g.srcs[g.r.IntN(len(g.srcs))]
		fmt.Fprintf(&b, "\n[[event]]\ndate = 2025-%02d-%02d\ntitle = %q\nbody = \"\"\"%s %s\"\"\"\npoints = [%d]\ncite = [%q]\n",
			1+i*12/max(n/20, 4), 1+i%28, fmt.Sprintf("Event %d", i+1), g.sentence(), g.cite(s), 1+g.r.IntN(n), s.id)
	}
	g.add("content/timeline.toml", b.String())
}

func (g *gen) pages(n, m int) {
	g.add("content/_index.md", fmt.Sprintf("+++\ntitle = \"Home\"\n+++\n\nA synthetic dossier of %d points and %d sources. %s %s\n",
		n, m, g.sentence(), g.cite(g.srcs[0])))
	g.add("content/about.md", fmt.Sprintf("+++\ntitle = \"About\"\nmenu = true\n+++\n\n%s\n\n%s [[1]].\n",
		g.paragraph(3), g.sentence()))
}

// AddDir adds every file of fsys to files, under the folder prefix.
func AddDir(files map[string][]byte, fsys fs.FS, prefix string) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		files[path.Join(prefix, p)] = b
		return nil
	})
}

// Hugo returns the same Markdown as a Hugo site: the points, the sources and
// the pages of files (as Generate makes them) with a minimal layout that
// shows each page's title, summary and content and lists a section's pages.
// Hugo renders citations as text and checks nothing, so a comparison
// flatters it.
func Hugo(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{
		"config.toml": []byte(`baseURL = "https://example.org/"
title = "Hugo comparison"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.goldmark.renderer]
unsafe = false
`),
		"layouts/_default/baseof.html": []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ block "main" . }}{{ end }}</main></body></html>
`),
		"layouts/_default/single.html": []byte(`{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}{{ end }}
`),
		"layouts/_default/list.html": []byte(`{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
`),
	}
	for name, b := range files {
		if !strings.HasPrefix(name, "content/") || !strings.HasSuffix(name, ".md") {
			continue
		}
		// Hugo reads a front-matter "url" as the page's own address.
		out[name] = bytes.ReplaceAll(b, []byte("\nurl = "), []byte("\noriginal_url = "))
	}
	return out
}
