package app

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// HistoryQuery selects change-history records: of one resource (its type, its id), of one actor
// (the customer who acted, or else the API client), of one unit and the units below it (Company:
// the unit's key), written From (inclusive) To (exclusive). Newest first, paged.
type HistoryQuery struct {
	ResourceType, ResourceID string
	Actor                    string
	Company                  string
	From, To                 time.Time
	Limit, Offset            int
}

func (q HistoryQuery) check() error {
	if q.Limit < 0 || q.Limit > MaxLimit {
		return procura.InvalidInput("limit must be between 0 and %d.", MaxLimit)
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		return procura.InvalidInput("offset must be between 0 and %d.", MaxOffset)
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return procura.InvalidInput("from must be before to.")
	}
	return nil
}

// QueryHistory answers a page of the change history: to the seller (who: the zero Acting) the
// project's; to an associate that of the path's unit and the units below it, where they need
// ViewCompanyHistory. An associate's view leaves out the resources only the seller reads, and the
// API client, request and address of each change.
func (a *App) QueryHistory(ctx context.Context, c Caller, who Acting, q HistoryQuery) (*Page, error) {
	if err := q.check(); err != nil {
		return nil, err
	}
	var page *Page
	err := a.viewing(ctx, c, who, func(l *lookup, x *access) error {
		f := store.HistoryFilter{ResourceType: q.ResourceType, ResourceID: q.ResourceID, Actor: q.Actor,
			From: q.From, To: q.To, Limit: q.Limit, Offset: q.Offset}
		tree := q.Company
		if !x.seller() {
			if _, err := x.inPath(procura.ViewHistory); err != nil {
				return err
			}
			if q.Company != "" && q.Company != who.UnitKey {
				return procura.InvalidInput("As an associate, the history is of the unit of the path (%s); company may only name it.", who.UnitKey)
			}
			tree, f.ExceptTypes = who.UnitKey, sellerOnlyTypes
		}
		if err := unitTree(l, tree, &f); err != nil {
			return err
		}
		records, err := l.tx.FindHistory(l.projectID, f)
		if err != nil {
			return err
		}
		page = &Page{Limit: q.Limit, Offset: q.Offset, Count: len(records), raw: make([]json.RawMessage, len(records))}
		for i, r := range records {
			if page.raw[i], err = shownRecord(r.Data, !x.seller()); err != nil {
				return err
			}
		}
		return nil
	})
	return page, err
}

// unitTree narrows f to the records of the unit with key and the units below it: for a
// top-level unit its company, else the unit and its descendants within their company. A unit that does not exist has
// no tree (it may have been deleted): its own records.
func unitTree(l *lookup, key string, f *store.HistoryFilter) error {
	if key == "" {
		return nil
	}
	u, err := l.unitAt(key)
	if errors.Is(err, store.ErrNotFound) {
		f.Units = []string{key}
		return nil
	}
	if err != nil {
		return err
	}
	if u.ParentUnit == nil {
		f.Company = key
		return nil
	}
	chain, err := l.chain(u)
	if err != nil {
		return err
	}
	below, err := l.docs.Descendants(procura.TypeBusinessUnit, key)
	if err != nil {
		return err
	}
	f.Company, f.Units = topLevel(chain), []string{key} // the company's index, narrowed to the units
	for _, d := range below {
		f.Units = append(f.Units, d.Key)
	}
	return nil
}

// shownRecord is a stored record as answered: to an associate without the API client, the
// request id and the client address, which are the seller's.
func shownRecord(data []byte, associate bool) (json.RawMessage, error) {
	if !associate {
		return data, nil
	}
	var r HistoryRecord
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, err
	}
	r.CreatedBy.ClientID, r.RequestID, r.ClientAddress = "", "", ""
	return json.Marshal(r)
}

// PruneHistory deletes, in each project, the history records older than its retention
// (historyConfiguration.deleteDaysAfterCreation), and says how many it deleted.
func (a *App) PruneHistory(ctx context.Context, now time.Time) (int64, error) {
	return a.eachProject(ctx, func(key string) (deleted int64, err error) {
		err = a.Store.Write(ctx, func(tx store.Tx) error {
			p, err := tx.ProjectByKey(key)
			if err != nil {
				return err
			}
			deleted, err = tx.DeleteHistory(p.ID, now.AddDate(0, 0, -p.History.DeleteDaysAfterCreation))
			return err
		})
		return deleted, err
	})
}
