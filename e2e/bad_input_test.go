package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labd/commercetools-go-sdk/platform"
)

// TestBadInput sends what the SDK would never send and checks each answer has the commercetools
// error shape and the expected code, and that nothing was written.
func TestBadInput(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *server) {
		ctx := context.Background()
		c := s.adminSDK(t)
		if _, err := c.AssociateRoles().Post(platform.AssociateRoleDraft{
			Key: "admin", Permissions: adminPerms,
		}).Execute(ctx); err != nil {
			t.Fatalf("create role: %v", err)
		}
		cu, err := c.Customers().Post(platform.CustomerDraft{Email: "alice@acme.example", Password: ptr("Pw-alice")}).Execute(ctx)
		if err != nil {
			t.Fatalf("create customer: %v", err)
		}
		alice := cu.Customer.ID
		if _, err := c.BusinessUnits().Post(platform.CompanyDraft{Key: "acme", Name: "ACME Inc."}).Execute(ctx); err != nil {
			t.Fatalf("create acme: %v", err)
		}
		b := &badInput{s: s, tok: s.token(t, s.admin), alice: alice}

		t.Run("malformed JSON", b.malformedJSON)
		t.Run("unknown update action", b.unknownAction)
		t.Run("unknown permission", b.unknownPermission)
		t.Run("unknown role in addAssociate", b.unknownRole)
		t.Run("duplicate key", b.duplicateKey)
		t.Run("sixth hierarchy level", b.sixthLevel)
		t.Run("parent unit cycle", b.parentCycle)
		t.Run("division without parent", b.divisionWithoutParent)
		t.Run("company with parent", b.companyWithParent)
		t.Run("bad keys", b.badKeys)
		t.Run("oversize body", b.oversizeBody)
	})
}

type badInput struct {
	s     *server
	tok   string
	alice string
}

func (b *badInput) path(p string) string { return "/" + b.s.project + p }

func (b *badInput) post(t *testing.T, p string, body string) response {
	t.Helper()
	return b.s.do(t, http.MethodPost, b.path(p), b.tok, []byte(body))
}

// buCount is the number of business units in the project.
func (b *badInput) buCount(t *testing.T) int {
	t.Helper()
	m := b.s.getJSON(t, b.path("/business-units?limit=500"), b.tok)
	n, ok := m["count"].(float64)
	if !ok {
		t.Fatalf("query without count: %v", m)
	}
	return int(n)
}

// unit returns a business unit by key, or nil when it does not exist.
func (b *badInput) unit(t *testing.T, key string) map[string]any {
	t.Helper()
	r := b.s.do(t, http.MethodGet, b.path("/business-units/key="+key), b.tok, nil)
	switch r.status {
	case http.StatusOK:
		var m map[string]any
		if err := json.Unmarshal(r.body, &m); err != nil {
			t.Fatal(err)
		}
		return m
	case http.StatusNotFound:
		expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
		return nil
	}
	t.Fatalf("GET business unit %s: status %d %s", key, r.status, clip(r.body))
	return nil
}

func (b *badInput) version(t *testing.T, key string) int {
	t.Helper()
	m := b.unit(t, key)
	if m == nil {
		t.Fatalf("business unit %s does not exist", key)
	}
	return int(m["version"].(float64))
}

// unchanged runs f and checks that the count of business units and acme's version did not move.
func (b *badInput) unchanged(t *testing.T, f func()) {
	t.Helper()
	n, v := b.buCount(t), b.version(t, "acme")
	f()
	if n2 := b.buCount(t); n2 != n {
		t.Errorf("business unit count went from %d to %d", n, n2)
	}
	if v2 := b.version(t, "acme"); v2 != v {
		t.Errorf("acme version went from %d to %d", v, v2)
	}
}

func (b *badInput) createDivision(t *testing.T, key, parent string) {
	t.Helper()
	r := b.post(t, "/business-units", fmt.Sprintf(
		`{"unitType":"Division","key":%q,"name":%q,"parentUnit":{"typeId":"business-unit","key":%q}}`, key, key, parent))
	if r.status != http.StatusCreated {
		t.Fatalf("create division %s under %s: status %d %s", key, parent, r.status, clip(r.body))
	}
}

