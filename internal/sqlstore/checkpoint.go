package sqlstore

import (
	"database/sql"
	"sync"
	"time"
)

// SQLite copies its write-ahead log back into the database file at checkpoints. By default the
// writer runs one itself after the commit that grows the log past 1,000 pages, and every write
// waits meanwhile: 7% of the writer's time under an order load, with an fsync. The writer
// therefore never checkpoints (wal_autocheckpoint=0); a connection of its own does, after
// commits, at most every checkpointEvery, while the writer goes on (a PASSIVE checkpoint copies
// what no reader still needs and blocks no one).

const checkpointEvery = 100 * time.Millisecond

type checkpointer struct {
	conn    *sql.DB
	kick    chan struct{}
	stop    chan struct{}
	stopped sync.WaitGroup
}

func startCheckpointer(conn *sql.DB) *checkpointer {
	c := &checkpointer{conn: conn, kick: make(chan struct{}, 1), stop: make(chan struct{})}
	c.stopped.Add(1)
	go c.run()
	return c
}

// committed tells the checkpointer that the log has grown.
func (c *checkpointer) committed() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run() {
	defer c.stopped.Done()
	for {
		select {
		case <-c.kick:
			_, _ = c.conn.Exec("PRAGMA wal_checkpoint(PASSIVE)") // a failed one is retried at the next
		case <-c.stop:
			return
		}
		select {
		case <-time.After(checkpointEvery):
		case <-c.stop:
			return
		}
	}
}

// close stops checkpointing; closing the last connection checkpoints what is left.
func (c *checkpointer) close() error {
	close(c.stop)
	c.stopped.Wait()
	return c.conn.Close()
}
