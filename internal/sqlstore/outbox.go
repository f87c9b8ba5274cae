package sqlstore

import (
	"time"

	"github.com/procura/procura/internal/store"
)

// The outbox of subscriptions (store.Outbox; decision 0037).

func (t *tx) EnqueueDeliveries(ds []store.Delivery) error {
	for _, d := range ds {
		if _, err := t.exec(`INSERT INTO deliveries (id, project_id, subscription_id, resource_type, resource_id, resource_seq, payload, state, due_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, d.ID, d.ProjectID, d.SubscriptionID, d.ResourceTypeID, d.ResourceID, d.ResourceSeq,
			string(d.Payload), store.DeliveryPending, d.DueAt.UnixMilli()); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) ClaimDeliveries(now, leaseUntil time.Time, limit int) ([]store.Delivery, error) {
	rows, err := t.query(`SELECT seq, id, project_id, subscription_id, resource_type, resource_id, resource_seq, payload, attempts, last_error
		FROM deliveries d WHERE state = 'pending' AND due_at <= ? AND NOT EXISTS (SELECT 1 FROM deliveries e
			WHERE e.subscription_id = d.subscription_id AND e.resource_type = d.resource_type AND e.resource_id = d.resource_id
			AND e.state = 'pending' AND e.seq < d.seq)
		ORDER BY seq LIMIT ?`+t.d.skipLocked(), now.UnixMilli(), limit)
	if err != nil {
		return nil, err
	}
	var out []store.Delivery
	for rows.Next() {
		var d store.Delivery
		var payload string
		if err := rows.Scan(&d.Seq, &d.ID, &d.ProjectID, &d.SubscriptionID, &d.ResourceTypeID, &d.ResourceID, &d.ResourceSeq,
			&payload, &d.Attempts, &d.LastError); err != nil {
			rows.Close()
			return nil, err
		}
		d.Payload, d.State, d.DueAt = []byte(payload), store.DeliveryPending, leaseUntil
		d.Attempts++
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, d := range out {
		if _, err := t.exec(`UPDATE deliveries SET attempts = ?, due_at = ? WHERE seq = ?`, d.Attempts, leaseUntil.UnixMilli(), d.Seq); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (t *tx) FinishDelivery(d store.Delivery, now time.Time) (bool, error) {
	var done any
	if d.State != store.DeliveryPending {
		done = now.UnixMilli()
	}
	res, err := t.exec(`UPDATE deliveries SET state = ?, due_at = ?, last_error = ?, done_at = ? WHERE seq = ? AND attempts = ? AND state = 'pending'`,
		d.State, d.DueAt.UnixMilli(), d.LastError, done, d.Seq, d.Attempts)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (t *tx) PostponeDelivery(d store.Delivery, until time.Time) error {
	_, err := t.exec(`UPDATE deliveries SET attempts = attempts - 1, due_at = ? WHERE seq = ? AND attempts = ? AND state = 'pending'`,
		until.UnixMilli(), d.Seq, d.Attempts)
	return err
}

func (t *tx) RedeliverFrom(projectID, subscriptionID, resourceTypeID, resourceID string, from int64, now time.Time) (int64, error) {
	q := `UPDATE deliveries SET state = 'pending', attempts = 0, due_at = ?, last_error = '', done_at = NULL
		WHERE project_id = ? AND subscription_id = ? AND resource_type = ? AND resource_seq >= ? AND state <> 'pending'`
	args := []any{now.UnixMilli(), projectID, subscriptionID, resourceTypeID, from}
	if resourceID != "" {
		q += ` AND resource_id = ?`
		args = append(args, resourceID)
	}
	res, err := t.exec(q, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (t *tx) PurgeDeliveries(before time.Time) (int64, error) {
	res, err := t.exec(`DELETE FROM deliveries WHERE state <> 'pending' AND done_at < ?`, before.UnixMilli())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
