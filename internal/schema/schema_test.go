package schema

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"retro/internal/check"
	"retro/internal/config"
	"retro/internal/retro"
	"retro/internal/source"
)

// compile generates the schema for site and compiles it with a real
// JSON Schema validator, which also checks it against the 2020-12 meta-schema.
func compile(t *testing.T, site *config.Site) *jsonschema.Schema {
	t.Helper()
	out, err := Generate(site)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("front-matter.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("front-matter.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

// instance reads a front matter as an editor's YAML language server sees
// it: YAML 1.2's core schema, where 2024-03-14 is a string, not a timestamp.
func instance(t *testing.T, n *yaml.Node) any {
	t.Helper()
	switch n.Kind {
	case yaml.DocumentNode:
		return instance(t, n.Content[0])
	case yaml.AliasNode:
		return instance(t, n.Alias)
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = instance(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := []any{}
		for _, c := range n.Content {
			s = append(s, instance(t, c))
		}
		return s
	}
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		return n.Value == "true" || n.Value == "True" || n.Value == "TRUE"
	case "!!int", "!!float":
		var v any
		if err := yaml.Unmarshal([]byte(n.Value), &v); err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return json.Number(b)
	}
	return n.Value
}

func frontMatter(t *testing.T, path string, data []byte) (*source.Document, any) {
	t.Helper()
	doc, err := source.ReadDocument(path, data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return doc, instance(t, doc.FrontMatter)
}

// TestSamples validates every retrospective of the sample archive, with the
// sample site's own categories.
func TestSamples(t *testing.T) {
	root := filepath.Join("..", "..")
	site, findings := config.Load(root)
	if len(findings) > 0 {
		t.Fatal(findings)
	}
	sch := compile(t, site)
	n := 0
	err := filepath.WalkDir(filepath.Join(root, "content", "retros"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".md" {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		_, v := frontMatter(t, path, data)
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: %v", path, err)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("validated %d samples; the sample archive has more", n)
	}
}

// full uses every key of the format, as the SPEC's example does.
const full = `---
title: Checkout database failover stalled for 47 minutes
id: 2024-03-checkout-failover
aliases: [2024-03-14-db-failover]
status: final
kind: incident
severity: SEV2
timezone: Europe/Berlin
started: 2024-03-14 09:12
detected: 2024-03-14T09:19:00+01:00
mitigated: 2024-03-14 09:48
resolved: 2024-03-14 09:59:30
impact: 8% of checkout attempts failed for 47 minutes.
links:
  - https://status.example.com/incidents/abc123
  - {title: Public post, url: https://blog.example.com/checkout-failover}
summary: >
  A stuck replication slot kept automated failover from promoting a replica.
services: [checkout-api, orders-db]
teams: [payments]
tags: [postgres, failover]
author: Dana Whitfield
shadow: Lee Okafor
mentor: Sam Reyes
draft_due: 2024-03-21
review:
  reviewers: [Ana, Bo, Chen]
  meeting: 2024-03-27
  presenter: Dana Whitfield
  moderator: Ana
  note_taker: Bo
  notes: |
    Agreed to merge R2 into the replication-alerting tracking ticket.
  finalized: 2024-03-28
timeline:
  - at: 2024-03-14 09:12
    event: Replication lag alert fires for orders-db
    refs: [https://alerts.example/P123]
  - at: "09:19"
    event: On-call acknowledges the page
  - at: "09:21:30"
    event: Failover starts and waits on slot ` + "`checkout_cdc`" + `
analysis:
  system: The checkout API, its Postgres cluster and the failover tooling we run.
  environment: The cloud provider's block storage; the CDC consumer owned by Data.
  safety_controls:
    - id: failover
      name: Automated failover
      purpose: Promotes a replica when the primary is unreachable for 30 s.
      failure: Waited indefinitely for a replication slot held by a stalled consumer.
  systemic_problems:
    - id: untested-runbooks
      problem: Failover runbooks are exercised only during incidents.
      category: operational-readiness
      recurs: 2023-11-orders-failover#problem-no-drills
  missing_controls:
    - id: slot-alert
      control: No alert fires when a replication slot retains WAL.
recommendations:
  - id: R1
    title: Alert when a replication slot retains more than 10 GB of WAL
    addresses: [slot-alert, failover]
    kind: configuration
    better: detect
    ticket: PAY-123
    tracking: OPS-42
    priority: P2
    status: in-progress
    due: 2024-06-30
    done_when: The alert pages on-call in staging when a slot is held for 10 minutes.
    history:
      - {on: 2024-04-02, status: in-progress, note: Picked up in sprint 14.}
  - id: R2
    title: Run a failover drill every quarter
    addresses: [untested-runbooks]
    kind: process
    better: remediate
    ticket: acme/ops#77
    status: dropped
    dropped_reason: Superseded by the managed failover migration (OPS-90).
    done_when: A drill is on the team calendar each quarter with a written outcome.
no_recommendations_reason: Not needed, but every key is here.
---
Body.
`

// TestEveryKey validates a front matter that uses every key the decoder
// reads, and checks that the decoder reads each of them without a finding of
// key, type or enum: the schema and the decoder agree on a full file.
func TestEveryKey(t *testing.T) {
	site := config.Default()
	doc, v := frontMatter(t, "full.md", []byte(full))
	if err := compile(t, site).Validate(v); err != nil {
		t.Fatal(err)
	}
	_, findings := retro.Decode(doc, site, "full")
	for _, f := range findings {
		if f.Rule == "unknown-key" || f.Rule == "type" || f.Rule == "enum" {
			t.Errorf("decoder: %s", f)
		}
	}
	// Every key of retro.Keys is written in the file above.
	var written []string
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		for i, c := range n.Content {
			if n.Kind == yaml.MappingNode && i%2 == 0 {
				written = append(written, c.Value)
				continue
			}
			walk(c)
		}
	}
	walk(doc.FrontMatter)
	for _, m := range mappings() {
		for _, k := range m.Keys {
			if !slices.Contains(written, k) {
				t.Errorf("the full example lacks key %q of %s", k, m.What)
			}
		}
	}
}

func mappings() []retro.Mapping {
	k := retro.Keys
	return []retro.Mapping{k.FrontMatter, k.Link, k.Review, k.TimelineEntry, k.Analysis,
		k.SafetyControl, k.SystemicProblem, k.MissingControl, k.Recommendation, k.HistoryEntry}
}

// TestDecoderKeys asks the decoder which keys it knows in each mapping (an
// unknown key that resembles none gets the list as its hint) and compares
// them with the schema's properties at the same place, in both directions.
func TestDecoderKeys(t *testing.T) {
	const unknown = "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
	probes := []struct {
		what     string
		yaml     string
		property []string // path of the mapping's properties in the schema
	}{
		{"the front matter", "X: 1\n", nil},
		{"link", "links: [{url: https://x.example, X: 1}]\n", []string{"links", "items", "anyOf1"}},
		{"review", "review: {X: 1}\n", []string{"review"}},
		{"timeline entry", "timeline: [{at: 2024-01-01 10:00, event: e, X: 1}]\n", []string{"timeline", "items"}},
		{"analysis", "analysis: {X: 1}\n", []string{"analysis"}},
		{"safety control", "analysis: {safety_controls: [{id: a, name: n, X: 1}]}\n", []string{"analysis", "safety_controls", "items"}},
		{"systemic problem", "analysis: {systemic_problems: [{id: a, problem: p, category: safety-culture, X: 1}]}\n", []string{"analysis", "systemic_problems", "items"}},
		{"missing control", "analysis: {missing_controls: [{id: a, control: c, X: 1}]}\n", []string{"analysis", "missing_controls", "items"}},
		{"recommendation", "recommendations: [{id: R1, title: t, status: planned, X: 1}]\n", []string{"recommendations", "items"}},
		{"history entry", "recommendations: [{id: R1, title: t, status: planned, history: [{on: 2024-01-01, status: planned, X: 1}]}]\n", []string{"recommendations", "items", "history", "items"}},
	}
	site := config.Default()
	out, err := Generate(site)
	if err != nil {
		t.Fatal(err)
	}
	var sch map[string]any
	if err := json.Unmarshal(out, &sch); err != nil {
		t.Fatal(err)
	}
	hint := regexp.MustCompile(`^known keys: (.*)$`)
	for _, p := range probes {
		src := "---\ntitle: t\nstatus: draft\nstarted: 2024-01-01 10:00\n" + strings.ReplaceAll(p.yaml, "X", unknown) + "---\n"
		doc, err := source.ReadDocument("probe.md", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		_, findings := retro.Decode(doc, site, "probe")
		var decoderKeys []string
		for _, f := range findings {
			if m := hint.FindStringSubmatch(f.Hint); f.Rule == "unknown-key" && m != nil {
				decoderKeys = strings.Split(m[1], ", ")
			}
		}
		if decoderKeys == nil {
			t.Errorf("%s: the decoder did not report the unknown key: %v", p.what, findings)
			continue
		}
		node := sch
		for _, step := range p.property {
			switch step {
			case "items":
				node = node["items"].(map[string]any)
			case "anyOf1":
				node = node["anyOf"].([]any)[1].(map[string]any)
			default:
				node = node["properties"].(map[string]any)[step].(map[string]any)
			}
		}
		var schemaKeys []string
		for k := range node["properties"].(map[string]any) {
			schemaKeys = append(schemaKeys, k)
		}
		slices.Sort(schemaKeys)
		slices.Sort(decoderKeys)
		if !slices.Equal(schemaKeys, decoderKeys) {
			t.Errorf("%s: the decoder knows %v, the schema %v", p.what, decoderKeys, schemaKeys)
		}
	}
}

// TestBroken checks that the schema rejects what retro check rejects, at the
// same place.
func TestBroken(t *testing.T) {
	site := config.Default()
	sch := compile(t, site)
	base := "title: t\nstatus: draft\nstarted: 2024-01-01 10:00\n"
	final := "title: t\nstatus: final\nsummary: s\ntimeline: [{at: 2024-01-01 10:00, event: e}]\nrecommendations: []\nno_recommendations_reason: r\nreview: {finalized: 2024-01-02}\n"
	cases := []struct {
		name, yaml string
		location   string // the instance location the validator must name
		rule       string // retro check's finding for the same mistake ("" where check's rule is still to come)
	}{
		{"wrong status", "title: t\nstatus: published\nstarted: 2024-01-01 10:00\n", "/status", "enum"},
		{"wrong severity", base + "severity: SEV9\n", "/severity", "enum"},
		{"wrong recommendation status", base + "recommendations: [{id: R1, title: t, status: open, done_when: d}]\n", "/recommendations/0/status", "enum"},
		{"wrong better", base + "recommendations: [{id: R1, title: t, status: planned, better: faster, done_when: d}]\n", "/recommendations/0/better", "enum"},
		{"unknown top-level key", base + "severty: SEV2\n", "", "unknown-key"},
		{"unknown nested key", base + "review: {reviewer: [Ana]}\n", "/review", "unknown-key"},
		{"unknown category", base + "analysis: {systemic_problems: [{id: p, problem: x, category: culture}]}\n", "/analysis/systemic_problems/0/category", ""},
		{"list for text", base + "summary: [a, b]\n", "/summary", "type"},
		{"text for list", base + "services: checkout-api\n", "/services", "type"},
		{"mapping for timeline", base + "timeline: {at: 2024-01-01 10:00}\n", "/timeline", "type"},
		{"missing title", "status: draft\nstarted: 2024-01-01 10:00\n", "", "required"},
		{"missing event", base + "timeline: [{at: 2024-01-01 10:00}]\n", "/timeline/0", "required"},
		{"bad time", "title: t\nstatus: draft\nstarted: yesterday\n", "/started", "time"},
		{"bare date in a final retrospective", final + "started: 2024-01-01\n", "/started", "time"},
		{"bad date", base + "draft_due: 21 March\n", "/draft_due", "date"},
		{"bad id", base + "id: Checkout_Failover\n", "/id", "id"},
		{"long id", base + "id: " + strings.Repeat("a", 101) + "\n", "/id", "id"},
		{"long alias", base + "aliases: [" + strings.Repeat("a", 101) + "]\n", "/aliases/0", "id"},
		{"bad ticket", base + "recommendations: [{id: R1, title: t, status: planned, ticket: 'see the board', done_when: d}]\n", "/recommendations/0/ticket", "ticket"},
		{"bad ref", base + "timeline: [{at: 2024-01-01 10:00, event: e, refs: [ftp://x]}]\n", "/timeline/0/refs/0", "link"},
		{"bad link", base + "links: [{title: Post, url: 'retro:#rec-R1'}]\n", "/links/0", "link"},
		{"link with unknown key", base + "links: [{title: Post, href: https://x.example}]\n", "/links/0", "unknown-key"},
		{"GitHub reference without repo", base + "recommendations: [{id: R1, title: t, status: planned, ticket: '#12', done_when: d}]\n", "/recommendations/0/ticket", "ticket"},
		{"no done_when", base + "recommendations: [{id: R1, title: t, status: planned}]\n", "/recommendations/0", "done-when"},
		{"dropped without reason", base + "recommendations: [{id: R1, title: t, status: dropped, done_when: d}]\n", "/recommendations/0", "dropped-reason"},
		{"final without review", "title: t\nstatus: final\nstarted: 2024-01-01 10:00\nsummary: s\ntimeline: [{at: 2024-01-01 10:00, event: e}]\nrecommendations: []\nno_recommendations_reason: r\n", "", "required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, v := frontMatter(t, "broken.md", []byte("---\n"+c.yaml+"---\n"))
			err := sch.Validate(v)
			if err == nil {
				t.Fatalf("the schema accepts:\n%s", c.yaml)
			}
			verr, ok := err.(*jsonschema.ValidationError)
			if !ok {
				t.Fatal(err)
			}
			if !hasLocation(verr, c.location) {
				t.Errorf("the schema's error is not at %q: %v", c.location, err)
			}
			if c.rule == "" {
				return
			}
			r, findings := retro.Decode(doc, site, "broken")
			findings = append(findings, check.Retrospective(r, site)...)
			if !slices.ContainsFunc(findings, func(f source.Finding) bool { return f.Rule == c.rule }) {
				t.Errorf("retro check has no %q finding: %v", c.rule, findings)
			}
		})
	}
}

// TestAccepted checks that the schema accepts what retro check accepts in the
// corners of the format: legacy write-ups, bare dates, GitHub references.
func TestAccepted(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("repo: acme/payments\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	site, findings := config.Load(dir)
	if len(findings) > 0 {
		t.Fatal(findings)
	}
	sch := compile(t, site)
	cases := map[string]string{
		"legacy": "title: Old outage\nstatus: legacy\nstarted: 2019-03-14\nresolved: 2019-03-15\n" +
			"links: [https://wiki.example.com/outage, {title: Original, url: 'retro:2019-other'}]\n" +
			"recommendations:\n  - {id: R1, title: Alert on slots, status: planned, ticket: acme/api#1587}\n" +
			"  - {id: R2, title: Drill, status: dropped, ticket: '#12'}\n",
		"draft with a date alone": "title: t\nstatus: draft\nstarted: 2024-01-01\ndetected: 2024-01-01 10:00\n",
		"empty optional values":   "title: t\nstatus: draft\nstarted: 2024-01-01 10:00\nkind:\nseverity:\nreview:\nlinks:\ntags: [crash, null]\n",
	}
	for name, fm := range cases {
		doc, v := frontMatter(t, name+".md", []byte("---\n"+fm+"---\n"))
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: the schema rejects it: %v", name, err)
		}
		r, findings := retro.Decode(doc, site, "x")
		findings = append(findings, check.Retrospective(r, site)...)
		if findings.Errors(false) > 0 {
			t.Errorf("%s: retro check rejects it: %v", name, findings)
		}
	}
}

// hasLocation reports whether the error or one of its causes is about the
// value at loc (a JSON pointer).
func hasLocation(e *jsonschema.ValidationError, loc string) bool {
	if "/"+strings.Join(e.InstanceLocation, "/") == loc || (loc == "" && len(e.InstanceLocation) == 0) {
		return true
	}
	for _, c := range e.Causes {
		if hasLocation(c, loc) {
			return true
		}
	}
	return false
}

// TestSiteEnums checks that a site's own severities and categories are the
// schema's enums.
func TestSiteEnums(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.yaml"), []byte("severities: [P0, P1]\ncategories:\n  data-integrity: {title: Data integrity}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	site, findings := config.Load(dir)
	if len(findings) > 0 {
		t.Fatal(findings)
	}
	sch := compile(t, site)
	fm := func(severity, category string) any {
		_, v := frontMatter(t, "x.md", []byte("---\ntitle: t\nstatus: draft\nstarted: 2024-01-01 10:00\nseverity: "+severity+
			"\nanalysis: {systemic_problems: [{id: p, problem: x, category: "+category+"}]}\n---\n"))
		return v
	}
	if err := sch.Validate(fm("P0", "data-integrity")); err != nil {
		t.Errorf("the site's own severity and category: %v", err)
	}
	if err := sch.Validate(fm("P1", "safety-culture")); err != nil {
		t.Errorf("a default category: %v", err)
	}
	if err := sch.Validate(fm("SEV2", "safety-culture")); err == nil {
		t.Error("a default severity that the site replaced is accepted")
	}
}
