package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaults(t *testing.T) {
	site, fs := Load(t.TempDir())
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	if site.BasePath != "/" || site.TimezoneName != "UTC" || len(site.Severities) != 4 || len(site.Categories) != 10 {
		t.Errorf("defaults: %+v", site)
	}
	if site.TicketURL("PAY-1") != "" || site.TicketURL("https://x.example/1") != "https://x.example/1" {
		t.Error("ticket links without a tracker")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	yaml := `title: Payments
base_url: https://example.com/retros
timezone: Europe/Berlin
severities: [P0, P1]
tracker: https://tracker.example.com/browse/{ticket}
categories:
  data-quality: {title: Data quality}
  monitoring-alerting: {title: Observability}
lint:
  blame_phrases: []
  blame_severity: error
`
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	site, fs := Load(dir)
	if len(fs) != 0 {
		t.Fatal(fs)
	}
	if site.BaseURL != "https://example.com/retros/" || site.BasePath != "/retros/" {
		t.Errorf("base %q %q", site.BaseURL, site.BasePath)
	}
	if c, ok := site.Category("monitoring-alerting"); !ok || c.Title != "Observability" {
		t.Error("a default category cannot be retitled")
	}
	if _, ok := site.Category("data-quality"); !ok || len(site.Categories) != 11 {
		t.Error("a site category is not added to the defaults")
	}
	if len(site.BlamePhrases) != 0 || site.BlameSeverity != "error" {
		t.Errorf("lint: %v %v", site.BlamePhrases, site.BlameSeverity)
	}
	if got := site.TicketURL("PAY 1"); got != "https://tracker.example.com/browse/PAY%201" {
		t.Errorf("ticket URL %s", got)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	yaml := "title: x\ntimezone: Mars/Base\ntracker: ftp://x/{ticket}\ncategories:\n  Bad_Key: {title: x}\n"
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	_, fs := Load(dir)
	var got []string
	for _, f := range fs {
		got = append(got, f.Pos.String()+" "+f.Rule)
	}
	want := "site.yaml:2:11 timezone|site.yaml:3:10 tracker|site.yaml:5:3 category"
	if strings.Join(got, "|") != want {
		t.Errorf("findings %v, want %s", got, want)
	}
}
