package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/config"
	"github.com/procura/procura/internal/demo"
	"github.com/procura/procura/internal/httpapi"
	"github.com/procura/procura/internal/oauth"
)

func serve(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "serve", &cfg, true)
	if err != nil {
		return err
	}
	demo := fs.Bool("demo", false, "create the project 'demo' if missing and print a new API client for it")
	pos, err := parse(e, fs, args, &cfg)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no positional arguments")
	}
	log := newLogger(e, cfg.LogLevel)
	a, done, err := openApp(e, cfg)
	if err != nil {
		return err
	}
	defer done()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	base := "http://" + ln.Addr().String()
	if *demo {
		if err := startDemo(e, a, base); err != nil {
			ln.Close()
			return err
		}
	}
	api := &httpapi.Server{App: a, Log: log, MaxBody: cfg.MaxBody, Proxies: cfg.TrustedProxies}
	srv := &http.Server{Handler: api.Handler((&oauth.Handler{App: a, Log: log, Proxies: cfg.TrustedProxies}).Routes()),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	log.Info("procura serving", "url", base, "version", Version)
	go deleteOldMessages(e.ctx, a, log)
	go expireTokens(e.ctx, a, log)
	if cfg.RecurringInterval > 0 {
		go runRecurringOrders(e.ctx, a, log, cfg.RecurringInterval)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-e.ctx.Done():
	}
	api.Drain()
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("procura stopped")
	return nil
}

func newLogger(e env, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: l}))
}

// expireTokens deletes expired tokens once an hour.
func expireTokens(ctx context.Context, a *app.App, log *slog.Logger) {
	every(ctx, time.Hour, log, slog.LevelDebug, "deleting expired tokens", func() (int64, error) { return a.DeleteExpiredTokens(ctx) })
}

// deleteOldMessages deletes, once an hour, the messages older than each project keeps them.
func deleteOldMessages(ctx context.Context, a *app.App, log *slog.Logger) {
	every(ctx, time.Hour, log, slog.LevelDebug, "deleting old messages", func() (int64, error) { return a.DeleteOldMessages(ctx, a.Now()) })
}

// runRecurringOrders places the recurring orders due, every interval; the nodes of one database
// may all run it, as each occurrence is placed once (app.RunRecurringOrders).
func runRecurringOrders(ctx context.Context, a *app.App, log *slog.Logger, interval time.Duration) {
	every(ctx, interval, log, slog.LevelInfo, "placing recurring orders", func() (int64, error) {
		n, err := a.RunRecurringOrders(ctx, a.Now())
		return int64(n), err
	})
}

// every runs job every interval until ctx is done, and logs what it did: its error as a warning,
// how many it did (when some) at level.
func every(ctx context.Context, interval time.Duration, log *slog.Logger, level slog.Level, what string, job func() (int64, error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := job(); err != nil {
				log.Warn(what, "err", err)
			} else if n > 0 {
				log.Log(ctx, level, what, "count", n)
			}
		}
	}
}

// startDemo makes sure the project "demo" exists and prints a fresh API client for it.
func startDemo(e env, a *app.App, base string) error {
	_, err := a.CreateProject(e.ctx, "demo", "Procura demo")
	switch {
	case err == nil:
		if err := demo.Fill(e.ctx, a, app.Caller{ProjectKey: "demo"}); err != nil {
			return fmt.Errorf("filling the demo project: %w", err)
		}
	case procura.ErrorCode(err) != procura.CodeDuplicateField:
		return err
	}
	c, err := a.CreateAPIClient(e.ctx, "demo", "manage_project:demo", "", "")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, `Procura demo is ready at %[1]s
  project:       demo
  client id:     %[2]s
  client secret: %[3]s
  scope:         %[4]s
Get a token:
  curl -s -u '%[2]s:%[3]s' -d grant_type=client_credentials %[1]s/oauth/token
Then call the API, e.g.:
  curl -s -H "Authorization: Bearer TOKEN" %[1]s/demo/business-units
The project holds the seeds' company: ACME Corporation (acme-corp) with acme-engineering and
acme-marketing, the roles admin, buyer and approver, products BULK-WIDGET-001 and CRATE-001 in USD,
and an approval rule for orders of 1,000.00 USD or more. Its people sign in with the password
%[5]q: alice@acme.example (admin), bob@acme.example (buyer in engineering), carol@acme.example
(approver); e.g. a customer token:
  curl -s -u '%[2]s:%[3]s' -d grant_type=password -d username=bob@acme.example -d password=%[5]s %[1]s/oauth/demo/customers/token
`, base, c.ID, c.Secret, c.Scope, demo.Password)
	return nil
}
