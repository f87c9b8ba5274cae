package app

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Anonymous sessions: a shopper not signed in gets a token of its own session
// (/oauth/{project}/anonymous/token), fills carts through /me/carts, and hands them to the
// customer account it signs in or up with (decision 0021).

// typeAnonymousSession records each anonymous id once used, keyed by it: a token was issued for
// it, or a sign-in took its carts over. An id in use is never given to a second session.
const typeAnonymousSession = "anonymous-session"

type anonymousSession struct {
	procura.Base
	AnonymousID string `json:"anonymousId"`
	CustomerID  string `json:"customerId,omitempty"` // who took its carts over
}

var anonymousSessionKind = kind[anonymousSession, *anonymousSession]{
	typ:     typeAnonymousSession,
	keyName: "anonymousId",
	index:   func(s *anonymousSession) store.Doc { return store.Doc{Key: s.AnonymousID} },
}

// anonymousScope is the scope naming a token's anonymous session.
const anonymousScope = "anonymous_id:"

// anonymousIDOf returns the anonymous id the scopes of a token name ("" for none).
func anonymousIDOf(s Scopes) string {
	for _, sc := range s {
		if id, ok := strings.CutPrefix(sc, anonymousScope); ok {
			return id
		}
	}
	return ""
}

// AnonymousToken opens an anonymous session (the reference's anonymous session flow): an access
// token and a refresh token for the customer scopes asked for (as the password flow gives them),
// whose scope names the session's anonymous_id. The client needs create_anonymous_token; an
// anonymous id already in use is refused. Sessions opened from one client address are limited
// (LoginLimit.MaxAnonymousSessions): each stays recorded, and storefront credentials are public.
func (a *App) AnonymousToken(ctx context.Context, clientID, secret, projectKey, scope, anonymousID, address string) (*Token, error) {
	if anonymousID != "" && procura.CheckAnonymousID("anonymous_id", anonymousID) != nil {
		return nil, procura.OAuthError(procura.CodeInvalidRequest, fmt.Sprintf("The anonymous_id has at most %d characters and no spaces.", procura.MaxAnonymousIDLength))
	}
	if err := a.admitSession(ctx, address); err != nil {
		return nil, err
	}
	var tok *Token
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		client, err := a.client(tx, clientID, secret)
		if err != nil {
			return err
		}
		if client.ProjectKey != projectKey {
			return invalidClient()
		}
		if !ParseScopes(client.Scope).Allows("create_anonymous_token", projectKey) {
			return procura.OAuthError(procura.CodeInvalidScope, "The client may not open anonymous sessions: it needs create_anonymous_token:"+projectKey+".")
		}
		scopes, err := customerScopes(client, scope, "")
		if err != nil {
			return err
		}
		id := or(anonymousID, a.NewID())
		if err := a.inProject(tx, projectKey, func(l *lookup) error { return a.openSession(l, id) }); err != nil {
			return err
		}
		tok, err = a.issueRefreshed(tx, client, "", "", append(scopes, anonymousScope+id))
		return err
	})
	return tok, err
}

// admitSession counts a session opened from address against its limit; beyond it the address
// waits (TooManyRequests with the wait), as a sign-in beyond its limit does.
func (a *App) admitSession(ctx context.Context, address string) error {
	if a.LoginLimit.MaxAnonymousSessions <= 0 || address == "" {
		return nil
	}
	err := a.admitLogin(ctx, []limitKey{{"anonymous:" + address, a.LoginLimit.MaxAnonymousSessions}})
	var locked *procura.Error
	if errors.As(err, &locked) && locked.Code == procura.CodeTooManyRequests {
		return procura.TooManyRequests(locked.RetryAfter, "Too many anonymous sessions from this address. Try again in %d seconds.", int(math.Ceil(locked.RetryAfter.Seconds())))
	}
	return err
}

// openSession records a new anonymous session; an id in use is invalid_request, as the reference
// answers it.
func (a *App) openSession(l *lookup, id string) error {
	if _, err := l.docs.GetByKey(typeAnonymousSession, id); err == nil {
		return procura.OAuthError(procura.CodeInvalidRequest, "The anonymousId is already in use.")
	}
	s := &anonymousSession{AnonymousID: id}
	s.Stamp(a.NewID(), a.Now())
	return anonymousSessionKind.insert(l.docs, s)
}

// issueRefreshed issues a refresh token for customerID ("" for an anonymous session) with
// scopes, bound to unitKey ("" for none), and the first access token from it.
func (a *App) issueRefreshed(tx store.Tx, client *procura.APIClient, customerID, unitKey string, scopes Scopes) (*Token, error) {
	refresh := &procura.RefreshToken{ID: a.NewID(), ProjectKey: client.ProjectKey, ClientID: client.ID, CustomerID: customerID,
		Scope: scopes.String(), BusinessUnit: unitKey, ExpiresAt: a.Now().Add(a.RefreshTTL)}
	raw := randomToken(32)
	refresh.Hash = hashSecret(raw)
	if err := tx.SaveRefreshToken(refresh); err != nil {
		return nil, err
	}
	tok, err := a.issueCustomer(tx, refresh, unitKey)
	if err != nil {
		return nil, err
	}
	tok.RefreshToken = raw
	return tok, nil
}

// maxTakenOver bounds the carts one sign-in takes over of an anonymous session.
const maxTakenOver = 100

