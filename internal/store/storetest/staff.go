package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/procura/procura/internal/store"
)

func testStaff(t *testing.T, s store.Store) {
	now := time.UnixMilli(time.Now().UnixMilli())
	mustWrite(t, s, func(tx store.Tx) error {
		for _, m := range []*store.StaffMember{
			{ID: "m1", Email: "zoe@seller.example", PasswordHash: "h", Role: "admin"},
			{ID: "m2", Email: "ann@seller.example", PasswordHash: "h", Role: "viewer", ProjectKey: "acme"},
		} {
			m.CreatedAt = now
			if err := tx.CreateStaff(m); err != nil {
				return err
			}
		}
		return nil
	})
	err := s.Write(context.Background(), func(tx store.Tx) error {
		return tx.CreateStaff(&store.StaffMember{ID: "m3", Email: "ann@seller.example", Role: "admin", CreatedAt: now})
	})
	if dup := (*store.DuplicateError)(nil); !errors.As(err, &dup) {
		t.Errorf("a second member of one email: %v", err)
	}
	mustWrite(t, s, func(tx store.Tx) error {
		m, err := tx.StaffByEmail("ann@seller.example")
		if err != nil || m.ID != "m2" || m.Role != "viewer" || m.ProjectKey != "acme" || !m.CreatedAt.Equal(now) {
			return fmt.Errorf("StaffByEmail: %+v %v", m, err)
		}
		if m, err := tx.StaffByID("m1"); err != nil || m.ProjectKey != "" || m.Email != "zoe@seller.example" {
			return fmt.Errorf("StaffByID: %+v %v", m, err)
		}
		if _, err := tx.StaffByEmail("nobody@seller.example"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("an unknown email: %v", err)
		}
		list, err := tx.ListStaff()
		if err != nil || len(list) != 2 || list[0].Email != "ann@seller.example" {
			return fmt.Errorf("ListStaff, by email: %+v %v", list, err)
		}
		for i, hash := range []string{"s1", "s2"} {
			err := tx.SaveStaffSession(&store.StaffSession{Hash: hash, ID: "id-" + hash, StaffID: "m1", UserAgent: "Firefox", Address: "192.0.2.1",
				CreatedAt: now, LastSeenAt: now, ExpiresAt: now.Add(time.Duration(i+1) * time.Hour)})
			if err != nil {
				return err
			}
		}
		later := now.Add(time.Minute)
		if err := tx.TouchStaffSession("s1", later); err != nil {
			return err
		}
		if w, err := tx.StaffSession("s1"); err != nil || w.StaffID != "m1" || w.ID != "id-s1" || !w.LastSeenAt.Equal(later) || !w.ExpiresAt.Equal(now.Add(time.Hour)) {
			return fmt.Errorf("StaffSession: %+v %v", w, err)
		}
		if err := tx.TouchStaffSession("nope", later); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("touching no session: %v", err)
		}
		if n, err := tx.DeleteExpiredTokens(now.Add(90 * time.Minute)); err != nil || n != 1 {
			return fmt.Errorf("expired: %d %v", n, err)
		}
		if err := tx.DeleteStaffSession("s2"); err != nil {
			return err
		}
		for _, hash := range []string{"s1", "s2"} {
			if _, err := tx.StaffSession(hash); !errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("session %s survived: %v", hash, err)
			}
		}
		return nil
	})
	// Removing a member removes their sessions, and no one else's.
	mustWrite(t, s, func(tx store.Tx) error {
		for _, w := range []*store.StaffSession{{Hash: "r1", ID: "rid1", StaffID: "m2"}, {Hash: "r2", ID: "rid2", StaffID: "m1"}} {
			w.CreatedAt, w.LastSeenAt, w.ExpiresAt = now, now, now.Add(time.Hour)
			if err := tx.SaveStaffSession(w); err != nil {
				return err
			}
		}
		if err := tx.DeleteStaff("m2"); err != nil {
			return err
		}
		if _, err := tx.StaffByID("m2"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("the removed member: %v", err)
		}
		if _, err := tx.StaffSession("r1"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("the removed member's session: %v", err)
		}
		if _, err := tx.StaffSession("r2"); err != nil {
			return fmt.Errorf("another member's session: %v", err)
		}
		if err := tx.DeleteStaff("m2"); !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("removing no member: %v", err)
		}
		return nil
	})
}
