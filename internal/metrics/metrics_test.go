package metrics_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
	"github.com/procura/procura/internal/metrics"
	"github.com/procura/procura/internal/oauth"
	"github.com/procura/procura/internal/sqlstore/sqltest"
	"github.com/procura/procura/internal/store"
)

var ctx = context.Background()

// node is an API and its admin listener, wired as serve wires them.
type node struct {
	app         *app.App
	api, admin  *httptest.Server
	m           *metrics.Metrics
	client, sec string
	token       string
}

func newNode(t *testing.T, s store.Store, pools metrics.Pools) *node {
	t.Helper()
	a := app.New(s)
	a.Passwords = app.Argon2id{Cheap: true}
	a.LoginLimit.MaxFailures = 1
	if _, err := a.CreateProject(ctx, "acme", ""); err != nil {
		t.Fatal(err)
	}
	c, err := a.CreateAPIClient(ctx, "acme", "manage_project:acme", "", "")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := a.ClientCredentials(ctx, c.ID, c.Secret, "")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	m := metrics.New(a, pools, log)
	a.OnDeliveryAttempt = m.DeliveryAttempt
	api := &httpapi.Server{App: a, Log: log, MaxBody: 1 << 20,
		Observe: func(s httpapi.Served) { m.Request(s.Route, s.Method, s.Status, s.Duration) }}
	n := &node{app: a, m: m, client: c.ID, sec: c.Secret, token: tok.AccessToken,
		api:   httptest.NewServer(api.Handler((&oauth.Handler{App: a, Log: log}).Routes())),
		admin: httptest.NewServer(m.Handler())}
	t.Cleanup(n.api.Close)
	t.Cleanup(n.admin.Close)
	return n
}

func (n *node) call(t *testing.T, method, path, token string, form url.Values) int {
	t.Helper()
	req, _ := http.NewRequest(method, n.api.URL+path, strings.NewReader(form.Encode()))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(n.client, n.sec)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// scrape returns the admin listener's /metrics: each series (name and labels) with its value.
func (n *node) scrape(t *testing.T) map[string]float64 {
	t.Helper()
	resp, err := http.Get(n.admin.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/metrics: %d %s", resp.StatusCode, body)
	}
	out := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// TestMetricsMove: after requests, sign-ins and a delivery attempt, the scrape shows the named
// series with counts that moved: requests by route pattern (never the path), method and status
// class; the token cache; sign-in failures and lockouts; the outboxes, approval flows and pools;
// the Go runtime and the process.
func TestMetricsMove(t *testing.T) {
	for _, b := range sqltest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			db := sqltest.Open(t, b)
			n := newNode(t, db, db)
			const units = `route="/{project}/business-units",status="2xx"`
			before := n.scrape(t)
			if _, ok := before[`procura_http_request_duration_seconds_count{method="GET",`+units+`}`]; ok {
				t.Fatal("a request counted before any was made")
			}
			for range 2 {
				if got := n.call(t, "GET", "/acme/business-units", n.token, nil); got != http.StatusOK {
					t.Fatalf("GET business-units: %d", got)
				}
			}
			n.call(t, "GET", "/acme/business-units/key=nope", n.token, nil)
			n.call(t, "BREW", "/acme/business-units", n.token, nil)
			wrong := url.Values{"grant_type": {"password"}, "username": {"nobody@acme.example"}, "password": {"wrong-password"}}
			for range 2 { // the second is beyond --login-max-failures 1: the account locks
				n.call(t, "POST", "/oauth/acme/customers/token", "", wrong)
			}
			n.m.DeliveryAttempt("sub-1", 30*time.Millisecond, store.DeliveryDelivered)

			got := n.scrape(t)
			want := map[string]float64{
				`procura_http_request_duration_seconds_count{method="GET",` + units + `}`:                                          2,
				`procura_http_request_duration_seconds_count{method="GET",route="/{project}/business-units/{ref}",status="4xx"}`:   1,
				`procura_http_request_duration_seconds_count{method="other",route="/",status="4xx"}`:                               1,
				`procura_http_request_duration_seconds_count{method="POST",route="/oauth/{project}/customers/token",status="4xx"}`: 2,
				`procura_token_cache_lookups_total{result="miss"}`:                                                                 1,
				`procura_token_cache_lookups_total{result="hit"}`:                                                                  2, // BREW matched no route: no token read
				`procura_sign_in_failures_total{reason="credentials"}`:                                                             1,
				`procura_sign_in_failures_total{reason="locked"}`:                                                                  1,
				`procura_sign_in_lockouts_total`:                                                                                   1,
				`procura_delivery_attempt_duration_seconds_count{outcome="delivered",subscription="sub-1"}`:                        1,
				`procura_delivery_attempt_duration_seconds_bucket{outcome="delivered",subscription="sub-1",le="0.025"}`:            0,
				`procura_delivery_attempt_duration_seconds_bucket{outcome="delivered",subscription="sub-1",le="0.05"}`:             1,
				`procura_deliveries_due`:               0,
				`procura_deliveries_dead`:              0,
				`procura_mails_pending`:                0,
				`procura_db_transaction_retries_total`: 0,
			}
			for series, v := range want {
				if g, ok := got[series]; !ok || g != v {
					t.Errorf("%s: %v (present: %v), want %v", series, g, ok, v)
				}
			}
			pools := []string{`procura_db_connections{pool="writer",state="idle"}`, `procura_db_max_open_connections{pool="reader"}`}
			if b.Name == "postgres" {
				pools = []string{`procura_db_connections{pool="pool",state="in_use"}`, `procura_db_max_open_connections{pool="pool"}`}
			}
			for _, series := range append(pools, "go_goroutines", "process_cpu_seconds_total",
				`procura_http_request_duration_seconds_bucket{method="GET",`+units+`,le="+Inf"}`) {
				if _, ok := got[series]; !ok {
					t.Errorf("%s: missing", series)
				}
			}
			for series := range got {
				if strings.Contains(series, "nope") {
					t.Errorf("a path's value became a label: %s", series)
				}
			}
		})
	}
}

