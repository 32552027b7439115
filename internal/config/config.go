// Package config reads site.yaml and fills in the defaults of the SPEC.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"retro/internal/source"
)

// Category is a kind of systemic problem (CAST's systemic factors by default).
type Category struct {
	Key         string
	Title       string
	Description string
}

// Site is site.yaml with every default applied.
type Site struct {
	Title        string
	Description  string
	BaseURL      string // absolute, with a trailing slash; may be empty
	BasePath     string // the path of BaseURL, "/" when none
	Timezone     *time.Location
	TimezoneName string
	Severities   []string // most severe first
	Tracker      string   // URL template with {ticket}
	GitHub       string   // where owner/repo#123 links, without a trailing slash
	Repo         string   // owner/repo that a bare #123 means, or ""
	// Quarters is how many quarters the cross-views show one by one; older
	// ones roll up into "earlier".
	Quarters      int
	Tickets       string // path of a tracker export, relative to the site
	Categories    []Category
	BlamePhrases  []string
	BlameSeverity source.Severity
	Theme         string
	MaxFileSize   int64    // bytes; larger source files are an error (max_file_mb)
	Keep          []string // names in --dest a build carries into the new site
}

// DefaultCategories follow CAST's systemic factors.
var defaultCategories = []Category{
	{"safety-culture", "Safety culture", "How the organisation values and talks about safety, risk and failure."},
	{"communication-coordination", "Communication and coordination", "How people and teams share what they know and act together."},
	{"change-management", "Change management", "Changes to the system and how their effects build up over time."},
	{"operational-readiness", "Operational readiness", "Runbooks, drills, access and tooling ready before they are needed."},
	{"monitoring-alerting", "Monitoring and alerting", "Whether the system tells people what they need to know, in time."},
	{"capacity-planning", "Capacity planning", "Headroom, limits and growth of the resources the system depends on."},
	{"dependency-management", "Dependency management", "Services, vendors and libraries the system relies on."},
	{"process-documentation", "Process and documentation", "Written procedures and whether they match what people do."},
	{"design-complexity", "Design complexity", "Coupling and hidden interactions in the system's design."},
	{"production-pressure", "Production pressure", "Deadlines and workload that push safety margins aside."},
}

// Default is the configuration of a site without site.yaml.
func Default() *Site {
	return &Site{
		Title:         "Incident retrospectives",
		BasePath:      "/",
		Timezone:      time.UTC,
		TimezoneName:  "UTC",
		Severities:    []string{"SEV1", "SEV2", "SEV3", "SEV4"},
		Categories:    append([]Category(nil), defaultCategories...),
		BlamePhrases:  []string{"human error", "should have known", "careless", "root cause"},
		BlameSeverity: source.Warning,
		Theme:         "default",
		MaxFileSize:   source.DefaultMaxSize,
		Keep:          []string{".git", "CNAME", ".nojekyll"},
		GitHub:        "https://github.com",
		Quarters:      12,
	}
}

// Category returns the category with key, if the site knows it.
func (s *Site) Category(key string) (Category, bool) {
	for _, c := range s.Categories {
		if c.Key == key {
			return c, true
		}
	}
	return Category{}, false
}

// CategoryKeys lists the known category keys, for hints.
func (s *Site) CategoryKeys() []string {
	keys := make([]string, len(s.Categories))
	for i, c := range s.Categories {
		keys[i] = c.Key
	}
	return keys
}

