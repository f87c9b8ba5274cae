// Package config holds Procura's settings: defaults, overridden by environment variables,
// overridden by flags.
package config

import (
	"flag"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the server and the commands.
type Config struct {
	DB       string        // sqlite:PATH or postgres://…
	Addr     string        // host:port the API listens on
	TokenTTL time.Duration // lifetime of access tokens
	MaxBody  int64         // bytes a request body may have
	LogLevel string        // debug, info, warn, error

	RefreshTokenTTL  time.Duration // lifetime of customers' refresh tokens
	TokenCacheTTL    time.Duration // how long a verified token is trusted without a database read
	LoginMaxFailures int64         // failed sign-ins of one account before it is locked
	LoginLockout     time.Duration // how long a locked account (or address) waits
	// LoginMaxAddressFailures: failed sign-ins from one client address before it is locked (0:
	// addresses are not counted).
	LoginMaxAddressFailures int64
	// AnonymousSessionsPerAddress: anonymous sessions opened from one client address within the
	// sign-in window before it is locked (0: not counted).
	AnonymousSessionsPerAddress int64
	// MaxDocumentSize bounds a stored resource's JSON, in bytes.
	MaxDocumentSize int64
	// QueryBudget: how many documents a query may test one by one where indexes cannot answer it.
	QueryBudget int64
	// SQLiteSynchronous is SQLite's synchronous mode: full, or normal to trade the last
	// transactions on power loss for speed (decision 0043).
	SQLiteSynchronous string
	// TrustedProxies are the networks of the reverse proxies in front of Procura: from a peer
	// in one of them, the client address is taken from X-Forwarded-For.
	TrustedProxies []netip.Prefix
	// RecurringInterval is how often each node looks for recurring orders due (0: never, for
	// a node that only serves requests).
	RecurringInterval time.Duration
	// DeliveryInterval is how often each node works off the subscriptions' outbox (0: never).
	DeliveryInterval time.Duration
	// DeliveryTimeout bounds each delivery to a destination.
	DeliveryTimeout time.Duration
	// DeliveryAttempts: attempts of a delivery before it is dead-lettered.
	DeliveryAttempts int64
	// DeliveryBackoff is the wait after a delivery's first failed attempt, doubled after each.
	DeliveryBackoff time.Duration
	// WebhookAllowPrivate lets HTTP subscriptions reach loopback, private and link-local
	// addresses (refused by default: a seller's URL must not reach the operator's network).
	WebhookAllowPrivate bool

	// Mail (decision 0038): the SMTP server the outbox's mails go to, or a directory they are
	// written into instead; with neither, they wait in the outbox.
	SMTPHost, SMTPUser, SMTPPassword, SMTPFrom string
	SMTPPort                                   int64
	SMTPTLS                                    string // starttls, tls or none
	MailDir                                    string
	// MailInterval is how often the node sends the mails due (0: never); MailAttempts how often
	// a mail is tried before it is failed.
	MailInterval time.Duration
	MailAttempts int64
	// QuoteExpiryInterval is how often the node looks for quotes about to expire (0: never).
	QuoteExpiryInterval time.Duration
	// ShutdownDelay is how long a node told to stop keeps serving while /readyz answers 503,
	// so that a load balancer stops sending it requests before it closes its listener.
	ShutdownDelay time.Duration

	// Metrics and logs (decision 0042): AdminAddr is where the metrics and pprof are served
	// ("": nowhere), on a loopback address unless AdminAllowRemote; LogFormat is text or json.
	AdminAddr        string
	AdminAllowRemote bool
	LogFormat        string
}

// Defaults returns the settings before environment and flags.
func Defaults() Config {
	return Config{DB: "sqlite:procura.db", SQLiteSynchronous: "full", Addr: "127.0.0.1:8080", TokenTTL: 48 * time.Hour, MaxBody: 2 << 20, LogLevel: "info",
		RefreshTokenTTL: 200 * 24 * time.Hour, TokenCacheTTL: time.Second, LoginMaxFailures: 5, LoginLockout: 15 * time.Minute,
		LoginMaxAddressFailures: 50, AnonymousSessionsPerAddress: 100, QueryBudget: 10000, MaxDocumentSize: 512 << 10,
		RecurringInterval: time.Minute, DeliveryInterval: time.Second, DeliveryTimeout: 10 * time.Second, DeliveryAttempts: 10,
		DeliveryBackoff: 5 * time.Second,
		SMTPTLS:         "starttls", MailInterval: 10 * time.Second, MailAttempts: 8, QuoteExpiryInterval: time.Hour,
		LogFormat: "text"}
}

// setting describes one setting: its flag, its environment variable, its help and the field it
// sets.
type setting struct {
	flag, env, help string
	server          bool // only serve has it
	field           func(c *Config) flag.Value
}

var settings = []setting{
	{"db", "PROCURA_DB", "`database`: sqlite:PATH or a postgres:// URL", false, func(c *Config) flag.Value { return (*text)(&c.DB) }},
	{"sqlite-synchronous", "PROCURA_SQLITE_SYNCHRONOUS", "`mode` of SQLite's commits: full (a write is on disk when it is answered) or normal (faster, but a power loss may lose the writes of the last moments; decision 0043)", false, func(c *Config) flag.Value { return (*text)(&c.SQLiteSynchronous) }},
	{"addr", "PROCURA_ADDR", "`host:port` the API listens on", true, func(c *Config) flag.Value { return (*text)(&c.Addr) }},
	{"token-ttl", "PROCURA_TOKEN_TTL", "lifetime of access tokens (a Go `duration`, e.g. 48h)", true, func(c *Config) flag.Value { return (*duration)(&c.TokenTTL) }},
	{"max-body", "PROCURA_MAX_BODY", "largest request body in `bytes`", true, func(c *Config) flag.Value { return (*integer)(&c.MaxBody) }},
	{"log-level", "PROCURA_LOG_LEVEL", "`level`: debug, info, warn or error", true, func(c *Config) flag.Value { return (*text)(&c.LogLevel) }},
	{"refresh-token-ttl", "PROCURA_REFRESH_TOKEN_TTL", "lifetime of customers' refresh tokens (a `duration`)", true, func(c *Config) flag.Value { return (*duration)(&c.RefreshTokenTTL) }},
	{"token-cache-ttl", "PROCURA_TOKEN_CACHE_TTL", "how long (a `duration`) a verified token is trusted without a database read (0: never)", true, func(c *Config) flag.Value { return (*duration)(&c.TokenCacheTTL) }},
	{"login-max-failures", "PROCURA_LOGIN_MAX_FAILURES", "failed sign-ins of one account before it is locked (a `count`)", true, func(c *Config) flag.Value { return (*integer)(&c.LoginMaxFailures) }},
	{"login-lockout", "PROCURA_LOGIN_LOCKOUT", "how long (a `duration`) a locked account waits", true, func(c *Config) flag.Value { return (*duration)(&c.LoginLockout) }},
	{"max-document-size", "PROCURA_MAX_DOCUMENT_SIZE", "largest stored resource in bytes (a `count`); a change that would make one larger is refused", true, func(c *Config) flag.Value { return (*integer)(&c.MaxDocumentSize) }},
	{"query-budget", "PROCURA_QUERY_BUDGET", "how many documents (a `count`) a query may test one by one where indexes cannot answer it; beyond, it is refused", true, func(c *Config) flag.Value { return (*integer)(&c.QueryBudget) }},
	{"login-max-address-failures", "PROCURA_LOGIN_MAX_ADDRESS_FAILURES", "failed sign-ins from one client address before it is locked (a `count`; 0: addresses are not counted)", true, func(c *Config) flag.Value { return (*integer)(&c.LoginMaxAddressFailures) }},
	{"anonymous-sessions-per-address", "PROCURA_ANONYMOUS_SESSIONS_PER_ADDRESS", "anonymous sessions opened from one client address in the sign-in window before it is locked (a `count`; 0: not counted)", true, func(c *Config) flag.Value { return (*integer)(&c.AnonymousSessionsPerAddress) }},
	{"recurring-interval", "PROCURA_RECURRING_INTERVAL", "how often (a `duration`) the node places the recurring orders due (0: never)", true, func(c *Config) flag.Value { return (*duration)(&c.RecurringInterval) }},
	{"delivery-interval", "PROCURA_DELIVERY_INTERVAL", "how often (a `duration`) the node sends the subscriptions' deliveries due (0: never)", true, func(c *Config) flag.Value { return (*duration)(&c.DeliveryInterval) }},
	{"delivery-timeout", "PROCURA_DELIVERY_TIMEOUT", "how long (a `duration`) one delivery to a subscription's destination may take", true, func(c *Config) flag.Value { return (*duration)(&c.DeliveryTimeout) }},
	{"delivery-attempts", "PROCURA_DELIVERY_ATTEMPTS", "attempts (a `count`) of a delivery before it is dead-lettered", true, func(c *Config) flag.Value { return (*integer)(&c.DeliveryAttempts) }},
	{"delivery-backoff", "PROCURA_DELIVERY_BACKOFF", "wait (a `duration`) after a delivery's first failed attempt, doubled after each, with jitter", true, func(c *Config) flag.Value { return (*duration)(&c.DeliveryBackoff) }},
	{"webhook-allow-private", "PROCURA_WEBHOOK_ALLOW_PRIVATE", "let HTTP subscriptions reach loopback, private and link-local addresses (`true` or false)", true, func(c *Config) flag.Value { return (*boolean)(&c.WebhookAllowPrivate) }},
	{"smtp-host", "PROCURA_SMTP_HOST", "`host` of the SMTP server mails are sent to (none: mails wait in the outbox, or go to --mail-dir)", true, func(c *Config) flag.Value { return (*text)(&c.SMTPHost) }},
	{"smtp-port", "PROCURA_SMTP_PORT", "`port` of the SMTP server (0: 587, 465 or 25 by --smtp-tls)", true, func(c *Config) flag.Value { return (*integer)(&c.SMTPPort) }},
	{"smtp-user", "PROCURA_SMTP_USER", "`user` to authenticate as (none: no authentication)", true, func(c *Config) flag.Value { return (*text)(&c.SMTPUser) }},
	{"smtp-password", "PROCURA_SMTP_PASSWORD", "`password` of --smtp-user (prefer the environment variable)", true, func(c *Config) flag.Value { return (*text)(&c.SMTPPassword) }},
	{"smtp-from", "PROCURA_SMTP_FROM", "`address` mails are sent from", true, func(c *Config) flag.Value { return (*text)(&c.SMTPFrom) }},
	{"smtp-tls", "PROCURA_SMTP_TLS", "`mode`: starttls (required), tls (from the first byte) or none", true, func(c *Config) flag.Value { return (*text)(&c.SMTPTLS) }},
	{"mail-dir", "PROCURA_MAIL_DIR", "`directory` mails are written into, a file each, instead of being sent", true, func(c *Config) flag.Value { return (*text)(&c.MailDir) }},
	{"mail-interval", "PROCURA_MAIL_INTERVAL", "how often (a `duration`) the node sends the mails due (0: never)", true, func(c *Config) flag.Value { return (*duration)(&c.MailInterval) }},
	{"mail-attempts", "PROCURA_MAIL_ATTEMPTS", "how often (a `count`) a mail is tried before it is failed", true, func(c *Config) flag.Value { return (*integer)(&c.MailAttempts) }},
	{"quote-expiry-interval", "PROCURA_QUOTE_EXPIRY_INTERVAL", "how often (a `duration`) the node tells buyers of quotes about to expire (0: never)", true, func(c *Config) flag.Value { return (*duration)(&c.QuoteExpiryInterval) }},
	{"shutdown-delay", "PROCURA_SHUTDOWN_DELAY", "how long (a `duration`) a node told to stop keeps serving with /readyz answering 503 before it closes its listener", true, func(c *Config) flag.Value { return (*duration)(&c.ShutdownDelay) }},
	{"trusted-proxies", "PROCURA_TRUSTED_PROXIES", "comma-separated `networks` (CIDR) of the reverse proxies whose X-Forwarded-For is believed", true, func(c *Config) flag.Value { return (*prefixes)(&c.TrustedProxies) }},
	{"admin-addr", "PROCURA_ADMIN_ADDR", "`host:port` of the admin listener: metrics at /metrics, pprof at /debug/pprof/ (none: not served)", true, func(c *Config) flag.Value { return (*text)(&c.AdminAddr) }},
	{"admin-allow-remote", "PROCURA_ADMIN_ALLOW_REMOTE", "let --admin-addr be other than a loopback address (`true` or false): guard it with a firewall", true, func(c *Config) flag.Value { return (*boolean)(&c.AdminAllowRemote) }},
	{"log-format", "PROCURA_LOG_FORMAT", "`format` of the log: text or json", true, func(c *Config) flag.Value { return (*text)(&c.LogFormat) }},
}

// Register defines the flags of the settings a command has on fs; their defaults are c's current
// values (so that flags win over environment, and environment over defaults).
func (c *Config) Register(fs *flag.FlagSet, server bool) {
	for _, s := range settings {
		if !s.server || server {
			fs.Var(s.field(c), s.flag, fmt.Sprintf("%s (env %s)", s.help, s.env))
		}
	}
}

// FromEnv returns the defaults overridden by the environment.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Defaults()
	for _, s := range settings {
		if v := getenv(s.env); v != "" {
			if err := s.field(&c).Set(v); err != nil {
				return c, fmt.Errorf("%s=%q: %v", s.env, v, err)
			}
		}
	}
	return c, nil
}

