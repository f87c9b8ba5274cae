package app

import (
	"context"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// storedCustomer is a customer as stored: the resource plus its password hash, which no
// response ever includes.
type storedCustomer struct {
	procura.Customer
	PasswordHash string `json:"passwordHash"`
}

var customerKind = kind[storedCustomer, *storedCustomer]{
	lock:    unitsLock,
	typ:     procura.TypeCustomer,
	private: []string{"passwordHash"},
	index: func(c *storedCustomer) store.Doc {
		d := store.Doc{Key: c.Key, Unique: procura.EmailIdentity(c.Email), Refs: []store.Ref{}}
		if c.CustomerGroup != nil {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeCustomerGroup, ID: c.CustomerGroup.ID})
		}
		for _, g := range c.CustomerGroupAssignments {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeCustomerGroup, ID: g.CustomerGroup.ID})
		}
		for _, s := range c.Stores {
			d.Refs = append(d.Refs, store.Ref{Type: procura.TypeStore, ID: s.Key})
		}
		return d
	},
}

// CreateCustomer signs a customer up; emails are unique per project, case-insensitively. The
// customer takes over the anonymous session or cart the draft names.
func (a *App) CreateCustomer(ctx context.Context, c Caller, d procura.CustomerDraft) (*procura.CustomerSignInResult, error) {
	t, err := d.Takeover()
	if err != nil {
		return nil, err
	}
	return a.createCustomer(ctx, c, d, t, nil)
}

// createCustomer creates a customer, takes over what t names and runs then (if any) in the same
// transaction, so that a failure there creates nothing.
func (a *App) createCustomer(ctx context.Context, c Caller, d procura.CustomerDraft, t procura.Takeover, then func(l *lookup, cu *procura.Customer) error) (*procura.CustomerSignInResult, error) {
	if err := procura.CheckPassword(d.Password); err != nil {
		return nil, err
	}
	var cart *procura.Cart
	hash, err := a.hashPassword(ctx, d.Password) // slow: outside the transaction
	if err != nil {
		return nil, err
	}
	var cu *procura.Customer
	err = a.write(ctx, c, func(l *lookup) error {
		docs := l.docs
		var err error
		cu, err = procura.NewCustomer(inStoreDraft(c, d), a.NewID(), a.change(l))
		if err != nil {
			return err
		}
		if err := checkInStoreCustomer(c, cu); err != nil {
			return err
		}
		if _, err := docs.GetByUnique(procura.TypeCustomer, procura.EmailIdentity(cu.Email)); err == nil {
			return procura.DuplicateField("email", cu.Email)
		}
		if err := customerKind.insert(docs, &storedCustomer{Customer: *cu, PasswordHash: hash}); err != nil {
			return err
		}
		if cart, err = a.takeOver(l, cu.ID, t); err != nil {
			return err
		}
		if then != nil {
			return then(l, cu)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return signedIn(cu, cart), nil
}

// signedIn is the answer of a sign-in or sign-up: the customer, and their active cart when the
// sign-in took an anonymous session over.
func signedIn(cu *procura.Customer, cart *procura.Cart) *procura.CustomerSignInResult {
	res := &procura.CustomerSignInResult{Customer: cu}
	if cart != nil {
		res.Cart = cart
	}
	return res
}

// GetCustomer returns the customer r names.
func (a *App) GetCustomer(ctx context.Context, c Caller, r Ref) (*procura.Customer, error) {
	sc, err := customerKind.get(ctx, a, c, r)
	if err != nil {
		return nil, err
	}
	return &sc.Customer, customerInStore(c, &sc.Customer, r)
}

// QueryCustomers pages through the project's customers (without their password hashes).
func (a *App) QueryCustomers(ctx context.Context, c Caller, q Query) (*Page, error) {
	return customerKind.query(ctx, a, c, narrowed(c, q, inStoreWhere(c.Store)))
}

// DeleteCustomer deletes a customer who is no associate of any business unit (else
// ReferenceExists: remove them from their units first), and with them every token, join request
// and email token of theirs.
func (a *App) DeleteCustomer(ctx context.Context, c Caller, r Ref, version int64) (*procura.Customer, error) {
	var sc *storedCustomer
	err := a.write(ctx, c, func(l *lookup) error {
		d := l.docs
		tx := l.tx
		var err error
		sc, err = customerKind.removeIn(l, r, version, func(l *lookup, sc *storedCustomer) error {
			if err := customerInStore(c, &sc.Customer, r); err != nil {
				return err
			}
			return refuseIfReferenced(l.docs, procura.TypeCustomer, sc.ID, procura.TypeBusinessUnit)
		})
		if err != nil {
			return err
		}
		if err := removeReferencing(d, procura.TypeCustomer, sc.ID, procura.TypeJoinRequest, typeEmailToken, typePasswordToken); err != nil {
			return err
		}
		return tx.RevokeCustomerTokens(c.ProjectKey, sc.ID)
	})
	if err != nil {
		return nil, err
	}
	a.tokens.purgeCustomer(c.ProjectKey, sc.ID)
	return &sc.Customer, nil
}

// Login checks a customer's credentials (POST /login) under the login limit; it issues no
// token. address is the client's network address, for the per-address limit.
// The customer takes over the anonymous session or cart the sign-in names.
func (a *App) Login(ctx context.Context, c Caller, s procura.CustomerSignIn, address string) (*procura.CustomerSignInResult, error) {
	t, err := s.Takeover()
	if err != nil {
		return nil, err
	}
	return a.signIn(ctx, c, s, t, address)
}

// signIn checks the credentials, then has the customer take over what t names.
func (a *App) signIn(ctx context.Context, c Caller, s procura.CustomerSignIn, t procura.Takeover, address string) (*procura.CustomerSignInResult, error) {
	sc, err := a.authenticateCustomer(ctx, c.ProjectKey, signInAt(c.Store), s.Email, s.Password, address)
	if err != nil {
		return nil, err
	}
	if t.Empty() {
		return signedIn(&sc.Customer, nil), nil
	}
	var cart *procura.Cart
	err = a.write(ctx, c, func(l *lookup) error {
		var err error
		cart, err = a.takeOver(l, sc.ID, t)
		return err
	})
	if err != nil {
		return nil, err
	}
	return signedIn(&sc.Customer, cart), nil
}

// dummyHash is verified against when an email is unknown, so that timing does not tell.
var dummyHash, _ = Argon2id{}.Hash("procura-timing-equalizer")
