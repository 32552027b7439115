package gen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

const testN = 200

// frontMatter mirrors SPEC's keys. Decoding with KnownFields(true) makes an
// unknown or misspelt key a test failure. Times stay strings so the test
// parses them itself, the way retro has to.
type frontMatter struct {
	Title     string   `yaml:"title"`
	ID        string   `yaml:"id"`
	Aliases   []string `yaml:"aliases"`
	Status    string   `yaml:"status"`
	Kind      string   `yaml:"kind"`
	Severity  string   `yaml:"severity"`
	Timezone  string   `yaml:"timezone"`
	Started   string   `yaml:"started"`
	Detected  string   `yaml:"detected"`
	Mitigated string   `yaml:"mitigated"`
	Resolved  string   `yaml:"resolved"`
	Impact    string   `yaml:"impact"`
	Summary   string   `yaml:"summary"`
	Services  []string `yaml:"services"`
	Teams     []string `yaml:"teams"`
	Tags      []string `yaml:"tags"`
	Author    string   `yaml:"author"`
	Shadow    string   `yaml:"shadow"`
	Mentor    string   `yaml:"mentor"`
	DraftDue  string   `yaml:"draft_due"`
	Review    *struct {
		Reviewers []string `yaml:"reviewers"`
		Meeting   string   `yaml:"meeting"`
		Presenter string   `yaml:"presenter"`
		Moderator string   `yaml:"moderator"`
		NoteTaker string   `yaml:"note_taker"`
		Notes     string   `yaml:"notes"`
		Finalized string   `yaml:"finalized"`
	} `yaml:"review"`
	Timeline []struct {
		At    string   `yaml:"at"`
		Event string   `yaml:"event"`
		Refs  []string `yaml:"refs"`
	} `yaml:"timeline"`
	Analysis struct {
		System         string `yaml:"system"`
		Environment    string `yaml:"environment"`
		SafetyControls []struct {
			ID, Name, Purpose, Failure string
		} `yaml:"safety_controls"`
		SystemicProblems []struct {
			ID, Problem, Category string
		} `yaml:"systemic_problems"`
		MissingControls []struct {
			ID, Control string
		} `yaml:"missing_controls"`
	} `yaml:"analysis"`
	Recommendations         *[]recFM `yaml:"recommendations"`
	NoRecommendationsReason string   `yaml:"no_recommendations_reason"`
}

type recFM struct {
	ID            string   `yaml:"id"`
	Title         string   `yaml:"title"`
	Addresses     []string `yaml:"addresses"`
	Kind          string   `yaml:"kind"`
	Better        string   `yaml:"better"`
	Ticket        string   `yaml:"ticket"`
	Tracking      string   `yaml:"tracking"`
	Priority      string   `yaml:"priority"`
	Status        string   `yaml:"status"`
	Due           string   `yaml:"due"`
	DoneWhen      string   `yaml:"done_when"`
	DroppedReason string   `yaml:"dropped_reason"`
	History       []struct {
		On     string `yaml:"on"`
		Status string `yaml:"status"`
		Note   string `yaml:"note"`
	} `yaml:"history"`
}

// parsed is one retrospective as the test reads it back.
type parsed struct {
	path  string
	id    string
	seq   int // generation order, from the id's numeric suffix
	fm    frontMatter
	body  string
	whole string
}

