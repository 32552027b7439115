package gen

import "strings"

// The pools below are read-only after package initialisation. They are kept
// large on purpose: the archive feeds a full-text index, and an index built
// from a handful of repeated sentences would make search benchmarks
// meaninglessly cheap. Identifier-like tokens (config keys, metric names,
// hosts) are composed from parts at generation time, which adds thousands of
// distinct terms the way real write-ups do.

// words splits a whitespace-separated list; it keeps the pools readable.
func words(s string) []string { return strings.Fields(s) }

// lines splits a newline-separated list of phrases, skipping blank lines.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// defaultCategories are SPEC's default CAST systemic factors; generated
// systemic problems use only these so that any site configuration accepts
// them.
var defaultCategories = words(`safety-culture communication-coordination change-management
operational-readiness monitoring-alerting capacity-planning dependency-management
process-documentation design-complexity production-pressure`)

// timezones are the zones retrospectives are written in. UTC has no DST;
// the others exercise both hemispheres' conventions and the date line.
var timezones = words(`UTC Europe/Berlin America/New_York Asia/Tokyo`)

// blamePhrases mirror SPEC's example lint list; the generator must never
// produce them, and site.yaml configures exactly these.
var blamePhrases = []string{"human error", "should have known", "careless", "root cause"}

var domains = words(`checkout orders payments billing ledger invoicing pricing catalog
search recommendations inventory warehouse shipping tracking returns identity auth
sessions accounts profiles notifications email sms push media images video uploads
reporting analytics events audit fraud risk compliance support chat feeds ads
experiments flags config gateway edge dns cdn storage backups scheduler workflows
metrics logging tracing builds deploys registry secrets geo loyalty reviews wishlist
subscriptions payouts taxes currency`)

var serviceKinds = words(`api db worker cache queue consumer scheduler proxy frontend
service store indexer`)

// team is a team slug with the tracker project its tickets are filed under.
type team struct{ slug, project string }

var teams = []team{
	{"payments", "PAY"}, {"checkout", "CHK"}, {"platform", "PLAT"}, {"sre", "SRE"},
	{"data", "DATA"}, {"identity", "IDN"}, {"search", "SRCH"}, {"storefront", "WEB"},
	{"mobile", "MOB"}, {"infra", "INFRA"}, {"networking", "NET"}, {"security", "SEC"},
	{"billing", "BILL"}, {"logistics", "LOG"}, {"growth", "GRW"}, {"messaging", "MSG"},
	{"ml", "ML"}, {"developer-experience", "DX"}, {"databases", "DBA"},
	{"observability", "OBS"},
}

var firstNames = words(`Ana Bo Chen Dana Lee Sam Priya Tomasz Aiko Kwame Ines Mateo
Olu Freya Ravi Sofia Jonas Mei Hamid Lucia Noor Erik Yuki Carmen Tariq Zofia Malik Elena
Kenji Amara Diego Hana Felix Leila Marco Ingrid Ade Rosa Viktor Sana Pablo Greta Idris
Nina Omar Clara Jin Beatriz Arjun Maeve Tobias Zara Luca Astrid Ibrahim Paula Hugo Ayasha
Niko Mira Emil Dalia Rui Signe Kofi Lena Andrei Talia Soren Imani Yusuf Elif Bruno
Catalina Haruto Wanjiru Marta Oskar`)

var lastNames = words(`Whitfield Okafor Reyes Nakamura Mensah Kowalski Fernandes
Lindqvist Haddad Moreau Brennan Castillo Ivanova Schmidt Tanaka Adeyemi Novak Larsen
Rossi Bianchi Petrov Silva Oduya Keller Marsh Dubois Sato Kaur Patel Gallagher Varga
Horvat Jensen Ortiz Mendes Abara Fischer Koenig Watanabe Lund Sandoval Quinn Ferreira
Nyberg Rahman Eriksen Duarte Bauer Ito Morales Voss Achterberg Kim Park Osei Aalto
Berger Carvalho Delgado Engel Fujita Grant Hoffmann Iqbal Jovanovic Kruger Laine Meyer
Nowak Ozturk Pereira Quispe Rinaldi Sorensen Toivonen Umeh Vidal Wagner Yilmaz Zeller`)

