package gen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// retroDoc is one generated retrospective before it is written out. It
// mirrors the front matter of SPEC closely so that emit.go is a plain
// serialiser and the validity rules live here, next to the choices they
// constrain.
type retroDoc struct {
	id         string
	explicitID bool
	// explicitKind and explicitZone write keys that equal their defaults, so
	// both the default and the explicit spelling are exercised.
	explicitKind bool
	explicitZone bool
	bundle       bool
	title        string
	aliases      []string
	status       string
	kind         string
	severity     string
	zone         string

	started, detected, mitigated, resolved time.Time // zero when absent

	impact, summary        string
	services, teams, tags  []string
	author, shadow, mentor string
	draftDue               time.Time
	review                 *reviewDoc
	timeline               []entry

	system, environment string
	controls            []controlDoc
	problems            []problemDoc
	missing             []missingDoc

	recs         []recDoc
	noRecsReason string // set when recs is deliberately empty

	body string
}

// entryForm is how a timeline entry's `at` is spelled; SPEC accepts several
// and a realistic archive uses all of them.
type entryForm int

const (
	formFull    entryForm = iota // 2024-03-14 09:12[:30]
	formTime                     // "09:19[:30]", date carried over
	formRFC3339                  // "2024-03-14T09:12:00+01:00"
)

type entry struct {
	at      time.Time
	seconds bool
	form    entryForm
	event   string
	refs    []string
}

type reviewDoc struct {
	reviewers                     []string
	meeting, finalized            time.Time
	presenter, moderator, noteTkr string
	notes                         string
}

type controlDoc struct{ id, name, purpose, failure string }
type problemDoc struct{ id, text, category string }
type missingDoc struct{ id, text string }

type recDoc struct {
	id, title                  string
	addresses                  []string
	kind, better               string
	ticket, tracking, priority string
	status                     string
	due                        time.Time
	doneWhen, droppedReason    string
	history                    []historyDoc
}

type historyDoc struct {
	on           time.Time
	status, note string
}

// linkTarget is an earlier final retrospective that later ones may link to,
// with the anchors known to exist on its page.
type linkTarget struct {
	id      string
	anchors []string
}

// Archive span: started dates are spread evenly over these years so that the
// quarterly views have several years of quarters to chart. asOf bounds every
// history date, standing in for "today" without reading the clock.
var (
	spanStart = time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	spanEnd   = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	asOf      = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
)

// newRetro builds retrospective i of n. Each retrospective draws from its own
// PCG stream (seed, i), so its content does not depend on how many values
// earlier ones happened to draw; earlier ones only feed it link targets.
func (g *generator) newRetro(i int) *retroDoc {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	d := &retroDoc{}
	d.zone = weighted(r, timezones, []int{40, 25, 25, 10})
	loc := g.locs[d.zone]

	d.services, d.teams = pickSystems(r)
	w := &writer{r: r, services: d.services, teams: d.teams}
	d.status = weighted(r, []string{"draft", "review", "final"}, []int{5, 5, 90})
	d.kind = weighted(r, []string{"incident", "near-miss"}, []int{9, 1})
	d.severity = weighted(r, []string{"SEV1", "SEV2", "SEV3", "SEV4"}, []int{5, 20, 40, 35})
	d.title = w.sentence(pick(r, titleTemplates))

	day := quietDay(loc, g.startDay(r, i))
	d.timeline = g.timeline(r, w, loc, day)
	d.setMilestones(r)

	y, m, dd := d.started.Date()
	d.id = fmt.Sprintf("%04d-%02d-%s-%d", y, m, slugify(d.title, 40), i+1)
	d.explicitID = chance(r, 0.5)
	d.explicitKind = chance(r, 0.5)
	d.explicitZone = chance(r, 0.5)
	d.bundle = i%100 == 42
	if chance(r, 0.02) {
		d.aliases = []string{fmt.Sprintf("%04d-%02d-%02d-%s-%d", y, m, dd, d.services[0], i+1)}
		if chance(r, 0.3) {
			d.aliases = append(d.aliases, fmt.Sprintf("inc-%d", 1000+i))
		}
	}

	d.impact = w.sentence(pick(r, impactTemplates))
	d.tags = pickDistinct(r, append(pickDistinct(r, topics, 3), pickDistinct(r, techs, 2)...), between(r, 1, 4))
	d.author = person(r)
	if chance(r, 0.2) {
		d.shadow = person(r)
	}
	if chance(r, 0.1) {
		d.mentor = person(r)
	}
	if chance(r, 0.7) {
		d.draftDue = dateOnly(d.started).AddDate(0, 0, between(r, 7, 14))
	}

	d.analysis(r, w)
	d.recommendations(r, w)
	w.recIDs = recIDs(d.recs)
	if d.status == "final" || chance(r, 0.6) {
		d.summary = w.paragraph(summaryTemplates, between(r, 2, 4))
	}
	d.review = newReview(r, w, d)
	if d.status == "final" && len(g.finals) > 0 && chance(r, 0.3) {
		w.links = g.linksFor(r, d.services[0])
	}
	d.body = body(r, w, d)
	return d
}

