package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura/internal/store"
)

func testWebSessions(t *testing.T, s store.Store) {
	newProject(t, s, "acme")
	now := time.UnixMilli(time.Now().UnixMilli())
	mustWrite(t, s, func(tx store.Tx) error {
		for i, w := range []*store.WebSession{
			{Hash: "h1", ID: "s1", CustomerID: "alice", UserAgent: "Firefox", Address: "192.0.2.1"},
			{Hash: "h2", ID: "s2", CustomerID: "alice", BusinessUnit: "acme-corp"},
			{Hash: "h3", ID: "s3", CustomerID: "bob"},
		} {
			w.ProjectKey, w.CreatedAt, w.LastSeenAt = "acme", now.Add(time.Duration(i)*time.Second), now
			w.ExpiresAt = now.Add(time.Hour)
			if err := tx.SaveWebSession(w); err != nil {
				return err
			}
		}
		w, err := tx.WebSession("h1")
		if err != nil || w.ID != "s1" || w.ProjectKey != "acme" || w.CustomerID != "alice" || w.BusinessUnit != "" ||
			w.UserAgent != "Firefox" || w.Address != "192.0.2.1" || !w.ExpiresAt.Equal(now.Add(time.Hour)) {
			return fmt.Errorf("WebSession: %+v %v", w, err)
		}
		later := now.Add(time.Minute)
		if err := tx.TouchWebSession("h1", later, "acme-eng"); err != nil {
			return err
		}
		if w, err := tx.WebSession("h1"); err != nil || !w.LastSeenAt.Equal(later) || w.BusinessUnit != "acme-eng" {
			return fmt.Errorf("touched: %+v %v", w, err)
		}
		if err := tx.TouchWebSession("nope", later, ""); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("touching no session: %v", err)
		}
		list, err := tx.CustomerWebSessions("acme", "alice")
		if err != nil || len(list) != 2 || list[0].ID != "s2" || list[1].ID != "s1" {
			return fmt.Errorf("alice's sessions, newest first: %+v %v", list, err)
		}
		if err := tx.DeleteWebSession("h2"); err != nil {
			return err
		}
		if _, err := tx.WebSession("h2"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("deleted session: %v", err)
		}
		if err := tx.RevokeCustomerTokens("acme", "alice"); err != nil {
			return err
		}
		if _, err := tx.WebSession("h1"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("alice's session survived the revocation of her tokens: %v", err)
		}
		if n, err := tx.DeleteExpiredTokens(now.Add(2 * time.Hour)); err != nil || n != 1 {
			return fmt.Errorf("expired: %d %v", n, err)
		}
		if _, err := tx.WebSession("h3"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("an expired session survived: %v", err)
		}
		return nil
	})
}