var techs = words(`postgres mysql redis memcached kafka rabbitmq nats elasticsearch
opensearch cassandra dynamodb s3 gcs kubernetes helm terraform ansible envoy nginx
haproxy istio linkerd consul vault etcd zookeeper prometheus grafana alertmanager
pagerduty datadog jaeger opentelemetry fluentd loki clickhouse bigquery snowflake spark
flink airflow argo jenkins buildkite docker containerd cilium calico coredns cloudflare
fastly oauth oidc saml ldap tls grpc graphql websocket http2 quic dns bgp ntp systemd
jvm golang python nodejs rust ruby java scala pgbouncer patroni debezium sidekiq celery
varnish minio ceph nfs ebs lambda ecs eks gke iam kms sso protobuf avro parquet
iptables conntrack nftables wireguard openvpn haproxy keepalived bind unbound`)

var topics = words(`failover capacity deploy config certificate cache database
networking storage security third-party data-loss latency availability cost on-call
alerting migration feature-flag rate-limit retry-storm thundering-herd cache-stampede
memory-leak disk-full clock-skew split-brain dns-propagation quota-exhaustion
connection-pool backpressure load-shedding schema-change replication-lag
certificate-expiry cron queue-backlog hot-partition cold-start noisy-neighbour
partial-outage data-corruption rollback canary autoscaling throttling timeouts
dependency-upgrade vendor-outage regional-outage`)

var regions = words(`us-east-1 us-east-2 us-west-2 eu-west-1 eu-west-2 eu-central-1
eu-north-1 ap-northeast-1 ap-northeast-2 ap-southeast-1 ap-southeast-2 sa-east-1
ca-central-1 me-central-1 af-south-1`)

var vendors = lines(`
the CDN provider
the payment processor
the SMS gateway vendor
the cloud provider
the email delivery provider
the managed database service
the DNS provider
the identity provider
the logging vendor
the maps API vendor
the tax calculation service
the fraud scoring vendor
the object storage service
the certificate authority
the container registry host
`)

// nouns are countable; plural forms are derived by plural().
var nouns = words(`request connection replica primary shard partition node pod
container cluster queue topic consumer producer worker job batch scheduler deploy
release rollout rollback canary build pipeline artifact image manifest certificate
secret token key credential session cookie header payload response timeout retry lock
lease transaction migration schema index table row column query cursor snapshot backup
volume disk bucket object blob file log metric trace span dashboard alert page pager
runbook playbook checklist ticket incident outage spike regression leak deadlock race
bottleneck hotspot limit quota threshold budget window deadline dependency library
package module version flag toggle experiment cohort tenant customer merchant partner
vendor provider region zone datacenter rack switch router firewall gateway balancer
proxy resolver record endpoint route path handler middleware client server daemon
agent sidecar mesh channel socket port packet frame buffer heap stack thread goroutine
process signal handshake protocol codec serializer parser validator template variable
parameter argument field attribute label annotation selector namespace account role
policy permission grant audit approval change commit branch merge patch hotfix script
tool command console terminal laptop browser device phone app screen form button cart
order payment refund invoice receipt subscription plan coupon discount price catalog
product listing warehouse shipment parcel courier notification email message webhook
callback event stream feed report export upload download election heartbeat probe
check test suite fixture environment sandbox forecast estimate assumption hypothesis
symptom clue graph chart histogram percentile baseline anomaly pattern trend outlier
handoff rotation shift escalation bridge call meeting standup decision trade-off
priority backlog sprint roadmap milestone owner stakeholder engineer responder
commander scribe liaison reviewer user operator contractor specialist manager expert
newcomer mentor document wiki diagram spreadsheet note comment question answer doubt
concern risk hazard constraint control safeguard guardrail invariant contract
interface abstraction boundary layer tier component subsystem platform framework
runtime kernel driver firmware cache entry key-value tombstone compaction checkpoint
offset watermark backfill reindex vacuum sequence counter gauge sampler scraper
exporter collector shipper forwarder relay broker registry mirror fork cutover
drill rehearsal simulation tabletop scenario postmortem debrief timeline summary
recommendation finding observation surprise gap workaround mitigation remediation
safeguard capability feature release-train freeze exception waiver carve-out`)