func (b *badInput) malformedJSON(t *testing.T) {
	b.unchanged(t, func() {
		r := b.post(t, "/business-units", `{"unitType":"Company","key":"broken","name":`)
		expectErrorCode(t, r, "InvalidJsonInput", http.StatusBadRequest)
		r = b.post(t, "/business-units/key=acme", `{"version":1,"actions":[{"action":"changeName","name":"x"}`)
		expectErrorCode(t, r, "InvalidJsonInput", http.StatusBadRequest)
	})
	if b.unit(t, "broken") != nil {
		t.Error("business unit broken was created from malformed JSON")
	}
}

func (b *badInput) unknownAction(t *testing.T) {
	b.unchanged(t, func() {
		v := b.version(t, "acme")
		// A valid action followed by an unknown one: the whole update must be refused.
		r := b.post(t, "/business-units/key=acme", fmt.Sprintf(
			`{"version":%d,"actions":[{"action":"changeName","name":"Renamed"},{"action":"frobnicate","level":11}]}`, v))
		expectErrorCode(t, r, "InvalidJsonInput", http.StatusBadRequest)
	})
	if name := b.unit(t, "acme")["name"]; name != "ACME Inc." {
		t.Errorf("acme name = %v after a refused update, want ACME Inc.", name)
	}
}

func (b *badInput) unknownPermission(t *testing.T) {
	before := b.s.getJSON(t, b.path("/associate-roles"), b.tok)["count"]
	r := b.post(t, "/associate-roles", `{"key":"bad-role","permissions":["CreateMyCarts","FlyToTheMoon"]}`)
	e := expectErrorCode(t, r, "InvalidField", http.StatusBadRequest)
	if e["invalidValue"] != "FlyToTheMoon" {
		t.Errorf("invalidValue = %v, want FlyToTheMoon", e["invalidValue"])
	}
	if f, _ := e["field"].(string); !strings.Contains(f, "permissions") {
		t.Errorf("field = %q, want it to name permissions", f)
	}
	if after := b.s.getJSON(t, b.path("/associate-roles"), b.tok)["count"]; after != before {
		t.Errorf("associate role count went from %v to %v", before, after)
	}
	r = b.s.do(t, http.MethodGet, b.path("/associate-roles/key=bad-role"), b.tok, nil)
	expectErrorCode(t, r, "ResourceNotFound", http.StatusNotFound)
}

func (b *badInput) unknownRole(t *testing.T) {
	b.unchanged(t, func() {
		r := b.post(t, "/business-units/key=acme", fmt.Sprintf(`{"version":%d,"actions":[{"action":"addAssociate","associate":{
			"customer":{"typeId":"customer","id":%q},
			"associateRoleAssignments":[{"associateRole":{"typeId":"associate-role","key":"no-such-role"},"inheritance":"Enabled"}]}}]}`,
			b.version(t, "acme"), b.alice))
		e := expectErrorCode(t, r, "ReferencedResourceNotFound", http.StatusBadRequest)
		if e["typeId"] != "associate-role" || e["key"] != "no-such-role" {
			t.Errorf("typeId %v key %v, want associate-role and no-such-role", e["typeId"], e["key"])
		}
	})
	if as, _ := b.unit(t, "acme")["associates"].([]any); len(as) != 0 {
		t.Errorf("acme associates = %v, want none", as)
	}
}

func (b *badInput) duplicateKey(t *testing.T) {
	b.unchanged(t, func() {
		r := b.post(t, "/business-units", `{"unitType":"Company","key":"acme","name":"Second ACME"}`)
		e := expectErrorCode(t, r, "DuplicateField", http.StatusBadRequest)
		if e["field"] != "key" || e["duplicateValue"] != "acme" {
			t.Errorf("field %v duplicateValue %v, want key and acme", e["field"], e["duplicateValue"])
		}
	})
	if name := b.unit(t, "acme")["name"]; name != "ACME Inc." {
		t.Errorf("acme name = %v, want ACME Inc.", name)
	}
}