// gauges is a store whose counts of outboxes and flows are given, or fail.
type gauges struct {
	store.Store
	g   store.Gauges
	err error
}

func (s gauges) Gauges(context.Context, time.Time) (store.Gauges, error) { return s.g, s.err }

// TestScrapeGauges: the database's counts become gauges, approval flows by project and state;
// when the database cannot count, the scrape still answers with the node's own metrics.
func TestScrapeGauges(t *testing.T) {
	db := sqltest.Open(t, sqltest.Backend{Name: "sqlite", URL: sqltest.SQLiteURL})
	s := &gauges{Store: db, g: store.Gauges{DeliveriesDue: 3, DeliveriesDead: 2, MailsPending: 5,
		ApprovalFlows: []store.StateCount{{Project: "acme", State: "Pending", Count: 4}, {Project: "acme", State: "Approved", Count: 9}}}}
	n := newNode(t, s, nil)
	got := n.scrape(t)
	for series, v := range map[string]float64{`procura_deliveries_due`: 3, `procura_deliveries_dead`: 2, `procura_mails_pending`: 5,
		`procura_approval_flows{project="acme",state="Pending"}`: 4, `procura_approval_flows{project="acme",state="Approved"}`: 9} {
		if got[series] != v {
			t.Errorf("%s: %v, want %v", series, got[series], v)
		}
	}
	if _, ok := got[`procura_db_transaction_retries_total`]; ok {
		t.Error("pool metrics without pools")
	}
	s.err = errors.New("database gone")
	got = n.scrape(t)
	if _, ok := got["procura_deliveries_due"]; ok {
		t.Error("a gauge the database could not count was answered")
	}
	if _, ok := got[`procura_token_cache_lookups_total{result="hit"}`]; !ok {
		t.Error("the node's own counters are missing when the database cannot count")
	}
}

// TestPprofOnlyOnAdmin: pprof answers on the admin listener, never on the API's.
func TestPprofOnlyOnAdmin(t *testing.T) {
	db := sqltest.Open(t, sqltest.Backend{Name: "sqlite", URL: sqltest.SQLiteURL})
	n := newNode(t, db, db)
	for _, p := range []string{"/debug/pprof/", "/debug/pprof/cmdline", "/debug/pprof/heap", "/debug/pprof/goroutine?debug=1"} {
		resp, err := http.Get(n.admin.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("admin %s: %d", p, resp.StatusCode)
		}
		if got := n.call(t, "GET", p, "", nil); got != http.StatusNotFound {
			t.Errorf("API %s: %d, want 404", p, got)
		}
	}
	if got := n.call(t, "GET", "/metrics", "", nil); got == http.StatusOK {
		t.Errorf("API /metrics: %d, want it not served", got)
	}
}
