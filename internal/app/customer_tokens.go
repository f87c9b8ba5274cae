package app

import (
	"context"
	"errors"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// customerScopeNames are the scopes a customer's token may carry: the customer's own resources
// and the public catalog. A client's wider scopes (manage_project, manage_orders, …) never pass
// into a customer's token, whatever the client holds.
var customerScopeNames = []string{
	"manage_my_profile", "manage_my_business_units", "manage_my_orders", "manage_my_quote_requests",
	"manage_my_quotes", "manage_my_shopping_lists", "manage_my_payments", "view_products", "view_published_products", "view_categories",
}

// UnitChoice names the business unit a customer's token is to act for: by key, or by id (the
// legalEntityId of storefronts built on the Emporix convention). Empty: none.
type UnitChoice struct{ Key, ID string }

func (u UnitChoice) empty() bool { return u.Key == "" && u.ID == "" }

func invalidClient() error {
	return procura.OAuthError(procura.CodeInvalidClient, "Please provide valid client credentials using HTTP Basic Authentication.")
}

func invalidGrant(desc string) error { return procura.OAuthError(procura.CodeInvalidGrant, desc) }

// client authenticates an API client.
func (a *App) client(tx store.Tx, id, secret string) (*procura.APIClient, error) {
	c, err := tx.APIClient(id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !secretMatches(c.SecretHash, secret)) {
		return nil, invalidClient()
	}
	return c, err
}

// customerScopes returns the scopes a customer token gets: of those asked for, the ones a
// customer may hold and the client holds; when none is (or none is asked for), every customer
// scope the client holds. Scopes a customer cannot hold are left out, not refused (RFC 6749
// §3.3: the token's scope says what was given): the SDKs ask with the client's own scopes.
// Signing in in a store (store != ""), each scope with a store-scoped form is narrowed to that
// store, and a scope of another store is left out.
func customerScopes(c *procura.APIClient, asked, store string) (Scopes, error) {
	held := ParseScopes(c.Scope)
	narrowed := func(s string) (string, bool) {
		name, project, st := scopeParts(s)
		if project != c.ProjectKey || !contains(customerScopeNames, name) || store != "" && st != "" && st != store {
			return "", false
		}
		if store != "" && storeScoped(name) {
			st = store
		}
		if st == "" {
			return s, held.Allows(name, project)
		}
		return name + ":" + project + ":" + st, storeScoped(name) && held.AllowsInStore(name, project, st)
	}
	var out Scopes
	for _, s := range ParseScopes(asked) {
		if s, ok := narrowed(s); ok && !contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) > 0 {
		return out, nil
	}
	for _, s := range held { // the client's store-scoped scopes, then the project-wide ones
		if _, _, st := scopeParts(s); st != "" {
			if s, ok := narrowed(s); ok && !contains(out, s) {
				out = append(out, s)
			}
		}
	}
	for _, name := range customerScopeNames {
		if s, ok := narrowed(name + ":" + c.ProjectKey); ok && !contains(out, s) {
			out = append(out, s)
		}
	}
	if len(out) == 0 {
		return nil, procura.OAuthError(procura.CodeInvalidScope, "This client holds no scope a customer may be given.")
	}
	return out, nil
}

// PasswordGrant signs a customer in with the password flow and issues an access token and a
// refresh token, bound to the chosen business unit when one is named. A store-specific customer
// signs in only through StorePasswordGrant.
func (a *App) PasswordGrant(ctx context.Context, clientID, secret, projectKey, email, password, scope string, unit UnitChoice, address string) (*Token, error) {
	return a.StorePasswordGrant(ctx, "", clientID, secret, projectKey, email, password, scope, unit, address)
}

// StorePasswordGrant is the password flow of the in-store token endpoint: only a customer of the
// store (or a global one) signs in, and the token's scopes are narrowed to the store
// (customerScopes). With store "", it is the global PasswordGrant.
func (a *App) StorePasswordGrant(ctx context.Context, storeKey, clientID, secret, projectKey, email, password, scope string, unit UnitChoice, address string) (*Token, error) {
	var client *procura.APIClient
	var scopes Scopes
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		var err error
		if client, err = a.client(tx, clientID, secret); err != nil {
			return err
		}
		if client.ProjectKey != projectKey {
			return invalidClient()
		}
		scopes, err = customerScopes(client, scope, storeKey)
		return err
	})
	if err != nil {
		return nil, err
	}
	sc, err := a.authenticateCustomer(ctx, projectKey, signInAt(storeKey), email, password, address)
	if procura.ErrorCode(err) == procura.CodeInvalidCredentials {
		return nil, procura.OAuthError(procura.CodeInvalidCustomerCredentials, "Customer account with the given credentials not found.")
	}
	if err != nil {
		return nil, err
	}
	var tok *Token
	err = a.Store.Write(ctx, func(tx store.Tx) error {
		key, err := a.bindUnit(tx, projectKey, sc.ID, unit)
		if err != nil {
			return err
		}
		tok, err = a.issueRefreshed(tx, client, sc.ID, key, scopes)
		return err
	})
	return tok, err
}

