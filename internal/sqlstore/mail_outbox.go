package sqlstore

import (
	"database/sql"
	"time"

	"github.com/procura/procura/internal/store"
)

const mailColumns = `id, project_id, kind, dedup, recipient, subject, text_body, html_body, status, attempts, next_at, last_error, created_at`

func (t *tx) AddMail(m *store.Mail) (bool, error) {
	res, err := t.exec(`INSERT INTO mail_outbox (`+mailColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (project_id, dedup) DO NOTHING`,
		m.ID, m.ProjectID, m.Kind, nullable(m.Dedup), m.To, m.Subject, m.Text, m.HTML, store.MailPending, m.Attempts,
		m.NextAt.UnixMilli(), m.LastError, m.CreatedAt.UnixMilli())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// ClaimMails takes the due rows in one statement; on PostgreSQL, rows another transaction is
// claiming are skipped (FOR UPDATE SKIP LOCKED), so two nodes never take the same mail; SQLite
// has one writer at a time. The statuses are in the statement's text: only then can its plan,
// made once for any values on PostgreSQL (decision 0062), use the index of the due mails, whose
// condition names them.
func (t *tx) ClaimMails(now, leaseUntil time.Time, limit int) ([]*store.Mail, error) {
	rows, err := t.query(`UPDATE mail_outbox SET status = ?, next_at = ? WHERE id IN (
		SELECT id FROM mail_outbox WHERE status IN ('`+store.MailPending+`', '`+store.MailSending+`') AND next_at <= ? ORDER BY next_at LIMIT ?`+t.d.skipLocked()+`)
		RETURNING `+mailColumns, store.MailSending, leaseUntil.UnixMilli(), now.UnixMilli(), limit)
	if err != nil {
		return nil, err
	}
	return scanMails(rows)
}

func (t *tx) SaveMailAttempt(m *store.Mail) error {
	res, err := t.exec(`UPDATE mail_outbox SET status = ?, attempts = ?, next_at = ?, last_error = ?, text_body = ?, html_body = ? WHERE id = ?`,
		m.Status, m.Attempts, m.NextAt.UnixMilli(), m.LastError, m.Text, m.HTML, m.ID)
	return changedOne(res, err)
}

func (t *tx) Mails(projectID string, limit int) ([]*store.Mail, error) {
	rows, err := t.query(`SELECT `+mailColumns+` FROM mail_outbox WHERE project_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, projectID, limit)
	if err != nil {
		return nil, err
	}
	return scanMails(rows)
}

func scanMails(rows *sql.Rows) ([]*store.Mail, error) {
	defer rows.Close()
	var out []*store.Mail
	for rows.Next() {
		m := &store.Mail{}
		var dedup sql.NullString
		var next, created int64
		if err := rows.Scan(&m.ID, &m.ProjectID, &m.Kind, &dedup, &m.To, &m.Subject, &m.Text, &m.HTML, &m.Status, &m.Attempts,
			&next, &m.LastError, &created); err != nil {
			return nil, err
		}
		m.Dedup, m.NextAt, m.CreatedAt = dedup.String, time.UnixMilli(next), time.UnixMilli(created)
		out = append(out, m)
	}
	return out, rows.Err()
}
