package site_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/browsertest"
	"github.com/dossier-dev/dossier/internal/site"
)

// TestHTMLValid checks every page of the repository's dossier, its style
// sheet and its SVG with the W3C Nu HTML checker (vnu.jar from npm, run by
// the machine's Java). Like the browser tests, it runs only with
// DOSSIER_BROWSER=1.
func TestHTMLValid(t *testing.T) {
	browsertest.Require(t)
	t.Parallel()
	java, err := exec.LookPath("java")
	if err != nil {
		browsertest.Missing(t, "no java on $PATH for the Nu HTML checker")
	}
	jar := toolFile(t, "vnu-jar/build/dist/vnu.jar")

	res, err := site.Build(context.Background(), repoFS(), site.Options{BaseURL: "https://owner.github.io/repo/"})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	dir := t.TempDir()
	pages := 0
	for name, b := range res.Files {
		switch {
		case strings.HasSuffix(name, ".html"):
			pages++
		case strings.HasSuffix(name, ".css"), strings.HasSuffix(name, ".svg"):
		default:
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(java, "-jar", jar, "--errors-only", "--skip-non-html", "--also-check-css", "--also-check-svg", dir)
	out, err := cmd.CombinedOutput()
	msgs := strings.TrimSpace(strings.ReplaceAll(string(out), "file:"+dir+string(filepath.Separator), ""))
	if err != nil || msgs != "" {
		t.Fatalf("Nu HTML checker on %d pages (%v):\n%s", pages, err, msgs)
	}
	t.Logf("Nu HTML checker: %d pages, no errors", pages)
}
