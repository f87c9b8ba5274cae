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
	procura.TypeCartDiscount: nil, procura.TypeDiscountGroup: nil, procura.TypeDiscountCode: nil, procura.TypeCart: nil, procura.TypeOrder: nil,
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

// historyLog is what one write transaction's change history needs beside its record of writes
// (recorder.go): the request, the update actions it sent, the project's settings it changed, and
// the companies of the units it touched.
type historyLog struct {
	l       *lookup
	caller  Caller
	sent    map[docKey][]json.RawMessage // the update actions the request sent, by resource
	project *historyChange               // the project's settings, which are no document
	notes   []*historyChange             // acts that change no document (customer_support.go)
	company map[string]string            // unit key → its top-level unit
}

// historyChange is what the transaction did to one resource.
type historyChange struct {
	kind          string
	doc           store.Doc // the indexed columns after the change (before it, for a deletion)
	first, last   *docWrite // its first and last write (nil for the project's settings)
	versionBefore int64
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

// projectUpdated records an update of the project's settings.
func (h *historyLog) projectUpdated(p *procura.Project, u procura.Update) error {
	doc := store.Doc{Type: typeProject, ID: p.Key, Key: p.Key, Version: p.Version}
	h.sent[docKey{doc.Type, doc.ID}] = u.Actions
	h.project = &historyChange{kind: ResourceUpdated, doc: doc, versionBefore: p.Version - 1}
	return nil
}

// changes merges the transaction's writes (in order) into one change per resource the history
// records, in the order of their first write: a resource created and deleted in one transaction
// leaves none.
func (h *historyLog) changes(writes []docWrite) []*historyChange {
	var out []*historyChange
	byKey := map[docKey]*historyChange{}
	for i := range writes {
		w := &writes[i]
		if _, ok := historyTypes[w.doc.Type]; !ok {
			continue
		}
		k := docKey{w.doc.Type, w.doc.ID}
		ch := byKey[k]
		switch {
		case ch == nil:
			ch = &historyChange{kind: w.change, first: w, versionBefore: w.expected}
			byKey[k] = ch
			out = append(out, ch)
		case w.change == ResourceDeleted && ch.kind == ResourceCreated:
			ch.kind = "" // nothing to record
		case w.change == ResourceDeleted:
			ch.kind = w.change
		case ch.kind == ResourceDeleted:
			ch.kind = ResourceUpdated // deleted, then made again
		case ch.kind == "":
			ch.kind = w.change // created, deleted, then created again
		}
		ch.doc, ch.last = w.doc, w
	}
	if h.project != nil {
		out = append(out, h.project)
	}
	return append(out, h.notes...)
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

// records makes the records of the transaction's changes (rec).
func (h *historyLog) records(a *App, rec *recorder) ([]store.HistoryRecord, error) {
	changes := h.changes(rec.writes)
	if len(changes) == 0 {
		return nil, nil
	}
	now := a.Now()
	records := make([]store.HistoryRecord, 0, len(changes))
	for _, ch := range changes {
		if ch.kind == "" {
			continue
		}
		if err := h.unitOf(ch.doc); err != nil {
			return nil, err
		}
		r, err := h.record(ch, rec.by)
		if err != nil {
			return nil, err
		}
		r.ID, r.CreatedAt = a.NewID(), procura.FormatTime(now)
		data, err := r.encode()
		if err != nil {
			return nil, err
		}
		unit, _ := docUnit(ch.doc)
		records = append(records, store.HistoryRecord{ID: r.ID, At: now, ResourceType: ch.doc.Type, ResourceID: ch.doc.ID,
			Actor: rec.actor, Unit: unit, Company: h.company[unit], Data: data})
	}
	return records, nil
}

// encode is the record's JSON. Its diff, often a whole resource, is added as it is: the encoder
// would read it again to check it.
func (r *HistoryRecord) encode() ([]byte, error) {
	rest := *r
	rest.Diff = nil
	out, err := json.Marshal(rest)
	if err != nil || r.Diff == nil {
		return out, err
	}
	return append(appendMember(append(out[:len(out)-1], ','), "diff", r.Diff), '}'), nil
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
func (h *historyLog) record(ch *historyChange, by *procura.ClientLogging) (*HistoryRecord, error) {
	doc := ch.doc
	rec := &HistoryRecord{Resource: procura.Reference{TypeID: doc.Type, ID: doc.ID}, ResourceKey: doc.Key, Change: ch.kind,
		CreatedBy: *by, RequestID: h.caller.RequestID, ClientAddress: h.caller.ClientAddress}
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
	diff, err := mergePatch(ch.first, ch.last, historyTypes[doc.Type])
	rec.Diff = diff
	return rec, err
}
