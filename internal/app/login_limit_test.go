package app_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// countingHasher counts the checks of wrong passwords ("correct horse" is the fixtures' one).
type countingHasher struct {
	app.PasswordHasher
	wrong atomic.Int32
}

func (h *countingHasher) Verify(hash, password string) bool {
	if password != "correct horse" {
		h.wrong.Add(1)
	}
	return h.PasswordHasher.Verify(hash, password)
}

// burst signs email in n times at once with a wrong password, and once with the right one (when
// right is set); it returns the codes of the wrong attempts and the right attempt's error.
func burst(a *app.App, w *world, email string, n int, right bool) (codes map[string]int, rightErr error) {
	var mu sync.Mutex
	codes = map[string]int{}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := a.PasswordGrant(ctx, w.client.ID, w.client.Secret, "acme", email, "wrong horse", "", app.UnitChoice{}, "")
			mu.Lock()
			codes[procura.ErrorCode(err)]++
			mu.Unlock()
		}()
	}
	if right {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, rightErr = a.PasswordGrant(ctx, w.client.ID, w.client.Secret, "acme", email, "correct horse", "", app.UnitChoice{}, "")
		}()
	}
	wg.Wait()
	return codes, rightErr
}

// TestLoginLimitConcurrent: attempts are counted before their password is checked, so a burst
// of concurrent wrong passwords gets at most the limit checked, and a locked account issues no
// token even for the right password.
func TestLoginLimitConcurrent(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		h := &countingHasher{PasswordHasher: a.Passwords}
		a.Passwords = h
		w := newWorld(t, a, c)
		w.customer("alice@a.example")
		w.customer("bob@b.example")
		max := a.LoginLimit.MaxFailures

		codes, _ := burst(a, w, "alice@a.example", 40, false)
		if int(h.wrong.Load()) != max || codes[procura.CodeInvalidCustomerCredentials] != max || codes[procura.CodeTooManyRequests] != 40-max {
			t.Fatalf("40 wrong passwords at once: %d checked, answers %v; want %d checked", h.wrong.Load(), codes, max)
		}
		_, err := a.PasswordGrant(ctx, w.client.ID, w.client.Secret, "acme", "alice@a.example", "correct horse", "", app.UnitChoice{}, "")
		wantCode(t, err, procura.CodeTooManyRequests)

		// With the right password among them: it may get in first (and clear the count), but
		// never more than the limit of wrong ones are checked on either side of it.
		h.wrong.Store(0)
		_, rightErr := burst(a, w, "bob@b.example", 40, true)
		checked := int(h.wrong.Load())
		switch procura.ErrorCode(rightErr) {
		case procura.CodeTooManyRequests:
			if checked != max {
				t.Fatalf("right password refused, yet %d wrong ones checked; want %d", checked, max)
			}
		case procura.CodeInternal:
			if rightErr != nil || checked > 2*max {
				t.Fatalf("right password: %v with %d wrong ones checked; want at most %d", rightErr, checked, 2*max)
			}
		default:
			t.Fatalf("right password: %v", rightErr)
		}
	})
}

// TestLoginLimitAddress: failures from one address lock it for every account; successes do not
// use the address's allowance; with MaxAddressFailures 0 addresses are not counted.
func TestLoginLimitAddress(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		for _, e := range []string{"a@x.example", "b@x.example", "c@x.example", "d@x.example"} {
			w.customer(e)
		}
		login := func(email, password, address string) error {
			_, err := a.Login(ctx, c, procura.CustomerSignIn{Email: email, Password: password}, address)
			return err
		}
		a.LoginLimit.MaxAddressFailures = 2
		for i := 0; i < 5; i++ { // successes never lock the address
			if err := login("a@x.example", "correct horse", "10.0.0.9"); err != nil {
				t.Fatalf("success #%d: %v", i+1, err)
			}
		}
		wantCode(t, login("a@x.example", "wrong horse", "10.0.0.9"), procura.CodeInvalidCredentials)
		wantCode(t, login("b@x.example", "wrong horse", "10.0.0.9"), procura.CodeInvalidCredentials)
		wantCode(t, login("c@x.example", "correct horse", "10.0.0.9"), procura.CodeTooManyRequests)
		if err := login("c@x.example", "correct horse", "10.0.0.8"); err != nil {
			t.Fatalf("another address: %v", err)
		}

		a.LoginLimit.MaxAddressFailures = 0 // not counted: only the account limit applies
		for _, e := range []string{"a@x.example", "b@x.example", "d@x.example"} {
			wantCode(t, login(e, "wrong horse", "10.0.0.7"), procura.CodeInvalidCredentials)
			wantCode(t, login(e, "wrong horse", "10.0.0.7"), procura.CodeInvalidCredentials)
		}
		if err := login("c@x.example", "correct horse", "10.0.0.7"); err != nil {
			t.Fatalf("address counting off: %v", err)
		}
	})
}
