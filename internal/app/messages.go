package app

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Once a write transaction's use case succeeded, messages turns what it wrote (recorder.go) into
// messages (message_rules.go) and numbers them per resource; they are stored with the history's
// records and the write hooks (written.go) are told, all in the same transaction (events): a
// change that rolls back leaves no message.

// events stores the history records and the messages of what the transaction of l wrote, and
// tells the write hooks.
func (a *App) events(l *lookup) error {
	records, err := l.history.records(a, l.rec)
	if err != nil {
		return err
	}
	w, rows, err := a.messages(l, l.rec.writes, l.rec.by)
	if err != nil {
		return err
	}
	if len(records) > 0 || len(rows) > 0 {
		g, err := l.tx.AddEvents(l.projectID, records, rows, subscriptionGeneration)
		if err != nil {
			return err
		}
		w.subscriptions = seenGeneration{version: g, seen: true}
	}
	w.keep = l.keepOnCommit
	if len(l.rec.writes) == 0 && len(l.rec.said) == 0 {
		return nil
	}
	for _, hook := range a.WriteHooks {
		if err := hook(l.tx, l.projectID, w); err != nil {
			return err
		}
	}
	return nil
}

// messages makes the messages of what a transaction wrote (writes, in order, by whom), then those
// its use case said, and what the write hooks are told of it.
func (a *App) messages(l *lookup, writes []docWrite, by *procura.ClientLogging) (Written, []store.Message, error) {
	ms := messageRows{a: a, l: l, by: by, next: map[string]int64{}, now: procura.FormatTime(a.Now())}
	for i := range writes {
		dw := &writes[i]
		made, err := messagesOf(l, dw)
		if err == nil {
			err = ms.add(dw, made)
		}
		if err != nil {
			return ms.w, nil, err
		}
		if len(a.WriteHooks) > 0 {
			change, err := changeOf(l, dw)
			if err != nil {
				return ms.w, nil, err
			}
			ms.w.Changes = append(ms.w.Changes, change)
		}
	}
	for _, said := range l.rec.said {
		dw := &docWrite{change: ResourceUpdated, doc: said.doc, expected: said.doc.Version, before: said.doc.Data, after: said.doc.Data}
		if err := ms.add(dw, []made{{typ: said.typ, payload: said.payload}}); err != nil {
			return ms.w, nil, err
		}
	}
	return ms.w, ms.rows, nil
}

// messageRows are a transaction's messages as they are numbered and stored.
type messageRows struct {
	a    *App
	l    *lookup
	by   *procura.ClientLogging
	now  string
	next map[string]int64 // the next sequence number of each resource
	w    Written
	rows []store.Message
}

// add numbers the messages made of one written (or said) resource and keeps them.
func (ms *messageRows) add(dw *docWrite, made []made) error {
	if _, ok := ms.next[dw.doc.ID]; !ok && len(made) > 0 {
		first, err := firstNumber(ms.l, dw)
		if err != nil {
			return err
		}
		ms.next[dw.doc.ID] = first
	}
	for _, m := range made {
		m.seq = ms.next[dw.doc.ID]
		ms.next[dw.doc.ID]++
		row, err := ms.a.message(dw, m, ms.by, ms.now)
		if err != nil {
			return err
		}
		ms.rows = append(ms.rows, row)
		ms.w.Messages = append(ms.w.Messages, WrittenMessage{ResourceTypeID: dw.doc.Type, ResourceID: dw.doc.ID,
			SequenceNumber: row.SequenceNumber, Type: row.Type, JSON: row.Data})
	}
	return nil
}

// firstNumber is the sequence number of the transaction's first message of dw's resource: 1 for
// a resource it created, else one more than the highest stored. That is read after the
// resource's own write, which holds back its other writers until this transaction ends.
func firstNumber(l *lookup, dw *docWrite) (int64, error) {
	if dw.change == ResourceCreated {
		return 1, nil
	}
	last, err := l.tx.Messages(l.projectID).LastSequence(dw.doc.ID)
	return last + 1, err
}

// made is one message of a change before it is numbered: its type and payload fields.
type made struct {
	typ     string
	payload map[string]json.RawMessage
	seq     int64
}

