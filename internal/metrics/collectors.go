package metrics

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/procura/procura/internal/app"
)

func desc(name, help string, labels ...string) *prometheus.Desc {
	return prometheus.NewDesc(name, help, labels, nil)
}

var (
	tokenCache     = desc("procura_token_cache_lookups_total", "Bearer tokens verified, by whether the node's cache held them (hit) or the database was read (miss).", "result")
	signInFailures = desc("procura_sign_in_failures_total", "Customers' sign-ins refused: for a wrong email or password (credentials), or while their account or address was locked (locked; anonymous sessions refused per address too).", "reason")
	lockouts       = desc("procura_sign_in_lockouts_total", "Accounts and client addresses locked after too many sign-ins (or anonymous sessions).")
	deliveriesDue  = desc("procura_deliveries_due", "Subscriptions' deliveries pending and due, across projects.")
	deliveriesDead = desc("procura_deliveries_dead", "Subscriptions' deliveries dead-lettered and still kept, across projects.")
	mailsPending   = desc("procura_mails_pending", "Mails in the outbox not yet sent (pending or being sent), across projects.")
	approvalFlows  = desc("procura_approval_flows", "Approval flows by project and state.", "project", "state")

	poolConnections = desc("procura_db_connections", "Database connections of a pool by state (in_use, idle).", "pool", "state")
	poolMaxOpen     = desc("procura_db_max_open_connections", "The most connections a pool opens.", "pool")
	poolWaits       = desc("procura_db_waits_total", "Times a pool had no connection free and made its caller wait.", "pool")
	poolWaited      = desc("procura_db_wait_seconds_total", "Time callers waited for a pool's connections.", "pool")
	retries         = desc("procura_db_transaction_retries_total", "Write transactions run again: aborted by the database (serialization failures, deadlocks), or on SQLite a batch in which a write failed after it wrote.")
)

// gaugeTimeout bounds the database's counts at a scrape.
const gaugeTimeout = 2 * time.Second

// appCollector reads the application's counters, and the outboxes and approval flows from the
// database, at each scrape.
type appCollector struct {
	a   *app.App
	log *slog.Logger
}

func (c *appCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{tokenCache, signInFailures, lockouts, deliveriesDue, deliveriesDead, mailsPending, approvalFlows} {
		ch <- d
	}
}

func (c *appCollector) Collect(ch chan<- prometheus.Metric) {
	n := &c.a.Counters
	counter := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, float64(v), labels...)
	}
	counter(tokenCache, n.TokenCacheHits.Load(), "hit")
	counter(tokenCache, n.TokenCacheMisses.Load(), "miss")
	counter(signInFailures, n.SignInFailures.Load(), "credentials")
	counter(signInFailures, n.SignInsLocked.Load(), "locked")
	counter(lockouts, n.Lockouts.Load())

	ctx, cancel := context.WithTimeout(context.Background(), gaugeTimeout)
	defer cancel()
	g, err := c.a.Gauges(ctx)
	if err != nil { // the scrape goes on without them: the gap shows on the graphs
		c.log.Warn("metrics: counting the outboxes and approval flows", "err", err)
		return
	}
	gauge := func(d *prometheus.Desc, v int64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, float64(v), labels...)
	}
	gauge(deliveriesDue, g.DeliveriesDue)
	gauge(deliveriesDead, g.DeliveriesDead)
	gauge(mailsPending, g.MailsPending)
	for _, f := range g.ApprovalFlows {
		gauge(approvalFlows, f.Count, f.Project, f.State)
	}
}

// poolCollector reads the store's connection pools at each scrape.
type poolCollector struct{ pools Pools }

func (c *poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolConnections, poolMaxOpen, poolWaits, poolWaited, retries} {
		ch <- d
	}
}

func (c *poolCollector) Collect(ch chan<- prometheus.Metric) {
	for name, s := range c.pools.PoolStats() {
		ch <- prometheus.MustNewConstMetric(poolConnections, prometheus.GaugeValue, float64(s.InUse), name, "in_use")
		ch <- prometheus.MustNewConstMetric(poolConnections, prometheus.GaugeValue, float64(s.Idle), name, "idle")
		ch <- prometheus.MustNewConstMetric(poolMaxOpen, prometheus.GaugeValue, float64(s.MaxOpenConnections), name)
		ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.WaitCount), name)
		ch <- prometheus.MustNewConstMetric(poolWaited, prometheus.CounterValue, s.WaitDuration.Seconds(), name)
	}
	ch <- prometheus.MustNewConstMetric(retries, prometheus.CounterValue, float64(c.pools.Retries()))
}
