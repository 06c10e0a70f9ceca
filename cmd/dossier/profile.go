package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile starts a CPU profile of the whole process into the file
// that DOSSIER_CPUPROFILE names, for profiling a real build
// (DOSSIER_CPUPROFILE=cpu.out dossier build; go tool pprof -top cpu.out).
// It returns the function that stops it; without the variable, it does
// nothing.
func startProfile(stderr io.Writer) func() {
	name := os.Getenv("DOSSIER_CPUPROFILE")
	if name == "" {
		return func() {}
	}
	f, err := os.Create(name)
	if err != nil {
		fmt.Fprintf(stderr, "dossier: DOSSIER_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(stderr, "dossier: DOSSIER_CPUPROFILE: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			fmt.Fprintf(stderr, "dossier: DOSSIER_CPUPROFILE: %v\n", err)
		}
	}
}
