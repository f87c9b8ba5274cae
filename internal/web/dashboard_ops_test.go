package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/sqlstore/sqltest"
)

// found is the text of the first element of id in body.
func found(t *testing.T, body, id string) string {
	t.Helper()
	m := regexp.MustCompile(`id="` + id + `">([^<]*)<`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in %s", id, body)
	}
	return m[1]
}

// TestDashboardClients: an admin lists, creates (the secret on that page only) and revokes API
// clients, whose token then ends; a viewer and sales are refused the page and a crafted post,
// and nothing is written.
func TestDashboardClients(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		demo := app.Caller{ProjectKey: "demo", Scopes: app.Scopes{"manage_project:demo"}}
		if _, err := w.a.CreateAPIClient(ctx, "demo", "view_orders:demo", "", ""); err != nil {
			t.Fatal(err)
		}
		before, err := w.a.APIClients(ctx, demo)
		if err != nil || len(before) == 0 {
			t.Fatal(err, before)
		}
		for _, role := range []string{"viewer", "sales"} {
			b := w.staff(t, role+"@seller.example", role)
			if p := b.get("demo/clients"); p.status != http.StatusForbidden || !strings.Contains(p.body, "manage_project:demo") {
				t.Errorf("%s's clients page: %d %s", role, p.status, p.body)
			}
			if p := b.post("demo/clients", url.Values{"scope": {"manage_project"}}); p.status != http.StatusForbidden {
				t.Errorf("%s's crafted post: %d", role, p.status)
			}
			if p := b.post("demo/clients/"+before[0].ID+"/delete", nil); p.status != http.StatusForbidden {
				t.Errorf("%s revoking: %d", role, p.status)
			}
		}
		if after, _ := w.a.APIClients(ctx, demo); len(after) != len(before) {
			t.Errorf("refused posts wrote clients: %d then %d", len(before), len(after))
		}

		admin := w.staff(t, "ada@seller.example", "admin")
		if p := admin.post("demo/clients", url.Values{"scope": {"no_such_scope"}}); p.status != http.StatusBadRequest {
			t.Errorf("an unknown scope: %d %s", p.status, p.body)
		}
		if p := admin.post("demo/clients", nil); p.status != http.StatusBadRequest {
			t.Errorf("no scope: %d", p.status)
		}
		p := admin.post("demo/clients", url.Values{"scope": {"view_business_units", "view_orders"}})
		if p.status != http.StatusCreated {
			t.Fatalf("creating a client: %d %s", p.status, p.body)
		}
		id, secret := found(t, p.body, "client-id"), found(t, p.body, "client-secret")
		if found(t, p.body, "client-scope") != "view_business_units:demo view_orders:demo" {
			t.Errorf("the client's scopes: %s", p.body)
		}
		tok, err := w.a.ClientCredentials(ctx, id, secret, "")
		if err != nil {
			t.Fatalf("the new client's token: %v", err)
		}
		if _, err := w.a.Authenticate(ctx, tok.AccessToken); err != nil { // the token is now in the node's cache
			t.Fatalf("the new client's token: %v", err)
		}
		p = admin.get("demo/clients")
		if p.status != http.StatusOK || !strings.Contains(p.body, id) || strings.Contains(p.body, secret) {
			t.Errorf("the list shows the secret or lacks the client: %d %s", p.status, p.body)
		}
		if p := admin.post("demo/clients/"+id+"/delete", nil); p.status != http.StatusSeeOther || p.location != "/admin/demo/clients?done=deleted" {
			t.Errorf("revoking: %d %s", p.status, p.body)
		}
		if _, err := w.a.Authenticate(ctx, tok.AccessToken); procura.ErrorCode(err) != procura.CodeInvalidToken {
			t.Errorf("the revoked client's token: %v", err)
		}
		if p := admin.post("demo/clients/"+id+"/delete", nil); p.status != http.StatusNotFound {
			t.Errorf("revoking twice: %d", p.status)
		}
	})
}

