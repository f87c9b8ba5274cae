package app

import (
	"strconv"

	"github.com/procura/procura"
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