// text, duration, integer and prefixes are flag values over Config's fields.
type (
	text     string
	duration time.Duration
	integer  int64
	prefixes []netip.Prefix
	boolean  bool
)

func (b *boolean) String() string { return strconv.FormatBool(bool(*b)) }
func (b *boolean) Set(v string) error {
	x, err := strconv.ParseBool(v)
	*b = boolean(x)
	return err
}
func (b *boolean) IsBoolFlag() bool { return true }

func (t *text) String() string     { return string(*t) }
func (t *text) Set(v string) error { *t = text(v); return nil }
func (d *duration) String() string { return shortDuration(time.Duration(*d)) }
func (i *integer) String() string  { return strconv.FormatInt(int64(*i), 10) }
func (d *duration) Set(v string) error {
	x, err := time.ParseDuration(v)
	*d = duration(x)
	return err
}

// shortDuration writes d as Go does, without its zero minutes and seconds: 48h, 15m, 1h30m.
func shortDuration(d time.Duration) string {
	s := d.String()
	s, _ = strings.CutSuffix(s, "m0s")
	if s != d.String() {
		s += "m"
	}
	if t, ok := strings.CutSuffix(s, "h0m"); ok {
		s = t + "h"
	}
	return s
}

func (i *integer) Set(v string) error {
	x, err := strconv.ParseInt(v, 10, 64)
	*i = integer(x)
	return err
}

