package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// testAPIClientRemoval: a project's clients are listed by creation, without their secrets'
// hashes; removing one removes its access and refresh tokens and no other client's, and is
// ErrNotFound in another project.
func testAPIClientRemoval(t *testing.T, s store.Store) {
	newProject(t, s, "acme")
	newProject(t, s, "other")
	hour := time.Now().Add(time.Hour)
	mustWrite(t, s, func(tx store.Tx) error {
		for _, c := range []*procura.APIClient{
			{ID: "c2", ProjectKey: "acme", Scope: "view_orders:acme", SecretHash: "h2", CreatedAt: "2026-01-02T00:00:00.000Z"},
			{ID: "c1", ProjectKey: "acme", Scope: "manage_project:acme", SecretHash: "h1", CreatedAt: "2026-01-01T00:00:00.000Z"},
			{ID: "o1", ProjectKey: "other", Scope: "manage_project:other", SecretHash: "h3", CreatedAt: "2026-01-01T00:00:00.000Z"},
		} {
			if err := tx.CreateAPIClient(c); err != nil {
				return err
			}
		}
		for _, a := range []*procura.AccessToken{
			{Hash: "a1", ProjectKey: "acme", ClientID: "c1", Scope: "s", ExpiresAt: hour},
			{Hash: "a2", ProjectKey: "acme", ClientID: "c2", Scope: "s", ExpiresAt: hour},
			{Hash: "a3", ProjectKey: "acme", ClientID: "c1", Scope: "s", CustomerID: "alice", ExpiresAt: hour},
		} {
			if err := tx.SaveToken(a); err != nil {
				return err
			}
		}
		return tx.SaveRefreshToken(&procura.RefreshToken{ID: "r1", Hash: "rh1", ProjectKey: "acme", ClientID: "c1", CustomerID: "alice", Scope: "s", ExpiresAt: hour})
	})
	mustWrite(t, s, func(tx store.Tx) error {
		list, err := tx.APIClients("acme")
		if err != nil || len(list) != 2 || list[0].ID != "c1" || list[1].ID != "c2" || list[0].SecretHash != "" || list[1].Scope != "view_orders:acme" {
			return fmt.Errorf("APIClients: %+v %v", list, err)
		}
		if err := tx.DeleteAPIClient("other", "c1"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("removing another project's client: %v", err)
		}
		if err := tx.DeleteAPIClient("acme", "c1"); err != nil {
			return err
		}
		if _, err := tx.APIClient("c1"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("the removed client: %v", err)
		}
		for _, h := range []string{"a1", "a3"} {
			if _, err := tx.Token(h); !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("the removed client's token %s: %v", h, err)
			}
		}
		if _, err := tx.RefreshToken("rh1"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("the removed client's refresh token: %v", err)
		}
		if _, err := tx.Token("a2"); err != nil {
			return fmt.Errorf("another client's token: %v", err)
		}
		if list, err := tx.APIClients("other"); err != nil || len(list) != 1 {
			return fmt.Errorf("the other project's clients: %+v %v", list, err)
		}
		return nil
	})
}
