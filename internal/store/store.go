// Package store declares the storage that the application needs: transactions over the projects,
// the API clients and tokens, and the documents (resources) of each project. Implementations live
// in sqlstore; storetest holds the conformance suite every implementation passes.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/procura/procura"
)

// Errors every implementation returns, so that callers can tell the cases apart.
var (
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: an update or delete named a version that is no longer current.
	ErrConflict = errors.New("store: version conflict")
)

// DuplicateError: a write would break a uniqueness rule; Index says which ("key" or "unique").
type DuplicateError struct{ Index string }

func (e *DuplicateError) Error() string { return "store: duplicate " + e.Index }

// Store runs transactions. Write runs fn in a read-write transaction and may run it more than
// once when the database asks to retry, so fn must have no effect outside tx. A failed fn writes
// nothing. Updates name the version they expect (Docs.Update), so concurrent writers of one
// document cannot both win; invariants across documents take a Docs.Lock.
type Store interface {
	// Read runs fn with a Tx that refuses writes. Each of its statements sees what was committed
	// when it began; two of them may see different commits (decision 0068).
	Read(ctx context.Context, fn func(Tx) error) error
	Write(ctx context.Context, fn func(Tx) error) error
	// Ready reports whether the database answers and holds every migration this binary has.
	Ready(ctx context.Context) error
	// Gauges counts what waits in the outboxes at now and the approval flows by state.
	Gauges(ctx context.Context, now time.Time) (Gauges, error)
	// Optimize brings the planner's statistics up to the data where the database does not do
	// it by itself; OptimizeEvery is how often it is worth running.
	Optimize(ctx context.Context) error
	OptimizeEvery() time.Duration
	Close() error
}

// Tx is one transaction.
type Tx interface {
	Projects
	Clients
	Tokens
	WebSessions
	Staff
	LoginAttempts
	Outbox
	History
	MailOutbox
	// Docs returns the documents of one project; no method of it can reach another project.
	Docs(projectID string) Docs
	// Messages returns the messages of one project.
	Messages(projectID string) Messages
}

// Message is one recorded message about a resource: numbered per resource from 1, without gaps.
type Message struct {
	ID             string
	ResourceType   string
	ResourceID     string
	SequenceNumber int64
	Type           string
	CreatedAt      string
	Data           []byte
}

// Messages stores the messages of one project. They are never changed, only deleted when old.
type Messages interface {
	// LastSequence returns the highest sequence number of a resource's messages, 0 for none.
	LastSequence(resourceID string) (int64, error)
	// Get returns one message as a Doc (Type "message"; its ID, CreatedAt and Data).
	Get(id string) (*Doc, error)
	// Find returns a page of messages as Docs, and their number when asked. Conds and Sort may
	// name ColumnID, ColumnCreatedAt and ColumnModifiedAt (both the creation time),
	// ColumnParent (the resource's id), ColumnGroup (its type id), ColumnState (the message
	// type) and ColumnAmount (the sequence number); by default, oldest first.
	Find(f Filter) ([]*Doc, int, error)
	// DeleteBefore deletes the messages created before createdAt and returns how many.
	DeleteBefore(createdAt string) (int64, error)
}

// Projects stores the tenants.
type Projects interface {
	CreateProject(p *procura.Project) error
	ProjectByKey(key string) (*procura.Project, error)
	UpdateProject(p *procura.Project, expectedVersion int64) error
	// ProjectKeys lists the keys of every project.
	ProjectKeys() ([]string, error)
}

// Clients stores API clients.
type Clients interface {
	CreateAPIClient(c *procura.APIClient) error
	APIClient(id string) (*procura.APIClient, error)
	// APIClients lists a project's API clients by creation, without their secrets' hashes.
	APIClients(projectKey string) ([]procura.APIClient, error)
	// DeleteAPIClient removes a project's API client and every access and refresh token issued
	// to it; ErrNotFound when the project has no such client.
	DeleteAPIClient(projectKey, id string) error
}

