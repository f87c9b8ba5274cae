package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// unit reads a unit as the seller.
func (w *world) unit(t *testing.T, key string) *procura.BusinessUnit {
	t.Helper()
	u, err := w.a.GetBusinessUnit(ctx, seller, app.Ref{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func (w *world) version(t *testing.T, key string) string {
	return strconv.FormatInt(w.unit(t, key).Version, 10)
}

// sellerUpdate applies one action to a unit as the seller.
func (w *world) sellerUpdate(t *testing.T, key, action string) {
	t.Helper()
	v := w.unit(t, key).Version
	if _, err := w.a.UpdateBusinessUnit(ctx, seller, app.Ref{Key: key}, procura.Update{Version: &v, Actions: []json.RawMessage{json.RawMessage(action)}}); err != nil {
		t.Fatal(err)
	}
}

// grant adds permissions to a role as the seller.
func (w *world) grant(t *testing.T, role string, perms ...string) {
	t.Helper()
	r, err := w.a.GetAssociateRole(ctx, seller, app.Ref{Key: role})
	if err != nil {
		t.Fatal(err)
	}
	var actions []json.RawMessage
	for _, p := range perms {
		actions = append(actions, json.RawMessage(fmt.Sprintf(`{"action":"addPermission","permission":%q}`, p)))
	}
	if _, err := w.a.UpdateAssociateRole(ctx, seller, app.Ref{Key: role}, procura.Update{Version: &r.Version, Actions: actions}); err != nil {
		t.Fatal(err)
	}
}

// customerID finds a customer by email as the seller ("" for none).
func (w *world) customerID(t *testing.T, email string) string {
	t.Helper()
	page, err := w.a.QueryCustomers(ctx, seller, app.Query{Limit: 1, Where: []string{"email = " + strconv.Quote(email)}})
	if err != nil {
		t.Fatal(err)
	}
	if page.Count == 0 {
		return ""
	}
	return page.Items()[0]["id"].(string)
}

// roles are a customer's explicit roles in a unit, e.g. "buyer" or "approver+" (inherited by the divisions).
func (w *world) roles(t *testing.T, key, customer string) string {
	t.Helper()
	as := w.unit(t, key).Associate(customer)
	if as == nil {
		return ""
	}
	var out []string
	for _, ra := range as.AssociateRoleAssignments {
		out = append(out, ra.AssociateRole.Key+map[bool]string{true: "+"}[ra.Inheritance == procura.InheritanceEnabled])
	}
	return strings.Join(out, ",")
}

func wantStatus(t *testing.T, what string, p page, status int) {
	t.Helper()
	if p.status != status {
		t.Errorf("%s: %d, want %d: %s", what, p.status, status, p.body)
	}
}

// TestColleaguesAsTheAPIDecides: alice, an admin with UpdateAssociates, invites a new colleague
// (an account is made), changes their roles and removes them; an existing customer is not added
// by her (400, nothing written); bob, a buyer without UpdateAssociates, is refused each with the
// API's 403 and changes nothing.
func TestColleaguesAsTheAPIDecides(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		alice, bob := w.browser(t).signIn("alice@acme.example"), w.browser(t).signIn("bob@acme.example")
		if p := bob.get("colleagues"); p.status != http.StatusOK || strings.Contains(p.body, `id="invite"`) || !strings.Contains(p.body, w.bob) {
			t.Errorf("bob's colleagues: %d %s", p.status, p.body)
		}
		if p := alice.get("colleagues?unit=acme-engineering"); p.status != http.StatusOK || !strings.Contains(p.body, `id="invite"`) || !strings.Contains(p.body, w.bob) ||
			!strings.Contains(p.body, "<td>bob@acme.example</td>") {
			t.Errorf("alice's colleagues of engineering: %d %s", p.status, p.body)
		}
		if p := alice.get("colleagues?unit=globex"); p.status != http.StatusNotFound {
			t.Errorf("a unit alice does not act for: %d", p.status)
		}

		invite := func(b *browser, unit, email string, roles ...string) page {
			return b.post("colleagues/"+unit+"/invite", url.Values{"version": {w.version(t, unit)}, "email": {email}, "role": roles})
		}
		wantStatus(t, "bob invites a new colleague", invite(bob, "acme-engineering", "dan@acme.example", "buyer"), http.StatusForbidden)
		wantStatus(t, "bob adds carol, who has an account", invite(bob, "acme-engineering", "carol@acme.example", "buyer"), http.StatusBadRequest)
		if w.customerID(t, "dan@acme.example") != "" || w.roles(t, "acme-engineering", w.carol(t)) != "" {
			t.Fatal("a refused invitation wrote")
		}
		wantStatus(t, "an invitation without a role", invite(alice, "acme-engineering", "dan@acme.example"), http.StatusBadRequest)

		p := invite(alice, "acme-engineering", "dan@acme.example", "buyer")
		if p.status != http.StatusSeeOther || !strings.HasSuffix(p.location, "done=invited") {
			t.Fatalf("alice invites dan: %d %q %s", p.status, p.location, p.body)
		}
		dan := w.customerID(t, "dan@acme.example")
		if got := w.roles(t, "acme-engineering", dan); got != "buyer" {
			t.Errorf("dan's roles: %q", got)
		}
		if p := invite(alice, "acme-marketing", "carol@acme.example", "buyer"); p.status != http.StatusBadRequest || !strings.Contains(p.body, "already has an account") {
			t.Errorf("alice adds carol, who has an account: %d %s", p.status, p.body)
		}
		if got := w.roles(t, "acme-marketing", w.carol(t)); got != "" {
			t.Errorf("an existing customer was added without consent: %q", got)
		}

		change := func(b *browser, customer string, form url.Values) page {
			form.Set("version", w.version(t, "acme-engineering"))
			return b.post("colleagues/acme-engineering/"+customer+"/change", form)
		}
		wantStatus(t, "bob changes dan", change(bob, dan, url.Values{"role": {"buyer"}, "inherit": {"on"}}), http.StatusForbidden)
		if p := change(alice, dan, url.Values{"role": {"approver"}, "inherit": {"on"}}); p.status != http.StatusSeeOther {
			t.Fatalf("alice changes dan: %d %s", p.status, p.body)
		}
		if got := w.roles(t, "acme-engineering", dan); got != "approver+" {
			t.Errorf("dan's roles after the change: %q", got)
		}
		stale := url.Values{"version": {"1"}, "role": {"buyer"}}
		wantStatus(t, "a stale change", alice.post("colleagues/acme-engineering/"+dan+"/change", stale), http.StatusConflict)

		remove := func(b *browser, customer string) page {
			return b.post("colleagues/acme-engineering/"+customer+"/remove", url.Values{"version": {w.version(t, "acme-engineering")}})
		}
		wantStatus(t, "bob removes dan", remove(bob, dan), http.StatusForbidden)
		if w.roles(t, "acme-engineering", dan) == "" {
			t.Fatal("bob's refused removal removed dan")
		}
		if p := remove(alice, dan); p.status != http.StatusSeeOther || w.roles(t, "acme-engineering", dan) != "" {
			t.Errorf("alice removes dan: %d, roles %q", p.status, w.roles(t, "acme-engineering", dan))
		}
	})
}

func (w *world) carol(t *testing.T) string { return w.customerID(t, "carol@acme.example") }

// TestUnitsAndAddresses: alice adds a division and moves one (with UpdateParentUnit, granted
// here), adds and removes an address; bob is refused each as the API refuses him.
func TestUnitsAndAddresses(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		w.grant(t, "admin", "UpdateParentUnit")
		if _, err := w.a.UpdateProject(ctx, seller, procura.Update{Version: ptr(w.projectVersion(t)), Actions: []json.RawMessage{
			json.RawMessage(`{"action":"setMyBusinessUnitAssociateRoleOnCreation","associateRole":{"typeId":"associate-role","key":"admin"}}`)}}); err != nil {
			t.Fatal(err)
		}
		alice, bob := w.browser(t).signIn("alice@acme.example"), w.browser(t).signIn("bob@acme.example")
		if p := alice.get("units"); p.status != http.StatusOK || !strings.Contains(p.body, `data-unit="acme-marketing"`) ||
			!strings.Contains(p.body, `id="add-division"`) || !strings.Contains(p.body, `id="move-acme-marketing"`) {
			t.Errorf("alice's units: %d %s", p.status, p.body)
		}
		if p := bob.get("units"); p.status != http.StatusOK || strings.Contains(p.body, `id="add-division"`) || strings.Contains(p.body, `id="move-`) {
			t.Errorf("bob's units offer him changes: %d %s", p.status, p.body)
		}
		division := url.Values{"name": {"ACME Research"}, "key": {"acme-research"}, "parent": {"acme-engineering"}}
		wantStatus(t, "bob adds a division", bob.post("units", division), http.StatusForbidden)
		if p := alice.post("units", division); p.status != http.StatusSeeOther || w.unit(t, "acme-research").ParentUnit.Key != "acme-engineering" {
			t.Fatalf("alice adds a division: %d %s", p.status, p.body)
		}
		move := func(b *browser) page {
			return b.post("units/acme-marketing/move", url.Values{"version": {w.version(t, "acme-marketing")}, "parent": {"acme-engineering"}})
		}
		wantStatus(t, "bob moves marketing", move(bob), http.StatusNotFound) // bob acts not for marketing: the API's 404
		if p := move(alice); p.status != http.StatusSeeOther || w.unit(t, "acme-marketing").ParentUnit.Key != "acme-engineering" {
			t.Errorf("alice moves marketing: %d %s", p.status, p.body)
		}

		address := func(b *browser, unit, country string) page {
			return b.post("company/"+unit+"/addresses", url.Values{"version": {w.version(t, unit)}, "city": {"Berlin"}, "country": {country}})
		}
		if strings.Contains(bob.get("company").body, `id="add-address"`) || !strings.Contains(alice.get("company").body, `id="add-address"`) {
			t.Errorf("the address form is offered to bob, or not to alice")
		}
		wantStatus(t, "bob adds an address", address(bob, "acme-engineering", "de"), http.StatusForbidden)
		wantStatus(t, "an address without a country", address(alice, "acme-corp", ""), http.StatusBadRequest)
		if n := len(w.unit(t, "acme-corp").Addresses); n != 1 {
			t.Fatalf("refused addresses were written: %d", n)
		}
		if p := address(alice, "acme-corp", "de"); p.status != http.StatusSeeOther || len(w.unit(t, "acme-corp").Addresses) != 2 {
			t.Fatalf("alice adds an address: %d %s", p.status, p.body)
		}
		added := w.unit(t, "acme-corp").Addresses[1]
		if added.Country != "DE" || !strings.Contains(alice.get("company").body, `data-address="`+added.ID+`"`) {
			t.Errorf("the added address: %+v", added)
		}
		if p := alice.post("company/acme-corp/addresses/"+added.ID+"/remove", url.Values{"version": {w.version(t, "acme-corp")}}); p.status != http.StatusSeeOther ||
			len(w.unit(t, "acme-corp").Addresses) != 1 {
			t.Errorf("alice removes the address: %d %s", p.status, p.body)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func (w *world) projectVersion(t *testing.T) int64 {
	t.Helper()
	p, err := w.a.GetProject(ctx, seller)
	if err != nil {
		t.Fatal(err)
	}
	return p.Version
}
