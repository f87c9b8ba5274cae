package app

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// What the seller's staff do for a customer beside the API's routes (decision 0056): see and
// reset the lockout of their sign-in, send the verification mail again, list their web sessions
// and tokens and end every one of them. None is a customer's own: a caller acting as a
// customer is refused.

// ScopeSupportCustomers is the scope of a customer's lockout reset and of a verification mail
// sent again: no API client may hold it (it is not among KnownScopes); the staff role support
// holds it, and manage_customers and manage_project grant it.
const ScopeSupportCustomers = "support_customers"

// verificationTTL is how long a verification mail sent again by the seller stays valid.
const verificationTTL = 3 * 24 * 60 // minutes

// Lockout is the state of a customer's sign-in count: failed attempts in the current window and,
// while locked, until when.
type Lockout struct {
	Failures    int
	LockedUntil time.Time // zero: not locked
}

// sellerNeeds refuses a caller acting as a customer, and one without scope in its project.
func sellerNeeds(c Caller, scope string) error {
	if notCustomer(c) != nil || !c.Scopes.Allows(scope, c.ProjectKey) {
		return procura.InsufficientScope(scope+":"+c.ProjectKey, "manage_project:"+c.ProjectKey)
	}
	return nil
}

// notCustomer refuses a caller acting as a customer or an anonymous session: what follows is
// the seller's to read.
func notCustomer(c Caller) error {
	if c.CustomerID != "" || c.AnonymousID != "" {
		return procura.InsufficientScope("view_customers:"+c.ProjectKey, "manage_project:"+c.ProjectKey)
	}
	return nil
}

// CustomerLockout reads the sign-in count of the customer of r, as the seller's reading of the
// customer (GET /{project}/customers/{ref}, view_customers) may.
func (a *App) CustomerLockout(ctx context.Context, c Caller, r Ref) (*Lockout, error) {
	if err := notCustomer(c); err != nil {
		return nil, err
	}
	cu, err := a.GetCustomer(ctx, c, r)
	if err != nil {
		return nil, err
	}
	out := &Lockout{}
	err = a.Store.Read(ctx, func(tx store.Tx) error {
		at, err := tx.LoginAttempt(a.limitKeys(c.ProjectKey, cu.Email, "")[0].key)
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		now := a.Now()
		if now.Before(at.LockedUntil) {
			out.LockedUntil = at.LockedUntil
		}
		if now.Sub(at.WindowStart) <= a.LoginLimit.Window || out.LockedUntil.After(now) {
			out.Failures = at.Failures
		}
		return nil
	})
	return out, err
}

// ResetLockout clears the sign-in count of the customer of r, so that they may sign in at once
// (the count of their client address is not theirs alone and stays). The history files it under
// the caller as an update of the customer with the action resetLockout.
func (a *App) ResetLockout(ctx context.Context, c Caller, r Ref) error {
	if err := sellerNeeds(c, ScopeSupportCustomers); err != nil {
		return err
	}
	return a.write(ctx, c, func(l *lookup) error {
		cu, doc, err := customerKind.load(l, r)
		if err != nil {
			return err
		}
		if err := l.tx.DeleteLoginAttempt(a.limitKeys(c.ProjectKey, cu.Email, "")[0].key); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return l.history.noted(*doc, "resetLockout")
	})
}

// ResendVerification sends the customer of r a new email-verification mail (the notification of
// an email token, valid three days); the token's value reaches only their mailbox. A verified
// email is not verified again, and a project that sends no verification mails (no link set, or
// the kind disabled) refuses rather than make a token no one receives.
func (a *App) ResendVerification(ctx context.Context, c Caller, r Ref) error {
	if err := sellerNeeds(c, ScopeSupportCustomers); err != nil {
		return err
	}
	cu, err := a.GetCustomer(ctx, c, r)
	if err != nil {
		return err
	}
	if cu.IsEmailVerified {
		return procura.InvalidOperation("The email %s is already verified.", cu.Email)
	}
	p, err := a.GetProject(ctx, c)
	if err != nil {
		return err
	}
	if n := p.Notifications; n.Links[procura.NotifyEmailVerification] == "" || slices.Contains(n.Disabled, procura.NotifyEmailVerification) {
		return procura.InvalidOperation("The project sends no verification mails: set its link with setNotificationLink (kind emailVerification).")
	}
	_, err = a.CreateEmailToken(ctx, c, EmailTokenDraft{ID: cu.ID, Version: &cu.Version, TTLMinutes: verificationTTL})
	return err
}

