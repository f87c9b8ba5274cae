package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/procura/procura/internal/app"
)

// TestDashboardOrders: the seller's orders filtered by company, state and approval status as
// the API's order query filters them; an order's page with its approval flow naming the
// approver; a viewer's state change is the API's 403 and changes nothing, sales change the
// order, shipment and payment states; bad input is a 400 or 404.
func TestDashboardOrders(t *testing.T) {
	forEachBackend(t, func(t *testing.T, w *world) {
		viewer, sales := w.staff(t, "vic@seller.example", "viewer"), w.staff(t, "sal@seller.example", "sales")
		listed := func(p page) []string {
			var ids []string
			for _, m := range regexp.MustCompile(`data-order="([^"]+)"`).FindAllStringSubmatch(p.body, -1) {
				ids = append(ids, m[1])
			}
			return ids
		}
		for query, want := range map[string][]string{
			"":                   {w.alices.ID, w.bobsOrder.ID},
			"?company=acme-corp": {w.alices.ID, w.bobsOrder.ID},
			"?approval=Pending":  {w.bobsOrder.ID},
			"?company=acme-corp&state=Open&approval=Pending": {w.bobsOrder.ID},
			"?state=Complete": nil,
			"?to=2000-01-01":  nil,
		} {
			p := viewer.get("demo/orders" + query)
			if got := listed(p); p.status != http.StatusOK || strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("orders%s: %d %v, want %v", query, p.status, got, want)
			}
		}
		for query, status := range map[string]int{"?state=Shipped": 400, "?from=yesterday": 400, "?company=no-such-company": 404, "?page=-1": 400} {
			if p := viewer.get("demo/orders" + query); p.status != status {
				t.Errorf("orders%s: %d, want %d", query, p.status, status)
			}
		}

		flow := w.flowOf(t, w.bobsOrder)
		carol := w.browser(t).signIn("carol@acme.example")
		action, version := carol.approvalForm(t, w.bobsOrder)
		if p := carol.post(action, url.Values{"decision": {"approve"}, "version": {version}}); p.status != http.StatusSeeOther {
			t.Fatalf("carol approving: %d %s", p.status, p.body)
		}
		p := viewer.get("demo/orders/" + w.bobsOrder.ID)
		if p.status != http.StatusOK || !strings.Contains(p.body, "Approved by carol@acme.example (approver)") || !strings.Contains(p.body, flow.Rules[0].Name) {
			t.Errorf("the order's flow: %d %s", p.status, p.body)
		}
		if p := viewer.get("demo/orders/no-such-order"); p.status != http.StatusNotFound {
			t.Errorf("an unknown order: %d", p.status)
		}

		o, _ := w.a.GetOrder(ctx, seller, app.Acting{}, app.Ref{ID: w.alices.ID})
		change := url.Values{"version": {itoa(o.Version)}, "change": {"shipment"}, "state": {"Shipped"}}
		if p := viewer.post("demo/orders/"+o.ID, change); p.status != http.StatusForbidden || !strings.Contains(p.body, "manage_orders") {
			t.Errorf("the viewer shipping: %d %s", p.status, p.body)
		}
		for _, bad := range []url.Values{{"change": {"shipment"}, "state": {"Teleported"}}, {"change": {"colour"}, "state": {"Shipped"}}} {
			bad.Set("version", itoa(o.Version))
			if p := sales.post("demo/orders/"+o.ID, bad); p.status != http.StatusBadRequest {
				t.Errorf("the change %v: %d %s", bad, p.status, p.body)
			}
		}
		if got, _ := w.a.GetOrder(ctx, seller, app.Acting{}, app.Ref{ID: o.ID}); got.Version != o.Version {
			t.Fatalf("a refused change changed the order")
		}
		for i, ch := range [][2]string{{"shipment", "Shipped"}, {"payment", "Paid"}, {"order", "Complete"}} {
			form := url.Values{"version": {itoa(o.Version + int64(i))}, "change": {ch[0]}, "state": {ch[1]}}
			if p := sales.post("demo/orders/"+o.ID, form); p.status != http.StatusSeeOther {
				t.Fatalf("sales changing %s: %d %s", ch[0], p.status, p.body)
			}
		}
		if got, _ := w.a.GetOrder(ctx, seller, app.Acting{}, app.Ref{ID: o.ID}); got.ShipmentState != "Shipped" || got.PaymentState != "Paid" || got.OrderState != "Complete" {
			t.Errorf("the order after the changes: %s %s %s", got.ShipmentState, got.PaymentState, got.OrderState)
		}
		if p := viewer.get("demo/orders?state=Complete"); strings.Join(listed(p), " ") != o.ID {
			t.Errorf("the complete orders: %v", listed(p))
		}
	})
}
