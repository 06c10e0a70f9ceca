package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/capture"
	"github.com/dossier-dev/dossier/internal/diag"
	"github.com/dossier-dev/dossier/internal/webcheck"
	"github.com/dossier-dev/dossier/internal/xref"
)

// linkFlags are the flags of check -links.
type linkFlags struct {
	on      bool
	maxAge  time.Duration
	timeout time.Duration
}

func (l *linkFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&l.on, "links", false, "also check external links on the network, and the quotes of captured sources on their live pages")
	fs.DurationVar(&l.maxAge, "links-max-age", webcheck.DefaultMaxAge, "with -links: how long a link that answered is trusted from the cache ("+webcheck.CacheFile+"); 0s asks again")
	fs.DurationVar(&l.timeout, "links-timeout", capture.DefaultTimeout, "with -links: how long to wait for one link")
}

// checkLinks runs check -links on a site that built, prints its problems
// and summary, and returns the exit status.
func checkLinks(ctx context.Context, src string, m *xref.Model, l linkFlags, w, stdout io.Writer, f diag.Format) int {
	maxAge := l.maxAge
	if maxAge <= 0 {
		maxAge = time.Nanosecond // nothing in the cache is fresh enough
	}
	start := time.Now()
	ds, sum, err := webcheck.Check(ctx, m, webcheck.Options{
		Client: capture.Client{Timeout: l.timeout},
		Cache:  filepath.Join(src, filepath.FromSlash(webcheck.CacheFile)),
		MaxAge: maxAge,
	})
	if werr := ds.Write(w, f); werr != nil {
		return 1
	}
	if err != nil {
		fmt.Fprintf(w, "dossier check: %v\n", err)
		return 1
	}
	if f == diag.FormatText {
		fmt.Fprintf(stdout, "links: %s in %s\n", sum, round(time.Since(start)))
	}
	if ds.HasErrors() {
		if f == diag.FormatText {
			fmt.Fprintf(w, "dossier check: %s\n", plural(sum.Dead, "dead link", "dead links"))
		}
		return 1
	}
	return 0
}

// coverageLine says how many citations go to sources with text, whose
// quotes are checked, and how many only to external addresses, with the
// external sources cited most: the ones to capture next.
func coverageLine(m *xref.Model) string {
	c := m.Coverage()
	total := c.WithText + c.External
	if total == 0 {
		return "citations: none"
	}
	s := fmt.Sprintf("citations: %d of %d (%d%%) cite sources with text, %d (%d%%) only external URLs",
		c.WithText, total, percent(c.WithText, total), c.External, percent(c.External, total))
	if len(c.MostCited) > 0 {
		var top []string
		for _, x := range c.MostCited[:min(5, len(c.MostCited))] {
			top = append(top, fmt.Sprintf("%s %d", x.Source.ID, x.N))
		}
		s += "; most cited external: " + strings.Join(top, ", ") + " (dossier add URL captures one)"
	}
	return s
}

func percent(n, total int) int {
	return (200*n + total) / (2 * total) // rounded
}
