package app

import (
	"context"
	"encoding/json"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// notifyQuote mails a quote's buyer (its customer).
func (a *App) notifyQuote(l *lookup, kind string, q *procura.Quote, dedup string) error {
	if q.Customer == nil {
		return nil
	}
	d := procura.NotificationData{QuoteID: q.ID, Total: shownMoney(q.TotalPrice), ValidTo: q.ValidTo}
	return a.notifyCustomers(l, kind, d, dedup, q.Customer.ID)
}

// NotifyExpiringQuotes mails, in every project, the buyers of the Pending quotes whose validTo
// falls within the project's quoteExpiringDays after now, and reports how many quotes it told
// of. Each quote's mail is written once for its validTo, however many nodes run this (the
// outbox's dedup), so it may run on every node.
func (a *App) NotifyExpiringQuotes(ctx context.Context, now time.Time) (int, error) {
	told, err := a.eachProject(ctx, func(key string) (int64, error) {
		n, err := a.notifyExpiring(ctx, key, now)
		return int64(n), err
	})
	return int(told), err
}

// notifyExpiring tells of one project's quotes about to expire: those found in a read, each
// written in a transaction of its own.
func (a *App) notifyExpiring(ctx context.Context, key string, now time.Time) (int, error) {
	var due []*procura.Quote
	err := a.read(ctx, key, func(l *lookup) error {
		p, err := l.project()
		if err != nil || !p.Notifications.Enabled(procura.NotifyQuoteExpiring) {
			return err
		}
		until := now.AddDate(0, 0, p.Notifications.QuoteExpiringDays)
		f := store.Filter{Type: procura.TypeQuote, States: []string{procura.QuotePending}}
		return eachFound(l, f, func(doc *store.Doc) error {
			q := &procura.Quote{}
			if err := json.Unmarshal(doc.Data, q); err != nil {
				return err
			}
			if v, ok := quoteValidTo(q); ok && v.After(now) && !v.After(until) {
				due = append(due, q)
			}
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	for _, q := range due {
		err := a.write(ctx, Caller{ProjectKey: key}, func(l *lookup) error {
			return a.notifyQuote(l, procura.NotifyQuoteExpiring, q, "quoteExpiring:"+q.ID+":"+q.ValidTo)
		})
		if err != nil {
			return 0, err
		}
	}
	return len(due), nil
}

// quoteValidTo reads a quote's validTo, a date and time or a date (the end of that day, UTC).
func quoteValidTo(q *procura.Quote) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339Nano, q.ValidTo); err == nil {
		return t, true
	}
	if t, err := time.Parse(time.DateOnly, q.ValidTo); err == nil {
		return t.AddDate(0, 0, 1), true
	}
	return time.Time{}, false
}
