//go:build !unix

package source

// nonBlocking is not needed where FIFOs do not block an open.
const nonBlocking = 0
