package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// The account, company and store calls of commercetools' B2B storefront (the Store Launchpad),
// replayed in the shape its code builds them (paths, repeated where/expand parameters, bodies),
// with its API client's token for everything: sign-up, sign-in, the session's company and stores,
// the settings page, and the password pages. Each answer is checked for the fields the
// storefront's mappers read without a guard, by the reference's shape and by value.
func TestLaunchpadAccountCalls(t *testing.T) {
	ref := reference(t)
	forEachBackend(t, func(t *testing.T, s *server) {
		w := newWorld(t, s)
		w.role(t, "admin", true, platform.PermissionUpdateBusinessUnitDetails, platform.PermissionUpdateAssociates, platform.PermissionAddChildUnits)
		w.project(t, `{"action":"changeCountries","countries":["DE","AT"]}`, `{"action":"changeCurrencies","currencies":["EUR"]}`)
		if r := s.do(t, http.MethodPost, w.path("/stores"), w.admin, []byte(`{"key":"b2b-store","name":{"en":"B2B"}}`)); r.status != http.StatusCreated {
			t.Fatalf("create the store: %d %s", r.status, clip(r.body))
		}
		call := func(typ, method, path, body string, want int) map[string]any {
			t.Helper()
			var b []byte
			if body != "" {
				b = []byte(body)
			}
			r := s.do(t, method, w.path(path), w.admin, b)
			if r.status != want {
				t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.status, want, clip(r.body))
			}
			if typ != "" {
				expectShape(t, ref, typ, method+" "+path, r.body)
			}
			var m map[string]any
			_ = json.Unmarshal(r.body, &m)
			return m
		}

		// P1: the locale the storefront builds every call with.
		project := call("Project", http.MethodGet, "", "", http.StatusOK)
		if fmt.Sprint(project["countries"], project["currencies"]) != "[DE AT] [EUR]" {
			t.Fatalf("project countries and currencies: %v %v", project["countries"], project["currencies"])
		}

		// Register: B1 (the company key is free), A1, A3 + A4, then the company with its store.
		call("", http.MethodGet, "/business-units/key=lena-gmbh", "", http.StatusNotFound)
		signUp := call("CustomerSignInResult", http.MethodPost, "/customers",
			`{"email":"lena@lena-gmbh.example","password":"Lena-secret-1","companyName":"Lena GmbH","firstName":"Lena","lastName":"Berg"}`, http.StatusCreated)
		lena := signUp["customer"].(map[string]any)
		id := lena["id"].(string)
		tok := call("CustomerToken", http.MethodPost, "/customers/email-token", `{"id":"`+id+`","ttlMinutes":20160}`, http.StatusOK)
		if c := call("Customer", http.MethodPost, "/customers/email/confirm", `{"tokenValue":"`+tok["value"].(string)+`"}`, http.StatusOK); c["isEmailVerified"] != true {
			t.Fatalf("confirmed customer: %v", c)
		}
		// B2: the company, with the new customer as its admin (the project has no role for creators).
		company := func(key, associates string) response {
			return s.do(t, http.MethodPost, w.path("/as-associate/"+id+"/business-units"), w.admin, []byte(`{"key":"`+key+`","name":"Lena GmbH","status":"Active",`+
				`"stores":[{"key":"b2b-store"}],"storeMode":"Explicit","unitType":"Company","contactEmail":"lena@lena-gmbh.example","associates":`+associates+`}`))
		}
		admin := func(customer, role string) string {
			return `[{"customer":{"typeId":"customer","id":"` + customer + `"},"associateRoleAssignments":[{"associateRole":{"key":"` + role + `"},"inheritance":"Enabled"}]}]`
		}
		w.role(t, "seller-only", false, platform.PermissionUpdateBusinessUnitDetails)
		w.customer(t, "mallory")
		expectErrorCode(t, company("not-lenas", admin(w.ids["mallory"], "admin")), "InvalidInput", http.StatusBadRequest)
		expectErrorCode(t, company("not-lenas", admin(id, "seller-only")), "InvalidOperation", http.StatusBadRequest)
		two := `[` + admin(id, "admin")[1:len(admin(id, "admin"))-1] + `,` + admin(w.ids["mallory"], "admin")[1:]
		expectErrorCode(t, company("not-lenas", two), "InvalidInput", http.StatusBadRequest)
		call("", http.MethodGet, "/business-units/key=not-lenas", "", http.StatusNotFound)
		if r := company("lena-gmbh", admin(id, "admin")); r.status != http.StatusCreated {
			t.Fatalf("B2: %d %s", r.status, clip(r.body))
		}

		// Login: A2, then every page's session: A8, B3 with both expansions, B12, B10.
		call("CustomerSignInResult", http.MethodPost, "/login", `{"email":"lena@lena-gmbh.example","password":"Lena-secret-1"}`, http.StatusOK)
		me := call("Customer", http.MethodGet, "/customers/"+id, "", http.StatusOK)
		as := "/as-associate/" + id + "/business-units"
		expand := "?expand=" + url.QueryEscape("associates[*].customer") + "&expand=" + url.QueryEscape("inheritedAssociates[*].customer") + "&limit=50"
		units := call("BusinessUnitPagedQueryResponse", http.MethodGet, as+expand, "", http.StatusOK)
		results := units["results"].([]any)
		if len(results) != 1 {
			t.Fatalf("the associate's units: %v", units)
		}
		unit := results[0].(map[string]any)
		assoc := unit["associates"].([]any)[0].(map[string]any)["customer"].(map[string]any)["obj"].(map[string]any)
		if assoc["email"] != "lena@lena-gmbh.example" {
			t.Fatalf("expanded associate: %v", assoc)
		}
		stores := call("StorePagedQueryResponse", http.MethodGet, "/stores?where="+url.QueryEscape(`key in ("b2b-store" ,"other")`), "", http.StatusOK)
		if len(stores["results"].([]any)) != 1 {
			t.Fatalf("the unit's stores: %v", stores)
		}
		call("Store", http.MethodGet, "/stores/key=b2b-store", "", http.StatusOK)
		associate := call("BusinessUnitAssociateResponse", http.MethodGet, "/business-units/key=lena-gmbh/associates/"+id, "", http.StatusOK)
		if roles := associate["associateRoles"].([]any); len(roles) != 1 || roles[0].(map[string]any)["key"] != "admin" {
			t.Fatalf("the associate's roles: %v", associate)
		}
		call("AssociateRolePagedQueryResponse", http.MethodGet, "/associate-roles", "", http.StatusOK)

		// Company admin: B4, B5, B6 (a new address made the default billing one by its key).
		call("BusinessUnit", http.MethodGet, as+"/key=lena-gmbh"+expand, "", http.StatusOK)
		v := int(unit["version"].(float64))
		updated := call("BusinessUnit", http.MethodPost, as+"/key=lena-gmbh", fmt.Sprintf(`{"version":%d,"actions":[`+
			`{"action":"changeName","name":"Lena GmbH & Co"},{"action":"setContactEmail","contactEmail":"office@lena-gmbh.example"}]}`, v), http.StatusOK)
		withAddress := call("BusinessUnit", http.MethodPost, as+"/key=lena-gmbh", fmt.Sprintf(`{"version":%d,"actions":[`+
			`{"action":"addAddress","address":{"key":"addr-1","country":"DE","city":"Hamburg","streetName":"Elbchaussee"}},`+
			`{"action":"setDefaultBillingAddress","addressKey":"addr-1"}]}`, int(updated["version"].(float64))), http.StatusOK)
		if withAddress["defaultBillingAddressId"] == nil || withAddress["name"] != "Lena GmbH & Co" {
			t.Fatalf("the company after the admin page: %v", withAddress)
		}

		// Settings: A11 (profile), A7 (password), then A9 (find by email).
		mv := int(me["version"].(float64))
		me = call("Customer", http.MethodPost, "/customers/"+id, fmt.Sprintf(`{"version":%d,"actions":[{"action":"setFirstName","firstName":"Lene"},`+
			`{"action":"setLastName","lastName":"Berg"},{"action":"setSalutation","salutation":"Ms"}]}`, mv), http.StatusOK)
		call("Customer", http.MethodPost, "/customers/password", fmt.Sprintf(`{"id":%q,"version":%d,"currentPassword":"Lena-secret-1","newPassword":"Lena-secret-2"}`,
			id, int(me["version"].(float64))), http.StatusOK)
		found := call("CustomerPagedQueryResponse", http.MethodGet, "/customers?where="+url.QueryEscape(`email="lena@lena-gmbh.example"`)+"&limit=1", "", http.StatusOK)
		if len(found["results"].([]any)) != 1 {
			t.Fatalf("find by email: %v", found)
		}

		// Forgot password and the reset page: A5, A6, then the login sequence with the new one.
		reset := call("CustomerToken", http.MethodPost, "/customers/password-token", `{"email":"lena@lena-gmbh.example","ttlMinutes":2880}`, http.StatusOK)
		call("Customer", http.MethodPost, "/customers/password/reset", `{"tokenValue":"`+reset["value"].(string)+`","newPassword":"Lena-secret-3"}`, http.StatusOK)
		call("CustomerSignInResult", http.MethodPost, "/login", `{"email":"lena@lena-gmbh.example","password":"Lena-secret-3"}`, http.StatusOK)
	})
}
