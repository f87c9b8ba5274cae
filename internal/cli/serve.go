package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/config"
	"github.com/procura/procura/internal/demo"
	"github.com/procura/procura/internal/httpapi"
	"github.com/procura/procura/internal/mail"
	"github.com/procura/procura/internal/oauth"
	"github.com/procura/procura/internal/web"
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
	log := newLogger(e, cfg.LogLevel, cfg.LogFormat)
	if tuneGC(e.getenv) {
		log.Debug("garbage collector target set", "percent", serveGCPercent)
	}
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
	mailer := mailerOf(cfg, *demo)
	if *demo {
		if err := startDemo(e, a, cfg, base, mailer); err != nil {
			ln.Close()
			return err
		}
	}
	api := &httpapi.Server{App: a, Log: log, MaxBody: cfg.MaxBody, Proxies: cfg.TrustedProxies}
	stopAdmin, err := serveAdmin(cfg, a, api, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopAdmin()
	root := http.NewServeMux() // the portal's pages beside the API (decision 0049)
	root.Handle("/portal/", api.Observed((&web.Portal{App: a, Log: log, Proxies: cfg.TrustedProxies}).Handler()))
	root.Handle("/admin/", api.Observed((&web.Dashboard{App: a, Log: log, Proxies: cfg.TrustedProxies}).Handler()))
	root.Handle("/", api.Handler((&oauth.Handler{App: a, Log: log, Proxies: cfg.TrustedProxies}).Routes()))
	srv := &http.Server{Handler: root,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: time.Minute, IdleTimeout: 2 * time.Minute}
	log.Info("procura serving", "url", base, "version", Version)
	go deleteOldMessages(e.ctx, a, log)
	go expireTokens(e.ctx, a, log)
	go pruneHistory(e.ctx, a, log)
	go optimize(e.ctx, a, log)
	if cfg.RecurringInterval > 0 {
		go runRecurringOrders(e.ctx, a, log, cfg.RecurringInterval)
	}
	if cfg.DeliveryInterval > 0 {
		go runDeliveries(e.ctx, a, log, cfg.DeliveryInterval)
	}
	switch m := mailer.(type) {
	case nil:
		log.Info("mails wait in the outbox: set --smtp-host or --mail-dir to send them")
	case mail.SMTP:
		log.Info("sending mails", "smtp", m.Host, "port", m.Port, "tls", m.TLS, "every", cfg.MailInterval)
	case mail.Dir:
		log.Info("writing mails", "dir", m.Path, "every", cfg.MailInterval)
	}
	if mailer != nil && cfg.MailInterval > 0 {
		go sendMails(e.ctx, a, log, mailer, cfg.MailInterval)
	}
	if cfg.QuoteExpiryInterval > 0 {
		go notifyExpiringQuotes(e.ctx, a, log, cfg.QuoteExpiryInterval)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-e.ctx.Done():
	}
	api.Drain()
	if cfg.ShutdownDelay > 0 {
		log.Info("draining: /readyz answers 503 until the listener closes", "in", cfg.ShutdownDelay)
		again := make(chan os.Signal, 1) // a second signal stops at once
		signal.Notify(again, os.Interrupt, syscall.SIGTERM)
		select {
		case <-time.After(cfg.ShutdownDelay):
		case <-again:
		}
		signal.Stop(again)
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("procura stopped")
	return nil
}

// expireTokens deletes expired tokens once an hour.
func expireTokens(ctx context.Context, a *app.App, log *slog.Logger) {
	every(ctx, time.Hour, log, slog.LevelDebug, "deleting expired tokens", func() (int64, error) { return a.DeleteExpiredTokens(ctx) })
}

// optimize keeps the database's planner statistics current: at start and then as often as the
// store says (hourly on SQLite, every ten seconds on PostgreSQL).
func optimize(ctx context.Context, a *app.App, log *slog.Logger) {
	job := func() (int64, error) { return 0, a.Store.Optimize(ctx) }
	if _, err := job(); err != nil {
		log.Warn("refreshing the planner's statistics", "err", err)
	}
	every(ctx, a.Store.OptimizeEvery(), log, slog.LevelDebug, "refreshing the planner's statistics", job)
}

// pruneHistory deletes, once an hour, the change-history records past each project's retention.
func pruneHistory(ctx context.Context, a *app.App, log *slog.Logger) {
	every(ctx, time.Hour, log, slog.LevelInfo, "pruning the change history", func() (int64, error) { return a.PruneHistory(ctx, a.Now()) })
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

// runDeliveries sends the subscriptions' deliveries due, every interval, as long as some are
// due; every node may run it, as each attempt is claimed by one (app.RunDeliveries). Once an
// hour it removes the deliveries kept past their retention.
func runDeliveries(ctx context.Context, a *app.App, log *slog.Logger, interval time.Duration) {
	go every(ctx, time.Hour, log, slog.LevelDebug, "purging deliveries", func() (int64, error) { return a.PurgeDeliveries(ctx) })
	every(ctx, interval, log, slog.LevelDebug, "delivering to subscriptions", func() (int64, error) {
		var total int64
		for ctx.Err() == nil {
			n, err := a.RunDeliveries(ctx, a.Now())
			total += int64(n)
			if err != nil || n == 0 {
				return total, err
			}
		}
		return total, nil
	})
}

// sendMails sends the outbox's mails due, every interval; the nodes of one database may all run
// it, as each claims the mails it sends (app.SendMails).
func sendMails(ctx context.Context, a *app.App, log *slog.Logger, m app.Mailer, interval time.Duration) {
	every(ctx, interval, log, slog.LevelDebug, "sending mails", func() (int64, error) {
		n, err := a.SendMails(ctx, m, a.Now())
		return int64(n), err
	})
}

// notifyExpiringQuotes tells buyers of their quotes about to expire, every interval; each quote's
// mail is written once whichever nodes run it (app.NotifyExpiringQuotes).
func notifyExpiringQuotes(ctx context.Context, a *app.App, log *slog.Logger, interval time.Duration) {
	every(ctx, interval, log, slog.LevelInfo, "telling of quotes about to expire", func() (int64, error) {
		n, err := a.NotifyExpiringQuotes(ctx, a.Now())
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
func startDemo(e env, a *app.App, cfg config.Config, base string, mailer app.Mailer) error {
	_, err := a.CreateProject(e.ctx, "demo", "Procura demo")
	switch {
	case err == nil:
		if err := demo.Fill(e.ctx, a, app.Caller{ProjectKey: "demo"}); err != nil {
			return fmt.Errorf("filling the demo project: %w", err)
		}
		if err := linkToPortal(e, a, base); err != nil {
			return err
		}
	case procura.ErrorCode(err) != procura.CodeDuplicateField:
		return err
	}
	c, err := a.CreateAPIClient(e.ctx, "demo", "manage_project:demo", "", "")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, `Procura demo is ready at %[1]s
  portal:        %[1]s/portal/demo/ (sign in as one of the people below)
  dashboard:     %[1]s/admin/ (the seller's staff: 'procura staff create --email EMAIL --role admin' first)
  API:           %[1]s/demo/… (an SDK's API URL: %[1]s; its token URL: %[1]s/oauth/token)
  health probe:  %[1]s/readyz (200: ready to serve), %[1]s/healthz (200: the process answers)
  docs:          README.md and docs/api.md in Procura's source; 'procura help' for the commands
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
	if d, ok := mailer.(mail.Dir); ok {
		fmt.Fprintf(e.stdout, `Mails (approvals waiting, decided orders, quotes, join requests) are written into
  %[1]s
one file each, oldest first; read them with e.g.
  ls %[1]s
  cat %[1]s/FILE.eml
and see how their sending went with
  procura mails --project demo --db %[2]s
`, d.Path, cfg.DB)
	}
	return nil
}

// mailerOf is where the node's mails go: the SMTP server, the mail directory, or for the demo
// without either a directory of its own; nil: nowhere yet (they wait in the outbox).
func mailerOf(cfg config.Config, demo bool) app.Mailer {
	switch {
	case cfg.SMTPHost != "":
		return mail.SMTP{Host: cfg.SMTPHost, Port: int(cfg.SMTPPort), User: cfg.SMTPUser, Password: cfg.SMTPPassword, From: cfg.SMTPFrom,
			TLS: cfg.SMTPTLS, Timeout: 30 * time.Second}
	case cfg.MailDir != "":
		return mail.Dir{Path: cfg.MailDir, From: cfg.SMTPFrom}
	case demo:
		return mail.Dir{Path: filepath.Join(os.TempDir(), "procura-demo-mail"), From: "demo@procura.localhost"}
	}
	return nil
}
