package app_test

import (
	"fmt"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// TestExpandNeedsTheViewScope: an expanded reference shows a record the caller could read by
// itself, nothing more. A client expands customers with view_customers only; a customer
// expands their own record only, and no business unit.
func TestExpandNeedsTheViewScope(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		alice, bob := w.customers["alice@acme.example"], w.customers["bob@acme.example"]
		unit := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "eng"}))
		expanded := func(caller app.Caller, path string) []bool {
			t.Helper()
			m := must[map[string]any](t)(app.ToMap(unit))
			if err := a.Expand(ctx, caller, m, []string{path}); err != nil {
				t.Fatal(err)
			}
			var out []bool
			for _, as := range m["inheritedAssociates"].([]any) {
				as := as.(map[string]any)
				switch path {
				case "inheritedAssociates[*].customer":
					_, ok := as["customer"].(map[string]any)["obj"]
					out = append(out, ok)
				default:
					_, ok := as["associateRoleAssignments"].([]any)[0].(map[string]any)["associateRole"].(map[string]any)["obj"]
					out = append(out, ok)
				}
			}
			return out
		}
		client := func(scopes ...string) app.Caller {
			cc := app.Caller{ProjectKey: c.ProjectKey}
			for _, s := range scopes {
				cc.Scopes = append(cc.Scopes, s+":"+c.ProjectKey)
			}
			return cc
		}
		customer := func(id string) app.Caller { cc := client(); cc.CustomerID = id; return cc }
		for _, tc := range []struct {
			name   string
			caller app.Caller
			path   string
			want   string // one flag per inherited associate: alice, bob
		}{
			{"units only", client("view_business_units"), "inheritedAssociates[*].customer", "[false false]"},
			{"with view_customers", client("view_business_units", "view_customers"), "inheritedAssociates[*].customer", "[true true]"},
			{"manage_customers", client("manage_customers"), "inheritedAssociates[*].customer", "[true true]"},
			{"alice herself", customer(alice), "inheritedAssociates[*].customer", "[true false]"},
			{"bob himself", customer(bob), "inheritedAssociates[*].customer", "[false true]"},
			{"roles without view_associate_roles", client("view_business_units"), "inheritedAssociates[*].associateRoleAssignments[*].associateRole", "[false false]"},
			{"roles with view_associate_roles", client("view_associate_roles"), "inheritedAssociates[*].associateRoleAssignments[*].associateRole", "[true true]"},
			{"roles for a customer", customer(alice), "inheritedAssociates[*].associateRoleAssignments[*].associateRole", "[true true]"},
		} {
			if got := fmt.Sprint(expanded(tc.caller, tc.path)); got != tc.want {
				t.Errorf("%s: expanded %s, want %s", tc.name, got, tc.want)
			}
		}
	})
}
