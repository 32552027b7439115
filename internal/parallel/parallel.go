// Package parallel runs work over retrospectives on a bounded number of
// workers, the one way the build spreads work across cores.
package parallel

import (
	"runtime"
	"sync"
)

// For calls f(i) for every i in 0..n-1 on at most GOMAXPROCS goroutines
// and returns when all calls have returned. Each f writes only its own
// slot of a result slice, so callers need no locks.
func For(n int, f func(i int)) {
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(runtime.GOMAXPROCS(0), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
