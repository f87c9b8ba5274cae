package httpapi

import (
	"net/http"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/app"
)

// The change history's routes (a Procura extension, decision 0039): the seller's, over the whole
// project and per resource, and an associate's, over the path's unit and the units below it.

// history answers GET /{project}/history and /{project}/history/{typeId}/{id} for the seller,
// and /{project}/as-associate/{associate}/in-business-unit/{unit}/history for an associate.
func (s *Server) history(w who) handler {
	return func(rw http.ResponseWriter, r *http.Request, c app.Caller) error {
		as, err := w(r, c)
		if err != nil {
			return err
		}
		q, err := historyQuery(r)
		if err != nil {
			return err
		}
		page, err := s.App.QueryHistory(r.Context(), c, as, q)
		if err != nil {
			return err
		}
		WriteJSON(rw, http.StatusOK, page)
		return nil
	}
}

// historyQuery reads the history's parameters: resourceType, resourceId (or the path's typeId and
// id), actor, company, from and to (ISO 8601 date-times), limit and offset. The query language's
// parameters do not apply to the history.
func historyQuery(r *http.Request) (app.HistoryQuery, error) {
	v := r.URL.Query()
	for _, name := range []string{"where", "sort", "expand"} {
		if v.Has(name) {
			return app.HistoryQuery{}, procura.InvalidInput("The history is filtered by resourceType, resourceId, actor, company, from and to; it takes no %s.", name)
		}
	}
	page, err := parseQuery(r)
	if err != nil {
		return app.HistoryQuery{}, err
	}
	q := app.HistoryQuery{ResourceType: v.Get("resourceType"), ResourceID: v.Get("resourceId"), Actor: v.Get("actor"),
		Company: v.Get("company"), Limit: page.Limit, Offset: page.Offset}
	if typ := r.PathValue("typeId"); typ != "" {
		q.ResourceType, q.ResourceID = typ, r.PathValue("id")
	}
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		if raw := v.Get(p.name); raw != "" {
			t, err := time.Parse(time.RFC3339, raw)
			if err != nil {
				return q, procura.InvalidInput("Malformed parameter: %s: '%s' is not an ISO 8601 date-time such as 2026-05-04T10:00:00Z.", p.name, raw)
			}
			*p.dst = t
		}
	}
	return q, nil
}