// startDay spreads retrospective i evenly over the span with jitter inside
// its slot, so ids generated earlier are (mostly) earlier incidents too.
func (g *generator) startDay(r *rand.Rand, i int) time.Time {
	days := spanEnd.Sub(spanStart).Hours() / 24
	off := days * (float64(i) + r.Float64()) / float64(g.n)
	return spanStart.AddDate(0, 0, int(off))
}

// quietDay moves day forward until no UTC offset change happens within a
// few days of it in loc. Timelines then never meet a DST gap or an
// ambiguous hour, even when they cross midnight, so every generated local
// time means exactly one instant.
func quietDay(loc *time.Location, day time.Time) time.Time {
	for {
		y, m, d := day.Date()
		_, before := time.Date(y, m, d-1, 0, 0, 0, 0, loc).Zone()
		_, after := time.Date(y, m, d+4, 0, 0, 0, 0, loc).Zone()
		if before == after {
			return day
		}
		day = day.AddDate(0, 0, 5)
	}
}

// pickSystems chooses 1–3 services around one main domain and 1–2 teams;
// the main team follows the domain so taxonomy pages cluster realistically.
func pickSystems(r *rand.Rand) (services, teamSlugs []string) {
	di := r.IntN(len(domains))
	main := domains[di]
	kinds := pickDistinct(r, serviceKinds, between(r, 1, 2))
	for _, k := range kinds {
		services = append(services, main+"-"+k)
	}
	if chance(r, 0.4) {
		services = append(services, pick(r, domains)+"-"+pick(r, serviceKinds))
	}
	services = dedupe(services)
	teamSlugs = []string{teams[di%len(teams)].slug}
	if chance(r, 0.3) {
		teamSlugs = dedupe(append(teamSlugs, pick(r, teams).slug))
	}
	return services, teamSlugs
}

// timeline generates 5–20 strictly increasing entries starting on day. Times
// stay between 06:00 and 23:00 local unless the incident deliberately
// crosses midnight, in which case the entries after midnight carry a full
// date (SPEC: a bare time never rolls over).
func (g *generator) timeline(r *rand.Rand, w *writer, loc *time.Location, day time.Time) []entry {
	n := between(r, 5, 20)
	gaps := make([]int, n-1) // minutes between consecutive entries
	total := 0
	for k := range gaps {
		switch p := r.IntN(100); {
		case p < 80:
			gaps[k] = between(r, 1, 20)
		case p < 97:
			gaps[k] = between(r, 20, 60)
		default:
			gaps[k] = between(r, 60, 180)
		}
		total += gaps[k]
	}
	start := g.startMinute(r, gaps, total)
	y, m, d := day.Date()
	base := time.Date(y, m, d, 0, 0, 0, 0, loc)

	entries := make([]entry, n)
	at := start
	for k := range entries {
		if k > 0 {
			at += gaps[k-1]
		}
		t := base.Add(time.Duration(at) * time.Minute)
		e := entry{at: t}
		if k > 0 && chance(r, 0.1) {
			e.at = t.Add(time.Duration(between(r, 1, 59)) * time.Second)
			e.seconds = true
		}
		entries[k] = e
	}
	for k := range entries {
		entries[k].form = entryFormFor(r, entries, k)
		entries[k].event = w.sentence(eventTemplate(r, k, n))
		if chance(r, 0.15) {
			entries[k].refs = []string{fmt.Sprintf("%s%d", pick(r, refHosts), between(r, 1000, 99999))}
		}
	}
	return entries
}

