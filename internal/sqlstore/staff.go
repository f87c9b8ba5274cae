package sqlstore

import (
	"database/sql"
	"time"

	"github.com/procura/procura/internal/store"
)

func (t *tx) CreateStaff(m *store.StaffMember) error {
	_, err := t.exec(`INSERT INTO staff (id, email, password_hash, role, project_key, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		m.ID, m.Email, m.PasswordHash, m.Role, nullable(m.ProjectKey), m.CreatedAt.UnixMilli())
	return t.dup(err)
}

const staffColumns = `id, email, password_hash, role, project_key, created_at FROM staff`

func scanStaff(sc interface{ Scan(...any) error }) (*store.StaffMember, error) {
	m := &store.StaffMember{}
	var project sql.NullString
	var created int64
	if err := sc.Scan(&m.ID, &m.Email, &m.PasswordHash, &m.Role, &project, &created); err != nil {
		return nil, err
	}
	m.ProjectKey, m.CreatedAt = project.String, time.UnixMilli(created)
	return m, nil
}

func (t *tx) StaffByEmail(email string) (*store.StaffMember, error) {
	m, err := scanStaff(t.row(`SELECT `+staffColumns+` WHERE email = ?`, email))
	return m, notFound(err)
}

func (t *tx) StaffByID(id string) (*store.StaffMember, error) {
	m, err := scanStaff(t.row(`SELECT `+staffColumns+` WHERE id = ?`, id))
	return m, notFound(err)
}

func (t *tx) ListStaff() ([]store.StaffMember, error) {
	rows, err := t.query(`SELECT ` + staffColumns + ` ORDER BY email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.StaffMember
	for rows.Next() {
		m, err := scanStaff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

func (t *tx) SaveStaffSession(s *store.StaffSession) error {
	_, err := t.exec(`INSERT INTO staff_sessions (hash, id, staff_id, user_agent, address, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.Hash, s.ID, s.StaffID, s.UserAgent, s.Address,
		s.CreatedAt.UnixMilli(), s.LastSeenAt.UnixMilli(), s.ExpiresAt.UnixMilli())
	return err
}

func (t *tx) StaffSession(hash string) (*store.StaffSession, error) {
	s := &store.StaffSession{}
	var created, seen, expires int64
	err := t.row(`SELECT hash, id, staff_id, user_agent, address, created_at, last_seen_at, expires_at FROM staff_sessions WHERE hash = ?`, hash).
		Scan(&s.Hash, &s.ID, &s.StaffID, &s.UserAgent, &s.Address, &created, &seen, &expires)
	if err != nil {
		return nil, notFound(err)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = time.UnixMilli(created), time.UnixMilli(seen), time.UnixMilli(expires)
	return s, nil
}

func (t *tx) TouchStaffSession(hash string, lastSeen time.Time) error {
	res, err := t.exec(`UPDATE staff_sessions SET last_seen_at = ? WHERE hash = ?`, lastSeen.UnixMilli(), hash)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrNotFound
	}
	return nil
}

func (t *tx) DeleteStaffSession(hash string) error {
	_, err := t.exec(`DELETE FROM staff_sessions WHERE hash = ?`, hash)
	return err
}

func (t *tx) DeleteStaff(id string) error {
	if _, err := t.exec(`DELETE FROM staff_sessions WHERE staff_id = ?`, id); err != nil {
		return err
	}
	res, err := t.exec(`DELETE FROM staff WHERE id = ?`, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrNotFound
	}
	return nil
}
