package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// runCmd runs the command line and returns its exit status and output.
func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// copySite copies the repository's dossier (site.toml, content, seeds,
// themes) into a temporary folder and returns it.
func copySite(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := "../.."
	for _, name := range []string{"site.toml", "content", "seeds", "themes", "paragraphs.sum"} {
		err := filepath.WalkDir(filepath.Join(src, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		m[p] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no command", nil, 2, "Usage:"},
		{"unknown command", []string{"publish"}, 2, `unknown command "publish"`},
		{"bad flag", []string{"build", "-nope"}, 2, "flag provided but not defined: -nope"},
		{"stray argument", []string{"check", "extra"}, 2, `unexpected argument "extra"`},
		{"bad format", []string{"check", "-format", "xml"}, 2, `unknown format "xml"`},
		{"out replaces src", []string{"build", "-src", ".", "-out", "."}, 2, "is the site folder; it would be replaced by the output"},
		{"src not a folder", []string{"build", "-src", "main.go"}, 2, "is not a folder"},
		{"build bad baseurl", []string{"build", "-src", ".", "-baseurl", "ftp://x.org/"}, 2, "dossier build: -baseurl ftp://x.org/: "},
		{"check bad baseurl", []string{"check", "-src", ".", "-baseurl", "ftp://x.org/"}, 2, "dossier check: -baseurl ftp://x.org/: "},
		{"serve bad flag", []string{"serve", "-baseurl", "x"}, 2, "flag provided but not defined: -baseurl"},
		{"serve stray argument", []string{"serve", "extra"}, 2, `unexpected argument "extra"`},
		{"serve src not a folder", []string{"serve", "-src", "main.go"}, 2, "is not a folder"},
		{"serve bad address", []string{"serve", "-src", ".", "-addr", "localhost"}, 2, "dossier serve: address localhost: missing port in address"},
		{"serve bad port", []string{"serve", "-src", ".", "-addr", "localhost:99999"}, 2, `bad port "99999"`},
		{"init two folders", []string{"init", "a", "b"}, 2, "want one folder, got 2 arguments"},
		{"new nothing", []string{"new"}, 2, "usage: dossier new point"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			code, _, stderr := runCmd(t, tt.args...)
			if code != tt.code || !strings.Contains(stderr, tt.stderr) {
				t.Errorf("run(%q) = %d, stderr %q; want %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
			}
		})
	}
}

// TestHelp: -h prints the usage to stdout for every command, exits 0, and
// names each flag's value as the synopsis does (issue 9).
func TestHelp(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"-h"}, []string{"dossier init    [DIR]", "dossier new     source [-src DIR] ID -seed FILE"}},
		{[]string{"init", "-h"}, []string{"usage: dossier init [DIR]"}},
		{[]string{"build", "-h"}, []string{"usage: dossier build [-src DIR] [-out DIR]", "-src DIR", "-out DIR", "-baseurl URL"}},
		{[]string{"check", "-h"}, []string{"usage: dossier check [-src DIR]", "-src DIR", "-format text|json|github"}},
		{[]string{"serve", "-h"}, []string{"usage: dossier serve [-src DIR] [-addr HOST:PORT]", "-src DIR", "-addr HOST:PORT"}},
		{[]string{"new", "-h"}, []string{"usage: dossier new point [-src DIR]"}},
		{[]string{"new", "point", "-h"}, []string{"usage: dossier new point [-src DIR]", "-src DIR"}},
		{[]string{"new", "source", "-h"}, []string{"usage: dossier new source [-src DIR] ID -seed FILE [-start TEXT] [-end TEXT]", "-src DIR", "-seed FILE", "-start TEXT", "-end TEXT"}},
		{[]string{"add", "-h"}, []string{"usage: dossier add [-src DIR] [-id ID] [-timeout D] URL", "-src DIR", "-id ID", "-timeout D", "-url URL"}},
		{[]string{"version", "-h"}, []string{"usage: dossier version"}},
	}
	for _, tt := range tests {
		code, stdout, stderr := runCmd(t, tt.args...)
		if code != 0 || stderr != "" {
			t.Errorf("run(%q) = %d, stderr %q; want 0 and nothing", tt.args, code, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("run(%q) stdout:\n%s\nwant %q", tt.args, stdout, w)
			}
		}
	}
}

