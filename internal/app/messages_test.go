package app_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/refshape"
	"github.com/procura/procura/internal/store"
)

// messagesOn sets the project's messagesConfiguration: enabled, kept for days.
func messagesOn(t *testing.T, a *app.App, c app.Caller, enabled bool, days int) {
	t.Helper()
	p := must[*procura.Project](t)(a.GetProject(ctx, c))
	must[*procura.Project](t)(a.UpdateProject(ctx, c, actions(p.Version, fmt.Sprintf(
		`{"action":"changeMessagesConfiguration","messagesConfiguration":{"enabled":%t,"deleteDaysAfterCreation":%d}}`, enabled, days))))
}

// messagesWhere returns the messages a query finds, as decoded JSON.
func messagesWhere(t *testing.T, a *app.App, c app.Caller, q app.Query) []map[string]any {
	t.Helper()
	if q.Limit == 0 {
		q.Limit = app.MaxLimit
	}
	return must[*app.Page](t)(a.QueryMessages(ctx, c, q)).Items()
}

// kinds lists the messages' types and sequence numbers, "Type#n".
func kinds(ms []map[string]any) string {
	out := make([]string, len(ms))
	for i, m := range ms {
		out[i] = fmt.Sprintf("%s#%v", m["type"], m["sequenceNumber"])
	}
	return strings.Join(out, " ")
}

func TestAnApprovedOrdersMessages(t *testing.T) {
	ref := must[*refshape.Types](t)(refshape.Reference())
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		messagesOn(t, a, c, true, 15)
		w := approvalWorld(t, a, c)
		w.rule("acme", "big-orders", `totalPrice >= "1000.00 EUR"`, seedApprovers, "buyer-r")
		order := w.orderOf("bob@acme.example", "acme", 76)
		f := w.flowOf(order)
		f = must[*procura.ApprovalFlow](t)(w.decide("hugo@acme.example", "acme", f, `{"action":"approve"}`))
		must[*procura.ApprovalFlow](t)(w.decide("cleo@acme.example", "acme", f, `{"action":"approve"}`))

		of := func(id string) string {
			return kinds(messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + id + `")`}, Sort: []string{"sequenceNumber asc"}}))
		}
		if got := of(order.ID); got != "OrderCreated#1" {
			t.Errorf("the order's messages: %s", got)
		}
		if got, want := of(f.ID), "ApprovalFlowCreated#1 ApprovalFlowApproved#2 ApprovalFlowApproved#3 ApprovalFlowCompleted#4"; got != want {
			t.Errorf("the flow's messages: %s, want %s", got, want)
		}
		approved := messagesWhere(t, a, c, app.Query{Where: []string{`type = "ApprovalFlowApproved"`}, Sort: []string{"createdAt asc"}})
		if len(approved) != 2 {
			t.Fatalf("%d ApprovalFlowApproved messages", len(approved))
		}
		by := approved[0]["createdBy"].(map[string]any)["associate"].(map[string]any)["id"]
		who := approved[0]["associate"].(map[string]any)["id"]
		if by != w.customers["hugo@acme.example"] || who != by || approved[0]["order"].(map[string]any)["id"] != order.ID {
			t.Errorf("the first approval: createdBy %v, associate %v, order %v", by, who, approved[0]["order"])
		}
		// Every message has the reference's shape: the units', roles', customers', rules' too.
		all := must[*app.Page](t)(a.QueryMessages(ctx, c, app.Query{Limit: app.MaxLimit}))
		raw := must[[]byte](t)(json.Marshal(all))
		if problems := ref.Check("MessagePagedQueryResponse", raw); len(problems) > 0 {
			t.Errorf("the messages are not the reference's:\n  %s", strings.Join(problems, "\n  "))
		}
		seen := map[string]bool{}
		for _, m := range all.Items() {
			seen[m["type"].(string)] = true
		}
		for _, typ := range []string{"BusinessUnitCreated", "BusinessUnitAssociateAdded", "AssociateRoleCreated", "CustomerCreated", "ApprovalRuleCreated"} {
			if !seen[typ] {
				t.Errorf("no %s message among %v", typ, seen)
			}
		}
		one := all.Items()[0]
		got := must[json.RawMessage](t)(a.GetMessage(ctx, c, app.Ref{ID: one["id"].(string)}))
		if !strings.Contains(string(got), `"sequenceNumber":1`) {
			t.Errorf("GET /messages/%s: %s", one["id"], got)
		}
		_, err := a.GetMessage(ctx, c, app.Ref{ID: "no-such-message"})
		wantCode(t, err, procura.CodeResourceNotFound)
	})
}

