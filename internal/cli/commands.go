package cli

import (
	"time"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/config"
	"github.com/procura/procura/internal/deliver"
	"github.com/procura/procura/internal/sqlstore"
)

// openApp opens (and migrates) the database of cfg.
func openApp(e env, cfg config.Config) (*app.App, func(), error) {
	db, err := sqlstore.OpenWith(e.ctx, cfg.DB, sqlstore.Options{Synchronous: cfg.SQLiteSynchronous})
	if err != nil {
		return nil, nil, err
	}
	db.SetMaxDocumentBytes(int(cfg.MaxDocumentSize))
	a := app.New(db)
	a.TokenTTL, a.RefreshTTL = cfg.TokenTTL, cfg.RefreshTokenTTL
	a.SetTokenCacheTTL(cfg.TokenCacheTTL)
	a.LoginLimit.MaxFailures, a.LoginLimit.Lockout = int(cfg.LoginMaxFailures), cfg.LoginLockout
	a.LoginLimit.MaxAddressFailures = int(cfg.LoginMaxAddressFailures)
	a.LoginLimit.MaxAnonymousSessions = int(cfg.AnonymousSessionsPerAddress)
	a.QueryBudget = int(cfg.QueryBudget)
	a.Senders = deliver.Senders(cfg.DeliveryTimeout, cfg.WebhookAllowPrivate)
	a.Deliveries.MaxAttempts, a.Deliveries.Backoff = int(cfg.DeliveryAttempts), cfg.DeliveryBackoff
	a.Deliveries.Lease = 2*cfg.DeliveryTimeout + 10*time.Second
	a.MailAttempts = int(cfg.MailAttempts)
	if err := a.IndexProducts(e.ctx); err != nil {
		db.Close()
		return nil, nil, err
	}
	return a, func() { db.Close() }, nil
}

func migrate(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "migrate", &cfg, false)
	if err != nil {
		return err
	}
	if pos, err := parse(e, fs, args, &cfg); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("migrate takes no arguments")
	}
	_, done, err := openApp(e, cfg)
	if err != nil {
		return err
	}
	done()
	return nil
}

func projectCreate(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "project create", &cfg, false)
	if err != nil {
		return err
	}
	name := fs.String("name", "", "the project's name (default: its key)")
	pos, err := parse(e, fs, args, &cfg)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("project create takes one KEY")
	}
	a, done, err := openApp(e, cfg)
	if err != nil {
		return err
	}
	defer done()
	p, err := a.CreateProject(e.ctx, pos[0], *name)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, p)
}

func apiClientCreate(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "api-client create", &cfg, false)
	if err != nil {
		return err
	}
	project := fs.String("project", "", "the key of the client's project (required)")
	scope := fs.String("scope", "", "space-separated scopes, e.g. \"manage_project:KEY\" (required)")
	id := fs.String("id", "", "the client id (default: generated)")
	secret := fs.String("secret", "", "the client secret, at least 16 characters (default: generated)")
	pos, err := parse(e, fs, args, &cfg)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("api-client create takes no positional arguments")
	case *project == "":
		return usagef("api-client create needs --project")
	case *scope == "":
		return usagef("api-client create needs --scope")
	}
	a, done, err := openApp(e, cfg)
	if err != nil {
		return err
	}
	defer done()
	c, err := a.CreateAPIClient(e.ctx, *project, *scope, *id, *secret)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, c)
}

func mails(e env, args []string) error {
	var cfg config.Config
	fs, err := flags(e, "mails", &cfg, false)
	if err != nil {
		return err
	}
	project := fs.String("project", "", "the key of the project (required)")
	limit := fs.Int("limit", 20, "how many of the latest mails (1 to 500)")
	pos, err := parse(e, fs, args, &cfg)
	if err != nil {
		return err
	}
	switch {
	case len(pos) > 0:
		return usagef("mails takes no positional arguments")
	case *project == "":
		return usagef("mails needs --project")
	}
	a, done, err := openApp(e, cfg)
	if err != nil {
		return err
	}
	defer done()
	list, err := a.Outbox(e.ctx, app.Caller{ProjectKey: *project}, *limit)
	if err != nil {
		return err
	}
	return printJSON(e.stdout, list)
}
