package app_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// historyOf returns the records of q for the seller, as JSON objects.
func historyOf(t *testing.T, a *app.App, c app.Caller, q app.HistoryQuery) []map[string]any {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = 50
	}
	return must[*app.Page](t)(a.QueryHistory(ctx, c, app.Acting{}, q)).Items()
}

// changes sums up records as "change type key" lines, newest first.
func changes(records []map[string]any) string {
	var out []string
	for _, r := range records {
		key, _ := r["resourceKey"].(string)
		out = append(out, fmt.Sprintf("%s %s %s", r["change"], r["resource"].(map[string]any)["typeId"], key))
	}
	return strings.Join(out, "; ")
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestHistoryRecordsWhoWhatAndWhen(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		now := time.Date(2026, 5, 4, 3, 2, 1, 0, time.UTC)
		a.Now = func() time.Time { return now }
		seller := c
		seller.ClientID, seller.RequestID, seller.ClientAddress = "backoffice", "req-1", "192.0.2.7"
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, seller, company("acme-co")))
		rename := `{"action":"changeName","name":"Acme Corporation"}`
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, seller, app.Ref{Key: "acme-co"}, actions(1, rename)))
		_, err := a.UpdateBusinessUnit(ctx, seller, app.Ref{Key: "acme-co"}, actions(2, rename, `{"action":"changeName","name":""}`))
		wantCode(t, err, procura.CodeRequiredField) // a failed request records nothing

		got := historyOf(t, a, c, app.HistoryQuery{ResourceType: procura.TypeBusinessUnit})
		if changes(got) != "ResourceUpdated business-unit acme-co; ResourceCreated business-unit acme-co" {
			t.Fatalf("records: %s", changes(got))
		}
		upd, created := got[0], got[1]
		for name, want := range map[string]string{
			"createdAt": `"2026-05-04T03:02:01.000Z"`, "versionBefore": "1", "versionAfter": "2",
			"actions": "[" + rename + "]", "createdBy": `{"clientId":"backoffice"}`, "requestId": `"req-1"`,
			"clientAddress": `"192.0.2.7"`, "businessUnit": `{"key":"acme-co","typeId":"business-unit"}`,
		} {
			if g := asJSON(upd[name]); g != want {
				t.Errorf("update's %s = %s, want %s", name, g, want)
			}
		}
		if upd["diff"] != nil || created["versionBefore"] != nil || created["actions"] != nil {
			t.Errorf("an update with actions records them, a creation its resource: %v / %v", upd, created)
		}
		diff, _ := created["diff"].(map[string]any)
		if diff["key"] != "acme-co" || diff["name"] != "acme-co" || asJSON(diff["version"]) != "1" {
			t.Errorf("creation's diff = %v", diff)
		}

		// a write without actions records what changed, without the private fields
		cu := must[*procura.CustomerSignInResult](t)(a.CreateCustomer(ctx, seller, procura.CustomerDraft{Email: "ann@acme.example", Password: "correct horse"}))
		me := c
		me.CustomerID = cu.Customer.ID
		one := int64(1)
		must[*procura.Customer](t)(a.ChangeMyPassword(ctx, me, procura.PasswordChange{Version: &one, CurrentPassword: "correct horse", NewPassword: "battery staple"}, "192.0.2.8"))
		must[*procura.Customer](t)(a.UpdateMe(ctx, me, actions(2, `{"action":"setFirstName","firstName":"Ann"}`)))
		got = historyOf(t, a, c, app.HistoryQuery{ResourceID: cu.Customer.ID})
		if changes(got) != "ResourceUpdated customer ; ResourceUpdated customer ; ResourceCreated customer " {
			t.Fatalf("customer records: %s", changes(got))
		}
		if g := asJSON(got[0]["createdBy"]); g != fmt.Sprintf(`{"customer":{"id":%q,"typeId":"customer"}}`, cu.Customer.ID) {
			t.Errorf("the customer's own change is by %s", g)
		}
		for _, r := range got {
			if strings.Contains(asJSON(r), "passwordHash") || strings.Contains(asJSON(r), "argon2") {
				t.Errorf("a record shows the password hash: %v", r)
			}
		}

		// by actor, deletions, and the project's settings
		if g := changes(historyOf(t, a, c, app.HistoryQuery{Actor: cu.Customer.ID})); g != "ResourceUpdated customer ; ResourceUpdated customer " {
			t.Errorf("by the customer: %s", g)
		}
		must[*procura.BusinessUnit](t)(a.DeleteBusinessUnit(ctx, seller, app.Ref{Key: "acme-co"}, 2))
		del := historyOf(t, a, c, app.HistoryQuery{ResourceType: procura.TypeBusinessUnit, Limit: 1})[0]
		if del["change"] != app.ResourceDeleted || asJSON(del["versionBefore"]) != "2" || del["versionAfter"] != nil || del["diff"] != nil {
			t.Errorf("deletion: %v", del)
		}
		must[*procura.Project](t)(a.UpdateProject(ctx, seller, actions(1, `{"action":"changeHistoryConfiguration","historyConfiguration":{"deleteDaysAfterCreation":30}}`)))
		if g := changes(historyOf(t, a, c, app.HistoryQuery{ResourceType: "project"})); g != "ResourceUpdated project acme" {
			t.Errorf("project records: %s", g)
		}
	})
}

