package app

import (
	"context"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Password reset, as in the reference API: the seller creates a password token for the customer
// with an email address and sends its value there; whoever holds the value sets a new password
// with it, once, before it expires. A reset, like a change, signs the customer out everywhere.

// PasswordTokenDraft asks for a password-reset token for the customer with this email.
type PasswordTokenDraft struct {
	Email                 string `json:"email"`
	TTLMinutes            *int   `json:"ttlMinutes,omitempty"`
	InvalidateOlderTokens bool   `json:"invalidateOlderTokens,omitempty"`
}

// PasswordReset sets a new password with a password token's value.
type PasswordReset struct {
	TokenValue  string `json:"tokenValue"`
	NewPassword string `json:"newPassword"`
	Version     *int64 `json:"version,omitempty"`
}

// CustomerPasswordChange is the seller's password change of a customer: the customer's id
// beside what a customer sends to change their own (POST /customers/password).
type CustomerPasswordChange struct {
	ID string `json:"id"`
	procura.PasswordChange
}

const (
	typePasswordToken = "customer-password-token"
	// defaultPasswordTokenMinutes is the reference's default lifetime of a password token (a
	// day); maxTokenMinutes bounds both kinds of token (30 days).
	defaultPasswordTokenMinutes = 24 * 60
	maxTokenMinutes             = 30 * 24 * 60
)

var passwordTokenKind = customerTokenKind(typePasswordToken)

// CreatePasswordToken creates a token that resets the password of the customer with email d.Email.
func (a *App) CreatePasswordToken(ctx context.Context, c Caller, d PasswordTokenDraft) (*CustomerToken, error) {
	if d.Email == "" {
		return nil, procura.RequiredField("email")
	}
	ttl := defaultPasswordTokenMinutes
	if d.TTLMinutes != nil {
		ttl = *d.TTLMinutes
	}
	if ttl < 1 || ttl > maxTokenMinutes {
		return nil, procura.InvalidField("ttlMinutes", ttl)
	}
	var t *CustomerToken
	var value string
	err := a.write(ctx, c, func(l *lookup) error {
		cu, _, err := customerKind.load(l, Ref{Unique: procura.EmailIdentity(d.Email)})
		if err == nil {
			err = customerInStore(c, &cu.Customer, Ref{})
		}
		if err != nil {
			return procura.NotFound("customer with email '" + d.Email + "'")
		}
		if d.InvalidateOlderTokens {
			if err := removeReferencing(l.docs, procura.TypeCustomer, cu.ID, typePasswordToken); err != nil {
				return err
			}
		}
		t, value = a.newCustomerToken(cu.ID, cu.Email, ttl)
		t.InvalidateOlderTokens = d.InvalidateOlderTokens
		if err := passwordTokenKind.insert(l.docs, t); err != nil {
			return err
		}
		if err := sayTokenCreated(l, "CustomerPasswordTokenCreated", t); err != nil {
			return err
		}
		return a.notifyToken(l, procura.NotifyPasswordReset, t, value)
	})
	if err != nil {
		return nil, err
	}
	return t.shown(value), nil
}

// ResetPassword sets the password of the token's customer (POST /customers/password/reset and
// /me/password/reset), deletes the customer's other password tokens and revokes their tokens.
// The token must have been issued for the customer's current email address.
func (a *App) ResetPassword(ctx context.Context, c Caller, r PasswordReset) (*procura.Customer, error) {
	if r.TokenValue == "" {
		return nil, procura.RequiredField("tokenValue")
	}
	if err := procura.CheckPassword(r.NewPassword); err != nil {
		return nil, err
	}
	hash, err := a.hashPassword(ctx, r.NewPassword)
	if err != nil {
		return nil, err
	}
	return a.setPassword(ctx, c, hash, func(l *lookup) (Ref, error) {
		t, err := a.useToken(l, passwordTokenKind, r.TokenValue, "password token")
		if err != nil {
			return Ref{}, err
		}
		l.rec.note("reset", t.CustomerID)
		return Ref{ID: t.CustomerID}, removeReferencing(l.docs, procura.TypeCustomer, t.CustomerID, typePasswordToken)
	}, func(sc *storedCustomer, doc *store.Doc) error {
		if err := customerInStore(c, &sc.Customer, Ref{ID: sc.ID}); err != nil {
			return unknownToken("password token")
		}
		if r.Version != nil {
			return checkVersion(doc, *r.Version)
		}
		return nil
	})
}

// ChangeCustomerPassword is the seller's change of a customer's password, given the current one.
func (a *App) ChangeCustomerPassword(ctx context.Context, c Caller, pc CustomerPasswordChange, address string) (*procura.Customer, error) {
	if pc.ID == "" {
		return nil, procura.RequiredField("id")
	}
	return a.changePassword(ctx, c, Ref{ID: pc.ID}, pc.PasswordChange, address)
}

// changePassword replaces a customer's password after checking the current one (under the login
// limit, as a sign-in) and the version; the customer's tokens are revoked.
func (a *App) changePassword(ctx context.Context, c Caller, r Ref, pc procura.PasswordChange, address string) (*procura.Customer, error) {
	if pc.Version == nil {
		return nil, procura.RequiredField("version")
	}
	if err := procura.CheckPassword(pc.NewPassword); err != nil {
		return nil, err
	}
	current, err := a.GetCustomer(ctx, c, r)
	if err != nil {
		return nil, err
	}
	if _, err := a.authenticateCustomer(ctx, c.ProjectKey, nil, current.Email, pc.CurrentPassword, address); err != nil {
		return nil, err
	}
	hash, err := a.hashPassword(ctx, pc.NewPassword)
	if err != nil {
		return nil, err
	}
	return a.setPassword(ctx, c, hash, func(*lookup) (Ref, error) { return Ref{ID: current.ID}, nil },
		func(_ *storedCustomer, doc *store.Doc) error { return checkVersion(doc, *pc.Version) })
}

// setPassword stores a new password hash for the customer find names, after check, and revokes
// every token of the customer, in one transaction.
func (a *App) setPassword(ctx context.Context, c Caller, hash string, find func(*lookup) (Ref, error),
	check func(*storedCustomer, *store.Doc) error) (*procura.Customer, error) {
	var out *storedCustomer
	err := a.write(ctx, c, func(l *lookup) error {
		r, err := find(l)
		if err != nil {
			return err
		}
		sc, doc, err := customerKind.load(l, r)
		if err != nil {
			return err
		}
		if err := check(sc, doc); err != nil {
			return err
		}
		sc.PasswordHash = hash
		sc.Touch(a.Now())
		if err := customerKind.save(l.docs, sc, doc.Version); err != nil {
			return err
		}
		out = sc
		return l.tx.RevokeCustomerTokens(c.ProjectKey, sc.ID)
	})
	if err != nil {
		return nil, err
	}
	a.tokens.purgeCustomer(c.ProjectKey, out.ID)
	return &out.Customer, nil
}