func (b *badInput) sixthLevel(t *testing.T) {
	// acme (1) > d2 > d3 > d4 > d5: five levels are allowed.
	parent := "acme"
	for _, k := range []string{"d2", "d3", "d4", "d5"} {
		b.createDivision(t, k, parent)
		parent = k
	}
	if top := b.unit(t, "d5")["topLevelUnit"].(map[string]any)["key"]; top != "acme" {
		t.Errorf("d5 topLevelUnit = %v, want acme", top)
	}
	b.unchanged(t, func() {
		r := b.post(t, "/business-units", `{"unitType":"Division","key":"d6","name":"d6","parentUnit":{"typeId":"business-unit","key":"d5"}}`)
		expectError(t, r, http.StatusBadRequest)
	})
	if b.unit(t, "d6") != nil {
		t.Error("d6 exists: a sixth level was created")
	}
	// Moving a division below d5 would make a sixth level too.
	b.createDivision(t, "side", "acme")
	v := b.version(t, "side")
	r := b.post(t, "/business-units/key=side", fmt.Sprintf(
		`{"version":%d,"actions":[{"action":"changeParentUnit","parentUnit":{"typeId":"business-unit","key":"d5"}}]}`, v))
	expectError(t, r, http.StatusBadRequest)
	side := b.unit(t, "side")
	if side["parentUnit"].(map[string]any)["key"] != "acme" || int(side["version"].(float64)) != v {
		t.Errorf("side after a refused move: parentUnit %v version %v, want acme and %d", side["parentUnit"], side["version"], v)
	}
}

func (b *badInput) parentCycle(t *testing.T) {
	// Uses the chain acme > d2 > d3 > d4 > d5 from sixthLevel, or builds it.
	if b.unit(t, "d2") == nil {
		parent := "acme"
		for _, k := range []string{"d2", "d3", "d4", "d5"} {
			b.createDivision(t, k, parent)
			parent = k
		}
	}
	v := b.version(t, "d2")
	for _, target := range []string{"d4", "d2"} { // a descendant, then itself
		r := b.post(t, "/business-units/key=d2", fmt.Sprintf(
			`{"version":%d,"actions":[{"action":"changeParentUnit","parentUnit":{"typeId":"business-unit","key":%q}}]}`, v, target))
		expectError(t, r, http.StatusBadRequest)
		d2 := b.unit(t, "d2")
		if d2["parentUnit"].(map[string]any)["key"] != "acme" || int(d2["version"].(float64)) != v {
			t.Errorf("d2 after changeParentUnit to %s: parentUnit %v version %v, want acme and %d", target, d2["parentUnit"], d2["version"], v)
		}
	}
}

func (b *badInput) divisionWithoutParent(t *testing.T) {
	b.unchanged(t, func() {
		r := b.post(t, "/business-units", `{"unitType":"Division","key":"orphan","name":"Orphan"}`)
		e := expectErrorCode(t, r, "RequiredField", http.StatusBadRequest)
		if e["field"] != "parentUnit" {
			t.Errorf("field = %v, want parentUnit", e["field"])
		}
	})
	if b.unit(t, "orphan") != nil {
		t.Error("orphan division was created")
	}
}

func (b *badInput) companyWithParent(t *testing.T) {
	b.unchanged(t, func() {
		r := b.post(t, "/business-units", `{"unitType":"Company","key":"subco","name":"Sub Co","parentUnit":{"typeId":"business-unit","key":"acme"}}`)
		expectError(t, r, http.StatusBadRequest)
	})
	if b.unit(t, "subco") != nil {
		t.Error("company subco with a parentUnit was created")
	}
}

func (b *badInput) badKeys(t *testing.T) {
	for _, key := range []string{"bad key", "x", "ü-umlaut", strings.Repeat("k", 257)} {
		b.unchanged(t, func() {
			body, _ := json.Marshal(map[string]string{"unitType": "Company", "key": key, "name": "Bad Key"})
			r := b.post(t, "/business-units", string(body))
			expectError(t, r, http.StatusBadRequest)
		})
	}
	// The bounds themselves are fine: 2 and 256 characters.
	for _, key := range []string{"ok", strings.Repeat("k", 256)} {
		r := b.post(t, "/business-units", fmt.Sprintf(`{"unitType":"Company","key":%q,"name":"Edge Key"}`, key))
		if r.status != http.StatusCreated {
			t.Errorf("key of %d characters: status %d %s, want 201", len(key), r.status, clip(r.body))
		}
	}
}

func (b *badInput) oversizeBody(t *testing.T) {
	b.unchanged(t, func() {
		big := strings.Repeat("a", 3<<20)
		r := b.post(t, "/business-units", `{"unitType":"Company","key":"huge","name":"`+big+`"}`)
		expectError(t, r, http.StatusRequestEntityTooLarge, http.StatusBadRequest)
	})
	if b.unit(t, "huge") != nil {
		t.Error("business unit huge was created from a 3 MB body")
	}
}
