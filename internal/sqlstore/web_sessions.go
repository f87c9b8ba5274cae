package sqlstore

import (
	"database/sql"
	"time"

	"github.com/procura/procura/internal/store"
)

func (t *tx) SaveWebSession(s *store.WebSession) error {
	pid, err := t.projectID(s.ProjectKey)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO web_sessions (hash, id, project_id, customer_id, business_unit, user_agent, address, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.Hash, s.ID, pid, s.CustomerID, nullable(s.BusinessUnit), s.UserAgent, s.Address,
		s.CreatedAt.UnixMilli(), s.LastSeenAt.UnixMilli(), s.ExpiresAt.UnixMilli())
	return err
}

const webSessionColumns = `w.hash, w.id, p.key, w.customer_id, w.business_unit, w.user_agent, w.address, w.created_at, w.last_seen_at, w.expires_at
	FROM web_sessions w JOIN projects p ON p.id = w.project_id`

func scanWebSession(sc interface{ Scan(...any) error }) (*store.WebSession, error) {
	s := &store.WebSession{}
	var unit sql.NullString
	var created, seen, expires int64
	if err := sc.Scan(&s.Hash, &s.ID, &s.ProjectKey, &s.CustomerID, &unit, &s.UserAgent, &s.Address, &created, &seen, &expires); err != nil {
		return nil, err
	}
	s.BusinessUnit = unit.String
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = time.UnixMilli(created), time.UnixMilli(seen), time.UnixMilli(expires)
	return s, nil
}

func (t *tx) WebSession(hash string) (*store.WebSession, error) {
	s, err := scanWebSession(t.row(`SELECT `+webSessionColumns+` WHERE w.hash = ?`, hash))
	return s, notFound(err)
}

func (t *tx) TouchWebSession(hash string, lastSeen time.Time, businessUnit string) error {
	res, err := t.exec(`UPDATE web_sessions SET last_seen_at = ?, business_unit = ? WHERE hash = ?`, lastSeen.UnixMilli(), nullable(businessUnit), hash)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (t *tx) CustomerWebSessions(projectKey, customerID string) ([]store.WebSession, error) {
	pid, err := t.projectID(projectKey)
	if err != nil {
		return nil, err
	}
	rows, err := t.query(`SELECT `+webSessionColumns+` WHERE w.project_id = ? AND w.customer_id = ? ORDER BY w.created_at DESC, w.id`, pid, customerID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.WebSession
	for rows.Next() {
		s, err := scanWebSession(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
	}
	return out, rows.Err()
}

func (t *tx) DeleteWebSession(hash string) error {
	_, err := t.exec(`DELETE FROM web_sessions WHERE hash = ?`, hash)
	return err
}