func TestVersion(t *testing.T) {
	t.Parallel()
	code, stdout, _ := runCmd(t, "version")
	if code != 0 || !strings.HasPrefix(stdout, "dossier ") {
		t.Errorf("version = %d, %q; want 0 and dossier …", code, stdout)
	}
}

// TestBuildAndCheck builds the repository's dossier and checks it; both
// succeed and end with their summary lines.
func TestBuildAndCheck(t *testing.T) {
	t.Parallel()
	src := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCmd(t, "build", "-src", src, "-out", out)
	if code != 0 {
		t.Fatalf("build = %d\n%s", code, stderr)
	}
	re := regexp.MustCompile(`^built \d+ pages, \d+ sources, \d+ citations, \d+ quotes verified in \S+ → \S+\n$`)
	if !re.MatchString(stdout) {
		t.Errorf("build stdout = %q, want one summary line", stdout)
	}
	if _, err := os.Stat(filepath.Join(out, "points", "26", "index.html")); err != nil {
		t.Errorf("build wrote no point page: %v", err)
	}
	code, stdout, stderr = runCmd(t, "check", "-src", src)
	if code != 0 {
		t.Fatalf("check = %d\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "checked 28 points") || !strings.Contains(stdout, "\ncoverage: ") {
		t.Errorf("check stdout = %q, want the summary and coverage lines", stdout)
	}
}

// position returns the line and column (in characters) of the byte offset
// off in s, as the diagnostics count them.
func position(s string, off int) (int, int) {
	line := strings.Count(s[:off], "\n") + 1
	start := strings.LastIndex(s[:off], "\n") + 1
	return line, len([]rune(s[start:off])) + 1
}

// TestBrokenContentKeepsOutput breaks one quote, one source id, one point
// reference and one TOML line in a copy of the content: each build exits 1
// with the problem's path:line:col, and the output folder stays as it was.
func TestBrokenContentKeepsOutput(t *testing.T) {
	t.Parallel()
	src := copySite(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd(t, "build", "-src", src, "-out", out); code != 0 {
		t.Fatalf("first build = %d\n%s", code, stderr)
	}
	before := readTree(t, out)
	file := filepath.Join(src, "content", "points", "26.md")
	orig, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := string(orig)

	tests := []struct {
		name     string
		old, new string
		at       int // offset in new text of the reported position, from the start of new
		msg      string
	}{
		{"quote", `@schorsch-linkedin, "war crimes cannot be written away`, `@schorsch-linkedin, "war crimes cannot be wiped away`, len(`@schorsch-linkedin, "`), `not found in source "schorsch-linkedin"`},
		{"source id", `@applebaum-murky-plan, "because`, `@applebaum-murky-plam, "because`, 0, `unknown source "applebaum-murky-plam" (did you mean "applebaum-murky-plan"?)`},
		{"point reference", `[[24]]`, `[[42]]`, 0, `unknown point 42`},
		{"TOML line", `assessment = "Erases`, `assessment = Erases`, len(`assessment = `), `bad TOML: assessment: expected value but found "Erases" instead`},
	}
	for _, tt := range tests {
		i := strings.Index(text, tt.old)
		if i < 0 {
			t.Fatalf("%s: %q not in %s", tt.name, tt.old, file)
		}
		broken := text[:i] + tt.new + text[i+len(tt.old):]
		if err := os.WriteFile(file, []byte(broken), 0o644); err != nil {
			t.Fatal(err)
		}
		code, _, stderr := runCmd(t, "build", "-src", src, "-out", out)
		line, col := position(broken, i+max(tt.at, 0))
		want := filepath.ToSlash(filepath.Join("content", "points", "26.md")) + ":" + itoa(line) + ":"
		if tt.at >= 0 {
			want += itoa(col) + ":"
		}
		if code != 1 || !strings.Contains(stderr, want) || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%s: build = %d, stderr:\n%s\nwant 1 and %q … %q", tt.name, code, stderr, want, tt.msg)
		}
		if after := readTree(t, out); !equalTrees(before, after) {
			t.Errorf("%s: the output folder changed after a failed build", tt.name)
		}
	}
	if err := os.WriteFile(file, orig, 0o644); err != nil {
		t.Fatal(err)
	}
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// TestCheckFormats checks the machine-readable forms of a failed check.
func TestCheckFormats(t *testing.T) {
	t.Parallel()
	src := copySite(t)
	file := filepath.Join(src, "content", "points", "26.md")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("[[24]]"), []byte("[[42]]"), 1)
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}

	// check writes nothing, so it does not say "nothing written"; build
	// does (issue 9). One problem is "1 problem".
	code, _, stderr := runCmd(t, "check", "-src", src)
	if code != 1 || !strings.HasSuffix(stderr, "\ndossier check: 1 problem\n") {
		t.Errorf("check = %d, %q; want 1 and a last line dossier check: 1 problem", code, stderr)
	}
	code, _, stderr = runCmd(t, "build", "-src", src, "-out", filepath.Join(t.TempDir(), "public"))
	if code != 1 || !strings.HasSuffix(stderr, "\ndossier build: 1 problem; nothing written\n") {
		t.Errorf("build = %d, %q; want 1 and a last line dossier build: 1 problem; nothing written", code, stderr)
	}

	code, stdout, _ := runCmd(t, "check", "-src", src, "-format", "json")
	if code != 1 {
		t.Fatalf("check -format json = %d, want 1", code)
	}
	var d struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Col      int    `json:"col"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 1 {
		t.Fatalf("check -format json printed %d lines, want 1:\n%s", len(lines), stdout)
	}
	if err := json.Unmarshal([]byte(lines[0]), &d); err != nil {
		t.Fatalf("check -format json: %v in %q", err, lines[0])
	}
	if d.File != "content/points/26.md" || d.Line == 0 || d.Col == 0 || d.Severity != "error" || d.Message != "unknown point 42" {
		t.Errorf("check -format json = %+v, want content/points/26.md, a line and column, error, unknown point 42", d)
	}

	code, stdout, _ = runCmd(t, "check", "-src", src, "-format", "github")
	want := regexp.MustCompile(`^::error file=content/points/26\.md,line=\d+,col=\d+::unknown point 42 \(points run from 1 to 28\)\n$`)
	if code != 1 || !want.MatchString(stdout) {
		t.Errorf("check -format github = %d, %q; want 1 and %s", code, stdout, want)
	}
}

// TestNew makes a point and a source in a copy of the site, refuses to
// overwrite them, and shows the excerpt a source's anchors cut.
func TestNew(t *testing.T) {
	t.Parallel()
	src := copySite(t)
	code, stdout, stderr := runCmd(t, "new", "point", "-src", src, "29", "A new point")
	if code != 0 || !strings.HasPrefix(stdout, "wrote content/points/29.md\nit is a draft") {
		t.Fatalf("new point = %d, %q, %q", code, stdout, stderr)
	}
	b, err := os.ReadFile(filepath.Join(src, "content", "points", "29.md"))
	if err != nil || !bytes.Contains(b, []byte(`title = "A new point"`)) || !bytes.Contains(b, []byte("[position.e3]")) {
		t.Errorf("new point file = %s, %v", b, err)
	}
	if code, _, stderr := runCmd(t, "new", "point", "-src", src, "29", "Again"); code != 1 || !strings.Contains(stderr, "already holds point 29") {
		t.Errorf("new point 29 again = %d, %q; want 1 and already holds", code, stderr)
	}
	if code, _, _ := runCmd(t, "new", "point", "-src", src, "x", "Bad"); code != 2 {
		t.Errorf("new point x = %d, want 2", code)
	}

	// A source that starts inside another excerpt is refused, with the
	// problem it would cause in the other source.
	code, _, stderr = runCmd(t, "new", "source", "-src", src, "telegraph-copy", "-seed", "000_7fef8b086f9f3c88.txt", "-start", "The US president imposed sanctions and talked tough")
	if code != 1 || !strings.Contains(stderr, `content/sources/telegraph-blair-nightmare.md:`) || !strings.Contains(stderr, `overlaps source "telegraph-copy"`) {
		t.Errorf("new source inside another excerpt = %d, %q; want 1 and the overlap", code, stderr)
	}
	// One that would take lines of a source that takes the rest of the
	// seed (here, the compilation's frame) is refused too: the frame's
	// paragraphs would be numbered anew (issue 9).
	code, stdout, stderr = runCmd(t, "new", "source", "-src", src, "-seed", "000_7fef8b086f9f3c88.txt", "-start", "Leave a Comment", "boilerplate")
	if want := "content/sources/boilerplate.md:8:1: the excerpt would take 3 paragraphs of source \"compilation-wednesday-night\", which takes the rest of the seed (its ¶6–¶8, lines 106–110): its paragraphs would be numbered anew (choose anchors outside compilation-wednesday-night, or move that source's anchors first)\n"; code != 1 || !strings.HasPrefix(stderr, want) {
		t.Errorf("new source in the frame = %d, %q, %q; want 1 and %q", code, stdout, stderr, want)
	}
	// One that cuts a seed cleanly shows its excerpt.
	if err := os.WriteFile(filepath.Join(src, "seeds", "extra.txt"), []byte("A headline\n\nA first line.\nA second line.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCmd(t, "new", "source", "-src", src, "-seed", "extra.txt", "-start", "A first line", "extra-body")
	if code != 0 || stdout != "wrote content/sources/extra-body.md\nthe excerpt, 2 paragraphs:\n  ¶1   line 3    A first line.\n  ¶2   line 4    A second line.\n" {
		t.Errorf("new source = %d, %q, %q", code, stdout, stderr)
	}
	code, _, stderr = runCmd(t, "new", "source", "-src", src, "nowhere", "-seed", "000_7fef8b086f9f3c88.txt", "-start", "No such words in the seed")
	if code != 1 || !strings.Contains(stderr, `start anchor "No such words in the seed" of source "nowhere" not found`) || !strings.Contains(stderr, "nothing written") {
		t.Errorf("new source with a bad anchor = %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(src, "content", "sources", "nowhere.md")); err == nil {
		t.Error("new source with a bad anchor wrote a file")
	}
	// An id that exists is refused as such, whatever the anchors (issue 9).
	for _, args := range [][]string{
		{"heflin-conversation", "-seed", "004_0137f7ac30ef6373.txt"},
		{"heflin-conversation", "-seed", "000_7fef8b086f9f3c88.txt", "-start", "No such words in the seed"},
	} {
		code, _, stderr := runCmd(t, append([]string{"new", "source", "-src", src}, args...)...)
		if want := "dossier new source: source \"heflin-conversation\" exists: content/sources/heflin-conversation.md; nothing written\n"; code != 1 || stderr != want {
			t.Errorf("new source %q over an existing one = %d, %q; want 1 and %q", args, code, stderr, want)
		}
	}
	// -seed takes a path under seeds/ as well as a name (issue 9).
	for i, seedArg := range []string{"seeds/extra.txt", filepath.Join(src, "seeds", "extra.txt")} {
		id := "extra-" + itoa(i)
		code, stdout, stderr := runCmd(t, "new", "source", "-src", src, id, "-seed", seedArg, "-start", "A headline", "-end", "A headline")
		if code != 0 || !strings.Contains(stdout, "wrote content/sources/"+id+".md") {
			t.Errorf("new source -seed %s = %d, %q, %q", seedArg, code, stdout, stderr)
		}
		b, _ := os.ReadFile(filepath.Join(src, "content", "sources", id+".md"))
		if !bytes.Contains(b, []byte("seed = \"extra.txt\"\n")) {
			t.Errorf("new source -seed %s wrote %s, want seed = the name under seeds/", seedArg, b)
		}
		if err := os.Remove(filepath.Join(src, "content", "sources", id+".md")); err != nil {
			t.Fatal(err)
		}
	}
}
