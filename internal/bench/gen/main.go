// Command gen writes a synthetic dossier for benchmarks (see package bench):
//
//	go run ./internal/bench/gen -points 1000 -out /tmp/site1k [-sources M] [-theme themes]
//
// The folder must not exist or be empty. -theme copies a theme folder (the
// repository's themes/) into the site.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/dossier-dev/dossier/internal/bench"
)

func main() {
	points := flag.Int("points", 28, "number of points")
	sources := flag.Int("sources", 0, "number of sources (0: one for every four points, at least 8)")
	out := flag.String("out", "", "folder to write the site into (must not exist or be empty)")
	theme := flag.String("theme", "", "a themes folder to copy into the site")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gen: -out is required")
		os.Exit(2)
	}
	files := bench.Generate(bench.Options{Points: *points, Sources: *sources})
	if *theme != "" {
		if err := bench.AddDir(files, os.DirFS(*theme), "themes"); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
	if err := bench.Write(*out, files); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}
