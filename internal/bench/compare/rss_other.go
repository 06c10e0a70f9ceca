//go:build !unix

package main

import "os"

// peakRSS is 0 where the platform has no getrusage: the table then shows
// no memory figures.
func peakRSS(ps *os.ProcessState) int64 { return 0 }
