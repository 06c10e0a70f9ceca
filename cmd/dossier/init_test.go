package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/sitefs"
)

// initSite runs dossier init into a new temporary folder and returns it.
func initSite(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "mydossier")
	code, stdout, stderr := runCmd(t, "init", dir)
	if code != 0 {
		t.Fatalf("init = %d, %q", code, stderr)
	}
	want := "next:\n  cd " + dir + "\n  dossier serve "
	if !strings.Contains(stdout, want) || !strings.Contains(stdout, "\n  dossier build ") {
		t.Errorf("init stdout = %q, want the next three commands", stdout)
	}
	return dir
}

// TestInitBuildsAndChecks: a new site checks and builds clean with the
// built-in theme, and has no themes/ folder (issue 9).
func TestInitBuildsAndChecks(t *testing.T) {
	t.Parallel()
	dir := initSite(t)
	if _, err := os.Stat(filepath.Join(dir, "themes")); err == nil {
		t.Error("init wrote a themes folder")
	}
	code, stdout, stderr := runCmd(t, "check", "-src", dir)
	if code != 0 || stderr != "" {
		t.Fatalf("check = %d, %q", code, stderr)
	}
	// Plurals are right: one source, one gloss.
	re := regexp.MustCompile(`^checked 2 points, 1 source, \d+ citations, 4 of 4 quotes verified, \d+ cross-references in \S+\ncoverage: 2 points with fewer than two sources \(1, 2\), 0 excerpts never cited, 1 gloss\ncitations: (\d+) of (\d+) \(100%\) cite sources with text, 0 \(0%\) only external URLs\n$`)
	if !re.MatchString(stdout) {
		t.Errorf("check stdout = %q, want %s", stdout, re)
	}
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr = runCmd(t, "build", "-src", dir, "-out", out)
	if code != 0 || stderr != "" {
		t.Fatalf("build = %d, %q", code, stderr)
	}
	if !regexp.MustCompile(`^built \d+ pages, 1 source, \d+ citations, 4 quotes verified in `).MatchString(stdout) {
		t.Errorf("build stdout = %q", stdout)
	}
	for _, name := range []string{"index.html", "points/1/index.html", "points/2/index.html", "sources/gazette-greenway/index.html", "timeline/index.html", "about/index.html"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(name))); err != nil {
			t.Errorf("build wrote no %s: %v", name, err)
		}
	}
}

// TestInitRefusesNonEmptyFolder: init writes only into an empty or new
// folder, and leaves a non-empty one as it was.
func TestInitRefusesNonEmptyFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "init", dir)
	if code != 1 || stdout != "" || !strings.Contains(stderr, "is not empty (it holds notes.txt)") {
		t.Errorf("init into a non-empty folder = %d, %q, %q; want 1 and is not empty", code, stdout, stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("init into a non-empty folder left %d entries, want 1", len(entries))
	}
	// An empty folder that exists is fine.
	empty := t.TempDir()
	if code, _, stderr := runCmd(t, "init", empty); code != 0 {
		t.Errorf("init into an empty folder = %d, %q", code, stderr)
	}
}

// planWords are words of the repository's own dossier that nothing the tool
// ships may contain (issue 9).
var planWords = regexp.MustCompile(`(?i)ukrain|russia|zelensk|28-point|kyiv|moscow|putin|kremlin|witkoff|trump|donbas|donetsk|crimea|nato\b|\b2025\b`)

