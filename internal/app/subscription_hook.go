package app

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// EnqueueDeliveries is the WriteHook of subscriptions: inside the write's transaction, it adds
// to the outbox one delivery per message or change and per subscription that selects it, so
// that a change and its deliveries commit together (decision 0037). It reads the project's
// subscriptions from the node's copy while their generation holds, which the write's events read
// as they were stored (no round trip of its own).
func (a *App) EnqueueDeliveries(tx store.Tx, projectID string, w Written) error {
	if len(w.Messages) == 0 && len(w.Changes) == 0 {
		return nil
	}
	subs, err := a.projectSubscriptions(tx, projectID, w.subscriptions, w.keep)
	if err != nil || len(subs.list) == 0 {
		return err
	}
	now := a.Now()
	var out []store.Delivery
	add := func(s *procura.Subscription, id, typeID, resourceID string, seq int64, payload []byte) {
		out = append(out, store.Delivery{ID: id, ProjectID: projectID, SubscriptionID: s.ID, ResourceTypeID: typeID,
			ResourceID: resourceID, ResourceSeq: seq, Payload: payload, DueAt: now})
	}
	for _, s := range subs.list {
		for _, m := range w.Messages {
			if !s.Selects(m.ResourceTypeID, m.Type) {
				continue
			}
			id, payload, err := messagePayload(s.Format, subs.projectKey, m)
			if err != nil {
				return err
			}
			add(s, id, m.ResourceTypeID, m.ResourceID, m.SequenceNumber, payload)
		}
		for _, c := range w.Changes {
			if !s.Follows(c.ResourceTypeID) {
				continue
			}
			id := a.NewID()
			payload, err := changePayload(s.Format, subs.projectKey, id, c, now)
			if err != nil {
				return err
			}
			add(s, id, c.ResourceTypeID, c.ResourceID, c.Version, payload)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return tx.EnqueueDeliveries(out)
}

// cachedSubscriptions are a project's subscriptions at a generation, with the project's key
// (their payloads name it).
type cachedSubscriptions struct {
	generation int64
	projectKey string
	list       []*procura.Subscription
}

// projectSubscriptions returns the project's subscriptions at their generation: seen, when the
// transaction has read it already, else read now. What it read becomes the node's copy through
// keep, once the transaction has committed: a write may read subscriptions another write of its
// SQLite batch changed, and a batch may run again (decision 0070). A nil keep keeps nothing.
func (a *App) projectSubscriptions(tx store.Tx, projectID string, seen seenGeneration, keep func(func())) (cachedSubscriptions, error) {
	d := tx.Docs(projectID)
	g, err := seen.version, error(nil)
	if !seen.seen {
		g, err = generation(d, subscriptionGeneration)
	}
	if err != nil {
		return cachedSubscriptions{}, err
	}
	if c, ok := a.caches.subscriptions.Load(projectID); ok && c.(cachedSubscriptions).generation == g {
		return c.(cachedSubscriptions), nil
	}
	c := cachedSubscriptions{generation: g}
	if c.projectKey, err = a.projectKey(tx, projectID, keep); err != nil {
		return c, err
	}
	docs, err := d.List(procura.TypeSubscription)
	if err != nil {
		return c, err
	}
	for _, doc := range docs {
		s, err := subscriptionKind.decoded(nil, doc) // with its secret, for the senders
		if err != nil {
			return c, err
		}
		c.list = append(c.list, &s.Subscription)
	}
	if keep != nil {
		keep(func() { a.caches.subscriptions.Store(projectID, c) })
	}
	return c, nil
}

// projectKey returns the key of the project with id: from the keys this node has resolved
// (a write has resolved its own), else from the store, the keys then kept through keep.
func (a *App) projectKey(tx store.Tx, id string, keep func(func())) (string, error) {
	var key string
	a.projectIDs.Range(func(k, v any) bool {
		if v.(string) == id {
			key = k.(string)
		}
		return key == ""
	})
	if key != "" {
		return key, nil
	}
	keys, err := tx.ProjectKeys()
	if err != nil {
		return "", err
	}
	for _, k := range keys {
		p, err := tx.ProjectByKey(k)
		if err != nil {
			return "", err
		}
		if keep != nil {
			keep(func() { a.projectIDs.Store(k, p.ID) })
		}
		if p.ID == id {
			return k, nil
		}
	}
	return "", store.ErrNotFound
}

// messagePayload is the delivery of a message: the message with notificationType "Message" and
// the project's key (the reference's MessageDeliveryPayload), or that in a CloudEvent. Its id
// is the message's.
func messagePayload(f procura.DeliveryFormat, projectKey string, m WrittenMessage) (string, []byte, error) {
	var envelope struct {
		ID        string `json:"id"`
		CreatedAt string `json:"createdAt"`
	}
	if err := json.Unmarshal(m.JSON, &envelope); err != nil {
		return "", nil, err
	}
	body, err := withField(m.JSON, "notificationType", []byte(`"Message"`))
	if err == nil {
		body, err = withField(body, "projectKey", quoted(projectKey))
	}
	if err != nil {
		return "", nil, err
	}
	if f.Type != "CloudEvents" {
		return envelope.ID, body, nil
	}
	payload, err := cloudEvent(envelope.ID, projectKey, m.ResourceTypeID+".message."+m.Type, m.ResourceTypeID, m.ResourceID,
		envelope.CreatedAt, m.SequenceNumber, "/"+projectKey+"/messages/"+envelope.ID, body)
	return envelope.ID, payload, err
}

// changePayload is the notification of a resource's creation, update or deletion (the
// reference's Resource…DeliveryPayload), or that in a CloudEvent.
func changePayload(f procura.DeliveryFormat, projectKey, id string, c ResourceChange, now time.Time) ([]byte, error) {
	var res struct {
		Key            string `json:"key"`
		LastModifiedAt string `json:"lastModifiedAt"`
	}
	_ = json.Unmarshal(c.JSON, &res) // a resource without these fields still has its notification
	if res.LastModifiedAt == "" {
		res.LastModifiedAt = procura.FormatTime(now)
	}
	p := map[string]any{"notificationType": c.Kind, "projectKey": projectKey,
		"resource": procura.Reference{TypeID: c.ResourceTypeID, ID: c.ResourceID}, "version": c.Version, "modifiedAt": res.LastModifiedAt}
	if res.Key != "" {
		p["resourceUserProvidedIdentifiers"] = map[string]string{"key": res.Key}
	}
	if c.Kind == ResourceUpdated {
		p["oldVersion"] = c.Version - 1
	}
	body, err := json.Marshal(p)
	if err != nil || f.Type != "CloudEvents" {
		return body, err
	}
	return cloudEvent(id, projectKey, c.ResourceTypeID+".change."+c.Kind, c.ResourceTypeID, c.ResourceID, res.LastModifiedAt, c.Version, "", body)
}

// cloudEvent wraps a payload in a CloudEvent of version 1.0, as the reference's
// CloudEventsPayload: its type "com.commercetools.<resource type>.<message|change>.<type>",
// its source the project's resource type, its subject the resource's id, its sequence the
// message's sequence number (or the resource's version).
func cloudEvent(id, projectKey, typ, resourceTypeID, resourceID, at string, seq int64, dataref string, data []byte) ([]byte, error) {
	e := map[string]any{"specversion": "1.0", "id": id, "type": "com.commercetools." + typ,
		"source": "/" + projectKey + "/" + resourceTypeID, "subject": resourceID, "time": at,
		"sequence": strconv.FormatInt(seq, 10), "sequencetype": "Integer", "data": json.RawMessage(data)}
	if dataref != "" {
		e["dataref"] = dataref
	}
	return json.Marshal(e)
}

func quoted(s string) []byte {
	b, _ := json.Marshal(s)
	return b
}
