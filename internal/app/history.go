package app

import (
	"encoding/json"
	"errors"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// The change history (decision 0039): every write transaction records, in the same transaction,
// one row per resource it created, updated or deleted: who (the API client, the customer of the
// token, the associate acted for), what (the versions before and after, and the update actions
// the request sent for it, or else a JSON merge patch from its state before to its state after),
// when, and the request's id and client address. A change that rolls back leaves no record.

// HistoryRecord is one record as the history answers it.
type HistoryRecord struct {
	ID            string                `json:"id"`
	CreatedAt     string                `json:"createdAt"`
	Resource      procura.Reference     `json:"resource"`
	ResourceKey   string                `json:"resourceKey,omitempty"`
	Change        string                `json:"change"` // ResourceCreated, ResourceUpdated or ResourceDeleted
	VersionBefore int64                 `json:"versionBefore,omitempty"`
	VersionAfter  int64                 `json:"versionAfter,omitempty"`
	BusinessUnit  *procura.KeyReference `json:"businessUnit,omitempty"`
	Actions       []json.RawMessage     `json:"actions,omitempty"`
	Diff          json.RawMessage       `json:"diff,omitempty"`
	CreatedBy     procura.ClientLogging `json:"createdBy"`
	RequestID     string                `json:"requestId,omitempty"`
	ClientAddress string                `json:"clientAddress,omitempty"`
}

// historyTypes are the resources the history records (the documents that are no resource of the
// API, such as tokens, sessions and generation counters, are not), with the fields of each that
// no record shows.
var historyTypes = map[string][]string{
	procura.TypeBusinessUnit: nil, procura.TypeAssociateRole: nil, procura.TypeCustomer: customerKind.private,
	procura.TypeStore: nil, procura.TypeType: nil, procura.TypeCustomerGroup: nil, procura.TypeState: nil,
	procura.TypePayment: nil, procura.TypeCategory: nil, procura.TypeProduct: nil, procura.TypeProductType: nil,
	procura.TypeTaxCategory: nil, procura.TypeZone: nil, procura.TypeShippingMethod: nil,
	procura.TypeCartDiscount: nil, procura.TypeDiscountCode: nil, procura.TypeCart: nil, procura.TypeOrder: nil,
	procura.TypeQuoteRequest: nil, procura.TypeStagedQuote: nil, procura.TypeQuote: nil, procura.TypeShoppingList: nil,
	procura.TypeApprovalRule: nil, procura.TypeApprovalFlow: nil, procura.TypeJoinRequest: nil,
	procura.TypeRecurrencePolicy: nil, procura.TypeRecurringOrder: nil, procura.TypeSubscription: subscriptionKind.private,
}

// unitTypes are the recorded types whose Parent column is their business unit.
var unitTypes = map[string]bool{
	procura.TypeCart: true, procura.TypeOrder: true, procura.TypeQuoteRequest: true, procura.TypeStagedQuote: true,
	procura.TypeQuote: true, procura.TypeShoppingList: true, procura.TypeApprovalRule: true,
	procura.TypeApprovalFlow: true, procura.TypeJoinRequest: true, procura.TypeRecurringOrder: true,
}

// sellerOnlyTypes are the recorded types of a unit that its associates never read.
var sellerOnlyTypes = []string{procura.TypeStagedQuote}

type docKey struct{ typ, id string }

// historyLog gathers the changes of one write transaction and writes their records at its end.
type historyLog struct {
	l       *lookup
	caller  Caller
	by      procura.ClientLogging
	actor   string
	before  map[docKey]store.Doc         // documents as first read in the transaction
	sent    map[docKey][]json.RawMessage // the update actions the request sent, by resource
	changes []*historyChange             // in the order of their first write
	byKey   map[docKey]*historyChange
	company map[string]string // unit key → its top-level unit
}

// historyChange is what the transaction did to one resource.
type historyChange struct {
	kind          string
	doc           store.Doc // the indexed columns after the change (before it, for a deletion)
	before        []byte    // the JSON before the first change (nil: created)
	versionBefore int64
}

// recorded runs fn with the transaction's writes recorded, then writes the records.
func (a *App) recorded(l *lookup, c Caller, fn func(l *lookup) error) error {
	h := &historyLog{l: l, caller: c, before: map[docKey]store.Doc{}, sent: map[docKey][]json.RawMessage{},
		byKey: map[docKey]*historyChange{}, company: map[string]string{}}
	h.actingAs(c, Acting{})
	l.history = h
	l.docs = historyDocs{Docs: l.docs, h: h}
	if err := fn(l); err != nil {
		return err
	}
	return h.flush(a)
}

// actingAs names who the transaction's changes are by: the caller, and the associate it acts for.
func (h *historyLog) actingAs(c Caller, who Acting) {
	if h == nil {
		return
	}
	h.by = *createdBy(c, who)
	h.by.AnonymousID = c.AnonymousID
	switch {
	case h.by.Associate != nil:
		h.actor = h.by.Associate.ID
	case c.CustomerID != "":
		h.actor = c.CustomerID
	case c.AnonymousID != "":
		h.actor = c.AnonymousID
	default:
		h.actor = c.ClientID
	}
}

// checkUpdate compares an update's version, when it names one, with the stored document's (an
// update without a version is refused later, by applyActions), and keeps the update's actions
// for the history of that document.
func (l *lookup) checkUpdate(doc *store.Doc, u procura.Update) error {
	if l.history != nil {
		l.history.sent[docKey{doc.Type, doc.ID}] = u.Actions
	}
	return checkUpdateVersion(doc, u)
}

// typeProject names the project in the history of its settings.
const typeProject = "project"

// projectUpdated records an update of the project's settings, which are no document.
func (h *historyLog) projectUpdated(p *procura.Project, u procura.Update) error {
	doc := store.Doc{Type: typeProject, ID: p.Key, Key: p.Key, Version: p.Version}
	h.sent[docKey{doc.Type, doc.ID}] = u.Actions
	return h.changed(ResourceUpdated, doc, nil, p.Version-1)
}

// historyDocs are a transaction's documents with their changes recorded.
type historyDocs struct {
	store.Docs
	h *historyLog
}

func (d historyDocs) Get(typ, id string) (*store.Doc, error) {
	return d.h.read(d.Docs.Get(typ, id))
}

func (d historyDocs) GetByKey(typ, key string) (*store.Doc, error) {
	return d.h.read(d.Docs.GetByKey(typ, key))
}

func (d historyDocs) GetByUnique(typ, unique string) (*store.Doc, error) {
	return d.h.read(d.Docs.GetByUnique(typ, unique))
}

func (d historyDocs) Insert(doc *store.Doc) error {
	if err := d.Docs.Insert(doc); err != nil || !recordedType(doc.Type) {
		return err
	}
	return d.h.changed(ResourceCreated, *doc, nil, 0)
}

func (d historyDocs) Update(doc *store.Doc, expected int64) error {
	if !recordedType(doc.Type) {
		return d.Docs.Update(doc, expected)
	}
	old, err := d.h.stateBefore(d.Docs, doc.Type, doc.ID)
	if err != nil {
		return err
	}
	if err := d.Docs.Update(doc, expected); err != nil {
		return err
	}
	return d.h.changed(ResourceUpdated, *doc, old.Data, expected)
}

func (d historyDocs) Delete(typ, id string, expected int64) error {
	if !recordedType(typ) {
		return d.Docs.Delete(typ, id, expected)
	}
	old, err := d.h.stateBefore(d.Docs, typ, id)
	if err != nil {
		return err
	}
	if err := d.h.unitOf(old); err != nil { // while the unit still exists
		return err
	}
	if err := d.Docs.Delete(typ, id, expected); err != nil {
		return err
	}
	return d.h.changed(ResourceDeleted, old, old.Data, expected)
}

func recordedType(typ string) bool {
	_, ok := historyTypes[typ]
	return ok
}

// read keeps the first state read of each recorded document, the "before" of its changes.
func (h *historyLog) read(doc *store.Doc, err error) (*store.Doc, error) {
	if err == nil && recordedType(doc.Type) {
		k := docKey{doc.Type, doc.ID}
		if _, ok := h.before[k]; !ok {
			h.before[k] = *doc
		}
	}
	return doc, err
}

// stateBefore returns the document as first read in the transaction, reading it now if it was
// found some other way (a list).
func (h *historyLog) stateBefore(d store.Docs, typ, id string) (store.Doc, error) {
	if old, ok := h.before[docKey{typ, id}]; ok {
		return old, nil
	}
	doc, err := d.Get(typ, id)
	if errors.Is(err, store.ErrNotFound) {
		return store.Doc{Type: typ, ID: id}, nil // the write itself reports it
	}
	if err != nil {
		return store.Doc{}, err
	}
	h.before[docKey{typ, id}] = *doc
	return *doc, nil
}

// changed notes a write of doc, merged with the transaction's earlier writes of it: a resource
// created and deleted in one transaction leaves no record.
func (h *historyLog) changed(kind string, doc store.Doc, before []byte, expected int64) error {
	k := docKey{doc.Type, doc.ID}
	ch := h.byKey[k]
	switch {
	case ch == nil:
		ch = &historyChange{kind: kind, before: before, versionBefore: expected}
		h.byKey[k] = ch
		h.changes = append(h.changes, ch)
	case kind == ResourceDeleted && ch.kind == ResourceCreated:
		ch.kind = "" // nothing to record
	case kind == ResourceDeleted:
		ch.kind = kind
	case ch.kind == ResourceDeleted:
		ch.kind = ResourceUpdated // deleted, then made again
	case ch.kind == "":
		ch.kind = kind // created, deleted, then created again
	}
	ch.doc = doc
	if ch.kind == "" || kind == ResourceDeleted {
		return nil
	}
	return h.unitOf(doc)
}

// unitOf resolves the top-level unit of doc's business unit, once per unit and transaction.
func (h *historyLog) unitOf(doc store.Doc) error {
	unit, parent := docUnit(doc)
	if unit == "" || h.company[unit] != "" {
		return nil
	}
	switch {
	case doc.Group != "":
		h.company[unit] = doc.Group
	case parent == "":
		h.company[unit] = unit // a top-level unit
	default:
		u, err := h.l.unitAt(parent)
		if errors.Is(err, store.ErrNotFound) {
			return nil // the write itself reports it
		}
		if err != nil {
			return err
		}
		chain, err := h.l.chain(u)
		if err != nil {
			return err
		}
		h.company[unit] = topLevel(chain)
	}
	return nil
}

// docUnit returns the business unit of a document, and the unit whose company is its own ("" for
// a top-level unit).
func docUnit(doc store.Doc) (unit, parent string) {
	switch {
	case doc.Type == procura.TypeBusinessUnit:
		return doc.Key, doc.Parent
	case unitTypes[doc.Type]:
		return doc.Parent, doc.Parent
	}
	return "", ""
}

// flush writes the records of the transaction's changes in one batch.
func (h *historyLog) flush(a *App) error {
	if len(h.changes) == 0 {
		return nil
	}
	now := a.Now()
	records := make([]store.HistoryRecord, 0, len(h.changes))
	for _, ch := range h.changes {
		if ch.kind == "" {
			continue
		}
		rec, err := h.record(ch)
		if err != nil {
			return err
		}
		rec.ID, rec.CreatedAt = a.NewID(), procura.FormatTime(now)
		data, err := json.Marshal(rec)
		if err != nil {
			return err
		}
		unit, _ := docUnit(ch.doc)
		records = append(records, store.HistoryRecord{ID: rec.ID, At: now, ResourceType: ch.doc.Type, ResourceID: ch.doc.ID,
			Actor: h.actor, Unit: unit, Company: h.company[unit], Data: data})
	}
	return h.l.tx.AddHistory(h.l.projectID, records)
}

// withoutPrivate returns the actions without the private fields, at any depth (a subscription's
// changeDestination carries its webhook secret in its destination).
func withoutPrivate(actions []json.RawMessage, private []string) ([]json.RawMessage, error) {
	if len(private) == 0 {
		return actions, nil
	}
	out := make([]json.RawMessage, len(actions))
	for i, raw := range actions {
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, err
		}
		var err error
		if out[i], err = json.Marshal(dropKeys(v, private)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// dropKeys removes the keys named from every object in v.
func dropKeys(v any, names []string) any {
	switch x := v.(type) {
	case map[string]any:
		for _, n := range names {
			delete(x, n)
		}
		for k, e := range x {
			x[k] = dropKeys(e, names)
		}
	case []any:
		for i, e := range x {
			x[i] = dropKeys(e, names)
		}
	}
	return v
}

// record is the record of one change, without its id and time.
func (h *historyLog) record(ch *historyChange) (*HistoryRecord, error) {
	doc := ch.doc
	rec := &HistoryRecord{Resource: procura.Reference{TypeID: doc.Type, ID: doc.ID}, ResourceKey: doc.Key, Change: ch.kind,
		CreatedBy: h.by, RequestID: h.caller.RequestID, ClientAddress: h.caller.ClientAddress}
	if unit, _ := docUnit(doc); unit != "" {
		rec.BusinessUnit = &procura.KeyReference{TypeID: procura.TypeBusinessUnit, Key: unit}
	}
	if ch.kind != ResourceCreated {
		rec.VersionBefore = ch.versionBefore
	}
	if ch.kind == ResourceDeleted {
		return rec, nil
	}
	rec.VersionAfter = doc.Version
	if actions, ok := h.sent[docKey{doc.Type, doc.ID}]; ok && ch.kind == ResourceUpdated {
		var err error
		rec.Actions, err = withoutPrivate(actions, historyTypes[doc.Type])
		return rec, err
	}
	diff, err := mergePatch(ch.before, doc.Data, historyTypes[doc.Type])
	rec.Diff = diff
	return rec, err
}