func TestHistoryQueries(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		now := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
		a.Now = func() time.Time { return now }
		w := newWorld(t, a, c)
		w.unit("acme", "-")
		now = now.Add(time.Hour)
		w.unit("acme-east", "acme")
		w.unit("acme-east-1", "acme-east")
		now = now.Add(time.Hour)
		w.unit("globex", "-")
		keys := func(q app.HistoryQuery) string {
			t.Helper()
			var out []string
			for _, r := range historyOf(t, a, c, q) {
				out = append(out, fmt.Sprint(r["resourceKey"]))
			}
			return strings.Join(out, ",")
		}
		for name, tc := range map[string]struct {
			q    app.HistoryQuery
			want string
		}{
			"a company":             {app.HistoryQuery{Company: "acme"}, "acme-east-1,acme-east,acme"},
			"a division's tree":     {app.HistoryQuery{Company: "acme-east"}, "acme-east-1,acme-east"},
			"a unit that never was": {app.HistoryQuery{Company: "initech"}, ""},
			"a time range":          {app.HistoryQuery{From: now.Add(-time.Hour), To: now}, "acme-east-1,acme-east"},
			"from":                  {app.HistoryQuery{From: now}, "globex"},
			"paged":                 {app.HistoryQuery{Limit: 2, Offset: 1}, "acme-east-1,acme-east"},
			"by type and company":   {app.HistoryQuery{ResourceType: procura.TypeCustomer, Company: "acme"}, ""},
		} {
			if got := keys(tc.q); got != tc.want {
				t.Errorf("%s: got %q, want %q", name, got, tc.want)
			}
		}
		for _, q := range []app.HistoryQuery{{Limit: app.MaxLimit + 1}, {Limit: 1, Offset: -1}, {Limit: 1, From: now, To: now}} {
			_, err := a.QueryHistory(ctx, c, app.Acting{}, q)
			wantCode(t, err, procura.CodeInvalidInput)
		}
	})
}

func TestHistoryForAssociates(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		w := newWorld(t, a, c)
		w.role("auditor", false, procura.ViewCompanyHistory, procura.UpdateBusinessUnitDetails)
		w.role("buyer", false, procura.UpdateBusinessUnitDetails)
		w.unit("acme", "-")
		w.unit("acme-east", "acme")
		w.unit("globex", "-")
		ann, bob, carl := w.customer("ann@acme.example"), w.customer("bob@acme.example"), w.customer("carl@globex.example")
		w.associate("acme", "ann@acme.example", "auditor", "Enabled")
		w.associate("acme", "bob@acme.example", "buyer", "Enabled")
		w.associate("globex", "carl@globex.example", "auditor", "Enabled")

		annTok := w.as("ann@acme.example", "")
		annTok.RequestID, annTok.ClientAddress = "req-ann", "198.51.100.4"
		east := app.AsAssociate(annTok, ann, "acme-east")
		must[*procura.BusinessUnit](t)(a.UpdateAssociateUnit(ctx, annTok, east, app.Ref{Key: "acme-east"},
			actions(w.version("acme-east"), `{"action":"changeName","name":"East"}`)))

		q := app.HistoryQuery{Limit: 50}
		page := must[*app.Page](t)(a.QueryHistory(ctx, annTok, app.AsAssociate(annTok, ann, "acme"), q))
		if g := changes(page.Items()); g != "ResourceUpdated business-unit acme-east; ResourceUpdated business-unit acme; "+
			"ResourceUpdated business-unit acme; ResourceCreated business-unit acme-east; ResourceCreated business-unit acme" {
			t.Fatalf("ann's view of acme: %s", g)
		}
		first := page.Items()[0]
		if asJSON(first["createdBy"]) != fmt.Sprintf(`{"associate":{"id":%q,"typeId":"customer"},"customer":{"id":%q,"typeId":"customer"}}`, ann, ann) ||
			first["requestId"] != nil || first["clientAddress"] != nil {
			t.Errorf("an associate's view shows %v", first)
		}
		// the seller's view of the same record has the request and address
		seller := historyOf(t, a, c, app.HistoryQuery{Actor: ann})
		if len(seller) != 1 || seller[0]["requestId"] != "req-ann" || seller[0]["clientAddress"] != "198.51.100.4" {
			t.Errorf("the seller's view of ann's change: %v", seller)
		}

		// a division's view holds its tree only; company may name the path's unit only
		sub := must[*app.Page](t)(a.QueryHistory(ctx, annTok, east, q))
		if g := changes(sub.Items()); g != "ResourceUpdated business-unit acme-east; ResourceCreated business-unit acme-east" {
			t.Errorf("ann's view of acme-east: %s", g)
		}
		_, err := a.QueryHistory(ctx, annTok, east, app.HistoryQuery{Limit: 5, Company: "acme"})
		wantCode(t, err, procura.CodeInvalidInput)

		// a backend acting for ann sees what she sees
		backend := app.Caller{ProjectKey: "acme", ClientID: "backend"}
		if p := must[*app.Page](t)(a.QueryHistory(ctx, backend, app.AsAssociate(backend, ann, "acme"), q)); p.Count != 5 {
			t.Errorf("the backend acting for ann sees %d records", p.Count)
		}

		// without the permission, or outside their company: refused; another company's auditor
		// sees their own company only
		bobTok := w.as("bob@acme.example", "")
		_, err = a.QueryHistory(ctx, bobTok, app.AsAssociate(bobTok, bob, "acme"), q)
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		_, err = a.QueryHistory(ctx, annTok, app.AsAssociate(annTok, ann, "globex"), q)
		wantCode(t, err, procura.CodeAssociateMissingPermission)
		carlTok := w.as("carl@globex.example", "")
		other := must[*app.Page](t)(a.QueryHistory(ctx, carlTok, app.AsAssociate(carlTok, carl, "globex"), q))
		if g := changes(other.Items()); strings.Contains(g, "acme") || !strings.Contains(g, "globex") {
			t.Errorf("carl's view of globex: %s", g)
		}
	})
}

