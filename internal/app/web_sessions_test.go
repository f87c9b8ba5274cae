package app_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestWebSessions: a session acts for the customer's company (a division when they are only in
// it), ends when unused too long or at its absolute end, belongs to its project only, and acts
// for no unit once its customer leaves it.
func TestWebSessions(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		now := time.Now()
		a.Now = func() time.Time { return now }
		a.SessionLimits = app.SessionLimits{Idle: time.Hour, Absolute: 3 * time.Hour}
		w := newWorld(t, a, c)
		w.role("buyer", false, procura.ViewMyOrders)
		w.customer("ann@a.example")
		w.customer("bo@a.example")
		w.unit("a-corp", "-")
		w.unit("a-west", "a-corp")
		w.unit("b-corp", "-")
		w.associate("a-west", "ann@a.example", "buyer", procura.InheritanceDisabled)
		w.associate("b-corp", "ann@a.example", "buyer", procura.InheritanceDisabled)

		s, err := a.OpenSession(ctx, "acme", "ann@a.example", "correct horse", "10.0.0.1", "Browser")
		if err != nil || s.Token == "" || s.BusinessUnit != "a-west" {
			t.Fatalf("ann's session: %v %+v", err, s)
		}
		if _, err := a.OpenSession(ctx, "acme", "ann@a.example", "wrong", "10.0.0.1", ""); procura.ErrorCode(err) != procura.CodeInvalidCredentials {
			t.Errorf("a wrong password: %v", err)
		}
		if err := a.SwitchCompany(ctx, s, "b-corp"); err != nil || s.BusinessUnit != "b-corp" {
			t.Errorf("switching to b-corp: %v %s", err, s.BusinessUnit)
		}
		wantCode(t, a.SwitchCompany(ctx, s, "c-corp"), procura.CodeResourceNotFound)
		if _, err := a.ResumeSession(ctx, "other", s.Token); procura.ErrorCode(err) != procura.CodeInvalidToken {
			t.Errorf("the session in another project: %v", err)
		}
		for i := range 4 { // used every 50 minutes: alive until its absolute end
			now = now.Add(50 * time.Minute)
			r, err := a.ResumeSession(ctx, "acme", s.Token)
			if i < 3 && (err != nil || r.BusinessUnit != "b-corp" || r.Caller().CustomerID != s.CustomerID) {
				t.Fatalf("resumed after %d×50 minutes: %v %+v", i+1, err, r)
			}
			if i == 3 && procura.ErrorCode(err) != procura.CodeInvalidToken {
				t.Errorf("resumed past its absolute end: %v", err)
			}
		}

		s2 := must[*app.Session](t)(a.OpenSession(ctx, "acme", "ann@a.example", "correct horse", "10.0.0.1", ""))
		now = now.Add(61 * time.Minute)
		if _, err := a.ResumeSession(ctx, "acme", s2.Token); procura.ErrorCode(err) != procura.CodeInvalidToken {
			t.Errorf("resumed after an hour unused: %v", err)
		}

		s3 := must[*app.Session](t)(a.OpenSession(ctx, "acme", "ann@a.example", "correct horse", "10.0.0.1", ""))
		u := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "a-west"}))
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "a-west"}, actions(u.Version, fmt.Sprintf(
			`{"action":"removeAssociate","customer":{"id":%q}}`, s3.CustomerID))))
		if r, err := a.ResumeSession(ctx, "acme", s3.Token); err != nil || r.BusinessUnit != "" {
			t.Errorf("the session of a customer who left its unit: %v %+v", err, r)
		}
		if list := must[[]app.Session](t)(a.Sessions(ctx, s3)); len(list) != 1 || list[0].ID != s3.ID {
			t.Errorf("ann's live sessions: %+v", list)
		}
		if err := a.CloseAllSessions(ctx, s3); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ResumeSession(ctx, "acme", s3.Token); procura.ErrorCode(err) != procura.CodeInvalidToken {
			t.Errorf("resumed after signing out everywhere: %v", err)
		}
	})
}
