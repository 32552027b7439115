package importer

import (
	"go.yaml.in/yaml/v3"

	"retro/internal/check"
	"retro/internal/config"
	"retro/internal/retro"
	"retro/internal/source"
)

// rules are what the format accepts, asked of the format itself: the
// importer writes a field only where check lets it stand without invented
// content, and the format changes as it grows (legacy write-ups, links).
type rules struct {
	links            bool // the front matter has links
	bareDate         bool // started may be a date alone
	doneWhenRequired bool // every recommendation needs done_when
}

func rulesFor(status string, site *config.Site) rules {
	errs := func(front string) (source.Findings, bool) {
		doc, err := source.ReadDocument("probe.md", []byte("---\n"+front+"---\n"))
		if err != nil {
			return nil, false
		}
		r, fs := retro.Decode(doc, site, "probe")
		fs = append(fs, check.Retrospective(r, site)...)
		return fs, true
	}
	has := func(fs source.Findings, rule string) bool {
		for _, f := range fs {
			if f.Rule == rule && f.Severity == source.Error {
				return true
			}
		}
		return false
	}
	base := "title: Probe\nstatus: " + status + "\nstarted: 2024-01-02 03:04\n"
	var rs rules
	if fs, ok := errs(base + "links: [https://example.com/]\n"); ok {
		rs.links = !has(fs, "unknown-key") && fs.Errors(false) == 0
	}
	if fs, ok := errs("title: Probe\nstatus: " + status + "\nstarted: 2024-01-02\n"); ok {
		rs.bareDate = fs.Errors(false) == 0
	}
	if fs, ok := errs(base + "recommendations:\n  - {id: R1, title: Probe, status: planned}\n"); ok {
		rs.doneWhenRequired = fs.Errors(false) > 0
	}
	return rs
}

// ticketChecker says whether the format (and the site's configuration,
// for a bare #123) accepts a ticket, by checking a recommendation that
// carries it.
func ticketChecker(site *config.Site) func(string) bool {
	seen := map[string]bool{}
	return func(t string) bool {
		if ok, done := seen[t]; done {
			return ok
		}
		str := func(v string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v} }
		rec := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			str("id"), str("R1"), str("title"), str("Probe"), str("status"), str("planned"),
			str("done_when"), str("Probe"), str("ticket"), str(t)}}
		front := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{
			str("title"), str("Probe"), str("status"), str("draft"), str("started"), str("2024-01-02 03:04"),
			str("recommendations"), {Kind: yaml.SequenceNode, Content: []*yaml.Node{rec}}}}
		ok := false
		if doc, err := source.ReadDocument("probe.md", []byte("---\n"+string(encode(front))+"---\n")); err == nil {
			r, fs := retro.Decode(doc, site, "probe")
			fs = append(fs, check.Retrospective(r, site)...)
			ok = true
			for _, f := range fs {
				if f.Rule == "ticket" {
					ok = false
				}
			}
		}
		seen[t] = ok
		return ok
	}
}
