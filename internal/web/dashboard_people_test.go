package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/demo"
)

// lockOut fails email's sign-in until the account is locked.
func (w *world) lockOut(t *testing.T, email string) {
	t.Helper()
	var err error
	for range 6 {
		_, err = w.a.Login(ctx, seller, procura.CustomerSignIn{Email: email, Password: "wrong-password"}, "10.0.0.9")
	}
	if procura.ErrorCode(err) != procura.CodeTooManyRequests {
		t.Fatalf("%s is not locked: %v", email, err)
	}
}

// history reads the history's records by actor.
func (w *world) historyOf(t *testing.T, actor string) []map[string]any {
	t.Helper()
	page, err := w.a.QueryHistory(ctx, seller, app.Acting{}, app.HistoryQuery{Actor: actor, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	return page.Items()
}

// TestDashboardCustomers: the search finds bob by a part of his email; his page shows his unit
// and roles, his lockout and his sessions. A viewer may do nothing of it (crafted forms refused
// with the scope needed); support resets the lockout (in the history under their email) and
// sends the verification mail again, but may not end the sessions; sales may.
func TestDashboardCustomers(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		portal := w.browser(t).signIn("bob@acme.example")
		w.lockOut(t, "bob@acme.example")
		viewer := w.staff(t, "vic@seller.example", "viewer")
		if p := viewer.get("demo/customers?q=BOB@acme"); p.status != http.StatusOK || !strings.Contains(p.body, "/admin/demo/customers/"+w.bob) ||
			strings.Contains(p.body, "alice@acme.example") {
			t.Errorf("the search: %d %s", p.status, p.body)
		}
		p := viewer.get("demo/customers/" + w.bob)
		for _, want := range []string{"acme-engineering", "buyer", "Locked after too many failed sign-ins", `id="sessions"`, "not verified"} {
			if p.status != http.StatusOK || !strings.Contains(p.body, want) {
				t.Errorf("bob's page lacks %q: %d %s", want, p.status, p.body)
			}
		}
		if strings.Contains(p.body, "reset-lockout") || strings.Contains(p.body, "end-sessions") || strings.Contains(p.body, "resend-verification") {
			t.Errorf("the viewer is offered changes: %s", p.body)
		}
		for _, act := range []string{"lockout", "verification", "sessions"} {
			if p := viewer.post("demo/customers/"+w.bob+"/"+act, url.Values{}); p.status != http.StatusForbidden || !strings.Contains(p.body, "Insufficient scope") {
				t.Errorf("the viewer's %s: %d %s", act, p.status, p.body)
			}
		}
		for path, want := range map[string]string{"demo/customers/" + w.bob: "Anmeldesperre", "demo/roles/buyer": "Berechtigungen auf Ressourcen", "demo/products": "Veröffentlichung"} {
			if p := viewer.do(http.MethodGet, path, nil, "Accept-Language", "de"); p.status != http.StatusOK || !strings.Contains(p.body, want) {
				t.Errorf("%s in German lacks %q: %d", path, want, p.status)
			}
		}
		if p := viewer.get("demo/customers/no-such-id"); p.status != http.StatusNotFound {
			t.Errorf("an unknown customer: %d", p.status)
		}

		support := w.staff(t, "sue@seller.example", "support")
		if p := support.get("demo/customers/" + w.bob); !strings.Contains(p.body, "reset-lockout") || strings.Contains(p.body, "end-sessions") {
			t.Errorf("support's offers: %s", p.body)
		}
		if p := support.post("demo/customers/"+w.bob+"/sessions", url.Values{}); p.status != http.StatusForbidden || !strings.Contains(p.body, "manage_customers") {
			t.Errorf("support ending sessions: %d %s", p.status, p.body)
		}
		if p := portal.get("orders"); p.status != http.StatusOK {
			t.Fatalf("bob's session ended by a refused form: %d", p.status)
		}
		if p := support.post("demo/customers/"+w.bob+"/lockout", url.Values{}); p.status != http.StatusSeeOther || !strings.HasSuffix(p.location, "?done=lockout") {
			t.Fatalf("support resetting the lockout: %d %s", p.status, p.body)
		}
		if _, err := w.a.Login(ctx, seller, procura.CustomerSignIn{Email: "bob@acme.example", Password: demo.Password}, "10.0.0.9"); err != nil {
			t.Errorf("bob after the reset: %v", err)
		}
		client, err := w.a.CreateAPIClient(ctx, "demo", "manage_project:demo", "", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.PasswordGrant(ctx, client.ID, client.Secret, "demo", "bob@acme.example", demo.Password, "", app.UnitChoice{}, ""); err != nil {
			t.Fatal(err)
		}
		if p := support.get("demo/customers/" + w.bob); !strings.Contains(p.body, `id="tokens"`) || strings.Count(p.body, "<td>"+client.ID+"</td>") != 2 {
			t.Errorf("bob's tokens: %s", p.body)
		}
		recs := w.historyOf(t, "sue@seller.example")
		if len(recs) != 1 || recs[0]["resource"].(map[string]any)["id"] != w.bob || !strings.Contains(jsonOf(recs[0]["actions"]), "resetLockout") {
			t.Errorf("the history of the reset: %+v", recs)
		}
		if p := support.post("demo/customers/"+w.bob+"/verification", url.Values{}); p.status != http.StatusBadRequest || !strings.Contains(p.body, "setNotificationLink") {
			t.Errorf("a verification mail without a link: %d %s", p.status, p.body)
		}
		link, _ := json.Marshal(map[string]string{"action": "setNotificationLink", "kind": procura.NotifyEmailVerification, "url": "https://shop.example/verify?token={token}"})
		project, err := w.a.GetProject(ctx, seller)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.a.UpdateProject(ctx, seller, procura.Update{Version: &project.Version, Actions: []json.RawMessage{link}}); err != nil {
			t.Fatal(err)
		}
		if p := support.post("demo/customers/"+w.bob+"/verification", url.Values{}); p.status != http.StatusSeeOther {
			t.Errorf("support sending the verification mail: %d %s", p.status, p.body)
		}
		mails, err := w.a.Outbox(ctx, seller, 10)
		if err != nil || !slices.ContainsFunc(mails, func(m app.OutboxMail) bool {
			return m.To == "bob@acme.example" && m.Kind == procura.NotifyEmailVerification
		}) {
			t.Errorf("the verification mail: %v %+v", err, mails)
		}

		sales := w.staff(t, "sal@seller.example", "sales")
		if p := sales.post("demo/customers/"+w.bob+"/sessions", url.Values{}); p.status != http.StatusSeeOther {
			t.Fatalf("sales ending bob's sessions: %d %s", p.status, p.body)
		}
		if p := portal.get("orders"); p.status != http.StatusSeeOther {
			t.Errorf("bob's session after sales ended it: %d", p.status)
		}
		if p := sales.get("demo/customers/" + w.bob); !strings.Contains(p.body, `id="no-sessions"`) || !strings.Contains(p.body, `id="no-tokens"`) {
			t.Errorf("bob's sessions after the end: %s", p.body)
		}
	})
}

func jsonOf(v any) string {
	raw, _ := json.Marshal(v)
	return string(raw)
}

// TestDashboardRolesMatrix: the roles with the units holding them; a role's matrix pairs My and
// Others. A viewer and sales may not create or edit a role (crafted forms refused); an admin
// creates one with the matrix and edits it, and a stale or bad form changes nothing.
func TestDashboardRolesMatrix(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		viewer := w.staff(t, "vic@seller.example", "viewer")
		if p := viewer.get("demo/roles"); p.status != http.StatusOK || !strings.Contains(p.body, `href="/admin/demo/companies/acme-engineering"`) || strings.Contains(p.body, "new-role") {
			t.Errorf("the roles: %d %s", p.status, p.body)
		}
		p := viewer.get("demo/roles/buyer")
		if p.status != http.StatusOK || !strings.Contains(p.body, `value="ViewMyOrders" checked disabled`) || !strings.Contains(p.body, `value="ViewOthersOrders" disabled`) ||
			strings.Contains(p.body, "save-role") || !strings.Contains(p.body, "bob@acme.example") {
			t.Errorf("the buyer's matrix for a viewer: %d %s", p.status, p.body)
		}
		if p := viewer.get("demo/roles/new"); p.status != http.StatusForbidden {
			t.Errorf("a viewer's new role: %d", p.status)
		}
		buyer := w.role(t, "buyer")
		form := url.Values{"name": {"Buyer"}, "permission": {"ViewMyOrders", "ViewOthersOrders"}, "version": {itoa(buyer.Version)}}
		sales := w.staff(t, "sal@seller.example", "sales")
		for who, b := range map[string]*browser{"viewer": viewer, "sales": sales} {
			if p := b.post("demo/roles/buyer", form); p.status != http.StatusForbidden || !strings.Contains(p.body, "manage_associate_roles") {
				t.Errorf("the %s's edit: %d %s", who, p.status, p.body)
			}
			if p := b.post("demo/roles", url.Values{"key": {"reviewer"}}); p.status != http.StatusForbidden {
				t.Errorf("the %s's new role: %d", who, p.status)
			}
		}
		if r := w.role(t, "buyer"); r.Version != buyer.Version {
			t.Errorf("a refused form changed the buyer role")
		}

		admin := w.staff(t, "ada@seller.example", "admin")
		create := url.Values{"key": {"reviewer"}, "name": {"Reviewer"}, "buyerAssignable": {"on"}, "permission": {"ViewMyOrders", "ViewOthersOrders", "ViewCompanyHistory"}}
		if p := admin.post("demo/roles", create); p.status != http.StatusSeeOther || p.location != "/admin/demo/roles/reviewer?done=saved" {
			t.Fatalf("the admin's new role: %d %s", p.status, p.body)
		}
		r := w.role(t, "reviewer")
		if !r.BuyerAssignable || r.Name != "Reviewer" || !slices.Equal(r.Permissions, []procura.Permission{"ViewMyOrders", "ViewOthersOrders", "ViewCompanyHistory"}) {
			t.Errorf("the new role: %+v", r)
		}
		if p := admin.post("demo/roles", create); p.status != http.StatusBadRequest {
			t.Errorf("a role's key twice: %d", p.status)
		}
		edit := url.Values{"name": {"Reviewers"}, "permission": {"ViewMyQuotes"}, "version": {itoa(r.Version)}}
		if p := admin.post("demo/roles/reviewer", edit); p.status != http.StatusSeeOther {
			t.Fatalf("the admin's edit: %d %s", p.status, p.body)
		}
		if p := admin.post("demo/roles/reviewer", edit); p.status != http.StatusConflict {
			t.Errorf("an edit at an old version: %d", p.status)
		}
		r2 := w.role(t, "reviewer")
		edit.Set("version", itoa(r2.Version))
		edit.Set("permission", "Everything")
		if p := admin.post("demo/roles/reviewer", edit); p.status != http.StatusBadRequest {
			t.Errorf("an unknown permission: %d", p.status)
		}
		if r3 := w.role(t, "reviewer"); r3.Version != r2.Version || r3.BuyerAssignable || r3.Name != "Reviewers" || !slices.Equal(r3.Permissions, []procura.Permission{"ViewMyQuotes"}) {
			t.Errorf("the edited role: %+v", r3)
		}
		if recs := w.historyOf(t, "ada@seller.example"); len(recs) != 2 {
			t.Errorf("the admin's history: %+v", recs)
		}
	})
}

