// Package schema describes a retrospective's front matter as a JSON Schema
// (draft 2020-12), so that editors running the YAML language server complete
// and check it while it is typed.
//
// The keys of every mapping and which of them are required come from
// retro.Keys, the lists the decoder itself reads; the enums come from the
// domain model and from the site's configuration (severities, categories).
// This package adds only what a schema needs beyond that: each key's type and
// its description from the SPEC.
package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"retro/internal/config"
	"retro/internal/retro"
)

// Version is the JSON Schema dialect of the schema.
const Version = "https://json-schema.org/draft/2020-12/schema"

// Patterns of the values whose form the SPEC fixes. They are ECMA-262 regular
// expressions, as JSON Schema requires, written to accept exactly what the
// decoder and check accept.
const (
	retroIDPattern = `^[a-z0-9][a-z0-9-]*$`
	itemIDPattern  = `^[A-Za-z0-9][A-Za-z0-9_-]*$`
	datePattern    = `^\d{4}-\d{2}-\d{2}$`
	// A local date and time, or RFC 3339 with an offset.
	instantPattern = `^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$|^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$`
	clockPattern   = `^\d{2}:\d{2}(:\d{2})?$`
	// A key linked through the site's tracker, a GitHub reference, or a URL;
	// a bare #123 only where site.yaml names the repo it means.
	ticketPattern = `^[A-Za-z][A-Za-z0-9_.-]*$|^[A-Za-z0-9][A-Za-z0-9-]*/[A-Za-z0-9._-]+#\d+$|^https?://[^/\s]+\S*$`
	shortGitHub   = `|^#\d+$`
	linkPattern   = `^https?://[^/\s]+\S*$|^retro:[^#\s]\S*$`
	recursPattern = `^[a-z0-9][a-z0-9-]*#problem-[A-Za-z0-9][A-Za-z0-9_-]*$`
	maxIDLength   = 100
)

// legacy is the status of a write-up from before the format (SPEC v2).
const legacy = "legacy"

