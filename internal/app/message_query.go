package app

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// typeMessage names messages in queries; they are not documents but rows of their own.
const typeMessage = "message"

// defaultMessageDays is how long messages are kept when the project does not say: the reference's
// default deleteDaysAfterCreation.
const defaultMessageDays = 15

// QueryMessages pages through the project's messages, oldest first unless sorted otherwise. While
// the project's messagesConfiguration is disabled, the Messages Query API answers none (they are
// still recorded, for the write hooks: decision 0036).
func (a *App) QueryMessages(ctx context.Context, c Caller, q Query) (*Page, error) {
	var page *Page
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		if on, err := messagesQueried(l); err != nil || !on {
			page = &Page{Limit: q.Limit, Offset: q.Offset, raw: []json.RawMessage{}}
			if q.WithTotal {
				page.Total = new(int)
			}
			return err
		}
		f := store.Filter{Type: typeMessage, Sort: []store.SortBy{{Column: store.ColumnInserted}}}
		var err error
		page, err = a.findPage(l.tx.Messages(l.projectID), f, q, nil)
		return err
	})
	return page, err
}

// GetMessage returns the message with the id r names.
func (a *App) GetMessage(ctx context.Context, c Caller, r Ref) (json.RawMessage, error) {
	var out json.RawMessage
	err := a.read(ctx, c.ProjectKey, func(l *lookup) error {
		on, err := messagesQueried(l)
		if err != nil {
			return err
		}
		if !on || r.ID == "" {
			return procura.NotFound(r.String())
		}
		doc, err := l.tx.Messages(l.projectID).Get(r.ID)
		if errors.Is(err, store.ErrNotFound) {
			return procura.NotFound(r.String())
		}
		if err == nil {
			out = doc.Data
		}
		return err
	})
	return out, err
}

// messagesQueried reports whether the project's Messages Query API is enabled.
func messagesQueried(l *lookup) (bool, error) {
	p, err := l.project()
	if err != nil {
		return false, err
	}
	return p.Messages.Enabled, nil
}

// DeleteOldMessages deletes, in every project, the messages older than its messagesConfiguration
// keeps them (deleteDaysAfterCreation), and returns how many.
func (a *App) DeleteOldMessages(ctx context.Context, now time.Time) (int64, error) {
	return a.eachProject(ctx, func(key string) (deleted int64, err error) {
		err = a.Store.Write(ctx, func(tx store.Tx) error {
			p, err := tx.ProjectByKey(key)
			if err != nil {
				return err
			}
			days := defaultMessageDays
			if p.Messages.DeleteDaysAfterCreation != nil {
				days = *p.Messages.DeleteDaysAfterCreation
			}
			deleted, err = tx.Messages(p.ID).DeleteBefore(procura.FormatTime(now.AddDate(0, 0, -days)))
			return err
		})
		return deleted, err
	})
}