// takeOver gives the customer the carts t names, in the transaction of the sign-in or sign-up
// that asks for it, and returns the customer's active cart then (nil for none): the session's
// active cart merged into the customer's (MergeWithExistingCustomerCart, when both are Active in
// one currency), or else the session's active cart itself. A cart of a business unit is no
// session's: a named one is refused, one of the session's is left where it is.
func (a *App) takeOver(l *lookup, customerID string, t procura.Takeover) (*procura.Cart, error) {
	if t.Empty() {
		return nil, nil
	}
	mine, err := a.ownActiveCart(l, customerID)
	if err != nil {
		return nil, err
	}
	var carts []*storedCart
	if t.AnonymousID != "" {
		if carts, err = a.cartsOf(l, procura.AnonymousOwner(t.AnonymousID), maxTakenOver); err != nil {
			return nil, err
		}
		if err := a.claimSession(l, t.AnonymousID, customerID); err != nil {
			return nil, err
		}
	}
	var session *storedCart // the session's active cart
	if t.Cart != nil {
		var listed bool
		if session, listed, err = a.namedCart(l, *t.Cart, carts); err != nil {
			return nil, err
		}
		if !listed && t.AnonymousID != "" {
			return nil, procura.InvalidOperation("The cart '%s' is not a cart of the anonymous session '%s'.", session.ID, t.AnonymousID)
		}
		if !listed {
			carts = append(carts, session)
		}
	}
	ch := a.cartChange(l)
	var active *procura.Cart
	for _, sc := range carts {
		if sc.BusinessUnit != nil || sc.CustomerID != "" {
			continue
		}
		if err := sc.TakeOver(customerID); err != nil {
			return nil, err
		}
		if session == nil && sc.CartState == procura.CartActive {
			session = sc // the most recently changed (cartsOf's order)
		}
	}
	switch {
	case session == nil || session.CartState != procura.CartActive:
		if mine != nil {
			active = &mine.Cart
		}
	case t.Mode == procura.MergeWithExistingCustomerCart && mine != nil && mine.CanMerge(&session.Cart):
		if err := mine.Merge(&session.Cart, ch); err != nil {
			return nil, err
		}
		carts = append(carts, mine)
		active = &mine.Cart
	default:
		active = &session.Cart
	}
	for _, sc := range carts {
		if sc.CustomerID != customerID {
			continue
		}
		if err := a.saveTaken(l, sc); err != nil {
			return nil, err
		}
	}
	return active, nil
}

// ownActiveCart returns the customer's most recently changed Active cart outside every unit (nil
// for none) among their latest ones: a company's cart changes only with its unit's permissions,
// so no sign-in merges into it.
func (a *App) ownActiveCart(l *lookup, customerID string) (*storedCart, error) {
	carts, err := a.cartsOf(l, customerID, maxTakenOver, procura.CartActive)
	for _, sc := range carts {
		if sc.BusinessUnit == nil {
			return sc, err
		}
	}
	return nil, err
}

// cartsOf returns at most limit carts of owner (in states, if any), most recently changed first.
func (a *App) cartsOf(l *lookup, owner string, limit int, states ...string) ([]*storedCart, error) {
	f := store.Filter{Type: procura.TypeCart, Owner: owner, Limit: limit, States: states,
		Sort: []store.SortBy{{Column: store.ColumnModifiedAt, Desc: true}}}
	docs, _, err := l.docs.Find(f)
	if err != nil {
		return nil, err
	}
	out := make([]*storedCart, 0, len(docs))
	for _, doc := range docs {
		sc, err := cartKind.decoded(l, doc)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// namedCart loads the anonymous cart a sign-in names, and whether it is one of carts already.
func (a *App) namedCart(l *lookup, ri procura.ResourceIdentifier, carts []*storedCart) (sc *storedCart, listed bool, err error) {
	for _, c := range carts {
		if c.ID == ri.ID || (ri.Key != "" && c.Key == ri.Key) {
			sc, listed = c, true
		}
	}
	if sc == nil {
		doc, err := getDoc(l.docs, procura.TypeCart, Ref{ID: ri.ID, Key: ri.Key})
		if err != nil {
			return nil, false, referenced(err, procura.TypeCart, or(ri.ID, ri.Key))
		}
		if sc, err = cartKind.decoded(l, doc); err != nil {
			return nil, false, err
		}
	}
	if sc.CustomerID != "" || sc.BusinessUnit != nil {
		return nil, false, procura.InvalidOperation("The cart '%s' is no anonymous cart: it has a customer or a business unit.", sc.ID)
	}
	return sc, listed, nil
}

// saveTaken saves a cart taken over (or merged into) at the version it was read.
func (a *App) saveTaken(l *lookup, sc *storedCart) error {
	version := sc.Version
	sc.Touch(a.Now())
	return a.saveCart(l, &sc.Cart, version)
}

// claimSession records that the customer took the session's carts over: its id stays in use.
func (a *App) claimSession(l *lookup, id, customerID string) error {
	s, doc, err := anonymousSessionKind.load(l, Ref{Key: id})
	switch {
	case procura.ErrorCode(err) == procura.CodeResourceNotFound:
		s = &anonymousSession{AnonymousID: id, CustomerID: customerID}
		s.Stamp(a.NewID(), a.Now())
		return anonymousSessionKind.insert(l.docs, s)
	case err != nil:
		return err
	}
	version := doc.Version
	s.CustomerID = customerID
	s.Touch(a.Now())
	return anonymousSessionKind.save(l.docs, s, version)
}
