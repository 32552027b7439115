package main

import (
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"
)

// measure runs cmd to its end and measures it from the outside: wall time
// around the child, CPU and peak RSS from the rusage of the exited
// process. A watchdog stops the child when the machine runs out of memory
// (see lowMemory); the error then says so.
func measure(cmd *exec.Cmd) (buildResult, error) {
	var res buildResult
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return res, err
	}
	stop := watchMemory(cmd.Process, meminfoReader)
	err := cmd.Wait()
	res.wall = time.Since(start)
	if why := stop(); why != "" {
		err = fmt.Errorf("%s", why)
	}
	if ps := cmd.ProcessState; ps != nil {
		res.cpu = ps.UserTime() + ps.SystemTime()
		res.maxRSS, _ = maxRSS(ps)
	}
	return res, err
}

// meminfoReader reads the machine's MemAvailable and MemTotal.
func meminfoReader() (available, total int64, err error) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	return parseMeminfo(f)
}

// watchPeriod is how often the watchdog reads the machine's free memory:
// a build allocates at most a few hundred MiB in that time.
const watchPeriod = 200 * time.Millisecond

// watchMemory kills p when the machine's available memory falls under
// lowMemory, until the returned stop is called; stop says why p was killed,
// or "" when it was not. Where meminfo cannot be read, it watches nothing.
func watchMemory(p *os.Process, meminfo func() (int64, int64, error)) (stop func() string) {
	done := make(chan struct{})
	var why string
	var wg sync.WaitGroup
	wg.Go(func() {
		t := time.NewTicker(watchPeriod)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			avail, total, err := meminfo()
			if err != nil {
				return
			}
			if low := lowMemory(total); avail < low {
				why = fmt.Sprintf("stopped by retro-bench: the machine had %s of memory left (MemAvailable, under %s of %s) and no more to give without swapping or the OOM killer",
					bytesize(avail), bytesize(low), bytesize(total))
				p.Kill()
				return
			}
		}
	})
	var once sync.Once
	return func() string {
		once.Do(func() { close(done) })
		wg.Wait()
		return why
	}
}