// massNouns do not take a plural in the sentences they are used in.
var massNouns = words(`traffic latency load pressure throughput memory bandwidth
contention churn noise toil drift jitter lag saturation fragmentation congestion
visibility ownership context confusion uncertainty urgency fatigue knowledge expertise
coverage telemetry tooling automation documentation coordination communication
alignment capacity headroom redundancy isolation observability resilience reliability
availability durability consistency correctness performance security compliance
storage compute throttling backpressure goodwill trust morale focus attention
bookkeeping housekeeping paperwork onboarding training practice preparation
guidance feedback momentum friction overhead complexity ambiguity slack`)

// verbs are base, past and -ing forms; irregular verbs make rule-based
// inflection unreliable, so all three forms are spelled out.
var verbs = func() [][3]string {
	var out [][3]string
	for _, l := range lines(`
fail failed failing
drain drained draining
restart restarted restarting
retry retried retrying
throttle throttled throttling
reject rejected rejecting
drop dropped dropping
stall stalled stalling
block blocked blocking
leak leaked leaking
saturate saturated saturating
exhaust exhausted exhausting
overload overloaded overloading
promote promoted promoting
demote demoted demoting
replicate replicated replicating
rebalance rebalanced rebalancing
reindex reindexed reindexing
compact compacted compacting
evict evicted evicting
expire expired expiring
rotate rotated rotating
renew renewed renewing
revoke revoked revoking
deploy deployed deploying
roll rolled rolling
revert reverted reverting
pin pinned pinning
patch patched patching
upgrade upgraded upgrading
downgrade downgraded downgrading
migrate migrated migrating
provision provisioned provisioning
scale scaled scaling
shed shed shedding
queue queued queuing
buffer buffered buffering
batch batched batching
flush flushed flushing
sync synced syncing
resolve resolved resolving
route routed routing
proxy proxied proxying
cache cached caching
serve served serving
index indexed indexing
parse parsed parsing
validate validated validating
reconcile reconciled reconciling
detect detected detecting
page paged paging
acknowledge acknowledged acknowledging
escalate escalated escalating
investigate investigated investigating
diagnose diagnosed diagnosing
confirm confirmed confirming
notice noticed noticing
suspect suspected suspecting
bisect bisected bisecting
correlate correlated correlating
graph graphed graphing
trace traced tracing
profile profiled profiling
inspect inspected inspecting
compare compared comparing
mitigate mitigated mitigating
isolate isolated isolating
fence fenced fencing
cordon cordoned cordoning
disable disabled disabling
enable enabled enabling
toggle toggled toggling
freeze froze freezing
pause paused pausing
resume resumed resuming
recover recovered recovering
restore restored restoring
rebuild rebuilt rebuilding
backfill backfilled backfilling
replay replayed replaying
verify verified verifying
monitor monitored monitoring
watch watched watching
announce announced announcing
coordinate coordinated coordinating
hand handed handing
document documented documenting
rehearse rehearsed rehearsing
automate automated automating
simplify simplified simplifying
remove removed removing
retire retired retiring
split split splitting
merge merged merging
shard sharded sharding
partition partitioned partitioning
limit limited limiting
budget budgeted budgeting
forecast forecasted forecasting
measure measured measuring
sample sampled sampling
alert alerted alerting
notify notified notifying
silence silenced silencing
suppress suppressed suppressing
mask masked masking
hide hid hiding
surface surfaced surfacing
amplify amplified amplifying
cascade cascaded cascading
spread spread spreading
spike spiked spiking
climb climbed climbing
plateau plateaued plateauing
oscillate oscillated oscillating
flap flapped flapping
hang hung hanging
crash crashed crashing
panic panicked panicking
corrupt corrupted corrupting
truncate truncated truncating
duplicate duplicated duplicating
skip skipped skipping
misroute misrouted misrouting
misread misread misreading
overlook overlooked overlooking
assume assumed assuming
expect expected expecting
discover discovered discovering
learn learned learning
share shared sharing
teach taught teaching
review reviewed reviewing
approve approved approving
schedule scheduled scheduling
postpone postponed postponing
prioritise prioritised prioritising
fund funded funding
staff staffed staffing
train trained training
onboard onboarded onboarding
write wrote writing
read read reading
rewrite rewrote rewriting
refactor refactored refactoring
decouple decoupled decoupling
harden hardened hardening
tune tuned tuning
cap capped capping
raise raised raising
lower lowered lowering
widen widened widening
narrow narrowed narrowing
`) {
		f := strings.Fields(l)
		out = append(out, [3]string{f[0], f[1], f[2]})
	}
	return out
}()