func TestARolledBackChangeLeavesNoMessage(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		messagesOn(t, a, c, true, 15)
		u := must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("initech")))
		var told []app.Written
		refuse := errors.New("the hook refuses")
		a.WriteHooks = []app.WriteHook{func(tx store.Tx, projectID string, w app.Written) error {
			told = append(told, w)
			return refuse
		}}
		_, err := a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "initech"}, actions(u.Version, `{"action":"changeName","name":"Initrode"}`))
		if !errors.Is(err, refuse) {
			t.Fatalf("the update answered %v, want the hook's error", err)
		}
		if len(told) != 1 || len(told[0].Messages) != 1 || told[0].Messages[0].Type != "BusinessUnitNameChanged" ||
			told[0].Messages[0].SequenceNumber != 2 || len(told[0].Changes) != 1 || told[0].Changes[0].Kind != app.ResourceUpdated ||
			told[0].Changes[0].Version != 2 {
			t.Fatalf("the hook was told %+v", told)
		}
		a.WriteHooks = nil
		if got := kinds(messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + u.ID + `")`}})); got != "BusinessUnitCreated#1" {
			t.Errorf("after the rollback: %s", got)
		}
		if got := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "initech"})); got.Name != "initech" || got.Version != 1 {
			t.Errorf("the unit after the rollback: %s v%d", got.Name, got.Version)
		}
		// A refused update (a stale version) leaves none either; the next one takes number 2.
		_, err = a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "initech"}, actions(7, `{"action":"changeName","name":"Initrode"}`))
		wantCode(t, err, procura.CodeConcurrentModification)
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "initech"}, actions(1, `{"action":"changeName","name":"Initrode"}`)))
		if got := kinds(messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + u.ID + `")`}})); got != "BusinessUnitCreated#1 BusinessUnitNameChanged#2" {
			t.Errorf("after the update: %s", got)
		}
	})
}

func TestConcurrentWritersGetGaplessSequenceNumbers(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		u := must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company("initech")))
		const writers = 6
		atOnce(t, writers, func(i int) error {
			for { // each writer retries until its change wins
				cur, err := a.GetBusinessUnit(ctx, c, app.Ref{Key: "initech"})
				if err == nil {
					_, err = a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "initech"}, actions(cur.Version, fmt.Sprintf(`{"action":"changeName","name":"n%d"}`, i)))
				}
				if procura.ErrorCode(err) != procura.CodeConcurrentModification {
					return err
				}
			}
		})
		messagesOn(t, a, c, true, 15)
		ms := messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + u.ID + `")`}, Sort: []string{"sequenceNumber asc"}})
		if len(ms) != writers+1 {
			t.Fatalf("%d messages, want %d: %s", len(ms), writers+1, kinds(ms))
		}
		for i, m := range ms {
			if m["sequenceNumber"] != float64(i+1) || m["resourceVersion"] != float64(i+1) {
				t.Fatalf("message %d: %s, resource version %v", i, kinds(ms), m["resourceVersion"])
			}
		}
	})
}

func TestQueryingMessages(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		for _, key := range []string{"aa", "bb", "cc"} {
			u := must[*procura.BusinessUnit](t)(a.CreateBusinessUnit(ctx, c, company(key)))
			must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: key}, actions(u.Version,
				`{"action":"changeName","name":"`+key+`2"}`, `{"action":"setContactEmail","contactEmail":"`+key+`@example.com"}`)))
		}
		// Disabled (a new project's setting): recorded, but the Messages Query API answers none.
		if ms := messagesWhere(t, a, c, app.Query{}); len(ms) != 0 {
			t.Fatalf("disabled, the query found %s", kinds(ms))
		}
		messagesOn(t, a, c, true, 15)
		if got := kinds(messagesWhere(t, a, c, app.Query{})); got !=
			"BusinessUnitCreated#1 BusinessUnitNameChanged#2 BusinessUnitContactEmailSet#3 "+
				"BusinessUnitCreated#1 BusinessUnitNameChanged#2 BusinessUnitContactEmailSet#3 "+
				"BusinessUnitCreated#1 BusinessUnitNameChanged#2 BusinessUnitContactEmailSet#3" {
			t.Errorf("oldest first: %s", got)
		}
		names := messagesWhere(t, a, c, app.Query{Where: []string{`type = "BusinessUnitNameChanged"`}, Sort: []string{"createdAt desc"}})
		if len(names) != 3 || names[0]["name"] != "cc2" || names[2]["name"] != "aa2" {
			t.Errorf("name changes, newest first: %v", names)
		}
		byKey := messagesWhere(t, a, c, app.Query{Where: []string{`type = "BusinessUnitCreated"`}, Sort: []string{"resourceUserProvidedIdentifiers.key desc"}})
		if len(byKey) != 3 || byKey[0]["businessUnit"].(map[string]any)["key"] != "cc" || byKey[2]["businessUnit"].(map[string]any)["key"] != "aa" {
			t.Errorf("creations by key, last first: %v", byKey)
		}
		since := messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + names[0]["resource"].(map[string]any)["id"].(string) + `") and sequenceNumber > 1`}})
		if got := kinds(since); got != "BusinessUnitNameChanged#2 BusinessUnitContactEmailSet#3" {
			t.Errorf("since sequence 1: %s", got)
		}
		page := must[*app.Page](t)(a.QueryMessages(ctx, c, app.Query{Limit: 2, Offset: 3, WithTotal: true,
			Where: []string{`resource(typeId = "business-unit")`}, Sort: []string{"sequenceNumber desc", "createdAt asc"}}))
		if page.Count != 2 || *page.Total != 9 || kinds(page.Items()) != "BusinessUnitNameChanged#2 BusinessUnitNameChanged#2" {
			t.Errorf("a page: count %d total %d %s", page.Count, *page.Total, kinds(page.Items()))
		}
		// A condition memory tests (no column holds it) still finds them.
		if got := messagesWhere(t, a, c, app.Query{Where: []string{`contactEmail = "bb@example.com"`}}); kinds(got) != "BusinessUnitContactEmailSet#3" {
			t.Errorf("by contact email: %s", kinds(got))
		}
		_, err := a.QueryMessages(ctx, c, app.Query{Where: []string{`type = `}, Limit: 1})
		wantCode(t, err, procura.CodeInvalidInput)

		// Retention: the project's days, counted from each message's creation.
		if n := must[int64](t)(a.DeleteOldMessages(ctx, time.Now().AddDate(0, 0, 14))); n != 0 {
			t.Errorf("14 days on, %d deleted", n)
		}
		if n := must[int64](t)(a.DeleteOldMessages(ctx, time.Now().AddDate(0, 0, 16))); n != 9 {
			t.Errorf("16 days on, %d deleted, want 9", n)
		}
		if ms := messagesWhere(t, a, c, app.Query{}); len(ms) != 0 {
			t.Errorf("after retention: %s", kinds(ms))
		}
	})
}

