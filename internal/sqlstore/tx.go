package sqlstore

import (
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// tx implements store.Tx over one SQL transaction, or, for PostgreSQL's reads, over the pool:
// each statement then sees what was committed when it began (READ COMMITTED, as PostgreSQL's
// writes run), without the round trips of BEGIN and COMMIT.
type tx struct {
	d        dialect
	q        querier
	cache    *stmtCache
	maxBytes int  // of a document's data
	readOnly bool // a read: any statement that writes is refused
	wrote    bool // a statement that writes ran (or failed) since the batch last cleared it
}

// querier runs statements: a *sql.Tx, or the pool.
type querier interface {
	Exec(query string, args ...any) (sql.Result, error)
	Query(query string, args ...any) (*sql.Rows, error)
	QueryRow(query string, args ...any) *sql.Row
}

// errReadOnly refuses a write in a read.
var errReadOnly = errors.New("sqlstore: a read does not write")

// notFound turns sql.ErrNoRows into store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// column reads the one column of each row a query returned, and closes the rows.
func column[T any](rows *sql.Rows, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func (t *tx) dup(err error) error {
	if idx, ok := t.d.duplicate(err); ok {
		return &store.DuplicateError{Index: idx}
	}
	return err
}

func (t *tx) CreateProject(p *procura.Project) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO projects (id, key, version, data) VALUES (?, ?, ?, ?)`, p.ID, p.Key, p.Version, string(data))
	return t.dup(err)
}

func (t *tx) ProjectByKey(key string) (*procura.Project, error) {
	var id, data string
	if err := t.row(`SELECT id, data FROM projects WHERE key = ?`, key).Scan(&id, &data); err != nil {
		return nil, notFound(err)
	}
	p := &procura.Project{}
	if err := json.Unmarshal([]byte(data), p); err != nil {
		return nil, err
	}
	p.ID = id
	return p, nil
}

func (t *tx) ProjectKeys() ([]string, error) {
	return column[string](t.query(`SELECT key FROM projects ORDER BY key`))
}

func (t *tx) UpdateProject(p *procura.Project, expectedVersion int64) error {
	data, err := json.Marshal(p)
	if err != nil {
		return err
	}
	res, err := t.exec(`UPDATE projects SET version = ?, data = ? WHERE id = ? AND version = ?`, p.Version, string(data), p.ID, expectedVersion)
	return changedOne(res, err)
}

func changedOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return store.ErrConflict
	}
	return nil
}

func (t *tx) CreateAPIClient(c *procura.APIClient) error {
	pid, err := t.projectID(c.ProjectKey)
	if err != nil {
		return err
	}
	_, err = t.exec(`INSERT INTO api_clients (id, project_id, secret_hash, scope, created_at) VALUES (?, ?, ?, ?, ?)`,
		c.ID, pid, c.SecretHash, c.Scope, c.CreatedAt)
	return t.dup(err)
}

func (t *tx) APIClient(id string) (*procura.APIClient, error) {
	c := &procura.APIClient{ID: id}
	err := t.row(`SELECT p.key, c.secret_hash, c.scope, c.created_at FROM api_clients c JOIN projects p ON p.id = c.project_id WHERE c.id = ?`, id).
		Scan(&c.ProjectKey, &c.SecretHash, &c.Scope, &c.CreatedAt)
	return c, notFound(err)
}

func (t *tx) Docs(projectID string) store.Docs { return &docs{tx: t, project: projectID} }
