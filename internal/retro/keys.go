package retro

// Mapping is one kind of mapping in the front matter: the keys it may have
// and those it must have. The decoder and `retro schema` both read these, so
// the schema an editor checks against cannot drift from what `retro check`
// accepts.
type Mapping struct {
	What     string // as messages name it, e.g. "recommendation"
	Keys     []string
	Required []string
}

// Keys lists every mapping of the front matter.
var Keys = struct {
	FrontMatter, Link, Review, TimelineEntry, Analysis, SafetyControl,
	SystemicProblem, MissingControl, Recommendation, HistoryEntry Mapping
}{
	FrontMatter: Mapping{"the front matter", []string{
		"title", "id", "aliases", "status", "kind", "severity", "timezone",
		"started", "detected", "mitigated", "resolved", "impact", "links", "summary",
		"services", "teams", "tags", "author", "shadow", "mentor", "draft_due",
		"review", "timeline", "analysis", "recommendations", "no_recommendations_reason",
	}, []string{"title", "status", "started"}},
	Link:          Mapping{"link", []string{"title", "url"}, []string{"url"}},
	Review:        Mapping{"review", []string{"reviewers", "meeting", "presenter", "moderator", "note_taker", "notes", "finalized"}, nil},
	TimelineEntry: Mapping{"timeline entry", []string{"at", "event", "refs"}, []string{"at", "event"}},
	Analysis:      Mapping{"analysis", []string{"system", "environment", "safety_controls", "systemic_problems", "missing_controls"}, nil},
	SafetyControl: Mapping{"safety control", []string{"id", "name", "purpose", "failure"}, []string{"id", "name"}},
	SystemicProblem: Mapping{"systemic problem", []string{"id", "problem", "category", "recurs"},
		[]string{"id", "problem", "category"}},
	MissingControl: Mapping{"missing control", []string{"id", "control"}, []string{"id", "control"}},
	Recommendation: Mapping{"recommendation", []string{
		"id", "title", "addresses", "kind", "better", "ticket", "tracking", "priority",
		"status", "due", "done_when", "history", "dropped_reason",
	}, []string{"id", "title", "status"}},
	HistoryEntry: Mapping{"history entry", []string{"on", "status", "note"}, []string{"on", "status"}},
}
