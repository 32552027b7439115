package gen

// Sentence templates. A {slot} is filled by (*writer).slot; everything else is
// literal text. Templates never contain blame phrases and never mention
// "retro:" outside a link destination (SPEC: bare "retro:" text is not a
// link). Titles are plain text, so title templates avoid Markdown.

var titleTemplates = lines(`
{Svc} returned errors for {dur}
{Svc} latency climbed past {num} ms during {adj} traffic
{Svc} stalled after a {adj} {noun} change
{Tech} failover on {svc} took {dur}
Partial outage of {svc} in {region}
{Svc} dropped {nouns} while {verbing} {nouns}
Expired {noun} broke {svc} for {dur}
{Svc} queue backlog delayed {nouns} by {dur}
Config push disabled {svc} {nouns}
{Svc} ran out of {mass} in {region}
Retry storm between {svc} and {svc2}
{Vendor} outage degraded {svc}
Deploy of {svc} {verbed} {nouns} in {region}
{Svc} served stale {nouns} for {dur}
Near miss: {svc} almost {verbed} {nouns}
Schema migration locked {svc} tables for {dur}
{Tech} upgrade {verbed} {svc} {nouns}
Cache stampede on {svc} after a {adj} {noun}
Clock skew made {svc} reject {nouns}
DNS change sent {svc} traffic to {region}
{Svc} double-charged a small number of {nouns}
Disk full on {svc} nodes in {region}
{Svc} memory leak caused restarts for {dur}
Certificate rotation broke {svc} for {adj} clients
{Svc} dropped {pct} of {nouns} for {dur}
`)

var impactTemplates = lines(`
{pct} of {svc} requests failed for {dur}.
About {num} {nouns} were delayed by up to {dur}; none were lost.
Customers in {region} saw errors on {svc} for {dur}.
No customer impact; {svc} ran with reduced {mass} for {dur}.
{num} {nouns} had to be {verbed} by hand after the incident.
Checkout conversion dropped by {pct} for {dur}.
Internal users could not {verb} {nouns} for {dur}.
{svc} p99 latency stayed above {num} ms for {dur}; error rate peaked at {pct}.
`)

var summaryTemplates = lines(`
A {adj} {noun} in {svc} kept {nouns} from {verbing}, and {svc2} {verbed} its {nouns} until {first} {verbed} the {noun}.
The {adj} {noun} that {verbed} {svc} had been {verbed} weeks earlier, and nothing in our {mass} showed it until {nouns} began to fail.
Our {noun} for {svc} assumed {adj} {mass}; when {vendor} {verbed} its {nouns}, that assumption stopped holding.
Responders {verbed} the {noun} within {dur}, but {verbing} the {adj} {nouns} took most of the day.
The change was reviewed and tested, yet the {adj} interaction with {svc2} only appears under {adj} {mass}.
We {verbed} {svc} to {region} and recovered, then spent {dur} reconciling {nouns}.
The {noun} that normally {verbs} this kind of problem was {adj}, which turned a small {noun} into an outage.
`)

var systemTemplates = lines(`
{Svc}, its {tech} cluster and the {noun} tooling we run for it.
{Svc} and {svc2}, the {tech} queue between them, and our deploy pipeline.
The {svc} fleet in {region}, its {adj} {noun} and the {team} team's runbooks.
{Svc} with its {tech} store, the {noun} controller and the on-call rotation.
`)

var environmentTemplates = lines(`
{Vendor} and the {tech} service we consume but do not operate.
The cloud provider's {adj} {noun} layer in {region}; traffic from {adj} clients.
{Vendor}; the {svc2} service owned by another team; customer traffic patterns around {adj} events.
The shared {tech} platform owned by another team and the network between regions.
`)

