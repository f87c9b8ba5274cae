package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// homeRows bounds each list of the home page; its count says how many there are in all.
const homeRows = 10

// pendingFor is how long an order awaits approval before the home page names it.
const pendingFor = 24 * time.Hour

// homeList is a list of the home page: its first rows and how many match in all, or, when the
// member's role may not read them, the API's refusal.
type homeList[T any] struct {
	Rows    []T
	Total   int
	Refusal string
}

type dashboardHomeData struct {
	Requests      homeList[procura.QuoteRequest]
	Pending       homeList[orderRow]
	Subscriptions homeList[procura.Subscription]
	Locked        homeList[app.LockedAccount]
}

// home shows what needs the seller now: the quote requests waiting (Submitted), the orders
// pending approval for more than a day, the subscriptions whose deliveries fail (not those the
// seller suspended) and the customers locked out of signing in. Each is one bounded query of the
// use case of the API's route (the locked accounts: of reading the customers), with its total.
func (d *Dashboard) home(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	ctx := r.Context()
	first := func(where ...string) app.Query {
		return app.Query{Where: where, Sort: []string{"createdAt asc"}, Limit: homeRows, WithTotal: true}
	}
	var data dashboardHomeData
	var err error
	if data.Requests, err = homeListed[procura.QuoteRequest](c, "GET /{project}/quote-requests", func() (*app.Page, error) {
		return d.App.QueryQuoteRequests(ctx, c, app.Acting{}, first("quoteRequestState = "+quoted(procura.QuoteRequestSubmitted)))
	}); err != nil {
		return err
	}
	before := d.App.Now().Add(-pendingFor).UTC().Format(procura.TimeFormat)
	if data.Pending, err = homeListed[orderRow](c, "GET /{project}/orders", func() (*app.Page, error) {
		return d.App.QueryOrders(ctx, c, app.Acting{}, first("approvalStatus = "+quoted(procura.FlowPending), "createdAt < "+quoted(before)))
	}); err != nil {
		return err
	}
	if data.Subscriptions, err = homeListed[procura.Subscription](c, "GET /{project}/subscriptions", func() (*app.Page, error) {
		return d.App.QuerySubscriptions(ctx, c, first("status in ("+quoted(procura.SubscriptionTemporaryError)+", "+
			quoted(procura.SubscriptionConfigurationError)+", "+quoted(procura.SubscriptionConfigurationErrorStopped)+")"))
	}); err != nil {
		return err
	}
	if data.Locked.Refusal, err = scopeRefusal(c, "GET /{project}/customers"); err != nil {
		return err
	}
	if data.Locked.Refusal == "" {
		if data.Locked.Rows, err = d.App.LockedAccounts(ctx, c, homeRows); err != nil {
			return err
		}
		data.Locked.Total = len(data.Locked.Rows)
	}
	return d.render(w, r, s, http.StatusOK, "home", data, "dashboard.home")
}

// homeListed is the list query answers when the caller may call route; else the refusal.
func homeListed[T any](c app.Caller, route string, query func() (*app.Page, error)) (homeList[T], error) {
	if no, err := scopeRefusal(c, route); no != "" || err != nil {
		return homeList[T]{Refusal: no}, err
	}
	page, err := query()
	if err != nil {
		return homeList[T]{}, err
	}
	list := homeList[T]{Total: page.Count}
	if page.Total != nil {
		list.Total = *page.Total
	}
	list.Rows, err = rows[T](page)
	return list, err
}

// scopeRefusal is the API's message refusing the caller route for a scope it lacks; "" when it may.
func scopeRefusal(c app.Caller, route string) (string, error) {
	err := httpapi.Permit(c, route)
	if pe := (*procura.Error)(nil); errors.As(err, &pe) && pe.Code == procura.CodeInsufficientScope {
		return pe.Message, nil
	}
	return "", err
}
