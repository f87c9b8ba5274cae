package e2e

import (
	"net/http"
	"slices"
	"strconv"
	"testing"
)

// Company customer groups (the seeds' Emporix convention, an extension): with the project's
// setting on, every Company has a customer group, and every associate anywhere in the company is
// in it, through every change of the company's units.
func TestCompanyCustomerGroups(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		w := standardWorld(t, s)
		groupsOf := func(name string) []string {
			t.Helper()
			cu := s.getJSON(t, w.path("/customers/"+w.ids[name]), w.admin)
			keys := []string{}
			for _, a := range cu["customerGroupAssignments"].([]any) {
				g := a.(map[string]any)["customerGroup"].(map[string]any)
				id := g["id"].(string)
				group := s.getJSON(t, w.path("/customer-groups/"+id), w.admin)
				keys = append(keys, group["key"].(string))
			}
			slices.Sort(keys)
			return keys
		}
		want := func(what string, expect map[string][]string) {
			t.Helper()
			for name, groups := range expect {
				if got := groupsOf(name); !slices.Equal(got, groups) {
					t.Errorf("%s: %s is in %v, want %v", what, name, got, groups)
				}
			}
		}
		want("before the setting", map[string][]string{"alice": {}, "gary": {}})

		w.project(t, `{"action":"changeCompanyCustomerGroups","enabled":true}`)
		want("the setting turned on", map[string][]string{"alice": {"company-acme"}, "bob": {"company-acme"}, "gary": {"company-globex"}})
		if g := s.getJSON(t, w.path("/customer-groups/key=company-acme"), w.admin); g["name"] != "Unit acme" {
			t.Errorf("acme's group: %v", g)
		}

		w.customer(t, "carol")
		w.associate(t, "acme-eng", "carol", "buyer", false)
		w.update(t, "acme", `{"action":"removeAssociate","customer":{"id":"`+w.ids["bob"]+`"}}`)
		want("carol joins a division, bob leaves", map[string][]string{"carol": {"company-acme"}, "bob": {}, "alice": {"company-acme"}})

		w.customer(t, "dave")
		w.unit(t, "initech", "", `,"associates":[{"customer":{"id":"`+w.ids["dave"]+`"},"associateRoleAssignments":[{"associateRole":{"key":"admin"}}]}]`)
		w.associate(t, "globex", "alice", "buyer", false)
		want("a new company, alice in a second one", map[string][]string{"dave": {"company-initech"}, "alice": {"company-acme", "company-globex"}})

		w.update(t, "acme-eng", `{"action":"changeParentUnit","parentUnit":{"typeId":"business-unit","key":"globex"}}`)
		want("acme-eng moved to globex", map[string][]string{"carol": {"company-globex"}, "alice": {"company-acme", "company-globex"}})

		eng := w.get(t, "acme-eng")
		if r := s.do(t, http.MethodDelete, w.path("/business-units/key=acme-eng?version="+strconv.Itoa(version(t, eng))), w.admin, nil); r.status != http.StatusOK {
			t.Fatalf("delete acme-eng: %d %s", r.status, clip(r.body))
		}
		want("acme-eng deleted", map[string][]string{"carol": {}, "gary": {"company-globex"}})

		w.project(t, `{"action":"changeCompanyCustomerGroups","enabled":false}`)
		w.customer(t, "erin")
		w.associate(t, "acme", "erin", "buyer", false)
		want("the setting turned off", map[string][]string{"erin": {}, "alice": {"company-acme", "company-globex"}})
	})
}
