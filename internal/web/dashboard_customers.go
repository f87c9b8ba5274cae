package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// The customers' pages of the dashboard (decision 0056): search, a customer's details, the units
// they belong to with their roles, their web sessions (which, with their tokens, may be ended),
// their sign-in's lockout (reset) and email verification (the mail sent again).

// peopleRoutes adds the pages of customers, associate roles and products.
func (d *Dashboard) peopleRoutes(mux *http.ServeMux) {
	mux.Handle("GET /admin/{project}/customers", d.inProject(d.customers))
	mux.Handle("GET /admin/{project}/customers/{id}", d.inProject(d.customer))
	mux.Handle("POST /admin/{project}/customers/{id}/{act}", d.inProject(d.customerAct))
	mux.Handle("GET /admin/{project}/roles", d.inProject(d.rolesList))
	mux.Handle("GET /admin/{project}/roles/new", d.inProject(d.rolePage))
	mux.Handle("POST /admin/{project}/roles", d.inProject(d.saveRole))
	mux.Handle("GET /admin/{project}/roles/{role}", d.inProject(d.rolePage))
	mux.Handle("POST /admin/{project}/roles/{role}", d.inProject(d.saveRole))
	mux.Handle("GET /admin/{project}/products", d.inProject(d.products))
	mux.Handle("GET /admin/{project}/products/{id}", d.inProject(d.product))
	mux.Handle("POST /admin/{project}/products/{id}", d.inProject(d.changeProduct))
}

// maxSearchPages bounds how many pages of 500 a search of customers or products reads;
// maxShown bounds how many of its matches a list shows.
const (
	maxSearchPages = 4
	maxShown       = 50
)

// search reads the pages query answers, one after another, and keeps what match makes of each
// result (ok false: not kept), at most maxShown; more reports that there were more.
func search[T, R any](query func(offset int) (*app.Page, error), match func(T) (R, bool)) (out []R, more bool, err error) {
	for i := range maxSearchPages {
		page, err := query(i * app.MaxLimit)
		if err != nil {
			return nil, false, err
		}
		list, err := rows[T](page)
		if err != nil {
			return nil, false, err
		}
		for _, v := range list {
			if row, ok := match(v); ok {
				out = append(out, row)
			}
		}
		if len(out) > maxShown {
			return out[:maxShown], true, nil
		}
		if len(list) < app.MaxLimit {
			break
		}
	}
	return out, false, nil
}

// customerRow is a customer as the list shows them.
type customerRow struct {
	ID, Email, Name string
	Verified        bool
}

type customersData struct {
	Query     string
	Customers []customerRow
	More      bool // more customers than shown
}

// customers lists the project's customers by email; with a search, those whose email or name
// holds it.
func (d *Dashboard) customers(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "GET /{project}/customers"); err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	data := customersData{Query: q}
	var err error
	data.Customers, data.More, err = search(func(offset int) (*app.Page, error) {
		return d.App.QueryCustomers(r.Context(), c, app.Query{Sort: []string{"email asc"}, Limit: app.MaxLimit, Offset: offset})
	}, func(cu procura.Customer) (customerRow, bool) {
		name := strings.TrimSpace(cu.FirstName + " " + cu.LastName)
		return customerRow{ID: cu.ID, Email: cu.Email, Name: name, Verified: cu.IsEmailVerified}, q == "" || containsFold(cu.Email, q) || containsFold(name, q)
	})
	if err != nil {
		return err
	}
	return d.render(w, r, s, http.StatusOK, "customers", data, "people.customers")
}

// membership is a unit a customer is an associate of, with their roles there.
type membership struct {
	Unit  *procura.BusinessUnit
	Roles []string
}

type customerData struct {
	Customer    *procura.Customer
	Units       []membership
	Sessions    []sessionRow
	Tokens      []tokenRow
	Lockout     *app.Lockout
	LockedUntil string // "" when not locked
	MayEnd      bool   // the caller may end the customer's sessions
	MaySupport  bool   // the caller may reset the lockout and send the verification mail again
	Done        string
}

