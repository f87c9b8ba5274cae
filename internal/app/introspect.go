package app

import (
	"context"
	"errors"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Introspection is what POST /oauth/introspect says of a token (RFC 7662, as the reference has
// it): whether it is active and, if so, its scope, expiry (Unix seconds) and client.
type Introspection struct {
	Active   bool   `json:"active"`
	Scope    string `json:"scope,omitempty"`
	Exp      int64  `json:"exp,omitempty"`
	ClientID string `json:"client_id,omitempty"`
}

// Introspect tells a client holding introspect_oauth_tokens about an access token of its own
// project: a token of another project, expired, revoked, unknown, or bound to a unit its customer
// has left, is inactive alike.
func (a *App) Introspect(ctx context.Context, clientID, secret, token string) (*Introspection, error) {
	out := &Introspection{}
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		client, err := a.client(tx, clientID, secret)
		if err != nil {
			return err
		}
		if !ParseScopes(client.Scope).Allows("introspect_oauth_tokens", client.ProjectKey) {
			return procura.InsufficientScope("introspect_oauth_tokens:" + client.ProjectKey)
		}
		at, err := tx.Token(hashSecret(token))
		if errors.Is(err, store.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if at.ProjectKey != client.ProjectKey || !a.Now().Before(at.ExpiresAt) {
			return nil
		}
		if at.BusinessUnit != "" {
			// As Authenticate: a bound token lives while its customer acts for its unit.
			err := a.checkBinding(tx, Caller{ProjectKey: at.ProjectKey, CustomerID: at.CustomerID, BusinessUnit: at.BusinessUnit})
			if procura.ErrorCode(err) == procura.CodeInvalidToken {
				return nil
			}
			if err != nil {
				return err
			}
		}
		*out = Introspection{Active: true, Scope: at.Scope, Exp: at.ExpiresAt.Unix(), ClientID: at.ClientID}
		return nil
	})
	return out, err
}
