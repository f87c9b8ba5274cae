package app

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// LoginLimit bounds failed sign-ins: after MaxFailures failures within Window, the account (or
// the client address, with MaxAddressFailures) is locked for Lockout.
type LoginLimit struct {
	MaxFailures        int
	MaxAddressFailures int
	Window             time.Duration
	Lockout            time.Duration
}

// DefaultLoginLimit: 5 failures per account and 50 per client address in 15 minutes lock
// for 15 minutes.
var DefaultLoginLimit = LoginLimit{MaxFailures: 5, MaxAddressFailures: 50, Window: 15 * time.Minute, Lockout: 15 * time.Minute}

// tooManyAttempts reports a locked account or address, open again after wait.
func tooManyAttempts(wait time.Duration) error {
	return procura.TooManyRequests(wait, "Too many failed sign-ins. Try again in %d seconds.", int(math.Ceil(wait.Seconds())))
}

// loginKeys are the counters a sign-in for email from address touches.
func loginKeys(project, email, address string) (account, addr string) {
	return "account:" + project + ":" + procura.EmailIdentity(email), "address:" + address
}

// checkLoginAllowed fails with TooManyAttempts while the account or the address is locked.
func (a *App) checkLoginAllowed(tx store.Tx, keys ...string) error {
	now := a.Now()
	for _, k := range keys {
		at, err := tx.LoginAttempt(k)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		if now.Before(at.LockedUntil) {
			return tooManyAttempts(at.LockedUntil.Sub(now))
		}
	}
	return nil
}

// recordLogin counts a failure against the account and the address, or clears the account's
// count after a success. It runs in a transaction of its own, so that it is kept although the
// sign-in fails.
func (a *App) recordLogin(ctx context.Context, ok bool, account, address string) error {
	return a.Store.Write(ctx, func(tx store.Tx) error {
		if ok {
			return tx.DeleteLoginAttempt(account)
		}
		for _, k := range []struct {
			key string
			max int
		}{{account, a.LoginLimit.MaxFailures}, {address, a.LoginLimit.MaxAddressFailures}} {
			if err := a.countFailure(tx, k.key, k.max); err != nil {
				return err
			}
		}
		return nil
	})
}

func (a *App) countFailure(tx store.Tx, key string, max int) error {
	now := a.Now()
	at, err := tx.LoginAttempt(key)
	if errors.Is(err, store.ErrNotFound) || (err == nil && now.Sub(at.WindowStart) > a.LoginLimit.Window) {
		at, err = &procura.LoginAttempt{Key: key, WindowStart: now}, nil
	}
	if err != nil {
		return err
	}
	at.Failures++
	if at.Failures >= max {
		at.LockedUntil = now.Add(a.LoginLimit.Lockout)
		at.Failures, at.WindowStart = 0, now
	}
	return tx.SaveLoginAttempt(at)
}

// authenticateCustomer checks a customer's email and password under the login limit. The
// failure is InvalidCredentials whether the email is unknown or the password wrong.
func (a *App) authenticateCustomer(ctx context.Context, projectKey, email, password, address string) (*storedCustomer, error) {
	account, addr := loginKeys(projectKey, email, address)
	var sc *storedCustomer
	err := a.read(ctx, projectKey, func(tx store.Tx, d store.Docs) error {
		if err := a.checkLoginAllowed(tx, account, addr); err != nil {
			return err
		}
		var err error
		sc, _, err = customerKind.load(&lookup{docs: d}, Ref{Unique: procura.EmailIdentity(email)})
		if procura.ErrorCode(err) == procura.CodeResourceNotFound {
			sc, err = nil, nil
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	ok := sc != nil && a.Passwords.Verify(sc.PasswordHash, password)
	if sc == nil {
		a.Passwords.Verify(dummyHash, password) // the same work whether or not the email exists
	}
	if err := a.recordLogin(ctx, ok, account, addr); err != nil {
		return nil, err
	}
	if !ok {
		return nil, procura.InvalidCredentials()
	}
	return sc, nil
}
