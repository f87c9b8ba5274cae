package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labd/commercetools-go-sdk/platform"

	"github.com/procura/procura/internal/mail/mailtest"
)

// The binary sends its notifications to the SMTP server it is given, from the outbox, with the
// project's settings; procura mails lists how it went.
func TestNotificationsReachTheSMTPServer(t *testing.T) {
	smtp := mailtest.Start(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		w := newWorld(t, s)
		w.customer(t, "nora")
		settings := func(action string) {
			t.Helper()
			p, err := w.c.Get().Execute(ctx)
			if err != nil {
				t.Fatal(err)
			}
			body := fmt.Sprintf(`{"version":%d,"actions":[%s]}`, p.Version, action)
			if r := s.do(t, http.MethodPost, "/"+s.project, w.admin, []byte(body)); r.status != http.StatusOK {
				t.Fatalf("%s: %d %s", action, r.status, r.body)
			}
		}
		settings(`{"action":"setNotificationLink","kind":"passwordReset","url":"https://shop.example/reset?t={token}"}`)
		token, err := w.c.Customers().PasswordToken().Post(platform.CustomerCreatePasswordResetToken{Email: emailOf("nora")}).Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got := waitForMail(t, smtp)
		if len(got) != 1 || got[0].To[0] != emailOf("nora") || !strings.Contains(strings.ReplaceAll(got[0].Data, "=\n", ""), "t=3D"+token.Value) {
			t.Fatalf("received %+v", got)
		}
		var listed []struct{ Kind, To, Status string }
		if err := json.Unmarshal(s.cli(t, "mails", "--project", s.project), &listed); err != nil || len(listed) != 1 ||
			listed[0].Kind != "passwordReset" || listed[0].Status != "sent" {
			t.Fatalf("procura mails: %+v %v", listed, err)
		}
		settings(`{"action":"changeNotificationEnabled","kind":"passwordReset","enabled":false}`)
		if _, err := w.c.Customers().PasswordToken().Post(platform.CustomerCreatePasswordResetToken{Email: emailOf("nora")}).Execute(ctx); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Second) // five sender rounds
		if got := smtp.Take(); len(got) != 0 {
			t.Fatalf("a kind turned off was mailed: %+v", got)
		}
	}, mailTo(smtp, "200ms")...)
}

// mailTo are serve's flags that send its mails to srv every interval.
func mailTo(srv *mailtest.Server, interval string) []string {
	return []string{"--smtp-host", srv.Host, "--smtp-port", strconv.Itoa(srv.Port), "--smtp-tls", "none",
		"--smtp-from", "shop@seller.example", "--mail-interval", interval}
}

// waitForMail waits up to 10s for the server to receive something, and takes it.
func waitForMail(t *testing.T, srv *mailtest.Server) []mailtest.Received {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if got := srv.Take(); len(got) > 0 {
			return got
		}
	}
	t.Fatal("no mail within 10s")
	return nil
}