// CustomerSessions lists the live web sessions of the customer of r, newest first, as the
// seller's reading of the customer may.
func (a *App) CustomerSessions(ctx context.Context, c Caller, r Ref) ([]Session, error) {
	if err := notCustomer(c); err != nil {
		return nil, err
	}
	cu, err := a.GetCustomer(ctx, c, r)
	if err != nil {
		return nil, err
	}
	return a.Sessions(ctx, &Session{ProjectKey: c.ProjectKey, CustomerID: cu.ID})
}

// CustomerTokens lists the live access and refresh tokens of the customer of r (their clients,
// scopes, units and expiry; never their values), as the seller's reading of the customer may.
func (a *App) CustomerTokens(ctx context.Context, c Caller, r Ref) ([]procura.AccessToken, []procura.RefreshToken, error) {
	if err := notCustomer(c); err != nil {
		return nil, nil, err
	}
	cu, err := a.GetCustomer(ctx, c, r)
	if err != nil {
		return nil, nil, err
	}
	var access []procura.AccessToken
	var refresh []procura.RefreshToken
	err = a.Store.Read(ctx, func(tx store.Tx) error {
		access, refresh, err = tx.CustomerTokens(c.ProjectKey, cu.ID, a.Now())
		return err
	})
	return access, refresh, err
}

// EndCustomerSessions ends every web session and token of the customer of r, as a password
// change does (who needs manage_customers, the scope of the customer's update). The history
// files it under the caller as an update of the customer with the action revokeSessions.
func (a *App) EndCustomerSessions(ctx context.Context, c Caller, r Ref) error {
	if err := sellerNeeds(c, "manage_customers"); err != nil {
		return err
	}
	var id string
	err := a.write(ctx, c, func(l *lookup) error {
		cu, doc, err := customerKind.load(l, r)
		if err != nil {
			return err
		}
		id = cu.ID
		if err := l.tx.RevokeCustomerTokens(c.ProjectKey, cu.ID); err != nil {
			return err
		}
		return l.history.noted(*doc, "revokeSessions")
	})
	if err == nil {
		a.tokens.purgeCustomer(c.ProjectKey, id)
	}
	return err
}

// noted records an act on doc that changes no field of it (a lockout reset): an update at its
// version, with the one action named.
func (h *historyLog) noted(doc store.Doc, action string) error {
	raw, err := json.Marshal(map[string]string{"action": action})
	if err != nil {
		return err
	}
	h.sent[docKey{doc.Type, doc.ID}] = []json.RawMessage{raw}
	h.notes = append(h.notes, &historyChange{kind: ResourceUpdated, doc: doc, versionBefore: doc.Version})
	return nil
}

// MaySupportCustomers reports (nil) whether c may reset a customer's lockout and send their
// verification mail again.
func MaySupportCustomers(c Caller) error { return sellerNeeds(c, ScopeSupportCustomers) }

// LockedAccount is a customer's sign-in locked by too many failed attempts: by the email it is
// counted under (lower-cased, as emails are compared), until when.
type LockedAccount struct {
	Email       string
	Failures    int
	LockedUntil time.Time
}

// LockedAccounts lists at most limit of the project's customer sign-ins locked now, the most
// recently locked first: what the seller's support may have to reset. It needs view_customers,
// the scope of reading the customers.
func (a *App) LockedAccounts(ctx context.Context, c Caller, limit int) ([]LockedAccount, error) {
	if err := sellerNeeds(c, "view_customers"); err != nil {
		return nil, err
	}
	prefix := a.limitKeys(c.ProjectKey, "", "")[0].key
	var out []LockedAccount
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		list, err := tx.LockedLoginAttempts(prefix, a.Now(), limit)
		for _, at := range list {
			out = append(out, LockedAccount{Email: at.Key[len(prefix):], Failures: at.Failures, LockedUntil: at.LockedUntil})
		}
		return err
	})
	return out, err
}
