// Package app holds Procura's use cases. Each one runs in a single store transaction: load,
// authorize, apply, save. The acting caller is always an explicit argument.
package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/google/uuid"
	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// App is the application: the store plus the clock, the id source and the settings.
type App struct {
	Store     store.Store
	Now       func() time.Time
	NewID     func() string
	Passwords PasswordHasher
	TokenTTL  time.Duration
	// RefreshTTL is the lifetime of customers' refresh tokens.
	RefreshTTL time.Duration
	// LoginLimit bounds failed sign-ins.
	LoginLimit LoginLimit
	// SessionLimits bound the web pages' sessions (zero: DefaultSessionLimits).
	SessionLimits SessionLimits
	// QueryBudget is how many documents a query may test one by one where indexes cannot answer
	// it (0: DefaultQueryBudget); beyond it the query is refused.
	QueryBudget int
	// MailAttempts is how often a mail is tried before it is Failed (0: DefaultMailAttempts).
	MailAttempts int
	// WriteHooks are told, inside each write transaction, what it changed (written.go).
	WriteHooks []WriteHook
	// Senders deliver the notifications of subscriptions, by destination type (deliveries.go).
	Senders    map[string]Sender
	Deliveries DeliverySettings
	// Counters count, for the metrics, what the node does; OnDeliveryAttempt is told of each
	// delivery attempt (counters.go).
	Counters          Counters
	OnDeliveryAttempt DeliveryAttempt

	tokens  *tokenCache
	hashing *hashGate
	// projectIDs maps project keys to ids: a project is never deleted nor renamed, so a key
	// once found names the same project for good, on every node.
	projectIDs sync.Map
	caches     caches
	// readsAhead: the store runs its writes one at a time, so writes read what they can before
	// (ahead.go)
	readsAhead bool
}

// caches are the node's copies of what rarely changes, each checked at every use (by a version,
// or by the stored JSON itself).
type caches struct {
	roles         projectCopies[procura.Roles]
	projects      projectCopies[*procura.Project] // the settings (never changed)
	cartDiscounts projectCopies[[]*procura.CartDiscount]
	units         decodedUnits
	products      decodedProducts
	facets        facetCache
	// subscriptions: project id → cachedSubscriptions
	subscriptions sync.Map
}

// New returns an App with the system clock, random UUIDs and argon2id password hashing.
func New(s store.Store) *App {
	a := &App{Store: s, Now: time.Now, NewID: uuid.NewString, Passwords: Argon2id{},
		TokenTTL: 48 * time.Hour, RefreshTTL: 200 * 24 * time.Hour, LoginLimit: DefaultLoginLimit,
		tokens: newTokenCache(time.Second), hashing: defaultHashGate(), Deliveries: DefaultDeliverySettings}
	a.WriteHooks = []WriteHook{a.EnqueueDeliveries}
	if s, ok := s.(interface{ SerialWrites() bool }); ok {
		a.readsAhead = s.SerialWrites()
	}
	return a
}

// SetTokenCacheTTL sets how long a verified token is trusted without a database read (0: always
// read). Revocations on this node take effect at once; on other nodes within this time.
func (a *App) SetTokenCacheTTL(ttl time.Duration) { a.tokens = newTokenCache(ttl) }

// Caller is who makes a request: an API client, optionally acting as a customer, who may be
// acting for one business unit (the active company of the token).
type Caller struct {
	ProjectKey   string
	ClientID     string
	Scopes       Scopes
	CustomerID   string
	BusinessUnit string
	AnonymousID  string // the anonymous session of the token (never with CustomerID)
	// Staff is the email of the seller's staff member whose dashboard session this is (decision
	// 0053): the changes are theirs (createdBy.externalUserId, the history's actor).
	Staff string
	// Store is the key of the store of an in-store path (/in-store/key={store}/…), "" elsewhere:
	// the use cases then reach only what is in that store.
	Store string
	// RequestID and ClientAddress name the HTTP request and where it came from, for the change
	// history (history.go); "" for the node's own work.
	RequestID, ClientAddress string
}

