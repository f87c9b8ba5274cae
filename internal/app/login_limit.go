package app

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// LoginLimit bounds sign-in attempts: an attempt beyond MaxFailures within Window (failures and
// attempts still being checked count; a success clears the account's count) locks the account
// for Lockout; likewise the client address with MaxAddressFailures (0: addresses are not
// counted). An anonymous session opened beyond MaxAnonymousSessions from one client address
// within Window locks the address out of opening sessions for Lockout (0: not counted).
type LoginLimit struct {
	MaxFailures          int
	MaxAddressFailures   int
	MaxAnonymousSessions int
	Window               time.Duration
	Lockout              time.Duration
}

// DefaultLoginLimit: 5 failures per account and 50 per client address in 15 minutes lock
// for 15 minutes; so do 100 anonymous sessions opened from one address.
var DefaultLoginLimit = LoginLimit{MaxFailures: 5, MaxAddressFailures: 50, MaxAnonymousSessions: 100, Window: 15 * time.Minute, Lockout: 15 * time.Minute}

// tooManyAttempts reports a locked account or address, open again after wait.
func tooManyAttempts(wait time.Duration) error {
	return procura.TooManyRequests(wait, "Too many failed sign-ins. Try again in %d seconds.", int(math.Ceil(wait.Seconds())))
}

// admitLogin counts a sign-in attempt against each key before its password is checked, in a
// transaction of its own that commits at once: concurrent attempts each see their own count, on
// every node. An attempt beyond max within the window locks the key for the lockout; while a key
// is locked every attempt fails with TooManyRequests, the right password too.
func (a *App) admitLogin(ctx context.Context, keys []limitKey) error {
	var locked error
	var lockedNow bool // this attempt set the lock
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		locked, lockedNow = nil, false
		for i, k := range keys {
			var err error
			lockedNow, err = a.admit(tx, k)
			if procura.ErrorCode(err) != procura.CodeTooManyRequests {
				if err != nil {
					return err
				}
				continue
			}
			locked = err
			// a refused attempt counts against no other key; commit: the lock just set must stay
			return a.uncount(tx, keys[:i])
		}
		return nil
	})
	if err != nil {
		return err
	}
	if locked != nil {
		a.Counters.SignInsLocked.Add(1)
	}
	if lockedNow {
		a.Counters.Lockouts.Add(1)
	}
	return locked
}

// limitKey is a counter and the attempts it allows per window.
type limitKey struct {
	key string
	max int
}

// admit counts one attempt against k: a window past its length, or a lock past its end, starts
// the count over; the attempt beyond k.max sets the lock (reported as true) and is refused.
func (a *App) admit(tx store.Tx, k limitKey) (bool, error) {
	now := a.Now()
	at, err := tx.AddLoginAttempt(k.key, 1, now)
	if err != nil {
		return false, err
	}
	if now.Before(at.LockedUntil) {
		return false, tooManyAttempts(at.LockedUntil.Sub(now))
	}
	lockPassed := at.LockedUntil.After(at.WindowStart)
	if lockPassed || now.Sub(at.WindowStart) > a.LoginLimit.Window {
		at.Failures, at.WindowStart, at.LockedUntil = 1, now, time.Time{}
	}
	if at.Failures > k.max {
		at.LockedUntil = now.Add(a.LoginLimit.Lockout)
	}
	if err := tx.SaveLoginAttempt(at); err != nil {
		return false, err
	}
	if at.Failures > k.max {
		return true, tooManyAttempts(a.LoginLimit.Lockout)
	}
	return false, nil
}

// loginSucceeded clears the account's count and takes the attempt back from the address's, so
// that successful sign-ins never lock a shared address.
func (a *App) loginSucceeded(ctx context.Context, keys []limitKey) error {
	return a.Store.Write(ctx, func(tx store.Tx) error {
		if err := tx.DeleteLoginAttempt(keys[0].key); err != nil {
			return err
		}
		return a.uncount(tx, keys[1:])
	})
}

// uncount takes an attempt back from each key; a count never goes below 0.
func (a *App) uncount(tx store.Tx, keys []limitKey) error {
	for _, k := range keys {
		at, err := tx.AddLoginAttempt(k.key, -1, a.Now())
		if err != nil {
			return err
		}
		if at.Failures < 0 {
			at.Failures = 0
			if err := tx.SaveLoginAttempt(at); err != nil {
				return err
			}
		}
	}
	return nil
}

// takeBack takes back an attempt whose password was never checked.
func (a *App) takeBack(ctx context.Context, keys []limitKey) error {
	return a.Store.Write(ctx, func(tx store.Tx) error { return a.uncount(tx, keys) })
}

// limitKeys are the counters a sign-in for email from address counts against: the account's
// first, then the address's unless per-address counting is off.
func (a *App) limitKeys(project, email, address string) []limitKey {
	return a.limitKeysOf("account:"+project+":"+procura.EmailIdentity(email), address)
}

// limitKeysOf are the counters of a sign-in to account from address: the account's, then the
// address's, which every kind of sign-in shares.
func (a *App) limitKeysOf(account, address string) []limitKey {
	keys := []limitKey{{account, a.LoginLimit.MaxFailures}}
	if a.LoginLimit.MaxAddressFailures > 0 && address != "" {
		keys = append(keys, limitKey{"address:" + address, a.LoginLimit.MaxAddressFailures})
	}
	return keys
}

// authenticateCustomer checks a customer's email and password under the login limit. The
// failure is InvalidCredentials whether the email is unknown or the password wrong.
func (a *App) authenticateCustomer(ctx context.Context, projectKey string, admit func(*procura.Customer) bool, email, password, address string) (*storedCustomer, error) {
	var sc *storedCustomer
	err := a.authenticate(ctx, a.limitKeys(projectKey, email, address), password, func() (string, error) {
		err := a.read(ctx, projectKey, func(l *lookup) error {
			var err error
			sc, _, err = customerKind.load(l, Ref{Unique: procura.EmailIdentity(email)})
			if procura.ErrorCode(err) == procura.CodeResourceNotFound || err == nil && admit != nil && !admit(&sc.Customer) {
				sc, err = nil, nil
			}
			return err
		})
		if sc == nil {
			return "", err
		}
		return sc.PasswordHash, err
	})
	if err != nil {
		return nil, err
	}
	return sc, nil
}

// authenticate checks password, under the login limit of keys, against the hash hashOf finds
// ("": no such account, checked against a dummy hash so that timing does not tell). The failure
// is InvalidCredentials whether the account is unknown or the password wrong.
func (a *App) authenticate(ctx context.Context, keys []limitKey, password string, hashOf func() (string, error)) error {
	if err := a.admitLogin(ctx, keys); err != nil {
		return err
	}
	hash, err := hashOf()
	if err != nil {
		return err
	}
	known := hash != ""
	if !known {
		hash = dummyHash // the same work whether or not the account exists
	}
	ok, err := a.verifyPassword(ctx, hash, password)
	if err != nil {
		return errors.Join(err, a.takeBack(ctx, keys)) // not checked: not counted
	}
	if !ok || !known {
		a.Counters.SignInFailures.Add(1)
		return procura.InvalidCredentials()
	}
	return a.loginSucceeded(ctx, keys)
}
