// Command compare times whole builds of synthetic dossiers (see package
// bench) with dossier and the same Markdown with Hugo, and prints the medians
// and their ratios:
//
//	go run ./internal/bench/compare [-points 28,1000,10000] [-runs 5] [-hugo hugo] [-dossier BIN]
//
// For each size it generates the site (it uses the built-in theme), builds
// the dossier command from ./cmd/dossier unless -dossier names a binary,
// makes one warm-up build of each, then runs the two builds in pairs,
// alternating which goes first, so that both see the same machine. Each build is a whole process writing into the same output
// folder as the build before it. Wall time, CPU time (user + system) and peak
// resident memory (getrusage's maxrss) are taken per process; the table
// shows their medians and the ratio dossier / Hugo (below 1: dossier is
// faster or smaller).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dossier-dev/dossier/internal/bench"
)

type sample struct {
	wall, cpu time.Duration
	rss       int64 // KiB
}

func main() {
	sizes := flag.String("points", "28,1000,10000", "comma-separated numbers of points")
	runs := flag.Int("runs", 5, "paired runs per size")
	hugo := flag.String("hugo", "hugo", "the hugo command")
	dossier := flag.String("dossier", "", "a dossier binary (default: build ./cmd/dossier)")
	keep := flag.Bool("keep", false, "keep the generated sites and outputs (their folder is printed)")
	flag.Parse()
	if err := run(*sizes, *runs, *hugo, *dossier, *keep); err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(1)
	}
}

func run(sizes string, runs int, hugo, dossier string, keep bool) error {
	work, err := os.MkdirTemp("", "dossier-bench-*")
	if err != nil {
		return err
	}
	if keep {
		fmt.Fprintln(os.Stderr, "compare: work folder", work)
	} else {
		defer os.RemoveAll(work)
	}
	if dossier == "" {
		dossier = filepath.Join(work, "dossier")
		cmd := exec.Command("go", "build", "-o", dossier, "./cmd/dossier")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("build dossier: %w", err)
		}
	}
	out, err := exec.Command(hugo, "version").Output()
	if err != nil {
		return fmt.Errorf("%s version: %w (install Hugo: apt-get install hugo)", hugo, err)
	}
	fmt.Printf("%s; %d paired runs per size; %s\n\n", strings.TrimSpace(string(out)), runs, cpus())
	fmt.Println("| points | pages (dossier / Hugo) | wall dossier | wall Hugo | ratio | CPU dossier | CPU Hugo | ratio | peak RSS dossier | peak RSS Hugo | ratio |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|")
	for _, f := range strings.Split(sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return fmt.Errorf("bad size %q", f)
		}
		dir := filepath.Join(work, strconv.Itoa(n))
		files := bench.Generate(bench.Options{Points: n})
		if err := bench.Write(filepath.Join(dir, "site"), files); err != nil {
			return err
		}
		if err := bench.Write(filepath.Join(dir, "hugo"), bench.Hugo(files)); err != nil {
			return err
		}
		dcmd := []string{dossier, "build", "-src", filepath.Join(dir, "site"), "-out", filepath.Join(dir, "out-dossier")}
		hcmd := []string{hugo, "--quiet", "-s", filepath.Join(dir, "hugo"), "-d", filepath.Join(dir, "out-hugo")}
		var ds, hs []sample
		for i := -1; i < runs; i++ { // i == -1: warm-up
			first, second := dcmd, hcmd
			if i%2 != 0 {
				first, second = hcmd, dcmd
			}
			a, err := measure(first)
			if err != nil {
				return err
			}
			b, err := measure(second)
			if err != nil {
				return err
			}
			if i < 0 {
				continue
			}
			if i%2 != 0 {
				a, b = b, a
			}
			ds, hs = append(ds, a), append(hs, b)
		}
		d, h := median(ds), median(hs)
		fmt.Printf("| %d | %d / %d | %.3f s | %.3f s | %.2f | %.3f s | %.3f s | %.2f | %d MiB | %d MiB | %.2f |\n",
			n, countHTML(filepath.Join(dir, "out-dossier")), countHTML(filepath.Join(dir, "out-hugo")),
			d.wall.Seconds(), h.wall.Seconds(), d.wall.Seconds()/h.wall.Seconds(),
			d.cpu.Seconds(), h.cpu.Seconds(), d.cpu.Seconds()/h.cpu.Seconds(),
			d.rss/1024, h.rss/1024, float64(d.rss)/float64(h.rss))
		if !keep {
			os.RemoveAll(dir)
		}
	}
	return nil
}

// measure runs a command and returns its wall time, CPU time and peak RSS.
func measure(args []string) (sample, error) {
	cmd := exec.Command(args[0], args[1:]...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return sample{}, fmt.Errorf("%s: %w\n%s", strings.Join(args, " "), err, stderr.String())
	}
	s := sample{wall: time.Since(start), cpu: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	s.rss = peakRSS(cmd.ProcessState)
	return s, nil
}

// median returns the median of each measure separately.
func median(ss []sample) sample {
	var walls, cpus []time.Duration
	var rss []int64
	for _, s := range ss {
		walls, cpus, rss = append(walls, s.wall), append(cpus, s.cpu), append(rss, s.rss)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	slices.Sort(rss)
	k := len(ss) / 2
	if len(ss)%2 == 0 {
		return sample{(walls[k-1] + walls[k]) / 2, (cpus[k-1] + cpus[k]) / 2, (rss[k-1] + rss[k]) / 2}
	}
	return sample{walls[k], cpus[k], rss[k]}
}

func countHTML(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			n++
		}
		return nil
	})
	return n
}

func cpus() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return ""
	}
	return strconv.Itoa(strings.Count(string(b), "processor\t:")) + " CPUs"
}