// tokenRow is an API token as the customer's page shows it: its kind (word key), client, unit
// and expiry.
type tokenRow struct {
	Kind, Client, Unit, Expires string
}

// sessionRow is a web session as the customer's page shows it.
type sessionRow struct {
	Started, Seen, Address, UserAgent, Unit string
}

// customer shows a customer: details, units and roles, sessions, lockout and verification.
func (d *Dashboard) customer(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	if err := httpapi.Permit(c, "GET /{project}/customers/{ref}"); err != nil {
		return err
	}
	ref := app.Ref{ID: r.PathValue("id")}
	cu, err := d.App.GetCustomer(ctx, c, ref)
	if err != nil {
		return err
	}
	units, err := d.allUnits(ctx, c, "associates(customer(id = "+strconv.Quote(cu.ID)+"))")
	if err != nil {
		return err
	}
	data := customerData{Customer: cu, Done: r.URL.Query().Get("done")}
	for i := range units {
		m := membership{Unit: &units[i]}
		if a := units[i].Associate(cu.ID); a != nil {
			for _, ra := range a.AssociateRoleAssignments {
				m.Roles = append(m.Roles, ra.AssociateRole.Key)
			}
		}
		data.Units = append(data.Units, m)
	}
	sessions, err := d.App.CustomerSessions(ctx, c, ref)
	if err != nil {
		return err
	}
	for _, se := range sessions {
		data.Sessions = append(data.Sessions, sessionRow{Started: procura.FormatTime(se.CreatedAt), Seen: procura.FormatTime(se.LastSeenAt),
			Address: se.Address, UserAgent: se.UserAgent, Unit: se.BusinessUnit})
	}
	access, refresh, err := d.App.CustomerTokens(ctx, c, ref)
	if err != nil {
		return err
	}
	for _, t := range refresh {
		data.Tokens = append(data.Tokens, tokenRow{Kind: "people.refreshToken", Client: t.ClientID, Unit: t.BusinessUnit, Expires: procura.FormatTime(t.ExpiresAt)})
	}
	for _, t := range access {
		data.Tokens = append(data.Tokens, tokenRow{Kind: "people.accessToken", Client: t.ClientID, Unit: t.BusinessUnit, Expires: procura.FormatTime(t.ExpiresAt)})
	}
	if data.Lockout, err = d.App.CustomerLockout(ctx, c, ref); err != nil {
		return err
	}
	if !data.Lockout.LockedUntil.IsZero() {
		data.LockedUntil = procura.FormatTime(data.Lockout.LockedUntil)
	}
	data.MayEnd = httpapi.Permit(c, "POST /{project}/customers/{ref}") == nil
	data.MaySupport = app.MaySupportCustomers(c) == nil
	return d.render(w, r, s, http.StatusOK, "customer", data, "people.customerTitle", cu.Email)
}

// customerAct runs a change of the form's customer: resetting the lockout, sending the
// verification mail again or ending the sessions; the use cases decide who may.
func (d *Dashboard) customerAct(w http.ResponseWriter, r *http.Request, _ *app.StaffSession, c app.Caller) error {
	ctx, ref := r.Context(), app.Ref{ID: r.PathValue("id")}
	var err error
	switch act := r.PathValue("act"); act {
	case "lockout":
		err = d.App.ResetLockout(ctx, c, ref)
	case "verification":
		err = d.App.ResendVerification(ctx, c, ref)
	case "sessions":
		if err = httpapi.Permit(c, "POST /{project}/customers/{ref}"); err == nil {
			err = d.App.EndCustomerSessions(ctx, c, ref)
		}
	default:
		return notFound()
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, projectBase(r)+"customers/"+url.PathEscape(ref.ID)+"?done="+r.PathValue("act"), http.StatusSeeOther)
	return nil
}