func (p *prefixes) String() string {
	s := make([]string, len(*p))
	for i, x := range *p {
		s[i] = x.String()
	}
	return strings.Join(s, ",")
}

// Set parses comma-separated networks in CIDR notation; a bare address is a network of one.
func (p *prefixes) Set(v string) error {
	var out []netip.Prefix
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		x, err := netip.ParsePrefix(f)
		if err != nil {
			a, aerr := netip.ParseAddr(f)
			if aerr != nil {
				return fmt.Errorf("%q is not a network in CIDR notation (e.g. 10.0.0.0/8)", f)
			}
			x = netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen())
		}
		if x != x.Masked() {
			return fmt.Errorf("%q has bits set past its prefix length: write %s", f, x.Masked())
		}
		out = append(out, x)
	}
	*p = out
	return nil
}

// Validate checks the settings.
func (c Config) Validate() error {
	switch {
	case !strings.HasPrefix(c.DB, "sqlite:") && !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://"):
		return fmt.Errorf("--db %q: use sqlite:PATH or a postgres:// URL", c.DB)
	case c.DB == "sqlite:":
		return fmt.Errorf("--db sqlite: needs a file name")
	case c.SQLiteSynchronous != "full" && c.SQLiteSynchronous != "normal":
		return fmt.Errorf("--sqlite-synchronous %q: use full or normal", c.SQLiteSynchronous)
	case c.TokenTTL < time.Minute:
		return fmt.Errorf("--token-ttl %s: at least 1m", c.TokenTTL)
	case c.MaxBody < 1024:
		return fmt.Errorf("--max-body %d: at least 1024 bytes", c.MaxBody)
	case c.RefreshTokenTTL < c.TokenTTL:
		return fmt.Errorf("--refresh-token-ttl %s: at least --token-ttl (%s)", c.RefreshTokenTTL, c.TokenTTL)
	case c.TokenCacheTTL < 0 || c.TokenCacheTTL > time.Minute:
		return fmt.Errorf("--token-cache-ttl %s: between 0 and 1m", c.TokenCacheTTL)
	case c.LoginMaxFailures < 1:
		return fmt.Errorf("--login-max-failures %d: at least 1", c.LoginMaxFailures)
	case c.LoginLockout < time.Second:
		return fmt.Errorf("--login-lockout %s: at least 1s", c.LoginLockout)
	case c.MaxDocumentSize < 4096:
		return fmt.Errorf("--max-document-size %d: at least 4096 bytes", c.MaxDocumentSize)
	case c.QueryBudget < 1:
		return fmt.Errorf("--query-budget %d: at least 1", c.QueryBudget)
	case c.LoginMaxAddressFailures < 0:
		return fmt.Errorf("--login-max-address-failures %d: at least 0 (0: addresses are not counted)", c.LoginMaxAddressFailures)
	case c.AnonymousSessionsPerAddress < 0:
		return fmt.Errorf("--anonymous-sessions-per-address %d: at least 0 (0: not counted)", c.AnonymousSessionsPerAddress)
	case c.DeliveryInterval < 0 || c.DeliveryTimeout < time.Second || c.DeliveryAttempts < 1 || c.DeliveryBackoff < 10*time.Millisecond || c.DeliveryBackoff > 30*time.Minute:
		return fmt.Errorf("--delivery-interval %s, --delivery-timeout %s, --delivery-attempts %d, --delivery-backoff %s: an interval of 0 or more, a timeout of at least 1s, at least one attempt, a backoff of 10ms to 30m (the longest wait)",
			c.DeliveryInterval, c.DeliveryTimeout, c.DeliveryAttempts, c.DeliveryBackoff)
	case c.RecurringInterval < 0 || c.RecurringInterval > 0 && c.RecurringInterval < time.Second:
		return fmt.Errorf("--recurring-interval %s: 0 (never) or at least 1s", c.RecurringInterval)
	}
	if err := c.validateMail(); err != nil {
		return err
	}
	if err := c.validateObservability(); err != nil {
		return err
	}
	for _, p := range c.TrustedProxies {
		if p.Bits() == 0 {
			return fmt.Errorf("--trusted-proxies %s: would believe X-Forwarded-For from every peer; name the proxies' networks", p)
		}
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level %q: use debug, info, warn or error", c.LogLevel)
	}
	return nil
}

