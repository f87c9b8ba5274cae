package app

import (
	"errors"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// A generation is the version of one small document of a project that every change of
// something the nodes keep copies of bumps, in the change's transaction: a copy made at the
// generation a node read is current for as long as that generation is, on every node, at the
// cost of one point read per use (the role table: roles.go; the search's facet counts:
// facet_cache.go).

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