// TestDashboardProducts: the search finds the widget by its SKU; a viewer sees its prices but may
// not change them; an admin changes the price and publishes it, and the portal's catalog shows
// the new price; a bad amount changes nothing.
func TestDashboardProducts(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		viewer := w.staff(t, "vic@seller.example", "viewer")
		p := viewer.get("demo/products?q=widget-0")
		if p.status != http.StatusOK || !strings.Contains(p.body, "Bulk widget") || strings.Contains(p.body, "Shipping crate") {
			t.Errorf("the search: %d %s", p.status, p.body)
		}
		widget, err := w.a.GetProduct(ctx, seller, app.Ref{Key: "widget"})
		if err != nil {
			t.Fatal(err)
		}
		price := widget.MasterData.Staged.MasterVariant.Prices[0]
		if p := viewer.get("demo/products/" + widget.ID); p.status != http.StatusOK || !strings.Contains(p.body, "2.50") || strings.Contains(p.body, `value="changePrice"`) {
			t.Errorf("the widget for a viewer: %d %s", p.status, p.body)
		}
		change := url.Values{"change": {"changePrice"}, "price": {price.ID}, "currency": {"USD"}, "amount": {"3,75"}, "version": {itoa(widget.Version)}}
		for _, b := range []*browser{viewer, w.staff(t, "sal@seller.example", "sales")} {
			if p := b.post("demo/products/"+widget.ID, change); p.status != http.StatusForbidden || !strings.Contains(p.body, "manage_products") {
				t.Errorf("a crafted price change: %d %s", p.status, p.body)
			}
		}
		admin := w.staff(t, "ada@seller.example", "admin")
		for _, amount := range []string{"3.751", "-1", "abc", ""} {
			change.Set("amount", amount)
			if p := admin.post("demo/products/"+widget.ID, change); p.status != http.StatusBadRequest {
				t.Errorf("the amount %q: %d", amount, p.status)
			}
		}
		change.Set("amount", "3,75")
		if p := admin.post("demo/products/"+widget.ID, change); p.status != http.StatusSeeOther {
			t.Fatalf("the admin's price change: %d %s", p.status, p.body)
		}
		if p := w.browser(t).signIn("bob@acme.example").get("products"); !strings.Contains(p.body, "2.50") {
			t.Errorf("the catalog before publishing: %s", p.body)
		}
		widget, _ = w.a.GetProduct(ctx, seller, app.Ref{Key: "widget"})
		if p := admin.post("demo/products/"+widget.ID, url.Values{"change": {"publish"}, "version": {itoa(widget.Version)}}); p.status != http.StatusSeeOther {
			t.Fatalf("publishing: %d %s", p.status, p.body)
		}
		if p := w.browser(t).signIn("bob@acme.example").get("products"); !strings.Contains(p.body, "3.75") {
			t.Errorf("the catalog after publishing: %s", p.body)
		}
		widget, _ = w.a.GetProduct(ctx, seller, app.Ref{Key: "widget"})
		add := url.Values{"change": {"addPrice"}, "variant": {"1"}, "currency": {"EUR"}, "country": {"de"}, "amount": {"3"}, "version": {itoa(widget.Version)}}
		if p := admin.post("demo/products/"+widget.ID, add); p.status != http.StatusSeeOther {
			t.Fatalf("adding a price: %d %s", p.status, p.body)
		}
		widget, _ = w.a.GetProduct(ctx, seller, app.Ref{Key: "widget"})
		prices := widget.MasterData.Staged.MasterVariant.Prices
		if len(prices) != 2 || prices[1].Country != "DE" || prices[1].Value.CentAmount != 300 {
			t.Fatalf("the prices: %+v", prices)
		}
		remove := url.Values{"change": {"removePrice"}, "price": {prices[1].ID}, "version": {itoa(widget.Version)}}
		if p := admin.post("demo/products/"+widget.ID, remove); p.status != http.StatusSeeOther {
			t.Errorf("removing a price: %d %s", p.status, p.body)
		}
		if p := admin.post("demo/products/"+widget.ID, remove); p.status != http.StatusConflict {
			t.Errorf("removing at an old version: %d", p.status)
		}
	})
}
