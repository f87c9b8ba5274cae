package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// The seller's orders: every order of the project, filtered as the API's order query filters
// (company, state, approval status, dates), 50 a page; an order's page with its approval flow
// and the changes of its order, shipment and payment states (the API's order update).

// The states the order page offers; the API's order update checks them.
var (
	shipmentStates = []string{"Pending", "Ready", "Shipped", "Delivered", "Delayed", "Partial", "Backorder", "Canceled"}
	paymentStates  = []string{"Pending", "BalanceDue", "Paid", "CreditOwed", "Failed"}
)

type sellerOrdersData struct {
	Company   string
	Filter    orderFilter
	Companies []procura.BusinessUnit
	States    []string
	Approvals []string
	Orders    []orderRow
	Page      int
	Number    int    // the page's number, from 1
	Prev      string // the links to the pages before and after, "" at an end
	Next      string
}

// sellerOrders lists the project's orders, newest first, narrowed by the filter's conditions;
// a company is the condition that the order's unit is one of the company's units.
func (d *Dashboard) sellerOrders(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	if err := httpapi.Permit(c, "GET /{project}/orders"); err != nil {
		return err
	}
	data := sellerOrdersData{Company: r.URL.Query().Get("company"), Filter: filterOf(r), States: orderStates, Approvals: approvalStates}
	data.Filter.Unit = ""
	data.Page, _ = strconv.Atoi(r.URL.Query().Get("page"))
	if data.Page < 0 || data.Page > 200 {
		return procura.InvalidInput("The page %d is not one of 0 to 200.", data.Page)
	}
	where, err := data.Filter.where()
	if err != nil {
		return err
	}
	if data.Companies, err = d.allUnits(ctx, c, `unitType = "Company"`); err != nil {
		return err
	}
	if data.Company != "" {
		in, err := d.unitsOf(ctx, c, data.Company)
		if err != nil {
			return err
		}
		where = append(where, "businessUnit(key in ("+in+"))")
	}
	page, err := d.App.QueryOrders(ctx, c, app.Acting{}, app.Query{Where: where, Sort: []string{"createdAt desc", "id asc"},
		Limit: dashboardRows, Offset: data.Page * dashboardRows})
	if err != nil {
		return err
	}
	if data.Orders, err = rows[orderRow](page); err != nil {
		return err
	}
	link := func(p int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(p))
		return projectBase(r) + "orders?" + q.Encode()
	}
	data.Number = data.Page + 1
	if data.Page > 0 {
		data.Prev = link(data.Page - 1)
	}
	if len(data.Orders) == dashboardRows {
		data.Next = link(data.Page + 1)
	}
	return d.render(w, r, s, http.StatusOK, "orders", data, "orders.title")
}

// unitsOf is the keys of a company's units, quoted and separated by commas; a company that is
// none is not found.
func (d *Dashboard) unitsOf(ctx context.Context, c app.Caller, company string) (string, error) {
	units, err := d.allUnits(ctx, c, "topLevelUnit(key = "+quoted(company)+")")
	if err != nil {
		return "", err
	}
	if len(units) == 0 {
		return "", procura.NotFound("key=" + company)
	}
	keys := make([]string, len(units))
	for i, u := range units {
		keys[i] = quoted(u.Key)
	}
	return strings.Join(keys, ", "), nil
}

type sellerOrderData struct {
	Order   *procura.Order
	Flow    *flowView
	Changes []stateChange
	Done    string
}

// stateChange is a form of the order page: the change (order, shipment or payment) to one of
// States, now Now.
type stateChange struct {
	Change, Label, Now string
	States             []string
}

// sellerOrder shows an order with its approval flow, approvers named by their email, and the
// forms that change its states.
func (d *Dashboard) sellerOrder(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	if err := httpapi.Permit(c, "GET /{project}/orders/{ref}"); err != nil {
		return err
	}
	o, err := d.App.GetOrder(ctx, c, app.Acting{}, app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	data := sellerOrderData{Order: o, Done: r.URL.Query().Get("done"), Changes: []stateChange{
		{"order", "orders.state", o.OrderState, orderStates},
		{"shipment", "dashboard.shipmentState", o.ShipmentState, shipmentStates},
		{"payment", "dashboard.paymentState", o.PaymentState, paymentStates}}}
	if data.Flow, err = d.flow(ctx, c, o, langOf(r)); err != nil {
		return err
	}
	return d.render(w, r, s, http.StatusOK, "order", data, "order.title", cmp.Or(o.OrderNumber, o.ID))
}

// flow is the order's approval flow, its approvers and rejecter named by their email; nil
// without one.
func (d *Dashboard) flow(ctx context.Context, c app.Caller, o *procura.Order, l lang) (*flowView, error) {
	if o.ApprovalStatus == "" {
		return nil, nil
	}
	if err := httpapi.Permit(c, "GET /{project}/approval-flows"); err != nil {
		return nil, err
	}
	f, err := orderFlow(ctx, d.App, c, app.Acting{}, o)
	if err != nil || f == nil {
		return nil, err
	}
	var ids []string
	for _, a := range f.Approvals {
		ids = append(ids, a.Approver.Customer.ID)
	}
	if f.Rejection != nil {
		ids = append(ids, f.Rejection.Rejecter.Customer.ID)
	}
	emails, err := d.emails(ctx, c, ids)
	if err != nil {
		return nil, err
	}
	return flowOf(f, l, func(id string) string { return cmp.Or(emails[id], id) }), nil
}

// orderChanges are the forms of the order page: the API's order update action each sends.
var orderChanges = map[string]struct{ action, field string }{
	"order":    {"changeOrderState", "orderState"},
	"shipment": {"changeShipmentState", "shipmentState"},
	"payment":  {"changePaymentState", "paymentState"},
}

// changeOrder changes one of the order's states at the version the seller saw.
func (d *Dashboard) changeOrder(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "POST /{project}/orders/{ref}"); err != nil {
		return err
	}
	change := r.PostFormValue("change")
	ch, ok := orderChanges[change]
	if !ok {
		return procura.InvalidInput("The change must be order, shipment or payment.")
	}
	u, err := formUpdate(r, "order", map[string]any{"action": ch.action, ch.field: r.PostFormValue("state")})
	if err != nil {
		return err
	}
	o, err := d.App.UpdateOrder(r.Context(), c, app.Acting{}, app.Ref{ID: r.PathValue("id")}, u)
	if err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"orders/"+o.ID+"?done="+url.QueryEscape(change), http.StatusSeeOther)
	return nil
}
