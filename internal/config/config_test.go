package config

import (
	"flag"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"
)

// parse returns the settings of serve from env and args.
func parse(t *testing.T, env map[string]string, args ...string) (Config, error) {
	t.Helper()
	c, err := FromEnv(func(k string) string { return env[k] })
	if err != nil {
		return c, err
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Register(fs, true)
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	return c, c.Validate()
}

func TestSignInSettings(t *testing.T) {
	c, err := parse(t, nil)
	if err != nil || c.LoginMaxAddressFailures != 50 || c.AnonymousSessionsPerAddress != 100 || len(c.TrustedProxies) != 0 {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	if c, err = parse(t, map[string]string{"PROCURA_ANONYMOUS_SESSIONS_PER_ADDRESS": "0"}); err != nil || c.AnonymousSessionsPerAddress != 0 {
		t.Fatalf("anonymous sessions not counted: %+v %v", c, err)
	}
	if _, err = parse(t, nil, "--anonymous-sessions-per-address", "-1"); err == nil {
		t.Fatal("a negative count of anonymous sessions was accepted")
	}
	c, err = parse(t, map[string]string{"PROCURA_TRUSTED_PROXIES": "10.0.0.0/8", "PROCURA_LOGIN_MAX_ADDRESS_FAILURES": "7"})
	if err != nil || c.LoginMaxAddressFailures != 7 || len(c.TrustedProxies) != 1 || c.TrustedProxies[0] != netip.MustParsePrefix("10.0.0.0/8") {
		t.Fatalf("from the environment: %+v %v", c, err)
	}
	c, err = parse(t, map[string]string{"PROCURA_TRUSTED_PROXIES": "10.0.0.0/8"},
		"--trusted-proxies", " 192.168.1.0/24, fd00::/8,203.0.113.7 ", "--login-max-address-failures", "0")
	want := []netip.Prefix{netip.MustParsePrefix("192.168.1.0/24"), netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("203.0.113.7/32")}
	if err != nil || c.LoginMaxAddressFailures != 0 || len(c.TrustedProxies) != 3 {
		t.Fatalf("flags: %+v %v", c, err)
	}
	for i, p := range want {
		if c.TrustedProxies[i] != p {
			t.Errorf("proxy %d: %s, want %s", i, c.TrustedProxies[i], p)
		}
	}

	for _, bad := range []struct{ args []string }{
		{[]string{"--trusted-proxies", "10.0.0.1/8"}},
		{[]string{"--trusted-proxies", "proxy.example"}},
		{[]string{"--trusted-proxies", "0.0.0.0/0"}},
		{[]string{"--trusted-proxies", "::/0"}},
		{[]string{"--login-max-address-failures", "-1"}},
	} {
		if _, err := parse(t, nil, bad.args...); err == nil {
			t.Errorf("%s: accepted, want an error", strings.Join(bad.args, " "))
		}
	}
}

func TestQueryBudget(t *testing.T) {
	if c, err := parse(t, nil); err != nil || c.QueryBudget != 10000 {
		t.Fatalf("default: %d %v", c.QueryBudget, err)
	}
	if c, err := parse(t, map[string]string{"PROCURA_QUERY_BUDGET": "500"}); err != nil || c.QueryBudget != 500 {
		t.Fatalf("from the environment: %d %v", c.QueryBudget, err)
	}
	if c, err := parse(t, nil, "--query-budget", "50"); err != nil || c.QueryBudget != 50 {
		t.Fatalf("flag: %d %v", c.QueryBudget, err)
	}
	if _, err := parse(t, nil, "--query-budget", "0"); err == nil {
		t.Fatal("--query-budget 0 accepted")
	}
	if c, err := parse(t, nil, "--max-document-size", "65536"); err != nil || c.MaxDocumentSize != 65536 {
		t.Fatalf("--max-document-size: %d %v", c.MaxDocumentSize, err)
	}
	if c, _ := parse(t, nil); c.MaxDocumentSize != 512<<10 {
		t.Fatalf("default document size %d", c.MaxDocumentSize)
	}
	if _, err := parse(t, nil, "--max-document-size", "100"); err == nil {
		t.Fatal("--max-document-size 100 accepted")
	}
}

func TestRecurringInterval(t *testing.T) {
	c, err := parse(t, nil)
	if err != nil || c.RecurringInterval != time.Minute {
		t.Fatalf("default: %s %v", c.RecurringInterval, err)
	}
	if c, err = parse(t, map[string]string{"PROCURA_RECURRING_INTERVAL": "0"}); err != nil || c.RecurringInterval != 0 {
		t.Fatalf("never, from the environment: %s %v", c.RecurringInterval, err)
	}
	if c, err = parse(t, map[string]string{"PROCURA_RECURRING_INTERVAL": "0"}, "--recurring-interval", "30s"); err != nil || c.RecurringInterval != 30*time.Second {
		t.Fatalf("the flag wins: %s %v", c.RecurringInterval, err)
	}
	for _, bad := range []string{"-1s", "10ms"} {
		if _, err = parse(t, nil, "--recurring-interval", bad); err == nil {
			t.Errorf("--recurring-interval %s was accepted", bad)
		}
	}
}

func TestMailSettings(t *testing.T) {
	c, err := parse(t, nil)
	if err != nil || c.SMTPHost != "" || c.SMTPTLS != "starttls" || c.MailInterval != 10*time.Second || c.MailAttempts != 8 || c.QuoteExpiryInterval != time.Hour {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = parse(t, map[string]string{"PROCURA_SMTP_HOST": "mail.example", "PROCURA_SMTP_PASSWORD": "secret", "PROCURA_SMTP_FROM": "orders@example.com"},
		"--smtp-user", "procura", "--smtp-port", "2525", "--smtp-tls", "tls")
	if err != nil || c.SMTPHost != "mail.example" || c.SMTPPassword != "secret" || c.SMTPUser != "procura" || c.SMTPPort != 2525 || c.SMTPTLS != "tls" {
		t.Fatalf("from the environment and flags: %+v %v", c, err)
	}
	for _, bad := range [][]string{
		{"--smtp-host", "mail.example"}, // no from
		{"--smtp-host", "mail.example", "--smtp-from", "a@example.com", "--mail-dir", "/tmp/mail"},
		{"--smtp-tls", "ssl"},
		{"--smtp-port", "70000"},
		{"--smtp-password", "secret"},
		{"--mail-attempts", "0"},
		{"--mail-interval", "1ms"},
		{"--quote-expiry-interval", "-1s"},
	} {
		if _, err := parse(t, nil, bad...); err == nil {
			t.Errorf("%v was accepted", bad)
		}
	}
}

// The wait after a failed delivery is the operator's (5s by default); below 10ms or above the
// longest wait (30m) it is refused.
func TestDeliveryBackoff(t *testing.T) {
	if c, err := parse(t, nil); err != nil || c.DeliveryBackoff != 5*time.Second {
		t.Fatalf("default: %s %v", c.DeliveryBackoff, err)
	}
	if c, err := parse(t, map[string]string{"PROCURA_DELIVERY_BACKOFF": "1s"}, "--delivery-backoff", "200ms"); err != nil || c.DeliveryBackoff != 200*time.Millisecond {
		t.Fatalf("flag: %s %v", c.DeliveryBackoff, err)
	}
	for _, bad := range []string{"1ms", "31m"} {
		if _, err := parse(t, nil, "--delivery-backoff", bad); err == nil || !strings.Contains(err.Error(), "--delivery-backoff") {
			t.Fatalf("a %s backoff: %v", bad, err)
		}
	}
}

// TestAdminAndLogFormat: the admin listener is off by default and takes a loopback address
// unless remote access is allowed; the log is text unless json is asked for.
func TestAdminAndLogFormat(t *testing.T) {
	c, err := parse(t, nil)
	if err != nil || c.AdminAddr != "" || c.AdminAllowRemote || c.LogFormat != "text" {
		t.Fatalf("defaults: admin %q remote %v format %q %v", c.AdminAddr, c.AdminAllowRemote, c.LogFormat, err)
	}
	for _, addr := range []string{"127.0.0.1:9090", "[::1]:9090", "localhost:9090", "127.0.0.2:0"} {
		if c, err := parse(t, nil, "--admin-addr", addr); err != nil || c.AdminAddr != addr {
			t.Errorf("--admin-addr %s: %v", addr, err)
		}
	}
	for _, addr := range []string{":9090", "0.0.0.0:9090", "10.0.0.5:9090", "[::]:9090", "metrics.example:9090"} {
		if _, err := parse(t, nil, "--admin-addr", addr); err == nil || !strings.Contains(err.Error(), "loopback") {
			t.Errorf("--admin-addr %s: %v, want refused as not loopback", addr, err)
		}
		if _, err := parse(t, map[string]string{"PROCURA_ADMIN_ADDR": addr, "PROCURA_ADMIN_ALLOW_REMOTE": "true"}); err != nil {
			t.Errorf("%s allowed remote: %v", addr, err)
		}
	}
	if _, err := parse(t, nil, "--admin-addr", "9090"); err == nil {
		t.Error("--admin-addr without a host: accepted")
	}
	if c, err := parse(t, map[string]string{"PROCURA_LOG_FORMAT": "json"}); err != nil || c.LogFormat != "json" {
		t.Errorf("json from the environment: %q %v", c.LogFormat, err)
	}
	if _, err := parse(t, nil, "--log-format", "xml"); err == nil {
		t.Error("--log-format xml: accepted")
	}
}

// SQLite commits at FULL unless normal is asked for, by the environment or the flag (which
// every command has: migrations write too); other modes are refused.
func TestSQLiteSynchronous(t *testing.T) {
	if c, err := parse(t, nil); err != nil || c.SQLiteSynchronous != "full" {
		t.Fatalf("default: %q %v", c.SQLiteSynchronous, err)
	}
	if c, err := parse(t, map[string]string{"PROCURA_SQLITE_SYNCHRONOUS": "normal"}); err != nil || c.SQLiteSynchronous != "normal" {
		t.Fatalf("from the environment: %q %v", c.SQLiteSynchronous, err)
	}
	if c, err := parse(t, map[string]string{"PROCURA_SQLITE_SYNCHRONOUS": "normal"}, "--sqlite-synchronous", "full"); err != nil || c.SQLiteSynchronous != "full" {
		t.Fatalf("the flag wins: %q %v", c.SQLiteSynchronous, err)
	}
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	var c Config
	c.Register(fs, false)
	if fs.Lookup("sqlite-synchronous") == nil {
		t.Error("a command other than serve has no --sqlite-synchronous")
	}
	for _, bad := range []string{"off", "extra", "FULL", ""} {
		if _, err := parse(t, nil, "--sqlite-synchronous", bad); err == nil || !strings.Contains(err.Error(), "use full or normal") {
			t.Errorf("--sqlite-synchronous %q: %v", bad, err)
		}
	}
}
