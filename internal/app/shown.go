package app

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// Answers served as stored: a resource without derived fields is stored in the shape a response
// holds, so reading one decodes nothing. Whether the caller may view it is decided on the columns
// of its row (its unit and its owner, written from the same fields at every save), and its JSON is
// answered as it was read.

// viewRights names each resource served as stored, with the right to view it; the zero Right
// marks a resource only the seller reads.
var viewRights = map[string]procura.Right{
	procura.TypeCart:          procura.ViewCarts,
	procura.TypeOrder:         procura.ViewOrders,
	procura.TypeQuoteRequest:  procura.ViewQuoteRequests,
	procura.TypeQuote:         procura.ViewQuotes,
	procura.TypeShoppingList:  procura.ViewShoppingLists,
	procura.TypeStagedQuote:   {},
	procura.TypeAssociateRole: {},
	procura.TypeStore:         {},
}

// Show returns the stored JSON of the resource of typ that r names, if who may view it.
func (a *App) Show(ctx context.Context, c Caller, who Acting, typ string, r Ref) (json.RawMessage, error) {
	right, ok := viewRights[typ]
	if !ok {
		return nil, fmt.Errorf("show: %s is not served as stored", typ)
	}
	var out json.RawMessage
	err := a.viewing(ctx, c, who, func(l *lookup, x *access) error {
		if right == (procura.Right{}) && !x.seller() {
			return procura.NotFound(r.String())
		}
		doc, err := x.loadDoc(l, typ, right, r)
		if err == nil {
			out = doc.Data
		}
		return err
	})
	return out, err
}

// shownAs is Show decoded, for the use cases' callers that want the resource itself.
func shownAs[T any](ctx context.Context, a *App, c Caller, who Acting, typ string, r Ref) (*T, error) {
	raw, err := a.Show(ctx, c, who, typ, r)
	if err != nil {
		return nil, err
	}
	v := new(T)
	return v, json.Unmarshal(raw, v)
}

// loadDoc reads the stored document r names once the caller may perform right on it: the one
// decision for every buyer resource, whether it is then decoded or not.
func (x *access) loadDoc(l *lookup, typ string, right procura.Right, r Ref) (*store.Doc, error) {
	doc, err := getDoc(l.docs, typ, r)
	if err != nil {
		return nil, err
	}
	if err := docInStore(x.store, typ, doc, r); err != nil {
		return nil, err
	}
	return doc, x.checkLoaded(right, doc.Parent, doc.Owner, r)
}
