package app

import (
	"errors"
	"sync"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// A generation is the version of one small document of a project that every change of
// something the nodes keep copies of bumps, in the change's transaction: a copy made at the
// generation a node read is current for as long as that generation is, on every node, at the
// cost of one point read per transaction (the role table: roles.go; the cart discounts:
// cart_discounts.go; the search's facet counts: facet_cache.go).

// seenGeneration is a generation a transaction has read already, if seen.
type seenGeneration struct {
	version int64
	seen    bool
}

// generation returns the project's generation of name (0 before any change was counted).
func generation(d store.Docs, name string) (int64, error) {
	v, err := d.VersionByKey(name, name)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	return v, err
}

// bump counts a change, under lock: the lock the writers of what name counts take, so that two
// of them never bump from the same generation.
func bump(d store.Docs, name, lock string, now time.Time) error {
	if err := d.Lock(lock); err != nil {
		return err
	}
	g, err := generation(d, name)
	if err != nil {
		return err
	}
	doc := &store.Doc{Type: name, ID: name, Key: name, Version: g + 1, CreatedAt: procura.FormatTime(now), Data: []byte("{}")}
	if g == 0 {
		return d.Insert(doc)
	}
	return d.Update(doc, g)
}

// generations are the versions of what the nodes keep a copy of for every write and
// as-associate request (the project's settings, its role table, its cart discounts), read by a
// transaction together, in one round trip, when it first needs one of them, and again after it
// took a lock (a change committed while it waited must count) or changed one of them.
type generations struct {
	project, roles, cartDiscounts int64
	locks                         int // the transaction's locks when they were read
}

// generations returns what the transaction of l read of them, reading them when it has not since
// its last lock.
func (l *lookup) generations() (generations, error) {
	if l.gens == nil || l.gens.locks != l.rec.lockCount() {
		project, v, err := l.docs.Generations(roleGeneration, cartDiscountGeneration)
		if err != nil {
			return generations{}, err
		}
		l.gens = &generations{project: project, roles: v[0], cartDiscounts: v[1], locks: l.rec.lockCount()}
	}
	return *l.gens, nil
}

// changedGenerations has the transaction read its generations again: it changed one of them.
func (l *lookup) changedGenerations() { l.gens, l.cartDiscounts = nil, nil }

// bump counts a change of what generation name counts, under lock (bump).
func (l *lookup) bump(name, lock string) error {
	l.changedGenerations()
	return bump(l.docs, name, lock, l.now())
}

// projectCopies are a node's copies of one thing each project has (its settings, its role
// table, its cart discounts), each at the version or generation it was read at.
type projectCopies[T any] struct {
	m sync.Map // project id → atVersion[T]
}

// atVersion is a copy and the version it was read at.
type atVersion[T any] struct {
	version int64
	value   T
}

// at returns the project's copy when it is at version.
func (c *projectCopies[T]) at(projectID string, version int64) (T, bool) {
	if kept, ok := c.m.Load(projectID); ok && kept.(atVersion[T]).version == version {
		return kept.(atVersion[T]).value, true
	}
	var none T
	return none, false
}

// keep makes value, read at version, the project's copy.
func (c *projectCopies[T]) keep(projectID string, version int64, value T) {
	c.m.Store(projectID, atVersion[T]{version, value})
}

// keepOnCommit keeps a copy in the node's caches once the transaction has committed (at once,
// for a read): a write may read what another write of its SQLite batch changed, which is
// committed only with the batch.
func (l *lookup) keepOnCommit(keep func()) {
	if l.cache != nil {
		l.kept = append(l.kept, keep)
	}
}

// countWrites bumps the generations that count the documents the transaction wrote, once its
// use case succeeded (the cart discounts'; the roles' are bumped by their use cases).
func (l *lookup) countWrites() error {
	if l.rec.wrote(procura.TypeCartDiscount) {
		return l.bump(cartDiscountGeneration, cartDiscountGeneration)
	}
	return nil
}
