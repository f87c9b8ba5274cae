package app

import (
	"testing"

	"github.com/procura/procura"
)

func TestStoreScopedScopesReachOnlyTheirStore(t *testing.T) {
	for _, tc := range []struct {
		held              string
		name, store       string
		inStore, anywhere bool
	}{
		{"manage_customers:acme:s1", "manage_customers", "s1", true, false},
		{"manage_customers:acme:s1", "view_customers", "s1", true, false},
		{"manage_customers:acme:s1", "manage_customers", "s2", false, false},
		{"view_customers:acme:s1", "manage_customers", "s1", false, false},
		{"manage_customers:other:s1", "manage_customers", "s1", false, false},
		{"manage_customers:acme", "manage_customers", "s1", true, true},
		{"manage_project:acme", "manage_my_orders", "s1", true, true},
		// no store-scoped form: the scope is not one, even written with a store
		{"manage_approval_rules:acme:s1", "manage_approval_rules", "s1", false, false},
		{"manage_project:acme:s1", "manage_customers", "s1", false, false},
	} {
		s := ParseScopes(tc.held)
		if got := s.AllowsInStore(tc.name, "acme", tc.store); got != tc.inStore {
			t.Errorf("%s in store %s with %s: got %v, want %v", tc.name, tc.store, tc.held, got, tc.inStore)
		}
		if got := s.Allows(tc.name, "acme"); got != tc.anywhere {
			t.Errorf("%s outside stores with %s: got %v, want %v", tc.name, tc.held, got, tc.anywhere)
		}
	}
}

func TestAClientMayAskForStoreScopesItHolds(t *testing.T) {
	for _, tc := range []struct {
		held, asked string
		want        bool
	}{
		{"manage_customers:acme:s1", "manage_customers:acme:s1", true},
		{"manage_customers:acme:s1", "view_customers:acme:s1", true},
		{"manage_customers:acme:s1", "manage_customers:acme:s2", false},
		{"manage_customers:acme:s1", "manage_customers:acme", false},
		{"manage_customers:acme", "manage_customers:acme:s2", true},
		{"manage_project:acme", "manage_orders:acme:s2", true},
		{"manage_project:acme", "manage_approval_rules:acme:s2", false},
	} {
		if got := mayAsk(ParseScopes(tc.held), tc.asked); got != tc.want {
			t.Errorf("holding %s, asking %s: got %v, want %v", tc.held, tc.asked, got, tc.want)
		}
	}
}

func TestAStoreSignInNarrowsTheCustomerScopes(t *testing.T) {
	for _, tc := range []struct {
		held, asked, store, want string
	}{
		{"manage_my_profile:acme manage_my_business_units:acme", "", "s1", "manage_my_profile:acme:s1 manage_my_business_units:acme"},
		{"manage_my_profile:acme:s1", "", "", "manage_my_profile:acme:s1"},
		{"manage_my_profile:acme:s1", "", "s1", "manage_my_profile:acme:s1"},
		{"manage_my_profile:acme", "manage_my_profile:acme:s2", "s1", "manage_my_profile:acme:s1"},
		{"manage_my_profile:acme", "manage_my_profile:acme", "", "manage_my_profile:acme"},
	} {
		got, err := customerScopes(&procura.APIClient{Scope: tc.held, ProjectKey: "acme"}, tc.asked, tc.store)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != tc.want {
			t.Errorf("holding %q, asking %q in store %q: got %q, want %q", tc.held, tc.asked, tc.store, got, tc.want)
		}
	}
}
