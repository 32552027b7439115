package webcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strings"
	"time"
)

// lighthouseCLI is Lighthouse's command line inside node_modules.
const lighthouseCLI = "lighthouse/cli/index.js"

// LighthouseCategories are the categories a Lighthouse run scores.
var LighthouseCategories = []string{"performance", "accessibility", "best-practices", "seo"}

// LighthouseResult is a Lighthouse run over one page: a score from 0 to 100
// per category, and for each category the audits that lost it points.
type LighthouseResult struct {
	URL    string
	Scores map[string]int
	Failed map[string][]string // category: "audit-id (score): display value"
}

// LighthouseTool is Lighthouse's command line from package-lock.json.
var LighthouseTool = Tool{"Lighthouse", "run `npm ci --ignore-scripts` (or `make tools`) at the top of the repository", func() (string, error) {
	return nodeModuleFile(lighthouseCLI)
}}

// Lighthouse runs Lighthouse (npm, pinned in package.json) on url with the
// same Chromium as Browser, headless and with a fresh profile in dir, and
// returns its scores. It runs with Lighthouse's mobile settings (a phone's
// screen and network, simulated) but no CPU slowdown.
func Lighthouse(ctx context.Context, url, dir string) (*LighthouseResult, error) {
	cli, err := nodeModuleFile(lighthouseCLI)
	if err != nil {
		return nil, err
	}
	exe := os.Getenv("CHROMIUM")
	if exe == "" {
		exe = defaultChromium
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	flags := strings.Join([]string{
		"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir=" + dir,
	}, " ")
	cmd := exec.CommandContext(ctx, "node", cli, url,
		"--output=json", "--output-path=stdout", "--quiet",
		"--only-categories="+strings.Join(LighthouseCategories, ","),
		// The network is a phone's, simulated; the CPU is not slowed four
		// times more, as Lighthouse does by default, because the tests
		// share two cores: their load already stretches every task.
		"--throttling.cpuSlowdownMultiplier=1",
		"--chrome-flags="+flags)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+exe)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("webcheck: lighthouse %s: %w\n%s", url, err, stderr.String())
	}
	var report struct {
		Categories map[string]struct {
			Score     *float64 `json:"score"`
			AuditRefs []struct {
				ID     string  `json:"id"`
				Weight float64 `json:"weight"`
			} `json:"auditRefs"`
		} `json:"categories"`
		Audits map[string]struct {
			Score        *float64 `json:"score"`
			DisplayValue string   `json:"displayValue"`
		} `json:"audits"`
		RuntimeError *struct {
			Code, Message string
		} `json:"runtimeError"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
		return nil, fmt.Errorf("webcheck: lighthouse %s: reading its report: %w", url, err)
	}
	if e := report.RuntimeError; e != nil {
		return nil, fmt.Errorf("webcheck: lighthouse %s: %s: %s", url, e.Code, e.Message)
	}
	res := &LighthouseResult{URL: url, Scores: map[string]int{}, Failed: map[string][]string{}}
	for name, c := range report.Categories {
		if c.Score == nil {
			return nil, fmt.Errorf("webcheck: lighthouse %s: no %s score", url, name)
		}
		res.Scores[name] = int(*c.Score*100 + 0.5)
		for _, ref := range c.AuditRefs {
			if a, ok := report.Audits[ref.ID]; ok && ref.Weight > 0 && a.Score != nil && *a.Score < 1 {
				res.Failed[name] = append(res.Failed[name], fmt.Sprintf("%s (%.2f) %s", ref.ID, *a.Score, a.DisplayValue))
			}
		}
		sort.Strings(res.Failed[name])
	}
	return res, nil
}