// TestDashboardStaffPage: an admin of the project adds a member of it, whose password is shown
// once and signs them in; a member of one project may not add one of every project; a sales
// member is refused the page and the post.
func TestDashboardStaffPage(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		sales := w.staff(t, "sal@seller.example", "sales")
		if p := sales.get("demo/staff"); p.status != http.StatusForbidden {
			t.Errorf("sales' staff page: %d", p.status)
		}
		if p := sales.post("demo/staff", url.Values{"email": {"eve@seller.example"}, "role": {"admin"}, "projects": {"this"}}); p.status != http.StatusForbidden {
			t.Errorf("sales adding an admin: %d", p.status)
		}
		admin := w.staff(t, "ada@seller.example", "admin")
		if p := admin.post("demo/staff", url.Values{"email": {"eve@seller.example"}, "role": {"admin"}, "projects": {"every"}}); p.status != http.StatusForbidden {
			t.Errorf("a project's admin adding a member of every project: %d", p.status)
		}
		if p := admin.post("demo/staff", url.Values{"email": {"eve@seller.example"}, "role": {"owner"}, "projects": {"this"}}); p.status != http.StatusBadRequest {
			t.Errorf("an unknown role: %d", p.status)
		}
		if list, _ := w.a.ListStaff(ctx); len(list) != 2 {
			t.Errorf("refused posts wrote members: %+v", list)
		}
		p := admin.post("demo/staff", url.Values{"email": {"Eve@Seller.example"}, "role": {"support"}, "projects": {"this"}})
		if p.status != http.StatusCreated {
			t.Fatalf("adding eve: %d %s", p.status, p.body)
		}
		password := found(t, p.body, "member-password")
		eve := w.dashboard(t)
		if p := eve.post("sign-in", url.Values{"email": {"eve@seller.example"}, "password": {password}}); p.status != http.StatusSeeOther {
			t.Errorf("eve signing in with the password shown: %d", p.status)
		}
		p = admin.get("demo/staff")
		if !strings.Contains(p.body, "eve@seller.example") || strings.Contains(p.body, password) {
			t.Errorf("the staff list: %s", p.body)
		}
		if p := admin.post("demo/staff", url.Values{"email": {"eve@seller.example"}, "role": {"viewer"}, "projects": {"this"}}); p.status != http.StatusBadRequest {
			t.Errorf("eve twice: %d", p.status)
		}
	})
}

// TestDashboardSettings: an admin changes the status and role of units buyers create and the
// messages' retention in one update of the project; a viewer reads them and may not change them.
func TestDashboardSettings(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		demo := app.Caller{ProjectKey: "demo"}
		p0, err := w.a.GetProject(ctx, demo)
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"version": {itoa(p0.Version)}, "status": {"Inactive"}, "role": {"buyer"}, "messages": {"on"}, "days": {"30"}}
		viewer := w.staff(t, "vic@seller.example", "viewer")
		if p := viewer.get("demo/settings"); p.status != http.StatusOK || !strings.Contains(p.body, `id="unit-status"`) {
			t.Errorf("the viewer's settings page: %d %s", p.status, p.body)
		}
		if p := viewer.post("demo/settings", form); p.status != http.StatusForbidden || !strings.Contains(p.body, "manage_project_settings") {
			t.Errorf("the viewer's post: %d %s", p.status, p.body)
		}
		admin := w.staff(t, "ada@seller.example", "admin")
		bad := url.Values{"version": {itoa(p0.Version)}, "status": {"Inactive"}, "days": {"400"}}
		if p := admin.post("demo/settings", bad); p.status != http.StatusBadRequest {
			t.Errorf("400 days: %d", p.status)
		}
		if p1, _ := w.a.GetProject(ctx, demo); p1.Version != p0.Version {
			t.Errorf("refused posts changed the project")
		}
		if p := admin.post("demo/settings", form); p.status != http.StatusSeeOther {
			t.Fatalf("the admin's settings: %d %s", p.status, p.body)
		}
		p1, _ := w.a.GetProject(ctx, demo)
		if p1.BusinessUnits.MyBusinessUnitStatusOnCreation != "Inactive" || p1.BusinessUnits.MyBusinessUnitAssociateRoleOnCreation.Key != "buyer" ||
			!p1.Messages.Enabled || *p1.Messages.DeleteDaysAfterCreation != 30 {
			t.Errorf("the project after: %+v %+v", p1.BusinessUnits, p1.Messages)
		}
		if p := admin.post("demo/settings", form); p.status != http.StatusConflict {
			t.Errorf("the same form again, at an old version: %d", p.status)
		}
	})
}

// TestDashboardSubscriptions: the subscriptions with their health; sales may not suspend or
// redeliver, an admin may.
func TestDashboardSubscriptions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		dest := json.RawMessage(`{"type":"HTTP","url":"http://127.0.0.1:9/hook"}`)
		sub, err := w.a.CreateSubscription(ctx, app.Caller{ProjectKey: "demo"}, procura.SubscriptionDraft{Key: "erp", Destination: &dest,
			Changes: []procura.ChangeSubscription{{ResourceTypeID: "order"}}})
		if err != nil {
			t.Fatal(err)
		}
		sales := w.staff(t, "sal@seller.example", "sales")
		p := sales.get("demo/subscriptions")
		if p.status != http.StatusOK || !strings.Contains(p.body, "http://127.0.0.1:9/hook") || !strings.Contains(p.body, `<dd class="health">Healthy</dd>`) {
			t.Errorf("the subscriptions: %d %s", p.status, p.body)
		}
		status := "demo/subscriptions/" + sub.ID + "/status"
		if p := sales.post(status, url.Values{"version": {itoa(sub.Version)}, "action": {"suspend"}}); p.status != http.StatusForbidden {
			t.Errorf("sales suspending: %d", p.status)
		}
		if p := sales.post("demo/subscriptions/"+sub.ID+"/redeliver", url.Values{"resourceType": {"order"}, "from": {"1"}}); p.status != http.StatusForbidden {
			t.Errorf("sales redelivering: %d", p.status)
		}
		admin := w.staff(t, "ada@seller.example", "admin")
		if p := admin.post(status, url.Values{"version": {itoa(sub.Version)}, "action": {"delete"}}); p.status != http.StatusBadRequest {
			t.Errorf("an unknown change: %d", p.status)
		}
		if p := admin.post(status, url.Values{"version": {itoa(sub.Version)}, "action": {"suspend"}}); p.status != http.StatusSeeOther {
			t.Fatalf("suspending: %d %s", p.status, p.body)
		}
		if p := admin.get("demo/subscriptions"); !strings.Contains(p.body, `<dd class="health">ManuallySuspended</dd>`) || !strings.Contains(p.body, `id="resume-`+sub.ID) {
			t.Errorf("after suspending: %s", p.body)
		}
		p = admin.post("demo/subscriptions/"+sub.ID+"/redeliver", url.Values{"resourceType": {"order"}, "from": {"1"}})
		if p.status != http.StatusSeeOther || p.location != "/admin/demo/subscriptions?done=redelivered&count=0" {
			t.Errorf("redelivering: %d %s %s", p.status, p.location, p.body)
		}
		if p := admin.post("demo/subscriptions/no-such-id/redeliver", url.Values{"resourceType": {"order"}, "from": {"1"}}); p.status != http.StatusBadRequest { // the API: a reference not found
			t.Errorf("an unknown subscription: %d", p.status)
		}
	})
}

