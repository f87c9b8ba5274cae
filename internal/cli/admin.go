package cli

import (
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/config"
	"github.com/procura/procura/internal/httpapi"
	"github.com/procura/procura/internal/metrics"
)

// serveAdmin serves the metrics and pprof on --admin-addr, when set (decision 0042), and wires
// the metrics to the API's requests and the node's delivery attempts; it returns what stops it.
func serveAdmin(cfg config.Config, a *app.App, api *httpapi.Server, log *slog.Logger) (func(), error) {
	if cfg.AdminAddr == "" {
		return func() {}, nil
	}
	pools, _ := a.Store.(metrics.Pools)
	m := metrics.New(a, pools, log)
	api.Observe = func(s httpapi.Served) { m.Request(s.Route, s.Method, s.Status, s.Duration) }
	a.OnDeliveryAttempt = m.DeliveryAttempt
	ln, err := net.Listen("tcp", cfg.AdminAddr)
	if err != nil {
		return nil, err
	}
	// no write timeout: a CPU profile or trace takes the seconds it is asked for
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	go func() { _ = srv.Serve(ln) }()
	log.Info("admin listening", "url", "http://"+ln.Addr().String(), "metrics", "/metrics", "pprof", "/debug/pprof/")
	return func() { _ = srv.Close() }, nil
}

// newLogger is the node's log, in text or JSON, at level.
func newLogger(e env, level, format string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		opts.ReplaceAttr = readableDuration
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// readableDuration writes durations in JSON as the text does ("1m30s"), not in nanoseconds.
func readableDuration(_ []string, a slog.Attr) slog.Attr {
	if a.Value.Kind() == slog.KindDuration {
		a.Value = slog.StringValue(a.Value.Duration().String())
	}
	return a
}