// Timeline events, grouped by the phase of the response they describe.
var (
	eventsStart = lines(`
{Metric} alert fires for {svc}
{Svc} error rate climbs past {pct}
Deploy of {svc} version {version} starts
Scheduled {noun} job starts on {svc}
{Vendor} begins a maintenance window
Config change to {code} is applied to {svc}
Synthetic check for {svc} starts failing in {region}
Customer support reports {adj} {nouns} on {svc}
`)
	eventsDetect = lines(`
On-call acknowledges the page for {svc}
{First} opens an incident channel and takes the commander role
Second alert fires: {metric} above threshold
{First} notices {adj} {nouns} on the {svc} dashboard
Support escalates {num} tickets about {svc}
Status page check shows {svc} {adj} in {region}
`)
	eventsInvestigate = lines(`
{First} checks recent deploys of {svc}; nothing unusual since {dur} ago
Logs show {err} from {host}
{First} suspects the {tech} {noun} and starts a bisect
Graphs show {metric} {verbing} since the start
{First} joins the bridge from {team} to help with {tech}
Responders compare {svc} in {region} with a healthy region
Hypothesis: {adj} {nouns} are {verbing} the {noun}
{First} finds {code} set to {num} on {host}
Traces show requests waiting on {svc2}
Incident commander hands over to {first}
{First} pages {team} for {svc2}
Update posted to the status page
`)
	eventsMitigate = lines(`
{First} rolls back {svc} to the previous version
Traffic is shifted away from {region}
{Code} is raised to {num} on all {svc} nodes
{First} disables the feature flag {code}
Rate limit on {svc} lowered to shed {mass}
{First} restarts the stuck {tech} {noun}
Failover to the replica in {region} completes
Cache for {svc} is warmed from a snapshot
Error rate on {svc} drops below {pct}
`)
	eventsResolve = lines(`
{Svc} metrics back to baseline; incident resolved
Backlog of {nouns} drained; all-clear posted
Reconciliation of {nouns} finished; incident closed
Last affected {noun} verified by {first}; status page resolved
`)
)

var refHosts = lines(`
https://alerts.example.com/P
https://grafana.example.com/d/
https://chat.example.com/archives/C
https://status.example.com/incidents/
https://logs.example.com/q/
`)

// control is a safety control archetype: an id slug, a display name and its
// purpose; the failure is composed per incident.
type control struct{ id, name, purpose string }

var controls = []control{
	{"failover", "Automated failover", "Promotes a replica when the primary is unreachable for {num} s."},
	{"rate-limiter", "Per-client rate limiter", "Caps each client at {num} requests per second so one caller cannot starve others."},
	{"canary", "Canary analysis", "Compares a canary's {metric} with the baseline before a deploy proceeds."},
	{"circuit-breaker", "Circuit breaker to {svc2}", "Stops calls to {svc2} after {num} consecutive failures."},
	{"health-checks", "Load balancer health checks", "Remove a {svc} instance from rotation after {small} failed probes."},
	{"autoscaling", "Horizontal autoscaling", "Adds {svc} replicas when CPU stays above {pct} for {small} minutes."},
	{"deploy-freeze", "Deploy freeze calendar", "Blocks non-urgent deploys during {adj} periods."},
	{"feature-flags", "Feature flag kill switch", "Lets on-call turn off {code} without a deploy."},
	{"backpressure", "Queue backpressure", "Slows producers when the {tech} queue exceeds {num} messages."},
	{"retry-budget", "Retry budget", "Limits retries to {pct} of requests so failures do not multiply load."},
	{"quota", "Storage quota alerts", "Warn when a volume passes {pct} of its capacity."},
	{"schema-review", "Schema change review", "Requires a second engineer to review migrations on {tech}."},
	{"config-validation", "Config validation in CI", "Rejects config changes that do not parse or that change {code}."},
	{"load-shedding", "Load shedding", "Drops {adj} requests first when {svc} is saturated."},
	{"blue-green", "Blue-green deploys", "Keeps the previous version warm so a rollback takes seconds."},
	{"slo-alerting", "SLO burn-rate alerting", "Pages when the error budget burns {small}x faster than planned."},
	{"backup-restore", "Nightly backups with restore tests", "Proves each week that a backup of {svc} restores."},
	{"change-approval", "Change approval for production", "Requires an approver for production changes to {svc}."},
	{"connection-limits", "Connection pool limits", "Caps connections from {svc} to the database at {num}."},
	{"cert-monitor", "Certificate expiry monitor", "Warns {small} weeks before a certificate expires."},
	{"synthetics", "Synthetic checks", "Exercise the {svc} user journey from {small} regions every minute."},
	{"dlq", "Dead letter queue", "Parks messages that fail {small} times so the queue keeps moving."},
	{"admission", "Admission control", "Refuses new work when {svc} latency passes {num} ms."},
	{"replica-lag-guard", "Replica lag guard", "Routes reads to the primary when replica lag exceeds {small} s."},
}

