package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// historyRow is a change-history record as the history page shows it.
type historyRow struct {
	app.HistoryRecord
	Who, What string
}

type historyData struct {
	Rows       []historyRow
	Prev, Next int // offsets of the pages before and after; -1: none
}

const historyPage = 50

// history lists the changes of the active unit and the units below it, newest first: the API's
// history of an associate, which needs ViewCompanyHistory there.
func (p *Portal) history(w http.ResponseWriter, r *http.Request, s *app.Session) error {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	if offset < 0 {
		offset = 0
	}
	c := s.Caller()
	page, err := p.App.QueryHistory(r.Context(), c, app.AsAssociate(c, s.CustomerID, s.BusinessUnit),
		app.HistoryQuery{Limit: historyPage + 1, Offset: offset})
	if err != nil {
		return err
	}
	records, err := rows[app.HistoryRecord](page)
	if err != nil {
		return err
	}
	l := langOf(r)
	d := historyData{Prev: offset - historyPage, Next: -1}
	if len(records) > historyPage {
		records, d.Next = records[:historyPage], offset+historyPage
	}
	for _, rec := range records {
		d.Rows = append(d.Rows, historyRow{HistoryRecord: rec, Who: actor(l, rec.CreatedBy, s.CustomerID), What: changed(rec)})
	}
	return p.render(w, r, s, http.StatusOK, "history", d, "history.title")
}

// actor names who made a change: the person, a colleague (by their customer id), or the seller.
func actor(l lang, by procura.ClientLogging, me string) string {
	who := by.Customer
	if by.Associate != nil {
		who = by.Associate
	}
	switch {
	case who == nil:
		return l.T("history.seller")
	case who.ID == me:
		return l.T("flow.you")
	}
	return l.T("history.customer", who.ID)
}

// changed lists a record's update actions, or else the fields its difference names.
func changed(rec app.HistoryRecord) string {
	var names []string
	for _, a := range rec.Actions {
		names = append(names, procura.ActionName(a))
	}
	if len(names) == 0 && len(rec.Diff) > 0 {
		var fields map[string]json.RawMessage
		if json.Unmarshal(rec.Diff, &fields) == nil {
			for f := range fields {
				names = append(names, f)
			}
			slices.Sort(names)
		}
	}
	return strings.Join(names, ", ")
}