var adjectives = words(`stale slow noisy flaky brittle fragile healthy degraded partial
intermittent transient persistent silent unexpected expected unclear ambiguous outdated
misleading missing redundant shared dedicated regional global internal external
upstream downstream synchronous asynchronous idempotent eventual strict lenient manual
automated scheduled implicit explicit hidden visible obvious subtle gradual sudden
sharp steady cold warm hot large small tiny huge narrow wide deep shallow old new
legacy modern recent early late long short quick careful thorough sparse dense
overloaded underused idle busy saturated throttled noisy quiet verbose terse correct
incorrect inconsistent consistent durable volatile ephemeral permanent temporary
optional mandatory critical minor major secondary primary dormant active passive
orphaned duplicated truncated corrupted malformed oversized undersized misconfigured
unbounded bounded unowned overdue undocumented untested unmonitored unalerted
unversioned hardcoded generous conservative aggressive optimistic pessimistic
confusing reassuring familiar unfamiliar routine unusual rare frequent recurring
seasonal nightly weekly quarterly hourly regional cross-region multi-tenant
single-tenant read-only write-heavy read-heavy latency-sensitive best-effort
well-tested well-understood half-finished long-running short-lived high-cardinality
low-cardinality fine-grained coarse-grained tight loose fresh cached warmed
cold-started backlogged lagging leading misaligned aligned reversible irreversible
risky safe unsafe guarded unguarded opaque transparent observable noisy-neighbour`)

var adverbs = words(`quickly slowly gradually suddenly eventually immediately silently
repeatedly intermittently briefly partially fully manually automatically temporarily
permanently quietly loudly reliably unexpectedly predictably rarely frequently
consistently carefully cautiously deliberately independently jointly calmly
steadily sharply roughly precisely`)

// config key parts compose into snake_case identifiers like
// max_idle_conns_per_host; bleve keeps them as single terms.
var (
	configPrefixes = words(`max min default initial idle read write dial connect
keepalive retry backoff health drain grace flush sync batch queue pool cache
shutdown startup probe lease lock replica shard eviction`)
	configNouns = words(`conns connections requests retries workers threads
goroutines bytes entries items keys sessions streams partitions replicas slots
segments files buffers tokens messages events rows pages`)
	configSuffixes = words(`ms seconds timeout limit size count per_host per_pod
ratio percent threshold interval window budget ttl`)
	metricSystems = words(`http grpc db kafka redis queue cache jvm go process node
container envoy nginx pg ingress`)
	metricThings = words(`requests errors duration latency connections bytes
messages retries timeouts evictions restarts lag inflight queue_depth open_fds
heap_bytes gc_pauses cpu_seconds dropped_packets`)
	metricSuffixes = words(`total seconds bucket count sum ratio current max`)
)

// errorNames feed log lines and inline code; they look like what tools print.
var errorNames = words(`ECONNRESET ECONNREFUSED ETIMEDOUT EPIPE ENOSPC EMFILE
ENOMEM EHOSTUNREACH ERR_TLS_CERT_EXPIRED ERR_TOO_MANY_REDIRECTS
ErrPoolExhausted ErrDeadlineExceeded ErrLeaseLost ErrNotLeader ErrShardUnavailable
ErrQuotaExceeded ErrSchemaMismatch ErrStaleRead ErrReplicaLagging ErrRateLimited
OOMKilled CrashLoopBackOff ImagePullBackOff DeadlineExceeded Unavailable
ResourceExhausted FailedPrecondition SQLSTATE_40001 SQLSTATE_53300 SQLSTATE_57014
NXDOMAIN SERVFAIL`)

var languages = words(`yaml sql go bash json python hcl text`)
