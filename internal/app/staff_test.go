package app_test

import (
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestStaffSessions: a staff member signs in with their own password, not a customer's of the
// same email; a session ends when unused too long or at its absolute end, and when signed out;
// their failures lock their account, not the customer's of the same email.
func TestStaffSessions(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		now := time.Now()
		a.Now = func() time.Time { return now }
		a.SessionLimits = app.SessionLimits{Idle: time.Hour, Absolute: 3 * time.Hour}
		w := newWorld(t, a, c)
		w.customer("ann@a.example") // password "correct horse"
		m := must[*app.NewStaffMember](t)(a.CreateStaff(ctx, "Ann@A.example", "sales", "acme", "staff horse battery"))
		if m.Password != "" || m.Email != "ann@a.example" || m.ProjectKey != "acme" {
			t.Errorf("the member made: %+v", m)
		}
		if _, err := a.OpenStaffSession(ctx, "ann@a.example", "correct horse", "10.0.0.1", ""); procura.ErrorCode(err) != procura.CodeInvalidCredentials {
			t.Errorf("the customer's password: %v", err)
		}
		if _, err := a.OpenStaffSession(ctx, "nobody@a.example", "staff horse battery", "10.0.0.1", ""); procura.ErrorCode(err) != procura.CodeInvalidCredentials {
			t.Errorf("an unknown email: %v", err)
		}
		s := must[*app.StaffSession](t)(a.OpenStaffSession(ctx, "ANN@a.example", "staff horse battery", "10.0.0.1", "Browser"))
		for i := range 4 { // used every 50 minutes: alive until its absolute end
			now = now.Add(50 * time.Minute)
			r, err := a.ResumeStaffSession(ctx, s.Token)
			if i < 3 && (err != nil || r.Member.Role != "sales" || r.Member.Email != "ann@a.example") {
				t.Fatalf("resumed after %d×50 minutes: %v %+v", i+1, err, r)
			}
			if i == 3 && procura.ErrorCode(err) != procura.CodeInvalidToken {
				t.Errorf("resumed past its absolute end: %v", err)
			}
		}
		s2 := must[*app.StaffSession](t)(a.OpenStaffSession(ctx, "ann@a.example", "staff horse battery", "10.0.0.1", ""))
		now = now.Add(61 * time.Minute)
		if _, err := a.ResumeStaffSession(ctx, s2.Token); procura.ErrorCode(err) != procura.CodeInvalidToken {
			t.Errorf("resumed after an hour unused: %v", err)
		}
		s3 := must[*app.StaffSession](t)(a.OpenStaffSession(ctx, "ann@a.example", "staff horse battery", "10.0.0.1", ""))
		if err := a.CloseStaffSession(ctx, s3); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ResumeStaffSession(ctx, s3.Token); procura.ErrorCode(err) != procura.CodeInvalidToken {
			t.Errorf("resumed after signing out: %v", err)
		}

		for range 6 {
			_, err := a.OpenStaffSession(ctx, "ann@a.example", "wrong", "10.0.0.2", "")
			if err == nil {
				t.Fatal("a wrong password opened a session")
			}
		}
		if _, err := a.OpenStaffSession(ctx, "ann@a.example", "staff horse battery", "10.0.0.3", ""); procura.ErrorCode(err) != procura.CodeTooManyRequests {
			t.Errorf("the locked staff account: %v", err)
		}
		if _, err := a.OpenSession(ctx, "acme", "ann@a.example", "correct horse", "10.0.0.3", ""); err != nil {
			t.Errorf("the customer of the same email after the staff account's lockout: %v", err)
		}
		if _, err := a.CreateStaff(ctx, "ann@a.example", "admin", "", ""); procura.ErrorCode(err) != procura.CodeDuplicateField {
			t.Errorf("a second member of one email: %v", err)
		}
		if _, err := a.CreateStaff(ctx, "bo@a.example", "owner", "", ""); procura.ErrorCode(err) != procura.CodeInvalidField {
			t.Errorf("an unknown role: %v", err)
		}

		// A member removed loses every session at once.
		must[*app.NewStaffMember](t)(a.CreateStaff(ctx, "cy@a.example", "viewer", "", "staff horse battery"))
		s4 := must[*app.StaffSession](t)(a.OpenStaffSession(ctx, "cy@a.example", "staff horse battery", "10.0.0.4", ""))
		if err := a.RemoveStaff(ctx, "CY@a.example"); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ResumeStaffSession(ctx, s4.Token); procura.ErrorCode(err) != procura.CodeInvalidToken {
			t.Errorf("a removed member's session: %v", err)
		}
		if err := a.RemoveStaff(ctx, "cy@a.example"); procura.ErrorCode(err) != procura.CodeResourceNotFound {
			t.Errorf("removing a member twice: %v", err)
		}
	})
}