// TestMessagesOfCartsUnitsAndRoles: a cart frozen, unfrozen, locked and unlocked, a unit's address
// added, given roles, changed and removed, an associate removed, a permission
// added: each change records its message, with the reference's payload.
func TestMessagesOfCartsUnitsAndRoles(t *testing.T) {
	ref := must[*refshape.Types](t)(refshape.Reference())
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		messagesOn(t, a, c, true, 15)
		w := shopWorld(t, a, c)
		alice := w.customers["alice@acme.example"]
		as := inUnit(alice, "acme")
		cart := must[*procura.Cart](t)(a.CreateCart(ctx, c, as, cartDraft("W-1")))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"freezeCart"}`)))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"setPurchaseOrderNumber","purchaseOrderNumber":"PO-7"}`)))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, as, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"unfreezeCart"}`)))
		cart = must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"lockCart"}`)))
		must[*procura.Cart](t)(a.UpdateCart(ctx, c, app.Acting{}, app.Ref{ID: cart.ID}, actions(cart.Version, `{"action":"unlockCart"}`)))
		ms := messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + cart.ID + `")`}})
		if got := kinds(ms); got != "CartFrozen#1 CartPurchaseOrderNumberSet#2 CartUnfrozen#3 CartLocked#4 CartUnlocked#5" || ms[1]["purchaseOrderNumber"] != "PO-7" {
			t.Errorf("the cart's messages: %s (%v)", got, ms)
		}

		unit := must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "acme"}))
		must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(unit.Version,
			`{"action":"removeAssociate","customer":{"typeId":"customer","id":"`+alice+`"}}`)))
		removed := messagesWhere(t, a, c, app.Query{Where: []string{`type = "BusinessUnitAssociateRemoved"`}})
		if len(removed) != 1 || removed[0]["associate"].(map[string]any)["customer"].(map[string]any)["id"] != alice ||
			removed[0]["resourceVersion"] != float64(unit.Version+1) {
			t.Errorf("the associate removed: %v", removed)
		}
		for _, act := range []string{`{"action":"addAddress","address":{"key":"hq","country":"DE","city":"Bonn"}}`,
			`{"action":"addShippingAddressId","addressKey":"hq"}`, `{"action":"setDefaultShippingAddress","addressKey":"hq"}`,
			`{"action":"changeAddress","addressKey":"hq","address":{"key":"hq","country":"DE","city":"Berlin"}}`,
			`{"action":"removeAddress","addressKey":"hq"}`} {
			unit = must[*procura.BusinessUnit](t)(a.GetBusinessUnit(ctx, c, app.Ref{Key: "acme"}))
			must[*procura.BusinessUnit](t)(a.UpdateBusinessUnit(ctx, c, app.Ref{Key: "acme"}, actions(unit.Version, act)))
		}
		// Removed, the default address is unset too: a DefaultShippingAddressSet without an address.
		addresses := messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + unit.ID + `") and type in ("BusinessUnitAddressAdded", ` +
			`"BusinessUnitShippingAddressAdded", "BusinessUnitDefaultShippingAddressSet", "BusinessUnitAddressChanged", ` +
			`"BusinessUnitAddressRemoved", "BusinessUnitShippingAddressRemoved")`}})
		var got []string
		for _, m := range addresses {
			address, _ := m["address"].(map[string]any)
			got = append(got, fmt.Sprintf("%s %v %v", m["type"], address["city"], m["addressRoles"]))
		}
		if want := "BusinessUnitAddressAdded Bonn <nil>|BusinessUnitShippingAddressAdded Bonn <nil>|" +
			"BusinessUnitDefaultShippingAddressSet Bonn <nil>|BusinessUnitAddressChanged Berlin [Shipping DefaultShipping]|" +
			"BusinessUnitAddressRemoved Berlin [Shipping DefaultShipping]|BusinessUnitShippingAddressRemoved Berlin <nil>|" +
			"BusinessUnitDefaultShippingAddressSet <nil> <nil>"; strings.Join(got, "|") != want {
			t.Errorf("the address messages:\n%s\nwant\n%s", strings.Join(got, "|"), want)
		}
		ms = append(ms, addresses...)

		role := must[*procura.AssociateRole](t)(a.GetAssociateRole(ctx, c, app.Ref{Key: "shopper"}))
		must[*procura.AssociateRole](t)(a.UpdateAssociateRole(ctx, c, app.Ref{Key: "shopper"}, actions(role.Version,
			`{"action":"addPermission","permission":"ViewMyQuotes"}`)))
		added := messagesWhere(t, a, c, app.Query{Where: []string{`type = "AssociateRolePermissionAdded"`}})
		if len(added) != 1 || added[0]["permission"] != "ViewMyQuotes" {
			t.Errorf("the permission added: %v", added)
		}
		for _, m := range append(append(ms, removed...), added...) {
			raw := must[[]byte](t)(json.Marshal(m))
			if problems := ref.Check("Message", raw); len(problems) > 0 {
				t.Errorf("%s is not the reference's:\n  %s", m["type"], strings.Join(problems, "\n  "))
			}
		}
	})
}

