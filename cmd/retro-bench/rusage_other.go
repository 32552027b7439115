//go:build !unix

package main

import "os"

// maxRSS is unavailable where the OS reports no rusage for children.
func maxRSS(*os.ProcessState) (int64, bool) { return 0, false }
