package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// SyntheticDocuments returns n reproducible, varied retrospectives for
// benchmarks and tests: Zipf-distributed prose over a vocabulary of real
// incident words, their inflections and a long tail of made-up words, so
// that index sizes and posting lengths resemble a real archive's.
func SyntheticDocuments(n int, seed uint64) []Document {
	g := newSynth(seed)
	docs := make([]Document, n)
	for i := range docs {
		docs[i] = g.doc(i)
	}
	return docs
}

var synthWords = strings.Fields(`
alert alerts alerting alerted page paged paging on-call engineer engineers
database databases replica replicas replication primary failover failovers
queue queues queued backlog backed consumer consumers producer lag lagging
cache caches cached stampede stampeded eviction evictions memory leak leaked
deploy deploys deployed deployment rollback rolled rollout canary flag flags
config configuration configured misconfigured certificate certificates expired
expiry dns resolver resolution timeout timeouts retry retries retried storm
latency latencies spike spiked throughput saturation saturated cpu disk disks
network partition partitions packet loss load balancer balancers traffic sale
checkout payment payments order orders cart inventory search login session
token tokens auth authentication authorization permission permissions role
runbook runbooks drill drills escalation escalated incident incidents outage
outages degraded degradation customer customers impact impacted error errors
rate limit limits limiting throttled throttling capacity planning forecast
autoscaling scaled scaling node nodes cluster clusters pod pods container
kubernetes postgres kafka redis elasticsearch nginx terraform vault secret
secrets rotation rotated migration migrations schema index indexes indices
lock locks locking deadlock contention slot slots wal vacuum backup backups
restore restored monitoring dashboard dashboards metric metrics log logs
logging trace traces tracing detection detected mitigated mitigation resolved
resolution recovery recovered communication status update updates stakeholder
handoff handoffs shift weekend holiday peak black friday flash promotion
vendor provider region regions zone zones availability dependency dependencies
upstream downstream api apis gateway webhook webhooks batch job jobs cron
scheduler scheduled stuck stalled hung crash crashed crashes restart restarts
oom killed memory's service's team's customer's engineer's database's queue's
`)

var synthFiller = strings.Fields(`
the a an and or but of to in on at for with from by was were is are be been
we our us it its this that these they their there then when while after before
during because so as not no all some more most other only also very just than
started noticed saw found made took got went came said asked thought knew
first second next last later earlier again still already soon until about
team people time day hour minute week morning night part way case point
change work issue problem fix check step plan call note state
`)

var synthSyllables = strings.Fields(`ka lo mi ren tor vax qui zen bel dro fen gla hup ist jor kel
mun nox pra sol tev urb vel wix yor zan cor dul`)

var (
	synthServices   = strings.Fields("checkout-api orders-db payments-gateway search-svc auth-svc cart-svc inventory-db notifications-worker cdn-edge billing-api ledger-db fraud-scorer email-sender shipping-api catalog-svc")
	synthTeams      = strings.Fields("payments platform data search identity storefront sre logistics billing growth")
	synthTags       = strings.Fields("postgres failover kafka redis dns tls kubernetes capacity deploy config cache network vendor")
	synthCategories = strings.Fields("safety-culture communication-coordination change-management operational-readiness monitoring-alerting capacity-planning dependency-management process-documentation design-complexity production-pressure")
	synthSeverities = strings.Fields("SEV1 SEV2 SEV3 SEV4")
)

type synth struct {
	r     *rand.Rand
	vocab []string // the long tail: made-up words, Zipf-distributed
	zipf  *rand.Zipf
	topic []string // the current document's topical words
}

func newSynth(seed uint64) *synth {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	var vocab []string
	// A long tail of made-up words, as real archives have host names, error
	// codes and jargon that appear once or twice.
	for i := 0; i < 20000; i++ {
		var b strings.Builder
		for k := 2 + r.IntN(3); k > 0; k-- {
			b.WriteString(synthSyllables[r.IntN(len(synthSyllables))])
		}
		vocab = append(vocab, b.String())
	}
	return &synth{r: r, vocab: vocab, zipf: rand.NewZipf(r, 1.1, 2, uint64(len(vocab)-1))}
}

