package app

import (
	"context"
	"encoding/json"

	"github.com/procura/procura"
	"github.com/procura/procura/predicate"
)

// PredicatePreview is what an approval rule's predicate would have matched: of the Recent
// orders looked at, those it matches.
type PredicatePreview struct {
	Recent  int
	Matched []*procura.Order
}

// PreviewPredicate checks an order predicate as the rules' endpoints check it (a malformed one is
// their InvalidInput) and evaluates it, as placing an order evaluates an Active rule's predicate,
// on the last n orders the associate may see in the path's unit and its divisions (their company
// orders there, QueryCompanyOrders).
func (a *App) PreviewPredicate(ctx context.Context, c Caller, who Acting, src string, n int) (*PredicatePreview, error) {
	if err := checkPredicate(src); err != nil {
		return nil, err
	}
	pred, err := predicate.Parse(src)
	if err != nil {
		return nil, err
	}
	page, err := a.QueryCompanyOrders(ctx, c, who, Query{Limit: n, Sort: []string{"createdAt desc"}}, CompanyFilter{})
	if err != nil {
		return nil, err
	}
	raw, err := json.Marshal(page)
	if err != nil {
		return nil, err
	}
	var orders struct{ Results []*procura.Order }
	if err := json.Unmarshal(raw, &orders); err != nil {
		return nil, err
	}
	out := &PredicatePreview{Recent: len(orders.Results)}
	for _, o := range orders.Results {
		if pred.Eval(orderView(o)) {
			out.Matched = append(out.Matched, o)
		}
	}
	return out, nil
}