// messagesOf makes the messages of one document written.
func messagesOf(l *lookup, dw *docWrite) ([]made, error) {
	k, ok := messageKinds[dw.doc.Type]
	if !ok {
		return nil, nil
	}
	before, after := k.withDerived(l, dw.before, dw.beforeFields()), k.withDerived(l, dw.after, dw.afterFields())
	var none [2]json.RawMessage // no list element
	switch {
	case dw.change == ResourceCreated:
		var out []made
		if k.created != nil {
			out = append(out, made{typ: k.prefix + "Created", payload: payload(k.created, change{after: after}, none)})
		} else if k.resource != "" {
			shown, err := shownResource(l, dw, dw.after)
			if err != nil {
				return nil, err
			}
			out = append(out, made{typ: k.prefix + "Created", payload: map[string]json.RawMessage{k.resource: shown}})
		}
		return append(out, ruleMessages(k.onCreation, change{after: after, facts: l.rec.facts})...), nil
	case dw.change == ResourceDeleted && k.deleted != nil:
		return []made{{typ: k.prefix + "Deleted", payload: payload(k.deleted, change{before: before}, none)}}, nil
	case dw.change == ResourceUpdated:
		return ruleMessages(k.rules, change{before, after, nil, l.rec.facts}), nil
	}
	return nil, nil
}

// change is the change of a resource, or of an element of one of its lists, that rules read.
type change struct {
	before, after map[string]json.RawMessage // the fields of the resource or element
	parent        map[string]json.RawMessage // of an element: the fields of what holds it, after the change
	facts         map[string]bool            // noted by the transaction (recorder.note)
}

// ruleMessages makes the messages of the rules that a change meets.
func ruleMessages(rules []messageRule, ch change) []made {
	before, after := ch.before, ch.after
	var out []made
	for _, r := range rules {
		was, is := fieldAt(before, r.field), fieldAt(after, r.field)
		if bytes.Equal(was, is) || !meets(r.from, was) || !meets(r.to, is) || !holds(r.when, before, after) {
			continue
		}
		switch {
		case r.within != nil:
			for _, p := range listChanges(messageRule{list: "changed", key: r.key}, asList(was), asList(is)) {
				out = append(out, ruleMessages(r.within, change{fields(p[0]), fields(p[1]), after, ch.facts})...)
			}
		case r.list == "":
			pay := payload(r.pay, ch, [2]json.RawMessage{})
			if r.computed != nil && !r.computed(before, after, pay) {
				continue
			}
			out = append(out, made{typ: r.msg, payload: pay})
		default:
			for _, p := range listChanges(r, was, is) {
				out = append(out, made{typ: r.msg, payload: payload(r.pay, ch, p)})
			}
		}
	}
	return out
}

// holds reports whether a rule's further conditions hold of a change (see messageRule.when).
func holds(conds []string, before, after map[string]json.RawMessage) bool {
	for _, cond := range conds {
		verb, path, _ := strings.Cut(cond, " ")
		switch {
		case verb == "same" && !bytes.Equal(fieldAt(before, path), fieldAt(after, path)),
			verb == "changed" && bytes.Equal(fieldAt(before, path), fieldAt(after, path)):
			return false
		case verb != "same" && verb != "changed": // "path is JSON"
			_, value, _ := strings.Cut(path, " ")
			if jsonOf(fieldAt(after, verb)) != value {
				return false
			}
		}
	}
	return true
}

// meets reports whether a field's JSON meets a rule's condition: none (""), the JSON itself, or
// "!" and a JSON it is not ("null": absent).
func meets(cond string, raw json.RawMessage) bool {
	if not, ok := strings.CutPrefix(cond, "!"); ok {
		return jsonOf(raw) != not
	}
	return cond == "" || jsonOf(raw) == cond
}

// listChanges returns the elements of a list field that the rule reports, each as it was and as
// it is: those added (in is only), removed (in was only) or changed (in both, with another
// value). The key "*" takes an object's entries for the elements, each {"name", "value"}.
func listChanges(r messageRule, was, is json.RawMessage) [][2]json.RawMessage {
	key := r.key
	if key == "*" {
		was, is, key = entries(was), entries(is), "name"
	}
	index := func(raw json.RawMessage) ([]json.RawMessage, map[string]json.RawMessage) {
		var list []json.RawMessage
		_ = json.Unmarshal(raw, &list)
		byKey := make(map[string]json.RawMessage, len(list))
		for _, e := range list {
			byKey[string(at(e, key))] = e
		}
		return list, byKey
	}
	oldList, oldKeys := index(was)
	newList, newKeys := index(is)
	var out [][2]json.RawMessage
	if r.list == "removed" {
		for _, e := range oldList {
			if _, found := newKeys[string(at(e, key))]; !found {
				out = append(out, [2]json.RawMessage{e, nil})
			}
		}
		return out
	}
	for _, e := range newList {
		o, found := oldKeys[string(at(e, key))]
		if (r.list == "changed") == found && !(found && sameExcept(o, e, r.except)) {
			out = append(out, [2]json.RawMessage{o, e})
		}
	}
	return out
}

