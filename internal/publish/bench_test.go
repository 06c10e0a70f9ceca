package publish

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// benchFiles returns a tree shaped like the output of a generated site of
// 1,000 points: about 1,600 pages, each in its own folder, and 1,300 small
// files in one folder (the search index).
func benchFiles() map[string][]byte {
	m := make(map[string][]byte)
	page := make([]byte, 24<<10)
	for i := range page {
		page[i] = byte('a' + i%26)
	}
	for i := range 1000 {
		m[fmt.Sprintf("points/%d/index.html", i)] = page
	}
	for i := range 250 {
		m[fmt.Sprintf("sources/s%d/index.html", i)] = page
		m[fmt.Sprintf("sources/s%d/cited/index.html", i)] = page
	}
	for i := range 1300 {
		m[fmt.Sprintf("search-index/%04d.json", i)] = page[:2<<10]
	}
	return m
}

// BenchmarkWrite writes benchFiles into an output directory: a first build
// (fresh), a rebuild that changes nothing, one that changes one page, and
// one that changes every file, with several numbers of workers. Besides
// the time it reports the CPU time (user and system) of each write,
// cpu-ms/op, which a machine shared with other work disturbs less.
//
//	go test -run '^$' -bench Write -benchtime 5x ./internal/publish
func BenchmarkWrite(b *testing.B) {
	files := benchFiles()
	changed := make(map[string][]byte, len(files))
	for name, data := range files {
		d := append([]byte(nil), data...)
		d[0] = 'X'
		changed[name] = d
	}
	one := make(map[string][]byte, len(files))
	for name, data := range files {
		one[name] = data
	}
	one["points/500/index.html"] = changed["points/500/index.html"]

	for _, workers := range []int{1, 4, 8} {
		{
			b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
				old := syncWorkers
				syncWorkers = workers
				b.Cleanup(func() { syncWorkers = old })
				b.Run("fresh", func(b *testing.B) {
					parent := b.TempDir()
					cpu := cpuTime()
					for i := 0; b.Loop(); i++ {
						dir := filepath.Join(parent, fmt.Sprint(i))
						if err := Write(b.Context(), dir, files, Options{}); err != nil {
							b.Fatal(err)
						}
					}
					reportCPU(b, cpu)
				})
				for _, tt := range []struct {
					name string
					next map[string][]byte
				}{{"identical", files}, {"one changed", one}, {"all changed", changed}} {
					b.Run(tt.name, func(b *testing.B) {
						dir := filepath.Join(b.TempDir(), "public")
						if err := Write(b.Context(), dir, files, Options{}); err != nil {
							b.Fatal(err)
						}
						flip := []map[string][]byte{tt.next, files}
						cpu := cpuTime()
						for i := 0; b.Loop(); i++ {
							if err := Write(b.Context(), dir, flip[i%2], Options{}); err != nil {
								b.Fatal(err)
							}
						}
						reportCPU(b, cpu)
					})
				}
			})
		}
	}
}

// reportCPU reports the CPU time used since start, per operation, where
// it is measured.
func reportCPU(b *testing.B, start time.Duration) {
	if start == 0 || b.N == 0 {
		return
	}
	b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// BenchmarkStream stages a file of 10 MB written in pieces of 36 KB, as
// the exports write dossier.json, beside small files written whole, and
// drops the staging area.
//
//	go test -run '^$' -bench Stream -benchmem ./internal/publish
func BenchmarkStream(b *testing.B) {
	piece := make([]byte, 36<<10)
	for i := range piece {
		piece[i] = byte('a' + i%26)
	}
	parent := b.TempDir()
	cpu := cpuTime()
	for i := 0; b.Loop(); i++ {
		o, err := Begin(filepath.Join(parent, fmt.Sprint(i)), Options{})
		if err != nil {
			b.Fatal(err)
		}
		w, err := o.Create("dossier.json")
		if err != nil {
			b.Fatal(err)
		}
		for k := range 10 << 20 / len(piece) {
			if _, err := w.Write(piece); err != nil {
				b.Fatal(err)
			}
			if k%4 == 0 {
				if err := o.Write(fmt.Sprintf("p/%d", k), piece[:8<<10]); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		if err := o.Abort(); err != nil {
			b.Fatal(err)
		}
	}
	reportCPU(b, cpu)
}