// startMinute picks the first entry's minute of the day. About one in eight
// incidents starts late enough to cross midnight; the rest fit in the day.
func (g *generator) startMinute(r *rand.Rand, gaps []int, total int) int {
	latest := 23*60 - total
	if latest >= 6*60 && !chance(r, 0.12) {
		return between(r, 6*60, min(latest, 20*60))
	}
	// Crossing midnight: make sure the total reaches past it, then start
	// in the evening so the last entry lands after 00:00.
	if need := 35 - total; need > 0 {
		gaps[len(gaps)-1] += need
		total += need
	}
	// With total >= 35 the lower bound never passes 23:30.
	return between(r, max(18*60, 24*60-total+5), 23*60+30)
}

// entryFormFor writes the first entry and any entry on a new calendar day
// with a full date; the rest mostly as bare times, as people write them.
func entryFormFor(r *rand.Rand, es []entry, k int) entryForm {
	if k == 0 || !sameDay(es[k-1].at, es[k].at) {
		if chance(r, 0.1) {
			return formRFC3339
		}
		return formFull
	}
	switch p := r.IntN(100); {
	case p < 85:
		return formTime
	case p < 96:
		return formFull
	default:
		return formRFC3339
	}
}

func eventTemplate(r *rand.Rand, k, n int) string {
	switch {
	case k == 0:
		return pick(r, eventsStart)
	case k == n-1:
		return pick(r, eventsResolve)
	case k <= 2:
		return pick(r, eventsDetect)
	case k >= n*2/3:
		return pick(r, eventsMitigate)
	}
	return pick(r, eventsInvestigate)
}

// setMilestones derives started/detected/mitigated/resolved from timeline
// entries, truncated to the minute; truncation keeps them in order.
func (d *retroDoc) setMilestones(r *rand.Rand) {
	tl := d.timeline
	n := len(tl)
	d.started = tl[0].at.Truncate(time.Minute)
	if chance(r, 0.85) {
		d.detected = tl[between(r, 0, min(2, n-1))].at.Truncate(time.Minute)
	}
	if d.kind == "incident" || chance(r, 0.5) {
		d.mitigated = tl[between(r, n*2/3, n-1)].at.Truncate(time.Minute)
	}
	if chance(r, 0.9) {
		d.resolved = tl[n-1].at.Truncate(time.Minute)
	}
}

// analysis picks 1–4 items of each kind. Archetype ids are disjoint across
// kinds, so the shared analysis namespace stays unique without renaming.
func (d *retroDoc) analysis(r *rand.Rand, w *writer) {
	d.system = w.sentence(pick(r, systemTemplates))
	d.environment = w.sentence(pick(r, environmentTemplates))
	for _, c := range pickDistinct(r, controls, between(r, 1, 4)) {
		cd := controlDoc{id: c.id, name: w.fill(c.name), purpose: w.sentence(c.purpose)}
		if d.status == "final" || chance(r, 0.7) {
			cd.failure = w.sentence(pick(r, failureTemplates))
		}
		d.controls = append(d.controls, cd)
	}
	for _, p := range pickDistinct(r, problems, between(r, 1, 4)) {
		d.problems = append(d.problems, problemDoc{id: p.id, text: w.sentence(p.text), category: p.category})
	}
	for _, m := range pickDistinct(r, missingControls, between(r, 1, 4)) {
		d.missing = append(d.missing, missingDoc{id: m.id, text: w.sentence(m.text)})
	}
}