// sameExcept reports whether two list elements are alike, but for their fields except
// (comma-separated; "": none).
func sameExcept(a, b json.RawMessage, except string) bool {
	if bytes.Equal(a, b) || except == "" {
		return bytes.Equal(a, b)
	}
	fa, fb := fields(a), fields(b)
	for name := range strings.SplitSeq(except, ",") {
		delete(fa, name)
		delete(fb, name)
	}
	ja, _ := json.Marshal(fa)
	jb, _ := json.Marshal(fb)
	return bytes.Equal(ja, jb)
}

// listOf is the JSON list of the elements of a list field's changes, as they are (or were, when
// removed).
func listOf(changes [][2]json.RawMessage) json.RawMessage {
	list := make([]json.RawMessage, len(changes))
	for i, p := range changes {
		list[i] = current(p)
	}
	out, _ := json.Marshal(list)
	return out
}

// asList is a JSON list as it is, and an object as a list of it alone.
func asList(raw json.RawMessage) json.RawMessage {
	if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("{")) {
		return append(append(json.RawMessage("["), raw...), ']')
	}
	return raw
}

// current is a list element as it is, or was when it was removed.
func current(pair [2]json.RawMessage) json.RawMessage {
	if pair[1] == nil {
		return pair[0]
	}
	return pair[1]
}

// entries are the entries of a JSON object as a list of {"name", "value"}, by name.
func entries(raw json.RawMessage) json.RawMessage {
	m := fields(raw)
	list := make([]map[string]json.RawMessage, 0, len(m))
	for _, name := range slices.Sorted(maps.Keys(m)) {
		quoted, _ := json.Marshal(name)
		list = append(list, map[string]json.RawMessage{"name": quoted, "value": m[name]})
	}
	out, _ := json.Marshal(list)
	return out
}

// jsonOf is a value's JSON, "null" for one absent.
func jsonOf(raw json.RawMessage) string {
	if raw == nil {
		return "null"
	}
	return string(raw)
}

// at is the value at a dotted path in a JSON value ("" the value itself), nil when absent.
func at(raw json.RawMessage, path string) json.RawMessage {
	if path == "" {
		return raw
	}
	for _, name := range strings.Split(path, ".") {
		if i, err := strconv.Atoi(name); err == nil { // an element of a list
			var list []json.RawMessage
			_ = json.Unmarshal(raw, &list)
			raw = nil
			if i >= 0 && i < len(list) {
				raw = list[i]
			}
		} else {
			raw = fields(raw)[name]
		}
		if raw == nil {
			return nil
		}
	}
	return raw
}

// fieldAt is the value at a dotted path in a resource's fields, nil when absent.
func fieldAt(m map[string]json.RawMessage, path string) json.RawMessage {
	head, rest, _ := strings.Cut(path, ".")
	return at(m[head], rest)
}

// payload makes a message's payload from a rule's fields (see messageRule) of a change, and of a
// list's element as it was and is (pair).
func payload(specs []string, ch change, pair [2]json.RawMessage) map[string]json.RawMessage {
	before, after := ch.before, ch.after
	elem := current(pair)
	out := make(map[string]json.RawMessage, len(specs))
	for _, spec := range specs {
		name, path, named := strings.Cut(spec, "=")
		if !named {
			path = name
		}
		from := after
		switch {
		case strings.HasPrefix(path, "@"), strings.HasPrefix(path, "-@"):
			e := elem
			if path[0] == '-' {
				path, e = path[1:], pair[0]
			}
			if v := at(e, path[1:]); v != nil {
				out[name] = v
			}
			continue
		case strings.HasPrefix(path, "!"):
			fact, of, _ := strings.Cut(path[1:], ":")
			var id string
			_ = json.Unmarshal(fieldAt(after, of), &id)
			out[name], _ = json.Marshal(ch.facts[fact+" "+id])
			continue
		case strings.HasPrefix(path, "added:"), strings.HasPrefix(path, "removed:"), strings.HasPrefix(path, "changed:"):
			list, rest, _ := strings.Cut(path, ":")
			field, key, _ := strings.Cut(rest, ":")
			out[name] = listOf(listChanges(messageRule{list: list, key: key}, fieldAt(before, field), fieldAt(after, field)))
			continue
		case strings.HasPrefix(path, "#"):
			out[name] = json.RawMessage(path[1:])
			continue
		case strings.HasPrefix(path, "-"):
			path, from = path[1:], before
		case strings.HasPrefix(path, "^"):
			path, from = path[1:], ch.parent
		case path == "%":
			out[name] = addressRoles(before, after, elem)
			continue
		case strings.HasPrefix(path, "&"):
			id := after[path[1:]]
			if path == "&@" {
				id = elem
			}
			if v := addressWithID(before, after, id); v != nil {
				out[name] = v
			}
			continue
		}
		v := fieldAt(from, path)
		if path == "" {
			v, _ = json.Marshal(from)
		}
		if v != nil && string(v) != "null" {
			out[name] = v
		}
	}
	return out
}