// Tokens stores access and refresh tokens by the hash of the token.
type Tokens interface {
	SaveToken(t *procura.AccessToken) error
	Token(hash string) (*procura.AccessToken, error)
	DeleteToken(hash string) error
	// DeleteExpiredTokens removes access and refresh tokens and web sessions past their expiry.
	DeleteExpiredTokens(now time.Time) (int64, error)
	SaveRefreshToken(t *procura.RefreshToken) error
	RefreshToken(hash string) (*procura.RefreshToken, error)
	// RevokeRefreshToken deletes a refresh token and every access token issued with it.
	RevokeRefreshToken(id string) error
	// RevokeCustomerTokens deletes every access and refresh token and web session of a customer.
	RevokeCustomerTokens(projectKey, customerID string) error
	// CustomerTokens lists a customer's access and refresh tokens that expire after now, the
	// latest to expire first, without their hashes.
	CustomerTokens(projectKey, customerID string, now time.Time) ([]procura.AccessToken, []procura.RefreshToken, error)
}

// LoginAttempts stores counts of failed sign-ins, by account or by client address.
type LoginAttempts interface {
	LoginAttempt(key string) (*procura.LoginAttempt, error)
	// AddLoginAttempt adds n (which may be negative) to the count under key in one atomic step
	// and returns the row as it now is; a new key starts at n with its window at now. The row
	// stays locked until the transaction ends, so that what the caller saves next in the same
	// transaction is based on this count.
	AddLoginAttempt(key string, n int, now time.Time) (*procura.LoginAttempt, error)
	SaveLoginAttempt(a *procura.LoginAttempt) error
	DeleteLoginAttempt(key string) error
	// LockedLoginAttempts lists, most recently locked first, at most limit of the counters whose
	// key starts with prefix and whose lock lasts past now.
	LockedLoginAttempts(prefix string, now time.Time, limit int) ([]procura.LoginAttempt, error)
}

// Outbox stores the deliveries of subscriptions (decision 0037). A delivery is pending until an
// attempt delivers it (delivered) or the attempts run out (dead). The deliveries of one
// subscription's resource form a line, delivered in order: only the first pending one of a line
// is ever claimed.
type Outbox interface {
	EnqueueDeliveries(ds []Delivery) error
	// ClaimDeliveries takes up to limit deliveries, each the first pending one of its line and
	// due at now, oldest first; it counts an attempt of each and makes it due again only at
	// leaseUntil, so that no other claim takes it while the attempt runs. Rows that another
	// transaction holds are skipped.
	ClaimDeliveries(now, leaseUntil time.Time, limit int) ([]Delivery, error)
	// FinishDelivery records how attempt number d.Attempts of a claimed delivery ended: its State
	// (delivered, dead, or pending to try again at DueAt) and LastError. It reports false, and
	// changes nothing, when that attempt is no longer the delivery's last (its lease ran out and
	// another claim took it).
	FinishDelivery(d Delivery, now time.Time) (bool, error)
	// PostponeDelivery gives back a claimed delivery that was not attempted (its subscription is
	// suspended): its attempt does not count, and it is due again at until.
	PostponeDelivery(d Delivery, until time.Time) error
	// RedeliverFrom makes the subscription's delivered and dead deliveries of a resource (of
	// every resource when resourceID is empty) from sequence number from onwards pending again,
	// due at now, and returns how many; those still pending stay as they are.
	RedeliverFrom(projectID, subscriptionID, resourceTypeID, resourceID string, from int64, now time.Time) (int64, error)
	// PurgeDeliveries removes the deliveries that were delivered or died before.
	PurgeDeliveries(before time.Time) (int64, error)
}

// The states of a delivery.
const (
	DeliveryPending   = "pending"
	DeliveryDelivered = "delivered"
	DeliveryDead      = "dead"
)

