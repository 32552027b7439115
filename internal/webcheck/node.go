package webcheck

import "testing"

// NodeJS returns the path of Node.js (20 or later), for the tests that run
// the search page's modules (see Need).
func NodeJS(t testing.TB) string {
	t.Helper()
	return Need(t, NodeJSTool)[0]
}
