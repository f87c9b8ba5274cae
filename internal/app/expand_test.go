package app_test

import (
	"encoding/json"
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
			m := expandedAs(t, a, caller, unit, path)
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

// TestExpandFollowsTheIDNotAWrittenKey: alice's record's custom fields hold a reference with
// her own id and bob's key; expanding it on /me shows her record, never bob's.
// A reference with a key only is decided on the record it loads: her own key expands, bob's
// does not, and bob's id beside her key does not either. A client with view_customers expands
// them all.
func TestExpandFollowsTheIDNotAWrittenKey(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := acmeWorld(t, a, c)
		aliceID, bobID := w.customers["alice@acme.example"], w.customers["bob@acme.example"]
		for id, key := range map[string]string{aliceID: "alice-key", bobID: "bob-key"} {
			cu := must[*procura.Customer](t)(a.GetCustomer(ctx, c, app.Ref{ID: id}))
			must[*procura.Customer](t)(a.UpdateCustomer(ctx, c, app.Ref{ID: id}, actions(cu.Version, `{"action":"setKey","key":"`+key+`"}`)))
		}
		alice := w.as("alice@acme.example", "")
		me := must[*app.Account](t)(a.GetMe(ctx, alice)).Customer
		refs := map[string]string{
			"attack": `{"typeId":"customer","id":"` + aliceID + `","key":"bob-key"}`,
			"bobKey": `{"typeId":"customer","key":"bob-key"}`,
			"ownKey": `{"typeId":"customer","key":"alice-key"}`,
			"bobID":  `{"typeId":"customer","id":"` + bobID + `","key":"alice-key"}`,
		}
		// Custom Reference fields hold {typeId, id}; references with keys can only be in custom
		// fields stored before they were checked against types (decision 0019), as here.
		me.Custom = &procura.CustomFields{Type: procura.ResourceIdentifier{TypeID: procura.TypeType, Key: "refs"}, Fields: map[string]any{}}
		for name, ref := range refs {
			var v any
			if err := json.Unmarshal([]byte(ref), &v); err != nil {
				t.Fatal(err)
			}
			me.Custom.Fields[name] = v
		}
		expanded := func(caller app.Caller) map[string]string {
			t.Helper()
			var paths []string
			for name := range refs {
				paths = append(paths, "custom.fields."+name)
			}
			m := expandedAs(t, a, caller, me, paths...)
			out := map[string]string{}
			for name := range refs {
				ref := m["custom"].(map[string]any)["fields"].(map[string]any)[name].(map[string]any)
				obj, _ := ref["obj"].(map[string]any)
				out[name], _ = obj["id"].(string)
			}
			return out
		}
		want := map[string]string{"attack": aliceID, "bobKey": "", "ownKey": aliceID, "bobID": ""}
		if got := expanded(alice); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("alice expands %v, want %v", got, want)
		}
		client := app.Caller{ProjectKey: c.ProjectKey, Scopes: app.Scopes{"view_customers:" + c.ProjectKey}}
		want = map[string]string{"attack": aliceID, "bobKey": bobID, "ownKey": aliceID, "bobID": bobID}
		if got := expanded(client); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("a client with view_customers expands %v, want %v", got, want)
		}
	})
}

// expandedAs expands paths in v's JSON for caller, and decodes the result.
func expandedAs(t *testing.T, a *app.App, caller app.Caller, v any, paths ...string) map[string]any {
	t.Helper()
	raw, err := a.Expand(ctx, caller, must[[]byte](t)(json.Marshal(v)), paths)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	return m
}