// change returns what domain drafts and actions need, over the lookups of one transaction.
func (a *App) change(l *lookup) procura.Change {
	return procura.Change{Now: a.Now(), NewID: a.NewID, Lookup: l, Categories: l, Groups: l, Workflow: l, Rates: l}
}

// write runs fn in a write transaction of the caller's project: the one road into a transaction
// of a project's use cases, with its documents, its settings and their lookups. What fn writes is
// recorded as it goes (recorder.go); once fn succeeded, its change history and its messages are
// stored and the write hooks told, in the same transaction (history.go, messages.go).
func (a *App) write(ctx context.Context, c Caller, fn func(l *lookup) error) error {
	return a.writeWith(ctx, c, nil, fn)
}

// writeWith is write, answering the write's first reads from r when it is not nil (ahead.go).
func (a *App) writeWith(ctx context.Context, c Caller, r *ahead, fn func(l *lookup) error) error {
	var kept []func()
	err := a.Store.Write(ctx, func(tx store.Tx) error {
		kept = nil // of an attempt that did not commit
		return a.inProject(tx, c.ProjectKey, func(l *lookup) error {
			if r != nil {
				if err := r.checkOnce(l.docs); err != nil {
					return err
				}
				l.ahead = r
				l.docs = aheadDocs{Docs: l.docs, r: r}
			}
			l.record(c)
			l.history = &historyLog{l: l, caller: c, sent: map[docKey][]json.RawMessage{}, company: map[string]string{}}
			if err := fn(l); err != nil {
				return err
			}
			if err := l.countWrites(); err != nil {
				return err
			}
			if err := a.events(l); err != nil {
				return err
			}
			kept = l.kept
			return nil
		})
	})
	return named(committed(err, kept))
}

// read runs fn in a read transaction of the project.
func (a *App) read(ctx context.Context, projectKey string, fn func(l *lookup) error) error {
	var kept []func()
	err := a.Store.Read(ctx, func(tx store.Tx) error {
		return a.inProject(tx, projectKey, func(l *lookup) error {
			l.reading = true
			err := fn(l)
			kept = l.kept
			return err
		})
	})
	return named(committed(err, kept))
}

// committed keeps a transaction's copies in the node's caches (lookup.keepOnCommit) once it has
// committed, and returns its error.
func committed(err error, kept []func()) error {
	if err == nil {
		for _, keep := range kept {
			keep()
		}
	}
	return err
}

// Ready reports whether the store can serve: the database answers and is migrated.
func (a *App) Ready(ctx context.Context) error { return a.Store.Ready(ctx) }

// named gives an error that is not the caller's (a driver's, a decoder's: answered as a 500) the
// name of the use case it came from, for the log line; a *procura.Error is the caller's answer
// and stays as it is.
func named(err error) error {
	var pe *procura.Error
	if err == nil || errors.As(err, &pe) {
		return err
	}
	pcs := make([]uintptr, 16)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(2, pcs)])
	for {
		f, more := frames.Next()
		if _, method, ok := strings.Cut(f.Function, ".(*App)."); ok && method != "" && unicode.IsUpper(rune(method[0])) {
			return fmt.Errorf("%s: %w", method, err)
		}
		if !more {
			return err
		}
	}
}

func (a *App) inProject(tx store.Tx, projectKey string, fn func(l *lookup) error) error {
	id, err := a.projectID(tx, projectKey)
	if err != nil {
		return err
	}
	return fn(&lookup{docs: tx.Docs(id), tx: tx, projectKey: projectKey, projectID: id, cache: &a.caches, now: a.Now})
}

// projectID returns the id of the project with key, reading it once per key.
func (a *App) projectID(tx store.Tx, key string) (string, error) {
	if id, ok := a.projectIDs.Load(key); ok {
		return id.(string), nil
	}
	p, err := tx.ProjectByKey(key)
	if err != nil {
		return "", projectErr(key, err)
	}
	a.projectIDs.Store(key, p.ID)
	return p.ID, nil
}