// A customer's tokens make CustomerPasswordTokenCreated and CustomerEmailTokenCreated about the
// customer, numbered with the customer's other messages even when both happen at once, and
// never carry the token's value (decision 0046).
func TestCustomerTokensMakeMessagesWithoutTheirValues(t *testing.T) {
	eachBackend(t, func(t *testing.T, a *app.App, c app.Caller) {
		messagesOn(t, a, c, true, 15)
		cu := must[*procura.CustomerSignInResult](t)(a.SignUp(ctx, c, procura.MyCustomerDraft{Email: "eve@shop.example", Password: "correct horse"})).Customer
		const writers = 6
		atOnce(t, writers, func(i int) error {
			if i%2 == 0 {
				_, err := a.CreatePasswordToken(ctx, c, app.PasswordTokenDraft{Email: "eve@shop.example", InvalidateOlderTokens: i == 2})
				return err
			}
			for { // each renamer retries until its change wins
				cur, err := a.GetCustomer(ctx, c, app.Ref{ID: cu.ID})
				if err == nil {
					_, err = a.UpdateCustomer(ctx, c, app.Ref{ID: cu.ID}, actions(cur.Version, fmt.Sprintf(`{"action":"setFirstName","firstName":"Eve %d"}`, i)))
				}
				if procura.ErrorCode(err) != procura.CodeConcurrentModification {
					return err
				}
			}
		})
		must[*app.CustomerToken](t)(a.CreateEmailToken(ctx, c, app.EmailTokenDraft{ID: cu.ID, TTLMinutes: 60}))
		ms := messagesWhere(t, a, c, app.Query{Where: []string{`resource(id = "` + cu.ID + `")`}, Sort: []string{"sequenceNumber asc"}})
		counts := map[string]int{}
		for i, m := range ms {
			counts[m["type"].(string)]++
			if m["sequenceNumber"] != float64(i+1) {
				t.Fatalf("message %d of %s", i, kinds(ms))
			}
			if !strings.HasSuffix(m["type"].(string), "TokenCreated") {
				continue
			}
			if _, shown := m["value"]; shown || m["customerId"] != cu.ID || m["expiresAt"] == nil || m["invalidateOlderTokens"] == nil {
				t.Errorf("%s: %v", m["type"], m)
			}
		}
		if counts["CustomerPasswordTokenCreated"] != writers/2 || counts["CustomerEmailTokenCreated"] != 1 || counts["CustomerFirstNameSet"] != writers/2 {
			t.Errorf("the customer's messages: %s", kinds(ms))
		}
	})
}
