package store

import "time"

// History is the change history of projects: one record per resource a write transaction
// created, updated or deleted, written in that transaction.
type History interface {
	// AddEvents inserts the history records and the messages of one write transaction of a
	// project (one statement on PostgreSQL); a resource's message sequence number taken twice
	// is a DuplicateError. It then reads the version of the project's generation document named
	// generation (type and key; 0 if there is none), on PostgreSQL in the statement of the last
	// inserts, so that what the write hooks need to know costs no round trip of its own; ""
	// reads nothing.
	AddEvents(projectID string, records []HistoryRecord, messages []Message, generation string) (int64, error)
	// FindHistory returns a page of a project's records the filter selects, newest first.
	FindHistory(projectID string, f HistoryFilter) ([]HistoryRecord, error)
	// DeleteHistory removes a project's records written before the time given, and says how
	// many it removed.
	DeleteHistory(projectID string, before time.Time) (int64, error)
}

// HistoryRecord is one change of one resource: the indexed columns and the record's JSON.
type HistoryRecord struct {
	ID           string
	At           time.Time
	ResourceType string
	ResourceID   string
	Actor        string // the customer who acted (an associate, or the token's customer), else the API client
	Unit         string // the business unit of the resource ("" for none)
	Company      string // the top-level unit of Unit
	Data         []byte
}

// HistoryFilter selects records: every field set must match; Units, when set, is the list the
// record's unit must be in, and ExceptTypes the resource types it may not have. From is
// inclusive, To exclusive; zero times leave the range open.
type HistoryFilter struct {
	ResourceType string
	ResourceID   string
	Actor        string
	Company      string
	Units        []string
	ExceptTypes  []string
	From, To     time.Time
	Limit        int
	Offset       int
}