func (c Config) validateMail() error {
	switch {
	case c.SMTPHost != "" && c.MailDir != "":
		return fmt.Errorf("--smtp-host and --mail-dir: choose one")
	case c.SMTPTLS != "starttls" && c.SMTPTLS != "tls" && c.SMTPTLS != "none":
		return fmt.Errorf("--smtp-tls %q: use starttls, tls or none", c.SMTPTLS)
	case c.SMTPPort < 0 || c.SMTPPort > 65535:
		return fmt.Errorf("--smtp-port %d: between 0 and 65535", c.SMTPPort)
	case (c.SMTPHost != "" || c.MailDir != "") && !strings.Contains(c.SMTPFrom, "@"):
		return fmt.Errorf("--smtp-from %q: the address mails are sent from, e.g. orders@example.com", c.SMTPFrom)
	case c.SMTPPassword != "" && c.SMTPUser == "":
		return fmt.Errorf("--smtp-password without --smtp-user")
	case c.MailInterval < 0 || c.MailInterval > 0 && c.MailInterval < 100*time.Millisecond:
		return fmt.Errorf("--mail-interval %s: 0 (never) or at least 100ms", c.MailInterval)
	case c.MailAttempts < 1 || c.MailAttempts > 100:
		return fmt.Errorf("--mail-attempts %d: between 1 and 100", c.MailAttempts)
	case c.QuoteExpiryInterval < 0 || c.QuoteExpiryInterval > 0 && c.QuoteExpiryInterval < time.Second:
		return fmt.Errorf("--quote-expiry-interval %s: 0 (never) or at least 1s", c.QuoteExpiryInterval)
	case c.ShutdownDelay < 0 || c.ShutdownDelay > 10*time.Minute:
		return fmt.Errorf("--shutdown-delay %s: between 0 and 10m", c.ShutdownDelay)
	}
	return nil
}

// validateObservability checks the admin listener and the log format. The admin listener serves
// pprof, whose heap profiles hold what the process holds (tokens among it), so it takes a
// loopback address unless told otherwise (decision 0042).
func (c Config) validateObservability() error {
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("--log-format %q: use text or json", c.LogFormat)
	}
	if c.AdminAddr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(c.AdminAddr)
	if err != nil {
		return fmt.Errorf("--admin-addr %q: use host:port, e.g. 127.0.0.1:9090", c.AdminAddr)
	}
	if ip, err := netip.ParseAddr(host); host == "localhost" || err == nil && ip.IsLoopback() || c.AdminAllowRemote {
		return nil
	}
	return fmt.Errorf("--admin-addr %q: not a loopback address, and the admin listener serves pprof (the process's memory); use 127.0.0.1:PORT, or set --admin-allow-remote where a firewall guards it", c.AdminAddr)
}