// recommendations creates 1–5 recommendations that each trace back to the
// analysis. A rare final near-miss has none, with a reason, as SPEC allows.
func (d *retroDoc) recommendations(r *rand.Rand, w *writer) {
	if d.status == "final" && d.kind == "near-miss" && chance(r, 0.05) {
		d.noRecsReason = "The existing safeguards held; the review found nothing worth changing yet."
		return
	}
	var analysisIDs, problemIDs []string
	for _, c := range d.controls {
		analysisIDs = append(analysisIDs, c.id)
	}
	for _, p := range d.problems {
		analysisIDs = append(analysisIDs, p.id)
		problemIDs = append(problemIDs, p.id)
	}
	for _, m := range d.missing {
		analysisIDs = append(analysisIDs, m.id)
	}
	age := asOf.Sub(d.started).Hours() / 24
	for k := range between(r, 1, 5) {
		rec := recDoc{id: fmt.Sprintf("R%d", k+1)}
		rec.kind = pick(r, []string{"software", "configuration", "process"})
		rec.title = w.sentence(pick(r, recTitles[rec.kind]))
		rec.addresses = pickDistinct(r, analysisIDs, between(r, 1, 3))
		if chance(r, 0.75) && !hasAny(rec.addresses, problemIDs) {
			rec.addresses = append(rec.addresses, pick(r, problemIDs))
		}
		rec.better = pick(r, []string{"avoid", "detect", "remediate", "impact", "effort"})
		if d.status == "final" || chance(r, 0.7) {
			rec.ticket = recTicket(r, d)
		}
		if chance(r, 0.25) {
			rec.tracking = trackingKey(r)
		}
		if chance(r, 0.8) {
			rec.priority = fmt.Sprintf("P%d", between(r, 1, 4))
		}
		if chance(r, 0.85) {
			rec.due = dateOnly(d.started).AddDate(0, 0, between(r, 30, 180))
		}
		rec.doneWhen = w.sentence(pick(r, doneWhenTemplates))
		rec.status = recStatus(r, d.status, age)
		if rec.status == "dropped" {
			rec.droppedReason = w.sentence(pick(r, droppedTemplates))
		}
		rec.history = history(r, w, rec.status, dateOnly(d.started))
		d.recs = append(d.recs, rec)
	}
	w.tracking = trackingOf(d.recs)
}

// recTicket is usually a key in the owning team's project; a few teams file
// issues by URL, which SPEC links as is.
func recTicket(r *rand.Rand, d *retroDoc) string {
	if chance(r, 0.03) {
		return fmt.Sprintf("https://git.example.com/%s/%s/issues/%d", d.teams[0], d.services[0], between(r, 1, 900))
	}
	return ticketKey(r, projectOf(d.teams[0]))
}

// recStatus makes old incidents' recommendations mostly settled and recent
// ones mostly open, which is what overdue and recurrence views need to show
// something interesting.
func recStatus(r *rand.Rand, retroStatus string, ageDays float64) string {
	states := []string{"planned", "in-progress", "done", "dropped"}
	switch {
	case retroStatus == "draft":
		return "planned"
	case retroStatus == "review":
		return weighted(r, states, []int{70, 30, 0, 0})
	case ageDays > 365:
		return weighted(r, states, []int{15, 13, 60, 12})
	default:
		return weighted(r, states, []int{35, 35, 25, 5})
	}
}

// history writes status changes on non-decreasing dates ending in status.
// A small share of done recommendations has none, which SPEC reports as a
// warning (no done date), to keep that path exercised.
func history(r *rand.Rand, w *writer, status string, start time.Time) []historyDoc {
	var path []string
	switch status {
	case "planned":
		if chance(r, 0.5) {
			path = []string{"planned"}
		}
	case "in-progress":
		path = []string{"planned", "in-progress"}
	case "done":
		if chance(r, 0.01) {
			return nil
		}
		path = []string{"planned", "in-progress", "done"}
	case "dropped":
		path = []string{"planned", "dropped"}
	}
	if len(path) > 1 && chance(r, 0.4) {
		path = path[1:]
	}
	var out []historyDoc
	on := start.AddDate(0, 0, between(r, 1, 21))
	for _, s := range path {
		on = on.AddDate(0, 0, between(r, 0, 60))
		if on.After(asOf) {
			on = asOf
		}
		h := historyDoc{on: on, status: s}
		if chance(r, 0.8) {
			h.note = w.sentence(pick(r, historyNotes[s]))
		}
		out = append(out, h)
	}
	return out
}

