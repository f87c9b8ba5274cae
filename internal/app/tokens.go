package app

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// CreateProject creates a tenant.
func (a *App) CreateProject(ctx context.Context, key, name string) (*procura.Project, error) {
	p, err := procura.NewProject(key, name, a.NewID(), a.Now())
	if err != nil {
		return nil, err
	}
	err = a.Store.Write(ctx, func(tx store.Tx) error { return tx.CreateProject(p) })
	var dup *store.DuplicateError
	if errors.As(err, &dup) {
		return nil, procura.DuplicateField("key", key)
	}
	return p, err
}

// NewClient is an API client as created, with its secret in clear (shown once).
type NewClient struct {
	ID     string `json:"id"`
	Secret string `json:"secret"`
	Scope  string `json:"scope"`
}

// CreateAPIClient creates an API client of project projectKey with the given scopes; id and
// secret are generated when empty. Every scope must name a known scope of that project.
func (a *App) CreateAPIClient(ctx context.Context, projectKey, scope, id, secret string) (*NewClient, error) {
	scopes := ParseScopes(scope)
	if len(scopes) == 0 {
		return nil, procura.RequiredField("scope")
	}
	for _, s := range scopes {
		name, p, st := scopeParts(s)
		if p != projectKey || !knownScope(name) || st != "" && (!storeScoped(name) || procura.CheckKey("scope", st) != nil) {
			return nil, procura.InvalidInput("The scope '%s' is not a scope of project '%s' (write NAME:%s, or NAME:%s:STORE for a store-scoped NAME, with a known NAME).", s, projectKey, projectKey, projectKey)
		}
	}
	if id == "" {
		id = randomToken(18)
	}
	if secret == "" {
		secret = randomToken(24)
	}
	if len(secret) < 16 {
		return nil, procura.InvalidInput("A client secret has at least 16 characters.")
	}
	c := &procura.APIClient{ID: id, ProjectKey: projectKey, Scope: scopes.String(), SecretHash: hashSecret(secret), CreatedAt: procura.FormatTime(a.Now())}
	err := a.Store.Write(ctx, func(tx store.Tx) error { return tx.CreateAPIClient(c) })
	var dup *store.DuplicateError
	switch {
	case errors.As(err, &dup):
		return nil, procura.DuplicateField("id", id)
	case errors.Is(err, store.ErrNotFound):
		return nil, procura.NotFound(projectKey)
	case err != nil:
		return nil, err
	}
	return &NewClient{ID: id, Secret: secret, Scope: c.Scope}, nil
}

// Token is the answer of the token endpoint.
type Token struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
	Scope       string `json:"scope"`
	// RefreshToken is set by the password grant.
	RefreshToken string `json:"refresh_token,omitempty"`
	// BusinessUnit is the key of the unit a customer's token acts for.
	BusinessUnit string `json:"business_unit,omitempty"`
}

// ClientCredentials issues a token to an API client (RFC 6749 §4.4). scope, when given, must be a
// subset of the client's scopes.
func (a *App) ClientCredentials(ctx context.Context, clientID, secret, scope string) (*Token, error) {
	var tok *Token
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		c, err := tx.APIClient(clientID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !secretMatches(c.SecretHash, secret)) {
			return invalidClient()
		}
		if err != nil {
			return err
		}
		granted := ParseScopes(c.Scope)
		if scope != "" {
			// Any subset of what the client holds, where manage_project holds every scope and
			// manage_X holds view_X; the token's scope says what it was given.
			asked := ParseScopes(scope)
			for _, s := range asked {
				if !mayAsk(granted, s) {
					return procura.OAuthError(procura.CodeInvalidScope, fmt.Sprintf("The client may not ask for scope '%s'.", s))
				}
			}
			granted = asked
		}
		tok, err = a.issue(tx, c, granted)
		return err
	})
	return tok, err
}

// mayAsk reports whether a client holding granted may ask for the scope s: a known scope it
// holds, project-wide or (a store-scoped name) for one store.
func mayAsk(granted Scopes, s string) bool {
	name, project, st := scopeParts(s)
	if !knownScope(name) && !contains(customerScopeNames, name) {
		return false
	}
	if st == "" {
		return granted.Allows(name, project)
	}
	return storeScoped(name) && granted.AllowsInStore(name, project, st)
}

func (a *App) issue(tx store.Tx, c *procura.APIClient, scopes Scopes) (*Token, error) {
	raw := randomToken(32)
	at := &procura.AccessToken{Hash: hashSecret(raw), ProjectKey: c.ProjectKey, ClientID: c.ID, Scope: scopes.String(),
		ExpiresAt: a.Now().Add(a.TokenTTL)}
	if err := tx.SaveToken(at); err != nil {
		return nil, err
	}
	return &Token{AccessToken: raw, TokenType: "Bearer", ExpiresIn: int64(a.TokenTTL.Seconds()), Scope: at.Scope}, nil
}

// Authenticate returns the caller a bearer token stands for, or invalid_token. A token bound to
// a business unit is valid only while its customer is an associate of that unit.
func (a *App) Authenticate(ctx context.Context, bearer string) (Caller, error) {
	if bearer == "" {
		return Caller{}, procura.InvalidToken("This endpoint requires an access token. You can get one from the authorization server.")
	}
	hash := hashSecret(bearer)
	if c, ok := a.tokens.get(hash, a.Now()); ok && c.BusinessUnit == "" {
		a.Counters.TokenCacheHits.Add(1)
		return c, nil
	}
	a.Counters.TokenCacheMisses.Add(1)
	var c Caller
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		at, err := tx.Token(hash)
		if errors.Is(err, store.ErrNotFound) || (err == nil && !a.Now().Before(at.ExpiresAt)) {
			return procura.InvalidToken("invalid_token")
		}
		if err != nil {
			return err
		}
		c = Caller{ProjectKey: at.ProjectKey, ClientID: at.ClientID, Scopes: ParseScopes(at.Scope), CustomerID: at.CustomerID, BusinessUnit: at.BusinessUnit}
		if at.CustomerID == "" {
			c.AnonymousID = anonymousIDOf(c.Scopes)
		}
		if at.BusinessUnit != "" {
			return a.checkBinding(tx, c) // a bound token's unit is checked on every request
		}
		a.tokens.put(hash, c, at.Family, at.ExpiresAt, a.Now())
		return nil
	})
	return c, err
}

// checkBinding: the customer of a bound token must still act for its unit.
func (a *App) checkBinding(tx store.Tx, c Caller) error {
	id, err := a.projectID(tx, c.ProjectKey)
	if err != nil {
		return err
	}
	ok, _, err := isAssociateOf(&lookup{docs: tx.Docs(id)}, c.CustomerID, Ref{Key: c.BusinessUnit})
	if err == nil && !ok {
		err = procura.InvalidToken("The token acts for business unit '" + c.BusinessUnit + "', of which the customer is no longer an associate. Refresh the token for another unit.")
	}
	return err
}

func randomToken(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // the system's random source failing is not recoverable
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// hashSecret hashes a high-entropy secret (client secret or token) for storage.
func hashSecret(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func secretMatches(hash, secret string) bool {
	return subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) == 1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
