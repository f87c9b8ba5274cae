package sqlstore

import (
	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

func (t *tx) APIClients(projectKey string) ([]procura.APIClient, error) {
	rows, err := t.query(`SELECT c.id, c.scope, c.created_at FROM api_clients c JOIN projects p ON p.id = c.project_id
		WHERE p.key = ? ORDER BY c.created_at, c.id`, projectKey)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []procura.APIClient
	for rows.Next() {
		c := procura.APIClient{ProjectKey: projectKey}
		if err := rows.Scan(&c.ID, &c.Scope, &c.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func (t *tx) DeleteAPIClient(projectKey, id string) error {
	pid, err := t.projectID(projectKey)
	if err != nil {
		return err
	}
	res, err := t.exec(`DELETE FROM api_clients WHERE project_id = ? AND id = ?`, pid, id)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return store.ErrNotFound
	}
	for _, table := range []string{"access_tokens", "refresh_tokens"} {
		if _, err := t.exec(`DELETE FROM `+table+` WHERE project_id = ? AND client_id = ?`, pid, id); err != nil {
			return err
		}
	}
	return nil
}
