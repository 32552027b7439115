package main

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// The guard keeps the benchmark from taking the machine down: before a
// size it projects the build's peak memory and the disk it needs from the
// sizes already measured and skips the size, saying why, when the machine
// has not got that much to spare; while a child runs, a watchdog stops it
// when memory runs out anyway (the machine may have no swap, and then the
// kernel's OOM killer picks a victim, maybe someone else's process).

// Fractions of what is available that a size may plan to use: the machine
// is shared, and the projection is an estimate.
const (
	memShare  = 0.8
	diskShare = 0.8
)

// resources is what the machine has free now. A zero field is unknown.
type resources struct {
	memAvailable int64 // MemAvailable: what can be allocated without swapping
	memTotal     int64
	diskFree     int64 // bytes an unprivileged writer may still use under the work folder
}

// machineResources reads /proc/meminfo and statfs(work); either may be
// unknown on systems without them.
func machineResources(work string) resources {
	var res resources
	if f, err := os.Open("/proc/meminfo"); err == nil {
		res.memAvailable, res.memTotal, _ = parseMeminfo(f)
		f.Close()
	}
	res.diskFree, _ = diskFree(work)
	return res
}

// parseMeminfo reads MemAvailable and MemTotal, in bytes, from the text of
// /proc/meminfo ("MemAvailable:   23632320 kB").
func parseMeminfo(r io.Reader) (available, total int64, err error) {
	sc := bufio.NewScanner(r)
	found := 0
	for sc.Scan() {
		key, rest, ok := strings.Cut(sc.Text(), ":")
		if !ok || key != "MemAvailable" && key != "MemTotal" {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0, 0, fmt.Errorf("meminfo: %s: unexpected %q", key, rest)
		}
		v, err := strconv.ParseInt(f[0], 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("meminfo: %s: %w", key, err)
		}
		found++
		if key == "MemAvailable" {
			available = v << 10
		} else {
			total = v << 10
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, fmt.Errorf("meminfo: %w", err)
	}
	if found < 2 {
		return 0, 0, fmt.Errorf("meminfo: no MemAvailable or MemTotal")
	}
	return available, total, nil
}

// sample is one measured size and one of its costs.
type sample struct {
	n int
	v int64
}

// projection is a cost extrapolated to a larger size.
type projection struct {
	v int64
	k float64 // cost grows as n^k
}

// project extrapolates a cost to n from the samples, which are in the
// order measured: a power law through the two largest sizes, n^k, with k
// no less than 1 (a cost that grew less than linearly between two small
// sizes was paying fixed overheads, which a large size does not dilute
// further), and linear from one sample. ok is false without samples.
func project(samples []sample, n int) (p projection, ok bool) {
	var a, b sample // b the largest size, a the one below it
	for _, s := range samples {
		switch {
		case s.n <= 0 || s.v <= 0:
		case s.n > b.n:
			a, b = b, s
		case s.n > a.n && s.n < b.n:
			a = s
		}
	}
	if b.n == 0 {
		return p, false
	}
	k := 1.0
	if a.n > 0 {
		k = max(1, math.Log(float64(b.v)/float64(a.v))/math.Log(float64(b.n)/float64(a.n)))
	}
	return projection{v: int64(float64(b.v) * math.Pow(float64(n)/float64(b.n), k)), k: k}, true
}

// needs is what a size is projected to take: the peak memory of its
// largest process, and the disk for its generated source and outputs.
type needs struct {
	mem, disk   projection
	memFrom     int // the largest measured size the projections start from
	memMeasured int64
}

// projectNeeds projects size n's needs from the rows measured before it.
// Memory is the largest of the tools' peaks (they run one after another),
// retro serve's only when n is to be previewed too; disk is the generated
// source plus every output the size writes.
func projectNeeds(rows []row, n int, preview bool) (needs, bool) {
	var mem, disk []sample
	var nd needs
	for _, r := range rows {
		if r.err != nil || r.skipped != "" || r.genTime == 0 {
			continue
		}
		peak := max(r.build.maxRSS, r.hugo.maxRSS)
		if preview {
			peak = max(peak, r.preview.maxRSS)
		}
		mem = append(mem, sample{r.size, peak})
		disk = append(disk, sample{r.size, r.source.bytes + r.output.all.bytes + r.hugoOut.bytes})
		if r.size > nd.memFrom {
			nd.memFrom, nd.memMeasured = r.size, peak
		}
	}
	var okMem, okDisk bool
	nd.mem, okMem = project(mem, n)
	nd.disk, okDisk = project(disk, n)
	return nd, okMem && okDisk
}

// admit says why size n (previewed too, with preview) should not run on a
// machine with res, or "" when it fits (or nothing smaller was measured to
// project from).
func admit(rows []row, n int, preview bool, res resources) string {
	nd, ok := projectNeeds(rows, n, preview)
	if !ok {
		return ""
	}
	if res.memAvailable > 0 && float64(nd.mem.v) > memShare*float64(res.memAvailable) {
		return fmt.Sprintf("projected peak memory %s (%d retros took %s; growth n^%.2f) is more than %.0f%% of the %s available (MemAvailable in /proc/meminfo, of %s)",
			bytesize(nd.mem.v), nd.memFrom, bytesize(nd.memMeasured), nd.mem.k, memShare*100, bytesize(res.memAvailable), bytesize(res.memTotal))
	}
	if res.diskFree > 0 && float64(nd.disk.v) > diskShare*float64(res.diskFree) {
		return fmt.Sprintf("projected disk use %s (source and outputs; growth n^%.2f) is more than %.0f%% of the %s free under the work folder",
			bytesize(nd.disk.v), nd.disk.k, diskShare*100, bytesize(res.diskFree))
	}
	return ""
}

// lowMemory is the MemAvailable under which the watchdog stops a child:
// what is left is the rest of the machine's, and without swap the next
// step is the OOM killer.
func lowMemory(total int64) int64 {
	return max(1<<30, total/25)
}