// Delivery is one message or change notification for one subscription.
type Delivery struct {
	Seq            int64  // its place in the outbox, set by EnqueueDeliveries's store
	ID             string // the notification's id, the same at every attempt
	ProjectID      string
	SubscriptionID string
	ResourceTypeID string
	ResourceID     string
	// ResourceSeq is the message's sequence number, or the resource's version for a change.
	ResourceSeq int64
	Payload     []byte
	State       string
	Attempts    int
	DueAt       time.Time
	LastError   string
}

// Doc is one stored resource: the indexed columns and the JSON document.
type Doc struct {
	Type      string
	ID        string
	Key       string // unique per project and type when set
	Unique    string // a second unique value per project and type when set (a customer's email)
	Parent    string // the key of the parent resource, when the type has a hierarchy
	Owner     string // the customer a document belongs to (carts, orders)
	Group     string // the group a document is listed in (the company of a cart or order)
	State     string // the state a document is filtered by
	Version   int64
	CreatedAt string
	// ModifiedAt is when the resource last changed (its lastModifiedAt), in the format of
	// CreatedAt.
	ModifiedAt string
	// Amount is the resource's total in cents (totalPrice.centAmount), for the types that have
	// one; nil for the others.
	Amount *int64
	Data   []byte
	// Refs lists what the document references, so that deletes can be refused while references
	// remain and members can be found (business units reference customers and roles). Update
	// replaces the stored references with Refs, unless Refs is nil: the documents of types that
	// reference nothing leave it nil and save the work.
	Refs []Ref
}

// Ref is a reference from or to a document: a type and the id or key it is named by.
type Ref struct {
	Type string
	ID   string
}

// Docs stores the documents of one project.
type Docs interface {
	Get(typ, id string) (*Doc, error)
	GetByKey(typ, key string) (*Doc, error)
	GetByUnique(typ, unique string) (*Doc, error)
	// VersionByKey returns the version of the document of a type with key, without its data
	// (ErrNotFound when there is none).
	VersionByKey(typ, key string) (int64, error)
	// Unchanged reports, in one read, whether each of docs (each once) is stored at its Version
	// and in its Group.
	Unchanged(docs []*Doc) (bool, error)
	// Generations returns, in one read, the version of the project and that of each generation
	// named (the document whose type and key are the name; 0 for one that does not exist).
	Generations(names ...string) (project int64, versions []int64, err error)
	// List returns every document of a type in the order they were inserted.
	List(typ string) ([]*Doc, error)
	// GetByKeys returns the documents of a type that have one of keys, in insertion order.
	GetByKeys(typ string, keys []string) ([]*Doc, error)
	// Children returns the documents of a type whose Parent is parentKey.
	Children(typ, parentKey string) ([]*Doc, error)
	// Lineage returns, in one round trip, the document of a type with key followed by its
	// ancestors (the document its Parent names, then that one's, …), nearest first, each once
	// and at most MaxLineage of them; none when no document has the key.
	Lineage(typ, key string) ([]*Doc, error)
	// LineageWithoutData is Lineage with each document's columns but neither its Data nor its
	// ModifiedAt and Amount: for a read that keeps the documents it decodes by id and version.
	LineageWithoutData(typ, key string) ([]*Doc, error)
	// Descendants returns, in one round trip, the documents with a key below key (its children,
	// theirs, …) breadth first, each once, children in insertion order, at most MaxLineage
	// levels deep.
	Descendants(typ, key string) ([]*Doc, error)
	Insert(d *Doc) error
	// Update replaces a document if its stored version is expectedVersion (else ErrConflict).
	Update(d *Doc, expectedVersion int64) error
	Delete(typ, id string, expectedVersion int64) error
	// Regroup moves the documents of types whose Parent is one of parents, those listed in a
	// group (Group set), to group: what a business unit's carts and orders follow when it
	// changes company. The documents' data and versions stay as they are.
	Regroup(types, parents []string, group string) error
	// ReferencedBy returns up to limit documents that reference to (type and id or key).
	ReferencedBy(to Ref, limit int) ([]Ref, error)
	// Find returns a page of the documents a filter selects, newest first, and their number
	// when the filter asks for it.
	Find(f Filter) ([]*Doc, int, error)
	// FindWithLineage is Find, and with it, in the same round trip, the lineage of the document
	// of f.Type whose key is key, as LineageWithoutData: a page of a unit's children and the
	// ancestors they derive from.
	FindWithLineage(f Filter, key string) (page []*Doc, total int, lineage []*Doc, err error)
	// Scan calls fn for every document of a type in insertion order, without loading them all;
	// it stops early when fn returns ErrStop.
	Scan(typ string, fn func(*Doc) error) error
	// SetTexts replaces the searchable texts of a document, one per language ("" for the text a
	// search in no language reads); each text is words separated by spaces, as TextQuery names
	// them. No texts: the document is not found by SearchTexts.
	// Values too are replaced: those searches filter by range, sort by and count.
	SetTexts(typ, id string, texts map[string]string, values []Value) error
	// SearchTexts returns the ids of a page of the documents whose text matches a search, in the
	// search's order (by default best match first, then by id), and how many match in all.
	SearchTexts(s TextSearch) ([]string, int, error)
	// CountValues counts, among the documents a search matches (its page and order aside), those
	// with each value of a field (or in each of its ranges).
	CountValues(s TextSearch, c ValueCount) ([]Bucket, error)
	// StatValues sums up the numbers of a field among the documents a search matches.
	StatValues(s TextSearch, field string) (ValueStats, error)
	// Lock makes the transactions of the project that take the same named lock run one after
	// the other, from the call to the end of the transaction: for the invariants that span
	// documents (no cycle among business units, no deleted role still assigned, unique SKUs).
	Lock(name string) error
	// LockDocument holds back the other writers of a document until the transaction ends, as
	// an update of it would, without changing it: for what is numbered per document (its
	// messages) by a transaction that does not write it.
	LockDocument(typ, id string) error
}