var failureTemplates = lines(`
Did not act: the {noun} it relies on was {adj}.
Waited indefinitely on {adj} {nouns} held by {svc2}.
Fired, but the threshold of {num} was far above what the {noun} could absorb.
Was disabled during the {tech} migration and never re-enabled.
Worked as designed, and the design did not cover {adj} {mass}.
Acted on the wrong signal: {metric} stayed flat while requests failed.
Made things worse by {verbing} {nouns} that were still healthy.
Its alert went to a channel nobody on call watches.
Tripped after {dur}, long after the impact had started.
Could not {verb} because {svc2} was also {adj}.
`)

// problem is a systemic problem archetype tied to a default CAST category.
type problem struct{ id, category, text string }

var problems = []problem{
	{"untested-runbooks", "operational-readiness", "Runbooks for {svc} are exercised only during incidents."},
	{"thin-oncall-bench", "operational-readiness", "Only {small} people can operate {tech} confidently; on call rotates through many more."},
	{"no-game-days", "operational-readiness", "We have never rehearsed losing {region}, so the steps were improvised."},
	{"alert-fatigue", "monitoring-alerting", "{Svc} pages {num} times a week for {adj} conditions, so pages are triaged slowly."},
	{"symptom-blind", "monitoring-alerting", "Alerts watch {metric} rather than what users experience."},
	{"dashboard-sprawl", "monitoring-alerting", "There are {num} dashboards for {svc} and none is the obvious first stop."},
	{"silent-dependency", "dependency-management", "{Svc} depends on {svc2} in ways no diagram or contract shows."},
	{"vendor-opacity", "dependency-management", "We learn about {vendor} problems from our own errors, not from them."},
	{"pinned-versions", "dependency-management", "{Tech} client versions drift across services and upgrades happen in bulk."},
	{"config-as-deploy", "change-management", "Config changes bypass the canary that code deploys go through."},
	{"big-bang-changes", "change-management", "{Tech} upgrades are rolled out to every region at once."},
	{"migration-drift", "change-management", "Long-running migrations leave {svc} in a half-migrated state for weeks."},
	{"unclear-ownership", "communication-coordination", "Nobody owns {svc2} end to end, so questions wait for the right person to be found."},
	{"status-lag", "communication-coordination", "Status updates depend on the incident commander finding time to write them."},
	{"handoff-gaps", "communication-coordination", "Handoffs between time zones lose context that lived only in chat."},
	{"headroom-unknown", "capacity-planning", "Nobody knows how much {mass} headroom {svc} has before it tips over."},
	{"seasonal-peaks", "capacity-planning", "Capacity plans use averages, while {adj} peaks are several times larger."},
	{"shared-pool", "capacity-planning", "{Svc} and {svc2} share one {tech} pool, so one starves the other."},
	{"tribal-knowledge", "process-documentation", "How {svc} recovers from a {noun} failure lives in the heads of a few people."},
	{"stale-docs", "process-documentation", "The architecture notes for {svc} describe a design retired last year."},
	{"hidden-coupling", "design-complexity", "A {adj} {noun} couples {svc} and {svc2} so that one failure becomes two."},
	{"retry-amplification", "design-complexity", "Retries at {small} layers multiply load by up to {num} times during failures."},
	{"implicit-ordering", "design-complexity", "Consumers assume {tech} delivers {nouns} in order; it does not."},
	{"deadline-pressure", "production-pressure", "The launch date for {svc} left no time for the planned load test."},
	{"feature-over-fix", "production-pressure", "Reliability work on {svc} is repeatedly deferred for feature work."},
	{"quiet-concerns", "safety-culture", "Engineers who saw the risk in {svc} did not feel their concern would change the plan."},
	{"heroics-rewarded", "safety-culture", "Recoveries by a few experts are celebrated while the fixes that prevent them are not."},
}

// missing is a missing safety control archetype.
type missing struct{ id, text string }

