package app

import (
	"context"
	"encoding/json"
	"strconv"
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

// CustomerToken is a token sent to a customer's email address, to verify it (email tokens) or
// to reset the password (password tokens): the value is shown once, only its hash is stored.
type CustomerToken struct {
	procura.Base
	CustomerID string `json:"customerId"`
	Email      string `json:"email,omitempty"` // the address it verifies (stored, not shown)
	Value      string `json:"value,omitempty"`
	ExpiresAt  string `json:"expiresAt"`
	// InvalidateOlderTokens: creating the token deleted the customer's earlier ones.
	InvalidateOlderTokens bool   `json:"invalidateOlderTokens"`
	Hash                  string `json:"valueHash,omitempty"`
}

const typeEmailToken = "customer-email-token"

var emailTokenKind = customerTokenKind(typeEmailToken)

// customerTokenKind stores tokens of one type, found by the hash of their value and listed by
// their customer.
func customerTokenKind(typ string) kind[CustomerToken, *CustomerToken] {
	return kind[CustomerToken, *CustomerToken]{
		typ: typ,
		index: func(t *CustomerToken) store.Doc {
			return store.Doc{Unique: t.Hash, Refs: []store.Ref{{Type: procura.TypeCustomer, ID: t.CustomerID}}}
		},
	}
}

// newCustomerToken makes a token for customer valid for ttl minutes; the value is returned apart.
func (a *App) newCustomerToken(customer, email string, ttl int) (*CustomerToken, string) {
	value := randomToken(24)
	now := a.Now()
	t := &CustomerToken{CustomerID: customer, Email: email, Hash: hashSecret(value),
		ExpiresAt: procura.FormatTime(now.Add(time.Duration(ttl) * time.Minute))}
	t.Stamp(a.NewID(), now)
	return t, value
}

// shown is the token as its creator sees it: with its value, without what is only stored.
func (t CustomerToken) shown(value string) *CustomerToken {
	t.Value, t.Hash, t.Email = value, "", ""
	return &t
}

// useToken finds the unexpired token of the kind with this value and deletes it: a token is
// used once. An unknown, expired or used token is one error, that says no more.
func (a *App) useToken(l *lookup, k kind[CustomerToken, *CustomerToken], value, what string) (*CustomerToken, error) {
	t, doc, err := k.load(l, Ref{Unique: hashSecret(value)})
	if err == nil && procura.FormatTime(a.Now()) > t.ExpiresAt {
		err = procura.NotFound(what)
	}
	if err != nil {
		return nil, unknownToken(what)
	}
	return t, remove(l.docs, doc, doc.Version)
}

// unknownToken is the one error of a token that cannot be used: it says no more.
// sayTokenCreated records the message of a customer's token created (typ:
// CustomerPasswordTokenCreated or CustomerEmailTokenCreated), about the customer, without the
// token's value (decision 0046): messages reach whoever may read messages or receives a
// subscription's deliveries, and the value resets a password or confirms an address. The
// customer's writers wait for this transaction, which numbers the customer's messages.
func sayTokenCreated(l *lookup, typ string, t *CustomerToken) error {
	if err := l.docs.LockDocument(procura.TypeCustomer, t.CustomerID); err != nil {
		return err
	}
	customer, err := l.docs.Get(procura.TypeCustomer, t.CustomerID) // as it is once locked
	if err != nil {
		return err
	}
	expires, err := json.Marshal(t.ExpiresAt)
	if err != nil {
		return err
	}
	l.rec.say(*customer, typ, map[string]json.RawMessage{"customerId": appendString(nil, t.CustomerID),
		"expiresAt": expires, "invalidateOlderTokens": json.RawMessage(strconv.FormatBool(t.InvalidateOlderTokens))})
	return nil
}

func unknownToken(what string) error {
	return procura.InvalidOperation("The %s is unknown, expired or already used.", what)
}

// CreateEmailToken creates a token that verifies the email of customer d.ID (1 minute to 30 days).
func (a *App) CreateEmailToken(ctx context.Context, c Caller, d EmailTokenDraft) (*CustomerToken, error) {
	if d.ID == "" {
		return nil, procura.RequiredField("id")
	}
	if d.TTLMinutes < 1 || d.TTLMinutes > 30*24*60 {
		return nil, procura.InvalidField("ttlMinutes", d.TTLMinutes)
	}
	var t *CustomerToken
	var value string
	err := a.write(ctx, c, func(l *lookup) error {
		cu, doc, err := customerKind.load(l, Ref{ID: d.ID})
		if err == nil {
			err = customerInStore(c, &cu.Customer, Ref{ID: d.ID})
		}
		if err != nil {
			return referenced(err, procura.TypeCustomer, d.ID)
		}
		if d.Version != nil {
			if err := checkVersion(doc, *d.Version); err != nil {
				return err
			}
		}
		t, value = a.newCustomerToken(cu.ID, cu.Email, d.TTLMinutes)
		if err := emailTokenKind.insert(l.docs, t); err != nil {
			return err
		}
		if err := sayTokenCreated(l, "CustomerEmailTokenCreated", t); err != nil {
			return err
		}
		return a.notifyToken(l, procura.NotifyEmailVerification, t, value)
	})
	if err != nil {
		return nil, err
	}
	return t.shown(value), nil
}

// ConfirmEmail marks the email of the token's customer verified, once. Through /me, the token
// must belong to the customer of the caller (/me/email/confirm).
func (a *App) ConfirmEmail(ctx context.Context, c Caller, who Acting, value string) (*procura.Customer, error) {
	var out *procura.Customer
	err := a.write(ctx, c, func(l *lookup) error {
		d := l.docs
		t, err := a.useToken(l, emailTokenKind, value, "email token")
		if err != nil {
			return err
		}
		if who.Kind == procura.AsMe && t.CustomerID != who.CustomerID {
			return unknownToken("email token")
		}
		sc, cdoc, err := customerKind.load(l, Ref{ID: t.CustomerID})
		if err != nil {
			return err
		}
		if customerInStore(c, &sc.Customer, Ref{}) != nil {
			return unknownToken("email token")
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
