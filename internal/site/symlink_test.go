package site_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/dossier-dev/dossier/internal/site"
	"github.com/dossier-dev/dossier/internal/sitefs"
)

// writeSite writes files (slash path → text) under dir, with the
// repository's default theme unless files has one.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.CopyFS(filepath.Join(dir, "themes", "default"), os.DirFS(filepath.Join(repoRoot, "themes", "default"))); err != nil {
		t.Fatal(err)
	}
}

// symlinks makes each link (slash path under dir → target, as written).
func symlinks(t *testing.T, dir string, links map[string]string) {
	t.Helper()
	for name, target := range links {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(strings.ReplaceAll(target, "/", string(filepath.Separator)), p); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSymlinks: links that leave the site folder (or are absolute, or lead
// nowhere, or loop) are diagnostics, never read; links inside it are
// followed. https://github.com/dossier-dev/dossier/issues/8
func TestSymlinks(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	secret := filepath.Join(root, "secret.txt")
	if err := os.WriteFile(secret, []byte("root:x:0:0:SECRET\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "outdir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "outdir", "f.txt"), []byte("SECRET too"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "site")
	writeSite(t, dir, map[string]string{
		"site.toml":       "title = \"T\"\nbase_url = \"https://example.org/\"\n",
		"shared/a.txt":    "shared file\n",
		"notes/in.txt":    "inside file\n",
		"content/page.md": "+++\ntitle = \"Page\"\n+++\nText.\n",
	})
	symlinks(t, dir, map[string]string{
		"content/abs.txt":                  secret,
		"content/rel.txt":                  "../../secret.txt",
		"content/outside":                  "../../outdir",
		"content/nowhere.txt":              "../notes/missing.txt",
		"content/loop":                     ".",
		"seeds/x.txt":                      "../../secret.txt",
		"themes/default/static/leak.txt":   "../../../../secret.txt",
		"content/via/sneaky.txt":           "../outside/f.txt",
		"content/inside.txt":               "../notes/in.txt",
		"content/linked":                   "../shared",
		"themes/default/static/shared.txt": "../../../shared/a.txt",
	})
	fsys, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "public")
	_, err = site.Build(t.Context(), fsys, site.Options{Out: out})
	got := diagnostics(t, err)
	want := "content/abs.txt: symbolic link to " + secret + " is absolute; it is not followed (only relative links that stay inside the site folder are followed: copy the file into the site, or make the link relative)\n" +
		"content/loop: symbolic link to a folder that holds it; it is not followed (following it would never end: remove the link)\n" +
		"content/nowhere.txt: symbolic link to ../notes/missing.txt leads nowhere (restore what it points to, or remove the link)\n" +
		"content/outside: symbolic link to ../../outdir leads outside the site folder; it is not followed (copy what it points to into the site folder)\n" +
		"content/rel.txt: symbolic link to ../../secret.txt leads outside the site folder; it is not followed (copy what it points to into the site folder)\n" +
		"content/via/sneaky.txt: symbolic link to ../outside/f.txt leads outside the site folder; it is not followed (copy what it points to into the site folder)\n" +
		"seeds/x.txt: symbolic link to ../../secret.txt leads outside the site folder; it is not followed (copy what it points to into the site folder)\n" +
		"themes/default/static/leak.txt: symbolic link to ../../../../secret.txt leads outside the site folder; it is not followed (copy what it points to into the site folder)\n"
	if got != want {
		t.Errorf("Build() diagnostics:\n%s", diff(want, got))
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("a failed build wrote %s", out)
	}

	// Without the bad links, the build follows the good ones.
	for _, name := range []string{"content/abs.txt", "content/rel.txt", "content/outside", "content/nowhere.txt", "content/loop", "seeds/x.txt", "themes/default/static/leak.txt", "content/via"} {
		if err := os.RemoveAll(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := site.Build(t.Context(), fsys, site.Options{Out: out}); err != nil {
		t.Fatalf("Build() without bad links = %v", err)
	}
	for name, want := range map[string]string{"inside.txt": "inside file\n", "linked/a.txt": "shared file\n", "shared.txt": "shared file\n"} {
		if b, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); err != nil || string(b) != want {
			t.Errorf("output %s = %q (%v), want %q", name, b, err, want)
		}
	}
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if strings.Contains(string(b), "SECRET") {
			t.Errorf("output %s holds a file from outside the site", p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestSymlinkedTheme: a theme folder that is a link out of the site is a
// diagnostic, not a crash and not read.
func TestSymlinkedTheme(t *testing.T) {
	t.Parallel()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	dir := filepath.Join(root, "site")
	writeSite(t, dir, map[string]string{"site.toml": "title = \"T\"\n"})
	if err := os.Rename(filepath.Join(dir, "themes", "default"), filepath.Join(root, "theme")); err != nil {
		t.Fatal(err)
	}
	symlinks(t, dir, map[string]string{"themes/default": "../../theme", "content": "../elsewhere"})
	fsys, err := sitefs.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, err = site.Build(t.Context(), fsys, site.Options{})
	got := diagnostics(t, err)
	want := "content: symbolic link to ../elsewhere leads outside the site folder; it is not followed (copy what it points to into the site folder)\n" +
		"themes/default: symbolic link to ../../theme leads outside the site folder; it is not followed (copy what it points to into the site folder)\n"
	if got != want {
		t.Errorf("Build() diagnostics:\n%s", diff(want, got))
	}
}
