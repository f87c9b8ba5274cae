package app

import (
	"encoding/json"

	"github.com/procura/procura/internal/store"
)

// Written is what one write transaction of a project changed: the messages it recorded, in the
// reference's shape, and the resources it created, updated or deleted. Hooks see it inside the
// transaction, before it commits, so what they write commits or rolls back with the change.
// Messages are in the order they were recorded; Changes name the API's resources only (not the
// node's own bookkeeping documents), with their JSON as answers show it: derived fields in,
// private fields out (messages.go).
type Written struct {
	Messages []WrittenMessage
	Changes  []ResourceChange

	subscriptions seenGeneration // read with the events, in their round trip
	keep          func(func())   // keeps a copy in the node's caches once the write has committed
}

// WrittenMessage is one recorded message: whose resource it is about, its sequence number for
// that resource, its type and its whole JSON (the reference's envelope and payload).
type WrittenMessage struct {
	ResourceTypeID string
	ResourceID     string
	SequenceNumber int64
	Type           string
	JSON           json.RawMessage
}

// ResourceChange is one resource created, updated or deleted, at the version it then had, with
// its JSON after the change (before it, for a deletion).
type ResourceChange struct {
	ResourceTypeID string
	ResourceID     string
	Version        int64
	Kind           string // ResourceCreated, ResourceUpdated or ResourceDeleted
	JSON           json.RawMessage
}

// The kinds of a ResourceChange, as the reference names its change notifications.
const (
	ResourceCreated = "ResourceCreated"
	ResourceUpdated = "ResourceUpdated"
	ResourceDeleted = "ResourceDeleted"
)

// WriteHook is told what a write transaction of the project (its id) changed, inside that
// transaction; an error rolls the whole change back.
type WriteHook func(tx store.Tx, projectID string, w Written) error