var (
	retroIDRe   = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)
	itemIDRe    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)
	ticketKeyRe = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_.-]*$`)
	linkRe      = regexp.MustCompile(`\]\((retro:[^)\s]+)\)`)
	slotRe      = regexp.MustCompile(`\{[A-Za-z0-9]+\}`)
	wordRe      = regexp.MustCompile(`[A-Za-z][A-Za-z0-9_]+`)
)

func mustFiles(t testing.TB, n int) map[string][]byte {
	t.Helper()
	files, err := Files(n)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// parseAll decodes every retrospective of a generated site.
func parseAll(t *testing.T, files map[string][]byte) []parsed {
	t.Helper()
	var out []parsed
	for p, data := range files {
		if !strings.HasPrefix(p, "content/retros/") || !strings.HasSuffix(p, ".md") {
			continue
		}
		s := string(data)
		if !strings.HasPrefix(s, "---\n") {
			t.Fatalf("%s: no front matter", p)
		}
		end := strings.Index(s[4:], "\n---\n")
		if end < 0 {
			t.Fatalf("%s: unterminated front matter", p)
		}
		var fm frontMatter
		dec := yaml.NewDecoder(strings.NewReader(s[4 : 4+end+1]))
		dec.KnownFields(true)
		if err := dec.Decode(&fm); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(p, "content/retros/"), ".md")
		id = strings.TrimSuffix(id, "/index")
		seq, err := strconv.Atoi(id[strings.LastIndexByte(id, '-')+1:])
		if err != nil {
			t.Fatalf("%s: id without sequence number", p)
		}
		out = append(out, parsed{path: p, id: id, seq: seq, fm: fm, body: s[4+end+5:], whole: s})
	}
	slices.SortFunc(out, func(a, b parsed) int { return a.seq - b.seq })
	return out
}

func TestDeterministic(t *testing.T) {
	a, b := mustFiles(t, testN), mustFiles(t, testN)
	if len(a) != len(b) {
		t.Fatalf("file counts differ: %d vs %d", len(a), len(b))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Fatalf("%s differs between runs", p)
		}
	}
	c := mustFiles(t, testN+1)
	if bytes.Equal(a["tickets.json"], c["tickets.json"]) && len(a) == len(c) {
		t.Error("different sizes produced the same site")
	}
}

func TestWriteMatchesFiles(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, testN); err != nil {
		t.Fatal(err)
	}
	files := mustFiles(t, testN)
	seen := 0
	err := filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Equal(data, files[filepath.ToSlash(rel)]) {
			return fmt.Errorf("%s differs from Files", rel)
		}
		seen++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen != len(files) {
		t.Errorf("wrote %d files, Files has %d", seen, len(files))
	}
	if err := Write(dir, 1); err == nil {
		t.Error("Write into a non-empty folder succeeded")
	}
}

func TestFileCounts(t *testing.T) {
	files := mustFiles(t, testN)
	var md, bundles, svgs int
	for p := range files {
		switch {
		case strings.HasSuffix(p, "/index.md"):
			bundles++
			md++
		case strings.HasPrefix(p, "content/retros/") && strings.HasSuffix(p, ".md"):
			md++
		case strings.HasSuffix(p, ".svg"):
			svgs++
		}
	}
	if md != testN {
		t.Errorf("%d retrospectives, want %d", md, testN)
	}
	if bundles == 0 || bundles != svgs {
		t.Errorf("%d bundles with %d SVGs; want some, one each", bundles, svgs)
	}
	for _, p := range []string{"site.yaml", "tickets.json", "content/collections/oncall-onboarding.yaml"} {
		if files[p] == nil {
			t.Errorf("missing %s", p)
		}
	}
	var site map[string]any
	if err := yaml.Unmarshal(files["site.yaml"], &site); err != nil {
		t.Fatalf("site.yaml: %v", err)
	}
	if n := len(mustFiles(t, 0)); n != 2 {
		t.Errorf("empty archive has %d files, want site.yaml and tickets.json", n)
	}
}

// TestValid re-checks SPEC's validation rules independently of retro's own
// checker, which is being written at the same time.
func TestValid(t *testing.T) {
	rs := parseAll(t, mustFiles(t, testN))
	ids := map[string]string{}
	for _, r := range rs {
		for _, id := range append([]string{r.id}, r.fm.Aliases...) {
			if !retroIDRe.MatchString(id) {
				t.Errorf("%s: bad id or alias %q", r.path, id)
			}
			if other, dup := ids[id]; dup {
				t.Errorf("%s: id %q also used by %s", r.path, id, other)
			}
			ids[id] = r.path
		}
		if r.fm.ID != "" && r.fm.ID != r.id {
			t.Errorf("%s: explicit id %q differs from file name", r.path, r.fm.ID)
		}
		checkRetro(t, r)
	}
}

func checkRetro(t *testing.T, r parsed) {
	t.Helper()
	fm := r.fm
	errorf := func(format string, args ...any) {
		t.Helper()
		t.Errorf(r.path+": "+format, args...)
	}
	if fm.Title == "" || fm.Status == "" || fm.Started == "" {
		errorf("missing a required key")
	}
	oneOf(t, r.path, "status", fm.Status, "draft", "review", "final")
	oneOf(t, r.path, "kind", fm.Kind, "", "incident", "near-miss")
	oneOf(t, r.path, "severity", fm.Severity, "SEV1", "SEV2", "SEV3", "SEV4")

	zone := fm.Timezone
	if zone == "" {
		zone = "UTC"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		errorf("%v", err)
		return
	}
	checkTimeline(t, r, loc)
	analysisIDs := checkAnalysis(t, r)
	checkRecs(t, r, analysisIDs)

	final := fm.Status == "final"
	if final {
		if fm.Summary == "" || len(fm.Timeline) == 0 || fm.Review == nil || fm.Review.Finalized == "" {
			errorf("final without summary, timeline or review.finalized")
		}
		if fm.Recommendations == nil || len(*fm.Recommendations) == 0 && fm.NoRecommendationsReason == "" {
			errorf("final without recommendations or a reason")
		}
		for _, c := range fm.Analysis.SafetyControls {
			if c.Failure == "" {
				errorf("final: safety control %s without failure", c.ID)
			}
		}
	}
	lower := strings.ToLower(r.whole)
	for _, p := range blamePhrases {
		if strings.Contains(lower, p) {
			errorf("contains blame phrase %q", p)
		}
	}
	if m := slotRe.FindString(r.whole); m != "" {
		errorf("unfilled template slot %s", m)
	}
}

func oneOf(t *testing.T, path, key, v string, allowed ...string) {
	t.Helper()
	if !slices.Contains(allowed, v) {
		t.Errorf("%s: %s %q not in %v", path, key, v, allowed)
	}
}

// parseLocal parses a full local time and rejects times in a DST gap (which
// time.Date would silently normalise) and ambiguous ones.
func parseLocal(t *testing.T, path, v string, loc *time.Location) time.Time {
	t.Helper()
	layout := layoutMinute
	if len(v) == len(layoutSecond) {
		layout = layoutSecond
	}
	at, err := time.ParseInLocation(layout, v, loc)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return at
	}
	if at.Format(layout) != v {
		t.Errorf("%s: %s does not exist in %s", path, v, loc)
	}
	if _, a := at.Add(-time.Hour).Zone(); a != offset(at) {
		t.Errorf("%s: %s is close to a DST change", path, v)
	}
	return at
}

func offset(t time.Time) int { _, o := t.Zone(); return o }

func checkTimeline(t *testing.T, r parsed, loc *time.Location) {
	t.Helper()
	var prev time.Time
	for i, e := range r.fm.Timeline {
		var at time.Time
		switch {
		case strings.Contains(e.At, "T"):
			var err error
			at, err = time.Parse(time.RFC3339, e.At)
			if err != nil {
				t.Errorf("%s: %v", r.path, err)
				continue
			}
			if offset(at) != offset(at.In(loc)) {
				t.Errorf("%s: %s has an offset other than %s's", r.path, e.At, loc)
			}
		case len(e.At) <= len("15:04:05"):
			if i == 0 {
				t.Errorf("%s: first entry has no date", r.path)
				continue
			}
			at = parseLocal(t, r.path, prev.In(loc).Format(layoutDate)+" "+e.At, loc)
		default:
			at = parseLocal(t, r.path, e.At, loc)
		}
		if i > 0 && !at.After(prev) {
			t.Errorf("%s: timeline entry %d (%s) does not move forward", r.path, i+1, e.At)
		}
		prev = at
		if e.Event == "" {
			t.Errorf("%s: entry %d without event", r.path, i+1)
		}
	}
	var ms []time.Time
	for _, v := range []string{r.fm.Started, r.fm.Detected, r.fm.Mitigated, r.fm.Resolved} {
		if v != "" {
			ms = append(ms, parseLocal(t, r.path, v, loc))
		}
	}
	if !slices.IsSortedFunc(ms, func(a, b time.Time) int { return a.Compare(b) }) {
		t.Errorf("%s: milestones out of order", r.path)
	}
}

// checkAnalysis returns the analysis ids, which share one namespace.
func checkAnalysis(t *testing.T, r parsed) map[string]bool {
	t.Helper()
	a := r.fm.Analysis
	ids := map[string]bool{}
	add := func(id string) {
		if !itemIDRe.MatchString(id) || ids[id] {
			t.Errorf("%s: bad or duplicate analysis id %q", r.path, id)
		}
		ids[id] = true
	}
	for _, c := range a.SafetyControls {
		add(c.ID)
	}
	for _, p := range a.SystemicProblems {
		add(p.ID)
		if !slices.Contains(defaultCategories, p.Category) {
			t.Errorf("%s: unknown category %q", r.path, p.Category)
		}
	}
	for _, m := range a.MissingControls {
		add(m.ID)
	}
	if len(a.SafetyControls) == 0 || len(a.SystemicProblems) == 0 || len(a.MissingControls) == 0 {
		t.Errorf("%s: an analysis kind is empty", r.path)
	}
	return ids
}

func checkRecs(t *testing.T, r parsed, analysisIDs map[string]bool) {
	t.Helper()
	if r.fm.Recommendations == nil {
		return
	}
	seen := map[string]bool{}
	for _, rc := range *r.fm.Recommendations {
		where := r.path + ": " + rc.ID
		if !itemIDRe.MatchString(rc.ID) || seen[rc.ID] {
			t.Errorf("%s: bad or duplicate id", where)
		}
		seen[rc.ID] = true
		for _, a := range rc.Addresses {
			if !analysisIDs[a] {
				t.Errorf("%s: addresses unknown %q", where, a)
			}
		}
		oneOf(t, where, "status", rc.Status, "planned", "in-progress", "done", "dropped")
		oneOf(t, where, "kind", rc.Kind, "software", "configuration", "process")
		oneOf(t, where, "better", rc.Better, "avoid", "detect", "remediate", "impact", "effort")
		if rc.DoneWhen == "" || rc.Title == "" {
			t.Errorf("%s: no title or done_when", where)
		}
		if r.fm.Status == "final" && rc.Ticket == "" {
			t.Errorf("%s: final without ticket", where)
		}
		for _, tk := range []string{rc.Ticket, rc.Tracking} {
			if tk != "" && !ticketKeyRe.MatchString(tk) && !strings.HasPrefix(tk, "https://") {
				t.Errorf("%s: bad ticket %q", where, tk)
			}
		}
		if rc.Status == "dropped" && rc.DroppedReason == "" {
			t.Errorf("%s: dropped without reason", where)
		}
		for i, h := range rc.History {
			if i > 0 && h.On < rc.History[i-1].On {
				t.Errorf("%s: history goes back in time", where)
			}
			if _, err := time.Parse(layoutDate, h.On); err != nil {
				t.Errorf("%s: %v", where, err)
			}
		}
		if n := len(rc.History); n > 0 && rc.History[n-1].Status != rc.Status {
			t.Errorf("%s: last history status %q, status %q", where, rc.History[n-1].Status, rc.Status)
		}
	}
}

// TestLinks checks that every retro: link names an earlier, final
// retrospective and an anchor its page has, and that "retro:" appears
// nowhere but in link destinations.
func TestLinks(t *testing.T) {
	rs := parseAll(t, mustFiles(t, testN))
	byID := map[string]parsed{}
	links := 0
	for _, r := range rs {
		found := linkRe.FindAllStringSubmatch(r.whole, -1)
		if n := strings.Count(r.whole, "retro:"); n != len(found) {
			t.Errorf("%s: %d retro: mentions, %d of them links", r.path, n, len(found))
		}
		for _, m := range found {
			links++
			id, anchor, _ := strings.Cut(strings.TrimPrefix(m[1], "retro:"), "#")
			target, ok := byID[id]
			switch {
			case !ok:
				t.Errorf("%s: link to %s, not an earlier retrospective", r.path, id)
			case target.fm.Status != "final":
				t.Errorf("%s: link to unpublished %s", r.path, id)
			case anchor != "" && !anchors(target)[anchor]:
				t.Errorf("%s: link to missing anchor %s", r.path, m[1])
			}
		}
		byID[r.id] = r
	}
	if links == 0 {
		t.Error("no retro: links generated")
	}
}

func anchors(r parsed) map[string]bool {
	out := map[string]bool{"summary": true, "timeline": true}
	for i := range r.fm.Timeline {
		out[fmt.Sprintf("timeline-%d", i+1)] = true
	}
	for _, p := range r.fm.Analysis.SystemicProblems {
		out["problem-"+p.ID] = true
	}
	if r.fm.Recommendations != nil {
		for _, rc := range *r.fm.Recommendations {
			out["rec-"+rc.ID] = true
		}
	}
	return out
}

// TestVariety guards the properties that make the archive a fair benchmark:
// every status, zone and entry form occurs, some incidents cross midnight,
// tracking tickets are shared, and the vocabulary is large.
func TestVariety(t *testing.T) {
	files := mustFiles(t, testN)
	rs := parseAll(t, files)
	count := map[string]int{}
	vocab := map[string]bool{}
	tracking := map[string]int{}
	for _, r := range rs {
		count["status:"+r.fm.Status]++
		count["zone:"+r.fm.Timezone]++
		if len(r.fm.Aliases) > 0 {
			count["aliases"]++
		}
		if strings.Contains(r.body, "```") {
			count["code"]++
		}
		if crossesMidnight(r) {
			count["midnight"]++
		}
		if r.fm.Recommendations != nil {
			for _, rc := range *r.fm.Recommendations {
				count["rec:"+rc.Status]++
				if rc.Tracking != "" {
					tracking[rc.Tracking]++
				}
			}
		}
		for _, e := range r.fm.Timeline {
			switch {
			case strings.Contains(e.At, "T"):
				count["form:rfc3339"]++
			case len(e.At) <= 8:
				count["form:time"]++
			}
		}
		for _, w := range wordRe.FindAllString(r.whole, -1) {
			vocab[strings.ToLower(w)] = true
		}
	}
	for _, k := range []string{"status:draft", "status:review", "status:final",
		"zone:Europe/Berlin", "zone:America/New_York", "zone:Asia/Tokyo", "aliases", "code",
		"midnight", "rec:done", "rec:dropped", "rec:planned", "rec:in-progress",
		"form:rfc3339", "form:time"} {
		if count[k] == 0 {
			t.Errorf("no %s in %d retrospectives", k, testN)
		}
	}
	shared := 0
	for _, n := range tracking {
		if n > 1 {
			shared++
		}
	}
	if shared < 5 {
		t.Errorf("only %d tracking tickets are shared", shared)
	}
	if len(vocab) < 3000 {
		t.Errorf("vocabulary of %d distinct words; want thousands", len(vocab))
	}
	t.Logf("%d distinct words, counts %v", len(vocab), count)
}

// crossesMidnight reports whether an entry carries a date other than the
// first entry's, which only happens when the incident crosses midnight.
func crossesMidnight(r parsed) bool {
	first := r.fm.Timeline[0].At[:10]
	for _, e := range r.fm.Timeline[1:] {
		if len(e.At) >= 10 && e.At[:10] != first {
			return true
		}
	}
	return false
}

func BenchmarkWrite1000(b *testing.B) {
	for b.Loop() {
		if err := Write(b.TempDir(), 1000); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFiles1000(b *testing.B) {
	for b.Loop() {
		mustFiles(b, 1000)
	}
}