// RefreshGrant issues a new access token with a refresh token, optionally for another business
// unit of the customer (switching the active company); an anonymous session's keeps its
// anonymous_id.
func (a *App) RefreshGrant(ctx context.Context, clientID, secret, refreshToken string, unit UnitChoice) (*Token, error) {
	var tok *Token
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		client, err := a.client(tx, clientID, secret)
		if err != nil {
			return err
		}
		refresh, err := tx.RefreshToken(hashSecret(refreshToken))
		if errors.Is(err, store.ErrNotFound) || (err == nil && (refresh.ClientID != client.ID || !a.Now().Before(refresh.ExpiresAt))) {
			return invalidGrant("The refresh token was not found. It may have expired or been revoked.")
		}
		if err != nil {
			return err
		}
		if refresh.CustomerID == "" && !unit.empty() {
			return invalidGrant("An anonymous session acts for no business unit.")
		}
		if unit.empty() && refresh.BusinessUnit != "" {
			unit = UnitChoice{Key: refresh.BusinessUnit}
		}
		key, err := a.bindUnit(tx, refresh.ProjectKey, refresh.CustomerID, unit)
		if err != nil {
			return err
		}
		tok, err = a.issueCustomer(tx, refresh, key)
		return err
	})
	return tok, err
}

// bindUnit resolves the unit a token is to act for and checks that the customer is an associate
// of it (explicitly or by inheritance); else invalid_grant.
func (a *App) bindUnit(tx store.Tx, projectKey, customerID string, unit UnitChoice) (string, error) {
	if unit.empty() {
		return "", nil
	}
	id, err := a.projectID(tx, projectKey)
	if err != nil {
		return "", err
	}
	ok, key, err := isAssociateOf(&lookup{docs: tx.Docs(id)}, customerID, Ref{ID: unit.ID, Key: unit.Key})
	if err != nil {
		return "", err
	}
	if !ok {
		return "", invalidGrant("The customer is not an associate of the business unit '" + or(unit.Key, unit.ID) + "'.")
	}
	return key, nil
}

// isAssociateOf reports whether the customer acts for the unit r names, and the unit's key.
func isAssociateOf(l *lookup, customerID string, r Ref) (bool, string, error) {
	u, err := l.unitRef(r)
	if procura.ErrorCode(err) == procura.CodeResourceNotFound {
		return false, "", nil
	}
	if err != nil {
		return false, "", err
	}
	chain, err := l.chain(u)
	if err != nil {
		return false, "", err
	}
	return procura.IsAssociate(customerID, chain), u.Key, nil
}

func (a *App) issueCustomer(tx store.Tx, refresh *procura.RefreshToken, unitKey string) (*Token, error) {
	scopes := ParseScopes(refresh.Scope)
	if refresh.CustomerID != "" { // an anonymous session's scope names its anonymous_id instead
		scopes = append(scopes, "customer_id:"+refresh.CustomerID)
	}
	if unitKey != "" {
		scopes = append(scopes, "business_unit:"+unitKey)
	}
	raw := randomToken(32)
	at := &procura.AccessToken{Hash: hashSecret(raw), ProjectKey: refresh.ProjectKey, ClientID: refresh.ClientID,
		Scope: scopes.String(), CustomerID: refresh.CustomerID, BusinessUnit: unitKey, Family: refresh.ID,
		ExpiresAt: a.Now().Add(a.TokenTTL)}
	if err := tx.SaveToken(at); err != nil {
		return nil, err
	}
	return &Token{AccessToken: raw, TokenType: "Bearer", ExpiresIn: int64(a.TokenTTL.Seconds()), Scope: at.Scope, BusinessUnit: unitKey}, nil
}

// Revoke revokes a refresh token (with every access token issued from it) or an access token
// of the authenticated client (RFC 7009). Unknown tokens are not an error.
func (a *App) Revoke(ctx context.Context, clientID, secret, token string) error {
	hash := hashSecret(token)
	family := ""
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		client, err := a.client(tx, clientID, secret)
		if err != nil {
			return err
		}
		if r, err := tx.RefreshToken(hash); err == nil && r.ClientID == client.ID {
			family = r.ID
			return tx.RevokeRefreshToken(r.ID)
		}
		if at, err := tx.Token(hash); err == nil && at.ClientID == client.ID {
			return tx.DeleteToken(hash)
		}
		return nil
	})
	if err == nil {
		a.tokens.purge(func(h string, e cachedToken) bool { return h == hash || (family != "" && e.family == family) })
	}
	return err
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