// word draws from the document's mix: filler English (much of it stop
// words), the document's topic words, and the long tail. Real archives have
// topical words that appear in a minority of documents, not in every one.
func (g *synth) word() string {
	switch r := g.r.Float64(); {
	case r < 0.45:
		return synthFiller[g.r.IntN(len(synthFiller))]
	case r < 0.8 && len(g.topic) > 0:
		return g.topic[g.r.IntN(len(g.topic))]
	default:
		return g.vocab[g.zipf.Uint64()]
	}
}

func (g *synth) sentence(min, max int) string {
	n := min + g.r.IntN(max-min+1)
	w := make([]string, n)
	for i := range w {
		w[i] = g.word()
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ") + "."
}

func (g *synth) pick(from []string, min, max int) []string {
	n := min + g.r.IntN(max-min+1)
	out := make([]string, 0, n)
	for _, i := range g.r.Perm(len(from))[:n] {
		out = append(out, from[i])
	}
	return out
}

func (g *synth) doc(i int) Document {
	g.topic = g.pick(synthWords, 20, 40)
	started := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(g.r.Int64N(int64(6 * 365 * 24 * time.Hour))))
	id := fmt.Sprintf("%s-%s-%d", started.Format("2006-01"), g.word(), i)
	id = strings.ReplaceAll(strings.ToLower(id), "'", "")
	services := g.pick(synthServices, 1, 3)
	d := Document{
		ID:       id,
		URL:      "/retros/" + id + "/",
		Title:    strings.TrimSuffix(g.sentence(4, 9), "."),
		Summary:  g.sentence(12, 20) + " " + g.sentence(10, 18),
		Impact:   g.sentence(6, 14),
		Severity: synthSeverities[g.r.IntN(len(synthSeverities))],
		Status:   "final", Kind: "incident",
		Services: services, Teams: g.pick(synthTeams, 1, 2), Tags: g.pick(synthTags, 0, 3),
		Categories: g.pick(synthCategories, 1, 3),
		Started:    started, Year: started.Year(),
	}
	if g.r.IntN(8) == 0 {
		d.Kind = "near-miss"
	}
	var body strings.Builder
	for p := 3 + g.r.IntN(6); p > 0; p-- {
		body.WriteString("\n\n")
		for s := 3 + g.r.IntN(5); s > 0; s-- {
			body.WriteString(g.sentence(6, 22))
			body.WriteByte(' ')
		}
	}
	d.Body = strings.TrimSpace(body.String())
	for k := 3 + g.r.IntN(8); k > 0; k-- {
		d.Timeline = append(d.Timeline, g.sentence(4, 12))
	}
	for k := 2 + g.r.IntN(6); k > 0; k-- {
		d.Analysis = append(d.Analysis, g.sentence(6, 16))
	}
	for k := 1 + g.r.IntN(4); k > 0; k-- {
		d.Recommendations = append(d.Recommendations, strings.TrimSuffix(g.sentence(5, 11), "."))
	}
	d.Items = syntheticItems(&d)
	return d
}

// syntheticItems are a synthetic document's texts by the anchors an
// incident page gives them, the body's paragraphs split between its first
// two sections.
func syntheticItems(d *Document) []Item {
	items := []Item{{"summary", "Summary", d.Summary}, {"impact", "Impact", d.Impact}}
	for i, t := range d.Timeline {
		items = append(items, Item{fmt.Sprintf("timeline-%d", i+1), "Timeline", t})
	}
	for i, a := range d.Analysis {
		items = append(items, Item{fmt.Sprintf("problem-p%d", i+1), "Systemic problems", a})
	}
	for i, r := range d.Recommendations {
		items = append(items, Item{fmt.Sprintf("rec-R%d", i+1), "Recommendations", r})
	}
	paras := strings.Split(d.Body, "\n\n")
	for i, p := range paras {
		a, s := "what-went-well", "What went well"
		if i >= len(paras)/2 {
			a, s = "what-could-have-been-done-better", "What could have been done better"
		}
		items = append(items, Item{a, s, strings.TrimSpace(p)})
	}
	return items
}