// The indexed columns of a document that Conds and Sort name.
const (
	ColumnID        = "id"
	ColumnKey       = "key"
	ColumnParent    = "parent"
	ColumnOwner     = "owner"
	ColumnGroup     = "grp"
	ColumnState     = "state"
	ColumnCreatedAt = "created_at"
	ColumnUnique    = "uniq"
	// ColumnModifiedAt holds Doc.ModifiedAt.
	ColumnModifiedAt = "modified_at"
	// ColumnAmount holds Doc.Amount, a number: a Cond on it compares Numbers.
	ColumnAmount = "amount"
	// ColumnInserted orders documents as they were inserted (Sort only).
	ColumnInserted = "inserted"
)

// Referencing is the column of a Cond that selects the documents referencing one of its Values
// as typ (Op "in" only): the members of a unit, say, through its references to customers.
func Referencing(typ string) string { return "ref:" + typ }

// Cond compares an indexed column with values: Op is "in", "<", "<=", ">" or ">=". A document
// whose column is empty satisfies none. Text columns compare Values, byte by byte; ColumnAmount
// compares Numbers.
type Cond struct {
	Column  string
	Op      string
	Values  []string
	Numbers []int64
}

// SortBy orders documents by an indexed column.
type SortBy struct {
	Column string
	Desc   bool
}

// DefaultMaxDocumentBytes bounds a stored document's JSON unless the store is told otherwise.
const DefaultMaxDocumentBytes = 512 << 10

// TooLargeError reports a document larger than the store keeps.
type TooLargeError struct {
	Type     string
	Size     int
	MaxBytes int
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("store: a %s of %d bytes is larger than the %d bytes a document may have", e.Type, e.Size, e.MaxBytes)
}

// MaxLineage bounds Lineage and Descendants, so that a cycle in stored data cannot make them
// run on.
const MaxLineage = 32

// ErrStop ends a Scan early without an error.
var ErrStop = errors.New("store: stop scanning")