// TestDashboardHistory: the history filtered by actor, resource and days, newest first, names
// the staff member who changed; a bad date is a 400.
func TestDashboardHistory(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		admin := w.staff(t, "ada@seller.example", "admin")
		buyer := w.role(t, "buyer")
		if p := admin.post("demo/roles/buyer/permissions", url.Values{"permission": {"ViewOthersOrders"}, "version": {itoa(buyer.Version)}}); p.status != http.StatusSeeOther {
			t.Fatalf("the admin's change: %d %s", p.status, p.body)
		}
		viewer := w.staff(t, "vic@seller.example", "viewer")
		p := viewer.get("demo/history?actor=ada%40seller.example&resourceType=associate-role")
		if p.status != http.StatusOK || !strings.Contains(p.body, `<td class="by">ada@seller.example</td>`) || !strings.Contains(p.body, "updated: addPermission") ||
			strings.Count(p.body, `<td class="by">`) != 1 {
			t.Errorf("the admin's changes: %d %s", p.status, p.body)
		}
		if p := viewer.do(http.MethodGet, "demo/history?actor=ada%40seller.example", nil, "Accept-Language", "de"); !strings.Contains(p.body, "Änderungsverlauf") ||
			!strings.Contains(p.body, "geändert: addPermission") {
			t.Errorf("the history in German: %s", p.body)
		}
		if p := viewer.get("demo/history?actor=nobody%40seller.example"); !strings.Contains(p.body, `id="no-history"`) {
			t.Errorf("an actor who changed nothing: %s", p.body)
		}
		if p := viewer.get("demo/history?from=2000-01-01&to=2000-01-02"); !strings.Contains(p.body, `id="no-history"`) {
			t.Errorf("days without changes: %s", p.body)
		}
		if p := viewer.get("demo/history?from=yesterday"); p.status != http.StatusBadRequest {
			t.Errorf("a bad date: %d", p.status)
		}
		if p := viewer.get("demo/history?from=2030-01-02&to=2030-01-01"); p.status != http.StatusBadRequest {
			t.Errorf("from after to: %d", p.status)
		}
	})
}

// BenchmarkOperationsPages renders the history's page of 50 changes (of 20 orders placed) and the
// API clients' page as an admin: p50 and p95 from request to the whole page read (the issue asks
// p95 < 30 ms for list pages of 50 rows), on each backend.
//
//	go test ./internal/web -run '^$' -bench OperationsPages -benchtime=200x
func BenchmarkOperationsPages(b *testing.B) {
	for _, backend := range sqltest.Backends() {
		b.Run(backend.Name, func(b *testing.B) {
			w := newWorld(b, backend)
			for i := range 20 {
				w.order(b, "bob@acme.example", int64(2+i))
			}
			if _, err := w.a.CreateStaff(ctx, "ada@seller.example", "admin", "demo", staffPassword); err != nil {
				b.Fatal(err)
			}
			ada := w.dashboard(b)
			if p := ada.post("sign-in", url.Values{"email": {"ada@seller.example"}, "password": {staffPassword}}); p.status != http.StatusSeeOther {
				b.Fatalf("sign-in: %d", p.status)
			}
			for _, p := range []struct{ name, path string }{{"history", "demo/history"}, {"clients", "demo/clients"}} {
				b.Run(p.name, func(b *testing.B) {
					first := ada.get(p.path)
					if first.status != http.StatusOK {
						b.Fatalf("%s: %d %s", p.path, first.status, first.body)
					}
					if n := strings.Count(first.body, `<td class="by">`); p.name == "history" && n != 50 {
						b.Fatalf("the history shows %d changes, not 50", n)
					}
					measure(b, ada, p.path, len(first.body))
				})
			}
		})
	}
}
