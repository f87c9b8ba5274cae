package sqlstore

import "fmt"

// Options are the settings of a database that its URL does not hold.
type Options struct {
	// Synchronous is SQLite's synchronous mode, SyncFull (the default, also when empty) or
	// SyncNormal; PostgreSQL ignores it. At FULL a commit is on disk when the write is answered;
	// at NORMAL the log is synced only at checkpoints, so a power loss (not a crash of the
	// process) may lose the last transactions answered (decision 0043).
	Synchronous string
}

// The synchronous modes Options.Synchronous takes.
const (
	SyncFull   = "full"
	SyncNormal = "normal"
)

// synchronous returns the connection parameter of the synchronous mode.
func (o Options) synchronous() (string, error) {
	switch o.Synchronous {
	case "", SyncFull:
		return "_pragma=synchronous(FULL)", nil
	case SyncNormal:
		return "_pragma=synchronous(NORMAL)", nil
	}
	return "", fmt.Errorf("sqlite synchronous mode %q: use %s or %s", o.Synchronous, SyncFull, SyncNormal)
}
