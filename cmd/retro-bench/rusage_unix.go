//go:build unix

package main

import (
	"os"
	"runtime"
	"syscall"
)

// maxRSS returns the child's peak resident set size in bytes, from the
// rusage that wait4 reported for it. Linux and the BSDs count KiB; Darwin
// counts bytes.
func maxRSS(ps *os.ProcessState) (int64, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return 0, false
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss), true
	}
	return int64(ru.Maxrss) * 1024, true
}