func TestHistoryRetention(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		now := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
		a.Now = func() time.Time { return now }
		p := must[*procura.Project](t)(a.GetProject(ctx, c))
		if p.History.DeleteDaysAfterCreation != procura.DefaultHistoryDays {
			t.Errorf("default retention %d days", p.History.DeleteDaysAfterCreation)
		}
		for _, days := range []string{"0", "365251", "null"} {
			_, err := a.UpdateProject(ctx, c, actions(1, `{"action":"changeHistoryConfiguration","historyConfiguration":{"deleteDaysAfterCreation":`+days+`}}`))
			if code := procura.ErrorCode(err); code != procura.CodeInvalidField && code != procura.CodeRequiredField {
				t.Errorf("%s days: %v", days, err)
			}
		}
		must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(1, `{"action":"changeHistoryConfiguration","historyConfiguration":{"deleteDaysAfterCreation":2}}`)))
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("old")))
		now = now.Add(36 * time.Hour)
		must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("new")))
		now = now.Add(24 * time.Hour)
		if n := must[int64](t)(a.PruneHistory(ctx, now)); n != 2 {
			t.Errorf("pruned %d records, want 2 (the setting's and old's)", n)
		}
		if g := changes(historyOf(t, a, c, app.HistoryQuery{})); g != "ResourceCreated business-unit new" {
			t.Errorf("kept: %s", g)
		}
	})
}

// A subscription's history shows who redirected its deliveries, never its webhook secret: not
// in the created resource, not in a changeDestination that sets a new one.
func TestHistoryKeepsNoWebhookSecret(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		secret := "whsec_" + strings.Repeat("QUJD", 8)
		s := subscription(t, a, c, `{"key":"erp","destination":{"type":"HTTP","url":"https://erp.example/hook","secret":"`+secret+`"},
			"messages":[{"resourceTypeId":"order"}]}`)
		move := `{"action":"changeDestination","destination":{"type":"HTTP","url":"https://other.example/hook","secret":"` + secret + `"}}`
		must[*procura.Subscription](t)(a.UpdateSubscription(ctx, c, app.Ref{ID: s.ID}, actions(s.Version, move)))
		got := historyOf(t, a, c, app.HistoryQuery{ResourceID: s.ID})
		if changes(got) != "ResourceUpdated subscription erp; ResourceCreated subscription erp" {
			t.Fatalf("records: %s", changes(got))
		}
		if !strings.Contains(asJSON(got[0]["actions"]), "other.example") {
			t.Errorf("the change of destination is not recorded: %v", got[0])
		}
		for _, r := range got {
			if strings.Contains(asJSON(r), secret) {
				t.Errorf("a record shows the webhook secret: %v", r)
			}
		}
	})
}
