package sqlstore

import (
	"database/sql"
	"time"

	"github.com/procura/procura"
)

func (t *tx) projectID(key string) (string, error) {
	var id string
	err := t.row(`SELECT id FROM projects WHERE key = ?`, key).Scan(&id)
	return id, notFound(err)
}

func (t *tx) SaveToken(tok *procura.AccessToken) error {
	pid, err := t.projectID(tok.ProjectKey)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO access_tokens (hash, project_id, client_id, scope, customer_id, business_unit, family, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tok.Hash, pid, tok.ClientID, tok.Scope, nullable(tok.CustomerID), nullable(tok.BusinessUnit), nullable(tok.Family), tok.ExpiresAt.UnixMilli())
	return err
}

func (t *tx) Token(hash string) (*procura.AccessToken, error) {
	tok := &procura.AccessToken{Hash: hash}
	var customer, unit, family sql.NullString
	var expires int64
	err := t.row(`SELECT p.key, a.client_id, a.scope, a.customer_id, a.business_unit, a.family, a.expires_at
		FROM access_tokens a JOIN projects p ON p.id = a.project_id WHERE a.hash = ?`, hash).
		Scan(&tok.ProjectKey, &tok.ClientID, &tok.Scope, &customer, &unit, &family, &expires)
	if err != nil {
		return nil, notFound(err)
	}
	tok.CustomerID, tok.BusinessUnit, tok.Family = customer.String, unit.String, family.String
	tok.ExpiresAt = time.UnixMilli(expires)
	return tok, nil
}

func (t *tx) DeleteToken(hash string) error {
	_, err := t.exec(`DELETE FROM access_tokens WHERE hash = ?`, hash)
	return err
}

