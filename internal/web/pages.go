package web

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// signInPage shows the sign-in form.
func (p *Portal) signInPage(w http.ResponseWriter, r *http.Request) {
	if err := p.render(w, r, nil, http.StatusOK, "sign-in", signInData{Next: r.FormValue("next")}, "signIn.title"); err != nil {
		p.fail(w, r, err)
	}
}

type signInData struct {
	Email, Next, Error string
}

// signIn checks the email and password with the API's check (its lockout and policy) and opens
// a session; a failure shows the form again with what went wrong, never which part.
func (p *Portal) signIn(w http.ResponseWriter, r *http.Request) {
	email, password := r.PostFormValue("email"), r.PostFormValue("password")
	s, err := p.App.OpenSession(r.Context(), r.PathValue("project"), email, password, p.Proxies.ClientAddress(r), r.UserAgent())
	if err == nil {
		p.setCookie(w, r, s.Token)
		http.Redirect(w, r, next(r), http.StatusSeeOther)
		return
	}
	msg := ""
	switch procura.ErrorCode(err) {
	case procura.CodeInvalidCredentials, procura.CodeRequiredField, procura.CodeInvalidField, procura.CodeInvalidInput:
		msg = "signIn.failed"
	case procura.CodeTooManyRequests:
		msg = "signIn.locked"
	default:
		p.fail(w, r, err)
		return
	}
	status := http.StatusBadRequest
	if msg == "signIn.locked" {
		status = http.StatusTooManyRequests
	}
	if err := p.render(w, r, nil, status, "sign-in", signInData{Email: email, Next: r.PostFormValue("next"), Error: msg}, "signIn.title"); err != nil {
		p.fail(w, r, err)
	}
}

// signOut ends the session; signOutEverywhere every session and token of the person.
func (p *Portal) signOut(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	return p.leave(w, r, p.App.CloseSession(r.Context(), s))
}

func (p *Portal) signOutEverywhere(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	return p.leave(w, r, p.App.CloseAllSessions(r.Context(), s))
}

// leave sends a browser whose session was closed (err nil) to the sign-in page.
func (p *Portal) leave(w http.ResponseWriter, r *http.Request, err error) error {
	if err != nil {
		return err
	}
	p.setCookie(w, r, "")
	http.Redirect(w, r, base(r)+"sign-in", http.StatusSeeOther)
	return nil
}

// switchCompany makes the session act for the company of the form.
func (p *Portal) switchCompany(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	if err := p.App.SwitchCompany(r.Context(), s, r.PostFormValue("company")); err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"orders", http.StatusSeeOther)
	return nil
}

// orderRow is what the order lists show of an order.
type orderRow struct {
	procura.Base
	OrderNumber    string                `json:"orderNumber"`
	CustomerEmail  string                `json:"customerEmail"`
	CustomerID     string                `json:"customerId"`
	BusinessUnit   *procura.KeyReference `json:"businessUnit"`
	TotalPrice     procura.Money         `json:"totalPrice"`
	OrderState     string                `json:"orderState"`
	ApprovalStatus string                `json:"approvalStatus"`
}

type ordersData struct {
	Company, MayViewCompany bool
	Filter                  orderFilter
	Units                   []procura.BusinessUnit
	States, Approvals       []string
	Orders                  []orderRow
}

// orders lists the person's own orders in the active company, or (?view=company) every order of
// the company they may see: the API's company orders of a token bound to the active unit,
// narrowed by the filter's conditions.
func (p *Portal) orders(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	d := ordersData{Company: r.URL.Query().Get("view") == "company", Filter: filterOf(r), States: orderStates, Approvals: approvalStates}
	if s.BusinessUnit == "" {
		return p.render(w, r, s, http.StatusOK, "orders", d, "orders.title")
	}
	c := s.Caller()
	access, err := p.App.AssociateAccess(r.Context(), c, app.Ref{Key: s.BusinessUnit}, s.CustomerID)
	if err != nil {
		return err
	}
	d.MayViewCompany = slices.Contains(access.Permissions, procura.ViewOthersOrders)
	where, err := d.Filter.where()
	if err != nil {
		return err
	}
	if !d.Company {
		where = append(where, "customerId = "+strconv.Quote(s.CustomerID))
	}
	if d.Units, err = p.companyUnits(r, s); err != nil {
		return err
	}
	page, err := p.App.QueryOrders(r.Context(), c, app.Me(c), app.Query{Where: where, Limit: 50, Sort: []string{"createdAt desc"}})
	if err != nil {
		return err
	}
	if d.Orders, err = rows[orderRow](page); err != nil {
		return err
	}
	return p.render(w, r, s, http.StatusOK, "orders", d, "orders.title")
}

// rows decodes a page's results.
func rows[T any](page *app.Page) ([]T, error) {
	raw, err := json.Marshal(page)
	if err != nil {
		return nil, err
	}
	var out struct{ Results []T }
	err = json.Unmarshal(raw, &out)
	return out.Results, err
}

type orderData struct {
	Order   *procura.Order
	Flow    *flowView
	Reorder bool // the order is of the unit the session acts for, whose carts the shop shows
}

// order shows one order of a unit, read as the person acting as an associate of that unit: the
// API's as-associate read, with its refusals.
func (p *Portal) order(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	c := s.Caller()
	as := app.AsAssociate(c, s.CustomerID, r.PathValue("unit"))
	o, err := p.App.GetOrder(r.Context(), c, as, app.Ref{ID: r.PathValue("id")})
	if err != nil {
		return err
	}
	d := orderData{Order: o, Reorder: r.PathValue("unit") == s.BusinessUnit}
	f, err := orderFlow(r.Context(), p.App, c, as, o)
	if err != nil {
		return err
	}
	if f != nil {
		d.Flow = viewOf(f, s.CustomerID, langOf(r))
	}
	return p.render(w, r, s, http.StatusOK, "order", d, "order.title", cmp.Or(o.OrderNumber, o.ID))
}