// TestNothingOfThisDossier builds a site about something else, the one init
// writes, and looks for the words of this repository's dossier in every
// output file (HTML, JSON, JavaScript, CSS, XML): none may come from the
// built-in theme, the schema, the exports or the defaults. The scaffold of a
// new point and of a new source is checked too.
func TestNothingOfThisDossier(t *testing.T) {
	t.Parallel()
	dir := initSite(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd(t, "build", "-src", dir, "-out", out, "-baseurl", "https://example.org/greenway/"); code != 0 {
		t.Fatalf("build = %d, %q", code, stderr)
	}
	if code, _, stderr := runCmd(t, "new", "point", "-src", dir, "3", "Another point"); code != 0 {
		t.Fatalf("new point = %d, %q", code, stderr)
	}
	if err := os.WriteFile(filepath.Join(dir, "seeds", "letter.txt"), []byte("A letter to the editor\nThe path is a fine idea.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd(t, "new", "source", "-src", dir, "letter", "-seed", "letter.txt"); code != 0 {
		t.Fatalf("new source = %d, %q", code, stderr)
	}
	kinds := map[string]int{}
	for _, root := range []string{out, dir} {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			kinds[filepath.Ext(p)]++
			for _, loc := range planWords.FindAllIndex(b, -1) {
				lo, hi := max(loc[0]-40, 0), min(loc[1]+40, len(b))
				t.Errorf("%s: %q in …%s…", p, b[loc[0]:loc[1]], b[lo:hi])
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, ext := range []string{".html", ".json", ".js", ".css", ".xml", ".jsonld", ".md", ".toml"} {
		if kinds[ext] == 0 {
			t.Errorf("no %s file was looked at", ext)
		}
	}
}

// TestNewPointIsADraft: a new point is a draft with placeholders; check
// shows them as warnings at their keys and exits 0, build leaves the point
// out, serve's builder shows it marked as a draft, and build -drafts
// refuses to publish its placeholders (issue 9).
func TestNewPointIsADraft(t *testing.T) {
	t.Parallel()
	dir := initSite(t)
	code, stdout, stderr := runCmd(t, "new", "point", "-src", dir, "3", "A third point")
	if code != 0 || !strings.HasPrefix(stdout, "wrote content/points/03.md\n") {
		t.Fatalf("new point = %d, %q, %q", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(dir, "content", "points", "03.md"))
	if err != nil || !strings.Contains(string(b), "\ndraft = true") {
		t.Fatalf("new point file = %s, %v; want draft = true", b, err)
	}
	code, stdout, stderr = runCmd(t, "check", "-src", dir)
	want := "content/points/03.md:5:1: warning: summary is still a placeholder (a draft may keep it; publishing it is an error)\n" +
		"content/points/03.md:6:1: warning: text is still a placeholder (a draft may keep it; publishing it is an error)\n" +
		"content/points/03.md:8:1: warning: text_source is still a placeholder (a draft may keep it; publishing it is an error)\n" +
		"content/points/03.md:9:1: warning: assessment is still a placeholder (a draft may keep it; publishing it is an error)\n"
	if code != 0 || stderr != want || !strings.HasPrefix(stdout, "checked 3 points") {
		t.Errorf("check = %d, %q, stderr:\n%s\nwant 0, checked 3 points, and:\n%s", code, stdout, stderr, want)
	}
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd(t, "build", "-src", dir, "-out", out); code != 0 || stderr != "" {
		t.Errorf("build = %d, %q; want 0 and nothing on stderr", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "points", "3")); err == nil {
		t.Error("build published the draft point 3")
	}
	code, _, stderr = runCmd(t, "build", "-src", dir, "-out", out, "-drafts")
	if code != 1 || !strings.Contains(stderr, "content/points/03.md:5:1: summary is still a placeholder") {
		t.Errorf("build -drafts = %d, %q; want 1 and the placeholder as an error", code, stderr)
	}

	// serve's builder shows the draft, marked.
	fsys, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	res, err := site.NewBuilder(fsys, site.Options{ShowDrafts: true}).Build(t.Context(), nil)
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, d := range res.Warnings {
		lines = append(lines, d.Pos.Line)
	}
	if fmt.Sprint(lines) != "[5 6 8 9]" {
		t.Errorf("serve's warnings are at lines %v, want [5 6 8 9], in order", lines)
	}
	page, ok, err := res.File("points/3/index.html")
	if err != nil || !ok || !strings.Contains(string(page), `class="draft-note"`) {
		t.Errorf("serve's points/3/index.html = %v, %v; want the page marked as a draft", ok, err)
	}

	// A published point that links to the draft says it is a draft.
	p1 := filepath.Join(dir, "content", "points", "01.md")
	b, err = os.ReadFile(p1)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p1, append(b, "\nSee also [[3]].\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"check", "build"} {
		code, _, stderr := runCmd(t, cmd, "-src", dir, "-out", out)
		if cmd == "check" {
			code, _, stderr = runCmd(t, cmd, "-src", dir)
		}
		if code != 1 || !regexp.MustCompile(`content/points/01\.md:\d+:10: point 3 is a draft \(content/points/03\.md has draft = true`).MatchString(stderr) {
			t.Errorf("%s with a link to the draft = %d, %q; want 1 and point 3 is a draft", cmd, code, stderr)
		}
		// Errors print before warnings.
		if i, j := strings.Index(stderr, "is a draft"), strings.Index(stderr, "warning:"); cmd == "check" && (j < 0 || j < i) {
			t.Errorf("check printed a warning before an error:\n%s", stderr)
		}
	}
}

// TestParagraphRecord: moving an excerpt's start shifts its paragraph
// numbers; a citation of ¶6 by number alone is then an error that says
// where the paragraph cited is now, until the citation is fixed and the
// record written anew (issue 9).
func TestParagraphRecord(t *testing.T) {
	t.Parallel()
	dir := initSite(t)
	src := filepath.Join(dir, "content", "sources", "gazette-greenway.md")
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	shifted := strings.Replace(string(b), `start = "Council backs a ten-point plan"`, `start = "By Ada Fenwick"`, 1)
	shifted = strings.Replace(shifted, `heading = ["Council backs a ten-point plan"]`+"\n", "", 1)
	if shifted == string(b) {
		t.Fatal("the source's start anchor is not as expected")
	}
	if err := os.WriteFile(src, []byte(shifted), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCmd(t, "check", "-src", dir)
	want := "content/points/01.md:18:2: ¶6 of source \"gazette-greenway\" is no longer the paragraph recorded in paragraphs.sum: it now reads “The second point pays for the work with a surcharge on parking in t…” (the paragraph cited is now ¶5 of source \"gazette-greenway\": write [@gazette-greenway, ¶5], then run dossier check -record)\n"
	if code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("check after the shift = %d, stderr:\n%s\nwant 1 and:\n%s", code, stderr, want)
	}
	// Fix the citation: it is then not recorded, a warning.
	p1 := filepath.Join(dir, "content", "points", "01.md")
	b, err = os.ReadFile(p1)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p1, []byte(strings.Replace(string(b), "¶6", "¶5", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd(t, "check", "-src", dir)
	if code != 0 || !strings.Contains(stderr, `warning: ¶5 of source "gazette-greenway" is not in paragraphs.sum`) {
		t.Errorf("check after the fix = %d, %q; want 0 and a warning", code, stderr)
	}
	code, stdout, stderr := runCmd(t, "check", "-src", dir, "-record")
	if code != 0 || !strings.HasPrefix(stdout, "wrote paragraphs.sum\n") || stderr != "" {
		t.Errorf("check -record = %d, %q, %q", code, stdout, stderr)
	}
	rec, _ := os.ReadFile(filepath.Join(dir, "paragraphs.sum"))
	if !strings.Contains(string(rec), "\ngazette-greenway ¶5 ") || strings.Contains(string(rec), "¶6") {
		t.Errorf("paragraphs.sum = %s, want ¶5 only", rec)
	}
	if code, _, stderr := runCmd(t, "check", "-src", dir); code != 0 || stderr != "" {
		t.Errorf("check after -record = %d, %q; want 0 and nothing", code, stderr)
	}

	// A file of that name that dossier did not write is never replaced.
	if err := os.WriteFile(filepath.Join(dir, "paragraphs.sum"), []byte("my notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd(t, "check", "-src", dir, "-record")
	if got, _ := os.ReadFile(filepath.Join(dir, "paragraphs.sum")); code != 1 || string(got) != "my notes\n" || !strings.Contains(stderr, "was not written by dossier") {
		t.Errorf("check -record over a file of one's own = %d, %q; file %q", code, stderr, got)
	}
}