var missingControls = []missing{
	{"slot-alert", "No alert fires when a {tech} slot retains more than {num} GB."},
	{"lag-alert", "No alert on consumer lag for {svc}."},
	{"cert-inventory", "No inventory of certificates and their expiry dates."},
	{"config-canary", "No canary stage for config changes to {svc}."},
	{"load-test", "No load test of {svc} at {small}x peak traffic."},
	{"dependency-map", "No map of which services call {svc2}."},
	{"disk-forecast", "No forecast of disk usage on {svc} nodes."},
	{"rollback-button", "No one-step rollback for {svc} schema changes."},
	{"vendor-status-feed", "No subscription to {vendor}'s status feed."},
	{"pool-metrics", "No metric for connection pool saturation on {svc}."},
	{"clock-monitor", "No alert when node clocks drift more than {num} ms."},
	{"retry-jitter", "No jitter on {svc} client retries."},
	{"quota-alert", "No alert before the {tech} quota is reached."},
	{"drill-schedule", "No regular failover drill for {svc}."},
	{"ownership-registry", "No registry that names the owning team of {svc2}."},
	{"user-journey-slo", "No SLO on the {svc} user journey."},
}

var recTitles = map[string][]string{
	"software": lines(`
Add jitter and a retry budget to {svc} clients
Make {svc} degrade to cached {nouns} when {svc2} is slow
Bound the {tech} queue in {svc} and shed {adj} work first
Make the {noun} controller idempotent
Cap concurrent {nouns} per tenant in {svc}
Move {svc} reads off the primary with a lag guard
Replace the {adj} {noun} in {svc} with a bounded one
`),
	"configuration": lines(`
Alert when {metric} exceeds {num} for {small} minutes
Route config changes for {svc} through the canary stage
Lower {code} to {num} on {svc}
Add {svc} to the certificate expiry monitor
Page {team} on {svc} consumer lag above {dur}
Set connection limits between {svc} and {tech}
Enable burn-rate alerts on the {svc} SLO
`),
	"process": lines(`
Run a {svc} failover drill every quarter
Write and rehearse a runbook for {tech} {noun} recovery
Name an owning team for {svc2}
Add a load test to the {svc} launch checklist
Review {tech} capacity before each {adj} peak
Rotate a second engineer through {tech} on-call shadowing
Hold a status-update rehearsal with support each quarter
`),
}

var doneWhenTemplates = lines(`
The alert pages on-call in staging when we inject the fault for {dur}.
A game day shows {svc} recovering without manual steps.
Dashboards show {metric} below {num} through the next {adj} peak.
The runbook is used in a drill by someone who has never operated {tech}.
A load test at {small}x peak passes with p99 under {num} ms.
Every {svc} config change in the last month went through the canary.
The owning team is listed in the service registry and has accepted the pager.
CI rejects a change that sets {code} outside its safe range.
`)

var droppedTemplates = lines(`
Superseded by the {tech} migration ({ticket}).
{Svc} is being retired; the replacement already has this control.
Covered by the platform-wide change tracked in {ticket}.
The cost outweighs the risk after {svc2} moved to a managed service.
Merged into another recommendation during the review.
`)

var historyNotes = map[string][]string{
	"planned": lines(`
Accepted in the review.
Added to the {team} backlog.
Planned for next quarter.
`),
	"in-progress": lines(`
Picked up in sprint {small}.
{First} started on a design doc.
First change merged; rollout pending.
Blocked on {svc2}, now unblocked.
`),
	"done": lines(`
Rolled out to all regions.
Verified in a game day.
Done; see the linked dashboard.
Shipped and confirmed by {first}.
`),
	"dropped": lines(`
Dropped after the quarterly review.
No longer needed; see the dropped reason.
`),
}