func projectErr(key string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return procura.NotFound(key)
	}
	return err
}

// Ref names a resource: by id, by key when Key is set, or by its second unique value (a
// customer's lower-cased email) when Unique is set.
type Ref struct {
	ID     string
	Key    string
	Unique string
}

func (r Ref) String() string {
	if r.Key != "" {
		return "key=" + r.Key
	}
	return r.ID
}

// getDoc loads the document r names, or fails with ResourceNotFound.
func getDoc(d store.Docs, typ string, r Ref) (*store.Doc, error) {
	var doc *store.Doc
	var err error
	switch {
	case r.Unique != "":
		doc, err = d.GetByUnique(typ, r.Unique)
	case r.Key != "":
		doc, err = d.GetByKey(typ, r.Key)
	default:
		doc, err = d.Get(typ, r.ID)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, procura.NotFound(r.String())
	}
	return doc, err
}

// checkUpdateVersion compares an update's version, when it names one, with the stored one; an
// update without a version is refused later, by applyActions.
func checkUpdateVersion(doc *store.Doc, u procura.Update) error {
	if u.Version == nil {
		return nil
	}
	return checkVersion(doc, *u.Version)
}

// checkVersion compares the version a request names with the stored one.
func checkVersion(doc *store.Doc, expected int64) error {
	if doc.Version != expected {
		return procura.ConcurrentModification(doc.ID, expected, doc.Version)
	}
	return nil
}

// save inserts (expected 0) or updates a document, translating store errors; a duplicate key
// or second unique value is reported under the field names given (default "key" and "email").
// The custom fields the request wrote are checked against their types first (checkCustoms).
func save(d store.Docs, doc *store.Doc, v any, expected int64, names ...string) error {
	typeRefs, err := checkCustoms(d, v)
	if err != nil {
		return err
	}
	if len(typeRefs) > 0 {
		doc.Refs = append(doc.Refs, typeRefs...)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	doc.Data = data
	if expected == 0 {
		err = d.Insert(doc)
	} else {
		err = d.Update(doc, expected)
	}
	var dup *store.DuplicateError
	var tooLarge *store.TooLargeError
	switch {
	case errors.As(err, &tooLarge):
		return procura.InvalidInput("The %s would be %d bytes stored; a resource may have at most %d (--max-document-size).", tooLarge.Type, tooLarge.Size, tooLarge.MaxBytes)
	case errors.As(err, &dup) && dup.Index == "unique":
		return procura.DuplicateField(nameOr(names, 1, "email"), doc.Unique)
	case errors.As(err, &dup):
		return procura.DuplicateField(nameOr(names, 0, "key"), doc.Key)
	case errors.Is(err, store.ErrConflict):
		return conflict(d, doc, expected)
	}
	return err
}

func nameOr(names []string, i int, def string) string {
	if i < len(names) && names[i] != "" {
		return names[i]
	}
	return def
}

// conflict reports a version conflict with the version now stored.
func conflict(d store.Docs, doc *store.Doc, expected int64) error {
	current := expected + 1
	if now, err := d.Get(doc.Type, doc.ID); err == nil {
		current = now.Version
	}
	return procura.ConcurrentModification(doc.ID, expected, current)
}

// remove deletes a document at the expected version.
func remove(d store.Docs, doc *store.Doc, expected int64) error {
	if err := checkVersion(doc, expected); err != nil {
		return err
	}
	err := d.Delete(doc.Type, doc.ID, expected)
	if errors.Is(err, store.ErrConflict) {
		return conflict(d, doc, expected)
	}
	return err
}

// applyActions runs each action in order; the first failure aborts the whole update.
func applyActions(u procura.Update, apply func(raw json.RawMessage) error) error {
	if err := u.Check(); err != nil {
		return err
	}
	for i, raw := range u.Actions {
		if err := apply(raw); err != nil {
			return procura.AtAction(i, err)
		}
	}
	return nil
}
