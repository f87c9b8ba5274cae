package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/procura/procura/internal/app"
	"github.com/procura/procura/internal/httpapi"
)

// historyRows is how many records a page of the history shows.
const historyRows = 50

type staffHistoryData struct {
	Filter  url.Values
	Records []staffHistoryRow
	Next    string // the address of the next page, "" on the last
}

// staffHistoryRow is a record as the page shows it: who made the change, and its actions' names.
type staffHistoryRow struct {
	app.HistoryRecord
	By      string // the staff member's email, the customer's or the API client's id
	ByKind  string // staff, customer or client
	Actions []string
}

// history shows the project's change history, newest first, filtered by resource, actor,
// company and a range of days: the seller's GET /{project}/history.
func (d *Dashboard) history(w http.ResponseWriter, r *http.Request, s *app.StaffSession, c app.Caller) error {
	if err := httpapi.Permit(c, "GET /{project}/history"); err != nil {
		return err
	}
	v := r.URL.Query()
	offset, _ := strconv.Atoi(v.Get("offset"))
	q := app.HistoryQuery{ResourceType: v.Get("resourceType"), ResourceID: v.Get("resourceId"), Actor: v.Get("actor"),
		Company: v.Get("company"), Limit: historyRows, Offset: offset}
	var err error
	if q.From, err = day(v.Get("from"), "from", 0); err != nil {
		return err
	}
	if q.To, err = day(v.Get("to"), "to", 1); err != nil { // to the end of the day named
		return err
	}
	page, err := d.App.QueryHistory(r.Context(), c, app.Acting{}, q)
	if err != nil {
		return err
	}
	records, err := rows[app.HistoryRecord](page)
	if err != nil {
		return err
	}
	data := staffHistoryData{Filter: v}
	for _, rec := range records {
		row := staffHistoryRow{HistoryRecord: rec, By: rec.CreatedBy.ExternalUserID, ByKind: "staff"}
		switch {
		case row.By != "":
		case rec.CreatedBy.Customer != nil:
			row.By, row.ByKind = rec.CreatedBy.Customer.ID, "customer"
		default:
			row.By, row.ByKind = rec.CreatedBy.ClientID, "client"
		}
		for _, raw := range rec.Actions {
			var a struct{ Action string }
			if json.Unmarshal(raw, &a) == nil {
				row.Actions = append(row.Actions, a.Action)
			}
		}
		data.Records = append(data.Records, row)
	}
	if len(records) == historyRows {
		next := url.Values{}
		for k, vs := range v {
			next[k] = vs
		}
		next.Set("offset", strconv.Itoa(offset+historyRows))
		data.Next = projectBase(r) + "history?" + next.Encode()
	}
	return d.render(w, r, s, http.StatusOK, "history", data, "ops.history")
}
