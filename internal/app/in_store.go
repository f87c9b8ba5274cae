package app

import (
	"encoding/json"
	"strconv"

	"github.com/procura/procura"
	"github.com/procura/procura/internal/store"
)

// In-store paths (/in-store/key={store}/…): the caller's Store narrows what the use cases reach
// to what is in that store (decision 0023).

// customerInStore refuses, as not found under the name r, a customer the in-store path's store
// does not reach: a store-specific customer of other stores.
func customerInStore(c Caller, cu *procura.Customer, r Ref) error {
	if c.Store == "" || cu.InStore(c.Store) {
		return nil
	}
	return procura.NotFound(r.String())
}

// signInAt admits the customers who may sign in where store says ("" for the global
// endpoints): a global customer everywhere, a store-specific one only in the in-store endpoints
// of their stores, as in the reference.
func signInAt(store string) func(*procura.Customer) bool {
	return func(cu *procura.Customer) bool {
		if store == "" {
			return len(cu.Stores) == 0
		}
		return cu.InStore(store)
	}
}

// inStoreDraft gives a customer created in-store without stores the path's store.
func inStoreDraft(c Caller, d procura.CustomerDraft) procura.CustomerDraft {
	if c.Store != "" && len(d.Stores) == 0 {
		d.Stores = []procura.ResourceIdentifier{{TypeID: procura.TypeStore, Key: c.Store}}
	}
	return d
}

// checkInStoreCustomer refuses a customer created in-store with a store other than the path's.
func checkInStoreCustomer(c Caller, cu *procura.Customer) error {
	for i, s := range cu.Stores {
		if c.Store != "" && s.Key != c.Store {
			return procura.InvalidInput("A customer created in the store '%s' belongs to that store only: stores[%d] names the store '%s'.", c.Store, i, s.Key)
		}
	}
	return nil
}

// storeActions are the customer update actions that change the customer's stores: refused on
// in-store paths, where a store's client would move a customer into stores it does not reach.
var storeActions = []string{"addStore", "removeStore", "setStores"}

// checkInStoreAction refuses the store actions on an in-store path.
func checkInStoreAction(c Caller, action string) error {
	if c.Store != "" && contains(storeActions, action) {
		return procura.InvalidOperation("'%s' changes the stores of a customer: use the general endpoint /customers, not an in-store path.", action)
	}
	return nil
}

// inStoreWhere is the query condition of the customers the store reaches.
func inStoreWhere(store string) string {
	return "stores is empty or stores(key = " + strconv.Quote(store) + ")"
}

// storeTypes are the resources that belong to a store (their field store, carried from the cart
// to its order, quote request, staged quote and quote); in-store, only those
// of the path's store are found.
var storeTypes = []string{procura.TypeCart, procura.TypeOrder, procura.TypeQuoteRequest, procura.TypeStagedQuote, procura.TypeQuote,
	procura.TypeShoppingList}

// docInStore refuses, as not found under the name r, a stored resource of storeTypes of another
// store (or of none) on an in-store path.
func docInStore(storeKey, typ string, doc *store.Doc, r Ref) error {
	if storeKey == "" || !contains(storeTypes, typ) {
		return nil
	}
	var v struct {
		Store *procura.KeyReference `json:"store"`
	}
	if err := json.Unmarshal(doc.Data, &v); err != nil {
		return err
	}
	return storeIs(storeKey, v.Store, r)
}

// storeIs refuses, as not found under the name r, a resource of store ref (nil: none) on an
// in-store path of another store.
func storeIs(storeKey string, ref *procura.KeyReference, r Ref) error {
	if storeKey != "" && (ref == nil || ref.Key != storeKey) {
		return procura.NotFound(r.String())
	}
	return nil
}

// inStoreQuery narrows a query of one of storeTypes to the path's store.
func inStoreQuery(c Caller, q Query) Query {
	return narrowed(c, q, "store(key = "+strconv.Quote(c.Store)+")")
}

// narrowed adds cond to the query's predicates on an in-store path.
func narrowed(c Caller, q Query, cond string) Query {
	if c.Store != "" {
		return q.narrow(cond)
	}
	return q
}

// inStoreCart gives a cart created in-store the path's store; a draft there may name no other.
func inStoreCart(c Caller, d *procura.CartDraft) {
	if c.Store != "" && d.Store == nil {
		d.Store = &procura.ResourceIdentifier{TypeID: procura.TypeStore, Key: c.Store}
	}
}

// checkInStoreCart refuses a cart created in-store in another store than the path's.
func checkInStoreCart(c Caller, cart *procura.Cart) error {
	if c.Store != "" && (cart.Store == nil || cart.Store.Key != c.Store) {
		return procura.InvalidInput("A cart created in the store '%s' belongs to that store: store names another.", c.Store)
	}
	return nil
}

// unitInStore refuses, as not found under the name r, a business unit (read with its derived
// fields) whose stores, own or inherited, do not include the in-store path's store.
func unitInStore(storeKey string, u *procura.BusinessUnit, r Ref) error {
	if storeKey == "" {
		return nil
	}
	stores := u.Stores
	if u.StoreMode != procura.ModeExplicit {
		stores = u.InheritedStores
	}
	for _, s := range stores {
		if s.Key == storeKey {
			return nil
		}
	}
	return procura.NotFound(r.String())
}

// inStoreUnit gives a business unit created in-store with stores of its own (a Company, or a
// Division with storeMode Explicit) and none named the path's store.
func inStoreUnit(c Caller, d procura.BusinessUnitDraft) procura.BusinessUnitDraft {
	own := d.UnitType == procura.UnitTypeCompany || d.StoreMode == procura.ModeExplicit
	if c.Store != "" && own && len(d.Stores) == 0 {
		d.Stores = []procura.ResourceIdentifier{{TypeID: procura.TypeStore, Key: c.Store}}
	}
	return d
}

// inStoreUnitWhere is the query condition of the business units in the store.
func inStoreUnitWhere(store string) string {
	k := strconv.Quote(store)
	return "stores(key = " + k + ") or inheritedStores(key = " + k + ")"
}