// orderFlow reads the approval flow of an order as who, with the API's query of flows; nil when
// the order has none.
func orderFlow(ctx context.Context, a *app.App, c app.Caller, who app.Acting, o *procura.Order) (*procura.ApprovalFlow, error) {
	if o.ApprovalStatus == "" {
		return nil, nil
	}
	page, err := a.QueryApprovalFlows(ctx, c, who, app.Query{Where: []string{"order(id = " + strconv.Quote(o.ID) + ")"}, Limit: 1})
	if err != nil {
		return nil, err
	}
	flows, err := rows[procura.ApprovalFlow](page)
	if err != nil || len(flows) == 0 {
		return nil, err
	}
	return &flows[0], nil
}

// approvals lists the flows awaiting the person in the active company.
func (p *Portal) approvals(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	flows, err := p.App.ApprovalsAwaiting(r.Context(), s.Caller())
	if err != nil {
		return err
	}
	var views []*flowView
	for _, f := range flows {
		views = append(views, viewOf(f, s.CustomerID, langOf(r)))
	}
	return p.render(w, r, s, http.StatusOK, "approvals", approvalsData{Flows: views, Done: r.URL.Query().Get("done")}, "approvals.title")
}

type approvalsData struct {
	Flows []*flowView
	Done  string
}

// decide approves or rejects a flow of a unit as the person, an associate of that unit: the
// API's update of the flow, with its checks and refusals.
func (p *Portal) decide(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	version, err := strconv.ParseInt(r.PostFormValue("version"), 10, 64)
	if err != nil {
		return procura.InvalidInput("The form names no version of the approval flow.")
	}
	var action map[string]string
	done := ""
	switch r.PostFormValue("decision") {
	case "approve":
		action, done = map[string]string{"action": "approve"}, "approved"
	case "reject":
		action, done = map[string]string{"action": "reject", "reason": r.PostFormValue("reason")}, "rejected"
	default:
		return procura.InvalidInput("The decision must be approve or reject.")
	}
	raw, err := json.Marshal(action)
	if err != nil {
		return err
	}
	c := s.Caller()
	_, err = p.App.UpdateApprovalFlow(r.Context(), c, app.AsAssociate(c, s.CustomerID, r.PathValue("unit")), app.Ref{ID: r.PathValue("id")},
		procura.Update{Version: &version, Actions: []json.RawMessage{raw}})
	if err != nil {
		return err
	}
	http.Redirect(w, r, base(r)+"approvals?done="+done, http.StatusSeeOther)
	return nil
}

type securityData struct {
	Sessions []app.Session
	Current  string
}

func (p *Portal) security(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	list, err := p.App.Sessions(r.Context(), s)
	if err != nil {
		return err
	}
	return p.render(w, r, s, http.StatusOK, "security", securityData{Sessions: list, Current: s.ID}, "security.title")
}

// flowView is an approval flow as the pages show it: its rules' tiers, which are done, and who
// approved or rejected it.
type flowView struct {
	L       lang
	Flow    *procura.ApprovalFlow
	Rules   []ruleView
	Events  []string
	Version int64
}

type ruleView struct {
	Name  string
	Tiers []tierView
}

type tierView struct {
	Number int
	Needs  []string // each entry's roles, one of which approves it
	State  string   // the catalog's key: done, current, later or closed
}

// viewOf is a flow as the portal shows it to the person me: an approver is "you" or "a colleague".
func viewOf(f *procura.ApprovalFlow, me string, l lang) *flowView {
	return flowOf(f, l, func(id string) string {
		if id == me {
			return l.T("flow.you")
		}
		return l.T("flow.colleague")
	})
}

// flowOf is a flow as the pages show it, each approver or rejecter named by who.
func flowOf(f *procura.ApprovalFlow, l lang, who func(customerID string) string) *flowView {
	v := &flowView{L: l, Flow: f, Version: f.Version}
	f.Restore()
	current := f.CurrentTiers()
	for r, rule := range f.Rules {
		rv := ruleView{Name: rule.Name}
		for t, tier := range rule.Approvers.Tiers {
			tv := tierView{Number: t + 1, State: "flow.tierLater"}
			switch {
			case f.Status == procura.FlowApproved || current[r] < 0 && f.Status == procura.FlowPending || t < current[r]:
				tv.State = "flow.tierDone"
			case f.Status == procura.FlowRejected:
				tv.State = "flow.tierClosed"
			case t == current[r]:
				tv.State = "flow.tierCurrent"
			}
			for _, entry := range tier.And {
				var keys []string
				for _, o := range entry.Or {
					keys = append(keys, o.AssociateRole.Key)
				}
				tv.Needs = append(tv.Needs, strings.Join(keys, " / "))
			}
			rv.Tiers = append(rv.Tiers, tv)
		}
		v.Rules = append(v.Rules, rv)
	}
	for _, a := range f.Approvals {
		v.Events = append(v.Events, l.T("flow.approvedBy", who(a.Approver.Customer.ID), roles(a.Approver), l.Date(a.ApprovedAt)))
	}
	if rj := f.Rejection; rj != nil {
		v.Events = append(v.Events, l.T("flow.rejectedBy", who(rj.Rejecter.Customer.ID), roles(rj.Rejecter), l.Date(rj.RejectedAt), rj.Reason))
	}
	return v
}

func roles(a procura.Associate) string {
	var keys []string
	for _, ra := range a.AssociateRoleAssignments {
		keys = append(keys, ra.AssociateRole.Key)
	}
	return strings.Join(keys, ", ")
}
