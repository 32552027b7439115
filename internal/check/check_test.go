package check_test

import (
	"fmt"
	"strings"
	"testing"

	"retro/internal/check"
	"retro/internal/config"
	"retro/internal/retro"
	"retro/internal/source"
)

// base is a final retrospective that breaks no rule; each case below
// changes one line of it.
const base = `---
title: Base
status: final
severity: SEV2
started: 2024-03-14 09:12
detected: 2024-03-14 09:19
summary: A summary.
timeline:
  - at: 2024-03-14 09:12
    event: Alert fires.
  - at: "09:19"
    event: Acknowledged.
analysis:
  safety_controls:
    - id: failover
      name: Failover
      failure: It waited.
  systemic_problems:
    - id: runbooks
      problem: Runbooks untested.
      category: operational-readiness
recommendations:
  - id: R1
    title: Drill
    addresses: [runbooks]
    ticket: OPS-1
    status: planned
    done_when: A drill happened.
    history:
      - {on: 2024-03-20, status: planned}
review:
  finalized: 2024-03-20
---
Body.
`

// findings decodes and checks one file, as build does.
func findings(t *testing.T, text string) source.Findings {
	t.Helper()
	doc, err := source.ReadDocument("content/retros/base.md", []byte(text))
	if err != nil {
		t.Fatalf("base does not parse: %v", err)
	}
	site := config.Default()
	r, fs := retro.Decode(doc, site, "base")
	return append(fs, check.Retrospective(r, site)...)
}

func TestBaseIsClean(t *testing.T) {
	for _, f := range findings(t, base) {
		t.Errorf("base: %s", f)
	}
}

// TestRules: each rule of the format, from the input that breaks it to the
// finding at its position.
func TestRules(t *testing.T) {
	cases := []struct {
		name, from, to string
		want           string // "line:col rule severity"
	}{
		{"milestone order", "detected: 2024-03-14 09:19", "detected: 2024-03-14 09:00", "6:11 milestone-order error"},
		{"timeline order", `  - at: "09:19"`, `  - at: "09:00"`, "11:9 timeline-order error"},
		{"analysis id", "    - id: runbooks\n", "    - id: -runbooks\n", "19:11 id error"},
		{"duplicate analysis id", "    - id: runbooks\n", "    - id: failover\n", "19:11 duplicate-id error"},
		{"unknown category", "category: operational-readiness", "category: operational-readyness", "21:17 category error"},
		{"recommendation id", "  - id: R1", "  - id: -R1", "23:9 id error"},
		{"addresses unknown", "addresses: [runbooks]", "addresses: [runbook]", "25:17 addresses error"},
		{"addresses nothing", "    addresses: [runbooks]\n", "", "23:5 addresses warning"},
		{"no done_when", "    done_when: A drill happened.\n", "", "23:5 done-when error"},
		{"bad ticket", "ticket: OPS-1", "ticket: \"not a ticket\"", "26:13 ticket error"},
		{"final without ticket", "    ticket: OPS-1\n", "", "23:5 ticket error"},
		{"dropped without reason", "    status: planned\n    done_when", "    status: dropped\n    done_when", "27:13 dropped-reason error"},
		{"history order", "      - {on: 2024-03-20, status: planned}\n", "      - {on: 2024-03-20, status: planned}\n      - {on: 2024-03-19, status: planned}\n", "31:14 history-order error"},
		{"history status", "      - {on: 2024-03-20, status: planned}", "      - {on: 2024-03-20, status: in-progress}", "30:14 history-status error"},
		{"control without failure", "      failure: It waited.\n", "", "15:11 failure error"},
		{"final without summary", "summary: A summary.\n", "", "1:1 final error"},
		{"final without review", "review:\n  finalized: 2024-03-20\n", "", "1:1 required error"},
		{"blame phrase", "problem: Runbooks untested.", "problem: Human error, runbooks untested.", "20:16 blame warning"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(base, c.from) {
				t.Fatalf("base has no %q", c.from)
			}
			fs := findings(t, strings.Replace(base, c.from, c.to, 1))
			var got []string
			for _, f := range fs {
				got = append(got, fmt.Sprintf("%d:%d %s %s", f.Pos.Line, f.Pos.Col, f.Rule, f.Severity))
			}
			found := false
			for _, g := range got {
				found = found || g == c.want
			}
			if !found {
				t.Errorf("want %s, got %v", c.want, fs)
			}
		})
	}
}

// TestIdentity: ids and aliases are unique across the archive, reported at
// the later file, naming the other.
func TestIdentity(t *testing.T) {
	decode := func(path, text string) *retro.Retrospective {
		doc, err := source.ReadDocument(path, []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		id := strings.TrimSuffix(strings.TrimPrefix(path, "content/retros/"), ".md")
		r, _ := retro.Decode(doc, config.Default(), id)
		return r
	}
	head := "---\ntitle: T\nstatus: draft\nstarted: 2024-01-01 10:00\n"
	cases := []struct {
		name  string
		files [][2]string
		want  string
	}{
		{"same id", [][2]string{{"content/retros/a.md", head + "id: x\n---\n"}, {"content/retros/b.md", head + "id: x\n---\n"}}, "content/retros/b.md:5:5: "},
		{"alias takes an id", [][2]string{{"content/retros/a.md", head + "---\n"}, {"content/retros/b.md", head + "aliases: [a]\n---\n"}}, "content/retros/b.md:5:11: "},
		{"distinct", [][2]string{{"content/retros/a.md", head + "---\n"}, {"content/retros/b.md", head + "aliases: [c]\n---\n"}}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var rs []*retro.Retrospective
			for _, f := range c.files {
				rs = append(rs, decode(f[0], f[1]))
			}
			fs := check.Identity(rs)
			if c.want == "" {
				if len(fs) > 0 {
					t.Errorf("unexpected %v", fs)
				}
				return
			}
			if len(fs) != 1 || !strings.HasPrefix(fs[0].String(), c.want) || !strings.Contains(fs[0].String(), "content/retros/a.md") {
				t.Errorf("want one finding at %s naming a.md, got %v", c.want, fs)
			}
		})
	}
}
