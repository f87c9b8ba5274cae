package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"

	"github.com/procura/procura"
)

// orderFilter narrows an orders list: the form above it. Each field is a condition of the
// query language, so the list is the API's query of the same conditions.
type orderFilter struct {
	Unit, Email, State, Approval, From, To string
}

// orderStates and approvalStates are the values the filter offers.
var (
	orderStates    = []string{"Open", "Confirmed", "Complete", "Cancelled"}
	approvalStates = []string{procura.FlowPending, procura.FlowApproved, procura.FlowRejected}
)

func filterOf(r *http.Request) orderFilter {
	q := r.URL.Query()
	return orderFilter{Unit: q.Get("unit"), Email: q.Get("email"), State: q.Get("state"), Approval: q.Get("approval"), From: q.Get("from"), To: q.Get("to")}
}

// Query is the filter as the part of a link that keeps it (with the view), e.g. for the tabs.
func (f orderFilter) Query() string {
	v := url.Values{}
	for k, s := range map[string]string{"unit": f.Unit, "email": f.Email, "state": f.State, "approval": f.Approval, "from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	if len(v) == 0 {
		return ""
	}
	return "&" + v.Encode()
}

// where is the filter's conditions. A state or date that is none is refused as the API refuses
// a bad query (400), naming the field.
func (f orderFilter) where() ([]string, error) {
	var out []string
	if f.Unit != "" {
		out = append(out, "businessUnit(key = "+quoted(f.Unit)+")")
	}
	if f.Email != "" {
		out = append(out, "customerEmail = "+quoted(f.Email))
	}
	if f.State != "" {
		if !slices.Contains(orderStates, f.State) {
			return nil, procura.InvalidInput("The order state '%s' is not one of %v.", f.State, orderStates)
		}
		out = append(out, "orderState = "+quoted(f.State))
	}
	if f.Approval != "" {
		if !slices.Contains(approvalStates, f.Approval) {
			return nil, procura.InvalidInput("The approval status '%s' is not one of %v.", f.Approval, approvalStates)
		}
		out = append(out, "approvalStatus = "+quoted(f.Approval))
	}
	for _, d := range []struct {
		field, value, op string
		days             int
	}{{"from", f.From, ">=", 0}, {"to", f.To, "<", 1}} {
		if d.value == "" {
			continue
		}
		at, err := day(d.value, d.field, d.days)
		if err != nil {
			return nil, err
		}
		out = append(out, "createdAt "+d.op+" "+quoted(at.Format(procura.TimeFormat)))
	}
	return out, nil
}

// quoted writes s as a string of the query language, whose escapes are JSON's.
func quoted(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
