package sqlstore

import (
	"context"
	"database/sql/driver"
	"errors"
	"sync/atomic"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// A batch's writes run without a savepoint each (batch.go), so nothing of SQLite's may end the
// batch's transaction unseen: after an I/O error, a full disk or a failed allocation SQLite
// rolls the whole transaction back by itself, and every statement after it would then commit on
// its own. commitGuard refuses, on the writer's connection, every commit while a batch runs but
// the batch's own COMMIT: a write after such a rollback fails, and the batch runs again, that
// write with it; if none wrote after it, the batch's COMMIT finds no transaction and fails every
// write of it.

// commitGuard is the state the writer's commit hook reads.
type commitGuard struct{ state atomic.Int32 }

const (
	guardIdle       = iota // no batch: the writer's other users commit as they need
	guardBatch             // a batch runs: no commit
	guardCommitting        // the batch commits
)

// refuses is the commit hook: non-zero turns the commit into a rollback.
func (g *commitGuard) refuses() int32 {
	if g.state.Load() == guardBatch {
		return 1
	}
	return 0
}

// guardedConnector opens the writer's connections with the guard's commit hook.
type guardedConnector struct {
	driver.Connector
	guard *commitGuard
}

func newGuardedConnector(dsn string, g *commitGuard) (driver.Connector, error) {
	c, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return guardedConnector{Connector: c, guard: g}, nil
}

func (c guardedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	h, ok := conn.(sqlite.HookRegisterer)
	if !ok {
		conn.Close()
		return nil, errors.New("sqlite: the driver's connection takes no commit hook")
	}
	h.RegisterCommitHook(c.guard.refuses)
	return conn, nil
}

// refusedByGuard reports whether err is the guard's refusal of a commit.
func refusedByGuard(err error) bool {
	var lite *sqlite.Error
	return errors.As(err, &lite) && lite.Code() == sqlite3.SQLITE_CONSTRAINT_COMMITHOOK
}