var (
	ticketKey   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`)
	githubRef   = regexp.MustCompile(`^([A-Za-z0-9][A-Za-z0-9-]*)/([A-Za-z0-9._-]+)#([0-9]+)$`)
	githubShort = regexp.MustCompile(`^#[0-9]+$`)
	repoName    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+$`)
)

// Ticket is a ticket as the site names it: a bare GitHub #123 becomes
// owner/repo#123 of site.yaml's repo, so that both spellings share a page.
func (s *Site) Ticket(t string) string {
	if githubShort.MatchString(t) && s.Repo != "" {
		return s.Repo + t
	}
	return t
}

// TicketProblem says what is wrong with a ticket (ticket or tracking), or
// "" when it is a key, a GitHub reference or an http(s) URL.
func (s *Site) TicketProblem(t string) string {
	switch {
	case isHTTP(t), ticketKey.MatchString(t), githubRef.MatchString(t):
		return ""
	case githubShort.MatchString(t):
		if s.Repo == "" {
			return "is a GitHub reference without a repository: set repo: owner/name in site.yaml, or write owner/repo" + t
		}
		return ""
	}
	return "is neither a key (PAY-123), a GitHub reference (owner/repo#123, #123) nor an http(s) URL"
}

func isHTTP(t string) bool {
	u, err := url.Parse(t)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		(strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://"))
}

// TicketURL turns a ticket into a link: a URL as is, a GitHub reference on
// site.yaml's github, a key through its tracker; "" when there is no link.
func (s *Site) TicketURL(ticket string) string {
	if strings.HasPrefix(ticket, "http://") || strings.HasPrefix(ticket, "https://") {
		return ticket
	}
	if m := githubRef.FindStringSubmatch(s.Ticket(ticket)); m != nil {
		return s.GitHub + "/" + m[1] + "/" + m[2] + "/issues/" + m[3]
	}
	if s.Tracker == "" || ticket == "" {
		return ""
	}
	return strings.ReplaceAll(s.Tracker, "{ticket}", url.PathEscape(ticket))
}

var (
	categoryKey = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	themeName   = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)
)

// Load reads dir/site.yaml (see Read).
func Load(dir string) (*Site, source.Findings) {
	tree, err := source.OpenTree(dir)
	if err != nil {
		var fs source.Findings
		fs.Errorf(source.Pos{File: dir}, "io", "%v", err)
		return Default(), fs
	}
	defer tree.Close()
	return Read(tree)
}

// Read reads site.yaml in the site's folder. A missing file is the default
// site; every problem in the file is a finding, and the defaults stand in for
// what was wrong.
func Read(dir *source.Tree) (*Site, source.Findings) {
	site := Default()
	var fs source.Findings
	const path = "site.yaml"
	data, err := dir.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return site, nil
	}
	if err != nil {
		return site, append(fs, dir.Finding(path, err))
	}
	root, err := source.ParseYAML(path, data, 0)
	if err != nil {
		var f source.Finding
		if errors.As(err, &f) {
			return site, append(fs, f)
		}
		fs.Errorf(source.Pos{File: path}, "yaml", "%v", err)
		return site, fs
	}
	d := source.Decoder{Path: path, Findings: &fs}
	m, ok := d.Map(root, "site.yaml", "title", "description", "base_url", "timezone", "severities",
		"tracker", "tickets", "categories", "lint", "theme", "keep", "max_file_mb", "github", "repo", "analysis")
	if !ok {
		return site, fs
	}
	if s, ok := d.String(m.Get("title"), "title"); ok {
		site.Title = s
	}
	if s, ok := d.String(m.Get("description"), "description"); ok {
		site.Description = s
	}
	if n := m.Get("base_url"); n != nil {
		if s, ok := d.String(n, "base_url"); ok {
			if err := site.SetBaseURL(s); err != nil {
				fs.Errorf(d.Pos(n), "base-url", "%v", err).Hint = "write an absolute URL such as https://retros.example.com/"
			}
		}
	}
	if n := m.Get("timezone"); n != nil {
		if s, ok := d.String(n, "timezone"); ok {
			if loc, err := time.LoadLocation(s); err != nil || s == "" || s == "Local" {
				fs.Errorf(d.Pos(n), "timezone", "unknown time zone %q", s).Hint = "use an IANA name such as UTC or Europe/Berlin"
			} else {
				site.Timezone, site.TimezoneName = loc, s
			}
		}
	}
	if n := m.Get("severities"); n != nil {
		if sevs, _ := d.Strings(n, "severities"); len(sevs) > 0 {
			site.Severities = sevs
		} else {
			fs.Errorf(d.Pos(n), "type", "severities must list at least one level")
		}
	}
	if n := m.Get("tracker"); n != nil {
		if s, ok := d.String(n, "tracker"); ok {
			if !strings.Contains(s, "{ticket}") || !(strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")) {
				fs.Errorf(d.Pos(n), "tracker", "tracker must be an http(s) URL containing {ticket}").Hint = "for example https://tracker.example.com/browse/{ticket}"
			} else {
				site.Tracker = s
			}
		}
	}
	if n := m.Get("github"); n != nil {
		if s, ok := d.String(n, "github"); ok {
			if !isHTTP(s) {
				fs.Errorf(d.Pos(n), "github", "github %q is not an http(s) URL", s).Hint = "write https://github.com, or your GitHub Enterprise host"
			} else {
				site.GitHub = strings.TrimRight(s, "/")
			}
		}
	}
	if n := m.Get("repo"); n != nil {
		if s, ok := d.String(n, "repo"); ok {
			if !repoName.MatchString(s) {
				fs.Errorf(d.Pos(n), "repo", "repo %q is not owner/name", s).Hint = "for example acme/payments: a bare #123 then means acme/payments#123"
			} else {
				site.Repo = s
			}
		}
	}
	if am, ok := d.Map(m.Get("analysis"), "analysis", "quarters"); ok {
		if n := am.Get("quarters"); n != nil {
			if q, err := strconv.Atoi(n.Value); err != nil || n.Kind != yaml.ScalarNode || q < 1 {
				fs.Errorf(d.Pos(n), "type", "analysis.quarters must be a whole number of at least 1").Hint = "for example quarters: 12 (three years)"
			} else {
				site.Quarters = q
			}
		}
	}
	if s, ok := d.String(m.Get("tickets"), "tickets"); ok {
		site.Tickets = s
	}
	if n := m.Get("theme"); n != nil {
		if s, ok := d.String(n, "theme"); ok {
			// A theme is a folder of themes/: a path would let a
			// repository load templates from anywhere on the machine.
			if !themeName.MatchString(s) {
				fs.Errorf(d.Pos(n), "theme", "theme %q is not a folder name of themes/", s).Hint = "name a folder of themes/ in this site, such as default"
			} else {
				site.Theme = s
			}
		}
	}
	if n := m.Get("keep"); n != nil {
		names, nodes := d.Strings(n, "keep")
		if n.Kind == yaml.SequenceNode {
			site.Keep = nil
			for i, name := range names {
				if name == "" || name == "." || name == ".." || strings.ContainsAny(name, "/\\") || name == ".retro-build" {
					fs.Errorf(d.Pos(nodes[i]), "keep", "keep: %q is not a file name in --dest", name).Hint = "list names of files or folders at the top of --dest, such as CNAME"
					continue
				}
				site.Keep = append(site.Keep, name)
			}
		}
	}
	if n := m.Get("max_file_mb"); n != nil {
		var mb int
		if err := n.Decode(&mb); err != nil || mb < 1 || mb > 1024 {
			fs.Errorf(d.Pos(n), "type", "max_file_mb must be a whole number of megabytes from 1 to 1024").Hint = "the default is 5"
		} else {
			site.MaxFileSize = int64(mb) << 20
		}
	}
	loadCategories(d, m.Get("categories"), site)
	loadLint(d, m.Get("lint"), site)
	return site, fs
}

func loadCategories(d source.Decoder, n *yaml.Node, site *Site) {
	if n == nil {
		return
	}
	if n.Kind != yaml.MappingNode {
		d.Findings.Errorf(d.Pos(n), "type", "categories must be a mapping of category keys to {title, description}")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !categoryKey.MatchString(k.Value) {
			d.Findings.Errorf(d.Pos(k), "category", "category key %q must be a lowercase slug", k.Value).Hint = "use letters, digits and dashes, e.g. data-quality"
			continue
		}
		c := Category{Key: k.Value, Title: k.Value}
		if m, ok := d.Map(v, "category "+k.Value, "title", "description"); ok {
			if s, ok := d.String(m.Get("title"), "title"); ok {
				c.Title = s
			}
			if s, ok := d.String(m.Get("description"), "description"); ok {
				c.Description = s
			}
		}
		if idx := slices.IndexFunc(site.Categories, func(x Category) bool { return x.Key == c.Key }); idx >= 0 {
			site.Categories[idx] = c // a site may retitle a default category
		} else {
			site.Categories = append(site.Categories, c)
		}
	}
}

func loadLint(d source.Decoder, n *yaml.Node, site *Site) {
	m, ok := d.Map(n, "lint", "blame_phrases", "blame_severity")
	if !ok {
		return
	}
	if p := m.Get("blame_phrases"); p != nil {
		phrases, _ := d.Strings(p, "blame_phrases")
		site.BlamePhrases = phrases
	} else if m.Has("blame_phrases") {
		site.BlamePhrases = nil
	}
	if sev, ok := d.Enum(m.Get("blame_severity"), "blame_severity", "warning", "error"); ok {
		site.BlameSeverity = source.Severity(sev)
	}
}

// SetBaseURL sets the site's absolute URL (from site.yaml or --base-url).
func (s *Site) SetBaseURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("base_url %q is not an absolute http(s) URL", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	u.RawQuery, u.Fragment = "", ""
	s.BaseURL = u.String()
	s.BasePath = u.Path
	return nil
}