func (t *tx) DeleteExpiredTokens(now time.Time) (int64, error) {
	var total int64
	for _, table := range []string{"access_tokens", "refresh_tokens", "web_sessions", "staff_sessions"} {
		res, err := t.exec(`DELETE FROM `+table+` WHERE expires_at < ?`, now.UnixMilli())
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

func (t *tx) SaveRefreshToken(r *procura.RefreshToken) error {
	pid, err := t.projectID(r.ProjectKey)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO refresh_tokens (hash, id, project_id, client_id, customer_id, scope, business_unit, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.Hash, r.ID, pid, r.ClientID, r.CustomerID, r.Scope, nullable(r.BusinessUnit), r.ExpiresAt.UnixMilli())
	return err
}

func (t *tx) RefreshToken(hash string) (*procura.RefreshToken, error) {
	r := &procura.RefreshToken{Hash: hash}
	var unit sql.NullString
	var expires int64
	err := t.row(`SELECT r.id, p.key, r.client_id, r.customer_id, r.scope, r.business_unit, r.expires_at
		FROM refresh_tokens r JOIN projects p ON p.id = r.project_id WHERE r.hash = ?`, hash).
		Scan(&r.ID, &r.ProjectKey, &r.ClientID, &r.CustomerID, &r.Scope, &unit, &expires)
	if err != nil {
		return nil, notFound(err)
	}
	r.BusinessUnit = unit.String
	r.ExpiresAt = time.UnixMilli(expires)
	return r, nil
}

func (t *tx) RevokeRefreshToken(id string) error {
	if _, err := t.exec(`DELETE FROM access_tokens WHERE family = ?`, id); err != nil {
		return err
	}
	_, err := t.exec(`DELETE FROM refresh_tokens WHERE id = ?`, id)
	return err
}

func (t *tx) RevokeCustomerTokens(projectKey, customerID string) error {
	pid, err := t.projectID(projectKey)
	if err != nil {
		return err
	}
	for _, table := range []string{"access_tokens", "refresh_tokens", "web_sessions"} {
		if _, err := t.exec(`DELETE FROM `+table+` WHERE project_id = ? AND customer_id = ?`, pid, customerID); err != nil {
			return err
		}
	}
	return nil
}

func (t *tx) CustomerTokens(projectKey, customerID string, now time.Time) ([]procura.AccessToken, []procura.RefreshToken, error) {
	pid, err := t.projectID(projectKey)
	if err != nil {
		return nil, nil, err
	}
	var access []procura.AccessToken
	var refresh []procura.RefreshToken
	for _, table := range []string{"access_tokens", "refresh_tokens"} {
		rows, err := t.query(`SELECT client_id, scope, business_unit, expires_at FROM `+table+
			` WHERE project_id = ? AND customer_id = ? AND expires_at > ? ORDER BY expires_at DESC`, pid, customerID, now.UnixMilli())
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var client, scope string
			var unit sql.NullString
			var expires int64
			if err := rows.Scan(&client, &scope, &unit, &expires); err != nil {
				rows.Close()
				return nil, nil, err
			}
			at := time.UnixMilli(expires)
			if table == "access_tokens" {
				access = append(access, procura.AccessToken{ProjectKey: projectKey, ClientID: client, Scope: scope, CustomerID: customerID, BusinessUnit: unit.String, ExpiresAt: at})
			} else {
				refresh = append(refresh, procura.RefreshToken{ProjectKey: projectKey, ClientID: client, Scope: scope, CustomerID: customerID, BusinessUnit: unit.String, ExpiresAt: at})
			}
		}
		if err := rows.Close(); err != nil {
			return nil, nil, err
		}
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return access, refresh, nil
}

func (t *tx) LoginAttempt(key string) (*procura.LoginAttempt, error) {
	a := &procura.LoginAttempt{Key: key}
	var start, locked int64
	err := t.row(`SELECT failures, window_start, locked_until FROM login_attempts WHERE key = ?`, key).Scan(&a.Failures, &start, &locked)
	if err != nil {
		return nil, notFound(err)
	}
	a.WindowStart, a.LockedUntil = time.UnixMilli(start), time.UnixMilli(locked)
	return a, nil
}

func (t *tx) AddLoginAttempt(key string, n int, now time.Time) (*procura.LoginAttempt, error) {
	a := &procura.LoginAttempt{Key: key}
	var start, locked int64
	err := t.row(`INSERT INTO login_attempts (key, failures, window_start, locked_until) VALUES (?, ?, ?, 0)
		ON CONFLICT (key) DO UPDATE SET failures = login_attempts.failures + excluded.failures
		RETURNING failures, window_start, locked_until`, key, n, now.UnixMilli()).Scan(&a.Failures, &start, &locked)
	if err != nil {
		return nil, err
	}
	a.WindowStart, a.LockedUntil = time.UnixMilli(start), time.UnixMilli(locked)
	return a, nil
}

func (t *tx) SaveLoginAttempt(a *procura.LoginAttempt) error {
	_, err := t.exec(`INSERT INTO login_attempts (key, failures, window_start, locked_until) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start, locked_until = excluded.locked_until`,
		a.Key, a.Failures, a.WindowStart.UnixMilli(), a.LockedUntil.UnixMilli())
	return err
}

func (t *tx) LockedLoginAttempts(prefix string, now time.Time, limit int) ([]procura.LoginAttempt, error) {
	rows, err := t.query(`SELECT key, failures, window_start, locked_until FROM login_attempts
		WHERE substr(key, 1, ?) = ? AND locked_until > ? ORDER BY locked_until DESC, key LIMIT ?`, len(prefix), prefix, now.UnixMilli(), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []procura.LoginAttempt
	for rows.Next() {
		a := procura.LoginAttempt{}
		var start, locked int64
		if err := rows.Scan(&a.Key, &a.Failures, &start, &locked); err != nil {
			return nil, err
		}
		a.WindowStart, a.LockedUntil = time.UnixMilli(start), time.UnixMilli(locked)
		out = append(out, a)
	}
	return out, rows.Err()
}

func (t *tx) DeleteLoginAttempt(key string) error {
	_, err := t.exec(`DELETE FROM login_attempts WHERE key = ?`, key)
	return err
}