// newReview fills the review block: final ones are finalized after the
// meeting; ones in review have reviewers but no finalized date.
func newReview(r *rand.Rand, w *writer, d *retroDoc) *reviewDoc {
	if d.status == "draft" && chance(r, 0.7) {
		return nil
	}
	rv := &reviewDoc{reviewers: pickDistinct(r, firstNames, between(r, 2, 4))}
	if d.status == "draft" {
		return rv
	}
	end := d.timeline[len(d.timeline)-1].at
	if chance(r, 0.8) {
		rv.meeting = dateOnly(end).AddDate(0, 0, between(r, 3, 20))
		if chance(r, 0.6) {
			rv.presenter = d.author
		}
		if chance(r, 0.5) {
			rv.moderator = rv.reviewers[0]
			rv.noteTkr = rv.reviewers[1]
		}
	}
	if chance(r, 0.4) {
		rv.notes = w.paragraph(reviewNoteSentences, between(r, 1, 3))
	}
	if d.status == "final" {
		from := rv.meeting
		if from.IsZero() {
			from = dateOnly(end).AddDate(0, 0, 5)
		}
		rv.finalized = from.AddDate(0, 0, between(r, 0, 10))
	}
	return rv
}

// linksFor returns 1–2 retro: destinations to earlier final retrospectives,
// preferring ones about the same main service.
func (g *generator) linksFor(r *rand.Rand, service string) []string {
	pool := g.finals
	if same := g.bySvc[service]; len(same) > 0 && chance(r, 0.7) {
		pool = nil
		for _, k := range same {
			pool = append(pool, g.finals[k])
		}
	}
	var out []string
	for range between(r, 1, 2) {
		t := pick(r, pool)
		dest := "retro:" + t.id
		if len(t.anchors) > 0 && chance(r, 0.5) {
			dest += "#" + pick(r, t.anchors)
		}
		out = append(out, dest)
	}
	return out
}

// target records the anchors of a final retrospective for later links.
func (d *retroDoc) target() linkTarget {
	t := linkTarget{id: d.id, anchors: []string{"summary", "timeline-1"}}
	if len(d.recs) > 0 {
		t.anchors = append(t.anchors, "rec-"+d.recs[0].id)
	}
	if len(d.problems) > 0 {
		t.anchors = append(t.anchors, "problem-"+d.problems[0].id)
	}
	return t
}

// recIDs lists the recommendation ids for review notes to mention; a
// retrospective without recommendations still gets a plausible id, because
// the notes are prose and never link to it.
func recIDs(recs []recDoc) []string {
	if len(recs) == 0 {
		return []string{"R1"}
	}
	out := make([]string, len(recs))
	for i, rc := range recs {
		out[i] = rc.id
	}
	return out
}

func trackingOf(recs []recDoc) []string {
	var out []string
	for _, rc := range recs {
		if rc.tracking != "" {
			out = append(out, rc.tracking)
		}
	}
	return out
}

func projectOf(teamSlug string) string {
	for _, t := range teams {
		if t.slug == teamSlug {
			return t.project
		}
	}
	return "OPS"
}

// weighted picks values[i] with probability weights[i]/sum(weights).
func weighted(r *rand.Rand, values []string, weights []int) string {
	sum := 0
	for _, w := range weights {
		sum += w
	}
	x := r.IntN(sum)
	for i, w := range weights {
		if x < w {
			return values[i]
		}
		x -= w
	}
	return values[len(values)-1]
}

// hasAny reports whether s shares an element with of.
func hasAny(s, of []string) bool {
	return slices.ContainsFunc(s, func(v string) bool { return slices.Contains(of, v) })
}

// dedupe drops repeated values, keeping first occurrences in order.
func dedupe(s []string) []string {
	var out []string
	for _, v := range s {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// dateOnly keeps the calendar date of t in its own zone, as a UTC midnight.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// slugify keeps lowercase ASCII letters and digits, joining words with '-'
// and stopping at a word boundary before max bytes.
func slugify(s string, max int) string {
	var words []string
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')
	}) {
		words = append(words, f)
	}
	out := ""
	for _, wd := range words {
		next := wd
		if out != "" {
			next = out + "-" + wd
		}
		if len(next) > max && out != "" {
			break
		}
		out = next
	}
	if out == "" {
		out = "incident"
	}
	return out
}
