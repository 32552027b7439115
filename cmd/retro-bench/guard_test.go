package main

import (
	"math"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// A /proc/meminfo as Linux writes it, trimmed.
const meminfo = `MemTotal:       24683620 kB
MemFree:        22067116 kB
MemAvailable:   23632320 kB
Buffers:          207476 kB
SwapTotal:             0 kB
`

func TestParseMeminfo(t *testing.T) {
	avail, total, err := parseMeminfo(strings.NewReader(meminfo))
	if err != nil {
		t.Fatal(err)
	}
	if avail != 23632320<<10 || total != 24683620<<10 {
		t.Errorf("available %d, total %d", avail, total)
	}
	for _, bad := range []string{"MemTotal: 1 kB\n", "MemTotal: x kB\nMemAvailable: 1 kB\n", "MemTotal: 1 MB\nMemAvailable: 1 kB\n"} {
		if _, _, err := parseMeminfo(strings.NewReader(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestProject(t *testing.T) {
	const gib = 1 << 30
	for _, c := range []struct {
		name    string
		samples []sample
		n       int
		want    int64
		k       float64
	}{
		// 1,000 → 10,000 grew tenfold: linear, so 100,000 takes ten times 10,000.
		{"linear", []sample{{1000, gib / 4}, {10000, 5 * gib / 2}}, 100000, 25 * gib, 1},
		// Growth as n^1.5 between the two largest sizes carries on.
		{"superlinear", []sample{{100, 1000}, {1000, 31623}, {10000, 1000000}}, 100000, 31622777, 1.5},
		// Less than linear between small sizes is taken as linear.
		{"sublinear", []sample{{1000, 2 * gib}, {10000, 4 * gib}}, 100000, 40 * gib, 1},
		{"one sample", []sample{{1000, 300}}, 10000, 3000, 1},
		// Sizes measured out of order: the two largest count.
		{"unordered", []sample{{10000, 100}, {1000, 10}, {100, 50}}, 100000, 1000, 1},
	} {
		p, ok := project(c.samples, c.n)
		if !ok {
			t.Errorf("%s: no projection", c.name)
			continue
		}
		if math.Abs(float64(p.v-c.want)) > float64(c.want)/1000 || math.Abs(p.k-c.k) > 0.01 {
			t.Errorf("%s: projected %d (n^%.3f), want %d (n^%.3f)", c.name, p.v, p.k, c.want, c.k)
		}
	}
	if _, ok := project(nil, 10); ok {
		t.Error("projected from nothing")
	}
}

// measured is a row as benchSize leaves it for a size that built.
func measured(n int, rss, src, out int64) row {
	return row{size: n, genTime: time.Second, source: treeStats{bytes: src},
		build: buildResult{maxRSS: rss}, output: outputStats{all: treeStats{bytes: out}}}
}

func TestAdmit(t *testing.T) {
	const gib = 1 << 30
	rows := []row{
		measured(1000, 400<<20, 10<<20, 170<<20),
		measured(10000, 28*gib/10, 95<<20, 16*gib/10),
		{size: 50000, skipped: "earlier"}, // neither skipped nor failed sizes count
		{size: 60000, err: exec.ErrNotFound},
	}
	free := resources{memAvailable: 22 * gib, memTotal: 24 * gib, diskFree: 79 * gib}
	// 10,000 took 2.8 GiB and 1,000 less than a tenth of that: 100,000 is
	// projected at 28 GiB or more, over 80% of 22 GiB.
	why := admit(rows, 100000, false, free)
	if !strings.Contains(why, "projected peak memory") || !strings.Contains(why, "10000 retros took 2.8 GiB") || !strings.Contains(why, "22.0 GiB available") {
		t.Errorf("100,000 on 22 GiB: %q", why)
	}
	// Halve the peak at 10,000 and it fits.
	rows[1].build.maxRSS = 14 * gib / 10
	if why := admit(rows, 100000, false, free); why != "" {
		t.Errorf("100,000 projected at 14 GiB on 22 GiB: %q", why)
	}
	// Hugo's peak counts too: it runs on the same machine.
	rows[1].hugo.maxRSS = 25 * gib / 10
	if why := admit(rows, 100000, false, free); !strings.Contains(why, "projected peak memory") {
		t.Errorf("with Hugo at 2.5 GiB: %q", why)
	}
	rows[1].hugo.maxRSS = 0
	// retro serve's peak counts only for a size that is previewed too.
	rows[1].preview.maxRSS = 25 * gib / 10
	if why := admit(rows, 100000, false, free); why != "" {
		t.Errorf("not previewed, with serve at 2.5 GiB at 10,000: %q", why)
	}
	if why := admit(rows, 100000, true, free); !strings.Contains(why, "projected peak memory") {
		t.Errorf("previewed, with serve at 2.5 GiB at 10,000: %q", why)
	}
	rows[1].preview.maxRSS = 0
	// Disk: 17 GiB at 10,000 would be 170 GiB at 100,000.
	rows[1].output.all.bytes = 17 * gib
	if why := admit(rows, 100000, false, free); !strings.Contains(why, "projected disk use") || !strings.Contains(why, "79.0 GiB free") {
		t.Errorf("100,000 with 170 GiB of output on 79 GiB: %q", why)
	}
	// Unknown resources are not checked; nothing measured, nothing projected.
	if why := admit(rows, 100000, false, resources{}); why != "" {
		t.Errorf("unknown resources: %q", why)
	}
	if why := admit(nil, 100000, false, resources{memAvailable: 1}); why != "" {
		t.Errorf("nothing measured: %q", why)
	}
}

// TestWatchdogStopsAChild: a child running while the machine (here a fake
// meminfo) has less memory left than lowMemory is killed, and the reason
// says so; with memory to spare it runs to its end.
func TestWatchdogStopsAChild(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("needs sleep(1)")
	}
	const gib = 1 << 30
	low := func() (int64, int64, error) { return gib / 2, 24 * gib, nil }
	cmd := exec.Command("sleep", "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := watchMemory(cmd.Process, low)
	err := cmd.Wait() // sleep ends with status 0 unless killed
	why := stop()
	if err == nil || !strings.Contains(why, "512.0 MiB of memory left") {
		t.Errorf("wait: %v; why: %q", err, why)
	}

	plenty := func() (int64, int64, error) { return 20 * gib, 24 * gib, nil }
	cmd = exec.Command("sleep", "0.5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop = watchMemory(cmd.Process, plenty)
	if err := cmd.Wait(); err != nil {
		t.Errorf("with memory to spare: %v", err)
	}
	if why := stop(); why != "" {
		t.Errorf("with memory to spare: %q", why)
	}
}
