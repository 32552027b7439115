package build

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"retro/internal/search"
)

// relatedOf reads the related retrospectives an incident page lists: id →
// the reasons given, in the page's order.
func relatedOf(t *testing.T, out, id string) (ids []string, reasons map[string]string) {
	t.Helper()
	p := viewPage(t, out, "retros/"+id+"/")
	reasons = map[string]string{}
	i := strings.Index(p, `<section id="related"`)
	if i < 0 {
		return nil, reasons
	}
	s := p[i : i+strings.Index(p[i:], "</section>")]
	for _, m := range relatedRE.FindAllStringSubmatch(s, -1) {
		ids = append(ids, m[1])
		reasons[m[1]] = m[2]
	}
	return ids, reasons
}

var relatedRE = regexp.MustCompile(`(?s)<li><a href="/retros/([^/"]+)/">.*?<span class="reasons">(.*?)</span></li>`)

// relatedCase is what a reader expects of one incident's related list:
// the retrospectives it holds (each with words its reasons must contain)
// and some it must not hold.
type relatedCase struct {
	id     string
	want   map[string][]string // related id → words of its reasons
	absent []string
}

func checkRelated(t *testing.T, out string, cases []relatedCase) {
	t.Helper()
	for _, c := range cases {
		ids, reasons := relatedOf(t, out, c.id)
		for other, words := range c.want {
			why, ok := reasons[other]
			if !ok {
				t.Errorf("%s: %s is not related (got %v)", c.id, other, ids)
				continue
			}
			for _, w := range words {
				if !strings.Contains(why, w) {
					t.Errorf("%s: %s is related for %q, which does not say %q", c.id, other, why, w)
				}
			}
		}
		for _, other := range c.absent {
			if why, ok := reasons[other]; ok {
				t.Errorf("%s: %s is related (%s), but shares nothing a reader would see", c.id, other, why)
			}
		}
	}
}

