package e2e

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestMetricsAndLogs: `serve --admin-addr --log-format json` serves the metrics and pprof on the
// admin address only, writes one JSON line per request with its route pattern, status, request
// id (the client's X-Correlation-ID, echoed) and caller, and no password, secret or token.
func TestMetricsAndLogs(t *testing.T) {
	admin := freeAddr(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		annID := w.customer(t, "ann")
		tr := w.login(t, "ann", nil)
		if r := s.passwordGrant(t, emailOf("ann"), "Wrong-Password-987", nil); r.status != http.StatusBadRequest {
			t.Fatalf("a wrong password: %d", r.status)
		}
		req, _ := http.NewRequest("GET", s.base+"/"+s.project+"/me", nil)
		req.Header.Set("Authorization", "Bearer "+tr.AccessToken)
		req.Header.Set("X-Correlation-ID", "e2e-observe-1")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Correlation-ID") != "e2e-observe-1" {
			t.Fatalf("GET /me: %d, X-Correlation-ID %q", resp.StatusCode, resp.Header.Get("X-Correlation-ID"))
		}

		// The portal's pages are logged and counted as the API's requests are.
		req, _ = http.NewRequest("GET", s.base+"/portal/"+s.project+"/sign-in", nil)
		req.Header.Set("X-Correlation-ID", "e2e-portal-1")
		if resp, err = http.DefaultClient.Do(req); err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Correlation-ID") != "e2e-portal-1" {
			t.Fatalf("the portal's sign-in page: %d, X-Correlation-ID %q", resp.StatusCode, resp.Header.Get("X-Correlation-ID"))
		}

		metrics := httpGet(t, "http://"+admin+"/metrics")
		for _, series := range []string{
			`procura_http_request_duration_seconds_count{method="POST",route="/oauth/{project}/customers/token",status="2xx"} 1`,
			`procura_http_request_duration_seconds_count{method="POST",route="/oauth/{project}/customers/token",status="4xx"} 1`,
			`procura_http_request_duration_seconds_count{method="GET",route="/{project}/me",status="2xx"} 1`,
			`procura_http_request_duration_seconds_count{method="GET",route="/portal/{project}/sign-in",status="2xx"} 1`,
			`procura_sign_in_failures_total{reason="credentials"} 1`,
			"procura_deliveries_due 0", "procura_mails_pending ", "go_goroutines ", "process_resident_memory_bytes ",
		} {
			if !strings.Contains(metrics, series) {
				t.Errorf("/metrics lacks %q", series)
			}
		}
		if body := httpGet(t, "http://"+admin+"/debug/pprof/cmdline"); !strings.Contains(body, "serve") {
			t.Errorf("pprof cmdline on the admin address: %q", body)
		}
		if r := s.do(t, "GET", "/debug/pprof/cmdline", "", nil); r.status == http.StatusOK {
			t.Errorf("pprof answered on the API's address")
		}

		var line map[string]any
		deadline := time.Now().Add(5 * time.Second)
		for line == nil && time.Now().Before(deadline) {
			for _, l := range strings.Split(s.stderr.String(), "\n") {
				var m map[string]any
				if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "request" && m["request_id"] == "e2e-observe-1" {
					line = m
				}
			}
			time.Sleep(50 * time.Millisecond)
		}
		want := map[string]any{"level": "INFO", "method": "GET", "route": "/{project}/me", "status": float64(200), "project": s.project,
			"caller_kind": "customer", "caller_id": annID, "client_id": s.admin.ID}
		for k, v := range want {
			if line[k] != v {
				t.Errorf("log line %s: %v, want %v (line %v)", k, line[k], v, line)
			}
		}
		if _, ok := line["duration_ms"].(float64); !ok || line["bytes"].(float64) <= 0 {
			t.Errorf("log line duration and size: %v", line)
		}
		portal := false
		for _, l := range strings.Split(s.stderr.String(), "\n") {
			var m map[string]any
			portal = portal || json.Unmarshal([]byte(l), &m) == nil && m["request_id"] == "e2e-portal-1" && m["route"] == "/portal/{project}/sign-in"
		}
		if !portal {
			t.Error("no log line of the portal's sign-in page")
		}
		log := s.stderr.String()
		for what, secret := range map[string]string{"password": passwordOf("ann"), "wrong password": "Wrong-Password-987",
			"client secret": s.admin.Secret, "access token": tr.AccessToken, "refresh token": tr.RefreshToken} {
			if strings.Contains(log, secret) {
				t.Errorf("the log holds the %s", what)
			}
		}
	}, "--admin-addr", admin, "--log-format", "json")
}

// TestAdminListenerOffByDefault: without --admin-addr no admin listener starts, and the API
// serves neither metrics nor pprof.
func TestAdminListenerOffByDefault(t *testing.T) {
	s := startServer(t, sqliteURL(t))
	for _, p := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/cmdline"} {
		if r := s.do(t, "GET", p, "", nil); r.status == http.StatusOK {
			t.Errorf("the API answers %s", p)
		}
	}
	if strings.Contains(s.stderr.String(), "admin listening") {
		t.Errorf("an admin listener started:\n%s", s.stderr.String())
	}
}

func httpGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, b)
	}
	return string(b)
}