// Generate returns the schema of the front matter of site's retrospectives,
// as indented JSON.
func Generate(site *config.Site) ([]byte, error) {
	s, err := build(site)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// build assembles the schema. An error means a key of retro.Keys has no
// description here, or a description names a key the decoder does not read:
// the schema would disagree with `retro check`.
func build(site *config.Site) (object, error) {
	b := builder{}
	ticket := form(ticketPattern, "Write a key such as PAY-123, a GitHub reference owner/repo#123, or an http(s) URL.")
	if site.Repo != "" {
		ticket = form(ticketPattern+shortGitHub, "Write a key such as PAY-123, a GitHub reference owner/repo#123 or #123, or an http(s) URL.")
	}
	titled := b.mapping(retro.Keys.Link, fields{
		"title": {text(), "What the link is, e.g. Public post."},
		"url":   {link(), "An http(s) URL, or a retro: link to another retrospective."},
	})
	linkOrURL := object{{"anyOf", []any{link(), titled}}}

	review := b.mapping(retro.Keys.Review, fields{
		"reviewers":  {names(), "Who reviewed the write-up (async comments first)."},
		"meeting":    {date(), "The day of the review meeting, if there was one: YYYY-MM-DD."},
		"presenter":  {text(), "Presents each open point in the meeting; usually the author."},
		"moderator":  {text(), "Makes sure every voice is heard and a decision is reached."},
		"note_taker": {text(), "Records the points made and each decision."},
		"notes":      {text(), "The meeting notes: the decisions, and why. Block Markdown."},
		"finalized":  {date(), "The day the team agreed on the write-up and its decisions were applied: YYYY-MM-DD, not before started. Required when status is final."},
	})
	entry := b.mapping(retro.Keys.TimelineEntry, fields{
		"at": {form(instantPattern+"|"+clockPattern, "Write YYYY-MM-DD HH:MM[:SS], RFC 3339 with the zone's offset, or \"HH:MM\" for the date of the entry above."),
			"When it happened, in the retrospective's timezone: YYYY-MM-DD HH:MM[:SS], RFC 3339 with the zone's offset, or \"HH:MM[:SS]\" (quoted), which takes the date of the entry above. A time alone never rolls over to the next day: after midnight, write the full date. Entries never go back in time."},
		"event": {text(), "What happened: alerts, pages, decisions, changes, customer reports, what was tried. Inline Markdown."},
		"refs":  {list(link()), "Evidence for the entry: alerts, pull requests, dashboards. http(s) URLs or retro: links."},
	})
	control := b.mapping(retro.Keys.SafetyControl, fields{
		"id":      {itemID(), analysisIDDoc + " Anchor: #control-<id>."},
		"name":    {text(), "The control, e.g. Automated failover. Inline Markdown."},
		"purpose": {text(), "What the control is meant to do. Inline Markdown."},
		"failure": {text(), "Exactly how the control failed to keep the system safe. Inline Markdown. Required when status is final."},
	})
	problem := b.mapping(retro.Keys.SystemicProblem, fields{
		"id":       {itemID(), analysisIDDoc + " Anchor: #problem-<id>."},
		"problem":  {text(), "A condition of the system that made the incident possible. Inline Markdown."},
		"category": {enum(site.CategoryKeys()), categoriesDoc(site)},
		"recurs": {form(recursPattern, "Write <retro-id>#problem-<id>."),
			"The same problem seen before, as <retro-id>#problem-<id>: an explicit link that makes this a recurrence after a done recommendation. The anchor must exist."},
	})
	missing := b.mapping(retro.Keys.MissingControl, fields{
		"id":      {itemID(), analysisIDDoc + " Anchor: #missing-<id>."},
		"control": {text(), "An aspect of the system that had no safety control at all. Inline Markdown."},
	})
	analysis := b.mapping(retro.Keys.Analysis, fields{
		"system":            {text(), "The system analysed: what is ours to change. Inline Markdown."},
		"environment":       {text(), "Its environment: what the system depends on but we do not control. Inline Markdown."},
		"safety_controls":   {list(control), "Controls that should have prevented or limited the incident, each with how it failed."},
		"systemic_problems": {list(problem), "Conditions of the system that let the controls fail, each in a category (CAST's systemic factors)."},
		"missing_controls":  {list(missing), "Aspects of the system that had no safety control at all."},
	})
	history := b.mapping(retro.Keys.HistoryEntry, fields{
		"on":     {date(), "The day of the status change: YYYY-MM-DD. Dates never decrease."},
		"status": {enum(retro.RecommendationStatuses), "The status from that day on. The last entry's status equals the recommendation's status."},
		"note":   {text(), "Why the status changed. Inline Markdown."},
	})
	recommendation := b.mapping(retro.Keys.Recommendation, fields{
		"id":        {itemID(), "Unique within the retrospective, e.g. R1: letters, digits, - and _, at most 100 characters. Anchor: #rec-<id>."},
		"title":     {text(), "The action, concrete enough to be done. Inline Markdown."},
		"addresses": {list(itemID()), "Ids of the safety controls, systemic problems and missing controls it answers: every recommendation traces back to the analysis."},
		"kind":      {enum(retro.RecommendationKinds), "What kind of change: software, configuration or process."},
		"better":    {enum(retro.Betters), "What it makes better: avoid the incident, detect it sooner, remediate it faster, reduce its impact, or reduce the effort of handling it."},
		"ticket":    {ticket, ticketDoc + " Required when status is final."},
		"tracking":  {ticket, "A tracking ticket shared across retrospectives, which groups common recommendations. " + ticketDoc},
		"priority":  {text(), "The team's priority, e.g. P2."},
		"status":    {enum(retro.RecommendationStatuses), "planned | in-progress | done | dropped."},
		"due":       {date(), "The commitment: YYYY-MM-DD. An open recommendation past it is overdue."},
		"done_when": {text(), "How the team will know it is done: a concrete, checkable outcome. Required (except in legacy write-ups). Inline Markdown."},
		"history":   {list(history), "Every status change, with why. The latest entry with status done gives the done date."},
		"dropped_reason": {text(),
			"Why it was dropped. Required when status is dropped (except in legacy write-ups). Inline Markdown."},
	})

	top := b.mapping(retro.Keys.FrontMatter, fields{
		"title":     {text(), "What happened, as a reader would search for it. Plain text."},
		"id":        {retroID(), "The page is /retros/<id>/: lowercase letters, digits and -, at most 100 characters, unique across the archive. Default: the file or folder name. Keep it stable once published."},
		"aliases":   {list(retroID()), "Old ids that must keep working: their pages redirect here."},
		"status":    {enum(retro.Statuses), "draft | review | final | legacy. Drafts and retrospectives in review are published only with --drafts. A legacy write-up predates the format: it is published as written, with only title and started required, and the rules of the practice (final-only rules, done_when, dropped_reason, the blame lint) do not apply."},
		"kind":      {withDefault(enum(retro.Kinds), "incident"), "incident | near-miss (the conditions were all there and one control held). Default: incident."},
		"severity":  {enum(site.Severities), "One of the site's severities, most severe first (site.yaml severities; default SEV1..SEV4)."},
		"timezone":  {text(), "The IANA time zone (e.g. UTC, Europe/Berlin) of every time in this file. Default: the site's timezone."},
		"started":   {moment(), "When the incident started, in timezone: YYYY-MM-DD HH:MM[:SS] or RFC 3339 with the zone's offset; a bare YYYY-MM-DD when the time of day is not known (not in a final retrospective), which gives no durations. Its quarter is the incident's quarter."},
		"detected":  {moment(), "When it was detected. " + milestoneDoc},
		"mitigated": {moment(), "When the impact stopped. " + milestoneDoc},
		"resolved":  {moment(), "When the system was back to normal. " + milestoneDoc},
		"impact":    {text(), "Who noticed what, how many, how long, with numbers. Inline Markdown."},
		"links": {list(linkOrURL),
			"Where else this incident is written up: http(s) URLs or retro: links, or {title, url}."},
		"summary":   {text(), "One paragraph; appears first, written last. Inline Markdown. Required when status is final."},
		"services":  {names(), "Services involved; each gets a page at /services/<name>/."},
		"teams":     {names(), "Teams involved; each gets a page at /teams/<name>/."},
		"tags":      {names(), "Free tags; each gets a page at /tags/<name>/."},
		"author":    {text(), "Who prepared the write-up (never \"who caused it\")."},
		"shadow":    {text(), "Learns by following the author (see one)."},
		"mentor":    {text(), "Reverse-shadows a new author and gives feedback (teach one)."},
		"draft_due": {date(), "When the first draft is due for comments: YYYY-MM-DD."},
		"review":    {review, "The review of the write-up by the team."},
		"timeline":  {list(entry), "The timeline, in timezone, only going forward. At least one entry when status is final. Anchors: #timeline-1, #timeline-2, ..."},
		"analysis":  {analysis, "The CAST analysis: the system, its environment, the safety controls and how they failed, the systemic problems, the missing controls. Safety controls, systemic problems and missing controls share one set of ids."},
		"recommendations": {list(recommendation),
			"Action items, each tracing back to the analysis. A final retrospective has at least one, or an explicit [] with no_recommendations_reason."},
		"no_recommendations_reason": {text(), "Why a final retrospective has no recommendations (with recommendations: []). Inline Markdown."},
	})
	if b.err != nil {
		return nil, b.err
	}

	isStatus := func(s string) object {
		return object{{"required", []string{"status"}}, {"properties", object{{"status", object{{"const", s}}}}}}
	}
	// The practice's rules, which a legacy write-up predates.
	practice := object{
		{"properties", object{{"recommendations", object{{"items", object{
			{"required", []string{"done_when"}},
			{"properties", object{{"done_when", notNull()}}},
			{"if", isStatus(retro.Dropped)},
			{"then", object{{"required", []string{"dropped_reason"}}, {"properties", object{{"dropped_reason", notNull()}}}}},
		}}}}}},
	}
	full := form(instantPattern, "A final retrospective gives the time of day: YYYY-MM-DD HH:MM[:SS], or RFC 3339 with the zone's offset.")
	final := object{
		{"required", []string{"summary", "timeline", "recommendations", "review"}},
		{"properties", object{
			{"started", full}, {"detected", full}, {"mitigated", full}, {"resolved", full},
			{"summary", notNull()},
			{"timeline", object{{"type", "array"}, {"minItems", 1}}},
			{"review", object{{"type", "object"}, {"required", []string{"finalized"}}, {"properties", object{{"finalized", notNull()}}}}},
			{"analysis", object{{"properties", object{{"safety_controls", object{{"items", object{
				{"required", []string{"failure"}}, {"properties", object{{"failure", notNull()}}}}}}}}}}},
			{"recommendations", object{{"type", "array"}, {"items", object{
				{"required", []string{"ticket"}}, {"properties", object{{"ticket", notNull()}}}}}}},
		}},
		{"if", object{{"properties", object{{"recommendations", object{{"maxItems", 0}}}}}}},
		{"then", object{{"required", []string{"no_recommendations_reason"}}, {"properties", object{{"no_recommendations_reason", notNull()}}}}},
	}

	s := object{
		{"$schema", Version},
		{"title", "Front matter of a retro incident retrospective"},
		{"description", "The YAML between the --- lines of content/retros/<slug>.md or content/retros/<slug>/index.md. Written by `retro schema` for " + siteName(site) + "; `retro check` applies these rules and the ones across fields and files."},
	}
	s = append(s, top...)
	s = append(s, member{"allOf", []any{
		object{{"if", isStatus(legacy)}, {"else", practice}},
		object{{"if", isStatus(retro.Final)}, {"then", final}},
	}})
	return s, nil
}

const (
	analysisIDDoc = "Unique across the analysis (safety controls, systemic problems and missing controls share one set): letters, digits, - and _, at most 100 characters."
	milestoneDoc  = "Same forms as started. Milestones are in order: started <= detected <= mitigated <= resolved."
	ticketDoc     = "A tracker key such as PAY-123 (linked through site.yaml tracker), a GitHub reference owner/repo#123 or #123 (with repo in site.yaml), or an http(s) URL."
)

func categoriesDoc(site *config.Site) string {
	var b strings.Builder
	b.WriteString("A category of site.yaml categories (CAST's systemic factors by default, plus the site's own):")
	for _, c := range site.Categories {
		fmt.Fprintf(&b, "\n- %s: %s", c.Key, c.Title)
		if c.Description != "" {
			fmt.Fprintf(&b, ". %s", c.Description)
		}
	}
	return b.String()
}

func siteName(site *config.Site) string {
	if site.Title == "" {
		return "a site"
	}
	return fmt.Sprintf("%q", site.Title)
}

// A field is a key's schema and its description.
type field struct {
	schema object
	doc    string
}

type fields map[string]field

// builder records the first disagreement between retro.Keys and the fields
// described here.
type builder struct{ err error }

// mapping is the schema of an object with exactly m's keys, in m's order.
// Keys that are not required may be written empty (null): the decoder reads
// that as absent.
func (b *builder) mapping(m retro.Mapping, fs fields) object {
	props := object{}
	for _, k := range m.Keys {
		f, ok := fs[k]
		if !ok {
			b.fail(fmt.Errorf("schema: key %q of %s has no description", k, m.What))
			continue
		}
		s := f.schema
		if !slices.Contains(m.Required, k) {
			s = nullable(s)
		}
		props = append(props, member{k, append(object{{"description", f.doc}}, s...)})
	}
	for k := range fs {
		if !slices.Contains(m.Keys, k) {
			b.fail(fmt.Errorf("schema: key %q is described but %s has no such key", k, m.What))
		}
	}
	o := object{{"type", "object"}, {"additionalProperties", false}}
	if len(m.Required) > 0 {
		o = append(o, member{"required", m.Required})
	}
	return append(o, member{"properties", props})
}

func (b *builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// text is any scalar: the decoder reads `title: 2024` as the text "2024",
// which is what the writer meant.
func text() object { return object{{"type", []string{"string", "number", "boolean"}}} }

// form is a string of the form pattern; editors that know
// patternErrorMessage say want instead of quoting the pattern.
func form(pattern, want string) object {
	return object{{"type", "string"}, {"pattern", pattern}, {"patternErrorMessage", want}}
}

func maxLength(o object, n int) object { return append(o, member{"maxLength", n}) }

func retroID() object {
	return maxLength(form(retroIDPattern, "Lowercase letters, digits and -, starting with a letter or digit."), maxIDLength)
}

func itemID() object {
	return maxLength(form(itemIDPattern, "Letters, digits, - and _, starting with a letter or digit."), maxIDLength)
}

func date() object { return form(datePattern, "Write YYYY-MM-DD.") }
func link() object { return form(linkPattern, "Write an http(s) URL, or retro:<id>[#anchor].") }

// moment is a milestone: a bare date is allowed here and ruled out in final
// retrospectives by the schema's top-level condition.
func moment() object {
	return form(instantPattern+"|"+datePattern, "Write YYYY-MM-DD HH:MM[:SS], RFC 3339 with the zone's offset, or YYYY-MM-DD when the time of day is not known.")
}

// names is a list of texts. An item written null is the text "null" to the
// decoder (a sample archive tags a crash with it), so it is accepted here too.
func names() object { return list(nullable(text())) }

func list(item object) object { return object{{"type", "array"}, {"items", item}} }

func enum(values []string) object {
	return object{{"type", "string"}, {"enum", slices.Clone(values)}}
}

func withDefault(o object, v any) object { return append(o, member{"default", v}) }

func notNull() object { return object{{"not", object{{"type", "null"}}}} }

// conditional is an if/then pair to add to an object's schema.
func conditional(cond, then object) object {
	return object{{"if", cond}, {"then", then}}
}

// nullable lets a value also be written empty. An enum gets null as a
// second choice rather than as a value, so that editors do not offer it.
func nullable(o object) object {
	if slices.ContainsFunc(o, func(m member) bool { return m.key == "enum" }) {
		return object{{"anyOf", []any{o, object{{"type", "null"}}}}}
	}
	out := make(object, 0, len(o))
	typed := false
	for _, m := range o {
		switch m.key {
		case "type":
			typed = true
			switch t := m.value.(type) {
			case string:
				m.value = []string{t, "null"}
			case []string:
				m.value = append(slices.Clone(t), "null")
			}
		}
		out = append(out, m)
	}
	if !typed {
		return object{{"anyOf", []any{o, object{{"type", "null"}}}}}
	}
	return out
}

// object is a JSON object that keeps its keys in the order written, so the
// schema reads in the SPEC's order.
type object []member

type member struct {
	key   string
	value any
}

func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		if err := enc.Encode(m.key); err != nil {
			return nil, err
		}
		buf.WriteByte(':')
		if err := enc.Encode(m.value); err != nil {
			return nil, err
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