// Filter selects documents of one type: of Group (when set); of one of Parents, or of one of
// OwnedParents and owned by Owner, or of one of OthersParents and not owned by Owner (with no
// list: owned by Owner, when set); in one of States (when set). Empty non-nil lists select
// nothing.
type Filter struct {
	Type         string
	Group        string
	Parents      []string
	OwnedParents []string
	// OthersParents: an associate who may view their colleagues' resources there, not their own.
	OthersParents []string
	Owner         string
	// NoParent: only documents of no parent (an anonymous session's carts: outside every unit).
	NoParent bool
	// Conds narrow the selection further, all of them: a query's predicates on indexed columns.
	Conds []Cond
	// Sort orders the page (default: newest first); documents that tie keep the newest first.
	Sort   []SortBy
	States []string
	Limit  int
	Offset int
	Count  bool
	// CountUpTo, with Count, stops counting there: the total is at most CountUpTo (0: counts
	// them all).
	CountUpTo int
	// NoData leaves Doc.Data empty: for callers that only need ids and versions.
	NoData bool
}

// InInsertionOrder reports whether f sorts the documents as they were inserted, oldest first, and
// by nothing else.
func (f Filter) InInsertionOrder() bool {
	return len(f.Sort) == 1 && f.Sort[0] == SortBy{Column: ColumnInserted}
}

// TextQuery is a condition on a document's words: a word (Prefix: a word beginning with it), or
// all of And, or one of Or. Within an And, a query with Not is one the document must not match;
// an And needs at least one query without Not. Words are lower-case letters and digits.
type TextQuery struct {
	Word   string
	Prefix bool
	// Value is the value of a field that Word stands for (an exact condition), when the document
	// has a Value of that Field and Text exactly when its text has Word: the store may match the
	// condition by the values instead.
	Value *Value
	And   []TextQuery
	Or    []TextQuery
	Not   bool
}

// TextSearch asks for a page of the documents of Type whose text in Lang matches Query, best
// match first; Unranked: in the order of their ids (for a query of exact conditions, whose matches
// are all equally good, which saves ranking them).
type TextSearch struct {
	Type, Lang string
	Query      TextQuery
	// Ranges: the document has, for each, a value of its field within it.
	Ranges []ValueRange
	// Sort orders the matches (then by id); none: best match first (by id when Unranked).
	Sort          []ValueSort
	Limit, Offset int
	Unranked      bool
}

// Value is one value of a document's field that searches filter by range, sort by and count:
// its text, and its number when it is one (numbers, amounts, dates and times).
type Value struct {
	Field string
	Text  string
	Num   *float64
}

// ValueRange holds the numbers from Min to Max (either may be absent); Excl makes a bound
// exclusive. Any: every value of the field, number or not.
type ValueRange struct {
	Field            string
	Min, Max         *float64
	MinExcl, MaxExcl bool
	Any              bool
}

// ValueSort is one sort key: by match quality (Score), by id (ID), or by a field's values (the
// smallest of a document's values, or with Max its largest; documents without one come last):
// by their numbers, then their texts; Only "num" or "text" when the field's values are all
// numbers or all texts, and are ordered by that alone.
type ValueSort struct {
	Score, ID bool
	Field     string
	Desc, Max bool
	Only      string
}

// ValueCount asks for buckets of a field's values: one per range of Ranges, or else one per
// distinct text (only those of Includes when it has any), most documents first (ByKey: in the
// order of the texts; Desc reverses), at most Limit.
type ValueCount struct {
	Field    string
	Ranges   []ValueRange
	Includes []string
	ByKey    bool
	Desc     bool
	Limit    int
	// Rows counts the values, not the documents: for a field with a value per variant, variants.
	Rows bool
}

// Bucket is a value (or a range) and how many documents have it.
type Bucket struct {
	Key   string
	Count int
}

// ValueStats sums up a field's numbers: the smallest, the largest, their sum and how many
// there are (every number counts, so a field with a number per variant counts variants).
type ValueStats struct {
	Min, Max, Sum *float64
	Count         int
}