// checkSimilarWords fails on any word of a "similar:" reason that is a
// number, a time, a date, a month, an ordinal or filler.
func checkSimilarWords(t *testing.T, out string) {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(out, "retros", "*", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, p := range pages {
		for _, m := range similarRE.FindAllStringSubmatch(read(t, p), -1) {
			n++
			for _, phrase := range strings.Split(m[1], ", ") {
				for _, w := range strings.Fields(phrase) {
					if !search.Meaningful(w) {
						t.Errorf("%s: the similar words %q hold %q", p, m[1], w)
					}
				}
			}
		}
	}
	if n == 0 {
		t.Error("no related retrospective is related by similar text")
	}
}

var similarRE = regexp.MustCompile(`similar: ([^;<]*)`)

// TestRelatedSample: on the sample archive, the pairs a reader would
// expect, with reasons in their words.
func TestRelatedSample(t *testing.T) {
	out, _ := buildSample(t, false)
	checkRelated(t, out, []relatedCase{{
		id: "2026-06-inventory-sync-oversell",
		want: map[string][]string{
			"2025-02-search-index-stale": {"same tracking ticket PLAT-210", "both on catalog-indexer, inventory-sync and search-api", "similar: stock"},
		},
		absent: []string{"2026-04-checkout-cert-expiry", "2025-08-promo-code-near-miss"},
	}, {
		id: "2026-01-payments-webhook-backlog",
		want: map[string][]string{
			"2025-02-search-index-stale":      {"same tracking ticket PLAT-210", "recurred after its R1 was done", "freshness objective"},
			"2025-01-payments-double-capture": {"both on orders-db and payments-gateway"},
		},
		absent: []string{"2025-11-delivery-slots-dst", "2026-03-cdn-image-outage"},
	}, {
		id: "2026-04-checkout-cert-expiry",
		want: map[string][]string{
			"2025-03-checkout-failover": {"same tracking ticket OPS-42", "both on checkout-api"},
		},
		absent: []string{"2026-06-inventory-sync-oversell", "2025-11-delivery-slots-dst"},
	}, {
		id: "2025-09-session-cache-stampede",
		want: map[string][]string{
			"2025-01-payments-double-capture": {"both on checkout-api", "similar: clients retried"},
		},
		absent: []string{"2025-02-search-index-stale"},
	}, {
		id:     "2025-02-search-index-stale",
		absent: []string{"2026-03-cdn-image-outage", "2025-05-mobile-release-crash"},
	}})
	checkSimilarWords(t, out)
}

// TestRelatedHarbourline: on the second archive (legacy post-mortems of a
// ferry operator), related by service and, without one, by text alone;
// the distractors (exchange rates, ship certificates, a file size limit)
// stay apart from what they only sound like.
func TestRelatedHarbourline(t *testing.T) {
	a, fs, err := Load(Options{Source: filepath.Join("testdata", "eval", "harbourline"), Drafts: true, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if fs.Errors(false) > 0 {
		t.Fatalf("harbourline has errors:\n%s", findingsText(fs))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(a, out); err != nil {
		t.Fatal(err)
	}
	rateLimits := []string{"2019-03-partner-booking-rate-limit", "2022-01-ais-provider-rate-limit", "2020-06-freight-rate-limiter-redis"}
	checkRelated(t, out, []relatedCase{{
		id:   "2017-02-object-storage-outage",
		want: map[string][]string{"2023-11-document-lifecycle-deletion": {"both on document-archive and object-store", "similar: storage"}},
	}, {
		id:   "2021-06-cdn-config-latent-bug",
		want: map[string][]string{"2023-09-cdn-cached-error-page": {"both on booking-web and cdn"}},
	}, {
		id:     "2020-01-ferry-app-certificate-expired",
		want:   map[string][]string{"2021-09-root-ca-expiry-old-devices": {"similar: TLS handshake, certificate"}},
		absent: []string{"2021-08-vessel-certificate-uploads"},
	}, {
		id:     "2022-01-ais-provider-rate-limit",
		want:   map[string][]string{"2019-03-partner-booking-rate-limit": {"similar: rate limit"}},
		absent: []string{"2022-03-stale-exchange-rates", "2021-05-checkout-error-rates", "2020-09-manifest-file-size-limit"},
	}, {
		id:     "2019-03-partner-booking-rate-limit",
		want:   map[string][]string{"2022-01-ais-provider-rate-limit": {"similar: rate limit"}, "2020-06-freight-rate-limiter-redis": {"similar: rate limit"}},
		absent: []string{"2022-03-stale-exchange-rates", "2020-09-manifest-file-size-limit"},
	}, {
		id:   "2023-03-reporting-replica-lag",
		want: map[string][]string{"2018-10-mysql-replication-partition": {"similar: replication lag"}, "2017-01-database-directory-deleted": {"both on orders-postgres"}},
	}, {
		id:   "2022-11-gate-ocr-time-sync",
		want: map[string][]string{"2021-12-log4shell-terminal-systems": {"both on gate-ocr and terminal-tos"}},
	}, {
		id:   "2024-08-dns-migration-long-ttl",
		want: map[string][]string{"2021-10-bgp-dns-withdrawal": {"both on booking-web and dns"}},
	}, {
		id:     "2022-03-stale-exchange-rates",
		absent: rateLimits,
	}, {
		id:     "2021-08-vessel-certificate-uploads",
		absent: []string{"2020-01-ferry-app-certificate-expired", "2021-09-root-ca-expiry-old-devices"},
	}})
	checkSimilarWords(t, out)
}

// TestRelatedPublic: on real post-mortems of other teams (DFDS and
// PostHog, imported), whose text is long and shares a template, related
// by what they are about, never by the template's words; the npm package
// "node-ipc" stays apart from Kubernetes nodes.
func TestRelatedPublic(t *testing.T) {
	a, fs, err := Load(Options{Source: filepath.Join("testdata", "eval", "public"), Drafts: true, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if fs.Errors(false) > 0 {
		t.Fatalf("the public archive has errors:\n%s", findingsText(fs))
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := Write(a, out); err != nil {
		t.Fatal(err)
	}
	checkRelated(t, out, []relatedCase{{
		id:   "2022-02-08-pm2022-004-kafka-metrics-missing-from-prometheus",
		want: map[string][]string{"2022-07-07-pm2022-007-kafka-metrics-stopped-being-exported-to": {"similar: kafka exporter"}},
	}, {
		id:   "2021-02-15-pm2021-002-flux-version-bump-causing-component-downtime",
		want: map[string][]string{"2021-02-19-pm2021-003-flux-version-bump-causing-component-downtime": {"similar:"}},
	}, {
		id:     "2025-11-26-shai-hulud-attack",
		want:   map[string][]string{"2022-03-07-pm2022-005-node-ipc-incident-response": {"malicious"}},
		absent: []string{"2024-03-13-pm2024-001-two-kubernetes-nodes-went-into-notready-state"},
	}, {
		id:   "2025-09-29-flags-is-down",
		want: map[string][]string{"2025-10-21-feature-flags-recurring-outages": {"feature flags"}},
	}, {
		id:   "2021-01-05-pm2021-001-logs-from-kubernetes-not-shipped-to-cwl",
		want: map[string][]string{"2023-04-11-pm2023-002-logs-not-shipped-to-cloudwatch": {"fluentd"}, "2022-01-31-pm2022-002-logs-not-shipped-to-cloudwatch": {"fluentd"}},
	}, {
		id:   "2020-01-21-pm2020-002-kiam-service-disruption-on-hellman",
		want: map[string][]string{"2020-11-17-pm2020-009-kiam-service-disruption-due-to-upgrade": {"KIAM"}},
	}, {
		id:     "2024-03-13-pm2024-001-two-kubernetes-nodes-went-into-notready-state",
		want:   map[string][]string{"2022-02-08-pm2022-003-two-kuberneste-nodes-were-down": {"NotReady state"}},
		absent: []string{"2022-03-07-pm2022-005-node-ipc-incident-response", "2025-11-26-shai-hulud-attack"},
	}, {
		id:     "2022-03-07-pm2022-005-node-ipc-incident-response",
		absent: []string{"2024-03-13-pm2024-001-two-kubernetes-nodes-went-into-notready-state", "2022-02-08-pm2022-003-two-kuberneste-nodes-were-down"},
	}})
	checkSimilarWords(t, out)
	// The template's headings are in most of these write-ups: never a reason.
	pages, _ := filepath.Glob(filepath.Join(out, "retros", "*", "index.html"))
	for _, p := range pages {
		for _, m := range similarRE.FindAllStringSubmatch(read(t, p), -1) {
			if strings.Contains(m[1], "contributing factors") || strings.Contains(m[1], "lessons learned") {
				t.Errorf("%s: a template heading is a reason: %s", p, m[1])
			}
		}
	}
}