// addressWithID returns the address of the resource whose id is the JSON string id, as it is
// after the change, or was before it when it was removed; nil for none.
func addressWithID(before, after map[string]json.RawMessage, id json.RawMessage) json.RawMessage {
	for _, state := range []map[string]json.RawMessage{after, before} {
		var list []json.RawMessage
		_ = json.Unmarshal(state["addresses"], &list)
		for _, a := range list {
			if id != nil && bytes.Equal(at(a, "id"), id) {
				return a
			}
		}
	}
	return nil
}

// addressRoles are the roles (AddressRole) of an address of the resource, as it is after the
// change, or was before it when it was removed.
func addressRoles(before, after map[string]json.RawMessage, address json.RawMessage) json.RawMessage {
	id := at(address, "id")
	state := after
	if addressWithID(nil, after, id) == nil {
		state = before
	}
	roles := []string{}
	for _, r := range [][2]string{{"billingAddressIds", "Billing"}, {"shippingAddressIds", "Shipping"},
		{"defaultBillingAddressId", "DefaultBilling"}, {"defaultShippingAddressId", "DefaultShipping"}} {
		var ids []json.RawMessage
		if json.Unmarshal(state[r[0]], &ids) != nil { // not a list: the default's id
			ids = []json.RawMessage{state[r[0]]}
		}
		for _, other := range ids {
			if id != nil && bytes.Equal(other, id) {
				roles = append(roles, r[1])
			}
		}
	}
	out, _ := json.Marshal(roles)
	return out
}

// shownResource is a resource's JSON as answers show it: with derived fields, without private
// ones.
func shownResource(l *lookup, dw *docWrite, data []byte) (json.RawMessage, error) {
	var show show
	if shows := answerShows[dw.doc.Type]; shows != nil {
		show = shows(l)
	}
	out, err := shown([]*store.Doc{{Type: dw.doc.Type, ID: dw.doc.ID, Version: dw.doc.Version, Data: data}}, show)
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// answerShows are the kinds whose stored JSON is not what answers show (derived or private
// fields), by type.
var answerShows = map[string]func(l *lookup) show{procura.TypeBusinessUnit: unitKind.show,
	procura.TypeCustomer: customerKind.show, procura.TypeApprovalFlow: flowKind.show, procura.TypeSubscription: subscriptionKind.show}

// changeOf is what the write hooks are told of one document written.
func changeOf(l *lookup, dw *docWrite) (ResourceChange, error) {
	data := dw.after
	if dw.change == ResourceDeleted {
		data = dw.before
	}
	shown, err := shownResource(l, dw, data)
	return ResourceChange{ResourceTypeID: dw.doc.Type, ResourceID: dw.doc.ID, Version: dw.doc.Version, Kind: dw.change, JSON: shown}, err
}

// message is the stored form of one message: the reference's envelope around its payload.
func (a *App) message(dw *docWrite, m made, by *procura.ClientLogging, now string) (store.Message, error) {
	res := dw.afterFields()
	if dw.after == nil {
		res = dw.beforeFields()
	}
	id := a.NewID()
	resource, err := json.Marshal(procura.Reference{TypeID: dw.doc.Type, ID: dw.doc.ID})
	if err != nil {
		return store.Message{}, err
	}
	env := map[string]json.RawMessage{"id": appendString(nil, id), "version": json.RawMessage("1"),
		"sequenceNumber": strconv.AppendInt(nil, m.seq, 10), "type": appendString(nil, m.typ), "resource": resource,
		"resourceVersion": strconv.AppendInt(nil, dw.doc.Version, 10), "createdAt": appendString(nil, now)}
	env["lastModifiedAt"] = env["createdAt"]
	if by != nil && (by.ClientID != "" || by.Customer != nil || by.Associate != nil || by.ExternalUserID != "") {
		if env["createdBy"], err = json.Marshal(by); err != nil {
			return store.Message{}, err
		}
		env["lastModifiedBy"] = env["createdBy"]
	}
	ids := map[string]json.RawMessage{}
	for _, name := range []string{"key", "externalId", "orderNumber", "customerNumber"} {
		if v, ok := res[name]; ok && string(v) != "null" {
			ids[name] = v
		}
	}
	if len(ids) > 0 {
		env["resourceUserProvidedIdentifiers"] = appendObject(nil, ids)
	}
	maps.Copy(env, m.payload)
	raw := appendObject(nil, env) // the payload as stored: no encoder reads it again
	return store.Message{ID: id, ResourceType: dw.doc.Type, ResourceID: dw.doc.ID, SequenceNumber: m.seq,
		Type: m.typ, CreatedAt: now, Data: raw}, nil
}
