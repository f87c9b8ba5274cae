package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// homeLimit bounds each list of the home page: it shows the first few and links to the rest.
const homeLimit = 5

type homeData struct {
	Unit          string
	Carts         section[cartRow]
	Flows         []*procura.ApprovalFlow
	MoreFlows     int
	Quotes        section[procura.Quote]
	Orders        section[orderRow]
	CompanyOrders bool
}

// section is a list of a page, or the API's refusal to list it (a permission the person's role
// lacks in the unit): the rest of the page is still shown.
type section[T any] struct {
	Rows    []T
	Refusal string
}

// asAssociate is who a page acts as in the session's unit: the person as an associate of it, as
// on the API's /as-associate/{me}/in-business-unit/key={unit}/… routes.
func asAssociate(s *app.Session) app.Acting {
	return app.AsAssociate(s.Caller(), s.CustomerID, s.BusinessUnit)
}

// listed makes a section of a query's answer: a missing permission is the section's refusal.
func listed[T any](page *app.Page, err error) (section[T], error) {
	var pe *procura.Error
	if errors.As(err, &pe) && pe.Code == procura.CodeAssociateMissingPermission {
		return section[T]{Refusal: pe.Message}, nil
	}
	if err != nil {
		return section[T]{}, err
	}
	rs, err := rows[T](page)
	return section[T]{Rows: rs}, err
}

// home shows, in the active unit, the person's carts, the approvals and quotes awaiting them, and
// the recent orders: the company's when their role there grants ViewOthersOrders, else their own.
// Each list is one bounded query of the use case the API's route calls.
func (p *Portal) home(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	d := homeData{Unit: s.BusinessUnit}
	if s.BusinessUnit == "" {
		return p.render(w, r, s, http.StatusOK, "home", d, "home.title")
	}
	ctx, c, as := r.Context(), s.Caller(), asAssociate(s)
	recent := app.Query{Limit: homeLimit, Sort: []string{"createdAt desc"}}
	var err error
	active := recent
	active.Where = []string{`cartState = "Active"`}
	if d.Carts, err = listed[cartRow](p.App.QueryCarts(ctx, c, as, active)); err != nil {
		return err
	}
	flows, err := p.App.ApprovalsAwaiting(ctx, c)
	if err != nil {
		return err
	}
	d.Flows = flows[:min(len(flows), homeLimit)]
	d.MoreFlows = len(flows) - len(d.Flows)
	pending := recent
	pending.Where = []string{`quoteState = "Pending"`}
	if d.Quotes, err = listed[procura.Quote](p.App.QueryQuotes(ctx, c, as, pending)); err != nil {
		return err
	}
	access, err := p.App.AssociateAccess(ctx, c, app.Ref{Key: s.BusinessUnit}, s.CustomerID)
	if err != nil {
		return err
	}
	orders := recent
	if d.CompanyOrders = slices.Contains(access.Permissions, procura.ViewOthersOrders); !d.CompanyOrders {
		orders.Where = []string{"customerId = " + strconv.Quote(s.CustomerID)}
	}
	if d.Orders, err = listed[orderRow](p.App.QueryOrders(ctx, c, app.Me(c), orders)); err != nil {
		return err
	}
	return p.render(w, r, s, http.StatusOK, "home", d, "home.title")
}