// Body paragraph sentences per section.
var (
	wentWellSentences = lines(`
The {metric} alert for {svc} fired within {small} minutes, well before customers reported anything.
{Person} had rehearsed the {noun} runbook in a game day {small} weeks earlier, so the steps to {verb} the {noun} were fresh.
Responders {verbed} the incident channel quickly and kept a running timeline, which made this write-up easy.
The feature flag {code} let us {verb} the {adj} path without a deploy.
{Team} joined the bridge within minutes and brought the {tech} expertise we lacked.
Rolling back {svc} took {dur}, exactly as the runbook promised.
Support had a {adj} macro ready, so customers got a clear answer while we worked.
The {adj} {noun} between {svc} and {svc2} contained the damage to one region.
Status updates went out every {small} minutes and nobody had to ask for them.
Because {svc} writes are idempotent, replaying the {adj} {nouns} was safe.
The dashboard for {svc} showed {metric} next to deploy markers, which pointed at the change within minutes.
The incident commander handed over cleanly at the end of a shift, with a written summary.
Nobody hesitated to declare an incident, even though the signal was {adj} at first.
The {tech} {noun} {adv} {verbed} the {adj} {nouns}, exactly as we had hoped.
{First} {adv} {verbed} the {noun} while {first} kept customers informed.
Our backups of {svc} restored on the first try.
`)
	betterSentences = lines(`
We spent {dur} looking at {svc2} because the first {noun} we saw pointed there.
The runbook for {svc} assumed a {adj} {noun} that no longer exists.
Only {first} knew how to {verb} the {tech} {noun}, and {first} was off shift.
The alert described a symptom without saying what to do about it.
Two responders {verbed} the same {noun} at once because roles were not clear.
It took {dur} to find who owns {svc2}.
The {adj} {noun} in {svc} hid the error until {nouns} were already {verbing}.
Our status page said everything was fine for the first {dur}.
The rollback was slowed by a {adj} migration that could not be {verbed}.
We had no quick way to tell which {nouns} were affected, so reconciliation took days.
The change passed review, but the reviewer had no way to see its effect on {svc2}.
Dashboards used averages, and the average looked {adj} while the p99 was not.
Pages went to the previous on-call rotation because the schedule had a {adj} gap.
The {adj} {noun} {adv} {verbed} {nouns}, and nothing told us it was happening.
We {verbed} {nouns} by hand in a spreadsheet, which is slow and easy to get wrong.
`)
	analysisSentences = lines(`
The {noun} behaved as designed; the design assumed {adj} {mass} that production no longer has.
{Svc} has grown from {small} to {num} {nouns} since the {noun} was written, and nobody revisited its limits.
From the responders' point of view every action made sense with what they could see at the time.
The {adj} {noun} was a reasonable trade-off when {svc2} was small; it became a hazard as traffic grew.
Each layer retried {small} times, so one slow dependency turned into {num} times the usual load.
The control that should have stopped this, {code}, was tuned for a {adj} workload.
We found {small} earlier near misses with the same shape, none of which were written up.
The gap between {team} and the owners of {svc2} meant nobody saw both halves of the problem.
The {tech} client in {svc} holds {nouns} for the lifetime of a {noun}, which is far longer than anyone expected.
Pressure to ship before the {adj} launch meant the load test was cut to one scenario.
Monitoring covered {metric}, which stayed flat because failed requests never reach the handler.
{Vendor} changed its {adj} behaviour without notice, and our {noun} silently accepted the new responses.
Recovery depended on {adj} knowledge held by a few people rather than on tooling.
Under {adj} {mass}, {svc} {adv} {verbs} its {nouns}, which nobody had measured before.
The migration left {svc} reading from two {nouns} with different {adj} semantics.
We treated the {noun} as a cache, but other services had come to rely on it as a source of truth.
Timeouts between {svc} and {svc2} were longer than the caller's own deadline, so work continued for nobody.
`)
	bulletSentences = lines(`
{Verbed} the {noun} on {host} and watched {metric}.
{Code} was set to {num}, below what {svc} needs at peak.
{Tech} logs showed {err} every few seconds.
The {adj} {noun} was not in any runbook.
Support received {num} tickets in the first hour.
{First} confirmed the fix in {region} before rolling it out everywhere.
`)
	reviewNoteSentences = lines(`
Agreed to merge {rec} into the {tracking} tracking ticket.
{First} will present the findings at the {team} operations review.
We discussed whether {svc} should own its {tech} cluster; no decision yet.
The group asked for a follow-up on {metric} after the next peak.
Reviewers noted the {adj} {noun} also affects {svc2}.
`)
	relatedSentences = lines(`
This looks much like [the earlier {svc} incident]({link}), where the same {noun} was involved.
The pattern matches [a previous write-up]({link}); see its recommendations.
We reused the approach from [an earlier incident]({link}) to {verb} the {nouns}.
Compare with [what happened before]({link}), which had a similar timeline.
`)
)

// extraSections are optional trailing body sections, rendered after the
// standard ones in their order (SPEC).
var extraSections = lines(`
Appendix
Glossary
Open questions
Follow-up notes
Supporting data
`)
