//go:build unix

package source

import "syscall"

// nonBlocking makes opening a FIFO return at once instead of waiting for a
// writer, so that the file can be checked and refused.
const nonBlocking = syscall.O_NONBLOCK
