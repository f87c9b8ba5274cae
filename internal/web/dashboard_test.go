package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
	"github.com/procura/procura/internal/web"
)

const staffPassword = "seller-staff-secret"

// staff creates a staff member of role in the demo project and returns a browser of the
// dashboard signed in as them.
func (w *world) staff(t testing.TB, email, role string) *browser {
	t.Helper()
	if _, err := w.a.CreateStaff(ctx, email, role, "demo", staffPassword); err != nil {
		t.Fatal(err)
	}
	b := w.dashboard(t)
	p := b.post("sign-in", url.Values{"email": {email}, "password": {staffPassword}}, "Sec-Fetch-Site", "same-origin")
	if p.status != http.StatusSeeOther || p.location != "/admin/" {
		t.Fatalf("sign-in of %s: %d %s %s", email, p.status, p.location, p.body)
	}
	if p := b.get(""); p.status != http.StatusSeeOther || p.location != "/admin/demo/companies" {
		t.Fatalf("the dashboard of %s: %d %s", email, p.status, p.location)
	}
	return b
}

// dashboard is a browser of the dashboard, served beside the world's portal.
func (w *world) dashboard(t testing.TB) *browser {
	srv := httptest.NewServer((&web.Dashboard{App: w.a, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler())
	t.Cleanup(srv.Close)
	b := w.browser(t)
	b.base = srv.URL + "/admin/"
	return b
}

// role reads an associate role as the seller.
func (w *world) role(t *testing.T, key string) *procura.AssociateRole {
	t.Helper()
	r, err := w.a.GetAssociateRole(ctx, app.Caller{ProjectKey: "demo"}, app.Ref{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestDashboardSignIn: without a session a page sends to the sign-in page; a wrong password is
// refused and locks the account as the customers' sign-in does; the session's cookie is HttpOnly
// and SameSite=Lax on /admin/; a project not the member's is not found; another site's form is
// refused.
func TestDashboardSignIn(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		b := w.dashboard(t)
		if p := b.get("demo/companies"); p.status != http.StatusSeeOther || p.location != "/admin/sign-in?next=%2Fadmin%2Fdemo%2Fcompanies" {
			t.Errorf("without a session: %d %q", p.status, p.location)
		}
		if _, err := w.a.CreateStaff(ctx, "ann@seller.example", "admin", "", staffPassword); err != nil {
			t.Fatal(err)
		}
		if p := b.post("sign-in", url.Values{"email": {"ann@seller.example"}, "password": {"wrong-password"}}); p.status != http.StatusBadRequest ||
			!strings.Contains(p.body, "The email or password is not right.") {
			t.Errorf("a wrong password: %d %s", p.status, p.body)
		}
		if p := b.post("sign-in", url.Values{"email": {"bob@acme.example"}, "password": {"procura-demo"}}); p.status != http.StatusBadRequest {
			t.Errorf("a customer signing in to the dashboard: %d", p.status)
		}
		var p page
		for range 5 {
			p = b.post("sign-in", url.Values{"email": {"ann@seller.example"}, "password": {"wrong-password"}})
		}
		if p.status != http.StatusTooManyRequests {
			t.Errorf("the sixth wrong password: %d", p.status)
		}
		if p := b.post("sign-in", url.Values{"email": {"ann@seller.example"}, "password": {staffPassword}}); p.status != http.StatusTooManyRequests {
			t.Errorf("the right password while locked: %d", p.status)
		}

		if _, err := w.a.CreateStaff(ctx, "sam@seller.example", "viewer", "demo", staffPassword); err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, "/admin/sign-in", strings.NewReader(url.Values{"email": {"sam@seller.example"}, "password": {staffPassword}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		(&web.Dashboard{App: w.a, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}).Handler().ServeHTTP(rec, req)
		cookies := rec.Result().Cookies()
		if len(cookies) != 1 || cookies[0].Name != "procura_staff_session" || !cookies[0].HttpOnly || cookies[0].SameSite != http.SameSiteLaxMode ||
			cookies[0].Path != "/admin/" || rec.Header().Get("Content-Security-Policy") == "" {
			t.Errorf("the session's cookie: %d %+v", rec.Code, cookies)
		}

		sam := w.staff(t, "sam2@seller.example", "viewer")
		if p := sam.get("other/companies"); p.status != http.StatusNotFound {
			t.Errorf("a project not the member's: %d", p.status)
		}
		if p := sam.post("sign-out", url.Values{}, "Sec-Fetch-Site", "cross-site"); p.status != http.StatusForbidden || !strings.Contains(p.body, "another site") {
			t.Errorf("a cross-site form: %d %s", p.status, p.body)
		}
		if p := sam.post("sign-out", url.Values{}); p.status != http.StatusSeeOther {
			t.Errorf("signing out: %d", p.status)
		}
		if p := sam.get("demo/companies"); p.status != http.StatusSeeOther {
			t.Errorf("after signing out: %d", p.status)
		}
	})
}

// TestDashboardCompanies: the tree of ACME with its divisions, found by a part of a name; a
// division's page names each associate's roles and where they come from; the groups show the
// permissions in Emporix's words.
func TestDashboardCompanies(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		v := w.staff(t, "vera@seller.example", "viewer")
		p := v.get("demo/companies?q=marketing")
		if p.status != http.StatusOK || !strings.Contains(p.body, "ACME Corporation") || !strings.Contains(p.body, "<mark>ACME Marketing Division</mark>") ||
			!strings.Contains(p.body, "ACME Engineering Division") {
			t.Errorf("the search: %d %s", p.status, p.body)
		}
		if p := v.get("demo/companies?q=globex"); !strings.Contains(p.body, `id="no-companies"`) {
			t.Errorf("a search that finds nothing: %s", p.body)
		}
		p = v.get("demo/companies/acme-engineering")
		for _, want := range []string{"bob@acme.example", "buyer (assigned here)", "alice@acme.example", "admin (inherited from acme-corp)",
			"ViewOthersOrders</span> (orders: read for legal entity): <span class=\"muted\">approver (inherited from acme-corp)", "San Francisco"} {
			if want == "San Francisco" {
				p = v.get("demo/companies/acme-corp")
			}
			if p.status != http.StatusOK || !strings.Contains(p.body, want) {
				t.Errorf("the company page lacks %q: %d %s", want, p.status, p.body)
			}
		}
		if p := v.get("demo/companies/acme-corp"); !strings.Contains(p.body, "High Value Order Approval") || !strings.Contains(p.body, `href="/admin/demo/orders?company=acme-corp"`) {
			t.Errorf("the company page lacks its approval rule or its orders: %s", p.body)
		}
		if p := v.get("demo/companies/acme-engineering"); strings.Contains(p.body, `id="rules"`) || !strings.Contains(p.body, "has no approval rules of its own") {
			t.Errorf("a division's rules: %s", p.body)
		}
		if p := v.get("demo/companies/no-such-unit"); p.status != http.StatusNotFound {
			t.Errorf("an unknown unit: %d", p.status)
		}
		p = v.get("demo/companies/acme-engineering/groups")
		if p.status != http.StatusOK || !strings.Contains(p.body, "Customer groups of ACME Corporation") || !strings.Contains(p.body, `id="group-buyer"`) ||
			!strings.Contains(p.body, "ViewMyOrders</span> (orders: read own)") {
			t.Errorf("the groups: %d %s", p.status, p.body)
		}
		p = v.get("demo/roles/buyer/add-permission?permission=ViewOthersOrders&company=acme-corp")
		if p.status != http.StatusOK || !strings.Contains(p.body, "Companies: 1. People: 1.") || !strings.Contains(p.body, "bob@acme.example") {
			t.Errorf("the warning: %d %s", p.status, p.body)
		}
		if p := v.get("demo/roles/buyer/add-permission?permission=Everything"); p.status != http.StatusBadRequest {
			t.Errorf("an unknown permission: %d", p.status)
		}
	})
}

// TestDashboardViewerChangesNothing: a viewer's forms, crafted or not, are refused with the API's
// refusal (403, the scope the route needs) and change nothing; an admin's add the permission, in
// the history under the admin's email, and bob then sees alice's order in the portal; sales
// add and remove a member.
func TestDashboardViewerChangesNothing(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		viewer := w.staff(t, "vic@seller.example", "viewer")
		buyer := w.role(t, "buyer")
		api := httpapi.Permit(app.Caller{ProjectKey: "demo", Scopes: app.Scopes{"view_associate_roles:demo"}}, "POST /{project}/associate-roles/{ref}")
		posts := map[string]url.Values{
			"demo/roles/buyer/permissions":       {"permission": {"ViewOthersOrders"}, "version": {"1"}, "company": {"acme-corp"}},
			"demo/companies/acme-corp/members":   {"change": {"add"}, "email": {"bob@acme.example"}, "role": {"approver"}, "unit": {"acme-corp"}},
			"demo/companies/acme-corp/members#2": {"change": {"remove"}, "customer": {w.bob}, "role": {"buyer"}, "unit": {"acme-engineering"}, "version": {"1"}},
		}
		for path, form := range posts {
			path, _, _ = strings.Cut(path, "#")
			p := viewer.post(path, form)
			if p.status != http.StatusForbidden || p.status != httpapi.Status(api) || !strings.Contains(p.body, "Insufficient scope") || !strings.Contains(p.body, "manage_") {
				t.Errorf("the viewer's %s: %d (the API: %v) %s", path, p.status, api, p.body)
			}
		}
		if r := w.role(t, "buyer"); r.Version != buyer.Version {
			t.Errorf("the viewer changed the buyer role")
		}
		u, err := w.a.GetBusinessUnit(ctx, app.Caller{ProjectKey: "demo"}, app.Ref{Key: "acme-corp"})
		if err != nil || len(u.Associates) != 2 {
			t.Errorf("the viewer changed acme-corp: %v %+v", err, u)
		}

		sales := w.staff(t, "sal@seller.example", "sales")
		if p := sales.post("demo/roles/buyer/permissions", url.Values{"permission": {"ViewOthersOrders"}, "version": {"1"}}); p.status != http.StatusForbidden {
			t.Errorf("sales changing a role shared by every company: %d", p.status)
		}
		if p := sales.post("demo/companies/acme-corp/members", url.Values{"change": {"add"}, "email": {"bob@acme.example"}, "role": {"approver"}, "unit": {"acme-engineering"}}); p.status != http.StatusSeeOther {
			t.Fatalf("sales adding bob as approver: %d %s", p.status, p.body)
		}
		access, err := w.a.AssociateAccess(ctx, app.Caller{ProjectKey: "demo"}, app.Ref{Key: "acme-engineering"}, w.bob)
		if err != nil || !slices.Contains(access.Permissions, procura.ViewOthersOrders) {
			t.Fatalf("bob after becoming approver: %v %+v", err, access)
		}
		u, _ = w.a.GetBusinessUnit(ctx, app.Caller{ProjectKey: "demo"}, app.Ref{Key: "acme-engineering"})
		form := url.Values{"change": {"remove"}, "customer": {w.bob}, "role": {"approver"}, "unit": {"acme-engineering"}, "version": {"1"}}
		if p := sales.post("demo/companies/acme-corp/members", form); p.status != http.StatusConflict {
			t.Errorf("removing at an old version: %d", p.status)
		}
		form.Set("version", itoa(u.Version))
		if p := sales.post("demo/companies/acme-corp/members", form); p.status != http.StatusSeeOther {
			t.Errorf("sales removing bob's approver role: %d %s", p.status, p.body)
		}
		if p := w.browser(t).signIn("bob@acme.example").get("orders?view=company"); strings.Contains(p.body, w.alices.ID) {
			t.Fatalf("bob sees alice's order before the permission")
		}

		admin := w.staff(t, "ada@seller.example", "admin")
		form = url.Values{"permission": {"ViewOthersOrders"}, "version": {itoa(buyer.Version)}, "company": {"acme-corp"}}
		if p := admin.post("demo/roles/buyer/permissions", form); p.status != http.StatusSeeOther || p.location != "/admin/demo/companies/acme-corp/groups?done=permission" {
			t.Fatalf("the admin adding ViewOthersOrders: %d %s %s", p.status, p.location, p.body)
		}
		if p := w.browser(t).signIn("bob@acme.example").get("orders?view=company"); !strings.Contains(p.body, w.alices.ID) {
			t.Errorf("bob's company orders after the permission: %s", p.body)
		}
		page, err := w.a.QueryHistory(ctx, app.Caller{ProjectKey: "demo"}, app.Acting{}, app.HistoryQuery{Actor: "ada@seller.example", Limit: 10})
		if err != nil || page.Count != 1 || page.Items()[0]["createdBy"].(map[string]any)["externalUserId"] != "ada@seller.example" {
			t.Errorf("the history of the admin's change: %v %+v", err, page)
		}
	})
}

// TestStaffRolesAsScopes: each role may call the seller's routes its scopes allow, as the API
// decides (httpapi.Permit), and nothing in a project not its own.
func TestStaffRolesAsScopes(t *testing.T) {
	allowed := map[string][]string{
		"admin":   {"POST /{project}/associate-roles/{ref}", "POST /{project}/subscriptions", "POST /{project}/products", "GET /{project}/history"},
		"sales":   {"POST /{project}/business-units/{ref}", "POST /{project}/customers/{ref}", "POST /{project}/orders/{ref}", "POST /{project}/staged-quotes/{ref}", "GET /{project}/history"},
		"support": {"GET /{project}/business-units", "GET /{project}/customers/{ref}", "GET /{project}/subscriptions", "GET /{project}/history"},
		"viewer":  {"GET /{project}/business-units", "GET /{project}/orders/{ref}", "GET /{project}/associate-roles"},
	}
	refused := map[string][]string{
		"sales":   {"POST /{project}/associate-roles/{ref}", "POST /{project}/subscriptions", "POST /{project}/products"},
		"support": {"POST /{project}/business-units/{ref}", "POST /{project}/customers/{ref}", "DELETE /{project}/orders/{ref}"},
		"viewer":  {"POST /{project}/business-units/{ref}", "POST /{project}/associate-roles/{ref}", "POST /{project}/quotes/{ref}"},
	}
	for _, role := range app.StaffRoles {
		m := app.StaffMember{Email: role + "@seller.example", Role: role, ProjectKey: "demo"}
		c, err := m.Caller("demo")
		if err != nil || c.Staff != m.Email {
			t.Fatalf("%s's caller: %+v %v", role, c, err)
		}
		for _, route := range allowed[role] {
			if err := httpapi.Permit(c, route); err != nil {
				t.Errorf("%s may not %s: %v", role, route, err)
			}
		}
		for _, route := range refused[role] {
			if err := httpapi.Permit(c, route); procura.ErrorCode(err) != procura.CodeInsufficientScope {
				t.Errorf("%s may %s: %v", role, route, err)
			}
		}
		if _, err := m.Caller("other"); procura.ErrorCode(err) != procura.CodeResourceNotFound {
			t.Errorf("%s in another project: %v", role, err)
		}
	}
	if err := httpapi.Permit(app.Caller{ProjectKey: "demo"}, "GET /{project}/no-such-route"); err == nil {
		t.Errorf("an unknown route is permitted")
	}
}
