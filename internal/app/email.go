package app

import (
	"context"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Email verification, as in the reference API: the seller creates a token for a customer and
// sends it to the customer's address; confirming it marks the email verified. A verified email
// settles the customer's join requests under an EmailDomain policy.

// EmailTokenDraft asks for an email-verification token.
type EmailTokenDraft struct {
	ID         string `json:"id"`
	Version    *int64 `json:"version,omitempty"`
	TTLMinutes int    `json:"ttlMinutes"`
}

// EmailToken is a CustomerToken: the value is shown once, only its hash is stored.
type EmailToken struct {
	procura.Base
	CustomerID string `json:"customerId"`
	Email      string `json:"email,omitempty"` // the address it verifies (stored, not shown)
	Value      string `json:"value,omitempty"`
	ExpiresAt  string `json:"expiresAt"`
	Hash       string `json:"valueHash,omitempty"`
}

const typeEmailToken = "customer-email-token"

var emailTokenKind = kind[EmailToken, *EmailToken]{
	typ: typeEmailToken,
	index: func(t *EmailToken) store.Doc {
		return store.Doc{Unique: t.Hash, Refs: []store.Ref{{Type: procura.TypeCustomer, ID: t.CustomerID}}}
	},
}

// CreateEmailToken creates a token that verifies the email of customer d.ID (1 minute to 30 days).
func (a *App) CreateEmailToken(ctx context.Context, c Caller, d EmailTokenDraft) (*EmailToken, error) {
	if d.ID == "" {
		return nil, procura.RequiredField("id")
	}
	if d.TTLMinutes < 1 || d.TTLMinutes > 30*24*60 {
		return nil, procura.InvalidField("ttlMinutes", d.TTLMinutes)
	}
	value := randomToken(24)
	now := a.Now()
	t := &EmailToken{CustomerID: d.ID, Hash: hashSecret(value), ExpiresAt: procura.FormatTime(now.Add(time.Duration(d.TTLMinutes) * time.Minute))}
	t.Stamp(a.NewID(), now)
	err := a.write(ctx, c.ProjectKey, func(l *lookup) error {
		docs := l.docs
		cu, doc, err := customerKind.load(l, Ref{ID: d.ID})
		if err != nil {
			return referenced(err, procura.TypeCustomer, d.ID)
		}
		t.Email = cu.Email
		if d.Version != nil {
			if err := checkVersion(doc, *d.Version); err != nil {
				return err
			}
		}
		return emailTokenKind.insert(docs, t)
	})
	if err != nil {
		return nil, err
	}
	out := *t
	out.Value, out.Hash, out.Email = value, "", ""
	return &out, nil
}

// ConfirmEmail marks the email of the token's customer verified, once. Through /me, the token
// must belong to the customer of the caller (/me/email/confirm).
func (a *App) ConfirmEmail(ctx context.Context, c Caller, who Acting, value string) (*procura.Customer, error) {
	var out *procura.Customer
	err := a.write(ctx, c.ProjectKey, func(l *lookup) error {
		d := l.docs
		t, doc, err := emailTokenKind.load(l, Ref{Unique: hashSecret(value)})
		if err == nil && (procura.FormatTime(a.Now()) > t.ExpiresAt || (who.Kind == procura.AsMe && t.CustomerID != who.CustomerID)) {
			err = procura.NotFound("email token")
		}
		if err != nil {
			return procura.InvalidOperation("The email token is unknown, expired or already used.")
		}
		if err := remove(d, doc, doc.Version); err != nil {
			return err
		}
		sc, cdoc, err := customerKind.load(l, Ref{ID: t.CustomerID})
		if err != nil {
			return err
		}
		if procura.EmailIdentity(sc.Email) != procura.EmailIdentity(t.Email) {
			return procura.InvalidOperation("The email token was issued for another email address: the customer's email has changed since.")
		}
		sc.IsEmailVerified = true
		sc.Touch(a.Now())
		if err := customerKind.save(d, sc, cdoc.Version); err != nil {
			return err
		}
		out = &sc.Customer
		return a.settleJoinRequests(l, sc.ID, sc.Email)
	})
	return out, err
}
