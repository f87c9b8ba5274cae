// Package metrics exposes Procura's metrics in the Prometheus exposition format, with pprof,
// on the admin listener (--admin-addr; decision 0042). The application counts with plain atomic
// numbers (app.Counters) that a collector here reads at each scrape; requests and delivery
// attempts are observed through the hooks httpapi.Server.Observe and app.App.OnDeliveryAttempt.
package metrics

import (
	"database/sql"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/procura/procura/internal/app"
)

// Pools is what the store tells of its connections: the pools' statistics by name, and how
// many transactions it ran again.
type Pools interface {
	PoolStats() map[string]sql.DBStats
	Retries() int64
}

// Metrics is the node's registry of metrics.
type Metrics struct {
	reg        *prometheus.Registry
	requests   *prometheus.HistogramVec
	deliveries *prometheus.HistogramVec
}

// latencyBuckets, in seconds: Procura answers most reads in a millisecond or two.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// New registers the metrics of a, its store's pools, and the Go runtime and process; log takes
// what a scrape could not count.
func New(a *app.App, pools Pools, log *slog.Logger) *Metrics {
	m := &Metrics{reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "procura_http_request_duration_seconds",
			Help:    "Time to answer an API request, by route pattern, method and status class.",
			Buckets: latencyBuckets}, []string{"route", "method", "status"}),
		deliveries: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "procura_delivery_attempt_duration_seconds",
			Help:    "Time of an attempt to deliver a subscription's notification, by subscription id and outcome (delivered, pending: to try again, dead).",
			Buckets: prometheus.DefBuckets}, []string{"subscription", "outcome"}),
	}
	m.reg.MustRegister(m.requests, m.deliveries, &appCollector{a: a, log: log},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if pools != nil {
		m.reg.MustRegister(&poolCollector{pools: pools})
	}
	return m
}

// Request counts one answered request; route is its pattern, never its path ("" when no route
// matched).
func (m *Metrics) Request(route, method string, status int, took time.Duration) {
	if route == "" {
		route = "none"
	}
	m.requests.WithLabelValues(route, knownMethod(method), strconv.Itoa(status/100)+"xx").Observe(took.Seconds())
}

// DeliveryAttempt counts one attempt to deliver a subscription's notification (app.DeliveryAttempt).
func (m *Metrics) DeliveryAttempt(subscriptionID string, took time.Duration, outcome string) {
	m.deliveries.WithLabelValues(subscriptionID, outcome).Observe(took.Seconds())
}

// knownMethod keeps the method label to the methods HTTP defines: the client chooses it.
func knownMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

// Handler serves the metrics at /metrics and pprof under /debug/pprof/: the admin listener's
// routes, never the API's.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
